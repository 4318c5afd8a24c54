"""Finished answers kept on disk, the way man keeps formatted cat pages.

A page is the exact bytes a run wrote to stdout and stderr, and its exit status, stored under
a key made of everything that shapes the output: the arguments, the environment variables
Rich, Typer and mesoref read, whether each standard stream is a terminal, the terminal size,
the stream encodings, and the versions of mesoref and Python.  A page also lists the files it
depends on (data files it was built from, every data folder, the code that built it) with
their mtime and size; if any of them changed, the page is not used.

Standard library only, and only cheap modules: this runs before anything else is imported.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # typing itself is not imported on the cached path
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

try:
    from _blake2 import blake2b  # what hashlib would load, without hashlib's own start-up
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

FORMAT = 1
MAX_PAGES = 2000

# Environment variables that change what a run prints (not where it is shown: the pager
# variables act the same way on a cached page as on a fresh one).
ENVIRONMENT = (
    "COLUMNS",
    "LINES",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "TERMINAL_WIDTH",
    "GITHUB_ACTIONS",
    "PY_COLORS",
    "_TYPER_FORCE_DISABLE_TERMINAL",
    "TYPER_USE_RICH",
    "MESOREF_PATH",
    "XDG_DATA_HOME",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "PYTHONIOENCODING",
    "PYTHONUTF8",
)


class Page:
    """A finished answer: exit status and the bytes of stdout and stderr."""

    __slots__ = ("code", "err", "out")

    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.code = code
        self.out = out
        self.err = err


Dependency = tuple[str, int, int]  # path, mtime_ns (-1: must not exist), size (-1: any)


def _terminal_size() -> tuple[int, int]:
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd)
        except (OSError, ValueError):
            continue
        return size.columns, size.lines
    return -1, -1


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def page_key(argv: Sequence[str], environ: Mapping[str, str], version: str) -> tuple[str, ...]:
    """Everything that shapes the output of a run, as a tuple of text."""
    parts = [str(FORMAT), version, sys.version, *argv, "\0"]
    parts.extend(f"{name}={environ.get(name, chr(1))}" for name in ENVIRONMENT)
    if (
        "--data-dir" in argv
        or any(a.startswith("--data-dir=") for a in argv)
        or (environ.get("MESOREF_PATH"))
    ):
        parts.append(f"cwd={os.getcwd()}")  # relative layer paths resolve against it
    columns, lines = _terminal_size()
    parts.append(f"tty={_isatty(0)}{_isatty(1)}{_isatty(2)} size={columns}x{lines}")
    for stream in (sys.stdout, sys.stderr):
        parts.append(f"{getattr(stream, 'encoding', None)}/{getattr(stream, 'errors', None)}")
    return tuple(parts)


def _path(directory: str, key: tuple[str, ...]) -> str:
    digest = blake2b("\0".join(key).encode("utf-8", "surrogateescape"), digest_size=16)
    return os.path.join(directory, "pages", digest.hexdigest() + ".page")


def lookup(directory: str, key: tuple[str, ...]) -> Page | None:
    """The cached page for `key`, if there is one and nothing it depends on has changed."""
    try:
        with open(_path(directory, key), "rb") as handle:
            stored = marshal.loads(handle.read())
        fmt, stored_key, code, out, err, dependencies = stored
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if fmt != FORMAT or stored_key != key:
        return None
    stat = os.stat
    for path, mtime_ns, size in dependencies:
        try:
            info = stat(path)
        except OSError:
            if mtime_ns == -1:
                continue
            return None
        if info.st_mtime_ns != mtime_ns or (size >= 0 and info.st_size != size):
            return None
    return Page(code, out, err)


def dependency(path: str, directory: bool = False) -> Dependency:
    """A path as it is now: its mtime and size, or a marker that it must stay absent."""
    try:
        info = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, info.st_mtime_ns, -1 if directory else info.st_size)


def store(
    directory: str, key: tuple[str, ...], page: Page, dependencies: Iterable[Dependency]
) -> None:
    """Keep a page; any failure (read-only cache, full disk) just means no page is kept."""
    import tempfile

    target = _path(directory, key)
    data = marshal.dumps((FORMAT, key, page.code, page.out, page.err, tuple(dependencies)))
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(target), suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, target)
        _prune(os.path.dirname(target))
    except OSError:
        pass


def _prune(pages: str) -> None:
    """Keep the cache bounded: past MAX_PAGES, drop the least recently written tenth."""
    names = [n for n in os.listdir(pages) if n.endswith(".page")]
    if len(names) <= MAX_PAGES:
        return
    by_age = sorted(names, key=lambda n: os.stat(os.path.join(pages, n)).st_mtime_ns)
    for name in by_age[: len(names) // 10]:
        try:  # noqa: SIM105 - this module avoids importing contextlib
            os.unlink(os.path.join(pages, name))
        except OSError:
            pass
