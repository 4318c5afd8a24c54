"""The `mesoref` entry point: the standard-library launcher.

Everything a run can answer without the knowledge base is answered here, without importing
Typer, Rich, YAML or anything heavy: help, usage errors, the version, shell completion of
commands and options, and a cached page that is proven fresh.  Anything else goes to the full
run in `mesoref.app`.  A test keeps this package free of heavy imports.
"""

from __future__ import annotations

import os
import sys

from mesoref import __version__
from mesoref.launch import cache, terminal
from mesoref.launch.inert import safe_output

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from mesoref.launch.argv import Call

INTERRUPTED = 130
BROKEN_PIPE = 141
USAGE = 2
COMPLETE_VARIABLE = "_MESOREF_COMPLETE"


def main(argv: Sequence[str] | None = None) -> int:
    """Run mesoref; Ctrl-C at any moment ends quietly with status 130."""
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return INTERRUPTED


def _closed_streams() -> None:
    """With stdout or stderr closed (`>&-`), Python has no stream at all: write to nowhere."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _say(text: str, environ: Mapping[str, str], error: bool = False) -> int:
    """Write help or a message (no colour) through the output boundary."""
    stream = sys.stderr if error else sys.stdout
    data = terminal.encode(safe_output(text, False), stream)
    if error:
        terminal.write_err(data)
        return 0
    try:
        terminal.write_out(data, environ)
    except BrokenPipeError:
        terminal.silence_stdout()
        return BROKEN_PIPE
    return 0


def _main(args: list[str]) -> int:
    _closed_streams()
    environ = os.environ
    if COMPLETE_VARIABLE in environ:
        from mesoref.launch.complete import respond

        return respond(environ[COMPLETE_VARIABLE], environ)
    if args[:1] and args[0] in ("--install-completion", "--show-completion"):
        from mesoref.cli import run_typer

        return run_typer(args)
    # A page is looked up before the command line is even parsed: a page exists only for a
    # line that parsed into a cacheable command, and the grammar is part of the code the page
    # depends on, so the same line would parse the same way again.
    key = (
        None
        if cache.disabled(environ)
        else cache.page_key(args, __version__, _cwd_matters(args, environ))
    )
    if key is not None:
        page = _fresh_page(key, environ)
        if page is not None:
            return _replay(page, environ)
    from mesoref.launch.argv import UsageError, parse

    try:
        call = parse(args)
    except UsageError as error:
        from mesoref.launch.usage import error_text

        if error.unknown_command is not None:
            from mesoref.suggest import unknown_command_hint

            rest = args[args.index(error.unknown_command) + 1 :]
            error.hint = unknown_command_hint(error.unknown_command, error.hint, environ, rest)
        _say(error_text(error), environ, error=True)
        return USAGE
    if call.version:
        return _say(f"mesoref {__version__}\n", environ)
    if call.help or call.command is None:
        from mesoref.launch.usage import help_text

        return _say(help_text(call.command, terminal.width(environ)), environ)
    from mesoref.app import run

    return run(call, key if _cacheable(call) else None)


def _cacheable(call: Call) -> bool:
    return call.command is not None and call.command.cacheable


def _cwd_matters(args: list[str], environ: Mapping[str, str]) -> bool:
    """Whether a layer path may be relative to the current folder (then it is in the key)."""
    return bool(environ.get("MESOREF_PATH")) or any(a.startswith("--data-dir") for a in args)


def _fresh_page(key: tuple[str, ...], environ: Mapping[str, str]) -> cache.Page | None:
    try:
        directory = cache.verified(cache.location(environ), create=False)
    except cache.Refused:
        return None  # the full run says why
    if directory is None:
        return None
    return cache.lookup(directory, key, environ)


def _replay(page: cache.Page, environ: Mapping[str, str]) -> int:
    """Write a cached page, through the same output boundary as a fresh answer."""
    if page.err:
        terminal.write_err(_refilter(page.err, sys.stderr, page.err_colour))
    try:
        if page.out:
            terminal.write_out(_refilter(page.out, sys.stdout, page.colour), environ)
    except BrokenPipeError:
        terminal.silence_stdout()
        return BROKEN_PIPE
    return page.code


def _refilter(data: bytes, stream: object, colour: bool) -> bytes:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text = data.decode(encoding, "surrogateescape")
    except LookupError:
        text = data.decode("utf-8", "surrogateescape")
        encoding = "utf-8"
    return safe_output(text, colour).encode(encoding, "surrogateescape")
