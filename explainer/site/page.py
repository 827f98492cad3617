"""The static site: one page per language, a language chooser, chart embeds, assets.

    files = render_site(story, charts, corrections, social_cards={"it": "it/social.png"})
    files["it/index.html"]  -> b"<!doctype html>…"

`render_site` is pure: it reads the story, the exported charts and the package's own
templates and assets, and returns `{output path: bytes}`; writing is the caller's job.
Nothing in it looks at the clock, so two builds of the same input are byte-identical.
This module holds the Jinja2 environment and the three page kinds; what they show is
built in `views.py` (facts, places, sources, corrections, languages), `figures.py`
(charts and sections) and `head.py` (metadata).

What the pages promise (and the tests check):

* Readable with no JavaScript at all: charts are inline SVG, every number is text. One
  deferred script (`assets/charts.js`) adds tooltips to the marks that carry a fact;
  without it nothing else changes.
* Inline charts follow the reader's dark mode through the stylesheet alone (`dark.py`).
* No request leaves the site: relative links only, no CDN, and the one web font (Inter,
  which the chart SVGs are drawn in) is served from the site's own `assets/`; absolute
  URLs appear only where they must (canonical, hreflang, Open Graph, source links, embed
  code) and only when the story has a `base_url`.
* Each chart is inlined twice: drawn for the article (720 px) and for a phone (360 px);
  the stylesheet shows one and gives the other `display: none` (so a screen reader meets
  one image), switching at 600 px. Both are slimmed for the page (`svg_slim.slim_svg`:
  under half the bytes, a third of the elements, the same drawing, text and tooltip data).
* The first paint needs the HTML and one stylesheet; the font swaps in without moving a
  line ("Inter fallback": Arial with Inter's metrics, in the stylesheet).
* A strict Content-Security-Policy with no inline script or style. Plotly writes its
  SVG styling into `style` attributes, which that policy would block, so inline SVGs
  get them rewritten as SVG presentation attributes (`fill="…"`), which it allows
  (`svg_inline.py`).
* Every text from the content is escaped (Jinja2 autoescape); the only HTML built by
  hand is escaped piece by piece in `views.py` (formulas), `figures.py` (embed code) or
  `narrative.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from explainer.brand.load import Brand
from explainer.facts.i18n import Strings, word
from explainer.facts.story import Chart, Correction, Story
from explainer.site import dark, layout, views
from explainer.site.figures import figure_view, rendered, sections
from explainer.site.head import CSP, alternates, head, last_updated
from explainer.site.layout import RenderedChart
from explainer.site.links import absolute, page_url_path, rel
from explainer.site.locales import bcp47, direction, long_date, og_locale
from explainer.site.look import FRAME_JS, STATIC, Look, asset_files, current, static_file, using
from explainer.site.svg_inline import compact_svg, inline_svg
from explainer.site.uses import fact_uses

__all__ = ["CSP", "compact_svg", "inline_svg", "previous_version", "render_site", "static_file"]

#: The files of `assets/` (`look.py`): kept here by name for older callers.
__all__ += ["FRAME_JS", "STATIC"]


#: The folder (output-relative, `versions/2`) that keeps the version this build's pages
#: replace, or None: the update box then links to it (see `build/versions.py`).
_previous_version: ContextVar[str | None] = ContextVar("previous_version", default=None)


@contextmanager
def previous_version(folder: str | None) -> Iterator[None]:
    """Pages rendered inside link to `folder`'s copy of themselves ("Previous version")."""
    token = _previous_version.set(folder)
    try:
        yield
    finally:
        _previous_version.reset(token)


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


