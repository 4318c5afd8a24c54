"""Check raw YAML nodes against the record schema and build typed records, all errors at once."""

from __future__ import annotations

import datetime
import difflib
import re
import types
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields, is_dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from mesoref.launch.inert import inert
from mesoref.model.problems import Problem
from mesoref.model.schema import Kind, NonEmpty, Pattern, Record, Ref, yaml_name
from mesoref.reading.yamlsource import Mark, RawMapping, RawNode, RawScalar, RawSequence

SUMMARY_LIMIT = 220
REASON_LIMIT = 140
TRANSLATION_STRETCH = 1.3


def _kind_word(node: RawNode) -> str:
    if isinstance(node, RawMapping):
        return "a mapping"
    if isinstance(node, RawSequence):
        return "a list"
    return "nothing" if node.is_null else f"the text {node.value[:40]!r}"


class _Invalid:
    """Returned instead of a value when a node failed to convert (its problems are recorded)."""


INVALID = _Invalid()


@dataclass(frozen=True, slots=True)
class Reference:
    """One cross-reference found in a record: which kind and id it names, and where."""

    kind: str
    id: str
    path: str
    mark: Mark


@dataclass(frozen=True, slots=True)
class Loaded:
    """A validated record with where it came from and what it refers to.

    `given` names the fields the file gives: a record in a later layer changes only those
    (a patch), unless it says `replace: true`. A `partial` record lacks required fields and
    is only valid on top of a complete record with its id in an earlier layer; `plain` holds
    its fields as plain data. `language` marks a translation of the record with its id."""

    record: Record | None
    kind: Kind
    file: str
    mark: Mark
    refs: tuple[Reference, ...]
    given: tuple[str, ...] = ()
    partial: bool = False
    replace: bool = False
    language: str | None = None
    plain: dict[str, Any] | None = None
    missing: tuple[Problem, ...] = ()  # the E202 problems a partial record would have alone
    # Where each top-level field's value starts: a translation's problems are found later,
    # against the record it translates, and placed with these.
    marks: tuple[tuple[str, int, int], ...] = ()


# Keys any record may carry besides its fields: how it applies on top of earlier layers.
META_KEYS = ("language", "replace")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:[_-][A-Z]{2})?$")


class _Context:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.refs: list[Reference] = []

    def report(self, mark: Mark, code: str, path: str, message: str) -> None:
        self.problems.append(Problem(self.display, mark.line, mark.column, code, message, path))


Converter = Callable[[RawNode, str, _Context], Any]


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _text(pattern: Pattern | None, ref: Ref | None) -> Converter:
    compiled = re.compile(pattern.regex) if pattern else None

    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        if not isinstance(node, RawScalar) or node.is_null:
            # Say what belongs here: "a date as YYYY-MM-DD", "the id of a source record".
            wanted = (
                pattern.what if pattern else f"the id of a {ref.kind} record" if ref else "text"
            )
            ctx.report(node.mark, "E201", path, f"expected {wanted}, found {_kind_word(node)}")
            return INVALID
        value = node.value
        if compiled is not None and pattern is not None and not compiled.match(value):
            ctx.report(node.mark, "E205", path, f"{value!r} is not {pattern.what}")
            return INVALID
        if pattern is not None and pattern.is_date and not _real_date(value):
            ctx.report(node.mark, "E205", path, f"{value!r} is not a real date")
            return INVALID
        if ref is not None:
            ctx.refs.append(Reference(ref.kind, value, path, node.mark))
            return value
        if not value.strip():
            ctx.report(node.mark, "W403", path, "text is empty")
        elif any(line != line.rstrip() for line in value.split("\n")):
            ctx.report(node.mark, "W402", path, "trailing whitespace")
        broken = BROKEN_HYPHEN.search(value)
        if broken:
            ctx.report(
                node.mark,
                "W411",
                path,
                f"{broken.group(0)!r}: a hyphenated word split across lines of folded text "
                "gains a space; keep the word on one line",
            )
        shown = inert(value)
        if shown != value:
            ctx.report(
                node.mark,
                "W404",
                path,
                "control, format or bidirectional characters; shown escaped",
            )
        return shown

    return convert


