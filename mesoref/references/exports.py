"""Exports that reference managers import: RIS (EndNote, Zotero, Mendeley), BibTeX and CSL-JSON.

None of the three can say "the author list goes on": each export lists the authors the record
holds and adds a note saying the list is incomplete, and BibTeX also ends it with "and others",
its own convention for "et al.".
"""

from __future__ import annotations

import json

from mesoref.references.parts import date_parts, is_judgment, iso_parts, name_parts, page_bounds

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

FORMATS = ("ris", "bibtex", "csljson")
INCOMPLETE = "Author list incomplete: the first six authors are listed."


def _incomplete(source: Any) -> bool:
    return bool(source.get("et_al")) and bool(source.get("authors"))


# RIS -------------------------------------------------------------------------------------

_RIS_TYPES = {
    "journal-article": "JOUR",
    "conference-abstract": "ABST",
    "report": "RPRT",
    "web-page": "ELEC",
    "book": "BOOK",
    "book-chapter": "CHAP",
    "software": "COMP",
}


def _ris_type(source: Any) -> str:
    if source.get("type") == "legal-text":
        return "CASE" if is_judgment(source) else "STAT"
    return _RIS_TYPES.get(source.get("type") or "", "GEN")


def _ris_name(name: str) -> str:
    family, initials, suffix = name_parts(name)
    if not initials:
        return family
    return f"{family}, {'.'.join(initials)}." + (f", {suffix}" if suffix else "")


def _one_line(text: str) -> str:
    # A tag's value is one line: a line break would start a malformed tag.
    return " ".join(str(text).split())


def ris(sources: Iterable[Any]) -> str:
    lines: list[str] = []

    def tag(name: str, value: Any) -> None:
        if value:
            lines.append(f"{name}  - {_one_line(value)}")

    for source in sources:
        tag("TY", _ris_type(source))
        tag("ID", source["id"])
        for name in source.get("authors") or ():
            tag("AU", _ris_name(name))
        if source.get("authors"):
            tag("AU", source.get("group"))
        else:
            tag("AU", source.get("organisation"))
        for name in source.get("editors") or ():
            tag("A2", _ris_name(name))
        tag("TI", source.get("title"))
        kind = source.get("type")
        if kind == "journal-article" or source.get("journal"):
            tag("T2", source.get("journal"))
            tag("J2", source.get("journal_abbrev"))
        else:
            tag("T2", source.get("container"))
        parts = date_parts(source)
        if parts:
            tag("PY", str(parts[0]))
            # YYYY/MM/DD/other, blank where unknown, as the RIS specification writes it.
            padded = [str(parts[0]), *(f"{p:02d}" for p in parts[1:3])]
            tag("DA", "/".join([*padded, *[""] * (3 - len(padded))]) + "/")
        tag("VL", source.get("volume"))
        tag("IS", source.get("issue"))
        if source.get("pages"):
            first, last = page_bounds(source["pages"])
            tag("SP", first)
            tag("EP", last)
        elif source.get("article_number"):
            tag("SP", source["article_number"])
        tag("ET", source.get("edition") or source.get("version"))
        tag("PB", source.get("publisher") or (source.get("court") if is_judgment(source) else None))
        tag("CY", source.get("place"))
        # Where Zotero and EndNote look for them: a report's number in SN, a decision's
        # docket number in SV, any other number in M1.
        number = source.get("report_number") or source.get("number")
        number_tag = {"RPRT": "SN", "CASE": "SV"}.get(_ris_type(source), "M1")
        tag(number_tag, number)
        tag("DO", source.get("doi"))
        tag("AN", f"PMID: {source['pmid']}" if source.get("pmid") else None)
        tag("C2", source.get("pmcid"))
        tag("UR", source.get("url"))
        if source.get("accessed"):
            tag("Y2", source["accessed"].replace("-", "/"))
        if _incomplete(source):
            tag("N1", INCOMPLETE)
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


# BibTeX ----------------------------------------------------------------------------------

_BIBTEX_TYPES = {
    "journal-article": "article",
    "conference-abstract": "inproceedings",
    "report": "techreport",
    "web-page": "misc",
    "book": "book",
    "book-chapter": "incollection",
    "legal-text": "misc",
    "software": "misc",
}
_BIBTEX_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: Any) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in _one_line(text))


def _bibtex_name(name: str, literal: bool = False) -> str:
    family, initials, suffix = name_parts(name)
    if literal or not initials:
        # Braces keep a corporate or one-word name whole instead of read as "Last, First".
        return "{" + _tex(name) + "}"
    given = " ".join(c + "." for c in initials)
    # BibTeX's three-part form: "von Last, Jr, First".
    return f"{_tex(family)}, {_tex(suffix)}, {given}" if suffix else f"{_tex(family)}, {given}"


def _adder(fields: list[tuple[str, str, bool]]) -> Callable[..., None]:
    """A function that adds a field: escaped for TeX unless `raw`, in braces unless
    `macro` (a month is the macro `may`, not the string `{may}`, which biber rejects)."""

    def field(name: str, value: Any, *, raw: bool = False, macro: bool = False) -> None:
        if value:
            fields.append((name, str(value) if raw or macro else _tex(value), not macro))

    return field


