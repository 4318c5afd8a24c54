"""Shared fixtures: the built-in and fixture knowledge bases (each indexed once per session),
a stripped environment, runners for the installed command and for the entry point in this
process, and golden-file comparison.

Regenerate every golden file (and the README's help blocks) with one command:
    .venv/bin/python -m pytest --update-goldens
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mesoref.index.kb import KnowledgeBase
from mesoref.index.store import build_in_memory
from mesoref.reading.layers import Layer, builtin_data_dir

from .harness import FIXTURE_DATA, GOLDEN, clean_environment, run_installed


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite golden files (and the README's usage blocks) from the current output",
    )


def kb_of(*roots: Path | str) -> KnowledgeBase:
    """A knowledge base over data directories, indexed in memory (the first is layer 0)."""
    layers = [
        Layer(i, str(root), "built-in" if i == 0 else "--data-dir", str(root))
        for i, root in enumerate(roots)
    ]
    return KnowledgeBase(build_in_memory(layers), layers)


@pytest.fixture(scope="session")
def builtin_kb() -> KnowledgeBase:
    return kb_of(builtin_data_dir())


@pytest.fixture(scope="session")
def fixture_kb() -> KnowledgeBase:
    return kb_of(FIXTURE_DATA)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory whose built-in index is built once for the whole session: tests that
    add a layer start from it and read only their own files, as a user's first run would."""
    cache = tmp_path_factory.mktemp("shared-cache")
    home = tmp_path_factory.mktemp("shared-home")
    ran = run_installed(["index"], clean_environment(home, XDG_CACHE_HOME=str(cache)))
    assert ran.code == 0, ran
    return cache


@pytest.fixture
def env(tmp_path: Path, shared_cache: Path) -> dict[str, str]:
    """A clean environment for the installed command: nothing inherited but PATH, and the
    session's cache (tests about the cache itself give their own)."""
    return clean_environment(tmp_path, XDG_CACHE_HOME=str(shared_cache))


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
