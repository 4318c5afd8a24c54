"""`mesoref schema KIND`: the JSON Schema of one kind of record, for editors; always JSON."""

from __future__ import annotations

from mesoref.reading.jsonschema import schema_for

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


class SchemaView:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.always_json = True


def view(ctx: Context, kind: str) -> SchemaView:
    return SchemaView(schema_for(kind))


def data(v: SchemaView) -> dict[str, Any]:
    return v.document
