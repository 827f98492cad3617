"""Charts: every chart of the reference story in both languages, and of a second story.

Pure tests (no browser): they read the figures' dicts, which is what the exporter draws.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from explainer import charts
from explainer.charts import (
    big_numbers,
    flow,
    ladder,
    map_labels,
    projection,
    rtl,
    theme,
    typeset,
    waffle,
)
from explainer.charts.cards import CARD_SIZE, social_card
from explainer.content.validate import CHART_KINDS, load_story
from explainer.facts.numbers import format_fact
from explainer.facts.story import Chart, Story

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
    ("headline", "en"): ["5 million", "almost 18,000", "5,000", "€59", "per client per month"],
    ("chain", "it"): ["1", "5.000", "quasi 18.000", "5 milioni", "×5.000", "×3,6", "×280"],
    ("chain", "en"): ["1", "5,000", "almost 18,000", "5 million", "×5,000", "×3.6", "×280"],
    ("scale", "it"): [
        "5 milioni",
        "quasi 18.000",
        "5.000",
        "1 milione",
        "10.000",
        "Scala logaritmica: ogni gradino vale dieci volte il precedente",
    ],
    ("scale", "en"): [
        "5 million",
        "almost 18,000",
        "5,000",
        "1 million",
        "10,000",
        "Logarithmic scale: each step is ten times the one before",
    ],
    ("crowd", "it"): ["5 milioni", "Ogni quadrato = 50.000 persone"],
    ("crowd", "en"): ["5 million", "Each square = 50,000 people"],
    ("clients_waffle", "it"): [
        "5.000",
        "Ogni quadrato = 1 cliente",
        "clienti toccati dall’operazione: 1",
    ],
    ("clients_waffle", "en"): [
        "5,000",
        "Each square = 1 client",
        "clients reached by the operation: 1",
    ],
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
                assert typeset.text_width(line, size, bold=name == "title") <= 720 - 2 * theme.PAD


# --------------------------------------------------------------------------- narrow (phone)


def _font_sizes(fig: go.Figure) -> list[float]:
    """Every text size in a figure: annotations, trace text, axis ticks and titles, and
    the sizes set inline in Plotly's HTML (the small marks)."""
    d = fig.to_dict()
    out = [a["font"]["size"] for a in d["layout"].get("annotations", []) if a.get("text")]
    out += [t["textfont"]["size"] for t in d["data"] if "textfont" in t]
    for axis in ("xaxis", "yaxis"):
        ax = d["layout"].get(axis, {})
        if ax.get("visible"):
            out.append(ax["tickfont"]["size"])
            if ax.get("title", {}).get("text"):
                out.append(ax["title"]["font"]["size"])
    out += [float(px) for px in re.findall(r"font-size:\s*([\d.]+)px", json.dumps(d))]
    return out


NARROW_CASES = [
    (story, cid, loc)
    for story in (STORY, RAINFALL)
    for cid in story.charts
    for loc in story.locales
]


@pytest.mark.parametrize(
    ("story", "chart_id", "locale"),
    NARROW_CASES,
    ids=[f"{s.id}-{c}-{loc}" for s, c, loc in NARROW_CASES],
)
def test_narrow_figure_is_laid_out_for_a_phone(story: Story, chart_id: str, locale: str) -> None:
    chart = story.charts[chart_id]
    fig = charts.figure(chart, story, locale, width=charts.NARROW)
    assert fig.layout.width == charts.NARROW == 360
    assert charts.size(chart, story, locale, width=charts.NARROW) == (360, fig.layout.height)
    assert 200 < fig.layout.height < 1200
    # shown at about 1:1 on a phone: nothing below 13 px
    sizes = _font_sizes(fig)
    assert sizes and min(sizes) >= 13, sorted(sizes)[:3]
    # the same texts as the wide chart
    text = text_of(fig)
    assert chart.title[locale] in text
    if chart.caption:
        assert chart.caption[locale] in text
    for fid in _shown_facts(chart):
        value = format_fact(story.facts[fid], story, locale).replace("\u00a0", " ")
        if chart.kind == "big_numbers":
            value = big_numbers.split_value(story.facts[fid], story, locale)[0]
            value = value.replace("\u00a0", " ")
        assert value in text, f"{fid}: {value!r}"
    # header and footer wrapped to the phone's width
    inner = 360 - 2 * theme.NARROW_SIZES.pad
    for a in fig.layout.annotations:
        if a.name in ("title", "caption", "footer"):
            for line in strings(a.text)[0].split("\n"):
                assert typeset.text_width(line, a.font.size, bold=a.name == "title") <= inner
    assert charts.figure(chart, story, locale, width=charts.NARROW).to_json() == fig.to_json()


