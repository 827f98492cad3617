"""Every language, not only Italian and English: complete catalogs, CLDR's units and
plurals, a story's own words for a language we do not ship, and right-to-left pages."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from explainer.content.validate import load_story, load_story_text
from explainer.errors import ContentError
from explainer.facts import catalogs
from explainer.facts.i18n import missing_messages, plural_word, word
from explainer.facts.messages import MESSAGES
from explainer.facts.numbers import format_fact, format_value
from explainer.facts.story import Unit
from tests.conftest import ROOT

SHIPPED = ["ar", "de", "en", "es", "fr", "it", "nl", "pl", "pt"]
POLYGLOT = ROOT / "tests" / "stories" / "polyglot.yaml"
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def polyglot():
    return load_story(POLYGLOT)


# -- the catalogs ----------------------------------------------------------------------


def test_the_shipped_languages() -> None:
    assert catalogs.shipped() == SHIPPED


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_catalog_has_every_message(lang: str) -> None:
    assert catalogs.problems(lang) == []


def test_the_template_is_what_babel_extracts_from_the_code() -> None:
    keywords = {"N_": ((1, "c"), 2), "NP_": ((1, "c"), 2, 3)}
    extracted = {
        ctx: msg
        for _, msg, _, ctx in extract_from_file(
            "python", ROOT / "explainer/facts/messages.py", keywords=keywords
        )
    }
    with (catalogs.LOCALES_DIR / "explainer.pot").open("rb") as f:
        template = {m.context: m.id for m in read_po(f) if m.id}
    assert set(extracted) == set(template) == set(MESSAGES), "run `make catalogs`"
    for key, msg in MESSAGES.items():
        english = (msg.english, msg.plural) if msg.plural else msg.english
        assert tuple(template[key]) == tuple(english) if msg.plural else template[key] == english


def test_a_catalog_that_misses_a_message_is_reported(tmp_path, monkeypatch) -> None:
    shutil.copytree(catalogs.LOCALES_DIR, tmp_path / "locales")
    po = tmp_path / "locales/de/LC_MESSAGES/explainer.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgctxt "page.sources"')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    # and a field renamed in a translation
    text = po.read_text(encoding="utf-8")
    at = text.index("msgstr", text.index('msgctxt "chart.source"'))
    po.write_text(text[:at] + text[at:].replace("{sources}", "{quellen}", 1), encoding="utf-8")
    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path / "locales")
    catalogs.catalog.cache_clear()
    try:
        found = "\n".join(catalogs.problems("de"))
    finally:
        catalogs.catalog.cache_clear()
    assert "page.sources: missing" in found
    assert "chart.source: fields ['quellen']" in found


def test_words_come_from_the_catalog_of_the_language() -> None:
    assert word("page.sources", "de") == "Fakten und Quellen"
    assert word("page.sources", "fr") == "Faits et sources"
    assert word("page.sources", "pt_BR") == word("page.sources", "pt")  # its language's
    assert word("approx.about", "pl", n="5") == "około 5"


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("pl", 1, "1 kwadrat"),
        ("pl", 3, "3 kwadraty"),
        ("pl", 5, "5 kwadratów"),
        ("ar", 2, "مربعان"),
    ],
)
def test_plural_messages_follow_the_language_s_rules(locale, count, expected) -> None:
    text = plural_word("alt.per_mark", count, locale, {}, n="10", unit="x", count=str(count))
    assert expected in text


# -- units and numbers, as CLDR writes them ----------------------------------------------


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("en", 18, "18 months"),
        ("en", 1, "1 month"),
        ("de", 18, "18 Monate"),
        ("fr", 18, f"18{NBSP}mois"),
        ("it", 18, "18 mesi"),
        ("es", 1, "1 mes"),
        ("pl", 18, "18 miesięcy"),
        ("pl", 3, "3 miesiące"),
        ("ar", 18, "18 شهرًا"),
    ],
)
def test_a_time_unit_is_written_in_the_language_s_words(locale, value, expected) -> None:
    month = Unit(expr="month", currency=None, numerator=("month",), denominator=())
    assert format_value(value, month, locale) == expected


@pytest.mark.parametrize(
    ("locale", "books", "fee", "loans"),
    [
        ("en", "2.4 million books", "€2 per book per month", "about 1,500 books per day"),
        ("it", "2,4 milioni di libri", "2 € per libro al mese", "circa 1.500 libri al giorno"),
        ("de", "2,4 Millionen Bücher", "2 € pro Buch pro Monat", "etwa 1.500 Bücher pro Tag"),
        (
            "fr",
            "2,4 millions de livres",
            f"2{NBSP}€ par livre par mois",
            f"environ 1{NNBSP}500 livres par jour",
        ),
        ("es", "2,4 millones de libros", f"2{NBSP}€ por libro por mes", None),
        ("pt", "2,4 milhões de livros", "€ 2 por livro por mês", "cerca de 1.500 livros por dia"),
        ("pl", "2,4 miliona książek", None, None),
    ],
)
def test_numbers_in_words_take_the_grammar_of_the_language(
    polyglot, locale, books, fee, loans
) -> None:
    f = polyglot.facts
    assert format_fact(f["books"], polyglot, locale, "unit").replace(NBSP, " ") == books.replace(
        NBSP, " "
    )
    if fee:
        assert format_fact(f["late_fee"], polyglot, locale, "unit").replace(NBSP, " ") == (
            fee.replace(NBSP, " ")
        )
    if loans:
        assert format_fact(f["loans"], polyglot, locale, "unit") == loans


def test_no_english_per_in_another_language(polyglot) -> None:
    for loc in ("de", "fr", "es", "pt", "pl", "ar"):
        text = format_fact(polyglot.facts["late_fee"], polyglot, loc, "unit")
        assert " per " not in text, (loc, text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "1 książka"), (2, "2 książki"), (5, "5 książek"), (22, "22 książki"), (12, "12 książek")],
)
def test_polish_counts_take_three_forms(polyglot, value, expected) -> None:
    assert format_value(value, polyglot.facts["books"].unit, "pl", "unit", story=polyglot) == (
        expected
    )


@pytest.mark.parametrize(
    ("value", "noun"),
    [(1, "كتاب"), (2, "كتابان"), (3, "كتب"), (11, "كتابًا"), (100, "كتاب")],
)
def test_arabic_counts_take_their_six_forms(polyglot, value, noun) -> None:
    text = format_value(value, polyglot.facts["books"].unit, "ar", "unit", story=polyglot)
    assert text == f"{value} {noun}"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "0.6%"),
        ("it", "0,6%"),
        ("de", f"0,6{NBSP}%"),
        ("fr", f"0,6{NBSP}%"),
        ("ar", "0.6\u200e%\u200e"),
    ],
)
def test_a_share_reads_as_a_percentage(polyglot, locale, expected) -> None:
    assert format_fact(polyglot.facts["budget_share"], polyglot, locale) == expected


@pytest.mark.parametrize(
    ("locale", "full", "share", "date"),
    [
        ("ar", "12,500", "0.6\u200e%\u200e", "18 مارس 2026"),  # CLDR: Latin digits for ar
        ("ar_EG", "١٢٬٥٠٠", "٠٫٦٪؜", "١٨ مارس ٢٠٢٦"),  # Arabic-Indic
        ("fa", "۱۲٬۵۰۰", "۰٫۶٪", "۱۸ مارس ۲۰۲۶"),  # Extended Arabic-Indic
        ("mr", "१२,५००", "०.६%", "१८ मार्च, २०२६"),  # Devanagari
        ("de", "12.500", f"0,6{NBSP}%", "18. März 2026"),
    ],
)
def test_numbers_and_dates_take_the_locale_s_own_digits(locale, full, share, date) -> None:
    from explainer.facts.numbers import format_number
    from explainer.site.locales import long_date

    assert format_number(12500, locale, "full") == full
    assert format_number(0.006, locale, "percent") == share
    assert long_date("2026-03-18", locale) == date


def test_a_time_unit_takes_the_locale_s_own_digits() -> None:
    month = Unit(expr="month", currency=None, numerator=("month",), denominator=())
    assert format_value(18, month, "ar_EG") == "١٨ شهرًا"


def test_a_share_is_a_pure_number_in_formulas() -> None:
    story = load_story_text(
        _story(
            facts="""
  - {id: total, label: {en: total}, value: 5000000, unit: people, kind: reported,
     source: s, quote: "5000000 and 0.4"}
  - {id: share, label: {en: share}, value: 0.4, unit: percent, kind: reported,
     source: s, quote: "5000000 and 0.4"}
  - {id: part, label: {en: part}, formula: "total * share", unit: people, kind: derived}
  - {id: back, label: {en: back}, formula: "part / total", unit: percent, kind: derived}
