"""Writing the index: read and validate changed YAML files, record what they hold, and check
records against each other.  Only this module imports the YAML reader and the validator, so
a run whose index is already up to date never loads them.

Every check is bounded: the references one file may make, the suggestions computed for
missing ids, and the text indexed for search per record, so that no data file can make an
update slow for everyone.
"""

from __future__ import annotations

import difflib
import marshal
import os
import time
import types
from dataclasses import fields, is_dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from mesoref.index.sqlite import sqlite3
from mesoref.index.store import SCHEMA, racy_now
from mesoref.model.cited import source_ids
from mesoref.model.kinds import NAMED_KINDS, TITLE_FIELD
from mesoref.model.names import normalize
from mesoref.model.problems import Problem
from mesoref.model.schema import KINDS, Pattern, Ref
from mesoref.reading.scan import FileEntry, Scan
from mesoref.reading.validate import to_plain, validate_document
from mesoref.reading.yamlsource import MAX_FILE_BYTES, parse_text, read_bytes, read_file

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Progress = Callable[[int, int], None]

# Kinds whose records exist to be referenced: one that nothing refers to is an orphan.
REFERENCED_KINDS = ("source", "risk", "substance", "contraindication")
MAX_REFS_PER_FILE = 2000
MAX_SUGGESTED = 50  # missing ids for which "did you mean" is worked out, per update
MAX_SEARCH_TEXT = 32 * 1024  # characters of one record's text given to the search index
# Fields whose items a later layer adds to rather than replaces: names and links.
ADDITIVE = frozenset(
    ("aliases", "risks", "contraindications", "substances", "related", "see_also", "topics")
)
# What a replacement must not drop unnoticed (W413), with every source the record cites.
DROP_WATCHED = ("risks", "contraindications")


def _some(items: list[str], most: int = 6) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(path BLOB PRIMARY KEY, display TEXT, layer INTEGER, kind TEXT,
                   dev INTEGER, ino INTEGER, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER,
                   hash BLOB, racy INTEGER);
CREATE TABLE dirs(path BLOB PRIMARY KEY, dev INTEGER, ino INTEGER, size INTEGER,
                  mtime_ns INTEGER, ctime_ns INTEGER);
-- One row per record file. A record in a later layer changes the fields it gives (`given`);
-- `partial` rows lack required fields and need a complete row below them; `replace` rows
-- start afresh. Every row of the chain in effect `contributes`; the top one is `effective`
-- and holds the merged record (`merged`) and which layer gave each field (`parts`).
CREATE TABLE records(file BLOB PRIMARY KEY, display TEXT, kind TEXT, id TEXT, layer INTEGER,
                     line INTEGER, col INTEGER, effective INTEGER NOT NULL DEFAULT 0,
                     title TEXT, data BLOB, given BLOB, partial INTEGER NOT NULL DEFAULT 0,
                     replace INTEGER NOT NULL DEFAULT 0,
                     contributes INTEGER NOT NULL DEFAULT 0, merged BLOB, parts BLOB);
-- Translations: records with a `language`, laid over the record in effect when asked for.
CREATE TABLE translations(file BLOB PRIMARY KEY, display TEXT, kind TEXT, id TEXT,
                          lang TEXT, layer INTEGER, line INTEGER, col INTEGER, data BLOB,
                          marks BLOB);
CREATE INDEX translations_key ON translations(kind, id, lang, layer);
-- The problems of a partial row that count only when nothing below completes it.
CREATE TABLE pending_problems(file BLOB, display TEXT, line INTEGER, col INTEGER, code TEXT,
                              message TEXT, path TEXT);
CREATE INDEX pending_problems_file ON pending_problems(file);
-- Problems found when layers are combined (a replacement that drops risks, say).
CREATE TABLE chain_problems(kind TEXT, id TEXT, display TEXT, line INTEGER, col INTEGER,
                            code TEXT, message TEXT, path TEXT);
