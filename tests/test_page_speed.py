"""What makes a story page fast on a phone, checked without timing anything (Lighthouse
stays a benchmark: `benchmarks/lighthouse.py`).

* The inline SVGs are slim: no long decimals, no empty layers, no attribute that says
  what the element would have anyway; path outlines in relative moves; the text, the
  dark-mode classes and the tooltip data all kept.
* The first render needs no file but the HTML, one stylesheet and the font; the scripts
  wait (`defer`), and nothing is fetched from elsewhere.
* The font swap moves nothing: the page laid out in "Inter fallback" (the font blocked)
  has the lines of the page in Inter.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.site import layout
from explainer.site.svg_inline import inline_svg, relative_path, slim_svg
from tests.browsing import ARGS, CHROMIUM, serve

PAGES = ("it/index.html", "en/index.html")
SVG = re.compile(r"<svg [^>]*class=\"main-svg chart-svg[^\"]*\".*?</svg>", re.S)
SVG_NS = "{http://www.w3.org/2000/svg}"


# ----------------------------------------------------------------------------- path data


def _points(d: str) -> list[tuple[str, int, int] | str]:
    """Absolute points (in tenths) of a path of M/L/H/V/Z moves, either case; a line back
    to the start just before Z is left out (Z draws it)."""
    out: list[tuple[str, int, int] | str] = []
    x = y = sx = sy = 0.0
    cmd, nums = "", []
    for tok in re.findall(r"[MLHVZmlhvz]|-?(?:\d+\.?\d*|\.\d+)", d):
        if tok.isalpha():
            cmd = tok
            if tok in "Zz":
                last = out[-1] if out else None
                if isinstance(last, tuple) and last[0] == "L" and last[1:] == _tenths(sx, sy):
                    out.pop()
                out.append("Z")
                x, y = sx, sy
            continue
        nums.append(float(tok))
        if len(nums) < (1 if cmd in "HVhv" else 2):
            continue
        if cmd in "Mm":
            x, y = (nums[0], nums[1]) if cmd == "M" else (x + nums[0], y + nums[1])
            sx, sy = x, y
            out.append(("M", *_tenths(x, y)))
            cmd = "L" if cmd == "M" else "l"
        else:
            if cmd == "L":
                x, y = nums
            elif cmd == "l":
                x, y = x + nums[0], y + nums[1]
            elif cmd == "h":
                x += nums[0]
            elif cmd == "v":
                y += nums[0]
            out.append(("L", *_tenths(x, y)))
        nums = []
    return out


def _tenths(x: float, y: float) -> tuple[int, int]:
    return round(x * 10), round(y * 10)


@pytest.mark.parametrize(
    ("d", "want"),
    [
        ("M10,10L20,10L20,30Z", "M10 10h10v20z"),
        (
            "M2.3,104.9L323.9,104.9L323.9,263.4L2.3,263.4L2.3,104.9Z",
            "M2.3 104.9h321.6v158.5h-321.6z",
        ),
        ("M-0.5,-0.5L0.5,0.5L-10,3", "M-.5-.5l1 1-10.5 2.5"),
        ("M5,0A5,5 0 1,1 0,-5Z", "M5,0A5,5 0 1,1 0,-5Z"),  # an arc: left as it was
        ("M1,2L3", "M1,2L3"),  # odd: left as it was
    ],
)
def test_relative_path(d, want):
    assert relative_path(d) == want


def test_relative_path_draws_the_same_outline():
    rng = random.Random(15)
    for _ in range(500):
        pts = [
            (round(rng.uniform(-50, 800), 1), round(rng.uniform(-50, 800), 1))
            for _ in range(rng.randint(1, 8))
        ]
        d = "M{},{}".format(*pts[0]) + "".join("L{},{}".format(*p) for p in pts[1:])
        d += rng.choice(["Z", ""])
        assert _points(relative_path(d)) == _points(d), d


# ----------------------------------------------------------------------------- slim SVG


def test_slim_drops_what_draws_nothing_and_keeps_the_rest():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<g class="layer-below"><g class="imagelayer"/></g>'
        '<g class="annotation" opacity="1"><g transform="rotate(0,86.5,125)">'
        '<rect class="bg" x="0.5" y="0.5" width="9" height="9" stroke-opacity="0" '
        'fill-opacity="0"/>'
        '<text x="1.23456" y="2" font-family="Inter, sans-serif" fill-opacity="1" '
        'style="fill: rgb(27, 27, 27)">5 <tspan font-weight="bold">million</tspan></text>'
        "</g></g>"
        '<text font-family="Inter, sans-serif">other</text>'
        '<path class="xlines" d="M0,0"/></svg>'
    )
    out = str(inline_svg(svg, labelledby="t", slim=True))
    assert "layer-below" not in out and "imagelayer" not in out
    assert 'class="bg"' not in out and "xlines" not in out
    assert "opacity" not in out and "rotate" not in out
    assert 'x="1.23"' in out
    assert out.count("font-family") == 1  # once, on the root
    assert "font-family=\"Inter, 'Inter fallback', sans-serif\"" in out.replace("&#x27;", "'")
    assert 'class="cf-1b1b1b"' in out
    assert "".join(ET.fromstring(out).itertext()) == "5 millionother"


def test_slim_keeps_a_marks_invisible_box_and_its_data():
    root = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg"><g class="annotation" data-tip-label="x">'
        '<g><rect fill-opacity="0" stroke-opacity="0"/></g></g><g data-fact="y"/></svg>'
    )
    slim_svg(root)
    tags = [e.tag.replace(SVG_NS, "") for e in root.iter()]
    assert tags == ["svg", "g", "g", "rect", "g"]


def test_slim_keeps_an_attribute_that_differs_from_the_inherited_one():
    root = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg"><g fill-opacity="0.5">'
        '<path d="M0,0L1,1" fill-opacity="1"/><path d="M0,0L2,2" fill-opacity="0.5"/></g></svg>'
    )
    slim_svg(root)
    paths = [e for e in root.iter() if e.tag == f"{SVG_NS}path"]
    assert [p.get("fill-opacity") for p in paths] == ["1", None]


# ----------------------------------------------------------------------------- built pages


def _svgs(built_site: Path, page: str) -> list[str]:
    return SVG.findall((built_site / page).read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES)
def test_inline_svgs_are_slim(built_site, page):
    svgs = _svgs(built_site, page)
    assert svgs
    for svg in svgs:
        root = ET.fromstring(svg)
        for el in root.iter():
            tag = el.tag.replace(SVG_NS, "")
            if tag in ("g", "defs"):
                assert len(el) or any(k.startswith("data-") for k in el.attrib), el.attrib
            assert el.get("opacity") != "1"
            for name, value in el.attrib.items():
                if name.startswith("data-"):
                    continue  # words, not geometry
                assert not re.search(r"\d\.\d{3,}", value), (name, value[:80])
                if name == "d" and re.fullmatch(r"[MmLlHhVvZz\d\s.,-]+", value):
                    assert not re.search(r"\d\.\d{2}", value), value[:80]
        assert len(re.findall(r'font-family="', svg)) <= 3  # the root's, and rare others


@pytest.mark.parametrize("loc", ["it", "en"])
def test_inline_svgs_keep_every_text_of_the_exported_chart(built_site, story, loc):
    page = (built_site / layout.page(loc)).read_text(encoding="utf-8")
    inline = ["".join(ET.fromstring(s).itertext()) for s in SVG.findall(page)]
    for chart_id in story.charts:
        files = layout.chart_files(loc, chart_id)
        for path in (files.svg, files.svg_narrow):
            text = "".join(ET.fromstring((built_site / path).read_bytes()).itertext())
            assert text in inline, (path, text[:80])


class _FirstRender(HTMLParser):
    """What a page asks for before it can paint: stylesheets, blocking scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.blocking_scripts: list[str] = []
        self.images: list[str] = []
        self.preloads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.stylesheets.append(a.get("href") or "")
        if tag == "link" and a.get("rel") == "preload":
            self.preloads.append(a.get("href") or "")
        if tag == "script" and a.get("src") and "defer" not in a and "async" not in a:
            self.blocking_scripts.append(a["src"] or "")
        if tag == "img" and a.get("loading") != "lazy":
            self.images.append(a.get("src") or "")


