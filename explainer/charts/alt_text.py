"""A chart's text alternative, written from its facts in the page's language.

    alt_text(chart, story, "it")
    -> "Grafico a punti su scala logaritmica: Ordini di grandezza. Piattaforma …: 1; …
        Persone che potranno essere perseguite penalmente (stima), 5 milioni, sono circa
        280 volte server virtuali …, quasi 18.000."

What is compared (the kind and the title), every value as the prose formats it (with
its approximation word and, for estimates and calculations, a word saying so), and for
two or more facts how many times the largest is the next one. Plain text (no markup),
at most MAX_CHARS characters: when the full text is longer, the ratio loses its labels
first, then the labels are shortened.
"""

from __future__ import annotations

from explainer.charts import waffle, words
from explainer.charts.flow import ratio_texts
from explainer.facts.i18n import join, plural_word, word
from explainer.facts.numbers import format_fact, format_number
from explainer.facts.story import Chart, Fact, Story

MAX_CHARS = 400
#: Below this, "about 1.1 times" says nothing useful; the values say it.
MIN_RATIO = 1.1


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def _value(fact: Fact, story: Story, locale: str) -> str:
    value = format_fact(fact, story, locale)
    m = words.shown_mark(fact, locale, story.strings)
    return f"{value} ({m})" if m else value


def _short(label: str, limit: int) -> str:
    """`label` cut at a word boundary to about `limit` characters."""
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def comparable(a: Fact, b: Fact) -> bool:
    """Whether "a is N times b" makes sense: one unit, or two counts (not money, not rates)."""
    if a.unit is None or b.unit is None:
        return False
    if a.unit.expr == b.unit.expr:
        return True
    return not (a.unit.currency or b.unit.currency or a.unit.denominator or b.unit.denominator)


def ratio_sentence(facts: list[Fact], story: Story, locale: str, short: bool | None = None) -> str:
    """How many times the largest value is the next one, or '' if not worth saying.

    With labels ('A, 5 milioni, sono circa 280 volte B, quasi 18.000.') when the two
    count different things, else short ('Il valore più alto, …, è circa 12 volte il
    successivo, …'); `short` forces one form.
    """
    numbers = [f for f in facts if f.value is not None and f.value > 0]
    if len(numbers) < 2:
        return ""
    ordered = sorted(numbers, key=lambda f: f.value or 0, reverse=True)
    a, b = ordered[0], ordered[1]
    ratio = (a.value or 0) / (b.value or 1)
    if ratio < MIN_RATIO or not comparable(a, b):
        return ""
    values = dict(
        a=format_fact(a, story, locale),
        b=format_fact(b, story, locale),
        ratio=format_number(ratio, locale, digits=2),
    )
    if short is None:
        short = (a.unit.expr if a.unit else None) == (b.unit.expr if b.unit else None)
    if short:
        return _sentence(word("alt.ratio_short", locale, story.strings, **values))
    return _sentence(
        word(
            "alt.ratio",
            locale,
            story.strings,
            a_label=a.label[locale],
            b_label=b.label[locale],
            **values,
        )
    )


def _values(facts: list[Fact], story: Story, locale: str, limit: int | None) -> str:
    items = []
    for f in facts:
        label = f.label[locale] if limit is None else _short(f.label[locale], limit)
        items.append(
            word("alt.values", locale, story.strings, label=label, value=_value(f, story, locale))
        )
    return _sentence(word("punct.semicolon", locale, story.strings).join(items))


def _head(chart: Chart, story: Story, locale: str) -> str:
    kind = word(f"alt.kind.{chart.kind}", locale, story.strings)
    return f"{kind}{word('punct.colon', locale, story.strings)}{_sentence(chart.title[locale])}"


def _fit(candidates: list[list[str]]) -> str:
    """The first candidate (list of sentences) that fits, else the last one cut short."""
    text = ""
    for parts in candidates:
        text = " ".join(p for p in parts if p)
        if len(text) <= MAX_CHARS:
            return text
    return _short(text, MAX_CHARS - 1)


def alt_text(chart: Chart, story: Story, locale: str) -> str:
    """The chart described in words for screen readers and text-only readers."""
    head = _head(chart, story, locale)
    if chart.kind == "map":
        places = [story.places[p] for p in chart.places]
        colon = word("punct.colon", locale, story.strings)
        semi = word("punct.semicolon", locale, story.strings)
        full = [f"{p.name[locale]}{colon}{p.role[locale]}" for p in places]
        names = [p.name[locale] for p in places]
        return _fit(
            [
                [head, _sentence(semi.join(full))],
                [
                    head,
                    _sentence(
                        semi.join(
                            f"{p.name[locale]}{colon}{_short(p.role[locale], 60)}" for p in places
                        )
                    ),
                ],
                [head, _sentence(join(names, locale))],
            ]
        )

    facts = [story.facts[f] for f in chart.facts]
    extra: list[str] = []
    if chart.kind == "waffle":
        n, h = waffle.counts(chart, story)
        number, noun = waffle.per_mark_parts(chart, facts[0], story, locale)
        extra.append(
            plural_word(
                "alt.per_mark",
                n,
                locale,
                story.strings,
                n=number,
                unit=noun,
                count=format_number(n, locale),
            )
            .replace(" ;", ";")
            .replace(" ؛", "؛")  # the unit may be empty: "50.000 €;"
        )
        hid = chart.options.get("highlight")
        if h and isinstance(hid, str):
            hf = story.facts[hid]
            extra.append(
                word(
                    "alt.highlight",
                    locale,
                    story.strings,
                    label=hf.label[locale],
                    n=format_fact(hf, story, locale),
                )
            )
        ratio = ""
    elif chart.kind == "flow":
        ratios = ", ".join(ratio_texts(facts, locale, story.strings))
        extra.append(word("alt.flow_ratios", locale, story.strings, ratios=ratios))
        ratio = ""
    else:
        ratio = ratio_sentence(facts, story, locale)
    short_ratio = ratio and ratio_sentence(facts, story, locale, short=True)
    return _fit(
        [
            [head, _values(facts, story, locale, None), ratio, *extra],
            [head, _values(facts, story, locale, None), short_ratio, *extra],
            [head, _values(facts, story, locale, 48), short_ratio, *extra],
            [head, _values(facts, story, locale, 32), short_ratio, *extra],
            [head, _values(facts, story, locale, 24), *extra],
        ]
    )
