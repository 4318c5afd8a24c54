"""Every data command as a plain function of the run's state and its parameters, and the one
edge that turns user errors into a message on stderr and an exit code.

Typer (cli.py) and the Typer-free dispatcher (dispatch.py) both call these functions, so a
command behaves the same whichever way it was parsed.
"""

from __future__ import annotations

import datetime
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from rich.console import RenderableType
from rich.text import Text

from mesoref import __version__, jsonout, render, views
from mesoref.cachedir import cache_dir, caching_disabled
from mesoref.errors import DataError, ExitCode, MesorefError, StdoutClosed
from mesoref.index import remove_cached
from mesoref.inert import make_inert
from mesoref.jsonschema import schema_for
from mesoref.layers import Layer, discover, xdg_layer_dir
from mesoref.lint import lint
from mesoref.output import silence_stdout
from mesoref.schema import Substance
from mesoref.state import State

V = TypeVar("V")


def guarded(state: State, action: Callable[[], object]) -> int:
    """Run a command; a user error becomes a message and its exit code, never a traceback.
    Ctrl-C ends with 130 and a closed stdout with 141, both silently."""
    try:
        action()
    except MesorefError as error:
        state.output.error(error.message, error.hint)
        return int(error.exit_code)
    except StdoutClosed as closed:
        return int(closed.exit_code)
    except BrokenPipeError:
        silence_stdout()
        return int(ExitCode.BROKEN_PIPE)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    return 0


def _show(
    state: State,
    json: bool,
    view: V,
    as_json: Callable[[V], object],
    as_page: Callable[[V], RenderableType],
) -> None:
    """Print a view as JSON or as a page."""
    state.output.json(as_json(view)) if json else state.output.page(as_page(view))


def topic(state: State, name: str, json: bool = False) -> None:
    _show(state, json, views.topic_view(state.kb, name), jsonout.topic, render.topic_page)


def topics(state: State, json: bool = False) -> None:
    groups = views.topics_by_category(state.kb)
    out = state.output
    if json:
        out.json(jsonout.topics(groups))
    elif out.is_terminal:
        out.page(render.topics_page(groups))
    else:
        out.lines(t.id for _, members in groups for t in members)


def risks(
    state: State, topic: str | None = None, severity: str | None = None, json: bool = False
) -> None:
    _show(
        state, json, views.risks_view(state.kb, topic, severity), jsonout.risks, render.risks_page
    )


def history(
    state: State, start: int | None = None, end: int | None = None, json: bool = False
) -> None:
    _show(
        state, json, views.history_view(state.kb, start, end), jsonout.history, render.history_page
    )


def substances(state: State, json: bool = False) -> None:
    _show(
        state,
        json,
        [s for s in state.kb.all("substance") if isinstance(s, Substance)],
        jsonout.substances,
        render.substances_page,
    )


def substance(state: State, name: str, json: bool = False) -> None:
    _show(
        state, json, views.substance_view(state.kb, name), jsonout.substance, render.substance_page
    )


def sources(state: State, json: bool = False) -> None:
    _show(state, json, views.sources_by_kind(state.kb), jsonout.sources, render.sources_page)


def source(state: State, source_id: str, json: bool = False) -> None:
    _show(state, json, views.source_view(state.kb, source_id), jsonout.source, render.source_page)


def glossary(state: State, term: str | None = None, json: bool = False) -> None:
    _show(state, json, views.glossary_view(state.kb, term), jsonout.glossary, render.glossary_page)


def claims(
    state: State, verdict: str | None = None, source: str | None = None, json: bool = False
) -> None:
    _show(
        state,
        json,
        views.claims_view(state.kb, verdict, source),
        jsonout.claims,
        render.claims_page,
    )


def evidence(state: State, json: bool = False) -> None:
    _show(state, json, views.evidence_map(state.kb), jsonout.evidence, render.evidence_page)


