"""Benchmark: `explainer site` of 1, 2 and 10 stories, cold and with nothing changed,
with -j 1 and -j 2, each run a whole process.

    .venv/bin/python benchmarks/site_build.py [--sizes 1 2 10] [--jobs 1 2]

The stories: the reference story (content.yaml and sources/), then the test stories
(tests/stories/*.yaml with their sources), then variants of them (another id, one fact
changed) up to 10, all copied into a temporary folder. "cold" starts with no site and no
image cache; "unchanged" builds the same site again. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The builds timed here run as on a user's machine: Python writes and reuses its bytecode
# (a shell with PYTHONDONTWRITEBYTECODE set would have every build compile explainer).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

TESTS = ROOT / "tests" / "stories"


def _copy(content: Path, sources: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy(content, dest / "content.yaml")
    if sources.is_dir():
        shutil.copytree(sources, dest / "sources")
    return dest


def _variant(story: Path, dest: Path, n: int) -> Path:
    """`story` with another id and its first fact's value changed (else its title)."""
    from explainer.content.validate import load_story
    from explainer.errors import ContentError

    shutil.copytree(story, dest)
    content = dest / "content.yaml"
    text = (story / "content.yaml").read_text("utf-8")
    old_id = load_story(story / "content.yaml").id
    text = re.sub(
        rf"^(\s+)id: {re.escape(old_id)}$", rf"\1id: {old_id}-{n}", text, count=1, flags=re.M
    )
    changed = re.sub(
        r"^(\s+value: )(\d+)$",
        lambda m: f"{m.group(1)}{int(m.group(2)) + n}",
        text,
        count=1,
        flags=re.M,
    )
    content.write_text(changed, "utf-8")
    try:
        load_story(content)
    except ContentError:  # the value is quoted from a source: change the title instead
        content.write_text(re.sub(r'(title:\s*\n\s+\w+: ")', rf"\1({n}) ", text, count=1), "utf-8")
        load_story(content)
    return dest


def stories(work: Path) -> list[Path]:
    made = [_copy(ROOT / "content.yaml", ROOT / "sources", work / "reference")]
    for yaml in sorted(TESTS.glob("*.yaml")):
        made.append(_copy(yaml, TESTS / "sources", work / yaml.stem))
    base = list(made)
    n = 1
    while len(made) < 10:
        made.append(_variant(base[(n - 1) % len(base)], work / f"variant-{n}", n))
        n += 1
    return made


def run(story_dirs: list[Path], out: Path, jobs: int) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "site", *map(str, story_dirs), "-o", str(out)]
        + ["-j", str(jobs)],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"explainer site failed:\n{result.stderr}")
    m = re.search(r"(\d+) images rendered", result.stdout)
    return seconds, m.group(1) if m else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 2, 10])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="explainer-site-bench-") as tmp:
        work = Path(tmp)
        all_stories = stories(work / "stories")
        print("| stories | -j | cold | images drawn | unchanged | images drawn |")
        print("|---:|---:|---:|---:|---:|---:|")
        for size in args.sizes:
            for jobs in args.jobs:
                run_dir = work / f"run-{size}-{jobs}"  # its own site and image cache
                site = run_dir / "site"
                cold, cold_n = run(all_stories[:size], site, jobs)
                warm, warm_n = run(all_stories[:size], site, jobs)
                print(
                    f"| {size} | {jobs} | {cold:.1f} s | {cold_n} | {warm:.1f} s | {warm_n} |",
                    flush=True,
                )
                shutil.rmtree(run_dir)


if __name__ == "__main__":
    main()
