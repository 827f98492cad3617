"""Inline charts in dark mode and their tooltips' data, without a browser.

The dark theme's contrast (the light theme's is in test_charts.py), a dark class for
every colour an inline chart paints with and a stylesheet rule for each, the marks every
chart kind carries (in the reference build and in the golden builds of the test
stories, right-to-left Arabic among them), and the tooltip script's size. What a reader
sees is in test_browser_charts.py.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explainer.charts import theme
from explainer.charts._geo import COUNTRIES
from explainer.facts.numbers import format_fact
from explainer.facts.story import Chart, Story
from explainer.site import dark, layout, marks
from explainer.site.page import inline_svg, static_file
from tests.conftest import ROOT

SVG = re.compile(r"<svg [^>]*class=\"main-svg chart-svg[^\"]*\".*?</svg>", re.S)
GOLDEN = ROOT / "tests" / "golden"
STORIES = {
    "rainfall": "rainfall.yaml",
    "minimal": "minimal.yaml",
    "vendanges": "vendanges.yaml",
    "dessalement": "dessalement.yaml",
}


# ----------------------------------------------------------------------------- the theme


def test_dark_theme_contrast() -> None:
    bg, d = theme.DARK_BACKGROUND, theme.dark
    for colour in theme.PALETTE[:4]:
        assert theme.contrast(d(colour), bg) >= 3, colour  # marks
    for colour in (*theme.TEXT_COLOURS.values(), theme.INK, theme.INK_SOFT, theme.INK_FAINT):
        assert theme.contrast(d(colour), bg) >= 4.5, colour  # text
    # text on a mark or a box: a bar's value inside it, a flow stage's value and mark
    assert theme.contrast(d(theme.BACKGROUND), d(theme.PRIMARY)) >= 4.5
    for colour in (theme.text_colour(theme.PRIMARY), theme.INK, theme.INK_FAINT):
        assert theme.contrast(d(colour), d(theme.TINT)) >= 4.5, colour
    # a flow's arrows and a ladder's dots on their gridlines; a map's places on its land
    assert theme.contrast(d(theme.PRIMARY), d(theme.GRID)) >= 3
    for colour in theme.PALETTE[:4]:
        assert theme.contrast(d(colour), d(theme.LAND)) >= 3, colour
    # a waffle's highlighted squares stand out from the others as much as in light
    assert theme.contrast(d(theme.HIGHLIGHT), d(theme.CONTEXT)) >= theme.contrast(
        theme.HIGHLIGHT, theme.CONTEXT
    )


def test_every_theme_colour_has_a_dark_one() -> None:
    light = {v for k, v in vars(theme).items() if k.isupper() and isinstance(v, str)}
    light = {v for v in light if v.startswith("#") and v != theme.DARK_BACKGROUND}
    light |= {*theme.PALETTE, *theme.TEXT_COLOURS.values()}
    light -= set(theme.DARK.values())
    assert light
    for colour in light:
        assert theme.dark(colour), colour
    # a tint of a palette colour (a map's region) is the same tint of its dark colour
    for colour in theme.PALETTE:
        for amount in (0.3, 0.5, 0.65):
            assert theme.dark(theme.tint(colour, amount)) == theme.mix(
                theme.DARK[colour], theme.DARK_BACKGROUND, amount
            )
    assert theme.dark("#123456") is None


@pytest.mark.parametrize(
    ("value", "hexa"),
    [
        ("rgb(0, 114, 178)", "#0072B2"),
        ("#0072b2", "#0072B2"),
        ("#fff", "#FFFFFF"),
        ("rgba(27,27,27,0.5)", "#1B1B1B"),
        ("rgba(0, 0, 0, 0)", None),
        ("none", None),
        ("url(#g)", None),
    ],
)
def test_hex_colour(value: str, hexa: str | None) -> None:
    assert dark.hex_colour(value) == hexa


def test_inline_svg_names_theme_colours_and_keeps_them() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<rect style="fill: rgb(255, 255, 255); stroke: rgb(0, 114, 178)"/>'
        '<text style="fill: rgb(27, 27, 27)">a<tspan style="fill:#5F5F5F">b</tspan></text>'
        '<rect class="bg" style="fill: rgb(12, 34, 56)"/></svg>'
    )
    out = str(inline_svg(svg, labelledby="t"))
    assert (
        '<rect fill="rgb(255, 255, 255)" stroke="rgb(0, 114, 178)" class="cf-ffffff cs-0072b2"/>'
        in out
    )
    assert 'fill="rgb(27, 27, 27)" class="cf-1b1b1b"' in out
    assert 'fill="#5F5F5F" class="cf-5f5f5f"' in out
    assert 'class="bg" fill="rgb(12, 34, 56)"/>' in out  # not a theme colour: as it was
    css = dark.stylesheet([out.encode()])
    assert css.count("{\n    fill:") == 3 and css.count("{\n    stroke:") == 1
    assert "@media screen and (prefers-color-scheme: dark)" in css


# ----------------------------------------------------------------------------- the built site


def _svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m.group(0)) for m in SVG.finditer(html)]


def _visible(el: ET.Element, prop: str) -> bool:
    return all(el.get(a, "1") not in ("0", "0.0") for a in ("opacity", f"{prop}-opacity"))


def test_every_colour_an_inline_chart_paints_with_turns_dark(built_site: Path) -> None:
    css = (built_site / layout.CSS).read_text(encoding="utf-8")
    dark_css = css[css.index("@media screen and (prefers-color-scheme: dark)") :]
    pages = [built_site / layout.page(loc) for loc in ("it", "en")]
    pages += sorted(built_site.glob("*/charts/*.embed.html"))
    seen = set()
    for page in pages:
        for svg in _svgs(page.read_text(encoding="utf-8")):
            for el in svg.iter():
                for prop, prefix in dark.PAINTS.items():
                    colour = dark.hex_colour(el.get(prop, ""))
                    if colour is None or not _visible(el, prop):
                        continue
                    cls = f"{prefix}-{colour[1:].lower()}"
                    assert theme.dark(colour), (page.name, el.tag, prop, colour)
                    assert cls in el.get("class", "").split(), (page.name, el.tag, cls)
                    seen.add((cls, prop, theme.dark(colour)))
    assert len(seen) > 10
    for cls, prop, colour in seen:
        assert f".chart-svg .{cls} {{\n    {prop}: {colour.lower()};" in dark_css, cls
    # the light rules come first and stay as they were: the card is white in light mode
    assert "--card: #ffffff" in css[: css.index("@media (prefers-color-scheme: dark)")]


def by_chart(html: str) -> dict[str, list[ET.Element]]:
    """Chart id -> its inline drawings (wide and narrow), by their aria-labelledby."""
    out: dict[str, list[ET.Element]] = {}
    for svg in _svgs(html):
        chart_id = re.fullmatch(r"chart-(.+)-title chart-\1-alt", svg.get("aria-labelledby", ""))
        assert chart_id, svg.get("aria-labelledby")
        out.setdefault(chart_id.group(1), []).append(svg)
    return out


def _marks(svg: ET.Element) -> list[dict[str, str]]:
    return [dict(el.attrib) for el in svg.iter() if "data-tip-label" in el.attrib]


def expected_marks(story: Story, chart: Chart) -> set[tuple[str, str]]:
    """(ref kind, id) of every mark a chart carries."""
    if chart.kind == "map":
        return {
            ("place", p) for p in chart.places if set(story.places[p].countries) & COUNTRIES.keys()
        }
    ids = set(chart.facts)
    if chart.kind == "waffle":
        ids = {chart.facts[0]}
        if isinstance(chart.options.get("highlight"), str):
            ids.add(str(chart.options["highlight"]))
    return {("fact", f) for f in ids}


def check_marks(story: Story, locale: str, chart: Chart, svg: ET.Element, page_href: str) -> None:
    found = _marks(svg)
    refs = {
        ("fact", m["data-fact"]) if "data-fact" in m else ("place", m["data-place"]) for m in found
    }
    assert refs == expected_marks(story, chart), (locale, chart.id)
    assert svg.get("data-tip-more")
    for m in found:
        if "data-fact" in m:
            fact = story.facts[m["data-fact"]]
            assert m["data-tip-value"] == format_fact(fact, story, locale, "unit")
            assert m["data-tip-label"] == fact.label[locale]
            assert ("data-tip-kind" in m) == (fact.kind != "reported")
            assert m["data-tip-href"] == f"{page_href}#fact-{fact.id}"
            assert m["data-tip-value"] in m["data-tip-name"]
        else:
            place = story.places[m["data-place"]]
            assert m["data-tip-label"] == place.name[locale]
            assert m["data-tip-href"] == f"{page_href}#place-{place.id}"


def test_every_chart_kind_marks_each_of_its_facts(built_site: Path, story: Story) -> None:
    kinds = set()
    for locale in story.locales:
        page = by_chart((built_site / layout.page(locale)).read_text(encoding="utf-8"))
        assert {c: len(svgs) for c, svgs in page.items()} == dict.fromkeys(story.charts, 2)
        for chart in story.charts.values():
            for svg in page[chart.id]:  # wide and narrow
                check_marks(story, locale, chart, svg, "")
            kinds.add(chart.kind)
            embed = built_site / layout.chart_files(locale, chart.id).embed
            for svg in _svgs(embed.read_text(encoding="utf-8")):
                check_marks(story, locale, chart, svg, "../index.html")
    assert kinds == {"big_numbers", "flow", "ladder", "waffle", "bars", "map"}


def test_a_ladder_dot_is_the_fact_written_beside_it(built_site: Path, story: Story) -> None:
    """Marks are matched by the order each kind draws in: the value beside a dot says so."""
    chart = next(c for c in story.charts.values() if c.kind == "ladder")
    for svg in _svgs((built_site / layout.page("en")).read_text(encoding="utf-8")):
        dots = [el for el in svg.iter() if "point" in el.get("class", "").split()]
        if not dots or "data-fact" not in dots[0].attrib:
            continue
        texts = ["".join(t.itertext()) for t in svg.iter() if "textpoint" in t.get("class", "")]
        assert len(texts) == len(dots) == len(chart.facts)
        for dot, text in zip(dots, texts, strict=True):
            fact = story.facts[dot.get("data-fact")]
            assert text.startswith(format_fact(fact, story, "en")), (text, fact.id)


@pytest.mark.parametrize("case", sorted(STORIES))
def test_test_stories_golden_charts_get_their_marks(case: str) -> None:
    """Every kind in other languages (Arabic drawn right to left), from the golden SVGs."""
    from explainer.content.validate import load_story

    story = load_story(ROOT / "tests" / "stories" / STORIES[case])
    for locale in story.locales:
        for chart in story.charts.values():
            files = layout.chart_files(locale, chart.id)
            for rel in (files.svg, files.svg_narrow):
                path = GOLDEN / case / rel
                if not path.is_file():
                    pytest.skip(f"no golden {path}")

                def annotate(root: ET.Element, chart: Chart = chart, locale: str = locale) -> None:
                    marks.annotate(root, story, chart, locale, "")

                svg = str(
                    inline_svg(path.read_text(encoding="utf-8"), labelledby="t", annotate=annotate)
                )
                check_marks(story, locale, chart, ET.fromstring(svg), "")


def test_a_drawing_that_does_not_match_gets_no_marks(story: Story) -> None:
    chart = next(iter(story.charts.values()))
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><text>x</text></svg>'
    root = ET.fromstring(svg)
    assert marks.annotate(root, story, chart, "en", "") == 0
    assert "data-tip-more" not in root.attrib


# ----------------------------------------------------------------------------- the script


def test_the_tooltip_script_is_small_and_csp_clean() -> None:
    js = static_file(layout.CHARTS_JS)
    assert len(gzip.compress(js, 9)) <= 5 * 1024
    text = js.decode()
    for banned in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "Function(",
        'setAttribute("style"',
        "fetch(",
        "XMLHttpRequest",
        "document.write",
    ):
        assert banned not in text, banned
