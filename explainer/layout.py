"""Where each artifact lives in `output/` (relative POSIX paths; links stay relative).

    output/
      index.html                      leads to the story's languages
      manifest.json                   inputs, every fact's value, every artifact's hash
      corrections.json                (also kept beside the content, see build.py)
      assets/explainer.css            page styles (no external fonts)
      assets/embed.js                 the host-page resizer for embeds (< 1 KB)
      <locale>/index.html             the narrative page
      <locale>/social.png             1200×630 card
      <locale>/charts/<id>.svg|.png|@2x.png|.csv|.txt (alt text)|.embed.html
"""

from __future__ import annotations

from dataclasses import dataclass

ASSETS = "assets"
CSS = f"{ASSETS}/explainer.css"
EMBED_JS = f"{ASSETS}/embed.js"
MANIFEST = "manifest.json"
INDEX = "index.html"


@dataclass(frozen=True)
class ChartFiles:
    svg: str
    png: str
    png2x: str
    csv: str
    alt: str
    embed: str


def page(locale: str) -> str:
    return f"{locale}/index.html"


def social_card(locale: str) -> str:
    return f"{locale}/social.png"


def chart_files(locale: str, chart_id: str) -> ChartFiles:
    base = f"{locale}/charts/{chart_id}"
    return ChartFiles(
        svg=f"{base}.svg",
        png=f"{base}.png",
        png2x=f"{base}@2x.png",
        csv=f"{base}.csv",
        alt=f"{base}.txt",
        embed=f"{base}.embed.html",
    )


def relative(from_file: str, to_file: str) -> str:
    """A relative link from one output file to another (`en/index.html` → `../assets/x`)."""
    depth = from_file.count("/")
    return "../" * depth + to_file


@dataclass(frozen=True)
class RenderedChart:
    """One chart in one language, as the page needs it after export."""

    chart_id: str
    locale: str
    #: The exported SVG (ids stable and unique per chart, responsive: no width/height).
    svg: str
    alt: str
    files: ChartFiles
    width: int
    height: int
