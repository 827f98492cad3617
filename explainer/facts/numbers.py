"""Numbers as readers of each locale expect them, by Babel (never by hand).

    format_fact(fact, story, "it")            -> "quasi 18.000"
    format_fact(viewers, story, "en")         -> "5 million"
    format_fact(revenue, story, "it")         -> "3,54 milioni di €"
    format_fact(price, story, "en")           -> "€59 per client a month"

Styles (also the narrative's `{fact:style}`): `compact` (the default: millions and
billions in words, smaller numbers in full), `full` (every digit), `plain` (the number
alone, no currency or rate words), `unit` (with the count unit's noun: "5 milioni di
persone"), `percent` (a share, 0.25 -> 25%).

From a million billion (1e15) up, past the largest of Babel's compact words and the
digits a float holds, every style writes the number in the locale's scientific notation
(`1,5E42` in Italian, `1.5E42` in English): Babel's decimal formats cannot even write
such numbers (they raise decimal.InvalidOperation from about 1e28). Numbers below 0.1
(not 0) keep their significant digits (`0,0049`, not `0,00`), and from a millionth down
they are written in scientific notation too (`2E-9`).
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    format_scientific,
    get_currency_symbol,
)
from babel.units import format_compound_unit, format_unit

from explainer.facts.i18n import Strings, direction, isolated, word
from explainer.facts.story import Fact, Story, Unit, UnitNames

TIME_UNITS = ("day", "week", "month", "year")
#: The locale's own number symbols (decimal and group separators, percent sign), as CLDR
#: gives them for its default numbering system; the digits follow in `native_digits`.
DIGITS = "default"
#: CLDR's numeric numbering systems that some locale uses by default, by the Unicode
#: name of their digits (Babel knows each locale's system but writes Latin digits).
_DIGIT_NAMES = {
    "arab": "ARABIC-INDIC",
    "arabext": "EXTENDED ARABIC-INDIC",
    "adlm": "ADLAM",
    "beng": "BENGALI",
    "cakm": "CHAKMA",
    "deva": "DEVANAGARI",
    "hmnp": "NYIAKENG PUACHUE HMONG",
    "mtei": "MEETEI MAYEK",
    "mymr": "MYANMAR",
    "nkoo": "NKO",
    "olck": "OL CHIKI",
    "tibt": "TIBETAN",
}
#: First letters that take `compact.unit_vowel` (French elision: "d’hectares").
_VOWELS = set("aeiouyh" + "àâäéèêëîïôöûüœæ")

STYLES = ("compact", "full", "plain", "unit", "percent")
COMPACT_FROM = 1_000_000
#: From here up, and below SCIENTIFIC_BELOW (but not 0), numbers are written in
#: scientific notation (see the module's docstring).
SCIENTIFIC_FROM = 1e15
SCIENTIFIC_BELOW = 1e-6
#: Below this (not 0), a number is written with its significant digits: `0,0049`.
SMALL_BELOW = 0.1


@cache
def _digit_table(locale: str) -> dict[int, str]:
    system = Locale.parse(locale).default_numbering_system
    name = _DIGIT_NAMES.get(system)
    if name is None:  # "latn", or a system no locale defaults to today
        return {}
    zero = ord(unicodedata.lookup(f"{name} DIGIT ZERO"))
    return {ord("0") + i: chr(zero + i) for i in range(10)}


def native_digits(text: str, locale: str) -> str:
    """`text` with its digits in the locale's own (`١٢٬٥٠٠` for `ar_EG`, `۱۲٬۵۰۰` for
    `fa`, unchanged where CLDR says Latin, as for `ar` and `de`)."""
    table = _digit_table(locale)
    return text.translate(table) if table else text


def is_scientific(value: float) -> bool:
    """True when `value` is too large or too small (not 0) to write with plain digits."""
    return abs(value) >= SCIENTIFIC_FROM or 0 < abs(value) < SCIENTIFIC_BELOW


def round_significant(value: float, digits: int) -> float:
    """`value` rounded to `digits` significant digits (277.8, 3 -> 278)."""
    if value == 0 or not math.isfinite(value):
        return value
    exponent = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - exponent)


def _decimals(value: float) -> int:
    """How many decimals a rounded value needs to show (at most 2)."""
    for n in range(3):
        if abs(value - round(value, n)) < 1e-9 * max(1.0, abs(value)):
            return n
    return 2


def format_number(
    value: float, locale: str, style: str = "compact", digits: int | None = None
) -> str:
    """The bare number: `5 milioni`, `18.000`, `3,6`."""
    return native_digits(_number(value, locale, style, digits), locale)


def _number(value: float, locale: str, style: str, digits: int | None) -> str:
    if digits:
        value = round_significant(value, digits)
    if style == "percent":
        if is_scientific(value * 100):
            return _percent(scientific(value * 100, locale, style, digits), locale)
        return _share(value, locale, digits)
    if is_scientific(value):
        return scientific(value, locale, style, digits)
    if style != "full" and abs(value) >= COMPACT_FROM:
        # 3,540,000 -> "3,54 milioni": up to 3 significant digits in the mantissa
        mantissa = abs(value) / 10 ** (3 * int(math.log10(abs(value)) // 3))
        fraction = max(0, 2 - int(math.log10(mantissa))) if mantissa else 0
        mantissa_rounded = round(mantissa, fraction)
        fraction = _decimals(mantissa_rounded)
        return format_compact_decimal(
            value,
            format_type="long",
            locale=locale,
            fraction_digits=fraction,
            numbering_system=DIGITS,
        )
    if 0 < abs(value) < SMALL_BELOW:
        return _small(value, locale, digits)
    decimals = _decimals(value)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(
        Decimal(repr(round(value, decimals))),
        format=pattern,
        locale=locale,
        numbering_system=DIGITS,
    )


def _small(value: float, locale: str, digits: int | None) -> str:
    """`0,0049`: a small number with its significant digits (2, or `digits`)."""
    shown = digits or 2
    rounded = round_significant(value, shown)
    decimals = shown - 1 - math.floor(math.log10(abs(rounded)))
    return format_decimal(
        Decimal(repr(rounded)),
        format="#,##0." + "#" * decimals,
        locale=locale,
        numbering_system=DIGITS,
    )


def scientific(value: float, locale: str, style: str = "compact", digits: int | None = None) -> str:
    """`1,5E42`: up to 3 significant digits (all of them in the `full` style, or `digits`)."""
    return native_digits(_scientific(value, locale, style, digits), locale)


def _scientific(value: float, locale: str, style: str, digits: int | None) -> str:
    if not math.isfinite(value):
        return format_decimal(
            value, locale=locale, numbering_system=DIGITS
        )  # Babel's own ∞ and NaN symbols
    shown = digits or (17 if style == "full" else 3)
    pattern = "0." + "#" * (shown - 1) + "E0" if shown > 1 else "0E0"
    # rounded first: Babel would write 9.999e16 as `10E16`
    rounded = round_significant(value, shown)
    return format_scientific(
        Decimal(repr(rounded)), format=pattern, locale=locale, numbering_system=DIGITS
    )


def format_constant(value: float, locale: str) -> str:
    """A number written in a formula (`12`, `0.5`, `1E30`), as the locale writes it."""
    if abs(value) >= SCIENTIFIC_FROM or 0 < abs(value) < 0.0005:  # "#,##0.###" shows 0
        return scientific(value, locale, "full")
    return native_digits(format_decimal(value, locale=locale, numbering_system=DIGITS), locale)


def _share(value: float, locale: str, digits: int | None) -> str:
    """A fraction as a percentage (0.006 -> `0,6 %`, `0.6%`): up to 2 decimals, or
    `digits` significant digits; in the locale's own place for the sign."""
    pct = round_significant(value * 100, digits) if digits else value * 100
    if 0 < abs(pct) < SMALL_BELOW:
        return _percent(_small(pct, locale, digits), locale)
    pct = round(pct, _decimals(round(pct, 2)))
    text = format_percent(
        Decimal(repr(pct)) / 100, locale=locale, decimal_quantization=False, numbering_system=DIGITS
    )
    return text.replace("%", _percent_sign(locale))


