"""Charts: every chart of the reference story in both languages, and of a second story.

Pure tests (no browser): they read the figures' dicts, which is what the exporter draws.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

import plotly.graph_objects as go
import pytest

from explainer import charts, theme
from explainer.cards import CARD_SIZE, social_card
from explainer.charts import flow, ladder, waffle
from explainer.numbers import format_fact
from explainer.story import Chart, Story
from explainer.validate import CHART_KINDS, load_story

ROOT = Path(__file__).resolve().parents[1]
STORY = load_story(ROOT / "content.yaml")
RAINFALL = load_story(ROOT / "tests" / "stories" / "rainfall.yaml")


def strings(obj: object) -> list[str]:
    """Every string in a figure's dict, tags removed, no-break spaces made plain."""
    out: list[str] = []
    if isinstance(obj, dict):
        for v in obj.values():
            out += strings(v)
    elif isinstance(obj, list | tuple):
        for v in obj:
            out += strings(v)
    elif isinstance(obj, str):
        text = re.sub(r"<br>", "\n", obj)
        text = re.sub(r"<[^>]+>", "", text)
        out.append(text.replace("\u00a0", " ").replace("\u202f", " "))
    return out


def text_of(fig: go.Figure) -> str:
    """All the figure's texts, with wrapped lines joined back with spaces."""
    return "\n".join(s.replace("\n", " ") for s in strings(fig.to_dict()))


def annotation(fig: go.Figure, name: str) -> dict:
    found = [a for a in fig.to_dict()["layout"].get("annotations", []) if a.get("name") == name]
    assert found, f"no annotation named {name!r}"
    return found[0]


# --------------------------------------------------------------------------- the table

#: (chart id, locale) -> texts the figure must carry, as readers of that language read them.
EXPECTED: dict[tuple[str, str], list[str]] = {
    ("headline", "it"): ["5 milioni", "quasi 18.000", "5.000", "59 €", "per cliente al mese"],
    ("headline", "en"): ["5 million", "almost 18,000", "5,000", "€59", "per client a month"],
    ("chain", "it"): ["1", "5.000", "quasi 18.000", "5 milioni", "×5.000", "×3,6", "×280"],
    ("chain", "en"): ["1", "5,000", "almost 18,000", "5 million", "×5,000", "×3.6", "×280"],
    ("scale", "it"): ["5 milioni", "quasi 18.000", "5.000", "1 milione", "10.000",
                      "Scala logaritmica: ogni gradino vale dieci volte il precedente"],
    ("scale", "en"): ["5 million", "almost 18,000", "5,000", "1 million", "10,000",
                      "Logarithmic scale: each step is ten times the one before"],
    ("crowd", "it"): ["5 milioni", "Ogni quadrato = 50.000 persone"],
    ("crowd", "en"): ["5 million", "Each square = 50,000 people"],
    ("clients_waffle", "it"): ["5.000", "Ogni quadrato = 1 cliente",
                               "clienti toccati dall’operazione: 1"],
    ("clients_waffle", "en"): ["5,000", "Each square = 1 client",
                               "clients reached by the operation: 1"],
    ("money", "it"): ["3,54 milioni di €", "295.000 €", "calcolo", "in un anno"],
    ("money", "en"): ["€3.54 million", "€295,000", "calculated", "in a year"],
    ("where", "it"): ["Paesi Bassi", "Francia", "Europa dell’Est", "Worldstream", "OVH"],
    ("where", "en"): ["Netherlands", "France", "Eastern Europe", "Worldstream", "OVH"],
}
SOURCE_LINE = {
    "it": "Fonte: «xtream codes iptv» · Redazione explainer",
    "en": "Source: “xtream codes iptv” · explainer newsroom",
}
CASES = [(cid, loc) for cid in STORY.charts for loc in STORY.locales]


