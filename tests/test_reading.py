"""Bad data in a user layer: good records still answer, bad ones are reported exactly, nothing
crashes, nothing is executed, the user's files are never changed, and no file can make any
command slow or take it down."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesoref.index import build
from mesoref.index.search import MAX_TERMS, terms
from mesoref.model.schema import KINDS
from mesoref.reading.validate import validate_document
from mesoref.reading.yamlsource import MAX_FILE_BYTES, parse_text

from .harness import FIXTURE_DATA, clean_environment, run_here

GOOD = FIXTURE_DATA


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root with a hash of its bytes (symlinks by their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[str(path)] = "link:" + os.readlink(path)
        elif path.is_file():
            found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[str(path)] = "dir"
    return found


RUN_ENV: dict[str, str] = {}


def run(args: list[str], tmp_path: Path) -> tuple[int, str, str]:
    ran = run_here(args, RUN_ENV, tmp_path)
    return ran.code, ran.out, ran.err


@pytest.fixture
def layer(tmp_path: Path, shared_cache: Path) -> Path:
    """A user layer with good records (the fixture data); the session's cache."""
    root = tmp_path / "layer"
    shutil.copytree(GOOD, root)
    RUN_ENV.clear()
    RUN_ENV.update(clean_environment(tmp_path, XDG_CACHE_HOME=str(shared_cache), COLUMNS="100"))
    return root


