"""`mesoref cite ID|TOPIC...`: references to paste into a manuscript, or exports to import.

Sources are named by id, DOI or PMID; a topic (or any record with a page) gives that page's
reference list, numbered as on the page; `mesoref` cites mesoref itself. Text comes one
reference per line, never wrapped, so that it pastes whole.
"""

from __future__ import annotations

from mesoref import __version__
from mesoref.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.index.kb import KnowledgeBase

# How to cite mesoref itself; CITATION.cff says the same (tested).
ITSELF_TITLE = "mesoref: a sourced, evidence-graded reference on mesotherapy"
ITSELF_AUTHOR = "The mesoref team"
ITSELF_YEAR = 2026


def itself() -> dict[str, Any]:
    return {
        "id": "mesoref",
        "type": "software",
        "title": ITSELF_TITLE,
        "organisation": ITSELF_AUTHOR,
        "year": ITSELF_YEAR,
        "version": __version__,
        "note": "Code under the MIT licence; knowledge base under CC BY 4.0.",
    }


class CiteView:
    def __init__(self, entries: list[dict[str, Any]], style: str, fmt: str) -> None:
        self.entries = entries
        self.style = style
        self.format = fmt
        self.verbatim = _text(entries, style, fmt)
        gaps = [e["id"] for e in entries if e.get("incomplete")]
        self.messages = (
            [
                (
                    f"mesoref: {len(gaps)} of these references are incomplete "
                    f"({', '.join(gaps)}); `mesoref source ID` says what is missing",
                    "warning",
                )
            ]
            if gaps
            else []
        )


def _text(entries: list[dict[str, Any]], style: str, fmt: str) -> str:
    if fmt != "text":
        from mesoref.references.exports import WRITERS

        return WRITERS[fmt](entries)
    from mesoref.references.styles import FORMATTERS

    # Numbered as a manuscript's list is, one reference per line.
    formatter = FORMATTERS[style]
    return "".join(f"{n}. {formatter(entry)}\n" for n, entry in enumerate(entries, start=1))


def _source(kb: KnowledgeBase, name: str) -> Any:
    """A source by its id, or by DOI (bare, `doi:` or a doi.org address) or PMID."""
    from mesoref.commands.source import source_by_identifier

    found = kb.find("source", name)
    if found is not None and found["id"] == name.strip():
        return found
    return source_by_identifier(kb, name) or found


def _page_sources(ctx: Context, name: str) -> list[Any] | None:
    """The reference list of the page a record name opens, in the page's order."""
    from mesoref.commands import show

    if not ctx.kb.kinds_named(name):
        return None
    shown = show.view(ctx, name)
    show.page(shown)  # numbering happens as the page cites its sources
    inner = shown.inner
    return [source for _, source in inner.citations.numbered()]


def _entries(ctx: Context, name: str) -> list[Any]:
    if name.strip().lower() == "mesoref":
        return [itself()]
    source = _source(ctx.kb, name)
    if source is not None:
        return [source]
    listed = _page_sources(ctx, name)
    if listed is not None:
        return listed
    near = ctx.kb.suggest("source", name) + ctx.kb.suggest("topic", name)
    raise NotFound(
        f"no source, topic or record named {name!r}",
        near[:4],
        "name a source by id, DOI or PMID, or a topic: mesoref cite cellulite",
    )


def view(
    ctx: Context, names: list[str], style: str | None = None, format: str | None = None
) -> CiteView:
    # `mesoref cite hair loss` names one topic in two words; `cite amin-2006 park-2008` two
    # sources. The whole phrase is tried first.
    phrase = " ".join(names)
    groups = [phrase] if len(names) > 1 and ctx.kb.kinds_named(phrase) else names
    entries: list[Any] = []
    seen: set[str] = set()
    for name in groups:
        for entry in _entries(ctx, name):
            if entry["id"] not in seen:
                seen.add(entry["id"])
                entries.append(entry)
    return CiteView(entries, style or "vancouver", format or "text")


def data(v: CiteView) -> dict[str, Any]:
    from mesoref.references.exports import csl_item
    from mesoref.references.styles import FORMATTERS

    formatter = FORMATTERS[v.style]
    return {
        "style": v.style,
        "references": [
            {
                "n": n,
                "id": e["id"],
                "text": formatter(e),
                "incomplete": e.get("incomplete"),
                "csl": csl_item(e),
            }
            for n, e in enumerate(v.entries, start=1)
        ],
    }
