"""Where each artifact lives in `output/` (relative POSIX paths; links stay relative).

output/
  index.html                      leads to the story's languages
  manifest.json                   inputs, every fact's value, every artifact's hash
  corrections.json                (also kept beside the content, see build/pipeline.py)
  assets/explainer.css            page styles (the one font is ours, below)
  assets/embed.js                 the host-page resizer for embeds (< 1 KB)
  assets/charts.js                the charts' tooltips (keyboard, pointer, touch; deferred)
  assets/inter-latin.woff2        the charts' font (Inter, Latin subset) for inline SVGs
  assets/inter-LICENSE.txt        its licence (SIL OFL 1.1)
  assets/brand-*.woff2|.svg       a brand's fonts (subset) and logo (`--brand`)
  charts.css                      the charts' dark rules, when `assets/` is a site's
                                  shared folder (`build(assets_root="..")`)
  <locale>/index.html             the narrative page
  <locale>/social.png             1200×630 card
  <locale>/charts/<id>.svg|.png|@2x.png, the same for a phone (.narrow.svg, .narrow.png,
                                  .narrow@2x.png), .card.png (1200×630), .csv, .txt (alt text)
                                  |.embed.html
"""

from __future__ import annotations

from dataclasses import dataclass

ASSETS = "assets"
CSS = f"{ASSETS}/explainer.css"
EMBED_JS = f"{ASSETS}/embed.js"
CHARTS_JS = f"{ASSETS}/charts.js"
FONT = f"{ASSETS}/inter-latin.woff2"
FONT_LICENSE = f"{ASSETS}/inter-LICENSE.txt"
#: A story's own stylesheet when its assets are a site's shared ones (`assets_root`):
#: the dark-mode rules of its charts, which depend on the story.
STORY_CSS = "charts.css"
MANIFEST = "manifest.json"
INDEX = "index.html"
#: Every published version a page replaced, `versions/<n>/` (see build/versions.py).
VERSIONS = "versions"


def is_kept(rel: str) -> bool:
    """Whether an output path is part of a kept version."""
    return rel.startswith(VERSIONS + "/")


@dataclass(frozen=True)
class ChartFiles:
    svg: str
    #: The chart laid out for a phone (`charts.NARROW` px wide), inlined on narrow screens.
    svg_narrow: str
    png: str
    png2x: str
    #: The phone drawing as images, for editors who need a picture of it.
    png_narrow: str
    png2x_narrow: str
    #: The chart centred on a 1200×630 social card (its embed page's Open Graph image).
    card: str
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
        svg_narrow=f"{base}.narrow.svg",
        png=f"{base}.png",
        png2x=f"{base}@2x.png",
        png_narrow=f"{base}.narrow.png",
        png2x_narrow=f"{base}.narrow@2x.png",
        card=f"{base}.card.png",
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
    #: The phone-width SVG (ids unique too), or "" when there is none: the page then
    #: shows `svg` at every width.
    svg_narrow: str = ""
    narrow_width: int = 0
    narrow_height: int = 0
