"""Benchmark: what a reader downloads for the first render of each page.

    .venv/bin/python benchmarks/page_weight.py [OUTPUT]

Counts the HTML page and every file it loads without JavaScript running (stylesheets,
scripts, images referenced by src, and what the stylesheets load by url(): the font):
bytes and gzip bytes (level 9; a woff2 font gains nothing from it). Builds the reference
story into a temporary folder when OUTPUT is not given.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.urls.append(a["href"] or "")
        if tag in ("img", "script", "iframe") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "script" and a.get("type") != "application/ld+json":
            self.scripts += 1


def weigh(page: Path) -> tuple[int, int, int, list[str]]:
    parser = _Loads()
    parser.feed(page.read_text(encoding="utf-8"))
    files = [page] + [(page.parent / u).resolve() for u in parser.urls if "://" not in u]
    for css in [f for f in files if f.suffix == ".css"]:
        for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if "://" not in u and not u.startswith(("data:", "#")):
                files.append((css.parent / u).resolve())
    total = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    root = page.parent.parent.resolve()
    return total, gz, parser.scripts, [str(f.relative_to(root)) for f in files[1:]]


def main() -> None:
    if len(sys.argv) > 1:
        out = Path(sys.argv[1])
        report(out)
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
        )
        report(out)


def report(out: Path) -> None:
    print("| page | bytes | gzip bytes | scripts | other files loaded |")
    print("|---|---:|---:|---:|---|")
    for page in sorted(out.glob("*/index.html")):
        total, gz, scripts, loaded = weigh(page.resolve())
        others = ", ".join(loaded) or "—"
        print(f"| {page.relative_to(out)} | {total:,} | {gz:,} | {scripts} | {others} |")


if __name__ == "__main__":
    main()