@pytest.mark.parametrize("locale", STORY.locales)
def test_narrow_labels_fit_the_width(locale: str) -> None:
    """Labels the charts wrap themselves stay inside the phone's drawing."""
    inner = 360 - 2 * theme.NARROW_SIZES.pad
    for chart_id in ("headline", "scale", "money", "crowd", "clients_waffle"):
        fig = charts.figure(STORY.charts[chart_id], STORY, locale, width=charts.NARROW)
        for a in fig.layout.annotations:
            if a.name and a.name.startswith("label:"):
                for line in strings(a.text)[0].split("\n"):
                    assert typeset.text_width(line, a.font.size) <= inner, (chart_id, line)


def test_narrow_big_numbers_use_one_column() -> None:
    fig = charts.figure(STORY.charts["headline"], STORY, "it", width=charts.NARROW)
    xs = {annotation(fig, f"value:{f}")["x"] for f in STORY.charts["headline"].facts}
    assert xs == {0}
    wide = charts.figure(STORY.charts["headline"], STORY, "it")
    assert len({annotation(wide, f"value:{f}")["x"] for f in STORY.charts["headline"].facts}) == 2


@pytest.mark.parametrize("locale", STORY.locales)
def test_narrow_ladder_ticks_stay_inside(locale: str) -> None:
    fig = charts.figure(STORY.charts["scale"], STORY, locale, width=charts.NARROW)
    lo, hi = fig.layout.xaxis.range
    body = 360 - 2 * theme.NARROW_SIZES.pad
    for v, t in zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext, strict=True):
        x = (math.log10(v) - lo) / (hi - lo) * body
        half = typeset.text_width(t, fig.layout.xaxis.tickfont.size) / 2
        assert -theme.NARROW_SIZES.pad <= x - half and x + half <= body + theme.NARROW_SIZES.pad


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
    # a gridline at every decade, labelled or not, as the note says ("ten times")
    vals = list(fig.layout.xaxis.tickvals)
    assert all(b == a * 10 for a, b in zip(vals, vals[1:], strict=False)), vals
    narrow = charts.figure(STORY.charts["scale"], STORY, locale, width=charts.NARROW)
    assert "" in narrow.layout.xaxis.ticktext  # the phone labels fewer, keeps every line
    assert list(narrow.layout.xaxis.tickvals) == vals


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


def _squares(fig: go.Figure) -> dict[str, go.Scatter]:
    """The waffle's filled traces by role: 'squares', 'highlight', 'gaps'."""
    return {t.name.rpartition(":")[2]: t for t in fig.data if t.type == "scatter"}


def _rects(trace: go.Scatter) -> list[tuple[float, float, float, float]]:
    """The rectangles of a `fill="toself"` trace (5 points each, None between)."""
    xs, ys = list(trace.x), list(trace.y)
    out = []
    for i in range(0, len(xs), 6):
        px, py = xs[i : i + 5], ys[i : i + 5]
        assert None not in px and px[0] == px[4] and py[0] == py[4]
        out.append((min(px), min(py), max(px), max(py)))
    return out


def _grid_top(traces: dict[str, go.Scatter], cell: float) -> float:
    """The grid's top edge: the first row's squares start half a gap below it."""
    first = min(r[1] for name, t in traces.items() if name != "gaps" for r in _rects(t))
    return first - (cell - waffle.square_size(cell)) / 2


