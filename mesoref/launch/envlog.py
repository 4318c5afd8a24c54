"""Which environment variables a run read, so that a kept answer depends on exactly those.

While a command computes its answer, `os.environ` is replaced by a mapping that notes every
variable read (found or not).  No hand-kept list can forget a variable that mesoref or a
library consults: whatever was read is recorded, and a page is replayed only while each of
those variables still has the value it had.  Reading the whole environment (iterating it,
copying it) or changing it marks the run as depending on all of it, and such a run is never
kept.

Standard library only, and without collections.abc (its import is a quarter of Python's own
start-up): the mapping methods are written out.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, MutableMapping

_MISSING = object()


class Recorder:
    """A view of the real environment that records every key looked up."""

    def __init__(self, real: MutableMapping[str, str]) -> None:
        self.real = real
        self.reads: dict[str, str | None] = {}
        self.everything = False

    def __getitem__(self, key: str) -> str:
        try:
            value = self.real[key]
        except KeyError:
            self.reads.setdefault(key, None)
            raise
        self.reads.setdefault(key, value)
        return value

    def get(self, key: str, default: object = None) -> object:
        value = self.real.get(key)
        self.reads.setdefault(key, value)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        value = self.real.get(key)
        self.reads.setdefault(key, value)
        return value is not None

    def __setitem__(self, key: str, value: str) -> None:
        self.everything = True  # a run that changes its environment is not replayable
        self.real[key] = value

    def __delitem__(self, key: str) -> None:
        self.everything = True
        del self.real[key]

    def setdefault(self, key: str, default: str) -> str:
        if key in self:
            return self[key]
        self[key] = default
        return default

    def pop(self, key: str, default: object = _MISSING) -> object:
        self.everything = True
        if default is _MISSING:
            return self.real.pop(key)
        return self.real.pop(key, default)

    def __iter__(self) -> Iterator[str]:
        self.everything = True
        return iter(self.real)

    def __len__(self) -> int:
        self.everything = True
        return len(self.real)

    def keys(self) -> object:
        self.everything = True
        return self.real.keys()

    def items(self) -> object:
        self.everything = True
        return self.real.items()

    def values(self) -> object:
        self.everything = True
        return self.real.values()

    def copy(self) -> dict[str, str]:
        self.everything = True
        return dict(self.real)


class recording:
    """`with recording() as recorder:` replaces os.environ for the duration."""

    def __enter__(self) -> Recorder:
        self.saved = os.environ
        self.recorder = Recorder(os.environ)
        os.environ = self.recorder  # type: ignore[assignment]  # noqa: B003 - on purpose
        return self.recorder

    def __exit__(self, *_: object) -> None:
        os.environ = self.saved  # noqa: B003 - restores the real one
