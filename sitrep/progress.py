"""What ``sitrep code`` says while it runs, and the line it ends with.

``InputMeter`` knows how much input there is and how far reading has gone. Its total is
counted before coding starts, only where that is cheap: the files of the folders given
(their names, listed lazily, not read), else the bytes of the files given. Standard input
has no total. The readers tell it each file they start and each stream they open
(``read_inputs(..., meter=)``), and its position is the files or bytes read so far,
within the current file too. Reading runs ahead of coding (the workers' queues), so the
bar shows the position at which the record last handed on was read (``track``,
``handed``).

``ProgressBar`` draws it on a terminal (rich): the records handed on, a bar against the
total, articles a second and the time left. It draws nothing when stderr is not a
terminal. ``summary`` is the one line printed at the end either way.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .readers import STDIN, iter_files

#: How often the bar is drawn again, at most, in seconds.
REFRESH = 0.2


class InputMeter:
    """How much input there is (``unit``, ``total``) and how much was read (``position``).

    ``unit`` is ``"files"`` when a folder is among the inputs, ``"bytes"`` when every
    input is a file, and None (no total) when standard input is one of them.
    """

    def __init__(self, paths: tuple[str, ...] | list[str]) -> None:
        self.unit, self.total = _measure(paths)
        self._started = 0
        self._bytes_done = 0
        self._size = 0
        self._stream: IO[bytes] | None = None
        #: The position after each record read and not yet handed on, oldest first.
        self._read_at: deque[float] = deque()
        self._handed_at = 0.0

    def track(self, items: Iterable[Any]) -> Iterator[Any]:
        """``items``, noting the position each was read at (see ``handed``)."""
        for item in items:
            self._read_at.append(self.position())
            yield item

    def handed(self) -> float:
        """The position at which the record just handed on was read: as far as the input is
        done, however far ahead of the coding the reading is."""
        if self._read_at:
            self._handed_at = self._read_at.popleft()
        return self._handed_at

    def file(self, path: Path) -> None:
        """The readers start reading ``path``: the file before it is done."""
        self._bytes_done += self._size
        self._started += 1
        try:
            self._size = path.stat().st_size
        except OSError:
            self._size = 0
        self._stream = None

    def stream(self, stream: IO[bytes]) -> None:
        """The readers opened the current file as ``stream``: its offset is how far they are."""
        self._stream = stream

    def _current(self) -> int:
        """Bytes read of the current file: its stream's offset (none until it is opened)."""
        if self._stream is None:
            return 0
        try:
            return min(self._stream.tell(), self._size)
        except (OSError, ValueError):  # closed: read to its end
            return self._size

    def position(self) -> float:
        """Files or bytes read so far; the file being read counts by the share of it read."""
        current = self._current()
        if self.unit == "files":
            if not self._started:
                return 0.0
            return self._started - 1 + (current / self._size if self._size else 0.0)
        return float(self._bytes_done + current)


def _measure(paths: tuple[str, ...] | list[str]) -> tuple[str | None, int | None]:
    """The unit and total of the inputs (see ``InputMeter``)."""
    names = [os.fsdecode(os.fspath(p)) for p in paths]
    if STDIN in names:
        return None, None
    if any(os.path.isdir(n) for n in names):
        return "files", sum(sum(1 for _ in iter_files(Path(n))) if os.path.isdir(n) else 1 for n in names)
    total = 0
    for name in names:
        try:
            total += os.stat(name).st_size
        except OSError:
            pass
    return "bytes", total


class ProgressBar:
    """A progress bar on stderr when it is a terminal; nothing otherwise.

    Called with the batch's ``BatchStats`` after each record, it redraws at most every
    ``REFRESH`` seconds, from this thread (no drawing thread runs beside the workers'
    forks).
    """

    def __init__(self, meter: InputMeter | None, stream: Any = None) -> None:
        import sys

        self.meter = meter
        self.began = time.perf_counter()
        self._drawn = 0.0
        self._bar: Any = None
        stream = stream if stream is not None else sys.stderr
        if not stream.isatty():
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
            console=Console(file=stream), transient=True, auto_refresh=False,
        )
        total = meter.total if meter is not None and meter.total else None
        self._task = self._bar.add_task("coding", total=total, rate="")
        self._bar.start()

    def __call__(self, stats: Any) -> None:
        if self._bar is None:
            return
        completed = self.meter.handed() if self.meter is not None else None
        now = time.perf_counter()
        if now - self._drawn < REFRESH:
            return
        self._drawn = now
        elapsed = now - self.began
        rate = f"{stats.records / elapsed:,.1f} articles/s" if elapsed > 0 else ""
        description = f"{stats.records:,} articles, {stats.events:,} events, {stats.failures:,} failed"
        self._bar.update(self._task, completed=completed, description=description, rate=rate)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def summary(stats: Any, seconds: float) -> str:
    """``coded 2,000 articles (12 failed) in 81 s, 24.6 articles/s, 2 workers; 8,123 events``."""
    workers = max(1, stats.workers)
    took = f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"
    rate = stats.records / seconds if seconds > 0 else 0.0
    return (f"coded {_count(stats.records, 'article')} ({stats.failures:,} failed) in {took}, {rate:,.1f} articles/s, "
            f"{_count(workers, 'worker')}; {_count(stats.events, 'event')}")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
