"""The numbers ledger: every number string a build prints, per locale, and where it comes from.

    number_ledger(story, corrections, sizes)
    -> {"it": {"quasi 18.000": ["fact:servers:compact"], "×280": ["ratio:chain:viewers/servers"],
               "1.000": ["tick:scale"], ...}, "en": {...}}

It is written into `manifest.json` (`numbers`) and read back by `explainer audit`, which
finds every digit a reader can see in the built folder and checks that some ledger string
holding it stands there. So the ledger is made from where the numbers are made (the same
functions, on the same facts, that the charts, alt texts, CSVs and pages call), never by
reading the output: a number the build did not make cannot trace.

Each string keeps its origins (sorted, so the same input gives the same bytes):

- `fact:<id>:<form>`: a fact's value in a form shown somewhere: `compact` (charts, alt
  text, the facts list, facts.json), `unit` and `full` (the facts list), the narrative's
  `{fact:style}` forms, `head` (big numbers: "€59" over "per client per month"), `raw`
  (CSV: `5000000`), `json` (facts.json: `5000000.0`), `text` (a text fact, verbatim);
- `ratio:<chart>:<a>/<b>`: a ratio of two facts (a chain's "×5,000", the alt text's "about
  280 times");
- `tick:<chart>`: a decade on a ladder's axis; `marks:<chart>` and `per_mark:<chart>`: how
  many squares a waffle has and what each stands for;
- `date:<what>`: the published, updated, correction and source dates (long and ISO forms);
- `quote:…`, `source:…`, `text:…`: texts shown verbatim (quotes, source titles, and what
  the author wrote: titles, labels, notes; for the prose, the numbers typed in it, since
  Markdown changes the text around them); `formula:<id>` (a formula and its constants),
  `correction:<fact>:old|new` (values as the correction recorded them);
- `id:…`, `unit:…`, `structure:…`, `word:<key>`: ids and units in the data files,
  numbers of the page's own making (the social card's size, the embed code's height,
  "PNG @2x") and digits in the interface's words ("1 in {n}").

Only strings holding a digit are kept (any Unicode digit: `ar_EG` writes its own).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence

from explainer.build.audit_read import NUMBER
from explainer.charts import alt_text, big_numbers, flow, ladder, waffle, words
from explainer.charts.cards import CARD_SIZE
from explainer.charts.csvdata import raw_number
from explainer.content.formula import TIME_NAMES
from explainer.facts.i18n import template, word
from explainer.facts.messages import MESSAGES
from explainer.facts.numbers import (
    format_constant,
    format_fact,
    format_number,
    native_digits,
    time_unit,
)
from explainer.facts.references import Ref, find
from explainer.facts.story import Chart, Correction, Fact, Section, Story
from explainer.site import layout
from explainer.site.figures import figure_view
from explainer.site.head import last_updated
from explainer.site.locales import long_date

__all__ = ["Ledger", "number_ledger"]

#: locale -> number string -> its origins, sorted.
Ledger = dict[str, dict[str, list[str]]]

_DIGIT = re.compile(r"\d")
#: A formula's tokens: names (which may hold digits) or numbers.
_FORMULA_TOKEN = re.compile(r"([A-Za-z_]\w*)|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")
#: The widths the alt text shortens labels and roles to (charts/alt_text.py).
_ALT_LIMITS = (48, 32, 24)
_ROLE_LIMIT = 60
#: A message's {fields}, and counts that take every plural form of the shipped languages.
_FIELD = re.compile(r"\{\w*\}")
_PLURAL_COUNTS = (0, 1, 2, 3, 5, 11, 100, 101, 1.5)


class _Book:
    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.entries: dict[str, set[str]] = {}

    def add(self, text: str | None, origin: str) -> None:
        if text and _DIGIT.search(text):
            self.entries.setdefault(text, set()).add(origin)

    def text(self, text: str | None, origin: str, limits: Iterable[int] = ()) -> None:
        """A text shown verbatim, and the shortened forms the alt text may use."""
        self.add(text, origin)
        for limit in limits:
            if text:
                self.add(alt_text._short(text, limit), origin)

    def sorted(self) -> dict[str, list[str]]:
        return {k: sorted(v) for k, v in sorted(self.entries.items())}


def number_ledger(
    story: Story, corrections: Sequence[Correction], sizes: Mapping[str, tuple[int, int]]
) -> Ledger:
    """Every number string the build prints for each locale, with its origins.

    `corrections` is the corrections record the pages show; `sizes` maps each chart's
    SVG output path to the drawing's width and height (the embed code's iframe height,
    the image snippet's size)."""
    out: Ledger = {}
    for locale in story.locales:
        book = _Book(locale)
        _story(book, story, corrections)
        for fact in story.facts.values():
            _fact(book, fact, story, _styles(story, fact.id))
        _places_and_sources(book, story)
        for n, section in enumerate(story.sections, start=1):
            _section(book, section, n, story)
        for chart in story.charts.values():
            _chart(book, chart, story, sizes)
        for c in corrections:
            _correction(book, c)
        out[locale] = book.sorted()
    return out


