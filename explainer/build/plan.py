"""What a build makes, and the key of each image: the hash of exactly what it is made of.

An image's key hashes its Plotly figure (which holds every resolved value, label and
word it shows), its size, scale and format, the shipped font, and the versions of
plotly and kaleido (not the browser's: see identity.tool_identity), so a build whose
images are all cached needs no browser. A figure that did not change is not re-rendered; one
that did is, whatever the reason (a fact, its inputs, a translation, the theme).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from explainer.brand.load import Brand
from explainer.build.faults import fault
from explainer.build.identity import digest, export_hash, font_hash, tool_identity
from explainer.facts.story import Correction, Story
from explainer.site import layout


@dataclass(frozen=True)
class PlannedImage:
    rel: str
    figure: Any
    width: int
    height: int
    scale: float
    fmt: str  # "png" | "svg"
    svg_id: str
    key: str

    def cached(self, cache: Path) -> Path:
        return cache / f"{self.key}.{self.fmt}"


@dataclass
class Site:
    images: list[PlannedImage] = field(default_factory=list)
    #: output path -> key (images only; other files are keyed by their bytes)
    keys: dict[str, str] = field(default_factory=dict)
    brand: Brand | None = None
    #: Where the pages find `assets/` ("..": a site's shared folder), see `site/look.py`.
    assets_root: str | None = None

    def finish(
        self, story: Story, cache: Path, corrections: Sequence[Correction]
    ) -> dict[str, bytes]:
        """Every output file, from the cache's images and the pure renderers."""
        from explainer.charts.alt_text import alt_text
        from explainer.charts.csvdata import chart_csv
        from explainer.site.page import compact_svg, render_site

        files: dict[str, bytes] = {}
        for img in self.images:
            data = img.cached(cache).read_bytes()
            # coordinates to 0.1 px: the map's outlines shrink to a third, nothing shows
            files[img.rel] = compact_svg(data.decode()).encode() if img.fmt == "svg" else data
        rendered: dict[tuple[str, str], layout.RenderedChart] = {}
        sizes = {img.rel: (img.width, img.height) for img in self.images}
        for locale in story.locales:
            for chart in story.charts.values():
                paths = layout.chart_files(locale, chart.id)
                alt = alt_text(chart, story, locale)
                files[paths.csv] = chart_csv(chart, story, locale).encode()
                files[paths.alt] = (alt + "\n").encode()
                width, height = sizes[paths.svg]
                narrow_width, narrow_height = sizes[paths.svg_narrow]
                rendered[(locale, chart.id)] = layout.RenderedChart(
                    chart_id=chart.id,
                    locale=locale,
                    svg=files[paths.svg].decode(),
                    alt=alt,
                    files=paths,
                    width=width,
                    height=height,
                    svg_narrow=files[paths.svg_narrow].decode(),
                    narrow_width=narrow_width,
                    narrow_height=narrow_height,
                )
        cards = {loc: layout.social_card(loc) for loc in story.locales}
        files.update(
            render_site(
                story,
                rendered,
                corrections,
                social_cards=cards,
                brand=self.brand,
                assets_root=self.assets_root,
            )
        )
        return files


