"""`mesoref validate`: every problem in data directories, reported like a compiler's."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass

from mesoref.index import build_in_memory
from mesoref.kb import KnowledgeBase
from mesoref.layers import Layer
from mesoref.problems import Problem
from mesoref.schema import Topic

REVIEW_DAYS = 730  # a topic not reviewed for two years is reported (W406)


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    files: int
    records: int

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def _within(display: str, roots: Sequence[str]) -> bool:
    return any(
        display == root or display.startswith(root.rstrip(os.sep) + os.sep) for root in roots
    )


def lint(layers: Sequence[Layer], checked: Sequence[Layer], today: datetime.date) -> Report:
    """Problems in the `checked` layers, read together with all `layers` (so references to
    built-in records resolve), sorted by file, line and column."""
    kb = KnowledgeBase(build_in_memory(layers), layers)
    roots = [layer.display_root for layer in checked]
    found = [p for p in kb.problems if _within(p.file, roots)]
    positions = {layer.position for layer in checked}
    stale = (today - datetime.timedelta(days=REVIEW_DAYS)).isoformat()
    for topic in kb.all("topic"):
        assert isinstance(topic, Topic)
        where = kb.location("topic", topic.id)
        if where.layer in positions and topic.reviewed < stale:
            found.append(
                Problem(
                    where.file,
                    where.line,
                    where.column,
                    "W406",
                    f"last reviewed {topic.reviewed}, more than two years ago",
                    "reviewed",
                )
            )
    files = [f for f in kb.index.scan.files.values() if f.layer in positions]
    records = sum(count for layer, count in kb.counts_by_layer().items() if layer in positions)
    return Report(sorted(set(found)), len(files), records)
