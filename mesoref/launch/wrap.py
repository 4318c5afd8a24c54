"""Fit words to a width, counting terminal cells, without ever breaking a word.

A URL, a path or an id longer than the line stays whole on a line of its own: it may run past
the width, but it is never cut.  Standard library only (no `re`, no `textwrap`): help text and
pages are laid out on the fast path.
"""

from __future__ import annotations

_east_asian_width = None
_combining = None


# Ranges in which every character takes one cell: no combining mark, no zero-width and no
# wide character (a test checks each against unicodedata).  The text of the knowledge base
# (accented Latin, dashes, quotes, arrows, maths) stays within them, so a page rarely
# needs the unicodedata module at all.
NARROW = ((0x20, 0x7F), (0xA0, 0x300), (0x2010, 0x2028), (0x2030, 0x2060), (0x2190, 0x231A))


def _narrow(char: str) -> bool:
    code = ord(char)
    return any(low <= code < high for low, high in NARROW)


def one_cell_each(text: str) -> bool:
    """Whether every character of `text` takes exactly one cell (then its width is its length)."""
    return text.isascii() or all(map(_narrow, text))


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: 2 for wide East Asian characters, 0 for
    combining marks and zero-width characters, 1 otherwise."""
    if text.isascii() or all(map(_narrow, text)):
        return len(text)
    global _east_asian_width, _combining
    if _east_asian_width is None or _combining is None:
        from unicodedata import combining, east_asian_width

        _east_asian_width, _combining = east_asian_width, combining
    width = 0
    for char in text:
        if _combining(char) or char in "\u200b\u200c\u200d\ufeff":
            continue
        width += 2 if _east_asian_width(char) in ("W", "F") else 1
    return width


def wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Greedy wrapping of one paragraph (runs of white space count as one space)."""
    rest = indent if subsequent is None else subsequent
    lines: list[str] = []
    line = indent
    used = cell_width(indent)
    start = used
    for word in text.split():
        size = cell_width(word)
        if used > start and used + 1 + size > width:
            lines.append(line)
            line, used = rest, cell_width(rest)
            start = used
        if used > start:
            line += " "
            used += 1
        line += word
        used += size
    if used > start or not lines:
        lines.append(line)
    return lines
