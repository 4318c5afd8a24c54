"""Where mesoref keeps its cache ($XDG_CACHE_HOME/mesoref, else ~/.cache/mesoref), and
whether it may keep one at all."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing itself is not imported on the cached path
if TYPE_CHECKING:
    from collections.abc import Mapping


def cache_dir(environ: Mapping[str, str]) -> str:
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mesoref")


def caching_disabled(environ: Mapping[str, str]) -> bool:
    """MESOREF_CACHE=off (or 0, no, false): no index file and no cached pages are written."""
    return environ.get("MESOREF_CACHE", "").strip().lower() in ("off", "0", "no", "false")