def _covered(rects, points) -> int:
    return sum(1 for x, y in points if any(r[0] < x < r[2] and r[1] < y < r[3] for r in rects))


@pytest.mark.parametrize("width", [None, charts.NARROW])
@pytest.mark.parametrize(
    ("chart_id", "marks", "highlighted"), [("crowd", 100, 0), ("clients_waffle", 5000, 1)]
)
def test_waffle_marks(chart_id: str, marks: int, highlighted: int, width: int | None) -> None:
    chart = STORY.charts[chart_id]
    fact = STORY.facts[chart.facts[0]]
    assert marks == fact.value / chart.options["per_mark"]
    for locale in STORY.locales:
        fig = charts.figure(chart, STORY, locale, width)
        traces = _squares(fig)
        # one path per colour, whatever the number of squares, and no markers or shapes
        assert set(traces) == (
            {"squares", "highlight", "gaps"} if highlighted else {"squares", "gaps"}
        )
        assert all(t.fill == "toself" and t.mode == "none" for t in traces.values())
        assert traces["squares"].fillcolor == (theme.CONTEXT if highlighted else theme.PRIMARY)
        assert traces["gaps"].fillcolor == theme.BACKGROUND
        assert not [s for s in fig.layout.shapes if s.type == "rect"]
        # every square is covered once, by its colour's path, and never by a gap strip
        body_w = fig.layout.width - 2 * theme.sizes(fig.layout.width).pad
        cols, _, cell = waffle.layout(marks, body_w, narrow=width == charts.NARROW)
        centres = waffle.centres(marks, cols, cell, _grid_top(traces, cell))
        assert _covered(_rects(traces["squares"]), centres) == marks - highlighted
        if highlighted:
            assert _covered(_rects(traces["highlight"]), centres[:highlighted]) == highlighted
            assert _covered(_rects(traces["highlight"]), centres[highlighted:]) == 0
        assert _covered(_rects(traces["gaps"]), centres) == 0


def test_waffle_runs_and_gaps_cover_exactly_the_squares() -> None:
    for n, h, cols in [
        (5000, 1, 100),
        (5000, 1, 50),
        (100, 30, 20),
        (37, 5, 10),
        (3, 1, 3),
        (123, 57, 25),
    ]:
        cell = 10.0
        centres = waffle.centres(n, cols, cell)
        for first, last in ((0, h), (h, n)):
            rects = waffle.runs(first, last, cols, cell)
            for i, (x, y) in enumerate(centres):
                inside = sum(1 for r in rects if r[0] <= x <= r[2] and r[1] <= y <= r[3])
                assert inside == (1 if first <= i < last else 0), (n, h, cols, i)
        side = waffle.square_size(cell)
        # gap strips touch no square, and cover the space between neighbours in a block
        for x0, y0, x1, y1 in waffle.gaps(n, cols, cell):
            for x, y in centres:
                assert (
                    x1 <= x - side / 2 + 1e-9
                    or x0 >= x + side / 2 - 1e-9
                    or y1 <= y - side / 2 + 1e-9
                    or y0 >= y + side / 2 - 1e-9
                )


def test_waffle_svg_is_a_few_paths() -> None:
    """5,000 squares: a handful of traces with a few hundred rectangles, not 5,000 marks."""
    fig = charts.figure(STORY.charts["clients_waffle"], STORY, "it")
    traces = _squares(fig)
    assert len(fig.data) == 3
    assert sum(len(_rects(t)) for t in traces.values()) < 250
    assert len(fig.to_json()) < 60_000


def test_single_highlight_is_findable() -> None:
    for width in (None, charts.NARROW):
        fig = charts.figure(STORY.charts["clients_waffle"], STORY, "it", width)
        callout = annotation(fig, "highlight:clients_touched")
        assert callout["showarrow"] is True
        ((x0, y0, x1, y1),) = _rects(_squares(fig)["highlight"])
        # the arrow points at the highlighted square, which is ringed
        assert callout["x"] == pytest.approx((x0 + x1) / 2)
        assert callout["y"] < y0
        assert any(s.type == "circle" for s in fig.layout.shapes)


