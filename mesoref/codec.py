"""Records to plain data (dicts, lists, text) and back, for the index and for `--json`.

Plain data uses the YAML field names.  Decoding trusts its input: it reads only what the
index wrote after validation, so it checks nothing and is fast.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from mesoref.schema import yaml_name

Decoder = Callable[[Any], Any]
_DECODERS: dict[type, Decoder] = {}


def to_plain(value: Any) -> Any:
    """A record (or any value inside one) as JSON-ready data with YAML field names."""
    if is_dataclass(value) and not isinstance(value, type):
        return {yaml_name(f.name): to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    return value


def _identity(value: Any) -> Any:
    return value


def _decoder(hint: Any) -> Decoder:
    origin = get_origin(hint)
    if origin is Annotated:
        return _decoder(get_args(hint)[0])
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        decode_inner = _decoder(inner)
        return lambda value: None if value is None else decode_inner(value)
    if origin is tuple:
        decode_item = _decoder(get_args(hint)[0])
        return lambda value: tuple(decode_item(item) for item in value)
    if isinstance(hint, type) and is_dataclass(hint):
        return decoder_for(hint)
    return _identity  # str, int and Literal values are stored as themselves


def decoder_for(cls: type) -> Decoder:
    """A function that turns plain data written by `to_plain` back into a `cls` record."""
    if cls not in _DECODERS:
        hints = get_type_hints(cls, include_extras=True)
        parts: list[tuple[str, str, Decoder]] = []

        def decode(value: Any) -> Any:
            return cls(**{name: convert(value[key]) for name, key, convert in parts})

        _DECODERS[cls] = decode  # registered first: records may nest records
        parts.extend((f.name, yaml_name(f.name), _decoder(hints[f.name])) for f in fields(cls))
    return _DECODERS[cls]