def contraindications(state: State, json: bool = False) -> None:
    items, citations = views.contraindications_list(state.kb)
    out = state.output
    if json:
        out.json(jsonout.contraindications(items, citations))
    else:
        out.page(render.contraindications_page(items, citations))


def about(state: State, json: bool = False) -> None:
    view = views.about_view(state.kb)
    out = state.output
    if json:
        out.json(jsonout.about(view, __version__))
    else:
        out.page(render.about_page(view, __version__))


def search(
    state: State, query: str, kind: str | None = None, limit: int = 10, json: bool = False
) -> None:
    _show(
        state,
        json,
        views.search_view(state.kb, query, kind, limit),
        jsonout.search,
        render.search_page,
    )


def index(state: State, rebuild: bool = False, json: bool = False) -> None:
    """Where the index and pages live, what the index holds; --rebuild starts from nothing."""
    directory = None if caching_disabled(os.environ) else cache_dir(os.environ)
    removed = remove_cached(directory) if rebuild and directory else 0
    started = time.perf_counter()
    kb = state.kb
    info = views.index_view(kb, directory, removed, time.perf_counter() - started, rebuild)
    out = state.output
    out.json(jsonout.index(info)) if json else out.page(render.index_page(info))


def validate(state: State, paths: list[str], strict: bool = False, json: bool = False) -> None:
    """Lint data directories: every layer, or the given ones read on top of the built-in data."""
    layers = discover(state.data_dirs)
    if paths:
        checked = [
            Layer(i, Path(p).expanduser(), "validate", p) for i, p in enumerate(paths, start=1)
        ]
        layers = [layers[0], *checked]
    else:
        checked = layers
    report = lint(layers, checked, datetime.date.today())
    out = state.output
    if json:
        out.json(
            jsonout.envelope(
                files=report.files,
                records=report.records,
                errors=report.errors,
                warnings=report.warnings,
                problems=[p.as_json() for p in report.problems],
            )
        )
    elif report.problems:
        out.lines(str(p) for p in report.problems)
    counts = (
        f"{report.errors} error(s) and {report.warnings} warning(s) in {report.files} "
        f"file(s), {report.records} record(s)"
    )
    if report.errors or (strict and report.warnings):
        raise DataError(counts)
    out.message(
        Text(
            f"mesoref: {counts}"
            if report.problems
            else f"mesoref: no problems in {report.files} file(s), {report.records} record(s)"
        )
    )


def paths(state: State, json: bool = False) -> None:
    """The data layers in the order they apply, with their record counts, and the cache."""
    kb = state.kb
    counts = kb.counts_by_layer()
    xdg = xdg_layer_dir(os.environ)
    layers = [
        {
            "position": layer.position,
            "origin": layer.origin,
            "path": make_inert(layer.display_root),
            "exists": layer.root.is_dir(),
            "records": counts.get(layer.position, 0),
        }
        for layer in kb.layers
    ]
    directory = None if caching_disabled(os.environ) else cache_dir(os.environ)
    out = state.output
    if json:
        out.json(
            jsonout.envelope(layers=layers, xdg_layer=xdg, cache_dir=directory, index=kb.index.path)
        )
    else:
        out.page(render.paths_page(layers, xdg, directory, kb.index.path))


def schema(state: State, kind: str) -> None:
    """The JSON Schema of one kind of record, for editors."""
    state.output.json(schema_for(kind))


# The data commands by name: their answer depends only on their arguments, the environment
# and the data, so it may be kept as a page.
DATA_COMMANDS: dict[str, Callable[..., None]] = {
    "topic": topic,
    "topics": topics,
    "risks": risks,
    "history": history,
    "substances": substances,
    "substance": substance,
    "sources": sources,
    "source": source,
    "glossary": glossary,
    "claims": claims,
    "evidence": evidence,
    "contraindications": contraindications,
    "about": about,
    "search": search,
}
