"""The Kaleido session: every image rendered in one browser, restarted when it breaks.

`Session` opens Kaleido (choreographer's Chromium with our flags), renders the prepared
images one after the other in its tab, each bounded in time (a figure drawn once as SVG,
its PNGs painted from that drawing, the tab not reloaded after each image: `draw`), and
gathers every failure with its reason; a browser that dies, hangs or times out is killed
(only that one) and the rest go on in a fresh one, at most `_MAX_RESTARTS` times. Its
tab's page is reloaded, its garbage collected and its renderer renewed now and then
(`tabs`). `runner` runs it in a thread on its own event loop and handles Ctrl-C.

Fault injection for tests (EXPLAINER_FAULT, as in build/faults.py): `kill-browser@N` kills
the browser (and waits for it to be gone) just before image N+1 is asked for, once;
`hang-export@N` makes image N (1 by default) never finish, so the time limit must catch it.
"""

from __future__ import annotations

import asyncio
import collections
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from explainer.images import draw, tabs
from explainer.images.browser import (
    BROWSER_FIX,
    browser_class,
    browser_dead,
    group_members,
    kill_browser,
    launch,
)
from explainer.images.jobs import Prepared, drawing_key, finish_image

__all__ = ["Session"]

#: How long to wait for a clean close before killing the browser.
_CLOSE_GRACE = 8.0
#: Give up on the rest of the batch after this many browser restarts.
_MAX_RESTARTS = 2


def _reason(e: BaseException) -> str:
    """A one-line reason without traceback material."""
    name = type(e).__name__
    msg = " ".join(str(e).split())
    if isinstance(e, TimeoutError) and not msg:
        return "timed out"
    if len(msg) > 400:
        msg = msg[:400] + "…"
    return f"{name}: {msg}" if msg else name


async def _bounded(coro: Any, seconds: float) -> tuple[bool, Any]:
    """Run `coro` for at most `seconds`; unlike wait_for, never wait on a stuck cancel."""
    task = asyncio.ensure_future(coro)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:  # we are cancelled (Ctrl-C): so is the work
        task.cancel()
        task.add_done_callback(_consume)
        raise
    if not done:
        task.cancel()
        # Whatever it ends with later (often an error made of the cancel) is not news.
        task.add_done_callback(_consume)
        return False, task
    return True, task


def _consume(task: asyncio.Future) -> None:
    if not task.cancelled():
        task.exception()


async def _close(k: Any, *, responsive: bool = True) -> None:
    """Close the browser; kill it if it is unresponsive or does not close in time."""
    proc = getattr(k, "subprocess", None)
    members = group_members(proc.pid) if proc is not None and proc.poll() is None else {}
    if not responsive:
        kill_browser(k)
    ok, task = await _bounded(k.close(), _CLOSE_GRACE if responsive else 3.0)
    if not ok or (not task.cancelled() and task.exception() is not None):
        kill_browser(k)
    if not task.done():  # after a kill, choreographer's close ends by itself
        await asyncio.wait({task}, timeout=2)
    kill_browser(k, members)


def _export_fault() -> tuple[str, int]:
    """("kill-browser" | "hang-export" | "", N) from EXPLAINER_FAULT (tests only)."""
    kind, _, n = os.environ.get("EXPLAINER_FAULT", "").partition("@")
    if kind not in ("kill-browser", "hang-export"):
        return "", 0
    try:
        return kind, int(n) if n else (1 if kind == "hang-export" else 0)
    except ValueError:
        return "", 0


async def _hang() -> bytes:
    await asyncio.Event().wait()  # never set: an image that never finishes
    return b""