# A letter, a hyphen, a space and a letter: what folding "fat-" + newline + "reducing" gives.
# Suspended hyphens ("low- to moderate-quality", "short- and long-term") are words as written.
BROKEN_HYPHEN = re.compile(r"\b[A-Za-z]+- (?!(?:to|and|or|nor|than|versus|vs)\b)[a-z]+")


def _real_date(value: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a day, month or year that exists."""
    parts = [int(p) for p in value.split("-")]
    parts += [1] * (3 - len(parts))
    try:
        datetime.date(*parts)
    except ValueError:
        return False
    return True


MAX_DIGITS = 9


def _int() -> Converter:
    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        # YAML 1.1 also reads 2006_, 0x7D6, 0o17 and 33:26:46 as integers, and a number may
        # have thousands of digits: only plain decimal digits are accepted, a few at most.
        if isinstance(node, RawScalar) and node.tag == "int":
            digits = node.value.removeprefix("-").removeprefix("+")
            if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
                return int(node.value)
            shown = node.value if len(node.value) <= 20 else node.value[:20] + "..."
            ctx.report(
                node.mark,
                "E205",
                path,
                f"{shown!r} is not a plain whole number of at most {MAX_DIGITS} digits",
            )
            return INVALID
        ctx.report(node.mark, "E201", path, f"expected a whole number, found {_kind_word(node)}")
        return INVALID

    return convert


def _bool() -> Converter:
    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        # Only `true` and `false`: YAML 1.1's yes/no/on/off are too easy to write by accident.
        if isinstance(node, RawScalar) and node.value.lower() in ("true", "false"):
            return node.value.lower() == "true"
        ctx.report(node.mark, "E201", path, f"expected true or false, found {_kind_word(node)}")
        return INVALID

    return convert


def _choice(choices: tuple[str, ...], what: str) -> Converter:
    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        if isinstance(node, RawScalar) and node.value in choices:
            return node.value
        if not isinstance(node, RawScalar) or node.is_null:
            ctx.report(
                node.mark,
                "E201",
                path,
                f"expected a {what}, one of: {', '.join(choices)}; found {_kind_word(node)}",
            )
            return INVALID
        hint = _suggest(node.value, choices)
        ctx.report(
            node.mark,
            "E204",
            path,
            f"unknown {what} {node.value!r}; expected one of: {', '.join(choices)}{hint}",
        )
        return INVALID

    return convert


def _list(item: Converter, non_empty: bool) -> Converter:
    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        if not isinstance(node, RawSequence):
            ctx.report(node.mark, "E201", path, f"expected a list, found {_kind_word(node)}")
            return INVALID
        if non_empty and not node.items:
            ctx.report(node.mark, "E207", path, "list must not be empty")
            return INVALID
        if not node.items:
            ctx.report(node.mark, "W403", path, "empty list; leave the field out instead")
        values = [item(child, f"{path}[{i}]", ctx) for i, child in enumerate(node.items)]
        return INVALID if any(v is INVALID for v in values) else tuple(values)

    return convert


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    key: str
    convert: Converter
    required: bool
    default: Any


_RECORD_CONVERTERS: dict[type, Converter] = {}
_RECORD_FIELDS: dict[type, tuple[_Field, ...]] = {}


def record_fields(cls: type) -> tuple[_Field, ...]:
    """The compiled field list of a record type (built once per type)."""
    if cls not in _RECORD_FIELDS:
        hints = get_type_hints(cls, include_extras=True)
        compiled = []
        for f in fields(cls):
            required = f.default is MISSING and f.default_factory is MISSING
            compiled.append(
                _Field(
                    f.name,
                    yaml_name(f.name),
                    converter_for(hints[f.name], f.name),
                    required,
                    None if required else f.default,
                )
            )
        _RECORD_FIELDS[cls] = tuple(compiled)
    return _RECORD_FIELDS[cls]


def converter_for(hint: Any, what: str) -> Converter:
    """Compile a type annotation from `schema` into a converter function."""
    origin = get_origin(hint)
    if origin is Annotated:
        base, *extras = get_args(hint)
        pattern = next((e for e in extras if isinstance(e, Pattern)), None)
        ref = next((e for e in extras if isinstance(e, Ref)), None)
        if get_origin(base) is tuple:
            non_empty = any(isinstance(e, NonEmpty) for e in extras)
            return _list(converter_for(get_args(base)[0], what), non_empty)
        return _text(pattern, ref)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return converter_for(inner, what)
    if origin is Literal:
        return _choice(tuple(get_args(hint)), what.rstrip("_").replace("_", " "))
    if origin is tuple:
        return _list(converter_for(get_args(hint)[0], what), False)
    if hint is str:
        return _text(None, None)
    if hint is bool:
        return _bool()
    if hint is int:
        return _int()
    if isinstance(hint, type):
        return _record(hint)
    raise TypeError(f"unsupported annotation {hint!r}")


def _record(cls: type) -> Converter:
    if cls in _RECORD_CONVERTERS:
        return _RECORD_CONVERTERS[cls]

    def convert(node: RawNode, path: str, ctx: _Context) -> Any:
        if not isinstance(node, RawMapping):
            ctx.report(node.mark, "E201", path, f"expected a mapping, found {_kind_word(node)}")
            return INVALID
        specs = record_fields(cls)
        keys = tuple(spec.key for spec in specs)
        for key, entry in node.entries.items():
            if key not in keys:
                ctx.report(
                    entry.key_mark,
                    "E203",
                    _join(path, key),
                    f"unknown field {key!r}{_suggest(key, keys)}; "
                    f"the fields here are: {', '.join(keys)}",
                )
        values: dict[str, Any] = {}
        broken = False
        for spec in specs:
            found = node.entries.get(spec.key)
            child_path = _join(path, spec.key)
            if found is None or (
                isinstance(found.value, RawScalar) and found.value.is_null and not spec.required
            ):
                if spec.required:
                    where = found.key_mark if found else node.mark
                    ctx.report(where, "E202", child_path, f"required field {spec.key!r} is missing")
                    broken = True
                values[spec.name] = spec.default
                continue
            value = spec.convert(found.value, child_path, ctx)
            if value is INVALID:
                broken = True
            values[spec.name] = value
        return INVALID if broken else cls(**values)

    _RECORD_CONVERTERS[cls] = convert
    return convert


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _cross_field_rules(record: Any, ctx: _Context, mark: Mark, stretch: float = 1.0) -> None:
    """Rules that span fields and cannot be said with one annotation. `stretch` lengthens the
    length limits for translations (French runs about a quarter longer than English)."""
    verdict = getattr(record, "verdict", None)
    if verdict == "incorrect" and getattr(record, "correction", None) is None:
        ctx.report(mark, "E208", "correction", "a claim judged incorrect needs a correction")
    for i, disagreement in enumerate(getattr(record, "disagreements", ())):
        if len(disagreement.values) < 2:
            ctx.report(
                mark,
                "E208",
                f"disagreements[{i}].values",
                "a disagreement needs at least two values, each with its sources",
            )
    evidence = getattr(record, "evidence", None)
    for i, outcome in enumerate(evidence.outcomes if evidence is not None else ()):
        where = f"evidence.outcomes[{i}]"
        measured = outcome.result not in ("not-studied", "documented")
        if measured and outcome.certainty is None:
            ctx.report(mark, "E208", f"{where}.certainty", "a measured outcome needs a certainty")
        if not measured and outcome.certainty is not None:
            ctx.report(
                mark,
                "E208",
                f"{where}.certainty",
                f"an outcome that is {outcome.result} has no certainty; leave it out",
            )
        if outcome.certainty is not None and not outcome.certainty_reason:
            ctx.report(
                mark, "E208", f"{where}.certainty_reason", "say why the certainty is what it is"
            )
    if getattr(record, "applies_to", None) == "one-drug" and not getattr(record, "substances", ()):
        ctx.report(mark, "E208", "substances", "name the drug this applies to (applies_to says so)")
    summary = getattr(record, "summary", None)  # topics and risks: shown in one-line listings
    summary_limit, reason_limit = int(SUMMARY_LIMIT * stretch), int(REASON_LIMIT * stretch)
    if summary is not None and len(summary.text) > summary_limit:
        ctx.report(
            mark,
            "W401",
            "summary.text",
            f"summary is {len(summary.text)} characters; keep it under {summary_limit}",
        )
    evidence = getattr(record, "evidence", None)
    if evidence is not None and not evidence.about:
        ctx.report(
            mark,
            "W415",
            "evidence.about",
            "say what the grade is a grade of (about: the treatment, for what, in whom)",
        )
    if evidence is not None and len(evidence.reason) > reason_limit:
        ctx.report(
            mark,
            "W401",
            "evidence.reason",
            f"reason is {len(evidence.reason)} characters; "
            f"keep it to one line under {reason_limit}",
        )


# What each type of source needs before it can be cited: (fields any one of which will do,
# what to say when none is there). E209 when a reference cannot be found without it; W412
# when the reference is only less complete.
_CITABLE: dict[str, tuple[tuple[str, tuple[str, ...], str], ...]] = {
    "journal-article": (
        ("E209", ("authors", "organisation"), "give the authors (or the organisation)"),
        ("E209", ("year",), "give the year of publication"),
        ("E209", ("journal",), "give the journal's full title"),
        (
            "E209",
            ("doi", "pmid", "no_identifier"),
            "give a DOI or PMID, or say in no_identifier why none exists",
        ),
        ("W412", ("journal_abbrev",), "give the journal's NLM abbreviation"),
        ("W412", ("volume", "in_press"), "give the volume (or in_press: true)"),
        ("W412", ("pages", "article_number", "in_press"), "give the pages or article number"),
    ),
    "conference-abstract": (
        ("E209", ("authors", "organisation"), "give the authors"),
        ("E209", ("container", "journal"), "give the meeting (container) or the journal"),
        ("E209", ("year",), "give the year"),
    ),
    "report": (
        ("E209", ("authors", "organisation"), "give the authors or the organisation"),
        ("E209", ("year", "date"), "give the year"),
        ("E209", ("url", "report_number", "no_identifier"), "give the address or report number"),
        ("W412", ("publisher", "organisation"), "give the publisher"),
        ("W412", ("accessed", "report_number"), "give the date the address was accessed"),
    ),
    "legal-text": (
        ("E209", ("jurisdiction",), "give the jurisdiction"),
        ("E209", ("number",), "give the official number"),
        ("E209", ("date", "year"), "give the date"),
        ("W412", ("url", "container"), "give the official address or journal"),
        ("W412", ("accessed", "container"), "give the date the address was accessed"),
    ),
    "web-page": (
        (
            "E209",
            ("url", "no_identifier"),
            "give the address (or say in no_identifier why there is none)",
        ),
        ("W412", ("authors", "organisation"), "give the authors or the organisation"),
        ("W412", ("accessed", "no_identifier"), "give the date the address was accessed"),
    ),
    "book": (
        ("E209", ("authors", "organisation", "editors"), "give the authors or editors"),
        ("E209", ("publisher",), "give the publisher"),
        ("E209", ("year",), "give the year"),
    ),
    "book-chapter": (
        ("E209", ("authors", "organisation"), "give the chapter's authors"),
        ("E209", ("container",), "give the book's title (container)"),
        ("E209", ("publisher",), "give the publisher"),
        ("E209", ("year",), "give the year"),
        ("W412", ("pages",), "give the chapter's pages"),
    ),
}


def _source_rules(record: Any, ctx: _Context, document: RawMapping) -> None:
    """What a writer needs to cite a source: the fields its type requires, a title never cut,
    and "et al." only after the six names the styles print."""
    mark = document.mark

    def at(name: str) -> Mark:
        entry = document.entries.get(name)
        return entry.value.mark if entry is not None else mark

    if record.title.rstrip().endswith(("...", "\u2026")):
        ctx.report(at("title"), "E209", "title", "the title is cut; give it in full")
    if record.incomplete:
        return  # the gaps are declared, and every page shows them with the reference
    if record.et_al and len(record.authors) < 6:
        ctx.report(
            at("et_al"),
            "E209",
            "et_al",
            f"et_al needs the first six authors listed (there are {len(record.authors)})",
        )
    if len(record.authors) > 6:
        ctx.report(
            at("authors"), "W412", "authors", "list the first six authors and set et_al: true"
        )
    if record.kind == "seed-document":
        return  # audited as a web article, never cited as a reference
    for code, any_of, advice in _CITABLE.get(record.type or "", ()):
        if not any(getattr(record, name) for name in any_of):
            ctx.report(mark, code, any_of[0], f"a {record.type} source: {advice}")


def _meta(document: RawMapping, ctx: _Context) -> tuple[RawMapping, str | None, bool]:
    """The record without its meta keys, and their values: `language` (a code such as fr or
    pt_BR) and `replace` (true or false)."""
    entries = dict(document.entries)
    language: str | None = None
    replace = False
    found = entries.pop("language", None)
    if found is not None:
        value = found.value
        if isinstance(value, RawScalar) and LANGUAGE_PATTERN.match(value.value):
            language = value.value.replace("-", "_")
        else:
            ctx.report(value.mark, "E205", "language", "a language code such as fr, de or pt_BR")
    found = entries.pop("replace", None)
    if found is not None:
        value = found.value
        if isinstance(value, RawScalar) and value.tag == "bool":
            replace = value.value.lower() in ("true", "yes", "on")
        else:
            ctx.report(value.mark, "E201", "replace", "replace is true or false")
    return RawMapping(entries, document.mark), language, replace


def validate_document(
    document: RawNode, kind: Kind, display: str, stem: str
) -> tuple[Loaded | None, list[Problem], tuple[Reference, ...]]:
    """Validate one file's document as a record of `kind`; the id must equal the file stem.

    The references are returned even when the record fails, so that a broken reference is
    reported in the same pass as the record's other problems. A record that lacks only
    required fields comes back `partial` (a patch, or a translation), with those problems
    held apart: they count only if nothing in an earlier layer completes it."""
    ctx = _Context(display)
    language: str | None = None
    replace = False
    if isinstance(document, RawMapping):
        document, language, replace = _meta(document, ctx)
    value = _record(kind.type)(document, "", ctx)
    given = tuple(document.entries) if isinstance(document, RawMapping) else ()
    if language and isinstance(document, RawMapping):
        # A translation gives prose only, at any depth; what it leaves out stays as in the
        # record it translates, and everything it gives is checked against that record
        # when the two meet (mesoref.model.translation).
        others = [p for p in ctx.problems if p.code != "E202"]
        if any(p.is_error for p in others):
            return None, others, ()
        if stem_problem := _stem_problem(document, stem, display, language):
            return None, [*others, stem_problem], ()
        plain = {key: raw_plain(entry.value) for key, entry in document.entries.items()}
        marks = tuple(
            (key, entry.value.mark.line, entry.value.mark.column)
            for key, entry in document.entries.items()
        )
        loaded = Loaded(
            None, kind, display, document.mark, (), given, True, False, language, plain, (), marks
        )
        return loaded, others, ()
    if value is INVALID:
        missing = [p for p in ctx.problems if p.code == "E202" and "." not in p.path]
        others = [p for p in ctx.problems if p not in missing]
        if not missing or any(p.is_error for p in others) or not isinstance(document, RawMapping):
            # The file name is checked too, so that it is reported with the rest.
            stem_problem = (
                _stem_problem(document, stem, display, language)
                if isinstance(document, RawMapping)
                else None
            )
            return None, [*ctx.problems, *filter(None, [stem_problem])], tuple(ctx.refs)
        if stem_problem := _stem_problem(document, stem, display, language):
            return None, [*others, stem_problem], tuple(ctx.refs)
        plain = _partial(kind.type, document, ctx)
        loaded = Loaded(
            None,
            kind,
            display,
            document.mark,
            tuple(ctx.refs),
            given,
            True,
            replace,
            language,
            plain,
            tuple(missing),
        )
        return loaded, others, tuple(ctx.refs)
    mark = document.mark
    _cross_field_rules(value, ctx, mark, TRANSLATION_STRETCH if language else 1.0)
    if kind.name == "source":
        assert isinstance(document, RawMapping)
        _source_rules(value, ctx, document)
    assert isinstance(document, RawMapping)
    problem = _stem_problem(document, stem, display, language)
    if problem is not None:
        return None, [*ctx.problems, problem], tuple(ctx.refs)
    loaded = Loaded(value, kind, display, mark, tuple(ctx.refs), given, False, replace, language)
    return loaded, ctx.problems, tuple(ctx.refs)


def _stem_problem(
    document: RawMapping, stem: str, display: str, language: str | None
) -> Problem | None:
    """E206 when the id differs from the file name: `ID.yaml`, or `ID.LANG.yaml` for a
    translation (so that it sits beside the record it translates)."""
    entry = document.entries.get("id")
    if entry is None or not isinstance(entry.value, RawScalar):
        return None
    record_id = entry.value.value
    expected = f"{record_id}.{language}" if language else record_id
    if stem == expected:
        return None
    return Problem(
        display,
        entry.value.mark.line,
        entry.value.mark.column,
        "E206",
        f"id {record_id!r} does not match the file name {stem!r}; name the file {expected}.yaml",
        "id",
    )


def raw_plain(node: RawNode) -> Any:
    """A raw node as plain data, typed by its YAML tag as the validator would type it."""
    if isinstance(node, RawMapping):
        return {key: raw_plain(entry.value) for key, entry in node.entries.items()}
    if isinstance(node, RawSequence):
        return [raw_plain(item) for item in node.items]
    assert isinstance(node, RawScalar)
    if node.tag == "null":
        return None
    if node.tag == "bool":
        return node.value.lower() in ("true", "yes", "on")
    if node.tag == "int":
        try:
            return int(node.value, 0)
        except ValueError:
            return node.value
    return node.value


def _partial(cls: type, document: RawMapping, ctx: _Context) -> dict[str, Any]:
    """The fields a partial record gives, each validated, as plain data."""
    scratch = _Context(ctx.display)
    values: dict[str, Any] = {}
    for spec in record_fields(cls):
        found = document.entries.get(spec.key)
        if found is None:
            continue
        value = spec.convert(found.value, spec.key, scratch)
        if value is not INVALID:
            values[spec.key] = to_plain(value)
    return values


def to_plain(value: Any) -> Any:
    """A record (or any value inside one) as plain data with YAML field names: what the index
    stores and `--json` prints.  Every field is present; tuples become lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {yaml_name(f.name): to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(item) for item in value]
    return value


def from_plain(cls: type, value: Any) -> Any:
    """The record that `to_plain` turned into `value` (for the builder's search text)."""
    hints = get_type_hints(cls, include_extras=True)
    return cls(**{f.name: _from(hints[f.name], value[yaml_name(f.name)]) for f in fields(cls)})


def _from(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if origin is Annotated:
        return _from(get_args(hint)[0], value)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return None if value is None else _from(inner, value)
    if origin is tuple:
        return tuple(_from(get_args(hint)[0], item) for item in value)
    if isinstance(hint, type) and is_dataclass(hint):
        return from_plain(hint, value)
    return value