""",
            locales="[en]",
        )
    )
    assert story.facts["part"].value == pytest.approx(2_000_000)
    assert format_fact(story.facts["back"], story, "en") == "40%"


# -- a story's own words -------------------------------------------------------------------


def _story(facts: str = "", locales: str = "[en, sw]", extra: str = "") -> str:
    texts = {"en": "Text", "sw": "Maandishi"}
    codes = [c.strip() for c in locales.strip("[]").split(",")]
    local = "{" + ", ".join(f"{c}: {texts.get(c, 'T')}" for c in codes) + "}"
    facts = (
        facts
        or f"""
  - {{id: n, label: {local}, value: 3, unit: people, kind: reported, source: s,
     quote: "3"}}"""
    )
    units = "{" + ", ".join(f"{c}: [person, people]" for c in codes) + "}"
    return f"""
story:
  id: words
  locales: {locales}
  title: {local}
  standfirst: {local}
  byline: {local}
  published: "2026-01-01"
units:
  people: {units}
sources:
  - {{id: s, title: A source}}
facts:{facts}
narrative:
  - {{id: a, body: {local}}}
{extra}"""


def test_a_language_we_do_not_ship_is_refused_with_what_is_missing() -> None:
    with pytest.raises(ContentError) as e:
        load_story_text(_story())
    text = str(e.value)
    assert "no interface words for 'sw' (Swahili)" in text
    assert f"lacks {len(MESSAGES)} of the {len(MESSAGES)} messages" in text
    assert "explainer strings sw" in text


def test_a_story_can_bring_the_words_of_its_language() -> None:
    from explainer.content.scaffold import strings_section

    section = strings_section("sw")
    assert section.count('""') == len(MESSAGES) + 1  # alt.per_mark: one and other
    # a translator fills in every text, keeping the English's {fields}
    lines = []
    for line in section.splitlines():
        key = line.strip().split(":")[0]
        if key in MESSAGES:
            fields = "".join(" {" + f + "}" for f in sorted(catalogs.fields(MESSAGES[key].english)))
            line = line.replace('""', f'"neno{fields}"')
        lines.append(line)
    story = load_story_text(_story(extra="\n".join(lines)))
    assert missing_messages("sw", story.strings) == []
    assert word("page.sources", "sw", story.strings) == "neno"


def test_a_story_can_override_a_shipped_word() -> None:
    story = load_story_text(
        _story(
            locales="[en]", extra='strings:\n  page.sources: {en: "Where the numbers come from"}'
        )
    )
    assert word("page.sources", "en", story.strings) == "Where the numbers come from"
    assert word("page.sources", "en") == "Facts and sources"


@pytest.mark.parametrize(
    ("strings", "message"),
    [
        ('page.sorces: {en: "x"}', "unknown message 'page.sorces'"),
        ('chart.source: {en: "From {where}"}', "the text must use the fields of the message"),
        ('alt.per_mark: {en: "one text"}', "changes with a number"),
        ('page.skip: {fr: "x"}', "'fr' is not one of the story's locales"),
    ],
)
def test_bad_strings_are_explained(strings: str, message: str) -> None:
    with pytest.raises(ContentError) as e:
        load_story_text(_story(locales="[en]", extra=f"strings:\n  {strings}"))
    assert message in str(e.value)


def test_a_polish_count_unit_needs_every_plural_form() -> None:
    text = _story(locales="[pl]")
    with pytest.raises(ContentError) as e:
        load_story_text(text)
    assert "'people' lacks the plural forms few, many in 'pl'" in str(e.value)
    assert "one: …, few: …, many: …, other: …" in str(e.value)
