"""What goes in a page's `<head>`: the Content-Security-Policy, the canonical address and
hreflang alternates, Open Graph and Twitter metadata, the JSON-LD article, and the date
the content last changed.

Absolute URLs appear here only when the story has a `base_url`; without one, canonical
and Open Graph addresses are left out and alternates are relative links.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from explainer.facts.numbers import format_fact
from explainer.facts.story import Correction, Source, Story
from explainer.site import layout
from explainer.site.links import absolute, page_url_path, rel, safe_url
from explainer.site.locales import bcp47, og_locale
from explainer.site.look import current

#: The page's policy; `'self'` covers the stylesheet and the embed scripts.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)


def last_updated(story: Story, corrections: Sequence[Correction]) -> str:
    """The newest date the content knows of: updated, published or a correction's."""
    dates = [story.updated or story.published, *(c.date for c in corrections)]
    return max(d[:10] for d in dates)


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


def alternates(story: Story, from_file: str) -> list[tuple[str, str]]:
    """(hreflang, address) of every locale's page: absolute under base_url, else relative."""
    return [
        (bcp47(loc), absolute(story, page_url_path(loc)) or rel(from_file, layout.page(loc)))
        for loc in story.locales
    ]


def _citation(source: Source) -> dict[str, Any]:
    """A source as schema.org's CreativeWork."""
    item: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if source.publisher:
        item["publisher"] = {"@type": "Organization", "name": source.publisher}
    if safe_url(source.url):
        item["url"] = safe_url(source.url)
    if source.date:
        item["datePublished"] = source.date
    if source.language:
        item["inLanguage"] = bcp47(source.language)
    return item


def head(
    story: Story, locale: str, from_file: str, social_cards: Mapping[str, str], updated: str
) -> dict[str, Any]:
    """Canonical, alternates, social and JSON-LD metadata for a locale page."""
    canonical = absolute(story, page_url_path(locale))
    links = alternates(story, from_file)
    links.append(("x-default", absolute(story, "") or rel(from_file, layout.INDEX)))
    card = social_cards.get(locale)
    image = (absolute(story, card) or rel(from_file, card)) if card else None
    image_alt = None
    if story.headline and story.headline in story.facts:
        headline = story.facts[story.headline]
        image_alt = f"{headline.label[locale]}: {format_fact(headline, story, locale)}"
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title[locale],
        "description": story.standfirst[locale],
        "inLanguage": bcp47(locale),
        "datePublished": story.published,
        "dateModified": updated,
        "author": {"@type": "Organization", "name": story.byline[locale]},
        "citation": [_citation(s) for s in story.sources.values()],
    }
    if canonical:
        ld["url"] = canonical
        ld["mainEntityOfPage"] = canonical
    if image:
        ld["image"] = [image]
    look = current()
    site_name = look.brand.name if look.brand else None
    if site_name:
        publisher: dict[str, Any] = {"@type": "Organization", "name": site_name}
        if look.logo and story.base_url:
            publisher["logo"] = look.absolute(story, look.logo)
        ld["publisher"] = publisher
    return {
        "site_name": site_name,
        "canonical": canonical,
        "alternates": links,
        "image": image,
        "image_alt": image_alt,
        "og_locale": og_locale(locale),
        "og_alternates": [og_locale(loc) for loc in story.locales if loc != locale],
        "json_ld": json_ld(ld),
    }