def test_waffle_with_ten_thousand_marks_stays_three_traces() -> None:
    # one trace per colour, not one per mark: the figure stays small however many marks
    chart = dataclasses.replace(
        STORY.charts["clients_waffle"], options={"per_mark": 0.5, "highlight": "clients_touched"}
    )
    fig = charts.figure(chart, STORY, "en")
    assert len(fig.data) == 3
    cols, _, cell = waffle.layout(10_000, 720 - 2 * theme.PAD)
    squares = _squares(fig)
    centres = waffle.centres(10_000, cols, cell, _grid_top(squares, cell))
    assert _covered(_rects(squares["highlight"]), centres) == 2
    assert _covered(_rects(squares["squares"]), centres) == 9_998


def test_waffle_columns_are_round() -> None:
    assert waffle.columns(100) == 20
    assert waffle.columns(5000) == 100
    assert waffle.columns(3) == 3
    assert waffle.columns(30) == 10


def test_narrow_waffle_takes_fewer_columns_rather_than_tiny_squares() -> None:
    phone = charts.NARROW - 2 * theme.NARROW_SIZES.pad
    assert waffle.narrow_columns(5000, phone) == 50  # 100 across would be 3 px squares
    assert waffle.layout(5000, phone, narrow=True)[2] >= waffle.MIN_CELL
    assert waffle.narrow_columns(100, phone) == 20  # big enough already
    assert waffle.narrow_columns(10_000, phone) == 100  # 50 across would be 4x as tall


@pytest.mark.parametrize("locale", STORY.locales)
def test_flow_ratios_come_from_the_facts(locale: str) -> None:
    facts = [STORY.facts[f] for f in STORY.charts["chain"].facts]
    assert flow.ratios(facts) == pytest.approx([5000, 3.6, 5e6 / 18000])
    expected = {"it": ["×5.000", "×3,6", "×280"], "en": ["×5,000", "×3.6", "×280"]}
    assert flow.ratio_texts(facts, locale, {}) == expected[locale]
    fig = charts.figure(STORY.charts["chain"], STORY, locale)
    assert not [t for t in fig.data if t.type == "sankey"]


