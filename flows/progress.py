"""A process-wide progress hook: tasks report, the CLI (when it listens) draws a bar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class ProgressSink(Protocol):
    """Receives progress: a total once known, then steps."""

    def set_total(self, total: int) -> None:
        """The number of inputs the run will process."""

    def advance(self, steps: int) -> None:
        """Inputs just processed."""


_sinks: list[ProgressSink] = []


@contextmanager
def reporting_to(sink: ProgressSink) -> Iterator[None]:
    """Send the progress of flows run inside the block to ``sink``."""
    _sinks.append(sink)
    try:
        yield
    finally:
        _sinks.remove(sink)


def set_total(total: int) -> None:
    """Announce how many inputs a run has."""
    for sink in _sinks:
        sink.set_total(total)


def advance(steps: int = 1) -> None:
    """Report inputs processed."""
    for sink in _sinks:
        sink.advance(steps)