def _percent(number: str, locale: str) -> str:
    """`number` with the locale's percent sign where the locale puts it (`12E16 %` in French)."""
    hundred = format_percent(1, locale=locale, numbering_system=DIGITS)  # "100%", "100 %", "%100"
    text = hundred.replace(format_decimal(100, locale=locale, numbering_system=DIGITS), number, 1)
    return text.replace("%", _percent_sign(locale))


@cache
def _percent_sign(locale: str) -> str:
    """The locale's own percent sign (`٪؜` for `ar_EG`; Babel's patterns always write `%`)."""
    parsed = Locale.parse(locale)
    for system in (parsed.default_numbering_system, "latn"):
        try:
            return parsed.number_symbols[system]["percentSign"]
        except KeyError:
            continue
    return "%"


def _is_compact_word(text: str) -> bool:
    return bool(text) and text[-1].isalpha()


def _with_noun(number: str, noun: str, locale: str, strings: Strings) -> str:
    """`5 milioni di persone`, `18.000 server`: the language's connector after a number
    written in words (`compact.unit`), a plain space after digits."""
    if _is_compact_word(number):
        key = "compact.unit_vowel" if noun[:1].lower() in _VOWELS else "compact.unit"
        return word(key, locale, strings, n=number, unit=noun)
    return f"{number} {noun}"


