"""The records as the index stores them and commands read them: plain dictionaries
with the YAML field names, every field present (absent optional fields are None, empty lists
or False).

Generated from mesoref/model/schema.py by tools/gen_plain.py; do not edit by hand (a test
checks that it is up to date).  The types exist only for the type checker: at run time the
records are plain dicts, so reading them costs no import of typing or dataclasses.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal, TypedDict

    class Statement(TypedDict):
        text: str
        sources: list[str]

    class Outcome(TypedDict):
        outcome: str
        intervention: str
        result: Literal[
            "increases", "reduces", "no-difference", "mixed", "not-studied", "documented"
        ]
        effect: Statement
        comparison: str | None
        studies: int | None
        participants: int | None
        design: str | None
        certainty: Literal["high", "moderate", "low", "very-low"] | None
        certainty_reason: str | None

    class Evidence(TypedDict):
        grade: Literal[
            "established", "limited", "contested", "insufficient", "negative", "documented"
        ]
        reason: str
        sources: list[str]
        about: str | None
        findings: list[Statement]
        outcomes: list[Outcome]

    class Value(TypedDict):
        value: str
        sources: list[str]

    class Disagreement(TypedDict):
        about: str
        values: list[Value]
        comment: Statement | None

    class Alternative(TypedDict):
        treatment: str
        text: str
        sources: list[str]

    class Literature(TypedDict):
        searched: str
        databases: list[str]
        queries: list[str]
        note: str | None

    class Change(TypedDict):
        date: str
        what: str
        why: str

    class Topic(TypedDict):
        id: str
        title: str
        category: Literal["aesthetic", "medical", "practice", "safety", "regulation", "background"]
        reviewed: str
        summary: Statement
        evidence: Evidence
        aliases: list[str]
        done: list[Statement]
        claimed: list[Statement]
        substances: list[str]
        risks: list[str]
        contraindications: list[str]
        related: list[str]
        disagreements: list[Disagreement]
        injection: bool
        alternatives: list[Alternative]
        literature: Literature | None
        changes: list[Change]

    class Risk(TypedDict):
        id: str
        name: str
        severity: Literal["mild", "moderate", "severe"]
        summary: Statement
        aliases: list[str]
        applies_to: Literal["every-injection", "some-substances", "one-drug"] | None
        substances: list[str]
        incidence: (
            Literal["very-common", "common", "uncommon", "rare", "very-rare", "unknown"] | None
        )
        frequency: Statement | None
        onset: Statement | None
        details: list[Statement]
        disagreements: list[Disagreement]

    class Contraindication(TypedDict):
        id: str
        name: str
        basis: Literal["drug-label", "trial-exclusion", "consensus", "practitioner-lists"]
        description: Statement
        aliases: list[str]
        applies_to: Literal["every-injection", "some-substances", "one-drug"] | None
        substances: list[str]

    class HistoryEvent(TypedDict):
        id: str
        date: str
        title: str
        description: Statement
        end: str | None
        topics: list[str]
        disagreements: list[Disagreement]
        key: bool

    Substance = TypedDict(
        "Substance",
        {
            "id": str,
            "name": str,
            "class": str,
            "purpose": Statement,
            "evidence": Evidence,
            "aliases": list[str],
            "regulatory": Statement | None,
            "licensed_uses": list[Statement],
            "warnings": list[Statement],
            "disagreements": list[Disagreement],
            "literature": Literature | None,
            "changes": list[Change],
        },
    )

    class Source(TypedDict):
        id: str
        kind: Literal[
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
        title: str
        reliability: str
        type: (
            Literal[
                "journal-article",
                "conference-abstract",
                "report",
                "legal-text",
                "web-page",
                "book",
                "book-chapter",
            ]
            | None
        )
        authors: list[str]
        et_al: bool
        group: str | None
        organisation: str | None
        year: int | None
        date: str | None
        published: str | None
        journal: str | None
        journal_abbrev: str | None
        volume: str | None
        issue: str | None
        pages: str | None
        article_number: str | None
        container: str | None
        editors: list[str]
        edition: str | None
        publisher: str | None
        place: str | None
        report_number: str | None
        jurisdiction: str | None
        court: str | None
        number: str | None
        doi: str | None
        pmid: str | None
        pmcid: str | None
        url: str | None
        accessed: str | None
        in_press: bool
        incomplete: str | None
        no_identifier: str | None
        note: str | None

    class Abbreviation(TypedDict):
        short: str
        long: str

    class Term(TypedDict):
        id: str
        term: str
        definition: Statement
        aliases: list[str]
        see_also: list[str]
        abbreviation: Abbreviation | None

    class Claim(TypedDict):
        id: str
        source: str
        claim: str
        verdict: Literal["supported", "contested", "unsupported", "incorrect"]
        reason: Statement
        correction: Statement | None
        topics: list[str]
        variants: list[str]


# The fields that hold prose (plain text, never an id, reference, date or fixed word):
# a translation may change these and nothing else (mesoref/model/translation.py).
PROSE_KEYS = frozenset(
    (
        "about",
        "aliases",
        "article_number",
        "authors",
        "certainty_reason",
        "claim",
        "class",
        "comparison",
        "container",
        "court",
        "databases",
        "design",
        "edition",
        "editors",
        "group",
        "incomplete",
        "intervention",
        "issue",
        "journal",
        "journal_abbrev",
        "jurisdiction",
        "long",
        "name",
        "no_identifier",
        "note",
        "number",
        "organisation",
        "outcome",
        "pages",
        "place",
        "published",
        "publisher",
        "queries",
        "reason",
        "reliability",
        "report_number",
        "term",
        "text",
        "title",
        "treatment",
        "value",
        "variants",
        "volume",
        "what",
        "why",
    )
)
