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

_prose: frozenset[str] | None = None


def prose_keys() -> frozenset[str]:
    """The field names that hold prose in some record type (worked out once, from the schema:
    only translated pages pay for it)."""
    global _prose
    if _prose is None:
        import dataclasses
        import types
        from typing import Annotated, Union, get_args, get_origin, get_type_hints

        from mesoref.model.schema import KINDS, Pattern, Ref, yaml_name

        def prose(hint: Any) -> bool:
            origin = get_origin(hint)
            if hint is str:
                return True
            if origin is Annotated:
                inner, *extras = get_args(hint)
                return not any(isinstance(e, Pattern | Ref) for e in extras) and prose(inner)
            if origin in (Union, types.UnionType):
                return any(prose(a) for a in get_args(hint) if a is not type(None))
            if origin is tuple:
                return prose(get_args(hint)[0])
            return False

        found: set[str] = set()
        seen: set[type] = set()
        pending = [kind.type for kind in KINDS.values()]
        while pending:
            cls = pending.pop()
            if cls in seen:
                continue
            seen.add(cls)
            for name, hint in get_type_hints(cls, include_extras=True).items():
                if prose(hint):
                    found.add(yaml_name(name))
                for arg in _types_in(hint):
                    if isinstance(arg, type) and dataclasses.is_dataclass(arg):
                        pending.append(arg)
        _prose = frozenset(found)
    return _prose


def _types_in(hint: Any) -> list[Any]:
    from typing import get_args

    found = [hint]
    for arg in get_args(hint):
        found.extend(_types_in(arg))
    return [h for h in found if isinstance(h, type)]


class Stale(Exception):
    """A translation whose non-prose values differ from the record's: where, and how."""

    def __init__(self, path: str, why: str) -> None:
        super().__init__(f"{path}: {why}")
        self.path = path
        self.why = why


def overlay(record: Any, translation: Any) -> Any:
    """The record with the translation's prose; raises Stale when anything else differs.
    Fields the translation leaves out stay as they are (in the record's language)."""
    return _overlay(record, translation, "", prose_keys())


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
