"""A chart's data as CSV, for readers who want the numbers ("Get the data").

One row per fact the chart shows (a waffle's highlighted fact too), and one per place
for maps. Values are raw numbers for spreadsheets and scripts: dot decimal, no
grouping, full precision (a float's shortest round-trip form), so they parse back to
exactly the story's values; labels and place names and roles are in the page's
language. Derived facts have their formula and, as source, the sources of their inputs.

The header is the same for every chart, in English, because it names machine fields:

    id,label,value,unit,kind,approx,formula,source,quote,countries,role
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

from explainer.charts import words
from explainer.facts.story import Chart, Fact, Place, Story

COLUMNS = (
    "id",
    "label",
    "value",
    "unit",
    "kind",
    "approx",
    "formula",
    "source",
    "quote",
    "countries",
    "role",
)


def raw_number(value: float | None) -> str:
    """'5000000', '3.6', '277.77777777777777': plain, exact, locale-free."""
    if value is None or not math.isfinite(value):
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def _titles(source_ids: list[str], story: Story) -> str:
    return "; ".join(story.sources[s].title for s in source_ids if s in story.sources)


def _fact_row(fact: Fact, story: Story, locale: str) -> dict[str, str]:
    sources = [fact.source] if fact.source else words.fact_sources([fact.id], story)
    return {
        "id": fact.id,
        "label": fact.label[locale],
        "value": raw_number(fact.value),
        "unit": fact.unit.expr if fact.unit else "",
        "kind": fact.kind,
        "approx": fact.approx or "",
        "formula": fact.formula or "",
        "source": _titles(sources, story),
        "quote": fact.quote or "",
        "countries": "",
        "role": "",
    }


def _place_row(place: Place, story: Story, locale: str) -> dict[str, str]:
    return {
        "id": place.id,
        "label": place.name[locale],
        "value": "",
        "unit": "",
        "kind": "region" if place.is_region else "country",
        "approx": "",
        "formula": "",
        "source": _titles([place.source] if place.source else [], story),
        "quote": place.quote or "",
        "countries": " ".join(place.countries),
        "role": place.role[locale],
    }


def chart_facts(chart: Chart) -> list[str]:
    """The fact ids a chart shows, in order: its facts, then a highlighted one."""
    ids = list(chart.facts)
    highlight = chart.options.get("highlight")
    if isinstance(highlight, str) and highlight not in ids:
        ids.append(highlight)
    return ids


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(row: Mapping[str, object]) -> dict[str, object]:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe
    (the OWASP advice for CSV injection); numbers are left as they are."""
    return {
        k: "'" + v if isinstance(v, str) and k != "value" and v.startswith(_FORMULA_START) else v
        for k, v in row.items()
    }


def chart_csv(chart: Chart, story: Story, locale: str) -> str:
    """The chart's data as CSV text ('\\n' line endings, same output every run)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for fid in chart_facts(chart):
        writer.writerow(_defused(_fact_row(story.facts[fid], story, locale)))
    for pid in chart.places:
        writer.writerow(_defused(_place_row(story.places[pid], story, locale)))
    return out.getvalue()
