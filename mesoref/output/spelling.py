"""Abbreviations spelled out where a page first uses them: "visual analogue scale (VAS)".

The glossary says how each abbreviation is spelled out; a page's blocks are read in the order
they print, and the first use of each abbreviation in running text is rewritten, unless the
spelled-out form already came earlier on the page.  Titles, headings, labels, commands, ids and
citations are left alone, and so is anything inside a URL or a path.  A plural "s" is kept
("non-steroidal anti-inflammatory drugs (NSAIDs)").  Pure, standard library only: the page's
text is searched once as a whole, so the cost does not grow with the number of abbreviations
times the number of spans.
"""

from __future__ import annotations

from mesoref.output.blocks import Bullets, Grid, Para

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mesoref.output.blocks import Block, Spans

PUNCTUATION = "()[]{}.,;:!?'\"\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026"

# Styles whose text is not running prose.
LEFT_ALONE = frozenset(
    {"title", "heading", "subheading", "label", "command", "id", "cite", "meta", "reference"}
)


def paragraphs(blocks: Sequence[Block]) -> list[Spans]:
    """The span lists of the page's text, in print order (the lists themselves, so that
    rewriting one rewrites the page); titles and headings are left out by their styles."""
    found: list[Spans] = []
    for block in blocks:
        if isinstance(block, Para):
            found.append(block.parts)
        elif isinstance(block, Bullets):
            for item in block.items:
                found.extend(item)
        elif isinstance(block, Grid):
            for row in block.rows:
                found.extend(row)
    return found


def _first_use(text: str, short: str) -> tuple[int, bool] | None:
    """Where `short` is first used as a word of its own in `text` (and whether as a plural),
    outside URLs and paths; None if nowhere."""
    start = text.find(short)
    while start >= 0:
        end = start + len(short)
        plural = text[end : end + 1] == "s" and not (
            end + 1 < len(text) and text[end + 1].isalnum()
        )
        after = end + 1 if plural else end
        if (start == 0 or not text[start - 1].isalnum()) and (
            after >= len(text) or not text[after].isalnum()
        ):
            word_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
            ends = [i for i in (text.find(" ", after), text.find("\n", after)) if i >= 0]
            if "/" not in text[word_start : min(ends) if ends else len(text)]:
                return start, plural
        start = text.find(short, start + 1)
    return None


def spell_out(blocks: Sequence[Block], abbreviations: Mapping[str, str]) -> None:
    """Rewrite, in place, the first use of each abbreviation on the page."""
    if not abbreviations:
        return
    spans: list[tuple[Spans, int]] = []  # (the list, the index of the span in it)
    texts: list[str] = []
    for paragraph in paragraphs(blocks):
        for index, (text, style) in enumerate(paragraph):
            if style not in LEFT_ALONE:
                spans.append((paragraph, index))
                texts.append(text)
    # The page's running text as one string, searched once per abbreviation; "\n" between
    # spans is a word boundary like a space.
    page = "\n".join(texts)
    starts = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    folded: str | None = None
    edits: dict[int, list[tuple[int, str, str, bool]]] = {}
    for short in _candidates(page, abbreviations):
        long = abbreviations[short]
        hit = _first_use(page, short)
        if hit is None:
            continue
        position, plural = hit
        if folded is None:
            folded = page.casefold()
        if long.casefold() in folded[:position]:
            continue  # spelled out by hand earlier on the page
        number = _span_at(starts, position)
        edits.setdefault(number, []).append((position - starts[number], short, long, plural))
    for number, changes in edits.items():
        paragraph, index = spans[number]
        text, style = paragraph[index]
        for position, short, long, plural in sorted(changes, reverse=True):
            s = "s" if plural else ""
            size = len(short) + len(s)
            before = _article(text[:position], long)
            text = f"{before}{long}{s} ({short}{s}){text[position + size :]}"
        paragraph[index] = (text, style)


def _candidates(page: str, abbreviations: Mapping[str, str]) -> list[str]:
    """The abbreviations that occur on the page as words (a plural "s" or a possessive
    removed), found from its distinct words that hold a capital letter: one split of the page,
    instead of one search of the whole page per abbreviation (56 searches of a long page took
    a millisecond)."""
    found = set()
    for word in {w for w in page.split() if not w.islower()}:
        if "/" in word:
            continue  # a URL or a path
        for piece in word.split("-"):
            part = piece.replace("\u2019", "'").split("'")[0].strip(PUNCTUATION)  # NICE's
            if part in abbreviations:
                found.add(part)
            elif part[-1:] == "s" and part[:-1] in abbreviations:
                found.add(part[:-1])
    return sorted(found)


def _span_at(starts: list[int], position: int) -> int:
    """The index of the span whose text holds `position` (binary search over span starts)."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low


def _article(before: str, long: str) -> str:
    """The text before an abbreviation, its article made to fit the spelled-out form: "an
    NSAID" becomes "a non-steroidal anti-inflammatory drug (NSAID)"."""
    for article in ("a ", "an ", "A ", "An "):
        if before.endswith(article):
            start = len(before) - len(article)
            if start == 0 or not before[start - 1].isalnum():
                vowel = long[:1].casefold() in "aeiou"
                fitted = (
                    ("an " if vowel else "a ") if article[0] == "a" else ("An " if vowel else "A ")
                )
                return before[:start] + fitted
    return before
