"""Standard streams that keep a copy of every byte written, so a run's answer can be cached."""

from __future__ import annotations

import io
import sys
from typing import BinaryIO, cast


class RecordingBuffer(io.BufferedIOBase):
    """A binary stream that writes through to another and remembers what passed."""

    def __init__(self, target: BinaryIO, owner: io.TextIOWrapper) -> None:
        super().__init__()
        self._target = target
        # Dropping a text stream closes its buffer, so the stream being replaced is kept alive.
        self._owner = owner
        self.data = bytearray()

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._target.write(data)
        self.data += data
        return len(data)

    def record(self, data: bytes) -> None:
        """Remember bytes that reached the user another way (through the pager)."""
        self.data += data

    def flush(self) -> None:
        self._target.flush()

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._target.fileno()

    def isatty(self) -> bool:
        return self._target.isatty()


def _wrap(stream: object) -> tuple[io.TextIOWrapper, RecordingBuffer]:
    assert isinstance(stream, io.TextIOWrapper)
    stream.flush()
    buffer = RecordingBuffer(cast(BinaryIO, stream.buffer), stream)
    wrapper = io.TextIOWrapper(
        cast(BinaryIO, buffer),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=True,
    )
    return wrapper, buffer


def record_streams() -> tuple[RecordingBuffer, RecordingBuffer]:
    """Replace sys.stdout and sys.stderr with recording copies; return their recorders."""
    sys.stdout, out = _wrap(sys.stdout)
    sys.stderr, err = _wrap(sys.stderr)
    return out, err
