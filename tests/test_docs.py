"""The README matches the program: help text, commands, vocabularies, record fields, exit codes
and problem codes are generated blocks that a test keeps in step; CI runs what it says."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING, fields
from pathlib import Path

import pytest

from mesoref.errors import EXIT_CODES
from mesoref.launch.grammar import COMMANDS
from mesoref.launch.usage import help_text
from mesoref.model import schema, vocabulary
from mesoref.model.problems import CODES

from .harness import ROOT

README = ROOT / "README.md"
HELP_BLOCK = re.compile(r"(<!-- help:([\w-]+) -->\n```text\n)(.*?)(```\n<!-- /help -->)", re.DOTALL)


def _table(header: tuple[str, str], rows: list[tuple[str, str]]) -> str:
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines) + "\n"


def _record_fields() -> str:
    lines = [
        "| Folder | Kind | Required fields | Optional fields |",
        "|---|---|---|---|",
    ]
    for kind in schema.KINDS.values():
        required = [
            f"`{schema.yaml_name(f.name)}`"
            for f in fields(kind.type)
            if f.default is MISSING and f.default_factory is MISSING
        ]
        optional = [
            f"`{schema.yaml_name(f.name)}`"
            for f in fields(kind.type)
            if not (f.default is MISSING and f.default_factory is MISSING)
        ]
        lines.append(
            f"| `{kind.folder}/` | {kind.name} | {', '.join(required)} | {', '.join(optional)} |"
        )
    return "\n".join(lines) + "\n"


def _vocabularies() -> str:
    rows = {
        "`grade`": vocabulary.GRADES,
        "outcome `result`": vocabulary.RESULTS,
        "`certainty`": vocabulary.CERTAINTIES,
        "`verdict`": vocabulary.VERDICTS,
        "`severity`": vocabulary.SEVERITIES,
        "risk `incidence`": vocabulary.INCIDENCES,
        "`applies_to`": vocabulary.APPLIES_TO,
        "`category`": vocabulary.CATEGORIES,
        "source `kind`": tuple(vocabulary.SOURCE_KIND_TITLES),
        "source `type`": vocabulary.PUBLICATION_TYPES,
        "contraindication `basis`": vocabulary.BASES,
    }
    return "".join(f"  - {name}: {', '.join(values)}\n" for name, values in rows.items())


GENERATED: dict[str, Callable[[], str]] = {
    "problem-codes": lambda: _table(("Code", "Meaning"), list(CODES.items())),
    "exit-codes": lambda: _table(("Code", "Meaning"), [(str(c), m) for c, m in EXIT_CODES.items()]),
    "grades": lambda: _table(
        ("Grade", "Meaning"),
        [
            (f"{g} ({vocabulary.GRADE_PLAIN[g]})", vocabulary.GRADE_MEANINGS[g])
            for g in vocabulary.GRADES
        ],
    ),
    "certainty": lambda: _table(
        ("Certainty", "Meaning"), list(vocabulary.CERTAINTY_MEANINGS.items())
    ),
    "verdicts": lambda: _table(("Verdict", "Meaning"), list(vocabulary.VERDICT_MEANINGS.items())),
    "record-fields": _record_fields,
    "vocabularies": _vocabularies,
}


def expected_readme() -> str:
    text = README.read_text(encoding="utf-8")
    text = HELP_BLOCK.sub(
        lambda m: (
            m.group(1)
            + help_text(None if m.group(2) == "main" else COMMANDS[m.group(2)], 80)
            + m.group(4)
        ),
        text,
    )
    for name, make in GENERATED.items():
        pattern = re.compile(rf"(<!-- {name} -->\n)(.*?)(<!-- /{name} -->)", re.DOTALL)
        assert pattern.search(text), f"README has no <!-- {name} --> block"
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(3), text)
    return text


def test_readme_blocks_match_the_program(request: pytest.FixtureRequest) -> None:
    expected = expected_readme()
    if request.config.getoption("--update-goldens"):
        README.write_text(expected, encoding="utf-8")
    assert README.read_text(encoding="utf-8") == expected, (
        "README's generated blocks are stale; run: pytest --update-goldens"
    )


def test_every_command_has_a_help_block_and_an_example() -> None:
    text = README.read_text(encoding="utf-8")
    documented = {m.group(2) for m in HELP_BLOCK.finditer(text)}
    assert documented == {*COMMANDS, "main"}
    for command in COMMANDS:
        assert re.search(rf"`mesoref {command}\b", text), f"no example for {command}"


def test_readme_names_one_install_and_one_test_command() -> None:
    text = README.read_text(encoding="utf-8")
    for marker in ("install-command", "test-command"):
        block = text.split(f"<!-- {marker} -->\n```sh\n", 1)[1].split("```", 1)[0]
        assert block.count("\n") == 1, f"the {marker} must be one line"
    install = text.split("<!-- install-command -->\n```sh\n", 1)[1].split("\n", 1)[0]
    assert install.endswith("mesoref topic cellulite")
    assert "~/.local/bin/mesoref" in install  # the command ends up on the user's PATH
    assert "To uninstall" in text


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # it extracts and runs the README's command
    for check in ("ruff check", "ruff format --check", "mypy", "mesoref validate --strict"):
        assert check in ci


def test_changelog_follows_keep_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "keepachangelog.com" in text
    assert "## [Unreleased]" in text


def test_hacking_names_every_package_and_each_decision_has_its_numbers() -> None:
    hacking = (ROOT / "HACKING.md").read_text(encoding="utf-8")
    packages = [p.name for p in (ROOT / "mesoref").iterdir() if (p / "__init__.py").exists()]
    for package in packages:
        assert f"`mesoref/{package}/`" in hacking, package
    records = sorted((ROOT / "adr").glob("*.md"))
    assert records
    for record in records:
        body = record.read_text(encoding="utf-8")
        assert re.search(r"\d+(\.\d+)? ?(ms|x|s\b|MiB)", body), f"{record.name} has no measurement"
        assert record.name in hacking


def test_the_readme_and_the_editorial_policy_point_to_each_other() -> None:
    assert "EDITORIAL.md" in README.read_text(encoding="utf-8")
    assert Path(ROOT / "EDITORIAL.md").exists()
