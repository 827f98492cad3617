"""The static site: one page per language, a language chooser, chart embeds, assets.

    files = render_site(story, charts, corrections, social_cards={"it": "it/social.png"})
    files["it/index.html"]  -> b"<!doctype html>…"

`render_site` is pure: it reads the story, the exported charts and the package's own
templates and assets, and returns `{output path: bytes}`; writing is the caller's job.
Nothing in it looks at the clock, so two builds of the same input are byte-identical.

What the pages promise (and the tests check):

* Readable with no JavaScript at all: charts are inline SVG, every number is text.
* No request leaves the site: relative links only, no CDN, and the one web font (Inter,
  which the chart SVGs are drawn in) is served from the site's own `assets/`; absolute
  URLs appear only where they must (canonical, hreflang, Open Graph, source links, embed
  code) and only when the story has a `base_url`.
* Each chart is inlined twice: drawn for the article (720 px) and for a phone (360 px);
  the stylesheet shows one and gives the other `display: none` (so a screen reader meets
  one image), switching at 600 px.
* A strict Content-Security-Policy with no inline script or style. Plotly writes its
  SVG styling into `style` attributes, which that policy would block, so inline SVGs
  get them rewritten as SVG presentation attributes (`fill="…"`), which it allows.
* Every text from the content is escaped (Jinja2 autoescape); the only HTML built by
  hand is escaped piece by piece here or in `narrative.py`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from babel import Locale
from babel.core import get_global
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from explainer.content.formula import TIME_NAMES
from explainer.facts.i18n import join, word
from explainer.facts.numbers import format_constant, format_fact
from explainer.facts.story import Chart, Correction, Fact, Source, Story
from explainer.site import layout, narrative
from explainer.site.layout import RenderedChart
from explainer.site.svg_inline import compact_svg, inline_svg

__all__ = ["CSP", "compact_svg", "inline_svg", "render_site"]

FRAME_JS = f"{layout.ASSETS}/frame.js"
#: The page's policy; `'self'` covers the stylesheet and the embed scripts.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
#: Static files copied from `explainer/assets/` to `output/assets/`: the stylesheet, the
#: embed scripts, and the charts' font with its licence.
STATIC = (layout.CSS, layout.EMBED_JS, FRAME_JS, layout.FONT, layout.FONT_LICENSE)
#: Room for the title, caption and source line around a chart in an embed (first guess;
#: the embed script then sets the real height).
EMBED_EXTRA_HEIGHT = 190


# --------------------------------------------------------------------------- helpers


def _rel(from_file: str, to_file: str) -> str:
    """Shortest relative link between two output files (`it/index.html` → `charts/a.svg`)."""
    start = posixpath.dirname(from_file) or "."
    return posixpath.relpath(to_file, start)


def _absolute(story: Story, path: str) -> str | None:
    """`path` under the story's base_url, or None when the story has none."""
    if not story.base_url:
        return None
    return story.base_url.rstrip("/") + "/" + path


def _page_url_path(locale: str) -> str:
    """The public address of a locale page, relative to base_url (`it/`)."""
    return posixpath.dirname(layout.page(locale)) + "/"


def _bcp47(locale: str) -> str:
    """Babel's `pt_BR` as HTML's `pt-BR`."""
    return locale.replace("_", "-")


def _og_locale(locale: str) -> str:
    """Open Graph wants `language_TERRITORY` (`it` → `it_IT`)."""
    parsed = Locale.parse(locale)
    if parsed.territory:
        return f"{parsed.language}_{parsed.territory}"
    likely = get_global("likely_subtags").get(parsed.language)
    if likely:
        full = Locale.parse(likely)
        if full.territory:
            return f"{full.language}_{full.territory}"
    return parsed.language


def language_name(locale: str) -> str:
    """The language's own name, capitalized (`Italiano`, `English`)."""
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def _date(value: str, locale: str) -> str:
    return format_date(dt.date.fromisoformat(value[:10]), format="long", locale=locale)


