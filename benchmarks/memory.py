"""Peak memory of a cold build and the no-change rebuild's time (issue 15, item 4).

    .venv/bin/python benchmarks/memory.py [--runs 3] [--charts N]

A cold build is `python -m explainer build` of a private copy of the reference story in a
fresh folder. While it runs, its whole process tree (Python, Chromium's browser, zygote,
renderer, GPU and utility processes) is sampled from /proc every 50 ms: the largest
single process's resident memory (VmRSS) is the figure for "peak memory of a build",
and the tree's total is given too (proportional set size, PSS, from smaps_rollup, so
that pages shared between Chromium's processes are counted once). Then the same build is
run again with nothing changed, `--runs` times: the no-change rebuild's wall-clock time.

`--charts N` measures instead one export of N charts (`marginal.py --only N`: 7 images
a chart), to see whether memory grows with the number of images: the largest process's
peak in each fifth of the export's time is given too (flat, or growing).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        # the name (field 2) may hold spaces and parentheses: split after its last ")"
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(root: int) -> list[int]:
    """`root` and all its descendants now."""
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _name(pid: int) -> str:
    """The process's name, and Chromium's process type (renderer, gpu-process, ...)."""
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"
    m = re.search(r"--type=(\S+)", cmdline)
    return f"{comm} {m.group(1)}" if m else comm


class Sampler:
    """Samples a process tree's memory in a thread until stopped."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every = pid, every
        self.max_rss_kb, self.max_rss_name = 0, ""
        self.max_pss_total_kb = 0
        self.max_procs = 0
        #: (seconds since the start, largest process's VmRSS in kB) of every sample
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            pids = tree(self.pid)
            self.max_procs = max(self.max_procs, len(pids))
            pss = largest = 0
            for pid in pids:
                rss = _status_kb(pid, "VmRSS")
                largest = max(largest, rss)
                if rss > self.max_rss_kb:
                    self.max_rss_kb, self.max_rss_name = rss, _name(pid)
                pss += _pss_kb(pid)
            self.max_pss_total_kb = max(self.max_pss_total_kb, pss)
            self.samples.append((time.perf_counter() - start, largest))
            self._stop.wait(self.every)

    def peaks(self, parts: int = 5) -> list[int]:
        """The largest process's peak (kB) in each of `parts` equal spans of the run."""
        if not self.samples:
            return []
        end = self.samples[-1][0] or 1.0
        out = [0] * parts
        for t, rss in self.samples:
            i = min(int(t / end * parts), parts - 1)
            out[i] = max(out[i], rss)
        return out


def measured(cmd: list[str]) -> tuple[float, Sampler]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with Sampler(proc.pid) as sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()}")
    return seconds, sampler


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="no-change rebuilds to time")
    ap.add_argument("--charts", type=int, help="measure one export of N charts instead")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores")
    print()
    if args.charts:
        print(
            "| what | s | largest process MB (which) | its peak by fifth of the run MB | "
            "whole tree PSS MB | processes | load |"
        )
        print("|---|---:|---|---|---:|---:|---|")
        before = load()
        cmd = [sys.executable, str(ROOT / "benchmarks" / "marginal.py"), "--only", str(args.charts)]
        secs, s = measured(cmd)
        fifths = ", ".join(_mb(kb) for kb in s.peaks())
        print(
            f"| export of {args.charts} charts ({7 * args.charts} images) | {secs:.1f} | "
            f"{_mb(s.max_rss_kb)} ({s.max_rss_name}) | {fifths} | "
            f"{_mb(s.max_pss_total_kb)} | {s.max_procs} | {before} |"
        )
        return
    print("| what | s | largest process MB (which) | whole tree PSS MB | processes | load |")
    print("|---|---:|---|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        work = Path(tmp)
        shutil.copy(ROOT / "content.yaml", work / "content.yaml")
        shutil.copytree(ROOT / "sources", work / "sources")
        cmd = [
            sys.executable,
            "-m",
            "explainer",
            "build",
            str(work / "content.yaml"),
            "-o",
            str(work / "output"),
        ]
        before = load()
        secs, s = measured(cmd)
        print(
            f"| cold build | {secs:.1f} | {_mb(s.max_rss_kb)} ({s.max_rss_name}) | "
            f"{_mb(s.max_pss_total_kb)} | {s.max_procs} | {before} |"
        )
        # one sampled, for its memory; then timed alone (sampling /proc costs CPU too)
        _, s = measured(cmd)
        times, own = [], []
        before = load()
        for _ in range(args.runs):
            start = time.perf_counter()
            out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - start)
            m = re.search(r"\(([\d.]+) s\)\s*$", out.stdout.strip())
            own.append(float(m.group(1)) if m else float("nan"))
        print(
            f"| no-change rebuild, whole process (median of {args.runs}; min "
            f"{min(times):.2f} s; the build's own time {statistics.median(own):.2f} s) | "
            f"{statistics.median(times):.2f} | {_mb(s.max_rss_kb)} ({s.max_rss_name}) | "
            f"{_mb(s.max_pss_total_kb)} | {s.max_procs} | {before} |"
        )


if __name__ == "__main__":
    main()
