"""`mesoref claims`: the claims mesoref found in the web articles it audits, grouped by the
article, each with its verdict, the reason, and a correction where the claim is wrong."""

from __future__ import annotations

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.source import audited_claim, by_kind_sources
from mesoref.commands.statements import sources_section
from mesoref.errors import NotFound
from mesoref.model.vocabulary import VERDICTS
from mesoref.output.blocks import Blank, Block, Bullets, Para, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.model.plain import Claim, Source


class ClaimsView:
    def __init__(
        self, groups: list[tuple[Source, list[Claim]]], counts: dict[str, int], citations: Citations
    ) -> None:
        self.groups = groups
        self.counts = counts
        self.citations = citations

    @property
    def claims(self) -> list[Claim]:
        return [c for _, members in self.groups for c in members]


def view(
    ctx: Context, verdict: str | None = None, source: str | None = None, topic: str | None = None
) -> ClaimsView:
    kb = ctx.kb
    claims: list[Claim] = kb.all("claim")
    wanted = []
    if verdict is not None:
        claims = [c for c in claims if c["verdict"] == verdict]
        wanted.append(f"verdict {verdict!r}")
    if source is not None:
        from mesoref.commands.source import find_source

        found = find_source(kb, source)
        claims = [c for c in claims if c["source"] == found["id"]]
        wanted.append(f"source {found['id']!r}")
    if topic is not None:
        chosen = kb.resolve("topic", topic)
        claims = [c for c in claims if chosen["id"] in c["topics"]]
        wanted.append(f"topic {chosen['id']!r}")
    counts = {v: sum(1 for c in claims if c["verdict"] == v) for v in VERDICTS}
    groups = []
    for record in by_kind_sources(kb):
        members = sorted(
            (c for c in claims if c["source"] == record["id"]),
            key=lambda c: (VERDICTS.index(c["verdict"]), c["id"]),
        )
        if members:
            groups.append((record, members))
    if not groups:
        raise NotFound(
            "no claims match " + " and ".join(wanted) if wanted else "no claims are recorded"
        )
    citations = Citations()
    citations.load(kb, [{"reason": c["reason"], "correction": c["correction"]} for c in claims])
    return ClaimsView(groups, counts, citations)


def page(v: ClaimsView) -> list[Block]:
    total = sum(v.counts.values())
    summary = ", ".join(f"{n} {verdict}" for verdict, n in v.counts.items() if n)
    parts: list[Block] = [Para([span(f"{total} claims: {summary}.", "meta")])]
    for source, claims in v.groups:
        parts += [
            Blank(),
            Para([span(source["title"], "heading"), span(f"  ({source['id']})", "id")]),
        ]
        parts.append(Bullets([audited_claim(c, v.citations) for c in claims]))
    parts += sources_section(v.citations)
    return parts


def data(v: ClaimsView) -> dict[str, Any]:
    page(v)
    return {"counts": v.counts, "claims": v.claims, "sources": numbered_json(v.citations)}


def rows(v: ClaimsView) -> list[list[object]]:
    return [[c["id"], c["verdict"], c["source"], c["claim"]] for c in v.claims]
