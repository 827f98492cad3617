"""What makes a story page fast on a phone, checked without timing anything (Lighthouse
stays a benchmark: `benchmarks/lighthouse.py`).

* The inline SVGs are slim: no long decimals, no empty layers, no unused clip path, no
  group that only names a layer, no attribute that says what the element would have
  anyway; colours and lengths in their shortest spelling, path outlines in relative
  moves; the text, the dark-mode classes and the tooltip data all kept. What slimming
  drops or respells changes no pixel Chromium paints, in light or dark mode.
* Turning the tooltips on (charts.js) restyles the marks, not every element of every
  drawing (counted in Chromium's trace).
* The first render needs no file but the HTML, one stylesheet and the font; the scripts
  wait (`defer`), and nothing is fetched from elsewhere.
* The font swap moves nothing: the page laid out in "Inter fallback" (the font blocked)
  has the lines of the page in Inter.
"""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.site import layout
from explainer.site.svg_inline import inline_svg
from explainer.site.svg_slim import relative_path, slim_svg
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
    assert tags == ["svg", "g", "rect", "g"]  # the bare group around the box unwrapped
    assert root[0][0].get("fill-opacity") == "0"


def test_slim_drops_unused_clip_paths_and_unwraps_groups_that_only_name_a_layer():
    root = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg"><defs><g class="clips">'
        '<clipPath id="used"><rect width="5" height="5"/></clipPath>'
        '<clipPath id="unused"><rect width="9" height="9"/></clipPath></g></defs>'
        '<g class="cartesianlayer"><g class="subplot xy"><g class="plot" clip-path="url(#used)">'
        '<path class="point" d="M0,0L1,1" data-index="3"/></g></g></g>'
        '<g class="trace scattergeo"><text>Italia</text></g>'
        '<g class="annotation" data-tip-label="x"><text>5</text></g>'
        '<g transform="translate(2,3)"><text>moved</text></g></svg>'
    )
    slim_svg(root)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids == ["used"]
    groups = [e.get("class") for e in root.iter() if e.tag == f"{SVG_NS}g"]
    # kept: the one that clips, the one the stylesheet reads, a mark, one that moves
    assert groups == ["plot", "trace scattergeo", "annotation", None]
    assert not [e for e in root.iter() if "data-index" in e.attrib]
    plot = next(e for e in root.iter() if e.get("class") == "plot")
    assert plot.get("clip-path") == "url(#used)" and plot[0].get("class") == "point"
    assert "".join(root.itertext()) == "Italia5moved"


@pytest.mark.parametrize(
    ("attrs", "want"),
    [
        (
            'fill="rgb(0, 114, 178)" stroke="rgb(255,255,255)"',
            {"fill": "#0072b2", "stroke": "#ffffff"},
        ),
        ('fill="rgba(0, 114, 178, 0.5)"', {"fill": "rgba(0, 114, 178, 0.5)"}),  # alpha: kept
        ('stroke-width="2px" font-size="15.5px"', {"stroke-width": "2", "font-size": "15.5"}),
        ('stroke-dasharray="3px,3px"', {"stroke-dasharray": "3px,3px"}),
    ],
)
def test_slim_writes_colours_and_lengths_in_their_shortest_spelling(attrs, want):
    root = ET.fromstring(
        f'<svg xmlns="http://www.w3.org/2000/svg"><path d="M0,0L1,1" {attrs}/></svg>'
    )
    slim_svg(root)
    path = root[0]
    assert {k: path.get(k) for k in want} == want


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("5 <tspan>million</tspan>", False),
        ("one two", False),
        ("", False),
        (" leading", True),
        ("trailing ", True),
        ("two  spaces", True),
        ("a\u00a0b", True),  # a no-break space: left to the renderer as it was
        ("<tspan>a </tspan> b", True),
    ],
)
def test_slim_drops_xml_space_only_where_it_changes_nothing(text, kept):
    root = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg">'
        f'<text x="1" y="2" xml:space="preserve">{text}</text></svg>'
    )
    slim_svg(root)
    assert ("{http://www.w3.org/XML/1998/namespace}space" in root[0].attrib) == kept


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
                if name in ("fill", "stroke"):
                    assert not value.startswith("rgb("), (name, value)
                assert not re.fullmatch(r"[\d.]+px", value) or name not in (
                    "stroke-width",
                    "font-size",
                )
            assert "data-index" not in el.attrib
            if tag == "g" and set(el.attrib) <= {"class"}:
                assert "scattergeo" in el.get("class", ""), el.attrib  # a layer the CSS reads
        assert len(re.findall(r'font-family="', svg)) <= 3  # the root's, and rare others
        # every clip path is used, and every reference has its target in the same drawing
        ids = {el.get("id") for el in root.iter() if el.get("id")}
        refs = set(re.findall(r'url\(#([^)]+)\)| href="#([^"]+)"', svg))
        refs = {a or b for a, b in refs}
        assert refs <= ids, refs - ids
        clips = {el.get("id") for el in root.iter() if el.tag == f"{SVG_NS}clipPath"}
        assert clips <= refs, clips - refs


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


