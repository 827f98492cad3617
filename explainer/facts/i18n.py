"""The tool's own words in each language it ships (never the story's words).

A story may use any locale Babel knows; words missing for a locale fall back to
English, so a German story still builds, with English interface words until someone
adds a `de` table here.
"""

from __future__ import annotations

from collections.abc import Mapping

FALLBACK = "en"

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        # approximations put before a number
        "approx.about": "about {n}",
        "approx.almost": "almost {n}",
        "approx.at_least": "at least {n}",
        "approx.more_than": "more than {n}",
        "approx.up_to": "up to {n}",
        # kinds
        "kind.reported": "reported",
        "kind.estimated": "estimated",
        "kind.derived": "calculated",
        "kind.estimated.mark": "est.",
        # rates: per time unit / per count unit
        "per.day": "a day",
        "per.week": "a week",
        "per.month": "a month",
        "per.year": "a year",
        "per.count": "per {unit}",
        # "5 million of people": connector after a compact word ("" in English)
        "compact.of": "",
        # lists
        "and": "and",
        # charts
        "chart.source": "Source: {sources}",
        "chart.log_scale": "Logarithmic scale: each step is ten times the one before",
        "chart.per_mark": "Each square = {n} {unit}",
        "chart.highlight": "{label}: {n}",
        "chart.times": "×{n}",
        "chart.estimated_note": "Estimated figures are marked “est.”",
        "alt.ratio": "{a_label}, {a}, are about {ratio} times {b_label}, {b}.",
        "alt.values": "{label}: {value}",
        # page
        "page.sources": "Facts and sources",
        "page.updated": "Last updated",
        "page.published": "Published",
        "page.download": "Download",
        "page.get_data": "Get the data",
        "page.embed": "Embed this chart",
        "page.formula": "Formula",
        "page.quote": "Quote",
        "page.source": "Source",
        "page.language": "Language",
        "page.corrections": "Update",
        "page.skip": "Skip to the story",
        "page.places": "Places",
        "page.credits": "Credits",
        "page.copy": "Copy",
        # charts, images and alt text (explainer/charts: words.py, alt_text.py, cards.py)
        "chart.source_title": "“{title}”",
        "chart.mark.estimated": "estimate",
        "chart.mark.derived": "calculated",
        "chart.note.estimated": "“Estimate”: the source gives this figure as an estimate.",
        "chart.note.derived": (
            "“Calculated”: worked out from the source’s figures, not given by it."
        ),
        "chart.flow_note": "×: how many times the stage before (an average).",
        "alt.kind.big_numbers": "Key figures",
        "alt.kind.ladder": "Dot chart on a logarithmic scale",
        "alt.kind.waffle": "Unit chart",
        "alt.kind.flow": "Chain diagram",
        "alt.kind.map": "Map",
        "alt.kind.bars": "Bar chart",
        "alt.per_mark": "Each square stands for {n} {unit}; {count} squares in all.",
        "alt.highlight": "Highlighted: {label}, {n}.",
        "alt.flow_ratios": "From one stage to the next: {ratios}.",
        "alt.ratio_short": "The largest, {a}, is about {ratio} times the next, {b}.",
        # page (explainer/site/)
        "page.chart_description": "Chart description",
        "page.embed_help": "Copy this code into your page",
        "page.back_to_story": "Read the story",
        "page.new_tab": "(opens in a new tab)",
        "page.approx": "approximate: “{word}”",
        "page.note": "Note",
        "page.choose_language": "Choose a language",
        "page.facts": "Facts",
        "page.facts_intro": "Every figure in this story, with the words of its source.",
        "page.source_list": "Sources",
        "page.image": "Image",
        "page.was": "was",
        "page.now": "now",
        "time.day": "1 day",
        "time.week": "1 week",
        "time.month": "1 month",
        "time.year": "1 year",
    },
    "it": {
        "approx.about": "circa {n}",
        "approx.almost": "quasi {n}",
        "approx.at_least": "almeno {n}",
        "approx.more_than": "più di {n}",
        "approx.up_to": "fino a {n}",
        "kind.reported": "riportato",
        "kind.estimated": "stimato",
        "kind.derived": "calcolato",
        "kind.estimated.mark": "stima",
        "per.day": "al giorno",
        "per.week": "a settimana",
        "per.month": "al mese",
        "per.year": "all’anno",
        "per.count": "per {unit}",
        "compact.of": "di",
        "and": "e",
        "chart.source": "Fonte: {sources}",
        "chart.log_scale": "Scala logaritmica: ogni gradino vale dieci volte il precedente",
        "chart.per_mark": "Ogni quadrato = {n} {unit}",
        "chart.highlight": "{label}: {n}",
        "chart.times": "×{n}",
        "chart.estimated_note": "I dati stimati sono indicati con “stima”",
        "alt.ratio": "{a_label}, {a}, sono circa {ratio} volte {b_label}, {b}.",
        "alt.values": "{label}: {value}",
        "page.sources": "Fatti e fonti",
        "page.updated": "Ultimo aggiornamento",
        "page.published": "Pubblicato",
        "page.download": "Scarica",
        "page.get_data": "Scarica i dati",
        "page.embed": "Incorpora questo grafico",
        "page.formula": "Formula",
        "page.quote": "Citazione",
        "page.source": "Fonte",
        "page.language": "Lingua",
        "page.corrections": "Aggiornamento",
        "page.skip": "Vai all’articolo",
        "page.places": "Luoghi",
        "page.credits": "Crediti",
        "page.copy": "Copia",
        "chart.source_title": "«{title}»",
        "chart.mark.estimated": "stima",
        "chart.mark.derived": "calcolo",
        "chart.note.estimated": "«Stima»: la fonte indica questa cifra come una stima.",
        "chart.note.derived": "«Calcolo»: ricavato dai dati della fonte, che non lo riporta.",
        "chart.flow_note": "×: quante volte il passaggio precedente (in media).",
        "alt.kind.big_numbers": "Le cifre principali",
        "alt.kind.ladder": "Grafico a punti su scala logaritmica",
        "alt.kind.waffle": "Grafico a quadratini",
        "alt.kind.flow": "Schema a catena",
        "alt.kind.map": "Mappa",
        "alt.kind.bars": "Grafico a barre",
        "alt.per_mark": "Ogni quadrato vale {n} {unit}; {count} quadrati in tutto.",
        "alt.highlight": "Evidenziato: {label}, {n}.",
        "alt.flow_ratios": "Da un passaggio al successivo: {ratios}.",
        "alt.ratio_short": "Il valore più alto, {a}, è circa {ratio} volte il successivo, {b}.",
        "page.chart_description": "Descrizione del grafico",
        "page.embed_help": "Copia questo codice nella tua pagina",
        "page.back_to_story": "Leggi l’articolo",
        "page.new_tab": "(si apre in una nuova scheda)",
        "page.approx": "approssimato: «{word}»",
        "page.note": "Nota",
        "page.choose_language": "Scegli la lingua",
        "page.facts": "Fatti",
        "page.facts_intro": "Tutte le cifre dell’articolo, con le parole della loro fonte.",
        "page.source_list": "Fonti",
        "page.image": "Immagine",
        "page.was": "era",
        "page.now": "ora",
        "time.day": "1 giorno",
        "time.week": "1 settimana",
        "time.month": "1 mese",
        "time.year": "1 anno",
    },
}


def word(key: str, locale: str, **values: object) -> str:
    """The interface word `key` in `locale` (or English), with `{name}` filled in."""
    lang = locale.split("_")[0].split("-")[0]
    table = _WORDS.get(lang, _WORDS[FALLBACK])
    template = table.get(key, _WORDS[FALLBACK][key])
    return template.format(**values) if values else template


def join(items: list[str], locale: str) -> str:
    """'a, b and c' in the locale's words (Babel's list patterns)."""
    from babel.lists import format_list

    return format_list(items, locale=locale) if items else ""
