"""`mesoref check [FILE|-]...`: which sentences of a page resemble claims mesoref has judged,
with each claim's verdict, correction and sources.

The wording stays honest: a sentence "resembles a claim rated incorrect"; the page is never
called wrong, because resemblance is not proof. --fail-on makes the exit status say whether any
match carries one of the given verdicts, so a clinic can check its own pages in CI.
"""

from __future__ import annotations

import sys

from mesoref.commands.citations import Citations, numbered_json
from mesoref.commands.statements import cited, sources_section, verdict_label
from mesoref.errors import ExitCode, UsageProblem
from mesoref.launch.grammar import VERDICTS
from mesoref.output.blocks import Blank, Block, Bullets, Para, Title, span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mesoref.app import Context
    from mesoref.checking.match import Match

MAX_INPUT = 5_000_000  # bytes read from one input: a web page, not a disk image


class Checked:
    __slots__ = ("matches", "origin", "text")

    def __init__(self, origin: str, text: str, matches: list[Match]) -> None:
        self.origin = origin
        self.text = text
        self.matches = matches


class CheckView:
    def __init__(
        self, checked: list[Checked], claims: dict[str, Any], fail_on: tuple[str, ...]
    ) -> None:
        self.checked = checked
        self.claims = claims
        self.fail_on = fail_on
        self.citations = Citations()
        self.counts = {v: 0 for v in VERDICTS}
        for item in checked:
            if item.matches:
                self.counts[claims[item.matches[0].claim]["verdict"]] += 1
        # Like the summary, --fail-on reads each sentence's closest match only: a sentence
        # that best resembles a supported claim does not fail because of a weaker one.
        failing = [
            i for i in checked if i.matches and claims[i.matches[0].claim]["verdict"] in fail_on
        ]
        self.failing = len(failing)
        self.exit_code = ExitCode.FLAGGED if failing else 0
        self.messages: list[tuple[str, str]] = []
        if failing:
            self.messages.append(
                (
                    f"mesoref: {len(failing)} sentence(s) resemble claims rated "
                    f"{' or '.join(fail_on)} (--fail-on); exit status {ExitCode.FLAGGED}",
                    "warning",
                )
            )


def _read(name: str) -> tuple[str, str]:
    """An input's name and text: a file, or stdin for `-`; undecodable bytes replaced."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT + 1)
        origin = "stdin"
    else:
        try:
            with open(name, "rb") as handle:
                data = handle.read(MAX_INPUT + 1)
        except IsADirectoryError:
            raise UsageProblem(
                f"{name} is a directory; give a file of text, Markdown or HTML"
            ) from None
        except OSError as error:
            raise UsageProblem(f"cannot read {name}: {error.strerror or error}") from None
        origin = name
    if len(data) > MAX_INPUT:
        raise UsageProblem(f"{origin} is larger than {MAX_INPUT // 1_000_000} MB; check one page")
    return origin, _decode(origin, data)


def _decode(origin: str, data: bytes) -> str:
    """An input's text: UTF-8 (or UTF-16 with its byte-order mark); a file that is not text,
    or has none, is an error, so that a failed download never passes a CI check as clean."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if "\x00" in text:
        raise UsageProblem(
            f"{origin} is not text (it holds NUL bytes); give text, Markdown or HTML"
        )
    if not text.strip():
        raise UsageProblem(f"{origin} is empty: there is nothing to check")
    return text


def _verdicts(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    wanted = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    unknown = [v for v in wanted if v not in VERDICTS]
    if unknown:
        raise UsageProblem(
            f"--fail-on: unknown verdict {unknown[0]!r}; choose from {', '.join(VERDICTS)}"
        )
    return wanted


def view(ctx: Context, paths: list[str], fail_on: str | None = None) -> CheckView:
    from mesoref.checking.match import Matcher
    from mesoref.checking.text import plain_text, sentences

    verdicts = _verdicts(fail_on)
    names = paths or ["-"]
    if names == ["-"] and sys.stdin.isatty():
        raise UsageProblem(
            "give a file to check, or pipe text into it: mesoref check page.html, "
            "or curl -s URL | mesoref check -"
        )
    inputs = [_read(name) for name in names]
    claims = {c["id"]: c for c in ctx.kb.all("claim")}
    matcher = Matcher(claims.values())
    checked: list[Checked] = []
    for origin, raw in inputs:
        found = sentences(plain_text(raw))
        for text, matches in zip(found, matcher.match(found), strict=True):
            checked.append(Checked(origin, text, matches))
    v = CheckView(checked, claims, verdicts)
    v.citations.load(
        ctx.kb,
        [
            {"c": claims[m.claim]["correction"], "r": claims[m.claim]["reason"]}
            for item in checked
            for m in item.matches
        ],
    )
    return v


def _summary(v: CheckView) -> str:
    flagged = sum(1 for i in v.checked if i.matches)
    parts = [f"{v.counts[k]} {k}" for k in VERDICTS if v.counts[k]]
    count = len(v.checked)
    text = f"{count} sentence{'s' if count != 1 else ''}; {flagged} resemble a known claim"
    return text + (f" ({', '.join(parts)}, by closest match)" if parts else "") + "."


def page(v: CheckView) -> list[Block]:
    blocks: list[Block] = [Title("Sentences that resemble claims mesoref has judged")]
    blocks.append(
        Para(
            [
                span(
                    "Resemblance is not proof: read each claim and its correction before "
                    "drawing conclusions about the page.",
                    "meta",
                )
            ]
        )
    )
    several = len({i.origin for i in v.checked}) > 1
    for item in v.checked:
        if not item.matches:
            continue
        blocks.append(Blank())
        where = f"{item.origin}: " if several else ""
        blocks.append(Para([span(f"{where}\u201c{item.text}\u201d", "label")]))
        rows = []
        for match in item.matches:
            claim = v.claims[match.claim]
            line = [
                span("resembles a claim rated "),
                *verdict_label(claim["verdict"]),
                span(f" (score {match.score:.2f}): "),
                span(claim["claim"]),
            ]
            entry = [line]
            if claim["correction"]:
                entry.append(
                    [span("Correction: ", "label"), *cited(claim["correction"], v.citations)]
                )
            else:
                entry.append([span("Why: ", "label"), *cited(claim["reason"], v.citations)])
            entry.append([span("More: ", "label"), span(f"mesoref show {claim['id']}", "command")])
            rows.append(entry)
        blocks.append(Bullets(rows))
    blocks.append(Blank())
    blocks.append(Para([span(_summary(v), "meta")]))
    blocks += sources_section(v.citations)
    return blocks


def data(v: CheckView) -> dict[str, Any]:
    def match_json(m: Match) -> dict[str, Any]:
        claim = v.claims[m.claim]
        correction = claim["correction"]
        return {
            "id": m.claim,
            "verdict": claim["verdict"],
            "score": m.score,
            "claim": claim["claim"],
            "correction": correction["text"] if correction else None,
            "correction_sources": list(correction["sources"]) if correction else [],
        }

    return {
        "sentences": [
            {"text": i.text, "input": i.origin, "matches": [match_json(m) for m in i.matches]}
            for i in v.checked
        ],
        "summary": {
            "sentences": len(v.checked),
            "matched": sum(1 for i in v.checked if i.matches),
            "verdicts": v.counts,
            "fail_on": list(v.fail_on),
            "failing": v.failing,
        },
        "sources": numbered_json(v.citations),
    }


def rows(v: CheckView) -> list[list[str]]:
    return [
        [i.origin, i.text, m.claim, v.claims[m.claim]["verdict"], f"{m.score:.3f}"]
        for i in v.checked
        for m in i.matches
    ]
