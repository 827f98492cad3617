"""How every chart and card looks: colours, type sizes, spacing. Looks only: no words.

Colours are the Okabe–Ito set (distinguishable with the common colour-vision
deficiencies), ordered so the first ones have at least 3:1 contrast on white for marks;
text colours have at least 4.5:1 (tests check both).

Layout is done in CSS pixels. Every chart is drawn at two widths: the article's 720 px,
and a phone's `NARROW` 360 px. A 720 px drawing squeezed onto a phone shrinks its text
to 7 px, so the narrow drawing is laid out anew for its width, with its own type sizes
(`Sizes`: never below 13 px, for a drawing shown at about 1:1) and fewer columns.
The words a chart shows are in `words.py`, the frame around it in `frame.py`, text
widths and line breaks in `typeset.py`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from explainer.charts.typeset import esc

# --------------------------------------------------------------------------- colours

#: Okabe–Ito, reordered: blue, vermillion, bluish green, reddish purple, orange, sky blue.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY = "#56B4E9"
#: Series colours in order of use; the first four have ≥ 3:1 contrast on white.
PALETTE: tuple[str, ...] = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)
#: Darker versions for text in a series colour (≥ 4.5:1 on white).
TEXT_COLOURS: dict[str, str] = {
    BLUE: "#005A8C",
    VERMILLION: "#B34F00",
    GREEN: "#00785A",
    PURPLE: "#A8457E",
    ORANGE: "#8A5F00",
    SKY: "#1F6E9C",
}

PRIMARY = BLUE
HIGHLIGHT = VERMILLION
#: Marks that are context, not the point (the waffle's other squares).
CONTEXT = "#8FB3D1"

BACKGROUND = "#FFFFFF"
INK = "#1B1B1B"  # main text, 17:1
INK_SOFT = "#4D4D4D"  # captions, labels, 8.4:1
INK_FAINT = "#5F5F5F"  # footer, axis ticks, 6.4:1
RULE = "#D0D0D0"  # separators
GRID = "#E3E3E3"
TINT = "#EAF2F8"  # light fill behind a value (flow boxes)
LAND = "#E6E6E6"  # countries not in the story
BORDER = "#FFFFFF"

# --------------------------------------------------------------------------- type

#: The shipped font (Inter, from fontpkg-inter); images/fonts.py makes Chromium find it.
FONT = "Inter, Noto Sans Arabic, sans-serif"
#: Font sizes in CSS px. The page may show a chart at half size on a phone, so nothing
#: that must be read is below 14 px, and labels are 17.
TITLE = 26
CAPTION = 18
LABEL = 17
VALUE = 20
SMALL = 15
FOOTER = 14
BIG = 46

# --------------------------------------------------------------------------- spacing

WIDTH = 720
#: The phone drawing's width: the page shows it, about 1:1, below 600 CSS px.
NARROW = 360
PAD = 24  # left/right padding of the header and footer
PAD_TOP = 20
PAD_BOTTOM = 14
GAP = 8  # between title and caption
HEADER_GAP = 20  # between header and body
FOOTER_GAP = 18  # between body and footer


@dataclass(frozen=True)
class Sizes:
    """Type sizes and side padding for one drawing width (px)."""

    width: int
    narrow: bool
    title: float
    caption: float
    label: float
    value: float
    small: float
    footer: float
    big: float
    pad: int


#: The article's drawing, which a page may show at ~0.8x: nothing below 14 px.
WIDE_SIZES = Sizes(WIDTH, False, TITLE, CAPTION, LABEL, VALUE, SMALL, FOOTER, BIG, PAD)
#: The phone's drawing, shown at ~1x: nothing below 13 px.
NARROW_SIZES = Sizes(
    NARROW, True, title=21, caption=15, label=15, value=17, small=13, footer=13, big=34, pad=16
)
#: Drawings narrower than this get the phone's type sizes.
NARROW_BELOW = 560


def sizes(width: int | None = None) -> Sizes:
    """The type sizes and padding for a drawing `width` px wide (default: WIDTH)."""
    w = WIDTH if width is None else int(width)
    base = NARROW_SIZES if w < NARROW_BELOW else WIDE_SIZES
    return base if w == base.width else dataclasses.replace(base, width=w)


def mark_html(text: str, size: float = SMALL, colour: str = INK_FAINT) -> str:
    """A mark set small, after a value: '<span …>&nbsp;stima</span>'."""
    if not text:
        return ""
    style = f"font-size:{size:g}px;color:{colour};font-weight:normal"
    # the space inside the span, so it is small too (a 46 px space is a gap)
    return f'<span style="{style}">\u00a0{esc(text)}</span>'


def text_colour(colour: str) -> str:
    """The text colour to use for labels in a series colour."""
    return TEXT_COLOURS.get(colour, INK)


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white: amount 0 is the colour, 1 is white."""
    c = colour.lstrip("#")
    rgb = [int(c[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(v + (255 - v) * amount) for v in rgb]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def contrast(a: str, b: str = BACKGROUND) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def lum(h: str) -> float:
        h = h.lstrip("#")
        parts = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --------------------------------------------------------------------------- dark theme

#: The charts for a reader whose system is in dark mode. The images stay light; the page
#: swaps each light colour of its inline SVGs for its dark one here (site/dark.py writes
#: the rules). Same promises as the light theme: marks (the palette's first four) at
#: least 3:1 on DARK_BACKGROUND, text at least 4.5:1, and text on a mark or a box
#: (a bar's value, a flow stage's) at least 4.5:1 on it (tests check them all).
DARK_BACKGROUND = "#1B1E22"
DARK_INK = "#ECEDEE"
#: Light colour (as above, upper case) -> its dark counterpart.
DARK: dict[str, str] = {
    BACKGROUND: DARK_BACKGROUND,  # also BORDER, gaps and a bar's value inside it
    "#000000": DARK_INK,  # Plotly's default; mostly invisible (opacity 0)
    INK: DARK_INK,
    INK_SOFT: "#C5C8CD",
    INK_FAINT: "#A6ABB2",
    RULE: "#4B5058",
    GRID: "#363A41",
    TINT: "#1E3A52",
    LAND: "#363A40",
    CONTEXT: "#3F5B74",
    BLUE: "#4AA3E0",
    VERMILLION: "#F07F3C",
    GREEN: "#2FC496",
    PURPLE: "#E08BBF",
    ORANGE: "#F0B43C",
    SKY: "#8FD0F5",
    TEXT_COLOURS[BLUE]: "#8CC6F0",
    TEXT_COLOURS[VERMILLION]: "#FF9E66",
    TEXT_COLOURS[GREEN]: "#5AD6AE",
    TEXT_COLOURS[PURPLE]: "#EDA6CF",
    TEXT_COLOURS[ORANGE]: "#F5C660",
    TEXT_COLOURS[SKY]: "#A5D9F7",
}


def mix(a: str, b: str, amount: float) -> str:
    """`a` mixed with `b`: amount 0 is `a`, 1 is `b` (both '#RRGGBB')."""
    ca, cb = a.lstrip("#"), b.lstrip("#")
    return "#" + "".join(
        f"{round(int(ca[i : i + 2], 16) * (1 - amount) + int(cb[i : i + 2], 16) * amount):02X}"
        for i in (0, 2, 4)
    )


def dark(colour: str) -> str | None:
    """The dark theme's colour for a light one ('#RRGGBB'), or None if it has none.

    A tint of a palette colour (a map's region) becomes the same tint of the palette
    colour's dark counterpart, mixed towards the dark background instead of white."""
    c = colour.upper()
    if c in DARK:
        return DARK[c]
    for base in PALETTE:
        gaps = [255 - int(base[i : i + 2], 16) for i in (1, 3, 5)]
        widest = max(range(3), key=lambda i: gaps[i])
        if not gaps[widest]:
            continue
        channel = int(c[1 + 2 * widest : 3 + 2 * widest], 16)
        amount = round((channel - (255 - gaps[widest])) / gaps[widest], 2)
        if 0 < amount < 1 and tint(base, amount) == c:
            return mix(DARK[base], DARK_BACKGROUND, amount)
    return None
