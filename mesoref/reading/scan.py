"""What the data layers hold right now: every YAML file with its kind and fingerprint, every
folder, and the problems of the walk itself (missing layers, unknown folders, unreadable
paths).  Scanning only stats; reading files is the index builder's job.

The walk is iterative and stops at `MAX_DEPTH` folders, so no folder tree can exhaust the
stack; file and folder names that are not valid UTF-8 are kept exactly (as surrogate escapes)
and shown inert.  Standard library only.
"""

from __future__ import annotations

import os
import stat

from mesoref.launch.fresh import Fingerprint, of_stat
from mesoref.launch.grammar import closest
from mesoref.launch.inert import inert_field
from mesoref.model.kinds import KIND_OF_FOLDER
from mesoref.model.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.reading.layers import Layer

YAML_SUFFIXES = (".yaml", ".yml")
MAX_DEPTH = 8  # folders below a kind folder
MAX_FILES = 200_000


class FileEntry:
    """One data file as found on disk; `path` is absolute, `display` is how it is shown.

    `display` and `stem` are worked out when first asked for: a page whose index is fresh
    never asks, and making 700 names inert costs 0.3 ms of its first view."""

    __slots__ = ("_base", "_cut", "fingerprint", "kind", "layer", "path")

    def __init__(
        self, path: str, base: str, cut: int, layer: int, kind: str, fingerprint: Fingerprint
    ) -> None:
        self.path = path
        self._base = base  # the layer as displayed; path[cut:] is the file within the layer
        self._cut = cut
        self.layer = layer
        self.kind = kind
        self.fingerprint = fingerprint

    @property
    def display(self) -> str:
        return self._base + inert_field(self.path[self._cut :])

    @property
    def stem(self) -> str:
        """The file name without its suffix: the id the file must hold (an id never holds
        escapes, so an inert stem never matches one that does not)."""
        return inert_field(os.path.basename(self.path).rsplit(".", 1)[0])


