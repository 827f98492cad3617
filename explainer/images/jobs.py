"""The export's jobs: `ImageJob` in, `ExportError` out, and what is done to each job.

`prepare_jobs` checks every job before a browser is started (file type, size, one path
per job, the figure, the map outlines it needs) and turns it into a `Prepared` figure
dict, with stable trace uids for an SVG; `finish_image` checks what the browser made,
makes an SVG deterministic, and writes the file.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explainer.errors import ExplainerError
from explainer.images.checks import check_png, check_svg
from explainer.images.svg_ids import make_svg_deterministic, set_trace_uids, stable_id

__all__ = ["ExportError", "ImageJob", "Prepared", "drawing_key", "finish_image", "prepare_jobs"]


@dataclass(frozen=True)
class ImageJob:
    """One image to write: a figure, where, and at which size."""

    figure: Any  # plotly.graph_objects.Figure or a dict from fig.to_dict()
    path: Path  # .png or .svg
    width: int  # CSS px
    height: int
    scale: float = 1  # 2 for an @2x PNG
    name: str = ""  # human name for errors and progress, e.g. "it/scale.png"
    svg_id: str = ""  # SVG only: stable id prefix replacing plotly's random id

    @property
    def label(self) -> str:
        return self.name or str(self.path)


class ExportError(ExplainerError):
    """Some images could not be made; the message names each one and why (CLI exit 1)."""

    def __init__(self, message: str, failures: Sequence[tuple[str, str]] = ()):
        super().__init__(message)
        #: (image name, reason) for each failed image.
        self.failures: list[tuple[str, str]] = list(failures)

    @classmethod
    def from_failures(cls, failures: Sequence[tuple[str, str]], total: int) -> ExportError:
        lines = [f"{len(failures)} of {total} image(s) failed:"]
        lines += [f"  {name}: {reason}" for name, reason in failures]
        return cls("\n".join(lines), failures)


@dataclass
class Prepared:
    """A job checked and ready for the browser: format, figure dict, size in pixels."""

    job: ImageJob
    fmt: str
    fig: dict
    px: tuple[int, int]
    svg_prefix: str = ""

    @property
    def css(self) -> tuple[int, int]:
        """The size in CSS px (the drawing's; `px` is the PNG's, at its scale)."""
        return (self.job.width, self.job.height)


def _figure_dict(figure: Any) -> dict:
    if hasattr(figure, "to_dict"):
        return figure.to_dict()
    if isinstance(figure, dict):
        return copy.deepcopy(figure)
    raise TypeError(f"figure is a {type(figure).__name__}, not a plotly Figure or dict")


_GEO_TRACES = {"scattergeo", "choropleth"}


def _missing_topojson(fig: dict, topojson_dir: Path) -> list[str]:
    """Map outline files this figure's geo subplots will ask for and that are missing."""
    layout = fig.get("layout") or {}
    template_layout = ((layout.get("template") or {}).get("layout")) or {}
    geo_ids = {k for k in layout if re.fullmatch(r"geo\d*", k)}
    for trace in fig.get("data") or ():
        if isinstance(trace, dict) and trace.get("type") in _GEO_TRACES:
            geo_ids.add(trace.get("geo") or "geo")
    missing = []
    for gid in sorted(geo_ids):
        try:
            geo = {**(template_layout.get("geo") or {}), **(layout.get(gid) or {})}
            scope = str(geo.get("scope") or "world").replace(" ", "-")
            name = f"{scope}_{int(geo.get('resolution') or 110)}m.json"
        except (TypeError, ValueError, AttributeError):
            continue  # malformed; plotly.js will say what is wrong with it
        if not (topojson_dir / name).is_file():
            missing.append(name)
    return missing


def _expected_px(css: int, scale: float) -> int:
    return round(css * scale)


def _default_svg_id(job: ImageJob) -> str:
    return stable_id(job.svg_id or job.name or job.path.name)


def prepare_jobs(jobs: Sequence[ImageJob], topojson_dir: Path) -> tuple[list[Prepared], list]:
    """The jobs ready for the browser, and (name, reason) for each job refused."""
    prepared: list[Prepared] = []
    failures: list[tuple[str, str]] = []
    seen: dict[Path, str] = {}
    for job in jobs:
        fmt = Path(job.path).suffix.lower().lstrip(".")
        problems = []
        if fmt not in ("png", "svg"):
            problems.append(f"unsupported file type {Path(job.path).suffix!r} (use .png or .svg)")
        if not (job.width > 0 and job.height > 0 and job.scale > 0):
            problems.append(
                f"size must be positive (width={job.width}, height={job.height}, scale={job.scale})"
            )
        if fmt == "svg" and job.scale != 1:
            problems.append("scale applies to PNG only; an SVG has scale 1")
        key = Path(os.path.abspath(job.path))
        if key in seen:
            problems.append(f"same path as {seen[key]}")
        seen.setdefault(key, job.label)
        fig: dict = {}
        try:
            fig = _figure_dict(job.figure)
        except TypeError as e:
            problems.append(str(e))
        if fig:
            missing = _missing_topojson(fig, topojson_dir)
            if missing:
                problems.append(
                    f"map outline {', '.join(missing)} is not in {topojson_dir}; use "
                    "geo scope 'world' (resolution 110) with geo.fitbounds or "
                    "lonaxis/lataxis ranges to show a region"
                )
        if problems:
            failures.append((job.label, "; ".join(problems)))
            continue
        prefix = _default_svg_id(job) if fmt == "svg" else ""
        if prefix:
            set_trace_uids(fig, prefix)
        px = (_expected_px(job.width, job.scale), _expected_px(job.height, job.scale))
        prepared.append(Prepared(job, fmt, fig, px, prefix))
    return prepared, failures


def finish_image(item: Prepared, data: bytes) -> None:
    """Check, post-process and write one image; raise ValueError/OSError on failure."""
    if not data:
        raise ValueError("the browser returned an empty image")
    if item.fmt == "png":
        check_png(data, *item.px)
    else:
        text = make_svg_deterministic(data.decode("utf-8"), item.svg_prefix)
        data = text.encode("utf-8")
        check_svg(data)
    path = Path(item.job.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if path.stat().st_size != len(data):
        raise OSError(f"{path} was not written completely")


def drawing_key(item: Prepared) -> tuple[int, int, int]:
    """Images of one figure object at one size share one drawing (the SVG, the PNG at
    1x and 2x): the planner hands them the same object."""
    return (id(item.job.figure), item.job.width, item.job.height)
