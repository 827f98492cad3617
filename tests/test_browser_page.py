"""The built site in a real Chromium (Playwright): readable without JavaScript, no request
leaves the site, no accessibility violations (axe-core), links land, embeds resize, and
screenshots at phone and desktop widths in both colour schemes for a person to look at.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from html import escape, unescape
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from explainer.facts.numbers import format_fact
from explainer.facts.story import Correction, Story
from explainer.site import layout
from explainer.site.layout import RenderedChart
from explainer.site.page import render_site
from tests.browsing import ARGS, CHROMIUM

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PAGES = (layout.INDEX, "it/index.html", "en/index.html")
EVIL_SCRIPT = "<script>alert(1)</script>"


# ----------------------------------------------------------------------------- placeholder site
# Placeholder sites: render_site with simple SVGs shaped like the exporter's, tiny PNGs and
# a fake CSV. Used for the injection test below (a poisoned story needs no real charts), and
# by tests that need a site with hostile text (the real build is `built_site`).


def _png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _placeholder_svg(text: str) -> str:
    return (
        '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" style="width:100%;height:auto" '
        'viewBox="0 0 720 400"><rect x="0" y="0" width="720" height="400" '
        'style="fill: rgb(244, 246, 250); fill-opacity: 1;"/>'
        '<rect x="40" y="60" width="640" height="280" '
        'style="fill: rgb(31, 119, 180); fill-opacity: 0.25;"/>'
        '<text x="360" y="210" text-anchor="middle" style="font-family: \'Inter\', sans-serif; '
        f'font-size: 28px; fill: rgb(30, 30, 30); white-space: pre;">{escape(text)}</text></svg>'
    )


def write_placeholder_site(story: Story, out: Path, corrections: Sequence[Correction] = ()) -> Path:
    charts = {}
    extra: dict[str, bytes] = {}
    for loc in story.locales:
        extra[layout.social_card(loc)] = _png(12, 6)
        for cid, chart in story.charts.items():
            files = layout.chart_files(loc, cid)
            svg = _placeholder_svg(f"{chart.title[loc]} (placeholder)")
            charts[(loc, cid)] = RenderedChart(
                cid, loc, svg, f"{chart.title[loc]}: placeholder.", files, 720, 400
            )
            extra |= {
                files.svg: svg.encode(),
                files.png: _png(),
                files.png2x: _png(2, 2),
                files.csv: b"label,value\nx,1\n",
                files.alt: b"placeholder\n",
            }
    site = render_site(
        story,
        charts,
        list(corrections),
        social_cards={loc: layout.social_card(loc) for loc in story.locales},
    )
    for rel, data in {**extra, **site}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out


# ----------------------------------------------------------------------------- server and browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 on a free port, in a thread, for the `with` block."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")  # closed with the module: one sync Playwright at a time
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (set BROWSER_PATH)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _origin(url: str) -> str:
    u = urlparse(url)
    return f"{u.scheme}://{u.netloc}"


@dataclasses.dataclass
class Watched:
    page: object
    foreign: list[str]
    errors: list[str]
    dialogs: list[str]


@pytest.fixture
def open_page(browser, site_url) -> Iterator[Callable[..., Watched]]:
    """A page in a fresh context: requests outside the site are recorded and refused."""
    contexts = []

    def make(
        *,
        js: bool = True,
        scheme: str = "light",
        width: int = 1280,
        height: int = 900,
        origins: tuple[str, ...] = (),
    ) -> Watched:
        ctx = browser.new_context(
            java_script_enabled=js,
            color_scheme=scheme,
            reduced_motion="reduce",
            viewport={"width": width, "height": height},
        )
        contexts.append(ctx)
        own = {_origin(o) for o in (site_url, *origins)}
        w = Watched(ctx.new_page(), [], [], [])

        def route(r):
            url = r.request.url
            if _origin(url) in own:
                r.continue_()
            else:
                w.foreign.append(url)
                r.abort()

        ctx.route("**/*", route)
        w.page.on("console", lambda m: m.type == "error" and w.errors.append(m.text))
        w.page.on("pageerror", lambda e: w.errors.append(str(e)))

        def dialog(d):
            w.dialogs.append(d.message)
            d.dismiss()

        w.page.on("dialog", dialog)
        return w

    yield make
    for ctx in contexts:
        ctx.close()


# ----------------------------------------------------------------------------- reading without JS


@pytest.mark.parametrize("loc", ["it", "en"])
def test_charts_and_facts_visible_without_javascript(open_page, site_url, story, loc):
    w = open_page(js=False)
    w.page.goto(f"{site_url}/{loc}/index.html")
    svgs = w.page.locator("svg.chart-svg:visible")  # one of each chart's two drawings
    assert svgs.count() == len(story.charts)
    for i in range(svgs.count()):
        svg = svgs.nth(i)
        svg.scroll_into_view_if_needed()
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 250 and box["height"] > 100, box
        # Plotly's styling survives the CSP: the background is not the default black
        fill = svg.locator("rect").first.evaluate("e => getComputedStyle(e).fill")
        assert fill != "rgb(0, 0, 0)", fill
    for fid, fact in story.facts.items():
        entry = w.page.locator(f"#fact-{fid}")
        assert entry.is_visible(), fid
        assert format_fact(fact, story, loc, "unit") in entry.inner_text().replace("\n", " "), fid
    assert not w.errors and not w.foreign


@pytest.mark.parametrize("loc", ["it", "en"])
def test_number_links_land_on_their_fact(open_page, site_url, loc):
    w = open_page(js=False)
    w.page.goto(f"{site_url}/{loc}/index.html")
    links = w.page.locator("a.fact")
    hrefs = list(dict.fromkeys(links.nth(i).get_attribute("href") for i in range(links.count())))
    assert hrefs
    for href in hrefs:
        w.page.locator(f'a.fact[href="{href}"]').first.click()
        assert urlparse(w.page.url).fragment == href[1:]
        target = w.page.locator(href)
        sync_api.expect(target).to_be_in_viewport()
        assert target.evaluate("e => e.matches(':target')")
        bg = target.evaluate("e => getComputedStyle(e).backgroundColor")
        assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), "the fact is not highlighted"


def test_print_shows_descriptions_and_hides_tools(open_page, site_url):
    w = open_page()
    w.page.emulate_media(media="print")
    w.page.goto(f"{site_url}/en/index.html")
    assert w.page.locator(".chart-alt p").first.is_visible()  # details printed open
    assert not w.page.locator("details.embed").first.is_visible()
    assert not w.page.locator(".downloads").first.is_visible()
    assert not w.page.locator(".lang-switch").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_works_opened_from_disk(open_page, built_site, path):
    """file:// — no server: the stylesheet still applies and nothing fails."""
    w = open_page(origins=("file://",))
    w.page.goto((built_site / path).as_uri())
    assert w.page.evaluate("document.styleSheets.length") == 1
    assert w.page.evaluate("getComputedStyle(document.body).margin") == "0px"
    for href in w.page.locator("main a[href]:not([href^='http']):not([href^='#'])").evaluate_all(
        "els => els.map(e => e.href)"
    ):
        assert href.startswith("file://"), href
    assert w.errors == [] and w.foreign == []


