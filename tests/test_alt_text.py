"""Alt text: written from the facts, in the page's language, plain and short."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from explainer.charts.alt_text import MAX_CHARS, alt_text, comparable, ratio_sentence
from explainer.content.validate import load_story
from explainer.facts.numbers import format_fact
from explainer.facts.story import Chart

ROOT = Path(__file__).resolve().parents[1]
STORY = load_story(ROOT / "content.yaml")
RAINFALL = load_story(ROOT / "tests" / "stories" / "rainfall.yaml")
ALL = [(STORY, cid, loc) for cid in STORY.charts for loc in STORY.locales] + [
    (RAINFALL, cid, loc) for cid in RAINFALL.charts for loc in RAINFALL.locales
]
IDS = [f"{s.id}-{c}-{loc}" for s, c, loc in ALL]


@pytest.mark.parametrize(("story", "chart_id", "locale"), ALL, ids=IDS)
def test_plain_short_and_from_the_facts(story, chart_id: str, locale: str) -> None:
    chart = story.charts[chart_id]
    text = alt_text(chart, story, locale)
    assert 40 < len(text) <= MAX_CHARS
    assert "<" not in text and ">" not in text and "\n" not in text and "**" not in text
    assert chart.title[locale] in text
    for fid in chart.facts:
        assert format_fact(story.facts[fid], story, locale) in text
    for pid in chart.places:
        assert story.places[pid].name[locale] in text
    assert alt_text(chart, story, locale) == text  # deterministic


@pytest.mark.parametrize(("chart_id", "locale", "expected"), [
    ("headline", "it",
     "Il valore più alto, 5 milioni, è circa 280 volte il successivo, quasi 18.000."),
    ("headline", "en", "The largest, 5 million, is about 280 times the next, almost 18,000."),
    ("scale", "en", "The largest, 5 million, is about 280 times the next, almost 18,000."),
    ("money", "it", "Il valore più alto, 3,54 milioni di\u00a0€, è circa 12 volte il successivo, "
                    "295.000\u00a0€."),
    ("money", "en", "In one month: €295,000 (calculated); in a year: €3.54 million (calculated)."),
    ("chain", "it", "Da un passaggio al successivo: ×5.000, ×3,6, ×280."),
    ("chain", "en", "From one stage to the next: ×5,000, ×3.6, ×280."),
    ("crowd", "it", "Ogni quadrato vale 50.000 persone; 100 quadrati in tutto."),
    ("crowd", "en", "Each square stands for 50,000 people; 100 squares in all."),
    ("clients_waffle", "it", "Evidenziato: clienti toccati dall’operazione, 1."),
    ("clients_waffle", "en", "Each square stands for 1 client; 5,000 squares in all."),
    ("where", "it", "Paesi Bassi: Worldstream, provider coinvolto nel sequestro dei server"),
    ("where", "en", "Map: Where the investigation leads."),
    ("scale", "it", "Grafico a punti su scala logaritmica: Ordini di grandezza."),
])
def test_sentences(chart_id: str, locale: str, expected: str) -> None:
    assert expected in alt_text(STORY.charts[chart_id], STORY, locale)


def test_ratio_with_labels_when_it_fits() -> None:
    chart = Chart(id="two", kind="ladder", title={"it": "Due", "en": "Two"},
                  facts=("viewers", "servers"))
    assert alt_text(chart, STORY, "it") == (
        "Grafico a punti su scala logaritmica: Due. "
        "Persone che potranno essere perseguite penalmente (stima): 5 milioni; "
        "server virtuali da spegnere o arginare in Europa: quasi 18.000. "
        "Persone che potranno essere perseguite penalmente (stima), 5 milioni, sono circa "
        "280 volte server virtuali da spegnere o arginare in Europa, quasi 18.000."
    )


def test_no_ratio_between_money_and_counts_or_equal_values() -> None:
    facts = STORY.facts
    assert not comparable(facts["revenue_yearly"], facts["clients"])
    assert not comparable(facts["price_per_client"], facts["viewers"])
    assert comparable(facts["viewers"], facts["servers"])
    assert ratio_sentence([facts["revenue_yearly"], facts["clients"]], STORY, "en") == ""
    same = dataclasses.replace(facts["clients"], id="again")
    assert ratio_sentence([facts["clients"], same], STORY, "en") == ""
    assert ratio_sentence([facts["clients"]], STORY, "en") == ""


def test_long_texts_are_shortened_not_cut_mid_word() -> None:
    long_label = {"it": "parola " * 60, "en": "word " * 60}
    facts = dict(STORY.facts)
    for fid in ("viewers", "servers", "clients", "platforms"):
        facts[fid] = dataclasses.replace(facts[fid], label=long_label)
    story = dataclasses.replace(STORY, facts=facts)
    for locale in story.locales:
        text = alt_text(story.charts["scale"], story, locale)
        assert len(text) <= MAX_CHARS
        assert "5 milioni" in text or "5 million" in text
        assert "…" in text


def test_second_story_in_german() -> None:
    text = alt_text(RAINFALL.charts["money"], RAINFALL, "de")
    assert "180 Millionen\u00a0€" in text and "4,2 Millionen\u00a0€" in text
    assert "43" in text  # 180 / 4.2 ≈ 43 times
