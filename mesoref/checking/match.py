"""Which known claims a sentence resembles: SQLite FTS5 finds candidates by BM25, and a
re-ranker scores each by how much of the weighted vocabulary the two share.

Every claim is indexed with its alternative phrasings (`variants`). Words are reduced to their
stems by FTS5's own Porter tokenizer (read back through `fts5vocab`), so the retrieval and the
re-ranker see the same words. The score of a claim is the best weighted Dice coefficient of the
sentence with any of its phrasings: twice the weight of the shared stems over the weight of
both, each stem weighted by its inverse document frequency among the phrasings. A sentence of
more than `LONG` words is scored clause by clause as well, and each claim keeps its best score.
A sentence is flagged when its best score reaches `THRESHOLD`; claims scoring within `CLOSE` of
the best are shown with it, three at most. The settings were chosen on half of the evaluation
set in `bench/check-eval/` and are reported on the other half in `bench/RESULTS.md`.
"""

from __future__ import annotations

import math
import re

from mesoref.index.sqlite import sqlite3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

THRESHOLD = 0.35
CLOSE = 0.7  # a claim within this fraction of the best score is shown too
SHOWN = 3
UNKNOWN = 6.0  # the weight of a stem that no phrasing uses
LONG = 20  # words: a sentence longer than this is also scored clause by clause
MIN_CLAUSE = 5  # words: shorter pieces of a long sentence are not scored on their own
CANDIDATES = 40  # phrasings retrieved by BM25 for the re-ranker

STOPWORDS = (
    "a an and are as at be been but by can could do does for from had has have he her his how "
    "i if in into is it its just may me more most my no not of on one or our out over own she "
    "so some such than that the their them then there these they this those to too up us very "
    "was we were what when where which while who why will with would you your yours also any "
    "all each get gets got make makes made every much many after before about again only"
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_ASIDE = re.compile(r"\s*\([^)]*\)")
# Where a long sentence divides into clauses: a comma before a conjunction, a semicolon, a
# dash or a colon.
_CLAUSE = re.compile(
    r",\s+(?:however|but|and|as well as|while|whereas|so|which)\b"
    r"|;\s+|\s+[\u2013\u2014-]\s+|:\s+",
    re.IGNORECASE,
)

_DDL = """
CREATE VIRTUAL TABLE phrasing USING fts5(
    claim UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE phrasing_terms USING fts5vocab(phrasing, 'instance');
CREATE VIRTUAL TABLE phrasing_df USING fts5vocab(phrasing, 'row');
CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance');
"""


class Match:
    __slots__ = ("claim", "score")

    def __init__(self, claim: str, score: float) -> None:
        self.claim = claim
        self.score = score


def claim_phrasings(claim: Any) -> list[str]:
    """How a claim may be worded: its own text without editorial asides in brackets, and its
    variants."""
    return [_ASIDE.sub("", claim["claim"]), *claim["variants"]]


class Matcher:
    """Known claims, indexed once; `match` scores any number of sentences against them."""

    def __init__(
        self, claims: Iterable[Any], threshold: float = THRESHOLD, close: float = CLOSE
    ) -> None:
        self.threshold = threshold
        self.close = close
        self.unknown = UNKNOWN
        self.conn = sqlite3.connect(":memory:")
        self.conn.executescript(_DDL)
        rows = [(c["id"], text) for c in claims for text in claim_phrasings(c)]
        self.conn.executemany("INSERT INTO phrasing(claim, text) VALUES (?, ?)", rows)
        self.claim_of = dict(self.conn.execute("SELECT rowid, claim FROM phrasing").fetchall())
        self.stop = self._stems([STOPWORDS])[0]
        count = len(rows)
        self.idf = {
            term: math.log((count + 1) / (df + 0.5))
            for term, df in self.conn.execute("SELECT term, doc FROM phrasing_df")
        }
        self.terms: dict[int, set[str]] = {}
        for term, doc in self.conn.execute("SELECT term, doc FROM phrasing_terms"):
            if term not in self.stop:
                self.terms.setdefault(doc, set()).add(term)
        self.weight = {doc: self._mass(terms) for doc, terms in self.terms.items()}

    def _stems(self, texts: Sequence[str]) -> list[set[str]]:
        """The stems FTS5 makes of each text (by its own tokenizer)."""
        self.conn.execute("DELETE FROM probe")
        self.conn.executemany(
            "INSERT INTO probe(rowid, text) VALUES (?, ?)", list(enumerate(texts, start=1))
        )
        found: list[set[str]] = [set() for _ in texts]
        for term, doc in self.conn.execute("SELECT term, doc FROM probe_terms"):
            found[doc - 1].add(term)
        return found

    def _mass(self, terms: Iterable[str]) -> float:
        # A stem no phrasing uses cannot be shared with any claim: it counts for less than a
        # rare shared one, or every new word in a restatement would sink its score.
        return sum(self.idf.get(t, self.unknown) for t in terms)

    def match(self, sentences: Sequence[str]) -> list[list[Match]]:
        """For each sentence, the claims it resembles (best first), or none. A long sentence
        is also scored clause by clause, because pages pack several claims into one."""
        parts: list[tuple[int, str]] = []
        for number, sentence in enumerate(sentences):
            parts.append((number, sentence))
            if len(sentence.split()) > LONG:
                parts += [
                    (number, clause)
                    for clause in _CLAUSE.split(sentence)
                    if clause and len(clause.split()) >= MIN_CLAUSE
                ]
        stems = self._stems([text for _, text in parts])
        best: list[dict[str, float]] = [{} for _ in sentences]
        for (number, text), terms in zip(parts, stems, strict=True):
            terms = terms - self.stop
            if not terms:
                continue
            for claim, score in self._scores(text, terms).items():
                if score > best[number].get(claim, 0.0):
                    best[number][claim] = score
        return [self._shown(scores) for scores in best]

    def _shown(self, scores: dict[str, float]) -> list[Match]:
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if not ranked or ranked[0][1] < self.threshold:
            return []
        top = ranked[0][1]
        return [Match(c, round(s, 3)) for c, s in ranked[:SHOWN] if s >= top * self.close]

    def _scores(self, sentence: str, terms: set[str]) -> dict[str, float]:
        """Each candidate claim's best weighted Dice score against the sentence."""
        words = {w.lower() for w in _WORD.findall(sentence)} - set(STOPWORDS.split())
        if not words:
            return {}
        query = " OR ".join('"' + w.replace('"', "") + '"' for w in sorted(words)[:64])
        candidates = self.conn.execute(
            "SELECT rowid FROM phrasing WHERE phrasing MATCH ? ORDER BY rank LIMIT ?",
            (query, CANDIDATES),
        ).fetchall()
        own = self._mass(terms)
        scores: dict[str, float] = {}
        for (doc,) in candidates:
            shared = terms & self.terms.get(doc, set())
            if not shared:
                continue
            score = 2 * self._mass(shared) / (own + self.weight[doc])
            claim = self.claim_of[doc]
            if score > scores.get(claim, 0.0):
                scores[claim] = score
        return scores
