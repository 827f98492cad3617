"""Inline charts in the reader's dark mode, without a second copy of each chart.

The exported SVGs are drawn in the light theme (so are the PNGs, which stay light). When
`svg_inline` cleans an SVG it gives each element whose fill or stroke is a theme colour
a class naming that colour: `cf-1b1b1b` (fill) and `cs-1b1b1b` (stroke). The colour stays
in its presentation attribute, so a page without the stylesheet, a print and a light
screen look as before. `stylesheet()` writes, for the classes the pages use, rules that
apply only on a screen in dark mode; CSS beats presentation attributes, so the dark
theme's colour (`charts.theme.dark`) takes the light one's place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from explainer.charts import theme
from explainer.site.look import current

_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)\Z")
#: The class prefixes: a fill's, a stroke's.
PAINTS = {"fill": "cf", "stroke": "cs"}
_CLASS = re.compile(r"\bc([fs])-([0-9a-f]{6})\b")


def hex_colour(value: str) -> str | None:
    """'#0072B2' for 'rgb(0, 114, 178)', '#0072b2' or '#07b'; None for anything else
    ('none', a url(), a transparent rgba)."""
    v = value.strip()
    m = _HEX.match(v)
    if m:
        h = m.group(1)
        return "#" + (h if len(h) == 6 else "".join(c * 2 for c in h)).upper()
    m = _RGB.match(v)
    if m:
        if m.group(4) is not None and float(m.group(4)) == 0:
            return None
        rgb = [min(255, int(m.group(i))) for i in (1, 2, 3)]
        return "#" + "".join(f"{c:02X}" for c in rgb)
    return None


def paint_classes(attrs: dict[str, str]) -> list[str]:
    """The classes for an element's fill and stroke (presentation attributes), for the
    colours the dark theme knows (the brand's too, when the pages wear one: `look.py`)."""
    dark = current().dark
    out = []
    for prop, prefix in PAINTS.items():
        colour = hex_colour(attrs.get(prop, ""))
        if colour and dark(colour):
            out.append(f"{prefix}-{colour[1:].lower()}")
    return out


def stylesheet(pages: Iterable[bytes], dark_of: Callable[[str], str | None] = theme.dark) -> str:
    """The dark-mode rules for every colour class the pages use (sorted: deterministic);
    `dark_of` gives a colour's dark counterpart (a brand's: `Palette.dark`)."""
    used: set[tuple[str, str]] = set()
    for page in pages:
        used.update(_CLASS.findall(page.decode("utf-8", "replace")))
    bg = theme.DARK_BACKGROUND.lower()
    rules = []
    for kind, hexa in sorted(used):
        dark = dark_of("#" + hexa)
        if dark:
            prop = "fill" if kind == "f" else "stroke"
            rules.append(f"  .chart-svg .c{kind}-{hexa} {{\n    {prop}: {dark.lower()};\n  }}\n")
    return (
        "\n/* ------------------------------------------------------------------ charts, dark\n"
        "   Written by explainer/site/dark.py from charts/theme.py's dark theme: each light\n"
        "   colour of an inline chart gives way to its dark counterpart. */\n\n"
        "@media screen and (prefers-color-scheme: dark) {\n"
        f"  :root {{\n    --card: {bg};\n  }}\n\n"
        # a map's names sit on countries of any colour: a halo of the background, as
        # the images' white shadow (which the inline SVG does not keep) does in light
        "  .chart-svg .scattergeo text {\n    paint-order: stroke;\n"
        f"    stroke: {bg};\n    stroke-width: 3px;\n    stroke-linejoin: round;\n  }}\n\n"
        + "\n".join(rules)
        + "}\n"
    )
