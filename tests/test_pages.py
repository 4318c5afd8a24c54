"""Pages: exact renders at fixed widths (goldens), the answer first, and layout rules that hold
for every page of the built-in data."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from mesoref.app import page_text
from mesoref.index.kb import KnowledgeBase
from mesoref.launch.argv import parse
from mesoref.launch.wrap import cell_width
from mesoref.output import blocks
from mesoref.output.jsonenc import dumps, envelope
from mesoref.output.rows import tsv

SGR = re.compile(r"\x1b\[[0-9;]*m")


class Stub:
    """What a command's view needs of a run: the knowledge base and the terminal facts."""

    def __init__(self, kb: KnowledgeBase, terminal: bool = True, plain: bool = False) -> None:
        self.kb = kb
        self.terminal = terminal
        self.plain = plain
        self.json = False
        self.environ: dict[str, str] = {}
        self.layers = list(kb.layers)
        self.cache_dir = None


def flat(text: str) -> str:
    """Text with every run of white space as one space (so phrases survive wrapping)."""
    return " ".join(text.split())


def answer(
    kb: KnowledgeBase, argv: list[str], width: int = 80, colour: bool = False, mode: str = "page"
) -> str:
    call = parse(argv)
    assert call.command is not None
    module: Any = importlib.import_module(call.command.module)
    view = module.view(Stub(kb, plain=mode == "plain"), **call.params)
    if mode == "json":
        return dumps(envelope(**module.data(view)))
    if mode == "plain":
        return (
            tsv(module.rows(view))
            if hasattr(module, "rows")
            else page_text(module.page(view), kb, blocks.UNLIMITED, False)
        )
    return page_text(module.page(view), kb, width, colour)


PAGES = {
    "topic-alpha": ["topic", "alpha"],
    "topic-alpha-brief": ["topic", "alpha", "--brief"],
    "topic-alpha-evidence": ["topic", "alpha", "--section", "evidence,changes"],
    "topic-beta": ["topic", "beta"],
    "topics": ["topics"],
    "risks": ["risks"],
    "history": ["history"],
    "history-brief": ["history", "--brief"],
    "substances": ["substances"],
    "substance-salt": ["substance", "salt"],
    "sources": ["sources"],
    "source-seed": ["source", "seed-a.txt"],
    "glossary": ["glossary"],
    "claims": ["claims"],
    "evidence": ["evidence"],
    "contraindications": ["contraindications"],
    "about": ["about"],
    "search": ["search", "injection"],
    "show-risk": ["show", "infection"],
    "show-claim": ["show", "seed-a-immediate"],
    "show-event": ["show", "1950-06-society"],
}


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_matches_golden(
    fixture_kb: KnowledgeBase,
    golden: Callable[[str, str], None],
    page: str,
    width: int,
    colour: bool,
) -> None:
    name = f"render/{page}-{width}-{'colour' if colour else 'plain'}.txt"
    golden(name, answer(fixture_kb, PAGES[page], width, colour))


JSON = [
    "topic-alpha",
    "risks",
    "history",
    "substance-salt",
    "source-seed",
    "glossary",
    "claims",
    "search",
    "show-risk",
]


@pytest.mark.parametrize("page", JSON)
def test_json_matches_golden(
    fixture_kb: KnowledgeBase, golden: Callable[[str, str], None], page: str
) -> None:
    text = answer(fixture_kb, PAGES[page], mode="json")
    assert json.loads(text)["schema"] == 1
    golden(f"json/{page}.json", text)


@pytest.mark.parametrize("page", list(PAGES))
def test_colour_differs_from_plain_only_by_escape_codes(
    fixture_kb: KnowledgeBase, page: str
) -> None:
    plain = answer(fixture_kb, PAGES[page], 80, False)
    coloured = answer(fixture_kb, PAGES[page], 80, True)
    assert SGR.sub("", coloured) == plain
    assert "\x1b" not in plain


@pytest.mark.parametrize("width", [20, 40, 59, 60, 80, 300])
@pytest.mark.parametrize("page", list(PAGES))
def test_lines_fit_the_width_unless_one_word_cannot_be_broken(
    fixture_kb: KnowledgeBase, page: str, width: int
) -> None:
    for line in answer(fixture_kb, PAGES[page], width).splitlines():
        if cell_width(line) > width:
            # Only one unbreakable unit may run past the width, alone on its line: a word
            # (a URL, a path, an id) or a command to type.
            unit = line.strip().removeprefix("• ")
            assert len(unit.split()) == 1 or unit.startswith("mesoref "), line


