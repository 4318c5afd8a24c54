"""What one run of mesoref holds: the chosen data layers, the output, the knowledge base
(opened on first use), and what the answer depended on."""

from __future__ import annotations

import os

from mesoref.cachedir import cache_dir, caching_disabled
from mesoref.index import open_index, terminal_progress
from mesoref.kb import KnowledgeBase
from mesoref.layers import discover, xdg_layer_dir
from mesoref.output import Output
from mesoref.pagecache import Dependency, dependency


class State:
    """Shared by every part of one run, whether it came through Typer or the dispatcher."""

    def __init__(self, output: Output | None = None) -> None:
        self.data_dirs: list[str] = []
        self.output = output or Output()
        self.cacheable = False  # set when a data command answered: its page may be kept
        self._kb: KnowledgeBase | None = None

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            layers = discover(self.data_dirs)
            directory = None if caching_disabled(os.environ) else cache_dir(os.environ)
            index = open_index(layers, directory, terminal_progress())
            self._kb = KnowledgeBase(index, layers)
            self.output.data_warnings(self._kb.problems)
        return self._kb

    def dependencies(self) -> list[Dependency]:
        """The files and folders this run's answer was built from, as they were read."""
        found = [dependency(xdg_layer_dir(os.environ), directory=True)]
        if self._kb is None:
            return found
        scan = self._kb.index.scan
        for path in self._kb.dependencies():
            entry = scan.files.get(path)
            found.append((path, entry.mtime_ns, entry.size) if entry else dependency(path))
        found.extend((path, mtime_ns, -1) for path, mtime_ns in scan.dirs.items())
        return found