def last_updated(story: Story, corrections: Sequence[Correction]) -> str:
    """The newest date the content knows of: updated, published or a correction's."""
    dates = [story.updated or story.published, *(c.date for c in corrections)]
    return max(d[:10] for d in dates)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) addresses become links (validation checks it too; this is a guard)."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def json_ld(data: Any) -> Markup:
    """JSON for a `<script type="application/ld+json">`: text can never close the tag."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    for char, code in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return Markup(text)


# --------------------------------------------------------------------------- inline SVG


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


@dataclass(frozen=True)
class PlaceView:
    id: str
    name: str
    role: str
    quote: str | None
    quote_lang: str | None
    source: SourceView | None


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    kind: str


@dataclass(frozen=True)
class FigureView:
    id: str
    anchor: str
    title: str
    title_id: str
    caption: str | None
    alt: str
    alt_id: str
    svg: Markup
    #: The phone-width drawing, shown instead of `svg` on narrow screens (None: no such).
    svg_narrow: Markup | None
    source_line: str | None
    #: What the exported chart already shows in its own text (title, caption, source):
    #: the HTML copy is then for screen readers only, not shown twice.
    title_in_chart: bool
    caption_in_chart: bool
    source_in_chart: bool
    downloads: tuple[Download, ...]
    embed_code: str
    embed_id: str


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: str | None
    body: Markup
    figures: tuple[FigureView, ...]


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


def _source_view(story: Story, source_id: str | None) -> SourceView | None:
    if source_id is None or source_id not in story.sources:
        return None
    s: Source = story.sources[source_id]
    return SourceView(s.id, s.title, s.publisher, _safe_url(s.url), s.date, s.language)


def _fact_sources(story: Story, fact_id: str, seen: set[str]) -> list[str]:
    """Sources behind a fact, following a derived fact's inputs."""
    if fact_id in seen or fact_id not in story.facts:
        return []
    seen.add(fact_id)
    fact = story.facts[fact_id]
    found = [fact.source] if fact.source else []
    for name in fact.inputs:
        found += _fact_sources(story, name, seen)
    return found


def _chart_sources(story: Story, chart: Chart) -> list[str]:
    """Ids of the sources behind a chart's facts and places, in order, once each."""
    ids: list[str] = []
    seen: set[str] = set()
    for fact_id in chart.facts:
        ids += _fact_sources(story, fact_id, seen)
    for place_id in chart.places:
        place = story.places.get(place_id)
        if place and place.source:
            ids.append(place.source)
    return list(dict.fromkeys(i for i in ids if i in story.sources))


def _source_line(story: Story, chart: Chart, locale: str) -> str | None:
    names = []
    for sid in _chart_sources(story, chart):
        s = story.sources[sid]
        names.append(f"{s.title} ({s.publisher})" if s.publisher else s.title)
    return word("chart.source", locale, sources=join(names, locale)) if names else None


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
            parts.append(escape(word(f"time.{name}", locale)))
        elif name:
            parts.append(escape(name))
        elif number:
            parts.append(escape(format_constant(float(number), locale)))
        else:
            parts.append(escape(_OPERATORS.get(op, op)))
        pos = m.end()
    return Markup(" ").join(parts)


def _fact_view(fact: Fact, story: Story, locale: str) -> FactView:
    value = format_fact(fact, story, locale, "unit")
    compact = format_fact(fact, story, locale)
    full = format_fact(fact, story, locale, "full") if fact.is_number else None
    source = _source_view(story, fact.source)
    approx = None
    if fact.approx:
        approx = word(
            "page.approx", locale, word=word(f"approx.{fact.approx}", locale, n="").strip()
        )
    return FactView(
        id=fact.id,
        anchor=narrative.fact_anchor(fact.id),
        label=fact.label[locale],
        value=value,
        full=full if full and full != compact else None,
        kind=fact.kind,
        kind_word=word(f"kind.{fact.kind}", locale),
        approx=approx,
        formula=formula_html(fact, story, locale) if fact.formula else None,
        note=fact.note[locale] if fact.note else None,
        quote=fact.quote,
        quote_lang=_bcp47(source.language) if source and source.language else None,
        source=source,
    )


