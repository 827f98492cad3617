"""Numbers read back from text, as each language writes them.

    numbers_in("quasi 18.000 server e 5 milioni di utenti", "it")
    -> [Number("18.000", 18000), Number("5 milioni", 5e6)]

What counts as a number, per locale, all from CLDR (Babel) and num2words:
- digits with the locale's separators (`18.000` is eighteen thousand in Italian and
  eighteen in English), in any numbering system (`١٨٬٠٠٠`), read by Babel's
  `parse_decimal`;
- a number followed by one of CLDR's compact words (`5 milioni`, `4 million`,
  `2,4 Mio.`, `3K`), by the percent sign (`40 %` is 0.4) or by CLDR's word for percent
  (`40 percento`, also written `40 per cento`; `40 pour cent`, `40 Prozent`);
- numbers in words from two up, as `num2words` writes them (`tre`, `twenty-one`,
  `cinq millions`). "One" is not read: it is an article or a pronoun as often as a
  number (`uno solo dei clienti`, `one of them`), and neither are the few number words
  that are also common words of their language (`sei`, "you are", in Italian).

Digits stuck to letters are names, not numbers (`G7`, `CO2`, `5G`, `19th`). Each number
says whether it looks like a year (four plain digits from 1000 to 2999) or the day of a
date (next to a month's name), which callers may allow.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal
from babel.units import format_unit
from num2words import CONVERTER_CLASSES, num2words

__all__ = ["Number", "numbers_in"]

#: Number words that are also everyday words of their language, never read as numbers.
AMBIGUOUS_WORDS = {"it": {"sei"}, "fr": {"neuf"}, "de": {"acht", "elf"}, "nl": {"acht"}}
#: Spelled-out numbers read: 2-99, the hundreds, a thousand (and any of them + a compact word).
_SPELLED = [*range(2, 100), *range(100, 1000, 100), 1000]
_SEPARATORS = ".,'’\u00a0\u202f \u066b\u066c"
_DIGITS = re.compile(rf"\d+(?:[{re.escape(_SEPARATORS)}]\d+)*")
_SPACES = "[ \u00a0\u202f]"
_PERCENT = re.compile(r"\s?[\u200e\u200f\u061c]?[%٪][\u200e\u200f\u061c]?")


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    #: The number as written (`18.000`, `5 milioni`, `tre`, `40 %`).
    text: str
    value: float
    #: Written with a percent sign (`value` is then the fraction: 0.4 for `40 %`).
    percent: bool = False
    #: Written in words (`tre`, `five million`).
    spelled: bool = False
    #: Four plain digits from 1000 to 2999 (`2019`).
    year: bool = False
    #: A day next to a month's name (`18 settembre`, `March 3`).
    day: bool = False


def numbers_in(text: str, locale: str) -> list[Number]:
    """Every number written in `text`, read as `locale` writes numbers, in order."""
    found: list[Number] = []
    # spans taken so far, disjoint and sorted: a number overlaps one only if it overlaps
    # the last that starts before its end (linear in long texts, not quadratic)
    starts: list[int] = []
    ends: list[int] = []
    for number in [*_digit_numbers(text, locale), *_word_numbers(text, locale)]:
        i = bisect.bisect_left(starts, number.end)
        if i and ends[i - 1] > number.start:
            continue
        found.append(number)
        starts.insert(i, number.start)
        ends.insert(i, number.end)
    return sorted(found, key=lambda n: n.start)


# -- digits -------------------------------------------------------------------------------
def _digit_numbers(text: str, locale: str) -> list[Number]:
    out = []
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        if _stuck_to_letters(text, start, end, locale):
            continue
        for part_start, part_end, value in _parts(m.group(0), locale):
            out.append(_with_suffix(text, start + part_start, start + part_end, value, locale))
    return out


def _stuck_to_letters(text: str, start: int, end: int, locale: str) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isalpha():
        return True
    if after.isalpha():
        return not _scale_at(text, end, locale)  # `3K`, `5M` are numbers
    return False


def _parts(token: str, locale: str) -> list[tuple[int, int, Decimal]]:
    """The token read whole, or, when that fails, split where spaces or separators end it:
    (start, end, value) of each number in it."""
    value = _parse(token, locale)
    if value is not None:
        return [(0, len(token), value)]
    parts = []
    for m in re.finditer(r"[^\s\u00a0\u202f]+", token):
        piece = m.group(0).rstrip(".,'’")
        read = _parse(piece, locale)
        if read is None:  # "1,2,3": read each run of digits alone
            parts += [
                (m.start() + d.start(), m.start() + d.end(), Decimal(_ascii(d.group(0))))
                for d in re.finditer(r"\d+", piece)
            ]
        else:
            parts.append((m.start(), m.start() + len(piece), read))
    return parts


def _parse(token: str, locale: str) -> Decimal | None:
    ascii_token = _ascii(token)
    for system in ("latn", "default"):
        group = get_group_symbol(locale, numbering_system=system)
        # a locale grouping with a (narrow) no-break space also reads a plain one
        spaced = re.sub(_SPACES, group, ascii_token) if re.fullmatch(_SPACES, group) else None
        for candidate in (ascii_token, spaced):
            if candidate is None:
                continue
            try:
                return parse_decimal(candidate, locale=locale, strict=True, numbering_system=system)
            except (NumberFormatError, InvalidOperation, ValueError, KeyError):
                continue
    return None


def _ascii(token: str) -> str:
    """Any script's digits as ASCII digits (`١٨` -> `18`); separators unchanged."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in token)