def test_the_table_covers_every_chart_and_locale() -> None:
    assert set(EXPECTED) == set(CASES)


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_figure_carries_localized_numbers(chart_id: str, locale: str) -> None:
    fig = charts.figure(STORY.charts[chart_id], STORY, locale)
    text = text_of(fig)
    for expected in EXPECTED[(chart_id, locale)]:
        assert expected in text, f"{chart_id}/{locale}: {expected!r} missing"


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_figure_stands_alone(chart_id: str, locale: str) -> None:
    chart = STORY.charts[chart_id]
    fig = charts.figure(chart, STORY, locale)
    text = text_of(fig)
    assert chart.title[locale] in text
    if chart.caption:
        assert chart.caption[locale] in text
    assert SOURCE_LINE[locale] in text
    layout = fig.to_dict()["layout"]
    assert layout["showlegend"] is False
    assert all(t.get("showlegend") in (None, False) for t in fig.to_dict()["data"])


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_figure_is_deterministic_with_stable_uids(chart_id: str, locale: str) -> None:
    chart = STORY.charts[chart_id]
    a = charts.figure(chart, STORY, locale)
    b = charts.figure(chart, STORY, locale)
    assert a.to_json() == b.to_json()
    assert [t.uid for t in a.data] == [f"{chart_id}-{i}" for i in range(len(a.data))]


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_size_matches_the_figure(chart_id: str, locale: str) -> None:
    chart = STORY.charts[chart_id]
    fig = charts.figure(chart, STORY, locale)
    assert charts.size(chart, STORY, locale) == (fig.layout.width, fig.layout.height)
    assert fig.layout.width == 720
    assert 200 < fig.layout.height < 1100
    assert charts.size(chart) == charts.KINDS[chart.kind].SIZE


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_type_is_large_enough(chart_id: str, locale: str) -> None:
    fig = charts.figure(STORY.charts[chart_id], STORY, locale).to_dict()
    sizes = [a["font"]["size"] for a in fig["layout"].get("annotations", []) if a.get("text")]
    sizes += [t["textfont"]["size"] for t in fig["data"] if "textfont" in t]
    assert sizes and min(sizes) >= 14
    title = [a for a in fig["layout"]["annotations"] if a.get("name") == "title"][0]
    assert title["font"]["size"] >= 20
    inline = [int(px) for px in re.findall(r"font-size:(\d+)px", json.dumps(fig))]
    assert min(inline, default=14) >= 14  # the small marks set inline


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_no_url_in_figure(chart_id: str, locale: str) -> None:
    """The map's outlines come from the exporter's local folder, never from a CDN."""
    dumped = charts.figure(STORY.charts[chart_id], STORY, locale).to_json()
    assert "http" not in dumped and "topojson" not in dumped


@pytest.mark.parametrize(("chart_id", "locale"), CASES)
def test_header_and_footer_lines_fit_the_width(chart_id: str, locale: str) -> None:
    fig = charts.figure(STORY.charts[chart_id], STORY, locale)
    for name in ("title", "caption", "footer"):
        found = [a for a in fig.layout.annotations if a.name == name]
        for a in found:
            size = a.font.size
            for line in strings(a.text)[0].split("\n"):
                assert theme.text_width(line, size, bold=name == "title") <= 720 - 2 * theme.PAD


# --------------------------------------------------------------------------- per kind


@pytest.mark.parametrize("locale", STORY.locales)
def test_ladder_is_logarithmic_and_says_so(locale: str) -> None:
    fig = charts.figure(STORY.charts["scale"], STORY, locale)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.xaxis.title.text.startswith(("Scala logaritmica", "Logarithmic scale"))
    scatter = fig.data[0]
    assert list(scatter.x) == [1, 5000, 18000, 5_000_000]
    # the axis spans every value
    lo, hi = fig.layout.xaxis.range
    assert 10**lo <= 1 and 10**hi >= 5_000_000


def test_ladder_decades() -> None:
    assert ladder.decades([1, 5000, 18000, 5e6]) == (0, 7)
    assert ladder.decades([40, 250_000]) == (1, 6)
    assert ladder.decades([5, 5]) == (0, 1)


@pytest.mark.parametrize("locale", STORY.locales)
def test_bars_start_at_zero(locale: str) -> None:
    fig = charts.figure(STORY.charts["money"], STORY, locale)
    assert fig.layout.xaxis.range[0] == 0
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and bars[0].base == 0 and bars[0].orientation == "h"
    assert list(bars[0].x) == [295_000, 3_540_000]
    assert fig.layout.xaxis.range[1] >= 3_540_000


