"""The validated record types, their fixed vocabularies, and the kinds of record mesoref holds.

The annotations are the schema: `validate` walks them to check raw YAML, and `jsonschema`
walks them to publish a JSON Schema, so a field is defined exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from mesoref.model.vocabulary import (
    APPLIES_TO_MEANINGS,
    CERTAINTY_MEANINGS,
    GRADE_MEANINGS,
    GRADE_ORDER,
    GRADE_PLAIN,
    INCIDENCE_MEANINGS,
    SEVERITY_MEANINGS,
    VERDICT_MEANINGS,
    plain_effect,
)

__all__ = [
    "APPLIES_TO_MEANINGS",
    "CERTAINTY_MEANINGS",
    "GRADE_MEANINGS",
    "GRADE_ORDER",
    "GRADE_PLAIN",
    "INCIDENCE_MEANINGS",
    "SEVERITY_MEANINGS",
    "VERDICT_MEANINGS",
    "plain_effect",
]

Grade = Literal["established", "limited", "contested", "insufficient", "negative", "documented"]
Certainty = Literal["high", "moderate", "low", "very-low"]
# Which way an outcome moved with treatment, as the studies report it; `not-studied` and
# `documented` carry no certainty (nothing was measured, or the outcome is a fact of record).
Result = Literal["increases", "reduces", "no-difference", "mixed", "not-studied", "documented"]
AppliesTo = Literal["every-injection", "some-substances", "one-drug"]
Incidence = Literal["very-common", "common", "uncommon", "rare", "very-rare", "unknown"]
PublicationType = Literal[
    "journal-article",
    "conference-abstract",
    "report",
    "legal-text",
    "web-page",
    "book",
    "book-chapter",
]
Verdict = Literal["supported", "contested", "unsupported", "incorrect"]
Severity = Literal["mild", "moderate", "severe"]
Category = Literal["aesthetic", "medical", "practice", "safety", "regulation", "background"]
SourceKind = Literal[
    "seed-document",
    "peer-reviewed-study",
    "review",
    "regulator",
    "legal-text",
    "professional-society",
    "drug-label",
    "encyclopedia",
    "news",
    "practitioner-website",
    "conference-abstract",
]
Basis = Literal["drug-label", "trial-exclusion", "consensus", "practitioner-lists"]

VERDICTS: tuple[str, ...] = get_args(Verdict)
SEVERITIES: tuple[str, ...] = get_args(Severity)
CATEGORIES: tuple[str, ...] = get_args(Category)

CERTAINTIES: tuple[str, ...] = get_args(Certainty)
RESULTS: tuple[str, ...] = get_args(Result)


@dataclass(frozen=True, slots=True)
class Ref:
    """Marks a text field as the id of a record of another kind."""

    kind: str


@dataclass(frozen=True, slots=True)
class Pattern:
    """Marks a text field as one that must match a regular expression (and, for dates, be a
    real date)."""

    regex: str
    what: str
    is_date: bool = False


@dataclass(frozen=True, slots=True)
class NonEmpty:
    """Marks a list field that must hold at least one item."""


ID_PATTERN = r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$"
Id = Annotated[str, Pattern(ID_PATTERN, "an id: lower-case letters, digits, '-', '_' or '.'")]
FullDate = Annotated[str, Pattern(r"^\d{4}-\d{2}-\d{2}$", "a date as YYYY-MM-DD", True)]
PartialDate = Annotated[
    str, Pattern(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", "a date as YYYY, YYYY-MM or YYYY-MM-DD", True)
]
Doi = Annotated[str, Pattern(r"^10\.\d{4,9}/\S+$", "a DOI such as 10.1111/abc.123")]
Pmid = Annotated[str, Pattern(r"^\d{1,9}$", "a PubMed id (digits only)")]
Pmcid = Annotated[str, Pattern(r"^PMC\d{1,9}$", "a PubMed Central id such as PMC1234567")]
Url = Annotated[str, Pattern(r"^https?://\S+$", "an http(s) URL")]

SourceId = Annotated[str, Ref("source")]
TopicId = Annotated[str, Ref("topic")]
RiskId = Annotated[str, Ref("risk")]
SubstanceId = Annotated[str, Ref("substance")]
TermId = Annotated[str, Ref("term")]
ContraindicationId = Annotated[str, Ref("contraindication")]
Sources = Annotated[tuple[SourceId, ...], NonEmpty()]


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence or short paragraph a reader sees, with the sources that back it."""

    text: str
    sources: Sources


@dataclass(frozen=True, slots=True)
class Value:
    """One value that a source gives for something sources disagree on."""

    value: str
    sources: Sources


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources that disagree, kept side by side rather than silently resolved."""

    about: str
    values: Annotated[tuple[Value, ...], NonEmpty()]
    comment: Statement | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One row of a summary-of-findings table: what was measured, in how many studies and
    people, how, what happened, and how certain that is (GRADE)."""

    outcome: str
    intervention: str
    result: Result
    effect: Statement
    comparison: str | None = None
    studies: int | None = None
    participants: int | None = None
    design: str | None = None
    certainty: Certainty | None = None
    certainty_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """The headline grade, what it is a grade of, a one-line reason, what the studies found,
    and the outcomes one by one."""

    grade: Grade
    reason: str
    sources: Sources
    about: str | None = None
    findings: tuple[Statement, ...] = ()
    outcomes: tuple[Outcome, ...] = ()


