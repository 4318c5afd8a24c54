"""The command line as Typer sees it: help text, completion, usage errors, and thin commands
over the plain functions in `commands`."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Annotated, Any

import typer

from mesoref import __version__, commands
from mesoref.commands import DATA_COMMANDS, guarded
from mesoref.errors import ExitCode, StdoutClosed
from mesoref.output import silence_stdout
from mesoref.schema import KINDS, SEVERITIES, VERDICTS
from mesoref.state import State

Severity = Enum("Severity", {v: v for v in SEVERITIES}, type=str)  # type: ignore[misc]
Verdict = Enum("Verdict", {v: v for v in VERDICTS}, type=str)  # type: ignore[misc]
RecordKind = Enum("RecordKind", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class MesorefGroup(typer.core.TyperGroup):
    """Turns user errors raised by any command into a message on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        result: list[Any] = []
        code = guarded(
            ctx.obj if isinstance(ctx.obj, State) else State(),
            lambda: result.append(super(MesorefGroup, self).invoke(ctx)),
        )
        if code:
            raise typer.Exit(code)
        if ctx.invoked_subcommand in DATA_COMMANDS and isinstance(ctx.obj, State):
            ctx.obj.cacheable = True
        return result[0] if result else None


HELP_OPTIONS = frozenset({"-h", "--help", "--version"})

app = typer.Typer(
    name="mesoref",
    cls=MesorefGroup,
    help="A sourced, evidence-graded reference on mesotherapy. Health information, not "
    "medical advice.\n\nExample: mesoref topic cellulite",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    epilog="Exit codes: 0 success, 1 not found, 2 usage error, 3 data error, "
    "130 interrupted, 141 output pipe closed.",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON document instead.")]


def _completer(kind: str):  # type: ignore[no-untyped-def]
    """Shell completion of record names (ids and aliases) of one kind."""

    def complete(incomplete: str) -> list[str]:
        kb = State().kb
        folded = incomplete.casefold()
        return [n for n in kb.names(kind) if n.casefold().startswith(folded)]

    return complete


def _version(value: bool) -> None:
    if value:
        print(f"mesoref {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    data_dir: Annotated[
        list[str] | None,
        typer.Option(
            "--data-dir",
            metavar="PATH",
            help="Add a data directory on top of the built-in data (repeatable; later wins).",
        ),
    ] = None,
) -> None:
    """A sourced, evidence-graded reference on mesotherapy.

    Example: mesoref topic cellulite

    Health information, not medical advice.
    """
    if not isinstance(ctx.obj, State):
        ctx.obj = State()
    ctx.obj.data_dirs = list(data_dir or [])


@app.command(short_help="One topic: what is done, claimed, the evidence, risks, sources.")
def topic(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="Topic name, id or alias; words are joined.",
            autocompletion=_completer("topic"),
            show_default=False,
        ),
    ],
    json_: JsonOption = False,
) -> None:
    """Example: mesoref topic hair loss

    Show one topic: summary, what is done, substances, what is claimed, what the evidence
    says with its grade, risks, and numbered sources. Names ignore case and accents.
    """
    commands.topic(ctx.obj, " ".join(name), json_)


