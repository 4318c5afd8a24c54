"""`mesoref search QUERY`: ranked full-text search over every kind of record.  Every hit shows
the command that opens it (`mesoref show ID`); claims show their verdict."""

from __future__ import annotations

from mesoref.commands.statements import verdict_label
from mesoref.errors import NotFound, UsageProblem
from mesoref.index.search import END, START, Results, highlights, plain
from mesoref.model.kinds import NAMED_KINDS
from mesoref.output.blocks import Blank, Block, Bullets, Para, Spans, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


class SearchView:
    def __init__(
        self, query: str, kind: str | None, results: Results, verdicts: dict[str, str]
    ) -> None:
        self.query = query
        self.kind = kind
        self.results = results
        self.verdicts = verdicts  # claim id -> verdict


def view(ctx: Context, query: str, kind: str | None = None, limit: int = 10) -> SearchView:
    if limit < 1:
        raise UsageProblem(f"--limit must be at least 1, not {limit}")
    kb = ctx.kb
    results = kb.search(query, kind, min(limit, 1000))
    if not results.hits:
        near: list[str] = []
        for suggest_kind in NAMED_KINDS:
            near += [i for i in kb.suggest(suggest_kind, query) if i not in near]
        where = f" among {kb.plural(kind)}" if kind else ""
        raise NotFound(f"no matches for {query!r}{where}", near[:4])
    verdicts = {}
    for hit in results.hits:
        if hit.kind == "claim":
            claim = kb.get("claim", hit.id)
            if claim is not None:
                verdicts[hit.id] = claim["verdict"]
    return SearchView(query, kind, results, verdicts)


def _marked(snippet: str) -> Spans:
    parts: Spans = []
    for index, piece in enumerate(snippet.replace(END, START).split(START)):
        if piece:
            parts.append(span(piece, "match" if index % 2 else ""))
    return parts


def page(v: SearchView) -> list[Block]:
    hits = v.results.hits
    count = f"{len(hits)} result{'s' if len(hits) != 1 else ''} for {v.query!r}"
    parts: list[Block] = [Para([span(count, "meta")])]
    if not v.results.all_words:
        parts.append(Para([span("No record has every word; these have some of them.", "meta")]))
    items = []
    for hit in hits:
        title = hit.title
        head: Spans = [span(f"{hit.kind}: ", "meta")]
        if hit.id in v.verdicts:
            head += [*verdict_label(v.verdicts[hit.id]), span(" ")]
        head += [span(title, "label"), span("  "), span(f"mesoref show {hit.id}", "command")]
        items.append([head, _marked(hit.snippet)])
    return [*parts, Blank(), Bullets(items)]


def data(v: SearchView) -> dict[str, Any]:
    return {
        "query": v.query,
        "kind": v.kind,
        "all_words": v.results.all_words,
        "hits": [
            {
                "kind": hit.kind,
                "id": hit.id,
                "title": hit.title,
                "verdict": v.verdicts.get(hit.id),
                "snippet": plain(hit.snippet),
                "highlights": [list(r) for r in highlights(hit.snippet)],
                "score": round(hit.score, 4),
                "command": f"mesoref show {hit.id}",
            }
            for hit in v.results.hits
        ],
    }


def rows(v: SearchView) -> list[list[object]]:
    return [[h.kind, h.id, v.verdicts.get(h.id, ""), h.title] for h in v.results.hits]
