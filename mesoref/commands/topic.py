"""`mesoref topic NAME`: one topic, answer first.

The page opens with key points that fit one 80x24 screen: what it is, whether it works (the
grade in plain words and what it is a grade of), the main risks including those of any
injection, what works instead, and where to go next.  Then the details, each a named section
(`--section`): what is done, the evidence outcome by outcome, what works instead, risks,
where sources disagree, what is claimed, sources and changes.  `--brief` prints the key
points alone.
"""

from __future__ import annotations

from mesoref.commands.citations import Citations, marks, numbered_json
from mesoref.commands.statements import (
    cited,
    disagreement_blocks,
    evidence_blocks,
    grade_words,
    section,
    severity_label,
    sources_section,
    verdict_label,
)
from mesoref.errors import UsageProblem
from mesoref.model.vocabulary import CATEGORY_TITLES, MONTHS, SEVERITIES
from mesoref.output.blocks import Blank, Block, Bullets, Para, Spans, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal, TypedDict

    from mesoref.app import Context
    from mesoref.index.kb import KnowledgeBase
    from mesoref.model.plain import (
        Claim,
        Contraindication,
        Evidence,
        Risk,
        Statement,
        Substance,
        Topic,
    )

    class TopicHead(TypedDict):
        """What lists of topics keep of each one; every `Topic` is one."""

        id: str
        title: str
        category: Literal["aesthetic", "medical", "practice", "safety", "regulation", "background"]
        summary: Statement
        evidence: Evidence


DISCLAIMER = (
    "Health information, not medical advice: decisions about treatment belong with a "
    "qualified clinician who knows your history."
)
SECTIONS = (
    "key-points",
    "done",
    "evidence",
    "alternatives",
    "risks",
    "disagreements",
    "claims",
    "sources",
    "changes",
)
PRACTITIONER_TOPIC = "choosing-a-practitioner"
SHOWN_VERDICTS = ("incorrect", "unsupported")  # shown with their correction; the rest counted
MAX_KEY_RISKS = 2
MAX_NEXT = 3


class TopicView:
    def __init__(self, topic: Topic, kb: KnowledgeBase, sections: tuple[str, ...]) -> None:
        self.topic = topic
        self.sections = sections
        origin = kb.origin("topic", topic["id"])
        self.origin = origin.layer
        self.replaces = origin.replaces
        self.changed_by = origin.changed_by()
        self.origin_words = origin.words()
        self.substances: list[Substance] = kb.present("substance", topic["substances"])
        risks: list[Risk] = kb.present("risk", topic["risks"])
        risks.sort(key=lambda r: -SEVERITIES.index(r["severity"]))  # most severe first
        self.risks = risks
        self.every_injection: list[Risk] = sorted(
            (r for r in kb.all("risk") if r["applies_to"] == "every-injection"),
            key=lambda r: (-SEVERITIES.index(r["severity"]), r["name"]),
        )
        self.contraindications: list[Contraindication] = kb.present(
            "contraindication", topic["contraindications"]
        )
        self.related: list[Topic] = kb.present("topic", topic["related"])
        claims: list[Claim] = kb.referrers("claim", "topic", topic["id"])
        self.claims = claims
        self.practitioner: Topic | None = (
            kb.get("topic", PRACTITIONER_TOPIC) if topic["id"] != PRACTITIONER_TOPIC else None
        )
        self.citations = Citations()
        self.citations.load(kb, topic, risks, claims)


def view(ctx: Context, name: str, brief: bool = False, section: str | None = None) -> TopicView:
    chosen: tuple[str, ...] = SECTIONS
    if brief:
        chosen = ("key-points",)
    if section:
        names = tuple(s.strip() for s in section.split(",") if s.strip())
        unknown = [s for s in names if s not in SECTIONS]
        if unknown:
            from mesoref.launch.grammar import closest

            near = closest(unknown[0], SECTIONS)
            hint = f"did you mean {near!r}? " if near else ""
            raise UsageProblem(
                f"no section named {unknown[0]!r}", hint + "sections: " + ", ".join(SECTIONS)
            )
        chosen = names
    topic: Topic = ctx.kb.resolve("topic", name)
    return TopicView(topic, ctx.kb, chosen)


# -- the page -------------------------------------------------------------------------------


def _meta(v: TopicView) -> Spans:
    topic = v.topic
    category = CATEGORY_TITLES[topic["category"]].split(" ")[0].lower()
    parts = [category]
    literature = topic["literature"]
    if literature:
        parts.append(f"literature current through {_month(literature['searched'])}")
    parts.append(f"reviewed {topic['reviewed']}")
    parts.extend(v.origin_words)
    return [span(" · ".join(parts), "meta")]