def _money(number: str, currency: str, locale: str, strings: Strings) -> str:
    symbol = get_currency_symbol(currency, locale=locale)
    if direction(locale) == "rtl" and any(c.isascii() and c.isalpha() for c in symbol):
        symbol = isolated(symbol, locale)  # "US$" stays "US$" in a right-to-left line
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    if pattern.index("¤") < pattern.index("#" if "#" in pattern else "0"):
        gap = "\u00a0" if pattern.replace("\u00a0", " ").find("¤ ") >= 0 else ""
        return f"{symbol}{gap}{number}"
    text = _with_noun(number, symbol, locale, strings)
    # the symbol never starts a line of its own
    head, sep, _ = text.rpartition(" " + symbol)
    return f"{head}\u00a0{symbol}" if sep and text.endswith(symbol) else text


def _noun(names: UnitNames | None, value: float, locale: str, fallback: str) -> str:
    return names.for_count(value, locale) if names is not None else fallback


def _unit_names(story: Story | None, unit: str, locale: str) -> UnitNames | None:
    return story.units.get(unit, {}).get(locale) if story else None


def _per(text: str, unit: Unit, story: Story | None, locale: str) -> str:
    """`text` per each of the rate's denominators: `59 € per cliente al mese`, `59 € pro
    Kunde pro Monat`; counts first, then time, as reads naturally. Time units take CLDR's
    own words (`al mese`, `pro Monat`); the story's count units take the catalog's
    `unit.per`, since CLDR's generic pattern is made for unit symbols (Italian's
    `{0} al {1}` carries an article that agrees with no feminine noun)."""
    strings = story.strings if story else {}
    for name in unit.denominator:
        if name not in TIME_UNITS:
            noun = _noun(_unit_names(story, name, locale), 1, locale, name)
            text = word("unit.per", locale, strings, value=text, unit=noun)
    for name in unit.denominator:
        if name in TIME_UNITS:
            text = (
                format_compound_unit(
                    text, denominator_unit=f"duration-{name}", locale=locale, length="long"
                )
                or text
            )
    return text


def time_unit(value: float, name: str, locale: str, number: str | None = None) -> str:
    """`18 months`, `18 Monate`, `1 mois`: a time unit in CLDR's words and plural;
    `number` is the value as already written (Babel's own digits otherwise)."""
    text = format_unit(
        value, f"duration-{name}", length="long", locale=locale, numbering_system=DIGITS
    )
    if number is not None:
        babel_number = format_decimal(value, locale=locale, numbering_system=DIGITS)
        text = text.replace(babel_number, number, 1)
    return native_digits(text, locale)


def format_value(
    value: float,
    unit: Unit | None,
    locale: str,
    style: str = "compact",
    digits: int | None = None,
    story: Story | None = None,
) -> str:
    """A number with its unit in words: `3,54 milioni di €`, `€59 a month`, `0,6 %`."""
    if unit is not None and unit.is_percent and style != "plain":
        style = "percent"
    number = format_number(value, locale, "full" if style == "full" else style, digits)
    if unit is None or style in ("plain", "percent") or unit.is_percent:
        return number
    strings = story.strings if story else {}
    shown = round_significant(value, digits) if digits else value
    if unit.currency:
        text = _money(number, unit.currency, locale, strings)
    elif unit.numerator and unit.numerator[0] in TIME_UNITS and not unit.denominator:
        return time_unit(shown, unit.numerator[0], locale, number)
    elif style == "unit" and unit.numerator:
        names = _unit_names(story, unit.numerator[0], locale)
        noun = _noun(names, shown, locale, unit.numerator[0])
        text = _with_noun(number, noun, locale, strings)
    else:
        text = number
    per_time = bool(unit.denominator) and all(n in TIME_UNITS for n in unit.denominator)
    if unit.denominator and (unit.currency or style == "unit" or per_time):
        # a rate keeps its "per day" even as a bare number: "22 million per day"
        text = _per(text, unit, story, locale)
    return native_digits(text, locale)


def format_fact(fact: Fact, story: Story, locale: str, style: str = "compact") -> str:
    """A fact as prose shows it, with the approximation words: `quasi 18.000`."""
    if fact.text is not None:
        return fact.text[locale]
    assert fact.value is not None
    text = format_value(fact.value, fact.unit, locale, style, fact.digits, story)
    if fact.approx:
        text = word(f"approx.{fact.approx}", locale, story.strings, n=text)
    return text
