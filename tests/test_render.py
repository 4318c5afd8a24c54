"""Every page rendered from the fixture data at fixed widths, plain and in colour, against
golden files (regenerate with `pytest --update-goldens`)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import RenderableType

from mesoref import jsonout, render, views
from mesoref.kb import KnowledgeBase
from mesoref.output import Output
from mesoref.schema import Substance

PAGES: dict[str, Callable[[KnowledgeBase], RenderableType]] = {
    "topic-alpha": lambda kb: render.topic_page(views.topic_view(kb, "alpha")),
    "topics": lambda kb: render.topics_page(views.topics_by_category(kb)),
    "risks": lambda kb: render.risks_page(views.risks_view(kb, None, None)),
    "risks-topic-beta": lambda kb: render.risks_page(views.risks_view(kb, "beta", None)),
    "history": lambda kb: render.history_page(views.history_view(kb, None, None)),
    "substances": lambda kb: render.substances_page(
        [s for s in kb.all("substance") if isinstance(s, Substance)]
    ),
    "substance-salt": lambda kb: render.substance_page(views.substance_view(kb, "saline")),
    "sources": lambda kb: render.sources_page(views.sources_by_kind(kb)),
    "source-seed": lambda kb: render.source_page(views.source_view(kb, "seed-a.txt")),
    "glossary": lambda kb: render.glossary_page(views.glossary_view(kb, None)),
    "claims": lambda kb: render.claims_page(views.claims_view(kb, None, None)),
    "evidence": lambda kb: render.evidence_page(views.evidence_map(kb)),
    "contraindications": lambda kb: render.contraindications_page(
        *views.contraindications_list(kb)
    ),
    "about": lambda kb: render.about_page(views.about_view(kb), "0.0.0"),
}

JSON: dict[str, Callable[[KnowledgeBase], Any]] = {
    "topic-alpha": lambda kb: jsonout.topic(views.topic_view(kb, "alpha")),
    "risks": lambda kb: jsonout.risks(views.risks_view(kb, None, None)),
    "history": lambda kb: jsonout.history(views.history_view(kb, None, None)),
    "source-seed": lambda kb: jsonout.source(views.source_view(kb, "seed-a.txt")),
    "claims": lambda kb: jsonout.claims(views.claims_view(kb, None, None)),
    "glossary": lambda kb: jsonout.glossary(views.glossary_view(kb, None)),
    "substance-salt": lambda kb: jsonout.substance(views.substance_view(kb, "salt")),
}

MODES = {
    "plain": {},
    "colour": {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
}


def rendered(kb: KnowledgeBase, page: str, width: int, mode: str) -> str:
    environ = {"COLUMNS": str(width), **MODES[mode]}
    return Output(environ, stdout=io.StringIO()).render(PAGES[page](kb))


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_matches_golden(
    fixture_kb: KnowledgeBase, golden: Callable[[str, str], None], page: str, width: int, mode: str
) -> None:
    golden(f"render/{page}-{width}-{mode}.txt", rendered(fixture_kb, page, width, mode))


@pytest.mark.parametrize("page", list(JSON))
def test_json_matches_golden(
    fixture_kb: KnowledgeBase, golden: Callable[[str, str], None], page: str
) -> None:
    text = json.dumps(JSON[page](fixture_kb), indent=2, ensure_ascii=False) + "\n"
    golden(f"json/{page}.json", text)


@pytest.mark.parametrize("page", list(PAGES))
def test_plain_output_has_no_escape_codes_and_fits_the_width(
    fixture_kb: KnowledgeBase, page: str
) -> None:
    text = rendered(fixture_kb, page, 40, "plain")
    assert "\x1b" not in text
    assert max(len(line) for line in text.splitlines()) <= 40
    assert not any(line != line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("page", list(PAGES))
def test_colour_output_differs_from_plain_only_by_escape_codes(
    fixture_kb: KnowledgeBase, page: str
) -> None:
    import re

    colour = rendered(fixture_kb, page, 80, "colour")
    assert "\x1b[" in colour
    assert re.sub(r"\x1b\[[0-9;]*m", "", colour) == rendered(fixture_kb, page, 80, "plain")


def test_topic_page_numbers_sources_in_reading_order(fixture_kb: KnowledgeBase) -> None:
    text = rendered(fixture_kb, "topic-alpha", 120, "plain")
    # The summary cites study-2020 first, so it is [1]; the seed first appears in "what is done".
    assert "one small trial found a modest effect. [1]" in text
    assert "every two weeks. [1, 2]" in text
    assert "[1] Doe J, Roe R (2020). A randomised trial of example injections." in text
    assert "[2] An example clinic page. Seed document." in text
    assert " ".join(text.split()).endswith(render.DISCLAIMER)  # the page ends with it, once
    assert text.count("not medical advice") == 1


def test_disputed_history_shows_every_value_with_its_source(fixture_kb: KnowledgeBase) -> None:
    text = rendered(fixture_kb, "history", 120, "plain")
    assert "Disputed: Year of founding" in text
    assert "• 1950 [1]" in text and "• 1952 [2]" in text
    assert "1900 to 1905" in text
