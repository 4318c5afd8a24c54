"""The Typer application, derived from the command table in `mesoref.launch.grammar`.

mesoref is built on Typer's model of a command line, and keeps it: this application is
generated from the same table as the fast parser, so the grammar is written once.  It installs
shell completion (`--install-completion`, which knows how to find and configure the user's
shell), and it is the reference the fast path is tested against: for every command and
option, both must read a command line the same way and print the same bytes.  Commands run
through it call the same `mesoref.app.run` as the launcher.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from enum import Enum
from typing import Annotated, Any

import typer

from mesoref import __version__
from mesoref.launch.argv import Call
from mesoref.launch.grammar import (
    CHOICE,
    COMMANDS,
    DESCRIPTION,
    EPILOG,
    FLAG,
    GLOBAL_OPTIONS,
    INT,
    MAIN_EXAMPLE,
    NAMES,
    OPTIONAL_WORDS,
    PATHS,
    PROGRAM,
    WORD,
    WORDS,
    Command,
    Param,
)

_ENUMS: dict[tuple[str, ...], type[Enum]] = {}


def _choices(values: tuple[str, ...]) -> type[Enum]:
    if values not in _ENUMS:
        _ENUMS[values] = Enum("Choice", {v: v for v in values}, type=str)  # type: ignore[assignment]
    return _ENUMS[values]


def _annotation(param: Param) -> tuple[Any, Any]:
    """The annotated type and default of one parameter, as Typer reads them."""
    if param.positional:
        info = typer.Argument(metavar=param.metavar, help=param.help, show_default=False)
        if param.kind == WORD:
            return Annotated[str, info], inspect.Parameter.empty
        if param.kind == CHOICE:
            return Annotated[_choices(param.choices), info], inspect.Parameter.empty
        if param.kind in (WORDS, NAMES):
            return Annotated[list[str], info], inspect.Parameter.empty
        assert param.kind in (OPTIONAL_WORDS, PATHS)
        return Annotated[list[str] | None, info], None
    info = typer.Option(*param.flags, help=param.help, metavar=param.metavar or None)
    if param.kind == FLAG:
        return Annotated[bool, info], False
    if param.repeat:
        return Annotated[list[str] | None, info], None
    if param.kind == INT:
        return Annotated[int | None, info], None
    if param.kind == CHOICE:
        return Annotated[_choices(param.choices) | None, info], None
    return Annotated[str | None, info], None


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _call(command: Command, values: dict[str, Any], group: dict[str, Any]) -> Call:
    """The Call the fast parser would have made of the same command line."""
    call = Call()
    call.command = command
    for param in command.params:
        value = _plain(values.get(param.name))
        if param.kind == WORDS:
            value = " ".join(value)
        elif param.kind == OPTIONAL_WORDS:
            value = " ".join(value) if value else None
        elif param.kind in (PATHS, NAMES):
            value = list(value or [])
        elif value is None:
            value = param.default
        call.params[param.name] = value
    for param in GLOBAL_OPTIONS:
        before, after = group.get(param.name), values.get(f"global_{param.name}")
        if param.repeat:
            call.options[param.name] = [*(before or []), *(after or [])]
        elif param.kind == FLAG:
            call.options[param.name] = bool(before or after)
        else:
            call.options[param.name] = after if after is not None else before
    return call


def _function(command: Command) -> Any:
    def run(ctx: typer.Context, **values: Any) -> None:
        from mesoref.app import run as answer

        group = ctx.obj if isinstance(ctx.obj, dict) else {}
        code = answer(_call(command, values, group), None)
        if code:
            raise typer.Exit(code)

    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    annotations: dict[str, Any] = {"ctx": typer.Context, "return": None}
    for param in command.params:
        annotation, default = _annotation(param)
        parameters.append(
            inspect.Parameter(
                param.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
        annotations[param.name] = annotation
    for param in GLOBAL_OPTIONS:  # accepted after the command's name too
        annotation, default = _annotation(param)
        name = f"global_{param.name}"
        parameters.append(
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
        annotations[name] = annotation
    run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run.__annotations__ = annotations
    run.__name__ = command.name.replace("-", "_")
    run.__doc__ = f"Example: {command.example}\n\n{command.help}"
    return run


def _version(value: bool) -> None:
    if value:
        print(f"{PROGRAM} {__version__}")
        raise typer.Exit()


def build() -> typer.Typer:
    app = typer.Typer(
        name=PROGRAM,
        help=f"{DESCRIPTION}\n\nExample: {MAIN_EXAMPLE}",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        epilog=EPILOG,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )

    def main(ctx: typer.Context, **values: Any) -> None:
        ctx.obj = {key: _plain(value) for key, value in values.items() if key != "version"}

    parameters = [
        inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    ]
    annotations: dict[str, Any] = {"ctx": typer.Context, "return": None}
    version = Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ]
    parameters.append(
        inspect.Parameter(
            "version", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=version
        )
    )
    annotations["version"] = version
    for param in GLOBAL_OPTIONS:
        annotation, default = _annotation(param)
        parameters.append(
            inspect.Parameter(
                param.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
            )
        )
        annotations[param.name] = annotation
    main.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    main.__annotations__ = annotations
    app.callback()(main)
    for command in COMMANDS.values():
        app.command(name=command.name, short_help=command.summary)(_function(command))
    return app


app = build()


def run_typer(argv: Sequence[str]) -> int:
    """Run the Typer application (shell completion installation) and return the status."""
    try:
        result = app(args=list(argv), prog_name=PROGRAM, standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as error:  # usage errors from the parser: exit 2
        show = getattr(error, "show", None)
        if show is not None:
            show()
        return int(getattr(error, "exit_code", 2))
    except typer.Abort:
        return 130
    return int(result) if isinstance(result, int) else 0
