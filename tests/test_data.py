"""The built-in knowledge base itself: valid, cross-referenced, complete, current, and in our
own words; and every page of it renders within the rules."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mesoref.index.kb import KnowledgeBase
from mesoref.launch.wrap import cell_width
from mesoref.model.kinds import KINDS

from .harness import ROOT, SHARED, TESTS
from .test_pages import answer

FACTS = SHARED / "research" / "FACTS.md"
OVERLAP_TOOL = SHARED / "tools" / "seed_overlap.py"
COVERAGE = yaml.safe_load((TESTS / "fixtures" / "seed-coverage.yaml").read_text("utf-8"))
# The five web articles mesoref audits, in the order of their files in ../shared/seeds
# (000_… to 004_…): each source record says which file it is.
SEEDS = (
    "clinic-page-information-about-mesotherapy",
    "guide-to-mesotherapy",
    "clinic-page-what-is-mesotherapy",
    "wikipedia-mirror-mesotherapy",
    "beauty-page-facial-mesotherapy",
)
needs_shared = pytest.mark.skipif(
    not FACTS.exists(), reason=f"../shared is not beside the checkout ({SHARED} is missing)"
)
INDICATIONS = ("aesthetic", "medical")
REVIEWED_BY = "2026-12-01"


def test_built_in_data_has_no_problems_at_all(builtin_kb: KnowledgeBase) -> None:
    """Schema-valid, every reference resolves, no duplicate names, no orphans, no style issues."""
    assert [str(p) for p in builtin_kb.problems] == []


def test_built_in_data_has_no_warnings_as_of_its_review(shared_cache: Path) -> None:
    """What `mesoref validate --strict` checks in CI, as of the review date (so that the
    review-age warnings, which depend on today's date, are left to CI): a topic about
    injections that names no risk of its own (W410) broke CI once."""
    from mesoref.commands.validate import lint
    from mesoref.reading.layers import Layer, builtin_data_dir

    builtin = builtin_data_dir()
    layers = [Layer(0, builtin, "built-in", builtin)]
    report = lint(layers, layers, datetime.date.fromisoformat(REVIEWED_BY))
    assert [str(p) for p in report.problems] == []


def test_every_kind_has_records(builtin_kb: KnowledgeBase) -> None:
    counts = {kind: builtin_kb.count(kind) for kind in KINDS}
    assert all(counts.values()), counts


def test_no_topic_is_reviewed_in_the_future(builtin_kb: KnowledgeBase) -> None:
    today = datetime.date.today().isoformat()
    assert all(t["reviewed"] <= today for t in builtin_kb.all("topic"))


def test_every_seed_is_a_source_with_claims_audited(builtin_kb: KnowledgeBase) -> None:
    per_seed = Counter(c["source"] for c in builtin_kb.all("claim"))
    for seed in SEEDS:
        source = builtin_kb.get("source", seed)
        assert source is not None and source["kind"] == "seed-document"
        assert per_seed[seed] >= 10, f"{seed} has only {per_seed[seed]} claims"


def test_every_claim_judged_incorrect_has_a_correction(builtin_kb: KnowledgeBase) -> None:
    for claim in builtin_kb.all("claim"):
        if claim["verdict"] == "incorrect":
            assert claim["correction"] is not None, claim["id"]


def test_seed_claim_inventory_is_covered(builtin_kb: KnowledgeBase) -> None:
    """Every claim row of the research inventory maps to a claim record with a verdict."""
    for row in COVERAGE["inventory"]:
        assert row["claims"], row["row"]
        for claim_id in row["claims"]:
            assert builtin_kb.get("claim", claim_id) is not None, f"{row['row']}: {claim_id}"


@needs_shared
def test_every_error_in_facts_is_a_claim_judged_wrong(builtin_kb: KnowledgeBase) -> None:
    text = FACTS.read_text("utf-8")
    section = text.split("## 11.", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (E\d+) \| ([^|]*) \|", section, re.MULTILINE)
    assert len(rows) >= 40
    for number, seeds_cell in rows:
        mapped = COVERAGE["errors"].get(number)
        assert mapped, f"{number} of FACTS.md has no claim record"
        claims = [builtin_kb.get("claim", i) for i in mapped]
        assert all(claims), number
        assert any(c["verdict"] != "supported" for c in claims), number
        named = {SEEDS[int(n)] for n in re.findall(r"\b(00[0-4])", seeds_cell)}
        assert named <= {c["source"] for c in claims}, number


def statements(record: Any) -> list[dict[str, Any]]:
    """Every statement ({text, sources}) anywhere in a record."""
    found: list[dict[str, Any]] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if set(value) == {"text", "sources"}:
                found.append(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(record)
    return found


def test_names_and_dates_are_right_outside_the_claims_that_report_errors(
    builtin_kb: KnowledgeBase,
) -> None:
    """Seed misspellings appear only where a statement reports a seed (and cites it)."""
    wrong = re.compile(r"Michael Pistor|Michelle Pistor|\bReid\b|French press coined")
    for kind in KINDS:
        if kind in ("claim", "source"):
            continue
        for record in builtin_kb.all(kind):
            for statement in statements(record):
                if not any(source in SEEDS for source in statement["sources"]):
                    assert not wrong.search(statement["text"]), (kind, record["id"])
    text = " ".join(
        s["text"]
        for t in ("mesotherapy", "name-origin")
        for s in statements(builtin_kb.get("topic", t))
    )
    assert "Michel Pistor" in text
    assert "mesos" in text and "middle" in text and "mesoderm" in text


# -- the December 2026 evidence review (issue 8) --------------------------------------------


def test_every_topic_has_outcomes_with_certainty(builtin_kb: KnowledgeBase) -> None:
    for topic in builtin_kb.all("topic"):
        assert topic["evidence"]["outcomes"], f"{topic['id']} has no outcomes"
        for outcome in topic["evidence"]["outcomes"]:
            measured = outcome["result"] not in ("not-studied", "documented")
            assert (outcome["certainty"] is not None) == measured, (topic["id"], outcome["outcome"])
            assert not measured or outcome["certainty_reason"], (topic["id"], outcome["outcome"])
            assert outcome["effect"]["sources"], (topic["id"], outcome["outcome"])


def test_every_grade_says_what_it_grades(builtin_kb: KnowledgeBase) -> None:
    for kind in ("topic", "substance"):
        for record in builtin_kb.all(kind):
            assert (record["evidence"]["about"] or "").strip(), record["id"]


def test_every_substance_grade_is_scoped_to_injection(builtin_kb: KnowledgeBase) -> None:
    route = re.compile(r"inject|infus|mesotherapy|into the skin|under the skin", re.I)
    for substance in builtin_kb.all("substance"):
        assert route.search(substance["evidence"]["about"] or ""), substance["id"]


def test_every_topic_and_substance_records_its_literature_search(
    builtin_kb: KnowledgeBase,
) -> None:
    today = datetime.date.today().isoformat()
    for kind in ("topic", "substance"):
        for record in builtin_kb.all(kind):
            literature = record["literature"]
            assert literature is not None, record["id"]
            assert literature["searched"] <= today and literature["queries"], record["id"]


def test_every_topic_was_re_reviewed_with_a_dated_change(builtin_kb: KnowledgeBase) -> None:
    for topic in builtin_kb.all("topic"):
        assert topic["reviewed"] >= REVIEWED_BY, (topic["id"], topic["reviewed"])
        assert any(c["date"] >= REVIEWED_BY for c in topic["changes"]), topic["id"]


def test_every_indication_says_what_works_instead(builtin_kb: KnowledgeBase) -> None:
    for topic in builtin_kb.all("topic"):
        if topic["category"] in INDICATIONS:
            assert topic["alternatives"], f"{topic['id']} says nothing about what works instead"


def test_every_risk_and_contraindication_has_a_scope(builtin_kb: KnowledgeBase) -> None:
    for risk in builtin_kb.all("risk"):
        assert risk["applies_to"] is not None and risk["incidence"] is not None, risk["id"]
    for item in builtin_kb.all("contraindication"):
        assert item["applies_to"] is not None, item["id"]


def test_at_most_ten_key_dates(builtin_kb: KnowledgeBase) -> None:
    key = [e["id"] for e in builtin_kb.all("event") if e["key"]]
    assert 1 <= len(key) <= 10, key


def test_the_regulation_of_several_jurisdictions_is_covered(builtin_kb: KnowledgeBase) -> None:
    ids = {t["id"] for t in builtin_kb.all("topic")}
    for needed in (
        "regulation-united-kingdom",
        "regulation-european-union",
        "regulation-australia",
        "choosing-a-practitioner",
    ):
        assert needed in ids


SEED_WORDS = re.compile(r"\bseeds?\b|\bseed (?:document|page|article)s?\b|\d{3}_[0-9a-f]{16}", re.I)
NOT_READER_TEXT = {
    "id", "sources", "source", "topics", "related", "risks", "substances",
    "contraindications", "see_also", "kind", "url", "doi", "pmid",
}  # fmt: skip


def reader_texts(value: Any, path: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(reader_texts(item, f"{path}[{i}]"))
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in NOT_READER_TEXT:
                found.extend(reader_texts(item, f"{path}.{name}"))
    return found


def test_reader_facing_text_never_names_the_seed_files(builtin_kb: KnowledgeBase) -> None:
    """Readers see "a machine-translated clinic page", never "seed 000" or a file name."""
    offending = [
        f"{kind} {record['id']}{path}: {text[:80]}"
        for kind in KINDS
        if kind != "source"
        for record in builtin_kb.all(kind)
        for path, text in reader_texts(record)
        if SEED_WORDS.search(text)
    ]
    assert offending == []


# -- every page of the built-in data ---------------------------------------------------------


def test_no_topic_page_shows_a_seed_file_name(builtin_kb: KnowledgeBase) -> None:
    """Issue 10: reference lists printed the seed documents' file names as their ids."""
    for topic in builtin_kb.all("topic"):
        page = answer(builtin_kb, ["topic", topic["id"]], 80)
        assert not SEED_WORDS.search(page), topic["id"]


def test_every_topic_opens_with_key_points_that_fit_one_screen(builtin_kb: KnowledgeBase) -> None:
    """80x24: the key points, with the title and the disclaimer, on one screen."""
    too_long = {}
    for topic in builtin_kb.all("topic"):
        lines = answer(builtin_kb, ["topic", topic["id"], "--brief"], 80).splitlines()
        assert "Health information, not medical advice" in " ".join(lines[-3:])
        if len(lines) > 24:
            too_long[topic["id"]] = len(lines)
    assert too_long == {}


@pytest.mark.parametrize("kind", ["topic", "substance", "source"])
def test_every_page_renders_at_40_columns(builtin_kb: KnowledgeBase, kind: str) -> None:
    command = {"topic": "topic", "substance": "substance", "source": "source"}[kind]
    for record in builtin_kb.all(kind):
        page = answer(builtin_kb, [command, record["id"]], 40)
        for line in page.splitlines():
            if cell_width(line) > 40:
                unit = line.strip().removeprefix("• ")
                assert len(unit.split()) == 1 or unit.startswith("mesoref "), (record["id"], line)


@needs_shared
def test_no_ten_word_run_is_shared_with_a_seed() -> None:
    result = subprocess.run(
        [sys.executable, str(OVERLAP_TOOL), str(ROOT / "data"), str(ROOT / "README.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout


def test_every_data_file_is_one_record_named_by_its_id() -> None:
    for path in (ROOT / "data").rglob("*"):
        if path.is_file():
            assert path.suffix == ".yaml", path
            head = path.read_text("utf-8")
            # A translation is ID.LANG.yaml and says its language.
            record_id, _, language = path.stem.partition(".")
            assert re.search(rf"^id: {re.escape(record_id)}$", head, re.MULTILINE), path
            if language:
                assert re.search(rf"^language: {language}$", head, re.MULTILINE), path


def test_shared_fixture_path_is_where_ci_puts_it() -> None:
    assert Path(SHARED).name == "shared"


def test_the_risks_overview_and_frequencies_do_not_contradict_or_repeat(
    builtin_kb: KnowledgeBase,
) -> None:
    """The overview once listed a very common risk as "rare or of unknown frequency", and
    items read "How often: unknown. Unknown."."""
    page = answer(builtin_kb, ["risks"], 400)
    overview = page.split("\n\n", 2)[1]
    common = next(line for line in overview.splitlines() if "Common:" in line)
    serious = next(line for line in overview.splitlines() if "but serious:" in line)
    for risk in builtin_kb.all("risk"):
        assert not (risk["name"] in common and risk["name"] in serious), risk["id"]
    assert "unknown. Unknown" not in page
    for risk in builtin_kb.all("risk"):
        shown = answer(builtin_kb, ["show", risk["id"]], 400)
        assert shown.count("How often") <= 1 and "unknown. Unknown" not in shown, risk["id"]


ABBREVIATION_LIKE = re.compile(r"\b[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*\b")
LEFT_ALONE = TESTS / "abbreviations-left-alone.tsv"  # TOKEN<TAB>why it is not spelled out
# Ids and links, and claims' variants: the clinic wordings `mesoref check` matches, which no
# page shows (they keep a clinic's own shorthand, such as PPC).
NOT_PROSE = {
    "id", "sources", "see_also", "related", "substances", "risks", "topics", "source",
    "contraindications", "variants",
}  # fmt: skip


def _prose(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from _prose(item)
    elif isinstance(value, list):
        for item in value:
            yield from _prose(item)


def test_every_abbreviation_is_spelled_out_or_deliberately_left_alone(
    builtin_kb: KnowledgeBase,
) -> None:
    """Issue 10: acronyms are spelled out on first use.  Every abbreviation in the text of the
    built-in records has a glossary term that spells it out, or a line in
    tests/abbreviations-left-alone.tsv saying why not (house style, a name, an identifier)."""
    known = builtin_kb.abbreviations()
    reasons = dict(
        line.split("\t", 1) for line in LEFT_ALONE.read_text(encoding="utf-8").splitlines()
    )
    assert all(reason.strip() for reason in reasons.values())
    assert not set(reasons) & set(known), "an abbreviation both spelled out and left alone"
    missing: dict[str, str] = {}
    for kind in ("topic", "risk", "substance", "contraindication", "event", "term", "claim"):
        for record in builtin_kb.all(kind):
            for text in _prose(record):
                for token in ABBREVIATION_LIKE.findall(text):
                    if sum(c.islower() for c in token) > 1:
                        continue  # a name written in camel case (PubMed, McMaster)
                    base = token[:-1] if token.endswith("s") and token[:-1] in known else token
                    if base not in known and base not in reasons:
                        missing.setdefault(base, f"{kind} {record['id']}")
    assert missing == {}


def test_the_first_use_of_each_abbreviation_on_a_topic_page_is_spelled_out(
    builtin_kb: KnowledgeBase,
) -> None:
    """On every topic page, the running text (what the page shows as prose, not search
    queries, labels or commands) names each abbreviation it uses in full at or before its
    first use."""
    from mesoref.commands import topic as topic_command
    from mesoref.output.spelling import LEFT_ALONE as NOT_RUNNING_TEXT
    from mesoref.output.spelling import paragraphs, spell_out

    from .test_pages import Stub

    known = builtin_kb.abbreviations()
    for topic in builtin_kb.all("topic"):
        page = topic_command.page(topic_command.view(Stub(builtin_kb), topic["id"]))
        spell_out(page, known)
        text = " ".join(
            t for p in paragraphs(page) for t, style in p if style not in NOT_RUNNING_TEXT
        )
        for short, long in known.items():
            first = re.search(rf"(?<![\w/-]){re.escape(short)}s?(?![\w/])", text)
            if first is not None:
                assert long.casefold() in text[: first.end() + 1].casefold(), (
                    f"{topic['id']}: {short} is not spelled out at its first use"
                )
