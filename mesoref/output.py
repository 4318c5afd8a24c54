"""Turn renderables, JSON and messages into bytes on stdout and stderr, and remember them.

Everything a command shows passes through one `Output`, which renders with the stdout console,
writes (through the pager when fitting), and keeps a copy so the answer can be cached.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import IO, Any

from rich.console import Console, RenderableType
from rich.text import Text

from mesoref.errors import StdoutClosed
from mesoref.pager import write_stdout
from mesoref.problems import Problem
from mesoref.theme import make_console

MAX_WARNINGS = 10


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# Rich pads table cells to the column width; trailing blanks (before any closing style
# codes) are noise in a terminal and in a pipe alike.
_LINE_TAIL = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.MULTILINE)


def _strip_trailing_blanks(text: str) -> str:
    """Drop blanks at line ends, keeping any style codes mixed in with them."""
    return _LINE_TAIL.sub(lambda tail: tail.group().replace(" ", ""), text)


def _encoding(stream: Any) -> str:
    return getattr(stream, "encoding", None) or "utf-8"


class Output:
    """The stdout and stderr of one command run."""

    def __init__(
        self,
        environ: Mapping[str, str] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.environ = os.environ if environ is None else environ
        self._stdout_file = stdout  # None: whatever sys.stdout is when output is written
        self._stderr_file = stderr
        self.stdout: list[bytes] = []
        self.stderr: list[bytes] = []
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        if self._out is None:
            self._out = make_console(self._stdout_file or sys.stdout, self.environ)
        return self._out

    @property
    def err(self) -> Console:
        if self._err is None:
            self._err = make_console(self._stderr_file or sys.stderr, self.environ)
        return self._err

    @property
    def is_terminal(self) -> bool:
        return self.out.is_terminal

    def render(self, renderable: RenderableType) -> str:
        with self.out.capture() as capture:
            self.out.print(renderable)
        return _strip_trailing_blanks(capture.get())

    def _write(self, text: str) -> None:
        data = text.encode(_encoding(sys.stdout), "replace")
        self.stdout.append(data)
        try:
            write_stdout(data, self.environ)
        except BrokenPipeError:
            silence_stdout()
            raise StdoutClosed from None

    def page(self, renderable: RenderableType) -> None:
        self._write(self.render(renderable))

    def lines(self, lines: Iterable[str]) -> None:
        self._write("".join(f"{line}\n" for line in lines))

    def json(self, payload: Any) -> None:
        self._write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    def message(self, renderable: RenderableType) -> None:
        with self.err.capture() as capture:
            self.err.print(renderable, soft_wrap=True)
        text = capture.get()
        data = text.encode(_encoding(sys.stderr), "replace")
        self.stderr.append(data)
        sys.stderr.flush()
        buffer = getattr(sys.stderr, "buffer", None)
        if buffer is None:
            sys.stderr.write(text)
        else:
            buffer.write(data)
            buffer.flush()

    def error(self, message: str, hint: str = "") -> None:
        text = Text.assemble(("mesoref: ", "error"), message)
        if hint:
            text.append("\n")
            text.append(hint, style="hint")
        self.message(text)

    def data_warnings(self, problems: Iterable[Problem]) -> None:
        """Tell the user which records were skipped and why (errors only, at most ten)."""
        errors = [p for p in problems if p.is_error]
        if not errors:
            return
        text = Text(
            f"mesoref: warning: {len(errors)} problem(s) in data files; records that fail "
            "are skipped and broken references left out:",
            style="warning",
        )
        for problem in errors[:MAX_WARNINGS]:
            text.append(f"\n  {problem}")
        if len(errors) > MAX_WARNINGS:
            text.append(f"\n  ... and {len(errors) - MAX_WARNINGS} more")
        text.append("\nRun `mesoref validate` to see every problem.", style="hint")
        self.message(text)