def _render(template: str, path: str, locale: str, strings: Strings, **context: Any) -> str:
    """`template` for the output file `path` in `locale`, with what every page has: the
    interface words `t(key, …)`, the language tag, the policy, the stylesheet and font
    links, and the brand's name and logo (`look.py`)."""
    look = current()
    brand = look.brand
    return (
        environment()
        .get_template(template)
        .render(
            t=lambda key, **values: word(key, locale, strings, **values),
            lang=bcp47(locale),
            dir=direction(locale),
            dir_of=lambda tag: direction(tag.replace("-", "_")),
            csp=CSP,
            css=look.link(path, layout.CSS),
            story_css=rel(path, layout.STORY_CSS) if look.assets_root else None,
            charts_js=look.link(path, layout.CHARTS_JS),
            brand_name=brand.name if brand else None,
            logo=look.link(path, look.logo) if look.logo else None,
            logo_dark=look.link(path, look.logo_dark) if look.logo_dark else None,
            **context,
        )
    )


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
    uses = fact_uses(story, locale)
    kept = _previous_version.get()
    return _render(
        "page.html",
        path,
        locale,
        story.strings,
        story=story,
        title=story.title[locale],
        standfirst=story.standfirst[locale],
        byline=story.byline[locale],
        published=story.published,
        published_text=long_date(story.published, locale),
        updated=updated,
        updated_text=long_date(updated, locale),
        head=head(story, locale, path, social_cards, updated),
        languages=views.languages(story, path, locale),
        corrections=views.corrections(story, corrections, locale),
        previous_version=rel(path, f"{kept}/{path}") if kept else None,
        sections=sections(story, charts, locale, path),
        facts=[views.fact_view(f, story, locale, uses[f.id]) for f in story.facts.values()],
        places=[views.place_view(p, story, locale) for p in story.places.values()],
        sources=[views.source_view(story, s) for s in story.sources],
        credits=story.credits[locale] if story.credits else None,
        brand_credits=story.newsroom_credits.get(locale),
    )


def render_embed(story: Story, chart: Chart, rc: RenderedChart, locale: str) -> str:
    """A chart alone, for an iframe on another site; frame.js reports its height."""
    path = rc.files.embed
    figure = figure_view(story, chart, rc, locale, path)
    return _render(
        "embed.html",
        path,
        locale,
        story.strings,
        frame_js=current().link(path, FRAME_JS),
        canonical=absolute(story, page_url_path(locale)),
        figure=figure,
        og_locale=og_locale(locale),
        card=absolute(story, rc.files.card) or rel(path, rc.files.card),
        story_title=story.title[locale],
        story_href=rel(path, layout.page(locale)) + f"#{figure.anchor}",
    )


def render_index(story: Story) -> str:
    """The language chooser at the site's root."""
    path = layout.INDEX
    locale = story.default_locale
    return _render(
        "index.html",
        path,
        locale,
        story.strings,
        title=" · ".join(dict.fromkeys(story.title[loc] for loc in story.locales)),
        description=story.standfirst[locale],
        canonical=absolute(story, ""),
        alternates=alternates(story, path),
        choose=[
            (bcp47(loc), word("page.choose_language", loc, story.strings)) for loc in story.locales
        ],
        languages=views.languages(story, path, None),
    )


def render_site(
    story: Story,
    charts: Mapping[tuple[str, str], RenderedChart],
    corrections: Sequence[Correction],
    *,
    social_cards: Mapping[str, str],
    brand: Brand | None = None,
    assets_root: str | None = None,
) -> dict[str, bytes]:
    """Every page and asset of the site, as {relative output path: bytes}.

    `charts` maps (locale, chart id) to the exported chart; `corrections` is the
    corrections record (shown newest first); `social_cards` maps a locale to its card's
    output path (`it/social.png`). Raises ValueError if a chart was not rendered.

    With a `brand`, the pages wear it (`look.py`). With `assets_root` ("..": a site's
    shared folder), the pages link `<assets_root>/assets/…` and no `assets/` file is
    returned (`asset_files(brand)` gives them, the same for every story); the charts'
    dark-mode rules, which depend on the story, are then the story's own `charts.css`.
    """
    look = Look(brand, assets_root)
    with using(look):
        files: dict[str, bytes] = {layout.INDEX: render_index(story).encode()}
        for locale in story.locales:
            files[layout.page(locale)] = render_page(
                story, charts, corrections, locale, social_cards
            ).encode()
            for chart_id, chart in story.charts.items():
                rc = rendered(charts, locale, chart_id)
                files[rc.files.embed] = render_embed(story, chart, rc, locale).encode()
    pages = list(files.values())
    dark_rules = dark.stylesheet(pages, look.dark).encode()
    if assets_root is None:
        files.update(asset_files(brand))
        files[layout.CSS] += dark_rules
    else:
        files[layout.STORY_CSS] = dark_rules
    return files
