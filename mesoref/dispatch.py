"""Run the plainly written data commands without Typer, which costs a tenth of a second to
import.  Anything this parser is not sure about (help, an unknown option, a bad value, `--`)
goes to the Typer command line instead, which then gives the usage error or the help.

The parameters accepted here mirror the Typer commands in cli.py; a test checks that both
ways of running a command print the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mesoref.schema import KINDS, SEVERITIES, VERDICTS

# Positional arguments: none, exactly one word, one or more words joined by spaces, or
# optional words.
NONE, ONE, WORDS, OPTIONAL_WORDS = "none", "one", "words", "optional-words"


@dataclass(frozen=True)
class Option:
    param: str
    kind: str  # "flag", "int", "text" or "choice"
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spec:
    positional: str
    param: str = ""
    options: dict[str, Option] = field(default_factory=dict)


JSON = {"--json": Option("json", "flag")}
SPECS: dict[str, Spec] = {
    "topic": Spec(WORDS, "name", JSON),
    "topics": Spec(NONE, options=JSON),
    "risks": Spec(
        NONE,
        options={
            "--topic": Option("topic", "text"),
            "--severity": Option("severity", "choice", SEVERITIES),
            **JSON,
        },
    ),
    "history": Spec(
        NONE,
        options={
            "--from": Option("start", "int"),
            "--to": Option("end", "int"),
            **JSON,
        },
    ),
    "substances": Spec(NONE, options=JSON),
    "substance": Spec(WORDS, "name", JSON),
    "sources": Spec(NONE, options=JSON),
    "source": Spec(ONE, "source_id", JSON),
    "glossary": Spec(OPTIONAL_WORDS, "term", JSON),
    "claims": Spec(
        NONE,
        options={
            "--verdict": Option("verdict", "choice", VERDICTS),
            "--source": Option("source", "text"),
            **JSON,
        },
    ),
    "evidence": Spec(NONE, options=JSON),
    "contraindications": Spec(NONE, options=JSON),
    "about": Spec(NONE, options=JSON),
    "search": Spec(
        WORDS,
        "query",
        {
            "--kind": Option("kind", "choice", tuple(KINDS)),
            "--limit": Option("limit", "int"),
            **JSON,
        },
    ),
}


@dataclass(frozen=True)
class Call:
    command: str
    params: dict[str, object]
    data_dirs: list[str]


def _value(option: Option, text: str) -> object | None:
    if option.kind == "int":
        return int(text) if text.isascii() and text.isdigit() else None
    if option.kind == "choice":
        return text if text in option.choices else None
    return text


def parse(argv: Sequence[str]) -> Call | None:
    """The command and parameters of a plainly written data command, else None."""
    args = list(argv)
    data_dirs: list[str] = []
    while args and args[0].startswith("--data-dir"):
        flag = args.pop(0)
        if flag.startswith("--data-dir="):
            data_dirs.append(flag.split("=", 1)[1])
        elif flag == "--data-dir" and args and not args[0].startswith("-"):
            data_dirs.append(args.pop(0))
        else:
            return None
    if not args or args[0] not in SPECS:
        return None
    command = args.pop(0)
    spec = SPECS[command]
    params: dict[str, object] = {}
    words: list[str] = []
    while args:
        token = args.pop(0)
        if not token.startswith("-"):
            words.append(token)
            continue
        name, has_value, inline = token.partition("=")
        option = spec.options.get(name)
        if option is None:
            return None  # help, --, an unknown option or a lone "-": Typer decides
        if option.kind == "flag":
            if has_value:
                return None
            params[option.param] = True
            continue
        if has_value:
            raw = inline
        elif args and not args[0].startswith("-"):
            raw = args.pop(0)
        else:
            return None
        value = _value(option, raw)
        if value is None:
            return None
        params[option.param] = value
    if spec.positional == NONE and words:
        return None
    if spec.positional == ONE:
        if len(words) != 1:
            return None
        params[spec.param] = words[0]
    elif spec.positional == WORDS:
        if not words:
            return None
        params[spec.param] = " ".join(words)
    elif spec.positional == OPTIONAL_WORDS:
        params[spec.param] = " ".join(words) if words else None
    return Call(command, params, data_dirs)
