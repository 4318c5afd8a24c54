"""`mesoref about`: what mesotherapy is, where its name comes from, how to read grades,
certainty and verdicts, what mesoref is not (medical advice), its licence, and where its
documentation is."""

from __future__ import annotations

from mesoref import __version__
from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import (
    certainty_legend,
    cited,
    grade_legend,
    section,
    sources_section,
    verdict_label,
)
from mesoref.commands.topic import DISCLAIMER
from mesoref.model.vocabulary import (
    CERTAINTY_MEANINGS,
    GRADE_MEANINGS,
    GRADE_PLAIN,
    VERDICT_MEANINGS,
)
from mesoref.output.blocks import Block, Bullets, Para, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Topic

LICENCE = (
    "The code is under the MIT licence (LICENSE); the knowledge base, and the text mesoref "
    "prints from it, under Creative Commons Attribution 4.0 (CC BY 4.0, LICENSE-DATA): reuse "
    "it with credit. To cite mesoref: mesoref cite mesoref (CITATION.cff says the same)."
)
DOCUMENTATION = (
    "Documentation: the README that comes with mesoref, and `mesoref --help` or "
    "`mesoref COMMAND --help`. The project has no public web address yet."
)


class AboutView:
    def __init__(
        self, mesotherapy: Topic | None, name_origin: Topic | None, citations: Citations
    ) -> None:
        self.mesotherapy = mesotherapy
        self.name_origin = name_origin
        self.citations = citations


def view(ctx: Context) -> AboutView:
    kb = ctx.kb
    mesotherapy = kb.get("topic", "mesotherapy")
    name_origin = kb.get("topic", "name-origin")
    citations = Citations()
    citations.load(kb, [t for t in (mesotherapy, name_origin) if t is not None])
    return AboutView(mesotherapy, name_origin, citations)


def page(v: AboutView) -> list[Block]:
    cites = v.citations
    parts: list[Block] = [
        Title(f"mesoref {__version__}"),
        Para([span("A sourced, evidence-graded reference on mesotherapy.", "meta")]),
    ]
    if v.mesotherapy:
        parts += section("What mesotherapy is", [Para(cited(v.mesotherapy["summary"], cites))])
        if v.mesotherapy["done"]:
            parts.append(Bullets([[cited(s, cites)] for s in v.mesotherapy["done"]]))
    if v.name_origin:
        parts += section(
            "Where the name comes from", [Para(cited(v.name_origin["summary"], cites))]
        )
    parts += section("How to read evidence grades", grade_legend())
    parts += section("How to read the certainty of an outcome (GRADE)", certainty_legend())
    parts += section(
        "How to read claim verdicts",
        [Bullets([[[*verdict_label(k), span(f" {m}")]] for k, m in VERDICT_MEANINGS.items()])],
    )
    parts += section(
        "Disclaimer",
        [
            Para([span(DISCLAIMER)]),
            Para(
                [
                    span(
                        "mesoref summarises published sources and says where they disagree or "
                        "are wrong. It cannot weigh your circumstances, and it recommends no "
                        "treatment."
                    )
                ]
            ),
        ],
    )
    parts += section("Licence and how to cite mesoref", [Para([span(LICENCE)])])
    parts += section("Documentation and help", [Para([span(DOCUMENTATION)])])
    parts += sources_section(cites)
    return parts


def data(v: AboutView) -> dict[str, Any]:
    page(v)
    return {
        "version": __version__,
        "mesotherapy": v.mesotherapy,
        "name_origin": v.name_origin,
        "grades": {g: {"meaning": m, "plain": GRADE_PLAIN[g]} for g, m in GRADE_MEANINGS.items()},
        "certainty": dict(CERTAINTY_MEANINGS),
        "verdicts": dict(VERDICT_MEANINGS),
        "disclaimer": DISCLAIMER,
        "licence": {"code": "MIT", "data": "CC-BY-4.0", "text": LICENCE},
        "documentation": DOCUMENTATION,
        "sources": numbered_json(v.citations),
    }
