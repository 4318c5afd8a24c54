"""Rich renderables for every page; pure functions of views, no I/O and no exits.

Every piece of data text goes into a `Text` object (never a markup string), so whatever an
entry holds is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mesoref.schema import (
    GRADE_MEANINGS,
    GRADE_ORDER,
    VERDICT_MEANINGS,
    VERDICTS,
    Claim,
    Contraindication,
    Disagreement,
    Evidence,
    Source,
    Statement,
    Substance,
    Topic,
)
from mesoref.search import END, START
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

BULLET = "•"
CATEGORY_TITLES = {
    "aesthetic": "Aesthetic indications",
    "medical": "Medical indications",
    "practice": "Practice and technique",
    "safety": "Safety",
    "regulation": "Regulation and practitioners",
    "background": "Background",
}
SOURCE_KIND_TITLES = {
    "seed-document": "seed document",
    "peer-reviewed-study": "peer-reviewed study",
    "review": "review",
    "regulator": "regulator",
    "legal-text": "legal text",
    "professional-society": "professional society",
    "drug-label": "drug label",
    "encyclopedia": "encyclopedia",
    "news": "news",
    "practitioner-website": "practitioner website",
    "conference-abstract": "conference abstract",
}


def _cite(numbers: Sequence[int]) -> Text:
    if not numbers:
        return Text()
    return Text(" [" + ", ".join(str(n) for n in numbers) + "]", style="cite")


def _said(statement: Statement, citations: Citations) -> Text:
    text = Text(statement.text)
    text.append_text(_cite(citations.statement(statement)))
    return text


def _heading(title: str) -> Text:
    return Text(title, style="heading")


def _bullets(items: Iterable[RenderableType], indent: int = 0) -> Table:
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    if indent:
        grid.add_column(width=indent - 1)
    grid.add_column(style="bullet", no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        cells: list[RenderableType] = [BULLET, item]
        grid.add_row(*(["", *cells] if indent else cells))
    return grid


def _grade(grade: str) -> Text:
    return Text(grade, style=f"grade.{grade}")


def _verdict(verdict: str) -> Text:
    return Text(verdict, style=f"verdict.{verdict}")


def _severity(severity: str) -> Text:
    return Text(severity, style=f"severity.{severity}")


def _join(parts: Iterable[Text | str], separator: str = " · ") -> Text:
    result = Text()
    for i, part in enumerate(parts):
        if i:
            result.append(separator, style="meta")
        result.append_text(part if isinstance(part, Text) else Text(part))
    return result


def source_line(source: Source) -> Text:
    """One source as a reference-list line: authors (year). Title. Where. Kind. Identifiers."""
    text = Text()
    if source.authors:
        text.append(", ".join(source.authors))
        text.append(f" ({source.year})." if source.year else ".")
        text.append(" ")
    text.append(source.title.rstrip("."), style="label")
    text.append(f" ({source.year})." if source.year and not source.authors else ".")
    if source.published:
        text.append(f" {source.published.rstrip('.')}.")
    text.append(f" {SOURCE_KIND_TITLES[source.kind].capitalize()}.", style="meta")
    for label, value in (("doi:", source.doi), ("PMID ", source.pmid), ("", source.url)):
        if value:
            text.append(f" {label}{value}", style="cite")
    return text


def _source_list(citations: Citations) -> RenderableType:
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(justify="right", style="cite", no_wrap=True)
    grid.add_column(ratio=1)
    for number, source in enumerate(citations.sources, start=1):
        line = source_line(source)
        line.append(f"  ({source.id})", style="id")
        grid.add_row(f"[{number}]", line)
    return grid


def _sources(citations: Citations, title: str = "Sources") -> list[RenderableType]:
    return _section(title, [_source_list(citations)]) if citations.order else []


def _evidence(evidence: Evidence, citations: Citations) -> list[RenderableType]:
    lead = Text.assemble(("Grade: ", "label"))
    lead.append_text(_grade(evidence.grade))
    lead.append(f" — {evidence.reason}")
    lead.append_text(_cite(citations.cite(evidence.sources)))
    parts: list[RenderableType] = [lead]
    if evidence.findings:
        parts.append(_bullets(_said(f, citations) for f in evidence.findings))
    return parts


def _disagreements(items: Sequence[Disagreement], citations: Citations) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for disagreement in items:
        parts.append(Text(disagreement.about, style="subheading"))
        values = []
        for value in disagreement.values:
            line = Text(value.value)
            line.append_text(_cite(citations.cite(value.sources)))
            values.append(line)
        parts.append(_bullets(values))
        if disagreement.comment:
            comment = Text.assemble(("Reading: ", "label"))
            comment.append_text(_said(disagreement.comment, citations))
            parts.append(comment)
    return parts


def _section(title: str, body: Sequence[RenderableType]) -> list[RenderableType]:
    return [Text(), _heading(title), *body] if body else []


def _names(records: Iterable[object], attribute: str) -> Text:
    return Text(", ".join(str(getattr(r, attribute)) for r in records))


def topic_page(view: TopicView) -> RenderableType:
    topic, cites = view.topic, view.citations
    parts: list[RenderableType] = [Text(topic.title, style="title")]
    meta = [
        Text(CATEGORY_TITLES[topic.category].split(" ")[0].lower()),
        Text.assemble("evidence: ", _grade(topic.evidence.grade)),
        Text(f"reviewed {topic.reviewed}"),
    ]
    if view.origin != "built-in":
        meta.append(Text(f"from {view.origin}"))
    parts.append(_join(meta))
    if topic.aliases:
        parts.append(Text.assemble(("Also called: ", "meta"), ", ".join(topic.aliases)))
    parts += [Text(), _said(topic.summary, cites)]
    parts += _section(
        "What is done", [_bullets(_said(s, cites) for s in topic.done)] if topic.done else []
    )
    claimed: list[RenderableType] = []
    if topic.claimed:
        claimed.append(_bullets(_said(s, cites) for s in topic.claimed))
    if view.claims:
        claimed.append(Text("Claims found in the seed documents, with verdicts:", style="meta"))
        claimed.append(_bullets(_claim_line(c, cites) for c in view.claims))
    parts += _section("What is claimed", claimed)
    parts += _section("What the evidence says", _evidence(topic.evidence, cites))
    parts += _section("Where sources disagree", _disagreements(topic.disagreements, cites))
    if view.substances:
        parts += _section("Substances", [_names(view.substances, "name")])
    if view.risks:
        rows = []
        for risk in view.risks:
            line = Text.assemble(_severity(risk.severity), " ", (risk.name, "label"))
            detail = risk.frequency or risk.summary
            line.append(f" — {detail.text}")
            line.append_text(_cite(cites.statement(detail)))
            rows.append(line)
        parts += _section("Risks", [_bullets(rows)])
    if view.contraindications:
        parts += _section("Contraindications", [_names(view.contraindications, "name")])
    if view.related:
        parts += _section("Related topics", [_names(view.related, "title")])
    parts += _sources(cites)
    parts += [Text(), Text(DISCLAIMER, style="disclaimer")]
    return Group(*parts)


def _claim_line(claim: Claim, citations: Citations) -> Text:
    line = Text.assemble(_verdict(claim.verdict), " ", claim.claim)
    line.append_text(_cite(citations.cite([claim.source])))
    return line


def topics_page(groups: Sequence[tuple[str, Sequence[Topic]]]) -> RenderableType:
    parts: list[RenderableType] = []
    for category, topics in groups:
        if parts:
            parts.append(Text())
        parts.append(_heading(CATEGORY_TITLES[category]))
        grid = Table.grid(padding=(0, 2), pad_edge=False)
        grid.add_column(no_wrap=True, style="label")
        grid.add_column(ratio=1)
        for topic in topics:
            summary = Text.assemble(_grade(topic.evidence.grade), " ", topic.summary.text)
            grid.add_row(topic.id, summary)
        parts.append(grid)
    return Group(*parts)


def risks_page(view: RisksView) -> RenderableType:
    cites = view.citations
    parts: list[RenderableType] = []
    if view.topic is not None:
        parts += [Text(f"Risks of {view.topic.title}", style="title"), Text()]
    for severity, risks in view.groups:
        if parts:
            parts.append(Text())
        parts.append(Text.assemble(_severity(severity.capitalize()), style="heading"))
        items = []
        for risk in risks:
            body = Text.assemble((risk.name, "label"))
            body.append("\n")
            body.append_text(_said(risk.summary, cites))
            if risk.frequency:
                body.append("\nFrequency: ", style="label")
                body.append_text(_said(risk.frequency, cites))
            if risk.onset:
                body.append("\nOnset: ", style="label")
                body.append_text(_said(risk.onset, cites))
            items.append(body)
        parts.append(_bullets(items))
    parts += _sources(cites)
    return Group(*parts)


def history_page(view: HistoryView) -> RenderableType:
    cites = view.citations
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, style="date")
    grid.add_column(ratio=1)
    for i, event in enumerate(view.events):
        if i:
            grid.add_row("", "")
        when = event.date + (f" to {event.end}" if event.end else "")
        body = Text.assemble((event.title, "label"))
        body.append("\n")
        body.append_text(_said(event.description, cites))
        for disagreement in event.disagreements:
            body.append(f"\nDisputed: {disagreement.about}", style="disputed")
            for value in disagreement.values:
                body.append(f"\n  {BULLET} {value.value}")
                body.append_text(_cite(cites.cite(value.sources)))
            if disagreement.comment:
                body.append("\n  ")
                body.append_text(_said(disagreement.comment, cites))
        grid.add_row(Text(when), body)
    return Group(grid, *_sources(cites))


def substances_page(substances: Sequence[Substance]) -> RenderableType:
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, style="label")
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for substance in substances:
        grade = substance.evidence.grade
        grid.add_row(
            substance.id,
            _grade(grade),
            Text.assemble(
                (substance.name, "label"),
                (" — " + substance.class_, "meta"),
            ),
        )
    return grid


def substance_page(view: SubstanceView) -> RenderableType:
    substance, cites = view.substance, view.citations
    parts: list[RenderableType] = [Text(substance.name, style="title")]
    meta = [Text(substance.class_), Text.assemble("evidence: ", _grade(substance.evidence.grade))]
    if view.origin != "built-in":
        meta.append(Text(f"from {view.origin}"))
    parts.append(_join(meta))
    if substance.aliases:
        parts.append(Text.assemble(("Also called: ", "meta"), ", ".join(substance.aliases)))
    parts += _section("Claimed purpose", [_said(substance.purpose, cites)])
    parts += _section("What the evidence says", _evidence(substance.evidence, cites))
    if substance.regulatory:
        parts += _section("Regulatory status", [_said(substance.regulatory, cites)])
    parts += _section("Where sources disagree", _disagreements(substance.disagreements, cites))
    if view.topics:
        parts += _section("Used in", [_names(view.topics, "title")])
    parts += _sources(cites)
    return Group(*parts)


def sources_page(sources: Sequence[Source]) -> RenderableType:
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, style="label")
    grid.add_column(ratio=1)
    for source in sources:
        grid.add_row(source.id, source_line(source))
    return grid


def source_page(view: SourceView) -> RenderableType:
    source = view.source
    parts: list[RenderableType] = [Text(source.title, style="title")]
    meta = [Text(SOURCE_KIND_TITLES[source.kind])]
    if source.year:
        meta.append(Text(str(source.year)))
    meta.append(Text(f"id {source.id}"))
    if view.origin != "built-in":
        meta.append(Text(f"from {view.origin}"))
    parts.append(_join(meta))
    details = Table.grid(padding=(0, 2), pad_edge=False)
    details.add_column(style="label", no_wrap=True)
    details.add_column(ratio=1)
    for label, value in (
        ("Authors", ", ".join(source.authors)),
        ("Published", source.published or ""),
        ("DOI", source.doi or ""),
        ("PMID", source.pmid or ""),
        ("URL", source.url or ""),
        ("Note", source.note or ""),
    ):
        if value:
            details.add_row(label, Text(value))
    parts += [Text(), details]
    parts += _section("Reliability", [Text(source.reliability)])
    if view.claims:
        cites = view.citations
        counts = ", ".join(
            f"{sum(1 for c in view.claims if c.verdict == v)} {v}"
            for v in VERDICTS
            if any(c.verdict == v for c in view.claims)
        )
        parts += _section(
            f"Claims taken from this source ({len(view.claims)}: {counts})",
            [_bullets(_audited_claim(c, cites) for c in view.claims)],
        )
        parts += _sources(cites, "Sources for the verdicts")
    if view.cited_by:
        parts += _section(
            "Cited by",
            [
                _bullets(
                    Text.assemble((c.title, "label"), (f" ({c.kind} {c.id})", "id"))
                    for c in view.cited_by
                )
            ],
        )
    return Group(*parts)


def _audited_claim(claim: Claim, citations: Citations) -> Text:
    line = Text.assemble(_verdict(claim.verdict), " ", claim.claim)
    line.append("\n")
    line.append_text(_said(claim.reason, citations))
    if claim.correction:
        line.append("\nCorrection: ", style="label")
        line.append_text(_said(claim.correction, citations))
    return line


def glossary_page(view: GlossaryView) -> RenderableType:
    cites = view.citations
    items: list[RenderableType] = []
    for term in view.terms:
        body = Text.assemble((term.term, "label"))
        if term.aliases:
            body.append(f" ({', '.join(term.aliases)})", style="meta")
        body.append("\n")
        body.append_text(_said(term.definition, cites))
        if term.see_also:
            body.append(f"\nSee also: {', '.join(term.see_also)}", style="meta")
        items.append(body)
        items.append(Text())
    return Group(*items, *_sources(cites))


def claims_page(view: ClaimsView) -> RenderableType:
    cites = view.citations
    parts: list[RenderableType] = []
    total = sum(view.counts.values())
    summary = ", ".join(f"{n} {v}" for v, n in view.counts.items() if n)
    parts.append(Text(f"{total} claims: {summary}" if total else "No claims match.", style="meta"))
    for source, claims in view.groups:
        parts += [Text(), Text.assemble((source.title, "heading"), (f"  ({source.id})", "id"))]
        parts.append(_bullets(_audited_claim(c, cites) for c in claims))
    if cites.order:
        parts += _sources(cites)
    return Group(*parts)


def evidence_page(topics: Sequence[Topic]) -> RenderableType:
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, style="label")
    grid.add_column(ratio=1)
    for topic in topics:
        grid.add_row(_grade(topic.evidence.grade), topic.id, Text(topic.evidence.reason))
    legend = _bullets(
        Text.assemble(_grade(grade), f" — {GRADE_MEANINGS[grade]}") for grade in GRADE_ORDER
    )
    return Group(grid, Text(), _heading("Grades"), legend)


def contraindications_page(
    items: Sequence[Contraindication], citations: Citations
) -> RenderableType:
    rows = []
    for item in items:
        body = Text.assemble((item.name, "label"), (f"  ({item.basis})", "meta"), "\n")
        body.append_text(_said(item.description, citations))
        rows.append(body)
    return Group(
        Text(
            "There is no evidence-based standard list; each entry says where it comes from.",
            style="meta",
        ),
        Text(),
        _bullets(rows),
        *_sources(citations),
    )


def about_page(view: AboutView, version: str) -> RenderableType:
    cites = view.citations
    parts: list[RenderableType] = [
        Text(f"mesoref {version}", style="title"),
        Text("A sourced, evidence-graded reference on mesotherapy.", style="meta"),
    ]
    if view.mesotherapy:
        parts += _section("What mesotherapy is", [_said(view.mesotherapy.summary, cites)])
        if view.mesotherapy.done:
            parts.append(_bullets(_said(s, cites) for s in view.mesotherapy.done))
    if view.name_origin:
        parts += _section("Where the name comes from", [_said(view.name_origin.summary, cites)])
    parts += _section(
        "How to read evidence grades",
        [_bullets(Text.assemble(_grade(g), f" — {GRADE_MEANINGS[g]}") for g in GRADE_ORDER)],
    )
    parts += _section(
        "How to read claim verdicts",
        [_bullets(Text.assemble(_verdict(v), f" — {VERDICT_MEANINGS[v]}") for v in VERDICTS)],
    )
    parts += _section(
        "Disclaimer",
        [
            Text(DISCLAIMER),
            Text(
                "mesoref summarises published sources and says where they disagree or are "
                "wrong. It cannot weigh your circumstances, and it recommends no treatment."
            ),
        ],
    )
    if cites.order:
        parts += _sources(cites)
    return Group(*parts)


KIND_TITLES = {
    "topic": "topic",
    "risk": "risk",
    "contraindication": "contraindication",
    "event": "history",
    "substance": "substance",
    "source": "source",
    "term": "glossary",
    "claim": "claim",
}


def _marked(snippet: str) -> Text:
    """A search snippet with its matched words in the `match` style."""
    text = Text()
    for i, part in enumerate(re.split(f"{START}|{END}", snippet)):
        text.append(part, style="match" if i % 2 else None)
    return text


def search_page(view: SearchView) -> RenderableType:
    hits = view.results.hits
    count = f"{len(hits)} result{'s' if len(hits) != 1 else ''} for {view.query!r}"
    parts: list[RenderableType] = [Text(count, style="meta")]
    if not view.results.all_words:
        parts.append(Text("No record has every word; these have some of them.", style="meta"))
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, style="meta")
    grid.add_column(ratio=1)
    for hit in hits:
        title = hit.title if len(hit.title) <= 90 else hit.title[:89].rstrip() + "…"
        body = Text.assemble((title, "label"), (f"  ({hit.id})", "id"), "\n")
        body.append_text(_marked(hit.snippet))
        grid.add_row(KIND_TITLES[hit.kind], body)
    return Group(*parts, Text(), grid)


def index_page(view: IndexView) -> RenderableType:
    details = Table.grid(padding=(0, 2), pad_edge=False)
    details.add_column(style="label", no_wrap=True)
    details.add_column(ratio=1)
    where = (
        view.index_path or "in memory (the cache directory cannot be written, or MESOREF_CACHE=off)"
    )
    details.add_row("Index", Text(where))
    if view.index_path:
        details.add_row("Size", Text(f"{view.index_bytes / 1_000_000:.1f} MB"))
    details.add_row(
        "Cached pages", Text(f"{view.pages}" + (f" in {view.cache_dir}" if view.cache_dir else ""))
    )
    if view.rebuilt:
        details.add_row(
            "Built",
            Text(
                f"just now, in {view.seconds:.2f} s"
                + (f" ({view.removed} cached files removed first)" if view.removed else "")
            ),
        )
    details.add_row(
        "Problems",
        Text(
            f"{view.errors} errors, {view.warnings} warnings"
            + (" (run `mesoref validate`)" if view.errors or view.warnings else "")
        ),
    )
    layers = Table.grid(padding=(0, 2), pad_edge=False)
    layers.add_column(justify="right", no_wrap=True)
    layers.add_column(no_wrap=True, style="label")
    layers.add_column(ratio=1)
    layers.add_column(justify="right", no_wrap=True)
    for layer in view.layers:
        layers.add_row(
            str(layer.position), layer.origin, Text(layer.path), f"{layer.records} records"
        )
    kinds = Table.grid(padding=(0, 2), pad_edge=False)
    kinds.add_column(style="label", no_wrap=True)
    kinds.add_column(justify="right", no_wrap=True)
    for kind, count in view.kinds.items():
        kinds.add_row(KIND_TITLES[kind], str(count))
    return Group(
        details,
        *_section("Layers (later ones win)", [layers]),
        *_section("Records in effect", [kinds]),
    )


def paths_page(
    layers: Sequence[dict[str, object]], xdg: str, cache: str | None, index: str | None
) -> RenderableType:
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True, style="label")
    grid.add_column(ratio=1)
    grid.add_column(no_wrap=True, justify="right")
    for layer in layers:
        state = f"{layer['records']} records" if layer["exists"] else "missing"
        grid.add_row(str(layer["position"]), str(layer["origin"]), Text(str(layer["path"])), state)
    parts: list[RenderableType] = [
        _heading("Data layers, in the order they apply (later wins)"),
        grid,
    ]
    if not any(layer["origin"] == "XDG_DATA_HOME" for layer in layers):
        parts.append(Text(f"Create {xdg} to add a layer of your own there.", style="meta"))
    where = Table.grid(padding=(0, 2), pad_edge=False)
    where.add_column(style="label", no_wrap=True)
    where.add_column(ratio=1)
    where.add_row("Cache", Text(cache or "none (MESOREF_CACHE=off)"))
    where.add_row("Index", Text(index or "in memory"))
    return Group(*parts, Text(), where)