def _stages(*values: float) -> list:
    from explainer.facts.story import Fact

    return [Fact(id=f"s{i}", label={}, kind="reported", value=v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("locale", "values", "expected"),
    [
        # a chain that shrinks reads "1 in 40", never "×0.03"
        ("en", (12_000, 300), ["1 in 40"]),
        ("fr", (12_000, 1_500, 300), ["1 sur 8", "1 sur 5"]),
        ("es", (12_000, 1_500), ["1 de cada 8"]),
        ("de", (12_000, 300), ["1 von 40"]),
        ("it", (12_000, 300), ["1 su 40"]),
        # keeping more than half reads as a share; within 5 %, "about as many"
        ("en", (100, 61), ["61%"]),
        ("de", (100, 61), ["61\u00a0%"]),
        ("en", (100, 98, 102), ["≈ as many", "≈ as many"]),
        ("it", (100, 97), ["≈ altrettanti"]),
        # growth keeps its ×
        ("en", (3, 6000), ["×2,000"]),
        # in the locale's own digits
        ("ar_EG", (12_000, 300), ["١ من كل ٤٠"]),
    ],
)
def test_a_chain_says_each_step_as_it_reads_best(locale, values, expected) -> None:
    texts = flow.ratio_texts(_stages(*values), locale, {})
    assert texts == expected
    assert not any("×0" in t or "×٠" in t for t in texts)


def test_a_chain_explains_only_the_ratios_it_shows() -> None:
    assert flow.ratio_notes(_stages(1, 5000, 18000)) == ["chart.flow_note"]
    assert flow.ratio_notes(_stages(12_000, 1_500, 300)) == ["chart.flow_note.one_in"]
    assert flow.ratio_notes(_stages(100, 61, 60, 6000)) == [
        "chart.flow_note",
        "chart.flow_note.share",
        "chart.flow_note.same",
    ]


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
    names = next(t for t in fig.data if t.name == "names")
    assert len(names.text) == 3


def test_map_world_scope_for_places_outside_europe() -> None:
    fig = charts.figure(RAINFALL.charts["where"], RAINFALL, "en")
    assert fig.layout.geo.projection.type == "natural earth"
    located = {code for t in fig.data if t.type == "choropleth" for code in t.locations}
    assert located == {"DEU", "AUT", "CHE", "USA"}


@pytest.mark.parametrize("width", [None, charts.NARROW])
@pytest.mark.parametrize(
    ("story", "locale"), [(RAINFALL, "de"), (RAINFALL, "en"), (STORY, "it"), (STORY, "en")]
)
def test_map_names_stay_apart_and_on_the_map(story: Story, locale: str, width: int | None) -> None:
    """Where plotly will draw each name, estimated as the figure does: no two overlap,
    and none leaves the drawn map (plotly clips names to it)."""

    chart = next(c for c in story.charts.values() if c.kind == "map")
    fig = charts.figure(chart, story, locale, width)
    sizes = theme.sizes(fig.layout.width)
    names = next(t for t in fig.data if t.name == "names")
    body_w = fig.layout.width - 2 * sizes.pad
    geo = fig.layout.geo
    box = (geo.lonaxis.range[0], geo.lataxis.range[0], geo.lonaxis.range[1], geo.lataxis.range[1])
    map_h = (geo.domain.y[1] - geo.domain.y[0]) * (
        fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    )
    scope = "world" if geo.projection.type == "natural earth" else "europe"
    project = projection.projector(scope, box, body_w, map_h)
    left, top, right, bottom = project.extent
    boxes = []
    for lon, lat, pos, text in zip(
        names.lon, names.lat, [names.textposition] * len(names.lon), names.text, strict=True
    ):
        assert pos == "middle center"
        plain = strings(text)[0]
        w = typeset.text_width(plain, names.textfont.size, bold=True)
        h = typeset.line_height(names.textfont.size)
        x, y = project(lon, lat)
        b = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        assert left <= b[0] and b[2] <= right and top <= b[1] and b[3] <= bottom, plain
        boxes.append(b)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1], (a, b)


def test_projector_inverts() -> None:
    for scope, box in [("world", (9.0, -30.0, 65.0, 69.0)), ("europe", (-13.5, 33.0, 22.5, 58.0))]:
        project = projection.projector(scope, box, 600, 450)
        for lon, lat in [(14.44, 35.89), (2.2, 47.4), (20.0, 44.0)]:
            back = project.invert(*project(lon, lat))
            assert back == pytest.approx((lon, lat), abs=1e-6)


def test_labels_at_one_point_end_up_apart_or_numbered() -> None:
    """Three names at nearly the same point (a crowded archipelago): none overlaps another,
    none leaves the map; what cannot be set beside goes on a leader line or is a number."""
    labels = [
        map_labels.Label(w=70, h=20, anchor=(100 + d, 100 + d), clear=5.5) for d in (0, 1, 2)
    ]
    spots = map_labels.place(labels, (0, 0, 300, 200))
    for i, a in enumerate(spots):
        assert a.box[0] >= 0 and a.box[2] <= 300 and a.box[1] >= 0 and a.box[3] <= 200
        for b in spots[i + 1 :]:
            assert map_labels._apart(a.box, b.box, 0), (a, b)
    # in a box too small for more than a name beside the point, the others are numbers
    tight = map_labels.place(labels, (20, 70, 180, 130))
    assert [s.how for s in tight].count("number") >= 1
    for i, a in enumerate(tight):
        for b in tight[i + 1 :]:
            assert map_labels._apart(a.box, b.box, 0), (a, b)