def bibtex(sources: Iterable[Any]) -> str:
    entries: list[str] = []
    for source in sources:
        kind = source.get("type") or ""
        fields: list[tuple[str, str, bool]] = []

        field = _adder(fields)

        names = [_bibtex_name(n) for n in source.get("authors") or ()]
        if names and source.get("group"):
            names.append(_bibtex_name(source["group"], literal=True))
        if names and _incomplete(source):
            names.append("others")
        if not names and source.get("organisation"):
            names = [_bibtex_name(source["organisation"], literal=True)]
        if names:
            fields.append(("author", " and ".join(names), True))
        if source.get("editors"):
            editors = " and ".join(_bibtex_name(n) for n in source["editors"])
            fields.append(("editor", editors, True))
        # Double braces keep the title's own capitals: BibTeX styles would lower them.
        fields.append(("title", "{" + _tex(source["title"]) + "}", True))
        if kind == "journal-article":
            field("journal", source.get("journal") or source.get("journal_abbrev"))
            field("shortjournal", source.get("journal_abbrev"))
        elif kind in ("book-chapter", "conference-abstract"):
            field("booktitle", source.get("container") or source.get("journal"))
        elif kind == "report":
            field("institution", source.get("publisher") or source.get("organisation"))
        elif source.get("container"):
            field("howpublished", source["container"])
        parts = date_parts(source)
        if parts:
            field("year", parts[0])
            if len(parts) > 1:
                field("month", _BIBTEX_MONTHS[parts[1] - 1], macro=True)
        field("volume", source.get("volume"))
        field("number", source.get("issue") or source.get("report_number") or source.get("number"))
        if source.get("pages"):
            first, last = page_bounds(source["pages"])
            field("pages", f"{first}--{last}" if last else first, raw=False)
        elif source.get("article_number"):
            field("eid", source["article_number"])
        field("edition", source.get("edition"))
        field("version", source.get("version"))
        if kind != "report":
            field("publisher", source.get("publisher"))
        field("address", source.get("place"))
        field("doi", source.get("doi"), raw=True)  # verbatim in biblatex: never escaped
        field("pmid", source.get("pmid"))
        field("pmcid", source.get("pmcid"))
        field("url", source.get("url"), raw=True)
        field("urldate", source.get("accessed"))
        notes = [INCOMPLETE] if _incomplete(source) else []
        if kind == "legal-text":
            notes.insert(
                0, ", ".join(p for p in (source.get("court"), source.get("jurisdiction")) if p)
            )
        field("note", " ".join(n for n in notes if n))
        body = ",\n".join(
            f"  {name} = {{{value}}}" if braced else f"  {name} = {value}"
            for name, value, braced in fields
        )
        entries.append(f"@{_BIBTEX_TYPES.get(kind, 'misc')}{{{source['id']},\n{body}\n}}\n")
    return "\n".join(entries)


# CSL-JSON --------------------------------------------------------------------------------

_CSL_TYPES = {
    "journal-article": "article-journal",
    "conference-abstract": "paper-conference",
    "report": "report",
    "web-page": "webpage",
    "book": "book",
    "book-chapter": "chapter",
    "software": "software",
}


def _csl_name(name: str) -> dict[str, str]:
    family, initials, suffix = name_parts(name)
    if not initials:
        return {"literal": name}
    found = {"family": family, "given": initials}
    if suffix:
        found["suffix"] = suffix
    return found


def csl_item(source: Any) -> dict[str, Any]:
    kind = source.get("type") or ""
    if kind == "legal-text":
        csl_type = "legal_case" if is_judgment(source) else "legislation"
    else:
        csl_type = _CSL_TYPES.get(kind, "document")
    item: dict[str, Any] = {"id": source["id"], "type": csl_type, "title": source["title"]}
    if source.get("authors"):
        item["author"] = [_csl_name(n) for n in source["authors"]]
        if source.get("group"):
            item["author"].append({"literal": source["group"]})
    elif source.get("organisation"):
        item["author"] = [{"literal": source["organisation"]}]
    if source.get("editors"):
        item["editor"] = [_csl_name(n) for n in source["editors"]]
    if kind == "journal-article" or source.get("journal"):
        container, short = source.get("journal"), source.get("journal_abbrev")
    else:
        container, short = source.get("container"), None
    optional = {
        "container-title": container,
        "container-title-short": short,
        "volume": source.get("volume"),
        "issue": source.get("issue"),
        "page": source.get("pages") or source.get("article_number"),
        "edition": source.get("edition"),
        "version": source.get("version"),
        "publisher": source.get("publisher")
        or (source.get("court") if is_judgment(source) else None),
        "publisher-place": source.get("place"),
        "number": source.get("report_number") or source.get("number"),
        "jurisdiction": source.get("jurisdiction"),
        "authority": source.get("court"),
        "DOI": source.get("doi"),
        "PMID": source.get("pmid"),
        "PMCID": source.get("pmcid"),
        "URL": source.get("url"),
        "note": INCOMPLETE if _incomplete(source) else None,
    }
    item.update({key: value for key, value in optional.items() if value})
    parts = date_parts(source)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if source.get("accessed"):
        item["accessed"] = {"date-parts": [iso_parts(source["accessed"])]}
    return item


def csljson(sources: Iterable[Any]) -> str:
    return json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[[Iterable[Any]], str]] = {
    "ris": ris,
    "bibtex": bibtex,
    "csljson": csljson,
}
