"""The `mesoref` entry point: answer from the page cache when a page is fresh, else run the
full program (Typer, Rich, the index) and keep its answer as a page.

Only the standard library's cheapest modules are imported before a cached page is written
out, so a repeated lookup costs about as much as starting Python.
"""

from __future__ import annotations

import os
import sys

from mesoref import __version__, pagecache
from mesoref.cachedir import cache_dir, caching_disabled

TYPE_CHECKING = False  # typing itself is not imported on the cached path
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mesoref.state import State

# ExitCode values, named without importing the errors module on the cached path.
INTERRUPTED = 130
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    """Run mesoref; Ctrl-C at any moment ends quietly with status 130."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return INTERRUPTED


def _closed_streams() -> None:
    """With stdout or stderr closed (`>&-`), Python has no stream at all: write to nowhere."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _main(argv: Sequence[str] | None) -> int:
    _closed_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ
    directory = None
    if not caching_disabled(environ) and "_MESOREF_COMPLETE" not in environ:
        directory = cache_dir(environ)
    key = pagecache.page_key(args, environ, __version__) if directory else None
    if directory is not None and key is not None:
        page = pagecache.lookup(directory, key)
        if page is not None:
            return _replay(page, environ)
    return _run(args, directory, key)


def _silence_stdout() -> None:
    try:  # noqa: SIM105 - contextlib would cost start-up time on the cached path
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    except OSError:
        pass


def _replay(page: pagecache.Page, environ: Mapping[str, str]) -> int:
    from mesoref.pager import write_stdout

    if page.err:
        sys.stderr.flush()
        sys.stderr.buffer.write(page.err)
        sys.stderr.buffer.flush()
    try:
        if page.out:
            write_stdout(page.out, environ)
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    return page.code


def _code_dependencies() -> list[pagecache.Dependency]:
    """mesoref's own modules and the top of every third-party package the run loaded."""
    stdlib = os.path.dirname(os.__file__)
    found = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path or (path.startswith(stdlib) and "-packages" not in path):
            continue
        if name == "mesoref" or name.startswith("mesoref.") or "." not in name:
            found.append(pagecache.dependency(path))
    return found


def _answer(args: list[str]) -> tuple[int, State]:
    """Run a plainly written data command directly; anything else through Typer."""
    from mesoref.dispatch import parse
    from mesoref.state import State

    state = State()
    call = parse(args)
    if call is None:
        from mesoref.cli import run

        return run(args, state), state
    from mesoref.commands import DATA_COMMANDS, guarded

    state.data_dirs = call.data_dirs
    code = guarded(state, lambda: DATA_COMMANDS[call.command](state, **call.params))
    state.cacheable = code == 0
    return code, state


def _run(args: list[str], directory: str | None, key: tuple[str, ...] | None) -> int:
    from mesoref.recording import record_streams

    out, err = record_streams()
    code, state = _answer(args)
    if directory is None or key is None or code != 0 or not state.cacheable:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return code
    dependencies = [*state.dependencies(), *_code_dependencies()]
    pagecache.store(
        directory, key, pagecache.Page(code, bytes(out.data), bytes(err.data)), dependencies
    )
    return code
