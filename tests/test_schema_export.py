"""The published JSON Schemas accept every built-in entry and reject what the validator
rejects, so an editor using them agrees with `mesoref validate`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from mesoref.cli import app
from mesoref.model.schema import KINDS
from mesoref.reading.jsonschema import schema_for

DATA = Path(__file__).resolve().parent.parent / "data"


class Yaml12Loader(yaml.SafeLoader):
    """Like an editor's YAML 1.2 reader: dates and yes/no stay text; true and false are
    booleans (YAML 1.2's core schema)."""


Yaml12Loader.yaml_implicit_resolvers = {
    key: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def entries(kind: str) -> list[Path]:
    return sorted((DATA / KINDS[kind].folder).glob("*.yaml"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_built_in_entry_matches_its_schema(kind: str) -> None:
    validator = jsonschema.Draft202012Validator(schema_for(kind))
    for path in entries(kind):
        document = yaml.load(path.read_text("utf-8"), Loader=Yaml12Loader)
        errors = [e.message for e in validator.iter_errors(document)]
        assert not errors, f"{path.name}: {errors}"


def test_the_schema_rejects_what_the_validator_rejects() -> None:
    validator = jsonschema.Draft202012Validator(schema_for("topic"))
    good = yaml.load((DATA / "topics" / "cellulite.yaml").read_text("utf-8"), Loader=Yaml12Loader)
    assert validator.is_valid(good)
    for broken in (
        {**good, "colour": "blue"},
        {**good, "category": "cosmetic"},
        {**good, "evidence": {**good["evidence"], "grade": "establised"}},
        {**good, "reviewed": "21 November 2026"},
        {**good, "summary": {"text": "no sources"}},
        {**good, "summary": {"text": "x", "sources": []}},
        {k: v for k, v in good.items() if k != "evidence"},
        {**good, "aliases": "not a list"},
    ):
        assert not validator.is_valid(broken)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_command_prints_valid_json_schema(kind: str) -> None:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document["title"] == f"mesoref {kind}"
