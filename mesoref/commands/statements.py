"""How the shapes records share are shown on every page: a sourced statement, a grade and what
it is a grade of, an outcome table, disagreements, and the labels for verdicts and severities.

Labels read the same with or without colour: `[incorrect]`, `[severe]`, never a bare word run
into its sentence.
"""

from __future__ import annotations

from mesoref.commands.citations import Citations, marks, reference_list
from mesoref.model.vocabulary import (
    CERTAINTY_MEANINGS,
    GRADE_MEANINGS,
    GRADE_PLAIN,
    plain_effect,
)
from mesoref.output.blocks import Blank, Block, Bullets, Heading, Para, Spans, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.model.plain import Disagreement, Evidence, Outcome, Risk, Statement


def cited(statement: Statement | None, citations: Citations) -> Spans:
    if statement is None:
        return []
    return [span(statement["text"]), *marks(citations.numbers(statement["sources"]))]


def label(text: str, style: str) -> Spans:
    return [span(f"[{text}]", style)]


def grade_label(grade: str) -> Spans:
    return label(grade, f"grade.{grade}")


def verdict_label(verdict: str) -> Spans:
    return label(verdict, f"verdict.{verdict}")


def severity_label(severity: str) -> Spans:
    return label(severity, f"severity.{severity}")


def grade_words(evidence: Evidence) -> Spans:
    """The grade in plain words, the grade itself, and what it is a grade of."""
    grade = evidence["grade"]
    parts: Spans = [span(GRADE_PLAIN[grade].capitalize(), "label"), span(" "), *grade_label(grade)]
    about = evidence["about"]
    if about:
        # Mid-sentence, "Mesotherapy mixtures ..." reads "mesotherapy mixtures ..."; an
        # abbreviation or a name in capitals keeps them.
        if about[:1].isupper() and about[1:2].islower():
            about = about[0].lower() + about[1:]
        parts += [span(" — this grades "), span(about.rstrip(".") + ".")]
    return parts


def section(title: str, body: Sequence[Block]) -> list[Block]:
    return [Blank(), Heading(title), *body] if body else []


def sources_section(citations: Citations) -> list[Block]:
    """The numbered reference list of everything the page cited, if it cited anything."""
    return section("Sources", [reference_list(citations)] if citations.order else [])


def frequency_says_unknown(risk: Risk) -> bool:
    """Whether a risk's frequency text already opens by saying the rate is unknown (most do),
    so that "How often: unknown. Unknown." is never printed."""
    frequency = risk["frequency"]
    return frequency is not None and frequency["text"].lower().startswith("unknown")


def outcome_item(outcome: Outcome, citations: Citations) -> list[Spans]:
    """One row of a summary-of-findings table, as a list item of three short paragraphs."""
    result = outcome["result"]
    certainty = outcome["certainty"]
    head: Spans = [span(outcome["outcome"], "label")]
    head.append(span(f" — {outcome['intervention']}"))
    if outcome["comparison"]:
        head += [span(" vs "), span(outcome["comparison"])]
    head.append(span(": "))
    head.append(span(plain_effect(result, certainty), "label"))
    if certainty:
        head.append(span(" "))
        head += label(f"{certainty} certainty", f"certainty.{certainty}")
    size = []
    if outcome["studies"] is not None:
        size.append(f"{outcome['studies']} {'study' if outcome['studies'] == 1 else 'studies'}")
    if outcome["participants"] is not None:
        size.append(f"{outcome['participants']} people")
    design = outcome["design"] or ""
    basis = "; ".join(filter(None, [", ".join(size), design]))
    basis = basis[:1].upper() + basis[1:]  # it opens a sentence ("Two randomised trials...")
    body: Spans = (
        [span(basis + (". " if basis and not basis.endswith(".") else " "))] if basis else []
    )
    body += cited(outcome["effect"], citations)
    item = [head, body]
    if certainty and outcome["certainty_reason"]:
        item.append([span("Why this certainty: ", "meta"), span(outcome["certainty_reason"])])
    return item


def evidence_blocks(evidence: Evidence, citations: Citations) -> list[Block]:
    """The grade with its reason, the outcome table, and the narrative findings."""
    lead: Spans = [span("Grade: ", "label"), *grade_words(evidence)]
    lead += [span(" " + evidence["reason"]), *marks(citations.numbers(evidence["sources"]))]
    parts: list[Block] = [Para(lead)]
    if evidence["outcomes"]:
        parts += [Blank(), Para([span("Outcome by outcome", "subheading")])]
        parts.append(Bullets([outcome_item(o, citations) for o in evidence["outcomes"]]))
    if evidence["findings"]:
        parts += [Blank(), Para([span("What the studies found", "subheading")])]
        parts.append(Bullets([[cited(f, citations)] for f in evidence["findings"]]))
    return parts


def disagreement_blocks(items: Sequence[Disagreement], citations: Citations) -> list[Block]:
    parts: list[Block] = []
    for disagreement in items:
        parts.append(Para([span(disagreement["about"], "subheading")]))
        values = [
            [[span(v["value"]), *marks(citations.numbers(v["sources"]))]]
            for v in disagreement["values"]
        ]
        parts.append(Bullets(values))
        if disagreement["comment"]:
            parts.append(
                Para(
                    [
                        span("How mesoref reads this: ", "label"),
                        *cited(disagreement["comment"], citations),
                    ]
                )
            )
    return parts


def grade_legend() -> list[Block]:
    return [
        Bullets(
            [
                [[*grade_label(grade), span(f" {GRADE_PLAIN[grade]}: {meaning}")]]
                for grade, meaning in GRADE_MEANINGS.items()
            ]
        )
    ]


def certainty_legend() -> list[Block]:
    return [
        Bullets(
            [
                [[*label(level, f"certainty.{level}"), span(f" {meaning}")]]
                for level, meaning in CERTAINTY_MEANINGS.items()
            ]
        )
    ]
