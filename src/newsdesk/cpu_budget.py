"""A bound on the CPU time one piece of analysis may take, so no page can hang a run.

A hostile page can be cheap to read and dear to analyse (thousands of "officials said"
lines keep the attribution stage busy for minutes). ``cpu_budget`` raises
:class:`OverBudget` inside the code it guards once the process has spent ``seconds`` of CPU
there. CPU time, not wall time, so a loaded machine does not fail pages that are merely
waiting for a core. It needs POSIX interval timers and the main thread (where signals are
delivered): elsewhere (a Dask worker thread, Windows) it does not bound.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(Exception):
    """The guarded code spent more CPU time than it was given."""


def can_bound() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the guarded block after ``seconds`` of this process's CPU."""
    if not seconds or not can_bound():
        yield
        return

    def over(signum, frame) -> None:
        raise OverBudget(f"took more than {seconds:g} s of CPU")

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
