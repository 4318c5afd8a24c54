"""The knowledge base: every layer read, overlaid and cross-checked, with lookups by name."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from mesoref.errors import NotFound
from mesoref.layers import Layer
from mesoref.problems import Problem
from mesoref.schema import KIND_BY_FOLDER, KINDS, Kind, Record
from mesoref.validate import Loaded, validate_document
from mesoref.yamlsource import read_file

R = TypeVar("R")

NAMED_KINDS = ("topic", "risk", "contraindication", "substance", "term")
# Kinds whose records exist to be referenced: one that nothing refers to is an orphan.
REFERENCED_KINDS = ("source", "risk", "substance", "contraindication")
_SEPARATORS = re.compile("[\\s_\\-/\u2013\u2014]+")  # spaces, _, -, /, en and em dashes


def normalize(name: str) -> str:
    """Fold a name for matching: case, accents, and runs of spaces, '-' and '_' do not count."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", plain.replace("'", "").replace("\u2019", "")).strip()


@dataclass(frozen=True, slots=True)
class Entry:
    """A record in effect, the layer it came from, and the layers whose copies it replaced."""

    loaded: Loaded
    layer: Layer
    replaced: tuple[Layer, ...] = ()


@dataclass(slots=True)
class _Walk:
    files: list[tuple[Path, str, Kind]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _walk_layer(layer: Layer) -> _Walk:
    """List the YAML files of one layer by kind, reporting what cannot be read."""
    walk = _Walk()
    root = layer.root
    if not root.is_dir():
        why = "is not a directory" if root.exists() else "does not exist"
        walk.problems.append(Problem(layer.display_root, 1, 1, "E305", f"data directory {why}"))
        return walk
    try:
        top = sorted(os.listdir(root))
    except OSError as error:
        walk.problems.append(
            Problem(layer.display_root, 1, 1, "E101", f"cannot read: {error.strerror}")
        )
        return walk
    for name in top:
        path = root / name
        display = os.path.join(layer.display_root, name)
        kind = KIND_BY_FOLDER.get(name)
        if kind is None:
            if name.startswith(".") or not (path.is_dir() or name.endswith((".yaml", ".yml"))):
                continue
            close = difflib.get_close_matches(name, list(KIND_BY_FOLDER), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            walk.problems.append(
                Problem(
                    display, 1, 1, "W407", f"not read: not one of {', '.join(KIND_BY_FOLDER)}{hint}"
                )
            )
            continue
        if not path.is_dir():
            walk.problems.append(Problem(display, 1, 1, "W407", "not read: expected a folder"))
            continue
        for dirpath, dirnames, filenames in os.walk(path, onerror=None, followlinks=False):
            dirnames.sort()
            for dirname in [d for d in dirnames if d.endswith((".yaml", ".yml"))]:
                dirnames.remove(dirname)
                shown = os.path.join(
                    layer.display_root, os.path.relpath(os.path.join(dirpath, dirname), root)
                )
                walk.problems.append(Problem(shown, 1, 1, "E101", "is a directory, not a file"))
            for filename in sorted(filenames):
                if filename.endswith((".yaml", ".yml")) and not filename.startswith("."):
                    full = Path(dirpath) / filename
                    shown = os.path.join(layer.display_root, os.path.relpath(full, root))
                    walk.files.append((full, shown, kind))
    return walk


def load_layer(layer: Layer) -> tuple[list[Loaded], list[Problem]]:
    """Read and validate every file of one layer; the same id twice in it is an error."""
    walk = _walk_layer(layer)
    problems = list(walk.problems)
    loaded: list[Loaded] = []
    seen: dict[tuple[str, str], Loaded] = {}
    for path, display, kind in walk.files:
        result = read_file(path, display)
        problems.extend(result.problems)
        if result.document is None:
            continue
        stem = path.name.rsplit(".", 1)[0]
        record, found = validate_document(result.document, kind, display, stem)
        problems.extend(found)
        if record is None:
            continue
        key = (kind.name, record.record.id)
        if key in seen:
            first = seen[key]
            problems.append(
                Problem(
                    display,
                    record.mark.line,
                    record.mark.column,
                    "E302",
                    f"{kind.name} {record.record.id!r} is also defined in {first.file}",
                    "id",
                )
            )
            continue
        seen[key] = record
        loaded.append(record)
    return loaded, problems


class KnowledgeBase:
    """Records in effect after overlaying every layer, with the problems found on the way."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = tuple(layers)
        self.entries: dict[str, dict[str, Entry]] = {name: {} for name in KINDS}
        self.problems: list[Problem] = []
        self._names: dict[str, dict[str, str]] = {name: {} for name in NAMED_KINDS}
        for layer in self.layers:
            records, problems = load_layer(layer)
            self.problems.extend(problems)
            for loaded in records:
                table = self.entries[loaded.kind.name]
                earlier = table.get(loaded.record.id)
                replaced = (*earlier.replaced, earlier.layer) if earlier else ()
                table[loaded.record.id] = Entry(loaded, layer, replaced)
        self._index_names()
        self._check_references()
        self.problems.sort()

    # -- building ------------------------------------------------------------------------

    def _index_names(self) -> None:
        for kind_name in NAMED_KINDS:
            names = self._names[kind_name]
            kind = KINDS[kind_name]
            table = self.entries[kind_name]
            for record_id in table:
                names[normalize(record_id)] = record_id
            for record_id, entry in table.items():
                record = entry.loaded.record
                for label in (kind.title_of(record), *getattr(record, "aliases", ())):
                    key = normalize(label)
                    owner = names.get(key)
                    if owner is None:
                        names[key] = record_id
                    elif owner != record_id and label in getattr(record, "aliases", ()):
                        mark = entry.loaded.mark
                        code = "E304" if key == normalize(owner) else "E303"
                        what = "the id of" if code == "E304" else "also a name of"
                        self.problems.append(
                            Problem(
                                entry.loaded.file,
                                mark.line,
                                mark.column,
                                code,
                                f"alias {label!r} is {what} {kind_name} {owner!r}",
                                "aliases",
                            )
                        )

    def _check_references(self) -> None:
        used: set[tuple[str, str]] = set()
        for table in self.entries.values():
            for entry in table.values():
                for ref in entry.loaded.refs:
                    used.add((ref.kind, ref.id))
                    if ref.id not in self.entries[ref.kind]:
                        close = difflib.get_close_matches(ref.id, list(self.entries[ref.kind]), n=1)
                        hint = f"; did you mean {close[0]!r}?" if close else ""
                        self.problems.append(
                            Problem(
                                entry.loaded.file,
                                ref.mark.line,
                                ref.mark.column,
                                "E301",
                                f"no {ref.kind} with id {ref.id!r}{hint}",
                                ref.path,
                            )
                        )
        for kind_name in REFERENCED_KINDS:
            for record_id, entry in self.entries[kind_name].items():
                if (kind_name, record_id) not in used:
                    mark = entry.loaded.mark
                    self.problems.append(
                        Problem(
                            entry.loaded.file,
                            mark.line,
                            mark.column,
                            "W405",
                            f"{kind_name} {record_id!r} is not referenced by any record",
                        )
                    )

    # -- lookups -------------------------------------------------------------------------

    def get(self, kind: str, record_id: str) -> Record | None:
        entry = self.entries[kind].get(record_id)
        return entry.loaded.record if entry else None

    def entry(self, kind: str, record_id: str) -> Entry | None:
        return self.entries[kind].get(record_id)

    def all(self, kind: str) -> list[Record]:
        return [entry.loaded.record for _, entry in sorted(self.entries[kind].items())]

    def present(self, kind: str, ids: Iterable[str]) -> Iterator[Record]:
        """The records of `ids` that exist, in order (dangling references are already reported)."""
        for record_id in ids:
            record = self.get(kind, record_id)
            if record is not None:
                yield record

    def names(self, kind: str) -> list[str]:
        """Every id and alias of a kind, for completion and suggestions."""
        if kind not in self._names:
            return sorted(self.entries[kind])
        labels = set(self.entries[kind])
        for entry in self.entries[kind].values():
            labels.update(getattr(entry.loaded.record, "aliases", ()))
        return sorted(labels, key=str.casefold)

    def resolve(self, kind: str, name: str) -> Record:
        """Find a record by id, title or alias, ignoring case, accents and separators."""
        key = normalize(name)
        table = self._names.get(kind)
        record_id = table.get(key) if table is not None else None
        if record_id is None and name in self.entries[kind]:
            record_id = name
        if record_id is None and table is None:
            record_id = next((i for i in self.entries[kind] if normalize(i) == key), None)
        if record_id is not None:
            record = self.get(kind, record_id)
            if record is not None:
                return record
        raise NotFound(f"no {kind} named {name!r}", self.suggest(kind, name))

    def suggest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """Ids of the records whose names are closest to `name`."""
        key = normalize(name)
        table = self._names.get(kind) or {normalize(i): i for i in self.entries[kind]}
        close = difflib.get_close_matches(key, list(table), n=limit * 3, cutoff=0.6)
        if key:
            close += [label for label in table if key in label.split() or label.startswith(key)]
        ids: list[str] = []
        for label in close:
            if table[label] not in ids:
                ids.append(table[label])
        return ids[:limit]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]
