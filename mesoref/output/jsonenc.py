"""JSON for `--json`: one object with `"schema": 1`, text kept exact but made inert.

JSON already escapes C0 controls; here every other character a terminal would act on (C1
controls, bidirectional and zero-width characters, line separators, tag characters,
surrogates from undecodable file names) is written as a `\\u` escape too, so the document
decodes to exactly the data while its bytes are safe to print.
"""

from __future__ import annotations

import json
from typing import Any

from mesoref.launch.inert import inert

SCHEMA_VERSION = 1


def envelope(**parts: Any) -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, **parts}


def _escape_unsafe(text: str) -> str:
    if inert(text) == text:
        return text
    out = []
    for char in text:
        if char in "\n\t" or inert(char) == char:
            out.append(char)
            continue
        code = ord(char)
        if code > 0xFFFF:  # as a surrogate pair, the way JSON spells astral characters
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out)


def dumps(payload: Any) -> str:
    return _escape_unsafe(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n"
