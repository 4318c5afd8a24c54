"""`mesoref substance NAME`: one substance: what it is claimed to do, what the evidence says
(and what the grade is a grade of: injection into the skin as mesotherapy), what it is
licensed for elsewhere, regulators' warnings, the topics that use it, and its sources."""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import (
    cited,
    disagreement_blocks,
    evidence_blocks,
    grade_words,
    section,
    sources_section,
)
from mesoref.commands.topic import brief as topic_brief
from mesoref.output.blocks import Blank, Block, Bullets, Para, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.index.kb import KnowledgeBase
    from mesoref.model.plain import Substance, Topic


class SubstanceView:
    def __init__(self, substance: Substance, kb: KnowledgeBase) -> None:
        self.substance = substance
        origin = kb.origin("substance", substance["id"])
        self.origin = origin.layer
        self.origin_words = origin.words()
        topics: list[Topic] = kb.referrers("topic", "substance", substance["id"])
        self.topics = sorted(topics, key=lambda t: t["title"])
        self.citations = Citations()
        self.citations.load(kb, substance)


def view(ctx: Context, name: str) -> SubstanceView:
    return SubstanceView(ctx.kb.resolve("substance", name), ctx.kb)


def page(v: SubstanceView) -> list[Block]:
    s, cites = v.substance, v.citations
    meta = [s["class"]]
    meta += v.origin_words
    parts: list[Block] = [Title(s["name"]), Para([span(" · ".join(meta), "meta")])]
    if s["aliases"]:
        parts.append(Para([span("Also called: ", "meta"), span(", ".join(s["aliases"]))]))
    parts += [
        Blank(),
        Para([span("Does it work as mesotherapy? ", "label"), *grade_words(s["evidence"])]),
    ]
    if s["licensed_uses"]:
        parts.append(Para([span("Licensed for other uses: ", "label"), span("yes; see below.")]))
    parts += section("Claimed purpose", [Para(cited(s["purpose"], cites))])
    parts += section("What the evidence says", evidence_blocks(s["evidence"], cites))
    parts += section(
        "Licensed uses (other routes or products)",
        [Bullets([[cited(u, cites)] for u in s["licensed_uses"]])] if s["licensed_uses"] else [],
    )
    parts += section(
        "Regulators' warnings",
        [Bullets([[cited(w, cites)] for w in s["warnings"]])] if s["warnings"] else [],
    )
    if s["regulatory"]:
        parts += section("Regulatory status", [Para(cited(s["regulatory"], cites))])
    parts += section("Where sources disagree", disagreement_blocks(s["disagreements"], cites))
    if v.topics:
        parts += section(
            "Used in",
            [Para([span(", ".join(f"{t['title']} ({t['id']})" for t in v.topics))])],
        )
    parts += sources_section(cites)
    if s["changes"]:
        parts += section(
            "Changes to this page",
            [Bullets([[[span(c["date"], "date"), span(" " + c["what"])]] for c in s["changes"]])],
        )
    return parts


def data(v: SubstanceView) -> dict[str, Any]:
    page(v)
    return {
        "substance": v.substance,
        "layer": v.origin,
        "topics": [topic_brief(t) for t in v.topics],
        "sources": numbered_json(v.citations),
    }
