"""SQLite as the index uses it: the C module alone.

The public `sqlite3` package is a thin wrapper around `_sqlite3`; importing it also imports
`datetime` and `collections` for its default adapters, which the index never uses, and costs
about 40% of Python's own start-up on the first view of a page.  Another Python without the C
module under that name falls back to the package.
"""

from __future__ import annotations

try:
    import _sqlite3 as sqlite3
except ImportError:  # pragma: no cover - other Python implementations
    import sqlite3  # type: ignore[no-redef]

__all__ = ["sqlite3"]
