"""What each command shows, as plain data built from the knowledge base (no rendering here)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mesoref.errors import NotFound, UsageError
from mesoref.kb import Citing, KnowledgeBase
from mesoref.schema import (
    CATEGORIES,
    GRADE_ORDER,
    KINDS,
    SEVERITIES,
    VERDICTS,
    Claim,
    Contraindication,
    Disagreement,
    Evidence,
    HistoryEvent,
    Risk,
    Source,
    Statement,
    Substance,
    Term,
    Topic,
)
from mesoref.search import Results

# Said once on every topic page and in `about`.
DISCLAIMER = (
    "Health information, not medical advice: decisions about treatment belong with a "
    "qualified clinician who knows your history."
)

CITING_KINDS = ("topic", "risk", "substance", "contraindication", "event", "term")


class Citations:
    """Numbers sources in the order a page first cites them, so a page can list them once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self.order: list[str] = []

    def cite(self, source_ids: Iterable[str]) -> list[int]:
        numbers = []
        for source_id in source_ids:
            if self._kb.get("source", source_id) is None:
                continue  # a dangling id is reported as a data problem; never shown as a number
            if source_id not in self.order:
                self.order.append(source_id)
            numbers.append(self.order.index(source_id) + 1)
        return sorted(set(numbers))

    def statement(self, statement: Statement | None) -> list[int]:
        return self.cite(statement.sources) if statement else []

    def disagreements(self, disagreements: Sequence[Disagreement]) -> None:
        for disagreement in disagreements:
            for value in disagreement.values:
                self.cite(value.sources)
            self.statement(disagreement.comment)

    def evidence(self, evidence: Evidence) -> None:
        self.cite(evidence.sources)
        for finding in evidence.findings:
            self.statement(finding)

    @property
    def sources(self) -> list[Source]:
        return [s for s in (self._kb.get("source", i) for i in self.order) if isinstance(s, Source)]


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    origin: str
    replaced: tuple[str, ...]
    substances: list[Substance]
    risks: list[Risk]
    contraindications: list[Contraindication]
    related: list[Topic]
    claims: list[Claim]
    citations: Citations


def _typed(records: Iterable[object], cls: type) -> list:  # type: ignore[type-arg]
    return [r for r in records if isinstance(r, cls)]


def topic_view(kb: KnowledgeBase, name: str) -> TopicView:
    topic = kb.resolve("topic", name)
    assert isinstance(topic, Topic)
    origin = kb.origin("topic", topic.id)
    claims = _typed(kb.referrers("claim", "topic", topic.id), Claim)
    risks = _typed(kb.present("risk", topic.risks), Risk)
    risks.sort(key=lambda r: -SEVERITIES.index(r.severity))  # most severe first, else as listed
    citations = Citations(kb)
    # Cite in reading order so that the numbers on the page increase down the page.
    citations.statement(topic.summary)
    for statement in (*topic.done, *topic.claimed):
        citations.statement(statement)
    for claim in claims:
        citations.cite([claim.source])
    citations.evidence(topic.evidence)
    citations.disagreements(topic.disagreements)
    for risk in risks:
        citations.statement(risk.frequency or risk.summary)
    return TopicView(
        topic=topic,
        origin=origin.layer,
        replaced=origin.replaces,
        substances=_typed(kb.present("substance", topic.substances), Substance),
        risks=risks,
        contraindications=_typed(
            kb.present("contraindication", topic.contraindications), Contraindication
        ),
        related=_typed(kb.present("topic", topic.related), Topic),
        claims=claims,
        citations=citations,
    )


def topics_by_category(kb: KnowledgeBase) -> list[tuple[str, list[Topic]]]:
    topics = _typed(kb.all("topic"), Topic)
    groups = []
    for category in CATEGORIES:
        members = sorted((t for t in topics if t.category == category), key=lambda t: t.title)
        if members:
            groups.append((category, members))
    return groups


@dataclass(frozen=True)
class RisksView:
    groups: list[tuple[str, list[Risk]]]
    topic: Topic | None
    citations: Citations