def _story(book: _Book, story: Story, corrections: Sequence[Correction]) -> None:
    loc = book.locale
    book.add(story.id, "id:story")
    book.text(story.title[loc], "text:story:title")
    book.text(story.standfirst[loc], "text:story:standfirst")
    book.text(story.byline[loc], "text:story:byline")
    if story.credits:
        book.text(story.credits[loc], "text:story:credits")
    if story.newsroom:
        book.text(story.newsroom, "text:brand:name")
    if loc in story.newsroom_credits:
        book.text(story.newsroom_credits[loc], "text:brand:credits")
    for origin, date in (
        ("date:published", story.published),
        ("date:updated", story.updated),
        ("date:updated", last_updated(story, corrections)),
    ):
        if date:
            book.add(date, origin)
            book.add(long_date(date, loc), origin)
    width, height = CARD_SIZE
    book.add(str(width), "structure:social-card:width")
    book.add(str(height), "structure:social-card:height")
    _words(book, story)


def _words(book: _Book, story: Story) -> None:
    """Digits in the interface's own words ("1 in {n}", a note "1 in N: …"): each piece
    of a message between its {fields}, in every plural form, as written and in the
    locale's digits (the catalog's, or the story's `strings:`)."""
    for key, message in MESSAGES.items():
        counts = _PLURAL_COUNTS if message.plural else (1,)
        for count in counts:
            for piece in _FIELD.split(template(key, book.locale, story.strings, count)):
                piece = piece.strip()
                book.add(piece, f"word:{key}")
                book.add(native_digits(piece, book.locale), f"word:{key}")


def _styles(story: Story, fact_id: str) -> set[str]:
    """The forms of a fact some page or chart shows: the facts list's and the narrative's."""
    styles = {"compact", "unit", "full"}
    for section in story.sections:
        for body in section.body.values():
            styles |= {p.style for p in find(body) if isinstance(p, Ref) and p.fact == fact_id}
    return styles


def _fact(book: _Book, fact: Fact, story: Story, styles: Iterable[str]) -> None:
    loc = book.locale
    book.add(fact.id, f"id:fact:{fact.id}")
    if fact.text is not None:
        book.add(fact.text[loc], f"fact:{fact.id}:text")
    if fact.value is not None:
        for style in sorted(styles):
            book.add(format_fact(fact, story, loc, style), f"fact:{fact.id}:{style}")
        book.add(raw_number(fact.value), f"fact:{fact.id}:raw")
        book.add(json.dumps(fact.value), f"fact:{fact.id}:json")
    if fact.unit is not None:
        book.add(fact.unit.expr, f"unit:{fact.id}")
    book.text(fact.label[loc], f"text:fact:{fact.id}:label", _ALT_LIMITS)
    if fact.note:
        book.text(fact.note[loc], f"text:fact:{fact.id}:note")
    book.add(fact.quote, f"quote:fact:{fact.id}")
    if fact.formula:
        book.add(fact.formula, f"formula:{fact.id}")
        for m in _FORMULA_TOKEN.finditer(fact.formula):
            name, number = m.groups()
            if number:
                book.add(format_constant(float(number), loc), f"formula:{fact.id}:constant")
            elif name in TIME_NAMES and name not in story.facts:
                book.add(time_unit(1, name, loc), f"formula:{fact.id}:time")


def _places_and_sources(book: _Book, story: Story) -> None:
    loc = book.locale
    for place in story.places.values():
        book.add(place.id, f"id:place:{place.id}")
        book.text(place.name[loc], f"text:place:{place.id}:name")
        book.text(place.role[loc], f"text:place:{place.id}:role", (_ROLE_LIMIT,))
        book.add(place.quote, f"quote:place:{place.id}")
    for source in story.sources.values():
        book.add(source.title, f"source:{source.id}:title")
        book.add(source.publisher, f"source:{source.id}:publisher")
        book.add(source.date, f"date:source:{source.id}")


