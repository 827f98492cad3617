"""Benchmark: Lighthouse (mobile) on every language page of the reference story.

    npm ci --prefix benchmarks/lighthouse          # once: Lighthouse, pinned
    .venv/bin/python benchmarks/lighthouse.py [OUTPUT] [--runs 3] [--server plain|gzip]
                                              [--save DIR]

Builds the reference story (`content.yaml`) into a temporary folder, unless OUTPUT (a
built folder) is given, and serves it on loopback from a thread, with each server in
turn (`--server` picks one; one table each, named by its server):

* `plain`: Python's http.server as `python -m http.server` runs it, no compression;
* `gzip`: as a static host serves (nginx's `gzip on`, Apache's mod_deflate, GitHub
  Pages, Netlify, a CDN): text files (HTML, CSS, JavaScript, SVG, JSON, CSV, plain text)
  go out gzipped (level 6, `Content-Encoding: gzip`, `Vary: Accept-Encoding`) to a
  browser that accepts it, fonts and images as they are, and connections are kept
  alive (HTTP/1.1) rather than closed after each file (http.server's HTTP/1.0).

Runs Lighthouse's default mobile audit (Moto G Power form factor, simulated slow-4G
throttling) on each `*/index.html` a few times with Chromium (`CHROME_PATH`,
/usr/bin/chromium unless set) and prints a Markdown table of the medians: the four
category scores, FCP, LCP, CLS, TBT, Speed Index, DOM size and transfer size, with the
machine's load average (1 min) before and after each page's runs (a loaded machine
makes TBT swing). `--save DIR` keeps every report (JSON) for its diagnostics (long
tasks, main-thread work, requests). Not a test: timings vary from run to run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http import HTTPStatus
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
#: The servers (`--server`), as their tables are titled.
SERVERS = {
    "plain": "Python's http.server, no compression",
    "gzip": "http.server with gzip (level 6) for text types and keep-alive, as a static host",
}
#: The types a static host compresses (as `mimetypes` names them).
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


class _Gzip(_Quiet):
    """http.server that sends a text file gzipped to a client that accepts gzip, and
    keeps the connection open for the next request (every response has a length)."""

    protocol_version = "HTTP/1.1"

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and kind.startswith(COMPRESSED)):
            return super().send_head()  # as http.server does: redirects, 404s, fonts
        stat = path.stat()
        body = _gzipped(path, stat.st_mtime_ns)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=256)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file gzipped once per version of it, as a host caches it or stores it
    precompressed (so the compression costs no time in the measurement)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def serve(folder: Path, server: str = "plain") -> tuple[ThreadingHTTPServer, str]:
    """`folder` served on 127.0.0.1 (a free port) from a daemon thread; its base URL.
    `server` is a key of SERVERS."""
    handler = functools.partial(_Gzip if server == "gzip" else _Quiet, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


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


def row(page: str, reports: list[dict[str, Any]], load: tuple[float, float]) -> str:
    """A table row: the median of each score and metric over the runs (the performance
    score's range too), and the load average before and after."""
    cells = [page]
    for cat in CATEGORIES:
        scores = [r["categories"][cat]["score"] for r in reports]
        text = f"{round(statistics.median(scores) * 100)}"
        if cat == "performance" and min(scores) != max(scores):
            text += f" ({round(min(scores) * 100)}–{round(max(scores) * 100)})"
        cells.append(text)
    for _, audit, show in METRICS:
        cells.append(show(statistics.median(r["audits"][audit]["numericValue"] for r in reports)))
    cells.append(f"{load[0]:.2f} → {load[1]:.2f}")
    return "| " + " | ".join(cells) + " |"


def report(out: Path, runs: int, server: str, save: Path | None) -> None:
    pages = sorted(p.relative_to(out).as_posix() for p in out.glob("*/index.html"))
    if not pages:
        sys.exit(f"no */index.html in {out}")
    httpd, base = serve(out, server)
    rows = []
    try:
        for page in pages:
            before = os.getloadavg()[0]
            reports = [lighthouse(base + page) for _ in range(runs)]
            rows.append(row(page, reports, (before, os.getloadavg()[0])))
            if save:
                save.mkdir(parents=True, exist_ok=True)
                for i, rep in enumerate(reports, 1):
                    name = f"{server}-{page.replace('/', '-').removesuffix('.html')}-{i}.json"
                    (save / name).write_text(json.dumps(rep), encoding="utf-8")
    finally:
        httpd.shutdown()
        httpd.server_close()
    print(f"**{SERVERS[server]}** (`--server {server}`): Lighthouse {reports_version()}, ")
    print(f"mobile (simulated throttling), median of {runs} runs\n")
    head = ["page", "perf", "a11y", "best pr.", "SEO", *(m[0] for m in METRICS), "load"]
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 2) + "---|")
    print("\n".join(rows) + "\n", flush=True)


def reports_version() -> str:
    result = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", type=Path, help="a built folder (default: build)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median shown)")
    parser.add_argument(
        "--server", choices=sorted(SERVERS), help="one server only (default: each in turn)"
    )
    parser.add_argument("--save", type=Path, help="keep every report (JSON) in this folder")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(
            f"Lighthouse is not installed in {PACKAGE.relative_to(ROOT)}/node_modules.\n"
            f"Install it (Node 18+ and npm): npm ci --prefix {PACKAGE.relative_to(ROOT)}"
        )
    servers = [args.server] if args.server else list(SERVERS)
    save = args.save.resolve() if args.save else None
    if args.output:
        for server in servers:
            report(args.output.resolve(), args.runs, server, save)
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
        for server in servers:
            report(out, args.runs, server, save)


if __name__ == "__main__":
    main()
