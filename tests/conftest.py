"""Shared fixtures: the fixture knowledge base, a CliRunner, and golden-file comparison.

Regenerate every golden file with one command:  pytest --update-goldens
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mesoref.index import build_in_memory
from mesoref.kb import KnowledgeBase
from mesoref.layers import Layer

TESTS = Path(__file__).resolve().parent
FIXTURE_DATA = TESTS / "fixtures" / "data"
GOLDEN = TESTS / "golden"
SHARED = TESTS.parent.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files (and the README's usage blocks) from the current output",
    )


def kb_of(*roots: Path) -> KnowledgeBase:
    """A knowledge base over data directories, indexed in memory (the first is layer 0)."""
    layers = [
        Layer(i, root, "built-in" if i == 0 else "--data-dir", str(root))
        for i, root in enumerate(roots)
    ]
    return KnowledgeBase(build_in_memory(layers), layers)


@pytest.fixture(scope="session")
def fixture_kb() -> KnowledgeBase:
    return kb_of(FIXTURE_DATA)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME, or rewrite it under --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; rerun")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, (
            f"output differs from tests/golden/{name}; "
            "if the change is intended, run: pytest --update-goldens"
        )

    return check


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """An environment with no colour settings, no user layers, and a private cache."""
    for name in (
        "NO_COLOR",
        "FORCE_COLOR",
        "TERM",
        "COLUMNS",
        "MESOREF_PATH",
        "PAGER",
        "MESOREF_PAGER",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("COLUMNS", "80")
    return dict(os.environ)