def test_urls_are_never_cut(fixture_kb: KnowledgeBase) -> None:
    url = "https://example.org/a/very/long/path/that/does/not/fit/in/forty/columns/study-2020"
    for width in (20, 40, 80):
        # A reference gives the DOI instead of an address once it has one (Vancouver).
        assert "10.1000/example.2020.1" in answer(fixture_kb, ["topic", "alpha"], width)
        assert url in answer(fixture_kb, ["source", "study-2020"], width)
        assert "…" not in answer(fixture_kb, ["sources"], width)


def test_below_sixty_columns_tables_stack_their_fields(fixture_kb: KnowledgeBase) -> None:
    narrow = answer(fixture_kb, ["substances"], 59)
    wide = answer(fixture_kb, ["substances"], 60)
    assert "salt  " in wide and not any(
        line.startswith("salt ") and "[limited]" in line for line in narrow.splitlines()
    )
    assert all(len(line.split()) >= 1 for line in narrow.splitlines() if line)


@pytest.mark.parametrize("page", list(PAGES))
def test_plain_output_is_never_wrapped(fixture_kb: KnowledgeBase, page: str) -> None:
    text = answer(fixture_kb, PAGES[page], mode="plain")
    assert "\x1b" not in text
    if page in ("topics", "risks", "sources", "claims", "glossary", "substances"):
        lines = text.splitlines()
        assert lines and all("\t" in line for line in lines)


def test_the_topic_page_answers_first(fixture_kb: KnowledgeBase) -> None:
    """Key points (what it is, whether it works and what the grade is about, risks incl. those
    of any injection, what works instead, where next) before any detail."""
    page = flat(answer(fixture_kb, ["topic", "alpha"]))
    order = [
        "What it is:",
        "Does it work?",
        "this grades salt solution injected into the skin",
        "Main risks:",
        "those of any injection",
        "What works instead: Topical cream",
        "Next:",
        "What is done",
        "The evidence, outcome by outcome",
        "What works instead • Topical cream:",
        "Risks and who should not have it",
        "Sources",
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_the_brief_page_is_key_points_and_disclaimer(fixture_kb: KnowledgeBase) -> None:
    page = answer(fixture_kb, ["topic", "alpha", "--brief"])
    assert "What is done" not in page and "Health information, not medical advice" in page
    assert len(page.splitlines()) <= 24


def test_sources_are_numbered_in_reading_order(fixture_kb: KnowledgeBase) -> None:
    page = answer(fixture_kb, ["topic", "alpha"])
    first = [int(n) for n in re.findall(r"\[(\d+)(?:, \d+)*\]", page)]
    assert first[:3] == sorted(first[:3]) and first[0] == 1


def test_outcomes_are_worded_as_cochrane_words_them(fixture_kb: KnowledgeBase) -> None:
    page = flat(answer(fixture_kb, ["topic", "alpha", "--section", "evidence"]))
    assert "may reduce [low certainty]" in page
    assert "no controlled study found" in page
    assert "Why this certainty:" in page


def test_substance_grades_say_they_grade_injection(fixture_kb: KnowledgeBase) -> None:
    page = flat(answer(fixture_kb, ["substance", "salt"]))
    assert "Does it work as mesotherapy?" in page and "this grades injection into the skin" in page
    assert "Licensed uses" in page
    listing = flat(answer(fixture_kb, ["substances"]))
    assert "Grades are for injection into the skin as mesotherapy" in listing


def test_the_risks_page_opens_with_an_overview(fixture_kb: KnowledgeBase) -> None:
    page = flat(answer(fixture_kb, ["risks"]))
    assert page.index("2 risks are recorded") < page.index("Severe risks")
    assert "unknown for 1 of 2" in page
    assert "Known from one licensed drug's label" in page and "Bruising (Salt solution)" in page


def test_history_opens_with_key_dates_and_sorts_strictly_by_date(fixture_kb: KnowledgeBase) -> None:
    page = answer(fixture_kb, ["history"])
    assert page.index("Key dates") < page.index("Every event, by date")
    events = re.findall(r"^• (\d{4}(?:-\d\d)?)", page, re.M)
    assert events == sorted(events)


def test_claims_on_a_topic_show_corrections_and_count_the_rest(fixture_kb: KnowledgeBase) -> None:
    page = answer(fixture_kb, ["topic", "alpha", "--section", "claims"])
    assert "[incorrect]" in page and "Correction:" in page
    assert "mesoref claims --topic alpha" in page
    assert "seed" not in page.lower().replace("seed-a", "")
