"""Read one YAML file safely into raw nodes that remember where they came from.

Nothing here constructs Python objects from YAML: the document is composed into a node
graph (with libyaml when available) and converted into the three raw node types below.
That is why `!!python/object` and friends can never execute anything, and why duplicate
keys, alias bombs and cyclic aliases can be caught with a position.

The work per file is bounded: its size, the number of nodes visited (an alias counts each time
it is used), the nesting depth, the total text visited after alias expansion, and the size of
any one text.  Past a bound the file is reported and skipped; it never takes down a command.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

import yaml

from mesoref.model.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_TEXT = 64 * 1024  # characters in one text
MAX_EXPANDED = 4 * 1024 * 1024  # characters of text visited in one file, aliases expanded

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class RawScalar:
    value: str
    tag: str  # the resolved YAML tag suffix: "str", "int", "null", "bool", ...
    mark: Mark

    @property
    def is_null(self) -> bool:
        return self.tag == "null"


@dataclass(frozen=True, slots=True)
class RawEntry:
    key_mark: Mark
    value: RawNode


@dataclass(frozen=True, slots=True)
class RawMapping:
    entries: dict[str, RawEntry]
    mark: Mark


@dataclass(frozen=True, slots=True)
class RawSequence:
    items: tuple[RawNode, ...]
    mark: Mark


RawNode = RawScalar | RawMapping | RawSequence


class _NotRegular(OSError):
    """A device, FIFO or socket where a data file should be."""


class _Refused(Exception):
    def __init__(self, code: str, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _position(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return Mark(line, index - (text.rfind("\n", 0, index) + 1) + 1)


class _Converter:
    """Turns composed nodes into raw nodes, counting every visit so aliases cannot explode."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.visited = 0
        self.characters = 0
        self.duplicates: list[Problem] = []
        self.seen: set[int] = set()

    def convert(
        self,
        node: yaml.Node,
        depth: int = 0,
        used_at: Mark | None = None,
        forced: Mark | None = None,
    ) -> RawNode:
        """A node as a raw node. A node met a second time is an alias (*name) used again:
        it and everything in it are placed where the alias is used (`used_at`), not where its
        anchor is, so a problem in it points at the alias."""
        self.visited += 1
        if forced is None and id(node) in self.seen and used_at is not None:
            forced = used_at
        here = forced or _mark(node)
        self.seen.add(id(node))
        if self.visited > MAX_NODES:
            raise _Refused(
                "E106",
                f"document expands beyond {MAX_NODES} nodes; nested aliases are refused",
                here,
            )
        if depth > MAX_DEPTH:
            raise _Refused(
                "E106",
                f"document nests deeper than {MAX_DEPTH} levels (a cyclic alias?)",
                here,
            )
        if node.tag not in _STANDARD_TAGS:
            raise _Refused(
                "E105",
                f"YAML tag {node.tag!r} is not allowed; mesoref data holds plain text, lists "
                "and mappings only",
                here,
            )
        if isinstance(node, yaml.ScalarNode):
            text = str(node.value)
            self.characters += len(text)
            if len(text) > MAX_TEXT:
                raise _Refused(
                    "E103",
                    f"one text is {len(text)} characters; the limit is {MAX_TEXT}",
                    here,
                )
            if self.characters > MAX_EXPANDED:
                raise _Refused(
                    "E106",
                    f"document expands beyond {MAX_EXPANDED // (1024 * 1024)} MiB of text "
                    "(aliases repeat their text); the file is skipped",
                    here,
                )
            return RawScalar(text, node.tag.rsplit(":", 1)[1], here)
        if isinstance(node, yaml.SequenceNode):
            return RawSequence(
                tuple(self.convert(item, depth + 1, here, forced) for item in node.value), here
            )
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, RawEntry] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _STANDARD_TAGS:
                raise _Refused("E201", "mapping keys must be plain text", _mark(key_node))
            key = str(key_node.value)
            key_mark = forced or _mark(key_node)
            value = self.convert(value_node, depth + 1, key_mark, forced)
            if key in entries:
                first = entries[key].key_mark
                self.duplicates.append(
                    Problem(
                        self.display,
                        key_mark.line,
                        key_mark.column,
                        "E108",
                        f"duplicate key {key!r} (first at line {first.line}); the later value "
                        "would silently win",
                    )
                )
                continue
            entries[key] = RawEntry(key_mark, value)
        return RawMapping(entries, here)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What reading one file gave: a raw document (or None) and the problems met on the way."""

    document: RawNode | None
    problems: tuple[Problem, ...]


def _fail(display: str, code: str, message: str, mark: Mark = Mark(1, 1)) -> ReadResult:
    return ReadResult(None, (Problem(display, mark.line, mark.column, code, message),))


def read_bytes(path: str) -> bytes:
    """Read a data file, refusing anything but a regular file (a FIFO would block: it is opened
    without blocking and checked before any read) and files over the size limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular()
        if info.st_size > MAX_FILE_BYTES:
            raise OverflowError(info.st_size)
        return handle.read(MAX_FILE_BYTES + 1)