def write(root: Path, relative: str, content: bytes | str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


TOPIC = (GOOD / "topics" / "beta.yaml").read_text("utf-8")
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

# name -> (how to damage the layer, the code the problem must carry)
CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "syntax error": (lambda r: write(r, "topics/bad.yaml", "id: bad\ntitle: [unclosed\n"), "E104"),
    "tab indentation": (lambda r: write(r, "topics/bad.yaml", "id: bad\n\ttitle: x\n"), "E104"),
    "empty file": (lambda r: write(r, "topics/bad.yaml", ""), "E107"),
    "only comments": (lambda r: write(r, "topics/bad.yaml", "# nothing here\n"), "E107"),
    "list instead of mapping": (lambda r: write(r, "topics/bad.yaml", "- a\n- b\n"), "E201"),
    "duplicate key": (
        lambda r: write(
            r,
            "topics/bad.yaml",
            TOPIC.replace("id: beta", "id: bad").replace(
                "title: Beta pain", "title: One\ntitle: Two"
            ),
        ),
        "E108",
    ),
    "same id in two files": (lambda r: write(r, "topics/more/beta.yaml", TOPIC), "E302"),
    "wrong type": (
        lambda r: write(
            r,
            "topics/bad.yaml",
            TOPIC.replace("id: beta", "id: bad").replace(
                "category: medical", "category: [medical]"
            ),
        ),
        "E201",  # a list where one word of a vocabulary belongs: the wrong type
    ),
    "missing field": (lambda r: write(r, "topics/bad.yaml", "id: bad\ntitle: Bad\n"), "E202"),
    "unknown field": (
        lambda r: write(
            r, "topics/bad.yaml", TOPIC.replace("id: beta", "id: bad") + "colour: blue\n"
        ),
        "E203",
    ),
    "unknown source and related topic": (
        lambda r: write(
            r,
            "topics/bad.yaml",
            TOPIC.replace("id: beta", "id: bad").replace("[agency-2014]", "[no-such-source]", 1)
            + "related: [no-such-topic]\n",
        ),
        "E301",
    ),
    "alias cycle": (
        lambda r: write(
            r,
            "topics/bad.yaml",
            TOPIC.replace("id: beta", "id: bad").replace(
                "title: Beta pain", "title: Bad\naliases: [alpha]"
            ),
        ),
        "E304",
    ),
    "not UTF-8": (lambda r: write(r, "topics/bad.yaml", b"id: bad\ntitle: caf\xe9\n"), "E102"),
    "NUL byte": (lambda r: write(r, "topics/bad.yaml", b"id: bad\ntitle: a\x00b\n"), "E104"),
    "huge file": (lambda r: write(r, "topics/bad.yaml", b"#" * (MAX_FILE_BYTES + 10)), "E103"),
    "object tag": (
        lambda r: write(
            r, "topics/bad.yaml", "id: bad\ntitle: !!python/object/apply:os.system ['true']\n"
        ),
        "E105",
    ),
    "alias bomb": (lambda r: write(r, "topics/bad.yaml", ALIAS_BOMB), "E106"),
    "symlink loop": (lambda r: os.symlink("bad.yaml", r / "topics" / "bad.yaml"), "E101"),
    "directory named .yaml": (lambda r: (r / "topics" / "bad.yaml").mkdir(), "E101"),
    "fifo": (lambda r: os.mkfifo(r / "topics" / "bad.yaml"), "E101"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_reported_and_good_records_still_answer(
    case: str, layer: Path, tmp_path: Path
) -> None:
    damage, code = CASES[case]
    damage(layer)
    before = snapshot(layer)
    status, out, err = run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
    assert status == 0, err
    assert out.startswith("Alpha condition\n")
    assert code in err, err
    assert "Traceback" not in err
    status, out, err = run(["--data-dir", str(layer), "topic", "cellulite"], tmp_path)
    assert status == 0 and out.startswith("Cellulite\n")
    assert snapshot(layer) == before  # nothing in the user's files changed
    assert not list(Path(RUN_ENV["XDG_CACHE_HOME"]).rglob("*.tmp"))  # no half-written index


@pytest.mark.parametrize("case", list(CASES))
def test_validate_reports_each_case_with_file_line_and_column(
    case: str, layer: Path, tmp_path: Path
) -> None:
    damage, code = CASES[case]
    damage(layer)
    status, out, _ = run(["validate", str(layer), "--json"], tmp_path)
    problems = json.loads(out)["problems"]
    mine = [p for p in problems if p["code"] == code]
    assert mine, problems
    assert all(
        p["line"] >= 1 and p["column"] >= 1 and p["file"].startswith(str(layer)) for p in problems
    )
    assert status == (3 if code.startswith("E") else 0)


def test_an_object_tag_executes_nothing(layer: Path, tmp_path: Path) -> None:
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    write(
        layer,
        "topics/bad.yaml",
        f"id: bad\ntitle: !!python/object/apply:os.system ['touch {marker}']\n",
    )
    write(layer, "topics/bad2.yaml", f"!!python/object/apply:os.system ['touch {marker}']\n")
    run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
    run(["validate", str(layer)], tmp_path)
    assert not marker.exists()


def test_a_byte_order_mark_and_crlf_line_ends_are_fine(layer: Path, tmp_path: Path) -> None:
    text = TOPIC.replace("id: beta", "id: windows").replace("title: Beta pain", "title: Windows")
    write(layer, "topics/windows.yaml", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    status, out, err = run(["--data-dir", str(layer), "topic", "windows"], tmp_path)
    assert status == 0 and out.startswith("Windows\n") and err == ""


def test_a_missing_data_directory_is_reported_but_answers(layer: Path, tmp_path: Path) -> None:
    status, out, err = run(
        ["--data-dir", str(tmp_path / "nowhere"), "topic", "cellulite"], tmp_path
    )
    assert status == 0 and out.startswith("Cellulite\n")
    assert "E305" in err and "does not exist" in err


def test_a_file_the_reader_may_not_open_is_reported(layer: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file; the FIFO and symlink-loop cases cover E101")
    path = write(layer, "topics/secret.yaml", TOPIC.replace("id: beta", "id: secret"))
    path.chmod(0)
    status, _, err = run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
    assert status == 0 and "E101" in err


HOSTILE = {
    "markup": "[bold red]LOUD[/bold red] [link=http://evil.example]click[/link]",
    "ansi": "\x1b[31mred\x1b[0m and \x1b[2J",
    "osc": "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07 and \x1b]0;title\x07",
    "bidi": "abc\u202eevil\u202c and \u2066isolate\u2069",
}


@pytest.mark.parametrize("mode", ["plain", "colour", "json"])
def test_hostile_text_is_shown_inert(mode: str, layer: Path, tmp_path: Path) -> None:
    text = (
        TOPIC.replace("id: beta", "id: hostile")
        .replace(
            "title: Beta pain",
            f"title: {json.dumps(HOSTILE['markup'])}\naliases: [{json.dumps(HOSTILE['bidi'])}]",
        )
        .replace(
            "text: Injections for beta pain; no controlled data.",
            f"text: {json.dumps(HOSTILE['ansi'] + ' ' + HOSTILE['osc'])}",
        )
    )
    write(layer, "topics/hostile.yaml", text)
    if mode == "colour":
        RUN_ENV["FORCE_COLOR"] = "1"
    args = ["--data-dir", str(layer), "topic", "hostile"] + (["--json"] if mode == "json" else [])
    status, out, err = run(args, tmp_path)
    assert status == 0, err
    for raw in ("\x1b[31m", "\x1b[2J", "\x1b]", "\x07", "\u202e", "\u2066"):
        assert raw not in out, f"{raw!r} reached the terminal"
    if mode == "json":
        payload = json.loads(out)
        assert payload["topic"]["title"] == HOSTILE["markup"]
        assert "\\x1b[31mred" in payload["topic"]["summary"]["text"]
    else:
        assert "[bold red]LOUD[/bold red]" in out  # markup printed as written
        assert "\\x1b[31mred" in out  # escape shown, not acted on
    assert "W404" in run(["validate", str(layer)], tmp_path)[1]


def test_hostile_file_names_are_shown_inert(layer: Path, tmp_path: Path) -> None:
    write(layer, "topics/\x1b[31mevil.yaml", "id: evil\n")
    status, _, err = run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
    assert status == 0
    assert "\x1b[31m" not in err and "\\x1b[31mevil.yaml" in err


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_the_reader_never_raises_on_any_bytes(data: bytes) -> None:
    result = parse_text(data, "fuzz.yaml")
    assert result.document is not None or result.problems


YAML_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
RECORDS = st.recursive(
    YAML_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "text",
                    "sources",
                    "summary",
                    "evidence",
                    "grade",
                    "reason",
                    "aliases",
                    "category",
                    "reviewed",
                    "values",
                    "value",
                    "about",
                    "x",
                ]
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(KINDS)), RECORDS)
def test_validation_accepts_or_reports_any_document(kind: str, document: object) -> None:
    import yaml

    text = yaml.safe_dump(document, allow_unicode=True)
    result = parse_text(text.encode(), "fuzz.yaml")
    if result.document is None:
        assert result.problems
        return
    loaded, problems, _ = validate_document(result.document, KINDS[kind], "fuzz.yaml", "fuzz")
    assert loaded is not None or any(p.is_error for p in problems)


# -- issue 9: no file can take a command down or make it slow --------------------------------

SOURCE = (GOOD / "sources" / "agency-2014.yaml").read_text("utf-8")


@pytest.mark.parametrize("number", ["2006_", "0x7D6", "0o17", "33:26:46", "9" * 5000, "1_000"])
def test_yaml_1_1_integers_are_data_errors_not_tracebacks(
    number: str, layer: Path, tmp_path: Path
) -> None:
    odd = SOURCE.replace("id: agency-2014", "id: odd-year").replace("year: 2014", f"year: {number}")
    assert f"year: {number}" in odd
    write(layer, "sources/odd-year.yaml", odd)
    for args in (["topic", "alpha"], ["sources"], ["search", "agency"]):
        status, out, err = run(["--data-dir", str(layer), *args], tmp_path)
        assert status == 0 and "Traceback" not in err, err
        assert "E205" in err or "E201" in err, err  # a malformed number or not a number
    status, out, err = run(["validate", str(layer)], tmp_path)
    assert status == 3 and ("E205" in out or "E201" in out) and "Traceback" not in err


def test_a_megabyte_scalar_repeated_through_aliases_is_refused(layer: Path, tmp_path: Path) -> None:
    """1 MB anchored and repeated 2,000 times exhausted memory and took every command down."""
    big = "x" * 60_000
    text = f"id: bomb\nterm: &t {big}\naliases: [" + ", ".join(["*t"] * 2000) + "]\n"
    write(layer, "glossary/bomb.yaml", text)
    for args in (["validate", str(layer)], ["--data-dir", str(layer), "topic", "alpha"]):
        status, out, err = run(args, tmp_path)
        assert "Traceback" not in err
        assert "E106" in out + err
    status, out, _ = run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
    assert status == 0 and out.startswith("Alpha condition\n")


def test_one_huge_text_is_refused_so_search_stays_fast(layer: Path, tmp_path: Path) -> None:
    """A 1.9 MB glossary entry made `search elastin` take about a minute."""
    body = "elastin " * 240_000
    write(
        layer,
        "glossary/huge.yaml",
        f"id: huge\nterm: Huge\ndefinition:\n  text: {body}\n  sources: [agency-2014]\n",
    )
    _status, out, err = run(["--data-dir", str(layer), "search", "elastin"], tmp_path)
    assert "E103" in err and "Traceback" not in err
    assert "huge" not in out


def test_thousands_of_dangling_ids_stay_cheap(
    layer: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """4,000 dangling `related:` ids made every index update take about 20 s: the file is
    refused past MAX_REFS_PER_FILE, and "did you mean" is worked out a bounded number of
    times (counted, not timed)."""
    calls = 0
    real = build.difflib.get_close_matches

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build.difflib, "get_close_matches", counting)
    ids = ", ".join(f"no-such-{i}" for i in range(4000))
    topic = TOPIC.replace("id: beta", "id: dangling") + f"related: [{ids}]\n"
    write(layer, "topics/dangling.yaml", topic)
    few = ", ".join(f"missing-{i}" for i in range(400))
    write(layer, "topics/many.yaml", TOPIC.replace("id: beta", "id: many") + f"related: [{few}]\n")
    _status, out, _err = run(["validate", str(layer)], tmp_path)
    assert "E106" in out and "E301" in out
    assert calls <= build.MAX_SUGGESTED


def test_search_work_is_bounded_by_query_length() -> None:
    """Search time grew with the square of the query's length."""
    assert len(terms("word " * 10_000)) == MAX_TERMS
    assert len(terms('"' + "a " * 10_000 + '"')) <= 1


def test_deeply_nested_folders_are_reported_not_a_recursion_error(
    layer: Path, tmp_path: Path
) -> None:
    deep = str(layer / "topics")
    for i in range(1100):  # one level at a time: pathlib's mkdir(parents=True) recurses
        deep = os.path.join(deep, f"d{i % 10}")
        os.mkdir(deep)
    with open(os.path.join(deep, "deep.yaml"), "w") as handle:
        handle.write("id: deep\n")
    try:
        status, out, err = run(["--data-dir", str(layer), "topic", "alpha"], tmp_path)
        assert status == 0 and "Traceback" not in err
        status, out, err = run(["validate", str(layer)], tmp_path)
        assert "W407" in out and "deeper than" in out
    finally:  # pytest's own clean-up recurses and would fail on this tree
        subprocess.run(["rm", "-rf", str(layer / "topics" / "d0")], check=True)


def test_nested_yaml_is_refused_with_a_position(tmp_path: Path) -> None:
    result = parse_text(("[" * 5000 + "]" * 5000).encode(), "deep.yaml")
    assert result.document is None and result.problems[0].code in ("E104", "E106")


def test_a_hyphenated_word_split_across_folded_lines_is_reported(
    layer: Path, tmp_path: Path
) -> None:
    """YAML folds "fat-" and "reducing" on two lines into "fat- reducing"; a suspended hyphen
    ("low- to moderate-quality") is written that way on purpose and is not reported."""
    term = (
        "id: split\nterm: Split\ndefinition:\n  text: >-\n"
        "    Fat-\n    reducing injections, with low-\n    to moderate-quality evidence.\n"
        "  sources: [study-2020]\n"
    )
    write(layer, "glossary/split.yaml", term)
    out = run(["validate", str(layer)], tmp_path)[1]
    assert "W411" in out and "'Fat- reducing'" in out
    assert "low- to" not in out
