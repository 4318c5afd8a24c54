"""The interface in another language: which language a run uses, and the words of headings,
labels and fixed phrases in it.

The language is chosen as the tldr client specification says for LANG and LANGUAGE, after
mesoref's own --lang and MESOREF_LANG: LANGUAGE counts only when LANG is set, C and POSIX
count as unset, and English comes last. Pages are written in English; a page in another
language gets its records' translations (see `mesoref.model.translation`) and its interface
words from the tables here, applied to the finished page by exact phrase, so no command
needs to know about languages. Words with no entry stay in English.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mesoref.output.blocks import Block

ENGLISH = "en"
NAMES = {"en": "English", "fr": "French"}


def preferences(option: str | None, environ: Mapping[str, str]) -> list[str]:
    """The languages to try, best first, as base codes ("fr" for fr_FR.UTF-8), ending in
    English: --lang, then MESOREF_LANG, then LANGUAGE (only when LANG is set) and LANG."""
    wanted: list[str] = []
    if option:
        wanted.append(option)
    if environ.get("MESOREF_LANG"):
        wanted.append(environ["MESOREF_LANG"])
    lang = environ.get("LANG", "")
    if _code(lang):
        wanted.extend(environ.get("LANGUAGE", "").split(":"))
        wanted.append(lang)
    found: list[str] = []
    for entry in wanted:
        code = _code(entry)
        if code and code not in found:
            found.append(code)
    if ENGLISH not in found:
        found.append(ENGLISH)
    return found


def _code(value: str) -> str:
    """The language of a locale name (ll[_CC][.encoding][@modifier]); "" for C and POSIX."""
    base = value.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].split("-", 1)[0]
    base = base.strip().lower()
    return "" if base in ("", "c", "posix") or not base.isalpha() else base


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


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    """Each phrase also as it opens a sentence ("Unproven; ..." as well as "unproven; ...")."""
    found = dict(table)
    for english, french in table.items():
        found.setdefault(english[:1].upper() + english[1:], french[:1].upper() + french[1:])
    return found


PHRASES: dict[str, dict[str, str]] = {"fr": _with_capitals(_FRENCH_PHRASES)}
PIECES: dict[str, tuple[tuple[str, str], ...]] = {"fr": _FRENCH_PIECES}
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
    pieces = PIECES.get(language, ())
    for spans in paragraphs(page):
        for index, (text, style) in enumerate(spans):
            if style in _DATA_STYLES:
                continue
            if text in phrases:
                spans[index] = (phrases[text], style)
            elif style == "meta" and " · " in text:
                for english, translated in pieces:
                    text = text.replace(english, translated)
                spans[index] = (text, style)
