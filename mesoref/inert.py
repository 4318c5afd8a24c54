"""Make text safe to print: characters a terminal would act on become visible escapes."""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline), DEL, and the bidirectional marks, overrides and
# isolates that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def make_inert(text: str) -> str:
    """Replace escape sequences and bidi overrides with visible escapes such as `\\x1b`."""
    return _UNSAFE.sub(_escape, text)
