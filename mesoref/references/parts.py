"""How a source record reads as a reference: its names, dates and page ranges, parsed once."""

from __future__ import annotations

from mesoref.model.vocabulary import MONTHS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


SUFFIXES = frozenset(("Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"))


def name_parts(name: str) -> tuple[str, str, str]:
    """A Vancouver-form name as (family, initials, suffix): "Kaufman-Janette J" is
    ("Kaufman-Janette", "J", ""), "Coleman WP 3rd" is ("Coleman", "WP", "3rd"). A name whose
    last word is not all capitals ("Hoffmann-La Roche") has no initials: it is one literal
    name and comes back as (name, "", "")."""
    words = name.split()
    suffix = ""
    if len(words) >= 3 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if len(words) >= 2 and words[-1].isalpha() and words[-1].isupper() and len(words[-1]) <= 4:
        return " ".join(words[:-1]), words[-1], suffix
    return name, "", ""


def date_parts(source: Any) -> list[int]:
    """Year, and month and day where the record gives them: [2021, 5] for 2021-05."""
    date = source.get("date") or ""
    parts = [int(p) for p in date.split("-") if p.isdigit()] if date else []
    year = source.get("year")
    if year and (not parts or parts[0] != year):
        # `year` is the year of publication; a `date` from another year (a law's date, say,
        # published later) is not mixed into it.
        return [int(year)]
    return parts


def year(source: Any) -> str:
    parts = date_parts(source)
    return str(parts[0]) if parts else ""


def iso_parts(value: str) -> list[int]:
    return [int(p) for p in value.split("-") if p.isdigit()]


def vancouver_date(value: str) -> str:
    """2026-12-01 as Citing Medicine writes it: 2026 Dec 1."""
    parts = iso_parts(value)
    text = str(parts[0])
    if len(parts) > 1:
        text += " " + MONTHS[parts[1] - 1][:3]
    if len(parts) > 2:
        text += f" {parts[2]}"
    return text


def ama_date(value: str) -> str:
    """2026-12-01 as AMA writes it: December 1, 2026."""
    parts = iso_parts(value)
    if len(parts) == 3:
        return f"{MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def page_bounds(pages: str) -> tuple[str, str]:
    """First and last page of "136-141" (or with an en dash); a single page is both."""
    first, _, last = pages.replace("\u2013", "-").partition("-")
    return first.strip(), last.strip()


def short_pages(pages: str) -> str:
    """Page ranges as Citing Medicine writes them, repeated leading digits dropped:
    136-141 → 136-41, 1159-1165 → 1159-65. Ranges with letters (e1-e20, S12-S15) stay as
    given, as PubMed gives them."""
    first, last = page_bounds(pages)
    if not last:
        return first
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return f"{first}-{last}"
    keep = 0
    while keep < len(last) - 1 and first[keep] == last[keep]:
        keep += 1
    return f"{first}-{last[keep:]}"


def full_pages(pages: str) -> str:
    """Page ranges as AMA writes them: in full, with a hyphen."""
    first, last = page_bounds(pages)
    return f"{first}-{last}" if last else first


def pages_or_number(source: Any) -> str:
    return str(source.get("pages") or source.get("article_number") or "")


def is_judgment(source: Any) -> bool:
    return bool(source.get("court"))


def sentence(text: str) -> str:
    """Text closed with a full stop, unless it already ends with one, "?" or "!"; nothing
    for no text (an element a record lacks is left out, never printed as a lone stop)."""
    text = text.strip()
    if not text:
        return ""
    return text if text.endswith((".", "?", "!")) else text + "."
