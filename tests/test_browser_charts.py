"""Inline charts in a real Chromium: they follow the reader's dark mode, and each mark that
carries a fact shows a tooltip on focus, hover or tap (assets/charts.js).

Each chart kind's card is screenshot in both schemes at phone and desktop width and its
mean luminance compared; text and marks are checked for contrast against the chart's
own background as the browser paints them. Tab reaches a mark in every chart and its
tooltip says the value as "Facts and sources" writes it. With JavaScript off the page is
the same as with the script loaded and unused. Screenshots for a person to look at go
to tests/artifacts/screenshots/charts/.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from explainer.charts import theme
from explainer.facts.numbers import format_fact
from explainer.facts.story import Story
from tests.browsing import ARGS, CHROMIUM, serve

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "artifacts" / "screenshots" / "charts"
MARK = "svg.chart-svg:visible [data-tip-label]"

_LUMINANCE = """async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4)
        sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
    return sum / (d.length / 4);
}"""

#: Every painted text and mark of a chart, as the browser computes their colours.
_PAINTS = """svg => {
    const bg = getComputedStyle(svg.querySelector('rect')).fill;
    const texts = [...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && getComputedStyle(t).fillOpacity !== '0')
        .map(t => getComputedStyle(t).fill);
    const marks = [...svg.querySelectorAll('[data-tip-label]')].map(m => {
        const paint = m.matches('g') ? m.querySelector('text') : m;
        const s = getComputedStyle(paint);
        return {place: m.getAttribute('data-place'), fill: s.fill,
                stroke: parseFloat(s.strokeWidth) > 0 ? s.stroke : 'none'};
    });
    return {bg, texts, marks};
}"""


#: Whether the focus ring (drawn by the script in the page) is shown around element e.
_RINGED = """() => { const ringed = e => {
    const ring = document.querySelector('.chart-ring');
    if (!ring || ring.hidden) return false;
    const a = ring.getBoundingClientRect(), b = e.getBoundingClientRect();
    return getComputedStyle(ring).borderTopWidth === '3px' && a.left < b.left
        && a.top < b.top && a.right > b.right && a.bottom > b.bottom;
}"""


def _hex(css: str) -> str | None:
    m = re.fullmatch(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)", css)
    if not m or (m.group(4) is not None and float(m.group(4)) == 0):
        return None
    return "#" + "".join(f"{int(m.group(i)):02X}" for i in (1, 2, 3))


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")  # one browser for the module
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no Chromium at {CHROMIUM} (set BROWSER_PATH)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """A page in a fresh context; its console errors are kept in `page.errors`."""
    contexts = []

    def make(*, scheme: str = "light", width: int = 1280, js: bool = True, **options: Any):
        ctx = browser.new_context(
            color_scheme=scheme,
            java_script_enabled=js,
            reduced_motion="reduce",
            viewport={"width": width, "height": 900},
            **options,
        )
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        return page

    yield make
    for ctx in contexts:
        ctx.close()


def _ready(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => 1)")


# ----------------------------------------------------------------------------- dark mode


@pytest.mark.parametrize("width", [375, 1280])
def test_charts_follow_the_readers_dark_mode(open_page, site_url, story: Story, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    scratch = open_page()  # a blank page to measure screenshots in (no CSP of ours)
    luminance: dict[str, dict[str, float]] = {}
    for scheme in ("light", "dark"):
        page = open_page(scheme=scheme, width=width)
        _ready(page, f"{site_url}/en/index.html")
        for cid, chart in story.charts.items():
            card = page.locator(f"#chart-{cid} .chart-card")
            card.scroll_into_view_if_needed()
            shot = card.screenshot(path=SHOTS / f"{cid}-{scheme}-{width}.png")
            mean = scratch.evaluate(_LUMINANCE, base64.b64encode(shot).decode())
            luminance.setdefault(f"{cid} ({chart.kind})", {})[scheme] = round(mean)
            paints = page.locator(f"#chart-{cid} svg.chart-svg:visible").evaluate(_PAINTS)
            bg = _hex(paints["bg"])
            assert bg == (theme.BACKGROUND if scheme == "light" else theme.DARK_BACKGROUND)
            on_marks = {bg}  # a bar's value inside the bar is painted in the background
            for fill in {_hex(t) for t in paints["texts"]} - on_marks - {None}:
                assert theme.contrast(fill, bg) >= 4.5, (cid, scheme, fill)
            for m in paints["marks"]:
                if m["place"] and story.places[m["place"]].is_region:
                    continue  # a region is a lighter tint on purpose, in both themes
                paint = [h for h in (_hex(m["fill"]), _hex(m["stroke"])) if h]
                best = max(theme.contrast(h, bg) for h in paint)
                assert best >= 3, (cid, scheme, m)
        assert page.errors == []
    for name, pair in luminance.items():
        assert pair["light"] > 200, (name, pair)
        assert pair["dark"] < 90 and pair["dark"] < pair["light"] - 120, (name, pair)
    print(f"mean luminance of each chart at {width} px, light → dark: {luminance}")


def test_an_embed_follows_the_readers_dark_mode(open_page, site_url):
    page = open_page(scheme="dark", width=600)
    _ready(page, f"{site_url}/it/charts/money.embed.html")
    paints = page.locator("svg.chart-svg:visible").evaluate(_PAINTS)
    assert _hex(paints["bg"]) == theme.DARK_BACKGROUND
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert theme.contrast(_hex(body) or "#FFFFFF", "#000000") < 1.5  # dark page
    mark = page.locator(MARK).first
    mark.focus()
    link = page.locator("#chart-tip a")
    assert link.get_attribute("href").startswith("../index.html#fact-")
    assert link.get_attribute("target") == "_blank"
    assert page.errors == []


# ----------------------------------------------------------------------------- tooltips


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 375)])
def test_tab_reaches_a_mark_in_every_chart_and_shows_its_value(
    open_page, site_url, story: Story, scheme: str, width: int
):
    page = open_page(scheme=scheme, width=width)
    _ready(page, f"{site_url}/en/index.html")
    reached: dict[str, dict] = {}
    for _ in range(400):
        page.keyboard.press("Tab")
        here = page.evaluate(
            _RINGED
            + """; const e = document.activeElement;
            const t = document.getElementById('chart-tip');
            if (!e || !e.matches('[data-tip-label]')) return null;
            return {chart: e.closest('figure').id, fact: e.getAttribute('data-fact'),
                    place: e.getAttribute('data-place'), value: e.getAttribute('data-tip-value'),
                    role: e.getAttribute('role'), described: e.getAttribute('aria-describedby'),
                    tip: t && !t.hidden ? t.innerText : null, tipRole: t && t.getAttribute('role'),
                    ring: ringed(e)}; }"""
        )
        if here and here["chart"] not in reached:
            reached[here["chart"]] = here
            page.locator(f"#{here['chart']}").screenshot(
                path=SHOTS / f"focus-{here['chart']}-{scheme}-{width}.png"
            )
        if len(reached) == len(story.charts):
            break
    assert set(reached) == {f"chart-{c}" for c in story.charts}
    for chart, r in reached.items():
        assert r["tip"] and r["value"] in r["tip"], (chart, r)
        assert r["described"] == "chart-tip" and r["tipRole"] == "tooltip", r
        assert r["role"] == "link" and r["ring"], r
        if r["fact"]:
            fact = story.facts[r["fact"]]
            assert r["value"] == format_fact(fact, story, "en", "unit")
            assert "Facts and sources" in r["tip"]
    assert page.errors == []


def _lands_on(page, fragment: str) -> None:
    """The page's address ends with `fragment`, once Chromium has told Playwright of the
    move (a same-page move is reported after the key press or click returns: reading
    `page.url` at once raced with it)."""
    sync_api.expect(page).to_have_url(re.compile(re.escape(fragment) + "$"))


def test_hover_escape_and_enter(open_page, site_url):
    page = open_page()
    _ready(page, f"{site_url}/en/index.html")
    tip = page.locator("#chart-tip")
    bar = page.locator(f"#chart-money {MARK}").nth(1)
    bar.scroll_into_view_if_needed()
    bar.hover()
    assert tip.is_visible() and bar.get_attribute("data-tip-value") in tip.inner_text()
    page.mouse.move(2, 2)
    sync_api.expect(tip).to_be_hidden()  # after charts.js's grace of 300 ms, however busy
    # hover, then into the tooltip: it stays (WCAG 1.4.13), and its link works
    bar.hover()
    link = tip.locator("a")
    link.hover()
    page.wait_for_timeout(500)
    assert tip.is_visible()
    link.click()
    _lands_on(page, "#fact-revenue_yearly")
    assert page.locator("#fact-revenue_yearly").evaluate("e => e.matches(':target')")
    # the keyboard: Escape hides, Enter follows the mark's link
    dot = page.locator(f"#chart-scale {MARK}").first
    dot.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert page.evaluate(_RINGED + "; return ringed(document.activeElement); }")  # still focused
    page.keyboard.press("Enter")
    _lands_on(page, "#fact-platforms")
    assert page.errors == []


def test_touch_tap_shows_and_a_tap_elsewhere_hides(open_page, site_url):
    page = open_page(width=375, has_touch=True, is_mobile=True)
    _ready(page, f"{site_url}/it/index.html")
    tip = page.locator("#chart-tip")
    country = page.locator(f"#chart-where {MARK}").first
    country.scroll_into_view_if_needed()
    country.tap()
    assert tip.is_visible() and country.get_attribute("data-tip-label") in tip.inner_text()
    page.locator(".standfirst").tap()
    assert not tip.is_visible()
    page.locator(f"#chart-headline {MARK}").first.tap()
    assert tip.is_visible()
    assert page.errors == []


# ----------------------------------------------------------------------------- without JS


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 375)])
def test_without_javascript_nothing_changes(open_page, site_url, scheme: str, width: int):
    """The script only adds what a focus, a hover or a tap shows."""
    shots, texts = [], []
    for js in (True, False):
        page = open_page(scheme=scheme, width=width, js=js)
        _ready(page, f"{site_url}/en/index.html")
        page.wait_for_timeout(200)
        texts.append(page.locator("body").inner_text())
        shots.append(page.screenshot(full_page=True))
        tabbable = page.locator("svg.chart-svg [tabindex]").count()
        assert (tabbable > 0) == js
        assert page.errors == []
    assert texts[0] == texts[1]
    assert shots[0] == shots[1]
