"""The full run: answer a parsed command line, print the answer through the output boundary,
and keep it as a page when it may be replayed.  This is also the one edge where errors become
messages and exit codes: a user's or a data file's mistake is a message and its code; a
damaged index is rebuilt and the command runs again; anything else is a bug, reported in one
line (the traceback only with MESOREF_DEBUG=1) with exit status 4.

Data flows one way: the command's `view` reads the knowledge base, its `page` (or `data`, or
`rows`) turns the view into blocks (or JSON, or tab-separated rows) without any I/O, the
layout engine turns blocks into text, and only then is anything written.
"""

from __future__ import annotations

import os
import sys

from mesoref.commands import load_module
from mesoref.errors import ExitCode, IndexDamaged, MesorefError
from mesoref.launch import cache, terminal
from mesoref.launch.argv import Call
from mesoref.launch.envlog import recording
from mesoref.launch.inert import inert, safe_output
from mesoref.output import blocks
from mesoref.reading.layers import Layer, discover, xdg_layer_dir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from mesoref.index.kb import KnowledgeBase

MAX_WARNINGS = 10
REPORT = 'Please report it: see "Reporting a problem" in the README.'


class Context:
    """What one run knows: the call, the environment, the layers, the cache, the terminal,
    and the knowledge base (opened on first use)."""

    def __init__(self, call: Call, environ: Mapping[str, str]) -> None:
        self.call = call
        self.environ = environ
        self.json = call.flag("json")
        self.plain = call.flag("plain") and not self.json
        refused = call.flag("no_color") or self.plain or self.json
        self.colour = terminal.colour(environ, 1, refused)
        self.err_colour = terminal.colour(environ, 2, call.flag("no_color"))
        self.terminal = terminal.isatty(1)
        self.width = blocks.UNLIMITED if self.plain else terminal.width(environ)
        self.layers: list[Layer] = discover(call.data_dirs, environ)
        self.messages: list[tuple[str, str]] = []  # (text, style) lines for stderr
        self.cache_dir = self._cache()
        self._kb: KnowledgeBase | None = None
        lang = call.options.get("lang")
        self.lang_option = str(lang) if lang else None
        from mesoref.output.language import preferences

        self.preferences = preferences(self.lang_option, environ)
        self.language = "en"

    def _cache(self) -> str | None:
        if cache.disabled(self.environ):
            return None
        try:
            return cache.verified(cache.location(self.environ), create=True)
        except cache.Refused as refused:
            self.warn(f"not using the cache: {refused}; answering without it")
            return None

    def warn(self, text: str) -> None:
        self.messages.append((f"mesoref: warning: {text}", "warning"))

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            from mesoref.index.kb import KnowledgeBase
            from mesoref.index.store import open_index, terminal_progress

            index = open_index(self.layers, self.cache_dir, terminal_progress())
            self._kb = KnowledgeBase(index, self.layers)
            self._data_warnings()
            self.language = self._choose_language(self._kb)
            self._kb.language = self.language
        return self._kb

    @property
    def opened_kb(self) -> KnowledgeBase | None:
        """The knowledge base if this run has opened it (a page that never looked anything up
        does not open the index just to spell out abbreviations)."""
        return self._kb

    def discard_index(self) -> None:
        """Forget a damaged index: the next use of `kb` builds a new one."""
        from mesoref.index.store import discard

        if self._kb is not None:
            path = self._kb.index.path
            try:  # noqa: SIM105
                self._kb.index.conn.close()
            except Exception:
                pass
            if path is not None:
                discard(path)
        self._kb = None

    def _choose_language(self, kb: KnowledgeBase) -> str:
        """The first preferred language mesoref has pages or an interface in; --lang must
        name one."""
        from mesoref.output.language import INTERFACE

        if self.preferences == ["en"]:
            return "en"
        available = [*INTERFACE, *kb.languages()]
        if self.lang_option is not None and self.preferences[0] not in available:
            from mesoref.errors import UsageProblem

            raise UsageProblem(
                f"--lang {self.lang_option}: no pages in that language; "
                f"available: {', '.join(sorted(set(available)))}"
            )
        return next((code for code in self.preferences if code in available), "en")

    def language_note(self) -> None:
        """One line when a page asked for in another language is shown partly in English."""
        if self._kb is None or self.language == "en" or not self._kb.untranslated:
            return
        from mesoref.output.language import NAMES

        name = NAMES.get(self.language, self.language)
        # The record the page is about is named first; then every other kind of record the
        # page shows in English is counted (sources keep their published titles anyway).
        untranslated = self._kb.untranslated
        subject = self._kb.subject
        texts = []
        if subject is not None and subject in untranslated:
            kind, record_id = subject
            texts.append(
                f"the {name} translation of {kind} {record_id!r} is out of date; shown in English"
                if untranslated[subject] == "out of date"
                else f"no {name} translation of {kind} {record_id!r} yet; shown in English"
            )
        kinds: dict[str, int] = {}
        for key in untranslated:
            if key != subject:
                kinds[key[0]] = kinds.get(key[0], 0) + 1
        if kinds:
            counted = ", ".join(f"{n} {k}{'s' if n > 1 else ''}" for k, n in kinds.items())
            texts.append(f"also in English on this page: {counted}")
        if not texts:
            return
        text = "; ".join(texts)
        self.messages.append((f"mesoref: note: {text}", "hint"))

    def _data_warnings(self) -> None:
        assert self._kb is not None
        errors = [p for p in self._kb.problems if p.is_error]
        if not errors:
            return
        lines = [
            f"mesoref: warning: {len(errors)} problem(s) in data files; records that fail are "
            "skipped and broken references left out:"
        ]
        lines += [f"  {p}" for p in errors[:MAX_WARNINGS]]
        if len(errors) > MAX_WARNINGS:
            lines.append(f"  ... and {len(errors) - MAX_WARNINGS} more")
        self.messages.append(("\n".join(lines), "warning"))
        self.messages.append(("Run `mesoref validate` to see every problem.", "hint"))

    def dependencies(self) -> cache.Dependencies:
        """Everything this run's answer could depend on: every data file and folder of every
        layer, the folders that would become layers, and the code that ran."""
        found: list[tuple[str, Any]] = []
        xdg = xdg_layer_dir(self.environ)
        from mesoref.launch.fresh import fingerprint

        found.append((xdg, fingerprint(xdg)))
        if self._kb is not None:
            found.extend(self._kb.index.scan.dependencies())
        found.extend((path, fingerprint(path)) for path in _code_files())
        return tuple(found)