def _month(date: str) -> str:
    return f"{MONTHS[int(date[5:7]) - 1]} {date[:4]}"


def _risk_words(risk: Risk) -> Spans:
    return [span(risk["name"]), span(" "), *severity_label(risk["severity"])]


def key_points(v: TopicView) -> list[Block]:
    topic, cites = v.topic, v.citations
    items: list[list[Spans]] = [[[span("What it is: ", "label"), *cited(topic["summary"], cites)]]]
    evidence = topic["evidence"]
    works: Spans = [
        span(
            "Does it work? " if evidence["grade"] != "documented" else "How sure is this? ", "label"
        )
    ]
    works += grade_words(evidence)
    items.append([works])
    if topic["injection"] or v.risks:
        risks: Spans = [span("Main risks: ", "label")]
        named = v.risks[:MAX_KEY_RISKS]
        for number, risk in enumerate(named):
            risks += [span("; " if number else ""), *_risk_words(risk)]
        if topic["injection"]:
            risks.append(span(("; and " if named else "") + "those of any injection"))
        risks.append(span(". All: "))
        risks.append(span(f"mesoref risks --topic {topic['id']}", "command"))
        items.append([risks])
    if topic["alternatives"]:
        instead: Spans = [span("What works instead: ", "label")]
        instead.append(span("; ".join(a["treatment"] for a in topic["alternatives"]) + "."))
        items.append([instead])
    going: Spans = [span("Next: ", "label")]
    nexts = []
    if v.practitioner is not None and (topic["injection"] or topic["category"] == "safety"):
        nexts.append(f"mesoref topic {PRACTITIONER_TOPIC}")
    if v.claims:
        nexts.append(f"mesoref claims --topic {topic['id']}")
    nexts += [f"mesoref topic {r['id']}" for r in v.related]
    for number, command in enumerate(nexts[:MAX_NEXT]):
        going += [span(" · " if number else ""), span(command, "command")]
    if nexts:
        items.append([going])
    return [Bullets(items)]


def _done(v: TopicView) -> list[Block]:
    body: list[Block] = []
    if v.topic["done"]:
        body.append(Bullets([[cited(s, v.citations)] for s in v.topic["done"]]))
    if v.substances:
        names = ", ".join(s["name"] for s in v.substances)
        body.append(Para([span("Substances used: ", "label"), span(names)]))
    return body


def _alternatives(v: TopicView) -> list[Block]:
    return [
        Bullets(
            [
                [
                    [
                        span(a["treatment"], "label"),
                        span(": " + a["text"]),
                        *marks(v.citations.numbers(a["sources"])),
                    ]
                ]
                for a in v.topic["alternatives"]
            ]
        )
    ]


def _risks(v: TopicView) -> list[Block]:
    body: list[Block] = []
    if v.risks:
        rows = []
        for risk in v.risks:
            detail = risk["frequency"] or risk["summary"]
            rows.append([[*_risk_words(risk), span(" — "), *cited(detail, v.citations)]])
        body.append(Bullets(rows))
    if v.topic["injection"]:
        names = ", ".join(r["name"] for r in v.every_injection if r not in v.risks)
        line: Spans = [span("Any injection into the skin also carries risks: ", "label")]
        if names:
            line.append(span(names + ". "))
        line += [span("See "), span("mesoref risks", "command"), span(".")]
        body.append(Para(line))
    if v.contraindications:
        names = ", ".join(c["name"] for c in v.contraindications)
        body.append(Para([span("Reasons not to have it: ", "label"), span(names + ". ")]))
    if v.topic["injection"] or v.contraindications:
        body.append(
            Para(
                [
                    span("Every contraindication, with where it comes from: "),
                    span("mesoref contraindications", "command"),
                ]
            )
        )
    return body


def _claims(v: TopicView) -> list[Block]:
    body: list[Block] = []
    if v.topic["claimed"]:
        body.append(Bullets([[cited(s, v.citations)] for s in v.topic["claimed"]]))
    wrong = [c for c in v.claims if c["verdict"] in SHOWN_VERDICTS]
    if wrong:
        body.append(Para([span("Claims that are wrong or unsupported, with corrections:", "meta")]))
        items = []
        for claim in sorted(wrong, key=lambda c: (SHOWN_VERDICTS.index(c["verdict"]), c["id"])):
            item = [[*verdict_label(claim["verdict"]), span(" " + claim["claim"])]]
            fix = claim["correction"] or claim["reason"]
            item.append(
                [
                    span("Correction: " if claim["correction"] else "Why: ", "label"),
                    *cited(fix, v.citations),
                ]
            )
            items.append(item)
        body.append(Bullets(items))
    rest = len(v.claims) - len(wrong)
    if v.claims:
        line: Spans = [
            span(
                f"{len(v.claims)} claim{'s' if len(v.claims) > 1 else ''} about this topic "
                f"{'have' if len(v.claims) > 1 else 'has'} been checked"
                + (
                    f"; besides those above, {rest} {'is' if rest == 1 else 'are'} rated "
                    "supported or contested"
                    if rest and wrong
                    else f"; {'it is' if rest == 1 else 'all are'} rated supported or contested"
                    if rest
                    else ""
                )
                + ". All of them: "
            ),
            span(f"mesoref claims --topic {v.topic['id']}", "command"),
        ]
        body.append(Para(line))
    return body


