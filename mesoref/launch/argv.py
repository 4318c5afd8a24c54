"""Parse a command line against the command table into a `Call`, or a `UsageError`.

The rules follow Click's, which Typer uses, so that both front ends read a command line the
same way (a test checks): options may come before or after arguments, `--opt=value` and
`--opt value` are the same, `--` ends the options, a parse error wins over `--help`, and
`--help` wins over a missing argument.  Global options work before or after the command name.

Standard library only.
"""

from __future__ import annotations

from mesoref.launch.grammar import (
    CHOICE,
    COMMANDS,
    FLAG,
    GLOBAL_OPTIONS,
    HELP_FLAGS,
    INT,
    NAMES,
    OPTIONAL_WORDS,
    PATHS,
    VERSION_FLAG,
    WORD,
    WORDS,
    Command,
    Param,
    closest,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

MAX_INT = 10**9


class UsageError(Exception):
    """A command line that does not fit the grammar; exits 2 with the usage line."""

    def __init__(self, message: str, command: Command | None, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.command = command
        self.hint = hint
        self.unknown_command: str | None = None  # set when the first word is not a command


class Call:
    """A parsed command line."""

    __slots__ = ("command", "help", "options", "params", "version")

    def __init__(self) -> None:
        self.command: Command | None = None
        self.params: dict[str, object] = {}
        # The global options, always present: data_dirs (list), json, plain, no_color.
        self.options: dict[str, object] = {
            p.name: [] if p.repeat else (False if p.kind == FLAG else None) for p in GLOBAL_OPTIONS
        }
        self.help = False
        self.version = False

    @property
    def data_dirs(self) -> list[str]:
        dirs = self.options["data_dirs"]
        return [str(d) for d in dirs] if isinstance(dirs, list) else []

    def flag(self, name: str) -> bool:
        return bool(self.options.get(name))

    def __repr__(self) -> str:
        name = self.command.name if self.command else None
        return f"Call({name!r}, {self.params!r}, {self.options!r}, help={self.help})"


def _global(flag: str) -> Param | None:
    for param in GLOBAL_OPTIONS:
        if flag in param.flags:
            return param
    return None


def _all_flags(command: Command | None) -> list[str]:
    params = (*(command.params if command else ()), *GLOBAL_OPTIONS)
    flags = [flag for param in params for flag in param.flags]
    return [*flags, *HELP_FLAGS, *([] if command else [VERSION_FLAG])]


def _convert(param: Param, raw: str, command: Command | None) -> object:
    label = param.flags[0] if param.flags else param.metavar
    if param.kind == INT:
        digits = raw[1:] if raw[:1] in "+-" else raw
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
            raise UsageError(
                f"Invalid value for '{label}': {raw!r} is not a whole number.", command
            )
        return int(raw)
    if param.kind == CHOICE and raw not in param.choices:
        choices = ", ".join(f"'{c}'" for c in param.choices)
        near = closest(raw, param.choices)
        hint = f"did you mean '{near}'?" if near else ""
        raise UsageError(
            f"Invalid value for '{label}': {raw!r} is not one of {choices}.", command, hint
        )
    return raw


def parse(argv: Sequence[str]) -> Call:
    """Read a command line; raises UsageError when it does not fit the grammar."""
    call = Call()
    words: list[str] = []
    # Values are converted after the whole line is read: like Click, --help wins over a bad
    # value, but not over an unknown option or a missing one.
    pending: list[tuple[dict[str, object], Param, str, Command | None]] = []
    args = list(argv)
    position = 0
    only_words = False
    while position < len(args):
        token = args[position]
        position += 1
        if only_words or not token.startswith("-") or token == "-":
            if call.command is None:
                if token in COMMANDS:
                    call.command = COMMANDS[token]
                    continue
                near = closest(token, list(COMMANDS))
                error = UsageError(
                    f"No such command '{token}'.", None, f"did you mean '{near}'?" if near else ""
                )
                error.unknown_command = token
                raise error
            words.append(token)
            continue
        if token == "--":
            only_words = True
            continue
        if token in HELP_FLAGS:
            call.help = True
            continue
        if token == VERSION_FLAG and call.command is None:
            call.version = True
            continue
        flag, has_value, inline = token.partition("=")
        command = call.command
        param = command.option(flag) if command else _global(flag)
        if param is None:
            near = closest(flag, _all_flags(command))
            raise UsageError(
                f"No such option: {flag}", command, f"did you mean '{near}'?" if near else ""
            )
        target = call.options if _global(flag) is param else call.params
        if param.kind == FLAG:
            if has_value:
                raise UsageError(f"Option '{flag}' does not take a value.", command)
            target[param.name] = True
            continue
        if has_value:
            raw = inline
        elif position < len(args):
            raw = args[position]
            position += 1
        else:
            raise UsageError(f"Option '{flag}' requires an argument.", command)
        pending.append((target, param, raw, command))
    if call.help or call.version or call.command is None:
        return call
    for target, param, raw, command in pending:
        value = _convert(param, raw, command)
        if param.repeat:
            existing = target.get(param.name)
            target[param.name] = [*(existing if isinstance(existing, list) else []), value]
        else:
            target[param.name] = value
    _assign(call.command, words, call)
    return call


def _assign(command: Command, words: list[str], call: Call) -> None:
    """Give the positional words to the command's arguments; fill in defaults."""
    remaining = list(words)
    for param in command.params:
        if not param.positional:
            call.params.setdefault(param.name, param.default)
            continue
        if param.kind in (WORD, CHOICE):
            if not remaining:
                raise _missing(command, param)
            call.params[param.name] = _convert(param, remaining.pop(0), command)
        elif param.kind == WORDS:
            if not remaining:
                raise _missing(command, param)
            call.params[param.name] = " ".join(remaining)
            remaining = []
        elif param.kind == OPTIONAL_WORDS:
            call.params[param.name] = " ".join(remaining) if remaining else None
            remaining = []
        elif param.kind == PATHS:
            call.params[param.name] = list(remaining)
            remaining = []
        elif param.kind == NAMES:
            if not remaining:
                raise _missing(command, param)
            call.params[param.name] = list(remaining)
            remaining = []
    if remaining:
        plural = "s" if len(remaining) > 1 else ""
        raise UsageError(f"Got unexpected extra argument{plural} ({' '.join(remaining)})", command)


def _missing(command: Command, param: Param) -> UsageError:
    hint = f"Example: {command.example}"
    if param.complete and param.complete not in ("path",):
        listing = {
            "topic": "topics",
            "substance": "substances",
            "source": "sources",
            "term": "glossary",
        }.get(param.complete)
        if listing:
            hint += f"\nList the names: mesoref {listing}"
    return UsageError(f"Missing argument '{param.usage_name}'.", command, hint)