def risks_view(kb: KnowledgeBase, topic_name: str | None, severity: str | None) -> RisksView:
    topic = None
    risks = _typed(kb.all("risk"), Risk)
    if topic_name is not None:
        resolved = kb.resolve("topic", topic_name)
        assert isinstance(resolved, Topic)
        topic = resolved
        risks = _typed(kb.present("risk", topic.risks), Risk)
    risks.sort(key=lambda r: -SEVERITIES.index(r.severity))  # most severe first, else as listed
    citations = Citations(kb)
    groups = []
    for level in reversed(SEVERITIES):
        if severity is not None and level != severity:
            continue
        members = sorted((r for r in risks if r.severity == level), key=lambda r: r.name)
        for risk in members:
            citations.statement(risk.summary)
            citations.statement(risk.frequency)
            citations.statement(risk.onset)
        if members:
            groups.append((level, members))
    if not groups:
        scope = f" of {topic.title}" if topic else ""
        raise NotFound(f"no {severity + ' ' if severity else ''}risks{scope} are recorded")
    return RisksView(groups, topic, citations)


def year_of(date: str) -> int:
    return int(date[:4])


@dataclass(frozen=True)
class HistoryView:
    events: list[HistoryEvent]
    citations: Citations


def history_view(kb: KnowledgeBase, start: int | None, end: int | None) -> HistoryView:
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is later than --to {end}")
    events = []
    for event in sorted(_typed(kb.all("event"), HistoryEvent), key=lambda e: (e.date, e.id)):
        first = year_of(event.date)
        last = year_of(event.end) if event.end else first
        if (start is None or last >= start) and (end is None or first <= end):
            events.append(event)
    if not events:
        span = f"from {start}" if start is not None else ""
        span += f"{' ' if span else ''}to {end}" if end is not None else ""
        raise NotFound(f"no history events {span}".rstrip())
    citations = Citations(kb)
    for event in events:
        citations.statement(event.description)
        citations.disagreements(event.disagreements)
    return HistoryView(events, citations)


@dataclass(frozen=True)
class SubstanceView:
    substance: Substance
    origin: str
    topics: list[Topic]
    citations: Citations


def substance_view(kb: KnowledgeBase, name: str) -> SubstanceView:
    substance = kb.resolve("substance", name)
    assert isinstance(substance, Substance)
    topics = sorted(
        _typed(kb.referrers("topic", "substance", substance.id), Topic), key=lambda t: t.title
    )
    citations = Citations(kb)
    citations.statement(substance.purpose)
    citations.evidence(substance.evidence)
    citations.statement(substance.regulatory)
    citations.disagreements(substance.disagreements)
    return SubstanceView(substance, kb.origin("substance", substance.id).layer, topics, citations)


@dataclass(frozen=True)
class SourceView:
    source: Source
    origin: str
    claims: list[Claim]
    cited_by: list[Citing]
    citations: Citations


def source_view(kb: KnowledgeBase, source_id: str) -> SourceView:
    source = kb.resolve("source", source_id)
    assert isinstance(source, Source)
    claims = [
        c
        for c in _typed(kb.referrers("claim", "source", source.id), Claim)
        if c.source == source.id
    ]
    claims.sort(key=lambda c: (VERDICTS.index(c.verdict), c.id))
    cited_by = kb.citing("source", source.id, CITING_KINDS)
    citations = Citations(kb)
    for claim in claims:
        citations.statement(claim.reason)
        citations.statement(claim.correction)
    return SourceView(source, kb.origin("source", source.id).layer, claims, cited_by, citations)


def sources_by_kind(kb: KnowledgeBase) -> list[Source]:
    sources = _typed(kb.all("source"), Source)
    return sorted(sources, key=lambda s: (s.kind != "seed-document", s.kind, s.id))


@dataclass(frozen=True)
class GlossaryView:
    terms: list[Term]
    citations: Citations


def glossary_view(kb: KnowledgeBase, name: str | None) -> GlossaryView:
    if name is None:
        terms = sorted(_typed(kb.all("term"), Term), key=lambda t: t.term.casefold())
    else:
        term = kb.resolve("term", name)
        assert isinstance(term, Term)
        terms = [term]
    citations = Citations(kb)
    for term in terms:
        citations.statement(term.definition)
    return GlossaryView(terms, citations)


@dataclass(frozen=True)
class ClaimsView:
    groups: list[tuple[Source, list[Claim]]]
    verdict: str | None
    citations: Citations
    counts: dict[str, int] = field(default_factory=dict)


