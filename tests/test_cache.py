"""Pages are replayed only when proven fresh, byte for byte what the full run printed; the cache
directory is trusted only when it is ours; mesoref deletes only the files it made."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mesoref.app
from mesoref.index import store
from mesoref.launch import cache as cache_module
from mesoref.launch import fresh
from mesoref.launch.fresh import RACY_NS

from .harness import FIXTURE_DATA, ROOT, clean_environment, run_here, run_installed

COMMANDS = [
    ["topic", "cellulite"],
    ["topic", "cellulite", "--json"],
    ["topic", "cellulite", "--brief"],
    ["topics"],
    ["risks"],
    ["risks", "--severity", "severe", "--plain"],
    ["history", "--from", "1950", "--to", "1990"],
    ["substances"],
    ["substance", "procaine"],
    ["sources"],
    ["source", "amin-2006"],
    ["glossary", "nappage"],
    ["claims", "--verdict", "incorrect"],
    ["evidence"],
    ["contraindications"],
    ["about"],
    ["search", "collagen"],
    ["show", "ntm-infection"],
    ["--data-dir", str(FIXTURE_DATA), "topic", "alpha"],
]
MODES = {
    "plain": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "no-colour": {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    "dumb": {"TERM": "dumb"},
}


def seeded(directory: Path, shared_cache: Path) -> Path:
    """A cache of its own, holding the session's indexes but no pages."""
    shutil.copytree(
        shared_cache / "mesoref", directory / "mesoref", ignore=shutil.ignore_patterns("pages")
    )
    return directory


def settled_code() -> None:
    """Wait until mesoref's code and data are older than the racy window: no page is kept
    for files changed in the last moments, so tests run right after an edit would see none."""
    newest = max(
        max(p.stat().st_ctime_ns, p.stat().st_mtime_ns)
        for folder in (ROOT / "mesoref", ROOT / "data")
        for p in folder.rglob("*")
    )
    remaining = newest + RACY_NS - time.time_ns()
    if remaining > 0:
        time.sleep(remaining / 1e9 + 0.1)


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    settled_code()
    return seeded(tmp_path_factory.mktemp("page-cache"), shared_cache)


