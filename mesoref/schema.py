"""The validated record types, their fixed vocabularies, and the kinds of record mesoref holds.

The annotations are the schema: `validate` walks them to check raw YAML, and `jsonschema`
walks them to publish a JSON Schema, so a field is defined exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, get_args

Grade = Literal["established", "limited", "insufficient", "contested"]
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

# What each grade means, in the order from best to least supported (used by `about`,
# `evidence` and the README).
GRADE_MEANINGS: dict[str, str] = {
    "established": "consistent results from randomised controlled trials, or regulatory approval",
    "limited": "some positive controlled data, but small, heterogeneous or low-quality studies",
    "insufficient": "no controlled data, only case series or opinion, or controlled data that "
    "found no effect",
    "contested": "credible sources conflict, for example negative controlled studies against "
    "positive uncontrolled ones",
}
GRADE_ORDER: tuple[str, ...] = ("established", "limited", "contested", "insufficient")

VERDICT_MEANINGS: dict[str, str] = {
    "supported": "reliable sources back the claim",
    "contested": "reliable sources disagree, or back only part of the claim",
    "unsupported": "no reliable source backs the claim; marketing or guesswork",
    "incorrect": "reliable sources show the claim is wrong; a correction is given",
}


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
class Evidence:
    """The grade of the evidence, a one-line reason, and what the studies found."""

    grade: Grade
    reason: str
    sources: Sources
    findings: tuple[Statement, ...] = ()


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


@dataclass(frozen=True, slots=True)
class Risk:
    id: Id
    name: str
    severity: Severity
    summary: Statement
    aliases: tuple[str, ...] = ()
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


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    id: Id
    date: PartialDate
    title: str
    description: Statement
    end: PartialDate | None = None
    topics: tuple[TopicId, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class Substance:
    id: Id
    name: str
    class_: str
    purpose: Statement
    evidence: Evidence
    aliases: tuple[str, ...] = ()
    regulatory: Statement | None = None
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    id: Id
    kind: SourceKind
    title: str
    reliability: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    published: str | None = None
    doi: Doi | None = None
    pmid: Pmid | None = None
    url: Url | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Term:
    id: Id
    term: str
    definition: Statement
    aliases: tuple[str, ...] = ()
    see_also: tuple[TermId, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: Id
    source: SourceId
    claim: str
    verdict: Verdict
    reason: Statement
    correction: Statement | None = None
    topics: tuple[TopicId, ...] = ()


Record = Topic | Risk | Contraindication | HistoryEvent | Substance | Source | Term | Claim


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of record: its name, the folder it lives in, and its display-name field."""

    name: str
    folder: str
    type: type
    title_field: str

    def title_of(self, record: object) -> str:
        return str(getattr(record, self.title_field))


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
