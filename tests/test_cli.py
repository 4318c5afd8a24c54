"""The command line through Typer's CliRunner: streams, exit codes, JSON, and exact pages."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from mesoref import __version__
from mesoref.cli import app
from mesoref.errors import ExitCode

from .conftest import FIXTURE_DATA

FIXTURES = ["--data-dir", str(FIXTURE_DATA)]

# Every data command with arguments that find something in the built-in data.
DATA_COMMANDS = [
    ["topic", "cellulite"],
    ["topics"],
    ["risks"],
    ["risks", "--severity", "severe"],
    ["history"],
    ["history", "--from", "1950", "--to", "1990"],
    ["substances"],
    ["substance", "procaine"],
    ["sources"],
    ["source", "amin-2006"],
    ["glossary"],
    ["glossary", "mesoderm"],
    ["claims"],
    ["claims", "--verdict", "incorrect"],
    ["evidence"],
    ["contraindications"],
    ["about"],
]


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_every_data_command_answers_on_stdout(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_every_data_command_prints_json(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["schema"] == 1
    assert "\x1b" not in result.stdout


@pytest.mark.usefixtures("clean_env")
def test_topic_page_from_a_data_layer_is_exact(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "topic", "first", "condition"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    layer = f"from --data-dir {FIXTURE_DATA}"
    assert result.stdout.splitlines()[:3] == [
        "Alpha condition",
        f"aesthetic · evidence: limited · reviewed 2026-01-02 · {layer}",
        "Also called: first condition, Älpha",
    ]
    assert "• mild Bruising — Seen in most patients in the trial. [1]" in result.stdout


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("name", [["CELLULITE"], ["orange", "peel", "skin"], ["Orange-Peel_Skin"]])
def test_topic_names_ignore_case_and_separators(runner: CliRunner, name: list[str]) -> None:
    result = runner.invoke(app, ["topic", *name])
    assert result.exit_code == 0
    assert result.stdout.startswith("Cellulite\n")


@pytest.mark.usefixtures("clean_env")
def test_accents_are_folded_in_names(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "topic", "alpha"])
    accented = runner.invoke(app, [*FIXTURES, "topic", "ÄLPHA"])
    assert accented.exit_code == 0
    assert accented.stdout == result.stdout


@pytest.mark.usefixtures("clean_env")
def test_unknown_topic_suggests_close_names_on_stderr_only(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topic", "celulite"])
    assert result.exit_code == ExitCode.NOT_FOUND == 1
    assert result.stdout == ""
    assert "no topic named 'celulite'" in result.stderr
    assert "did you mean: cellulite" in result.stderr


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    "args",
    [
        ["substance", "procane"],
        ["source", "amin-2060"],
        ["glossary", "mesodem"],
        ["risks", "--topic", "celulite"],
        ["claims", "--source", "amin-2060"],
    ],
    ids=" ".join,
)
def test_every_lookup_suggests_on_a_miss(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean:" in result.stderr


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    "args",
    [
        ["topic"],
        ["risks", "--severity", "lethal"],
        ["claims", "--verdict", "maybe"],
        ["history", "--from", "nineteen"],
        ["topics", "--no-such-option"],
        ["no-such-command"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2_with_a_message(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert result.stdout == ""
    assert "Error" in result.stderr


@pytest.mark.usefixtures("clean_env")
def test_impossible_year_range_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "--from", "2000", "--to", "1990"])
    assert result.exit_code == 2
    assert "--from 2000 is later than --to 1990" in result.stderr


@pytest.mark.usefixtures("clean_env")
def test_an_empty_filter_result_says_so_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "history", "--from", "1700", "--to", "1710"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no history events from 1700 to 1710" in result.stderr


@pytest.mark.usefixtures("clean_env")
def test_history_filters_by_year(runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "--from", "1844", "--to", "1844", "--json"])
    events = json.loads(result.stdout)["events"]
    assert events and all(e["date"].startswith("1844") for e in events)


@pytest.mark.usefixtures("clean_env")
def test_topics_piped_prints_one_id_per_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topics"])
    lines = result.stdout.splitlines()
    assert lines == sorted(set(lines), key=lines.index)  # no duplicates
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*", line) for line in lines)
    assert "cellulite" in lines


@pytest.mark.usefixtures("clean_env")
def test_topics_on_a_terminal_groups_by_category(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "topics"], env={"FORCE_COLOR": "1", "TERM": "dumb"})
    assert "Aesthetic indications" in result.stdout
    assert "alpha" in result.stdout


@pytest.mark.usefixtures("clean_env")
def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"mesoref {__version__}\n"


@pytest.mark.usefixtures("clean_env")
def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage: mesoref" in result.stdout + result.stderr


def command_names() -> list[str]:
    from typer.main import get_command

    return sorted(get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("command", command_names())
def test_every_command_help_shows_an_example_first(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    body = result.stdout.split("\n\n", 1)[1].strip()
    assert body.startswith(f"Example: mesoref {command}")


@pytest.mark.usefixtures("clean_env")
def test_risks_filtered_by_topic_and_severity(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "risks", "--topic", "alpha", "--json"])
    ids = [r["id"] for r in json.loads(result.stdout)["risks"]]
    assert ids == ["infection", "bruising"]  # most severe first
    result = runner.invoke(app, [*FIXTURES, "risks", "--topic", "alpha", "--severity", "mild"])
    assert "Bruising" in result.stdout and "Infection" not in result.stdout


@pytest.mark.usefixtures("clean_env")
def test_source_page_audits_the_claims_taken_from_it(runner: CliRunner) -> None:
    result = runner.invoke(app, [*FIXTURES, "source", "seed-a.txt", "--json"])
    payload = json.loads(result.stdout)
    verdicts = {c["id"]: c["verdict"] for c in payload["claims"]}
    assert verdicts == {
        "seed-a-injections": "supported",
        "seed-a-natural": "unsupported",
        "seed-a-immediate": "incorrect",
    }
    page = runner.invoke(app, [*FIXTURES, "source", "seed-a.txt"]).stdout
    assert "Claims taken from this source (3: 1 supported, 1 unsupported, 1 incorrect)" in page
    assert "Correction: Any effect appeared gradually" in page


@pytest.mark.usefixtures("clean_env")
def test_colour_only_on_a_terminal_or_when_forced(runner: CliRunner) -> None:
    piped = runner.invoke(app, ["topic", "cellulite"])
    assert "\x1b[" not in piped.stdout
    forced = runner.invoke(app, ["topic", "cellulite"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    both = runner.invoke(app, ["topic", "cellulite"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both.stdout


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize("columns", [20, 50, 300])
def test_output_wraps_to_columns(runner: CliRunner, columns: int) -> None:
    result = runner.invoke(app, ["topic", "cellulite"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    widths = [len(line) for line in result.stdout.splitlines()]
    assert max(widths) <= columns
    if columns == 300:
        assert max(widths) > 120  # long paragraphs really use the width
