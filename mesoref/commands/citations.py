"""Numbered sources: every page cites its sources as [n], numbered in the order the page first
cites them, and lists them once at the end, each reference whole (authors with "et al." when
the list is incomplete; DOI, PMID and URL never cut).

The view loads every source its records cite (`load`); the page numbers them as it cites
them (`numbers`), so numbering follows the page's reading order whatever its sections.
"""

from __future__ import annotations

from mesoref.model.cited import source_ids
from mesoref.output.blocks import Column, Grid, Spans, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from mesoref.index.kb import KnowledgeBase
    from mesoref.model.plain import Source


class Citations:
    """The sources a page may cite, and the numbers it has given them so far."""

    def __init__(self) -> None:
        self.records: dict[str, Source] = {}
        self.order: list[str] = []

    def load(self, kb: KnowledgeBase, *records: Any) -> None:
        wanted = [i for i in source_ids(list(records)) if i not in self.records]
        # A dangling id is a data problem, never a number: get_many leaves it out.
        self.records.update(kb.get_many("source", wanted))

    def numbers(self, ids: Iterable[str]) -> list[int]:
        numbers = set()
        for source_id in ids:
            if source_id not in self.records:
                continue
            if source_id not in self.order:
                self.order.append(source_id)
            numbers.add(self.order.index(source_id) + 1)
        return sorted(numbers)

    def numbered(self) -> list[tuple[int, Source]]:
        return [(n, self.records[i]) for n, i in enumerate(self.order, start=1)]


def marks(numbers: list[int]) -> Spans:
    """Citation marks as references are numbered in print: [1, 3-6]."""
    return [span(" [" + ", ".join(_runs(numbers)) + "]", "cite")] if numbers else []


def _runs(numbers: list[int]) -> list[str]:
    """Consecutive numbers as ranges: 3, 4, 5, 6 is 3-6 (two in a row stay 3, 4)."""
    parts: list[str] = []
    start = previous = None
    for number in [*numbers, None]:
        if previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None and previous is not None:
            if previous - start >= 2:
                parts.append(f"{start}-{previous}")
            else:
                parts.extend(str(n) for n in range(start, previous + 1))
        start = previous = number
    return parts


def reference(source: Source) -> Spans:
    """One source as a reference-list entry: the Vancouver reference a writer would paste,
    author list with "et al." when incomplete, every identifier whole."""
    from mesoref.references.styles import vancouver

    spans = [span(vancouver(source), "reference")]
    if source["incomplete"]:
        # What is missing, and why, is on the source's own page (`mesoref source ID`).
        spans.append(span(" [incomplete reference]", "meta"))
    return spans


def reference_list(citations: Citations) -> Grid:
    rows = []
    for number, source in citations.numbered():
        line = reference(source)
        line.append(span(f"  ({source['id']})", "id"))
        rows.append([[span(f"[{number}]", "cite")], line])
    return Grid([Column(align_right=True), Column(wrap=True)], rows, gap=1)


def numbered_json(citations: Citations) -> list[dict[str, Any]]:
    return [{"n": n, **source} for n, source in citations.numbered()]
