"""Run a command and measure it with every process it starts: wall, CPU, peak memory per process.

``newsdesk ingest --workers N`` runs its analysis in worker processes (a process pool or a
local Dask cluster). Its own ``time.process_time`` misses their CPU, and ``/usr/bin/time``
gives only one peak RSS for the whole tree. This samples the command's process tree
(``psutil``) to see each worker's peak RSS and CPU seconds, and reads the exact CPU total of
the tree from the kernel's accounting of reaped children (``RUSAGE_CHILDREN``). The load
average before and after is kept: on a shared machine, the figures move with it.

    python bench/process_tree.py --label dask-2 --out bench/results/dask.jsonl -- \\
        newsdesk ingest ../shared/seed ../shared/corpus --executor dask --workers 2 --db /tmp/x.db

Prints one JSON line (and appends it to ``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import psutil

#: Seconds between two samples of the process tree.
INTERVAL = 0.5


def role(proc: psutil.Process, root: int) -> str:
    """What a process of the tree is: the command itself, a worker, or a helper process."""
    if proc.pid == root:
        return "main"
    try:
        line = " ".join(proc.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "other"
    if "resource_tracker" in line:
        return "resource_tracker"
    if "spawn_main" in line or "forkserver" in line:
        return "worker"
    return "other"


def measure(command: list[str]) -> dict:
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(command)
    root = psutil.Process(child.pid)
    seen: dict[int, dict] = {}
    while child.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        for proc in tree:
            try:
                with proc.oneshot():
                    cpu = proc.cpu_times()
                    rss = proc.memory_info().rss
                    entry = seen.setdefault(proc.pid, {"role": role(proc, child.pid), "peak_rss_mb": 0.0})
                    entry["cpu_s"] = cpu.user + cpu.system
                    entry["peak_rss_mb"] = max(entry["peak_rss_mb"], rss / 2**20)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        time.sleep(INTERVAL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = [entry for entry in seen.values() if entry["role"] == "worker"]
    main = next((entry for pid, entry in seen.items() if pid == child.pid), {})
    return {
        "command": command,
        "returncode": child.returncode,
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
        "main_cpu_s": round(main.get("cpu_s", 0.0), 1),
        "main_peak_rss_mb": round(main.get("peak_rss_mb", 0.0)),
        "workers": [{"cpu_s": round(w.get("cpu_s", 0.0), 1), "peak_rss_mb": round(w["peak_rss_mb"])}
                    for w in workers],
        "other_cpu_s": round(sum(e.get("cpu_s", 0.0) for e in seen.values() if e["role"] not in
                                 ("main", "worker")), 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - wall)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="", help="a name for the run, kept in the JSON line")
    parser.add_argument("--out", type=Path, help="append the JSON line to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")
    result = {"label": args.label, **measure(command)}
    line = json.dumps(result)
    print(line)
    if args.out:
        with args.out.open("a") as out:
            out.write(line + "\n")
    sys.exit(result["returncode"])


if __name__ == "__main__":
    main()