def _at(mark: Any) -> Mark:
    return Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)


def plain_yaml_error(error: yaml.MarkedYAMLError, text: str) -> tuple[str, Mark]:
    """PyYAML's complaint in plain words, placed where the cause is: an unclosed quote where it
    opens, a colon inside unquoted text where the colon is, with what to do about it."""
    problem = error.problem or ""
    context = error.context or ""
    if "quoted scalar" in context:
        quote = "'" if "single" in context else '"'
        return (
            f"this {quote} opens a quoted text that is never closed; add the closing {quote} "
            '(inside double quotes, write a \\" for a quote mark)',
            _at(error.context_mark),
        )
    if "mapping values are not allowed" in problem:
        where = _at(error.problem_mark)
        line = text.splitlines()[where.line - 1] if where.line <= text.count("\n") + 1 else ""
        key, _, value = line.partition(": ")
        example = f'{key.strip()}: "{value.strip()}"' if value else '"the text: in quotes"'
        return (
            "a colon followed by a space inside unquoted text reads as a new field; put the "
            f"whole text in double quotes: {example} (or, if this line is a field of its own, "
            "indent it like the fields above)",
            where,
        )
    if "could not find expected ':'" in problem:
        return (
            "this line is neither a field (name: value) nor part of the text above it; indent "
            "it under the field it continues, or start it with 'name:'",
            _at(error.context_mark),
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return (
            "this line is not indented like the fields around it (or a text that starts with "
            "a special character needs quotes)",
            _at(error.problem_mark),
        )
    if "found undefined alias" in problem:
        return (
            f"{problem}: an alias (*name) needs an anchor (&name) earlier in the same file",
            _at(error.problem_mark),
        )
    if "tab character" in problem or ("cannot start any token" in problem and "\t" in text):
        return (
            "a tab character; YAML indents with spaces only",
            _at(error.problem_mark),
        )
    reason = problem or "invalid YAML"
    if context and "document" not in reason:
        reason = f"{reason} ({context})"
    return f"YAML syntax: {reason}", _at(error.problem_mark or error.context_mark)


def parse_text(data: bytes, display: str) -> ReadResult:
    """Parse the bytes of one YAML file into a raw document."""
    if len(data) > MAX_FILE_BYTES:
        return _fail(display, "E103", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        mark = Mark(line, error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1)
        return _fail(
            display,
            "E102",
            f"byte 0x{data[error.start]:02x} is not valid UTF-8; save as UTF-8",
            mark,
        )
    text = text.removeprefix("\ufeff")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        reason = error.problem or "invalid YAML"
        if "another document" in reason:
            found = error.problem_mark
            where = Mark(found.line + 1, found.column + 1) if found else Mark(1, 1)
            return _fail(display, "E109", "only one YAML document per file is allowed", where)
        message, where = plain_yaml_error(error, text)
        return _fail(display, "E104", message, where)
    except yaml.reader.ReaderError as error:
        char = f" (U+{error.character:04X})" if isinstance(error.character, int) else ""
        return _fail(display, "E104", f"{error.reason}{char}", _position(text, int(error.position)))
    except yaml.YAMLError as error:  # any other libyaml complaint without a mark
        return _fail(display, "E104", (str(error).splitlines() or ["invalid YAML"])[0])
    except RecursionError:
        return _fail(display, "E106", f"document nests deeper than {MAX_DEPTH} levels")
    if node is None:
        return _fail(display, "E107", "file is empty or holds only comments")
    converter = _Converter(display)
    try:
        document = converter.convert(node)
    except _Refused as refused:
        return _fail(display, refused.code, refused.message, refused.mark)
    except RecursionError:
        return _fail(display, "E106", "document nests too deeply")
    return ReadResult(document, tuple(converter.duplicates))


def read_file(path: str, display: str) -> ReadResult:
    """Read and parse one file; every failure becomes a problem, never an exception."""
    try:
        data = read_bytes(path)
    except IsADirectoryError:
        return _fail(display, "E101", "is a directory, not a file")
    except _NotRegular:
        return _fail(display, "E101", "is not a regular file (a pipe, device or socket)")
    except OverflowError as error:
        megabytes = int(error.args[0]) / 1_000_000
        return _fail(
            display,
            "E103",
            f"file is {megabytes:.1f} MB; the limit is {MAX_FILE_BYTES // 1024} KiB per file",
        )
    except OSError as error:
        return _fail(display, "E101", f"cannot read: {error.strerror or error}")
    except ValueError as error:  # an embedded NUL in the path
        return _fail(display, "E101", f"cannot read: {error}")
    return parse_text(data, display)
