"""`mesoref risks`: the known risks, an overview first, then by severity, most severe first.

The overview counts the risks by severity, says how many have no known frequency, names what
is common and what is rare but serious, and which risks belong to one licensed drug rather
than to mesotherapy as a whole.
"""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import (
    cited,
    frequency_says_unknown,
    label,
    section,
    severity_label,
    sources_section,
)
from mesoref.errors import NotFound
from mesoref.model.vocabulary import INCIDENCE_MEANINGS, SEVERITIES
from mesoref.output.blocks import Blank, Block, Bullets, Para, Spans, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Risk, Topic

COMMON = ("very-common", "common")
APPLIES_TO_WORDS = {
    "every-injection": "any injection",
    "some-substances": "some substances",
    "one-drug": "one licensed drug",
}


class RisksView:
    def __init__(
        self,
        groups: list[tuple[str, list[Risk]]],
        topic: Topic | None,
        severity: str | None,
        citations: Citations,
        substance_names: dict[str, str],
    ) -> None:
        self.groups = groups
        self.topic = topic
        self.severity = severity
        self.citations = citations
        self.substance_names = substance_names

    @property
    def risks(self) -> list[Risk]:
        return [risk for _, members in self.groups for risk in members]


def view(ctx: Context, topic: str | None = None, severity: str | None = None) -> RisksView:
    kb = ctx.kb
    chosen: Topic | None = None
    risks: list[Risk] = kb.all("risk")
    if topic is not None:
        chosen = kb.resolve("topic", topic)
        assert chosen is not None
        risks = kb.present("risk", chosen["risks"])
        if chosen["injection"]:
            listed = {r["id"] for r in risks}
            risks += [
                r
                for r in kb.all("risk")
                if r["applies_to"] == "every-injection" and r["id"] not in listed
            ]
    groups = []
    for level in reversed(SEVERITIES):
        if severity is not None and level != severity:
            continue
        members = sorted((r for r in risks if r["severity"] == level), key=lambda r: r["name"])
        if members:
            groups.append((level, members))
    if not groups:
        scope = f" of {chosen['title']}" if chosen else ""
        raise NotFound(f"no {severity + ' ' if severity else ''}risks{scope} are recorded")
    citations = Citations()
    shown = [r for _, members in groups for r in members]
    citations.load(kb, shown)
    names = {}
    for risk in shown:
        for substance_id in risk["substances"]:
            found = kb.get("substance", substance_id)
            if found is not None:
                names[substance_id] = found["name"]
    return RisksView(groups, chosen, severity, citations, names)


def _overview(v: RisksView) -> list[Block]:
    risks = v.risks
    counts = ", ".join(f"{len(members)} {level}" for level, members in v.groups)
    unknown = sum(1 for r in risks if r["incidence"] in (None, "unknown"))
    items: list[list[Spans]] = [
        [[span(f"{len(risks)} risks are recorded: {counts}.")]],
        [
            [
                span(
                    f"How often they happen is unknown for {unknown} of {len(risks)}: no "
                    "register or study counts complications of mesotherapy, so most figures "
                    "come from case reports and outbreak investigations."
                )
            ]
        ],
    ]
    common = [r["name"] for r in risks if r["incidence"] in COMMON]
    if common:
        items.append([[span("Common: ", "label"), span(", ".join(common) + ".")]])
    serious = [
        r["name"] for r in risks if r["severity"] == "severe" and r["incidence"] not in COMMON
    ]
    if serious:
        items.append(
            [
                [
                    span("Rare or of unknown frequency, but serious: ", "label"),
                    span(", ".join(serious) + "."),
                ]
            ]
        )
    drug = [r for r in risks if r["applies_to"] == "one-drug"]
    if drug:
        names = "; ".join(f"{r['name']} ({_substances(r, v)})" for r in drug)
        items.append(
            [
                [
                    span(
                        "Known from one licensed drug's label, not from mesotherapy as a whole: ",
                        "label",
                    ),
                    span(names + "."),
                ]
            ]
        )
    return [Bullets(items)]


def _substances(risk: Risk, v: RisksView) -> str:
    return ", ".join(v.substance_names.get(s, s) for s in risk["substances"])


def _risk_item(risk: Risk, v: RisksView) -> list[Spans]:
    cites = v.citations
    head: Spans = [span(risk["name"], "label"), span(" "), *severity_label(risk["severity"])]
    if risk["applies_to"]:
        scope = APPLIES_TO_WORDS[risk["applies_to"]]
        if risk["substances"]:
            scope += ": " + _substances(risk, v)
        head += [span(" "), *label(scope, "meta")]
    item = [head, cited(risk["summary"], cites)]
    incidence = risk["incidence"]
    how_often: Spans = [span("How often: ", "label")]
    if incidence and incidence != "unknown":
        how_often.append(span(f"{incidence.replace('-', ' ')} ({INCIDENCE_MEANINGS[incidence]}). "))
    elif incidence == "unknown" and not frequency_says_unknown(risk):
        how_often.append(span("unknown. "))
    if risk["frequency"]:
        how_often += cited(risk["frequency"], cites)
    if len(how_often) > 1:
        item.append(how_often)
    if risk["onset"]:
        item.append([span("When: ", "label"), *cited(risk["onset"], cites)])
    return item


def page(v: RisksView) -> list[Block]:
    parts: list[Block] = []
    if v.topic is not None:
        parts += [Title(f"Risks of {v.topic['title']}"), Blank()]
    else:
        parts += [Title("Risks of mesotherapy"), Blank()]
    if v.severity is None:
        parts += _overview(v)
    for severity, risks in v.groups:
        parts += section(
            f"{severity.capitalize()} risks",
            [Bullets([_risk_item(r, v) for r in risks])],
        )
    parts += sources_section(v.citations)
    parts += [
        Blank(),
        Para(
            [
                span(
                    "Severities: mild passes by itself; moderate needs treatment or lasts weeks; "
                    "severe can need hospital care or leave lasting harm. One risk in full: ",
                    "meta",
                ),
                span("mesoref show RISK-ID", "command"),
            ]
        ),
    ]
    return parts


def data(v: RisksView) -> dict[str, Any]:
    page(v)
    return {
        "topic": v.topic["id"] if v.topic else None,
        "risks": v.risks,
        "sources": numbered_json(v.citations),
    }


def rows(v: RisksView) -> list[list[object]]:
    return [
        [r["id"], r["severity"], r["incidence"] or "", r["applies_to"] or "", r["name"]]
        for r in v.risks
    ]
