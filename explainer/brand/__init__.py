"""A newsroom's look: the brand file → a checked `Brand` (name, logo, palette, fonts,
credits), and what it gives the later stages.

    brand = load_brand(path)            # or ContentError: every problem, file:line:column
    recolour(figure, brand)             # a built chart in the brand's colours and fonts
    brand_css(brand), brand_assets(brand)   # the page's variables, @font-face, files

Charts are built in the built-in theme (`charts/theme.py`); the brand is applied to
each figure afterwards (`recolour`), and to the pages by a stylesheet of its own.
"""

from explainer.brand.load import Brand, load_brand, load_brand_warned

__all__ = ["Brand", "load_brand", "load_brand_warned"]