# ----------------------------------------------------------------------------- phone and desktop


_SHOWN = """els => els.map(e => {
    const box = e.getBoundingClientRect();
    const scale = box.width / e.viewBox.baseVal.width;
    const sizes = [...e.querySelectorAll('text')]
        .map(t => parseFloat(getComputedStyle(t).fontSize));
    return {cls: e.getAttribute('class'), display: getComputedStyle(e).display,
            width: box.width, smallest: Math.min(...sizes) * scale};
})"""


@pytest.mark.parametrize(
    ("width", "shown", "hidden"), [(375, "narrow", "wide"), (1280, "wide", "narrow")]
)
@pytest.mark.parametrize("path", ["it/index.html", "en/index.html"])
def test_the_drawing_that_fits_the_screen_is_the_one_shown(
    open_page, site_url, story, path, width, shown, hidden
):
    """Each chart comes drawn at 720 and 360 px: a phone shows the 360 px one at about
    1:1 (chart text >= 13 px on screen), a desktop the 720 px one; the other is
    display:none, so assistive technology meets each chart once."""
    w = open_page(width=width)
    w.page.goto(f"{site_url}/{path}")
    n = len(story.charts)
    on = w.page.locator(f"svg.chart-{shown}").evaluate_all(_SHOWN)
    off = w.page.locator(f"svg.chart-{hidden}").evaluate_all(_SHOWN)
    assert len(on) == len(off) == n
    assert all(s["display"] == "block" for s in on), on
    assert all(s["display"] == "none" for s in off), off
    for s in on:
        assert s["smallest"] >= 13, s
        if shown == "narrow":
            assert 340 <= s["width"] <= 432, s  # full width of the phone, about 1:1
    # the accessibility tree holds one image per chart, not two (a group of marks once
    # assets/charts.js has made them focusable)
    images = [*w.page.get_by_role("img").all(), *w.page.get_by_role("group").all()]
    assert len([i for i in images if "chart-svg" in (i.get_attribute("class") or "")]) == n
    assert w.page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0


