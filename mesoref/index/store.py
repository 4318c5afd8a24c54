"""The compiled index on disk: named for its code and layers, proven fresh before it is used,
updated so that a crash leaves the old index or the new one, and rebuilt when damaged.

YAML stays the source of truth.  The index file is named by a digest of the index schema,
the fingerprints of mesoref's own code, and the layer folders, so another installation or
another version never reads it.  On open, the layers are scanned (stat only) and compared with
the fingerprints the index recorded; a file whose fingerprint changed is read again by
content (an unchanged content only refreshes the fingerprint), and files that changed too
recently to be fingerprinted safely are re-read by content until they settle.

A new index is written to a temporary file (no journal, as nobody else can see it), synced,
renamed into place and the folder synced.  An update of an existing index is one SQLite
transaction with a rollback journal and full sync.  Any error reading an index (a damaged
page, a record that does not decode) raises IndexDamaged; the caller rebuilds and tries again.

Standard library only, and no `re`, `json`, `typing` or `dataclasses`: this is opened on every
first view of a page.  Writing (`mesoref.index.build`) is imported only when needed.
"""

from __future__ import annotations

import os
import sys
import time

from mesoref import __version__
from mesoref.index.sqlite import sqlite3
from mesoref.launch.cache import (
    copy_file,
    is_index_name,
    is_regular_file,
    oldest_first,
    sync_directory,
    temporary_file,
)
from mesoref.launch.fresh import RACY_NS, Fingerprint, of_stat
from mesoref.reading.scan import Scan, scan_layers

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from mesoref.reading.layers import Layer

    Progress = Callable[[int, int], None]

SCHEMA = "13"  # bump when the tables or the stored shape of records change
PROGRESS_AFTER = 1.0  # seconds of building before progress is shown on a terminal
BUSY_MS = 10_000  # how long a run waits for another run's update to finish
MAX_INDEX_FILES = 8


class Index:
    """An open, up-to-date index and where it lives (`path` is None when held in memory)."""

    __slots__ = ("conn", "path", "rebuilt", "scan")

    def __init__(self, conn: sqlite3.Connection, path: str | None, scan: Scan, rebuilt: bool):
        self.conn = conn
        self.path = path
        self.scan = scan
        self.rebuilt = rebuilt


# The code that decides what an index holds: the record model, reading and validating data,
# and this package.  Pages also depend on the rest (each page records every module it ran).
INDEX_CODE = ("model", "reading", "index")


def _code_files() -> list[str]:
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = [os.path.join(package, "__init__.py")]
    for folder in INDEX_CODE:
        try:
            names = os.listdir(os.path.join(package, folder))
        except OSError:
            continue
        found.extend(os.path.join(package, folder, n) for n in names if n.endswith(".py"))
    return sorted(found)


def code_fingerprint() -> str:
    """A digest of the fingerprints of the code that builds an index: new code, new index."""
    parts = [SCHEMA, __version__, sys.version]
    for path in _code_files():
        try:
            parts.append(f"{path}:{of_stat(os.stat(path))}")
        except OSError:
            parts.append(f"{path}:missing")
    return blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def index_name(layers: Sequence[Layer], code: str) -> str:
    # The layer as the user wrote it is part of the name: the index stores problems with the
    # file names as shown, so `validate clinic` must not read problems filed under
    # "/home/me/clinic" and find none of its own.
    material = "\0".join(
        [code, *(f"{layer.origin}={layer.root}={layer.display}" for layer in layers)]
    )
    digest = blake2b(material.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return f"index-{digest}.sqlite"


def terminal_progress() -> Progress:
    """Progress on stderr for builds that take over a second, and only on a terminal."""
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < PROGRESS_AFTER or not sys.stderr.isatty():
            return
        if done == total or done % 50 == 0:
            sys.stderr.write(f"\rmesoref: indexing data files: {done}/{total}")
            sys.stderr.write("\n" if done == total else "")
            sys.stderr.flush()

    return show


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"file:{_quote(target)}", uri=True, timeout=BUSY_MS / 1000, isolation_level=None
    )
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _quote(path: str) -> str:
    return path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")


def _open_existing(path: str) -> sqlite3.Connection | None:
    """Open an index that is a regular file of ours with this schema, else None."""
    if not is_regular_file(path):
        return None
    try:
        conn = _connect(path)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    if meta.get("schema") != SCHEMA:
        conn.close()
        return None
    return conn


