"""Full-text search: ranking, stemming, accents, phrases, prefixes, and hostile queries."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mesoref.cli import app
from mesoref.kb import KnowledgeBase
from mesoref.search import END, START, highlights, plain, terms


def ids(kb: KnowledgeBase, query: str, kind: str | None = None) -> list[str]:
    return [hit.id for hit in kb.search(query, kind, 20).hits]


def test_title_matches_rank_above_body_matches(fixture_kb: KnowledgeBase) -> None:
    # "papule" is the title of one term and appears in the body of another (dermis's see-also
    # is an id, so it is not text); "wheal" is only an alias of papule.
    assert ids(fixture_kb, "papule")[0] == "papule"
    assert ids(fixture_kb, "wheal") == ["papule"]


def test_word_endings_do_not_matter(fixture_kb: KnowledgeBase) -> None:
    assert "alpha" in ids(fixture_kb, "injected")  # the text says "injections"
    assert ids(fixture_kb, "patients") == ids(fixture_kb, "patient")


def test_accents_are_folded(fixture_kb: KnowledgeBase) -> None:
    assert ids(fixture_kb, "Älpha") == ids(fixture_kb, "alpha")


def test_phrases_and_prefixes(fixture_kb: KnowledgeBase) -> None:
    assert "alpha" in ids(fixture_kb, '"salt solution"')
    assert "alpha" not in ids(fixture_kb, '"solution salt"')
    assert set(ids(fixture_kb, "contamin*")) >= {"infection"}


def test_kind_filter(fixture_kb: KnowledgeBase) -> None:
    assert {hit.kind for hit in fixture_kb.search("trial", "source", 20).hits} == {"source"}


def test_any_word_fallback_is_reported(fixture_kb: KnowledgeBase) -> None:
    results = fixture_kb.search("papule zzzqqq", None, 10)
    assert not results.all_words and [h.id for h in results.hits] == ["papule"]


def test_snippets_mark_the_matches(fixture_kb: KnowledgeBase) -> None:
    hit = fixture_kb.search("placebo", None, 1).hits[0]
    assert START in hit.snippet and END in hit.snippet
    text = plain(hit.snippet)
    assert [text[a:b].lower() for a, b in highlights(hit.snippet)] == ["placebo"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "a:b",
        "*",
        "^",
        "(",
        ")",
        "'; DROP TABLE fts; --",
        "col:alpha",
        '"unterminated',
        "\x00",
        "🙂",
        "-",
        "a AND",
    ],
)
def test_hostile_queries_never_fail(fixture_kb: KnowledgeBase, query: str) -> None:
    fixture_kb.search(query, None, 10)  # must not raise


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_valid_query(fixture_kb: KnowledgeBase, query: str) -> None:
    results = fixture_kb.search(query, None, 5)
    assert len(results.hits) <= 5


def test_terms_quote_every_word() -> None:
    assert terms('hair loss "fine needle" meso*') == [
        '"hair"',
        '"loss"',
        '"fine needle"',
        '"meso"*',
    ]
    assert terms("!!! ???") == []


@pytest.mark.usefixtures("clean_env")
def test_search_command_on_built_in_data(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "mycobacterial", "infection", "--json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["hits"][0]["id"] == "ntm-infection"
    assert all(h["snippet"] and "\x02" not in h["snippet"] for h in payload["hits"])


@pytest.mark.usefixtures("clean_env")
def test_no_hits_says_so_with_near_names_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "celullite"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no matches for 'celullite'" in result.stderr
    assert "cellulite" in result.stderr


@pytest.mark.usefixtures("clean_env")
def test_limit_must_be_positive(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "fat", "--limit", "0"])
    assert result.exit_code == 2
