"""A page's text as sentences: HTML without its tags, scripts and styles; Markdown without its
marks; then split at sentence ends, line breaks between blocks, and list items."""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_SENTENCE = 1000  # characters: a run-on "sentence" (a table, a minified script) is cut here

# Elements whose end is the end of a sentence, whatever punctuation they lack.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "title",
        "option",
        "button",
    ]
)
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head"))
_LOOKS_HTML = re.compile(r"<(?:!doctype|html|body|p|div|br|h[1-6]|li|span|a\s)[\s>/]", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def from_html(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_LINE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,3}[.)]\s+)", re.M)
_MD_MARKS = re.compile(r"(\*\*|__|\*|`+|~~)")


_MD_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_MD_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M)


def from_markdown(text: str) -> str:
    # Front matter and code are not prose; a table's cells are read as separate blocks.
    text = _MD_FRONT_MATTER.sub("", text)
    text = _MD_FENCE.sub("\n\n", text)
    text = _MD_TABLE_RULE.sub("", text)
    text = text.replace("|", "\n\n")
    text = _MD_LINK.sub(r"\1", text)
    # A heading, quote or list item is a block of its own.
    text = _MD_LINE.sub("\n\n", text)
    return _MD_MARKS.sub("", text)


def plain_text(raw: str) -> str:
    """The readable text of an input that may be HTML, Markdown or plain text."""
    if _LOOKS_HTML.search(raw):
        return from_html(raw)
    return from_markdown(raw)


# A sentence ends at . ! ? (and closing quotes or brackets) followed by space and a capital,
# a digit or an opening quote; not after common abbreviations or initials.
_END = re.compile(
    r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u00de])"
)
_ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "vs",
        "etc",
        "eg",
        "ie",
        "e.g",
        "i.e",
        "approx",
        "no",
        "fig",
        "inc",
        "ltd",
        "co",
        "mt",
        "jr",
        "sr",
        "dept",
    ]
)


def sentences(text: str) -> list[str]:
    """The sentences of plain text, in order, whitespace collapsed, empty ones dropped."""
    found: list[str] = []
    for block in re.split(r"\n\s*\n|\r\n\s*\r\n", text):
        block = " ".join(block.split())
        if not block:
            continue
        start = 0
        for end in _END.finditer(block):
            candidate = block[start : end.start()].rstrip()
            last = candidate.rstrip(".!?\"')]\u201d\u2019").rsplit(" ", 1)[-1].lower()
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue  # "Dr. Pistor", "M. Pistor": not the end of a sentence
            found.append(block[start : end.end()].strip())
            start = end.end()
        found.append(block[start:].strip())
    return [s[:MAX_SENTENCE] for s in found if any(c.isalnum() for c in s)]
