"""The knowledge base as commands see it: read-only lookups over the index, by id, name or
reference, returning records as plain dictionaries.

Every read goes through `_rows`, which turns any error of a damaged index (SQLite's or a
record that does not decode) into IndexDamaged, so the caller rebuilds instead of failing.

Standard library only (sqlite3 and marshal): lookups run on the first view of every page.
"""

from __future__ import annotations

import marshal

from mesoref.errors import IndexDamaged, NotFound
from mesoref.index.sqlite import sqlite3
from mesoref.model.kinds import KINDS, PLURAL
from mesoref.model.names import normalize
from mesoref.model.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from typing import Any

    from mesoref.index.search import Results
    from mesoref.index.store import Index
    from mesoref.reading.layers import Layer

    Record = Any  # a plain record; commands annotate it with the TypedDicts of model.plain


class Origin:
    """Which layer the record in effect came from, which layers' copies it replaces, and,
    when layers were combined, which layer gave each field (`parts`)."""

    __slots__ = ("file", "layer", "parts", "replaces")

    def __init__(
        self,
        layer: str,
        replaces: tuple[str, ...],
        file: str,
        parts: dict[str, str] | None = None,
    ) -> None:
        self.layer = layer
        self.replaces = replaces
        self.file = file
        self.parts = parts or {}

    def words(self) -> list[str]:
        """How a page says where the record came from: nothing for built-in data; the layer;
        or, for a record combined from layers, the fields each later layer changed."""
        changed = self.changed_by()
        if changed:
            return [f"{', '.join(fields)} from {layer}" for layer, fields in changed.items()]
        return [] if self.layer == "built-in" else [f"from {self.layer}"]

    def changed_by(self) -> dict[str, list[str]]:
        """The fields each layer above the record's first one changed, by layer."""
        if not self.parts:
            return {}
        first = next(iter(self.parts.values()))
        by_layer: dict[str, list[str]] = {}
        for field, layer in self.parts.items():
            if layer != first and field != "id":
                by_layer.setdefault(layer, []).append(field)
        return by_layer


class Citing:
    """A record that refers to another one (for "cited by" lists)."""

    __slots__ = ("id", "kind", "title")

    def __init__(self, kind: str, id: str, title: str) -> None:
        self.kind = kind
        self.id = id
        self.title = title


