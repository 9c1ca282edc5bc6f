"""Workers die with their parent: killing an ingest's main process leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

_INGEST = """
from newsdesk.executors import analyse_pages
from newsdesk.model import RawPage
sentence = "Heavy rain closed the only road into the valley, officials said. "
text = "Floods close the valley road\\n\\n" + sentence * 40
pages = [RawPage(id=str(i), kind="text", source=f"{i}.txt", content=text) for i in range(10_000)]
for _ in analyse_pages(pages, workers=2, executor="process", batch_size=1):
    pass
"""


def _workers(parent: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in parent.children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="kills a process tree; checked on Linux")
def test_killing_the_main_process_ends_its_two_workers_within_seconds() -> None:
    main = subprocess.Popen([sys.executable, "-c", _INGEST], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[psutil.Process] = []
    try:
        parent = psutil.Process(main.pid)
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _workers(parent)
        assert len(workers) >= 2, "the pool never started"
        time.sleep(3)  # the workers are now loading models or analysing
        os.kill(main.pid, signal.SIGKILL)
        main.wait(timeout=10)
        gone, alive = psutil.wait_procs(workers, timeout=6)
        assert alive == [], f"workers still running 6 s after their parent was killed: {alive}"
    finally:
        if main.poll() is None:
            main.kill()
        for worker in workers:  # never leave what this test started running
            try:
                worker.kill()
            except psutil.NoSuchProcess:
                pass