class Session:
    """Renders `items`, restarting the browser as needed; `run` fills `failures`.

    `on_done` is called once for every item, made or failed (the progress bar).
    """

    def __init__(
        self,
        items: list[Prepared],
        browser: str,
        topojson_uri: str,
        timeout: float,
        start_timeout: float,
        fontconfig: Path,
        on_done: Callable[[Prepared], None],
    ) -> None:
        self.items = items
        self.browser = browser
        self.topojson_uri = topojson_uri
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.env = {"FONTCONFIG_FILE": str(fontconfig)}
        self.on_done = on_done
        self.failures: list[tuple[str, str]] = []
        #: The Kaleido of the browser now running (killed from outside on Ctrl-C).
        self.kaleido: Any = None
        self.responsive = True
        self.fault, self.fault_at = _export_fault()
        #: Images attempted so far (for fault injection).
        self.attempted = 0
        #: Drawings kept for the images still to come: key -> (SVG id prefix, SVG).
        self.drawings: dict[tuple[int, int, int], tuple[str, str]] = {}
        self.uses = collections.Counter(drawing_key(item) for item in items)
        #: The Kaleido tab drawing now (a new one every `tabs.RENEW_EVERY` drawings).
        self.tab: Any = None
        #: Drawings made in the current tab's renderer.
        self.drawn = 0

    def _kaleido(self) -> Any:
        import kaleido

        return kaleido.Kaleido(
            n=1,
            timeout=None,  # we bound each image ourselves, and restart after a timeout
            mathjax=False,
            path=self.browser,
            browser_cls=browser_class(),
            extra_env=self.env,
            enable_extensions=False,
        )

    async def run(self) -> None:
        """Render every item, in a fresh browser after each breakdown (a few at most)."""
        pending = list(self.items)
        restarts = 0
        while pending:
            broke = await self._round(pending)
            if broke and pending:
                restarts += 1
                if restarts > _MAX_RESTARTS:
                    self._fail_all(pending, "not attempted: the browser broke down repeatedly")

    async def _open(self) -> Any:
        """A browser opened and its tab settled, each step bounded by `start_timeout`;
        closed (or killed) before any failure is raised."""
        k = self.kaleido = self._kaleido()
        self.responsive = True
        try:
            if not await launch(k, self.start_timeout):
                self.responsive = False
                raise TimeoutError(f"Chromium did not start within {self.start_timeout:g} s")
            ok, task = await _bounded(tabs.settle_tabs(k), self.start_timeout)
            if not ok:
                self.responsive = False
                raise TimeoutError(f"Chromium's page did not load within {self.start_timeout:g} s")
            task.result()
        except BaseException as e:
            if isinstance(e, asyncio.CancelledError):  # Ctrl-C: no clean close due
                self.responsive = False
            await _close(k, responsive=self.responsive)
            raise
        return k

    async def _round(self, pending: list[Prepared]) -> bool:
        """Open a browser, render in it, close it; True if it broke."""
        from choreographer.errors import ChromeNotFoundError

        k = None
        try:
            k = await self._open()
            return await self._render(k, pending)
        except Exception as e:
            if isinstance(e, ChromeNotFoundError):
                reason = f"browser not found at {self.browser}. {BROWSER_FIX}"
            elif k is not None:
                reason = f"the browser ({self.browser}) failed: {_reason(e)}"
            else:
                reason = f"the browser ({self.browser}) failed to start: {_reason(e)}"
            self._fail_all(pending, reason)
            return False
        finally:
            if k is not None:
                await _close(k, responsive=self.responsive)

    def _fail_all(self, pending: list[Prepared], reason: str) -> None:
        for item in pending:
            self.failures.append((item.job.label, reason))
            self.on_done(item)
        pending.clear()

    async def _render(self, k: Any, pending: list[Prepared]) -> bool:
        """Render from the front of `pending`, popping as it goes; True if the browser broke.

        One tab, never reloaded between images but every `RELOAD_EVERY` drawings (and
        replaced by a new one every `RENEW_EVERY`, `_fresh_page_if_due`): a figure is
        drawn once as SVG, and its PNGs are painted from that drawing (`draw.py`). Each
        image is still bounded by the time limit on its own, and named when it fails.
        """
        from choreographer.channels import ChannelClosedError
        from choreographer.errors import BrowserClosedError, BrowserFailedError

        died = (BrowserClosedError, BrowserFailedError, ChannelClosedError)
        self.tab = k.tabs_ready.get_nowait()
        self.drawn = 0  # a fresh browser's page
        # An image is checked and written in a thread while the browser makes the next
        # one (at most one such image at a time); all are done before this returns.
        writing: asyncio.Future | None = None

        async def written() -> None:
            nonlocal writing
            if writing is not None:
                done, writing = writing, None
                await done

        try:
            while pending:
                item = pending.pop(0)
                self.attempted += 1
                if self.fault == "kill-browser" and self.attempted == self.fault_at + 1:
                    # The browser dies just as this image is asked for. Killed here, and
                    # waited for, so the outcome is the same however fast the machine is.
                    await asyncio.to_thread(kill_browser, k)
                if self.fault == "hang-export" and self.attempted == self.fault_at:
                    coro = _hang()
                else:
                    coro = self._image(item)
                ok, task = await _bounded(coro, self.timeout)
                handed_on = False
                try:
                    if not ok:
                        self.failures.append(
                            (item.job.label, f"timed out after {self.timeout:g} s")
                        )
                        # The tab may be stuck in a script: kill this browser, use a fresh one.
                        self.responsive = False
                        return True
                    if task.cancelled():
                        # choreographer cancels what it was waiting for when the browser
                        # goes away: that is a death too, not our own Ctrl-C
                        why = "the browser died" if browser_dead(k) else "the browser dropped it"
                        self.failures.append((item.job.label, why))
                        return True
                    try:
                        data = task.result()
                    except Exception as e:
                        if isinstance(e, died) or browser_dead(k):
                            # a dead browser answers no more: go on in a fresh one
                            self.failures.append(
                                (item.job.label, f"the browser died: {_reason(e)}")
                            )
                            return True
                        self.failures.append((item.job.label, _reason(e)))
                        continue
                    if not data and browser_dead(k):
                        self.failures.append((item.job.label, "the browser died while making it"))
                        return True
                    await written()
                    writing = asyncio.ensure_future(self._write(item, data))
                    handed_on = True
                finally:
                    self._forget(item)
                    if not handed_on:
                        self.on_done(item)
            return False
        finally:
            await written()

    async def _write(self, item: Prepared, data: bytes) -> None:
        """Check, post-process and write one image in a thread (`finish_image`)."""
        try:
            await asyncio.to_thread(finish_image, item, data)
        except (ValueError, OSError, UnicodeDecodeError) as e:
            self.failures.append((item.job.label, f"bad output: {_reason(e)}"))
        finally:
            self.on_done(item)

    async def _image(self, item: Prepared) -> bytes:
        """One image's bytes: the figure's drawing (made, or the one already made), and
        for a PNG that drawing painted at the image's scale."""
        key = drawing_key(item)
        held = self.drawings.get(key)
        # an SVG is its own drawing (its ids are its own); a PNG may use any of the figure's
        if held is None or (item.fmt == "svg" and held[0] != item.svg_prefix):
            await self._fresh_page_if_due()
            self.drawn += 1
            svg = await draw.draw_svg(self.tab, item.fig, *item.css, self.topojson_uri)
            held = self.drawings[key] = (item.svg_prefix, svg)
        if item.fmt == "svg":
            return held[1].encode("utf-8")
        return await draw.rasterize(self.tab, held[1], *item.css, item.job.scale)

    async def _fresh_page_if_due(self) -> None:
        """Before a drawing, every `RELOAD_EVERY` drawings: the page reloaded and its
        garbage collected, or, every `RENEW_EVERY`, the page moved to a new renderer
        instead. Memory then stays flat however many images are made (`tabs.py` says
        what grows); either way the next figure is drawn in a fresh page."""
        n = self.drawn
        if n == 0 or n % draw.RELOAD_EVERY:
            return
        if n % tabs.RENEW_EVERY == 0:
            self.tab = await tabs.renew_tab(self.kaleido, self.tab)
            self.drawn = 0
        else:
            await draw.reload_tab(self.tab)

    def _forget(self, item: Prepared) -> None:
        """Drop a figure's drawing once no image waiting needs it."""
        key = drawing_key(item)
        self.uses[key] -= 1
        if self.uses[key] <= 0:
            self.drawings.pop(key, None)
