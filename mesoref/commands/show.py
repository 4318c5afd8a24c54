"""`mesoref show ID`: any record by its id (or name), whatever its kind, so that every id
mesoref prints leads somewhere.  A topic, substance or source shows its own full page; a
risk, contraindication, history event, term or claim shows a page of its own."""

from __future__ import annotations

from mesoref.commands import load_module
from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import (
    cited,
    disagreement_blocks,
    frequency_says_unknown,
    section,
    sources_section,
    verdict_label,
)
from mesoref.errors import NotFound
from mesoref.model.kinds import NAMED_KINDS
from mesoref.output.blocks import Blank, Block, Bullets, Para, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context

# Kinds with a page of their own, and the keyword their command's view takes.
OWN_PAGES = {"topic": "name", "substance": "name", "source": "source_id", "term": "term"}
MODULES = {"topic": "topic", "substance": "substance", "source": "source", "term": "glossary"}


class ShowView:
    def __init__(
        self, kind: str, record_id: str, inner: Any, module: Any, also: list[tuple[str, str]]
    ) -> None:
        self.kind = kind
        self.id = record_id
        self.inner = inner  # the view of the kind's own command, or a RecordView
        self.module = module
        self.also = also


class RecordView:
    """A risk, contraindication, history event or claim on its own."""

    def __init__(self, kind: str, record: Any, citations: Citations, extra: dict[str, Any]) -> None:
        self.kind = kind
        self.record = record
        self.citations = citations
        self.extra = extra


def view(ctx: Context, name: str) -> ShowView:
    kb = ctx.kb
    matches = kb.kinds_named(name)
    exact = [(k, i) for k, i in matches if i == name.strip()]
    chosen = exact or matches
    if not chosen:
        near: list[str] = []
        for kind in NAMED_KINDS:
            near += [i for i in kb.suggest(kind, name) if i not in near]
        raise NotFound(f"no record named {name!r}", near[:4], f"try: mesoref search {name}")
    kind, record_id = chosen[0]
    also = [m for m in matches if m != (kind, record_id)]
    if kind in OWN_PAGES:
        module = load_module(f"mesoref.commands.{MODULES[kind]}")
        inner = module.view(ctx, **{OWN_PAGES[kind]: record_id})
        return ShowView(kind, record_id, inner, module, also)
    record: Any = kb.get(kind, record_id)
    citations = Citations()
    citations.load(kb, record)
    extra: dict[str, Any] = {}
    if kind == "claim":
        source = kb.get("source", record["source"])
        extra["source_title"] = source["title"] if source else record["source"]
    if kind in ("risk", "contraindication"):
        extra["topics"] = [(t["id"], t["title"]) for t in kb.referrers("topic", kind, record_id)]
    return ShowView(kind, record_id, RecordView(kind, record, citations, extra), None, also)


def _record_page(v: RecordView) -> list[Block]:
    r, cites = v.record, v.citations
    if v.kind == "risk":
        from mesoref.commands.risks import APPLIES_TO_WORDS
        from mesoref.model.vocabulary import INCIDENCE_MEANINGS

        parts: list[Block] = [Title(r["name"]), Para([span(f"risk · {r['severity']}", "meta")])]
        parts += [Blank(), Para(cited(r["summary"], cites))]
        if r["applies_to"]:
            parts.append(
                Para(
                    [
                        span("Applies to: ", "label"),
                        span(
                            APPLIES_TO_WORDS[r["applies_to"]]
                            + (": " + ", ".join(r["substances"]) if r["substances"] else "")
                        ),
                    ]
                )
            )
        says_unknown = frequency_says_unknown(r)
        if r["incidence"] and not (r["incidence"] == "unknown" and says_unknown):
            parts.append(
                Para(
                    [
                        span("How often: ", "label"),
                        span(f"{r['incidence']} ({INCIDENCE_MEANINGS[r['incidence']]})"),
                    ]
                )
            )
        if r["frequency"]:
            lead = [span("How often: ", "label")] if says_unknown else []
            parts.append(Para([*lead, *cited(r["frequency"], cites)]))
        if r["onset"]:
            parts.append(Para([span("When: ", "label"), *cited(r["onset"], cites)]))
        parts += section(
            "Details", [Bullets([[cited(d, cites)] for d in r["details"]])] if r["details"] else []
        )
        parts += section("Where sources disagree", disagreement_blocks(r["disagreements"], cites))
    elif v.kind == "contraindication":
        from mesoref.commands.contraindications import BASIS_WORDS

        parts = [
            Title(r["name"]),
            Para([span(f"contraindication · {BASIS_WORDS[r['basis']]}", "meta")]),
        ]
        parts += [Blank(), Para(cited(r["description"], cites))]
    elif v.kind == "event":
        from mesoref.commands.history import _event_body, _when

        body = _event_body(r, cites)
        parts = [Title(r["title"]), Para([span(_when(r), "date")]), Blank()]
        parts += [Para(line) for line in body[1:]]
    else:  # claim
        parts = [
            Title("A claim, checked"),
            Para([span(f"found in: {v.extra['source_title']} ({r['source']})", "meta")]),
        ]
        parts += [Blank(), Para([*verdict_label(r["verdict"]), span(" " + r["claim"])])]
        parts.append(Para([span("Why: ", "label"), *cited(r["reason"], cites)]))
        if r["correction"]:
            parts.append(Para([span("Correction: ", "label"), *cited(r["correction"], cites)]))
    topics = v.extra.get("topics")
    if topics:
        parts += section(
            "Topics",
            [Para([span(", ".join(f"{title} (mesoref topic {i})" for i, title in topics))])],
        )
    parts += sources_section(cites)
    return parts


def page(v: ShowView) -> list[Block]:
    parts = v.module.page(v.inner) if v.module is not None else _record_page(v.inner)
    if v.also:
        others = ", ".join(f"a {kind} ({record_id})" for kind, record_id in v.also)
        parts += [Blank(), Para([span(f"The same name also belongs to {others}.", "meta")])]
    return list(parts)


def data(v: ShowView) -> dict[str, Any]:
    if v.module is not None:
        inner = v.module.data(v.inner)
    else:
        _record_page(v.inner)
        inner = {"record": v.inner.record, "sources": numbered_json(v.inner.citations)}
    return {"kind": v.kind, "id": v.id, **inner}