@pytest.mark.parametrize(("chart_id", "marks", "highlighted"),
                         [("crowd", 100, 0), ("clients_waffle", 5000, 1)])
def test_waffle_marks(chart_id: str, marks: int, highlighted: int) -> None:
    chart = STORY.charts[chart_id]
    fact = STORY.facts[chart.facts[0]]
    assert marks == fact.value / chart.options["per_mark"]
    for locale in STORY.locales:
        fig = charts.figure(chart, STORY, locale)
        scatters = [t for t in fig.data if t.type == "scatter"]
        assert len(scatters) == 1  # one trace for all squares
        trace = scatters[0]
        assert len(trace.x) == marks
        assert trace.marker.symbol == "square"
        assert list(trace.marker.color).count(theme.HIGHLIGHT) == highlighted
        assert not [s for s in fig.layout.shapes if s.type == "rect"]  # marks are not shapes


def test_single_highlight_is_findable() -> None:
    fig = charts.figure(STORY.charts["clients_waffle"], STORY, "it")
    callout = annotation(fig, "highlight:clients_touched")
    assert callout["showarrow"] is True
    trace = fig.data[0]
    # the arrow points at the highlighted square, which is ringed
    assert callout["x"] == trace.x[0]
    assert any(s.type == "circle" for s in fig.layout.shapes)


def test_waffle_with_ten_thousand_marks_is_fast() -> None:
    chart = dataclasses.replace(STORY.charts["clients_waffle"],
                                options={"per_mark": 0.5, "highlight": "clients_touched"})
    start = time.perf_counter()
    fig = charts.figure(chart, STORY, "en")
    assert time.perf_counter() - start < 2
    assert len(fig.data) == 1 and len(fig.data[0].x) == 10_000
    assert list(fig.data[0].marker.color).count(theme.HIGHLIGHT) == 2


def test_waffle_columns_are_round() -> None:
    assert waffle.columns(100) == 20
    assert waffle.columns(5000) == 100
    assert waffle.columns(3) == 3
    assert waffle.columns(30) == 10


@pytest.mark.parametrize("locale", STORY.locales)
def test_flow_ratios_come_from_the_facts(locale: str) -> None:
    facts = [STORY.facts[f] for f in STORY.charts["chain"].facts]
    assert flow.ratios(facts) == pytest.approx([5000, 3.6, 5e6 / 18000])
    expected = {"it": ["×5.000", "×3,6", "×280"], "en": ["×5,000", "×3.6", "×280"]}
    assert flow.ratio_texts(facts, locale) == expected[locale]
    fig = charts.figure(STORY.charts["chain"], STORY, locale)
    assert not [t for t in fig.data if t.type == "sankey"]


@pytest.mark.parametrize("locale", STORY.locales)
def test_map_has_the_countries(locale: str) -> None:
    fig = charts.figure(STORY.charts["where"], STORY, locale)
    choropleths = [t for t in fig.data if t.type == "choropleth"]
    located = {code for t in choropleths for code in t.locations}
    assert {"NLD", "FRA"} <= located
    assert {"BGR", "BLR", "CZE", "HUN", "MDA", "POL", "ROU", "RUS", "SVK", "UKR"} <= located
    assert all(t.locationmode == "ISO-3" for t in choropleths)
    # hosting (NL, FR) share one colour; the region is a lighter tint of its own
    fills = {t.colorscale[0][1]: set(t.locations) for t in choropleths}
    assert fills[theme.PALETTE[0]] == {"NLD", "FRA"}
    assert fills[theme.tint(theme.PALETTE[1], 0.5)] >= {"POL", "UKR"}
    geo = fig.layout.geo
    assert geo.scope == "world" and geo.resolution == 110  # only world_110m.json ships
    assert geo.projection.type == "conic conformal"
    assert geo.lonaxis.range[0] < -4.6 and geo.lonaxis.range[1] > 40  # France to Ukraine
    names = [t for t in fig.data if t.type == "scattergeo"][0]
    assert len(names.text) == 3