# For each chart: the left edges of its drawing, of the drawing's title (its topmost line
# of text that begins the chart's title) and of everything that follows the drawing in the figure.
_EDGES = """figs => figs.map(fig => {
    const svg = [...fig.querySelectorAll('svg.chart-svg')]
        .find(s => getComputedStyle(s).display !== 'none');
    const title = fig.querySelector('.chart-title').textContent.trim();
    const heads = [...svg.querySelectorAll('text')]
        .map(t => t.querySelector('tspan.line') || t)  // a wrapped title's first line
        .filter(t => t.textContent.trim() && title.startsWith(t.textContent.trim()))
        .map(t => t.getBoundingClientRect())
        .sort((a, b) => a.top - b.top);
    const after = [...fig.querySelectorAll(':scope > .chart-alt summary, :scope > .downloads, '
        + ':scope > details.embed summary, :scope > .back')];
    const left = e => {  // where its content starts (a summary's, at its marker)
        const css = getComputedStyle(e);
        return e.getBoundingClientRect().left + parseFloat(css.paddingLeft)
            + parseFloat(css.borderLeftWidth);
    };
    return {id: fig.id, drawing: svg.getBoundingClientRect().left,
            title: heads.length ? heads[0].left : null, after: after.map(left)};
})"""


@pytest.mark.parametrize(
    ("width", "scheme"), [(1280, "light"), (700, "light"), (1280, "dark"), (700, "dark")]
)
@pytest.mark.parametrize("path", ["it/index.html", "en/index.html"])
def test_what_follows_a_chart_lines_up_with_it(open_page, site_url, story, path, width, scheme):
    """On a light page nothing shows the drawing's edge, so a chart's description,
    downloads and embed code line up with the text the drawing sets inside it (its
    title); in dark mode the drawing is a card, and they line up with the card's edge."""
    w = open_page(width=width, scheme=scheme)
    w.page.goto(f"{site_url}/{path}")
    charts = w.page.locator("figure.chart").evaluate_all(_EDGES)
    assert len(charts) == len(story.charts)
    for c in charts:
        assert len(c["after"]) == 3, c  # description, downloads, embed code
        _lined_up(c, scheme)


def _lined_up(chart: dict, scheme: str) -> None:
    target = chart["title"] if scheme == "light" else chart["drawing"] - 8  # the card's 0.5rem
    assert target is not None, chart
    for left in chart["after"]:
        assert abs(left - target) <= 1, chart


@pytest.mark.parametrize(
    ("width", "scheme"), [(420, "light"), (900, "light"), (420, "dark"), (900, "dark")]
)
def test_what_follows_an_embedded_chart_lines_up_with_it(open_page, site_url, story, width, scheme):
    """The same in an embed, whose frame may be a phone's width: there the phone's drawing
    fills the frame, and its own text is further in than the page's would be."""
    w = open_page(width=width, scheme=scheme)
    for chart_id in story.charts:
        w.page.goto(f"{site_url}/en/charts/{chart_id}.embed.html")
        (c,) = w.page.locator("figure.chart").evaluate_all(_EDGES)
        assert len(c["after"]) == 2, c  # description, the link back to the story
        _lined_up(c, scheme)


@pytest.mark.parametrize(("width", "shown"), [(420, "narrow"), (900, "wide")])
def test_an_embed_shows_the_drawing_that_fits_its_frame(open_page, site_url, width, shown):
    w = open_page(width=width)
    w.page.goto(f"{site_url}/it/charts/clients_waffle.embed.html")
    (on,) = w.page.locator("svg.chart-svg:visible").evaluate_all(_SHOWN)
    assert on["cls"].endswith(f"chart-{shown}") and on["smallest"] >= 13, on


