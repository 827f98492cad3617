"""Chart CSVs: one row per fact (and place), raw values that parse back exactly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from explainer.charts.csvdata import COLUMNS, chart_csv, chart_facts, raw_number
from explainer.content.validate import load_story

ROOT = Path(__file__).resolve().parents[1]
STORY = load_story(ROOT / "content.yaml")
RAINFALL = load_story(ROOT / "tests" / "stories" / "rainfall.yaml")
ALL = [(STORY, cid, loc) for cid in STORY.charts for loc in STORY.locales] + [
    (RAINFALL, cid, loc) for cid in RAINFALL.charts for loc in RAINFALL.locales
]
IDS = [f"{s.id}-{c}-{loc}" for s, c, loc in ALL]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("story", "chart_id", "locale"), ALL, ids=IDS)
def test_values_parse_back(story, chart_id: str, locale: str) -> None:
    chart = story.charts[chart_id]
    text = chart_csv(chart, story, locale)
    assert "\r" not in text and text.endswith("\n")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    got = rows(text)
    assert [r["id"] for r in got] == chart_facts(chart) + list(chart.places)
    for r in got:
        if r["id"] in story.facts:
            fact = story.facts[r["id"]]
            assert float(r["value"]) == fact.value  # exact, not rounded
            assert r["label"] == fact.label[locale]
            assert r["unit"] == fact.unit.expr
            assert r["kind"] == fact.kind
            assert r["approx"] == (fact.approx or "")
            assert r["formula"] == (fact.formula or "")
            assert r["quote"] == (fact.quote or "")
            assert r["source"]
        else:
            place = story.places[r["id"]]
            assert r["label"] == place.name[locale]
            assert r["countries"].split() == list(place.countries)
            assert r["role"] == place.role[locale]
    assert chart_csv(chart, story, locale) == text  # deterministic


def test_reference_rows() -> None:
    text = chart_csv(STORY.charts["money"], STORY, "it")
    assert text == (
        "id,label,value,unit,kind,approx,formula,source,quote,countries,role\n"
        "revenue_one_month,in un mese,295000,EUR,derived,,revenue_monthly * month,"
        "xtream codes iptv,,,\n"
        "revenue_yearly,in un anno,3540000,EUR,derived,,revenue_monthly * 12 * month,"
        "xtream codes iptv,,,\n"
    )
    servers = rows(chart_csv(STORY.charts["scale"], STORY, "en"))[2]
    assert servers["value"] == "18000" and servers["approx"] == "almost"
    assert servers["quote"].startswith("quasi 18.000 server virtuali")
    waffle = rows(chart_csv(STORY.charts["clients_waffle"], STORY, "en"))
    assert [r["id"] for r in waffle] == ["clients", "clients_touched"]
    where = rows(chart_csv(STORY.charts["where"], STORY, "it"))
    assert where[2]["kind"] == "region" and where[2]["countries"].startswith("BG BY")


@pytest.mark.parametrize(("value", "text"), [
    (5_000_000.0, "5000000"), (3.6, "3.6"), (277.77777777777777, "277.77777777777777"),
    (0.0, "0"), (-12.5, "-12.5"), (1e20, "1e+20"), (None, ""), (float("nan"), ""),
])
def test_raw_number(value, text: str) -> None:
    assert raw_number(value) == text
    if text:
        assert float(text) == value
