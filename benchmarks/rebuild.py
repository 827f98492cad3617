"""Benchmark: cold build, no-change rebuild and one-fact rebuild, each a whole process.

    .venv/bin/python benchmarks/rebuild.py [--runs 3]

Works on a private copy of the reference story in a temporary folder; prints a Markdown
table for benchmarks/README.md. Times are wall-clock of `python -m explainer build`.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The builds timed here run as on a user's machine: Python writes and reuses its bytecode
# (a shell with PYTHONDONTWRITEBYTECODE set would have every build compile explainer).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)



def run(content: Path, out: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "build", str(content), "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, result.stdout.strip().splitlines()[-1]


def rendered(summary: str) -> str:
    m = re.search(r"(\d+) fresh, (\d+) re-rendered", summary)
    return f"{m.group(2)} of {int(m.group(1)) + int(m.group(2))}" if m else summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, str]]] = {
        "cold build": [],
        "no-change rebuild": [],
        "one-fact rebuild": [],
    }
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copy(ROOT / "content.yaml", work / "content.yaml")
            shutil.copytree(ROOT / "sources", work / "sources")
            content, out = work / "content.yaml", work / "output"
            rows["cold build"].append(run(content, out))
            rows["no-change rebuild"].append(run(content, out))
            text = content.read_text(encoding="utf-8")
            content.write_text(text.replace("value: 18000", "value: 18500", 1), encoding="utf-8")
            rows["one-fact rebuild"].append(run(content, out))
    print("| build | median s | min s | artifacts re-rendered |")
    print("|---|---:|---:|---|")
    for name, results in rows.items():
        times = [t for t, _ in results]
        median, fastest = statistics.median(times), min(times)
        print(f"| {name} | {median:.2f} | {fastest:.2f} | {rendered(results[-1][1])} |")


if __name__ == "__main__":
    main()
