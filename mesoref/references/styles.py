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
    people = ", ".join(names[:shown_when_more]) + ", et al" if more else ", ".join(names)
    # Both styles give a byline group after the people, after a semicolon.
    return f"{people}; {source['group']}" if source.get("group") else people


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

UNKNOWN_DATE = "[date unknown]"  # Citing Medicine's words for a date the record lacks


def _shows_author(who: str, *opening: str) -> bool:
    """Whether to print the author: not when the title or court already opens with the name
    (a court's decision, a law named after its maker)."""
    return bool(who) and not any(text.startswith(who) for text in opening if text)


def _issue(source: Any, pages: str) -> str:
    """;volume(issue):pages, each part only when the record has it."""
    where = f";{source['volume']}" if source.get("volume") else ""
    if source.get("issue"):
        where += f"({source['issue']})"
    return where + (f":{pages}" if pages else "")


def vancouver(source: Any) -> str:
    kind = source.get("type") or "web-page"
    who = _names(source, 6, 6)
    head = sentence(who)
    url = source.get("url") or ""
    # "[cited ...]" dates an address: never printed without one.
    cited = (
        f"[cited {vancouver_date(source['accessed'])}]" if url and source.get("accessed") else ""
    )
    # Citing Medicine ends an address with a full stop only when it ends with a slash, so
    # that the stop can never be taken as part of it.
    available = f"Available from: {url}" + ("." if url.endswith("/") else "") if url else ""
    ids = _vancouver_ids(source)
    # A PubMed or publisher address adds nothing once the DOI or PMID is given; without them
    # a work is cited as one on the Internet: "[Internet]", the date cited, the address.
    online = not ids and bool(url)
    internet = " [Internet]" if online else ""
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
        journal = journal + internet if journal else ""
        pages = pages_or_number(source)
        if pages and source.get("pages"):
            pages = short_pages(pages)
        where = _join(year(source) or UNKNOWN_DATE, cited if online else "")
        where += _issue(source, pages)
        ahead = "[Epub ahead of print]." if source.get("in_press") else ""
        return _join(
            head,
            sentence(title),
            sentence(journal),
            sentence(where),
            ahead,
            ids or (available if online else ""),
        )
    if kind in ("book-chapter", "book", "conference-abstract"):
        title = _title(source) + (" [abstract]" if kind == "conference-abstract" else "")
        editors = _editors(source)
        container = source.get("container") or ""
        if kind == "book":
            title += internet
            part = ""
        else:
            part = _join(
                "In:",
                f"{editors}, editors." if editors else "",
                sentence(container + internet) if container else "",
            )
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        place, publisher = source.get("place") or "", source.get("publisher") or ""
        imprint = f"{place}: {publisher}" if place and publisher else publisher or place
        when = _join(year(source) or (UNKNOWN_DATE if online else ""), cited if online else "")
        dated = sentence("; ".join(p for p in (imprint, when) if p))
        pages = source.get("pages") or source.get("article_number") or ""
        extent = f"p. {short_pages(pages)}." if pages else ""
        return _join(
            head, sentence(title), part, edition, dated, extent, ids, available if online else ""
        )
    if kind == "legal-text":
        title = _title(source) + (" [Internet]" if url else "")
        issued = vancouver_date(source["date"]) if source.get("date") else year(source)
        body = "; ".join(p for p in (source.get("number") or "", issued) if p)
        where = _join(
            f"{source['jurisdiction']}:" if source.get("jurisdiction") else "", body, cited
        )
        court = sentence(source.get("court") or "")
        return _join(
            head if _shows_author(who, _title(source), source.get("court") or "") else "",
            sentence(title),
            court,
            sentence(where),
            sentence(source.get("container") or ""),
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
    return _join(head, sentence(title), sentence(dated), number, ids, available)


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
    head = sentence(who)
    url = source.get("url") or ""
    # "Accessed ..." dates an address: never printed without one.
    accessed = f"Accessed {ama_date(source['accessed'])}." if url and source.get("accessed") else ""
    if kind == "software":
        version = f"Version {source['version']}." if source.get("version") else ""
        return _join(head, sentence(_title(source)), version, sentence(year(source)), url)
    doi = f"doi:{source['doi']}" if source.get("doi") else ""
    # AMA gives the DOI and no address when there is a DOI; otherwise the date accessed and
    # the address.
    online = doi or _join(accessed, url)
    if kind == "journal-article":
        journal = source.get("journal_abbrev") or source.get("journal") or ""
        pages = pages_or_number(source)
        if pages and source.get("pages"):
            pages = full_pages(pages)
        if source.get("in_press"):
            # Ahead of print, AMA gives the date it was published online instead of an issue.
            when = ama_date(source["date"]) if source.get("date") else year(source)
            where = f"Published online {when}" if when else "Published online ahead of print"
        else:
            where = (year(source) or UNKNOWN_DATE) + _issue(source, pages)
        if not source.get("doi") and source.get("pmid") and not url:
            online = f"PMID: {source['pmid']}"
        return _join(head, sentence(_title(source)), sentence(journal), sentence(where), online)
    if kind in ("book-chapter", "book"):
        editors = _editors(source)
        book = (
            _join(
                "In:",
                f"{editors}, eds." if editors else "",
                sentence(source.get("container") or ""),
            )
            if kind == "book-chapter"
            else ""
        )
        edition = f"{source['edition']} ed." if source.get("edition") else ""
        tail = "; ".join(p for p in (source.get("publisher") or "", year(source)) if p)
        if source.get("pages"):
            tail += f":{full_pages(source['pages'])}"
        return _join(head, sentence(_title(source)), book, edition, sentence(tail), online)
    if kind == "conference-abstract":
        meeting = source.get("container") or ""
        published = ""
        if source.get("journal"):
            presented = sentence(f"Abstract presented at: {meeting}") if meeting else ""
            journal = source.get("journal_abbrev") or source["journal"]
            pages = full_pages(source["pages"]) if source.get("pages") else ""
            where = (year(source) or UNKNOWN_DATE) + _issue(source, pages)
            published = _join(sentence(journal), sentence(where))
        else:
            presented = sentence(
                "; ".join(
                    p
                    for p in (f"Abstract presented at: {meeting}" if meeting else "", year(source))
                    if p
                )
            )
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
            head if _shows_author(who, _title(source), source.get("court") or "") else "",
            sentence(_title(source)),
            where,
            _join(accessed, url),
        )
    # Reports and web pages.
    container = source.get("container") or ""
    publisher = source.get("publisher") or ""
    if kind == "report":
        imprint = sentence("; ".join(p for p in (publisher or container, year(source)) if p))
        number = sentence(source.get("report_number") or "")
        return _join(head, sentence(_title(source)), imprint, number, online)
    site = sentence(container) if container and container != who else ""
    if not url:
        site = _join(site, _NO_ADDRESS["web-page"].strip(" []").capitalize() + ".")
    published = f"Published {ama_date(source['date'])}." if source.get("date") else ""
    if not published and source.get("year"):
        published = f"Published {source['year']}."
    return _join(head, sentence(_title(source)), site, published, accessed, url)


FORMATTERS: dict[str, Callable[[Any], str]] = {"vancouver": vancouver, "ama": ama}
