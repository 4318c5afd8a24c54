"""The user-error family and the exit codes it maps to; bugs are not in this family."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from mesoref.problems import Problem


class ExitCode(IntEnum):
    """Every status mesoref exits with; the README documents each one."""

    OK = 0
    NOT_FOUND = 1  # no record by that name, or a search with no hits
    USAGE = 2  # bad command line (unknown option, missing argument, bad value)
    DATA = 3  # data that cannot be used: invalid files, or `validate` found errors
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of stdout went away (as `cat` would report it)


class MesorefError(Exception):
    """A mistake of the user's or of their data: printed as a message, never as a traceback."""

    exit_code: ExitCode = ExitCode.DATA

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFound(MesorefError):
    """A name that matches no record; carries the closest names for "did you mean"."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        hint = "did you mean: " + ", ".join(suggestions) + "?" if suggestions else ""
        super().__init__(message, hint)
        self.suggestions = tuple(suggestions)


class UsageError(MesorefError):
    """A command line that parses but asks for something impossible (say --from after --to)."""

    exit_code = ExitCode.USAGE


class DataError(MesorefError):
    """Data problems that stop a command from answering at all."""

    exit_code = ExitCode.DATA

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class StdoutClosed(Exception):
    """The reader of stdout went away; the run ends quietly with status 141."""

    exit_code = ExitCode.BROKEN_PIPE
