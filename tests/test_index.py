"""The compiled index: rebuilt only for what changed (by content), written so a crash leaves the
old index or the new one, rebuilt when damaged, and never the reason a command fails."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mesoref.index import build, store
from mesoref.index.kb import KnowledgeBase
from mesoref.reading import yamlsource
from mesoref.reading.layers import Layer, builtin_data_dir

from .harness import FIXTURE_DATA, MESOREF, clean_environment, run_installed


@pytest.fixture
def layers(tmp_path: Path) -> list[Layer]:
    root = tmp_path / "layer"
    shutil.copytree(FIXTURE_DATA, root)
    old = time.time() - 10
    for path in root.rglob("*"):
        os.utime(path, (old, old))
    return [Layer(0, str(root), "built-in", str(root))]


@pytest.fixture
def cache(tmp_path: Path) -> str:
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    return str(directory)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the builder parsed, in order."""
    seen: list[str] = []
    real = build.parse_text

    def counting(data: bytes, display: str) -> yamlsource.ReadResult:
        seen.append(os.path.basename(display))
        return real(data, display)

    monkeypatch.setattr(build, "parse_text", counting)
    return seen


def test_a_first_use_builds_and_later_uses_read_nothing(
    layers: list[Layer], cache: str, reads: list[str]
) -> None:
    first = store.open_index(layers, cache)
    assert first.rebuilt and len(reads) == len(first.scan.files)
    reads.clear()
    again = store.open_index(layers, cache)
    assert not again.rebuilt and reads == []


def test_only_changed_files_are_read_again(
    layers: list[Layer], cache: str, reads: list[str]
) -> None:
    store.open_index(layers, cache)
    reads.clear()
    path = Path(layers[0].root) / "topics" / "beta.yaml"
    path.write_text(path.read_text().replace("Beta pain", "Beta ache"))
    index = store.open_index(layers, cache)
    assert reads == ["beta.yaml"]
    assert KnowledgeBase(index, layers).get("topic", "beta")["title"] == "Beta ache"


def test_a_touched_file_with_the_same_content_is_not_parsed_again(
    layers: list[Layer], cache: str, reads: list[str]
) -> None:
    store.open_index(layers, cache)
    reads.clear()
    path = Path(layers[0].root) / "topics" / "beta.yaml"
    path.write_bytes(path.read_bytes())  # new fingerprint, same bytes
    store.open_index(layers, cache)
    assert reads == []


def test_a_file_edited_within_the_same_tick_is_read_by_content(
    layers: list[Layer], cache: str, reads: list[str]
) -> None:
    """A file changed in the racy window is re-read by content until it settles, so an edit
    that keeps the fingerprint (same tick, same size) is still seen."""
    path = Path(layers[0].root) / "topics" / "beta.yaml"
    path.write_text(path.read_text())  # racy now
    store.open_index(layers, cache)
    info = path.stat()
    path.write_text(path.read_text().replace("Beta pain", "Beta pein"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    index = store.open_index(layers, cache)
    assert KnowledgeBase(index, layers).get("topic", "beta")["title"] == "Beta pein"


def test_a_user_layer_starts_from_the_built_in_index(
    tmp_path: Path, cache: str, reads: list[str], layers: list[Layer]
) -> None:
    builtin = Layer(0, builtin_data_dir(), "built-in", builtin_data_dir())
    store.open_index([builtin], cache)
    reads.clear()
    user = Layer(1, layers[0].root, "--data-dir", layers[0].root)
    index = store.open_index([builtin, user], cache)
    assert len(reads) == sum(1 for f in index.scan.files.values() if f.layer == 1)


def _damage_middle(path: str) -> None:
    size = os.path.getsize(path)
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(min(65536, size // 3)))


def test_an_index_damaged_in_the_middle_is_rebuilt_without_a_traceback(tmp_path: Path) -> None:
    """The header intact, pages in the middle garbage: every command answered with a
    traceback until `index --rebuild` (issue 9)."""
    env = clean_environment(tmp_path)
    assert run_installed(["about"], env).code == 0
    (index,) = (tmp_path / "cache" / "mesoref").glob("index-*.sqlite")
    _damage_middle(str(index))
    for args in (["topic", "cellulite"], ["search", "collagen"], ["sources"], ["history"]):
        ran = run_installed(args, env)
        assert ran.code == 0, ran
        assert "Traceback" not in ran.err and "internal error" not in ran.err


def test_a_record_that_does_not_decode_means_a_rebuild(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    assert run_installed(["topic", "cellulite"], env).code == 0
    (index,) = (tmp_path / "cache" / "mesoref").glob("index-*.sqlite")
    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE records SET data = x'00ff00' WHERE kind = 'topic'")
    ran = run_installed(["topic", "hair loss"], env)
    assert ran.code == 0 and ran.out.startswith("Hair loss"), ran


def test_a_build_that_fails_midway_leaves_the_old_index_and_no_temporary_file(
    layers: list[Layer], cache: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store.open_index(layers, cache)
    assert first.path is not None
    before = Path(first.path).read_bytes()
    first.conn.close()
    Path(layers[0].root, "topics", "beta.yaml").write_text("id: beta\n")

    def fail(self: build.Builder, scan: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build.Builder, "apply", fail)
    with pytest.raises(KeyboardInterrupt):
        store.open_index(layers, cache)
    assert Path(first.path).read_bytes() == before
    assert not [n for n in os.listdir(cache) if n.endswith((".tmp", "-journal"))]


def test_a_new_index_is_synced_before_it_is_renamed_into_place(
    layers: list[Layer], cache: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    store.open_index(layers, cache)
    assert events[:3] == ["fsync", "replace", "fsync"]  # the file, the rename, the folder


def test_updates_are_journaled_and_fully_synced(layers: list[Layer], cache: str) -> None:
    index = store.open_index(layers, cache)
    Path(layers[0].root, "topics", "beta.yaml").write_text(
        Path(layers[0].root, "topics", "beta.yaml").read_text().replace("Beta", "Bêta")
    )
    index = store.open_index(layers, cache)
    assert index.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert index.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_an_unwritable_cache_directory_falls_back_to_memory(
    layers: list[Layer], tmp_path: Path
) -> None:
    index = store.open_index(layers, "/dev/null/cache")
    assert index.path is None and index.rebuilt


def test_ten_concurrent_first_runs_all_succeed_with_the_same_output(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    processes = [
        subprocess.Popen(
            [str(MESOREF), "topic", "cellulite", "--brief"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(10)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), [e for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_progress_shows_only_on_a_terminal_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stream:
        def __init__(self, tty: bool) -> None:
            self.tty, self.text = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, text: str) -> None:
            self.text += text

        def flush(self) -> None:
            pass

    for tty, expected in ((True, True), (False, False)):
        stream = Stream(tty)
        monkeypatch.setattr(sys, "stderr", stream)
        monkeypatch.setattr(store, "PROGRESS_AFTER", 0.0)
        show = store.terminal_progress()
        show(50, 100)
        show(100, 100)
        assert ("indexing data files: 100/100" in stream.text) is expected
