"""Where data comes from: the built-in directory, then the user's layers, later ones winning.

Standard library only, and no pathlib: the index is opened on the fast path.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


class Layer:
    """One data directory: its place in the order, where it was named, and how to show it."""

    __slots__ = ("display", "origin", "position", "root")

    def __init__(self, position: int, root: str, origin: str, display: str) -> None:
        self.position = position
        self.root = root  # absolute
        self.origin = origin  # "built-in", "XDG_DATA_HOME", "MESOREF_PATH", "--data-dir"
        self.display = display  # as the user wrote it

    @property
    def label(self) -> str:
        return self.origin if self.origin == "built-in" else f"{self.origin} {self.display}"

    def __repr__(self) -> str:
        return f"Layer({self.position}, {self.root!r}, {self.origin!r})"


def builtin_data_dir() -> str:
    """The data shipped with mesoref: inside the installed package, or the checkout's data/."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    inside = os.path.join(package, "data")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(package), "data")


def xdg_layer_dir(environ: Mapping[str, str]) -> str:
    """$XDG_DATA_HOME/mesoref (default ~/.local/share/mesoref): a layer when it exists."""
    xdg = environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(xdg):
        xdg = os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(xdg, "mesoref")


def _absolute(given: str) -> str:
    return os.path.abspath(os.path.expanduser(given))


def discover(data_dirs: Sequence[str], environ: Mapping[str, str]) -> list[Layer]:
    """All layers in overlay order: built-in first, then XDG, MESOREF_PATH, --data-dir."""
    builtin = builtin_data_dir()
    layers = [Layer(0, builtin, "built-in", builtin)]
    xdg = xdg_layer_dir(environ)
    if os.path.isdir(xdg):
        layers.append(Layer(len(layers), xdg, "XDG_DATA_HOME", xdg))
    for entry in environ.get("MESOREF_PATH", "").split(os.pathsep):
        if entry:
            layers.append(Layer(len(layers), _absolute(entry), "MESOREF_PATH", entry))
    for entry in data_dirs:
        layers.append(Layer(len(layers), _absolute(entry), "--data-dir", entry))
    return layers
