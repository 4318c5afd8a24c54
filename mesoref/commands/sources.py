"""`mesoref sources`: every source mesoref cites, the web articles it audits first, then the
rest by kind."""

from __future__ import annotations

from mesoref.commands.citations import reference
from mesoref.model.vocabulary import SOURCE_KIND_TITLES
from mesoref.output.blocks import Block, Column, Grid, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.index.kb import KnowledgeBase
    from mesoref.model.plain import Source


class SourcesView:
    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources


def by_kind(kb: KnowledgeBase) -> list[Source]:
    sources: list[Source] = kb.all("source")
    return sorted(sources, key=lambda s: (s["kind"] != "seed-document", s["kind"], s["id"]))


def view(ctx: Context) -> SourcesView:
    return SourcesView(by_kind(ctx.kb))


def page(v: SourcesView) -> list[Block]:
    rows = [
        [
            [span(s["id"], "label")],
            [*reference(s), span(f"  {SOURCE_KIND_TITLES[s['kind']]}", "meta")],
        ]
        for s in v.sources
    ]
    return [Grid([Column(max_share=0.3), Column(wrap=True)], rows)]


def data(v: SourcesView) -> dict[str, Any]:
    return {"sources": v.sources}


def rows(v: SourcesView) -> list[list[object]]:
    return [
        [
            s["id"],
            s["kind"],
            s["year"] or "",
            s["doi"] or "",
            s["pmid"] or "",
            s["url"] or "",
            s["title"],
        ]
        for s in v.sources
    ]