def test_the_charts_font_comes_from_the_site_itself(open_page, site_url):
    """The inline SVGs ask for Inter: the page loads it from its own assets/ folder, so the
    chart text has the widths it was laid out with (the PNGs' font)."""
    w = open_page(width=375)
    fonts: list[str] = []
    w.page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    w.page.goto(f"{site_url}/en/index.html")
    w.page.wait_for_load_state("networkidle")
    faces = w.page.evaluate(
        """async () => { await document.fonts.ready;
        return [...document.fonts].map(f => [f.family.replaceAll('"', ''), f.status]); }"""
    )
    # "Inter fallback" is the reader's own Arial (local(), no request) with Inter's metrics
    assert [f for f in faces if f[0] != "Inter fallback"] == [["Inter", "loaded"]]
    assert fonts == [f"{site_url}/{layout.FONT}"]
    family = w.page.locator("svg.chart-narrow text").first.evaluate(
        "e => getComputedStyle(e).fontFamily"
    )
    assert family.startswith("Inter")
    assert w.errors == [] and w.foreign == []


# ----------------------------------------------------------------------------- requests, errors


def test_no_console_errors_and_no_request_leaves_the_site(open_page, site_url, built_site):
    w = open_page()
    embeds = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.glob("*/charts/*.embed.html")
    )
    assert embeds
    for path in (*PAGES, *embeds):
        w.page.goto(f"{site_url}/{path}")
        w.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        w.page.wait_for_load_state("load")
    assert w.errors == []
    assert w.foreign == []


def _attr_urls(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[href], [src]')].map(e => ({
            tag: e.tagName.toLowerCase(), rel: e.getAttribute('rel'), cls: e.getAttribute('class'),
            href: e.getAttribute('href'), src: e.getAttribute('src')}))"""
    )


def test_every_link_resolves_to_a_file_of_the_site(open_page, site_url, built_site):
    w = open_page()
    ids: dict[str, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[str(path)] = set(re.findall(r'\sid="([^"]+)"', path.read_text(encoding="utf-8")))
        return ids[str(path)]

    embeds = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.glob("*/charts/*.embed.html")
    )
    checked = 0
    for path in (*PAGES, *embeds):
        page_url = f"{site_url}/{path}"
        w.page.goto(page_url)
        for item in _attr_urls(w.page):
            url = item["href"] if item["href"] is not None else item["src"]
            if item["rel"] == "icon" and url == "data:,":
                continue
            absolute = urljoin(page_url, url)
            if not absolute.startswith(site_url + "/"):
                allowed = (item["tag"] == "link" and item["rel"] in ("canonical", "alternate")) or (
                    item["tag"] == "a" and item["cls"] == "source-link"
                )
                assert allowed and item["src"] is None, f"{path}: {item}"
                continue
            u = urlparse(absolute)
            file = built_site / u.path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            assert file.is_file(), f"{path}: {url} -> {file} is missing"
            if u.fragment:
                assert u.fragment in ids_of(file), f"{path}: {url} has no target"
            checked += 1
    assert checked > 50


# ----------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", [*PAGES, "it/charts/money.embed.html", "en/charts/where.embed.html"]
)
def test_axe_finds_no_violations(open_page, site_url, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    w = open_page(scheme=scheme)
    w.page.goto(f"{site_url}/{path}")
    results = Axe().run(w.page)
    assert results.violations_count == 0, results.generate_report()


# ----------------------------------------------------------------------------- embeds


def _snippet(page, chart_id: str, story: Story, site_url: str, page_url: str) -> str:
    """The embed code a reader copies, pointed at the test server instead of base_url."""
    code = unescape(page.locator(f"#chart-{chart_id}-embed").input_value())

    def local(m: re.Match) -> str:
        url = m.group(2)
        if story.base_url and url.startswith(story.base_url):
            url = f"{site_url}/" + url[len(story.base_url) :].lstrip("/")
        return f'{m.group(1)}="{urljoin(page_url, url)}"'

    return re.sub(r'(src)="([^"]*)"', local, code)


def test_embed_resizes_its_iframe(open_page, site_url, story, tmp_path):
    """A host page on another origin pastes two embed snippets; embed.js sizes both."""
    reader = open_page()
    page_url = f"{site_url}/it/index.html"
    reader.page.goto(page_url)
    first = _snippet(reader.page, "headline", story, site_url, page_url)
    second = _snippet(reader.page, "money", story, site_url, page_url)
    assert "<iframe" in first and "embed.js" in first
    (tmp_path / "host.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
        '<link rel="icon" href="data:,"></head>'
        '<body><main><h1>A news site</h1><div style="width:420px">' + first + "</div>"
        "<p>Text between the charts.</p><div>" + second + "</div></main></body></html>",
        encoding="utf-8",
    )
    # Another origin (port) on the same loopback address: Chromium's local-network rules
    # refuse a public origin embedding from 127.0.0.1, which is beside the point here.
    with serve(tmp_path) as host:
        w = open_page(origins=(host,), width=1000)
        w.page.goto(f"{host}/host.html")
        _check_resizing(w, first, second)


def _check_resizing(w: Watched, first: str, second: str) -> None:
    def settled() -> list[tuple[int, int]]:
        """(iframe height, content height of its document) for each embed, once set."""
        w.page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].every(f => f.style.height !== '')"
        )
        out = []
        for i, frame_el in enumerate(w.page.locator("iframe").all()):
            frame = frame_el.element_handle().content_frame()
            want = frame.evaluate(
                "Math.ceil(document.documentElement.getBoundingClientRect().height)"
            )
            w.page.wait_for_function(
                "([i, h]) => document.querySelectorAll('iframe')[i]"
                ".getBoundingClientRect().height === h",
                arg=[i, want],
            )
            got = frame_el.evaluate("f => f.getBoundingClientRect().height")
            assert frame.evaluate("document.documentElement.scrollHeight <= innerHeight + 1")
            out.append((round(got), want))
        return out

    before = settled()
    initial = [int(h) for h in re.findall(r'height="(\d+)"', first + second)]
    for (got, want), start in zip(before, initial, strict=True):
        assert got == want and got != start
    w.page.set_viewport_size({"width": 480, "height": 900})
    w.page.wait_for_function(
        "h => document.querySelectorAll('iframe')[1].getBoundingClientRect().height < h",
        arg=before[1][0],
    )
    after = settled()
    assert after[1][0] < before[1][0] and after[0] == before[0]
    assert w.errors == [] and w.foreign == []


# ----------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("loc", ["it", "en"])
def test_screenshots(open_page, site_url, loc, width, scheme):
    """Full-page screenshots for people to look at; the page never scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w = open_page(width=width, scheme=scheme)
    w.page.goto(f"{site_url}/{loc}/index.html")
    overflow = w.page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {width}px viewport"
    path = SCREENSHOTS / f"{loc}-{width}-{scheme}.png"
    w.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    if loc == "it":
        w.page.goto(f"{site_url}/index.html")
        w.page.screenshot(path=str(SCREENSHOTS / f"index-{width}-{scheme}.png"), full_page=True)
        w.page.goto(f"{site_url}/it/charts/headline.embed.html")
        w.page.screenshot(path=str(SCREENSHOTS / f"embed-{width}-{scheme}.png"), full_page=True)


