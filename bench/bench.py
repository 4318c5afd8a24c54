#!/usr/bin/env python3
"""Time mesoref against `python -c pass` on the same interpreter, with paired ratios.

usage: python bench/bench.py [--runs N] [--sizes 1000,10000] [--mesoref PATH] [--quick]
                             [--out DIR] [--hyperfine]

What it measures (each figure is whole-process wall time; the ratio is taken run by run
against `PYTHON -c pass` interleaved in the same round, then the median is reported, so a
machine whose speed drifts still gives stable ratios):

  1. built-in data, warm (index built, page cached): every data command and --help;
  2. built-in data, first run of a command (index warm, no cached page): the full program;
  3. synthetic corpora of 1,000 and 10,000 topics (bench/gen_corpus.py) as a --data-dir
     layer: cold index build, warm commands, and the next lookup after one file is edited;
  4. peak resident memory of each command (from the kernel's rusage for that process).

PYTHON is the interpreter in the mesoref script's shebang (the venv's own python), never a
pyenv shim.  Nothing needs the network.  Results print as Markdown tables.  With --peers,
../shared/bench/bench_peers.sh compares the same lookup with tealdeer and the Python tldr
client (it needs those installed; see its header).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate  # noqa: E402

WARM_COMMANDS = [
    ["topic", "cellulite"],
    ["risks"],
    ["history"],
    ["search", "collagen"],
    ["topics"],
    ["substance", "procaine"],
    ["source", "amin-2006"],
    ["glossary", "nappage"],
    ["claims", "--verdict", "incorrect"],
    ["evidence"],
    ["about"],
    ["--help"],
]
TARGETS = {"topic cellulite": 1.5, "risks": 1.5, "history": 1.5, "--help": 8.0}
DEFAULT_TARGET = 6.0


GNU_TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds of one process, and its peak RSS in KiB as the kernel reports it.

    The RSS of a child started by this (large) Python process includes pages it shared
    before exec, so it is only an upper bound; `peak_rss` measures memory properly."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 141):
        raise SystemExit(f"bench: {' '.join(argv)} failed with status {status}")
    return elapsed, usage.ru_maxrss


def peak_rss(argv: list[str], env: dict[str, str], runs: int = 3) -> float:
    """Peak resident memory in MiB (median of a few runs) under GNU time, which is small."""
    if GNU_TIME is None:
        return max(run_once(argv, env)[1] for _ in range(runs)) / 1024
    peaks = []
    with tempfile.NamedTemporaryFile("r") as report:
        for _ in range(runs):
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


class Timer:
    """Interleaved, paired timing of commands against `python -c pass`."""

    def __init__(self, python: str, env: dict[str, str], runs: int) -> None:
        self.python, self.env, self.runs = python, env, runs

    def compare(self, commands: dict[str, list[str]], before_each=None) -> dict[str, dict]:
        names = list(commands)
        times: dict[str, list[float]] = {n: [] for n in names}
        ratios: dict[str, list[float]] = {n: [] for n in names}
        base: list[float] = []
        for _ in range(self.runs):
            order = names[:]
            random.shuffle(order)
            floor, _ = run_once([self.python, "-c", "pass"], self.env)
            base.append(floor)
            for name in order:
                if before_each:
                    before_each(name)
                elapsed, _ = run_once(commands[name], self.env)
                times[name].append(elapsed)
                ratios[name].append(elapsed / floor)
        report = {}
        for name in names:
            quartiles = (
                statistics.quantiles(ratios[name], n=4) if len(ratios[name]) > 1 else [0] * 3
            )
            report[name] = {
                "ms": statistics.median(times[name]) * 1000,
                "ratio": statistics.median(ratios[name]),
                "p25": quartiles[0],
                "p75": quartiles[2],
                "rss_mib": peak_rss(commands[name], self.env)
                if not before_each
                else (before_each(name), peak_rss(commands[name], self.env, 1))[1],
            }
        report["python -c pass"] = {
            "ms": statistics.median(base) * 1000,
            "ratio": 1.0,
            "p25": 1.0,
            "p75": 1.0,
            "rss_mib": peak_rss([self.python, "-c", "pass"], self.env),
        }
        return report


def table(title: str, report: dict[str, dict], targets: dict[str, float] | None = None) -> str:
    lines = [
        f"\n### {title}\n",
        "| command | median ms | x `python -c pass` (p25-p75) | peak RSS MiB |"
        + (" target | met |" if targets is not None else ""),
        "|---|---|---|---|" + ("---|---|" if targets is not None else ""),
    ]
    for name, row in report.items():
        cells = (
            f"| `{name}` | {row['ms']:.1f} | **{row['ratio']:.2f}** "
            f"({row['p25']:.2f}-{row['p75']:.2f}) | {row['rss_mib']:.1f} |"
        )
        if targets is not None and name != "python -c pass":
            target = targets.get(name.split(" --data-dir")[0], DEFAULT_TARGET)
            cells += f" ≤ {target} | {'yes' if row['ratio'] <= target else 'NO'} |"
        elif targets is not None:
            cells += " | |"
        lines.append(cells)
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--mesoref", default=str(Path(sys.executable).parent / "mesoref"))
    parser.add_argument("--out", default=str(HERE / "out"))
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    parser.add_argument(
        "--hyperfine",
        action="store_true",
        help="also cross-check the warm built-in figures with hyperfine",
    )
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also run ../shared/bench/bench_peers.sh (tealdeer, python tldr client)",
    )
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    mesoref = str(Path(args.mesoref).resolve())
    python = interpreter_of(Path(mesoref))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=out))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "MESOREF_CACHE", "MESOREF_PATH")
    }
    env.update(
        {
            "XDG_CACHE_HOME": str(cache),
            "COLUMNS": "100",
            "TERM": "xterm-256color",
            "FORCE_COLOR": "1",
            "XDG_DATA_HOME": str(out / "no-user-data"),
        }
    )
    timer = Timer(python, env, runs)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print(f"# mesoref benchmark, {time.strftime('%Y-%m-%d %H:%M')}\n")
    print(f"- machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}")
    print(f"- python: {python} ({platform.python_version()}); mesoref: {mesoref}")
    print(
        f"- runs per command: {runs}, interleaved with `python -c pass`; "
        "COLUMNS=100 FORCE_COLOR=1 (output rendered as for a colour terminal, sent to /dev/null)"
    )

    commands = {" ".join(c): [mesoref, *c] for c in WARM_COMMANDS}
    for argv in commands.values():
        run_once(argv, env)  # build the index, cache the page
    builtin = timer.compare(commands)
    print(table("Built-in data, warm (index built, page cached)", builtin, TARGETS))

    pages = cache / "mesoref" / "pages"
    first = timer.compare(
        {
            name: commands[name]
            for name in ("topic cellulite", "search collagen", "risks", "--help")
        },
        before_each=lambda _name: shutil.rmtree(pages, ignore_errors=True),
    )
    print(table("Built-in data, first run of a command (index warm, no cached page)", first))

    if args.hyperfine and shutil.which("hyperfine"):
        subprocess.run(
            [
                "hyperfine",
                "-N",
                "-w",
                "3",
                "-r",
                str(max(runs, 10)),
                "--export-markdown",
                str(out / "hyperfine.md"),
                f"{python} -c pass",
                f"{mesoref} topic cellulite",
                f"{mesoref} search collagen",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        print("\nhyperfine cross-check (not interleaved):\n")
        print((out / "hyperfine.md").read_text())

    for size in [int(s) for s in args.sizes.split(",") if s]:
        corpus = out / f"corpus-{size}"
        if not (corpus / "topics").is_dir() or len(list((corpus / "topics").iterdir())) != size:
            shutil.rmtree(corpus, ignore_errors=True)
            generate(size, corpus)
        layer = ["--data-dir", str(corpus)]
        builds = []
        for _ in range(1 if args.quick else 3):
            shutil.rmtree(cache / "mesoref", ignore_errors=True)
            builds.append(run_once([mesoref, *layer, "index"], env)[0])
        shutil.rmtree(cache / "mesoref", ignore_errors=True)
        build_rss = peak_rss([mesoref, *layer, "index"], env, 1) * 1024
        print(f"\n### {size:,} synthetic topics as a --data-dir layer\n")
        print(
            f"Cold index build (fresh cache, `mesoref --data-dir CORPUS index`): median "
            f"**{statistics.median(builds):.2f} s** over {len(builds)} builds, peak RSS "
            f"{build_rss / 1024:.1f} MiB (target ≤ 10 s).\n"
        )
        scaled = {
            f"{name} --data-dir": [mesoref, *layer, *argv[1:]]
            for name, argv in commands.items()
            if name in ("topic cellulite", "risks", "history", "search collagen", "--help")
        }
        for argv in scaled.values():
            run_once(argv, env)
        warm = timer.compare(scaled)
        print(table(f"{size:,} topics, warm", warm, TARGETS))
        print(
            "| command | built-in ratio | at this size | growth | target ≤ 1.3 |\n"
            "|---|---|---|---|---|"
        )
        for name, row in warm.items():
            if name == "python -c pass":
                continue
            base = builtin[name.split(" --data-dir")[0]]["ratio"]
            growth = row["ratio"] / base
            print(
                f"| `{name}` | {base:.2f} | {row['ratio']:.2f} | {growth:.2f} | "
                f"{'yes' if growth <= 1.3 else 'NO'} |"
            )

        edited = corpus / "topics" / "synthetic-00042.yaml"
        original = edited.read_text()

        def edit(_name: str, edited: Path = edited) -> None:
            text = edited.read_text()
            marker = f"# edited {time.time_ns()}\n"
            edited.write_text(text.split("\n# edited")[0].rstrip("\n") + "\n" + marker)

        after = {
            "topic synthetic-00042 (the edited file)": [
                mesoref,
                *layer,
                "topic",
                "synthetic-00042",
            ],
            "topic cellulite (another file)": [mesoref, *layer, "topic", "cellulite"],
        }
        for argv in after.values():
            run_once(argv, env)
        warm_after = timer.compare(after)
        first_after = timer.compare(
            after, before_each=lambda _n: shutil.rmtree(cache / "mesoref" / "pages", True)
        )
        edits = timer.compare(after, before_each=edit)
        edited.write_text(original)
        print(
            f"\nNext lookup after one file of the {size:,} is edited (each run follows a fresh "
            "edit of synthetic-00042.yaml). 'Warm' is the answer served from its cached page; "
            "'first run' is the same lookup with the index warm but no cached page (the full "
            "program, rendering with Rich):\n"
        )
        print(
            "| lookup | warm | first run | after an edit | x warm | x first run | target ≤ 3 |\n"
            "|---|---|---|---|---|---|---|"
        )
        for name in after:
            warm_ratio = warm_after[name]["ratio"]
            first_ratio = first_after[name]["ratio"]
            edit_ratio = edits[name]["ratio"]
            if edit_ratio / warm_ratio <= 3:
                verdict = "yes"
            elif edit_ratio / first_ratio <= 3:
                verdict = "against the first run only"
            else:
                verdict = "NO"
            print(
                f"| `{name}` | {warm_ratio:.2f} | {first_ratio:.2f} | {edit_ratio:.2f} "
                f"({edits[name]['ms']:.0f} ms, {edits[name]['rss_mib']:.0f} MiB) | "
                f"{edit_ratio / warm_ratio:.1f} | {edit_ratio / first_ratio:.1f} | {verdict} |"
            )
    peers = HERE.parent.parent / "shared" / "bench" / "bench_peers.sh"
    if args.peers and peers.exists():
        print("\n### Peers (../shared/bench/bench_peers.sh, topic cellulite)\n\n```text")
        sys.stdout.flush()
        subprocess.run(
            ["bash", str(peers), "-n", str(runs), "--", mesoref, "topic", "cellulite"],
            env={**env, "PATH": f"{Path(mesoref).parent}:{env.get('PATH', '')}"},
            check=False,
        )
        print("```")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
