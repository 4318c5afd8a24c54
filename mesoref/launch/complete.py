"""Shell completion, answered from the command table: the protocol of the scripts that
`mesoref --install-completion` (Typer) installs for bash, zsh and fish.

The shell runs `mesoref` with `_MESOREF_COMPLETE=complete_<shell>` and the words typed so
far; this answers with command names, options, choices, or record names from the index.
Anything else asked through that variable (installing a script, another shell) goes to Typer.
"""

from __future__ import annotations

import sys

from mesoref.launch.grammar import (
    CHOICE,
    COMMANDS,
    GLOBAL_OPTIONS,
    VERSION_FLAG,
    Command,
    Param,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

Item = tuple[str, str]  # value, help


def _split(line: str) -> list[str]:
    """Split a command line as the shell would, tolerating an unfinished quote."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _arguments(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    if shell == "bash":
        words = _split(environ.get("COMP_WORDS", ""))
        try:
            cword = int(environ.get("COMP_CWORD", "0"))
        except ValueError:
            cword = len(words)
        args = words[1:cword]
        incomplete = words[cword] if cword < len(words) else ""
        return args, incomplete
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _options(command: Command | None) -> list[Item]:
    params = [*(command.options if command else ()), *GLOBAL_OPTIONS]
    items = [(flag, p.help) for p in params for flag in p.flags]
    items.append(("--help", "Show this message and exit."))
    if command is None:
        items.append((VERSION_FLAG, "Show the version and exit."))
    return items


def _values(
    param: Param, incomplete: str, data_dirs: list[str], environ: Mapping[str, str]
) -> list[Item]:
    if param.kind == CHOICE:
        return [(c, "") for c in param.choices if c.startswith(incomplete)]
    if param.complete and param.complete != "path":
        return [
            (name, "") for name in _record_names(param.complete, incomplete, data_dirs, environ)
        ]
    return []  # a path or free text: the shell completes files


def _record_names(
    kind: str, incomplete: str, data_dirs: list[str], environ: Mapping[str, str]
) -> list[str]:
    from mesoref.index.kb import open_quietly

    kb = open_quietly(data_dirs, environ)
    folded = incomplete.casefold()
    return [name for name in kb.names(kind) if name.casefold().startswith(folded)]


def completions(args: list[str], incomplete: str, environ: Mapping[str, str]) -> list[Item]:
    command: Command | None = None
    data_dirs: list[str] = []
    expecting: Param | None = None
    positionals = 0
    only_words = False
    for word in args:
        if expecting is not None:
            if expecting.name == "data_dirs":
                data_dirs.append(word)
            expecting = None
            continue
        if word == "--":
            only_words = True
            continue
        if word.startswith("-") and not only_words:
            flag = word.partition("=")[0]
            param = (
                command.option(flag)
                if command
                else next((p for p in GLOBAL_OPTIONS if flag in p.flags), None)
            )
            if param is not None and param.takes_value and "=" not in word:
                expecting = param
            elif param is not None and param.name == "data_dirs" and "=" in word:
                data_dirs.append(word.partition("=")[2])
            continue
        if command is None:
            command = COMMANDS.get(word)
            continue
        positionals += 1
    if expecting is not None:
        return _values(expecting, incomplete, data_dirs, environ)
    if incomplete.startswith("-") and not only_words:
        return [item for item in _options(command) if item[0].startswith(incomplete)]
    if command is None:
        return [(c.name, c.summary) for c in COMMANDS.values() if c.name.startswith(incomplete)]
    slots = command.positionals
    if not slots:
        return []
    param = slots[min(positionals, len(slots) - 1)]
    if positionals >= len(slots) and param.kind not in ("words", "optional-words", "paths"):
        return []
    return _values(param, incomplete, data_dirs, environ)


def _escape_zsh(text: str) -> str:
    return (
        text.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def respond(request: str, environ: Mapping[str, str]) -> int:
    """Answer one completion request (`complete_bash`, `complete_zsh`, `complete_fish`)."""
    shell = request.removeprefix("complete_")
    if not request.startswith("complete_") or shell not in ("bash", "zsh", "fish"):
        from mesoref.cli import run_typer

        return run_typer(sys.argv[1:])
    args, incomplete = _arguments(shell, environ)
    try:
        items = completions(args, incomplete, environ)
    except Exception:
        items = []
    from mesoref.launch.inert import inert_field

    items = [(inert_field(value), inert_field(" ".join(help.split()))) for value, help in items]
    if shell == "bash":
        out = "\n".join(value for value, _ in items)
    elif shell == "zsh":
        shown = [
            f'"{_escape_zsh(v)}":"{_escape_zsh(h)}"' if h else f'"{_escape_zsh(v)}"'
            for v, h in items
        ]
        out = f"_arguments '*: :(({chr(10).join(shown)}))'" if shown else "_files"
    else:
        action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return 0 if items else 1
        out = "\n".join(f"{v}\t{h}" if h else v for v, h in items) if action == "get-args" else ""
    if out:
        sys.stdout.write(out + "\n")
    sys.stdout.flush()

    return 0