def plan_site(story: Story, brand: Brand | None = None, assets_root: str | None = None) -> Site:
    """Every image of the story with its key; with a `brand`, each figure recoloured
    (`brand.recolour`) and the brand's font files in the key (a changed file redraws)."""
    from explainer import charts
    from explainer.brand.recolour import recolour
    from explainer.charts.cards import CARD_SIZE, chart_card

    tool = tool_identity()
    base = {
        "plotly": tool["plotly"],
        "kaleido": tool["kaleido"],
        "font": font_hash(),
        "export": export_hash(),
    }
    if brand is not None:
        base["brand_fonts"] = brand.fonts_hash
    site = Site(brand=brand, assets_root=assets_root)

    # one figure gives several images (SVG, PNG, PNG 2x), one after the other: its JSON
    # is made once (the figure is held with it, so its id cannot be another's meanwhile)
    last: list[Any] = [None, None]

    def add(
        rel: str, fig: Any, width: int, height: int, scale: float, fmt: str, svg_id: str
    ) -> None:
        if last[0] is not fig:
            last[:] = [fig, fig if isinstance(fig, dict) else fig.to_plotly_json()]
        spec: Mapping[str, Any] = {
            "figure": last[1],
            "w": width,
            "h": height,
            "scale": scale,
            "fmt": fmt,
            "svg_id": svg_id,
            **base,
        }
        key = digest(spec)
        site.images.append(PlannedImage(rel, fig, width, height, scale, fmt, svg_id, key))
        site.keys[rel] = key

    # a brand's font sets the charts' text: measured in its widths, labels still fit
    from explainer.brand.fonts import advances
    from explainer.charts.typeset import measured_in

    with measured_in(advances(brand.body) if brand is not None else None):
        for locale in story.locales:
            for chart in story.charts.values():
                fig = recolour(charts.figure(chart, story, locale), brand)
                width, height = int(fig.layout.width), int(fig.layout.height)
                paths = layout.chart_files(locale, chart.id)
                svg_id = f"{locale}-{chart.id}".replace("_", "-")
                add(paths.svg, fig, width, height, 1, "svg", svg_id)
                add(paths.png, fig, width, height, 1, "png", svg_id)
                add(paths.png2x, fig, width, height, 2, "png", svg_id)
                card, cw, ch, card_scale = chart_card(last[1], width, height)  # its JSON, made
                # the phone's drawing: inlined in the page below 600 px, and as images
                narrow = recolour(charts.figure(chart, story, locale, width=charts.NARROW), brand)
                nw, nh = int(narrow.layout.width), int(narrow.layout.height)
                add(paths.svg_narrow, narrow, nw, nh, 1, "svg", f"{svg_id}-narrow")
                add(paths.png_narrow, narrow, nw, nh, 1, "png", f"{svg_id}-narrow")
                add(paths.png2x_narrow, narrow, nw, nh, 2, "png", f"{svg_id}-narrow")
                # the chart's own card, for its embed page's Open Graph image
                add(paths.card, card, cw, ch, card_scale, "png", f"{svg_id}-card")
            w, h = CARD_SIZE
            add(
                layout.social_card(locale),
                _card(story, locale, brand),
                w,
                h,
                1,
                "png",
                f"{locale}-card",
            )
    return site


def _card(story: Story, locale: str, brand: Brand | None) -> Any:
    """The story's social card, in the brand's colours with its logo after the source line."""
    from explainer.brand.recolour import recolour, with_logo
    from explainer.charts.cards import CARD_SIZE, LOGO_HEIGHT, LOGO_MAX_WIDTH, PAD, social_card
    from explainer.facts.i18n import direction

    logo = brand.logo if brand else None
    width = min(LOGO_MAX_WIDTH, LOGO_HEIGHT * logo.aspect) if logo else 0
    card = recolour(social_card(story, locale, logo_width=width), brand)
    if logo:
        w, h = CARD_SIZE
        rtl = direction(locale) == "rtl"
        with_logo(
            card,
            brand,
            x=PAD if rtl else w - PAD,
            y=h - PAD + 12 - LOGO_HEIGHT,
            height=LOGO_HEIGHT,
            width=width,
            anchor="left" if rtl else "right",
        )
    return card


def render_images(
    images: Sequence[PlannedImage],
    cache: Path,
    *,
    use_cache: bool = True,
    progress: bool = False,
    font_files: Sequence[Path] = (),
) -> int:
    """Export the images missing from the cache in one browser session; returns how many.
    `font_files` (a brand's) are added to the fonts Chromium finds."""
    seen: set[Path] = set()
    stale = []
    for img in images:
        target = img.cached(cache)
        if target in seen:
            continue
        seen.add(target)
        if not use_cache or not target.is_file():
            stale.append(img)
    if not stale:
        return 0
    from explainer.images.export import ImageJob, export_images

    fault("before-export")
    # a folder of this process's own: builds sharing a cache (a site's workers, parallel
    # tests) never write, move or remove each other's unfinished files
    tmp = cache / f"tmp-{os.getpid()}"
    tmp.mkdir(parents=True, exist_ok=True)
    jobs = [
        ImageJob(
            figure=img.figure,
            path=tmp / img.cached(cache).name,
            width=img.width,
            height=img.height,
            scale=img.scale,
            name=img.rel,
            svg_id=img.svg_id,
        )
        for img in stale
    ]
    try:
        export_images(jobs, progress=progress, font_files=font_files)
        for job in jobs:
            job.path.replace(cache / job.path.name)  # only whole, checked files enter the cache
    finally:
        for job in jobs:
            job.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            tmp.rmdir()
    return len(stale)
