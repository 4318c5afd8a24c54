"""`mesoref check`: a page's text as sentences, its sentences matched to judged claims, through
the installed command with stdin, files and HTML, and the five web articles mesoref audits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesoref.checking.match import Matcher
from mesoref.checking.text import from_html, from_markdown, plain_text, sentences
from mesoref.errors import ExitCode
from mesoref.index.kb import KnowledgeBase

from .harness import SHARED, run_installed

LIPO = "Mesotherapy is a non-surgical alternative to liposuction."
NEUTRAL = "We are open from Monday to Friday, and parking is free."


def test_sentences_split_at_sentence_ends_and_blocks() -> None:
    text = "Dr. Pistor wrote in 1958. It works! Does it? A 2.5 mg dose.\n\nA heading\nNext line."
    assert sentences(text) == [
        "Dr. Pistor wrote in 1958.",
        "It works!",
        "Does it?",
        "A 2.5 mg dose.",
        "A heading Next line.",
    ]


def test_html_loses_its_tags_scripts_and_styles() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>var claim = 'Mesotherapy melts fat.';</script><h1>Our clinic</h1>"
        "<p>First &amp; <b>second</b>.</p><ul><li>One item</li><li>Two</li></ul></body></html>"
    )
    found = sentences(plain_text(html))
    assert found == ["Our clinic", "First & second.", "One item", "Two"]
    assert "melts" not in from_html(html)


def test_markdown_loses_its_marks() -> None:
    text = "# Title\n\n- **Bold** item with a [link](https://x.example)\n- `code` item"
    assert sentences(from_markdown(text)) == ["Title", "Bold item with a link", "code item"]


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_text_splits_into_sentences_that_keep_its_words(text: str) -> None:
    found = sentences(plain_text(text))
    assert all(s and s == s.strip() and len(s) <= 1000 for s in found)
    # Nothing is invented: every sentence's words come from the input.
    words = set(" ".join(found).split())
    assert words <= set(plain_text(text).split()) | {w for w in words if "\ufffd" in w}


@pytest.fixture(scope="module")
def matcher(builtin_kb: KnowledgeBase) -> Matcher:
    return Matcher(builtin_kb.all("claim"))


def test_a_restated_claim_is_matched_and_a_neutral_sentence_is_not(matcher: Matcher) -> None:
    lipo, neutral = matcher.match([LIPO, NEUTRAL])
    assert lipo and lipo[0].claim == "000-alternative-to-liposuction"
    assert neutral == []


def test_matches_are_best_first_and_at_most_three(matcher: Matcher) -> None:
    for found in matcher.match([LIPO, "Michel Pistor invented mesotherapy in France in 1952."]):
        scores = [m.score for m in found]
        assert scores == sorted(scores, reverse=True) and 1 <= len(found) <= 3


def test_check_reads_stdin_and_says_resembles(env: dict[str, str]) -> None:
    ran = run_installed(["check", "-"], env, stdin=f"{LIPO} {NEUTRAL}".encode())
    assert ran.code == 0, ran
    assert "resembles a claim rated [incorrect]" in ran.out
    assert "mesoref show 000-alternative-to-liposuction" in ran.out
    assert "2 sentences; 1 resemble a known claim" in ran.out


def test_check_json_lists_every_sentence(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{LIPO}</p><p>{NEUTRAL}</p></body></html>", "utf-8")
    ran = run_installed(["--json", "check", str(page)], env)
    document = json.loads(ran.out)
    assert [s["text"] for s in document["sentences"]] == [LIPO, NEUTRAL]
    first, second = document["sentences"]
    assert first["matches"][0]["id"] == "000-alternative-to-liposuction"
    assert first["matches"][0]["verdict"] == "incorrect"
    assert first["matches"][0]["correction"]
    assert second["matches"] == []
    assert document["summary"]["sentences"] == 2 and document["summary"]["matched"] == 1


def test_fail_on_exits_5_only_for_the_named_verdicts(env: dict[str, str]) -> None:
    failing = run_installed(
        ["check", "--fail-on", "incorrect,unsupported"], env, stdin=LIPO.encode()
    )
    assert failing.code == ExitCode.FLAGGED == 5, failing
    assert "--fail-on" in failing.err
    passing = run_installed(["check", "--fail-on", "supported"], env, stdin=LIPO.encode())
    assert passing.code == 0, passing


def test_bad_input_gets_a_clear_message(env: dict[str, str], tmp_path: Path) -> None:
    unknown = run_installed(["check", "--fail-on", "wrong"], env, stdin=b"x")
    assert unknown.code == ExitCode.USAGE and "unknown verdict 'wrong'" in unknown.err
    missing = run_installed(["check", str(tmp_path / "nope.html")], env)
    assert missing.code == ExitCode.USAGE and "cannot read" in missing.err
    folder = run_installed(["check", str(tmp_path)], env)
    assert folder.code == ExitCode.USAGE and "is a directory" in folder.err


def test_empty_or_binary_input_is_an_error_not_a_clean_page(
    env: dict[str, str], tmp_path: Path
) -> None:
    empty = run_installed(["check", "-", "--fail-on", "incorrect"], env, stdin=b"")
    assert empty.code == ExitCode.USAGE and "nothing to check" in empty.err
    binary = tmp_path / "page.bin"
    binary.write_bytes(b"\x00\x01\x02 binary")
    assert run_installed(["check", str(binary)], env).code == ExitCode.USAGE
    utf16 = tmp_path / "page16.txt"
    utf16.write_bytes(LIPO.encode("utf-16"))
    ran = run_installed(["--json", "check", str(utf16)], env)
    assert json.loads(ran.out)["sentences"][0]["matches"][0]["id"] == (
        "000-alternative-to-liposuction"
    )


def test_fail_on_reads_the_closest_match_only(env: dict[str, str]) -> None:
    # Closest to a supported claim; a weaker match to an incorrect one must not fail it.
    text = b"Mesotherapy was developed in France by Dr Michel Pistor in 1952."
    ran = run_installed(["--json", "check", "--fail-on", "incorrect"], env, stdin=text)
    top = json.loads(ran.out)["sentences"][0]["matches"][0]
    assert top["verdict"] == "supported" and ran.code == 0, ran


SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


@pytest.mark.skipif(not SEEDS, reason="the seed documents are not beside the project")
def test_the_seed_articles_show_most_of_their_incorrect_claims(
    env: dict[str, str], builtin_kb: KnowledgeBase
) -> None:
    incorrect = {c["id"] for c in builtin_kb.all("claim") if c["verdict"] == "incorrect"}
    found: set[str] = set()
    for seed in SEEDS:
        document = json.loads(run_installed(["--json", "check", str(seed)], env).out)
        found |= {m["id"] for s in document["sentences"] for m in s["matches"]}
    # Measured 26 of 28 on 2026-12-01 (bench/RESULTS.md); a regression below 24 fails.
    assert len(found & incorrect) >= 24, sorted(incorrect - found)
