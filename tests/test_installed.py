"""The installed `mesoref` command as a user runs it: real processes, pipes and environments."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
MESOREF = BIN / "mesoref"

pytestmark = pytest.mark.skipif(
    not MESOREF.exists(), reason="the mesoref console script is not installed in this venv"
)


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MESOREF), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MESOREF", "FORCE_COLOR"))}
    base.pop("NO_COLOR", None)
    base.update(
        {
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "COLUMNS": "80",
            "TERM": "xterm-256color",
        }
    )
    return base


def test_topic_cellulite_from_any_directory(env: dict[str, str], tmp_path: Path) -> None:
    result = run("topic", "cellulite", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Cellulite\n")
    assert "Sources" in result.stdout


def test_python_dash_m_gives_the_same_page(env: dict[str, str]) -> None:
    module = subprocess.run(
        [sys.executable, "-m", "mesoref", "topic", "cellulite"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert module.returncode == 0
    assert module.stdout == run("topic", "cellulite", env=env).stdout


def test_unknown_name_exits_1_with_nothing_on_stdout(env: dict[str, str]) -> None:
    result = run("topic", "celulite", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "did you mean: cellulite?" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_error_exits_2(env: dict[str, str]) -> None:
    result = run("risks", "--severity", "lethal", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_closed_stdout_exits_quietly(env: dict[str, str]) -> None:
    """`mesoref risks | head -1`: the reader goes away before mesoref writes."""
    process = subprocess.Popen(
        [str(MESOREF), "claims"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the interpreter has even started
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert stderr == ""
    assert process.returncode == 141


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
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("extra", "coloured"),
    [
        ({}, False),  # piped: plain
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ({"NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, True),
    ],
)
def test_colour_policy(env: dict[str, str], extra: dict[str, str], coloured: bool) -> None:
    result = run("topic", "cellulite", env={**env, **extra})
    assert result.returncode == 0
    assert ("\x1b[" in result.stdout) is coloured


def test_lang_c_still_answers(env: dict[str, str]) -> None:
    result = run("topic", "cellulite", env={**env, "LANG": "C", "LC_ALL": "C"})
    assert result.returncode == 0
    assert "Cellulite" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("mesoref topic cel", "cellulite"),
        ("mesoref substance deox", "deoxycholic-acid"),
        ("mesoref source amin", "amin-2006"),
        ("mesoref glossary napp", "nappage"),
        ("mesoref risks --topic orange", "orange peel skin"),
    ],
)
def test_shell_completion_completes_record_names(
    env: dict[str, str], words: str, expected: str
) -> None:
    completion = {
        **env,
        "_MESOREF_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = subprocess.run(
        [str(MESOREF)], capture_output=True, text=True, env=completion, timeout=60
    )
    assert expected in result.stdout.splitlines()


@pytest.mark.parametrize(
    "extra",
    [
        {"HOME": "/nonexistent/home", "XDG_CACHE_HOME": "", "XDG_DATA_HOME": ""},
        {"XDG_CACHE_HOME": "/proc/no-cache-here"},
        {"COLUMNS": "20"},
        {"COLUMNS": "300"},
        {"TERM": "dumb"},
        {"LANG": "C", "LC_ALL": "C"},
    ],
    ids=["no home", "unwritable cache", "20 columns", "300 columns", "dumb terminal", "LANG=C"],
)
def test_hostile_environments_still_answer(env: dict[str, str], extra: dict[str, str]) -> None:
    merged = {**env, **extra}
    for name, value in extra.items():
        if value == "":
            merged.pop(name)
    for _ in range(2):  # the second run may be answered from a cached page
        result = run("topic", "cellulite", env=merged)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Cellulite") and "Traceback" not in result.stderr


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


def test_ctrl_c_exits_130_without_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    import signal
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_corpus import generate

    generate(2000, tmp_path / "corpus")  # an index build long enough to interrupt
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
    assert not list(cache.glob("index-*.sqlite"))  # never half-written
    assert not list(cache.glob(".index-*.tmp"))  # and nothing left behind


def run_on_a_terminal(args: list[str], env: dict[str, str], rows: int) -> int:
    """Run mesoref with stdout on a pseudo-terminal of `rows` lines; return the exit status."""
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
    while True:  # drain the terminal so the child never blocks on a full buffer
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
    assert run_on_a_terminal(["topic", "cellulite"], pager, rows=10) == 0
    shown = paged.read_text()
    assert "\x1b[" in shown  # a terminal gets colour, and less -R shows it
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown).startswith("Cellulite\n")


def test_short_output_and_pipes_skip_the_pager(env: dict[str, str], tmp_path: Path) -> None:
    paged = tmp_path / "paged"
    pager = {**env, "MESOREF_PAGER": f"sh -c 'cat > {paged}'"}
    assert run_on_a_terminal(["--version"], pager, rows=10) == 0
    assert not paged.exists()
    assert run("topic", "cellulite", env=pager).returncode == 0  # stdout is a pipe here
    assert not paged.exists()
