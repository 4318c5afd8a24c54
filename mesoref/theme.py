"""Named styles in one Rich theme, and the consoles for stdout and stderr.

The colour policy lives here: colour and decoration only on a terminal, never with NO_COLOR
or TERM=dumb, always with FORCE_COLOR (NO_COLOR wins if both are set).  Markup, emoji and
highlighting are off, so text from data files is printed exactly as written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Literal

from rich.console import Console
from rich.theme import Theme

THEME = Theme(
    {
        "title": "bold",
        "heading": "bold cyan",
        "subheading": "bold",
        "meta": "dim",
        "label": "bold",
        "cite": "dim cyan",
        "bullet": "cyan",
        "muted": "dim",
        "id": "dim",
        "disclaimer": "italic dim",
        "grade.established": "bold green",
        "grade.limited": "bold yellow",
        "grade.contested": "bold magenta",
        "grade.insufficient": "bold red",
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
    },
    inherit=False,
)

MIN_WIDTH = 20


def terminal_width(environ: Mapping[str, str]) -> int:
    """COLUMNS when it is a number, else the terminal's width, else 80 (never below 20)."""
    columns = environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    for fd in (0, 1, 2):
        try:
            return max(MIN_WIDTH, os.get_terminal_size(fd).columns or 80)
        except (OSError, ValueError):
            continue
    return 80


def wants_colour(environ: Mapping[str, str], is_tty: bool) -> tuple[bool, bool]:
    """(behaves as a terminal, uses colour) for a stream, following the policy above."""
    forced = environ.get("FORCE_COLOR", "") != ""
    terminal = forced or is_tty
    dumb = environ.get("TERM", "").lower() in ("dumb", "unknown")
    colour = terminal and environ.get("NO_COLOR", "") == "" and (forced or not dumb)
    return terminal, colour


def make_console(file: IO[str], environ: Mapping[str, str] | None = None) -> Console:
    """A console for one stream with the mesoref theme and colour policy."""
    env = os.environ if environ is None else environ
    try:
        is_tty = file.isatty()
    except (ValueError, OSError):
        is_tty = False
    terminal, colour = wants_colour(env, is_tty)
    system: Literal["auto", "standard"] | None = None
    if colour:
        # Rich itself refuses colour on a dumb terminal even when forced; FORCE_COLOR wins here.
        dumb = env.get("TERM", "").lower() in ("dumb", "unknown")
        system = "standard" if dumb else "auto"
    return Console(
        file=file,
        theme=THEME,
        force_terminal=terminal,
        color_system=system,
        no_color=not colour,
        width=terminal_width(env),
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
    )
