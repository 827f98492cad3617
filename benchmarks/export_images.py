"""Time image export: our one-session `export_images` against plotly's per-image way.

    python benchmarks/export_images.py [--content content.yaml] [--synthetic] [--skip-naive]

Jobs come from `explainer.build.image_jobs_for(content_path, out_dir)` when that exists,
else from a synthetic set: 6 representative figures x 2 locales x (PNG 1x, PNG 2x, SVG)
= 36 images. `bench(jobs)` is the reusable part; it times

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


def bench(jobs: Sequence[ImageJob], *, naive: bool = True, plotly_batch: bool = True) -> dict:
    """Time (a) export_images, (b) write_image per image, (c) pio.write_images."""
    results: dict = {"images": len(jobs)}
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        tmp_path = Path(tmp)

        a_jobs = _retarget(jobs, tmp_path / "a")
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
                    b_jobs = _retarget(jobs, tmp_path / "b")
                    failed = 0
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
    ap.add_argument("--skip-naive", action="store_true", help="only time export_images")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        jobs, what = load_jobs(Path(tmp), args.content, args.synthetic)
        res = bench(jobs, naive=not args.skip_naive, plotly_batch=not args.skip_naive)
    res["jobs"] = what
    res["machine"] = machine()
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    m = res["machine"]
    n = res["images"]
    print(f"jobs: {what}: {n} images")
    print(f"machine: {m['cores']} cores, {m['cpu']}, {m['chromium']}")
    print(f"plotly {m['plotly']}, kaleido {m['kaleido']}, Python {m['python']}")
    a = res["one_session_s"]
    print(f"(a) export_images, one session : {a:6.1f} s  ({a / n:.2f} s/image)")
    if "naive_s" in res:
        b = res["naive_s"]
        print(
            f"(b) fig.write_image per image  : {b:6.1f} s  ({b / n:.2f} s/image, "
            f"{res['naive_failed']} failed)"
        )
        print(f"    ratio (b)/(a)              : {b / a:6.1f}x")
    if "plotly_batch_s" in res:
        c = res["plotly_batch_s"]
        print(
            f"(c) plotly.io.write_images     : {c:6.1f} s  ({c / n:.2f} s/image, "
            f"{res['plotly_batch_missing']} missing)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
