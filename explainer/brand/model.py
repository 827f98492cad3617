"""The shape of a brand file: typed, documented, and the source of its JSON Schema
(`explainer schema --brand`).

    # yaml-language-server: $schema=brand.schema.json
    name: The Daily Example
    logo: logo.svg
    palette: ["#7A2E8C", "#D55E00", "#1A7F5A"]
    fonts:
      headings: fonts/Serif-Bold.ttf
      body: [fonts/Serif-Regular.ttf, fonts/Serif-Bold.ttf]
    credits: {en: "Graphics: the data desk", it: "Grafica: il desk dati"}

Checks that need more than the shape (files that exist, colours' contrast and
colour-blind safety, what a logo holds) are in `load.py`, `colours.py`, `logo.py`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

HEX_PATTERN = r"^#[0-9A-Fa-f]{6}$"
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Hex = Annotated[
    str,
    StringConstraints(pattern=HEX_PATTERN),
    Field(description="A colour as #RRGGBB (six hex digits), e.g. #7A2E8C."),
]
FilePath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(description="A local file, relative to the brand file's folder."),
]
FontFiles = Annotated[
    FilePath | list[FilePath],
    Field(
        description=(
            "A font file (.ttf, .otf, .woff or .woff2), or a list of them (one per weight "
            "or style: regular, bold, italic); weight and style are read from each file."
        )
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class FontsSpec(_Model):
    """The newsroom's typefaces: local files, never a font service."""

    headings: FontFiles | None = Field(
        None,
        description=("Headings on the page and chart titles (default: the body font, else Inter)."),
    )
    body: FontFiles | None = Field(
        None,
        description="The page's text and every other word of the charts (default: Inter).",
    )


class BrandSpec(_Model):
    """A newsroom's look, used by `explainer build --brand` and `explainer site --brand`."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=100)] = Field(
        description=(
            "The newsroom's name: after the byline in every chart's source line and on the "
            "social cards, in the page's header and its metadata (og:site_name, publisher)."
        )
    )
    logo: FilePath | None = Field(
        None,
        description=(
            "A local SVG: the page's header and the social cards. No scripts, event "
            "attributes or external references (checked)."
        ),
    )
    logo_dark: FilePath | None = Field(
        None,
        description="The logo for readers in dark mode (default: `logo` on a light plate).",
    )
    palette: list[Hex] = Field(
        min_length=1,
        max_length=6,
        description=(
            "Series colours in order of use; the first is the accent (links, the "
            "headline number, the main series). Each takes the place of a built-in "
            "colour; dark-mode and text versions are derived. The accent must have 3:1 "
            "contrast on white; pairs that colour-blind readers confuse are warned about."
        ),
    )
    fonts: FontsSpec | None = None
    credits: dict[NonEmpty, NonEmpty] | None = Field(
        None,
        description=(
            "A line per locale shown with the story's credits at the foot of the page "
            "(e.g. {en: 'Graphics: the data desk'}); a locale without one uses its "
            "language's (pt for pt_BR), else none."
        ),
    )
