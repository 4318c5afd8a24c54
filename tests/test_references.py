"""References a writer pastes, and exports reference managers import: each style against
hand-checked strings for every kind of source (the journal, book-chapter and report cases are
ICMJE's sample references in NLM "Citing Medicine" form, and their AMA 11th-edition forms), and
each export read back by an independent parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from mesoref.commands.cite import ITSELF_AUTHOR, ITSELF_TITLE
from mesoref.references.exports import bibtex, csljson, ris
from mesoref.references.parts import short_pages
from mesoref.references.styles import ama, vancouver

from .harness import ROOT, run_installed

HALPERN = {
    "id": "halpern-2002",
    "type": "journal-article",
    "title": "Solid-organ transplantation in HIV-infected patients",
    "authors": ["Halpern SD", "Ubel PA", "Caplan AL"],
    "year": 2002,
    "journal": "The New England Journal of Medicine",
    "journal_abbrev": "N Engl J Med",
    "volume": "347",
    "issue": "4",
    "pages": "284-287",
    "doi": "10.1056/NEJMsa020632",
    "pmid": "12140307",
}
ROSE = {
    "id": "rose-2002",
    "type": "journal-article",
    "title": "Regulation of interstitial excitatory amino acid concentrations after cortical "
    "contusion injury",
    "authors": ["Rose ME", "Huerbin MB", "Melick J", "Marion DW", "Palmer AM", "Schiding JK"],
    "et_al": True,
    "year": 2002,
    "journal": "Brain Research",
    "journal_abbrev": "Brain Res",
    "volume": "935",
    "issue": "1-2",
    "pages": "40-46",
}
MELTZER = {
    "id": "meltzer-2002",
    "type": "book-chapter",
    "title": "Chromosome alterations in human solid tumors",
    "authors": ["Meltzer PS", "Kallioniemi A", "Trent JM"],
    "editors": ["Vogelstein B", "Kinzler KW"],
    "container": "The genetic basis of human cancer",
    "publisher": "McGraw-Hill",
    "place": "New York",
    "year": 2002,
    "pages": "93-113",
}
YEN = {
    "id": "yen-2002",
    "type": "report",
    "title": "Health monitoring on vibration signatures",
    "authors": ["Yen GG"],
    "publisher": "Air Force Office of Scientific Research (US)",
    "place": "Arlington (VA)",
    "year": 2002,
    "report_number": "AFRLSRBLTR020123",
}
WEB = {
    "id": "fda-page",
    "type": "web-page",
    "title": "FDA approves treatment for fat below the chin",
    "organisation": "US Food and Drug Administration",
    "date": "2015-04-29",
    "url": "https://www.fda.gov/example/",
    "accessed": "2026-12-01",
}
DECREE = {
    "id": "decree",
    "type": "legal-text",
    "title": "Décret n° 2011-382 du 11 avril 2011",
    "organisation": "Premier ministre (France)",
    "jurisdiction": "France",
    "number": "Décret n° 2011-382",
    "date": "2011-04-11",
    "container": "Journal officiel de la République française n° 0086",
    "url": "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000023845272",
    "accessed": "2026-12-01",
}
ABSTRACT = {
    "id": "abstract",
    "type": "conference-abstract",
    "title": "Mesotherapy for lateral epicondylitis",
    "authors": ["Dupont A", "Martin B"],
    "container": "Congrès de la Société Française de Mésothérapie; 2010 Oct 1-2; Paris",
    "year": 2010,
}
KINDS = [HALPERN, ROSE, MELTZER, YEN, WEB, DECREE, ABSTRACT]

VANCOUVER = {
    "halpern-2002": "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in "
    "HIV-infected patients. N Engl J Med. 2002;347(4):284-7. doi: 10.1056/NEJMsa020632. "
    "PMID: 12140307.",
    "rose-2002": "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. "
    "Regulation of interstitial excitatory amino acid concentrations after cortical contusion "
    "injury. Brain Res. 2002;935(1-2):40-6.",
    "meltzer-2002": "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human "
    "solid tumors. In: Vogelstein B, Kinzler KW, editors. The genetic basis of human cancer. "
    "New York: McGraw-Hill; 2002. p. 93-113.",
    "yen-2002": "Yen GG. Health monitoring on vibration signatures. Arlington (VA): Air Force "
    "Office of Scientific Research (US); 2002. Report No.: AFRLSRBLTR020123.",
    "fda-page": "US Food and Drug Administration. FDA approves treatment for fat below the "
    "chin [Internet]. 2015 Apr 29 [cited 2026 Dec 1]. Available from: "
    "https://www.fda.gov/example/.",
    "decree": "Premier ministre (France). Décret n° 2011-382 du 11 avril 2011 [Internet]. "
    "France: Décret n° 2011-382; 2011 Apr 11 [cited 2026 Dec 1]. Journal officiel de la "
    "République française n° 0086. Available from: "
    "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000023845272",
    # Citing Medicine: "In: Conference; date; place." then the year it was published.
    "abstract": "Dupont A, Martin B. Mesotherapy for lateral epicondylitis [abstract]. In: "
    "Congrès de la Société Française de Mésothérapie; 2010 Oct 1-2; Paris. 2010.",
}
AMA = {
    "halpern-2002": "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in "
    "HIV-infected patients. N Engl J Med. 2002;347(4):284-287. doi:10.1056/NEJMsa020632",
    "rose-2002": "Rose ME, Huerbin MB, Melick J, et al. Regulation of interstitial excitatory "
    "amino acid concentrations after cortical contusion injury. Brain Res. 2002;935(1-2):40-46.",
    "meltzer-2002": "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human "
    "solid tumors. In: Vogelstein B, Kinzler KW, eds. The genetic basis of human cancer. "
    "McGraw-Hill; 2002:93-113.",
    "yen-2002": "Yen GG. Health monitoring on vibration signatures. Air Force Office of "
    "Scientific Research (US); 2002. AFRLSRBLTR020123.",
    "fda-page": "US Food and Drug Administration. FDA approves treatment for fat below the "
    "chin. Published April 29, 2015. Accessed December 1, 2026. https://www.fda.gov/example/",
    "decree": "Premier ministre (France). Décret n° 2011-382 du 11 avril 2011. Décret n° "
    "2011-382, France; April 11, 2011. Accessed December 1, 2026. "
    "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000023845272",
    "abstract": "Dupont A, Martin B. Mesotherapy for lateral epicondylitis. Abstract "
    "presented at: Congrès de la Société Française de Mésothérapie; 2010 Oct 1-2; Paris; 2010.",
}


@pytest.mark.parametrize("source", KINDS, ids=lambda s: s["id"])
def test_vancouver_is_exact(source: dict[str, Any]) -> None:
    assert vancouver(source) == VANCOUVER[source["id"]]


@pytest.mark.parametrize("source", KINDS, ids=lambda s: s["id"])
def test_ama_is_exact(source: dict[str, Any]) -> None:
    assert ama(source) == AMA[source["id"]]


@pytest.mark.parametrize(
    ("pages", "short"),
    [
        ("136-141", "136-41"),
        ("1159-1165", "1159-65"),
        ("21-28", "21-8"),
        ("99-102", "99-102"),
        ("e1-e20", "e1-e20"),
        ("179e-185e", "179e-185e"),
        ("999-1000", "999-1000"),
        ("12", "12"),
    ],
)
def test_vancouver_drops_repeated_digits_of_a_page_range(pages: str, short: str) -> None:
    assert short_pages(pages) == short


def test_a_byline_group_follows_the_people() -> None:
    guideline = dict(
        HALPERN, group="Clinical Guidelines Committee of the American College of Physicians"
    )
    assert vancouver(guideline).startswith(
        "Halpern SD, Ubel PA, Caplan AL; Clinical Guidelines Committee of the American College "
        "of Physicians. Solid-organ"
    )
    assert ama(guideline).startswith("Halpern SD, Ubel PA, Caplan AL; Clinical Guidelines")
    assert "AU  - Clinical Guidelines Committee of the American College of Physicians" in ris(
        [guideline]
    )
    assert json.loads(csljson([guideline]))[0]["author"][-1] == {
        "literal": "Clinical Guidelines Committee of the American College of Physicians"
    }


def test_a_list_of_six_without_more_has_no_et_al() -> None:
    six = dict(ROSE, et_al=False)
    assert "et al" not in vancouver(six)
    assert ama(six).startswith("Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK.")


def test_an_article_without_doi_or_pmid_is_cited_as_online() -> None:
    online = dict(ROSE, et_al=False, url="https://example.org/a", accessed="2026-12-01")
    text = vancouver(online)
    assert "Brain Res [Internet]. 2002 [cited 2026 Dec 1];935(1-2):40-6." in text
    assert text.endswith("Available from: https://example.org/a")


def test_ris_is_exact() -> None:
    assert ris([HALPERN]) == (
        "TY  - JOUR\nID  - halpern-2002\nAU  - Halpern, S.D.\nAU  - Ubel, P.A.\n"
        "AU  - Caplan, A.L.\nTI  - Solid-organ transplantation in HIV-infected patients\n"
        "T2  - The New England Journal of Medicine\nJ2  - N Engl J Med\nPY  - 2002\n"
        "DA  - 2002///\nVL  - 347\nIS  - 4\nSP  - 284\nEP  - 287\n"
        "DO  - 10.1056/NEJMsa020632\nAN  - PMID: 12140307\nER  - \n"
    )


def test_bibtex_is_exact() -> None:
    assert bibtex([ROSE]) == (
        "@article{rose-2002,\n"
        "  author = {Rose, M. E. and Huerbin, M. B. and Melick, J. and Marion, D. W. and "
        "Palmer, A. M. and Schiding, J. K. and others},\n"
        "  title = {{Regulation of interstitial excitatory amino acid concentrations after "
        "cortical contusion injury}},\n"
        "  journal = {Brain Research},\n  shortjournal = {Brain Res},\n  year = {2002},\n"
        "  volume = {935},\n  number = {1-2},\n  pages = {40--46},\n"
        "  note = {Author list incomplete: the first six authors are listed.}\n}\n"
    )


def test_bibtex_months_are_macros_editors_are_names_and_suffixes_kept() -> None:
    entry = bibtex([dict(MELTZER, date="2002-05", authors=["Coleman WP 3rd", "Meltzer PS"])])
    assert "  month = may," in entry
    assert "editor = {Vogelstein, B. and Kinzler, K. W.}" in entry
    assert "author = {Coleman, 3rd, W. P. and Meltzer, P. S.}" in entry
    assert "AU  - Coleman, W.P., 3rd" in ris([dict(MELTZER, authors=["Coleman WP 3rd"])])


def test_bibtex_escapes_what_tex_would_read_as_commands() -> None:
    entry = bibtex([dict(HALPERN, title="Fat & 50% {more} $cost_1#", doi=None, pmid=None)])
    assert r"{{Fat \& 50\% \{more\} \$cost\_1\#}}" in entry


def test_an_address_is_dated_only_when_there_is_one() -> None:
    no_address = dict(WEB, url=None)
    assert "[cited" not in vancouver(no_address) and "Accessed" not in ama(no_address)
    assert "[cited 2026 Dec 1]" in vancouver(WEB) and "Accessed December 1, 2026." in ama(WEB)


def test_a_missing_element_leaves_no_empty_punctuation() -> None:
    bare = {
        "id": "x",
        "type": "journal-article",
        "title": "A title",
        "journal_abbrev": "J X",
        "article_number": "CD003229",
        "pmid": "1",
    }
    assert vancouver(bare) == "A title. J X. [date unknown]:CD003229. PMID: 1."
    assert ". ." not in ama(bare) and ". :" not in ama(bare)


def test_an_online_chapter_without_doi_is_cited_as_on_the_internet() -> None:
    chapter = dict(MELTZER, url="https://example.org/ch", accessed="2026-12-01", pages="1041-1050")
    assert vancouver(chapter) == (
        "Meltzer PS, Kallioniemi A, Trent JM. Chromosome alterations in human solid tumors. In: "
        "Vogelstein B, Kinzler KW, editors. The genetic basis of human cancer [Internet]. New "
        "York: McGraw-Hill; 2002 [cited 2026 Dec 1]. p. 1041-50. Available from: "
        "https://example.org/ch"
    )
    assert ama(chapter).endswith(
        "McGraw-Hill; 2002:1041-1050. Accessed December 1, 2026. https://example.org/ch"
    )


def test_ahead_of_print() -> None:
    early = dict(HALPERN, volume=None, issue=None, pages=None, in_press=True, date="2025-01-22")
    assert "N Engl J Med. Published online January 22, 2025. doi:" in ama(early)
    assert "N Engl J Med. 2002. [Epub ahead of print]. doi: " in vancouver(early)


def test_a_court_that_is_also_the_author_is_named_once() -> None:
    ruling = dict(
        DECREE,
        organisation="Conseil d'État",
        court="Conseil d'État (juge des référés)",
        title="Conseil d'État, order of 17 June 2011",
    )
    assert vancouver(ruling).count("Conseil d'État") == 2  # the title and the court
    assert ama(ruling).startswith("Conseil d'État, order of 17 June 2011.")


def _built_in_sources() -> list[dict[str, Any]]:
    found = []
    for path in sorted((ROOT / "data" / "sources").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.append({k: str(v) if k in ("date", "accessed") else v for k, v in record.items()})
    return found


SOURCES = _built_in_sources()


def test_ris_reads_back_with_rispy() -> None:
    import rispy

    entries = rispy.loads(ris([*KINDS, *SOURCES]))
    assert len(entries) == len(KINDS) + len(SOURCES)
    by_id = {e["id"]: e for e in entries}
    assert by_id["halpern-2002"]["authors"] == ["Halpern, S.D.", "Ubel, P.A.", "Caplan, A.L."]
    assert by_id["halpern-2002"]["doi"] == "10.1056/NEJMsa020632"
    assert by_id["halpern-2002"]["start_page"] == "284"
    assert by_id["rose-2002"]["notes"] == [
        "Author list incomplete: the first six authors are listed."
    ]
    for source in SOURCES:
        entry = by_id[source["id"]]
        assert entry["title"] == " ".join(source["title"].split())
        assert entry.get("doi") == source.get("doi")


def test_bibtex_reads_back_with_bibtexparser() -> None:
    import bibtexparser

    library = bibtexparser.parse_string(bibtex([*KINDS, *SOURCES]))
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert len(entries) == len(KINDS) + len(SOURCES)
    assert entries["rose-2002"]["author"].endswith("Schiding, J. K. and others")
    assert entries["halpern-2002"]["pages"] == "284--287"
    assert entries["halpern-2002"].entry_type == "article"
    for source in SOURCES:
        if source.get("doi"):
            assert entries[source["id"]]["doi"] == source["doi"]  # verbatim, as biblatex reads it


def test_csljson_renders_with_citeproc() -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    items = json.loads(csljson([*KINDS, *SOURCES]))
    assert {i["id"] for i in items} == {s["id"] for s in [*KINDS, *SOURCES]}
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("Halpern" in text and "284" in text for text in rendered)


def test_mesoref_cites_itself_as_citation_cff_says() -> None:
    from mesoref import __version__

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["title"] == ITSELF_TITLE
    assert cff["version"] == __version__
    assert cff["authors"] == [{"name": ITSELF_AUTHOR}]
    assert cff["license"] == ["MIT", "CC-BY-4.0"]


def test_cite_a_topic_lists_its_page_sources_in_page_order(env: dict[str, str]) -> None:
    page = run_installed(["--json", "topic", "cellulite"], env)
    cited = run_installed(["--json", "cite", "cellulite"], env)
    assert cited.code == 0, cited
    page_ids = [s["id"] for s in json.loads(page.out)["sources"]]
    assert [r["id"] for r in json.loads(cited.out)["references"]] == page_ids


def test_a_section_numbers_sources_as_the_whole_page_does(env: dict[str, str]) -> None:
    whole = json.loads(run_installed(["--json", "topic", "submental-fat"], env).out)["sources"]
    section = run_installed(["--json", "topic", "submental-fat", "--section", "evidence"], env)
    assert json.loads(section.out)["sources"] == whole
    only = run_installed(["topic", "submental-fat", "--section", "sources"], env)
    assert f"[{len(whole)}]" in only.out


def test_cite_finds_sources_by_doi_and_pmid(env: dict[str, str]) -> None:
    ran = run_installed(["cite", "doi:10.1097/DSS.0000000000002952", "PMID:28396101"], env)
    assert ran.code == 0, ran
    lines = ran.out.splitlines()
    assert lines[0].startswith("1. Kaufman-Janette J, ") and ", et al. " in lines[0]
    assert lines[1].startswith("2. Adil A, Godwin M. ")


def test_cite_exports_one_record_per_reference(env: dict[str, str]) -> None:
    listed = json.loads(run_installed(["--json", "cite", "cellulite"], env).out)["references"]
    exported = run_installed(["cite", "cellulite", "--format", "ris"], env)
    assert exported.code == 0, exported
    assert exported.out.count("ER  - ") == len(listed)


def test_cite_mesoref_cites_mesoref(env: dict[str, str]) -> None:
    ran = run_installed(["cite", "mesoref"], env)
    assert ran.out.startswith(f"1. {ITSELF_AUTHOR}. {ITSELF_TITLE} [computer program]. Version ")


def test_cite_an_unknown_name_says_what_to_give(env: dict[str, str]) -> None:
    ran = run_installed(["cite", "no-such-paper-anywhere"], env)
    assert ran.code == 1
    assert "no source, topic or record named" in ran.err
    assert ran.out == ""


def test_every_source_validates_under_the_citation_rules(env: dict[str, str]) -> None:
    ran = run_installed(["validate"], env)
    assert " E209: " not in ran.out + ran.err


def test_licences_are_in_the_project() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution 4.0 International" in (ROOT / "LICENSE-DATA").read_text(encoding="utf-8")
