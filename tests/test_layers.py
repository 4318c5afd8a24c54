"""Your own entries, through the installed command: layers that cannot fail silently, patches
that add instead of erase, replacements that say what they drop, translations and the choice
of language, templates from `mesoref new`, and a validator that reports everything at once,
in plain words, where the cause is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mesoref.errors import ExitCode
from mesoref.output.language import INTERFACE, preferences
from mesoref.output.words import interface_languages

from .harness import run_installed


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HOUSE = """\
id: house-knee-protocol
title: House knee protocol
category: medical
reviewed: 2026-11-01
summary:
  text: Our house protocol for knee pain injections.
  sources: [amin-2006]
evidence:
  grade: limited
  about: house injections for knee pain
  reason: Small trials only.
  sources: [amin-2006]
"""


# -- layers that cannot fail silently -----------------------------------------------------


def test_a_kind_folder_given_as_a_layer_is_an_error_that_names_its_parent(
    tmp_path: Path, env: dict[str, str]
) -> None:
    write(tmp_path / "clinic" / "topics" / "house-knee-protocol.yaml", HOUSE)
    too_deep = str(tmp_path / "clinic" / "topics")
    ran = run_installed(["--data-dir", too_deep, "topic", "cellulite", "--brief"], env)
    assert ran.code == 0  # the built-in page still answers, but not silently
    assert "E306" in ran.err and f"--data-dir {tmp_path / 'clinic'}" in ran.err
    checked = run_installed(["validate", too_deep], env)
    assert checked.code == ExitCode.DATA
    assert "this is a topic folder, not a data directory" in checked.out


def test_loose_files_at_the_top_of_a_layer_say_where_they_belong(
    tmp_path: Path, env: dict[str, str]
) -> None:
    write(tmp_path / "flat" / "house-knee-protocol.yaml", HOUSE)
    ran = run_installed(["validate", str(tmp_path / "flat")], env)
    assert ran.code == ExitCode.DATA
    assert f"put topic files in {tmp_path / 'flat'}/topics/" in ran.out


def test_a_skipped_record_is_named_when_looked_up(tmp_path: Path, env: dict[str, str]) -> None:
    write(
        tmp_path / "c" / "topics" / "house-knee-protocol.yaml", HOUSE.replace("limited", "limted")
    )
    ran = run_installed(["--data-dir", str(tmp_path / "c"), "topic", "house-knee-protocol"], env)
    assert ran.code == ExitCode.NOT_FOUND
    assert "house-knee-protocol exists in" in ran.err and "was skipped" in ran.err


# -- a validator a user can trust ---------------------------------------------------------


def test_every_problem_in_one_pass_including_references_of_failing_records(
    tmp_path: Path, env: dict[str, str]
) -> None:
    text = HOUSE.replace("limited", "limted").replace(
        "[amin-2006]\nevidence", "[no-such]\nevidence"
    )
    write(tmp_path / "c" / "topics" / "house-knee-protocol.yaml", text)
    ran = run_installed(["validate", str(tmp_path / "c")], env)
    assert "E204: evidence.grade: unknown grade 'limted'" in ran.out
    assert "E301: summary.sources[0]: no source with id 'no-such'" in ran.out


def test_yaml_mistakes_are_said_in_plain_words_where_they_start(
    tmp_path: Path, env: dict[str, str]
) -> None:
    topics = tmp_path / "c" / "topics"
    write(topics / "colon.yaml", "id: colon\ntitle: Knee pain: our protocol\n")
    write(topics / "quote.yaml", 'id: quote\ntitle: "Knee pain\ncategory: medical\nreviewed: x\n')
    ran = run_installed(["validate", str(tmp_path / "c")], env)
    assert ":2:17: E104: a colon followed by a space inside unquoted text" in ran.out
    assert 'title: "Knee pain: our protocol"' in ran.out
    # The quote opens on line 2, column 8; PyYAML notices only at the end of the file.
    assert 'quote.yaml:2:8: E104: this " opens a quoted text that is never closed' in ran.out


def test_a_problem_inside_an_alias_points_at_the_alias(tmp_path: Path, env: dict[str, str]) -> None:
    text = HOUSE.replace("evidence:", "evidence: &ev") + "done: *ev\n"
    write(tmp_path / "c" / "topics" / "house-knee-protocol.yaml", text)
    ran = run_installed(["validate", str(tmp_path / "c")], env)
    alias_line = text.splitlines().index("done: *ev") + 1
    assert f"house-knee-protocol.yaml:{alias_line}:1: E201: done:" in ran.out, ran


def test_validate_finds_the_same_problems_however_the_folder_is_written(
    tmp_path: Path, env: dict[str, str]
) -> None:
    broken = HOUSE.replace("limited", "limted")
    path = write(tmp_path / "c" / "topics" / "house-knee-protocol.yaml", broken)
    first = run_installed(["validate", str(path)], env)
    relative = run_installed(["validate", "c"], env, cwd=tmp_path)
    dotted = run_installed(["validate", "./c/"], env, cwd=tmp_path)
    assert first.code == relative.code == dotted.code == ExitCode.DATA
    assert "E204" in relative.out and "E204" in dotted.out


def test_an_unknown_field_lists_the_allowed_ones(tmp_path: Path, env: dict[str, str]) -> None:
    write(tmp_path / "c" / "topics" / "house-knee-protocol.yaml", HOUSE + "colour: blue\n")
    ran = run_installed(["validate", str(tmp_path / "c")], env)
    assert "E203: colour: unknown field 'colour'; the fields here are: id, title," in ran.out


def test_validate_files_checks_them_in_the_context_of_the_layers(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = write(tmp_path / "c" / "topics" / "house-knee-protocol.yaml", HOUSE)
    ran = run_installed(["validate", str(path)], env)
    assert ran.code == 0, ran  # it cites a built-in source
    assert "no problems in 1 file(s), 1 record(s)" in ran.err
    loose = write(tmp_path / "loose.yaml", HOUSE)
    refused = run_installed(["validate", str(loose)], env)
    assert refused.code == ExitCode.USAGE and "kind folder" in refused.err


# -- patches, replacements ----------------------------------------------------------------


def test_a_patch_changes_only_its_fields_and_keeps_the_rest(
    tmp_path: Path, env: dict[str, str]
) -> None:
    layer = tmp_path / "c"
    write(
        layer / "topics" / "cellulite.yaml",
        "id: cellulite\naliases: [capitons]\nsummary:\n  text: Our own summary.\n"
        "  sources: [rotunda-2005-cellulite]\n",
    )
    built_in = json.loads(run_installed(["--json", "topic", "cellulite"], env).out)["topic"]
    ran = run_installed(["--data-dir", str(layer), "--json", "topic", "capitons"], env)
    topic = json.loads(ran.out)["topic"]
    assert topic["summary"]["text"] == "Our own summary."
    assert topic["risks"] == built_in["risks"] and topic["risks"]
    assert topic["evidence"] == built_in["evidence"]
    assert topic["aliases"] == [*built_in["aliases"], "capitons"]
    # A built-in alias still finds it, and the page says which layer changed what.
    page = run_installed(["--data-dir", str(layer), "topic", "orange peel skin", "--brief"], env)
    assert f"summary, aliases from --data-dir {layer}" in page.out.replace("\n", " ")


def test_a_replacement_that_drops_risks_is_reported(tmp_path: Path, env: dict[str, str]) -> None:
    layer = tmp_path / "c"
    write(
        layer / "topics" / "acne.yaml",
        "replace: true\n" + HOUSE.replace("house-knee-protocol", "acne"),
    )
    ran = run_installed(["validate", str(layer)], env)
    assert "W413: replace: replace: true drops what the record below had: risks" in ran.out
    shown = json.loads(
        run_installed(["--data-dir", str(layer), "--json", "topic", "acne"], env).out
    )
    assert shown["topic"]["risks"] == []  # replaced, as asked


# -- translations and the language --------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        # The tldr client specification's own examples.
        ({"LANG": "cz", "LANGUAGE": "it:cz:de"}, ["it", "cz", "de", "en"]),
        ({"LANG": "cz", "LANGUAGE": "it:de:fr"}, ["it", "de", "fr", "cz", "en"]),
        ({"LANG": "it"}, ["it", "en"]),
        ({"LANGUAGE": "it:cz"}, ["en"]),
        ({}, ["en"]),
        # Locale names, C and POSIX, and mesoref's own variable first.
        ({"LANG": "fr_FR.UTF-8"}, ["fr", "en"]),
        ({"LANG": "C.UTF-8", "LANGUAGE": "fr"}, ["en"]),
        ({"LANG": "POSIX"}, ["en"]),
        ({"LANG": "de_DE", "MESOREF_LANG": "fr"}, ["fr", "de", "en"]),
    ],
)
def test_the_language_is_chosen_as_the_tldr_specification_says(
    environ: dict[str, str], expected: list[str]
) -> None:
    assert preferences(None, environ) == expected
    assert preferences("pt_BR", environ)[0] == "pt"


def test_french_pages_come_from_lang_and_the_environment(env: dict[str, str]) -> None:
    by_option = run_installed(["--lang", "fr", "topic", "cellulite", "--brief"], env)
    by_environment = run_installed(
        ["topic", "cellulite", "--brief"], {**env, "LANG": "fr_FR.UTF-8"}
    )
    assert by_option.out == by_environment.out
    assert (
        "De quoi il s'agit\u00a0: " in by_option.out and "Est-ce efficace\u00a0? " in by_option.out
    )
    assert "[insuffisant]" in by_option.out
    english = run_installed(["topic", "cellulite", "--brief"], env)
    assert "What it is: " in english.out


def test_phrases_built_around_numbers_follow_the_language(env: dict[str, str]) -> None:
    ran = run_installed(["--lang", "fr", "topic", "cellulite"], env)
    assert "1 étude, 20 personnes" in ran.out
    assert "Bibliographie interrogée le 2026-12-01 dans PubMed" in ran.out
    assert "studies," not in ran.out and "people;" not in ran.out


def test_a_patch_above_a_translation_keeps_the_rest_translated(
    tmp_path: Path, env: dict[str, str]
) -> None:
    layer = tmp_path / "c"
    write(
        layer / "topics" / "cellulite.yaml",
        "id: cellulite\nsummary:\n  text: Our own summary.\n  sources: [rotunda-2005-cellulite]\n",
    )
    checked = run_installed(["validate", str(layer)], env)
    assert "W414" not in checked.out, checked
    ran = run_installed(["--data-dir", str(layer), "--lang", "fr", "topic", "cellulite"], env)
    assert "De quoi il s'agit\u00a0: Our own summary." in ran.out
    assert "Ce qui est fait" in ran.out and "Le praticien injecte" in ran.out


def test_a_page_without_a_translation_falls_back_with_one_note(env: dict[str, str]) -> None:
    ran = run_installed(["--lang", "fr", "topic", "acne", "--brief"], env)
    assert ran.code == 0
    # The interface is French; the record, untranslated, is in English.
    assert "De quoi il s'agit\u00a0: One translated beauty page" in ran.out
    notes = [line for line in ran.err.splitlines() if line.startswith("mesoref: note:")]
    assert len(notes) == 1
    assert notes[0].startswith(
        "mesoref: note: no French translation of topic 'acne' yet; shown in English; "
        "also in English on this page: "
    )


def test_an_unknown_language_is_a_usage_error(env: dict[str, str]) -> None:
    ran = run_installed(["--lang", "xx", "topic", "cellulite"], env)
    assert ran.code == ExitCode.USAGE
    assert "--lang xx: no pages in that language; available: en, fr" in ran.err


def test_an_out_of_date_translation_is_not_shown(tmp_path: Path, env: dict[str, str]) -> None:
    layer = tmp_path / "c"
    write(
        layer / "topics" / "acne.fr.yaml",
        "id: acne\nlanguage: fr\ntitle: Acné\nevidence:\n  grade: established\n",
    )
    checked = run_installed(["validate", str(layer)], env)
    assert ":5:3: W414: evidence.grade: this fr translation is out of date and is not shown" in (
        checked.out
    )
    ran = run_installed(["--data-dir", str(layer), "--lang", "fr", "--json", "topic", "acne"], env)
    assert json.loads(ran.out)["topic"]["title"] == "Acne"
    assert "translation of topic 'acne' is out of date" in ran.err


def test_a_translation_changes_prose_only(tmp_path: Path, env: dict[str, str]) -> None:
    layer = tmp_path / "c"
    write(
        layer / "topics" / "acne.fr.yaml",
        "id: acne\nlanguage: fr\ntitle: Acné\naliases: [boutons]\n",
    )
    ran = run_installed(
        ["--data-dir", str(layer), "--lang", "fr", "--json", "topic", "boutons"], env
    )
    topic = json.loads(ran.out)["topic"]
    english = json.loads(run_installed(["--json", "topic", "acne"], env).out)["topic"]
    assert topic["title"] == "Acné"
    assert topic["evidence"] == english["evidence"] and topic["risks"] == english["risks"]


# -- mesoref new ---------------------------------------------------------------------------


def test_new_writes_a_template_that_validate_explains(tmp_path: Path, env: dict[str, str]) -> None:
    layer = tmp_path / "c"
    ran = run_installed(["--data-dir", str(layer), "new", "topic", "house-knee-protocol"], env)
    assert ran.code == 0, ran
    path = layer / "topics" / "house-knee-protocol.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schemas/topic.schema.json\n")
    assert json.loads((layer / ".schemas" / "topic.schema.json").read_text())["title"]
    assert "category:  # one of: aesthetic, medical" in text
    checked = run_installed(["validate", str(path)], env)
    assert checked.code == ExitCode.DATA and "title:" in checked.out
    again = run_installed(["--data-dir", str(layer), "new", "topic", "house-knee-protocol"], env)
    assert again.code == ExitCode.USAGE and "already exists" in again.err
    assert path.read_text(encoding="utf-8") == text


def test_new_for_an_existing_id_writes_a_patch_and_with_lang_a_translation(
    tmp_path: Path, env: dict[str, str]
) -> None:
    layer = tmp_path / "c"
    run_installed(["--data-dir", str(layer), "new", "topic", "cellulite"], env)
    patch = (layer / "topics" / "cellulite.yaml").read_text(encoding="utf-8")
    assert patch.rstrip().endswith("id: cellulite") and "Give only the fields" in patch
    run_installed(["--data-dir", str(layer), "--lang", "fr", "new", "topic", "acne"], env)
    translation = layer / "topics" / "acne.fr.yaml"
    assert "language: fr" in translation.read_text(encoding="utf-8")
    checked = run_installed(["validate", str(layer)], env)
    assert checked.code == 0, checked  # an untouched translation matches its record


def test_the_interface_languages_are_those_with_words() -> None:
    assert list(INTERFACE) == interface_languages()
