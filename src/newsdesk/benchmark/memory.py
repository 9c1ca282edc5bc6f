"""Peak resident memory of this process and every worker it starts, sampled in a thread.

A worker's peak is what the "≤ 2 GB per worker" target is about; the total shows what the
whole run asked of the machine.
"""

from __future__ import annotations

import threading

import psutil


class PeakMemory:
    """Use as a context manager; ``per_process_mb`` and ``total_mb`` hold the peaks seen."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.per_process_mb = 0.0
        self.total_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def _sample(self) -> None:
        me = psutil.Process()
        sizes = []
        for proc in [me, *me.children(recursive=True)]:
            try:
                sizes.append(proc.memory_info().rss / 2**20)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        if sizes:
            self.per_process_mb = max(self.per_process_mb, max(sizes))
            self.total_mb = max(self.total_mb, sum(sizes))