def _with_suffix(text: str, start: int, end: int, value: Decimal, locale: str) -> Number:
    piece = text[start:end]
    number = float(value)
    plain = re.fullmatch(r"\d{4}", _ascii(piece)) is not None
    if m := _PERCENT.match(text, end) or _percent_words(locale).match(text, end):
        return Number(start, m.end(), text[start : m.end()], number / 100, True)
    if scale := _scale_at(text, end, locale):
        size, scale_end = scale
        return Number(start, scale_end, text[start:scale_end], number * size)
    year = plain and 1000 <= number <= 2999
    return Number(
        start, end, piece, number, year=year, day=_is_day(text, start, end, number, locale)
    )


@cache
def _percent_words(locale: str) -> re.Pattern[str]:
    """CLDR's long words for percent after a number (`percento`, `pour cent`, `Prozent`),
    spaces inside them optional (`per cento`); the sign is `_PERCENT`'s."""
    words = set()
    for n in (0, 1, 2, 3, 11, 100):
        try:
            shown = format_unit(
                n, "concentr-percent", length="long", locale=locale, numbering_system="latn"
            )
        except (ValueError, KeyError):  # a locale without the unit's words
            continue
        word = shown.replace(str(n), "", 1).strip()
        if word and not any(sign in word for sign in "%٪"):
            words.add(re.sub(r"[\s\u00a0\u202f]", "", word))
    alternatives = "|".join(
        r"[\s\u00a0\u202f]?".join(re.escape(c) for c in w)
        for w in sorted(words, key=len, reverse=True)
    )
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(rf"[\s\u00a0\u202f]?(?:{alternatives})(?!\w)", re.IGNORECASE)


# -- compact words: `5 milioni`, `4 million`, `2,4 Mio.`, `3K` -------------------------------
@cache
def _scales(locale: str) -> tuple[tuple[str, float], ...]:
    """CLDR's compact words and what each multiplies by, longest first."""
    words: dict[str, float] = {}
    formats = Locale.parse(locale).compact_decimal_formats
    for length in ("long", "short"):
        for plural in formats[length].values():
            for magnitude, pattern in plural.items():
                shown = str(pattern.pattern)
                zeros = shown.count("0")
                word = shown.replace("0", "").replace("¤", "").replace("'", "").strip()
                if word and zeros:
                    words.setdefault(word.casefold(), int(magnitude) / 10 ** (zeros - 1))
    return tuple(sorted(words.items(), key=lambda item: -len(item[0])))


def _scale_at(text: str, end: int, locale: str) -> tuple[float, int] | None:
    """The compact word right after a number ending at `end`, if any: (multiplier, its end)."""
    rest = text[end : end + 40].casefold()
    gap = len(rest) - len(rest.lstrip(" \u00a0\u202f"))
    if gap > 1:
        return None
    for word, size in _scales(locale):
        if rest.startswith(word, gap):
            after = rest[gap + len(word) : gap + len(word) + 1]
            # a letter or two (`3K`, `5M`) only stuck to its number: `4 t` is four tonnes
            if not after.isalpha() and (len(word) > 2 or not gap):
                return size, end + gap + len(word)
    return None


# -- words: `tre`, `twenty-one`, `cinq millions` ---------------------------------------------
@cache
def _word_table(language: str) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    if language not in CONVERTER_CLASSES:
        return None, {}
    table: dict[str, int] = {}
    for n in _SPELLED:
        table.setdefault(num2words(n, lang=language).casefold(), n)
    for word in AMBIGUOUS_WORDS.get(language, ()):
        table.pop(word, None)
    alternatives = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w-])", re.IGNORECASE), table


def _word_numbers(text: str, locale: str) -> list[Number]:
    pattern, table = _word_table(Locale.parse(locale).language)
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        value = float(table[m.group(0).casefold()])
        if percent := _percent_words(locale).match(text, m.end()):
            end = percent.end()
            out.append(Number(m.start(), end, text[m.start() : end], value / 100, True, True))
        elif scale := _scale_at(text, m.end(), locale):
            size, end = scale
            out.append(Number(m.start(), end, text[m.start() : end], value * size, spelled=True))
        else:
            out.append(Number(m.start(), m.end(), m.group(0), value, spelled=True))
    return out


# -- days of dates ---------------------------------------------------------------------------
_AFTER_DAY = re.compile(r"\.?[\s\u00a0\u202f]+(?:(?:de|del|di|of)\s+)?")


@cache
def _months(locale: str) -> re.Pattern[str]:
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names.update(
                n.casefold().rstrip(".") for n in get_month_names(width, context, locale).values()
            )
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(rf"(?:{alternatives})", re.IGNORECASE)


def _is_day(text: str, start: int, end: int, value: float, locale: str) -> bool:
    if not (value.is_integer() and 1 <= value <= 31):
        return False
    months = _months(locale)
    after = _AFTER_DAY.match(text, end)
    if after and months.match(text, after.end()):
        return True
    # the few characters before it (a month's name), not the whole text: linear in long texts
    before = re.search(r"(\w+)\.?[\s\u00a0\u202f]+$", text[max(0, start - 64) : start])
    return bool(before and months.fullmatch(before.group(1)))
