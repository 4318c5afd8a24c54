"""Which sources a record cites: every id in a `sources` list or a `source` field, anywhere
in the record (as plain data), in order of appearance."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def source_ids(value: Any) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        # Records nest a few levels deep at most (the reader caps nesting), so recursion is safe.
        if isinstance(node, dict):
            for key, item in node.items():
                if key == "sources" and isinstance(item, list):
                    found.extend(str(i) for i in item)
                elif key == "source" and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return found
