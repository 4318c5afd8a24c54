"""The shape of the code: the launcher imports nothing heavy, packages do not import each other
in circles, generated files are up to date, and the theme is what Rich would render."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from mesoref.output.theme import SGR, THEME

from .harness import ROOT, clean_environment

PACKAGE = ROOT / "mesoref"
HEAVY = (
    "typer",
    "rich",
    "yaml",
    "click",
    "dataclasses",
    "typing",
    "json",
    "re",
    "difflib",
    "functools",
    "collections",
    "importlib",
)


def _modules_after(code: str, env: dict[str, str]) -> set[str]:
    script = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_the_launcher_imports_nothing_heavy(tmp_path: Path) -> None:
    env = clean_environment(tmp_path)
    loaded = _modules_after("import mesoref.launch, mesoref.launch.usage, mesoref.launch.argv", env)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_a_cached_page_and_a_first_view_import_nothing_heavy(tmp_path: Path) -> None:
    """The fast paths' budget (3x `python -c pass` for a first view, 1.2x for a page) does not
    allow Rich, Typer, YAML, typing or dataclasses: rendering is the stdlib layout engine."""
    env = clean_environment(tmp_path)
    probe = (
        "import sys\nsys.argv = ['mesoref', 'topic', 'cellulite']\n"
        "from mesoref.launch import main\nmain()\n"
    )
    _modules_after(probe, env)  # builds the index: reading YAML may import anything
    # A data file changed within the racy window is read again by content on every open
    # (adr/0002), which imports YAML: wait until the checkout's files are past it.
    from mesoref.launch.fresh import RACY_NS

    newest = max(p.stat().st_ctime_ns for p in (ROOT / "data").rglob("*.yaml"))
    time.sleep(max(0.0, (newest + RACY_NS - time.time_ns()) / 1e9))
    _modules_after(probe, env)  # the index notices the files are no longer racy
    for _ in range(2):  # then a first view of the page, and a page (if kept by then)
        loaded = _modules_after(probe, env)
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
        assert heavy == []


def test_sqlite_loads_without_functools_and_its_statement_cache_still_works(
    tmp_path: Path,
) -> None:
    """`mesoref.index.sqlite` stands in for `functools` while `_sqlite3` loads (see its
    docstring): the stand-in must build a working statement cache, and leave no trace."""
    script = (
        "import sys\n"
        "from mesoref.index.sqlite import sqlite3\n"
        "assert 'functools' not in sys.modules and 'collections' not in sys.modules\n"
        "conn = sqlite3.connect(':memory:', cached_statements=4)\n"
        "conn.execute('CREATE TABLE t(x)')\n"
        "for i in range(50):\n"
        "    conn.execute('INSERT INTO t VALUES (?)', (i,))\n"
        "    conn.execute(f'SELECT {i % 7}').fetchone()\n"
        "assert conn.execute('SELECT SUM(x) FROM t').fetchone() == (1225,)\n"
        "import functools\n"
        "assert functools.lru_cache(maxsize=2)(len).cache_info().maxsize == 2\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=clean_environment(tmp_path),
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")


def _imports(path: Path) -> set[str]:
    """The mesoref modules a file imports when it is imported (module level, type-checking
    imports excluded): imports inside functions run later, only on the paths that need them."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()

    class Visitor(ast.NodeVisitor):
        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            return

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_If(self, node: ast.If) -> None:
            if isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                return  # only for the type checker
            self.generic_visit(node)

        def visit_Import(self, node: ast.Import) -> None:
            found.update(a.name for a in node.names if a.name.startswith("mesoref"))

        def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
            if node.module and node.module.startswith("mesoref"):
                found.add(node.module)

    Visitor().visit(tree)
    return found


def _package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or (PACKAGE / parts[-1]).is_dir() else module


def test_packages_do_not_import_each_other_in_a_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        source = _package_of(module)
        for target in _imports(path):
            target_package = _package_of(target)
            if target_package != source and target_package != "mesoref":
                graph[source].add(target_package)
    seen: set[str] = set()
    stack: list[str] = []

    def visit(node: str) -> None:
        if node in stack:
            pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(node) :], node]))
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            visit(nxt)
        stack.pop()

    for node in sorted(graph):
        visit(node)


def test_the_launcher_package_imports_only_itself_and_the_version() -> None:
    for path in (PACKAGE / "launch").glob("*.py"):
        outside = {
            m for m in _imports(path) if not m.startswith("mesoref.launch") and m != "mesoref"
        }
        lazy = {"mesoref.cli", "mesoref.app", "mesoref.suggest", "mesoref.reading.layers",
                "mesoref.index.kb", "mesoref.index.store"}  # fmt: skip
        assert outside <= lazy, (path.name, outside - lazy)


def test_the_plain_record_types_are_generated_from_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_plain.py"), "--check"], timeout=60
    )
    assert result.returncode == 0, "mesoref/model/plain.py is stale: run tools/gen_plain.py"


def test_the_vocabulary_matches_the_schema() -> None:
    from typing import get_args

    from mesoref.model import schema, vocabulary

    assert get_args(schema.Grade) == vocabulary.GRADES
    assert get_args(schema.Certainty) == vocabulary.CERTAINTIES
    assert get_args(schema.Result) == vocabulary.RESULTS
    assert get_args(schema.Severity) == vocabulary.SEVERITIES
    assert get_args(schema.Incidence) == vocabulary.INCIDENCES
    assert get_args(schema.AppliesTo) == vocabulary.APPLIES_TO
    assert get_args(schema.Verdict) == vocabulary.VERDICTS
    assert get_args(schema.Category) == vocabulary.CATEGORIES
    assert set(vocabulary.SOURCE_KIND_TITLES) == set(get_args(schema.SourceKind))
    assert get_args(schema.PublicationType) == vocabulary.PUBLICATION_TYPES
    assert get_args(schema.Basis) == vocabulary.BASES


def test_the_record_kinds_are_one_vocabulary() -> None:
    from mesoref.launch.grammar import RECORD_KINDS
    from mesoref.model import kinds, schema

    assert RECORD_KINDS == kinds.KINDS == tuple(schema.KINDS)
    assert {k: v.folder for k, v in schema.KINDS.items()} == kinds.FOLDER


def test_the_theme_renders_as_rich_would() -> None:
    from rich.color import ColorSystem
    from rich.style import Style

    for name, definition in THEME.items():
        assert SGR[name] == Style.parse(definition)._make_ansi_codes(ColorSystem.STANDARD), name


def test_every_module_opens_with_a_docstring_and_no_module_is_a_grab_bag() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "plain.py":
            continue
        tree = ast.parse(path.read_text())
        assert ast.get_docstring(tree), path
        assert path.stem not in ("utils", "helpers", "misc", "common"), path
