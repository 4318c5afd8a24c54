"""Problems found in data: where they are, what code they carry, and how they print."""

from __future__ import annotations

# Every problem code mesoref can report, with a one-line description.  The README's table of
# codes is checked against this mapping by a test, so the two cannot drift apart.
CODES: dict[str, str] = {
    # E1xx: the file itself cannot be read as YAML
    "E101": "file cannot be read (missing, unreadable, a directory, or a symlink loop)",
    "E102": "file is not valid UTF-8",
    "E103": "file is larger than the size limit, or one text in it is",
    "E104": "YAML syntax error",
    "E105": "YAML tag that would construct an object, or any explicit tag",
    "E106": "document expands beyond the limits (aliases, nesting, total text, references)",
    "E107": "file is empty or holds only comments",
    "E108": "duplicate key in one mapping",
    "E109": "file holds more than one YAML document",
    # E2xx: the record does not match its schema
    "E201": "wrong type (a list where a mapping belongs, text where a list belongs, ...)",
    "E202": "required field is missing",
    "E203": "unknown field",
    "E204": "value not in the field's fixed vocabulary",
    "E205": "malformed value (date, id, DOI, PMID, URL, year, number)",
    "E206": "id does not match the file name",
    "E207": "a list that must not be empty is empty",
    "E208": "rule across fields broken (for example an incorrect claim without a correction)",
    "E209": "a source lacks what its type needs to be cited (a journal article's journal and "
    "DOI or PMID, a web page's address, a law's number), or its title is cut",
    # E3xx: records do not fit together
    "E301": "reference to a record that does not exist",
    "E302": "the same id twice in one layer",
    "E303": "the same name or alias used by two records",
    "E304": "an alias that is another record's id (an alias cycle)",
    "E305": "data directory does not exist or is not a directory",
    "E306": "data directory holds no kind folders (topics/, risks/, ...): nothing in it is read",
    # W4xx: style rules; reported by `mesoref validate`, never fatal for lookups
    "W401": "summary or one-line reason longer than the limit",
    "W402": "trailing whitespace",
    "W403": "empty text or empty list (an empty section)",
    "W404": "control, format or bidirectional characters in text (shown escaped)",
    "W405": "record is not referenced by anything (an orphan)",
    "W406": "topic not reviewed for more than two years (reported by `validate` only)",
    "W407": "file or folder in a data directory that mesoref does not read",
    "W408": "a record's name is an alias of a record in an earlier layer (it now wins)",
    "W409": "literature search more than 12 months old (reported by `validate` only)",
    "W410": "an injection topic names no risk or contraindication of its own",
    "W411": "a hyphenated word split across lines of folded text (it gains a space)",
    "W413": "a record that replaces another (replace: true) drops its risks, "
    "contraindications or sources",
    "W415": "a grade that does not say what it is a grade of (evidence.about)",
    "W414": "a translation no longer matches the record it translates (not shown until fixed)",
    "W412": "a source's reference is incomplete (journal abbreviation, volume, pages, date "
    "accessed, publisher)",
}


class Problem:
    """One problem at a place in a file; `path` is the dotted field path when there is one."""

    __slots__ = ("code", "column", "file", "line", "message", "path")

    def __init__(
        self, file: str, line: int, column: int, code: str, message: str, path: str = ""
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.path = path

    def key(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.code, self.message, self.path)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self.key() == other.key()

    def __lt__(self, other: Problem) -> bool:
        return self.key() < other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"Problem{self.key()!r}"

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.code}: {where}{self.message}"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": "error" if self.is_error else "warning",
            "path": self.path,
            "message": self.message,
        }