def claims_view(kb: KnowledgeBase, verdict: str | None, source: str | None) -> ClaimsView:
    claims = _typed(kb.all("claim"), Claim)
    if verdict is not None:
        claims = [c for c in claims if c.verdict == verdict]
    if source is not None:
        resolved = kb.resolve("source", source)
        claims = [c for c in claims if c.source == resolved.id]
    counts = {v: sum(1 for c in claims if c.verdict == v) for v in VERDICTS}
    citations = Citations(kb)
    groups = []
    for source_record in sources_by_kind(kb):
        members = sorted(
            (c for c in claims if c.source == source_record.id),
            key=lambda c: (VERDICTS.index(c.verdict), c.id),
        )
        for claim in members:
            citations.statement(claim.reason)
            citations.statement(claim.correction)
        if members:
            groups.append((source_record, members))
    if not groups:
        raise NotFound("no claims match" + (f" verdict {verdict!r}" if verdict else ""))
    return ClaimsView(groups, verdict, citations, counts)


def evidence_map(kb: KnowledgeBase) -> list[Topic]:
    topics = _typed(kb.all("topic"), Topic)
    return sorted(topics, key=lambda t: (GRADE_ORDER.index(t.evidence.grade), t.title.casefold()))


@dataclass(frozen=True)
class AboutView:
    mesotherapy: Topic | None
    name_origin: Topic | None
    citations: Citations


def about_view(kb: KnowledgeBase) -> AboutView:
    citations = Citations(kb)
    mesotherapy = kb.get("topic", "mesotherapy")
    name_origin = kb.get("topic", "name-origin")
    if isinstance(mesotherapy, Topic):
        citations.statement(mesotherapy.summary)
        for statement in mesotherapy.done:
            citations.statement(statement)
    if isinstance(name_origin, Topic):
        citations.statement(name_origin.summary)
    return AboutView(
        mesotherapy if isinstance(mesotherapy, Topic) else None,
        name_origin if isinstance(name_origin, Topic) else None,
        citations,
    )


def contraindications_list(kb: KnowledgeBase) -> tuple[list[Contraindication], Citations]:
    items = sorted(_typed(kb.all("contraindication"), Contraindication), key=lambda c: c.name)
    citations = Citations(kb)
    for item in items:
        citations.statement(item.description)
    return items, citations


SEARCH_SUGGEST_KINDS = ("topic", "substance", "term", "risk")


@dataclass(frozen=True)
class SearchView:
    query: str
    kind: str | None
    results: Results


def search_view(kb: KnowledgeBase, query: str, kind: str | None, limit: int) -> SearchView:
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    results = kb.search(query, kind, limit)
    if not results.hits:
        near: list[str] = []
        for suggest_kind in SEARCH_SUGGEST_KINDS:
            near += [i for i in kb.suggest(suggest_kind, query) if i not in near]
        where = f" among {kind} records" if kind else ""
        raise NotFound(f"no matches for {query!r}{where}", near[:4])
    return SearchView(query, kind, results)


@dataclass(frozen=True)
class LayerInfo:
    position: int
    origin: str
    path: str
    records: int


@dataclass(frozen=True)
class IndexView:
    cache_dir: str | None
    index_path: str | None
    index_bytes: int
    pages: int
    layers: list[LayerInfo]
    kinds: dict[str, int]
    errors: int
    warnings: int
    rebuilt: bool
    removed: int
    seconds: float


def index_view(
    kb: KnowledgeBase, cache_dir: str | None, removed: int, seconds: float, rebuilt: bool
) -> IndexView:
    path = kb.index.path
    pages = 0
    if cache_dir and os.path.isdir(os.path.join(cache_dir, "pages")):
        pages = sum(1 for n in os.listdir(os.path.join(cache_dir, "pages")) if n.endswith(".page"))
    counts = kb.counts_by_layer()
    problems = kb.problems
    return IndexView(
        cache_dir=cache_dir,
        index_path=path,
        index_bytes=os.path.getsize(path) if path and os.path.exists(path) else 0,
        pages=pages,
        layers=[
            LayerInfo(
                layer.position, layer.origin, layer.display_root, counts.get(layer.position, 0)
            )
            for layer in kb.layers
        ],
        kinds={kind: kb.count(kind) for kind in KINDS},
        errors=sum(1 for p in problems if p.is_error),
        warnings=sum(1 for p in problems if not p.is_error),
        rebuilt=rebuilt or kb.index.rebuilt,
        removed=removed,
        seconds=seconds,
    )