def _embed_code(story: Story, locale: str, chart_id: str, title: str, height: int) -> str:
    """The snippet a host page pastes: the iframe and the resizer script."""
    files = layout.chart_files(locale, chart_id)
    page = layout.page(locale)
    src = _absolute(story, files.embed) or _rel(page, files.embed)
    script = _absolute(story, layout.EMBED_JS) or _rel(page, layout.EMBED_JS)
    q = lambda s: html.escape(s, quote=True)  # noqa: E731
    return (
        f'<iframe src="{q(src)}" title="{q(title)}" width="100%" height="{height}" '
        f'style="border:0;width:100%" loading="lazy"></iframe>\n'
        f'<script src="{q(script)}" async></script>'
    )


def _squeeze(text: str) -> str:
    """Text with all whitespace removed and case folded, to compare wrapped chart text."""
    return re.sub(r"\s+", "", text).casefold()


def _svg_text(svg: str) -> str:
    try:
        return _squeeze("".join(ET.fromstring(svg).itertext()))
    except ET.ParseError:
        return ""


def _figure_view(
    story: Story, chart: Chart, rc: RenderedChart, locale: str, from_file: str
) -> FigureView:
    anchor = f"chart-{chart.id}"
    title_id, alt_id = f"{anchor}-title", f"{anchor}-alt"
    title = chart.title[locale]
    caption = chart.caption[locale] if chart.caption else None
    files = rc.files
    in_chart = _svg_text(rc.svg)
    source_titles = [_squeeze(story.sources[s].title) for s in _chart_sources(story, chart)]
    downloads = (
        Download(word("page.get_data", locale) + " (CSV)", _rel(from_file, files.csv), "csv"),
        Download("PNG", _rel(from_file, files.png), "png"),
        Download("PNG @2x", _rel(from_file, files.png2x), "png"),
        Download("SVG", _rel(from_file, files.svg), "svg"),
    )
    return FigureView(
        id=chart.id,
        anchor=anchor,
        title=title,
        title_id=title_id,
        caption=caption,
        alt=rc.alt,
        alt_id=alt_id,
        svg=inline_svg(
            rc.svg, labelledby=f"{title_id} {alt_id}", variant="wide" if rc.svg_narrow else ""
        ),
        svg_narrow=inline_svg(rc.svg_narrow, labelledby=f"{title_id} {alt_id}", variant="narrow")
        if rc.svg_narrow
        else None,
        source_line=_source_line(story, chart, locale),
        title_in_chart=bool(in_chart) and _squeeze(title) in in_chart,
        caption_in_chart=bool(in_chart and caption) and _squeeze(caption or "") in in_chart,
        source_in_chart=bool(in_chart and source_titles)
        and all(t in in_chart for t in source_titles),
        downloads=downloads,
        embed_code=_embed_code(story, locale, chart.id, title, rc.height + EMBED_EXTRA_HEIGHT),
        embed_id=f"{anchor}-embed",
    )


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("explainer.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _words(locale: str) -> Callable[..., str]:
    return lambda key, **values: word(key, locale, **values)


def _languages(story: Story, from_file: str, current: str | None) -> list[LanguageLink]:
    return [
        LanguageLink(
            locale=loc,
            lang=_bcp47(loc),
            name=language_name(loc),
            href=_rel(from_file, layout.page(loc)),
            title=story.title[loc],
            standfirst=story.standfirst[loc],
            current=loc == current,
        )
        for loc in story.locales
    ]


def _rendered(
    charts: Mapping[tuple[str, str], RenderedChart], locale: str, chart_id: str
) -> RenderedChart:
    try:
        return charts[(locale, chart_id)]
    except KeyError:
        raise ValueError(f"chart '{chart_id}' was not rendered for locale '{locale}'") from None


def _head(
    story: Story, locale: str, from_file: str, social_cards: Mapping[str, str], updated: str
) -> dict[str, Any]:
    """Canonical, alternates, social and JSON-LD metadata for a locale page."""
    canonical = _absolute(story, _page_url_path(locale))
    alternates = [
        (_bcp47(loc), _absolute(story, _page_url_path(loc)) or _rel(from_file, layout.page(loc)))
        for loc in story.locales
    ]
    alternates.append(("x-default", _absolute(story, "") or _rel(from_file, layout.INDEX)))
    card = social_cards.get(locale)
    image = (_absolute(story, card) or _rel(from_file, card)) if card else None
    image_alt = None
    if story.headline and story.headline in story.facts:
        headline = story.facts[story.headline]
        image_alt = f"{headline.label[locale]}: {format_fact(headline, story, locale)}"
    citations = []
    for s in story.sources.values():
        item: dict[str, Any] = {"@type": "CreativeWork", "name": s.title}
        if s.publisher:
            item["publisher"] = {"@type": "Organization", "name": s.publisher}
        if _safe_url(s.url):
            item["url"] = _safe_url(s.url)
        if s.date:
            item["datePublished"] = s.date
        if s.language:
            item["inLanguage"] = _bcp47(s.language)
        citations.append(item)
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title[locale],
        "description": story.standfirst[locale],
        "inLanguage": _bcp47(locale),
        "datePublished": story.published,
        "dateModified": updated,
        "author": {"@type": "Organization", "name": story.byline[locale]},
        "citation": citations,
    }
    if canonical:
        ld["url"] = canonical
        ld["mainEntityOfPage"] = canonical
    if image:
        ld["image"] = [image]
    return {
        "canonical": canonical,
        "alternates": alternates,
        "image": image,
        "image_alt": image_alt,
        "og_locale": _og_locale(locale),
        "og_alternates": [_og_locale(loc) for loc in story.locales if loc != locale],
        "json_ld": json_ld(ld),
    }


