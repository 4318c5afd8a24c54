"""`mesoref source ID`: one source: its details, how far to trust it, the claims mesoref found
in it with their verdicts and corrections, and the records that cite it.  A source is found
by its id, its DOI or its PMID, and several words are joined as for topics."""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json, reference_list
from mesoref.commands.statements import cited, section, verdict_label
from mesoref.model.vocabulary import SOURCE_KIND_TITLES, VERDICTS
from mesoref.output.blocks import Blank, Block, Bullets, Column, Grid, Para, Spans, Title, span
from mesoref.references.styles import author_list

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.index.kb import Citing, KnowledgeBase
    from mesoref.model.plain import Claim, Source

CITING_KINDS = ("topic", "risk", "substance", "contraindication", "event", "term")


class SourceView:
    def __init__(self, source: Source, kb: KnowledgeBase) -> None:
        self.source = source
        origin = kb.origin("source", source["id"])
        self.origin = origin.layer
        self.origin_words = origin.words()
        claims: list[Claim] = [
            c for c in kb.referrers("claim", "source", source["id"]) if c["source"] == source["id"]
        ]
        claims.sort(key=lambda c: (VERDICTS.index(c["verdict"]), c["id"]))
        self.claims = claims
        self.cited_by: list[Citing] = kb.citing("source", source["id"], CITING_KINDS)
        self.citations = Citations()
        self.citations.load(
            kb, [{"reason": c["reason"], "correction": c["correction"]} for c in claims]
        )


def by_kind_sources(kb: KnowledgeBase) -> list[Source]:
    from mesoref.commands.sources import by_kind

    return by_kind(kb)


def identifier(name: str) -> str:
    """A DOI or PMID as stored: lower case, without `doi:`, `pmid:` or a doi.org address."""
    lowered = name.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi.org/", "doi:", "pmid:", "pmid "):
        if lowered.startswith(prefix):
            lowered = lowered[len(prefix) :].strip()
    return lowered


def find_source(kb: KnowledgeBase, name: str) -> Source:
    """A source by id, or by DOI (with or without `doi:` or a doi.org address) or PMID."""
    wanted = name.strip()
    found: Source | None = kb.find("source", wanted)
    if found is not None:
        return found
    by_identifier = source_by_identifier(kb, wanted)
    if by_identifier is not None:
        return by_identifier
    resolved: Source = kb.resolve("source", wanted)  # raises NotFound with suggestions
    return resolved


def source_by_identifier(kb: KnowledgeBase, name: str) -> Source | None:
    """The source whose DOI or PMID `name` is (with or without `doi:` or a doi.org address)."""
    wanted = identifier(name)
    every: list[Source] = kb.all("source")
    for source in every:
        if (source["doi"] or "").lower() == wanted or (source["pmid"] or "") == wanted:
            return source
    return None


def view(ctx: Context, source_id: str) -> SourceView:
    return SourceView(find_source(ctx.kb, source_id), ctx.kb)


def audited_claim(claim: Claim, citations: Citations) -> list[Spans]:
    item = [
        [*verdict_label(claim["verdict"]), span(" " + claim["claim"])],
        cited(claim["reason"], citations),
    ]
    if claim["correction"]:
        item.append([span("Correction: ", "label"), *cited(claim["correction"], citations)])
    return item


def page(v: SourceView) -> list[Block]:
    s = v.source
    meta = [SOURCE_KIND_TITLES[s["kind"]]]
    if s["year"]:
        meta.append(str(s["year"]))
    meta.append(f"id {s['id']}")
    meta += v.origin_words
    parts: list[Block] = [Title(s["title"]), Para([span(" · ".join(meta), "meta")])]
    details = []
    for name, value in (
        ("Authors", author_list(s)),
        (
            "Journal",
            " ".join(
                filter(
                    None, [s["journal"], f"({s['journal_abbrev']})" if s["journal_abbrev"] else ""]
                )
            ),
        ),
        ("Published in", s["container"] or ""),
        (
            "Volume",
            " ".join(
                filter(
                    None,
                    [
                        s["volume"] or "",
                        f"issue {s['issue']}" if s["issue"] else "",
                        f"pages {s['pages']}" if s["pages"] else "",
                        f"article {s['article_number']}" if s["article_number"] else "",
                    ],
                )
            ),
        ),
        ("Publisher", ", ".join(filter(None, [s["publisher"] or "", s["place"] or ""]))),
        ("Court", s["court"] or ""),
        ("Number", s["number"] or s["report_number"] or ""),
        ("Date", s["date"] or ""),
        ("Published", s["published"] or ""),
        ("DOI", s["doi"] or ""),
        ("PMID", s["pmid"] or ""),
        ("PMCID", s["pmcid"] or ""),
        ("URL", s["url"] or ""),
        ("Accessed", s["accessed"] or ""),
        ("No identifier", s["no_identifier"] or ""),
        ("Incomplete", s["incomplete"] or ""),
        ("Note", s["note"] or ""),
    ):
        if value:
            details.append([[span(name, "label")], [span(value)]])
    parts += [Blank(), Grid([Column(), Column(wrap=True)], details)]
    parts += section("How far to trust it", [Para([span(s["reliability"])])])
    if v.claims:
        counts = ", ".join(
            f"{sum(1 for c in v.claims if c['verdict'] == verdict)} {verdict}"
            for verdict in VERDICTS
            if any(c["verdict"] == verdict for c in v.claims)
        )
        parts += section(
            f"Claims taken from this source ({len(v.claims)}: {counts})",
            [Bullets([audited_claim(c, v.citations) for c in v.claims])],
        )
        if v.citations.order:
            parts += section("Sources for the verdicts", [reference_list(v.citations)])
    if v.cited_by:
        parts += section(
            "Cited by",
            [
                Bullets(
                    [
                        [[span(c.title, "label"), span(f" (mesoref show {c.id})", "id")]]
                        for c in v.cited_by
                    ]
                )
            ],
        )
    return parts


def data(v: SourceView) -> dict[str, Any]:
    page(v)
    return {
        "source": v.source,
        "layer": v.origin,
        "claims": v.claims,
        "cited_by": [{"kind": c.kind, "id": c.id, "title": c.title} for c in v.cited_by],
        "sources": numbered_json(v.citations),
    }