# ----------------------------------------------------------------------------- injection


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory, story: Story) -> Iterator[str]:
    evil = f"{EVIL_SCRIPT} <img src=x onerror=alert(1)>"
    first = next(iter(story.facts))
    facts = {
        **story.facts,
        first: dataclasses.replace(
            story.facts[first],
            label={k: f"{v} {evil}" for k, v in story.facts[first].label.items()},
            quote=f"{evil} {story.facts[first].quote}",
        ),
    }
    sections = (
        dataclasses.replace(
            story.sections[0],
            body={
                k: f"{v}\n\n{evil} [click](javascript:alert(1))\n"
                for k, v in story.sections[0].body.items()
            },
        ),
        *story.sections[1:],
    )
    bad = dataclasses.replace(
        story,
        title={k: f"{v} {evil}" for k, v in story.title.items()},
        facts=facts,
        sections=sections,
    )
    text = {loc: evil for loc in story.locales}
    correction = Correction("2019-09-24", first, text, text, text, text)
    out = write_placeholder_site(bad, tmp_path_factory.mktemp("evil-site"), [correction])
    with serve(out) as url:
        yield url


def test_injected_script_shows_as_text(open_page, evil_site):
    w = open_page(origins=(evil_site,))
    w.page.goto(f"{evil_site}/it/index.html")
    w.page.wait_for_load_state("load")
    assert EVIL_SCRIPT in w.page.locator("h1").inner_text()
    assert EVIL_SCRIPT in w.page.locator("main .prose").first.inner_text()
    assert w.page.locator("main img").count() == 0
    w.page.get_by_text("[click](javascript:alert(1))").click()
    w.page.wait_for_timeout(200)
    assert w.dialogs == []
    assert w.errors == [] and w.foreign == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_corrections_and_odd_text(open_page, evil_site, scheme):
    """The corrections box (absent from the reference story) passes axe too."""
    from axe_playwright_python.sync_playwright import Axe

    w = open_page(origins=(evil_site,), scheme=scheme)
    w.page.goto(f"{evil_site}/it/index.html")
    assert w.page.locator("section.corrections li").count() == 1
    results = Axe().run(w.page)
    assert results.violations_count == 0, results.generate_report()
