"""Full-text search over every record: SQLite FTS5 with BM25 ranking, Porter stemming and
accents folded.

Whatever the user types becomes a valid query: words are quoted (so FTS5 operators and
punctuation are just text), "quoted phrases" stay phrases, and a trailing `*` asks for a
prefix.  Every word must match; if no record has them all, records with any are shown.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

START, END = "\x02", "\x03"  # match markers in snippets (control characters never in data)
# How much a word counts in each column: the title most, then aliases, then the text.
TITLE_WEIGHT, ALIAS_WEIGHT, BODY_WEIGHT = 10.0, 5.0, 1.0
# Entries are the answers a reader looks for; history, sources and claims support them.  An
# entry's BM25 score counts this much more than a supporting record's with the same words.
KIND_WEIGHT = {
    "topic": 1.5,
    "risk": 1.5,
    "substance": 1.5,
    "contraindication": 1.3,
    "term": 1.3,
    "event": 1.0,
    "source": 0.8,
    "claim": 0.8,
}
_KIND_CASE = (
    "CASE fts.kind "
    + " ".join(f"WHEN '{kind}' THEN {weight}" for kind, weight in KIND_WEIGHT.items())
    + " ELSE 1.0 END"
)
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    id: str
    title: str
    snippet: str  # with START/END around each matched term
    score: float


def terms(text: str) -> list[str]:
    """The FTS5 terms for what the user typed; empty when it holds no word at all."""
    found = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                found.append('"' + " ".join(words) + '"')
            continue
        words = _WORD.findall(word)
        for i, token in enumerate(words):
            prefix = word.endswith("*") and i == len(words) - 1
            found.append(f'"{token}"' + ("*" if prefix else ""))
    return found


def _run(conn: sqlite3.Connection, match: str, kind: str | None, limit: int) -> list[Hit]:
    sql = (
        f"SELECT fts.kind, fts.id, r.title, snippet(fts, 4, '{START}', '{END}', ' … ', 16), "
        f"bm25(fts, 0.0, 0.0, {TITLE_WEIGHT}, {ALIAS_WEIGHT}, {BODY_WEIGHT}) * {_KIND_CASE} "
        "AS score "
        "FROM fts JOIN records r ON r.kind = fts.kind AND r.id = fts.id AND r.effective = 1 "
        "WHERE fts MATCH ?"
    )
    params: list[object] = [match]
    if kind is not None:
        sql += " AND fts.kind = ?"
        params.append(kind)
    sql += " ORDER BY score, fts.kind, fts.id LIMIT ?"
    params.append(limit)
    try:
        return [Hit(*row) for row in conn.execute(sql, params)]
    except sqlite3.OperationalError:
        return []  # a query FTS5 still cannot parse is a query with no hits


@dataclass(frozen=True, slots=True)
class Results:
    hits: list[Hit]
    all_words: bool  # False when no record had every word and any-word hits are shown


def search(conn: sqlite3.Connection, text: str, kind: str | None, limit: int) -> Results:
    found = terms(text)
    if not found:
        return Results([], True)
    hits = _run(conn, " AND ".join(found), kind, limit)
    if hits or len(found) == 1:
        return Results(hits, True)
    return Results(_run(conn, " OR ".join(found), kind, limit), False)


def plain(snippet: str) -> str:
    return snippet.replace(START, "").replace(END, "")


def highlights(snippet: str) -> list[tuple[int, int]]:
    """Character ranges of the matches within the plain snippet."""
    ranges = []
    position = start = 0
    for part in re.split(f"({START}|{END})", snippet):
        if part == START:
            start = position
        elif part == END:
            ranges.append((start, position))
        else:
            position += len(part)
    return ranges
