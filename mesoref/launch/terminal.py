"""Facts about the streams (terminal or not, width, colour policy), the pager, and writing bytes.

The colour policy: colour only on a terminal; never with `--no-color`, `--plain`, `NO_COLOR`
or `TERM=dumb`; on a pipe too with `FORCE_COLOR` (`NO_COLOR` wins if both are set).  Width:
`COLUMNS` when it is a number, else the terminal's width, else 80, never below 20.

Standard library only: cached pages are written through here.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

MIN_WIDTH = 20
DEFAULT_PAGER = "less -FRX"


def isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def terminal_size() -> tuple[int, int]:
    """Columns and lines of the first standard stream that is a terminal, else (-1, -1)."""
    for fd in (1, 2, 0):
        try:
            size = os.get_terminal_size(fd)
        except (OSError, ValueError):
            continue
        return size.columns, size.lines
    return -1, -1


def width(environ: Mapping[str, str]) -> int:
    columns = environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and 0 < int(columns) < 100_000:
        return max(MIN_WIDTH, int(columns))
    found = terminal_size()[0]
    return max(MIN_WIDTH, found) if found > 0 else 80


def colour(environ: Mapping[str, str], fd: int, refused: bool = False) -> bool:
    """Whether output on `fd` may carry colour and styles."""
    if refused or environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    if environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    return isatty(fd)


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """MESOREF_PAGER, else PAGER, else `less -FRX`; empty or `cat` means no pager."""
    import shlex  # only once output is known to be long and on a terminal

    command = environ.get("MESOREF_PAGER", environ.get("PAGER", DEFAULT_PAGER)).strip()
    if not command or command == "cat":
        return None
    try:
        return shlex.split(command) or None
    except ValueError:
        return None


def _pager_environment(environ: Mapping[str, str], command: list[str]) -> dict[str, str]:
    """less shows colours only with -R; a user's own LESS (say `-i`) gets R added to it."""
    env = dict(environ)
    if os.path.basename(command[0]) == "less":
        mine = env.get("LESS")
        if mine is None:
            env["LESS"] = "FRX"
        elif "R" not in mine and "r" not in mine:
            env["LESS"] = f"{mine} -R" if mine.strip() else "-R"
    return env


def _should_page(data: bytes) -> bool:
    if not isatty(1):
        return False
    try:
        lines = os.get_terminal_size(1).lines
    except (OSError, ValueError):
        return False
    return lines > 0 and data.count(b"\n") >= lines


def _page(data: bytes, command: list[str], environ: Mapping[str, str]) -> bool:
    """Show `data` through the pager; False if the pager cannot be started."""
    import signal
    import subprocess

    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, env=_pager_environment(environ, command)
        )
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less handles it); ignoring it here keeps
    # mesoref from exiting underneath the pager and leaving the terminal in raw mode.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(data)
            process.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit the pager early; that is not an error
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def write_out(data: bytes, environ: Mapping[str, str]) -> None:
    """Write finished output to stdout, through the pager when it is long and on a terminal.
    BrokenPipeError reaches the caller."""
    if data and _should_page(data):
        command = pager_command(environ)
        if command is not None and _page(data, command, environ):
            return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def write_err(data: bytes) -> None:
    try:
        sys.stderr.flush()
        sys.stderr.buffer.write(data)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere to report to


def silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def encode(text: str, stream: object) -> bytes:
    """Text as the stream's encoding would write it (unencodable characters replaced)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, "replace")
    except LookupError:
        return text.encode("utf-8", "replace")