def no_full_run(*_: object) -> int:
    raise AssertionError("the full program ran although a fresh page was cached")


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_cached_page_is_byte_identical_to_the_full_run(
    args: list[str],
    width: int,
    mode: str,
    warm: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = clean_environment(tmp_path, XDG_CACHE_HOME=str(warm), COLUMNS=str(width), **MODES[mode])
    first = run_here(args, env, tmp_path)
    assert first.code == 0, first
    monkeypatch.setattr(mesoref.app, "run", no_full_run)
    second = run_here(args, env, tmp_path)
    assert (second.code, second.out_bytes, second.err_bytes) == (
        first.code,
        first.out_bytes,
        first.err_bytes,
    )


# -- freshness: every change a page depends on is seen -------------------------------------


@pytest.fixture
def layer(tmp_path: Path) -> Path:
    """A user layer with one topic of its own that cites built-in sources."""
    root = tmp_path / "layer"
    shutil.copytree(FIXTURE_DATA, root)
    return root


def _settle(*paths: Path) -> None:
    """Age files past the racy window, as if edited a while ago (a page is never kept for a
    file changed in the last moments: see mesoref.launch.fresh)."""
    old = time.time() - 10
    for path in paths:
        os.utime(path, (old, old))


def _wait_out_racy() -> None:
    time.sleep(fresh.RACY_NS / 1e9 + 0.05)


SHORT_RACY_NS = 100_000_000


@pytest.fixture
def short_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A racy window of 0.1 s instead of 2 s, so that scenarios need not sleep long; the
    logic is the same (test_no_page_is_kept_for_a_file_changed_this_moment keeps 2 s)."""
    monkeypatch.setattr(fresh, "RACY_NS", SHORT_RACY_NS)
    monkeypatch.setattr(store, "RACY_NS", SHORT_RACY_NS)


class Scenario:
    def __init__(self, layer: Path, tmp_path: Path, warm: Path) -> None:
        self.layer = layer
        self.tmp = tmp_path
        self.env = clean_environment(tmp_path, XDG_CACHE_HOME=str(warm))

    def run(self, *args: str) -> str:
        ran = run_here(["--data-dir", str(self.layer), *args], self.env, self.tmp)
        assert "Traceback" not in ran.err, ran
        return ran.out + ran.err

    def cached_then(self, args: list[str], change: object) -> tuple[str, str]:
        """Run, make sure a page was kept, apply the change, run again."""
        _wait_out_racy()
        before = self.run(*args)
        pages = self.pages()
        again = self.run(*args)
        assert again == before and self.pages() == pages and pages, "the page was not kept"
        change()  # type: ignore[operator]
        return before, self.run(*args)

    def pages(self) -> int:
        folder = Path(self.env["XDG_CACHE_HOME"]) / "mesoref" / "pages"
        return sum(1 for n in os.listdir(folder) if n.endswith(".page")) if folder.is_dir() else 0


@pytest.fixture
def scenario(layer: Path, tmp_path: Path, shared_cache: Path, short_racy: None) -> Scenario:
    _settle(*layer.rglob("*"))
    return Scenario(layer, tmp_path, seeded(tmp_path / "own-cache", shared_cache))


def test_a_same_size_edit_with_the_old_mtime_restored_is_seen(scenario: Scenario) -> None:
    path = scenario.layer / "topics" / "alpha.yaml"
    text = path.read_text()
    info = path.stat()

    def change() -> None:
        path.write_text(text.replace("Alpha condition", "Alpha conditiom"))
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns

    before, after = scenario.cached_then(["topic", "alpha"], change)
    assert "Alpha conditiom" in after and "Alpha conditiom" not in before


def test_two_files_swapping_names_is_seen(scenario: Scenario) -> None:
    a = scenario.layer / "glossary" / "dermis.yaml"
    b = scenario.layer / "glossary" / "papule.yaml"
    a.write_text(a.read_text().replace("id: dermis", "id: dermis"))
    _settle(a)

    def swap() -> None:
        tmp = a.with_suffix(".tmp")
        a.rename(tmp)
        b.rename(a)
        tmp.rename(b)

    _, after = scenario.cached_then(["glossary", "dermis"], swap)
    assert "E206" in after or "does not match the file name" in after or "skipped" in after


def test_fixing_an_invalid_override_in_place_is_seen(scenario: Scenario) -> None:
    path = scenario.layer / "topics" / "beta.yaml"
    good = path.read_text()
    path.write_text(good.replace("grade: insufficient", "grade: limted"))
    _settle(path)
    before, after = scenario.cached_then(["topic", "alpha"], lambda: path.write_text(good))
    assert "limted" in before and "problem(s) in data files" in before
    assert "problem(s) in data files" not in after


def test_an_alias_added_to_another_file_is_seen(scenario: Scenario) -> None:
    beta = scenario.layer / "topics" / "beta.yaml"
    before, after = scenario.cached_then(
        ["topic", "alpha"],
        lambda: beta.write_text(
            beta.read_text().replace("title:", "aliases: [first condition]\ntitle:", 1)
        ),
    )
    assert before != after  # the alias now clashes with alpha's, and the page says so


def test_an_environment_variable_the_run_read_is_seen(scenario: Scenario) -> None:
    scenario.env["COLUMNS"] = "80"
    _, after = scenario.cached_then(
        ["topic", "alpha"], lambda: scenario.env.update({"COLUMNS": "50"})
    )
    # Only a word that cannot be broken (a URL, a path) may run past the width, alone.
    long = [line for line in after.splitlines() if len(line) > 50 and len(line.split()) > 1]
    assert long == []


def test_a_variable_the_run_never_read_keeps_the_page(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.run("topic", "alpha")
    _wait_out_racy()
    scenario.run("topic", "alpha")
    scenario.env["SOME_UNRELATED_VARIABLE"] = "x"
    monkeypatch.setattr(mesoref.app, "run", no_full_run)
    scenario.run("topic", "alpha")


def test_no_page_is_kept_for_a_file_changed_this_moment(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fresh, "RACY_NS", RACY_NS)  # the real window
    path = scenario.layer / "topics" / "alpha.yaml"
    path.write_text(path.read_text())  # changed just now
    scenario.run("topic", "alpha")
    assert scenario.pages() == 0


def test_help_anywhere_does_not_make_a_command_cacheable(scenario: Scenario) -> None:
    """`validate -- --help` kept saying "no problems" after a file broke (issue 9)."""
    first = scenario.run("validate", "--", "--help")
    assert "--help" in first
    broken = scenario.layer / "topics" / "broken.yaml"
    broken.write_text("id: [")
    assert "E104" in scenario.run("validate", "--", "--help") or "E305" in scenario.run(
        "validate", "--", "--help"
    )


def test_two_installations_never_share_pages(tmp_path: Path, shared_cache: Path) -> None:
    """Two checkouts of the same version, run with `python -m mesoref`: each prints its own."""
    copy = tmp_path / "checkout-b"
    shutil.copytree(
        ROOT / "mesoref", copy / "mesoref", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "data", copy / "data")
    topic = copy / "mesoref" / "commands" / "topic.py"
    topic.write_text(
        topic.read_text().replace("Health information, not medical advice", "CHECKOUT B")
    )
    env = clean_environment(tmp_path, XDG_CACHE_HOME=str(tmp_path / "cache"))

    def run(root: Path) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "mesoref", "topic", "cellulite", "--brief"],
            capture_output=True,
            text=True,
            env={**env, "PYTHONPATH": str(root)},
            cwd=tmp_path,  # `-m` puts the current directory first on the path
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    _settle(*copy.rglob("*"))
    for _ in range(2):
        assert "CHECKOUT B" not in run(ROOT)
        assert "CHECKOUT B" in run(copy)


# -- the page files themselves ---------------------------------------------------------------


def _page_files(directory: Path) -> list[Path]:
    return sorted((directory / "mesoref" / "pages").glob("*.page"))


@pytest.mark.usefixtures("short_racy")
def test_a_damaged_page_is_never_decoded(tmp_path: Path, shared_cache: Path) -> None:
    env = clean_environment(tmp_path, XDG_CACHE_HOME=str(seeded(tmp_path / "c", shared_cache)))
    _wait_out_racy()
    first = run_here(["about"], env, tmp_path)
    (page,) = _page_files(tmp_path / "c")
    data = bytearray(page.read_bytes())
    data[-5] ^= 0xFF
    page.write_bytes(bytes(data))
    second = run_here(["about"], env, tmp_path)
    assert second.out_bytes == first.out_bytes


@pytest.mark.usefixtures("short_racy")
def test_a_forged_page_is_still_shown_inert(tmp_path: Path, shared_cache: Path) -> None:
    """Cached bytes pass the same output boundary as fresh ones: a page rewritten with a
    valid checksum but hostile bytes is replayed inert."""
    import marshal

    from mesoref.launch.cache import PAGE_MAGIC, blake2b

    env = clean_environment(tmp_path, XDG_CACHE_HOME=str(seeded(tmp_path / "c", shared_cache)))
    _wait_out_racy()
    run_here(["about"], env, tmp_path)
    (page,) = _page_files(tmp_path / "c")
    fields = list(marshal.loads(page.read_bytes()[len(PAGE_MAGIC) + 32 :]))
    fields[3] = b"\x1b]52;c;ZXZpbA==\x07\x1b[2Jforged\n"
    payload = marshal.dumps(tuple(fields))
    page.write_bytes(PAGE_MAGIC + blake2b(payload, digest_size=32).digest() + payload)
    ran = run_here(["about"], env, tmp_path)
    assert ran.out == "\\x1b]52;c;ZXZpbA==\\x07\\x1b[2Jforged\n"


def test_a_fifo_where_a_page_should_be_does_not_hang(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    directory = cache_module.verified(cache_module.location(env), create=True)
    assert directory is not None
    key = cache_module.page_key(["about"], mesoref.__version__, False)
    os.mkfifo(cache_module._page_path(directory, key))
    ran = run_installed(["about"], env, timeout=60)
    assert ran.code == 0


def test_the_page_cache_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(30):
        (pages / f"{i:032x}.page").write_bytes(b"x")
    monkeypatch.setattr(cache_module, "MAX_PAGES", 20)
    cache_module._prune(str(pages))
    assert len(list(pages.iterdir())) == 27


def test_cache_off_writes_nothing(tmp_path: Path) -> None:
    env = clean_environment(tmp_path, MESOREF_CACHE="off")
    assert run_installed(["topic", "cellulite"], env).code == 0
    assert not (tmp_path / "cache").exists()


# -- the cache directory: trusted only when it is ours ----------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_cache_directory_is_created_private(tmp_path: Path, env: dict[str, str]) -> None:
    env = clean_environment(tmp_path)
    assert run_installed(["about"], env).code == 0
    assert _mode(tmp_path / "cache" / "mesoref") == 0o700
    assert (tmp_path / "cache" / "mesoref" / "CACHEDIR.TAG").read_text().startswith("Signature:")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_cache_directory_of_another_user_is_refused(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    theirs = tmp_path / "cache" / "mesoref"
    theirs.mkdir(parents=True, mode=0o755)
    os.chown(theirs, 65534, 65534)
    ran = run_installed(["topic", "cellulite"], env)
    assert ran.code == 0 and ran.out.startswith("Cellulite")
    assert "not using the cache" in ran.err and "another user" in ran.err
    assert list(theirs.iterdir()) == []


def test_a_symlinked_cache_directory_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    for name in ("index-0123456789abcdef0123.sqlite", "notes.page", "x.tmp", "keep.txt"):
        (victim / name).write_text("mine")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "mesoref").symlink_to(victim)
    ran = run_installed(["index", "--rebuild"], env)
    assert ran.code == 0, ran
    assert "symbolic link" in ran.err
    assert sorted(p.name for p in victim.iterdir()) == [
        "index-0123456789abcdef0123.sqlite",
        "keep.txt",
        "notes.page",
        "x.tmp",
    ]


def test_rebuild_deletes_only_files_mesoref_made(tmp_path: Path) -> None:
    """With XDG_CACHE_HOME at a folder of the user's own, `index --rebuild` deleted their
    index-*.md, *.tmp and *.page files (issue 9)."""
    env = clean_environment(tmp_path)
    assert run_installed(["about"], env).code == 0
    own = tmp_path / "cache" / "mesoref"
    users = ["index-notes.md", "draft.tmp", "my.page", "index-123.sqlite", ".index-notes.tmp"]
    for name in users:
        (own / name).write_text("mine")
        (own / "pages" / name).write_text("mine")
    ran = run_installed(["index", "--rebuild"], env)
    assert ran.code == 0, ran
    for name in users:
        assert (own / name).read_text() == "mine"
        assert (own / "pages" / name).read_text() == "mine"


def test_a_writable_by_others_cache_is_closed_and_emptied(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    assert run_installed(["about"], env).code == 0
    own = tmp_path / "cache" / "mesoref"
    os.chmod(own, 0o777)
    planted = own / "pages" / ("f" * 32 + ".page")
    planted.write_bytes(b"planted")
    assert run_installed(["about"], env).code == 0
    assert _mode(own) == 0o700
    assert not planted.exists()


def test_a_cache_under_a_folder_anyone_can_write_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # no sticky bit: anyone could swap our folder for theirs
    env = clean_environment(tmp_path, XDG_CACHE_HOME=str(shared))
    ran = run_installed(["topic", "cellulite"], env)
    assert ran.code == 0 and "not using the cache" in ran.err
    assert not (shared / "mesoref").exists() or not any((shared / "mesoref").iterdir())


def test_a_fifo_at_the_index_path_does_not_hang(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    assert run_installed(["about"], env).code == 0
    own = tmp_path / "cache" / "mesoref"
    (index,) = list(own.glob("index-*.sqlite"))
    index.unlink()
    os.mkfifo(index)
    ran = run_installed(["topic", "cellulite"], env, timeout=60)
    assert ran.code == 0 and ran.out.startswith("Cellulite")


def test_an_unusable_cache_location_still_answers(tmp_path: Path) -> None:
    env = clean_environment(tmp_path, XDG_CACHE_HOME="/dev/null/cannot")
    ran = run_installed(["topic", "cellulite"], env)
    assert ran.code == 0 and ran.out.startswith("Cellulite")
    assert "not using the cache" in ran.err


@pytest.fixture(autouse=True)
def _no_leaked_environment() -> Iterator[None]:
    saved = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    yield
    assert {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"} == saved


CHANGES = (
    "same size, old mtime restored",
    "appended",
    "deleted",
    "swapped with another",
    "replaced by a copy",
    "mode changed",
    "touched",
    "absent path created",
    "file added to the folder",
)


@settings(max_examples=40, deadline=None)
@given(change=st.sampled_from(CHANGES), which=st.integers(min_value=0, max_value=3))
def test_a_page_is_never_replayed_after_any_change_to_what_it_depends_on(
    change: str, which: int
) -> None:
    """Whatever happens to any file, folder or absent path a page depends on, after the page
    was kept, the page is not replayed; with nothing changed, it is."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        cache_dir = root / "cache"
        (cache_dir / "pages").mkdir(mode=0o700, parents=True)
        data = root / "data"
        data.mkdir()
        files = [data / f"record-{n}.yaml" for n in range(4)]
        for number, path in enumerate(files):
            path.write_text(f"id: record-{number}\n")  # all the same size
        absent = data / "later.yaml"
        racy_ns = 50_000_000
        old_racy = fresh.RACY_NS
        fresh.RACY_NS = racy_ns
        try:
            time.sleep(racy_ns / 1e9 + 0.01)  # past the racy window, or nothing is kept
            dependencies = (
                (str(data), fresh.fingerprint(str(data))),
                *((str(p), fresh.fingerprint(str(p))) for p in files),
                (str(absent), None),
            )
            key = ("test", str(which), change)
            page = cache_module.Page(0, b"answer\n", b"", False, False)
            assert cache_module.store(str(cache_dir), key, page, dependencies, (("X", "1"),))
            replayed = cache_module.lookup(str(cache_dir), key, {"X": "1"})
            assert replayed is not None and replayed.out == b"answer\n"
            target = files[which]
            other = files[(which + 1) % len(files)]
            if change == "same size, old mtime restored":
                info = target.stat()
                target.write_text(target.read_text().upper())
                os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
            elif change == "appended":
                with target.open("a") as handle:
                    handle.write("\n")
            elif change == "deleted":
                target.unlink()
            elif change == "swapped with another":
                spare = data / "spare.tmp"
                target.rename(spare)
                other.rename(target)
                spare.rename(other)
            elif change == "replaced by a copy":
                copy = data / "copy.tmp"
                shutil.copy2(target, copy)
                copy.rename(target)
            elif change == "mode changed":
                target.chmod(0o600)
            elif change == "touched":
                os.utime(target)
            elif change == "absent path created":
                absent.write_text("id: later\n")
            else:
                (data / "extra.yaml").write_text("id: extra\n")
            assert cache_module.lookup(str(cache_dir), key, {"X": "1"}) is None, change
        finally:
            fresh.RACY_NS = old_racy