class KnowledgeBase:
    """Read-only lookups over an index."""

    def __init__(self, index: Index, layers: Sequence[Layer], language: str = "en") -> None:
        self.index = index
        self.layers = tuple(layers)
        self._conn: sqlite3.Connection = index.conn
        self._cache: dict[tuple[str, str], Record | None] = {}
        self.language = language
        # Records shown in English on a page asked for in another language: untranslated, or
        # with a translation that is out of date.
        self.untranslated: dict[tuple[str, str], str] = {}
        self.subject: tuple[str, str] | None = None
        self._translations: dict[tuple[str, str], tuple[int, bytes]] | None = None

    def languages(self) -> list[str]:
        """The languages the data has translations in."""
        return [str(row[0]) for row in self._rows("SELECT DISTINCT lang FROM translations")]

    def _translated(self, kind: str, record: Record) -> Record:
        """The record in the run's language, if a translation that matches it exists."""
        if self._translations is None:
            # Every translation in the language at once: a page decodes a hundred records.
            self._translations = {}
            for row_kind, row_id, layer, data in self._rows(
                "SELECT kind, id, layer, data FROM translations WHERE lang = ? ORDER BY layer",
                (self.language,),
            ):
                self._translations[(row_kind, row_id)] = (layer, data)  # the latest layer wins
        found = self._translations.get((kind, record["id"]))
        if found is None:
            self.untranslated[(kind, record["id"])] = "untranslated"
            return record
        from mesoref.model.translation import Stale, changed_above, overlay

        layer, data = found
        parts = self._rows(
            "SELECT parts FROM records WHERE kind = ? AND id = ? AND effective = 1",
            (kind, record["id"]),
        )
        try:
            above = (
                changed_above(marshal.loads(parts[0][0]), layer) if parts and parts[0][0] else ()
            )
            translated: Record = overlay(record, marshal.loads(data), above)
        except Stale:
            self.untranslated[(kind, record["id"])] = "out of date"
            return record
        except (ValueError, EOFError, TypeError) as error:
            raise IndexDamaged("a translation does not decode") from error
        return translated

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as error:
            raise IndexDamaged(str(error)) from error

    def _decode(self, kind: str, data: bytes, keep: bool = True) -> Record:
        try:
            record = marshal.loads(data)
        except (ValueError, EOFError, TypeError) as error:
            raise IndexDamaged(f"a {kind} record does not decode") from error
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise IndexDamaged(f"a {kind} record is not a record")
        if self.language != "en" and kind != "source":  # sources keep published titles
            record = self._translated(kind, record)
        if keep:
            self._cache[(kind, record["id"])] = record
        return record

    # -- records ------------------------------------------------------------------------

    def get(self, kind: str, record_id: str) -> Record | None:
        key = (kind, record_id)
        if key not in self._cache:
            rows = self._rows(
                "SELECT COALESCE(merged, data) FROM records "
                "WHERE kind = ? AND id = ? AND effective = 1",
                key,
            )
            self._cache[key] = self._decode(kind, rows[0][0]) if rows else None
        return self._cache[key]

    def all(self, kind: str) -> list[Record]:
        """Every record of a kind in effect, by id."""
        rows = self._rows(
            "SELECT COALESCE(merged, data) FROM records WHERE kind = ? AND effective = 1 "
            "ORDER BY id",
            (kind,),
        )
        return [self._decode(kind, row[0]) for row in rows]

    def each(self, kind: str) -> Iterator[Record]:
        """Every record of a kind in effect, by id, one at a time and not kept: a list of
        10,000 topics holds only what its view takes from each."""
        try:
            cursor = self._conn.execute(
                "SELECT COALESCE(merged, data) FROM records WHERE kind = ? AND effective = 1 "
                "ORDER BY id",
                (kind,),
            )
            for row in cursor:
                yield self._decode(kind, row[0], keep=False)
        except sqlite3.DatabaseError as error:
            raise IndexDamaged(str(error)) from error

    def get_many(self, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        """The records of `ids` that exist, by id, in one query per 500 ids rather than one
        per id (a topic page cites 60 to 90 sources)."""
        wanted = [i for i in dict.fromkeys(ids) if (kind, i) not in self._cache]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._rows(
                "SELECT COALESCE(merged, data) FROM records WHERE kind = ? AND effective = 1 "
                f"AND id IN ({marks})",
                (kind, *chunk),
            )
            for row in rows:
                self._decode(kind, row[0])
            for record_id in chunk:
                self._cache.setdefault((kind, record_id), None)
        found = {}
        for record_id in ids:
            record = self._cache.get((kind, record_id))
            if record is not None:
                found[record_id] = record
        return found

    def present(self, kind: str, ids: Iterable[str]) -> list[Record]:
        """The records of `ids` that exist, in order (dangling ids are reported as problems)."""
        ids = list(ids)
        records = self.get_many(kind, ids)
        return [records[i] for i in ids if i in records]

    def referrers(self, kind: str, target_kind: str, target_id: str) -> list[Record]:
        """Records of `kind` that refer to the given record, by id."""
        rows = self._rows(
            "SELECT DISTINCT COALESCE(e.merged, e.data), e.id FROM refs f "
            "JOIN records c ON c.file = f.file AND c.contributes = 1 "
            "JOIN records e ON e.kind = c.kind AND e.id = c.id AND e.effective = 1 "
            "WHERE e.kind = ? AND f.target_kind = ? AND f.target_id = ? ORDER BY e.id",
            (kind, target_kind, target_id),
        )
        return [self._decode(kind, row[0]) for row in rows]

    def citing(self, target_kind: str, target_id: str, kinds: Sequence[str]) -> list[Citing]:
        """Which records of `kinds` cite the given record, with their titles."""
        placeholders = ", ".join("?" for _ in kinds)
        rows = self._rows(
            "SELECT DISTINCT e.kind, e.id, e.title FROM refs f "
            "JOIN records c ON c.file = f.file AND c.contributes = 1 "
            "JOIN records e ON e.kind = c.kind AND e.id = c.id AND e.effective = 1 "
            f"WHERE f.target_kind = ? AND f.target_id = ? AND e.kind IN ({placeholders}) "
            "ORDER BY e.kind, e.id",
            (target_kind, target_id, *kinds),
        )
        order = {kind: i for i, kind in enumerate(kinds)}
        found = [Citing(*row) for row in rows]
        return sorted(found, key=lambda c: (order[c.kind], c.id))

    def origin(self, kind: str, record_id: str) -> Origin:
        rows = self._rows(
            "SELECT layer, effective, display, parts, contributes FROM records "
            "WHERE kind = ? AND id = ? ORDER BY layer",
            (kind, record_id),
        )
        labels = {layer.position: layer.label for layer in self.layers}
        effective = next((row for row in rows if row[1]), None)
        if effective is None:
            raise IndexDamaged(f"no {kind} {record_id!r} in effect")
        replaced = tuple(
            labels.get(row[0], "?") for row in rows if row[0] < effective[0] and not row[4]
        )
        parts = None
        if effective[3] is not None:
            try:
                given = marshal.loads(effective[3])
            except (ValueError, EOFError, TypeError) as error:
                raise IndexDamaged("a record's parts do not decode") from error
            parts = {field: labels.get(layer, "?") for field, layer in given.items()}
        return Origin(labels.get(effective[0], "?"), replaced, effective[2], parts)

    def location(self, kind: str, record_id: str) -> tuple[int, str, int, int]:
        """Where the record in effect is defined: layer, file, line, column."""
        rows = self._rows(
            "SELECT layer, display, line, col FROM records WHERE kind = ? AND id = ? "
            "AND effective = 1",
            (kind, record_id),
        )
        if not rows:
            raise IndexDamaged(f"no {kind} {record_id!r} in effect")
        layer, display, line, column = rows[0]
        return int(layer), str(display), int(line), int(column)

    def count(self, kind: str) -> int:
        return int(
            self._rows("SELECT COUNT(*) FROM records WHERE kind = ? AND effective = 1", (kind,))[0][
                0
            ]
        )

    def counts_by_layer(self) -> dict[int, int]:
        return {
            int(a): int(b)
            for a, b in self._rows("SELECT layer, COUNT(*) FROM records GROUP BY layer")
        }

    def search(self, text: str, kind: str | None, limit: int) -> Results:
        try:
            from mesoref.index.search import search  # only the search command needs it

            return search(self._conn, text, kind, limit)
        except sqlite3.DatabaseError as error:
            raise IndexDamaged(str(error)) from error

    # -- names --------------------------------------------------------------------------

    def find(self, kind: str, name: str) -> Record | None:
        """A record by id, title or alias, ignoring case, accents and separators."""
        rows = self._rows(
            "SELECT id FROM names WHERE kind = ? AND norm = ? ORDER BY rank, layer DESC, id "
            "LIMIT 1",
            (kind, normalize(name)),
        )
        if not rows:
            return None
        if self.subject is None:
            self.subject = (kind, str(rows[0][0]))  # the record a page is about: found first
        return self.get(kind, rows[0][0])

    def resolve(self, kind: str, name: str) -> Record:
        """Like `find`, but a miss raises NotFound with the closest names, the search to try,
        and any record by that id that was skipped because it failed validation."""
        record = self.find(kind, name)
        if record is not None:
            return record
        hint = self.skipped_hint(kind, name)
        if not hint:
            hint = f"try: mesoref search {name}"
        raise NotFound(f"no {kind} named {name!r}", self.suggest(kind, name), hint)

    def skipped_hint(self, kind: str, name: str) -> str:
        rows = self._rows(
            "SELECT display FROM skipped WHERE kind = ? AND id = ? ORDER BY layer DESC",
            (kind, name.strip()),
        )
        if not rows:
            return ""
        return (
            f"{name.strip()} exists in {rows[0][0]} but was skipped because it failed "
            "validation: see mesoref validate"
        )

    def suggest(self, kind: str, name: str, limit: int = 3) -> list[str]:
        """Ids of the records whose names are closest to `name`."""
        import difflib  # only on a miss

        key = normalize(name)
        table: dict[str, str] = {}
        for norm, record_id in self._rows(
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
        rows = self._rows("SELECT DISTINCT label FROM names WHERE kind = ? AND rank != 1", (kind,))
        return sorted((str(row[0]) for row in rows), key=str.casefold)

    def kinds_named(self, name: str) -> list[tuple[str, str]]:
        """Every (kind, id) whose id, title or alias is `name`: what a bare word might mean."""
        rows = self._rows(
            "SELECT DISTINCT kind, id FROM names WHERE norm = ? ORDER BY kind, id",
            (normalize(name),),
        )
        order = {kind: i for i, kind in enumerate(KINDS)}
        return sorted(
            ((str(k), str(i)) for k, i in rows), key=lambda r: (order.get(r[0], 99), r[1])
        )

    # -- problems -----------------------------------------------------------------------

    def abbreviations(self) -> dict[str, str]:
        """Every abbreviation a glossary term gives, with how it is spelled out."""
        return {short: long for short, long in self._rows("SELECT short, long FROM abbreviations")}

    @property
    def problems(self) -> list[Problem]:
        return [
            Problem(*row)
            for row in self._rows(
                "SELECT display, line, col, code, message, path FROM problems "
                "ORDER BY display, line, col, code"
            )
        ]

    def plural(self, kind: str) -> str:
        return PLURAL[kind]


def open_quietly(data_dirs: Sequence[str], environ: Mapping[str, str]) -> KnowledgeBase:
    """The knowledge base for an answer on the side (a completion, a hint for an unknown
    command): the user's layers, the cache if it can be trusted, else an index in memory, and
    no messages, since the main answer (or the shell) owns the terminal."""
    from mesoref.index.store import open_index
    from mesoref.launch import cache
    from mesoref.reading.layers import discover

    layers = discover(data_dirs, environ)
    directory = None
    if not cache.disabled(environ):
        try:
            directory = cache.verified(cache.location(environ), create=True)
        except cache.Refused:
            directory = None
    return KnowledgeBase(open_index(layers, directory), layers)
