"""`mesoref new KIND ID`: start an entry of your own from a template, in the right folder of
your data directory, and open it in your editor (as `cheat -e` does).

Three templates, by what ID is: a new record (every required field, each explained, left
empty so that an unfinished file is reported by `validate` and never shown); a change to a
record another layer has (only `id`: give the fields you change, nothing else is lost); and,
with --lang, a translation of a record (its prose fields, ready to translate). The file starts
with a `yaml-language-server` comment that points at the kind's JSON Schema, written beside it,
so editors check it as you type.
"""

from __future__ import annotations

import json
import os
import sys

from mesoref.errors import UsageProblem
from mesoref.model.kinds import KIND_OF_FOLDER
from mesoref.output.blocks import Block, Para, span
from mesoref.reading.layers import xdg_layer_dir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context

FOLDERS = {kind: folder for folder, kind in KIND_OF_FOLDER.items()}
SCHEMAS = ".schemas"  # a hidden folder: mesoref never reads it as data


class NewView:
    def __init__(self, path: str, what: str, edited: bool) -> None:
        self.path = path
        self.what = what
        self.edited = edited


def _layer_dir(ctx: Context) -> str:
    """Where the user's entries go: the last layer the run reads (the last --data-dir, else
    MESOREF_PATH's last entry, else $XDG_DATA_HOME/mesoref), or that XDG folder when the
    run reads only the built-in data."""
    last = ctx.layers[-1]
    return xdg_layer_dir(ctx.environ) if last.origin == "built-in" else last.root


def _field_lines(name: str, schema: dict[str, Any], defs: dict[str, Any], indent: str) -> list[str]:
    """One required field, left empty, with a comment saying what goes there; a mapping
    lists its own required fields below it."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "object":
        lines = [f"{indent}{name}:"]
        wanted = list(schema.get("required", ()))
        if "about" in schema.get("properties", {}) and "grade" in wanted:
            wanted.insert(wanted.index("grade") + 1, "about")  # every grade says what it grades
        for inner in wanted:
            lines += _field_lines(inner, schema["properties"][inner], defs, indent + "  ")
        return lines
    return [f"{indent}{name}:  # {_describe(schema, defs)}"]


def _describe(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "enum" in schema:
        return "one of: " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "array":
        item = schema.get("items", {})
        return "a list: [" + (item.get("description") or "text") + ", ...]"
    if schema.get("description"):
        return str(schema["description"])
    return "text"


def _new_record(kind: str, record_id: str, schema: dict[str, Any]) -> str:
    defs = schema.get("$defs", {})
    lines = [
        f"# A new {kind}. Fill in every field below (each is required; until then `mesoref "
        "validate` lists what is missing and the record is not shown).",
        f"# Optional fields: mesoref schema {kind}. Rules for writing: EDITORIAL.md.",
        f"id: {record_id}",
    ]
    for name in schema.get("required", ()):
        if name != "id":
            lines += _field_lines(name, schema["properties"][name], defs, "")
    return "\n".join(lines) + "\n"


def _patch(kind: str, record_id: str) -> str:
    return (
        f"# A change to the {kind} {record_id!r} that another layer has. Give only the fields\n"
        "# you change: everything else stays as it is, and lists of names and links (aliases,\n"
        "# risks, contraindications, related, ...) gain your items. To replace the whole\n"
        "# record instead, add `replace: true` and give every required field.\n"
        f"id: {record_id}\n"
    )


def _translation(kind: str, record: dict[str, Any], language: str) -> str:
    """The record's prose fields, to translate; everything else stays as it is and must."""
    import yaml

    from mesoref.model.translation import FREE_LISTS, prose_keys

    prose = prose_keys()

    def keep(value: Any, key: str) -> Any:
        if isinstance(value, dict):
            kept = {k: keep(v, k) for k, v in value.items() if _has_prose(v, k, prose)}
            return kept
        if isinstance(value, list):
            return [keep(v, key) for v in value]
        return value

    body = {"id": record["id"], "language": language}
    for key, value in record.items():
        if key != "id" and value not in (None, [], {}) and _has_prose(value, key, prose):
            body[key] = keep(value, key)
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=96)
    from mesoref.output.language import NAMES

    name = NAMES.get(language, language)
    return (
        f"# A {name} translation of the {kind} {record['id']!r}: translate the prose; keep\n"
        "# every id, source, grade, number and date exactly as it is (a translation that no\n"
        f"# longer matches the record is not shown). {', '.join(sorted(FREE_LISTS))} may differ.\n"
        + text
    )


