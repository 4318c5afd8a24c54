"""`mesoref substances`: every substance with its class and the grade of the evidence for
injecting it into the skin as mesotherapy (a drug may be licensed and proven for other uses:
its own page says so)."""

from __future__ import annotations

from mesoref.commands.statements import grade_label
from mesoref.output.blocks import Blank, Block, Column, Grid, Para, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Substance


class SubstancesView:
    def __init__(self, substances: list[Substance]) -> None:
        self.substances = substances


def view(ctx: Context) -> SubstancesView:
    return SubstancesView(ctx.kb.all("substance"))


def page(v: SubstancesView) -> list[Block]:
    rows = []
    for s in v.substances:
        name = [span(s["name"], "label"), span(" — " + s["class"], "meta")]
        if s["licensed_uses"]:
            name.append(span(" · licensed for other uses", "meta"))
        rows.append([[span(s["id"], "label")], grade_label(s["evidence"]["grade"]), name])
    return [
        Para(
            [
                span(
                    "Grades are for injection into the skin as mesotherapy, not for the drug "
                    "itself: a drug graded here may be licensed and well proven for other uses "
                    "(its page says so: mesoref substance NAME).",
                    "meta",
                )
            ]
        ),
        Blank(),
        Grid([Column(), Column(), Column(wrap=True)], rows),
    ]


def data(v: SubstancesView) -> dict[str, Any]:
    return {"substances": v.substances}


def rows(v: SubstancesView) -> list[list[object]]:
    return [
        [
            s["id"],
            s["evidence"]["grade"],
            s["class"],
            s["name"],
            "licensed" if s["licensed_uses"] else "",
        ]
        for s in v.substances
    ]
