"""The interface in another language: the words of headings, labels and fixed phrases.

Pages are written in English; a page in another language gets its records' translations (see
`mesoref.model.translation`) and its interface words from the tables here, applied to the
finished page by exact phrase, so no command needs to know about languages. Words with no
entry stay in English. Imported only for a page in another language.
"""

from __future__ import annotations

from mesoref.output.language import ENGLISH

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.output.blocks import Block


# Exact phrases of the interface, in French. Grades, verdicts, severities and certainties
# are shown as labels in brackets; JSON keeps the English codes.
_FRENCH_PHRASES = {
    # headings
    "Key points": "L'essentiel",
    "What is done": "Ce qui est fait",
    "What is claimed": "Ce qui est affirmé",
    "The evidence, outcome by outcome": "Les preuves, critère par critère",
    "What works instead": "Ce qui est efficace à la place",
    "Risks and who should not have it": "Risques et contre-indications",
    "Where sources disagree": "Là où les sources divergent",
    "Sources": "Sources",
    "Changes to this page": "Modifications de cette page",
    "What the studies found": "Ce que les études ont montré",
    "Outcome by outcome": "Critère par critère",
    "Related topics": "Sujets liés",
    "Risks": "Risques",
    "Substances": "Substances",
    # labels
    "What it is: ": "De quoi il s'agit : ",
    "Does it work? ": "Est-ce efficace ? ",
    "Main risks: ": "Principaux risques : ",
    "What works instead: ": "Ce qui est efficace à la place : ",
    "Next: ": "À lire ensuite : ",
    "Why: ": "Pourquoi : ",
    "Why this certainty: ": "Raison de ce niveau de certitude : ",
    "Correction: ": "Correction : ",
    "Grade: ": "Niveau de preuve : ",
    "How sure is this? ": "Quel est le niveau de preuve ? ",
    "How mesoref reads this: ": "Interprétation de mesoref : ",
    "Substances used: ": "Substances utilisées : ",
    "Reasons not to have it: ": "Contre-indications : ",
    "Also called: ": "Autres noms : ",
    "Any injection into the skin also carries risks: ": (
        "Toute injection dans la peau comporte aussi des risques : "
    ),
    "Claims that are wrong or unsupported, with corrections:": (
        "Affirmations inexactes ou non étayées, avec leur correction :"
    ),
    "Every contraindication, with where it comes from: ": (
        "Toutes les contre-indications, avec leur origine : "
    ),
    "More: ": "Pour en savoir plus : ",
    "See ": "Voir ",
    " vs ": " contre ",
    " [incomplete reference]": " [référence incomplète]",
    " — this grades ": " — ce niveau de preuve porte sur : ",
    "; and those of any injection": " ; et ceux de toute injection",
    "those of any injection": "ceux de toute injection",
    "; ": " ; ",
    ". All: ": ". Tous : ",
    "No controlled result to report.": "Aucun résultat contrôlé à rapporter.",
    # grades, verdicts, severities, certainty
    "[established]": "[établi]",
    "[limited]": "[limité]",
    "[contested]": "[contesté]",
    "[insufficient]": "[insuffisant]",
    "[negative]": "[négatif]",
    "[documented]": "[documenté]",
    "[supported]": "[étayé]",
    "[unsupported]": "[non étayé]",
    "[incorrect]": "[inexact]",
    "[mild]": "[léger]",
    "[moderate]": "[modéré]",
    "[severe]": "[grave]",
    "[high certainty]": "[certitude élevée]",
    "[moderate certainty]": "[certitude modérée]",
    "[low certainty]": "[certitude faible]",
    "[very-low certainty]": "[certitude très faible]",
    "works for this use": "efficace pour cet usage",
    "may help; the evidence is weak": "pourrait aider ; les preuves sont faibles",
    "unclear; good studies disagree": "incertain ; des études de qualité divergent",
    "unproven; not properly tested": "non prouvé ; insuffisamment étudié",
    "probably does not help": "probablement inefficace",
    "documented facts": "faits documentés",
    "no controlled study found": "aucune étude contrôlée trouvée",
    "documented": "documenté",
    "very uncertain": "effet très incertain",
    "studies disagree": "les études divergent",
    "increases": "augmente",
    "probably increases": "augmente probablement",
    "may increase": "pourrait augmenter",
    "reduces": "réduit",
    "probably reduces": "réduit probablement",
    "may reduce": "pourrait réduire",
    "makes little or no difference": "entraîne peu ou pas de différence",
    "probably makes little or no difference": "entraîne probablement peu ou pas de différence",
    "may make little or no difference": "pourrait entraîner peu ou pas de différence",
    # the disclaimer
    "Health information, not medical advice: decisions about treatment belong with a "
    "qualified clinician who knows your history.": (
        "Information de santé, et non un avis médical : les décisions thérapeutiques "
        "relèvent d'un clinicien qualifié qui connaît vos antécédents."
    ),
}
# Pieces of phrases built from data ("literature current through December 2026"), replaced
# inside page metadata lines in this order.
_FRENCH_PIECES = (
    ("literature current through ", "bibliographie à jour en "),
    ("reviewed ", "revu le "),
    (" from ", " provenant de "),
    ("aesthetic", "esthétique"),
    ("medical", "médical"),
    ("practice", "pratique"),
    ("safety", "sécurité"),
    ("regulation", "réglementation"),
    ("background", "contexte"),
    ("January", "janvier"),
    ("February", "février"),
    ("March", "mars"),
    ("April", "avril"),
    ("May", "mai"),
    ("June", "juin"),
    ("July", "juillet"),
    ("August", "août"),
    ("September", "septembre"),
    ("October", "octobre"),
    ("November", "novembre"),
    ("December", "décembre"),
)


