"""Numbers read back from text as each language writes them (`facts.reading`): the
ground under typed-number checks and `explainer check`'s value-against-quote test."""

from __future__ import annotations

import pytest

from explainer.facts.reading import numbers_in

NB, NNB = "\u00a0", "\u202f"


def _read(text: str, locale: str) -> list[tuple[str, float]]:
    return [(n.text, n.value) for n in numbers_in(text, locale)]


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("it", "una stima di 4 milioni e 18.000 server", [("4 milioni", 4e6), ("18.000", 18000)]),
        ("it", "il servizio a 59 euro al mese", [("59", 59)]),
        ("it", "tre volte tanto, 3,6 volte", [("tre", 3), ("3,6", 3.6)]),
        (
            "en",
            "18.000 means 18 here, 18,000 does not",
            [("18.000", 18), ("18", 18), ("18,000", 18000)],
        ),
        (
            "en",
            "about 4 million people and five million more",
            [("4 million", 4e6), ("five million", 5e6)],
        ),
        (
            "en",
            "twenty-one servers, 12K followers, 5M views",
            [("twenty-one", 21), ("12K", 12000), ("5M", 5e6)],
        ),
        (
            "de",
            "2,4 Mio. Bücher und 3 Mrd. Euro, fünf Millionen",
            [("2,4 Mio.", 2.4e6), ("3 Mrd.", 3e9), ("fünf Millionen", 5e6)],
        ),
        (
            "fr",
            f"environ 1{NNB}500 livres, 3,2 millions d’hectares",
            [(f"1{NNB}500", 1500), ("3,2 millions", 3.2e6)],
        ),
        (
            "es",
            "5 millones de personas y cinco millones más",
            [("5 millones", 5e6), ("cinco millones", 5e6)],
        ),
        ("pt", "2,4 milhões de livros e três mil", [("2,4 milhões", 2.4e6), ("três mil", 3000)]),
        ("nl", "2,4 miljoen boeken en twee", [("2,4 miljoen", 2.4e6), ("twee", 2)]),
        ("pl", "2,4 miliona książek i trzy", [("2,4 miliona", 2.4e6), ("trzy", 3)]),
        ("ar", "22 مليون متر مكعب وثلاثة", [("22 مليون", 22e6)]),
        ("ar_EG", "٢٢ مليون متر مكعب", [("٢٢ مليون", 22e6)]),
    ],
)
def test_numbers_are_read_as_the_language_writes_them(locale, text, expected) -> None:
    assert _read(text, locale) == [(t, pytest.approx(v)) for t, v in expected]


@pytest.mark.parametrize(
    ("locale", "text", "value"),
    [
        ("en", "40% of users", 0.4),
        ("fr", f"0,6{NB}% du PIB", 0.006),
        ("ar", "90\u200e%\u200e", 0.9),
        ("ar_EG", "٩٠٪؜", 0.9),
        # CLDR's word for percent, spaces inside it optional: "cento" is not a hundred here
        ("it", "il 40 per cento dei clienti", 0.4),
        ("it", "il 40 percento", 0.4),
        ("it", "quaranta per cento", 0.4),
        ("fr", "40 pour cent du budget", 0.4),
        ("de", "40 Prozent", 0.4),
        ("es", "el 40 por ciento", 0.4),
        ("pt", "40 por cento", 0.4),
        ("en", "40 per cent of users", 0.4),
        ("nl", "40 procent", 0.4),
        ("pl", "40 procent", 0.4),
        ("ar", "40 بالمائة", 0.4),
    ],
)
def test_a_percentage_reads_as_a_fraction(locale, text, value) -> None:
    (number,) = numbers_in(text, locale)
    assert number.percent and number.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "the G7, CO2 and 5G networks, the 19th century"),
        ("it", "uno solo dei clienti"),  # "one" is an article as often as a number
        ("it", "sei sicuro?"),  # "sei" is "you are" as often as six
        ("en", "one of them"),
        ("en", "no number at all"),
    ],
)
def test_names_and_articles_are_not_numbers(locale, text) -> None:
    assert numbers_in(text, locale) == []


def test_years_and_days_of_dates_say_so() -> None:
    year, day = numbers_in("nel 2019, il 18 settembre", "it")
    assert year.year and not year.day
    assert day.day and not day.year
    (day_de,) = numbers_in("am 18. März", "de")
    assert day_de.day
    (day_en,) = numbers_in("on March 3", "en")
    assert day_en.day
    (not_a_day,) = numbers_in("18 server", "it")
    assert not not_a_day.day and not not_a_day.year
