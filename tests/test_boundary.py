"""The output boundary: nothing a terminal would act on reaches it from data, paths, the index
or cached pages, in any output mode."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesoref.launch.inert import escape, inert, inert_field, safe_output

from .harness import clean_environment, run_here, run_installed

DANGEROUS_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs")
ATTACK = "x\x1b]52;c;ZXZpbA==\x1b\\\x1b[2J\u202eevil\u2066\u200b\U000e0041\x85\u2028"
MODES = {
    "plain": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    "json": {},
    "tsv": {},
}


def q(text: str) -> str:
    """A YAML double-quoted scalar that spells every character exactly, escapes included."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and code < 0x10000:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def dangerous(text: str) -> list[str]:
    """Characters a terminal would act on, other than newline, tab and our own SGR codes."""
    found = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\x1b" and text.startswith("\x1b[", index):
            end = index + 2
            while end < len(text) and text[end] in "0123456789;":
                end += 1
            if end < len(text) and text[end] == "m":
                index = end + 1
                continue
        if char not in "\n\t" and (
            unicodedata.category(char) in DANGEROUS_CATEGORIES or 0xE0000 <= ord(char) <= 0xE007F
        ):
            found.append(char)
        index += 1
    return found


def test_every_dangerous_code_point_is_escaped() -> None:
    """Exhaustive over Unicode: C0/C1 controls, format characters (bidi, zero-width, tags,
    U+061C), line and paragraph separators and surrogates."""
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if (unicodedata.category(chr(code)) in DANGEROUS_CATEGORIES or 0xE0000 <= code <= 0xE007F)
        and chr(code) not in "\n\t"
        and inert(chr(code)) == chr(code)
    ]
    assert missed == []


def test_newline_and_tab_are_kept_in_text_and_escaped_in_fields() -> None:
    assert inert("a\n\tb") == "a\n\tb"
    assert inert_field("a\n\tb") == "a\\x0a\\x09b"
    assert escape("\udcff") == "\\xff"  # an undecodable byte of a file name shows as that byte


@given(st.text())
def test_inert_text_has_nothing_dangerous_and_is_stable(text: str) -> None:
    shown = inert(text)
    assert dangerous(shown) == []
    assert inert(shown) == shown


def test_safe_output_passes_our_colours_only() -> None:
    ours = "\x1b[1;36mHeading\x1b[0m"
    assert safe_output(ours, colour=True) == ours
    assert dangerous(safe_output(ours, colour=False)) == []
    assert safe_output("\x1b[2J\x1b]52;c;x\x07", colour=True) == "\\x1b[2J\\x1b]52;c;x\\x07"


@pytest.fixture
def hostile_layer(tmp_path: Path) -> Path:
    """A data layer whose every kind of field carries escape sequences (see issue 9)."""
    layer = tmp_path / "hostile"
    (layer / "glossary").mkdir(parents=True)
    (layer / "topics").mkdir()
    (layer / "glossary" / "papule.yaml").write_text(
        "id: papule\n"
        f"term: {q('Papule ' + ATTACK)}\n"
        "definition:\n"
        f"  text: {q('A bump ' + ATTACK)}\n"
        f"  sources: [has-2014, {q(ATTACK)}]\n"
        f"see_also: [{q(ATTACK)}]\n"
        f"aliases: [{q('alias' + ATTACK)}]\n",
        encoding="utf-8",
    )
    (layer / "topics" / "hostile.yaml").write_text(
        "id: hostile\n"
        f"title: {q('Hostile ' + ATTACK)}\n"
        "category: aesthetic\n"
        "reviewed: 2026-11-01\n"
        f"summary: {{text: {q(ATTACK)}, sources: [has-2014]}}\n"
        "evidence:\n"
        "  grade: insufficient\n"
        f"  reason: {q(ATTACK)}\n"
        f"  about: {q(ATTACK)}\n"
        "  sources: [has-2014]\n"
        f"related: [{q(ATTACK)}]\n"
        f"risks: [{q(ATTACK)}]\n",
        encoding="utf-8",
    )
    return layer


