"""SQLite as the index uses it: the C module alone, without the imports it does not need.

The public `sqlite3` package is a thin wrapper around `_sqlite3`; importing it also imports
`datetime` and `collections` for its default adapters, which the index never uses.  The C
module itself imports `functools` (and with it `collections`) only to fetch `lru_cache`, which
each connection wraps around itself as its statement cache: 2.5 ms, a third of Python's own
start-up here, on the first view of every page.  While `_sqlite3` is imported, `functools` is
stood in for by an object whose `lru_cache` builds the very same C cache wrapper that
`functools.lru_cache` builds; afterwards the real `functools` is importable as usual.  When
`functools` is already loaded, or the stand-in cannot be built, nothing is stood in for.
See adr/0006-sqlite-without-functools.md.  Another Python without the C module falls back to
the package.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def _stand_in() -> object | None:
    """An object that answers `lru_cache` as `functools` does for `_sqlite3`, or None."""
    try:
        from _functools import _lru_cache_wrapper  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - other Python implementations
        return None

    class Functools:
        __name__ = "functools"

        @staticmethod
        def lru_cache(maxsize: int | None = 128, typed: bool = False) -> Callable[[Any], Any]:
            def decorating(function: Callable[..., Any]) -> Any:
                # cache_info_type is only used by cache_info(), which _sqlite3 never calls.
                return _lru_cache_wrapper(function, maxsize, typed, None)

            return decorating

    return Functools


def _import() -> Any:
    stand_in = None if "functools" in sys.modules else _stand_in()
    if stand_in is not None:
        sys.modules["functools"] = stand_in  # type: ignore[assignment]
    try:
        import _sqlite3

        return _sqlite3
    finally:
        if stand_in is not None and sys.modules.get("functools") is stand_in:
            del sys.modules["functools"]


try:
    if TYPE_CHECKING:
        import sqlite3
    else:
        sqlite3 = _import()
except ImportError:  # pragma: no cover - other Python implementations
    import sqlite3

__all__ = ["sqlite3"]
