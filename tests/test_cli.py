"""The command line as people use it: through Typer's CliRunner (the reference front end) and
through the installed `mesoref` command; streams, exit codes, JSON, no dead ends, terminal
manners, and the pager."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mesoref import __version__
from mesoref.cli import app
from mesoref.errors import ExitCode

from .harness import FIXTURE_DATA, MESOREF, ROOT, clean_environment, run_here, run_installed

DATA_COMMANDS = [
    ["topic", "cellulite"],
    ["topics"],
    ["risks"],
    ["risks", "--severity", "severe"],
    ["history"],
    ["history", "--from", "1950", "--to", "1990"],
    ["history", "1958"],
    ["substances"],
    ["substance", "procaine"],
    ["sources"],
    ["source", "amin-2006"],
    ["glossary"],
    ["glossary", "mesoderm"],
    ["claims"],
    ["claims", "--verdict", "incorrect"],
    ["claims", "--topic", "cellulite"],
    ["evidence"],
    ["contraindications"],
    ["about"],
    ["search", "collagen"],
    ["show", "ntm-infection"],
    ["cite", "cellulite"],
]


@pytest.fixture
def runner(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name in list(os.environ):
        if name not in ("PATH", "PYTEST_CURRENT_TEST"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return CliRunner()


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_every_data_command_answers_on_stdout(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_every_data_command_prints_json(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema"] == 1
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=" ".join)
def test_the_installed_command_prints_what_typer_prints(
    args: list[str], runner: CliRunner, env: dict[str, str]
) -> None:
    typer = runner.invoke(app, args)
    installed = run_installed(args, env)
    assert (installed.code, installed.out) == (typer.exit_code, typer.stdout)


@pytest.mark.parametrize("name", [["CELLULITE"], ["orange", "peel", "skin"], ["Orange-Peel_Skin"]])
def test_topic_names_ignore_case_and_separators(runner: CliRunner, name: list[str]) -> None:
    result = runner.invoke(app, ["topic", *name])
    assert result.exit_code == 0 and result.stdout.startswith("Cellulite\n")


@pytest.mark.parametrize(
    "args",
    [
        ["substance", "procane"],
        ["source", "amin-2060"],
        ["glossary", "mesodem"],
        ["risks", "--topic", "celulite"],
        ["claims", "--source", "amin-2060"],
        ["topic", "side effects"],
    ],
    ids=" ".join,
)
def test_a_miss_suggests_names_and_the_search(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stdout == ""
    assert "did you mean:" in result.stderr or "mesoref search" in result.stderr


def test_a_topic_that_is_not_found_names_the_search_for_the_same_words(runner: CliRunner) -> None:
    result = runner.invoke(app, ["topic", "side", "effects"])
    assert "try: mesoref search side effects" in result.stderr


def test_a_bare_record_name_suggests_its_command(env: dict[str, str]) -> None:
    ran = run_installed(["cellulite"], env)
    assert ran.code == 2 and "try: mesoref topic cellulite" in ran.err
    ran = run_installed(["risk", "ntm-infection"], env)
    assert "mesoref show ntm-infection" in ran.err


def test_a_source_is_found_by_doi_pmid_or_joined_words(runner: CliRunner) -> None:
    for name in (["10.1111/j.1524-4725.2006.32353.x"], ["doi:10.1111/j.1524-4725.2006.32353.x"]):
        result = runner.invoke(app, ["source", *name])
        assert result.exit_code == 0 and "Mesotherapy for facial skin rejuvenation" in result.stdout


def test_every_id_a_search_prints_opens_with_show(runner: CliRunner) -> None:
    """No dead ends: whatever kind a search hit is, `mesoref show ID` opens it."""
    kinds = set()
    for query in ("mycobacteria", "procaine", "1958", "collagen", "cellulite", "pregnancy"):
        hits = json.loads(runner.invoke(app, ["search", query, "--json", "--limit", "25"]).stdout)[
            "hits"
        ]
        for hit in hits:
            kinds.add(hit["kind"])
            assert hit["command"] == f"mesoref show {hit['id']}"
            shown = runner.invoke(app, ["show", hit["id"]])
            assert shown.exit_code == 0, (hit, shown.stderr)
    assert len(kinds) >= 6, kinds


def test_exact_names_rank_first_in_search(runner: CliRunner) -> None:
    for query, first in (("mesotherapy", "mesotherapy"), ("hair loss", "hair-loss")):
        hits = json.loads(runner.invoke(app, ["search", query, "--json"]).stdout)["hits"]
        assert hits[0]["id"] == first, hits[:3]


def test_claim_hits_show_their_verdict(runner: CliRunner) -> None:
    result = json.loads(
        runner.invoke(app, ["search", "painless", "--kind", "claim", "--json"]).stdout
    )
    assert result["hits"] and all(hit["verdict"] for hit in result["hits"])


@pytest.mark.parametrize(
    "args",
    [
        ["topic"],
        ["risks", "--severity", "lethal"],
        ["claims", "--verdict", "maybe"],
        ["history", "--from", "nineteen"],
        ["topics", "--no-such-option"],
        ["no-such-command"],
        ["topic", "x", "--section", "nonsense"],
        ["history", "--from", "2000", "--to", "1990"],
        ["search", "x", "--limit", "0"],
    ],
    ids=" ".join,
)
def test_usage_errors_exit_2_with_a_message(env: dict[str, str], args: list[str]) -> None:
    ran = run_installed(args, env)
    assert ran.code == ExitCode.USAGE
    assert ran.out == ""
    assert "Error" in ran.err or "mesoref:" in ran.err


def test_an_empty_filter_result_says_so_and_exits_1(env: dict[str, str]) -> None:
    ran = run_installed(["history", "--from", "1700", "--to", "1701"], env)
    assert ran.code == 1 and ran.out == "" and "no history events" in ran.err


def test_topics_piped_prints_one_id_per_line(env: dict[str, str]) -> None:
    lines = run_installed(["topics"], env).out.splitlines()
    assert "cellulite" in lines and all(re.fullmatch(r"[a-z0-9-]+", line) for line in lines)


def test_plain_lists_are_tab_separated_and_never_wrapped(env: dict[str, str]) -> None:
    for command in (
        ["sources"],
        ["risks"],
        ["claims"],
        ["topics"],
        ["glossary"],
        ["search", "pain"],
    ):
        lines = run_installed([*command, "--plain"], {**env, "COLUMNS": "20"}).out.splitlines()
        assert lines and all("\t" in line for line in lines), command
    sources = run_installed(["sources", "--plain"], env).out
    assert "…" not in sources


def test_version(env: dict[str, str]) -> None:
    assert run_installed(["--version"], env).out == f"mesoref {__version__}\n"


def test_no_arguments_shows_help(env: dict[str, str]) -> None:
    ran = run_installed([], env)
    assert ran.code == 0 and ran.out.startswith("Usage: mesoref")


def test_help_names_where_the_documentation_is(env: dict[str, str]) -> None:
    assert "the README and `mesoref about`" in " ".join(run_installed(["--help"], env).out.split())


def test_a_bug_is_one_line_with_the_traceback_behind_a_switch(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mesoref.commands.about as about

    def broken(*_: object, **__: object) -> None:
        raise ValueError("a deliberate bug")

    monkeypatch.setattr(about, "view", broken)
    ran = run_here(["about"], {**env, "MESOREF_CACHE": "off"}, tmp_path)
    assert ran.code == ExitCode.INTERNAL == 4
    assert "internal error" in ran.err and "a deliberate bug" in ran.err
    assert "Traceback" not in ran.err and "MESOREF_DEBUG=1" in ran.err
    # It says where reporting is explained, and the README does explain it.
    assert '"Reporting a problem" in the README' in ran.err
    assert "## Reporting a problem" in (ROOT / "README.md").read_text(encoding="utf-8")
    ran = run_here(["about"], {**env, "MESOREF_CACHE": "off", "MESOREF_DEBUG": "1"}, tmp_path)
    assert "Traceback" in ran.err


# -- terminal manners ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "args", "coloured"),
    [
        ({}, [], False),  # piped
        ({"FORCE_COLOR": "1"}, [], True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, [], False),
        ({"FORCE_COLOR": "1"}, ["--no-color"], False),
        ({"FORCE_COLOR": "1"}, ["--plain"], False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, [], True),
    ],
)
def test_colour_policy(
    env: dict[str, str], extra: dict[str, str], args: list[str], coloured: bool
) -> None:
    ran = run_installed(["topic", "cellulite", *args], {**env, **extra})
    assert ran.code == 0
    assert ("\x1b[" in ran.out) is coloured


@pytest.mark.parametrize(
    "extra",
    [
        {"HOME": "/nonexistent/home", "XDG_CACHE_HOME": "", "XDG_DATA_HOME": ""},
        {"XDG_CACHE_HOME": "/proc/no-cache-here"},
        {"COLUMNS": "20"},
        {"COLUMNS": "300"},
        {"TERM": "dumb"},
        {"LANG": "C", "LC_ALL": "C"},
        {"XDG_CACHE_HOME": "relative/cache"},
    ],
    ids=["no home", "unwritable cache", "20 columns", "300 columns", "dumb", "LANG=C", "relative"],
)
def test_hostile_environments_still_answer(env: dict[str, str], extra: dict[str, str]) -> None:
    merged = {k: v for k, v in {**env, **extra}.items() if v != ""}
    for _ in range(2):  # the second run may be answered from a page
        ran = run_installed(["topic", "cellulite"], merged)
        assert ran.code == 0, ran
        assert ran.out.startswith("Cellulite") and "Traceback" not in ran.err


def test_closed_stdout_exits_quietly(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [str(MESOREF), "claims"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert stderr == "" and process.returncode == 141


def test_head_dash_1_through_a_shell(env: dict[str, str]) -> None:
    result = subprocess.run(
        f"set -o pipefail; '{MESOREF}' risks | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_closed_stdout_and_stderr_do_not_crash(env: dict[str, str]) -> None:
    result = subprocess.run(
        f"'{MESOREF}' topic cellulite >&- 2>&-; echo $?",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout.strip() in ("0", "141")


def test_python_dash_m_gives_the_same_page(env: dict[str, str], tmp_path: Path) -> None:
    module = subprocess.run(
        [sys.executable, "-m", "mesoref", "topic", "cellulite"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert module.returncode == 0
    assert module.stdout == run_installed(["topic", "cellulite"], env).out_bytes


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("mesoref topic cel", "cellulite"),
        ("mesoref substance deox", "deoxycholic-acid"),
        ("mesoref source amin", "amin-2006"),
        ("mesoref glossary napp", "nappage"),
        ("mesoref risks --topic orange", "orange peel skin"),
        ("mesoref ris", "risks"),
        ("mesoref risks --sev", "--severity"),
    ],
)
def test_shell_completion(env: dict[str, str], words: str, expected: str) -> None:
    completion = {
        **env,
        "_MESOREF_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    assert expected in run_installed([], completion).out.splitlines()


def test_ctrl_c_during_a_build_exits_130_and_leaves_nothing_behind(
    env: dict[str, str], tmp_path: Path
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_corpus import generate

    generate(2000, tmp_path / "corpus")
    env = clean_environment(tmp_path)  # a cache of its own: the build is interrupted
    process = subprocess.Popen(
        [str(MESOREF), "--data-dir", str(tmp_path / "corpus"), "topics"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert b"Traceback" not in err
    cache = Path(env["XDG_CACHE_HOME"]) / "mesoref"
    assert not list(cache.glob(".index-*.tmp"))


def _on_a_terminal(args: list[str], env: dict[str, str], rows: int) -> subprocess.Popen[bytes]:
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    process = subprocess.Popen(
        [str(MESOREF), *args], stdout=follower, stderr=follower, stdin=subprocess.DEVNULL, env=env
    )
    os.close(follower)
    process.leader = leader  # type: ignore[attr-defined]
    return process


def _drain(process: subprocess.Popen[bytes]) -> int:
    leader = process.leader  # type: ignore[attr-defined]
    while True:
        try:
            if not os.read(leader, 65536):
                break
        except OSError:
            break
    os.close(leader)
    return process.wait(timeout=60)


def test_long_output_on_a_terminal_goes_through_the_pager(
    env: dict[str, str], tmp_path: Path
) -> None:
    paged = tmp_path / "paged"
    pager = {**env, "MESOREF_PAGER": f"sh -c 'cat > {paged}'"}
    assert _drain(_on_a_terminal(["topic", "cellulite"], pager, rows=10)) == 0
    shown = paged.read_text()
    assert "\x1b[" in shown
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown).startswith("Cellulite\n")


def test_short_output_and_pipes_skip_the_pager(env: dict[str, str], tmp_path: Path) -> None:
    paged = tmp_path / "paged"
    pager = {**env, "MESOREF_PAGER": f"sh -c 'cat > {paged}'"}
    assert _drain(_on_a_terminal(["--version"], pager, rows=10)) == 0
    assert not paged.exists()
    assert run_installed(["topic", "cellulite"], pager).code == 0
    assert not paged.exists()


def test_a_users_less_options_keep_colour(env: dict[str, str], tmp_path: Path) -> None:
    """With PAGER=less and LESS=-i, colours still show: R is added to the user's options."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "less-saw"
    fake = bin_dir / "less"
    fake.write_text(f"#!/bin/sh\necho \"$LESS\" > '{seen}'\ncat > /dev/null\n")
    fake.chmod(0o755)
    pager = {**env, "PATH": f"{bin_dir}:{env['PATH']}", "PAGER": "less", "LESS": "-i"}
    assert _drain(_on_a_terminal(["topic", "cellulite"], pager, rows=10)) == 0
    assert seen.read_text().split() == ["-i", "-R"]


def test_ctrl_c_while_paging_waits_for_the_pager(env: dict[str, str], tmp_path: Path) -> None:
    """Ctrl-C while the pager shows a page left `less` running and the terminal raw: now
    mesoref leaves Ctrl-C to the pager and exits only after it."""
    done = tmp_path / "pager-done"
    pager = {
        **env,
        "MESOREF_PAGER": f"sh -c 'trap \"\" INT; cat > /dev/null; sleep 1; touch {done}'",
    }
    process = _on_a_terminal(["topic", "cellulite"], pager, rows=10)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    code = _drain(process)
    assert done.exists(), "mesoref exited before its pager"
    assert code in (0, 130)


def test_the_fixture_data_is_a_layer_too(env: dict[str, str]) -> None:
    ran = run_installed(["--data-dir", str(FIXTURE_DATA), "topic", "alpha"], env)
    assert ran.code == 0 and "from --data-dir" in ran.out
