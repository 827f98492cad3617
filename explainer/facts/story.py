"""The resolved story: what every renderer (charts, images, pages) works from.

`validate.load_story()` turns `content.yaml` into a `Story`. By then every reference
has been checked, every derived fact computed and converted to its declared unit, and
all text is plain text (never HTML). Renderers are pure functions of a `Story`, a
locale and a theme; none of them re-reads the YAML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from explainer.facts.i18n import Strings, plural_category

Kind = Literal["reported", "estimated", "derived"]
Approx = Literal["about", "almost", "at_least", "more_than", "up_to"]

#: Per-locale text: {"it": "...", "en": "..."}; every story locale is present.
Text = Mapping[str, str]


@dataclass(frozen=True)
class Unit:
    """A unit as written in the content (`EUR/client/month`) and what it is made of."""

    expr: str
    #: ISO 4217 code when the unit is money (`EUR`, `EUR/month`, `EUR/client/month`).
    currency: str | None
    #: Count units in the numerator (`people` in `people/server`), in order.
    numerator: tuple[str, ...]
    #: Units in the denominator (`client`, `month`), in order.
    denominator: tuple[str, ...]

    @property
    def is_money(self) -> bool:
        return self.currency is not None

    @property
    def is_percent(self) -> bool:
        """A share given as a fraction (`value: 0.006`), shown as a percentage (0.6 %)."""
        return self.numerator == ("percent",) and not self.denominator

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)


@dataclass(frozen=True)
class UnitNames:
    """How a count unit is named in one locale: a form per CLDR plural category
    (`one` and `other` at least; `few`, `many`, `two`, `zero` where the language has them)."""

    forms: Mapping[str, str]

    @classmethod
    def of(cls, words: Sequence[str] | Mapping[str, str]) -> UnitNames:
        """From the content's `[singular, plural]` or `{category: form}`."""
        if isinstance(words, Mapping):
            return cls(dict(words))
        one, other = words
        return cls({"one": one, "other": other})

    @property
    def one(self) -> str:
        return self.forms.get("one") or self.forms["other"]

    @property
    def other(self) -> str:
        return self.forms.get("other") or self.forms["one"]

    def for_count(self, value: float, locale: str) -> str:
        """The form `value` takes in `locale` (5 -> "osób" in Polish, "persone" in Italian)."""
        return self.forms.get(plural_category(value, locale)) or self.other


@dataclass(frozen=True)
class Fact:
    id: str
    label: Text
    kind: Kind
    #: The number, in `unit` (for derived facts: computed, then converted).
    value: float | None = None
    unit: Unit | None = None
    #: A qualitative fact ("SKY, Netflix and others") instead of a number.
    text: Text | None = None
    approx: Approx | None = None
    source: str | None = None
    quote: str | None = None
    formula: str | None = None
    #: Ids of the facts a derived fact is computed from (direct inputs).
    inputs: tuple[str, ...] = ()
    #: Significant digits used when a derived value is shown (None: automatic).
    digits: int | None = None
    note: Text | None = None

    @property
    def is_number(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    language: str | None = None
    #: The stored text of the source, relative to the content file, for `explainer check`.
    file: Path | None = None


@dataclass(frozen=True)
class Place:
    id: str
    #: Localized name (from Babel's territory names for countries, or the content's).
    name: Text
    role: Text
    group: str
    #: ISO 3166-1 alpha-2 codes the place covers (one for a country, several for a region).
    countries: tuple[str, ...]
    is_region: bool = False
    source: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Chart:
    id: str
    kind: str
    title: Text
    #: Facts the chart shows, in order (validated: they exist, are numbers, fit the kind).
    facts: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    caption: Text | None = None
    #: Options that only some kinds take (per_mark, highlight, ...), validated per kind.
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    id: str
    heading: Text | None
    #: Markdown with fact references `{fact_id}` / `{fact_id:style}`.
    body: Text
    charts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    """A fact whose value changed between two builds, as readers are told."""

    date: str
    fact: str
    #: The fact's label, old and new values, formatted per locale.
    label: Text
    old: Text
    new: Text
    note: Text | None = None


@dataclass(frozen=True)
class Story:
    id: str
    locales: tuple[str, ...]
    title: Text
    standfirst: Text
    byline: Text
    published: str
    updated: str | None
    base_url: str | None
    credits: Text | None
    facts: Mapping[str, Fact]
    sources: Mapping[str, Source]
    places: Mapping[str, Place]
    charts: Mapping[str, Chart]
    sections: tuple[Section, ...]
    #: Names of count units per locale: units["client"]["it"] = UnitNames("cliente", "clienti").
    units: Mapping[str, Mapping[str, UnitNames]]
    #: The folder the content file is in (sources' files are relative to it).
    root: Path
    #: The story's headline fact for social cards.
    headline: str | None = None
    #: The editor's notes for corrections, by fact id (content's `corrections:`).
    correction_notes: Mapping[str, Text] = field(default_factory=dict)
    #: The story's own interface words (content's `strings:`), see `facts.i18n`.
    strings: Strings = field(default_factory=dict)
    #: The newsroom's name from a brand file (`--brand`), after the byline in source lines.
    newsroom: str | None = None
    #: The brand file's credits line per story locale (where it has one).
    newsroom_credits: Mapping[str, str] = field(default_factory=dict)

    @property
    def default_locale(self) -> str:
        return self.locales[0]