class Scan:
    """The whole state of the layers, cheap to compute and to compare with the index.

    The walk keeps each file as a plain tuple; `files` makes `FileEntry` objects of them only
    when asked, which a page whose index is fresh never does."""

    __slots__ = ("_digest", "_entries", "_found", "dirs", "problems")

    def __init__(self) -> None:
        # path -> (fingerprint, layer position, kind, layer as displayed, length of its root)
        self._found: dict[str, tuple[Fingerprint, int, str, str, int]] = {}
        self._entries: dict[str, FileEntry] | None = None
        self.dirs: dict[str, Fingerprint] = {}  # folder path -> fingerprint (None: absent)
        self.problems: list[Problem] = []
        self._digest: str | None = None

    @property
    def files(self) -> dict[str, FileEntry]:
        if self._entries is None:
            self._entries = {
                path: FileEntry(path, base, cut, layer, kind, fingerprint)
                for path, (fingerprint, layer, kind, base, cut) in self._found.items()
            }
        return self._entries

    def digest(self) -> str:
        """One digest of every path and fingerprint: equal digests, the same files."""
        if self._digest is None:
            try:
                from _blake2 import blake2b
            except ImportError:  # pragma: no cover - other Python implementations
                from hashlib import blake2b

            import marshal

            material = marshal.dumps(self.dependencies())  # C speed, and exact
            self._digest = blake2b(material, digest_size=16).hexdigest()
        return self._digest

    def dependencies(self) -> tuple[tuple[str, Fingerprint], ...]:
        """Every file and folder, with its fingerprint: what any answer depends on."""
        return (
            *self.dirs.items(),
            *((path, found[0]) for path, found in self._found.items()),
        )


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _scan_kind_folder(top: str, layer: Layer, kind: str, scan: Scan) -> None:
    root = layer.root
    display_base = inert_field(layer.display.rstrip(os.sep) or os.sep)
    cut = len(root)
    position = layer.position
    found = scan._found
    pending = [(top, 0)]
    while pending:
        folder, depth = pending.pop()
        info = _stat(folder)
        scan.dirs[folder] = of_stat(info) if info else None
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)  # the same order on every file system
        except OSError as error:
            shown = display_base + inert_field(folder[cut:])
            scan.problems.append(Problem(shown, 1, 1, "E101", f"cannot read: {error.strerror}"))
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if name.endswith(YAML_SUFFIXES) and not is_dir:
                if len(found) >= MAX_FILES:
                    shown = display_base + inert_field(entry.path[cut:])
                    scan.problems.append(
                        Problem(shown, 1, 1, "W407", f"not read: more than {MAX_FILES} data files")
                    )
                    return
                try:  # a dangling symlink or a loop still becomes an entry: reading it says so
                    fingerprint: Fingerprint = of_stat(entry.stat())
                except OSError:
                    fingerprint = None
                found[entry.path] = (fingerprint, position, kind, display_base, cut)
                continue
            if name.endswith(YAML_SUFFIXES):
                shown = display_base + inert_field(entry.path[cut:])
                scan.problems.append(Problem(shown, 1, 1, "E101", "is a directory, not a file"))
                continue
            if not is_dir:
                continue
            if depth + 1 > MAX_DEPTH:
                shown = display_base + inert_field(entry.path[cut:])
                scan.problems.append(
                    Problem(shown, 1, 1, "W407", f"not read: deeper than {MAX_DEPTH} folders")
                )
            else:
                subfolders.append((entry.path, depth + 1))
        pending.extend(reversed(subfolders))


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _scan_layer(layer: Layer, scan: Scan) -> None:
    root = layer.root
    info = _stat(root)
    if info is None or not stat.S_ISDIR(info.st_mode):
        why = "is not a directory" if info is not None else "does not exist"
        scan.problems.append(
            Problem(inert_field(layer.display), 1, 1, "E305", f"data directory {why}")
        )
        scan.dirs[root] = of_stat(info) if info else None  # so that its creation is noticed
        return
    scan.dirs[root] = of_stat(info)
    try:
        top = sorted(os.listdir(root))
    except OSError as error:
        scan.problems.append(
            Problem(inert_field(layer.display), 1, 1, "E101", f"cannot read: {error.strerror}")
        )
        return
    kinds_found = 0
    loose: list[str] = []  # data files at the top, where no kind folder says their kind
    for name in top:
        if name.startswith("."):
            continue
        path = os.path.join(root, name)
        display = inert_field(os.path.join(layer.display, name))
        kind = KIND_OF_FOLDER.get(name)
        entry = _stat(path)
        is_dir = entry is not None and stat.S_ISDIR(entry.st_mode)
        if kind is None:
            if not (is_dir or name.endswith(YAML_SUFFIXES)):
                continue
            if not is_dir:
                loose.append(name)
                scan.problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "W407",
                        "not read: a data file belongs in a kind folder (topics/, risks/, ...)",
                    )
                )
                continue
            near = closest(name, list(KIND_OF_FOLDER))
            hint = f"; did you mean {near!r}?" if near else ""
            folders = ", ".join(KIND_OF_FOLDER)
            scan.problems.append(
                Problem(display, 1, 1, "W407", f"not read: not one of {folders}{hint}")
            )
            continue
        if not is_dir:
            scan.problems.append(Problem(display, 1, 1, "W407", "not read: expected a folder"))
            continue
        kinds_found += 1
        _scan_kind_folder(path, layer, kind, scan)
    if (
        not kinds_found
        and layer.origin != "built-in"
        and (loose or layer.origin != "XDG_DATA_HOME")
    ):
        scan.problems.append(
            Problem(inert_field(layer.display), 1, 1, "E306", _nothing_read(layer, loose))
        )


def _nothing_read(layer: Layer, loose: list[str]) -> str:
    """Why a layer gives nothing, and where its files belong."""
    shown = layer.display.rstrip(os.sep) or os.sep
    name = os.path.basename(layer.root.rstrip(os.sep))
    if name in KIND_OF_FOLDER:
        parent = os.path.dirname(shown) or "."
        return (
            f"nothing is read: this is a {KIND_OF_FOLDER[name]} folder, not a data directory; "
            f"give its parent instead (--data-dir {parent})"
        )
    folders = ", ".join(f"{f}/" for f in KIND_OF_FOLDER)
    found = f"{len(loose)} data file(s) at its top are not read; " if loose else "it is empty; "
    return (
        f"nothing is read: {found}put topic files in {shown}/topics/, risk files in "
        f"{shown}/risks/, and so on (the folders: {folders})"
    )


def scan_layers(layers: Sequence[Layer]) -> Scan:
    """Scan every layer in order."""
    scan = Scan()
    for layer in layers:
        _scan_layer(layer, scan)
    return scan
