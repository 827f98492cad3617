"""Marginal cost of an image: the export of 10 charts against 100 (issue 15, item 3).

    .venv/bin/python benchmarks/marginal.py [--small 10] [--large 100] [--runs 1]
    .venv/bin/python benchmarks/marginal.py --only 100     # one export, for memory.py

A "chart" is one of the reference story's charts in one language with every image a build
makes of it: SVG, PNG 1x, PNG 2x, the phone drawing as SVG, PNG 1x and PNG 2x, and its
1200x630 card (7 images, from 3 figures). N charts are the story's 14 (7 charts x 2
languages) taken in turn, each a new copy of its figures (new objects, new files, new SVG
ids: nothing is shared between two charts). Each N is one `export_images` call (one
browser session, started inside the time). The marginal cost per image is
(t_large - t_small) / (images_large - images_small): the browser's start cancels out.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.images.export import ImageJob, export_images  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def story_charts(content: Path) -> list[list[tuple]]:
    """The story's charts, each a list of (rel, figure, width, height, scale, svg_id)."""
    from explainer.build.plan import plan_site
    from explainer.content.validate import load_story

    site = plan_site(load_story(content))
    charts: dict[str, list[tuple]] = defaultdict(list)
    for img in site.images:
        if "/charts/" not in img.rel:
            continue  # the story's social cards: one per language, not per chart
        chart = img.svg_id.removesuffix("-narrow").removesuffix("-card")
        charts[chart].append((img.rel, img.figure, img.width, img.height, img.scale, img.svg_id))
    return list(charts.values())


def chart_jobs(charts: Sequence[list[tuple]], n: int, out: Path) -> list[ImageJob]:
    """The jobs of `n` charts, the story's taken in turn, each with its own figure copies."""
    jobs = []
    for i in range(n):
        copies: dict[int, go.Figure] = {}
        for rel, fig, width, height, scale, svg_id in charts[i % len(charts)]:
            copy = copies.setdefault(id(fig), go.Figure(fig))
            jobs.append(
                ImageJob(
                    copy,
                    out / f"c{i:03d}" / rel,
                    width,
                    height,
                    scale,
                    name=f"c{i:03d}/{rel}",
                    svg_id=f"c{i:03d}-{svg_id}",
                )
            )
    return jobs


def timed_export(charts: Sequence[list[tuple]], n: int) -> tuple[int, float, str]:
    """(images, seconds, load average before) of one export of `n` charts."""
    with tempfile.TemporaryDirectory(prefix="bench-marginal-") as tmp:
        jobs = chart_jobs(charts, n, Path(tmp))
        before = load()
        t = time.perf_counter()
        export_images(jobs)
        return len(jobs), time.perf_counter() - t, before


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    ap.add_argument("--small", type=int, default=10)
    ap.add_argument("--large", type=int, default=100)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--only", type=int, help="export this many charts once, print the time")
    args = ap.parse_args(argv)

    charts = story_charts(args.content)
    if args.only:
        images, secs, before = timed_export(charts, args.only)
        print(f"{args.only} charts, {images} images: {secs:.2f} s (load before {before})")
        return 0
    rows: dict[int, list[tuple[int, float, str]]] = {args.small: [], args.large: []}
    for _ in range(args.runs):
        for n in (args.small, args.large):
            rows[n].append(timed_export(charts, n))
    print(f"machine: {os.cpu_count()} cores; load average after: {load()}")
    print()
    print("| charts | images | export s (median) | s/image | load before (1/5/15 min) |")
    print("|---:|---:|---:|---:|---|")
    med = {}
    for n, results in rows.items():
        images = results[0][0]
        secs = statistics.median(r[1] for r in results)
        med[n] = (images, secs)
        loads = "; ".join(r[2] for r in results)
        print(f"| {n} | {images} | {secs:.1f} | {secs / images:.3f} | {loads} |")
    (i_small, t_small), (i_large, t_large) = med[args.small], med[args.large]
    per_image = (t_large - t_small) / (i_large - i_small)
    per_chart = (t_large - t_small) / (args.large - args.small)
    print()
    print("| marginal cost | s |")
    print("|---|---:|")
    print(f"| per extra image | **{per_image:.3f}** |")
    print(f"| per extra chart ({i_large // args.large} images) | {per_chart:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
