"""Search: ranked, forgiving, bounded, and any text is a valid query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mesoref.index.kb import KnowledgeBase
from mesoref.index.search import END, START, highlights, plain, terms


def test_title_matches_rank_above_body_matches(fixture_kb: KnowledgeBase) -> None:
    hits = fixture_kb.search("alpha", None, 10).hits
    assert hits[0].id == "alpha"


def test_an_exact_name_ranks_first(builtin_kb: KnowledgeBase) -> None:
    assert builtin_kb.search("mesotherapy", None, 10).hits[0].id == "mesotherapy"
    assert builtin_kb.search("hair loss", None, 10).hits[0].id == "hair-loss"
    assert builtin_kb.search("orange peel skin", None, 10).hits[0].id == "cellulite"


def test_word_endings_and_accents_do_not_matter(builtin_kb: KnowledgeBase) -> None:
    assert builtin_kb.search("injections", None, 5).hits
    assert builtin_kb.search("decollete", None, 5).hits


def test_phrases_and_prefixes(fixture_kb: KnowledgeBase) -> None:
    assert fixture_kb.search('"salt solution"', None, 5).hits
    assert fixture_kb.search("inject*", None, 5).hits


def test_kind_filter(fixture_kb: KnowledgeBase) -> None:
    assert {h.kind for h in fixture_kb.search("injection", "claim", 10).hits} <= {"claim"}


def test_any_word_fallback_is_reported(fixture_kb: KnowledgeBase) -> None:
    results = fixture_kb.search("salt zebra", None, 10)
    assert results.hits and not results.all_words


def test_snippets_come_from_the_text_not_the_aliases(builtin_kb: KnowledgeBase) -> None:
    """`search orange peel` found cellulite by alias; its snippet must be body text."""
    hit = builtin_kb.search("gynoid", "topic", 1).hits[0]
    assert hit.id == "cellulite"
    assert "gynoid lipodystrophy · " not in plain(hit.snippet)


def test_snippets_mark_the_matches(fixture_kb: KnowledgeBase) -> None:
    hit = fixture_kb.search("smooth", None, 1).hits[0]
    assert START in hit.snippet and END in hit.snippet
    shown = plain(hit.snippet)
    assert all(shown[a:b].lower().startswith("smooth") for a, b in highlights(hit.snippet))


@pytest.mark.parametrize(
    "query",
    ['"', "AND", "OR NOT", "a:b", "(x", "*", "^", "NEAR(a b)", "'; DROP TABLE fts; --", "\x00"],
)
def test_hostile_queries_never_fail(fixture_kb: KnowledgeBase, query: str) -> None:
    fixture_kb.search(query, None, 10)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_a_valid_query(fixture_kb: KnowledgeBase, query: str) -> None:
    fixture_kb.search(query, None, 5)


def test_terms_quote_every_word() -> None:
    assert terms('skin "dark circles" inject* OR') == [
        '"skin"',
        '"dark circles"',
        '"inject"*',
        '"OR"',
    ]
