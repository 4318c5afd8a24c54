"""The kinds of record mesoref holds, the folder each lives in, and the field that names it.

One vocabulary everywhere: these names are used by search labels, `--kind`, `schema`, JSON and
messages; the folders are where a data directory keeps each kind.  Standard library only.
"""

from __future__ import annotations

# kind, folder, title field, plural for messages
_TABLE = (
    ("topic", "topics", "title", "topics"),
    ("risk", "risks", "name", "risks"),
    ("contraindication", "contraindications", "name", "contraindications"),
    ("event", "history", "title", "history events"),
    ("substance", "substances", "name", "substances"),
    ("source", "sources", "title", "sources"),
    ("term", "glossary", "term", "glossary terms"),
    ("claim", "claims", "claim", "claims"),
)
KINDS: tuple[str, ...] = tuple(row[0] for row in _TABLE)
FOLDER: dict[str, str] = {row[0]: row[1] for row in _TABLE}
KIND_OF_FOLDER: dict[str, str] = {row[1]: row[0] for row in _TABLE}
TITLE_FIELD: dict[str, str] = {row[0]: row[2] for row in _TABLE}
PLURAL: dict[str, str] = {row[0]: row[3] for row in _TABLE}
# Kinds found by name (id, title or alias) rather than by id alone.
NAMED_KINDS = ("topic", "risk", "contraindication", "substance", "term")