def _sections(
    story: Story, charts: Mapping[tuple[str, str], RenderedChart], locale: str, from_file: str
) -> list[SectionView]:
    out = []
    placed: set[str] = set()
    for section in story.sections:
        figures = []
        for chart_id in section.charts:
            placed.add(chart_id)
            chart = story.charts[chart_id]
            figures.append(
                _figure_view(story, chart, _rendered(charts, locale, chart_id), locale, from_file)
            )
        heading = section.heading[locale] if section.heading else None
        out.append(
            SectionView(
                section.id,
                heading,
                narrative.render(section.body[locale], story, locale),
                tuple(figures),
            )
        )
    unplaced = [c for c in story.charts if c not in placed]
    if unplaced:  # a chart no section places still belongs on the page: at the end
        figures = [
            _figure_view(story, story.charts[c], _rendered(charts, locale, c), locale, from_file)
            for c in unplaced
        ]
        out.append(SectionView("more-charts", None, Markup(""), tuple(figures)))
    return out


def _localized(text: Mapping[str, str] | str | None, locale: str) -> str | None:
    """A per-locale text in `locale` (or the first one there is); plain strings as they are."""
    if text is None or isinstance(text, str):
        return text
    return text.get(locale) or next(iter(text.values()), None)


def _corrections(
    story: Story, corrections: Sequence[Correction], locale: str
) -> list[CorrectionView]:
    newest_first = sorted(reversed(list(corrections)), key=lambda c: c.date, reverse=True)
    out = []
    for c in newest_first:
        fact = story.facts.get(c.fact)
        label = (fact.label[locale] if fact else None) or _localized(c.label, locale) or c.fact
        out.append(
            CorrectionView(
                date=c.date,
                date_text=_date(c.date, locale),
                fact_anchor=narrative.fact_anchor(c.fact) if fact else None,
                label=label,
                old=_localized(c.old, locale) or "",
                new=_localized(c.new, locale) or "",
                note=_localized(c.note, locale),
            )
        )
    return out


