"""The layout engine: blocks that render themselves into lines at a width.

A page is a list of blocks (a title, a heading, a paragraph, bullets, a grid).  Text inside a
block is a list of spans, each a piece of text and the name of its style.  Every block knows
how to lay itself out: `block.lines(width, painter)` returns finished lines, wrapped to the
width by whole words (a URL, path or id is never cut; a word longer than the line stays whole
and may run past the width), styled by the painter (SGR codes when colour is on, nothing
otherwise).  Below `STACK_BELOW` columns, grids stack their fields instead of squeezing them.

Data text is made inert when it enters a span (`span`), so widths are measured on what will
be shown; the output boundary checks everything again at the end.  Rendering is pure: no I/O,
no exits.  Standard library only.
"""

from __future__ import annotations

from mesoref.launch.inert import inert
from mesoref.launch.wrap import cell_width, one_cell_each
from mesoref.output.theme import SGR

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

Span = tuple[str, str]  # text, style name ("" for none)
Spans = list[Span]
STACK_BELOW = 60
UNLIMITED = 1 << 30  # the width of --plain output: nothing is wrapped
BULLET = "•"
# Spans in these styles are one unit for wrapping: a command to type is never split.
UNBROKEN = frozenset({"command"})


def span(text: object, style: str = "") -> Span:
    return (inert(str(text)), style)


def spans(*parts: Span | str) -> Spans:
    return [part if isinstance(part, tuple) else span(part) for part in parts]


class Painter:
    """Turns a styled fragment into text: with SGR codes, or as it is."""

    __slots__ = ("colour",)

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def paint(self, text: str, style: str) -> str:
        if not self.colour or not style or not text:
            return text
        codes = ";".join(filter(None, (SGR.get(name, "") for name in style.split("+"))))
        return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


Word = tuple[int, str, list[Span]]  # cells it takes, its text, its fragments


def _words(parts: Spans) -> list[Word]:
    """Split spans into words (runs without white space) with their widths; a fragment keeps
    its style, and fragments with no space between them make one word."""
    if len(parts) == 1 and parts[0][1] not in UNBROKEN:
        # One span, the most common paragraph: no fragments to join across spans.
        text, style = parts[0]
        if "\n" in text or "\t" in text:
            text = text.replace("\n", " ").replace("\t", " ")
        if one_cell_each(text):
            return [(len(piece), piece, [(piece, style)]) for piece in text.split(" ") if piece]
        return [(cell_width(piece), piece, [(piece, style)]) for piece in text.split(" ") if piece]
    words: list[Word] = []
    current: list[Span] = []
    texts: list[str] = []  # the fragments' texts, joined into the word when it ends
    width = 0
    for text, style in parts:
        if style in UNBROKEN:
            if current and text[:1] == " ":
                words.append((width, "".join(texts), current))
                current, texts, width = [], [], 0
            text = text.strip()
            current.append((text, style))
            texts.append(text)
            width += len(text) if one_cell_each(text) else cell_width(text)
            continue
        if "\n" in text or "\t" in text:
            text = text.replace("\n", " ").replace("\t", " ")
        # Asked once per span, not per word: almost every span is one cell per character.
        simple = one_cell_each(text)
        for index, piece in enumerate(text.split(" ")):
            if index and current:
                words.append((width, "".join(texts), current))
                current, texts, width = [], [], 0
            if piece:
                current.append((piece, style))
                texts.append(piece)
                width += len(piece) if simple else cell_width(piece)
    if current:
        words.append((width, "".join(texts), current))
    return words


def _render_line(words: list[Word], painter: Painter) -> str:
    if not painter.colour:
        return " ".join([word[1] for word in words])
    merged: list[list[str]] = []  # [text, style]
    for index, (_, _, fragments) in enumerate(words):
        for position, (text, style) in enumerate(fragments):
            if position == 0 and index:
                if merged[-1][1] == style:
                    merged[-1][0] += " "
                else:
                    merged.append([" ", ""])
            if merged and merged[-1][1] == style:
                merged[-1][0] += text
            else:
                merged.append([text, style])
    return "".join(painter.paint(text, style) for text, style in merged)


def wrap_spans(
    parts: Spans, width: int, painter: Painter, first: str = "", rest: str | None = None
) -> list[str]:
    """Lay out one paragraph of spans; `first` and `rest` are the (unstyled) line prefixes."""
    return [line for line, _ in _wrap(parts, width, painter, first, rest)]


def _wrap(
    parts: Spans, width: int, painter: Painter, first: str = "", rest: str | None = None
) -> list[tuple[str, int]]:
    """`wrap_spans`, with the cells each line takes on screen (colour codes take none)."""
    rest = first if rest is None else rest
    lines: list[tuple[str, int]] = []
    line: list[Word] = []
    prefix = first
    used = len(prefix)
    for word in _words(parts):
        size = word[0]
        if line and used + 1 + size > width:
            lines.append((prefix + _render_line(line, painter), used))
            prefix, line = rest, []
            used = len(rest)
        used += size + (1 if line else 0)
        line.append(word)
    if line or not lines:
        lines.append((prefix + _render_line(line, painter), used))
    return lines


class Block:
    def lines(self, width: int, painter: Painter) -> list[str]:
        raise NotImplementedError


class Blank(Block):
    def lines(self, width: int, painter: Painter) -> list[str]:
        return [""]


