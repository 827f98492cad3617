"""The parts of an inline chart that carry a fact, and what its tooltip says of each.

A bar, a ladder's dot, a waffle's highlighted squares and its total, a flow's stage, a
big number, a map's country: `annotate` finds each in the cleaned SVG and writes on it,
as data attributes, what `assets/charts.js` shows when a reader focuses, hovers or taps
it: the label, the value as "Facts and sources" writes it, its kind ("estimated",
"calculated"), a link to its entry there and the name a screen reader says. All words
come from the story and the message catalogs, for the page's language; nothing is
fetched. Without the script the attributes change nothing.

The exported SVG does not say which element is which fact, so each kind is matched as
its module draws it (the order of its bars, dots, boxes and countries; the text of a
big number). A chart whose drawing does not match (a placeholder) gets no marks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from explainer.charts import theme
from explainer.charts._geo import COUNTRIES
from explainer.charts.big_numbers import split_value
from explainer.charts.map import fill as map_fill
from explainer.charts.map import groups as map_groups
from explainer.charts.words import shown_mark
from explainer.facts.i18n import word
from explainer.facts.numbers import format_fact
from explainer.facts.story import Chart, Story
from explainer.site.dark import hex_colour
from explainer.site.narrative import fact_anchor

_IGNORED = re.compile(r"[\s\u200e\u200f\u2066-\u2069]+")
Found = list[tuple[ET.Element, str, str]]  # (element, "fact" | "place", id)


@dataclass(frozen=True)
class Tip:
    """What a mark's tooltip says."""

    label: str
    value: str
    kind: str  # "estimated", "calculated" in the page's language; "" when reported
    href: str
    name: str  # what a screen reader says for the mark: "label: value"


def tip(story: Story, ref: str, ref_id: str, locale: str, page_href: str) -> Tip:
    """The tooltip of a fact (`ref` "fact") or a place ("place"); links go to the page's
    "Facts and sources" (`page_href` + "#fact-…"; "" for the page itself)."""
    if ref == "fact":
        fact = story.facts[ref_id]
        label, value = fact.label[locale], format_fact(fact, story, locale, "unit")
        kind = "" if fact.kind == "reported" else word(f"kind.{fact.kind}", locale, story.strings)
        anchor = fact_anchor(ref_id)
    else:
        place = story.places[ref_id]
        label, value, kind, anchor = place.name[locale], place.role[locale], "", f"place-{ref_id}"
    name = word("alt.values", locale, story.strings, label=label, value=value)
    return Tip(label, value, kind, f"{page_href}#{anchor}", name)


def _squeeze(text: str) -> str:
    return _IGNORED.sub("", text).casefold()


def _classes(el: ET.Element) -> list[str]:
    return el.get("class", "").split()


def _tag(el: ET.Element) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


class _Drawing:
    """What Plotly's SVG holds, found by its classes."""

    def __init__(self, root: ET.Element) -> None:
        self.root = root
        elements = list(root.iter())
        self.annotations = sorted(
            (e for e in elements if "annotation" in _classes(e) and e.get("data-index")),
            key=lambda e: int(e.get("data-index", "0")),
        )
        self.shapes = sorted(
            (
                child
                for e in elements
                if "shape-group" in _classes(e)
                for child in e
                if _tag(child) == "path"
            ),
            key=lambda e: int(e.get("data-index", "0")),
        )
        self.traces = [e for e in elements if "trace" in _classes(e)]

    def trace_list(self, kind: str) -> list[ET.Element]:
        return [t for t in self.traces if kind in _classes(t)]

    @staticmethod
    def paths(parent: ET.Element, cls: str) -> list[ET.Element]:
        return [e for e in parent.iter() if _tag(e) == "path" and cls in _classes(e)]


