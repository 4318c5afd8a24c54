"""The README matches the program: help text, commands, exit codes, problem codes, CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from mesoref.cli import app
from mesoref.errors import ExitCode
from mesoref.problems import CODES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
HELP_BLOCK = re.compile(r"(<!-- help:(\w+) -->\n```text\n)(.*?)(```\n<!-- /help -->)", re.DOTALL)
CODES_BLOCK = re.compile(r"(<!-- problem-codes -->\n)(.*?)(<!-- /problem-codes -->)", re.DOTALL)


def commands() -> list[str]:
    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


def help_text(command: str) -> str:
    args = ["--help"] if command == "main" else [command, "--help"]
    result = CliRunner().invoke(
        app, args, env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}, prog_name="mesoref"
    )
    assert result.exit_code == 0
    return result.stdout


def codes_table() -> str:
    rows = "".join(f"| {code} | {meaning} |\n" for code, meaning in CODES.items())
    return "| Code | Meaning |\n|---|---|\n" + rows


def expected_readme() -> str:
    text = README.read_text(encoding="utf-8")
    text = HELP_BLOCK.sub(lambda m: m.group(1) + help_text(m.group(2)) + m.group(4), text)
    return CODES_BLOCK.sub(lambda m: m.group(1) + codes_table() + m.group(3), text)


def test_readme_usage_matches_help(request: pytest.FixtureRequest) -> None:
    expected = expected_readme()
    if request.config.getoption("--update-goldens"):
        README.write_text(expected, encoding="utf-8")
    assert README.read_text(encoding="utf-8") == expected, (
        "README usage or problem-code blocks are stale; run: pytest --update-goldens"
    )


def test_every_command_has_a_help_block_and_an_example() -> None:
    text = README.read_text(encoding="utf-8")
    documented = {m.group(2) for m in HELP_BLOCK.finditer(text)}
    assert documented == {*commands(), "main"}
    for command in commands():
        assert re.search(rf"`mesoref {command}\b", text), f"no example for {command}"


def test_every_exit_code_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ExitCode:
        assert f"\n| {int(code)} |" in table, f"exit code {int(code)} ({code.name}) undocumented"


def test_readme_names_one_install_and_one_test_command() -> None:
    text = README.read_text(encoding="utf-8")
    for marker in ("install-command", "test-command"):
        block = text.split(f"<!-- {marker} -->\n```sh\n", 1)[1].split("```", 1)[0]
        assert block.count("\n") == 1, f"the {marker} must be one line"
    install = text.split("<!-- install-command -->\n```sh\n", 1)[1].split("\n", 1)[0]
    assert install.endswith("mesoref topic cellulite")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # it extracts and runs the README's command
    for check in ("ruff check", "ruff format --check", "mypy", "mesoref validate --strict"):
        assert check in ci


def test_changelog_follows_keep_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "keepachangelog.com" in text
    assert "## [Unreleased]" in text
