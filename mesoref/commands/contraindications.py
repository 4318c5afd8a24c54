"""`mesoref contraindications`: reasons not to have mesotherapy, each with where it comes from
(a drug label, a trial's exclusions, a consensus, or practitioners' lists) and what it applies
to (any injection, some substances, one licensed drug)."""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import cited, label, sources_section
from mesoref.output.blocks import Blank, Block, Bullets, Para, Spans, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Contraindication

BASIS_WORDS = {
    "drug-label": "drug label",
    "trial-exclusion": "excluded from trials",
    "consensus": "consensus",
    "practitioner-lists": "practitioners' lists",
}
APPLIES = {
    "every-injection": "any injection",
    "some-substances": "some substances",
    "one-drug": "one licensed drug",
}


class ContraindicationsView:
    def __init__(
        self, items: list[Contraindication], names: dict[str, str], citations: Citations
    ) -> None:
        self.items = items
        self.names = names
        self.citations = citations


def view(ctx: Context) -> ContraindicationsView:
    kb = ctx.kb
    items: list[Contraindication] = sorted(kb.all("contraindication"), key=lambda c: c["name"])
    names = {}
    for item in items:
        for substance_id in item["substances"]:
            found = kb.get("substance", substance_id)
            if found is not None:
                names[substance_id] = found["name"]
    citations = Citations()
    citations.load(kb, items)
    return ContraindicationsView(items, names, citations)


def item_spans(item: Contraindication, v: ContraindicationsView) -> list[Spans]:
    head: Spans = [
        span(item["name"], "label"),
        span(" "),
        *label(BASIS_WORDS[item["basis"]], "meta"),
    ]
    if item["applies_to"]:
        scope = APPLIES[item["applies_to"]]
        if item["substances"]:
            scope += ": " + ", ".join(v.names.get(s, s) for s in item["substances"])
        head += [span(" "), *label(scope, "meta")]
    return [head, cited(item["description"], v.citations)]


def page(v: ContraindicationsView) -> list[Block]:
    parts: list[Block] = [
        Title("Who should not have mesotherapy"),
        Para(
            [
                span(
                    "There is no evidence-based standard list: each entry says where it comes "
                    "from and what it applies to.",
                    "meta",
                )
            ]
        ),
        Blank(),
        Bullets([item_spans(item, v) for item in v.items]),
    ]
    parts += sources_section(v.citations)
    return parts


def data(v: ContraindicationsView) -> dict[str, Any]:
    page(v)
    return {"contraindications": v.items, "sources": numbered_json(v.citations)}


def rows(v: ContraindicationsView) -> list[list[object]]:
    return [[c["id"], c["basis"], c["applies_to"] or "", c["name"]] for c in v.items]
