"""The brand's colours checked and completed: contrast, text and dark-mode versions,
colour-blind safety.

Each palette colour takes the place of the built-in one at its position
(`theme.PALETTE`); what the theme derives by hand for its own colours is derived here
by rule, with the theme's promises (`charts/theme.py`):

* marks: the accent at least 3:1 on the light background (`theme.BACKGROUND`), an
  error below (the hint gives the nearest darker colour that passes); the other
  colours likewise, as a warning (the theme's own orange and sky blue are below too);
* text in a colour: the colour darkened until 4.5:1 on the light background;
* dark mode: the colour lightened until 4.5:1 on `theme.DARK_BACKGROUND` (marks: a
  value is written on them), and until 7:1 (text, as bright as the theme's own);
* colour blindness: every pair of palette colours is simulated for deuteranopia,
  protanopia and tritanopia (Brettel 1997, by ColorAide) and compared by CIEDE2000;
  a pair closer than `CONFUSABLE` under one of them is a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from coloraide import Color

from explainer.charts import theme

#: Contrast for marks and for text (WCAG 2.x: non-text 3:1, text 4.5:1).
MARKS = 3.0
TEXT = 4.5
#: Text in a colour on the dark background: as bright as the dark theme's own.
DARK_TEXT = 7.0
#: CIEDE2000 distance under which two colours are hard to tell apart.
CONFUSABLE = 7.0
DEFICIENCIES = {"deutan": "deuteranopia", "protan": "protanopia", "tritan": "tritanopia"}


def _step_until(colour: str, towards: str, background: str, ratio: float) -> str:
    """`colour` mixed towards `towards` in 1 % steps until it has `ratio` on `background`."""
    for step in range(101):
        mixed = theme.mix(colour, towards, step / 100)
        if theme.contrast(mixed, background) >= ratio:
            return mixed
    return towards


def darkened(colour: str, ratio: float = MARKS) -> str:
    """The nearest darker colour with `ratio` on the light background."""
    return _step_until(colour.upper(), "#000000", theme.BACKGROUND, ratio)


def text_on_light(colour: str) -> str:
    """Text in this colour: darkened until 4.5:1 on the light background."""
    return darkened(colour, TEXT)


def dark_mark(colour: str) -> str:
    """The dark theme's version for marks: lightened until 4.5:1 on the dark background
    (a bar's value is written on it in the background's colour)."""
    return _step_until(colour.upper(), "#FFFFFF", theme.DARK_BACKGROUND, TEXT)


def dark_text(colour: str) -> str:
    """The dark theme's version for text: lightened until 7:1 on the dark background."""
    return _step_until(colour.upper(), "#FFFFFF", theme.DARK_BACKGROUND, DARK_TEXT)


@dataclass(frozen=True)
class ColourFinding:
    """A palette problem: `index` is the colour's position (or the pair's first)."""

    index: int
    message: str
    hint: str
    warning: bool


def contrast_findings(palette: Sequence[str]) -> list[ColourFinding]:
    """Palette colours without 3:1 on the light background (the accent: an error)."""
    out = []
    for i, colour in enumerate(palette):
        ratio = theme.contrast(colour, theme.BACKGROUND)
        if ratio >= MARKS:
            continue
        better = darkened(colour)
        what = "the accent" if i == 0 else "the colour"
        out.append(
            ColourFinding(
                i,
                f"{what} {colour} has {ratio:.1f}:1 contrast on the light background "
                f"({theme.BACKGROUND}); marks need {MARKS:g}:1",
                f"darken it, e.g. {better} ({theme.contrast(better):.1f}:1)",
                warning=i != 0,
            )
        )
    return out


def simulated(colour: str, deficiency: str) -> Color:
    return Color(colour).filter(deficiency, method="brettel").convert("srgb").fit()


def confusable_findings(palette: Sequence[str]) -> list[ColourFinding]:
    """Pairs of palette colours that a colour-blind reader can hardly tell apart."""
    out = []
    for (i, a), (j, b) in combinations(enumerate(palette), 2):
        if Color(a).delta_e(Color(b), method="2000") < CONFUSABLE:
            out.append(
                ColourFinding(
                    j,
                    f"{b} is hard to tell from {palette[i]} (colour {i + 1}) for anyone",
                    "choose colours further apart in lightness or hue",
                    warning=True,
                )
            )
            continue
        for deficiency, name in DEFICIENCIES.items():
            distance = simulated(a, deficiency).delta_e(simulated(b, deficiency), method="2000")
            if distance < CONFUSABLE:
                out.append(
                    ColourFinding(
                        j,
                        f"{b} and {palette[i]} (colour {i + 1}) look alike with {name} "
                        f"(ΔE2000 {distance:.1f}, under {CONFUSABLE:g})",
                        "make one lighter or darker than the other, or take colours "
                        "from a colour-blind-safe set (Okabe–Ito, the built-in palette)",
                        warning=True,
                    )
                )
                break
    return out
