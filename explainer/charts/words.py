"""The words a chart shows, resolved for one locale: the one place that builds them.

The chart kinds draw; they do not decide what to say. `chart_words(chart, story,
locale)` gives a `ChartWords`: the title, caption, the source line, the notes that
explain the "estimate" / "calculated" marks, and for every fact shown its label, its
formatted value and its mark. The interface words come from `facts.i18n`, numbers from
`facts.numbers`; a new language touches those, never a chart kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from explainer.facts.i18n import NO_STRINGS, Strings, isolated, join, word
from explainer.facts.numbers import format_fact, format_number
from explainer.facts.story import Chart, Fact, Story


@dataclass(frozen=True)
class FactWords:
    """How one fact reads on a chart: `label`, `value` (with its approximation word) and
    `mark` ("estimate", "calculated" or "")."""

    label: str
    value: str
    mark: str


@dataclass(frozen=True)
class ChartWords:
    """Every word of one chart in one locale."""

    locale: str
    title: str
    caption: str | None  # None: the chart has no caption
    source: str
    facts: Mapping[str, FactWords] = field(default_factory=dict)
    _kinds: Mapping[str, str] = field(default_factory=dict)
    strings: Strings = field(default_factory=dict)

    def fact(self, fact_id: str) -> FactWords:
        return self.facts[fact_id]

    def notes(self, fact_ids: Iterable[str]) -> list[str]:
        """The notes explaining the marks of these facts."""
        return mark_notes_for({self._kinds[f] for f in fact_ids}, self.locale, self.strings)

    def say(self, key: str, **values: object) -> str:
        """An interface word of this locale (`chart.log_scale`, `chart.times`, …)."""
        return word(key, self.locale, self.strings, **values)

    def number(self, value: float, **options: object) -> str:
        """A bare number as this locale writes it."""
        return format_number(value, self.locale, **options)  # type: ignore[arg-type]


def chart_words(chart: Chart, story: Story, locale: str) -> ChartWords:
    """The words of `chart` in `locale`."""
    ids = [f for f in [*chart.facts, *_option_facts(chart)] if f in story.facts]
    facts = {fid: fact_words(story.facts[fid], story, locale) for fid in ids}
    return ChartWords(
        locale=locale,
        title=chart.title[locale],
        caption=chart.caption[locale] if chart.caption else None,
        source=source_line(chart_sources(chart, story), story, locale),
        facts=facts,
        _kinds={fid: story.facts[fid].kind for fid in ids},
        strings=story.strings,
    )


def fact_words(fact: Fact, story: Story, locale: str) -> FactWords:
    value = format_fact(fact, story, locale) if fact.is_number else ""
    return FactWords(fact.label[locale], value, shown_mark(fact, locale, story.strings))


def mark(fact: Fact, locale: str, strings: Strings = NO_STRINGS) -> str:
    """The word shown beside an estimated ("stima") or derived ("calcolo") value, or ""."""
    if fact.kind in ("estimated", "derived"):
        return word(f"chart.mark.{fact.kind}", locale, strings)
    return ""


def shown_mark(fact: Fact, locale: str, strings: Strings = NO_STRINGS) -> str:
    """`mark()`, unless the fact's label already says it ("… (stima)"): no need twice."""
    m = mark(fact, locale, strings)
    if m and m.casefold() in fact.label[locale].casefold():
        return ""
    return m


def fact_sources(fact_ids: Iterable[str], story: Story) -> list[str]:
    """Source ids behind facts, following derived facts to their inputs; in order."""
    out: list[str] = []
    seen: set[str] = set()

    def visit(fid: str) -> None:
        if fid in seen or fid not in story.facts:
            return
        seen.add(fid)
        fact = story.facts[fid]
        if fact.source and fact.source not in out:
            out.append(fact.source)
        for inp in fact.inputs:
            visit(inp)

    for fid in fact_ids:
        visit(fid)
    return out


def chart_sources(chart: Chart, story: Story) -> list[str]:
    ids = fact_sources([*chart.facts, *_option_facts(chart)], story)
    for pid in chart.places:
        place = story.places.get(pid)
        if place and place.source and place.source not in ids:
            ids.append(place.source)
    return ids


def _option_facts(chart: Chart) -> list[str]:
    h = chart.options.get("highlight")
    return [h] if isinstance(h, str) else []


def source_line(source_ids: Sequence[str], story: Story, locale: str) -> str:
    """'Fonte: «xtream codes iptv» · Redazione explainer' (plain text), then the
    newsroom's name of a brand file unless the byline already says it. In a
    right-to-left locale each name is isolated (`isolated`): a source's title is often
    in another script than the line's."""
    titles = []
    for sid in source_ids:
        src = story.sources.get(sid)
        if src is None:
            continue
        title = isolated(src.title, locale)
        t = word("chart.source_title", locale, story.strings, title=title)
        titles.append(f"{t}, {isolated(src.publisher, locale)}" if src.publisher else t)
    parts = []
    if titles:
        parts.append(word("chart.source", locale, story.strings, sources=join(titles, locale)))
    byline = story.byline.get(locale) if story.byline else None
    if byline:
        parts.append(isolated(byline, locale))
    if story.newsroom and story.newsroom.casefold() not in (byline or "").casefold():
        parts.append(isolated(story.newsroom, locale))
    return " · ".join(parts)


def mark_notes(facts: Iterable[Fact], locale: str, strings: Strings = NO_STRINGS) -> list[str]:
    """Footnotes explaining the marks used for these facts."""
    return mark_notes_for({f.kind for f in facts}, locale, strings)


def mark_notes_for(kinds: set[str], locale: str, strings: Strings = NO_STRINGS) -> list[str]:
    """Footnotes explaining the marks of facts of these kinds (estimates first)."""
    return [
        word(f"chart.note.{kind}", locale, strings)
        for kind in ("estimated", "derived")
        if kind in kinds
    ]