class Verbatim(Block):
    """Lines printed as they are, never wrapped (compiler-style problem lines, ids)."""

    def __init__(self, lines: Sequence[str], style: str = "") -> None:
        self.text = [inert(line).replace("\n", " ") for line in lines]
        self.style = style

    def lines(self, width: int, painter: Painter) -> list[str]:
        return [painter.paint(line, self.style) for line in self.text]


class Para(Block):
    """A paragraph, optionally indented, with a hanging indent for its later lines."""

    def __init__(self, parts: Spans, indent: int = 0, hanging: int = 0) -> None:
        self.parts = parts
        self.indent = indent
        self.hanging = hanging

    def lines(self, width: int, painter: Painter) -> list[str]:
        first = " " * self.indent
        return wrap_spans(self.parts, width, painter, first, " " * (self.indent + self.hanging))


class Title(Para):
    def __init__(self, text: str) -> None:
        super().__init__([span(text, "title")])


class Heading(Para):
    def __init__(self, text: str) -> None:
        super().__init__([span(text, "heading")])


class Bullets(Block):
    """A list: each item is one or more paragraphs; later paragraphs align with the text."""

    def __init__(self, items: Sequence[Sequence[Spans]], indent: int = 0, marker: str = BULLET):
        self.items = [list(item) for item in items]
        self.indent = indent
        self.marker = marker

    def lines(self, width: int, painter: Painter) -> list[str]:
        out: list[str] = []
        pad = " " * self.indent
        marker = painter.paint(self.marker, "bullet")
        gap = " " * (cell_width(self.marker) + 1)
        for item in self.items:
            for number, paragraph in enumerate(item):
                first = pad + (marker + " " if number == 0 else gap)
                rest = pad + gap
                # The marker's own width is counted, not its colour codes.
                lines = wrap_spans(paragraph, width, painter, pad + gap, rest)
                lines[0] = first + lines[0][len(pad + gap) :]
                out.extend(lines)
        return out


class Column:
    """How one grid column behaves: `wrap` columns share the room left by the others."""

    __slots__ = ("align_right", "max_share", "wrap")

    def __init__(self, wrap: bool = False, align_right: bool = False, max_share: float = 0.4):
        self.wrap = wrap
        self.align_right = align_right
        self.max_share = max_share


class Grid(Block):
    """Rows of cells in columns; below STACK_BELOW columns (or when the text column would be
    narrower than MIN_TEXT), each row's fields are stacked instead."""

    MIN_TEXT = 24

    def __init__(
        self, columns: Sequence[Column], rows: Sequence[Sequence[Spans]], gap: int = 2
    ) -> None:
        self.columns = list(columns)
        self.rows = [list(row) for row in rows]
        self.gap = gap

    def _widths(self, width: int) -> list[int] | None:
        natural = [0] * len(self.columns)
        for row in self.rows:
            for index, cell in enumerate(row):
                text = "".join(t for t, _ in cell)
                size = len(text) if text.isascii() else cell_width(text)
                natural[index] = max(natural[index], size)
        fixed = [
            min(natural[i], max(1, int(width * c.max_share)))
            for i, c in enumerate(self.columns)
            if not c.wrap
        ]
        room = width - sum(fixed) - self.gap * (len(self.columns) - 1)
        flexible = [i for i, c in enumerate(self.columns) if c.wrap]
        if flexible and room < self.MIN_TEXT * len(flexible):
            return None
        widths = []
        fixed_iter = iter(fixed)
        share = room // len(flexible) if flexible else 0
        for index, column in enumerate(self.columns):
            # A text column is as wide as its longest line needs, up to its share: with
            # --plain's unlimited width nothing is padded out to that width.
            widths.append(max(1, min(share, natural[index])) if column.wrap else next(fixed_iter))
        return widths

    def lines(self, width: int, painter: Painter) -> list[str]:
        widths = None if width < STACK_BELOW else self._widths(width)
        if widths is None:
            return self._stacked(width, painter)
        out: list[str] = []
        for row in self.rows:
            cells: list[list[tuple[str, int]]] = []
            for index, column in enumerate(self.columns):
                cell = row[index] if index < len(row) else []
                size = widths[index]
                if column.wrap:
                    cells.append(_wrap(cell, size, painter))
                else:
                    text = "".join(painter.paint(t, s) for t, s in cell)
                    shown = "".join(t for t, _ in cell)
                    cells.append([(text, len(shown) if shown.isascii() else cell_width(shown))])
            height = max(len(c) for c in cells)
            for number in range(height):
                parts = []
                for index, column in enumerate(self.columns):
                    text, visible = cells[index][number] if number < len(cells[index]) else ("", 0)
                    pad = " " * max(0, widths[index] - visible)
                    parts.append(pad + text if column.align_right else text + pad)
                out.append((" " * self.gap).join(parts).rstrip())
        return out

    def _stacked(self, width: int, painter: Painter) -> list[str]:
        out: list[str] = []
        for row in self.rows:
            for index, cell in enumerate(row):
                if not cell:
                    continue
                indent = "" if index == 0 else "  "
                out.extend(wrap_spans(cell, width, painter, indent))
        return out


def render(blocks: Iterable[Block], width: int, colour: bool) -> str:
    """A page as text: every block laid out at `width`, lines joined, trailing blanks gone."""
    painter = Painter(colour)
    lines: list[str] = []
    for block in blocks:
        lines.extend(block.lines(width, painter))
    while lines and not lines[-1].strip():
        lines.pop()
    return "".join(line.rstrip(" ") + "\n" for line in lines)
