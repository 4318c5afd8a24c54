"""`mesoref glossary [TERM]`: one definition, or every term with its definition."""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import cited, sources_section
from mesoref.output.blocks import Blank, Block, Para, Spans, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Term


class GlossaryView:
    def __init__(self, terms: list[Term], names: dict[str, str], citations: Citations) -> None:
        self.terms = terms
        self.names = names  # id -> term, for "see also"
        self.citations = citations


def view(ctx: Context, term: str | None = None) -> GlossaryView:
    kb = ctx.kb
    if term is None:
        terms: list[Term] = sorted(kb.all("term"), key=lambda t: t["term"].casefold())
    else:
        terms = [kb.resolve("term", term)]
    names = {}
    for entry in terms:
        for other in entry["see_also"]:
            found = kb.get("term", other)
            if found is not None:
                names[other] = found["term"]
    citations = Citations()
    citations.load(kb, terms)
    return GlossaryView(terms, names, citations)


def page(v: GlossaryView) -> list[Block]:
    parts: list[Block] = []
    for term in v.terms:
        head: Spans = [span(term["term"], "label")]
        if term["abbreviation"]:
            head.append(span(f" [{term['abbreviation']['short']}]", "label"))
        if term["aliases"]:
            head.append(span(f" ({', '.join(term['aliases'])})", "meta"))
        parts += [Para(head), Para(cited(term["definition"], v.citations))]
        if term["see_also"]:
            seen = [
                f"{v.names.get(i, i)} (mesoref glossary {i})"
                for i in term["see_also"]
                if i in v.names
            ]
            if seen:
                parts.append(Para([span("See also: " + ", ".join(seen), "meta")]))
        parts.append(Blank())
    parts += sources_section(v.citations)
    return parts


def data(v: GlossaryView) -> dict[str, Any]:
    page(v)
    return {"terms": v.terms, "sources": numbered_json(v.citations)}


def rows(v: GlossaryView) -> list[list[object]]:
    return [[t["id"], t["term"], t["definition"]["text"]] for t in v.terms]
