"""What a word that is not a command might have meant: a record's name (`mesoref cellulite`
suggests `mesoref topic cellulite`).  Opens the index, so it is imported only on that error."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


# Singular forms people type for a listing command: one record opens with `show`.
SINGULARS = frozenset({"risk", "claim", "event", "contraindication", "term", "record", "year"})


def unknown_command_hint(
    word: str, hint: str, environ: Mapping[str, str], rest: Sequence[str] = ()
) -> str:
    """A hint naming the record `word` stands for, else the search for it, after `hint`."""
    if word in SINGULARS:
        name = " ".join(rest) or "ID"
        return f"one {word} opens with: mesoref show {name}"
    lines = [hint] if hint else []
    try:
        from mesoref.index.kb import open_quietly

        kb = open_quietly([], environ)
        named = [
            (k, i) for k, i in kb.kinds_named(word) if k in ("topic", "substance", "source", "term")
        ]
    except Exception:
        named = []
    for kind, record_id in named[:3]:
        command = {"term": "glossary"}.get(kind, kind)
        lines.append(f"try: mesoref {command} {record_id}")
    if not named:
        lines.append(f"to search for it: mesoref search {word}")
    return "\n".join(lines)
