"""Vancouver (ICMJE/NLM "Citing Medicine") and AMA (11th edition) references, as plain text.

Written here rather than through citeproc-py and the CSL style files: the CSL Vancouver style
prints PubMed addresses as "[Internet] ... Available from:" instead of the DOI and PMID, has no
form for legal texts, and citeproc-py with lxml costs about 27 ms to import (adr/0009).

Both styles keep titles as published (neither style changes their case), and both list
authors as stored: a record holds the first six authors and says when there are more, which is
what each style needs (Vancouver: six, then "et al."; AMA: all up to six, else three and
"et al.").
"""

from __future__ import annotations

from mesoref.references.parts import (
    ama_date,
    full_pages,
    pages_or_number,
    sentence,
    short_pages,
    vancouver_date,
    year,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

STYLES = ("vancouver", "ama")
# Said of a web page whose address was not kept (the web articles mesoref audits), so that
# the reference never looks complete when it is not.
_NO_ADDRESS = {"web-page": " [web page; address not recorded]"}


def _names(source: Any, most: int, shown_when_more: int) -> str:
    """The author list: all names up to `most`; beyond that (or when the record says the list
    is incomplete) the first `shown_when_more` and "et al."."""
    names = list(source.get("authors") or ())
    if not names:
        return str(source.get("organisation") or "")
    more = bool(source.get("et_al")) or len(names) > most
    if more:
        return ", ".join(names[:shown_when_more]) + ", et al"
    return ", ".join(names)


def author_list(source: Any) -> str:
    """The authors as Vancouver lists them (six, then "et al"), or the organisation."""
    return _names(source, 6, 6)


def _editors(source: Any) -> str:
    editors = list(source.get("editors") or ())
    return ", ".join(editors)


def _title(source: Any) -> str:
    return str(source.get("title") or "").strip()


def _join(*pieces: str) -> str:
    return " ".join(p for p in pieces if p)


# Vancouver ---------------------------------------------------------------------------------


def vancouver(source: Any) -> str:
    kind = source.get("type") or "web-page"
    who = _names(source, 6, 6)
    head = sentence(who) if who else ""
    cited = f"[cited {vancouver_date(source['accessed'])}]" if source.get("accessed") else ""
    url = source.get("url") or ""
    # Citing Medicine ends an address with a full stop only when it ends with a slash, so
    # that the stop can never be taken as part of it.
    available = f"Available from: {url}" + ("." if url.endswith("/") else "") if url else ""
    ids = _vancouver_ids(source)
    if kind == "software":
        version = f"Version {source['version']}." if source.get("version") else ""
        return _join(
            head,
            sentence(_title(source) + " [computer program]"),
            version,
            sentence(year(source)),
            available,
        )
    if kind == "journal-article" or (kind == "conference-abstract" and source.get("journal")):
        title = _title(source)
        if kind == "conference-abstract":
            title += " [abstract]"
        journal = source.get("journal_abbrev") or source.get("journal") or ""
        # A PubMed or publisher address adds nothing once the DOI or PMID is given; without
        # them the article is cited as one on the Internet: "[Internet]", date cited, address.
        online = not ids and bool(url)
        if online:
            journal += " [Internet]"
        where = _join(year(source), cited if online else "")
        if source.get("volume"):
            where += f";{source['volume']}"
        if source.get("issue"):
            where += f"({source['issue']})"
        pages = pages_or_number(source)
        if pages:
            where += ":" + (short_pages(pages) if source.get("pages") else pages)
        ahead = "[Epub ahead of print]" if source.get("in_press") else ""
        return _join(
            head, sentence(title), sentence(journal), sentence(where), ahead, ids or available
        )
    if kind == "book-chapter":
        editors = _editors(source)
        book = _join(
            "In:",
            f"{editors}, editors." if editors else "",
            sentence(source.get("container") or ""),
        )
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        imprint = _imprint(source) + (
            "" if not source.get("pages") else f" p. {full_pages(source['pages'])}."
        )
        return _join(head, sentence(_title(source)), book, edition, imprint, ids)
    if kind == "book":
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        return _join(head, sentence(_title(source)), edition, _imprint(source), ids)
    if kind == "conference-abstract":
        title = _title(source) + " [abstract]"
        where = sentence(
            _join(f"In: {source['container']};" if source.get("container") else "", year(source))
        )
        return _join(head, sentence(title), where, ids, available)
    if kind == "legal-text":
        title = _title(source) + (" [Internet]" if url else "")
        issued = vancouver_date(source["date"]) if source.get("date") else year(source)
        body = "; ".join(p for p in (source.get("number") or "", issued) if p)
        where = _join(
            f"{source['jurisdiction']}:" if source.get("jurisdiction") else "", body, cited
        )
        court = sentence(source["court"]) if source.get("court") else ""
        container = sentence(source["container"]) if source.get("container") else ""
        return _join(
            head if who != _title(source) else "",
            sentence(title),
            court,
            sentence(where),
            container,
            available,
        )
    # Reports and web pages: Citing Medicine's forms for material on the Internet.
    title = _title(source) + (" [Internet]" if url else _NO_ADDRESS.get(kind, ""))
    publisher = source.get("publisher") or source.get("container") or ""
    if publisher == who and kind == "web-page":
        publisher = ""
    place = source.get("place") or ""
    imprint = f"{place}: {publisher}" if place and publisher else publisher
    when = (
        vancouver_date(source["date"])
        if kind == "web-page" and source.get("date")
        else year(source)
    )
    dated = "; ".join(p for p in (imprint, _join(when, cited)) if p)
    number = f"Report No.: {source['report_number']}." if source.get("report_number") else ""
    return _join(head, sentence(title), sentence(dated) if dated else "", number, ids, available)


def _imprint(source: Any) -> str:
    place, publisher = source.get("place") or "", source.get("publisher") or ""
    imprint = f"{place}: {publisher}" if place and publisher else publisher or place
    return sentence("; ".join(p for p in (imprint, year(source)) if p))


def _vancouver_ids(source: Any) -> str:
    pieces = []
    if source.get("doi"):
        pieces.append(f"doi: {source['doi']}.")
    if source.get("pmid"):
        pieces.append(f"PMID: {source['pmid']}.")
    return " ".join(pieces)


# AMA ---------------------------------------------------------------------------------------


def ama(source: Any) -> str:
    kind = source.get("type") or "web-page"
    who = _names(source, 6, 3)
    head = sentence(who) if who else ""
    accessed = f"Accessed {ama_date(source['accessed'])}." if source.get("accessed") else ""
    url = source.get("url") or ""
    if kind == "software":
        version = f"Version {source['version']}." if source.get("version") else ""
        return _join(head, sentence(_title(source)), version, sentence(year(source)), url)
    doi = f"doi:{source['doi']}" if source.get("doi") else ""
    # AMA gives the DOI and no address when there is a DOI; otherwise the date accessed and
    # the address.
    online = doi or _join(accessed, url)
    if kind == "journal-article":
        journal = source.get("journal_abbrev") or source.get("journal") or ""
        where = year(source)
        if source.get("volume"):
            where += f";{source['volume']}"
        if source.get("issue"):
            where += f"({source['issue']})"
        pages = pages_or_number(source)
        if pages:
            where += ":" + (full_pages(pages) if source.get("pages") else pages)
        if not source.get("doi") and source.get("pmid") and not url:
            online = f"PMID: {source['pmid']}"
        ahead = "Published online ahead of print." if source.get("in_press") else ""
        return _join(
            head, sentence(_title(source)), sentence(journal), sentence(where), ahead, online
        )
    if kind == "book-chapter":
        editors = _editors(source)
        book = _join(
            "In:", f"{editors}, eds." if editors else "", sentence(source.get("container") or "")
        )
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        publisher = source.get("publisher") or ""
        tail = f"{publisher}; {year(source)}" if publisher else year(source)
        if source.get("pages"):
            tail += f":{full_pages(source['pages'])}"
        return _join(head, sentence(_title(source)), book, edition, sentence(tail), doi)
    if kind == "book":
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        publisher = source.get("publisher") or ""
        tail = f"{publisher}; {year(source)}" if publisher else year(source)
        return _join(head, sentence(_title(source)), edition, sentence(tail), doi)
    if kind == "conference-abstract":
        meeting = source.get("container") or ""
        presented = sentence(f"Abstract presented at: {meeting}") if meeting else ""
        published = ""
        if source.get("journal"):
            journal = source.get("journal_abbrev") or source["journal"]
            where = year(source)
            if source.get("volume"):
                where += f";{source['volume']}"
            if source.get("issue"):
                where += f"({source['issue']})"
            if source.get("pages"):
                where += f":{full_pages(source['pages'])}"
            published = _join(sentence(journal), sentence(where))
        else:
            presented = _join(presented, sentence(year(source)) if year(source) else "")
        return _join(head, sentence(_title(source)), presented, published, online)
    if kind == "legal-text":
        issued = ama_date(source["date"]) if source.get("date") else year(source)
        pieces = [
            source.get("court") or "",
            source.get("number") or "",
            source.get("jurisdiction") or "",
        ]
        where = sentence(", ".join(p for p in pieces if p) + (f"; {issued}" if issued else ""))
        return _join(
            head if who != _title(source) else "",
            sentence(_title(source)),
            where,
            _join(accessed, url),
        )
    # Reports and web pages.
    container = source.get("container") or ""
    publisher = source.get("publisher") or ""
    if kind == "report":
        imprint = sentence("; ".join(p for p in (publisher or container, year(source)) if p))
        number = sentence(source["report_number"]) if source.get("report_number") else ""
        return _join(head, sentence(_title(source)), imprint, number, online)
    site = container if container and container != who else ""
    if not url:
        site = _join(site, _NO_ADDRESS["web-page"].strip(" []").capitalize() + ".")
    published = f"Published {ama_date(source['date'])}." if source.get("date") else ""
    if not published and source.get("year"):
        published = f"Published {source['year']}."
    return _join(
        head, sentence(_title(source)), sentence(site) if site else "", published, accessed, url
    )


FORMATTERS: dict[str, Callable[[Any], str]] = {"vancouver": vancouver, "ama": ama}
