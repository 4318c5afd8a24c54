"""The command table: the only place where mesoref's command-line grammar is written.

Every command, argument and option is declared here once.  The fast parser (`argv`), the help
and usage text (`usage`), shell completion (`complete`) and the Typer application (`cli`) are
all derived from this table, and each command's implementation is found through it
(`module`), so only the command that runs is imported.

Standard library only, and cheap to import: the launcher reads it on every run.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# Parameter kinds.  Options: FLAG (no value), TEXT, INT (a whole number), CHOICE (one of
# `choices`); a repeatable option collects a list.  Positionals: WORD (exactly one), WORDS
# (one or more, joined by spaces), OPTIONAL_WORDS (zero or more, joined, or None), PATHS
# (zero or more, as a list), NAMES (one or more, as a list: each word is one name).
FLAG, TEXT, INT, CHOICE = "flag", "text", "int", "choice"
WORD, WORDS, OPTIONAL_WORDS, PATHS = "word", "words", "optional-words", "paths"
NAMES = "names"
POSITIONAL_KINDS = (WORD, WORDS, OPTIONAL_WORDS, PATHS, NAMES)

# Kinds of record, in the one vocabulary used by search labels, --kind, `schema`, folders
# and JSON.
RECORD_KINDS = (
    "topic",
    "risk",
    "contraindication",
    "event",
    "substance",
    "source",
    "term",
    "claim",
)
SEVERITIES = ("mild", "moderate", "severe")
VERDICTS = ("supported", "contested", "unsupported", "incorrect")


class Param:
    """One argument or option of a command."""

    __slots__ = (
        "choices",
        "complete",
        "default",
        "flags",
        "help",
        "kind",
        "metavar",
        "name",
        "repeat",
    )

    def __init__(
        self,
        name: str,
        kind: str,
        help: str,
        *,
        flags: Sequence[str] = (),
        metavar: str = "",
        choices: Sequence[str] = (),
        default: object = None,
        complete: str = "",
        repeat: bool = False,
    ) -> None:
        self.name = name  # the parameter's name in the command's function
        self.kind = kind
        self.help = help
        self.flags = tuple(flags)  # empty for a positional argument
        self.metavar = metavar or (name.upper() if not flags else "")
        self.choices = tuple(choices)
        self.default = False if kind == FLAG and default is None else default
        self.complete = complete  # a record kind whose names complete this value, or "path"
        self.repeat = repeat

    @property
    def positional(self) -> bool:
        return not self.flags

    @property
    def takes_value(self) -> bool:
        return bool(self.flags) and self.kind != FLAG

    @property
    def required(self) -> bool:
        return self.kind in (WORD, WORDS, NAMES) or (self.positional and self.kind == CHOICE)

    @property
    def usage_name(self) -> str:
        """How a positional is named in usage lines: NAME, NAME..., [TERM]..., KIND."""
        many = self.kind in (WORDS, OPTIONAL_WORDS, PATHS, NAMES)
        name = self.metavar + ("..." if many else "")
        return name if self.required else f"[{name}]"


class Command:
    """One command: its grammar, its help, and where it is implemented."""

    __slots__ = ("cacheable", "example", "help", "module", "name", "params", "summary")

    def __init__(
        self,
        name: str,
        summary: str,
        example: str,
        help: str,
        params: Sequence[Param] = (),
        *,
        cacheable: bool = True,
    ) -> None:
        self.name = name
        self.summary = summary  # one line, shown in the list of commands
        self.example = example
        self.help = help  # a paragraph, shown under the example in `COMMAND --help`
        self.params = tuple(params)
        self.module = "mesoref.commands." + name.replace("-", "_")
        # The answer depends only on the arguments, the environment and the data, and the
        # command changes nothing: it may be kept as a page.
        self.cacheable = cacheable

    def option(self, flag: str) -> Param | None:
        for param in (*self.params, *GLOBAL_OPTIONS):
            if flag in param.flags:
                return param
        return None

    @property
    def positionals(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.positional)

    @property
    def options(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.positional)


PROGRAM = "mesoref"
DESCRIPTION = (
    "A sourced, evidence-graded reference on mesotherapy. Health information, not medical advice."
)
MAIN_EXAMPLE = "mesoref topic cellulite"
EPILOG = (
    "Exit codes: 0 success, 1 not found, 2 usage error, 3 data error, 4 internal error, "
    "5 check --fail-on matched, 130 interrupted, 141 output pipe closed. Documentation: the "
    "README and `mesoref about`."
)

# Options every command accepts, before or after the command's name.
GLOBAL_OPTIONS: tuple[Param, ...] = (
    Param(
        "data_dirs",
        TEXT,
        "Add a data directory on top of the built-in data (repeatable; later wins).",
        flags=("--data-dir",),
        metavar="PATH",
        complete="path",
        repeat=True,
        default=(),
    ),
    Param("json", FLAG, "Print one JSON document instead of a page.", flags=("--json",)),
    Param(
        "plain",
        FLAG,
        "Print for scripts: no colour, no wrapping; lists give one record per line with "
        "tab-separated fields.",
        flags=("--plain",),
    ),
    Param("no_color", FLAG, "Never use colour or other styles.", flags=("--no-color",)),
    Param(
        "lang",
        TEXT,
        "Language of pages and their headings: en or fr (default: MESOREF_LANG, then "
        "LANGUAGE and LANG); untranslated pages are shown in English.",
        flags=("--lang",),
        metavar="LANG",
    ),
)
HELP_FLAGS = ("-h", "--help")
VERSION_FLAG = "--version"
# Options that install shell completion: handled by the Typer application, which knows how
# to detect the shell and write its configuration.
COMPLETION_INSTALL = (
    ("--install-completion", "Install completion for the current shell."),
    (
        "--show-completion",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
)


def _name(kind: str, what: str) -> Param:
    return Param("name", WORDS, what, complete=kind)


COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command(
            "topic",
            "One topic: what is done, claimed, the evidence, risks, sources.",
            "mesoref topic hair loss",
            "Show one topic, answer first: key points that fit one screen (what it is, whether "
            "it works and what the grade is about, the main risks, what works instead, where to "
            "go next), then the details: what is done, the evidence outcome by outcome, what "
            "works instead, risks, where sources disagree, what is claimed, numbered sources, "
            "and the changes to the page. Names ignore case and accents.",
            [
                _name("topic", "Topic name, id or alias; words are joined."),
                Param("brief", FLAG, "Only the key points (one screen).", flags=("--brief",)),
                Param(
                    "section",
                    TEXT,
                    "Only these sections, comma-separated: key-points, done, evidence, "
                    "alternatives, risks, disagreements, claims, sources, changes.",
                    flags=("--section",),
                    metavar="NAME[,NAME]",
                ),
            ],
        ),
        Command(
            "topics",
            "All topics by category; one id per line when piped.",
            "mesoref topics",
            "List every topic by category with its grade and one-line summary. When stdout is "
            "not a terminal, print one topic id per line and nothing else.",
        ),
        Command(
            "risks",
            "Risks by severity, with frequency and sources.",
            "mesoref risks --severity severe",
            "Show the known risks grouped by severity, most severe first, with how often they "
            "occur where that is known, when they start, and their sources.",
            [
                Param(
                    "topic",
                    TEXT,
                    "Only the risks of this topic.",
                    flags=("--topic",),
                    metavar="NAME",
                    complete="topic",
                ),
                Param(
                    "severity",
                    CHOICE,
                    "Only risks of this severity.",
                    flags=("--severity",),
                    choices=SEVERITIES,
                ),
            ],
        ),
        Command(
            "history",
            "The dated timeline; disputed dates show every value.",
            "mesoref history --from 1950 --to 1990",
            "Show the history of mesotherapy and its precursors, key dates first, then every "
            "event in date order. Where sources give different dates or describe an event "
            "differently, every version is shown with its source.",
            [
                Param(
                    "year",
                    OPTIONAL_WORDS,
                    "Only this year (for example 1958).",
                    metavar="YEAR",
                ),
                Param("brief", FLAG, "One line per event.", flags=("--brief",)),
                Param(
                    "start",
                    INT,
                    "Only events from this year on.",
                    flags=("--from",),
                    metavar="YEAR",
                ),
                Param("end", INT, "Only events up to this year.", flags=("--to",), metavar="YEAR"),
            ],
        ),
        Command(
            "substances",
            "Every substance with its class and evidence grade.",
            "mesoref substances",
            "List the substances injected in mesotherapy with their class and evidence grade.",
        ),
        Command(
            "substance",
            "One substance: purpose, evidence, regulation, sources.",
            "mesoref substance deoxycholic acid",
            "Show one substance: what it is claimed to do, what the evidence says, its "
            "regulatory status, the topics that use it, and its sources.",
            [_name("substance", "Substance name, id or alias.")],
        ),
        Command(
            "sources",
            "Every source, seed documents first.",
            "mesoref sources",
            "List every source mesoref cites: the five seed documents first, then the rest by "
            "kind.",
        ),
        Command(
            "source",
            "One source, with the claims taken from it and their verdicts.",
            "mesoref source amin-2006",
            "Show one source: its details, a note on how far to trust it, the claims mesoref "
            "found in it with their verdicts and corrections, and the records that cite it.",
            [
                Param(
                    "source_id",
                    WORDS,
                    "Source id, DOI or PMID; words are joined.",
                    metavar="ID",
                    complete="source",
                )
            ],
        ),
        Command(
            "cite",
            "References to paste: Vancouver or AMA, or RIS, BibTeX, CSL-JSON exports.",
            "mesoref cite cellulite --style ama",
            "Print references ready to paste into a manuscript: Vancouver (ICMJE/NLM) by "
            "default, AMA with --style ama. Name sources by id, DOI or PMID; name a topic "
            "(or any record with a page) to get that page's reference list, numbered as on the "
            "page; `mesoref cite mesoref` cites mesoref itself. --format writes an export that "
            "Zotero, EndNote and Mendeley import.",
            [
                Param(
                    "names",
                    NAMES,
                    "Source ids, DOIs or PMIDs, topic or record names, or `mesoref`.",
                    metavar="ID",
                    complete="source",
                ),
                Param(
                    "style",
                    CHOICE,
                    "Citation style (default: vancouver).",
                    flags=("--style",),
                    metavar="STYLE",
                    choices=("vancouver", "ama"),
                ),
                Param(
                    "format",
                    CHOICE,
                    "Write an export instead of formatted references.",
                    flags=("--format",),
                    metavar="FORMAT",
                    choices=("text", "ris", "bibtex", "csljson"),
                ),
            ],
        ),
        Command(
            "check",
            "Which sentences of a page resemble claims mesoref has judged.",
            "mesoref check clinic-page.html",
            "Read a page (plain text, Markdown or HTML; from files, or stdin with - or no "
            "file) and show each sentence that resembles a claim mesoref has judged, with the "
            "claim, its verdict, the correction and its sources, and the command to read more. "
            "Resemblance is not proof. --fail-on exits with status 5 when a match carries one "
            "of the given verdicts, for checking pages in CI.",
            [
                Param(
                    "paths",
                    PATHS,
                    "Files to check; - or nothing reads stdin.",
                    metavar="FILE",
                    complete="path",
                ),
                Param(
                    "fail_on",
                    TEXT,
                    "Exit 5 when a match has one of these verdicts (comma-separated: "
                    "supported, contested, unsupported, incorrect).",
                    flags=("--fail-on",),
                    metavar="VERDICTS",
                ),
            ],
            cacheable=False,  # reads stdin
        ),
        Command(
            "glossary",
            "Definitions of terms, or of one term.",
            "mesoref glossary nappage",
            "Define one term, or list every term with its definition.",
            [
                Param(
                    "term",
                    OPTIONAL_WORDS,
                    "A term to define; all terms when left out.",
                    complete="term",
                )
            ],
        ),
        Command(
            "claims",
            "Claims found in the sources, with verdicts and corrections.",
            "mesoref claims --verdict incorrect",
            "List the claims mesoref found in its sources, grouped by source, each with its "
            "verdict, the reason for it, and a correction where the claim is wrong.",
            [
                Param(
                    "verdict",
                    CHOICE,
                    "Only claims with this verdict.",
                    flags=("--verdict",),
                    choices=VERDICTS,
                ),
                Param(
                    "source",
                    TEXT,
                    "Only claims found in this source.",
                    flags=("--source",),
                    metavar="ID",
                    complete="source",
                ),
                Param(
                    "topic",
                    TEXT,
                    "Only claims about this topic.",
                    flags=("--topic",),
                    metavar="NAME",
                    complete="topic",
                ),
            ],
        ),
        Command(
            "evidence",
            "Every topic's evidence grade in one table, best supported first.",
            "mesoref evidence",
            "Show every topic with its evidence grade and the one-line reason for it, best-"
            "supported first, so the whole field can be seen at a glance.",
        ),
        Command(
            "contraindications",
            "Contraindications, each with where it comes from.",
            "mesoref contraindications",
            "List the contraindications and precautions, each with its basis (drug label, trial "
            "exclusion, consensus or practitioner lists) and its sources.",
        ),
        Command(
            "about",
            "What mesotherapy is, the name, how to read grades, the disclaimer.",
            "mesoref about",
            "Explain what mesotherapy is, where its name comes from, how to read evidence "
            "grades and claim verdicts, and what mesoref is not: medical advice.",
        ),
        Command(
            "search",
            "Ranked full-text search over every kind of record.",
            "mesoref search collagen",
            "Search every topic, risk, contraindication, history event, substance, source, "
            "glossary term and claim. Results are ranked (BM25, words in titles count most), "
            "word endings and accents do not matter, and each result shows where its words "
            "were found.",
            [
                Param(
                    "query", WORDS, 'Words to find; "quoted words" form a phrase, word* a prefix.'
                ),
                Param(
                    "kind",
                    CHOICE,
                    "Only records of this kind.",
                    flags=("--kind",),
                    choices=RECORD_KINDS,
                ),
                Param(
                    "limit", INT, "At most N results.", flags=("--limit",), metavar="N", default=10
                ),
            ],
        ),
        Command(
            "show",
            "Any record by its id: topic, risk, event, substance, source, term, claim.",
            "mesoref show ntm-infection",
            "Show any record by its id (or name): every id mesoref prints, in search results, "
            "cross-references and lists, opens with this command.",
            [_name("", "A record's id or name; words are joined.")],
        ),
        Command(
            "index",
            "Where the index and page cache are; rebuild them.",
            "mesoref index --rebuild",
            "Show where the compiled index and the cached pages live, what the index holds per "
            "layer and kind, and how many problems it found. The index is rebuilt by itself "
            "when data files change; --rebuild starts from nothing.",
            [
                Param(
                    "rebuild",
                    FLAG,
                    "Delete the index and cached pages, then build the index again.",
                    flags=("--rebuild",),
                )
            ],
            cacheable=False,
        ),
        Command(
            "validate",
            "Check data directories like a compiler: every problem at once.",
            "mesoref validate ~/clinic-data",
            "Check data directories for every kind of problem: YAML errors, schema errors, "
            "references to records that do not exist, duplicate ids and names, dates that are "
            "not dates, and style rules. Each problem prints as file:line:column: code: "
            "message, sorted. Given directories are read on top of the built-in data, so they "
            "may cite built-in records. Exit status 0 when there are no errors (or, with "
            "--strict, no problems at all), else 3.",
            [
                Param(
                    "paths",
                    PATHS,
                    "Data directories to check (default: every layer).",
                    metavar="PATH",
                    complete="path",
                ),
                Param("strict", FLAG, "Fail on warnings (style rules) too.", flags=("--strict",)),
            ],
            cacheable=False,  # its answer depends on today's date (review ages)
        ),
        Command(
            "new",
            "Start an entry of your own from a template, and open it in your editor.",
            "mesoref new topic house-knee-protocol",
            "Write a template for a record in the right folder of your data directory (the "
            "last --data-dir, else MESOREF_PATH's last entry, else ~/.local/share/mesoref) and "
            "open it in $VISUAL or $EDITOR when at a terminal. A new id gets every required "
            "field to fill in; an id another layer has gets a change (give only the fields you "
            "change); with --lang, a translation of the record's prose. Never overwrites a "
            "file.",
            [
                Param("kind", CHOICE, "The kind of record.", metavar="KIND", choices=RECORD_KINDS),
                Param("record_id", WORD, "The record's id (its file name).", metavar="ID"),
            ],
            cacheable=False,
        ),
        Command(
            "paths",
            "The data layers in order, with their record counts.",
            "mesoref paths",
            "List the data layers in the order they apply (built-in first; later layers "
            "override records with the same id), how many records each holds, and where the "
            "cache lives.",
            cacheable=False,
        ),
        Command(
            "schema",
            "The JSON Schema of a kind of record, for editors.",
            "mesoref schema topic > topic.schema.json",
            "Print the JSON Schema of one kind of record. Point an editor at it with a first "
            "line such as `# yaml-language-server: $schema=topic.schema.json` to check entries "
            "as you type.",
            [Param("kind", CHOICE, "The kind of record.", metavar="KIND", choices=RECORD_KINDS)],
        ),
    )
}


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate nearest to a mistyped word (edit distance at most a third of its length),
    without difflib, which the launcher cannot afford to import."""
    best, best_distance = None, max(2, len(word) // 3) + 1
    for candidate in candidates:
        distance = _distance(word, candidate, best_distance)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) >= limit:
            return limit
        previous = current
    return previous[-1]
