"""Memory of a process and its children, from Linux's /proc: what bench/parallel.py and
bench/memory.py measure with.

RSS counts a page shared by several processes once in each of them, so the RSS of a
parent and its forked workers adds the pages they share two or three times. PSS splits
each shared page between the processes that map it, so the PSS of a process tree adds up
to the memory it takes; USS (private clean + private dirty) is what a process alone holds,
what ending it would give back. Both come from ``/proc/PID/smaps_rollup`` (Linux 4.14+).
"""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


def children(pid: int) -> list[int]:
    """Every descendant of ``pid``, children before their own children."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                kids = [int(k) for k in task.read_text().split()]
            except (OSError, ValueError):
                continue
            found += kids
            todo += kids
    return found


def rollup(pid: int) -> dict[str, int] | None:
    """``rss``, ``pss`` and ``uss`` of one process in kB; None once it has ended."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (OSError, ValueError):
        return None
    values: dict[str, int] = {}
    for line in text.splitlines()[1:]:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[name.strip()] = int(parts[0])
    if "Pss" not in values:
        return None
    return {"rss": values.get("Rss", 0), "pss": values["Pss"],
            "uss": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)}


@dataclass
class TreeSampler:
    """Samples a process tree every ``interval`` seconds in a thread of its own, until
    ``stop``: the peak of the tree's summed PSS, and each process's peak PSS and USS."""

    pid: int
    interval: float = 0.25
    peak_pss_kb: int = 0
    #: pid -> the largest figures seen for it, and whether it is the root.
    peaks: dict[int, dict[str, int]] = field(default_factory=dict)
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        total = 0
        for pid in [self.pid, *children(self.pid)]:
            figures = rollup(pid)
            if figures is None:
                continue
            total += figures["pss"]
            peak = self.peaks.setdefault(pid, {"pss": 0, "uss": 0, "rss": 0, "order": len(self.peaks)})
            for key in ("pss", "uss", "rss"):
                peak[key] = max(peak[key], figures[key])
        self.samples += 1
        self.peak_pss_kb = max(self.peak_pss_kb, total)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def workers(self) -> list[dict[str, int]]:
        """The peaks of the root's descendants, in the order they were first seen."""
        return sorted((p for pid, p in self.peaks.items() if pid != self.pid), key=lambda p: p["order"])


def run_sampled(cmd: list[str], interval: float = 0.25, **kwargs) -> tuple[subprocess.CompletedProcess, TreeSampler]:
    """Run ``cmd`` to its end, sampling its process tree's memory as it runs."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    sampler = TreeSampler(proc.pid, interval).start()
    try:
        out, err = proc.communicate()
    finally:
        sampler.stop()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), sampler
