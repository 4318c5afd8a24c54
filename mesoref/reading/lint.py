"""`mesoref validate`: every problem in data directories, reported like a compiler's.

Besides what the index finds, it applies the rules that depend on today's date (topics not
reviewed for two years, literature searches older than a year), which is why its answer is
never kept as a page, and the rules about what a page needs (an injection topic that names no
risk or contraindication of its own).
"""

from __future__ import annotations

import datetime
import os

from mesoref.index.kb import KnowledgeBase
from mesoref.index.store import build_in_memory
from mesoref.launch.inert import inert_field
from mesoref.model.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mesoref.reading.layers import Layer

REVIEW_DAYS = 730  # a topic not reviewed for two years is reported (W406)
SEARCH_DAYS = 365  # a literature search older than a year is reported (W409)


class Report:
    def __init__(self, problems: list[Problem], files: int, records: int) -> None:
        self.problems = problems
        self.files = files
        self.records = records

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
    roots = [inert_field(layer.display) for layer in checked]  # as problems show them
    found = [p for p in kb.problems if _within(p.file, roots)]
    positions = {layer.position for layer in checked}
    stale_review = (today - datetime.timedelta(days=REVIEW_DAYS)).isoformat()
    stale_search = (today - datetime.timedelta(days=SEARCH_DAYS)).isoformat()
    for kind in ("topic", "substance"):
        for record in kb.all(kind):
            layer, file, line, column = kb.location(kind, record["id"])
            if layer not in positions:
                continue
            if kind == "topic" and record["reviewed"] < stale_review:
                found.append(
                    Problem(
                        file,
                        line,
                        column,
                        "W406",
                        f"last reviewed {record['reviewed']}, more than two years ago",
                        "reviewed",
                    )
                )
            literature = record["literature"]
            if literature and literature["searched"] < stale_search:
                found.append(
                    Problem(
                        file,
                        line,
                        column,
                        "W409",
                        f"literature last searched {literature['searched']}, "
                        "more than 12 months ago",
                        "literature.searched",
                    )
                )
            if (
                kind == "topic"
                and record["injection"]
                and not (record["risks"] or record["contraindications"])
            ):
                found.append(
                    Problem(
                        file,
                        line,
                        column,
                        "W410",
                        "an injection topic should name its own risks or contraindications "
                        "(the risks of any injection are added to its page)",
                        "risks",
                    )
                )
    files = [f for f in kb.index.scan.files.values() if f.layer in positions]
    records = sum(count for layer, count in kb.counts_by_layer().items() if layer in positions)
    return Report(sorted(set(found)), len(files), records)