def test_map_world_scope_for_places_outside_europe() -> None:
    fig = charts.figure(RAINFALL.charts["where"], RAINFALL, "en")
    assert fig.layout.geo.projection.type == "natural earth"
    located = {code for t in fig.data if t.type == "choropleth" for code in t.locations}
    assert located == {"DEU", "AUT", "CHE", "USA"}


# --------------------------------------------------------------------------- marks


def test_estimated_and_derived_marks() -> None:
    # derived values say "calculated"; the footer explains the mark
    en = text_of(charts.figure(STORY.charts["money"], STORY, "en"))
    assert "€295,000 calculated" in en
    assert "“Calculated”: worked out from the source’s figures" in en
    # an estimate whose label already says so is not marked twice
    it = text_of(charts.figure(STORY.charts["crowd"], STORY, "it"))
    assert "stima" in it and "5 milioni stima" not in it
    assert "«Stima»: la fonte indica questa cifra come una stima." in it
    # ...but an estimate whose label does not say so is
    de = text_of(charts.figure(RAINFALL.charts["key_figures"], RAINFALL, "de"))
    assert "about 12.500 estimate" in de


# --------------------------------------------------------------------------- second story


def test_every_kind_is_registered() -> None:
    assert set(charts.ALL_KINDS) == set(CHART_KINDS) == set(charts.KINDS)
    assert {c.kind for c in RAINFALL.charts.values()} == set(charts.ALL_KINDS)


def _shown_facts(chart: Chart) -> list[str]:
    return [*chart.facts, *([chart.options["highlight"]] if "highlight" in chart.options else [])]


@pytest.mark.parametrize("locale", RAINFALL.locales)  # de (English interface words), en
@pytest.mark.parametrize("chart_id", list(RAINFALL.charts))
def test_rainfall_story_renders(chart_id: str, locale: str) -> None:
    story: Story = RAINFALL
    chart = story.charts[chart_id]
    fig = charts.figure(chart, story, locale)
    text = text_of(fig)
    assert chart.title[locale] in text
    for fid in _shown_facts(chart):
        value = format_fact(story.facts[fid], story, locale).replace("\u00a0", " ")
        if chart.kind == "big_numbers" and story.facts[fid].unit.denominator:
            value = value.split(" per ")[0]  # the rate's words go on their own line
        assert value in text, f"{fid}: {value!r}"
    for pid in chart.places:
        assert story.places[pid].name[locale] in text
    assert fig.layout.width == 720


def test_rainfall_german_numbers() -> None:
    text = text_of(charts.figure(RAINFALL.charts["money"], RAINFALL, "de"))
    assert "180 Millionen €" in text and "4,2 Millionen €" in text
    text = text_of(charts.figure(RAINFALL.charts["orders"], RAINFALL, "de"))
    assert "250.000" in text and "1 Million" in text


# --------------------------------------------------------------------------- theme and cards


def test_palette_contrast() -> None:
    for colour in theme.PALETTE[:4]:
        assert theme.contrast(colour) >= 3, colour  # marks
    for colour in (*theme.TEXT_COLOURS.values(), theme.INK, theme.INK_SOFT, theme.INK_FAINT):
        assert theme.contrast(colour) >= 4.5, colour  # text


def test_wrap() -> None:
    lines = theme.wrap("one two three four five six seven", 20, 120)
    assert len(lines) > 1 and " ".join(lines) == "one two three four five six seven"
    assert all(theme.text_width(line, 20) <= 120 for line in lines)


@pytest.mark.parametrize("locale", STORY.locales)
def test_social_card(locale: str) -> None:
    fig = social_card(STORY, locale)
    assert (fig.layout.width, fig.layout.height) == CARD_SIZE == (1200, 630)
    text = text_of(fig)
    assert STORY.title[locale] in text
    assert {"it": "5 milioni", "en": "5 million"}[locale] in text
    assert STORY.facts["viewers"].label[locale] in text
    assert SOURCE_LINE[locale] in text
    assert social_card(STORY, locale).to_json() == fig.to_json()


def test_social_card_without_headline() -> None:
    story = dataclasses.replace(RAINFALL, headline=None)
    text = text_of(social_card(story, "en"))
    assert "An invented example" in text