def _section(book: _Book, section: Section, n: int, story: Story) -> None:
    loc = book.locale
    if section.heading:
        book.text(section.heading[loc], f"text:section:{section.id}:heading")
    elif "page.section_n" in MESSAGES:  # "Appears in: section 2" (site/uses.py)
        book.add(word("page.section_n", loc, story.strings, n=n), f"structure:section:{n}")
    # what the author typed between the facts: Markdown may change the words around a
    # number (emphasis, links), so the numbers themselves are what is recorded
    for piece in find(section.body[loc]):
        if isinstance(piece, str):
            for m in NUMBER.finditer(piece):
                book.add(m.group(), f"text:section:{section.id}:prose")


def _chart(book: _Book, chart: Chart, story: Story, sizes: Mapping[str, tuple[int, int]]) -> None:
    loc = book.locale
    cw = words.chart_words(chart, story, loc)
    book.text(cw.title, f"text:chart:{chart.id}:title")
    book.text(cw.caption, f"text:chart:{chart.id}:caption")
    facts = [story.facts[f] for f in chart.facts if f in story.facts]
    if chart.kind == "big_numbers":
        for fact in facts:
            head, tail = big_numbers.split_value(fact, story, loc)
            book.add(head, f"fact:{fact.id}:head")
            book.add(tail, f"fact:{fact.id}:head")
    elif chart.kind == "ladder" and facts:
        lo, hi = ladder.decades([float(f.value or 0) for f in facts])
        for k in range(lo, hi + 1):
            book.add(format_number(10.0**k, loc), f"tick:{chart.id}")
    elif chart.kind == "flow":
        for a, b, text in zip(
            facts, facts[1:], flow.ratio_texts(facts, loc, story.strings), strict=False
        ):
            book.add(text, f"ratio:{chart.id}:{b.id}/{a.id}")
    elif chart.kind == "waffle" and facts:
        n, _ = waffle.counts(chart, story)
        number, _noun = waffle.per_mark_parts(chart, facts[0], story, loc)
        book.add(number, f"per_mark:{chart.id}")
        book.add(format_number(n, loc), f"marks:{chart.id}")
    if chart.kind not in ("waffle", "flow", "map"):
        _alt_ratio(book, chart, facts)
    _figure(book, chart, story, sizes.get(layout.chart_files(loc, chart.id).svg))


def _figure(book: _Book, chart: Chart, story: Story, size: tuple[int, int] | None) -> None:
    """What the page's figure adds around the drawing: its downloads' names ("PNG @2x"),
    the embed code (its iframe's height) and the image snippet (its size; its alt text is
    the chart's, traced as such), from the page's own view of the chart."""
    loc = book.locale
    files = layout.chart_files(loc, chart.id)
    width, height = size or (1, 0)
    stub = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height or 1}"></svg>'
    rendered = layout.RenderedChart(
        chart.id, loc, svg=stub, alt="", files=files, width=width, height=height, svg_narrow=stub
    )
    view = figure_view(story, chart, rendered, loc, layout.page(loc))
    for download in view.downloads:
        book.add(download.label, f"structure:download:{download.kind}")
    if size is not None:
        book.add(view.embed_code, f"structure:embed:{chart.id}")
        # the snippet around its alt text (the alt text is the chart's, traced as such)
        before, _, after = view.image_code.partition(' alt="')
        book.add(before, f"structure:image:{chart.id}")
        book.add(after, f"structure:image:{chart.id}")


def _alt_ratio(book: _Book, chart: Chart, facts: list[Fact]) -> None:
    """The alt text's "the largest is about N times the next" (`alt_text.ratio_sentence`)."""
    numbers = sorted(
        (f for f in facts if f.value is not None and f.value > 0),
        key=lambda f: f.value or 0,
        reverse=True,
    )
    if len(numbers) < 2:
        return
    a, b = numbers[0], numbers[1]
    ratio = (a.value or 0) / (b.value or 1)
    if ratio >= alt_text.MIN_RATIO and alt_text.comparable(a, b):
        book.add(format_number(ratio, book.locale, digits=2), f"ratio:{chart.id}:{a.id}/{b.id}")


def _correction(book: _Book, c: Correction) -> None:
    loc = book.locale
    book.add(c.date, f"date:correction:{c.fact}")
    book.add(long_date(c.date, loc), f"date:correction:{c.fact}")
    for origin, texts in (
        (f"correction:{c.fact}:old", c.old),
        (f"correction:{c.fact}:new", c.new),
        (f"text:correction:{c.fact}:label", c.label),
        (f"text:correction:{c.fact}:note", c.note),
    ):
        if isinstance(texts, str):
            book.add(texts, origin)
        elif texts:
            book.add(texts.get(loc) or next(iter(texts.values()), None), origin)
