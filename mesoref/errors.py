"""The user-error family and the exit codes it maps to.  Bugs are not in this family: the one
edge in `mesoref.app` turns them into a short report and exit status 4.

Standard library only, and no `enum`: this is imported on every full run.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.model.problems import Problem


class ExitCode:
    """Every status mesoref exits with; the README documents each one."""

    OK = 0
    NOT_FOUND = 1  # no record by that name, or a listing or search with nothing in it
    USAGE = 2  # a command line that does not fit the grammar, or asks for the impossible
    DATA = 3  # data that cannot be used, or `validate` found errors
    INTERNAL = 4  # a bug in mesoref: reported in one line, traceback with MESOREF_DEBUG=1
    FLAGGED = 5  # `check --fail-on`: a sentence resembles a claim with one of those verdicts
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of stdout went away (as `cat` would report it)


# What each exit status means; the README's table is checked against it.
EXIT_CODES: dict[int, str] = {
    ExitCode.OK: "success",
    ExitCode.NOT_FOUND: "not found: no record by that name, or a listing or search with "
    "nothing in it",
    ExitCode.USAGE: "usage error: unknown command or option, missing argument, bad value",
    ExitCode.DATA: "data error: data that cannot be used, or `validate` found errors (or, with "
    "`--strict`, any problem)",
    ExitCode.INTERNAL: "internal error: a bug in mesoref (run again with MESOREF_DEBUG=1 for the "
    "details)",
    ExitCode.FLAGGED: "`check --fail-on`: a sentence resembles a claim with one of the given "
    "verdicts",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    ExitCode.BROKEN_PIPE: "stdout was closed before the output was written (for example by `head`)",
}


class MesorefError(Exception):
    """A mistake of the user's or of their data: printed as a message, never as a traceback."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(MesorefError):
    """A name that matches no record; carries the closest names for "did you mean"."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str, suggestions: Sequence[str] = (), hint: str = "") -> None:
        lines = [hint] if hint else []
        if suggestions:
            lines.insert(0, "did you mean: " + ", ".join(suggestions) + "?")
        super().__init__(message, "\n".join(lines))
        self.suggestions = tuple(suggestions)


class UsageProblem(MesorefError):
    """A command line that parses but asks for something impossible (--from after --to)."""

    exit_code = ExitCode.USAGE


class DataError(MesorefError):
    """Data problems that stop a command from answering at all."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class IndexDamaged(Exception):
    """The index could not be read as written: it is rebuilt and the command runs again."""
