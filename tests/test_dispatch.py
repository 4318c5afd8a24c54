"""The Typer-free dispatcher and the Typer command line agree on every command line the
dispatcher accepts, and it leaves everything else to Typer."""

from __future__ import annotations

import inspect
import io
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesoref import commands, launch
from mesoref.cli import run as typer_run
from mesoref.dispatch import SPECS, parse
from mesoref.state import State

from .conftest import FIXTURE_DATA


def capture(call: Any) -> tuple[int, bytes, bytes]:
    saved = sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        code = call()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        written = out.getvalue(), err.getvalue()  # before the wrappers are dropped (and close)
        sys.stdout, sys.stderr = saved
    return code, *written


@pytest.fixture
def env(clean_env: dict[str, str]) -> Iterator[None]:
    yield


SAME = [
    ["topic", "hair", "loss"],
    ["topic", "CELLULITE", "--json"],
    ["topic", "--json", "cellulite"],
    ["topic", "celulite"],
    ["risks", "--severity", "severe"],
    ["risks", "--severity=mild", "--topic", "cellulite"],
    ["risks", "--topic", "no such topic"],
    ["history", "--from", "1950", "--to=1990"],
    ["history", "--from", "2000", "--to", "1990"],
    ["history", "--from", "1700", "--to", "1710"],
    ["glossary"],
    ["glossary", "nappage", "--json"],
    ["source", "amin-2006"],
    ["claims", "--verdict", "incorrect", "--source", "000_617c91b42c4e81cf.txt"],
    ["search", "collagen", "--limit", "3"],
    ["search", "zzqx"],
    ["search", "fat", "--limit", "0"],
    ["--data-dir", str(FIXTURE_DATA), "topic", "alpha"],
    [f"--data-dir={FIXTURE_DATA}", "risks", "--topic", "alpha", "--json"],
]


@pytest.mark.usefixtures("env")
@pytest.mark.parametrize("args", SAME, ids=" ".join)
def test_dispatcher_prints_what_typer_prints(args: list[str]) -> None:
    assert parse(args) is not None, "the dispatcher should take this command line"
    direct = capture(lambda: launch._answer(args)[0])
    through_typer = capture(lambda: typer_run(args, State()))
    assert direct == through_typer


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["topic", "--help"],
        ["topic", "-h"],
        ["--version"],
        ["topic"],
        ["topic", "--", "--json"],
        ["topic", "-"],
        ["source", "a", "b"],
        ["risks", "--severity", "lethal"],
        ["risks", "--severity"],
        ["history", "--from", "nineteen"],
        ["history", "--from", "-5"],
        ["topics", "extra"],
        ["topics", "--json=yes"],
        ["search", "fat", "--limit", "+3"],
        ["index"],
        ["validate"],
        ["--data-dir"],
        ["--data-dir", "--json", "topics"],
        ["--no-such-option", "topics"],
        ["topic", "--no-such-option", "x"],
    ],
    ids=lambda a: " ".join(a) or "(none)",
)
def test_dispatcher_leaves_the_rest_to_typer(args: list[str]) -> None:
    assert parse(args) is None


def record_typer_call(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[str, dict[str, Any]] | None:
    """Run the Typer command line with the command functions replaced by recorders."""
    seen: list[tuple[str, dict[str, Any]]] = []
    for name, function in commands.DATA_COMMANDS.items():
        signature = inspect.signature(function)

        def recorder(*a: Any, _n: str = name, _s: inspect.Signature = signature, **k: Any) -> None:
            bound = _s.bind(*a, **k)
            bound.apply_defaults()
            params = dict(bound.arguments)
            state = params.pop("state")
            seen.append((_n, {**params, "data_dirs": list(state.data_dirs)}))

        monkeypatch.setattr(commands, name, recorder)
    capture(lambda: typer_run(args, State()))
    return seen[0] if seen else None


WORDS = st.sampled_from(
    [
        "cellulite",
        "hair",
        "loss",
        "1950",
        "1990",
        "severe",
        "incorrect",
        "topic",
        "x=y",
        "Ärger",
        "3",
        "0",
        "",
        " ",
    ]
)
TOKENS = st.one_of(
    WORDS,
    st.sampled_from(
        [
            "--json",
            "--topic",
            "--severity",
            "--verdict",
            "--source",
            "--from",
            "--to",
            "--kind",
            "--limit",
            "--severity=mild",
            "--limit=5",
            "--from=1844",
            "--kind=risk",
            "--json=1",
            "-",
            "--",
            "-h",
            "--help",
            "--bogus",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(SPECS)),
    st.lists(TOKENS, max_size=5),
    st.lists(st.sampled_from(["/tmp/a", "--data-dir", "--data-dir=/tmp/b"]), max_size=2),
)
def test_whatever_the_dispatcher_accepts_typer_reads_the_same_way(
    command: str, tokens: list[str], prefix: list[str]
) -> None:
    args = [*prefix, command, *tokens]
    call = parse(args)
    if call is None:
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        typer_call = record_typer_call(args, monkeypatch)
    signature = inspect.signature(commands.DATA_COMMANDS[call.command])
    expected = {name: p.default for name, p in signature.parameters.items() if name != "state"}
    expected.update(call.params)
    assert typer_call == (call.command, {**expected, "data_dirs": call.data_dirs})
