"""What the data layers hold right now: every YAML file with its kind and stat, every folder,
and the problems of the walk itself (missing layers, unknown folders, unreadable paths).

Scanning only stats files; reading them is the index's job, and only for files that changed.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from mesoref.layers import Layer
from mesoref.problems import Problem
from mesoref.schema import KIND_BY_FOLDER

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class FileEntry:
    """One data file as found on disk; `path` is absolute, `display` is how it is shown."""

    path: str
    display: str
    layer: int
    kind: str
    stem: str
    mtime_ns: int
    size: int


@dataclass(slots=True)
class Scan:
    """The whole state of the layers, cheap to compute and to compare with the index."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    dirs: dict[str, int] = field(default_factory=dict)  # folder path -> mtime_ns
    problems: list[Problem] = field(default_factory=list)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _scan_layer(layer: Layer, scan: Scan) -> None:
    root = str(layer.root)
    info = _stat(root)
    if info is None or not os.path.isdir(root):
        why = "is not a directory" if info is not None else "does not exist"
        scan.problems.append(Problem(layer.display_root, 1, 1, "E305", f"data directory {why}"))
        scan.dirs[root] = -1  # remembered as absent, so its creation is noticed
        return
    scan.dirs[root] = info.st_mtime_ns
    display_base = layer.display_root.rstrip(os.sep) or os.sep
    try:
        top = sorted(os.listdir(root))
    except OSError as error:
        scan.problems.append(Problem(layer.display_root, 1, 1, "E101", f"cannot read: {error}"))
        return
    for name in top:
        path = os.path.join(root, name)
        display = os.path.join(layer.display_root, name)
        kind = KIND_BY_FOLDER.get(name)
        if kind is None:
            if name.startswith(".") or not (os.path.isdir(path) or name.endswith(YAML_SUFFIXES)):
                continue
            close = difflib.get_close_matches(name, list(KIND_BY_FOLDER), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            folders = ", ".join(KIND_BY_FOLDER)
            scan.problems.append(
                Problem(display, 1, 1, "W407", f"not read: not one of {folders}{hint}")
            )
            continue
        if not os.path.isdir(path):
            scan.problems.append(Problem(display, 1, 1, "W407", "not read: expected a folder"))
            continue

        def unreadable(error: OSError) -> None:
            shown = os.path.join(layer.display_root, os.path.relpath(str(error.filename), root))
            scan.problems.append(Problem(shown, 1, 1, "E101", f"cannot read: {error.strerror}"))

        for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable):
            info = _stat(dirpath)
            scan.dirs[dirpath] = info.st_mtime_ns if info else -1
            dirnames.sort()
            for dirname in [d for d in dirnames if d.endswith(YAML_SUFFIXES)]:
                dirnames.remove(dirname)
                shown = os.path.join(
                    layer.display_root, os.path.relpath(os.path.join(dirpath, dirname), root)
                )
                scan.problems.append(Problem(shown, 1, 1, "E101", "is a directory, not a file"))
            for filename in sorted(filenames):
                if not filename.endswith(YAML_SUFFIXES) or filename.startswith("."):
                    continue
                full = os.path.join(dirpath, filename)
                shown = display_base + full[len(root) :]  # os.path.relpath is 10x slower
                stat = _stat(full)
                # A dangling symlink or a symlink loop still becomes an entry, so that
                # reading it reports the problem at the file.
                scan.files[full] = FileEntry(
                    full,
                    shown,
                    layer.position,
                    kind.name,
                    filename.rsplit(".", 1)[0],
                    stat.st_mtime_ns if stat else -1,
                    stat.st_size if stat else -1,
                )


def scan_layers(layers: Sequence[Layer]) -> Scan:
    """Scan every layer in order."""
    scan = Scan()
    for layer in layers:
        _scan_layer(layer, scan)
    return scan