def _stale(conn: sqlite3.Connection, scan: Scan) -> bool:
    """Whether the index differs from what the layers hold now (or holds racy files).  The
    common case is one comparison: the digest of the whole scan, kept when the index was last
    brought up to date, and only when no file was racy then."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'scan'").fetchone()
    if row is not None and row[0] == scan.digest():
        return False
    return _differs(conn, scan)


def _differs(conn: sqlite3.Connection, scan: Scan) -> bool:
    stored: dict[bytes, tuple[tuple[int, ...], int]] = {}
    for path, dev, ino, size, mtime, ctime, racy in conn.execute(
        "SELECT path, dev, ino, size, mtime_ns, ctime_ns, racy FROM files"
    ):
        stored[path] = ((dev, ino, size, mtime, ctime), racy)
    if len(stored) != len(scan.files):
        return True
    encode = os.fsencode
    for path, entry in scan.files.items():
        found = stored.get(encode(path))
        if found is None or found[1] or found[0] != entry.fingerprint:
            return True
    dirs: dict[bytes, Fingerprint] = {}
    for path, dev, ino, size, mtime, ctime in conn.execute(
        "SELECT path, dev, ino, size, mtime_ns, ctime_ns FROM dirs"
    ):
        dirs[path] = None if dev is None else (dev, ino, size, mtime, ctime)
    return dirs != {encode(p): fp for p, fp in scan.dirs.items()}


def build_in_memory(layers: Sequence[Layer], progress: Progress | None = None) -> Index:
    from mesoref.index.build import Builder, new_database

    conn = sqlite3.connect(":memory:", isolation_level=None)
    new_database(conn)
    scan = scan_layers(layers)
    conn.execute("BEGIN")
    Builder(conn, progress).apply(scan)
    conn.execute("COMMIT")
    return Index(conn, None, scan, True)


def open_index(
    layers: Sequence[Layer], directory: str | None, progress: Progress | None = None
) -> Index:
    """The up-to-date index for these layers, updated, built or rebuilt as needed.  With no
    usable cache directory, the index is built in memory and the answer still comes."""
    if directory is None:
        return build_in_memory(layers, progress)
    code = code_fingerprint()
    path = os.path.join(directory, index_name(layers, code))
    scan = scan_layers(layers)
    conn = _open_existing(path)
    try:
        if conn is not None and not _stale(conn, scan):
            return Index(conn, path, scan, False)
        if conn is not None:
            _update(conn, scan, progress)
            return Index(conn, path, scan, False)
    except sqlite3.Error:
        conn.close() if conn is not None else None
        discard(path)
        conn = None
    # A first run with user layers starts from the built-in layer's index, if there is one,
    # so that only the user's files are read.
    base = os.path.join(directory, index_name(layers[:1], code)) if len(layers) > 1 else None
    try:
        try:
            _create(path, scan, progress, base if base and is_regular_file(base) else None)
        except sqlite3.Error:
            if base is None:
                raise
            _create(path, scan, progress, None)  # the base itself was damaged
    except (OSError, sqlite3.Error):
        return build_in_memory(layers, progress)  # an unwritable cache: answer from memory
    _prune(directory, {os.path.basename(path), os.path.basename(base or path)})
    fresh = _open_existing(path)
    if fresh is None:  # replaced by a concurrent run in a way we cannot read: still answer
        return build_in_memory(layers, progress)
    return Index(fresh, path, scan, True)


def _update(conn: sqlite3.Connection, scan: Scan, progress: Progress | None) -> None:
    """Bring an existing index up to date in one durable transaction (rollback journal and
    full sync: a crash leaves the old index or the new one)."""
    from mesoref.index.build import Builder

    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")  # waits for another run's update, then sees its result
    try:
        if _stale(conn, scan):
            Builder(conn, progress).apply(scan)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _create(path: str, scan: Scan, progress: Progress | None, base: str | None) -> None:
    """Write a complete new index beside `path` (starting from a copy of `base`, an index of
    fewer layers, when given), sync it, and rename it into place."""
    from mesoref.index.build import Builder, new_database

    directory = os.path.dirname(path)
    fd, temporary = temporary_file(directory, ".index-")
    try:
        try:
            if base is not None:
                copy_file(base, fd)
        finally:
            os.close(fd)
        conn = sqlite3.connect(temporary, isolation_level=None)
        try:
            # Nobody can see the temporary file until it is complete, so no journal is needed.
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            if base is None or not _has_schema(conn):
                conn.close()
                os.truncate(temporary, 0)
                conn = sqlite3.connect(temporary, isolation_level=None)
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                new_database(conn)
            conn.execute("BEGIN")
            Builder(conn, progress).apply(scan)
            conn.execute("COMMIT")
        finally:
            conn.close()
        fd = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
        sync_directory(directory)
    except BaseException:  # any failure, Ctrl-C included: leave no temporary file behind
        try:  # noqa: SIM105 - contextlib is not imported on this path
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _has_schema(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == SCHEMA


def discard(path: str) -> None:
    """Remove a damaged index and its journal."""
    for name in (path, path + "-journal"):
        try:  # noqa: SIM105
            os.unlink(name)
        except OSError:
            pass


def _prune(directory: str, keep: set[str]) -> None:
    """At most MAX_INDEX_FILES index files (other layer sets, older code): drop the oldest,
    but never the one just written nor the built-in layer's, which new layer sets start from."""
    try:
        names = [n for n in os.listdir(directory) if is_index_name(n) and n not in keep]
    except OSError:
        return
    if len(names) < MAX_INDEX_FILES:
        return
    for name in oldest_first(directory, names)[: len(names) - MAX_INDEX_FILES + 1]:
        discard(os.path.join(directory, name))


def racy_now(fingerprint: Fingerprint, now_ns: int) -> bool:
    return fingerprint is not None and max(fingerprint[3], fingerprint[4]) > now_ns - RACY_NS
