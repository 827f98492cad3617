"""`explainer check` reads each quote's numbers in its source's language and refuses a
fact whose value none of them gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.cli import cli
from explainer.content.quotes import check_values
from explainer.content.validate import load_story_text
from tests.conftest import ROOT, cli_runner

CONTENT = ROOT / "content.yaml"


#: A count unit's forms: every plural category the language has (Polish, Arabic: more).
FORMS = {
    "pl": "{one: a, few: b, many: c, other: d}",
    "ar": "{zero: a, one: b, two: c, few: d, many: e, other: f}",
}


def _story(value: str, quote: str, lang: str = "it", extra: str = "", unit: str = "people") -> str:
    forms = FORMS.get(lang, "[p, ps]")
    return f"""
story:
  id: quotes
  locales: [{lang}]
  title: {{{lang}: T}}
  standfirst: {{{lang}: T}}
  byline: {{{lang}: T}}
  published: "2026-01-01"
units:
  people: {{{lang}: {forms}}}
sources:
  - {{id: s, title: A source, language: {lang}}}
facts:
  - id: n
    label: {{{lang}: n}}
    value: {value}
    unit: {unit}
    kind: reported
    source: s
    quote: "{quote}"{extra}
narrative:
  - {{id: a, body: {{{lang}: Text}}}}
"""


@pytest.mark.parametrize(
    ("lang", "value", "quote", "extra", "unit"),
    [
        ("it", "18000", "quasi 18.000 server virtuali", "", "people"),
        ("it", "5000000", "stimate in 5 milioni", "", "people"),
        ("it", "5000000", "stimate in cinque milioni", "", "people"),
        ("en", "18000", "nearly 18,000 virtual servers", "", "people"),
        ("de", "12500", "rund 12.500 Menschen wurden evakuiert", "", "people"),
        ("fr", "850000", "Environ 850 000 vendangeurs", "", "people"),
        ("fr", "850000", "Environ 850\u202f000 vendangeurs", "", "people"),
        ("es", "3000000", "unos 3 millones de turistas", "", "people"),
        ("pt", "2400000", "2,4 milhões de livros", "", "people"),
        ("pl", "2400000", "2,4 miliona książek", "", "people"),
        ("ar", "22000000", "22 مليون متر مكعب يوميًا", "", "people"),
        ("nl", "12", "twaalf gemalen", "", "people"),
        # an approximation rounds to what the quote says
        ("it", "4870000", "circa 5 milioni di persone", "\n    approx: about", "people"),
        # a share matches its percentage, with the sign or in words
        ("en", "0.4", "40% of users", "", "percent"),
        ("it", "0.4", "il 40 per cento degli utenti", "", "percent"),
        # quotes without numbers, and "one", say nothing about the value
        ("it", "3", "sequestro della piattaforma", "", "people"),
        ("it", "1", "ha toccato uno solo dei 5.000 clienti", "", "people"),
        # years beside the value do not hide it
        ("en", "5000000", "in 2019 there were 5 million", "", "people"),
    ],
)
def test_a_value_its_quote_gives_passes(lang, value, quote, extra, unit) -> None:
    story = load_story_text(_story(value, quote, lang, extra, unit))
    assert check_values(story) == []


@pytest.mark.parametrize(
    ("lang", "value", "quote", "extra", "numbers"),
    [
        ("it", "19000", "quasi 18.000 server virtuali", "", ("18.000",)),
        ("it", "6000000", "stimate in 5 milioni", "", ("5 milioni",)),
        ("en", "18", "nearly 18,000 virtual servers", "", ("18,000",)),  # a lost "000"
        ("de", "125000", "rund 12.500 Menschen", "", ("12.500",)),
        ("fr", "85000", "Environ 850 000 vendangeurs", "", ("850 000",)),
        ("en", "5000000", "in 2019 there were 4 million", "", ("2019", "4 million")),
        # without approx, a more precise value is not the quote's
        ("it", "4870000", "circa 5 milioni di persone", "", ("5 milioni",)),
        # with approx, it must still round to the quoted number
        ("it", "4300000", "circa 5 milioni di persone", "\n    approx: about", ("5 milioni",)),
    ],
)
def test_a_value_its_quote_contradicts_is_reported(lang, value, quote, extra, numbers) -> None:
    story = load_story_text(_story(value, quote, lang, extra))
    (result,) = check_values(story)
    assert (result.fact, result.numbers, result.locale) == ("n", numbers, lang)
    assert result.value == float(value)



def test_check_refuses_a_value_its_quote_contradicts(tmp_path: Path) -> None:
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    content = tmp_path / "content.yaml"
    text = content.read_text(encoding="utf-8")
    altered = text.replace("value: 18000", "value: 19000", 1)
    assert altered != text
    content.write_text(altered, encoding="utf-8")
    result = cli_runner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert (
        "facts.servers: the value 19000 is not a number of its quote (read in 'it': 18.000)"
        in result.stderr
    )
    assert "1 value not in its quote." in result.stderr


@pytest.mark.parametrize(
    "content",
    [CONTENT, *sorted(p for p in (ROOT / "tests" / "stories").glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_every_shipped_story_s_values_are_in_their_quotes(content: Path) -> None:
    from explainer.content.validate import load_story

    assert check_values(load_story(content)) == []
