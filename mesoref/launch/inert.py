"""The output boundary: every string bound for a terminal passes through here and comes out inert.

A terminal acts on more than escape sequences.  C0 and C1 controls move the cursor, clear the
screen or start commands (OSC 52 writes the clipboard); bidirectional controls reorder what a
reader sees; line and paragraph separators, zero-width and tag characters hide text.  So every
character in the Unicode categories Cc (controls), Cf (format), Zl, Zp (separators) and Cs
(surrogates, which is how undecodable bytes in file names arrive), and the whole tag block
U+E0000-U+E007F, is replaced by a visible escape such as `\\x1b` or `\\u202e`.  Newline and tab
are kept in running text (`inert`) and escaped in one-line fields (`inert_field`).

`safe_output` is the last step before bytes reach stdout or stderr, for fresh and cached output
alike: it lets through only the SGR colour sequences mesoref's own renderer writes
(ESC [ digits and semicolons m), and only when colour is on; anything else is escaped.

Standard library only, and no `re`: this runs on the cached path.
"""

from __future__ import annotations

_C0_C1 = frozenset(chr(c) for c in (*range(0x20), *range(0x7F, 0xA0)))
_ALWAYS = _C0_C1 | {"\u2028", "\u2029"}
_KEEP_IN_TEXT = frozenset("\n\t")
_SGR_BODY = frozenset("0123456789;")

_category = None  # unicodedata.category, imported only when a rare character needs it


def _unsafe(char: str) -> bool:
    """Whether a character that is not printable must be escaped."""
    if char in _ALWAYS:
        return True
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF or 0xE0000 <= code <= 0xE007F:
        return True
    global _category
    if _category is None:
        from unicodedata import category

        _category = category
    return bool(_category(char) == "Cf")


def escape(char: str) -> str:
    """The visible form of one character: `\\x1b`, `\\u202e`, `\\U000e0041`; a surrogate that
    stands for an undecodable byte of a file name shows that byte."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _scrub(text: str, keep: frozenset[str]) -> str:
    parts = []
    for char in text:
        if char in keep or char.isprintable() or not _unsafe(char):
            parts.append(char)
        else:
            parts.append(escape(char))
    return "".join(parts)


def inert(text: str) -> str:
    """Running text made safe to print; newlines and tabs are kept."""
    if text.isprintable():
        return text
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return _scrub(text, _KEEP_IN_TEXT)


def inert_field(text: str) -> str:
    """A one-line field (an id, a path, a tab-separated value) made safe: newlines and tabs are
    escaped too, so the field stays on its line."""
    if text.isprintable():
        return text
    return _scrub(text, frozenset())


def safe_output(text: str, colour: bool) -> str:
    """The final filter before writing: our SGR sequences pass when colour is on; every other
    unsafe character is escaped.  Applied to every byte written, fresh or cached."""
    if "\x1b" not in text:
        return inert(text)
    parts = []
    start = 0
    while True:
        found = text.find("\x1b", start)
        if found < 0:
            parts.append(inert(text[start:]))
            break
        parts.append(inert(text[start:found]))
        end = found + 2
        if colour and text.startswith("\x1b[", found):
            while end < len(text) and text[end] in _SGR_BODY:
                end += 1
            if end < len(text) and text[end] == "m":
                parts.append(text[found : end + 1])
                start = end + 1
                continue
        parts.append("\\x1b")
        start = found + 1
    return "".join(parts)
