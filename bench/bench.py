#!/usr/bin/env python3
"""Time mesoref against `python -c pass` on the same interpreter, as paired ratios.

usage: python bench/bench.py [--runs N] [--sizes 10000] [--mesoref PATH] [--out DIR] [--quick]

Every figure is whole-process wall time; each ratio is taken within one round against a
`PYTHON -c pass` run interleaved in the same round, and the median ratio is reported, so a
machine whose speed drifts still gives stable ratios.  PYTHON is the interpreter in the mesoref
script's shebang (the venv's own python).  What it measures, each against the target of
issue 9:

  1. repeated view (the page is cached): the main data commands           target <= 1.2x
  2. first view of a page never shown before, with the index built:
     before every timed run the page cache is emptied                     target <= 3x
  3. `--help`, a command's help, a usage error, one completion request    target <= 4x
  4. a synthetic corpus of 10,000 topics (bench/gen_corpus.py) as a layer:
     cold build time and peak memory                                      <= 10 s, <= 40 MiB
     the edited file's own page vs its first view                        <= 3x
  5. peak resident memory of each command (GNU time)

Nothing needs the network.  Results print as Markdown; `--out` keeps the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402

REPEATED = {
    "topic cellulite": ["topic", "cellulite"],
    "risks": ["risks"],
    "history": ["history"],
    "search collagen": ["search", "collagen"],
    "substance procaine": ["substance", "procaine"],
    "source amin-2006": ["source", "amin-2006"],
    "evidence": ["evidence"],
    "topic cellulite --json": ["topic", "cellulite", "--json"],
}
FIRST_VIEW = {
    "topic cellulite": ["topic", "cellulite"],
    "topic hair loss": ["topic", "hair", "loss"],
    "risks": ["risks"],
    "history": ["history"],
    "search collagen": ["search", "collagen"],
    "substance procaine": ["substance", "procaine"],
    "glossary nappage": ["glossary", "nappage"],
    "show ntm-infection": ["show", "ntm-infection"],
}
QUICK = {
    "--help": ["--help"],
    "topic --help": ["topic", "--help"],
    "usage error (risks --severity lethal)": ["risks", "--severity", "lethal"],
}
GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 2, 141):
        raise SystemExit(f"bench: {' '.join(argv)} failed with status {status}")
    return elapsed


def peak_rss(
    argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None
) -> float:
    """Peak resident memory in MiB, from GNU time (median of three runs)."""
    if GNU_TIME is None:
        return float("nan")
    peaks = []
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(3):
            if before:
                before()
            subprocess.run(
                [GNU_TIME, "-f", "%M", "-o", report.name, *argv],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            report.seek(0)
            peaks.append(int(report.read().split()[-1]))
    return statistics.median(peaks) / 1024


def interpreter_of(script: Path) -> str:
    first = script.read_text(errors="replace").splitlines()[0]
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return sys.executable


def compare(
    python: str,
    env: dict[str, str],
    commands: dict[str, list[str]],
    runs: int,
    before: Callable[[], None] | None = None,
) -> dict[str, dict[str, float]]:
    """Interleaved rounds: `python -c pass` and each command once per round, in a random order."""
    names = list(commands)
    times: dict[str, list[float]] = {n: [] for n in names}
    ratios: dict[str, list[float]] = {n: [] for n in names}
    floors: list[float] = []
    for _ in range(runs):
        floor = run_once([python, "-c", "pass"], env)
        floors.append(floor)
        for name in random.sample(names, len(names)):
            if before:
                before()
            elapsed = run_once(commands[name], env)
            times[name].append(elapsed)
            ratios[name].append(elapsed / floor)
    report = {}
    for name in names:
        q = statistics.quantiles(ratios[name], n=4) if len(ratios[name]) > 1 else [0.0] * 3
        report[name] = {
            "ms": statistics.median(times[name]) * 1000,
            "ratio": statistics.median(ratios[name]),
            "p25": q[0],
            "p75": q[2],
            "rss_mib": peak_rss(commands[name], env, before),
        }
    report["python -c pass"] = {
        "ms": statistics.median(floors) * 1000,
        "ratio": 1.0,
        "p25": 1.0,
        "p75": 1.0,
        "rss_mib": peak_rss([python, "-c", "pass"], env),
    }
    return report


def table(title: str, report: dict[str, dict[str, float]], target: float | None) -> str:
    lines = [
        f"\n### {title}\n",
        "| command | median ms | x `python -c pass` (p25-p75) | peak RSS MiB |"
        + (" target | met |" if target else ""),
        "|---|---|---|---|" + ("---|---|" if target else ""),
    ]
    for name, row in report.items():
        cells = (
            f"| `{name}` | {row['ms']:.1f} | **{row['ratio']:.2f}** "
            f"({row['p25']:.2f}-{row['p75']:.2f}) | {row['rss_mib']:.1f} |"
        )
        if target and name != "python -c pass":
            cells += f" ≤ {target} | {'yes' if row['ratio'] <= target else 'NO'} |"
        elif target:
            cells += " | |"
        lines.append(cells)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--mesoref", default=str(Path(sys.executable).parent / "mesoref"))
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    mesoref = Path(args.mesoref)
    python = interpreter_of(mesoref)
    work = Path(tempfile.mkdtemp(prefix="mesoref-bench-"))
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work / "home"),
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_DATA_HOME": str(work / "data"),
        "LANG": "C.UTF-8",
        "COLUMNS": "100",
        "FORCE_COLOR": "1",
    }
    pages = work / "cache" / "mesoref" / "pages"

    def empty_pages() -> None:
        for page in pages.glob("*.page"):
            page.unlink()

    def cmd(words: list[str], data_dir: Path | None = None) -> list[str]:
        return [str(mesoref), *(["--data-dir", str(data_dir)] if data_dir else []), *words]

    print(f"# mesoref benchmark, {time.strftime('%Y-%m-%d')}\n")
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs"
    print(f"- machine: {machine}, Python {platform.python_version()}")
    print(f"- mesoref: {mesoref} (interpreter {python}); {runs} interleaved rounds per table")
    results: dict[str, object] = {}

    subprocess.run(cmd(["index"]), env=env, stdout=subprocess.DEVNULL, check=True)
    time.sleep(2.5)  # past the racy window, so that pages are kept
    for words in REPEATED.values():
        for _ in range(2):
            subprocess.run(cmd(words), env=env, stdout=subprocess.DEVNULL, check=True)
    repeated = compare(python, env, {k: cmd(v) for k, v in REPEATED.items()}, runs)
    print(table("Repeated view (the page is cached)", repeated, 1.2))
    first = compare(python, env, {k: cmd(v) for k, v in FIRST_VIEW.items()}, runs, empty_pages)
    print(
        table(
            "First view (index built, page never shown: the cache is emptied before each run)",
            first,
            3.0,
        )
    )
    completion_env = {
        **env,
        "_MESOREF_COMPLETE": "complete_bash",
        "COMP_WORDS": "mesoref topic cel",
        "COMP_CWORD": "2",
    }
    quick = compare(python, env, {k: cmd(v) for k, v in QUICK.items()}, runs)
    completion = compare(
        python, completion_env, {"completion (topic cel<TAB>)": [str(mesoref)]}, runs
    )
    quick.update({k: v for k, v in completion.items() if k != "python -c pass"})
    print(table("Help, usage errors and completion (no Typer, no index for commands)", quick, 4.0))
    results.update(repeated=repeated, first_view=first, quick=quick)

    for size in [int(s) for s in args.sizes.split(",") if s and int(s) > 0]:
        corpus = work / f"corpus-{size}"
        generate(size, corpus)
        cold_env = {**env, "XDG_CACHE_HOME": str(work / f"cache-{size}")}
        started = time.perf_counter()
        subprocess.run(cmd(["topics"], corpus), env=cold_env, stdout=subprocess.DEVNULL, check=True)
        cold = time.perf_counter() - started
        cold_rss = peak_rss(
            cmd(["topics"], corpus),
            {**env, "XDG_CACHE_HOME": str(work / f"cache-{size}-rss")},
            lambda s=size: shutil.rmtree(work / f"cache-{s}-rss", ignore_errors=True),
        )
        target_file = sorted((corpus / "topics").glob("*.yaml"))[size // 2]
        topic = target_file.stem
        size_pages = work / f"cache-{size}" / "mesoref" / "pages"

        def empty(folder: Path = size_pages) -> None:
            for page in folder.glob("*.page"):
                page.unlink()

        view = compare(
            python,
            cold_env,
            {
                f"first view: topic {topic}": cmd(["topic", topic], corpus),
                "first view: topic cellulite": cmd(["topic", "cellulite"], corpus),
            },
            max(5, runs // 3),
            empty,
        )

        def edit(path: Path = target_file, counter: list[int] = [0]) -> None:  # noqa: B006
            counter[0] += 1  # alternate one trailing newline and two: a real edit each time
            text = path.read_text()
            path.write_text(text.rstrip("\n") + ("\n" if counter[0] % 2 else "\n\n"))

        edited = compare(
            python,
            cold_env,
            {f"after editing its file: topic {topic}": cmd(["topic", topic], corpus)},
            max(5, runs // 3),
            edit,
        )
        own = edited[f"after editing its file: topic {topic}"]["ratio"]
        base = view[f"first view: topic {topic}"]["ratio"]
        print(f"\n### {size:,} topics as a --data-dir layer\n")
        print(
            f"- cold build (first `topics`): **{cold:.2f} s** (target ≤ 10 s); peak memory "
            f"**{cold_rss:.1f} MiB** (target ≤ 40 MiB)"
        )
        print(table(f"{size:,} topics: first views", view, 3.0))
        print(table(f"{size:,} topics: the edited file's own page", edited, None))
        print(
            f"- the edited file's own page is **{own / base:.2f}x** its first view (target ≤ 3x)\n"
        )
        results[f"corpus_{size}"] = {
            "cold_seconds": cold,
            "cold_rss_mib": cold_rss,
            "first_view": view,
            "edited": edited,
            "edited_over_first_view": own / base,
        }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