@app.command(short_help="All topics by category; one id per line when piped.")
def topics(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref topics

    List every topic by category with its grade and one-line summary. When stdout is not a
    terminal, print one topic id per line and nothing else.
    """
    commands.topics(ctx.obj, json_)


@app.command(short_help="Risks by severity, with frequency and sources.")
def risks(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            metavar="NAME",
            help="Only the risks of this topic.",
            autocompletion=_completer("topic"),
        ),
    ] = None,
    severity: Annotated[
        Severity | None,
        typer.Option("--severity", help="Only risks of this severity."),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref risks --severity severe

    Show the known risks grouped by severity, most severe first, with how often they occur
    where that is known, when they start, and their sources.
    """
    commands.risks(ctx.obj, topic, severity.value if severity else None, json_)


@app.command(short_help="The dated timeline; disputed dates show every value.")
def history(
    ctx: typer.Context,
    start: Annotated[
        int | None, typer.Option("--from", metavar="YEAR", help="Only events from this year on.")
    ] = None,
    end: Annotated[
        int | None, typer.Option("--to", metavar="YEAR", help="Only events up to this year.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref history --from 1950 --to 1990

    Show the history of mesotherapy and its precursors in date order. Where sources give
    different dates or describe an event differently, every version is shown with its source.
    """
    commands.history(ctx.obj, start, end, json_)


@app.command(short_help="Every substance with its class and evidence grade.")
def substances(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref substances

    List the substances injected in mesotherapy with their class and evidence grade.
    """
    commands.substances(ctx.obj, json_)


@app.command(short_help="One substance: purpose, evidence, regulation, sources.")
def substance(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="Substance name, id or alias.",
            autocompletion=_completer("substance"),
            show_default=False,
        ),
    ],
    json_: JsonOption = False,
) -> None:
    """Example: mesoref substance deoxycholic acid

    Show one substance: what it is claimed to do, what the evidence says, its regulatory
    status, the topics that use it, and its sources.
    """
    commands.substance(ctx.obj, " ".join(name), json_)


@app.command(short_help="Every source, seed documents first.")
def sources(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref sources

    List every source mesoref cites: the five seed documents first, then the rest by kind.
    """
    commands.sources(ctx.obj, json_)


@app.command(short_help="One source, with the claims taken from it and their verdicts.")
def source(
    ctx: typer.Context,
    source_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Source id (a seed is named by its file name).",
            autocompletion=_completer("source"),
            show_default=False,
        ),
    ],
    json_: JsonOption = False,
) -> None:
    """Example: mesoref source 000_617c91b42c4e81cf.txt

    Show one source: its details, a note on how far to trust it, the claims mesoref found in
    it with their verdicts and corrections, and the records that cite it.
    """
    commands.source(ctx.obj, source_id, json_)


@app.command(short_help="Definitions of terms, or of one term.")
def glossary(
    ctx: typer.Context,
    term: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TERM",
            help="A term to define; all terms when left out.",
            autocompletion=_completer("term"),
            show_default=False,
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref glossary nappage

    Define one term, or list every term with its definition.
    """
    commands.glossary(ctx.obj, " ".join(term) if term else None, json_)


@app.command(short_help="Claims found in the sources, with verdicts and corrections.")
def claims(
    ctx: typer.Context,
    verdict: Annotated[
        Verdict | None,
        typer.Option("--verdict", help="Only claims with this verdict."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Only claims found in this source.",
            autocompletion=_completer("source"),
        ),
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref claims --verdict incorrect

    List the claims mesoref found in its sources, grouped by source, each with its verdict,
    the reason for it, and a correction where the claim is wrong.
    """
    commands.claims(ctx.obj, verdict.value if verdict else None, source, json_)


@app.command(short_help="Every topic's evidence grade in one table, best supported first.")
def evidence(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref evidence

    Show every topic with its evidence grade and the one-line reason for it, best-supported
    first, so the whole field can be seen at a glance.
    """
    commands.evidence(ctx.obj, json_)


@app.command(short_help="Contraindications, each with where it comes from.")
def contraindications(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref contraindications

    List the contraindications and precautions, each with its basis (drug label, trial
    exclusion, consensus or practitioner lists) and its sources.
    """
    commands.contraindications(ctx.obj, json_)


@app.command(short_help="What mesotherapy is, the name, how to read grades, the disclaimer.")
def about(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref about

    Explain what mesotherapy is, where its name comes from, how to read evidence grades and
    claim verdicts, and what mesoref is not: medical advice.
    """
    commands.about(ctx.obj, json_)


@app.command(short_help="Ranked full-text search over every kind of record.")
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help='Words to find; "quoted words" form a phrase, word* a prefix.',
            show_default=False,
        ),
    ],
    kind: Annotated[
        RecordKind | None, typer.Option("--kind", help="Only records of this kind.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="At most N results.")] = 10,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref search collagen

    Search every topic, risk, contraindication, history event, substance, source, glossary
    term and claim. Results are ranked (BM25, words in titles count most), word endings and
    accents do not matter, and each result shows where its words were found.
    """
    commands.search(ctx.obj, " ".join(query), kind.value if kind else None, limit, json_)


@app.command(short_help="Where the index and page cache are; rebuild them.")
def index(
    ctx: typer.Context,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild", help="Delete the index and cached pages, then build the index again."
        ),
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref index --rebuild

    Show where the compiled index and the cached pages live, what the index holds per layer
    and kind, and how many problems it found. The index is rebuilt by itself when data files
    change; --rebuild starts from nothing.
    """
    commands.index(ctx.obj, rebuild, json_)


@app.command(short_help="Check data directories like a compiler: every problem at once.")
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Data directories to check (default: every layer).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings (style rules) too.")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Example: mesoref validate ~/clinic-data

    Check data directories for every kind of problem: YAML errors, schema errors, references
    to records that do not exist, duplicate ids and names, dates that are not dates, and
    style rules. Each problem prints as file:line:column: code: message, sorted. Given
    directories are read on top of the built-in data, so they may cite built-in records.
    Exit status 0 when there are no errors (or, with --strict, no problems at all), else 3.
    """
    commands.validate(ctx.obj, list(paths or []), strict, json_)


@app.command(short_help="The data layers in order, with their record counts.")
def paths(ctx: typer.Context, json_: JsonOption = False) -> None:
    """Example: mesoref paths

    List the data layers in the order they apply (built-in first; later layers override
    records with the same id), how many records each holds, and where the cache lives.
    """
    commands.paths(ctx.obj, json_)


@app.command(short_help="The JSON Schema of a kind of record, for editors.")
def schema(
    ctx: typer.Context,
    kind: Annotated[
        RecordKind, typer.Argument(metavar="KIND", help="topic, risk, ...", show_default=False)
    ],
) -> None:
    """Example: mesoref schema topic > topic.schema.json

    Print the JSON Schema of one kind of record. Point an editor at it with a first line
    such as `# yaml-language-server: $schema=topic.schema.json` to check entries as you type.
    """
    commands.schema(ctx.obj, kind.value)


def run(argv: Sequence[str], state: State | None = None) -> int:
    """Run the command line and return the exit status; user errors never show a traceback."""
    state = state or State()
    code = _run(argv, state)
    if code == 0 and HELP_OPTIONS.intersection(argv):
        state.cacheable = True  # help and version text depend on nothing but the code
    return code


def _run(argv: Sequence[str], state: State) -> int:
    try:
        result = app(args=argv, prog_name="mesoref", standalone_mode=False, obj=state)
        return int(result) if isinstance(result, int) else 0
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as error:  # usage errors from the parser: exit 2
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            state.output.error(error.format_message())
        return int(error.exit_code)
    except typer.Abort:
        return int(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    except (BrokenPipeError, StdoutClosed):
        silence_stdout()
        return int(ExitCode.BROKEN_PIPE)
