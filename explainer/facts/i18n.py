"""The tool's own words in a story's locale (never the story's words).

The words are gettext messages (`messages.py`), translated in the shipped catalogs
(`catalogs.py`). A story may add or override them for its own locales under `strings:`
(`{key: {locale: text}}`; a plural message takes `{locale: {one: …, other: …}}`, one
text per CLDR plural category). For a locale, a word comes from the story's strings,
else the catalog of the locale or of its language (`pt_BR`, then `pt`). Validation
refuses a locale for which neither has every message, so a page is never in two
languages; English is only the last resort of a build that skipped validation.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from babel import Locale
from babel.lists import format_list

from explainer.facts.catalogs import catalog_language, translations
from explainer.facts.messages import MESSAGES

#: The story's own words: message key -> locale -> text (or CLDR category -> text).
Strings = Mapping[str, Mapping[str, "str | Mapping[str, str]"]]
NO_STRINGS: Strings = {}


def _language(locale: str) -> str:
    return locale.split("_")[0].split("-")[0]


def _story_text(key: str, locale: str, strings: Strings) -> str | Mapping[str, str] | None:
    per_locale = strings.get(key)
    if not per_locale:
        return None
    if locale in per_locale:
        return per_locale[locale]
    return per_locale.get(_language(locale))


def plural_category(value: float, locale: str) -> str:
    """CLDR's plural category of `value` in `locale` (`one`, `few`, `many`, `other`…)."""
    try:
        return str(Locale.parse(locale).plural_form(abs(value)))
    except (ValueError, TypeError):
        return "other"


#: Counts a story may show: a category that no whole number up to this takes (French
#: `many`, for exact millions written with an exponent) falls back to `other`.
COUNTS_UP_TO = 1000


@cache
def count_categories(locale: str) -> frozenset[str]:
    """The plural categories whole numbers take in `locale`, `other` always included:
    the forms a count unit or a plural message needs (`one, few, many, other` in Polish)."""
    return frozenset({plural_category(n, locale) for n in range(COUNTS_UP_TO + 1)} | {"other"})


def template(key: str, locale: str, strings: Strings = NO_STRINGS, count: float = 1) -> str:
    """The text of message `key` in `locale`, fields unfilled; for a message with a
    plural, the form `count` takes."""
    msg = MESSAGES[key]
    own = _story_text(key, locale, strings)
    if msg.plural is None and isinstance(own, str):
        return own
    if msg.plural is not None and isinstance(own, Mapping):
        return own.get(plural_category(count, locale)) or own["other"]
    lang = catalog_language(locale)
    tr = translations(lang) if lang else None
    if msg.plural is None:
        return str(tr.pgettext(key, msg.english)) if tr else msg.english
    n = int(count) if float(count).is_integer() else count
    if tr:
        return str(tr.npgettext(key, msg.english, msg.plural, n))  # type: ignore[arg-type]
    return msg.english if count == 1 else msg.plural


def word(key: str, locale: str, strings: Strings = NO_STRINGS, **values: object) -> str:
    """The interface word `key` in `locale`, with its `{name}` fields filled in."""
    text = template(key, locale, strings)
    return text.format(**values) if values else text


def plural_word(
    key: str, count: float, locale: str, strings: Strings = NO_STRINGS, /, **values: object
) -> str:
    """A message with a plural, in the form `count` takes in `locale` (positional
    arguments, so that a `{count}` field can be filled in too)."""
    return template(key, locale, strings, count).format(**values)


def missing_messages(locale: str, strings: Strings) -> list[str]:
    """The message keys `locale` has no words for: none when a catalog is shipped for
    it (or its language), else those the story's `strings:` do not give."""
    if catalog_language(locale):
        return []
    return [key for key in MESSAGES if _story_text(key, locale, strings) is None]


def direction(locale: str) -> str:
    """`rtl` for a right-to-left language (Arabic, Hebrew, Persian…), else `ltr` (CLDR)."""
    try:
        return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"
    except (ValueError, TypeError):
        return "ltr"


def isolated(text: str, locale: str) -> str:
    """`text` as a first-strong isolate (U+2068 … U+2069) in a right-to-left locale, so
    that a name in another script keeps its own direction and the quotes and commas
    around it stay where the line's language puts them (Unicode's bidi algorithm, UAX 9:
    without it «Library notice», City in Arabic shows its opening quote beside "City");
    as it is in a left-to-right one."""
    return f"\u2068{text}\u2069" if text and direction(locale) == "rtl" else text


def join(items: list[str], locale: str) -> str:
    """'a, b and c' in the locale's words (Babel's list patterns)."""
    return format_list(items, locale=locale) if items else ""
