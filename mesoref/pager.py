"""Write finished output to stdout, through a pager when it is long and stdout is a terminal.

Standard library only: the fast launcher uses this too, so a cached page is shown exactly as
the full program would show it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not imported on the cached path
if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_PAGER = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """MESOREF_PAGER, else PAGER, else `less -FRX`; empty or `cat` means no pager."""
    import shlex  # only once output is known to be long and on a terminal

    command = environ.get("MESOREF_PAGER", environ.get("PAGER", DEFAULT_PAGER)).strip()
    if not command or command == "cat":
        return None
    try:
        return shlex.split(command)
    except ValueError:
        return None


def _terminal_lines(fd: int) -> int:
    try:
        return os.get_terminal_size(fd).lines
    except (OSError, ValueError):
        return 0


def should_page(data: bytes, environ: Mapping[str, str]) -> bool:
    """Page only real terminals (never pipes, whatever FORCE_COLOR says) and only long output."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):
        return False
    if not os.isatty(fd):
        return False
    lines = _terminal_lines(fd)
    return lines > 0 and data.count(b"\n") >= lines


def write_stdout(data: bytes, environ: Mapping[str, str]) -> None:
    """Show `data` on stdout or through the pager; BrokenPipeError reaches the caller."""
    command = pager_command(environ) if should_page(data, environ) else None
    if command is not None:
        import subprocess

        record = getattr(getattr(sys.stdout, "buffer", None), "record", None)
        if record is not None:
            record(data)  # a recording stdout keeps what the pager showed, for the page cache
        env = dict(environ)
        env.setdefault("LESS", "FRX")
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
        except OSError:
            pass  # no such pager: fall back to plain output
        else:
            assert process.stdin is not None
            try:
                process.stdin.write(data)
                process.stdin.close()
            except BrokenPipeError:
                pass  # the reader quit the pager early; that is not an error
            process.wait()
            return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8", "replace"))
        sys.stdout.flush()
        return
    buffer.write(data)
    buffer.flush()