# Phrases built around numbers and dates, as (English pattern, French replacement), tried in
# order on each span that is not data. Anchored, so that English prose of an untranslated
# record is never half-translated.
_FRENCH_PATTERNS = (
    (r"^1 study", "1 étude"),
    (r"^(\d+) studies", r"\1 études"),
    (r"^(\d[\d ]*(?:études?)?, )?(\d+) people", r"\1\2 personnes"),
    (r"^1 claim about this topic has been checked", "1 affirmation sur ce sujet a été vérifiée"),
    (
        r"^(\d+) claims about this topic have been checked",
        r"\1 affirmations sur ce sujet ont été vérifiées",
    ),
    (
        r"; besides those above, 1 is rated supported or contested",
        " ; en plus de celles ci-dessus, 1 est jugée étayée ou contestée",
    ),
    (
        r"; besides those above, (\d+) are rated supported or contested",
        r" ; en plus de celles ci-dessus, \1 sont jugées étayées ou contestées",
    ),
    (r"; it is rated supported or contested", " ; elle est jugée étayée ou contestée"),
    (r"; all are rated supported or contested", " ; toutes sont jugées étayées ou contestées"),
    (r"\. All of them: $", ". Toutes : "),
    (r"^Literature last searched (\S+) in ", r"Bibliographie interrogée le \1 dans "),
    (r"; queries: ", " ; requêtes : "),
    (r"^Sources \[1-(\d+)\]: $", r"Sources [1-\1] : "),
    (r"^Source \[1\]: $", "Source [1] : "),
)


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    """Each phrase also as it opens a sentence ("Unproven; ..." as well as "unproven; ...")."""
    found = dict(table)
    for english, french in table.items():
        found.setdefault(english[:1].upper() + english[1:], french[:1].upper() + french[1:])
    return found


PHRASES: dict[str, dict[str, str]] = {"fr": _with_capitals(_FRENCH_PHRASES)}
PIECES: dict[str, tuple[tuple[str, str], ...]] = {"fr": _FRENCH_PIECES}
PATTERNS: dict[str, tuple[tuple[str, str], ...]] = {"fr": _FRENCH_PATTERNS}
# The styles whose text is data, never interface words: left as they are.
_DATA_STYLES = frozenset(("reference", "cite", "id", "command", "date", "label-data"))


def interface_languages() -> list[str]:
    return [ENGLISH, *PHRASES]


def translate_page(page: Sequence[Block], language: str) -> None:
    """Rewrite, in place, the interface words of a finished page into `language`."""
    from mesoref.output.spelling import paragraphs

    phrases = PHRASES.get(language)
    if not phrases:
        return
    import re

    pieces = PIECES.get(language, ())
    patterns = [(re.compile(english), french) for english, french in PATTERNS.get(language, ())]
    spacing = SPACING.get(language)
    for spans in paragraphs(page):
        for index, (text, style) in enumerate(spans):
            if style in _DATA_STYLES:
                continue
            if text in phrases:
                text = phrases[text]
            elif style == "meta" and " · " in text:
                for english, translated in pieces:
                    text = text.replace(english, translated)
            else:
                for pattern, translated in patterns:
                    text = pattern.sub(translated, text)
            if spacing is not None:
                text = spacing(text)
            spans[index] = (text, style)


def _french_spacing(text: str) -> str:
    """French typography: the space a French text puts before : ; ? ! and », and after «,
    becomes a no-break space, and so does the one between a number and %, so that a line
    never starts with the punctuation. Text written without that space (English prose on a
    French page, an address's "://") is left as it is."""
    import re

    text = re.sub(r"[ \u00a0]([:;?!\u00bb])(?=\s|$)", "\u00a0\\1", text)
    text = re.sub(r"(\d) %", "\\1\u00a0%", text)
    return re.sub(r"\u00ab[ \u00a0]?", "\u00ab\u00a0", text)


SPACING = {"fr": _french_spacing}