CREATE INDEX chain_problems_key ON chain_problems(kind, id);
CREATE INDEX records_key ON records(kind, id, layer, file);
CREATE INDEX records_effective ON records(kind, effective, id);
CREATE TABLE refs(file BLOB, target_kind TEXT, target_id TEXT, path TEXT, line INTEGER,
                  col INTEGER);
CREATE INDEX refs_file ON refs(file);
CREATE INDEX refs_target ON refs(target_kind, target_id);
CREATE TABLE names(kind TEXT, norm TEXT, id TEXT, rank INTEGER, label TEXT, file BLOB,
                   layer INTEGER);
CREATE INDEX names_key ON names(kind, norm, id);
CREATE INDEX names_id ON names(kind, id);
CREATE TABLE skipped(kind TEXT, id TEXT, display TEXT, layer INTEGER);
-- References made by records that failed validation: checked in the same pass, never followed.
CREATE TABLE loose_refs(file BLOB, display TEXT, target_kind TEXT, target_id TEXT, path TEXT,
    line INTEGER, col INTEGER);
CREATE INDEX loose_refs_file ON loose_refs(file);
CREATE INDEX skipped_key ON skipped(kind, id);
CREATE TABLE file_problems(file BLOB, display TEXT, line INTEGER, col INTEGER, code TEXT,
                           message TEXT, path TEXT);
CREATE INDEX file_problems_file ON file_problems(file);
CREATE TABLE problems(display TEXT, line INTEGER, col INTEGER, code TEXT, message TEXT,
                      path TEXT);
CREATE TABLE search_keys(kind TEXT, id TEXT, PRIMARY KEY(kind, id));
CREATE TABLE abbreviations(id TEXT PRIMARY KEY, short TEXT, long TEXT);
CREATE VIRTUAL TABLE fts USING fts5(
    kind UNINDEXED, id UNINDEXED, title, aliases, body,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


def new_database(conn: sqlite3.Connection) -> None:
    conn.executescript(DDL)
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA), ("built", str(time.time()))]
    )


# -- what goes into the search index ---------------------------------------------------------


def _is_prose(hint: Any) -> bool:
    """Free text a reader sees, as opposed to ids, references, dates and vocabulary words."""
    origin = get_origin(hint)
    if origin is Annotated:
        base, *extras = get_args(hint)
        return not any(isinstance(extra, Ref | Pattern) for extra in extras) and _is_prose(base)
    if origin in (tuple, Union, types.UnionType):
        return all(_is_prose(arg) for arg in get_args(hint) if arg not in (type(None), Ellipsis))
    return origin is not Literal and hint not in (int, bool)


_PROSE_FIELDS: dict[type, tuple[str, ...]] = {}
# Indexed in their own column (names a reader may type), not in the body a snippet quotes.
NAME_FIELDS = ("aliases", "variants")


def _prose_fields(cls: type) -> tuple[str, ...]:
    if cls not in _PROSE_FIELDS:
        hints = get_type_hints(cls, include_extras=True)
        _PROSE_FIELDS[cls] = tuple(
            f.name for f in fields(cls) if _is_prose(hints[f.name]) and f.name not in NAME_FIELDS
        )
    return _PROSE_FIELDS[cls]


def searchable_text(record: Any, skip: str = "") -> str:
    """Every piece of prose in a record (not ids, references, dates, vocabulary words or
    aliases), leaving out the field named `skip` (the title, indexed on its own); bounded."""
    texts: list[str] = []
    size = 0

    def walk(value: Any) -> None:
        nonlocal size
        if size > MAX_SEARCH_TEXT:
            return
        if isinstance(value, str):
            texts.append(value)
            size += len(value) + 1
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif is_dataclass(value) and not isinstance(value, type):
            for name in _prose_fields(type(value)):
                if not (value is record and name == skip):
                    walk(getattr(value, name))

    walk(record)
    return " ".join(texts)[:MAX_SEARCH_TEXT]


