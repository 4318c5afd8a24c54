"""The `mesoref` entry point."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from mesoref.cli import run

    return run(sys.argv[1:] if argv is None else argv)
