"""The words mesoref uses for its fixed vocabularies: what each grade, certainty, severity,
frequency class, verdict and category means, for readers and in the README.

Standard library only: pages are rendered without importing the dataclass schema, which a
test keeps in step with these tuples.
"""

from __future__ import annotations

GRADES = ("established", "limited", "contested", "insufficient", "negative", "documented")
CERTAINTIES = ("high", "moderate", "low", "very-low")
RESULTS = ("increases", "reduces", "no-difference", "mixed", "not-studied", "documented")
SEVERITIES = ("mild", "moderate", "severe")
INCIDENCES = ("very-common", "common", "uncommon", "rare", "very-rare", "unknown")
APPLIES_TO = ("every-injection", "some-substances", "one-drug")
VERDICTS = ("supported", "contested", "unsupported", "incorrect")
PUBLICATION_TYPES = (
    "journal-article",
    "conference-abstract",
    "report",
    "legal-text",
    "web-page",
    "book",
    "book-chapter",
)
# Why a contraindication is listed: a drug's label, a trial's exclusion criteria, a
# consensus statement, or only practitioners' lists (the weakest basis, said as such).
BASES = ("drug-label", "trial-exclusion", "consensus", "practitioner-lists")
CATEGORIES = ("aesthetic", "medical", "practice", "safety", "regulation", "background")
CATEGORY_TITLES = {
    "aesthetic": "Aesthetic indications",
    "medical": "Medical indications",
    "practice": "Practice and technique",
    "safety": "Safety",
    "regulation": "Regulation and practitioners",
    "background": "Background",
}
SOURCE_KIND_TITLES = {
    "seed-document": "web article audited by mesoref",
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

# What each grade means, in the order from best to least supported (used by `about`,
# `evidence` and the README).  `insufficient` (not adequately studied) and `negative`
# (studied, and no benefit found) are different answers and are never merged; `documented`
# grades facts of record (a law, a date, an outbreak), not an effect of treatment.
GRADE_MEANINGS: dict[str, str] = {
    "established": "shown to work for this use by consistent randomised controlled trials, "
    "or approved by a regulator on such trials",
    "limited": "some controlled evidence of benefit, but from small, few or weak studies",
    "contested": "reliable controlled evidence points both ways",
    "insufficient": "not adequately studied: no controlled trial, only uncontrolled studies, "
    "case reports or opinion",
    "negative": "studied in controlled trials, which found little or no benefit",
    "documented": "facts of record (laws, dates, outbreaks, published numbers), not an effect "
    "of treatment",
}
# The same grades in words a patient reads: what the grade says about the treatment.
GRADE_PLAIN: dict[str, str] = {
    "established": "works for this use",
    "limited": "may help; the evidence is weak",
    "contested": "unclear; good studies disagree",
    "insufficient": "unproven; not properly tested",
    "negative": "probably does not help",
    "documented": "documented facts",
}
GRADE_ORDER: tuple[str, ...] = GRADES

# GRADE's four levels of certainty, in the words of its handbook.
CERTAINTY_MEANINGS: dict[str, str] = {
    "high": "the true effect is very likely close to the estimate",
    "moderate": "the true effect is probably close to the estimate, but may differ",
    "low": "the true effect may be markedly different from the estimate",
    "very-low": "the true effect is likely to be markedly different from the estimate",
}

# Plain-language statements of an effect, as Cochrane's plain-language summaries word them.
# At very low certainty Cochrane states no direction at all: "we are very uncertain".
_PLAIN_EFFECT: dict[str, tuple[str, str, str]] = {
    "increases": ("increases", "probably increases", "may increase"),
    "reduces": ("reduces", "probably reduces", "may reduce"),
    "no-difference": (
        "makes little or no difference",
        "probably makes little or no difference",
        "may make little or no difference",
    ),
}


def plain_effect(result: str, certainty: str | None) -> str:
    """The Cochrane-style phrase for an outcome: `probably reduces`, `very uncertain`, ..."""
    if result == "not-studied":
        return "no controlled study found"
    if result == "documented":
        return "documented"
    if certainty == "very-low":
        return "very uncertain"
    if result == "mixed":
        return "studies disagree"
    high, moderate, low = _PLAIN_EFFECT[result]
    return {"high": high, "moderate": moderate}.get(certainty or "", low)


SEVERITY_MEANINGS: dict[str, str] = {
    "mild": "passes by itself within days to a few weeks and needs no treatment",
    "moderate": "needs treatment or lasts for weeks to months, or may leave a mark, but is not "
    "life-threatening",
    "severe": "can need hospital care or surgery, can leave lasting harm or disfigurement, or "
    "can be life-threatening",
}
# The frequency classes of European product information (SmPC), used only where a source
# gives numbers; `unknown` otherwise.
INCIDENCE_MEANINGS: dict[str, str] = {
    "very-common": "1 in 10 people or more",
    "common": "1 in 100 to 1 in 10",
    "uncommon": "1 in 1,000 to 1 in 100",
    "rare": "1 in 10,000 to 1 in 1,000",
    "very-rare": "fewer than 1 in 10,000",
    "unknown": "not known: no study has counted it reliably",
}
APPLIES_TO_MEANINGS: dict[str, str] = {
    "every-injection": "any injection into the skin, whatever is injected",
    "some-substances": "only some of the substances injected",
    "one-drug": "one licensed drug, not mesotherapy as a whole",
}

VERDICT_MEANINGS: dict[str, str] = {
    "supported": "reliable sources back the claim",
    "contested": "reliable sources disagree, or back only part of the claim",
    "unsupported": "no reliable source backs the claim; marketing or guesswork",
    "incorrect": "reliable sources show the claim is wrong; a correction is given",
}

# Month names, as pages and references spell out dates.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
