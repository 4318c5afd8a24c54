"""Which language a run uses: --lang, then MESOREF_LANG, then LANGUAGE and LANG as the tldr
client specification reads them (LANGUAGE counts only when LANG is set; C and POSIX count as
unset), then English. Standard library only and small: every full run asks.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

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


# The languages mesoref's interface is written in (`mesoref.output.words` has their words;
# a test keeps the two lists equal). Data layers may add languages of their own.
INTERFACE = ("en", "fr")