def _has_prose(value: Any, key: str, prose: frozenset[str]) -> bool:
    if isinstance(value, str):
        return key in prose
    if isinstance(value, dict):
        return any(_has_prose(v, k, prose) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_prose(v, key, prose) for v in value)
    return False


def view(ctx: Context, kind: str, record_id: str) -> NewView:
    import re

    from mesoref.model.schema import ID_PATTERN
    from mesoref.reading.jsonschema import schema_for

    if not re.match(ID_PATTERN, record_id):
        raise UsageProblem(
            f"{record_id!r} is not an id: use lower-case letters, digits, '-', '_' or '.'"
        )
    root = _layer_dir(ctx)
    folder = os.path.join(root, FOLDERS[kind])
    try:  # before the index is opened, so that a new data directory is one from the start
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise UsageProblem(f"cannot create {folder}: {error.strerror or error}") from None
    existing = ctx.kb.get(kind, record_id)
    language = ctx.lang_option
    if language:
        if existing is None:
            raise UsageProblem(f"there is no {kind} {record_id!r} to translate")
        path = os.path.join(folder, f"{record_id}.{language}.yaml")
        from mesoref.output.language import NAMES

        what = f"a {NAMES.get(language, language)} translation of {kind} {record_id!r}"
        text = _translation(kind, existing, language)
    elif existing is not None:
        path = os.path.join(folder, f"{record_id}.yaml")
        what = f"a change to {kind} {record_id!r}"
        text = _patch(kind, record_id)
    else:
        path = os.path.join(folder, f"{record_id}.yaml")
        what = f"a new {kind}"
        text = _new_record(kind, record_id, schema_for(kind))
    if os.path.lexists(path):
        raise UsageProblem(f"{path} already exists; edit it, or choose another id")
    schemas = os.path.join(root, SCHEMAS)
    try:
        os.makedirs(folder, exist_ok=True)
        os.makedirs(schemas, exist_ok=True)
        with open(os.path.join(schemas, f"{kind}.schema.json"), "w", encoding="utf-8") as out:
            json.dump(schema_for(kind), out, indent=2)
            out.write("\n")
        schema_line = f"# yaml-language-server: $schema=../{SCHEMAS}/{kind}.schema.json\n"
        with open(path, "x", encoding="utf-8") as out:
            out.write(schema_line + text)
    except OSError as error:
        raise UsageProblem(f"cannot write {path}: {error.strerror or error}") from None
    edited = _edit(ctx, path)
    return NewView(path, what, edited)


def _edit(ctx: Context, path: str) -> bool:
    """Open the file in $VISUAL or $EDITOR when a person is at a terminal."""
    editor = ctx.environ.get("VISUAL") or ctx.environ.get("EDITOR")
    if not editor or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    import shlex
    import subprocess

    try:
        subprocess.run([*shlex.split(editor), path], check=False)
    except (OSError, ValueError) as error:
        # The file is written either way: say so, and how to open it, not only what failed.
        why = getattr(error, "strerror", None) or str(error)
        ctx.warn(f"cannot start the editor {editor!r} ({why}); open {path} yourself")
        return False
    return True


def page(v: NewView) -> list[Block]:
    then = "Check it with: mesoref validate " + v.path
    return [
        Para([span(f"Wrote {v.what}: ", "label"), span(v.path, "id")]),
        Para([span(then, "meta")]),
    ]


def data(v: NewView) -> dict[str, Any]:
    return {"path": v.path, "what": v.what, "edited": v.edited}
