"""How tests run mesoref: the installed command in a stripped environment, or the entry point
in this process with real files as stdout and stderr (as a process would have them)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURE_DATA = TESTS / "fixtures" / "data"
GOLDEN = TESTS / "golden"
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
MESOREF = BIN / "mesoref"


def clean_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Nothing inherited but PATH: a home, caches and data of the test's own, 80 columns,
    UTF-8, and no colour settings (tealdeer's tests do the same)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
    }
    env.update(extra)
    return env


class Ran:
    """What a run wrote and how it ended."""

    def __init__(self, code: int, out: bytes, err: bytes) -> None:
        self.code = code
        self.out_bytes = out
        self.err_bytes = err

    @property
    def out(self) -> str:
        return self.out_bytes.decode("utf-8", "surrogateescape")

    @property
    def err(self) -> str:
        return self.err_bytes.decode("utf-8", "surrogateescape")

    def __repr__(self) -> str:
        return f"Ran(code={self.code}, out={self.out[:200]!r}, err={self.err[:400]!r})"


def run_installed(
    args: Sequence[str | bytes],
    env: Mapping[str, str],
    cwd: Path | None = None,
    stdin: bytes | None = None,
    timeout: float = 60,
) -> Ran:
    result = subprocess.run(
        [str(MESOREF), *args],
        input=stdin,
        capture_output=True,
        env=dict(env),
        cwd=cwd,
        timeout=timeout,
    )
    return Ran(result.returncode, result.stdout, result.stderr)


def run_here(args: Sequence[str], env: Mapping[str, str], tmp_path: Path) -> Ran:
    """Run the entry point in this process, with exactly `env` as the environment and real
    files as stdout and stderr."""
    from mesoref.launch import main

    saved_env, saved_streams = os.environ, (sys.stdout, sys.stderr)
    out_path, err_path = tmp_path / "run.out", tmp_path / "run.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        os.environ = dict(env)  # type: ignore[assignment]  # noqa: B003 - the run's whole environment
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
        try:
            code = main(list(args))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            sys.stdout, sys.stderr = saved_streams
            os.environ = saved_env  # noqa: B003
    return Ran(code, out_path.read_bytes(), err_path.read_bytes())