def test_small_places_are_marked_points() -> None:
    """Malta, Mauritius and Réunion lack outlines at 1:110m: each is a marked point at its
    place, named like the others and framed by the map (Mauritius is far south)."""
    story = load_story(Path(__file__).parent / "stories" / "haefen.yaml")
    for width in (None, charts.NARROW):
        fig = charts.figure(story.charts["ports"], story, "de", width)
        points = next(t for t in fig.data if t.name == "points")
        where = set(zip(points.lon, points.lat, strict=True))
        assert {(14.44, 35.89), (57.57, -20.28), (55.55, -21.12)} <= where
        geo = fig.layout.geo
        assert geo.lataxis.range[0] < -21.12 and geo.lonaxis.range[1] > 57.57
        names = " ".join(strings(t)[0] for t in next(d for d in fig.data if d.name == "names").text)
        key = [a.text for a in fig.layout.annotations if (a.name or "").startswith("place:")]
        for name in ("Malta", "Mauritius", "Réunion"):
            # named beside its point, or numbered there and in the key
            assert name in names or any(re.search(rf"\d+ {name}", k) for k in key), name


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
    assert "etwa 12.500 Schätzung" in de


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
        if chart.kind == "big_numbers":
            value = big_numbers.split_value(story.facts[fid], story, locale)[0]
            value = value.replace("\u00a0", " ")  # the rate's words go on their own line
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
    lines = typeset.wrap("one two three four five six seven", 20, 120)
    assert len(lines) > 1 and " ".join(lines) == "one two three four five six seven"
    assert all(typeset.text_width(line, 20) <= 120 for line in lines)


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


def test_annotations_and_shapes_gathered_while_drawing_are_added_in_order() -> None:
    """`framing.new_figure` gathers annotations and shapes and `dress` adds them at once:
    the figure is the one adding them one by one makes, and a plain go.Figure."""
    from explainer.charts import framing

    frame = framing.Frame(720, 400, 60, 40, 24, 24, ("Title",), ("Caption",), ("Source",))

    def draw(fig: go.Figure) -> go.Figure:
        for i in range(12):
            fig.add_annotation(dict(text=f"note {i}", x=i, y=i), font=dict(size=10 + i))
            fig.add_shape(type="line", x0=0, x1=i, y0=0, y1=1)
        fig.add_annotation(x=1, y=2, ax=3, ay=4, text="", showarrow=True)
        return fig

    gathered = framing.dress(draw(framing.new_figure(frame)), frame)
    one_by_one = framing.dress(draw(go.Figure(layout=framing.base_layout(frame))), frame)
    assert type(gathered) is go.Figure
    assert gathered.to_plotly_json() == one_by_one.to_plotly_json()
    assert [a.text for a in gathered.layout.annotations][:2] == ["note 0", "note 1"]
    assert len(gathered.layout.shapes) == 12


# ----------------------------------------------------------------------------- right to left

FSI, PDI, RLI = "\u2068", "\u2069", "\u2067"


def test_each_line_of_a_right_to_left_text_is_an_isolate() -> None:
    assert rtl.isolate("المصدر<br>قسم") == f"{RLI}المصدر{PDI}<br>{RLI}قسم{PDI}"


def test_a_name_isolate_cut_by_a_wrap_is_closed_and_opened_again() -> None:
    """A publisher's name wrapped over two lines: its isolate ends with the first line and
    starts again on the second, so the second line's own isolate is not closed early by
    the name's closing mark (which laid the rest of that line out left to right)."""
    text = f"المصدر: {FSI}Gulf Water<br>Observatory{PDI} · قسم"
    assert rtl.isolate(text) == (
        f"{RLI}المصدر: {FSI}Gulf Water{PDI}{PDI}<br>{RLI}{FSI}Observatory{PDI} · قسم{PDI}"
    )
    # a closing mark with nothing open is dropped; what is balanced is left alone
    assert rtl.isolate(f"a{PDI}b") == f"{RLI}ab{PDI}"
    assert rtl.isolate(f"a {FSI}b{PDI} c") == f"{RLI}a {FSI}b{PDI} c{PDI}"


def test_invisible_characters_take_no_width() -> None:
    """Direction marks and isolates are not drawn: they must not make a line wrap early."""
    plain = typeset.text_width("Example City", 14)
    assert typeset.text_width(f"{FSI}Example\u200d City{PDI}\u200f", 14) == plain
