"""The compiled index: validated records, names, references, problems and full text, in SQLite.

YAML stays the source of truth.  The index is built on first use and brought up to date on
every use that reaches it: the layers are scanned (stat only), and only files whose size or
mtime changed are read again.  Records that nothing else depends on are not re-read; checks
across records (dangling references, duplicates, name clashes, orphans) are SQL queries.

An index file is never changed in place.  A new version is written to a temporary file in
the cache directory and renamed over the old one, so readers see the old index or the new
one, never half of either, and concurrent first runs all succeed (the last rename wins).  A
corrupt or unreadable index is rebuilt; if the cache directory cannot be written, the index
is built in memory and the answer still comes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mesoref import __version__
from mesoref.catalog import Scan, scan_layers
from mesoref.layers import Layer
from mesoref.problems import Problem

SCHEMA = "8"  # bump when the tables or the stored shape of records change
PROGRESS_AFTER = 1.0  # seconds of building before progress is shown on a terminal

Progress = Callable[[int, int], None]


def index_key(layers: Sequence[Layer]) -> str:
    """Names the index file for one list of layers (and this version of mesoref)."""
    material = "\0".join(
        [
            SCHEMA,
            __version__,
            *(f"{layer.origin}={os.path.abspath(layer.root)}" for layer in layers),
        ]
    )
    return hashlib.blake2b(material.encode(), digest_size=10).hexdigest()


# -- opening ----------------------------------------------------------------------------------


@dataclass
class Index:
    """An open, up-to-date index and where it lives (`path` is None when held in memory)."""

    conn: sqlite3.Connection
    path: str | None
    scan: Scan
    rebuilt: bool


def _open_existing(path: str) -> sqlite3.Connection | None:
    """Open an index read-only, or None if it is missing, unreadable, corrupt or stale."""
    if not os.path.exists(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    if meta.get("schema") != SCHEMA or meta.get("version") != __version__:
        conn.close()
        return None
    return conn


def _changed(conn: sqlite3.Connection, scan: Scan) -> bool:
    files = {
        row[0]: (row[1], row[2]) for row in conn.execute("SELECT path, mtime_ns, size FROM files")
    }
    if files.keys() != scan.files.keys():
        return True
    if any(files[p] != (e.mtime_ns, e.size) for p, e in scan.files.items()):
        return True
    dirs = dict(conn.execute("SELECT path, mtime_ns FROM dirs").fetchall())
    return dirs != scan.dirs


def terminal_progress(stream: Any = None) -> Progress:
    """Progress on stderr for builds that take over a second, and only on a terminal."""
    out = stream or sys.stderr
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < PROGRESS_AFTER or not out.isatty():
            return
        if done == total or done % 50 == 0:
            out.write(f"\rmesoref: indexing data files: {done}/{total}")
            out.write("\n" if done == total else "")
            out.flush()

    return show


def build_in_memory(layers: Sequence[Layer], progress: Progress | None = None) -> Index:
    from mesoref.build import Builder, new_database

    conn = sqlite3.connect(":memory:")
    new_database(conn)
    scan = scan_layers(layers)
    Builder(conn, progress).apply(scan)
    conn.commit()
    return Index(conn, None, scan, True)


def open_index(
    layers: Sequence[Layer], directory: str | None, progress: Progress | None = None
) -> Index:
    """The up-to-date index for these layers, updated or rebuilt as needed."""
    scan = scan_layers(layers)
    if directory is None:
        return build_in_memory(layers, progress)
    path = os.path.join(directory, f"index-{index_key(layers)}.sqlite")
    current = _open_existing(path)
    if current is not None and not _changed(current, scan):
        return Index(current, path, scan, False)
    try:
        os.makedirs(directory, exist_ok=True)
        _sweep(directory)
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".index-", suffix=".tmp")
        os.close(fd)
    except OSError:
        if current is not None:
            current.close()
        return build_in_memory(layers, progress)  # unwritable cache: answer from memory
    from mesoref.build import Builder, fast_settings, new_database

    try:
        if current is not None:
            # Start from the old index, so only changed files are read.  A kernel file copy
            # is about four times faster than SQLite's page-by-page backup.
            current.close()
            shutil.copyfile(path, temporary)
            conn = sqlite3.connect(temporary)
            fast_settings(conn)
        else:
            conn = sqlite3.connect(temporary)
            fast_settings(conn)  # before any statement opens a transaction
            new_database(conn)
        Builder(conn, progress).apply(scan)
        conn.commit()
        conn.close()
        _swap_into_place(temporary, path)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return build_in_memory(layers, progress)
    except BaseException:  # Ctrl-C mid-build: leave no temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    reopened = _open_existing(path)
    if reopened is None:  # replaced by a concurrent run with another version; still answer
        return build_in_memory(layers, progress)
    return Index(reopened, path, scan, current is None)


def _swap_into_place(temporary: str, path: str) -> None:
    """Rename the new index over the old one without making anyone wait for the old one's
    blocks to be freed (tens of milliseconds for a large index): the old file keeps a second
    name for a moment, and that last name is removed on a background thread."""
    aside = temporary.removesuffix(".tmp") + "-old.tmp"
    try:
        os.link(path, aside)
    except OSError:
        aside = ""
    os.replace(temporary, path)
    if aside:
        # A daemon thread: the answer need not wait for the blocks to be freed.  If the
        # process ends first, the file is swept by the next write (see _sweep).
        threading.Thread(target=_unlink_quietly, args=(aside,), daemon=True).start()


def _sweep(directory: str) -> None:
    """Remove temporary files left by runs that were killed (older than a minute)."""
    cutoff = time.time() - 60
    with contextlib.suppress(OSError):
        for name in os.listdir(directory):
            if name.startswith(".index-") and name.endswith(".tmp"):
                full = os.path.join(directory, name)
                with contextlib.suppress(OSError):
                    if os.stat(full).st_mtime < cutoff:
                        os.unlink(full)


def _unlink_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def remove_cached(directory: str) -> int:
    """Delete every index and cached page in the cache directory; returns how many files."""
    removed = 0
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if name.startswith(("index-", ".index-")) or name.endswith((".page", ".tmp")):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed


def problems_of(conn: sqlite3.Connection) -> list[Problem]:
    return [
        Problem(*row)
        for row in conn.execute(
            "SELECT display, line, col, code, message, path FROM problems "
            "ORDER BY display, line, col, code"
        )
    ]