COMMANDS = [
    ["glossary", "papule"],
    ["glossary"],
    ["topic", "hostile"],
    ["topics"],
    ["search", "bump"],
    ["validate"],
    ["paths"],
    ["index"],
    ["show", "papule"],
    ["evidence"],
]


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_hostile_fields_reach_no_terminal_raw(
    hostile_layer: Path, tmp_path: Path, args: list[str], mode: str, env: dict[str, str]
) -> None:
    """The critical defect of issue 9: a `see_also` holding OSC 52 and a screen clear was
    written raw.  No field, reference, alias, file name or problem message may be."""
    flags = {"json": ["--json"], "tsv": ["--plain"]}.get(mode, [])
    env = {**env, **MODES[mode]}
    ran = run_here(["--data-dir", str(hostile_layer), *args, *flags], env, tmp_path)
    assert ran.code in (0, 1, 3), ran
    assert "E104" not in ran.out + ran.err, "the hostile file must be read, not rejected"
    assert dangerous(ran.out) == [], ran.out
    assert dangerous(ran.err) == [], ran.err
    assert "Traceback" not in ran.err
    if mode == "json" and ran.out:
        json.loads(ran.out)  # escaped, yet still exactly the data


def test_json_keeps_the_data_exact(
    hostile_layer: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    ran = run_here(
        ["--data-dir", str(hostile_layer), "glossary", "papule", "--json"], env, tmp_path
    )
    term = json.loads(ran.out)["terms"][0]
    # A later layer adds to a list of links (the built-in ones stay): the hostile one is last.
    assert term["see_also"][-1] == ATTACK
    assert "\x1b" not in ran.out and "\u202e" not in ran.out


def test_hostile_file_and_folder_names_are_shown_inert(tmp_path: Path, env: dict[str, str]) -> None:
    layer = tmp_path / "layer\x1b[2J"
    topics = layer / "topics"
    topics.mkdir(parents=True)
    (topics / "bad\x1b]52;c;x\x07.yaml").write_text("id: [", encoding="utf-8")
    undecodable = os.fsencode(str(topics)) + b"/caf\xe9.yaml"
    with open(undecodable, "wb") as handle:
        handle.write(b"id: cafe\n")
    for args in (["validate", str(layer)], ["--data-dir", str(layer), "topics"]):
        ran = run_installed(args, env)
        assert "Traceback" not in ran.err, ran
        assert dangerous(ran.out) == [] and dangerous(ran.err) == [], ran
    ran = run_installed(["validate", str(layer)], env)
    assert ran.code == 3
    assert "caf\\xe9.yaml" in ran.err + ran.out


def test_a_layer_path_that_is_not_utf8_answers(tmp_path: Path, env: dict[str, str]) -> None:
    layer = os.fsencode(str(tmp_path)) + b"/la\xffyer"
    os.makedirs(layer + b"/topics")
    ran = run_installed([b"--data-dir", layer, b"topic", b"cellulite"], env)
    assert ran.code == 0, ran
    assert "Traceback" not in ran.err


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=40))
def test_any_text_in_a_definition_is_shown_inert(text: str, probe_layer: Path) -> None:
    """Property: whatever a data field holds, stdout carries nothing dangerous."""
    (probe_layer / "layer" / "glossary" / "probe.yaml").write_text(
        f"id: probe\nterm: Probe\ndefinition:\n  text: {q(text)}\n  sources: [has-2014]\n",
        encoding="utf-8",
    )
    env = clean_environment(probe_layer, FORCE_COLOR="1", XDG_CACHE_HOME=str(probe_layer / "c"))
    layer = str(probe_layer / "layer")
    ran = run_here(["--data-dir", layer, "glossary", "probe"], env, probe_layer)
    assert dangerous(ran.out) == [] and dangerous(ran.err) == []


@pytest.fixture(scope="module")
def probe_layer(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    """One layer for every example: each rewrites its file, so only that file is read again."""
    import shutil

    root = tmp_path_factory.mktemp("probe")
    (root / "layer" / "glossary").mkdir(parents=True)
    shutil.copytree(
        shared_cache / "mesoref", root / "c" / "mesoref", ignore=shutil.ignore_patterns("pages")
    )
    return root


def test_characters_counted_narrow_without_unicodedata_are_narrow() -> None:
    """`cell_width` skips unicodedata for the ranges in `NARROW`; every character in them
    must be one cell wide by unicodedata's own account."""
    import unicodedata

    from mesoref.launch.wrap import NARROW

    for low, high in NARROW:
        for code in range(low, high):
            char = chr(code)
            if unicodedata.category(char) in ("Cc", "Cf", "Cs"):
                continue  # never reaches layout: the output boundary escapes it first
            assert not unicodedata.combining(char), hex(code)
            assert unicodedata.east_asian_width(char) not in ("W", "F"), hex(code)
            assert char not in "\u200b\u200c\u200d\ufeff", hex(code)
