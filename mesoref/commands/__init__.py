"""One module per command: its `view` (what it shows, read from the knowledge base), its
`page` (blocks for the terminal), its `data` (the `--json` document) and, for lists, its
`rows` (`--plain`), side by side.  The command table in `mesoref.launch.grammar` names each
module; only the command that runs is imported."""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType


def load_module(name: str) -> ModuleType:
    """Import a command's module by its dotted name.  `importlib.import_module` would do, but
    importing `importlib` (and the `warnings` it imports) costs 0.45 ms on every first view."""
    __import__(name)
    return sys.modules[name]
