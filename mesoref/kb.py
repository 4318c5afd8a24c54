"""The knowledge base as commands see it: lookups over the index, by id, name or reference.

It also remembers what each answer read: the files of the records it returned, and the kinds
it listed in full.  A cached page depends on exactly those files (and on every data folder,
so that added or removed files are noticed).
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from mesoref.codec import decoder_for
from mesoref.errors import NotFound
from mesoref.index import Index, problems_of
from mesoref.layers import Layer
from mesoref.names import normalize
from mesoref.problems import Problem
from mesoref.schema import KINDS, Record
from mesoref.search import Results, search


@dataclass(frozen=True, slots=True)
class Origin:
    """Which layer a record in effect came from, and which layers' copies it replaces."""

    layer: str
    replaces: tuple[str, ...]
    file: str


@dataclass(frozen=True, slots=True)
class Location:
    layer: int
    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Citing:
    """A record that refers to another one (for "cited by" lists)."""

    kind: str
    id: str
    title: str


class KnowledgeBase:
    """Read-only lookups over an index."""

    def __init__(self, index: Index, layers: Sequence[Layer]) -> None:
        self.index = index
        self.layers = tuple(layers)
        self._conn: sqlite3.Connection = index.conn
        self._cache: dict[tuple[str, str], Record | None] = {}
        self.files_read: set[str] = set()
        self.kinds_listed: set[str] = set()

    # -- records -------------------------------------------------------------------------

    def _decode(self, kind: str, file: str, data: str) -> Record:
        self.files_read.add(file)
        record: Record = decoder_for(KINDS[kind].type)(json.loads(data))
        self._cache[(kind, record.id)] = record
        return record

    def get(self, kind: str, record_id: str) -> Record | None:
        key = (kind, record_id)
        if key not in self._cache:
            row = self._conn.execute(
                "SELECT file, data FROM records WHERE kind = ? AND id = ? AND effective = 1",
                key,
            ).fetchone()
            self._cache[key] = self._decode(kind, *row) if row else None
        return self._cache[key]

    def all(self, kind: str) -> list[Record]:
        """Every record of a kind in effect, by id."""
        self.kinds_listed.add(kind)
        rows = self._conn.execute(
            "SELECT file, data FROM records WHERE kind = ? AND effective = 1 ORDER BY id",
            (kind,),
        )
        return [self._decode(kind, file, data) for file, data in rows]

    def present(self, kind: str, ids: Iterable[str]) -> Iterator[Record]:
        """The records of `ids` that exist, in order (dangling ids are reported as problems)."""
        for record_id in ids:
            record = self.get(kind, record_id)
            if record is not None:
                yield record

    def referrers(self, kind: str, target_kind: str, target_id: str) -> list[Record]:
        """Records of `kind` that refer to the given record, by id."""
        self.kinds_listed.add(kind)
        rows = self._conn.execute(
            "SELECT DISTINCT e.file, e.data, e.id FROM refs f "
            "JOIN records e ON e.file = f.file AND e.effective = 1 "
            "WHERE e.kind = ? AND f.target_kind = ? AND f.target_id = ? ORDER BY e.id",
            (kind, target_kind, target_id),
        )
        return [self._decode(kind, file, data) for file, data, _ in rows]

    def citing(self, target_kind: str, target_id: str, kinds: Sequence[str]) -> list[Citing]:
        """Which records of `kinds` cite the given record, with their titles."""
        self.kinds_listed.update(kinds)
        placeholders = ", ".join("?" for _ in kinds)
        rows = self._conn.execute(
            "SELECT DISTINCT e.kind, e.id, e.title FROM refs f "
            "JOIN records e ON e.file = f.file AND e.effective = 1 "
            f"WHERE f.target_kind = ? AND f.target_id = ? AND e.kind IN ({placeholders}) "
            "ORDER BY e.kind, e.id",
            (target_kind, target_id, *kinds),
        )
        order = {kind: i for i, kind in enumerate(kinds)}
        found = [Citing(*row) for row in rows]
        return sorted(found, key=lambda c: (order[c.kind], c.id))

    def origin(self, kind: str, record_id: str) -> Origin:
        rows = self._conn.execute(
            "SELECT layer, effective, display FROM records WHERE kind = ? AND id = ? "
            "ORDER BY layer",
            (kind, record_id),
        ).fetchall()
        labels = {layer.position: layer.label for layer in self.layers}
        effective = next(row for row in rows if row[1])
        replaced = tuple(labels[row[0]] for row in rows if row[0] < effective[0])
        return Origin(labels[effective[0]], replaced, effective[2])

    def location(self, kind: str, record_id: str) -> Location:
        """Where the record in effect is defined."""
        row = self._conn.execute(
            "SELECT layer, display, line, col FROM records WHERE kind = ? AND id = ? "
            "AND effective = 1",
            (kind, record_id),
        ).fetchone()
        return Location(*row)

    def count(self, kind: str) -> int:
        row = self._conn.execute(
            "SELECT COUNT(*) FROM records WHERE kind = ? AND effective = 1", (kind,)
        ).fetchone()
        return int(row[0])

    def counts_by_layer(self) -> dict[int, int]:
        return dict(self._conn.execute("SELECT layer, COUNT(*) FROM records GROUP BY layer"))

    def search(self, text: str, kind: str | None, limit: int) -> Results:
        """Ranked full-text search; the answer depends on every record it could have found."""
        self.kinds_listed.update([kind] if kind else KINDS)
        return search(self._conn, text, kind, limit)

    # -- names ---------------------------------------------------------------------------

    def resolve(self, kind: str, name: str) -> Record:
        """Find a record by id, title or alias, ignoring case, accents and separators."""
        row = self._conn.execute(
            "SELECT id FROM names WHERE kind = ? AND norm = ? ORDER BY rank, layer DESC, id "
            "LIMIT 1",
            (kind, normalize(name)),
        ).fetchone()
        record = self.get(kind, row[0]) if row else None
        if record is None:
            raise NotFound(f"no {kind} named {name!r}", self.suggest(kind, name))
        return record

    def suggest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """Ids of the records whose names are closest to `name`."""
        key = normalize(name)
        table: dict[str, str] = {}
        for norm, record_id in self._conn.execute(
            "SELECT norm, id FROM names WHERE kind = ? ORDER BY rank, layer DESC, id", (kind,)
        ):
            table.setdefault(norm, record_id)
        close = difflib.get_close_matches(key, list(table), n=limit * 3, cutoff=0.6)
        if key:
            close += [label for label in table if key in label.split() or label.startswith(key)]
        ids: list[str] = []
        for label in close:
            if table[label] not in ids:
                ids.append(table[label])
        return ids[:limit]

    def names(self, kind: str) -> list[str]:
        """Every id and alias of a kind, for shell completion."""
        rows = self._conn.execute(
            "SELECT DISTINCT label FROM names WHERE kind = ? AND rank != 1", (kind,)
        )
        return sorted((row[0] for row in rows), key=str.casefold)

    # -- problems and dependencies --------------------------------------------------------

    @property
    def problems(self) -> list[Problem]:
        return problems_of(self._conn)

    def dependencies(self) -> list[str]:
        """The data files this knowledge base's answers so far were built from."""
        files = set(self.files_read)
        for kind in self.kinds_listed:
            files.update(
                row[0]
                for row in self._conn.execute("SELECT path FROM files WHERE kind = ?", (kind,))
            )
        return sorted(files)
