"""`mesoref validate [PATH...]`: lint data directories; every problem at once, sorted, one
per line as file:line:column: code: field.path: message."""

from __future__ import annotations

import datetime

from mesoref.errors import DataError
from mesoref.output.blocks import Block, Verbatim
from mesoref.reading.layers import Layer
from mesoref.reading.lint import Report, lint

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context


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


def view(ctx: Context, paths: list[str] | None = None, strict: bool = False) -> ValidateView:
    import os

    layers = list(ctx.layers)
    if paths:
        checked = [
            Layer(i, os.path.abspath(os.path.expanduser(p)), "validate", p)
            for i, p in enumerate(paths, start=1)
        ]
        layers = [layers[0], *checked]
    else:
        checked = layers
    return ValidateView(lint(layers, checked, datetime.date.today()), strict)


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