def render_page(
    story: Story,
    charts: Mapping[tuple[str, str], RenderedChart],
    corrections: Sequence[Correction],
    locale: str,
    social_cards: Mapping[str, str],
) -> str:
    """The narrative page of one locale."""
    path = layout.page(locale)
    updated = last_updated(story, corrections)
    places = [
        PlaceView(
            id=p.id,
            name=p.name[locale],
            role=p.role[locale],
            quote=p.quote,
            quote_lang=_bcp47(src.language)
            if (src := _source_view(story, p.source)) and src.language
            else None,
            source=_source_view(story, p.source),
        )
        for p in story.places.values()
    ]
    return (
        environment()
        .get_template("page.html")
        .render(
            t=_words(locale),
            lang=_bcp47(locale),
            csp=CSP,
            css=_rel(path, layout.CSS),
            story=story,
            title=story.title[locale],
            standfirst=story.standfirst[locale],
            byline=story.byline[locale],
            published=story.published,
            published_text=_date(story.published, locale),
            updated=updated,
            updated_text=_date(updated, locale),
            head=_head(story, locale, path, social_cards, updated),
            languages=_languages(story, path, locale),
            corrections=_corrections(story, corrections, locale),
            sections=_sections(story, charts, locale, path),
            facts=[_fact_view(f, story, locale) for f in story.facts.values()],
            places=places,
            sources=[_source_view(story, s) for s in story.sources],
            credits=story.credits[locale] if story.credits else None,
        )
    )


def render_embed(story: Story, chart: Chart, rc: RenderedChart, locale: str) -> str:
    """A chart alone, for an iframe on another site; frame.js reports its height."""
    path = rc.files.embed
    story_page = layout.page(locale)
    figure = _figure_view(story, chart, rc, locale, path)
    return (
        environment()
        .get_template("embed.html")
        .render(
            t=_words(locale),
            lang=_bcp47(locale),
            csp=CSP,
            css=_rel(path, layout.CSS),
            frame_js=_rel(path, FRAME_JS),
            canonical=_absolute(story, _page_url_path(locale)),
            figure=figure,
            story_title=story.title[locale],
            story_href=_rel(path, story_page) + f"#{figure.anchor}",
        )
    )


def render_index(story: Story) -> str:
    """The language chooser at the site's root."""
    path = layout.INDEX
    locale = story.default_locale
    return (
        environment()
        .get_template("index.html")
        .render(
            t=_words(locale),
            lang=_bcp47(locale),
            csp=CSP,
            css=_rel(path, layout.CSS),
            title=" · ".join(dict.fromkeys(story.title[loc] for loc in story.locales)),
            description=story.standfirst[locale],
            canonical=_absolute(story, ""),
            alternates=[
                (_bcp47(loc), _absolute(story, _page_url_path(loc)) or _rel(path, layout.page(loc)))
                for loc in story.locales
            ],
            choose=[(_bcp47(loc), word("page.choose_language", loc)) for loc in story.locales],
            languages=_languages(story, path, None),
        )
    )


def static_file(path: str) -> bytes:
    """A file shipped in `explainer/assets/` (`assets/explainer.css` → its bytes)."""
    name = posixpath.relpath(path, layout.ASSETS)
    return resources.files("explainer.site").joinpath("assets", name).read_bytes()


def render_site(
    story: Story,
    charts: Mapping[tuple[str, str], RenderedChart],
    corrections: Sequence[Correction],
    *,
    social_cards: Mapping[str, str],
) -> dict[str, bytes]:
    """Every page and asset of the site, as {relative output path: bytes}.

    `charts` maps (locale, chart id) to the exported chart; `corrections` is the
    corrections record (shown newest first); `social_cards` maps a locale to its card's
    output path (`it/social.png`). Raises ValueError if a chart was not rendered.
    """
    files: dict[str, bytes] = {layout.INDEX: render_index(story).encode()}
    for locale in story.locales:
        files[layout.page(locale)] = render_page(
            story, charts, corrections, locale, social_cards
        ).encode()
        for chart_id, chart in story.charts.items():
            rc = _rendered(charts, locale, chart_id)
            files[rc.files.embed] = render_embed(story, chart, rc, locale).encode()
    for path in STATIC:
        files[path] = static_file(path)
    return files
