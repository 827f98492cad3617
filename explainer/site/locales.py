"""How the pages write a locale: its HTML language tag, its Open Graph form, its own
name, and its long dates (`pt_BR` → `pt-BR`, `it` → `it_IT`, `Italiano`, `1 ottobre 2019`).
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.core import get_global
from babel.dates import format_date

from explainer.facts.i18n import direction
from explainer.facts.numbers import native_digits

__all__ = ["bcp47", "direction", "language_name", "long_date", "og_locale"]


def bcp47(locale: str) -> str:
    """Babel's `pt_BR` as HTML's `pt-BR`."""
    return locale.replace("_", "-")


def og_locale(locale: str) -> str:
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


def long_date(value: str, locale: str) -> str:
    """An ISO date (or date-time) as the locale writes it in full (`1 ottobre 2019`)."""
    day = dt.date.fromisoformat(value[:10])
    return native_digits(format_date(day, format="long", locale=locale), locale)
