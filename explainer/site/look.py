"""How the pages look and where they find their assets: the brand (or the built-in
look) and the assets' folder (the story's own `assets/`, or a site's shared one).

    with using(Look(brand, assets_root="..")):
        files = render_site(...)        # pages link ../../assets/explainer.css

`render_site` sets it for the pages it renders (as `previous_version` is set), so the
helpers deep inside (the dark-mode colour classes of inline SVGs, the embed code)
read it without every function passing it on. `asset_files(look)` is every file of
the assets folder: the shipped ones, and the brand's fonts, logo and stylesheet rules;
they depend on the brand alone, so every story of a site shares them.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urljoin

from explainer.brand.css import brand_css
from explainer.brand.fonts import subset_woff2
from explainer.brand.load import Brand
from explainer.brand.recolour import palette_of
from explainer.charts import theme
from explainer.facts.story import Story
from explainer.site import layout
from explainer.site.links import absolute, rel

#: Files copied from `explainer/site/assets/` (the stylesheet, to which the brand's rules
#: and, for a story's own assets, the charts' dark-mode rules are added; the embed
#: scripts, the charts' tooltips, and the shipped font with its licence).
FRAME_JS = f"{layout.ASSETS}/frame.js"
STATIC = (
    layout.CSS,
    layout.EMBED_JS,
    FRAME_JS,
    layout.CHARTS_JS,
    layout.FONT,
    layout.FONT_LICENSE,
)


@dataclass(frozen=True)
class Look:
    brand: Brand | None = None
    #: Where `assets/` is, relative to the story's folder ("..": a site's shared one);
    #: None: the story's own `assets/`.
    assets_root: str | None = None

    def asset(self, path: str) -> str:
        """The output-relative path of an asset (`assets/x.css` or `../assets/x.css`)."""
        return posixpath.join(self.assets_root, path) if self.assets_root else path

    def link(self, from_file: str, path: str) -> str:
        """A relative link from an output file to an asset."""
        return rel(from_file, self.asset(path))

    def absolute(self, story: Story, path: str) -> str | None:
        """An asset's address under the story's base_url (None without one)."""
        if not self.assets_root or not story.base_url:
            return absolute(story, path)
        return urljoin(story.base_url.rstrip("/") + "/", self.asset(path))

    @property
    def dark(self) -> Callable[[str], str | None]:
        """The dark counterpart of a chart colour (the brand's, or the theme's)."""
        return palette_of(self.brand.palette).dark if self.brand else theme.dark

    @property
    def logo(self) -> str | None:
        return logo_path(self.brand, dark=False)

    @property
    def logo_dark(self) -> str | None:
        return logo_path(self.brand, dark=True)


_look: ContextVar[Look] = ContextVar("look", default=Look())  # noqa: B039 - frozen


@contextmanager
def using(look: Look) -> Iterator[None]:
    token = _look.set(look)
    try:
        yield
    finally:
        _look.reset(token)


def current() -> Look:
    return _look.get()


def logo_path(brand: Brand | None, *, dark: bool) -> str | None:
    """The logo's file under assets/ (named by its content), or None."""
    if brand is None:
        return None
    logo = brand.logo_dark if dark else brand.logo
    if logo is None:
        return None
    return f"{layout.ASSETS}/brand-logo-{hashlib.sha256(logo.data).hexdigest()[:12]}.svg"


def static_file(path: str) -> bytes:
    """A file shipped in `explainer/site/assets/` (`assets/explainer.css` → its bytes)."""
    name = posixpath.relpath(path, layout.ASSETS)
    return resources.files("explainer.site").joinpath("assets", name).read_bytes()


def asset_files(brand: Brand | None) -> dict[str, bytes]:
    """Every file of the assets folder, as {`assets/…`: bytes}: the same for every story
    built with this brand (the charts' dark-mode rules are not in it)."""
    files = {path: static_file(path) for path in STATIC}
    if brand is None:
        return files
    files[layout.CSS] += brand_css(brand).encode()
    for font in brand.fonts:
        files[f"{layout.ASSETS}/{font.asset_name}"] = subset_woff2(font)
    for dark in (False, True):
        path = logo_path(brand, dark=dark)
        logo = brand.logo_dark if dark else brand.logo
        if path and logo:
            files[path] = logo.data
    return files