# -- building -----------------------------------------------------------------------------


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


class Builder:
    """Applies one scan to an open index database, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection, progress: Progress | None) -> None:
        self.conn = conn
        self.progress = progress
        self.now = time.time_ns()
        self.translated: set[tuple[str, str]] = set()  # records with a translation, per update
        # The search text of records read in this update waits in a temporary table, not in
        # a dict: 10,000 topics' text held in Python took 20 MiB of a 58 MiB cold build.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS bodies(file BLOB PRIMARY KEY, body TEXT)")
        conn.execute("PRAGMA temp.cache_size = -512")  # 0.5 MiB: the rows are read once
        conn.execute("DELETE FROM temp.bodies")

    def apply(self, scan: Scan) -> None:
        conn = self.conn
        known = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT path, dev, ino, size, mtime_ns, ctime_ns, hash, racy FROM files"
            )
        }
        encode = os.fsencode
        to_check = []
        for path, entry in scan.files.items():
            stored = known.get(encode(path))
            if stored is None or stored[6] or tuple(stored[:5]) != entry.fingerprint:
                to_check.append(entry)
        gone = [path for path in known if os.fsdecode(path) not in scan.files]
        affected: set[tuple[str, str]] = set()
        for path in gone:
            affected.update(self._forget(path))
        for done, entry in enumerate(to_check, start=1):
            affected.update(self._refresh(entry, known.get(encode(entry.path))))
            if self.progress is not None:
                self.progress(done, len(to_check))
        # Records with a translation (a handful): only they look one up when settled, so a
        # cold build of 10,000 topics runs no query per record for it.
        self.translated = set(conn.execute("SELECT DISTINCT kind, id FROM translations"))
        for kind, record_id in affected:
            self._settle(kind, record_id)
        conn.execute("DELETE FROM dirs")
        conn.executemany(
            "INSERT INTO dirs VALUES (?, ?, ?, ?, ?, ?)",
            [(encode(path), *(fp or (None,) * 5)) for path, fp in scan.dirs.items()],
        )
        self._check(scan)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', ?)", (str(time.time()),))
        # The digest of this scan lets the next open prove freshness in one comparison; it is
        # not kept while any file is racy, so such files are read again by content.
        racy = conn.execute("SELECT 1 FROM files WHERE racy = 1 LIMIT 1").fetchone()
        conn.execute("DELETE FROM meta WHERE key = 'scan'")
        if racy is None:
            conn.execute("INSERT INTO meta VALUES ('scan', ?)", (scan.digest(),))

    def _forget(self, path: bytes) -> set[tuple[str, str]]:
        conn = self.conn
        affected = set(conn.execute("SELECT kind, id FROM records WHERE file = ?", (path,)))
        affected.update(conn.execute("SELECT kind, id FROM translations WHERE file = ?", (path,)))
        affected.update(
            conn.execute(
                "SELECT r.kind, r.id FROM skipped r JOIN files f ON f.display = r.display "
                "WHERE f.path = ?",
                (path,),
            )
        )
        conn.execute(
            "DELETE FROM skipped WHERE display = (SELECT display FROM files WHERE path = ?)",
            (path,),
        )
        for table, column in (
            ("files", "path"),
            ("records", "file"),
            ("refs", "file"),
            ("loose_refs", "file"),
            ("translations", "file"),
            ("pending_problems", "file"),
            ("file_problems", "file"),
        ):
            conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (path,))
        return affected

    def _refresh(self, entry: FileEntry, stored: tuple[Any, ...] | None) -> set[tuple[str, str]]:
        """Re-read a file whose fingerprint changed, unless its content did not."""
        path = os.fsencode(entry.path)
        try:
            data: bytes | None = read_bytes(entry.path)
        except (OSError, OverflowError, ValueError):
            data = None
        digest = _digest(data) if data is not None else b""
        racy = 1 if racy_now(entry.fingerprint, self.now) else 0
        if stored is not None and data is not None and stored[5] == digest:
            # Same content under a new fingerprint (touched, copied back): keep what we read.
            self.conn.execute(
                "UPDATE files SET dev = ?, ino = ?, size = ?, mtime_ns = ?, ctime_ns = ?, "
                "racy = ? WHERE path = ?",
                (*(entry.fingerprint or (None,) * 5), racy, path),
            )
            return set()
        affected = self._forget(path) if stored is not None else set()
        self.conn.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                path,
                entry.display,
                entry.layer,
                entry.kind,
                *(entry.fingerprint or (None,) * 5),
                digest,
                racy,
            ),
        )
        key = self._read(entry, data)
        if key is not None:
            affected.add(key)
        return affected

    def _read(self, entry: FileEntry, data: bytes | None) -> tuple[str, str] | None:
        conn = self.conn
        path = os.fsencode(entry.path)
        if data is None or len(data) > MAX_FILE_BYTES:
            result = read_file(entry.path, entry.display)  # reports why it cannot be read
        else:
            result = parse_text(data, entry.display)
        problems = list(result.problems)
        loaded = None
        if result.document is not None:
            loaded, found, refs = validate_document(
                result.document, KINDS[entry.kind], entry.display, entry.stem
            )
            problems.extend(found)
            if loaded is not None and len(loaded.refs) > MAX_REFS_PER_FILE:
                problems.append(
                    Problem(
                        entry.display,
                        loaded.mark.line,
                        loaded.mark.column,
                        "E106",
                        f"{len(loaded.refs)} references; the limit is {MAX_REFS_PER_FILE} per file",
                    )
                )
                loaded = None
        conn.executemany(
            "INSERT INTO file_problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(path, p.file, p.line, p.column, p.code, p.message, p.path) for p in problems],
        )
        if loaded is None:
            if any(p.is_error for p in problems):
                conn.execute(
                    "INSERT INTO skipped VALUES (?, ?, ?, ?)",
                    (entry.kind, entry.stem, entry.display, entry.layer),
                )
            if result.document is not None:
                conn.executemany(
                    "INSERT INTO loose_refs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (path, entry.display, r.kind, r.id, r.path, r.mark.line, r.mark.column)
                        for r in refs[:MAX_REFS_PER_FILE]
                    ],
                )
            return None
        kind = entry.kind
        if loaded.partial:
            assert loaded.plain is not None
            plain = loaded.plain
            record_id = str(plain.get("id", entry.stem))
            title = plain.get(TITLE_FIELD[kind])
        else:
            assert loaded.record is not None
            plain = to_plain(loaded.record)
            record_id = loaded.record.id
            title = plain[TITLE_FIELD[kind]]
        if loaded.language:
            conn.execute(
                "INSERT INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    path,
                    entry.display,
                    kind,
                    record_id,
                    loaded.language,
                    entry.layer,
                    loaded.mark.line,
                    loaded.mark.column,
                    marshal.dumps({k: plain[k] for k in loaded.given if k in plain}),
                    marshal.dumps({key: (line, col) for key, line, col in loaded.marks}),
                ),
            )
            return kind, record_id
        conn.execute(
            "INSERT INTO records(file, display, kind, id, layer, line, col, title, data, given, "
            "partial, replace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                path,
                entry.display,
                kind,
                record_id,
                entry.layer,
                loaded.mark.line,
                loaded.mark.column,
                None if title is None else str(title),
                marshal.dumps(plain),
                marshal.dumps(loaded.given),
                int(loaded.partial),
                int(loaded.replace),
            ),
        )
        conn.executemany(
            "INSERT INTO pending_problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(path, p.file, p.line, p.column, p.code, p.message, p.path) for p in loaded.missing],
        )
        conn.executemany(
            "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?)",
            [(path, r.kind, r.id, r.path, r.mark.line, r.mark.column) for r in loaded.refs],
        )
        if loaded.record is not None:
            conn.execute(
                "INSERT OR REPLACE INTO temp.bodies VALUES (?, ?)",
                (path, searchable_text(loaded.record, KINDS[kind].title_field)),
            )
        return kind, record_id

    def _settle(self, kind: str, record_id: str) -> None:
        """Decide which copies of a record are in effect and combine them, layer over layer:
        each later copy changes the fields it gives (lists of names and ids gain its items),
        unless it says `replace: true`; refresh the record's names and search text."""
        conn = self.conn
        rows = conn.execute(
            "SELECT file, data, layer, given, partial, replace, display, line, col FROM records "
            "WHERE kind = ? AND id = ? ORDER BY layer, file",
            (kind, record_id),
        ).fetchall()
        conn.execute(
            "UPDATE records SET effective = 0, contributes = 0, merged = NULL, parts = NULL "
            "WHERE kind = ? AND id = ?",
            (kind, record_id),
        )
        conn.execute("DELETE FROM chain_problems WHERE kind = ? AND id = ?", (kind, record_id))
        conn.execute("DELETE FROM names WHERE kind = ? AND id = ?", (kind, record_id))
        if kind == "term":
            conn.execute("DELETE FROM abbreviations WHERE id = ?", (record_id,))
        key = conn.execute(
            "SELECT rowid FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id)
        ).fetchone()
        if key is not None:
            conn.execute("DELETE FROM fts WHERE rowid = ?", key)
        chain: list[tuple[Any, ...]] = []
        for row in rows:
            partial, replace = row[4], row[5]
            if not partial and (not chain or replace):
                if chain and replace:
                    self._dropped(kind, record_id, chain, row)
                chain = [row]
            elif chain:
                chain.append(row)
        if not chain:
            conn.execute("DELETE FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id))
            return
        plain: dict[str, Any] = marshal.loads(chain[0][1])
        parts = dict.fromkeys(plain, chain[0][2])
        for row in chain[1:]:
            patch = marshal.loads(row[1])
            for field in marshal.loads(row[3]):
                if field == "id" or field not in patch:
                    continue
                if field in ADDITIVE and isinstance(plain.get(field), list):
                    plain[field] = [
                        *plain[field],
                        *(v for v in patch[field] if v not in plain[field]),
                    ]
                else:
                    plain[field] = patch[field]
                parts[field] = row[2]
        top = chain[-1]
        file, layer = top[0], top[2]
        title = str(plain[TITLE_FIELD[kind]])
        conn.executemany(
            "UPDATE records SET contributes = 1 WHERE file = ?", [(row[0],) for row in chain]
        )
        conn.execute(
            "UPDATE records SET effective = 1, title = ?, merged = ?, parts = ? WHERE file = ?",
            (
                title,
                marshal.dumps(plain) if len(chain) > 1 else None,
                marshal.dumps(parts) if len(chain) > 1 else None,
                file,
            ),
        )
        labels = [(record_id, 0)]
        if kind in NAMED_KINDS:
            labels.append((title, 1))
            labels.extend((alias, 2) for alias in plain.get("aliases", ()))
            # A translation's title and aliases find the record too, in any language.
            translations = (
                conn.execute(
                    "SELECT data FROM translations WHERE kind = ? AND id = ? ORDER BY layer",
                    (kind, record_id),
                ).fetchall()
                if (kind, record_id) in self.translated
                else []
            )
            for (data,) in translations:
                translated = marshal.loads(data)
                names = [translated.get(TITLE_FIELD[kind]), *translated.get("aliases", ())]
                labels.extend((name, 3) for name in names if isinstance(name, str) and name)
        abbreviation = plain.get("abbreviation") if kind == "term" else None
        if abbreviation:
            # Found by its abbreviation like by an alias (and so two terms cannot share one).
            labels.append((abbreviation["short"], 2))
            conn.execute(
                "INSERT INTO abbreviations VALUES (?, ?, ?)",
                (record_id, abbreviation["short"], abbreviation["long"]),
            )
        seen: set[str] = set()
        unique = []
        for label, rank in labels:
            norm = normalize(label)
            if norm not in seen:  # the best rank of a name is the one kept
                seen.add(norm)
                unique.append((kind, norm, record_id, rank, label, file, layer))
        conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", unique)
        if key is None:
            conn.execute("INSERT INTO search_keys VALUES (?, ?)", (kind, record_id))
            key = conn.execute(
                "SELECT rowid FROM search_keys WHERE kind = ? AND id = ?", (kind, record_id)
            ).fetchone()
        found = None
        if len(chain) == 1:
            found = conn.execute("SELECT body FROM temp.bodies WHERE file = ?", (file,)).fetchone()
        body = found[0] if found is not None else _body_of(kind, plain)
        names = [*plain.get("aliases", ()), *plain.get("variants", ())]
        conn.execute(
            "INSERT INTO fts(rowid, kind, id, title, aliases, body) VALUES (?, ?, ?, ?, ?, ?)",
            (key[0], kind, record_id, title, " · ".join(names), body),
        )

    def _dropped(
        self, kind: str, record_id: str, below: list[tuple[Any, ...]], row: tuple[Any, ...]
    ) -> None:
        """W413 when a replacement leaves out risks, contraindications or sources that the
        record it replaces had: a translation or a house version must not lose them by accident."""
        had: dict[str, Any] = {}
        for earlier in below:
            data = marshal.loads(earlier[1])
            for field in DROP_WATCHED:
                had.setdefault(field, [])
                had[field] += [v for v in data.get(field, ()) if v not in had[field]]
            had.setdefault("sources", [])
            had["sources"] += [s for s in source_ids(data) if s not in had["sources"]]
        now = marshal.loads(row[1])
        now_sources = set(source_ids(now))
        lost = []
        for field in DROP_WATCHED:
            gone = [v for v in had.get(field, ()) if v not in now.get(field, ())]
            if gone:
                lost.append(f"{field} {_some(gone)}")
        gone_sources = [s for s in dict.fromkeys(had.get("sources", ())) if s not in now_sources]
        if gone_sources:
            lost.append(f"sources {_some(gone_sources)}")
        if lost:
            self.conn.execute(
                "INSERT INTO chain_problems VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    record_id,
                    row[6],
                    row[7],
                    row[8],
                    "W413",
                    "replace: true drops what the record below had: " + "; ".join(lost),
                    "replace",
                ),
            )

    def _layered(self) -> list[Problem]:
        """Problems of combining layers: a partial record with nothing to complete it, a
        replacement that drops risks or sources, a translation that is out of date or
        translates nothing."""
        conn = self.conn
        found = [
            Problem(
                display,
                line,
                col,
                code,
                f"{message} (a record that changes one of another layer's gives only some "
                "fields, but no earlier layer has a record with this id)",
                path,
            )
            for display, line, col, code, message, path in conn.execute(
                "SELECT p.display, p.line, p.col, p.code, p.message, p.path "
                "FROM pending_problems p JOIN records r ON r.file = p.file "
                "WHERE r.contributes = 0"
            )
        ]
        found.extend(
            Problem(*row)
            for row in conn.execute(
                "SELECT display, line, col, code, message, path FROM chain_problems"
            )
        )
        translations = conn.execute(
            "SELECT t.display, t.line, t.col, t.kind, t.id, t.lang, t.data, "
            "COALESCE(r.merged, r.data), t.layer, r.parts, t.marks "
            "FROM translations t LEFT JOIN records r "
            "ON r.kind = t.kind AND r.id = t.id AND r.effective = 1"
        ).fetchall()
        if translations:
            from mesoref.model.translation import Stale, changed_above, overlay

            for row in translations:
                display, line, col, kind, record_id, lang, data, original, layer, parts, at = row
                if original is None:
                    found.append(
                        Problem(
                            display,
                            line,
                            col,
                            "E301",
                            f"translates {kind} {record_id!r} ({lang}), which does not exist",
                            "id",
                        )
                    )
                    continue
                above = changed_above(marshal.loads(parts), layer) if parts else frozenset()
                try:
                    overlay(marshal.loads(original), marshal.loads(data), above)
                except Stale as stale:
                    # At the field that differs (its top-level field's line), not at line 1.
                    field = stale.path.split(".", 1)[0].split("[", 1)[0]
                    line, col = marshal.loads(at).get(field, (line, col)) if at else (line, col)
                    found.append(
                        Problem(
                            display,
                            line,
                            col,
                            "W414",
                            f"this {lang} translation is out of date and is not shown: "
                            f"{stale.why}; update it to match the record",
                            stale.path,
                        )
                    )
        return found

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
        found.extend(self._dangling())
        found.extend(self._clashes())
        found.extend(self._layered())
        placeholders = ", ".join("?" for _ in REFERENCED_KINDS)
        for display, line, col, kind, record_id in conn.execute(
            "SELECT r.display, r.line, r.col, r.kind, r.id FROM records r "
            f"WHERE r.effective = 1 AND r.kind IN ({placeholders}) AND NOT EXISTS ("
            "  SELECT 1 FROM refs f JOIN records e ON e.file = f.file AND e.contributes = 1 "
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

    def _dangling(self) -> list[Problem]:
        """References to records that do not exist; "did you mean" for the first few."""
        conn = self.conn
        found: list[Problem] = []
        missing = conn.execute(
            "SELECT f.target_kind, f.target_id FROM "
            # UNION ALL of two DISTINCTs: a plain UNION sorts all 240,000 references of a
            # 10,000-topic layer again (25 ms instead of 18); the few repeats are dropped below.
            "(SELECT DISTINCT target_kind, target_id FROM refs "
            " UNION ALL SELECT DISTINCT target_kind, target_id FROM loose_refs) f WHERE NOT EXISTS "
            "(SELECT 1 FROM records t WHERE t.kind = f.target_kind AND t.id = f.target_id) "
            "ORDER BY f.target_kind, f.target_id"
        ).fetchall()
        missing = list(dict.fromkeys(missing))
        ids_by_kind: dict[str, list[str]] = {}
        for number, (target_kind, target_id) in enumerate(missing):
            hint = ""
            if number < MAX_SUGGESTED:
                if target_kind not in ids_by_kind:
                    ids_by_kind[target_kind] = [
                        row[0]
                        for row in conn.execute(
                            "SELECT id FROM records WHERE kind = ? AND effective = 1",
                            (target_kind,),
                        )
                    ]
                close = difflib.get_close_matches(target_id, ids_by_kind[target_kind], n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
            for display, path, line, col in conn.execute(
                "SELECT e.display, f.path, f.line, f.col FROM refs f "
                "JOIN records e ON e.file = f.file AND e.contributes = 1 "
                "WHERE f.target_kind = ? AND f.target_id = ? "
                "UNION ALL SELECT display, path, line, col FROM loose_refs "
                "WHERE target_kind = ? AND target_id = ?",
                (target_kind, target_id, target_kind, target_id),
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
        return found

    def _clashes(self) -> list[Problem]:
        """Names and aliases used by two records, and aliases that are another record's id."""
        conn = self.conn
        found: list[Problem] = []
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
                            f"{label!r} is also an alias of {kind} {record_id!r} from an "
                            "earlier layer; that name now finds this record",
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
        return found


def _body_of(kind: str, plain: dict[str, Any]) -> str:
    """The search text of a record decoded from the index (when it was not read this run)."""
    from mesoref.reading.validate import from_plain

    return searchable_text(from_plain(KINDS[kind].type, plain), KINDS[kind].title_field)
