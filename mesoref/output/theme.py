"""Named styles, in one theme, written in Rich's style syntax and compiled to SGR codes.

Pages name styles (`heading`, `grade.limited`), never colours.  The definitions use Rich's
syntax ("bold cyan"), and a test checks that the codes compiled here are the ones Rich itself
would emit for the same definitions, so the theme reads and behaves like a Rich `Theme`
without importing Rich on the first view of a page.  Standard library only.
"""

from __future__ import annotations

THEME: dict[str, str] = {
    "title": "bold",
    "heading": "bold cyan",
    "subheading": "bold",
    "meta": "dim",
    "label": "bold",
    "cite": "dim cyan",
    "bullet": "cyan",
    "muted": "dim",
    "id": "dim",
    "command": "cyan",
    "disclaimer": "italic dim",
    "grade.established": "bold green",
    "grade.limited": "bold yellow",
    "grade.contested": "bold magenta",
    "grade.insufficient": "bold red",
    "grade.negative": "bold red",
    "grade.documented": "bold blue",
    "certainty.high": "green",
    "certainty.moderate": "green",
    "certainty.low": "yellow",
    "certainty.very-low": "red",
    "verdict.supported": "green",
    "verdict.contested": "magenta",
    "verdict.unsupported": "yellow",
    "verdict.incorrect": "bold red",
    "severity.mild": "green",
    "severity.moderate": "yellow",
    "severity.severe": "bold red",
    "date": "bold",
    "disputed": "magenta",
    "error": "bold red",
    "warning": "yellow",
    "hint": "cyan",
    "match": "bold yellow",
    # A reference-list entry is quoted as published: abbreviations in it are not spelled out.
    "reference": "none",
}

# Rich's attribute order, and the standard colours' SGR numbers.
_ATTRIBUTES = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "blink": "5",
    "reverse": "7",
    "strike": "9",
}
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def compile_style(definition: str) -> str:
    """SGR parameters for a style definition: "bold cyan" -> "1;36"."""
    attributes: list[str] = []
    foreground = background = ""
    words = definition.split()
    index = 0
    while index < len(words):
        word = words[index]
        if word == "none":  # Rich's null style: plain text with a name of its own
            index += 1
            continue
        if word == "on" and index + 1 < len(words):
            background = _colour(words[index + 1], background=True)
            index += 2
            continue
        if word in _ATTRIBUTES:
            attributes.append(word)
        else:
            foreground = _colour(word, background=False)
        index += 1
    ordered = [_ATTRIBUTES[a] for a in _ATTRIBUTES if a in attributes]
    return ";".join(
        [*ordered, *([foreground] if foreground else []), *([background] if background else [])]
    )


def _colour(name: str, background: bool) -> str:
    bright = name.startswith("bright_")
    base = name.removeprefix("bright_")
    if base not in _COLOURS:
        raise ValueError(f"unknown colour {name!r} in the theme")
    offset = (90 if bright else 30) + (10 if background else 0)
    return str(offset + _COLOURS.index(base))


SGR: dict[str, str] = {name: compile_style(definition) for name, definition in THEME.items()}
