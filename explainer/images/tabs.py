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

import asyncio
from typing import Any

from explainer.images import draw

__all__ = ["RENEW_EVERY", "renew_tab", "settle_tab", "settle_tabs"]

#: Drawings made in one renderer before the page moves to a new one: a multiple of
#: `draw.RELOAD_EVERY`, so that a renewal takes a reload's place (a fresh page either
#: way) and the images' bytes do not depend on it.
RENEW_EVERY = 300

# where the tab's recorded context stands: the blank page's, Kaleido's page still
# loading, or Kaleido's page with its script run
_STATE_JS = """function() {
    if (location.protocol === 'about:') return 'blank';
    return typeof kaleido_scopes === 'object' ? 'ready' : 'loading';
}"""


async def _page_state(tab: Any) -> str:
    """'ready', 'loading', 'blank', or 'gone' (no such context any more)."""
    try:
        return str(await draw.call(tab, _STATE_JS))
    except draw.DrawError:
        return "gone"


async def settle_tab(tab: Any) -> None:
    """Give a Kaleido tab the JavaScript context of its own page, its script run.

    Kaleido learns a tab's context from the first `Runtime.executionContextCreated` after
    `Runtime.enable`, which it sends after `Page.navigate`, and waits for the next
    `Page.loadEventFired`. On a busy machine either may be the blank page's: the context
    announced is the blank page's (every call then fails with "kaleido_scopes is not
    defined"), or the load awaited was the blank page's and Kaleido's page is still
    loading (and a reload then may take that page's load for its own). Both were seen
    in test runs beside other builds. So the context is asked where it stands: the blank
    page's, or gone, the tab is reloaded (its next context announced is the reloaded
    page's: `Runtime` is enabled by then); still loading, it is asked again. The caller
    bounds the wait (Chromium's start, or the image's time).
    """
    while (state := await _page_state(tab)) != "ready":
        if state == "loading":
            await asyncio.sleep(0.05)
        else:
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
