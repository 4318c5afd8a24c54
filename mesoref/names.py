"""How names are folded for matching: case, accents and separators do not count."""

from __future__ import annotations

import re
import unicodedata

# Runs of spaces, underscores, hyphens, slashes, and en and em dashes count as one space.
_SEPARATORS = re.compile("[\\s_\\-/\u2013\u2014]+")


def normalize(name: str) -> str:
    """Fold a name: `Orange-Peel_Skin` and `orange peel skin` become the same key."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", plain.replace("'", "").replace("\u2019", "")).strip()
