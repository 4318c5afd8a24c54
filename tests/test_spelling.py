"""Abbreviations are spelled out where a page first uses them, and nowhere else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mesoref.output.blocks import Block, Bullets, Column, Grid, Heading, Para, render, span
from mesoref.output.spelling import spell_out

ABBREVIATIONS = {
    "FDA": "Food and Drug Administration",
    "NSAID": "non-steroidal anti-inflammatory drug",
    "HA": "hyaluronic acid",
}


def shown(page: list[Block]) -> str:
    spell_out(page, ABBREVIATIONS)
    return render(page, 1000, False)


def test_only_the_first_use_is_spelled_out() -> None:
    page: list[Block] = [Para([span("The FDA warned.")]), Para([span("The FDA warned again.")])]
    assert shown(page) == (
        "The Food and Drug Administration (FDA) warned.\nThe FDA warned again.\n"
    )


def test_a_possessive_and_a_compound_are_uses_too() -> None:
    page: list[Block] = [Para([span("The FDA\u2019s letter; NSAID-free; HA's role.")])]
    assert shown(page) == (
        "The Food and Drug Administration (FDA)\u2019s letter; non-steroidal anti-inflammatory "
        "drug (NSAID)-free; hyaluronic acid (HA)'s role.\n"
    )


def test_a_plural_keeps_its_s() -> None:
    page: list[Block] = [Para([span("Take NSAIDs for pain; NSAIDs help.")])]
    assert shown(page) == (
        "Take non-steroidal anti-inflammatory drugs (NSAIDs) for pain; NSAIDs help.\n"
    )


def test_only_whole_words_count() -> None:
    page: list[Block] = [Para([span("HA10 and NCTF 135HA and HAS, then HA.")])]
    assert shown(page) == "HA10 and NCTF 135HA and HAS, then hyaluronic acid (HA).\n"


def test_urls_and_paths_are_never_touched() -> None:
    page: list[Block] = [
        Para([span("See https://example.org/FDA/page and data/FDA.yaml; the FDA agrees.")])
    ]
    assert shown(page) == (
        "See https://example.org/FDA/page and data/FDA.yaml; the Food and Drug "
        "Administration (FDA) agrees.\n"
    )


def test_a_form_spelled_out_earlier_on_the_page_is_not_repeated() -> None:
    page: list[Block] = [
        Para([span("The Food and Drug Administration approved it.")]),
        Para([span("Later the FDA withdrew it.")]),
    ]
    assert shown(page) == (
        "The Food and Drug Administration approved it.\nLater the FDA withdrew it.\n"
    )


def test_titles_headings_labels_and_commands_are_left_alone() -> None:
    page: list[Block] = [
        Heading("FDA warnings"),
        Para([span("FDA: ", "label"), span("mesoref topic FDA", "command")]),
        Bullets([[[span("An FDA letter.")]]]),
        Grid([Column(), Column(wrap=True)], [[[span("2023")], [span("FDA warning")]]]),
    ]
    assert shown(page) == (
        "FDA warnings\n"
        "FDA: mesoref topic FDA\n"
        "• A Food and Drug Administration (FDA) letter.\n"
        "2023  FDA warning\n"
    )


def test_the_article_fits_the_spelled_out_form() -> None:
    page: list[Block] = [Para([span("Take an NSAID; a HA gel; then a FDA form; and banNSAID.")])]
    assert shown(page) == (
        "Take a non-steroidal anti-inflammatory drug (NSAID); a hyaluronic acid (HA) gel; "
        "then a Food and Drug Administration (FDA) form; and banNSAID.\n"
    )
    page = [Para([span("An HA gel.")])]
    assert shown(page) == "A hyaluronic acid (HA) gel.\n"


def test_several_abbreviations_in_one_sentence_and_spelling_out_twice_changes_nothing() -> None:
    page: list[Block] = [Para([span("HA and NSAIDs; the FDA.")])]
    spell_out(page, ABBREVIATIONS)
    once = render(page, 1000, False)
    assert once == (
        "hyaluronic acid (HA) and non-steroidal anti-inflammatory drugs (NSAIDs); the Food "
        "and Drug Administration (FDA).\n"
    )
    assert shown(page) == once


@given(st.lists(st.sampled_from(["FDA", "FDAs", "the", "x/FDA", "FDA.", "(FDA)", "aFDA"])))
def test_spelling_out_only_ever_inserts_the_long_form(words: list[str]) -> None:
    text = " ".join(words)
    page: list[Block] = [Para([span(text)])]
    spell_out(page, {"FDA": "Food and Drug Administration"})
    after = render(page, 1 << 30, False).rstrip("\n")
    restored = after.replace("Food and Drug Administrations (FDAs)", "FDAs").replace(
        "Food and Drug Administration (FDA)", "FDA"
    )
    assert restored == text
    assert after.count("Food and Drug Administration") <= 1
