"""One command table: the fast parser, help, completion and the Typer application are all
derived from it, and they agree on every command and option."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import mesoref.app
from mesoref import cli
from mesoref.launch import argv as fast
from mesoref.launch.complete import completions
from mesoref.launch.grammar import (
    CHOICE,
    COMMANDS,
    FLAG,
    GLOBAL_OPTIONS,
    INT,
    NAMES,
    OPTIONAL_WORDS,
    PATHS,
    TEXT,
    WORD,
    WORDS,
    Command,
    Param,
)
from mesoref.launch.usage import help_text

COMMAND_MODULES = Path(__file__).resolve().parent.parent / "mesoref" / "commands"
SHARED_PIECES = {"__init__", "citations", "statements"}


def test_every_command_in_the_table_has_its_module_with_view_page_and_json() -> None:
    for command in COMMANDS.values():
        module = importlib.import_module(command.module)
        assert callable(module.view), command.name
        assert callable(module.data), command.name
        # `schema` is always JSON; `cite` prints text to paste or import whole, never laid out.
        assert callable(getattr(module, "page", None)) or command.name in ("schema", "cite")


def test_every_command_module_is_in_the_table() -> None:
    modules = {p.stem for p in COMMAND_MODULES.glob("*.py")} - SHARED_PIECES
    assert modules == {c.module.rsplit(".", 1)[1] for c in COMMANDS.values()}


def test_the_typer_application_has_every_command_and_option() -> None:
    group = cli.typer.main.get_command(cli.app)
    assert set(group.commands) == set(COMMANDS)  # type: ignore[attr-defined]
    for name, command in COMMANDS.items():
        typer_command = group.commands[name]  # type: ignore[attr-defined]
        flags = {flag for p in typer_command.params for flag in getattr(p, "opts", [])}
        wanted = {flag for p in (*command.options, *GLOBAL_OPTIONS) for flag in p.flags}
        assert wanted <= flags, (name, wanted - flags)


# -- the fast parser and Typer read command lines the same way -------------------------------

WORDS_STRATEGY = st.sampled_from(["cellulite", "hair", "loss", "amin-2006", "x", "1958", "-"])


def _value(param: Param) -> st.SearchStrategy[str]:
    if param.kind == CHOICE:
        return st.sampled_from([*param.choices, "nonsense"])
    if param.kind == INT:
        return st.sampled_from(["1", "1990", "0", "abc", "-3"])
    return st.sampled_from(["cellulite", "alpha", "tests/fixtures/data"])


@st.composite
def command_lines(draw: Any) -> list[str]:
    command: Command = draw(st.sampled_from(list(COMMANDS.values())))
    tokens: list[list[str]] = [[command.name]]
    for param in command.params:
        if param.positional:
            count = draw(st.integers(0, 3 if param.kind in (WORDS, OPTIONAL_WORDS, PATHS) else 1))
            tokens += [[draw(WORDS_STRATEGY)] for _ in range(count)]
        elif draw(st.booleans()):
            flag = param.flags[0]
            if param.kind == FLAG:
                tokens.append([flag])
            elif draw(st.booleans()):
                tokens.append([f"{flag}={draw(_value(param))}"])
            else:
                tokens.append([flag, draw(_value(param))])
    for param in GLOBAL_OPTIONS:
        if param.kind == FLAG and draw(st.integers(0, 4)) == 0:
            tokens.append([param.flags[0]])
    if draw(st.integers(0, 6)) == 0:
        tokens.append([draw(st.sampled_from(["--no-such", "--", "-h"]))])
    head, rest = tokens[0], tokens[1:]
    order = draw(st.permutations(range(len(rest))))
    return head + [t for i in order for t in rest[i]]


def _typer_reads(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, Any]:
    seen: list[Any] = []

    def capture(call: fast.Call, key: object) -> int:
        seen.append(call)
        return 0

    monkeypatch.setattr(mesoref.app, "run", capture)
    result = CliRunner().invoke(cli.app, args)
    return result.exit_code, seen[0] if seen else None


def _fast_reads(args: list[str]) -> tuple[int, Any]:
    try:
        call = fast.parse(args)
    except fast.UsageError:
        return 2, None
    return (0, call) if not call.help else (0, "help")


def _same(call: fast.Call) -> tuple[str, dict[str, object], dict[str, object]]:
    assert call.command is not None
    params = dict(call.params)
    options = {k: (list(v) if isinstance(v, list) else bool(v)) for k, v in call.options.items()}
    return call.command.name, params, options


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=command_lines())
def test_whatever_one_front_end_accepts_the_other_reads_the_same_way(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_code, fast_call = _fast_reads(args)
    typer_code, typer_call = _typer_reads(args, monkeypatch)
    if fast_call == "help":
        assert typer_code == 0 and typer_call is None
        return
    assert fast_code == typer_code, (args, fast_code, typer_code)
    if fast_code == 0:
        assert _same(fast_call) == _same(typer_call), args


@pytest.mark.parametrize(
    "args",
    [
        ["topic"],
        ["risks", "--severity", "lethal"],
        ["claims", "--verdict", "maybe"],
        ["history", "--from", "nineteen"],
        ["topics", "--no-such-option"],
        ["no-such-command"],
        ["source", "a", "--json=yes"],
        ["schema", "nonsense"],
        ["search", "x", "--limit"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_usage_errors_in_both(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _fast_reads(args)[0] == 2
    assert _typer_reads(args, monkeypatch)[0] == 2


def test_global_options_work_before_and_after_the_command() -> None:
    before = fast.parse(["--json", "--data-dir", "a", "topic", "x", "--data-dir", "b", "--plain"])
    after = fast.parse(["topic", "--no-color", "x", "--json"])
    assert (
        before.options["data_dirs"] == ["a", "b"] and before.flag("json") and before.flag("plain")
    )
    assert after.flag("json") and after.flag("no_color") and after.params["name"] == "x"


def test_double_dash_ends_the_options() -> None:
    call = fast.parse(["validate", "--", "--help", "-h"])
    assert not call.help and call.params["paths"] == ["--help", "-h"]


def test_help_is_found_anywhere_before_double_dash() -> None:
    assert fast.parse(["topic", "cellulite", "-h"]).help
    assert fast.parse(["--help"]).help


def test_an_unknown_option_or_choice_suggests_the_nearest() -> None:
    with pytest.raises(fast.UsageError) as error:
        fast.parse(["risks", "--severty", "mild"])
    assert "--severity" in error.value.hint
    with pytest.raises(fast.UsageError) as error:
        fast.parse(["risks", "--severity", "sever"])
    assert "severe" in error.value.hint


def test_a_missing_name_shows_an_example_and_how_to_list_names() -> None:
    with pytest.raises(fast.UsageError) as error:
        fast.parse(["topic"])
    assert "Example: mesoref topic" in error.value.hint
    assert "mesoref topics" in error.value.hint


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_text_names_every_option_and_shows_an_example_first(name: str | None) -> None:
    command = COMMANDS[name] if name else None
    text = help_text(command, 80)
    opening = "\n\n".join(text.split("\n\n")[:3])  # usage, then example (and description)
    assert "Example: mesoref" in opening
    for param in (*(command.params if command else ()), *GLOBAL_OPTIONS):
        assert (param.flags[0] if param.flags else param.metavar) in text
    assert all(len(line) <= 80 for line in text.splitlines())


# -- completion from the same table ---------------------------------------------------------


def test_completion_offers_commands_options_and_choices(tmp_path: Path) -> None:
    environ = {"XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    assert [v for v, _ in completions([], "to", environ)] == ["topic", "topics"]
    options = [v for v, _ in completions(["risks"], "--s", environ)]
    assert options == ["--severity"]
    assert [v for v, _ in completions(["risks", "--severity"], "m", environ)] == [
        "mild",
        "moderate",
    ]
    assert [v for v, _ in completions(["schema"], "t", environ)] == ["topic", "term"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_option_of_every_command_completes(name: str, tmp_path: Path) -> None:
    environ = {"XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path)}
    offered = {v for v, _ in completions([name], "--", environ)}
    command = COMMANDS[name]
    assert {f for p in (*command.options, *GLOBAL_OPTIONS) for f in p.flags} <= offered


def test_text_and_word_kinds_are_all_used() -> None:
    """The grammar's kinds are the ones the parsers handle (a new kind needs both)."""
    kinds = {p.kind for c in COMMANDS.values() for p in (*c.params, *GLOBAL_OPTIONS)}
    assert kinds <= {FLAG, TEXT, INT, CHOICE, WORD, WORDS, OPTIONAL_WORDS, PATHS, NAMES}
