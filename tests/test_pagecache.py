"""A cached page prints exactly what the full program printed, and goes stale when it should."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mesoref import __version__, launch, pagecache

from .conftest import FIXTURE_DATA

COMMANDS = [
    ["topic", "cellulite"],
    ["topic", "cellulite", "--json"],
    ["topics"],
    ["risks"],
    ["risks", "--severity", "severe", "--json"],
    ["history", "--from", "1950", "--to", "1990"],
    ["substances"],
    ["substance", "procaine"],
    ["sources"],
    ["source", "000_617c91b42c4e81cf.txt"],
    ["glossary", "nappage"],
    ["claims", "--verdict", "incorrect"],
    ["evidence"],
    ["contraindications"],
    ["about"],
    ["search", "collagen"],
    ["--data-dir", str(FIXTURE_DATA), "topic", "alpha"],
    ["--help"],
    ["topic", "--help"],
    ["--version"],
]
MODES = {
    "plain": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "no-colour": {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    "dumb": {"TERM": "dumb"},
}


class Captured:
    def __init__(self, code: int, out: bytes, err: bytes, key: tuple[str, ...]) -> None:
        self.code, self.out, self.err, self.key = code, out, err, key


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, cache: Path, tmp_path: Path) -> Iterator[None]:
    for name in (*pagecache.ENVIRONMENT, "MESOREF_CACHE", "PAGER", "MESOREF_PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-user-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield


def run(args: list[str], tmp_path: Path) -> Captured:
    """Run the entry point in this process with real files as stdout and stderr."""
    saved = sys.stdout, sys.stderr
    out_path, err_path = tmp_path / "out", tmp_path / "err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
        key = pagecache.page_key(args, os.environ, __version__)  # as the run will see it
        try:
            code = launch.main(args)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            sys.stdout, sys.stderr = saved
    return Captured(code, out_path.read_bytes(), err_path.read_bytes(), key)


def no_full_run(*_: object) -> int:
    raise AssertionError("the full program ran although a fresh page was cached")


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cached_page_is_byte_identical_to_the_full_run(
    args: list[str],
    width: int,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cache: Path,
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for name, value in MODES[mode].items():
        monkeypatch.setenv(name, value)
    full = run(args, tmp_path)
    assert full.code == 0, full.err.decode()
    assert full.out
    page = pagecache.lookup(str(cache / "mesoref"), full.key)
    assert page is not None, "the answer was not kept as a page"
    monkeypatch.setattr(launch, "_run", no_full_run)
    cached = run(args, tmp_path)
    assert (cached.code, cached.out, cached.err) == (full.code, full.out, full.err)


@pytest.mark.usefixtures("environment")
def test_colour_modes_and_widths_get_different_pages(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    narrow = run(["topic", "cellulite"], tmp_path)
    monkeypatch.setenv("COLUMNS", "150")
    wide = run(["topic", "cellulite"], tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run(["topic", "cellulite"], tmp_path)
    assert len({narrow.out, wide.out, coloured.out}) == 3
    assert b"\x1b[" in coloured.out and b"\x1b[" not in wide.out


@pytest.fixture
def user_layer(tmp_path: Path) -> Path:
    layer = tmp_path / "layer"
    (layer / "topics").mkdir(parents=True)
    source = (FIXTURE_DATA / "topics" / "beta.yaml").read_text("utf-8")
    (layer / "topics" / "beta.yaml").write_text(source, "utf-8")
    for kind in ("sources", "substances", "risks"):
        (layer / kind).mkdir()
    for name in (
        "sources/agency-2014.yaml",
        "substances/sugar.yaml",
        "risks/bruising.yaml",
        "sources/study-2020.yaml",
        "sources/seed-a.txt.yaml",
    ):
        (layer / name).write_text((FIXTURE_DATA / name).read_text("utf-8"), "utf-8")
    return layer


def bump(path: Path, text: str) -> None:
    """Rewrite a file in place, making sure its mtime moves on."""
    before = path.stat().st_mtime_ns
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before + 10_000_000, before + 10_000_000))


@pytest.mark.usefixtures("environment")
def test_editing_a_file_the_page_used_makes_it_stale(
    user_layer: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    args = ["--data-dir", str(user_layer), "topic", "beta"]
    first = run(args, tmp_path)
    assert b"Beta pain" in first.out
    topic = user_layer / "topics" / "beta.yaml"
    bump(topic, topic.read_text("utf-8").replace("title: Beta pain", "title: Beta ache"))
    second = run(args, tmp_path)
    assert b"Beta ache" in second.out and b"Beta pain" not in second.out


@pytest.mark.usefixtures("environment")
def test_adding_a_file_to_a_data_folder_makes_pages_stale(user_layer: Path, tmp_path: Path) -> None:
    args = ["--data-dir", str(user_layer), "topic", "beta"]
    directory = str(Path(os.environ["XDG_CACHE_HOME"]) / "mesoref")
    key = run(args, tmp_path).key
    assert pagecache.lookup(directory, key) is not None
    extra = (FIXTURE_DATA / "substances" / "salt.yaml").read_text("utf-8")
    (user_layer / "substances" / "salt.yaml").write_text(extra, "utf-8")
    assert pagecache.lookup(directory, key) is None


@pytest.mark.usefixtures("environment")
def test_failed_runs_and_side_effects_are_not_kept(tmp_path: Path) -> None:
    directory = str(Path(os.environ["XDG_CACHE_HOME"]) / "mesoref")
    for args in (["topic", "celulite"], ["index"], ["risks", "--severity", "lethal"]):
        key = run(args, tmp_path).key
        assert pagecache.lookup(directory, key) is None, args


@pytest.mark.usefixtures("environment")
def test_cache_off_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MESOREF_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))
    result = run(["topic", "cellulite"], tmp_path)
    assert result.code == 0 and result.out.startswith(b"Cellulite\n")
    assert not (tmp_path / "fresh-cache").exists()


@pytest.mark.usefixtures("environment")
def test_unwritable_cache_still_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first = run(["topic", "cellulite"], tmp_path)
    second = run(["topic", "cellulite"], tmp_path)
    assert first.code == second.code == 0
    assert first.out == second.out and first.out.startswith(b"Cellulite\n")


def test_corrupt_page_is_ignored(tmp_path: Path) -> None:
    key = ("k",)
    pagecache.store(str(tmp_path), key, pagecache.Page(0, b"out", b""), [])
    assert pagecache.lookup(str(tmp_path), key) is not None
    (page,) = (tmp_path / "pages").glob("*.page")
    page.write_bytes(b"\x00garbage")
    assert pagecache.lookup(str(tmp_path), key) is None


def test_a_page_whose_absent_dependency_appears_is_stale(tmp_path: Path) -> None:
    later = tmp_path / "later"
    pagecache.store(
        str(tmp_path),
        ("k",),
        pagecache.Page(0, b"x", b""),
        [pagecache.dependency(str(later), directory=True)],
    )
    assert pagecache.lookup(str(tmp_path), ("k",)) is not None
    later.mkdir()
    assert pagecache.lookup(str(tmp_path), ("k",)) is None


def test_page_cache_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagecache, "MAX_PAGES", 20)
    for i in range(45):
        pagecache.store(str(tmp_path), (str(i),), pagecache.Page(0, b"", b""), [])
    assert len(list((tmp_path / "pages").glob("*.page"))) <= 20
