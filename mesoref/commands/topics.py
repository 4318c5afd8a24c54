"""`mesoref topics`: every topic by category with its grade and one-line summary; one id per
line when stdout is not a terminal."""

from __future__ import annotations

from mesoref.commands.statements import grade_label
from mesoref.commands.topic import brief
from mesoref.model.vocabulary import CATEGORIES, CATEGORY_TITLES
from mesoref.output.blocks import Blank, Block, Column, Grid, Heading, Verbatim, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


class TopicsView:
    """Each topic as `topic.brief` gives it: the list keeps a few fields of each topic, not
    whole records (10,000 whole topics take over 100 MiB)."""

    def __init__(self, groups: list[tuple[str, list[dict[str, Any]]]], ids_only: bool) -> None:
        self.groups = groups
        self.ids_only = ids_only

    @property
    def topics(self) -> list[dict[str, Any]]:
        return [t for _, members in self.groups for t in members]


def view(ctx: Context) -> TopicsView:
    topics = [brief(t) for t in ctx.kb.each("topic")]
    groups = []
    for category in CATEGORIES:
        members = sorted((t for t in topics if t["category"] == category), key=lambda t: t["title"])
        if members:
            groups.append((category, members))
    return TopicsView(groups, ids_only=not ctx.terminal and not ctx.plain)


def page(v: TopicsView) -> list[Block]:
    if v.ids_only:
        return [Verbatim([t["id"] for t in v.topics])]
    parts: list[Block] = []
    for category, topics in v.groups:
        if parts:
            parts.append(Blank())
        parts.append(Heading(CATEGORY_TITLES[category]))
        rows = [
            [
                [span(t["id"], "label")],
                [*grade_label(t["grade"]), span(" " + t["summary"])],
            ]
            for t in topics
        ]
        parts.append(Grid([Column(max_share=0.3), Column(wrap=True)], rows))
    return parts


def data(v: TopicsView) -> dict[str, Any]:
    return {"topics": v.topics}


def rows(v: TopicsView) -> list[list[object]]:
    return [[t["id"], t["category"], t["grade"], t["title"]] for t in v.topics]
