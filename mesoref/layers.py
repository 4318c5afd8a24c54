"""Where data comes from: the built-in directory, then the user's layers, later ones winning."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mesoref.inert import make_inert


@dataclass(frozen=True, slots=True)
class Layer:
    """One data directory, where it was named, and how to show its paths."""

    position: int
    root: Path
    origin: str  # "built-in", "XDG_DATA_HOME", "MESOREF_PATH" or "--data-dir"
    display_root: str

    @property
    def label(self) -> str:
        if self.origin == "built-in":
            return self.origin
        return make_inert(f"{self.origin} {self.display_root}")  # a path the user typed


def builtin_data_dir() -> Path:
    """The data shipped with mesoref: inside the installed package, or the checkout's data/."""
    package = Path(__file__).resolve().parent
    inside = package / "data"
    return inside if inside.is_dir() else package.parent / "data"


def xdg_layer_dir(environ: Mapping[str, str]) -> str:
    """$XDG_DATA_HOME/mesoref (default ~/.local/share/mesoref): a layer when it exists."""
    xdg = environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(xdg, "mesoref")


def user_layer_paths(data_dirs: Sequence[str], environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """The user's layers in order, lowest first, each as (origin, path as given)."""
    found: list[tuple[str, str]] = []
    xdg_dir = xdg_layer_dir(environ)
    if os.path.isdir(xdg_dir):
        found.append(("XDG_DATA_HOME", xdg_dir))
    for entry in environ.get("MESOREF_PATH", "").split(os.pathsep):
        if entry:
            found.append(("MESOREF_PATH", entry))
    found.extend(("--data-dir", entry) for entry in data_dirs)
    return found


def discover(
    data_dirs: Sequence[str] = (), environ: Mapping[str, str] | None = None
) -> list[Layer]:
    """All layers in overlay order: built-in first, then XDG, MESOREF_PATH, --data-dir."""
    env = os.environ if environ is None else environ
    builtin = builtin_data_dir()
    layers = [Layer(0, builtin, "built-in", str(builtin))]
    for origin, given in user_layer_paths(data_dirs, env):
        layers.append(Layer(len(layers), Path(given).expanduser(), origin, given))
    return layers