def _by_text(d: _Drawing, wanted: list[tuple[str, str]]) -> Found:
    """Annotations whose text is exactly `text`, for (fact id, text) in order."""
    out: Found = []
    used: set[int] = set()
    for fid, text in wanted:
        want = _squeeze(text)
        for i, a in enumerate(d.annotations):
            if i not in used and _squeeze("".join(a.itertext())) == want:
                used.add(i)
                out.append((a, "fact", fid))
                break
    return out


def _in_order(elements: list[ET.Element], fact_ids: tuple[str, ...]) -> Found:
    if len(elements) != len(fact_ids):
        return []
    return [(e, "fact", f) for e, f in zip(elements, fact_ids, strict=True)]


def _big_numbers(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    wanted = []
    for fid in chart.facts:
        fact = story.facts[fid]
        head, _ = split_value(fact, story, locale)
        wanted.append((fid, head + shown_mark(fact, locale, story.strings)))
    return _by_text(d, wanted)


def _bars(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    traces = d.trace_list("bars")
    bars = [p for g in traces[:1] for g2 in g.iter() if "point" in _classes(g2) for p in g2]
    return _in_order([b for b in bars if _tag(b) == "path"], chart.facts)


def _ladder(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    traces = d.trace_list("scatter")
    return _in_order(d.paths(traces[0], "point") if traces else [], chart.facts)


def _flow(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    boxes = [s for s in d.shapes if hex_colour(s.get("fill", "")) == theme.TINT]
    return _in_order(boxes, chart.facts)


def _waffle(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    fact = story.facts[chart.facts[0]]
    value = format_fact(fact, story, locale) + shown_mark(fact, locale, story.strings)
    out = _by_text(d, [(fact.id, value)])
    hid = chart.options.get("highlight")
    if isinstance(hid, str) and hid in story.facts:
        fills = [p for t in d.trace_list("scatter") for p in d.paths(t, "js-fill")]
        out += [(p, "fact", hid) for p in fills if hex_colour(p.get("fill", "")) == theme.HIGHLIGHT]
    return out


def _map(d: _Drawing, story: Story, chart: Chart, locale: str) -> Found:
    places = [story.places[p] for p in chart.places]
    colours = map_groups(places)
    seen: set[str] = set()
    by_fill: dict[str, list[str]] = {}  # as charts/map.py draws them: a trace per fill
    for p in places:
        for c in p.countries:
            if c in COUNTRIES and c not in seen:
                seen.add(c)
                by_fill.setdefault(map_fill(p, colours), []).append(p.id)
    out: Found = []
    for trace, (colour, owners) in zip(d.trace_list("choropleth"), by_fill.items(), strict=False):
        paths = d.paths(trace, "choroplethlocation")
        if len(paths) == len(owners) and all(
            hex_colour(p.get("fill", "")) == colour.upper() for p in paths
        ):
            out += [(p, "place", pid) for p, pid in zip(paths, owners, strict=True)]
    return out


_KINDS: dict[str, Callable[[_Drawing, Story, Chart, str], Found]] = {
    "big_numbers": _big_numbers,
    "bars": _bars,
    "ladder": _ladder,
    "flow": _flow,
    "waffle": _waffle,
    "map": _map,
}


def annotate(root: ET.Element, story: Story, chart: Chart, locale: str, page_href: str) -> int:
    """Write the tooltip data on each mark of `chart`'s cleaned SVG `root`; how many."""
    find = _KINDS.get(chart.kind)
    found = find(_Drawing(root), story, chart, locale) if find else []
    for el, ref, ref_id in found:
        t = tip(story, ref, ref_id, locale, page_href)
        el.set(f"data-{ref}", ref_id)
        el.set("data-tip-label", t.label)
        el.set("data-tip-value", t.value)
        if t.kind:
            el.set("data-tip-kind", t.kind)
        el.set("data-tip-href", t.href)
        el.set("data-tip-name", t.name)
    if found:
        root.set("data-tip-more", word("page.sources", locale, story.strings))
    return len(found)
