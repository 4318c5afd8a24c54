"""Help text and usage errors, written from the command table.

Standard library only: `mesoref --help`, `mesoref topic -h` and every usage error are answered
without importing Typer or Rich.
"""

from __future__ import annotations

from mesoref.launch.grammar import (
    CHOICE,
    COMMANDS,
    COMPLETION_INSTALL,
    DESCRIPTION,
    EPILOG,
    FLAG,
    GLOBAL_OPTIONS,
    MAIN_EXAMPLE,
    PROGRAM,
    Command,
    Param,
)
from mesoref.launch.wrap import cell_width, wrap

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.launch.argv import UsageError

MAX_WIDTH = 100
FIRST_COLUMN_MAX = 30
HELP_ROW = ("-h, --help", "Show this message and exit.")
VERSION_ROW = ("--version", "Show the version and exit.")


def usage_line(command: Command | None) -> str:
    if command is None:
        return f"Usage: {PROGRAM} [OPTIONS] COMMAND [ARGS]..."
    names = " ".join(p.usage_name for p in command.positionals)
    return f"Usage: {PROGRAM} {command.name} [OPTIONS]" + (f" {names}" if names else "")


def option_label(param: Param) -> str:
    flags = ", ".join(param.flags)
    if param.kind == FLAG:
        return flags
    return f"{flags} {param.metavar or param.name.upper()}"


def option_help(param: Param) -> str:
    text = param.help
    if param.kind == CHOICE:
        text = text.rstrip(".") + ": " + ", ".join(param.choices) + "."
    if param.default not in (None, (), [], False):
        text += f"  [default: {param.default}]"
    return text


def _rows(rows: Sequence[tuple[str, str]], width: int) -> list[str]:
    """A two-column list: names on the left, help wrapped on the right (click's layout)."""
    column = min(max((cell_width(left) for left, _ in rows), default=0), FIRST_COLUMN_MAX)
    lines: list[str] = []
    for left, right in rows:
        indent = " " * (2 + column + 2)
        if cell_width(left) > column:
            lines.append("  " + left)
            lines.extend(wrap(right, width, indent))
        else:
            first = "  " + left + " " * (column - cell_width(left) + 2)
            lines.extend(wrap(right, width, first, indent))
    return lines


def _paragraph(text: str, width: int) -> list[str]:
    return wrap(text, width, "  ")


def help_text(command: Command | None, width: int) -> str:
    """The full help of the program (command None) or of one command."""
    width = max(40, min(width, MAX_WIDTH))
    lines = [usage_line(command), ""]
    if command is None:
        lines += _paragraph(DESCRIPTION, width)
        lines += ["", *_paragraph(f"Example: {MAIN_EXAMPLE}", width), "", "Options:"]
        rows = [(option_label(p), option_help(p)) for p in GLOBAL_OPTIONS]
        lines += _rows([*rows, VERSION_ROW, *COMPLETION_INSTALL, HELP_ROW], width)
        lines += ["", "Commands:"]
        lines += _rows([(c.name, c.summary) for c in COMMANDS.values()], width)
        lines += ["", *_paragraph(EPILOG, width)]
        return "\n".join(lines) + "\n"
    lines += _paragraph(f"Example: {command.example}", width)
    lines += ["", *_paragraph(command.help, width)]
    if command.positionals:
        lines += ["", "Arguments:"]
        lines += _rows(
            [
                (p.usage_name, option_help(p) + ("  [required]" if p.required else ""))
                for p in command.positionals
            ],
            width,
        )
    lines += ["", "Options:"]
    lines += _rows([*((option_label(p), option_help(p)) for p in command.options), HELP_ROW], width)
    lines += ["", "Global options (before or after the command):"]
    lines += _rows([(option_label(p), option_help(p)) for p in GLOBAL_OPTIONS], width)
    return "\n".join(lines) + "\n"


def error_text(error: UsageError) -> str:
    """What a usage error prints on stderr: the usage line, where to get help, the error."""
    command = error.command
    where = f"{PROGRAM} {command.name}" if command else PROGRAM
    lines = [usage_line(command), f"Try '{where} -h' for help.", "", f"Error: {error.message}"]
    if error.hint:
        lines.extend(error.hint.split("\n"))
    return "\n".join(lines) + "\n"
