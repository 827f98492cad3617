"""The charts on a page: each exported chart as a figure, and the sections that place them.

A `FigureView` holds a chart's two inline drawings (article and phone width), its title,
caption, alt text and source line, its downloads and the embed code a host page pastes.
Where the exported chart already shows its title, caption or sources in its own text,
the figure says so, and the page keeps the HTML copy for screen readers only. The only
HTML built here is the embed code, escaped piece by piece.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from explainer.charts import words
from explainer.facts.i18n import join, word
from explainer.facts.story import Chart, Story
from explainer.site import layout, marks, narrative
from explainer.site.layout import RenderedChart
from explainer.site.links import absolute, rel
from explainer.site.look import current
from explainer.site.svg_inline import inline_svg

#: Room for the title, caption and source line around a chart in an embed (first guess;
#: the embed script then sets the real height).
EMBED_EXTRA_HEIGHT = 190


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
    #: For a CMS without iframes: the PNG (and @2x) with its size and alt text.
    image_code: str = ""
    image_id: str = ""


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: str | None
    body: Markup
    figures: tuple[FigureView, ...]


def chart_sources(story: Story, chart: Chart) -> list[str]:
    """Ids of the sources behind a chart (its facts and their inputs, a waffle's
    highlighted fact, its places), in order, once each, known sources only: the same
    sources as the chart's own source line."""
    return [i for i in words.chart_sources(chart, story) if i in story.sources]


def source_line(story: Story, chart: Chart, locale: str) -> str | None:
    """'Fonte: Title (Publisher) e …' under a figure; None when the chart has no source.

    Not the chart's own line (`charts.words.source_line`): no quotation marks, the
    publisher in brackets and no byline, which the page shows once at its top."""
    names = []
    for sid in chart_sources(story, chart):
        s = story.sources[sid]
        names.append(f"{s.title} ({s.publisher})" if s.publisher else s.title)
    return (
        word("chart.source", locale, story.strings, sources=join(names, locale)) if names else None
    )


def embed_code(story: Story, locale: str, chart_id: str, title: str, height: int) -> str:
    """The snippet a host page pastes: the iframe and the resizer script."""
    files = layout.chart_files(locale, chart_id)
    page = layout.page(locale)
    src = absolute(story, files.embed) or rel(page, files.embed)
    look = current()
    script = look.absolute(story, layout.EMBED_JS) or look.link(page, layout.EMBED_JS)
    q = lambda s: html.escape(s, quote=True)  # noqa: E731
    return (
        f'<iframe src="{q(src)}" title="{q(title)}" width="100%" height="{height}" '
        f'style="border:0;width:100%" loading="lazy"></iframe>\n'
        f'<script src="{q(script)}" async></script>'
    )


def image_code(story: Story, locale: str, rc: RenderedChart) -> str:
    """The snippet for a CMS without iframes: the PNG, its @2x for sharp screens, its
    size (no layout shift) and the chart's alt text."""
    page = layout.page(locale)
    png = absolute(story, rc.files.png) or rel(page, rc.files.png)
    png2x = absolute(story, rc.files.png2x) or rel(page, rc.files.png2x)
    # double quotes around every value: an apostrophe stays one (no `&#x27;` in the alt)
    q = lambda s: html.escape(s, quote=False).replace('"', "&quot;")  # noqa: E731
    return (
        f'<img src="{q(png)}" srcset="{q(png2x)} 2x" width="{rc.width}" '
        f'height="{rc.height}" alt="{q(rc.alt)}" style="max-width:100%;height:auto">'
    )


def _squeeze(text: str) -> str:
    """Text with all whitespace removed and case folded, to compare wrapped chart text."""
    return re.sub(r"\s+", "", text).casefold()


def _svg_text(svg: str) -> str:
    try:
        return _squeeze("".join(ET.fromstring(svg).itertext()))
    except ET.ParseError:
        return ""


def figure_view(
    story: Story, chart: Chart, rc: RenderedChart, locale: str, from_file: str
) -> FigureView:
    """`chart` as drawn for `locale`, with links relative to the file `from_file`."""
    anchor = f"chart-{chart.id}"
    title_id, alt_id = f"{anchor}-title", f"{anchor}-alt"
    labelledby = f"{title_id} {alt_id}"
    title = chart.title[locale]
    caption = chart.caption[locale] if chart.caption else None
    files = rc.files
    in_chart = _svg_text(rc.svg)
    source_titles = [_squeeze(story.sources[s].title) for s in chart_sources(story, chart)]
    phone = word("page.phone", locale, story.strings)
    page = layout.page(locale)
    page_href = "" if from_file == page else rel(from_file, page)

    def annotate(root: ET.Element) -> None:
        marks.annotate(root, story, chart, locale, page_href)

    downloads = (
        Download(
            word("page.get_data", locale, story.strings) + " (CSV)",
            rel(from_file, files.csv),
            "csv",
        ),
        Download("PNG", rel(from_file, files.png), "png"),
        Download("PNG @2x", rel(from_file, files.png2x), "png"),
        Download("SVG", rel(from_file, files.svg), "svg"),
        Download(f"PNG ({phone})", rel(from_file, files.png_narrow), "png"),
        Download(f"PNG @2x ({phone})", rel(from_file, files.png2x_narrow), "png"),
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
            rc.svg,
            labelledby=labelledby,
            variant="wide" if rc.svg_narrow else "",
            annotate=annotate,
            slim=True,
        ),
        svg_narrow=inline_svg(
            rc.svg_narrow, labelledby=labelledby, variant="narrow", annotate=annotate, slim=True
        )
        if rc.svg_narrow
        else None,
        source_line=source_line(story, chart, locale),
        title_in_chart=bool(in_chart) and _squeeze(title) in in_chart,
        caption_in_chart=bool(in_chart and caption) and _squeeze(caption or "") in in_chart,
        source_in_chart=bool(in_chart and source_titles)
        and all(t in in_chart for t in source_titles),
        downloads=downloads,
        embed_code=embed_code(story, locale, chart.id, title, rc.height + EMBED_EXTRA_HEIGHT),
        embed_id=f"{anchor}-embed",
        image_code=image_code(story, locale, rc),
        image_id=f"{anchor}-image",
    )


def rendered(
    charts: Mapping[tuple[str, str], RenderedChart], locale: str, chart_id: str
) -> RenderedChart:
    """The exported chart for (locale, chart id); ValueError if it was not rendered."""
    try:
        return charts[(locale, chart_id)]
    except KeyError:
        raise ValueError(f"chart '{chart_id}' was not rendered for locale '{locale}'") from None


def sections(
    story: Story, charts: Mapping[tuple[str, str], RenderedChart], locale: str, from_file: str
) -> list[SectionView]:
    """The story's sections with their figures; charts no section places come last."""

    def figures(chart_ids: Iterable[str]) -> tuple[FigureView, ...]:
        return tuple(
            figure_view(story, story.charts[c], rendered(charts, locale, c), locale, from_file)
            for c in chart_ids
        )

    out = []
    for section in story.sections:
        shown = figures(section.charts)
        heading = section.heading[locale] if section.heading else None
        body = narrative.render(section.body[locale], story, locale)
        out.append(SectionView(section.id, heading, body, shown))
    placed = {c for section in story.sections for c in section.charts}
    unplaced = [c for c in story.charts if c not in placed]
    if unplaced:  # a chart no section places still belongs on the page: at the end
        out.append(SectionView("more-charts", None, Markup(""), figures(unplaced)))
    return out
