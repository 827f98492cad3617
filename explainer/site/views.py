"""What the templates show of the story's facts, places, sources and corrections.

Each `…View` is a frozen dataclass holding text already resolved for one locale and
formatted (numbers, dates, language tags), built from the `Story` by the function of
the same name in lower case. The only HTML built here is a derived fact's formula
(`formula_html`), escaped piece by piece; everything else is escaped by the templates.
Charts are in `figures.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from explainer.content.formula import TIME_NAMES
from explainer.facts.i18n import word
from explainer.facts.numbers import format_constant, format_fact, time_unit
from explainer.facts.story import Correction, Fact, Place, Source, Story
from explainer.site import layout, narrative
from explainer.site.links import rel, safe_url
from explainer.site.locales import bcp47, language_name, long_date
from explainer.site.uses import Uses


@dataclass(frozen=True)
class SourceView:
    id: str
    title: str
    publisher: str | None
    url: str | None
    date: str | None
    language: str | None


@dataclass(frozen=True)
class FactView:
    id: str
    anchor: str
    label: str
    value: str
    full: str | None
    kind: str
    kind_word: str
    approx: str | None
    formula: Markup | None
    note: str | None
    quote: str | None
    quote_lang: str | None
    source: SourceView | None
    #: Links to the sections and charts that show it, and to the facts calculated from it.
    appears: Markup | None = None
    used_in: Markup | None = None


@dataclass(frozen=True)
class PlaceView:
    id: str
    name: str
    role: str
    quote: str | None
    quote_lang: str | None
    source: SourceView | None


@dataclass(frozen=True)
class CorrectionView:
    date: str
    date_text: str
    fact_anchor: str | None
    label: str
    old: str
    new: str
    note: str | None


@dataclass(frozen=True)
class LanguageLink:
    locale: str
    lang: str
    name: str
    href: str
    title: str
    standfirst: str
    current: bool


def source_view(story: Story, source_id: str | None) -> SourceView | None:
    if source_id is None or source_id not in story.sources:
        return None
    s: Source = story.sources[source_id]
    return SourceView(s.id, s.title, s.publisher, safe_url(s.url), s.date, s.language)


def _quote_lang(source: SourceView | None) -> str | None:
    """The language tag of a quote: its source's language, when the source says."""
    return bcp47(source.language) if source and source.language else None


def fact_view(fact: Fact, story: Story, locale: str, uses: Uses | None = None) -> FactView:
    value = format_fact(fact, story, locale, "unit")
    compact = format_fact(fact, story, locale)
    full = format_fact(fact, story, locale, "full") if fact.is_number else None
    source = source_view(story, fact.source)
    approx = None
    if fact.approx:
        approx_word = word(f"approx.{fact.approx}", locale, story.strings, n="").strip()
        approx = word("page.approx", locale, story.strings, word=approx_word)
    return FactView(
        id=fact.id,
        anchor=narrative.fact_anchor(fact.id),
        label=fact.label[locale],
        value=value,
        full=full if full and full != compact else None,
        kind=fact.kind,
        kind_word=word(f"kind.{fact.kind}", locale, story.strings),
        approx=approx,
        formula=formula_html(fact, story, locale) if fact.formula else None,
        note=fact.note[locale] if fact.note else None,
        quote=fact.quote,
        quote_lang=_quote_lang(source),
        source=source,
        appears=uses.appears if uses else None,
        used_in=uses.used_in if uses else None,
    )


def place_view(place: Place, story: Story, locale: str) -> PlaceView:
    source = source_view(story, place.source)
    return PlaceView(
        id=place.id,
        name=place.name[locale],
        role=place.role[locale],
        quote=place.quote,
        quote_lang=_quote_lang(source),
        source=source,
    )


_TOKEN = re.compile(
    r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(\*\*|[-+*/()]))"
)
_OPERATORS = {"*": "×", "/": "÷", "-": "−", "+": "+", "(": "(", ")": ")", "**": "^"}


def formula_html(fact: Fact, story: Story, locale: str) -> Markup:
    """A derived fact's formula in words, each input fact linked to its entry."""
    assert fact.formula is not None
    parts: list[str] = []
    pos, text = 0, fact.formula.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            return Markup("<code>{}</code>").format(fact.formula)  # unexpected: show as is
        name, number, op = m.groups()
        if name and name in story.facts:
            used = story.facts[name]
            parts.append(
                Markup('<a href="#{}">{}</a> ({})').format(
                    narrative.fact_anchor(name),
                    used.label[locale],
                    format_fact(used, story, locale),
                )
            )
        elif name and name in TIME_NAMES:
            parts.append(escape(time_unit(1, name, locale)))
        elif name:
            parts.append(escape(name))
        elif number:
            parts.append(escape(format_constant(float(number), locale)))
        else:
            parts.append(escape(_OPERATORS.get(op, op)))
        pos = m.end()
    return Markup(" ").join(parts)


def _localized(text: Mapping[str, str] | str | None, locale: str) -> str | None:
    """A per-locale text in `locale` (or the first one there is); plain strings as they are."""
    if text is None or isinstance(text, str):
        return text
    return text.get(locale) or next(iter(text.values()), None)


def corrections(story: Story, records: Sequence[Correction], locale: str) -> list[CorrectionView]:
    """The corrections record as the page lists it: newest first."""
    newest_first = sorted(reversed(list(records)), key=lambda c: c.date, reverse=True)
    out = []
    for c in newest_first:
        fact = story.facts.get(c.fact)
        label = (fact.label[locale] if fact else None) or _localized(c.label, locale) or c.fact
        out.append(
            CorrectionView(
                date=c.date,
                date_text=long_date(c.date, locale),
                fact_anchor=narrative.fact_anchor(c.fact) if fact else None,
                label=label,
                old=_localized(c.old, locale) or "",
                new=_localized(c.new, locale) or "",
                note=_localized(c.note, locale),
            )
        )
    return out


def languages(story: Story, from_file: str, current: str | None) -> list[LanguageLink]:
    """A link to each locale's page from `from_file`; `current` marks the one shown."""
    return [
        LanguageLink(
            locale=loc,
            lang=bcp47(loc),
            name=language_name(loc),
            href=rel(from_file, layout.page(loc)),
            title=story.title[loc],
            standfirst=story.standfirst[loc],
            current=loc == current,
        )
        for loc in story.locales
    ]
