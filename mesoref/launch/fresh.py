"""Proving that what an answer was built from has not changed since.

A file's fingerprint is (device, inode, size, mtime, ctime).  The kernel sets ctime to the
current time on every change to a file, content or metadata, and no unprivileged program can
set it back, so an edit that keeps the size and restores the old mtime still changes the
fingerprint, and two files that swap names swap inodes.  The one gap is time resolution: an
edit in the same clock tick as the moment the file was fingerprinted looks unchanged.  So
nothing is kept as an answer while any file it depends on changed less than `RACY_NS` ago (the
"racily clean" rule git uses for its index), and the index re-reads such files by content.

Standard library only.
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

# A fingerprint, or None for "must not exist".
Fingerprint = tuple[int, int, int, int, int] | None
RACY_NS = 2_000_000_000


def of_stat(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def fingerprint(path: str) -> Fingerprint:
    try:
        return of_stat(os.stat(path))
    except (OSError, ValueError):
        return None


def unchanged(paths: Sequence[str], recorded: Sequence[Fingerprint]) -> bool:
    """True when every path still exists with the fingerprint it was recorded with."""
    try:
        now = [
            (s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns)
            for s in map(os.stat, paths)
        ]
    except (OSError, ValueError):
        return False  # a file that was there has gone
    return now == list(recorded)


def racy(fingerprints: Iterable[Fingerprint], now_ns: int | None = None) -> bool:
    """Whether any file changed so recently that a later edit could keep its fingerprint."""
    now = time.time_ns() if now_ns is None else now_ns
    return any(f is not None and max(f[3], f[4]) > now - RACY_NS for f in fingerprints)
