"""`mesoref history [YEAR]`: the dated timeline.

The page opens with the key dates (at most ten lines), then every event strictly by date;
disputed dates and descriptions show every version with its source.  `--brief` gives one
line per event; a year (`mesoref history 1958`) shows that year only.
"""

from __future__ import annotations

from mesoref.commands.citations import Citations, marks, numbered_json
from mesoref.commands.statements import cited, section, sources_section
from mesoref.errors import NotFound, UsageProblem
from mesoref.output.blocks import Block, Bullets, Column, Grid, Spans, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import HistoryEvent

MAX_KEY = 10


def date_key(date: str) -> tuple[int, int, int]:
    """`1958` < `1958-06` < `1958-06-04` < `1959`: strictly by date, coarse dates first."""
    parts = [int(p) for p in date.split("-")]
    parts += [0] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def year_of(date: str) -> int:
    return int(date[:4])


class HistoryView:
    def __init__(
        self,
        events: list[HistoryEvent],
        key: list[HistoryEvent],
        brief: bool,
        span_text: str,
        citations: Citations,
    ) -> None:
        self.events = events
        self.key = key
        self.brief = brief
        self.span_text = span_text
        self.citations = citations


def _year(text: str, what: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise UsageProblem(f"{what} must be a year such as 1958, not {text!r}")
    return int(text)


def view(
    ctx: Context,
    year: str | None = None,
    start: int | None = None,
    end: int | None = None,
    brief: bool = False,
) -> HistoryView:
    if year is not None:
        start = end = _year(year.strip(), "YEAR")
    if start is not None and end is not None and start > end:
        raise UsageProblem(f"--from {start} is later than --to {end}")
    events: list[HistoryEvent] = []
    every: list[HistoryEvent] = ctx.kb.all("event")
    for event in sorted(every, key=lambda e: (date_key(e["date"]), e["id"])):
        first = year_of(event["date"])
        last = year_of(event["end"]) if event["end"] else first
        if (start is None or last >= start) and (end is None or first <= end):
            events.append(event)
    span_text = ""
    if start is not None and start == end:
        span_text = f"in {start}"
    elif start is not None or end is not None:
        span_text = " ".join(
            filter(None, [f"from {start}" if start else "", f"to {end}" if end else ""])
        )
    if not events:
        raise NotFound(
            f"no history events {span_text}".rstrip(), hint="all of them: mesoref history"
        )
    key = [e for e in events if e["key"]][:MAX_KEY] if not span_text else []
    citations = Citations()
    citations.load(ctx.kb, events)
    return HistoryView(events, key, brief, span_text, citations)


def _when(event: HistoryEvent) -> str:
    return event["date"] + (f" to {event['end']}" if event["end"] else "")


def _event_body(event: HistoryEvent, citations: Citations) -> list[Spans]:
    body: list[Spans] = [[span(event["title"], "label")], cited(event["description"], citations)]
    for disagreement in event["disagreements"]:
        body.append([span(f"Disputed: {disagreement['about']}", "disputed")])
        for value in disagreement["values"]:
            body.append([span("- " + value["value"]), *marks(citations.numbers(value["sources"]))])
        if disagreement["comment"]:
            body.append(cited(disagreement["comment"], citations))
    return body


def page(v: HistoryView) -> list[Block]:
    title = "History of mesotherapy" + (f", {v.span_text}" if v.span_text else "")
    parts: list[Block] = [Title(title)]
    if v.key:
        rows = [[[span(_when(e), "date")], [span(e["title"])]] for e in v.key]
        parts += section("Key dates", [Grid([Column(), Column(wrap=True)], rows)])
    if v.brief:
        rows = [[[span(_when(e), "date")], [span(e["title"])]] for e in v.events]
        parts += section(
            "Every event" if v.key else "Events", [Grid([Column(), Column(wrap=True)], rows)]
        )
        return parts
    items = []
    for event in v.events:
        body = _event_body(event, v.citations)
        items.append([[span(_when(event), "date"), span("  "), *body[0]], *body[1:]])
    parts += section("Every event, by date" if v.key else "Events", [Bullets(items)])
    parts += sources_section(v.citations)
    return parts


def data(v: HistoryView) -> dict[str, Any]:
    brief = v.brief
    v.brief = False
    page(v)
    v.brief = brief
    return {
        "key": [e["id"] for e in v.key],
        "events": v.events,
        "sources": numbered_json(v.citations),
    }


def rows(v: HistoryView) -> list[list[object]]:
    return [[e["id"], e["date"], e["end"] or "", e["title"]] for e in v.events]
