"""A bound on the CPU time one piece of analysis may take, so no page can hang a run.

A hostile page can be cheap to read and dear to analyse (thousands of "officials said"
lines keep the attribution stage busy for minutes). ``cpu_budget`` raises
:class:`OverBudget` inside the code it guards once it has spent ``seconds`` of CPU there.
CPU time, not wall time, so a loaded machine does not fail pages that are merely waiting
for a core.

In the main thread (one process, a process pool's workers) a POSIX interval timer on the
process's CPU time delivers a signal. Signals reach only the main thread, and a Dask worker
runs its tasks in threads of a pool, so there a watchdog thread reads the guarded thread's
own CPU clock (``pthread_getcpuclockid``) and, once it is spent, raises the exception in that
thread (``PyThreadState_SetAsyncExc``). Both take effect between two Python bytecodes, so a
single long call into compiled code ends before the exception is seen. Where neither is
available (Windows) it does not bound.
"""

from __future__ import annotations

import ctypes
import functools
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(Exception):
    """The guarded code spent more CPU time than it was given."""


def _message(seconds: float) -> str:
    return f"took more than {seconds:g} s of CPU"


def _async_raise() -> object | None:
    try:
        return ctypes.pythonapi.PyThreadState_SetAsyncExc
    except AttributeError:
        return None


_SET_ASYNC_EXC = _async_raise()


def can_bound() -> bool:
    if threading.current_thread() is threading.main_thread():
        return hasattr(signal, "setitimer")
    return hasattr(time, "pthread_getcpuclockid") and _SET_ASYNC_EXC is not None


@contextmanager
def cpu_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the guarded block after ``seconds`` of CPU spent in it."""
    if not seconds or not can_bound():
        yield
    elif threading.current_thread() is threading.main_thread():
        with _process_timer(seconds):
            yield
    else:
        with _WATCHDOG.guard(seconds):
            yield


@contextmanager
def _process_timer(seconds: float) -> Iterator[None]:
    def over(signum, frame) -> None:
        raise OverBudget(_message(seconds))

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@functools.lru_cache(maxsize=64)
def _over_budget_type(seconds: float) -> type[OverBudget]:
    """An OverBudget that carries its message when raised bare, as an exception set in a thread is."""
    message = _message(seconds)

    def __init__(self: OverBudget, *args: object) -> None:
        OverBudget.__init__(self, *(args or (message,)))

    return type("OverBudget", (OverBudget,), {"__init__": __init__, "__module__": __name__})


class _Watch:
    __slots__ = ("thread", "clock", "deadline", "error")

    def __init__(self, seconds: float) -> None:
        self.thread = threading.get_ident()
        self.clock = time.pthread_getcpuclockid(self.thread)
        self.deadline = time.clock_gettime(self.clock) + seconds
        self.error = _over_budget_type(seconds)


class _Watchdog:
    """One daemon thread per process, asleep until the earliest guarded thread may be over budget.

    A thread's CPU clock cannot run faster than the wall clock, so sleeping for the CPU time a
    thread has left never misses its deadline by more than the wake-up's own delay.
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._watches: dict[int, _Watch] = {}
        self._thread: threading.Thread | None = None

    @contextmanager
    def guard(self, seconds: float) -> Iterator[None]:
        watch = _Watch(seconds)
        with self._lock:
            self._watches[id(watch)] = watch
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="cpu-budget", daemon=True)
                self._thread.start()
            self._lock.notify()
        try:
            yield
        finally:
            with self._lock:
                if self._watches.pop(id(watch), None) is None:
                    # Fired: if the exception has not been seen yet, it must not escape the block.
                    _SET_ASYNC_EXC(ctypes.c_ulong(watch.thread), None)  # type: ignore[operator]

    def _run(self) -> None:
        with self._lock:
            while True:
                sleep: float | None = None
                for key, watch in list(self._watches.items()):
                    try:
                        left = watch.deadline - time.clock_gettime(watch.clock)
                    except OSError:  # the thread is gone
                        del self._watches[key]
                        continue
                    if left <= 0:
                        del self._watches[key]
                        _SET_ASYNC_EXC(ctypes.c_ulong(watch.thread),  # type: ignore[operator]
                                       ctypes.py_object(watch.error))
                    else:
                        sleep = left if sleep is None else min(sleep, left)
                self._lock.wait(None if sleep is None else max(sleep, 0.005))


_WATCHDOG = _Watchdog()
