"""The page's stylesheet for a brand: its fonts (`@font-face`, subset WOFF2 files beside
the stylesheet in assets/), its type and its colours as the stylesheet's variables.

It is added to `assets/explainer.css` (one request, as without a brand), after the
built-in rules it overrides by variables only: `--heading`, `--body` (the brand's
families before the built-in stack, so what the brand's font lacks falls to Inter),
`--link` and `--focus` (the accent as text: 4.5:1 on the page, in light and dark),
`--accent` (the band above the header).
"""

from __future__ import annotations

from explainer.brand import colours
from explainer.brand.fonts import UNICODE_RANGE, BrandFont
from explainer.brand.load import Brand


def _font_face(font: BrandFont) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{_css_string(font.family)}";\n'
        f'  src: url("{font.asset_name}") format("woff2");\n'
        f"  font-weight: {font.weight};\n"
        f"  font-style: {font.style};\n"
        "  font-display: swap;\n"
        f"  unicode-range: {UNICODE_RANGE};\n"
        "}\n"
    )


def _css_string(text: str) -> str:
    """A family name inside double quotes (font names come from the font file)."""
    return "".join(c for c in text if c.isprintable() and c not in '"\\<>{};')


def brand_css(brand: Brand) -> str:
    """The rules the brand adds to the page's stylesheet (deterministic)."""
    faces = "".join(_font_face(f) for f in brand.fonts)
    accent = brand.palette[0]
    light: list[str] = [
        f"  --accent: {accent.lower()};",
        f"  --link: {colours.text_on_light(accent).lower()};",
        f"  --focus: {colours.text_on_light(accent).lower()};",
    ]
    dark: list[str] = [
        f"    --accent: {colours.dark_mark(accent).lower()};",
        f"    --link: {colours.dark_text(accent).lower()};",
        f"    --focus: {colours.dark_text(accent).lower()};",
    ]
    if brand.headings_family:
        light.append(f'  --heading: "{_css_string(brand.headings_family)}", var(--sans);')
    if brand.body_family:
        light.append(f'  --body: "{_css_string(brand.body_family)}", var(--sans);')
    logo_plate = (
        ""
        if brand.logo_dark is not None
        else "  .site-brand img {\n    background: #ffffff;\n    padding: 0.25rem 0.4rem;\n"
        "    border-radius: 4px;\n  }\n"
    )
    return (
        "\n/* ------------------------------------------------------------------ brand\n"
        "   Written by explainer/brand/css.py from the brand file: its fonts and colours. */\n\n"
        + faces
        + (":root {\n" + "\n".join(light) + "\n}\n\n")
        + "body {\n  border-top: 4px solid var(--accent);\n}\n\n"
        + "@media (prefers-color-scheme: dark) {\n  :root {\n"
        + "\n".join(dark)
        + "\n  }\n"
        + logo_plate
        + "}\n"
    )
