"""A JSON Schema for each kind of record, derived from the same annotations the validator
uses, so editors that read `# yaml-language-server: $schema=...` check entries as they are
typed.

Scalars are as lenient as the validator: YAML readers may turn `1964` into a number, and
mesoref reads any scalar as text, so text fields accept numbers too.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, fields, is_dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from mesoref.model.schema import KINDS, NonEmpty, Pattern, Ref, yaml_name

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TEXT: dict[str, Any] = {"type": ["string", "number"]}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        origin = get_origin(hint)
        if origin is Annotated:
            base, *extras = get_args(hint)
            if get_origin(base) is tuple:
                schema = self.of(base)
                if any(isinstance(e, NonEmpty) for e in extras):
                    schema["minItems"] = 1
                return schema
            pattern = next((e for e in extras if isinstance(e, Pattern)), None)
            ref = next((e for e in extras if isinstance(e, Ref)), None)
            if ref is not None:
                return {"type": "string", "description": f"the id of a {ref.kind} record"}
            if pattern is not None:
                text = {"type": "string", "pattern": pattern.regex, "description": pattern.what}
                if pattern.is_date and "YYYY," in pattern.what:
                    return {"anyOf": [text, {"type": "integer", "minimum": 1, "maximum": 9999}]}
                return text
            return self.of(base)
        if origin in (Union, types.UnionType):
            (inner,) = [a for a in get_args(hint) if a is not type(None)]
            return {"anyOf": [self.of(inner), {"type": "null"}]}
        if origin is Literal:
            return {"enum": list(get_args(hint))}
        if origin is tuple:
            return {"type": "array", "items": self.of(get_args(hint)[0])}
        if hint is str:
            return dict(TEXT)
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer"}
        if isinstance(hint, type) and is_dataclass(hint):
            name = hint.__name__
            if name not in self.defs:
                self.defs[name] = {}  # placeholder: records may nest records
                self.defs[name] = self.record(hint)
            return {"$ref": f"#/$defs/{name}"}
        raise TypeError(f"unsupported annotation {hint!r}")

    def record(self, cls: type) -> dict[str, Any]:
        hints = get_type_hints(cls, include_extras=True)
        properties = {}
        required = []
        for f in fields(cls):
            key = yaml_name(f.name)
            properties[key] = self.of(hints[f.name])
            if f.default is MISSING and f.default_factory is MISSING:
                required.append(key)
        return {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of record (`topic`, `risk`, ...)."""
    spec = KINDS[kind]
    builder = _Builder()
    body = builder.record(spec.type)
    # How a record applies on top of other layers (see the README's "Your own entries").
    body["properties"]["language"] = {
        "type": "string",
        "pattern": "^[a-z]{2,3}(?:[_-][A-Z]{2})?$",
        "description": "this file translates the record with its id into this language "
        "(file name ID.LANG.yaml)",
    }
    body["properties"]["replace"] = {
        "type": "boolean",
        "description": "replace the record with this id in earlier layers instead of changing "
        "only the fields given",
    }
    document: dict[str, Any] = {
        "$schema": DIALECT,
        "title": f"mesoref {kind}",
        "description": f"One {kind} record: a YAML file in the {spec.folder}/ folder of a "
        "mesoref data directory, whose id equals the file name without .yaml.",
        **body,
    }
    if builder.defs:
        document["$defs"] = builder.defs
    return document
