"""The built-in knowledge base itself: valid, cross-referenced, complete, and in our own words."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mesoref import render, views
from mesoref.index import build_in_memory
from mesoref.kb import KnowledgeBase
from mesoref.layers import discover
from mesoref.output import Output
from mesoref.schema import (
    KINDS,
    Claim,
    Contraindication,
    HistoryEvent,
    Risk,
    Source,
    Statement,
    Substance,
    Topic,
)

from .conftest import SHARED, TESTS

ROOT = TESTS.parent
FACTS = SHARED / "research" / "FACTS.md"
OVERLAP_TOOL = SHARED / "tools" / "seed_overlap.py"
COVERAGE = yaml.safe_load((TESTS / "fixtures" / "seed-coverage.yaml").read_text("utf-8"))
SEEDS = (
    "000_617c91b42c4e81cf.txt",
    "001_7d0abca3283a140f.txt",
    "002_9dda1f69c7713963.txt",
    "003_d2f01a3acdca1acd.txt",
    "004_6b6e6c27b81b245d.txt",
)
needs_shared = pytest.mark.skipif(
    not FACTS.exists(), reason=f"../shared is not beside the checkout ({SHARED} is missing)"
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    layers = discover(environ={})
    return KnowledgeBase(build_in_memory(layers), layers)


def of(kb: KnowledgeBase, kind: str, cls: type) -> list:  # type: ignore[type-arg]
    return [r for r in kb.all(kind) if isinstance(r, cls)]


def test_built_in_data_has_no_problems_at_all(kb: KnowledgeBase) -> None:
    """Schema-valid, every reference resolves, no duplicate names, no orphans, no style issues."""
    assert [str(p) for p in kb.problems] == []


def test_every_kind_has_records(kb: KnowledgeBase) -> None:
    counts = {kind: kb.count(kind) for kind in KINDS}
    assert all(counts.values()), counts


def test_every_topic_has_a_grade_a_reason_and_sources(kb: KnowledgeBase) -> None:
    for topic in of(kb, "topic", Topic):
        assert topic.evidence.grade and topic.evidence.reason.strip(), topic.id
        assert topic.evidence.sources and topic.summary.sources, topic.id


def test_no_topic_is_reviewed_in_the_future(kb: KnowledgeBase) -> None:
    today = datetime.date.today().isoformat()
    assert all(t.reviewed <= today for t in of(kb, "topic", Topic))


def test_every_seed_is_a_source_with_claims_audited(kb: KnowledgeBase) -> None:
    claims = of(kb, "claim", Claim)
    per_seed = Counter(c.source for c in claims)
    for seed in SEEDS:
        source = kb.get("source", seed)
        assert isinstance(source, Source) and source.kind == "seed-document"
        assert per_seed[seed] >= 10, f"{seed} has only {per_seed[seed]} claims"


def test_every_claim_has_a_verdict_and_wrong_ones_a_correction(kb: KnowledgeBase) -> None:
    for claim in of(kb, "claim", Claim):
        assert claim.verdict in {"supported", "contested", "unsupported", "incorrect"}
        if claim.verdict == "incorrect":
            assert claim.correction is not None, claim.id


def test_seed_claim_inventory_is_covered(kb: KnowledgeBase) -> None:
    """Every claim row of the research inventory maps to a claim record with a verdict."""
    for row in COVERAGE["inventory"]:
        assert row["claims"], row["row"]
        for claim_id in row["claims"]:
            claim = kb.get("claim", claim_id)
            assert isinstance(claim, Claim), f"{row['row']}: no claim {claim_id}"


@needs_shared
def test_every_error_in_facts_is_a_claim_judged_wrong(kb: KnowledgeBase) -> None:
    text = FACTS.read_text("utf-8")
    section = text.split("## 11.", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (E\d+) \| ([^|]*) \|", section, re.MULTILINE)
    assert len(rows) >= 40
    for number, seeds_cell in rows:
        mapped = COVERAGE["errors"].get(number)
        assert mapped, f"{number} of FACTS.md has no claim record"
        claims = [kb.get("claim", i) for i in mapped]
        assert all(isinstance(c, Claim) for c in claims), number
        judged = [c for c in claims if isinstance(c, Claim) and c.verdict != "supported"]
        assert judged, f"{number}: every mapped claim is marked supported"
        named = {f"{n}_" for n in re.findall(r"\b(00[0-4])", seeds_cell)}
        covered = {c.source[:4] for c in claims if isinstance(c, Claim)}
        assert named <= covered, f"{number}: seeds {named - covered} have no claim record"


def statements(record: object) -> list[Statement]:
    found: list[Statement] = []

    def walk(value: object) -> None:
        if isinstance(value, Statement):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    walk(record)
    return found


def test_names_and_dates_are_right_outside_the_claims_that_report_errors(
    kb: KnowledgeBase,
) -> None:
    """Seed misspellings appear only where a statement reports a seed (and cites it)."""
    wrong = re.compile(r"Michael Pistor|Michelle Pistor|\bReid\b|French press coined")
    for kind in KINDS:
        if kind in ("claim", "source"):
            continue
        for record in kb.all(kind):
            for statement in statements(record):
                reports_a_seed = any(source in SEEDS for source in statement.sources)
                if not reports_a_seed:
                    assert not wrong.search(statement.text), f"{kind} {record.id}: {statement.text}"
    mesotherapy = kb.get("topic", "mesotherapy")
    name_origin = kb.get("topic", "name-origin")
    assert isinstance(mesotherapy, Topic) and isinstance(name_origin, Topic)
    text = " ".join(s.text for s in statements(mesotherapy) + statements(name_origin))
    assert "Michel Pistor" in text
    assert "mesos" in text and "middle" in text and "mesoderm" in text


@pytest.mark.parametrize("kind", ["topic", "substance", "source"])
def test_every_page_renders_at_40_columns(kb: KnowledgeBase, kind: str) -> None:
    output = Output({"COLUMNS": "40"}, stdout=io.StringIO())
    for record_id in [record.id for record in kb.all(kind)]:
        if kind == "topic":
            page = output.render(render.topic_page(views.topic_view(kb, record_id)))
            assert " ".join(page.split()).endswith(render.DISCLAIMER)
        elif kind == "substance":
            page = output.render(render.substance_page(views.substance_view(kb, record_id)))
        else:
            page = output.render(render.source_page(views.source_view(kb, record_id)))
        assert max(len(line) for line in page.splitlines()) <= 40


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
            assert re.search(rf"^id: {re.escape(path.stem)}$", head, re.MULTILINE), path


def test_shared_fixture_path_is_where_ci_puts_it() -> None:
    assert Path(SHARED).name == "shared"


# -- the December 2026 evidence review (issue 8) -------------------------------------------

INDICATIONS = ("aesthetic", "medical")
REVIEWED_BY = "2026-12-01"


def test_every_topic_has_outcomes_with_certainty(kb: KnowledgeBase) -> None:
    """A summary-of-findings table on every topic; measured outcomes carry a GRADE certainty
    and its reason, and every row is sourced."""
    for topic in of(kb, "topic", Topic):
        outcomes = topic.evidence.outcomes
        assert outcomes, f"{topic.id} has no outcomes"
        for outcome in outcomes:
            measured = outcome.result not in ("not-studied", "documented")
            assert (outcome.certainty is not None) == measured, (topic.id, outcome.outcome)
            assert not measured or outcome.certainty_reason, (topic.id, outcome.outcome)
            assert outcome.effect.sources, (topic.id, outcome.outcome)


def test_every_grade_says_what_it_grades(kb: KnowledgeBase) -> None:
    for kind, cls in (("topic", Topic), ("substance", Substance)):
        for record in of(kb, kind, cls):
            assert record.evidence.about and record.evidence.about.strip(), record.id


def test_every_substance_grade_is_scoped_to_injection(kb: KnowledgeBase) -> None:
    for substance in of(kb, "substance", Substance):
        about = substance.evidence.about or ""
        route = r"inject|infus|mesotherapy|into the skin|under the skin"
        assert re.search(route, about, re.I), (substance.id, about)


def test_every_topic_and_substance_records_its_literature_search(kb: KnowledgeBase) -> None:
    today = datetime.date.today().isoformat()
    for kind, cls in (("topic", Topic), ("substance", Substance)):
        for record in of(kb, kind, cls):
            literature = record.literature
            assert literature is not None, record.id
            assert literature.searched <= today and literature.queries, record.id


def test_every_topic_was_re_reviewed_with_a_dated_change(kb: KnowledgeBase) -> None:
    for topic in of(kb, "topic", Topic):
        assert topic.reviewed >= REVIEWED_BY, (topic.id, topic.reviewed)
        assert any(change.date >= REVIEWED_BY for change in topic.changes), topic.id


def test_every_indication_says_what_works_instead(kb: KnowledgeBase) -> None:
    for topic in of(kb, "topic", Topic):
        if topic.category in INDICATIONS:
            assert topic.alternatives, f"{topic.id} says nothing about what works instead"


def test_every_risk_and_contraindication_has_a_scope(kb: KnowledgeBase) -> None:
    for risk in of(kb, "risk", Risk):
        assert risk.applies_to is not None and risk.incidence is not None, risk.id
    for item in of(kb, "contraindication", Contraindication):
        assert item.applies_to is not None, item.id


def test_at_most_ten_key_dates(kb: KnowledgeBase) -> None:
    key = [e.id for e in of(kb, "event", HistoryEvent) if e.key]
    assert 1 <= len(key) <= 10, key


def test_the_regulation_of_several_jurisdictions_is_covered(kb: KnowledgeBase) -> None:
    ids = {t.id for t in of(kb, "topic", Topic)}
    for needed in (
        "regulation-united-kingdom",
        "regulation-european-union",
        "regulation-australia",
    ):
        assert needed in ids
    assert "choosing-a-practitioner" in ids


SEED_WORDS = re.compile(r"\bseeds?\b|\bseed (?:document|page|article)s?\b|\d{3}_[0-9a-f]{16}", re.I)


def _reader_texts(value: object, path: str = "") -> list[tuple[str, str]]:
    """Every piece of text a reader sees in a record (not ids, references or vocabulary)."""
    found: list[tuple[str, str]] = []
    if isinstance(value, Statement):
        found.append((path, value.text))
    elif isinstance(value, str):
        found.append((path, value))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            found.extend(_reader_texts(item, f"{path}[{i}]"))
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:  # type: ignore[attr-defined]
            if name in (
                "id",
                "sources",
                "source",
                "topics",
                "related",
                "risks",
                "substances",
                "contraindications",
                "see_also",
                "kind",
                "url",
                "doi",
                "pmid",
            ):
                continue
            found.extend(_reader_texts(getattr(value, name), f"{path}.{name}"))
    return found


def test_reader_facing_text_never_names_the_seed_files(kb: KnowledgeBase) -> None:
    """Readers see "a machine-translated clinic page", never "seed 000" or a file name."""
    offending = []
    for kind in KINDS:
        if kind == "source":
            continue  # a source record holds its own file name and notes for editors
        for record in kb.all(kind):
            for path, text in _reader_texts(record):
                if SEED_WORDS.search(text):
                    offending.append(f"{kind} {record.id}{path}: {text[:80]}")
    assert offending == []
