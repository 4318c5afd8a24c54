"""`mesoref evidence`: the whole field per outcome: every topic's headline grade with what it
is a grade of, then each outcome with its plain-language effect and its certainty."""

from __future__ import annotations

from mesoref.commands.statements import certainty_legend, grade_label, grade_legend, label, section
from mesoref.commands.topic import brief, head
from mesoref.model.vocabulary import GRADE_ORDER, plain_effect
from mesoref.output.blocks import Block, Bullets, Para, Spans, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.commands.topic import TopicHead
    from mesoref.model.plain import Outcome


class EvidenceView:
    def __init__(self, topics: list[TopicHead]) -> None:
        self.topics = topics


def view(ctx: Context) -> EvidenceView:
    # Only what the page shows of each topic is kept (see `topics`).
    topics = [head(t) for t in ctx.kb.each("topic")]
    topics.sort(key=lambda t: (GRADE_ORDER.index(t["evidence"]["grade"]), t["title"].casefold()))
    return EvidenceView(topics)


def _topic_item(topic: TopicHead) -> list[Spans]:
    evidence = topic["evidence"]
    head: Spans = [
        *grade_label(evidence["grade"]),
        span(" "),
        span(topic["title"], "label"),
        span(f" ({topic['id']})", "id"),
    ]
    item = [head]
    if evidence["about"]:
        item.append([span("Grades: ", "meta"), span(evidence["about"])])
    item.append([span(evidence["reason"])])
    for outcome in evidence["outcomes"]:
        line: Spans = [span("- " + outcome["outcome"] + ", " + outcome["intervention"] + ": ")]
        line.append(span(plain_effect(outcome["result"], outcome["certainty"]), "label"))
        if outcome["certainty"]:
            line += [
                span(" "),
                *label(f"{outcome['certainty']} certainty", f"certainty.{outcome['certainty']}"),
            ]
        item.append(line)
    return item


def page(v: EvidenceView) -> list[Block]:
    parts: list[Block] = [
        Title("The evidence, topic by topic and outcome by outcome"),
        Para(
            [
                span(
                    "Best supported first. Each grade says what it grades; each outcome says "
                    "what the studies found, in the words Cochrane uses, with its certainty.",
                    "meta",
                )
            ]
        ),
    ]
    for grade in GRADE_ORDER:
        members = [t for t in v.topics if t["evidence"]["grade"] == grade]
        if members:
            parts += section(f"Graded {grade}", [Bullets([_topic_item(t) for t in members])])
    parts += section("What the grades mean", grade_legend())
    parts += section("What the certainty of an outcome means (GRADE)", certainty_legend())
    return parts


def data(v: EvidenceView) -> dict[str, Any]:
    return {"topics": [{**brief(t), "outcomes": t["evidence"]["outcomes"]} for t in v.topics]}


def rows(v: EvidenceView) -> list[list[object]]:
    found: list[list[object]] = []
    for t in v.topics:
        outcomes: list[Outcome | None] = [*t["evidence"]["outcomes"]] or [None]
        for o in outcomes:
            found.append(
                [
                    t["id"],
                    t["evidence"]["grade"],
                    o["outcome"] if o else "",
                    o["intervention"] if o else "",
                    o["result"] if o else "",
                    (o["certainty"] or "") if o else "",
                ]
            )
    return found
