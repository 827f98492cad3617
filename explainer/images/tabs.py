"""Kaleido's tab over a long export: its page settled, and a fresh renderer when due.

The renderer's memory grows with the number of drawings, whatever is done in the page
(measured, 100 charts, 700 images: 270 MB after 25 drawings, 760 MB after 300). Two
things grow, and each has its remedy:

* Garbage: every drawing leaves detached plotly.js nodes and, for each PNG, the SVG
  image's own document: about 2 MB a drawing, mostly outside V8's JavaScript heap,
  which is what V8 watches to decide when to collect (after 100 drawings, 281
  documents were alive in the renderer, against about 40 after a collection). A
  reload does not free them: the renderer survives it, the same process, and its
  garbage with it. A garbage collection does: `draw.reload_tab` asks for one after
  each reload.
* What outlives a collection: the renderer's memory after each collection still
  creeps, about 0.1 MB a drawing (V8's used heap too), so only a new renderer bounds
  it. `renew_tab` opens the page in a new tab, which Chromium gives a new renderer
  process, and closes the old one, whose renderer then exits: every `RENEW_EVERY`
  drawings (it costs what Chromium's start costs the page, plotly.js run afresh:
  3 to 4 s of processor time, measured).
"""

from __future__ import annotations

from typing import Any

from explainer.images import draw

__all__ = ["RENEW_EVERY", "renew_tab", "settle_tab", "settle_tabs"]

#: Drawings made in one renderer before the page moves to a new one: a multiple of
#: `draw.RELOAD_EVERY`, so that a renewal takes a reload's place (a fresh page either
#: way) and the images' bytes do not depend on it.
RENEW_EVERY = 300

# true when the context is the page's own, with Kaleido's script loaded
_READY_JS = "function() { return typeof kaleido_scopes === 'object'; }"


async def _page_is_ready(tab: Any) -> bool:
    """Is the tab's JavaScript context its page's, with Kaleido's script loaded?"""
    try:
        return await draw.call(tab, _READY_JS) is True
    except draw.DrawError:  # no such context (DevTools' error), or a script error
        return False


async def settle_tab(tab: Any) -> None:
    """Give a Kaleido tab the JavaScript context of its own page.

    Kaleido learns a tab's context from the first `Runtime.executionContextCreated` after
    `Runtime.enable`, which it sends after `Page.navigate`. On a busy machine the
    navigation may not have committed by then, and the context announced is the blank
    page's: every call then fails with "kaleido_scopes is not defined" (seen in a test
    run beside other builds). A reload, which Kaleido itself does after every image, has
    `Runtime` already enabled, so the next context announced is the reloaded page's.
    A tab whose context already is its page's is left as it is (a reload costs 0.2 s).
    """
    if not await _page_is_ready(tab):
        await tab.reload()


async def settle_tabs(k: Any) -> None:
    """Settle every tab Kaleido has ready (`settle_tab`)."""
    tabs = []
    while not k.tabs_ready.empty():
        tabs.append(k.tabs_ready.get_nowait())
    for tab in tabs:
        await settle_tab(tab)
        k.tabs_ready.put_nowait(tab)


async def renew_tab(k: Any, tab: Any) -> Any:
    """Kaleido's page in a new tab (a new renderer process), settled; the old tab closed.

    The new tab is made as Kaleido makes its own (`_create_kaleido_tab`: a new window,
    its page loaded), so it is the same page; it takes Chromium's spare renderer, and
    the old tab's renderer exits once its last tab is closed.
    """
    await k._create_kaleido_tab()
    new = k.tabs_ready.get_nowait()
    await settle_tab(new)
    await k.close_tab(tab.tab.target_id)
    return new
