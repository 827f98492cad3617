"""A site's own pages (`explainer site`): the front page and one index per language.

    files = render_front(stories, cards={"minimal": {"it", "en"}})
    files["index.html"], files["en/index.html"], files["assets/site.css"]  -> bytes

Pure like `page.render_site`: it reads the resolved stories and returns `{path in the
site: bytes}`. Each story lives in its own folder (`<story id>/`, as `explainer build`
writes it), so the links here are `<id>/<locale>/index.html`. Stories come newest first
(`updated`, else `published`; then by id), so the pages depend only on the stories.

The front page shows every story in its first language, with links to its other
languages; its interface words are in the language most stories are first written in.
`<locale>/index.html` shows the stories written in that locale, in it. Every text from
the content is escaped (Jinja2 autoescape); no script, the story pages' CSP.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from explainer.facts.i18n import word
from explainer.facts.story import Story
from explainer.site import layout
from explainer.site.head import CSP
from explainer.site.links import rel
from explainer.site.locales import bcp47, direction, language_name, long_date
from explainer.site.look import logo_path
from explainer.site.page import environment, static_file

if TYPE_CHECKING:
    from explainer.brand.load import Brand

__all__ = ["SITE_CSS", "front_locale", "newest_first", "render_front", "site_locales"]

SITE_CSS = f"{layout.ASSETS}/site.css"


def _date(story: Story) -> str:
    return (story.updated or story.published)[:10]


def newest_first(stories: Sequence[Story]) -> list[Story]:
    """Newest first by the date the story last changed; the same date by id."""
    by_id = sorted(stories, key=lambda s: s.id)
    return sorted(by_id, key=_date, reverse=True)


def site_locales(stories: Sequence[Story]) -> list[str]:
    """Every locale any story has, in a stable order."""
    return sorted({loc for s in stories for loc in s.locales})


def front_locale(stories: Sequence[Story]) -> str:
    """The front page's language: the one most stories are first written in."""
    counts = Counter(s.default_locale for s in stories)
    return min(counts, key=lambda loc: (-counts[loc], loc))


def _story_page(story: Story, locale: str) -> str:
    return f"{story.id}/{layout.page(locale)}"


def _entry(
    story: Story, locale: str, shown_in: str, path: str, cards: Mapping[str, set[str]]
) -> dict[str, Any]:
    """One story in a list: its words in `locale`, its dates as `shown_in` writes them."""
    card = f"{story.id}/{layout.social_card(locale)}"
    return {
        "lang": bcp47(locale),
        "href": rel(path, _story_page(story, locale)),
        "image": rel(path, card) if locale in cards.get(story.id, set()) else None,
        "title": story.title[locale],
        "standfirst": story.standfirst[locale],
        "date": story.published[:10],
        "date_text": long_date(story.published, shown_in),
        "updated": story.updated[:10] if story.updated else None,
        "updated_text": long_date(story.updated, shown_in) if story.updated else None,
        "others": [
            {
                "lang": bcp47(loc),
                "name": language_name(loc),
                "href": rel(path, _story_page(story, loc)),
            }
            for loc in story.locales
            if loc != locale
        ],
    }


def _render(
    path: str,
    locale: str,
    stories: list[dict[str, Any]],
    brand: Brand | None = None,
    **context: Any,
) -> bytes:
    logo, logo_dark = logo_path(brand, dark=False), logo_path(brand, dark=True)
    text = (
        environment()
        .get_template("site_index.html")
        .render(
            t=lambda key, **values: word(key, locale, **values),
            lang=bcp47(locale),
            dir=direction(locale),
            dir_of=lambda tag: direction(tag.replace("-", "_")),
            csp=CSP,
            css=rel(path, layout.CSS),
            story_css=None,
            site_css=rel(path, SITE_CSS),
            brand_name=brand.name if brand else None,
            logo=rel(path, logo) if logo else None,
            logo_dark=rel(path, logo_dark) if logo_dark else None,
            title=word("site.title", locale),
            stories=stories,
            **context,
        )
    )
    return text.encode()


def _languages(locales: Sequence[str], path: str, current: str | None) -> list[dict[str, Any]]:
    return [
        {
            "lang": bcp47(loc),
            "name": language_name(loc),
            "href": rel(path, layout.page(loc)),
            "current": loc == current,
        }
        for loc in locales
    ]


def render_front(
    stories: Sequence[Story], cards: Mapping[str, set[str]], brand: Brand | None = None
) -> dict[str, bytes]:
    """The front page, every locale's index and their stylesheets, as {path: bytes};
    with a `brand`, its name (or logo) heads every page, and the brand's stylesheet is
    the one `look.asset_files(brand)` writes.

    `cards` maps a story id to the locales whose social card (`<locale>/social.png`) the
    story's build wrote; a story without one is listed without a picture."""
    ordered = newest_first(stories)
    locales = site_locales(ordered)
    alternates = [(bcp47(loc), layout.page(loc)) for loc in locales]
    home = front_locale(ordered)
    files = {
        layout.INDEX: _render(
            layout.INDEX,
            home,
            [_entry(s, s.default_locale, home, layout.INDEX, cards) for s in ordered],
            brand,
            alternates=alternates,
            languages=_languages(locales, layout.INDEX, None),
            home=None,
        )
    }
    for loc in locales:
        path = layout.page(loc)
        files[path] = _render(
            path,
            loc,
            [_entry(s, loc, loc, path, cards) for s in ordered if loc in s.locales],
            brand,
            alternates=[(tag, rel(path, href)) for tag, href in alternates],
            languages=_languages(locales, path, loc),
            home=rel(path, layout.INDEX),
        )
    files[SITE_CSS] = static_file(SITE_CSS)
    return files
