"""The shape of `content.yaml`: typed, documented, and the source of its JSON Schema.

Every field's description is the documentation editors see when their editor
autocompletes `content.yaml` (`explainer schema`). Cross-checks that need the whole
story (references, formulas, units, locales) live in `validate.py` and its `checks_*`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$"),
    Field(description="A short name: lowercase letters, digits and _, starting with a letter."),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
LocalText = Annotated[
    dict[str, NonEmpty],
    Field(description="Text per locale, e.g. {it: 'Testo', en: 'Text'}; every story locale."),
]


PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
PluralForms = Annotated[
    dict[PluralCategory, NonEmpty],
    Field(
        description=(
            "One text per CLDR plural category of the language "
            "(Polish: {one: osoba, few: osoby, many: osób, other: osoby})."
        )
    ),
]
UnitWords = Annotated[list[NonEmpty], Field(min_length=2, max_length=2)] | PluralForms


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class StoryMeta(_Model):
    """The story as a whole."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] = Field(
        description="The story's id, a slug (xtream-codes); used in file names."
    )
    locales: list[NonEmpty] = Field(
        min_length=1,
        description=(
            "Languages to publish, as locale codes (it, en, pt_BR); the first is the default."
        ),
    )
    title: LocalText
    standfirst: LocalText = Field(description="One or two sentences under the title.")
    byline: LocalText
    published: NonEmpty = Field(description="Publication date, YYYY-MM-DD (quoted).")
    updated: NonEmpty | None = Field(None, description="Last update date, YYYY-MM-DD (quoted).")
    base_url: NonEmpty | None = Field(
        None,
        description=(
            "Where the story will be published (https://…/); used for canonical and social links."
        ),
    )
    headline: Id | None = Field(None, description="The fact shown big on social cards.")
    credits: LocalText | None = None


class SourceSpec(_Model):
    """Where facts come from."""

    id: Id
    title: NonEmpty
    publisher: NonEmpty | None = None
    url: NonEmpty | None = Field(None, description="http(s) address of the source.")
    date: NonEmpty | None = Field(None, description="YYYY-MM-DD (quoted).")
    language: NonEmpty | None = None
    file: NonEmpty | None = Field(
        None,
        description=(
            "The source's text, stored beside the story, so `explainer check` can find each quote."
        ),
    )


class FactSpec(_Model):
    """One fact: a number with its unit (or a short text), where it comes from, and how sure it is."""  # noqa: E501

    id: Id
    label: LocalText = Field(description="What the number counts, in each language.")
    value: float | int | None = Field(
        None, description="The number, as the source gives it (5000000, no separators)."
    )
    unit: NonEmpty | None = Field(
        None,
        description=(
            "people, server, EUR, EUR/month, EUR/client/month… (count units declared under units:)."
        ),
    )
    text: LocalText | None = Field(None, description="For a fact that is words, not a number.")
    formula: NonEmpty | None = Field(
        None,
        description=(
            "For derived facts: an expression over other facts' ids, e.g. clients * "
            "price_per_client."
        ),
    )
    kind: Literal["reported", "estimated", "derived"] = Field(
        description=(
            "reported: the source states it; estimated: the source calls it an estimate; "
            "derived: computed by formula."
        )
    )
    approx: Literal["about", "almost", "at_least", "more_than", "up_to"] | None = Field(
        None, description="The source's approximation ('quasi 18.000' is almost)."
    )
    source: Id | None = Field(None, description="Id of the source (required unless derived).")
    quote: NonEmpty | None = Field(None, description="The source's exact words for this fact.")
    digits: int | None = Field(
        None, ge=1, le=15, description="Significant digits to show (derived values)."
    )
    note: LocalText | None = None


class PlaceSpec(_Model):
    """A place in the story: a country (ISO code) or a region."""

    id: Id
    country: NonEmpty | None = Field(
        None, description="ISO 3166-1 alpha-2 code, quoted ('NO' is Norway)."
    )
    region: LocalText | None = Field(
        None, description="A region's name per language, instead of a country."
    )
    countries: list[NonEmpty] | None = Field(
        None, description="For a region: the ISO codes it covers, for maps."
    )
    group: Id = Field(
        description="What kind of place this is in the story; places of one group share a colour."
    )
    role: LocalText = Field(description="The place's role in the story.")
    source: Id | None = None
    quote: NonEmpty | None = None


class ChartSpec(_Model):
    """A chart; `kind` says which, and which other keys it takes."""

    id: Id
    kind: Literal["big_numbers", "ladder", "waffle", "flow", "map", "bars"]
    title: LocalText
    caption: LocalText | None = None
    facts: list[Id] | None = None
    places: list[Id] | None = None
    per_mark: float | int | None = Field(
        None, description="waffle: how many of the unit one square stands for."
    )
    highlight: Id | None = Field(
        None, description="waffle: a fact whose count of squares is highlighted."
    )


class SectionSpec(_Model):
    """A section of the narrative: Markdown with {fact} references, then its charts."""

    id: Id
    heading: LocalText | None = None
    body: LocalText = Field(
        description=(
            "Markdown. {fact_id} inserts a fact formatted for the language; {fact_id:full} all "
            "digits."
        )
    )
    charts: list[Id] = Field(default_factory=list)


class CorrectionSpec(_Model):
    """An editor's note for a correction, shown with the automatic old → new values."""

    fact: Id
    note: LocalText


class Content(_Model):
    """A story for explainer."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, title="explainer content")

    story: StoryMeta
    units: dict[Id, dict[str, UnitWords]] = Field(
        default_factory=dict,
        description=(
            "Count units: per locale [singular, plural], e.g. people: {en: [person, people]}, "
            "or one form per plural category where the language has more "
            "(pl: {one: osoba, few: osoby, many: osób, other: osoby})."
        ),
    )
    strings: dict[str, dict[str, NonEmpty | PluralForms]] = Field(
        default_factory=dict,
        description=(
            "The tool's own words, added or overridden per locale: message key -> locale -> "
            "text (`explainer strings` lists the keys), e.g. page.sources: {sw: Ukweli na vyanzo}."
        ),
    )
    sources: list[SourceSpec] = Field(min_length=1)
    facts: list[FactSpec] = Field(min_length=1)
    places: list[PlaceSpec] = Field(default_factory=list)
    charts: list[ChartSpec] = Field(default_factory=list)
    narrative: list[SectionSpec] = Field(min_length=1)
    corrections: list[CorrectionSpec] = Field(
        default_factory=list, description="Notes that explain a changed fact (optional)."
    )
    literal_numbers: list[NonEmpty] = Field(
        default_factory=list,
        description=(
            "Numbers typed in the texts that are meant literally, with the words around them "
            "if need be (24/7, 1 in 3, 12 months); any other typed number is a warning, and a "
            "copy of a fact's value an error (write {fact_id} instead)."
        ),
    )