@dataclass(frozen=True, slots=True)
class Alternative:
    """A treatment with better evidence for the same problem: what works instead."""

    treatment: str
    text: str
    sources: Sources


@dataclass(frozen=True, slots=True)
class Literature:
    """When and how the literature behind a record was last searched."""

    searched: FullDate
    databases: Annotated[tuple[str, ...], NonEmpty()]
    queries: Annotated[tuple[str, ...], NonEmpty()]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One change to a record's content: when, what, and why."""

    date: FullDate
    what: str
    why: str


@dataclass(frozen=True, slots=True)
class Topic:
    id: Id
    title: str
    category: Category
    reviewed: FullDate
    summary: Statement
    evidence: Evidence
    aliases: tuple[str, ...] = ()
    done: tuple[Statement, ...] = ()
    claimed: tuple[Statement, ...] = ()
    substances: tuple[SubstanceId, ...] = ()
    risks: tuple[RiskId, ...] = ()
    contraindications: tuple[ContraindicationId, ...] = ()
    related: tuple[TopicId, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    injection: bool = False
    alternatives: tuple[Alternative, ...] = ()
    literature: Literature | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Risk:
    id: Id
    name: str
    severity: Severity
    summary: Statement
    aliases: tuple[str, ...] = ()
    applies_to: AppliesTo | None = None
    substances: tuple[SubstanceId, ...] = ()
    incidence: Incidence | None = None
    frequency: Statement | None = None
    onset: Statement | None = None
    details: tuple[Statement, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class Contraindication:
    id: Id
    name: str
    basis: Basis
    description: Statement
    aliases: tuple[str, ...] = ()
    applies_to: AppliesTo | None = None
    substances: tuple[SubstanceId, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    id: Id
    date: PartialDate
    title: str
    description: Statement
    end: PartialDate | None = None
    topics: tuple[TopicId, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    key: bool = False


@dataclass(frozen=True, slots=True)
class Substance:
    id: Id
    name: str
    class_: str
    purpose: Statement
    evidence: Evidence
    aliases: tuple[str, ...] = ()
    regulatory: Statement | None = None
    licensed_uses: tuple[Statement, ...] = ()
    warnings: tuple[Statement, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    literature: Literature | None = None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: Id
    kind: SourceKind
    title: str
    reliability: str
    type: PublicationType | None = None
    authors: tuple[str, ...] = ()
    et_al: bool = False
    # A group named in the byline after the personal authors ("...; for the Clinical
    # Guidelines Committee of ..."), as the article itself prints it; references list it last.
    group: str | None = None
    organisation: str | None = None
    year: int | None = None
    date: PartialDate | None = None
    published: str | None = None
    journal: str | None = None
    journal_abbrev: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    container: str | None = None
    editors: tuple[str, ...] = ()
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    report_number: str | None = None
    jurisdiction: str | None = None
    court: str | None = None
    number: str | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    pmcid: Pmcid | None = None
    url: Url | None = None
    accessed: FullDate | None = None
    # Published online ahead of its issue: no volume or pages yet, and the styles say so.
    in_press: bool = False
    # What the reference still lacks and why (not found on a primary record): shown with the
    # reference wherever it is printed, and it lets `validate` accept the gap as declared.
    incomplete: str | None = None
    no_identifier: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """How a term is abbreviated, and how it is spelled out in the middle of a sentence: every
    page spells an abbreviation out where it is first used ("visual analogue scale (VAS)")."""

    short: Annotated[
        str,
        Pattern(
            r"^[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*$",
            "an abbreviation such as VAS, NSAIDs or CO2 (a capital, then letters or digits)",
        ),
    ]
    long: str


@dataclass(frozen=True, slots=True)
class Term:
    id: Id
    term: str
    definition: Statement
    aliases: tuple[str, ...] = ()
    see_also: tuple[TermId, ...] = ()
    abbreviation: Abbreviation | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: Id
    source: SourceId
    claim: str
    verdict: Verdict
    reason: Statement
    correction: Statement | None = None
    topics: tuple[TopicId, ...] = ()
    variants: tuple[str, ...] = ()


Record = Topic | Risk | Contraindication | HistoryEvent | Substance | Source | Term | Claim


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of record: its name, the folder it lives in, and its display-name field."""

    name: str
    folder: str
    type: type
    title_field: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("topic", "topics", Topic, "title"),
        Kind("risk", "risks", Risk, "name"),
        Kind("contraindication", "contraindications", Contraindication, "name"),
        Kind("event", "history", HistoryEvent, "title"),
        Kind("substance", "substances", Substance, "name"),
        Kind("source", "sources", Source, "title"),
        Kind("term", "glossary", Term, "term"),
        Kind("claim", "claims", Claim, "claim"),
    )
}
KIND_BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS.values()}


def yaml_name(field_name: str) -> str:
    """The YAML key of a dataclass field (`class_` is written `class`)."""
    return field_name.rstrip("_")