def _code_files() -> list[str]:
    """The files of the code that ran: mesoref's own modules and every installed package
    loaded (the standard library is identified by the interpreter's version, in the key)."""
    files = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and (name == "mesoref" or name.startswith("mesoref.") or "-packages" in path):
            files.append(path)
    return sorted(set(files))


class Result:
    __slots__ = ("code", "err", "out")

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code = code
        self.out = out
        self.err = err


def _messages(ctx: Context, extra: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    painter = blocks.Painter(ctx.err_colour)
    lines = [painter.paint(inert(text), style) for text, style in [*ctx.messages, *extra]]
    return "".join(line + "\n" for line in lines)


def _answer(ctx: Context) -> tuple[int, str, list[tuple[str, str]]]:
    """Run the command: its exit status, its stdout text, and any messages for stderr."""
    command = ctx.call.command
    assert command is not None
    module: Any = load_module(command.module)
    view = module.view(ctx, **ctx.call.params)
    ctx.language_note()
    code = int(getattr(view, "exit_code", 0))
    notes: list[tuple[str, str]] = list(getattr(view, "messages", []))
    if getattr(view, "always_json", False):
        from mesoref.output.jsonenc import dumps

        return code, dumps(module.data(view)), notes
    if ctx.json:
        from mesoref.output.jsonenc import dumps, envelope

        return code, dumps(envelope(**module.data(view))), notes
    verbatim = getattr(view, "verbatim", None)
    if verbatim is not None:
        # Text meant to be pasted or imported whole (references, exports): never laid out.
        return code, inert(verbatim), notes
    if ctx.plain and hasattr(module, "rows"):
        from mesoref.output.rows import tsv

        return code, tsv(module.rows(view)), notes
    page = module.page(view)
    return code, page_text(page, ctx.opened_kb, ctx.width, ctx.colour, ctx.language), notes


def page_text(
    page: list[blocks.Block],
    kb: KnowledgeBase | None,
    width: int,
    colour: bool,
    language: str = "en",
) -> str:
    """A command's page as text: abbreviations spelled out at their first use (when the run
    has the knowledge base open; translations spell out their own), its interface words in
    the run's language, laid out at `width`."""
    if language != "en":
        from mesoref.output.words import translate_page

        translate_page(page, language)
    elif kb is not None:
        from mesoref.output.spelling import spell_out

        spell_out(page, kb.abbreviations())
    return blocks.render(page, width, colour)


def _error_message(error: MesorefError, ctx: Context) -> list[tuple[str, str]]:
    lines = [(f"mesoref: {error.message}", "error")]
    if error.hint:
        lines.extend((line, "hint") for line in error.hint.split("\n"))
    return lines


def _bug(error: BaseException, environ: Mapping[str, str]) -> list[tuple[str, str]]:
    kind = type(error).__name__
    lines = [
        (f"mesoref: internal error (a bug in mesoref, not in your data): {kind}: {error}", "error"),
        (REPORT, "hint"),
    ]
    if environ.get("MESOREF_DEBUG", "") not in ("", "0"):
        import traceback

        lines.append(("".join(traceback.format_exception(error)).rstrip(), ""))
    else:
        lines.append(("Run again with MESOREF_DEBUG=1 to see the details.", "hint"))
    return lines


def compute(call: Call, environ: Mapping[str, str]) -> tuple[Result, Context | None]:
    """The answer to a call, as text, with every error turned into a message and a code."""
    try:
        ctx = Context(call, environ)
    except MesorefError as error:
        return Result(error.exit_code, "", f"mesoref: {error.message}\n"), None
    for attempt in range(2):
        try:
            code, out, notes = _answer(ctx)
            return Result(code, out, _messages(ctx, notes)), ctx
        except IndexDamaged:
            if attempt:
                raise
            ctx.discard_index()
        except MesorefError as error:
            return Result(error.exit_code, "", _messages(ctx, _error_message(error, ctx))), ctx
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as error:
            return Result(ExitCode.INTERNAL, "", _messages(ctx, _bug(error, environ))), ctx
    raise AssertionError("unreachable")  # pragma: no cover


def run(call: Call, key: tuple[str, ...] | None) -> int:
    """Answer, print, and keep the page when it may be replayed."""
    real = os.environ
    with recording() as recorder:
        try:
            result, ctx = compute(call, recorder)  # type: ignore[arg-type]  # a mapping
        except IndexDamaged as error:  # damaged twice in a row: a bug, not bad luck
            result, ctx = (
                Result(
                    ExitCode.INTERNAL, "", "".join(f"{text}\n" for text, _ in _bug(error, real))
                ),
                None,
            )
        dependencies = ctx.dependencies() if ctx is not None and result.code == 0 else ()
    out_colour = ctx.colour if ctx is not None else False
    err_colour = ctx.err_colour if ctx is not None else False
    out = terminal.encode(safe_output(result.out, out_colour), sys.stdout)
    err = terminal.encode(safe_output(result.err, err_colour), sys.stderr)
    if err:
        terminal.write_err(err)
    try:
        if out:
            terminal.write_out(out, real)
    except BrokenPipeError:
        terminal.silence_stdout()
        return ExitCode.BROKEN_PIPE
    if (
        key is not None
        and ctx is not None
        and ctx.cache_dir is not None
        and result.code == 0
        and call.command is not None
        and call.command.cacheable
        and not recorder.everything
    ):
        page = cache.Page(result.code, out, err, out_colour, err_colour)
        cache.store(ctx.cache_dir, key, page, dependencies, tuple(recorder.reads.items()))
    return result.code
