"""The Kaleido session: every image rendered in one browser, restarted when it breaks.

`Session` opens Kaleido (choreographer's Chromium with our flags), renders the prepared
images one after the other in its tab, each bounded in time (a figure drawn once as SVG,
its PNGs painted from that drawing, the tab not reloaded after each image: `draw`), and
gathers every failure with its reason; a browser that dies, hangs or times out is killed
(only that one) and the rest go on in a fresh one, at most `_MAX_RESTARTS` times.
`run_in_thread` runs it on its own event loop (the caller may have one) and handles
Ctrl-C; `quiet_loggers` silences Kaleido's and choreographer's tracebacks while it runs.

Fault injection for tests (EXPLAINER_FAULT, as in build/faults.py): `kill-browser@N` kills
the browser (and waits for it to be gone) just before image N+1 is asked for, once;
`hang-export@N` makes image N (1 by default) never finish, so the time limit must catch it.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from explainer.images import draw
from explainer.images.browser import (
    BROWSER_FIX,
    browser_class,
    browser_dead,
    group_members,
    kill_browser,
)
from explainer.images.jobs import ExportError, Prepared, drawing_key, finish_image

__all__ = ["Session", "quiet_loggers", "run_in_thread"]

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


async def settle_tabs(k: Any) -> None:
    """Give each Kaleido tab the JavaScript context of its own page.

    Kaleido learns a tab's context from the first `Runtime.executionContextCreated` after
    `Runtime.enable`, which it sends after `Page.navigate`. On a busy machine the
    navigation may not have committed by then, and the context announced is the blank
    page's: every call then fails with "kaleido_scopes is not defined" (seen in a test
    run beside other builds). A reload, which Kaleido itself does after every image, has
    `Runtime` already enabled, so the next context announced is the reloaded page's.
    """
    tabs = []
    while not k.tabs_ready.empty():
        tabs.append(k.tabs_ready.get_nowait())
    for tab in tabs:
        await tab.reload()
        k.tabs_ready.put_nowait(tab)


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
        #: Drawings made in the current tab since it was (re)loaded.
        self.drawn_in_tab = 0

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
        from choreographer.errors import ChromeNotFoundError

        pending = list(self.items)
        restarts = 0
        while pending:
            k = None
            self.responsive = True
            broke = opened = False
            try:
                k = self.kaleido = self._kaleido()
                ok, task = await _bounded(k.open(), self.start_timeout)
                if not ok:
                    self.responsive = False
                    raise TimeoutError(f"Chromium did not start within {self.start_timeout:g} s")
                task.result()
                ok, task = await _bounded(settle_tabs(k), self.start_timeout)
                if not ok:
                    self.responsive = False
                    raise TimeoutError(
                        f"Chromium's page did not load within {self.start_timeout:g} s"
                    )
                task.result()
                opened = True
                broke = await self._render(k, pending)
            except Exception as e:
                if isinstance(e, ChromeNotFoundError):
                    reason = f"browser not found at {self.browser}. {BROWSER_FIX}"
                elif opened:
                    reason = f"the browser ({self.browser}) failed: {_reason(e)}"
                else:
                    reason = f"the browser ({self.browser}) failed to start: {_reason(e)}"
                self._fail_all(pending, reason)
            finally:
                if k is not None:
                    await _close(k, responsive=self.responsive)
            if broke and pending:
                restarts += 1
                if restarts > _MAX_RESTARTS:
                    self._fail_all(pending, "not attempted: the browser broke down repeatedly")

    def _fail_all(self, pending: list[Prepared], reason: str) -> None:
        for item in pending:
            self.failures.append((item.job.label, reason))
            self.on_done(item)
        pending.clear()

    async def _render(self, k: Any, pending: list[Prepared]) -> bool:
        """Render from the front of `pending`, popping as it goes; True if the browser broke.

        One tab, never reloaded between images but every `RELOAD_EVERY` drawings: a
        figure is drawn once as SVG, and its PNGs are painted from that drawing
        (`draw.py`). Each image is still bounded by the time limit on its own, and
        named when it fails.
        """
        from choreographer.channels import ChannelClosedError
        from choreographer.errors import BrowserClosedError, BrowserFailedError

        died = (BrowserClosedError, BrowserFailedError, ChannelClosedError)
        tab = k.tabs_ready.get_nowait()
        self.drawn_in_tab = 0  # a fresh browser's page
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
                    coro = self._image(tab, item)
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

    async def _image(self, tab: Any, item: Prepared) -> bytes:
        """One image's bytes: the figure's drawing (made, or the one already made), and
        for a PNG that drawing painted at the image's scale."""
        key = drawing_key(item)
        held = self.drawings.get(key)
        # an SVG is its own drawing (its ids are its own); a PNG may use any of the figure's
        if held is None or (item.fmt == "svg" and held[0] != item.svg_prefix):
            if self.drawn_in_tab >= draw.RELOAD_EVERY:
                await draw.reload_tab(tab)
                self.drawn_in_tab = 0
            self.drawn_in_tab += 1
            svg = await draw.draw_svg(tab, item.fig, *item.css, self.topojson_uri)
            held = self.drawings[key] = (item.svg_prefix, svg)
        if item.fmt == "svg":
            return held[1].encode("utf-8")
        return await draw.rasterize(tab, held[1], *item.css, item.job.scale)

    def _forget(self, item: Prepared) -> None:
        """Drop a figure's drawing once no image waiting needs it."""
        key = drawing_key(item)
        self.uses[key] -= 1
        if self.uses[key] <= 0:
            self.drawings.pop(key, None)


#: Loggers of Kaleido and choreographer. Killing a hung browser makes them print
#: tracebacks (half-read messages); our ExportError says what went wrong instead.
_NOISY_LOGGERS = ("choreographer", "kaleido", "browser_proc", "chrome_wrapper", "logistro")


@contextlib.contextmanager
def quiet_loggers() -> Any:
    """Silence Kaleido and choreographer while it runs (not with EXPLAINER_DEBUG_EXPORT)."""
    if os.environ.get("EXPLAINER_DEBUG_EXPORT"):
        yield
        return
    saved = {}
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        saved[name] = logger.level
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def run_in_thread(session: Session) -> None:
    """Run the session on its own event loop in a thread (callers may have a loop).

    On Ctrl-C the session is cancelled and given time to close (or kill) its browser.
    """
    loop_box: dict[str, Any] = {}
    error: list[BaseException] = []
    finished = threading.Event()

    def target() -> None:
        async def main() -> None:
            loop_box["task"] = asyncio.current_task()
            loop_box["loop"] = asyncio.get_running_loop()
            await session.run()

        try:
            asyncio.run(main())
        except BaseException as e:  # noqa: BLE001 - handed to the calling thread
            error.append(e)
        finally:
            finished.set()

    thread = threading.Thread(target=target, name="explainer-export", daemon=True)
    thread.start()
    try:
        # Event.wait, not Thread.join: an interrupted join can leave the thread
        # looking finished on Python 3.11.
        while not finished.wait(0.2):
            pass
    except KeyboardInterrupt:
        loop, task = loop_box.get("loop"), loop_box.get("task")
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)
        if not finished.wait(_CLOSE_GRACE + 5):
            # The close outlasted its grace (a very busy machine): kill the browser from
            # here, so that none is left behind when this process exits.
            kill_browser(session.kaleido)
            finished.wait(5)
        raise
    thread.join(5)
    if error and not isinstance(error[0], asyncio.CancelledError):
        raise ExportError(f"image export crashed: {_reason(error[0])}") from None
