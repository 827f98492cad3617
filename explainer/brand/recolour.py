"""A built chart in the brand's colours and fonts, and the brand's dark counterparts.

Charts are built in the built-in theme (`charts/theme.py`); `recolour(fig, brand)`
then swaps, everywhere in the figure, each built-in palette colour for the brand's at
its position, with what the theme derives from it (its text colour, its tints, the
waffle's context colour, the flow's light box), and the built-in font stack for the
brand's (its headings font for the title). The figure is the image's cache key, so a
recoloured figure is a new image, and the same brand gives the same figure.

`Palette.dark(colour)` is the dark mode of a branded chart: the brand's colours to
their derived dark versions (`colours.py`), every other colour as the theme says.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go

from explainer.brand import colours
from explainer.brand.load import Brand
from explainer.charts import theme

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CSS_COLOUR = re.compile(r"(color:\s*)(#[0-9A-Fa-f]{6})")
#: How far the theme's waffle context colour and flow box tint are from the accent.
CONTEXT_TINT = 0.5
BOX_TINT = 0.9


def _untint(colour: str, base: str) -> float | None:
    """`amount` when `colour` is `theme.tint(base, amount)` (0 < amount < 1), else None."""
    gaps = [255 - int(base[i : i + 2], 16) for i in (1, 3, 5)]
    widest = max(range(3), key=lambda i: gaps[i])
    if not gaps[widest]:
        return None
    channel = int(colour[1 + 2 * widest : 3 + 2 * widest], 16)
    amount = round((channel - (255 - gaps[widest])) / gaps[widest], 2)
    return amount if 0 < amount < 1 and theme.tint(base, amount) == colour else None


@dataclass(frozen=True)
class Palette:
    """The built-in colours → the brand's, and the brand's → their dark versions."""

    #: brand colours by position (the built-in ones where the brand has fewer)
    colours: tuple[str, ...]
    light: dict[str, str]
    dark_map: dict[str, str]

    def to_brand(self, colour: str) -> str:
        c = colour.upper()
        if c in self.light:
            return self.light[c]
        for base, brand in zip(theme.PALETTE, self.colours, strict=True):
            if base != brand and (amount := _untint(c, base)) is not None:
                return theme.tint(brand, amount)
        return colour

    def dark(self, colour: str) -> str | None:
        """The dark counterpart of a colour of a branded chart, or None."""
        c = colour.upper()
        if c in self.dark_map:
            return self.dark_map[c]
        for brand in self.colours:
            if brand in self.dark_map and (amount := _untint(c, brand)) is not None:
                return theme.mix(
                    self.dark_map[brand],
                    theme.DARK_BACKGROUND,
                    amount,
                )
        return theme.dark(c)


@lru_cache(maxsize=8)
def palette_of(brand_palette: tuple[str, ...]) -> Palette:
    shown = tuple(brand_palette[: len(theme.PALETTE)]) + theme.PALETTE[len(brand_palette) :]
    light: dict[str, str] = {}
    dark: dict[str, str] = {}
    for base, brand in zip(theme.PALETTE, shown, strict=True):
        if base == brand:
            continue
        light[base] = brand
        light[theme.TEXT_COLOURS[base]] = colours.text_on_light(brand)
    accent = shown[0]
    context, box = theme.tint(accent, CONTEXT_TINT), theme.tint(accent, BOX_TINT)
    if accent != theme.PRIMARY:
        light[theme.CONTEXT] = context
        light[theme.TINT] = box
    for base, brand in zip(theme.PALETTE, shown, strict=True):
        if base != brand:  # text first: a colour that is its own text colour is a mark
            dark[colours.text_on_light(brand)] = colours.dark_text(brand)
            dark[brand] = colours.dark_mark(brand)
    dark[context] = theme.mix(colours.dark_mark(accent), theme.DARK_BACKGROUND, 0.6)
    dark[box] = theme.mix(colours.dark_mark(accent), theme.DARK_BACKGROUND, 0.8)
    return Palette(shown, light, {k.upper(): v for k, v in dark.items()})


def font_stack(family: str | None) -> str:
    """The brand family before the built-in stack (Inter and Noto Sans Arabic stay as the
    fallbacks for what the brand's font lacks)."""
    return f'"{family}", {theme.FONT}' if family else theme.FONT


def _walk(node: Any, palette: Palette) -> Any:
    if isinstance(node, dict):
        return {k: _walk(v, palette) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, palette) for v in node]
    if isinstance(node, str):
        if _HEX.match(node):
            return palette.to_brand(node)
        if "color:" in node:
            return _CSS_COLOUR.sub(lambda m: m.group(1) + palette.to_brand(m.group(2)), node)
    return node


def recolour(fig: go.Figure, brand: Brand | None) -> go.Figure:
    """`fig` in the brand's colours and fonts (a new figure; `fig` itself is untouched)."""
    if brand is None:
        return fig
    data = _walk(fig.to_plotly_json(), palette_of(brand.palette))
    layout = data.setdefault("layout", {})
    if brand.body_family:
        layout.setdefault("font", {})["family"] = font_stack(brand.body_family)
    if brand.headings_family:
        for note in layout.get("annotations", []):
            if note.get("name") == "title":
                note.setdefault("font", {})["family"] = font_stack(brand.headings_family)
    return go.Figure(data)


def with_logo(
    fig: go.Figure,
    brand: Brand | None,
    *,
    x: float,
    y: float,
    height: float,
    width: float,
    anchor: str = "right",
) -> go.Figure:
    """`fig` with the brand's logo in a `width` × `height` px box whose top `anchor`
    corner is at (x, y) px from the top left (a social card's axes are px)."""
    if brand is None or brand.logo is None:
        return fig
    uri = "data:image/svg+xml;base64," + base64.b64encode(brand.logo.data).decode()
    fig.add_layout_image(
        source=uri,
        xref="x",
        yref="y",
        x=x,
        y=y,
        sizex=width,
        sizey=height,
        xanchor=anchor,
        yanchor="top",
        sizing="contain",
        layer="above",
        name="logo",
    )
    return fig
