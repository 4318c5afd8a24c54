"""A plain (not editable) install of the built wheel works from any directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import typer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("mesoref-*.whl")
    return built


def test_wheel_carries_the_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    data = [n for n in names if n.startswith("mesoref/data/") and n.endswith(".yaml")]
    source_files = list((ROOT / "data").rglob("*.yaml"))
    assert len(data) == len(source_files) > 0
    assert "mesoref/data/topics/cellulite.yaml" in names


def test_wheel_metadata_names_both_licences(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode("utf-8")
    assert "License-Expression: MIT AND CC-BY-4.0" in text
    assert "License-File: LICENSE" in text and "License-File: LICENSE-DATA" in text
    names = archive.namelist()
    assert any(n.endswith("licenses/LICENSE-DATA") for n in names), names


def test_installed_wheel_runs_from_a_temporary_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    # The dependencies come from this test environment (a .pth file points at its
    # site-packages); the wheel itself is installed on its own, as pip would unpack it.
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "test-dependencies.pth").write_text(str(Path(typer.__file__).parent.parent) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
    script = venv / "bin" / "mesoref"
    launcher = "import sys\nfrom mesoref.launch import main\nsys.exit(main())\n"
    script.write_text(f"#!{venv / 'bin' / 'python'}\n{launcher}")
    script.chmod(0o755)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "COLUMNS": "80",
    }
    result = subprocess.run(
        [str(venv / "bin" / "mesoref"), "topic", "cellulite"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Cellulite\n")
    assert str(ROOT) not in result.stdout + result.stderr  # nothing read from the checkout