# ----------------------------------------------------------------------------- in Chromium


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


def _needs_chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (set BROWSER_PATH)")
    return sync_api


#: Shows one drawing alone at the page's top left corner (at its own width, whatever the
#: screen), so that two drawings compared sit on the same pixel grid.
_SHOW = """markup => {
    const tpl = document.createElement('template');
    tpl.innerHTML = markup;
    const svg = tpl.content.firstElementChild;
    svg.style.display = 'block';
    svg.style.width = svg.viewBox.baseVal.width + 'px';
    const holder = document.createElement('div');
    holder.id = 'stage';
    holder.className = 'chart-card';
    holder.style.width = 'fit-content';
    holder.appendChild(svg);
    document.body.replaceChildren(holder);
    return document.fonts.ready.then(() => document.body.offsetHeight);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_unwrapped_layers_unused_clips_and_short_spellings_paint_the_same(
    built_site, story, scheme, monkeypatch
):
    """Every chart of both pages, wide and narrow, slimmed as the pages inline it and
    slimmed without the steps that only drop or respell (unused clip paths, groups that
    only name a layer, `rgb()` and `px`, `xml:space`): Chromium paints the same pixels,
    in light and in dark mode, with the page's stylesheet and fonts."""
    sync_api = _needs_chromium()
    from explainer.site import svg_slim

    def both(svg: str, variant: str) -> tuple[str, str]:
        slimmed = str(inline_svg(svg, labelledby="t", variant=variant, slim=True))
        with monkeypatch.context() as m:
            for step in ("_drop_unused_clips", "_unwrap", "_shorter_values"):
                m.setattr(svg_slim, step, lambda *_: None)
            before = str(inline_svg(svg, labelledby="t", variant=variant, slim=True))
        return before, slimmed

    pairs = []
    for loc in ("it", "en"):
        for chart_id in story.charts:
            files = layout.chart_files(loc, chart_id)
            for rel, variant in ((files.svg, "wide"), (files.svg_narrow, "narrow")):
                pairs.append(both((built_site / rel).read_text(encoding="utf-8"), variant))
    assert all(len(after) < len(before) for before, after in pairs)
    with serve(built_site) as base, sync_api.sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 800, "height": 900}, color_scheme=scheme)
        page.route("**/*.js", lambda route: route.abort())
        page.goto(f"{base}en/index.html")
        for before, after in pairs:
            shots = []
            for drawing in (before, after):
                page.evaluate(_SHOW, drawing)
                shots.append(page.locator("#stage").screenshot())
            assert shots[0] == shots[1], before[:120]
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("loc", ["it", "en"])
def test_turning_the_tooltips_on_restyles_the_marks_not_the_drawings(built_site, loc):
    """charts.js makes each chart a group of marks (role="group"), which the stylesheet
    reads for the pointer's shape: Chromium then restyles the marks, not every element
    of every drawing (a rule on `[role="group"] *` made it restyle ~900 elements, a
    long task on a phone). Counted in Chromium's own trace, not timed."""
    sync_api = _needs_chromium()
    page_file = (built_site / layout.page(loc)).read_text(encoding="utf-8")
    marks = page_file.count("data-tip-label=")
    with serve(built_site) as base, sync_api.sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.route(f"**/{layout.CHARTS_JS}", lambda route: route.abort())
        page.goto(f"{base}{loc}/index.html")
        page.evaluate("document.fonts.ready.then(() => document.body.offsetHeight)")
        page.unroute(f"**/{layout.CHARTS_JS}")
        browser.start_tracing(page=page, categories=["devtools.timeline"])
        page.add_script_tag(url=f"{base}{layout.CHARTS_JS}")
        page.evaluate("document.body.offsetHeight")  # the style and layout it causes
        assert page.locator("svg.chart-svg").first.get_attribute("role") == "group"
        trace = json.loads(browser.stop_tracing())
        browser.close()
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    restyled = sum(
        e.get("args", {}).get("elementCount", 0) for e in events if e["name"] == "UpdateLayoutTree"
    )
    assert 0 < restyled <= marks + 50, (restyled, marks)