@pytest.mark.parametrize("page", PAGES)
def test_first_render_needs_the_html_one_stylesheet_and_the_font(built_site, page):
    parser = _FirstRender()
    parser.feed((built_site / page).read_text(encoding="utf-8"))
    assert parser.stylesheets == ["../" + layout.CSS]
    assert parser.blocking_scripts == [] and parser.images == [] and parser.preloads == []
    css = (built_site / layout.CSS).read_text(encoding="utf-8")
    assert "@import" not in css
    urls = set(re.findall(r"url\(\s*['\"]?([^'\")]+)", css))
    assert urls == {Path(layout.FONT).name}
    # the font never holds the text back, and its stand-in has its metrics
    assert css.count("font-display: swap;") == 1
    assert 'font-family: "Inter fallback"' in css and "size-adjust" in css


# ----------------------------------------------------------------------------- the font swap

_LAYOUT = """() => Array.from(document.querySelectorAll(
  '.site-header, .story-header, .story-header > *, .story-section, .story-section .prose > *,'
  + ' .story-section h2, figure.chart, figcaption')).slice(0, 40).map(e => {
    const r = e.getBoundingClientRect();
    return [e.tagName + '#' + e.id + '.' + e.className, Math.round(r.top), Math.round(r.height)];
  })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("loc", ["it", "en"])
def test_the_font_swap_moves_no_line(built_site, loc, width):
    """The page in "Inter fallback" (Inter's file refused) is laid out line for line as
    the page in Inter: when Inter arrives late and swaps in, nothing above the fold moves
    by more than a pixel (no layout shift)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (set BROWSER_PATH)")
    if not re.search(r"Liberation Sans|Arial", _font_list()):
        pytest.skip("no Arial or Liberation Sans here: the fallback is the system's")
    layouts = []
    with serve(built_site) as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for block in (False, True):
            page = browser.new_page(viewport={"width": width, "height": 900})
            if block:
                page.route("**/*.woff2", lambda route: route.abort())
            page.goto(f"{base}{loc}/index.html")
            page.evaluate("document.fonts.ready")
            fonts = page.evaluate(
                "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
            )
            assert ('"Inter"' in fonts or "Inter" in fonts) != block, fonts
            layouts.append(page.evaluate(_LAYOUT))
            page.close()
        browser.close()
    inter, fallback = layouts
    assert [n for n, *_ in inter] == [n for n, *_ in fallback]
    for (name, top, height), (_, top2, height2) in zip(inter, fallback, strict=True):
        if top > 900:
            break  # below the fold: a shift there is no shift the reader sees
        assert abs(top - top2) <= 1 and abs(height - height2) <= 1, (name, top, top2, height)


def _font_list() -> str:
    import subprocess

    try:
        return subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return ""
