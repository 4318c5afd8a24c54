"""`mesoref paths`: the data layers in the order they apply, with their record counts, and
where the cache lives."""

from __future__ import annotations

import os

from mesoref.commands.statements import section
from mesoref.output.blocks import Block, Column, Grid, Heading, Para, span
from mesoref.reading.layers import xdg_layer_dir

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


class PathsView:
    def __init__(self, ctx: Context) -> None:
        kb = ctx.kb
        counts = kb.counts_by_layer()
        self.layers = [
            {
                "position": layer.position,
                "origin": layer.origin,
                "path": layer.display,
                "exists": os.path.isdir(layer.root),
                "records": counts.get(layer.position, 0),
            }
            for layer in kb.layers
        ]
        self.xdg = xdg_layer_dir(ctx.environ)
        self.cache_dir = ctx.cache_dir
        self.index = kb.index.path


def view(ctx: Context) -> PathsView:
    return PathsView(ctx)


def page(v: PathsView) -> list[Block]:
    rows = [
        [
            [span(str(layer["position"]))],
            [span(str(layer["origin"]), "label")],
            [span(str(layer["path"]))],
            [span(f"{layer['records']} records" if layer["exists"] else "missing")],
        ]
        for layer in v.layers
    ]
    parts: list[Block] = [
        Heading("Data layers, in the order they apply (later wins)"),
        Grid([Column(align_right=True), Column(), Column(wrap=True), Column()], rows),
    ]
    if not any(layer["origin"] == "XDG_DATA_HOME" for layer in v.layers):
        parts.append(Para([span(f"Create {v.xdg} to add a layer of your own there.", "meta")]))
    where = [
        [[span("Cache", "label")], [span(v.cache_dir or "none (MESOREF_CACHE=off, or refused)")]],
        [[span("Index", "label")], [span(v.index or "in memory")]],
    ]
    return [*parts, *section("Cache", [Grid([Column(), Column(wrap=True)], where)])]


def data(v: PathsView) -> dict[str, Any]:
    return {"layers": v.layers, "xdg_layer": v.xdg, "cache_dir": v.cache_dir, "index": v.index}


def rows(v: PathsView) -> list[list[object]]:
    return [
        [layer["position"], layer["origin"], layer["path"], layer["records"]] for layer in v.layers
    ]
