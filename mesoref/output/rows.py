"""`--plain` lists: one record per line, fields separated by tabs, never wrapped or cut.

A tab or newline inside a field would break the format, so fields are written with
`inert_field`, which shows them (and anything else a terminal would act on) as escapes.
"""

from __future__ import annotations

from mesoref.launch.inert import inert_field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


def tsv(rows: Iterable[Sequence[object]]) -> str:
    return "".join(
        "\t".join(inert_field("" if field is None else str(field)) for field in row) + "\n"
        for row in rows
    )
