"""Time image export: our one-session `export_images` against plotly's per-image way.

    python benchmarks/export_images.py [--content content.yaml] [--sample 12]
    python benchmarks/export_images.py --synthetic [--skip-naive] [--plotly-batch] [--json]

The default (issue 15, item 1) measures in one run, on the reference story:

  * its cold build: `python -m explainer build` on a private copy, in a fresh folder (no
    cache), as a whole process: validation, planning, every image, the pages;
  * (a) `export_images` of all the story's jobs (100 images) in one session;
  * (b) `fig.write_image` per image on an evenly spread sample of the same jobs (`--sample`,
    12 by default: (b) costs about 2 s an image),

and prints the ratio per image, (b) per image / cold build per image, and (b)/(a), with
the load average beside each figure (the machine may be shared).

`--synthetic` (or a story without `explainer.build.image_jobs_for`) uses a synthetic set:
6 representative figures x 2 locales x (PNG 1x, PNG 2x, SVG) = 36 images, and times every
job with each way. `bench(jobs)` is the reusable part; it times

  (a) `export_images(jobs)`: one Kaleido/Chromium session, MathJax off, local topojson,
      every file checked;
  (b) the naive way: `fig.write_image(path, width=, height=, scale=)` per image, which
      starts a browser each time (and, with plotly's defaults, loads MathJax from a CDN);
  (c) for reference, `plotly.io.write_images(...)`: one session, but plotly's defaults
      (MathJax from the CDN, errors not reported).

For (b) and (c) `plotly.io.defaults.topojson` points at our local outline, or the maps
would fail offline, and FONTCONFIG_FILE points at our fonts.conf, so all three draw the
same pictures.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio

ROOT = Path(__file__).resolve().parent.parent

# The builds timed here run as on a user's machine: Python writes and reuses its bytecode
# (a shell with PYTHONDONTWRITEBYTECODE set would have every build compile explainer).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

sys.path.insert(0, str(ROOT))

from explainer.images import export, fonts  # noqa: E402
from explainer.images.export import ImageJob, export_images  # noqa: E402

LOCALES = {
    "it": {"sep": ".", "dec": ",", "words": ("Piattaforma", "Rivenditori", "Server", "Spettatori")},
    "en": {"sep": ",", "dec": ".", "words": ("Platform", "Resellers", "Servers", "Viewers")},
}
FONT = fonts.FONT_FAMILY


def _num(n: float, locale: str) -> str:
    s = f"{n:,.0f}"
    return s.replace(",", LOCALES[locale]["sep"])


def _layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        font=dict(family=FONT, size=14, color="#222"),
        title=dict(text=title, x=0.02),
        margin=dict(l=60, r=20, t=60, b=40),
        paper_bgcolor="white",
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def synthetic_figures(locale: str) -> dict[str, tuple[go.Figure, int, int]]:
    """Six charts like the story's: name -> (figure, width, height)."""
    w = LOCALES[locale]["words"]
    values = [1, 5_000, 18_000, 5_000_000]

    bars = go.Figure(
        go.Bar(
            x=list(w[:3]),
            y=values[:3],
            text=[_num(v, locale) for v in values[:3]],
            textposition="outside",
            marker_color="#3b6ea8",
        )
    )
    _layout(bars, {"it": "Quanto è grande la rete", "en": "How big the network is"}[locale])

    ladder = go.Figure(
        go.Scatter(
            x=values,
            y=list(w),
            mode="markers+text",
            text=[_num(v, locale) for v in values],
            textposition="middle right",
            marker=dict(size=14, color="#c0392b"),
        )
    )
    ladder.update_xaxes(type="log", range=[-0.5, 8])
    _layout(ladder, {"it": "Scala logaritmica", "en": "Logarithmic scale"}[locale])

    places = {"NLD": (4.9, 52.4), "DEU": (8.7, 50.1), "FRA": (2.35, 48.85), "ITA": (12.5, 41.9)}
    geo = go.Figure(
        go.Scattergeo(
            lon=[p[0] for p in places.values()],
            lat=[p[1] for p in places.values()],
            text=list(places),
            mode="markers+text",
            textposition="top center",
            marker=dict(size=10, color="#c0392b"),
        )
    )
    geo.update_geos(
        scope="world",
        projection_type="mercator",
        lonaxis_range=[-10, 30],
        lataxis_range=[35, 60],
        showcountries=True,
        countrycolor="#999",
        landcolor="#eee",
    )
    _layout(geo, {"it": "Dove sono i server", "en": "Where the servers are"}[locale])

    n, per_row = 100, 10
    waffle = go.Figure(
        go.Scatter(
            x=[i % per_row for i in range(n)],
            y=[i // per_row for i in range(n)],
            mode="markers",
            marker=dict(
                symbol="square",
                size=22,
                color=["#c0392b" if i < 36 else "#ccc" for i in range(n)],
            ),
            hoverinfo="skip",
        )
    )
    waffle.update_xaxes(visible=False)
    waffle.update_yaxes(visible=False, scaleanchor="x")
    title = {"it": "Ogni quadrato: 50.000 persone", "en": "Each square: 50,000 people"}
    _layout(waffle, title[locale])

    indicator = go.Figure(
        go.Indicator(
            mode="number",
            value=5_000_000,
            number=dict(valueformat=",.0f", font=dict(size=64)),
            title=dict(text={"it": "spettatori (stima)", "en": "viewers (estimated)"}[locale]),
        )
    )
    _layout(indicator, "")
    indicator.update_layout(separators=LOCALES[locale]["dec"] + LOCALES[locale]["sep"])

    choropleth = go.Figure(
        go.Choropleth(
            locations=list(places),
            z=[3, 2, 2, 1],
            colorscale=[[0, "#f4d6d2"], [1, "#c0392b"]],
            showscale=False,
        )
    )
    choropleth.update_geos(fitbounds="locations", showcountries=True, visible=False)
    _layout(choropleth, {"it": "Paesi coinvolti", "en": "Countries involved"}[locale])

    return {
        "bars": (bars, 720, 420),
        "ladder": (ladder, 720, 360),
        "map": (geo, 720, 480),
        "waffle": (waffle, 480, 480),
        "indicator": (indicator, 480, 240),
        "choropleth": (choropleth, 720, 480),
    }


def synthetic_jobs(out_dir: Path) -> list[ImageJob]:
    jobs = []
    for locale in LOCALES:
        for name, (fig, w, h) in synthetic_figures(locale).items():
            base = out_dir / locale / name
            sid = f"{locale}-{name}"
            jobs += [
                ImageJob(fig, base.with_suffix(".png"), w, h, 1, f"{locale}/{name}.png", sid),
                ImageJob(fig, base.with_name(name + "@2x.png"), w, h, 2, f"{locale}/{name}@2x.png"),
                ImageJob(fig, base.with_suffix(".svg"), w, h, 1, f"{locale}/{name}.svg", sid),
            ]
    return jobs


def load_jobs(out_dir: Path, content: Path, synthetic: bool) -> tuple[list[ImageJob], str]:
    """The story's jobs if `explainer.build.image_jobs_for` exists, else the synthetic set."""
    if not synthetic:
        try:
            build = importlib.import_module("explainer.build")
        except ImportError:
            build = None
        jobs_for: Callable | None = getattr(build, "image_jobs_for", None)
        if jobs_for is not None and content.is_file():
            return list(jobs_for(content, out_dir)), f"story {content}"
    return synthetic_jobs(out_dir), "synthetic (6 figures x 2 locales x png/png@2x/svg)"


def _retarget(jobs: Sequence[ImageJob], out_dir: Path) -> list[ImageJob]:
    """The same jobs writing under another folder (keeps relative layout)."""
    common = Path(os.path.commonpath([str(Path(j.path).parent) for j in jobs]))
    return [
        ImageJob(
            j.figure,
            out_dir / Path(j.path).relative_to(common),
            j.width,
            j.height,
            j.scale,
            j.name,
            j.svg_id,
        )
        for j in jobs
    ]


def load() -> str:
    """The 1, 5 and 15 minute load averages, e.g. "1.02 0.80 0.75"."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def sample(jobs: Sequence[ImageJob], n: int) -> list[ImageJob]:
    """`n` jobs spread evenly over `jobs` (every kind, size and format of the story)."""
    if n >= len(jobs):
        return list(jobs)
    step = len(jobs) / n
    return [jobs[int(i * step)] for i in range(n)]


def cold_build(content: Path) -> dict:
    """One `python -m explainer build` of a private copy of the story, in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        work = Path(tmp)
        shutil.copy(content, work / content.name)
        sources = content.parent / "sources"
        if sources.is_dir():
            shutil.copytree(sources, work / "sources")
        before = load()
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "explainer",
                "build",
                str(work / content.name),
                "-o",
                str(work / "output"),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        seconds = time.perf_counter() - t
    return {"cold_build_s": seconds, "cold_build_load": before}


def bench(
    jobs: Sequence[ImageJob],
    *,
    naive: bool = True,
    plotly_batch: bool = True,
    naive_jobs: Sequence[ImageJob] | None = None,
) -> dict:
    """Time (a) export_images, (b) write_image per image, (c) pio.write_images.

    (b) runs on `naive_jobs` (default: all the jobs); compare it per image.
    """
    results: dict = {"images": len(jobs)}
    naive_jobs = list(jobs if naive_jobs is None else naive_jobs)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        tmp_path = Path(tmp)

        a_jobs = _retarget(jobs, tmp_path / "a")
        results["one_session_load"] = load()
        t = time.perf_counter()
        export_images(a_jobs)
        results["one_session_s"] = time.perf_counter() - t

        if not (naive or plotly_batch):
            return results
        old_topo = pio.defaults.topojson
        pio.defaults.topojson = export.TOPOJSON_DIR.resolve().as_uri() + "/"
        try:
            with fonts.private_fontconfig():
                if naive:
                    b_jobs = _retarget(naive_jobs, tmp_path / "b")
                    failed = 0
                    results["naive_images"] = len(b_jobs)
                    results["naive_load"] = load()
                    t = time.perf_counter()
                    for j in b_jobs:
                        Path(j.path).parent.mkdir(parents=True, exist_ok=True)
                        fig = j.figure if isinstance(j.figure, go.Figure) else go.Figure(j.figure)
                        try:
                            fig.write_image(j.path, width=j.width, height=j.height, scale=j.scale)
                        except Exception:  # noqa: BLE001 - counted and reported
                            failed += 1
                    results["naive_s"] = time.perf_counter() - t
                    results["naive_failed"] = failed + sum(
                        1 for j in b_jobs if not Path(j.path).is_file()
                    )
                if plotly_batch:
                    c_jobs = _retarget(jobs, tmp_path / "c")
                    for j in c_jobs:
                        Path(j.path).parent.mkdir(parents=True, exist_ok=True)
                    results["plotly_batch_load"] = load()
                    t = time.perf_counter()
                    pio.write_images(
                        [j.figure for j in c_jobs],
                        [j.path for j in c_jobs],
                        width=[j.width for j in c_jobs],
                        height=[j.height for j in c_jobs],
                        scale=[j.scale for j in c_jobs],
                    )
                    results["plotly_batch_s"] = time.perf_counter() - t
                    results["plotly_batch_missing"] = sum(
                        1 for j in c_jobs if not Path(j.path).is_file()
                    )
        finally:
            pio.defaults.topojson = old_topo
    return results


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        m = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    try:
        browser = export.find_browser()
        version = subprocess.run(
            [browser, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except Exception as e:  # noqa: BLE001
        version = f"? ({e})"

    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "plotly": plotly.__version__,
        "kaleido": importlib.metadata.version("kaleido"),
        "chromium": version,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path, default=ROOT / "content.yaml")
    ap.add_argument("--synthetic", action="store_true", help="ignore the story, use 36 images")
    ap.add_argument("--sample", type=int, default=12, help="jobs timed with write_image")
    ap.add_argument("--skip-naive", action="store_true", help="only time our export")
    ap.add_argument("--plotly-batch", action="store_true", help="also time pio.write_images")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        jobs, what = load_jobs(Path(tmp), args.content, args.synthetic)
        story = what.startswith("story")
        res: dict = {}
        if story:
            res.update(cold_build(args.content))
        naive_jobs = sample(jobs, args.sample) if story else jobs
        res.update(
            bench(
                jobs,
                naive=not args.skip_naive,
                plotly_batch=args.plotly_batch,
                naive_jobs=naive_jobs,
            )
        )
    res["jobs"] = what
    res["load_after"] = load()
    res["machine"] = machine()
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    m = res["machine"]
    n = res["images"]
    print(f"jobs: {what}: {n} images")
    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['chromium']}")
    print(f"plotly {m['plotly']}, kaleido {m['kaleido']}, Python {m['python']}")
    print(f"load average (1, 5, 15 min) after the run: {res['load_after']}")
    print()
    print("| what | images | s | s/image | load before (1/5/15 min) |")
    print("|---|---:|---:|---:|---|")
    rows = []
    if "cold_build_s" in res:
        rows.append(
            ("cold build (`explainer build`)", n, res["cold_build_s"], res["cold_build_load"])
        )
    rows.append(
        ("(a) export_images, one session", n, res["one_session_s"], res["one_session_load"])
    )
    if "naive_s" in res:
        rows.append(
            (
                f"(b) fig.write_image per image ({res['naive_failed']} failed)",
                res["naive_images"],
                res["naive_s"],
                res["naive_load"],
            )
        )
    if "plotly_batch_s" in res:
        rows.append(
            (
                f"(c) plotly.io.write_images ({res['plotly_batch_missing']} missing)",
                n,
                res["plotly_batch_s"],
                res["plotly_batch_load"],
            )
        )
    for name, count, secs, ld in rows:
        print(f"| {name} | {count} | {secs:.1f} | {secs / count:.3f} | {ld} |")
    if "naive_s" in res:
        per_b = res["naive_s"] / res["naive_images"]
        print()
        print("| ratio per image | x |")
        print("|---|---:|")
        if "cold_build_s" in res:
            print(f"| (b) / cold build | **{per_b / (res['cold_build_s'] / n):.1f}x** |")
        print(f"| (b) / (a) | {per_b / (res['one_session_s'] / n):.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
