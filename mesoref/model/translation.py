"""Translations laid over records: a translation gives the record's prose in another language
and must match everything else (ids, sources, grades, numbers, dates) value for value, so
that it can never change what a record says, only how it says it. A translation that no longer
matches is out of date: it is not shown, and `validate` says why.

Which fields are prose is read off the schema: text typed as plain `str` (or lists of it),
never an id, a reference, a date or a word from a fixed vocabulary.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Lists whose items a translation may give in any number: the names a reader types.
FREE_LISTS = frozenset(("aliases", "variants"))


def prose_keys() -> frozenset[str]:
    """The field names that hold prose, worked out from the schema when `plain.py` is
    generated (so that a translated page imports no typing machinery)."""
    from mesoref.model.plain import PROSE_KEYS

    return PROSE_KEYS


class Stale(Exception):
    """A translation whose non-prose values differ from the record's: where, and how."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


def overlay(record: Any, translation: Any, changed_above: Any = ()) -> Any:
    """The record with the translation's prose; raises Stale when anything else differs.
    Fields the translation leaves out stay as they are (in the record's language), and so do
    `changed_above`: the fields a layer above the translation's changed (a clinic's own
    summary stays the clinic's, in its own words, and does not make the translation stale)."""
    if changed_above:
        translation = {k: v for k, v in translation.items() if k not in changed_above}
    return _overlay(record, translation, "", prose_keys())


def changed_above(parts: Any, layer: int) -> frozenset[str]:
    """The fields that a layer above `layer` gave, from a combined record's parts."""
    return frozenset(field for field, given_by in (parts or {}).items() if given_by > layer)


def _overlay(original: Any, translated: Any, path: str, prose: frozenset[str]) -> Any:
    key = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if isinstance(original, dict) and isinstance(translated, dict):
        merged = dict(original)
        for name, value in translated.items():
            where = f"{path}.{name}" if path else name
            if name not in original:
                raise Stale(where, "the record has no such field")
            if name in FREE_LISTS and isinstance(value, list):
                merged[name] = value
            else:
                merged[name] = _overlay(original[name], value, where, prose)
        return merged
    if isinstance(original, list) and isinstance(translated, list):
        if len(original) != len(translated):
            raise Stale(path, f"{len(translated)} items where the record has {len(original)}")
        return [
            _overlay(a, b, f"{path}[{i}]", prose)
            for i, (a, b) in enumerate(zip(original, translated, strict=True))
        ]
    if isinstance(translated, str) and isinstance(original, str) and key in prose:
        return translated
    if original != translated:
        return_value = repr(original)[:60]
        raise Stale(path, f"differs from the record ({return_value})")
    return original
