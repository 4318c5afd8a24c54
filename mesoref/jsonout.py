"""The `--json` structures: plain dictionaries built from the same views the pages use.

Every payload is an object with `"schema": 1` and one key per part of the answer; records keep
their YAML field names, and absent optional fields are `null`, so the shape never depends on
the data.  The README documents each structure.
"""

from __future__ import annotations

from typing import Any

from mesoref.codec import to_plain
from mesoref.schema import GRADE_MEANINGS, VERDICT_MEANINGS, Source, Topic
from mesoref.search import highlights, plain
from mesoref.views import (
    DISCLAIMER,
    AboutView,
    Citations,
    ClaimsView,
    GlossaryView,
    HistoryView,
    IndexView,
    RisksView,
    SearchView,
    SourceView,
    SubstanceView,
    TopicView,
)

SCHEMA_VERSION = 1


def envelope(**parts: Any) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, **parts}


def _numbered(citations: Citations) -> list[dict[str, Any]]:
    return [{"n": n, **to_plain(s)} for n, s in enumerate(citations.sources, start=1)]


def _brief(topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "title": topic.title,
        "category": topic.category,
        "grade": topic.evidence.grade,
        "reason": topic.evidence.reason,
        "summary": topic.summary.text,
    }


def topic(view: TopicView) -> dict[str, Any]:
    return envelope(
        topic=to_plain(view.topic),
        layer=view.origin,
        replaces=list(view.replaced),
        substances=to_plain(view.substances),
        risks=to_plain(view.risks),
        contraindications=to_plain(view.contraindications),
        related=[_brief(t) for t in view.related],
        claims=to_plain(view.claims),
        sources=_numbered(view.citations),
    )


def topics(groups: list[tuple[str, list[Topic]]]) -> dict[str, Any]:
    return envelope(topics=[_brief(t) for _, members in groups for t in members])


def risks(view: RisksView) -> dict[str, Any]:
    return envelope(
        topic=view.topic.id if view.topic else None,
        risks=[to_plain(r) for _, members in view.groups for r in members],
        sources=_numbered(view.citations),
    )


def history(view: HistoryView) -> dict[str, Any]:
    return envelope(events=to_plain(view.events), sources=_numbered(view.citations))


def substances(items: list[Any]) -> dict[str, Any]:
    return envelope(substances=to_plain(items))


def substance(view: SubstanceView) -> dict[str, Any]:
    return envelope(
        substance=to_plain(view.substance),
        layer=view.origin,
        topics=[_brief(t) for t in view.topics],
        sources=_numbered(view.citations),
    )


def sources(items: list[Source]) -> dict[str, Any]:
    return envelope(sources=to_plain(items))


def source(view: SourceView) -> dict[str, Any]:
    return envelope(
        source=to_plain(view.source),
        layer=view.origin,
        claims=to_plain(view.claims),
        cited_by=[{"kind": c.kind, "id": c.id, "title": c.title} for c in view.cited_by],
        sources=_numbered(view.citations),
    )


def glossary(view: GlossaryView) -> dict[str, Any]:
    return envelope(terms=to_plain(view.terms), sources=_numbered(view.citations))


def claims(view: ClaimsView) -> dict[str, Any]:
    return envelope(
        counts=view.counts,
        claims=[to_plain(c) for _, members in view.groups for c in members],
        sources=_numbered(view.citations),
    )


def evidence(items: list[Topic]) -> dict[str, Any]:
    return envelope(topics=[_brief(t) for t in items])


def search(view: SearchView) -> dict[str, Any]:
    return envelope(
        query=view.query,
        kind=view.kind,
        all_words=view.results.all_words,
        hits=[
            {
                "kind": hit.kind,
                "id": hit.id,
                "title": hit.title,
                "snippet": plain(hit.snippet),
                "highlights": [list(r) for r in highlights(hit.snippet)],
                "score": round(hit.score, 4),
            }
            for hit in view.results.hits
        ],
    )


def index(view: IndexView) -> dict[str, Any]:
    return envelope(
        cache_dir=view.cache_dir,
        index=view.index_path,
        index_bytes=view.index_bytes,
        pages=view.pages,
        layers=[
            {
                "position": layer.position,
                "origin": layer.origin,
                "path": layer.path,
                "records": layer.records,
            }
            for layer in view.layers
        ],
        records=view.kinds,
        errors=view.errors,
        warnings=view.warnings,
        rebuilt=view.rebuilt,
        seconds=round(view.seconds, 3),
    )


def contraindications(items: list[Any], citations: Citations) -> dict[str, Any]:
    return envelope(contraindications=to_plain(items), sources=_numbered(citations))


def about(view: AboutView, version: str) -> dict[str, Any]:
    return envelope(
        version=version,
        mesotherapy=to_plain(view.mesotherapy),
        name_origin=to_plain(view.name_origin),
        grades=dict(GRADE_MEANINGS),
        verdicts=dict(VERDICT_MEANINGS),
        disclaimer=DISCLAIMER,
        sources=_numbered(view.citations),
    )
