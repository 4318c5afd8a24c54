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

from mesoref.output.blocks import Bullets, Grid, Heading, Para, Title

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mesoref.output.blocks import Block, Spans

# Styles whose text is not running prose.
LEFT_ALONE = frozenset({"title", "heading", "subheading", "label", "command", "id", "cite", "meta"})


def _paragraphs(blocks: Sequence[Block]) -> list[Spans]:
    """The span lists of the page's running text, in print order (the lists themselves, so
    that rewriting one rewrites the page)."""
    found: list[Spans] = []
    for block in blocks:
        if isinstance(block, (Title, Heading)):
            continue
        if isinstance(block, Para):
            found.append(block.parts)
        elif isinstance(block, Bullets):
            for item in block.items:
                found.extend(item)
        elif isinstance(block, Grid):
            for row in block.rows:
                found.extend(row)
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum()


def _first_use(text: str, short: str) -> tuple[int, bool] | None:
    """Where `short` is first used as a word of its own in `text` (and whether as a plural),
    outside URLs and paths; None if nowhere."""
    start = text.find(short)
    while start >= 0:
        end = start + len(short)
        plural = text[end : end + 1] == "s" and not (
            end + 1 < len(text) and _is_word_char(text[end + 1])
        )
        after = end + 1 if plural else end
        if (start == 0 or not _is_word_char(text[start - 1])) and (
            after >= len(text) or not _is_word_char(text[after])
        ):
            word_start = text.rfind(" ", 0, start) + 1
            word_end = text.find(" ", after)
            word = text[word_start : word_end if word_end >= 0 else len(text)]
            if "/" not in word:
                return start, plural
        start = text.find(short, start + 1)
    return None


def spell_out(blocks: Sequence[Block], abbreviations: Mapping[str, str]) -> None:
    """Rewrite, in place, the first use of each abbreviation on the page."""
    if not abbreviations:
        return
    spans: list[tuple[Spans, int]] = []  # (the list, the index of the span in it)
    texts: list[str] = []
    for paragraph in _paragraphs(blocks):
        for index, (text, style) in enumerate(paragraph):
            if style not in LEFT_ALONE:
                spans.append((paragraph, index))
                texts.append(text)
    page = "\n".join(texts)
    folded = page.casefold()
    # One search of the whole page per abbreviation finds the few that are used at all.
    used = [(short, long) for short, long in abbreviations.items() if short in page]
    edits: dict[int, list[tuple[int, str, str, bool]]] = {}
    for short, long in used:
        offset = 0
        for number, text in enumerate(texts):
            hit = _first_use(text, short)
            if hit is not None:
                position, plural = hit
                if long.casefold() not in folded[: offset + position]:
                    edits.setdefault(number, []).append((position, short, long, plural))
                break
            offset += len(text) + 1
    for number, changes in edits.items():
        paragraph, index = spans[number]
        text, style = paragraph[index]
        for position, short, long, plural in sorted(changes, reverse=True):
            s = "s" if plural else ""
            size = len(short) + len(s)
            before = _article(text[:position], long)
            text = f"{before}{long}{s} ({short}{s}){text[position + size :]}"
        paragraph[index] = (text, style)


def _article(before: str, long: str) -> str:
    """The text before an abbreviation, its article made to fit the spelled-out form: "an
    NSAID" becomes "a non-steroidal anti-inflammatory drug (NSAID)"."""
    for article in ("a ", "an ", "A ", "An "):
        if before.endswith(article):
            start = len(before) - len(article)
            if start == 0 or not _is_word_char(before[start - 1]):
                vowel = long[:1].casefold() in "aeiou"
                fitted = (
                    ("an " if vowel else "a ") if article[0] == "a" else ("An " if vowel else "A ")
                )
                return before[:start] + fitted
    return before
