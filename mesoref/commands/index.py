"""`mesoref index [--rebuild]`: where the index and the cached pages live, what the index
holds per layer and kind, and how many problems it found; `--rebuild` deletes the index and
pages mesoref made (and nothing else) and builds the index again."""

from __future__ import annotations

import os
import time

from mesoref.commands.statements import section
from mesoref.launch.cache import is_page_name, remove_own_files
from mesoref.model.kinds import KINDS, PLURAL
from mesoref.output.blocks import Block, Column, Grid, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


class IndexView:
    def __init__(self, ctx: Context, removed: int, seconds: float, rebuilt: bool) -> None:
        kb = ctx.kb
        self.cache_dir = ctx.cache_dir
        self.index_path = kb.index.path
        self.index_bytes = (
            os.path.getsize(self.index_path)
            if self.index_path and os.path.exists(self.index_path)
            else 0
        )
        pages = os.path.join(self.cache_dir, "pages") if self.cache_dir else ""
        self.pages = (
            sum(1 for n in os.listdir(pages) if is_page_name(n))
            if pages and os.path.isdir(pages)
            else 0
        )
        counts = kb.counts_by_layer()
        self.layers = [
            (layer.position, layer.origin, layer.display, counts.get(layer.position, 0))
            for layer in kb.layers
        ]
        self.kinds = {kind: kb.count(kind) for kind in KINDS}
        problems = kb.problems
        self.errors = sum(1 for p in problems if p.is_error)
        self.warnings = len(problems) - self.errors
        self.rebuilt = rebuilt or kb.index.rebuilt
        self.removed = removed
        self.seconds = seconds


def view(ctx: Context, rebuild: bool = False) -> IndexView:
    removed = remove_own_files(ctx.cache_dir) if rebuild and ctx.cache_dir else 0
    started = time.perf_counter()
    ctx.kb  # noqa: B018 - opening the knowledge base builds the index
    return IndexView(ctx, removed, time.perf_counter() - started, rebuild)


def page(v: IndexView) -> list[Block]:
    where = v.index_path or "in memory (no usable cache directory, or MESOREF_CACHE=off)"
    rows = [[[span("Index", "label")], [span(where)]]]
    if v.index_path:
        rows.append([[span("Size", "label")], [span(f"{v.index_bytes / 1_000_000:.1f} MB")]])
    rows.append(
        [
            [span("Cached pages", "label")],
            [span(f"{v.pages}" + (f" in {v.cache_dir}" if v.cache_dir else ""))],
        ]
    )
    if v.rebuilt:
        note = f" ({v.removed} cached files removed first)" if v.removed else ""
        rows.append([[span("Built", "label")], [span(f"just now, in {v.seconds:.2f} s{note}")]])
    advice = " (run `mesoref validate`)" if v.errors or v.warnings else ""
    rows.append(
        [[span("Problems", "label")], [span(f"{v.errors} errors, {v.warnings} warnings{advice}")]]
    )
    layers = [
        [[span(str(position))], [span(origin, "label")], [span(path)], [span(f"{records} records")]]
        for position, origin, path, records in v.layers
    ]
    kinds = [[[span(PLURAL[kind], "label")], [span(str(count))]] for kind, count in v.kinds.items()]
    return [
        Grid([Column(), Column(wrap=True)], rows),
        *section(
            "Layers (later ones win)",
            [Grid([Column(align_right=True), Column(), Column(wrap=True), Column()], layers)],
        ),
        *section("Records in effect", [Grid([Column(), Column(align_right=True)], kinds)]),
    ]


def data(v: IndexView) -> dict[str, Any]:
    return {
        "cache_dir": v.cache_dir,
        "index": v.index_path,
        "index_bytes": v.index_bytes,
        "pages": v.pages,
        "layers": [
            {"position": p, "origin": o, "path": d, "records": r} for p, o, d, r in v.layers
        ],
        "records": v.kinds,
        "errors": v.errors,
        "warnings": v.warnings,
        "rebuilt": v.rebuilt,
        "removed": v.removed,
        "seconds": round(v.seconds, 3),
    }
