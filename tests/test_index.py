"""The compiled index: incremental updates, and survival of corrupt, blocked or crashed builds."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mesoref import build as build_module
from mesoref import index as index_module
from mesoref.catalog import FileEntry
from mesoref.index import open_index, terminal_progress
from mesoref.kb import KnowledgeBase
from mesoref.layers import Layer

from .conftest import FIXTURE_DATA


@pytest.fixture
def layer(tmp_path: Path) -> list[Layer]:
    root = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, root)
    return [Layer(0, root, "built-in", str(root))]


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = build_module.read_file

    def counting(path: Path, display: str) -> object:
        reads.append(path.name)
        return real(path, display)

    monkeypatch.setattr(build_module, "read_file", counting)
    return reads


def test_first_use_builds_and_later_uses_read_nothing(
    layer: list[Layer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = count_reads(monkeypatch)
    first = open_index(layer, str(tmp_path / "cache"))
    assert first.rebuilt and len(reads) == len(list(FIXTURE_DATA.rglob("*.yaml")))
    reads.clear()
    second = open_index(layer, str(tmp_path / "cache"))
    assert not second.rebuilt and reads == []


def test_only_changed_files_are_read_again(
    layer: list[Layer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_index(layer, str(tmp_path / "cache"))
    reads = count_reads(monkeypatch)
    topic = layer[0].root / "topics" / "beta.yaml"
    topic.write_text(topic.read_text("utf-8").replace("Beta pain", "Beta ache"), "utf-8")
    os.utime(topic, ns=(topic.stat().st_mtime_ns + 10**7,) * 2)
    (layer[0].root / "glossary" / "papule.yaml").unlink()
    index = open_index(layer, str(tmp_path / "cache"))
    assert reads == ["beta.yaml"]
    kb = KnowledgeBase(index, layer)
    assert kb.resolve("topic", "beta").title == "Beta ache"  # type: ignore[union-attr]
    assert kb.get("term", "papule") is None
    # dermis's see_also now points nowhere: the cross-record check saw the removal
    assert any(p.code == "E301" and "papule" in p.message for p in kb.problems)


def test_a_corrupt_index_is_rebuilt(layer: list[Layer], tmp_path: Path) -> None:
    first = open_index(layer, str(tmp_path / "cache"))
    assert first.path is not None
    first.conn.close()
    Path(first.path).write_bytes(b"this is not a database" * 100)
    again = open_index(layer, str(tmp_path / "cache"))
    assert again.rebuilt and again.path == first.path
    assert KnowledgeBase(again, layer).get("topic", "alpha") is not None


def test_an_index_path_that_cannot_be_replaced_falls_back_to_memory(
    layer: list[Layer], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    blocked = cache / f"index-{index_module.index_key(layer)}.sqlite"
    blocked.mkdir()  # a directory where the index file should go
    (blocked / "keep").write_text("x")
    index = open_index(layer, str(cache))
    assert index.path is None
    assert KnowledgeBase(index, layer).get("topic", "alpha") is not None
    assert not list(cache.glob(".index-*.tmp"))


def test_an_unwritable_cache_directory_falls_back_to_memory(
    layer: list[Layer], tmp_path: Path
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    index = open_index(layer, str(not_a_directory / "cache"))
    assert index.path is None
    assert KnowledgeBase(index, layer).count("topic") == 4


def test_a_build_that_fails_midway_leaves_the_old_index_and_no_temporary_file(
    layer: list[Layer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    good = open_index(layer, str(cache))
    assert good.path is not None
    before = Path(good.path).read_bytes()
    topic = layer[0].root / "topics" / "beta.yaml"
    os.utime(topic, ns=(topic.stat().st_mtime_ns + 10**7,) * 2)

    real_read = build_module.Builder._read

    def crash_on_disk(self: build_module.Builder, entry: FileEntry) -> object:
        if self.conn.execute("PRAGMA database_list").fetchone()[2]:  # a file, not memory
            raise OSError("disk full")
        return real_read(self, entry)

    monkeypatch.setattr(build_module.Builder, "_read", crash_on_disk)
    fallback = open_index(layer, str(cache))
    assert fallback.path is None  # answered from memory instead
    assert Path(good.path).read_bytes() == before
    assert not list(cache.glob(".index-*.tmp"))


def test_progress_shows_only_on_a_terminal_after_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = iter([0.0, 0.5, 2.0, 2.0, 2.0])
    monkeypatch.setattr(index_module.time, "monotonic", lambda: next(clock))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    show = terminal_progress(stream)
    show(50, 100)  # 0.5 s: too early
    assert stream.getvalue() == ""
    show(100, 100)
    assert stream.getvalue() == "\rmesoref: indexing data files: 100/100\n"

    class Pipe(io.StringIO):
        def isatty(self) -> bool:
            return False

    clock = iter([0.0, 5.0])
    quiet = Pipe()
    terminal_progress(quiet)(100, 100)
    assert quiet.getvalue() == ""


def test_ten_concurrent_first_runs_all_succeed_with_the_same_output(tmp_path: Path) -> None:
    mesoref = Path(sys.executable).parent / "mesoref"
    if not mesoref.exists():
        pytest.skip("the mesoref console script is not installed in this venv")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "80"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    processes = [
        subprocess.Popen(
            [str(mesoref), "topic", "cellulite"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(10)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 10
    assert len({out for out, _ in results}) == 1
    assert all(err == b"" for _, err in results)
    assert len(list((tmp_path / "cache" / "mesoref").glob("index-*.sqlite"))) == 1
    assert not list((tmp_path / "cache" / "mesoref").glob(".index-*.tmp"))
