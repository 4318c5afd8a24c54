"""`mesoref validate [PATH...]`: lint data directories; every problem at once, sorted, one
per line as file:line:column: code: field.path: message.

Besides what the index finds, it applies the rules that depend on today's date (topics not
reviewed for two years, literature searches older than a year), which is why its answer is
never kept as a page, and the rules about what a page needs (an injection topic that names no
risk or contraindication of its own)."""

from __future__ import annotations

import datetime
import os

from mesoref.errors import DataError, UsageProblem
from mesoref.index.kb import KnowledgeBase
from mesoref.index.store import build_in_memory, open_index
from mesoref.launch.inert import inert_field
from mesoref.model.kinds import KIND_OF_FOLDER
from mesoref.model.problems import Problem
from mesoref.output.blocks import Block, Verbatim
from mesoref.reading.layers import Layer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from mesoref.app import Context

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


def lint(
    layers: Sequence[Layer],
    checked: Sequence[Layer],
    today: datetime.date,
    cache_dir: str | None = None,
    only: Sequence[str] = (),
) -> Report:
    """Problems in the `checked` layers, read together with all `layers` (so references to
    built-in records resolve), sorted by file, line and column.  The index is the same one
    lookups use (proven fresh against the files), or one built in memory without a cache.
    `only` (absolute paths) narrows the report to those files."""
    index = open_index(layers, cache_dir) if cache_dir else build_in_memory(layers)
    kb = KnowledgeBase(index, layers)
    roots = [inert_field(layer.display) for layer in checked]  # as problems show them
    found = [p for p in kb.problems if _within(p.file, roots)]
    entries = kb.index.scan.files
    wanted = {entries[path].display for path in only if path in entries}
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
    files = [f for f in entries.values() if f.layer in positions]
    records = sum(count for layer, count in kb.counts_by_layer().items() if layer in positions)
    if only:
        found = [p for p in found if p.file in wanted]
        loaded = {r[0] for r in kb.index.conn.execute("SELECT display FROM records")}
        return Report(sorted(set(found)), len(wanted), len(wanted & loaded))
    return Report(sorted(set(found)), len(files), records)


class ValidateView:
    def __init__(self, report: Report, strict: bool) -> None:
        self.report = report
        self.strict = strict
        counts = (
            f"{report.errors} error(s) and {report.warnings} warning(s) in {report.files} "
            f"file(s), {report.records} record(s)"
        )
        failed = bool(report.errors or (strict and report.warnings))
        self.exit_code = DataError.exit_code if failed else 0
        if report.problems:
            self.messages = [(f"mesoref: {counts}", "error" if failed else "warning")]
        else:
            self.messages = [
                (f"mesoref: no problems in {report.files} file(s), {report.records} record(s)", "")
            ]


def _file_layer(given: str) -> tuple[str, str]:
    """The data directory a file belongs to, and the file, both absolute: a file is read as
    the record its kind folder says it is (`clinic/topics/x.yaml` is a topic of `clinic`)."""
    path = os.path.abspath(os.path.expanduser(given))
    folder = os.path.dirname(path)
    if os.path.basename(folder) not in KIND_OF_FOLDER:
        folders = ", ".join(f"{f}/" for f in KIND_OF_FOLDER)
        raise UsageProblem(
            f"cannot tell what kind of record {given} holds: data files live in a kind folder "
            f"({folders}) of a data directory"
        )
    return os.path.dirname(folder), path


def view(ctx: Context, paths: list[str] | None = None, strict: bool = False) -> ValidateView:
    """Every layer; or the given directories on top of the built-in data; or the given files
    in the context of every layer (their own data directory added when it is not one)."""
    layers = list(ctx.layers)
    today = datetime.date.today()
    given = paths or []
    files = [p for p in given if os.path.isfile(p)]
    folders = [p for p in given if p not in files]
    if files and folders:
        raise UsageProblem("give either data directories or data files to validate, not both")
    if files:
        roots = {layer.root: layer for layer in layers}
        only = []
        for name in files:
            root, path = _file_layer(name)
            only.append(path)
            if root not in roots:
                roots[root] = Layer(
                    len(layers),
                    root,
                    "validate",
                    os.path.dirname(os.path.dirname(name.rstrip(os.sep))) or ".",
                )
                layers.append(roots[root])
        report = lint(layers, layers, today, ctx.cache_dir, only)
        return ValidateView(report, strict)
    if folders:
        checked = [
            Layer(i, os.path.abspath(os.path.expanduser(p)), "validate", p)
            for i, p in enumerate(folders, start=1)
        ]
        layers = [layers[0], *checked]
    else:
        checked = layers
    return ValidateView(lint(layers, checked, today, ctx.cache_dir), strict)


def page(v: ValidateView) -> list[Block]:
    return [Verbatim([str(p) for p in v.report.problems])] if v.report.problems else []


def data(v: ValidateView) -> dict[str, Any]:
    r = v.report
    return {
        "files": r.files,
        "records": r.records,
        "errors": r.errors,
        "warnings": r.warnings,
        "problems": [p.as_json() for p in r.problems],
    }


def rows(v: ValidateView) -> list[list[object]]:
    return [[p.file, p.line, p.column, p.code, p.path, p.message] for p in v.report.problems]
