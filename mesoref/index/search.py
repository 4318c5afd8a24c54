"""Full-text search over every record: SQLite FTS5 with BM25 ranking, Porter stemming and
accents folded.

Whatever the user types becomes a valid query: words are quoted (so FTS5 operators and
punctuation are just text), "quoted phrases" stay phrases, and a trailing `*` asks for a
prefix.  Every word must match; if no record has them all, records with any are shown.  A
record whose id, title or alias is exactly the query comes first.  The query is bounded
(`MAX_QUERY` characters, `MAX_TERMS` terms) and so are snippets, so no input is slow.

Standard library only, and no `re`.
"""

from __future__ import annotations

from mesoref.index.sqlite import sqlite3
from mesoref.model.names import normalize

START, END = "\x02", "\x03"  # match markers in snippets (control characters never in data)
MAX_QUERY = 200
MAX_TERMS = 16
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


class Hit:
    __slots__ = ("id", "kind", "score", "snippet", "title")

    def __init__(self, kind: str, id: str, title: str, snippet: str, score: float) -> None:
        self.kind = kind
        self.id = id
        self.title = title
        self.snippet = snippet  # with START/END around each matched term
        self.score = score


class Results:
    __slots__ = ("all_words", "hits")

    def __init__(self, hits: list[Hit], all_words: bool) -> None:
        self.hits = hits
        self.all_words = all_words  # False when no record had every word


def _words(text: str) -> list[str]:
    """Runs of letters, digits and underscores (what `\\w+` would find)."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalnum() or char == "_":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def terms(text: str) -> list[str]:
    """The FTS5 terms for what the user typed; empty when it holds no word at all."""
    text = text[:MAX_QUERY]
    found: list[str] = []
    parts = text.split('"')
    for index, part in enumerate(parts):
        if index % 2 == 1:  # inside quotes: a phrase
            words = _words(part)
            if words:
                found.append('"' + " ".join(words) + '"')
            continue
        for token in part.split():
            words = _words(token)
            for i, word in enumerate(words):
                prefix = token.endswith("*") and i == len(words) - 1
                found.append(f'"{word}"' + ("*" if prefix else ""))
    return found[:MAX_TERMS]


def _run(
    conn: sqlite3.Connection,
    match: str,
    kind: str | None,
    limit: int,
    record_id: str | None = None,
) -> list[Hit]:
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
    if record_id is not None:
        sql += " AND fts.id = ?"
        params.append(record_id)
    sql += " ORDER BY score, fts.kind, fts.id LIMIT ?"
    params.append(limit)
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # a query FTS5 still cannot parse is a query with no hits
    return [Hit(*row) for row in rows]


def _exact(conn: sqlite3.Connection, text: str, kind: str | None) -> list[tuple[str, str]]:
    """Records whose id, title or alias is exactly the query (case, accents and separators
    aside), entries first."""
    key = normalize(text[:MAX_QUERY])
    if not key:
        return []
    sql = "SELECT DISTINCT kind, id FROM names WHERE norm = ?"
    params: list[object] = [key]
    if kind is not None:
        sql += " AND kind = ?"
        params.append(kind)
    rows = conn.execute(sql, params).fetchall()
    return sorted(rows, key=lambda row: (-KIND_WEIGHT.get(row[0], 1.0), row[0], row[1]))


def search(conn: sqlite3.Connection, text: str, kind: str | None, limit: int) -> Results:
    found = terms(text)
    exact = _exact(conn, text, kind)
    if not found:
        return Results([], True)
    all_words = True
    hits = _run(conn, " AND ".join(found), kind, limit + len(exact))
    if not hits and len(found) > 1:
        hits = _run(conn, " OR ".join(found), kind, limit + len(exact))
        all_words = False
    if exact:
        present = {(hit.kind, hit.id) for hit in hits}
        for exact_kind, exact_id in exact:
            if (exact_kind, exact_id) not in present:
                hits += _run(conn, " OR ".join(found), exact_kind, 1, exact_id) or [
                    _bare_hit(conn, exact_kind, exact_id)
                ]
        first = {(k, i): n for n, (k, i) in enumerate(exact)}
        hits.sort(key=lambda hit: (first.get((hit.kind, hit.id), len(first)), hit.score))
    return Results(hits[:limit], all_words)


def _bare_hit(conn: sqlite3.Connection, kind: str, record_id: str) -> Hit:
    """A hit for a record found by its name alone (its text holds none of the words)."""
    row = conn.execute(
        "SELECT title FROM records WHERE kind = ? AND id = ? AND effective = 1", (kind, record_id)
    ).fetchone()
    return Hit(kind, record_id, str(row[0]) if row else record_id, "", 0.0)


def plain(snippet: str) -> str:
    return snippet.replace(START, "").replace(END, "")


def highlights(snippet: str) -> list[tuple[int, int]]:
    """Character ranges of the matches within the plain snippet."""
    ranges = []
    position = 0
    start = 0
    for char in snippet:
        if char == START:
            start = position
        elif char == END:
            ranges.append((start, position))
        else:
            position += 1
    return ranges
