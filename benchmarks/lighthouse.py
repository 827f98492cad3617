"""Benchmark: Lighthouse (mobile) on every language page of the reference story.

    npm ci --prefix benchmarks/lighthouse          # once: Lighthouse, pinned
    .venv/bin/python benchmarks/lighthouse.py [OUTPUT] [--runs 3]

Builds the reference story (`content.yaml`) into a temporary folder, unless OUTPUT (a
built folder) is given; serves it on loopback with Python's http.server (in a thread,
no compression, as `python -m http.server` does); runs Lighthouse's default mobile
audit (Moto G Power form factor, simulated slow-4G throttling) on each `*/index.html`
a few times with Chromium (`CHROME_PATH`, /usr/bin/chromium unless set); prints a
Markdown table of the medians: the four category scores, FCP, LCP, CLS, TBT, Speed
Index, DOM size and transfer size. Not a test: timings vary from run to run.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE = PACKAGE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: (column, audit id, how to show its numericValue)
METRICS = (
    ("FCP", "first-contentful-paint", lambda v: f"{v / 1000:.2f} s"),
    ("LCP", "largest-contentful-paint", lambda v: f"{v / 1000:.2f} s"),
    ("CLS", "cumulative-layout-shift", lambda v: f"{v:.3f}"),
    ("TBT", "total-blocking-time", lambda v: f"{v:.0f} ms"),
    ("Speed Index", "speed-index", lambda v: f"{v / 1000:.2f} s"),
    ("DOM", "dom-size", lambda v: f"{v:,.0f}"),
    ("transfer", "total-byte-weight", lambda v: f"{v / 1024:,.0f} KiB"),
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """`folder` served on 127.0.0.1 (a free port) from a daemon thread; its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run's report (JSON), default mobile settings."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    if report.get("runtimeError"):
        sys.exit(f"lighthouse: {report['runtimeError']}")
    return report


def row(page: str, reports: list[dict[str, Any]]) -> str:
    """A table row: the median of each score and metric over the runs (the performance
    score's range too)."""
    cells = [page]
    for cat in CATEGORIES:
        scores = [r["categories"][cat]["score"] for r in reports]
        text = f"{round(statistics.median(scores) * 100)}"
        if cat == "performance" and min(scores) != max(scores):
            text += f" ({round(min(scores) * 100)}–{round(max(scores) * 100)})"
        cells.append(text)
    for _, audit, show in METRICS:
        cells.append(show(statistics.median(r["audits"][audit]["numericValue"] for r in reports)))
    return "| " + " | ".join(cells) + " |"


def report(out: Path, runs: int) -> None:
    pages = sorted(p.relative_to(out).as_posix() for p in out.glob("*/index.html"))
    if not pages:
        sys.exit(f"no */index.html in {out}")
    server, base = serve(out)
    try:
        rows = [row(page, [lighthouse(base + page) for _ in range(runs)]) for page in pages]
    finally:
        server.shutdown()
        server.server_close()
    version = reports_version()
    print(f"Lighthouse {version}, mobile (simulated throttling), median of {runs} runs\n")
    head = ["page", "perf", "a11y", "best pr.", "SEO", *(m[0] for m in METRICS)]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    print("\n".join(rows))


def reports_version() -> str:
    result = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", type=Path, help="a built folder (default: build)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median shown)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(
            f"Lighthouse is not installed in {PACKAGE.relative_to(ROOT)}/node_modules.\n"
            f"Install it (Node 18+ and npm): npm ci --prefix {PACKAGE.relative_to(ROOT)}"
        )
    if args.output:
        report(args.output.resolve(), args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "explainer",
                "build",
                str(ROOT / "content.yaml"),
                "-o",
                str(out),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        report(out, args.runs)


if __name__ == "__main__":
    main()
