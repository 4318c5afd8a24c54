"""Writing the index: read and validate changed YAML files, record what they hold, and check
records against each other.  Only this module imports the YAML reader and the validator, so
a run whose index is already up to date never loads them.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
import time
import types
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from mesoref import __version__
from mesoref.catalog import FileEntry, Scan
from mesoref.codec import decoder_for, to_plain
from mesoref.index import SCHEMA
from mesoref.names import normalize
from mesoref.problems import Problem
from mesoref.schema import KINDS, Pattern, Ref
from mesoref.validate import validate_document
from mesoref.yamlsource import read_file

NAMED_KINDS = ("topic", "risk", "contraindication", "substance", "term")
# Kinds whose records exist to be referenced: one that nothing refers to is an orphan.
REFERENCED_KINDS = ("source", "risk", "substance", "contraindication")

Progress = Callable[[int, int], None]

DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(path TEXT PRIMARY KEY, display TEXT, layer INTEGER, kind TEXT,
                   mtime_ns INTEGER, size INTEGER);
CREATE TABLE dirs(path TEXT PRIMARY KEY, mtime_ns INTEGER);
CREATE TABLE records(file TEXT PRIMARY KEY, display TEXT, kind TEXT, id TEXT, layer INTEGER,
                     line INTEGER, col INTEGER, effective INTEGER NOT NULL DEFAULT 0,
                     title TEXT, data TEXT);
CREATE INDEX records_key ON records(kind, id, layer, file);
CREATE TABLE refs(file TEXT, target_kind TEXT, target_id TEXT, path TEXT, line INTEGER,
                  col INTEGER);
CREATE INDEX refs_file ON refs(file);
CREATE INDEX refs_target ON refs(target_kind, target_id);
CREATE TABLE names(kind TEXT, norm TEXT, id TEXT, rank INTEGER, label TEXT, file TEXT,
                   layer INTEGER);
CREATE INDEX names_key ON names(kind, norm, id);
CREATE INDEX names_id ON names(kind, id);
CREATE TABLE file_problems(file TEXT, display TEXT, line INTEGER, col INTEGER, code TEXT,
                           message TEXT, path TEXT);
CREATE INDEX file_problems_file ON file_problems(file);
CREATE TABLE problems(display TEXT, line INTEGER, col INTEGER, code TEXT, message TEXT,
                      path TEXT);
CREATE TABLE search_keys(kind TEXT, id TEXT, PRIMARY KEY(kind, id));
CREATE VIRTUAL TABLE fts USING fts5(
    kind UNINDEXED, id UNINDEXED, title, aliases, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


# -- what goes into the index -------------------------------------------------------------


def _is_prose(hint: Any) -> bool:
    """Free text a reader sees, as opposed to ids, references, dates and vocabulary words."""
    origin = get_origin(hint)
    if origin is Annotated:
        base, *extras = get_args(hint)
        return not any(isinstance(extra, Ref | Pattern) for extra in extras) and _is_prose(base)
    if origin in (tuple, Union, types.UnionType):
        return all(_is_prose(arg) for arg in get_args(hint) if arg not in (type(None), Ellipsis))
    return origin is not Literal and hint is not int


_PROSE_FIELDS: dict[type, tuple[str, ...]] = {}


def _prose_fields(cls: type) -> tuple[str, ...]:
    if cls not in _PROSE_FIELDS:
        hints = get_type_hints(cls, include_extras=True)
        _PROSE_FIELDS[cls] = tuple(f.name for f in fields(cls) if _is_prose(hints[f.name]))
    return _PROSE_FIELDS[cls]


def searchable_text(record: Any, skip: str = "") -> list[str]:
    """Every piece of prose in a record (not ids, references, dates or vocabulary words),
    leaving out the field named `skip` (the title, which is indexed on its own)."""
    texts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif is_dataclass(value) and not isinstance(value, type):
            for name in _prose_fields(type(value)):
                if not (value is record and name == skip):
                    walk(getattr(value, name))

    walk(record)
    return texts


# -- building -------------------------------------------------------------------------------


class Builder:
    """Applies one scan to an open (writable) index database."""

    def __init__(self, conn: sqlite3.Connection, progress: Progress | None) -> None:
        self.conn = conn
        self.progress = progress

    def apply(self, scan: Scan) -> None:
        conn = self.conn
        known = {
            row[0]: (row[1], row[2])
            for row in conn.execute("SELECT path, mtime_ns, size FROM files")
        }
        changed = [
            entry
            for path, entry in scan.files.items()
            if known.get(path) != (entry.mtime_ns, entry.size)
        ]
        gone = [path for path in known if path not in scan.files]
        affected: set[tuple[str, str]] = set()
        for path in [*gone, *(entry.path for entry in changed)]:
            affected.update(conn.execute("SELECT kind, id FROM records WHERE file = ?", (path,)))
            for table in ("files", "records", "refs", "file_problems"):
                column = "path" if table == "files" else "file"
                conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (path,))
        for done, entry in enumerate(changed, start=1):
            key = self._read(entry)
            if key is not None:
                affected.add(key)
            if self.progress is not None:
                self.progress(done, len(changed))
        for kind, record_id in affected:
            self._settle(kind, record_id)
        conn.execute("DELETE FROM dirs")
        conn.executemany("INSERT INTO dirs VALUES (?, ?)", scan.dirs.items())
        self._check(scan)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', ?)", (str(time.time()),))

    def _read(self, entry: FileEntry) -> tuple[str, str] | None:
        conn = self.conn
        conn.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?)",
            (entry.path, entry.display, entry.layer, entry.kind, entry.mtime_ns, entry.size),
        )
        result = read_file(Path(entry.path), entry.display)
        problems = list(result.problems)
        loaded = None
        if result.document is not None:
            loaded, found = validate_document(
                result.document, KINDS[entry.kind], entry.display, entry.stem
            )
            problems.extend(found)
        conn.executemany(
            "INSERT INTO file_problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(entry.path, p.file, p.line, p.column, p.code, p.message, p.path) for p in problems],
        )
        if loaded is None:
            return None
        record = loaded.record
        conn.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                entry.path,
                entry.display,
                entry.kind,
                record.id,
                entry.layer,
                loaded.mark.line,
                loaded.mark.column,
                loaded.kind.title_of(record),
                json.dumps(to_plain(record), ensure_ascii=False, separators=(",", ":")),
            ),
        )
        conn.executemany(
            "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)",
            [(entry.path, r.kind, r.id, r.path, r.mark.line, r.mark.column) for r in loaded.refs],
        )
        return entry.kind, record.id

    def _settle(self, kind: str, record_id: str) -> None:
        """Decide which copy of a record is in effect and refresh its names and search text."""
        conn = self.conn
        rows = conn.execute(
            "SELECT file, title, data, layer FROM records WHERE kind = ? AND id = ? "
            "ORDER BY layer DESC, file",
            (kind, record_id),
        ).fetchall()
        conn.execute(
            "UPDATE records SET effective = 0 WHERE kind = ? AND id = ?", (kind, record_id)
        )
        conn.execute("DELETE FROM names WHERE kind = ? AND id = ?", (kind, record_id))
        key = conn.execute(
            "SELECT rowid FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id)
        ).fetchone()
        if key is not None:
            conn.execute("DELETE FROM fts WHERE rowid = ?", key)
        if not rows:
            conn.execute("DELETE FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id))
            return
        file, title, data, layer = rows[0]
        conn.execute("UPDATE records SET effective = 1 WHERE file = ?", (file,))
        plain = json.loads(data)
        labels = [(record_id, 0)]
        if kind in NAMED_KINDS:
            labels.append((title, 1))
            labels.extend((alias, 2) for alias in plain.get("aliases", ()))
        conn.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (kind, normalize(label), record_id, rank, label, file, layer)
                for label, rank in labels
            ],
        )
        if key is None:
            conn.execute("INSERT INTO search_keys VALUES (?, ?)", (kind, record_id))
            key = conn.execute(
                "SELECT rowid FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id)
            ).fetchone()
        record = _decode(kind, data)
        conn.execute(
            "INSERT INTO fts(rowid, kind, id, title, aliases, body) VALUES (?, ?, ?, ?, ?, ?)",
            (
                key[0],
                kind,
                record_id,
                title,
                " · ".join(plain.get("aliases", ())),
                " ".join(searchable_text(record, KINDS[kind].title_field)),
            ),
        )

    def _check(self, scan: Scan) -> None:
        """Recompute every problem: the scan's, each file's, and those across records."""
        conn = self.conn
        found: list[Problem] = list(scan.problems)
        found.extend(
            Problem(*row)
            for row in conn.execute(
                "SELECT display, line, col, code, message, path FROM file_problems"
            )
        )
        for kind, record_id, layer in conn.execute(
            "SELECT kind, id, layer FROM records GROUP BY kind, id, layer HAVING COUNT(*) > 1"
        ).fetchall():
            copies = conn.execute(
                "SELECT display, line, col FROM records WHERE kind = ? AND id = ? AND layer = ? "
                "ORDER BY file",
                (kind, record_id, layer),
            ).fetchall()
            for display, line, col in copies[1:]:
                found.append(
                    Problem(
                        display,
                        line,
                        col,
                        "E302",
                        f"{kind} {record_id!r} is also defined in {copies[0][0]}",
                        "id",
                    )
                )
        # Hundreds of distinct targets stand behind hundreds of thousands of references:
        # find the missing targets first, then the references to them.
        missing = conn.execute(
            "SELECT f.target_kind, f.target_id FROM "
            "(SELECT DISTINCT target_kind, target_id FROM refs) f WHERE NOT EXISTS "
            "(SELECT 1 FROM records t WHERE t.kind = f.target_kind AND t.id = f.target_id)"
        ).fetchall()
        ids_by_kind: dict[str, list[str]] = {}
        for target_kind, target_id in missing:
            if target_kind not in ids_by_kind:
                ids_by_kind[target_kind] = [
                    row[0]
                    for row in conn.execute(
                        "SELECT id FROM records WHERE kind = ? AND effective = 1", (target_kind,)
                    )
                ]
            close = difflib.get_close_matches(target_id, ids_by_kind[target_kind], n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            for display, path, line, col in conn.execute(
                "SELECT e.display, f.path, f.line, f.col FROM refs f "
                "JOIN records e ON e.file = f.file AND e.effective = 1 "
                "WHERE f.target_kind = ? AND f.target_id = ?",
                (target_kind, target_id),
            ):
                found.append(
                    Problem(
                        display,
                        line,
                        col,
                        "E301",
                        f"no {target_kind} with id {target_id!r}{hint}",
                        path,
                    )
                )
        for kind, norm in conn.execute(
            "SELECT kind, norm FROM names GROUP BY kind, norm HAVING MIN(id) <> MAX(id)"
        ).fetchall():
            rows = conn.execute(
                "SELECT n.id, n.rank, n.label, n.layer, r.display, r.line, r.col FROM names n "
                "JOIN records r ON r.file = n.file WHERE n.kind = ? AND n.norm = ? "
                "ORDER BY n.rank, n.layer DESC, n.id",
                (kind, norm),
            ).fetchall()
            owner, owner_rank, _, owner_layer, owner_display, owner_line, owner_col = rows[0]
            for record_id, rank, label, layer, display, line, col in rows[1:]:
                if rank != 2 or record_id == owner:
                    continue  # only aliases clash; a shared title is allowed
                if layer < owner_layer:
                    # A later layer's record takes a name an earlier layer used as an alias:
                    # deliberate shadowing, reported at the later (the user's) record.
                    found.append(
                        Problem(
                            owner_display,
                            owner_line,
                            owner_col,
                            "W408",
                            f"{label!r} is also an alias of {kind} {record_id!r} from an earlier "
                            "layer; that name now finds this record",
                            "id",
                        )
                    )
                    continue
                code = "E304" if owner_rank == 0 else "E303"
                what = "the id of" if code == "E304" else "also a name of"
                found.append(
                    Problem(
                        display,
                        line,
                        col,
                        code,
                        f"alias {label!r} is {what} {kind} {owner!r}",
                        "aliases",
                    )
                )
        placeholders = ", ".join("?" for _ in REFERENCED_KINDS)
        for display, line, col, kind, record_id in conn.execute(
            "SELECT r.display, r.line, r.col, r.kind, r.id FROM records r "
            f"WHERE r.effective = 1 AND r.kind IN ({placeholders}) AND NOT EXISTS ("
            "  SELECT 1 FROM refs f JOIN records e ON e.file = f.file AND e.effective = 1 "
            "  WHERE f.target_kind = r.kind AND f.target_id = r.id)",
            REFERENCED_KINDS,
        ):
            found.append(
                Problem(
                    display,
                    line,
                    col,
                    "W405",
                    f"{kind} {record_id!r} is not referenced by any record",
                )
            )
        conn.execute("DELETE FROM problems")
        conn.executemany(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?)",
            [(p.file, p.line, p.column, p.code, p.message, p.path) for p in sorted(set(found))],
        )


def _decode(kind: str, data: str) -> Any:
    return decoder_for(KINDS[kind].type)(json.loads(data))


def new_database(conn: sqlite3.Connection) -> None:
    conn.executescript(DDL)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA), ("version", __version__)]
    )


def fast_settings(conn: sqlite3.Connection) -> None:
    # The file is renamed into place only when complete, so no journal is needed.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
