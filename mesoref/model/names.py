"""How names are folded for matching: case, accents and separators do not count.

Standard library only, and no `re`: names are folded on the fast path.
"""

from __future__ import annotations

_SEPARATORS = frozenset(" \t\n\r\f\v_-/\u2013\u2014")
_DROPPED = frozenset("'\u2019")
_normalize = None
_combining = None


def normalize(name: str) -> str:
    """Fold a name: `Orange-Peel_Skin` and `orange peel skin` become the same key."""
    folded = name.casefold()
    if not folded.isascii():
        global _normalize, _combining
        if _normalize is None or _combining is None:
            from unicodedata import combining
            from unicodedata import normalize as unicode_normalize

            _normalize, _combining = unicode_normalize, combining
        decomposed = _normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not _combining(ch))
    words: list[str] = []
    word: list[str] = []
    for char in folded:
        if char in _DROPPED:
            continue
        if char in _SEPARATORS or char.isspace():
            if word:
                words.append("".join(word))
                word = []
        else:
            word.append(char)
    if word:
        words.append("".join(word))
    return " ".join(words)