def _changes(v: TopicView) -> list[Block]:
    return (
        [
            Bullets(
                [
                    [
                        [span(c["date"], "date"), span(" " + c["what"])],
                        [span("Why: ", "meta"), span(c["why"])],
                    ]
                    for c in v.topic["changes"]
                ]
            )
        ]
        if v.topic["changes"]
        else []
    )


def _literature(v: TopicView) -> list[Block]:
    literature = v.topic["literature"]
    if not literature:
        return []
    text = (
        f"Literature last searched {literature['searched']} in "
        + ", ".join(literature["databases"])
        + "; queries: "
        + "; ".join(f'"{q}"' for q in literature["queries"])
        + "."
    )
    if literature["note"]:
        text += " " + literature["note"]
    return [Para([span(text, "meta")])]


def page(v: TopicView) -> list[Block]:
    if v.sections != SECTIONS:
        # Sources keep the numbers the whole page gives them, in every section, in `--brief`
        # and in `mesoref cite`: the whole page is laid out once first to number them.
        _page(v, SECTIONS)
    return _page(v, v.sections)


def _page(v: TopicView, chosen: tuple[str, ...]) -> list[Block]:
    topic = v.topic
    parts: list[Block] = [Title(topic["title"]), Para(_meta(v))]
    if topic["aliases"] and chosen != ("key-points",):
        parts.append(Para([span("Also called: ", "meta"), span(", ".join(topic["aliases"]))]))
    if "key-points" in chosen:
        parts += [Blank(), *key_points(v)]
    if "done" in chosen:
        parts += section("What is done", _done(v))
    if "evidence" in chosen:
        parts += section(
            "The evidence, outcome by outcome",
            [*evidence_blocks(topic["evidence"], v.citations), *_literature(v)],
        )
    if "alternatives" in chosen and topic["alternatives"]:
        parts += section("What works instead", _alternatives(v))
    if "risks" in chosen:
        parts += section("Risks and who should not have it", _risks(v))
    if "disagreements" in chosen:
        parts += section(
            "Where sources disagree", disagreement_blocks(topic["disagreements"], v.citations)
        )
    if "claims" in chosen:
        parts += section("What is claimed", _claims(v))
    if "sources" in chosen:
        parts += sources_section(v.citations)
    elif v.citations.order:
        where = f"mesoref topic {topic['id']} --section sources"
        count = len(v.citations.order)
        numbers = f"Sources [1-{count}]: " if count > 1 else "Source [1]: "
        parts += [Para([span(numbers, "meta"), span(where, "command")])]
    if "changes" in chosen:
        parts += section("Changes to this page", _changes(v))
    parts += [Blank(), Para([span(DISCLAIMER, "disclaimer")])]
    return parts


def data(v: TopicView) -> dict[str, Any]:
    page(v)  # numbers the sources in the order the page cites them
    return {
        "topic": v.topic,
        "layer": v.origin,
        "replaces": list(v.replaces),
        "changed_by": v.changed_by,
        "substances": v.substances,
        "risks": v.risks,
        "risks_of_any_injection": [r["id"] for r in v.every_injection],
        "contraindications": v.contraindications,
        "related": [brief(t) for t in v.related],
        "claims": v.claims,
        "sources": numbered_json(v.citations),
    }


def head(topic: TopicHead) -> TopicHead:
    """The fields lists of topics show, without the rest of the record."""
    return {
        "id": topic["id"],
        "title": topic["title"],
        "category": topic["category"],
        "summary": topic["summary"],
        "evidence": topic["evidence"],
    }


def brief(topic: TopicHead) -> dict[str, Any]:
    return {
        "id": topic["id"],
        "title": topic["title"],
        "category": topic["category"],
        "grade": topic["evidence"]["grade"],
        "about": topic["evidence"]["about"],
        "reason": topic["evidence"]["reason"],
        "summary": topic["summary"]["text"],
    }
