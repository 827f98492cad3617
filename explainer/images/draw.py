"""Drawing in a Kaleido tab without reloading it, and PNGs rasterized from one drawing.

Kaleido's `calc_fig` reloads its tab after every image (plotly.js, 4.8 MB, parsed again:
measured here, more time than the drawing itself). Plotly's own `toImage` makes a PNG by
drawing the figure as SVG and painting that SVG on a canvas. So here a figure is drawn
once, as SVG, by Kaleido's page function (`kaleido_scopes.plotly`, exactly what
`calc_fig` calls), and each PNG of it (1x, 2x) is painted from that SVG the way
plotly.js's `svgToImg` does (a blob URL in an `<img>`, `drawImage` on a 2D canvas made
`willReadFrequently`, `toDataURL("image/png")`): the same pixels and the same bytes as
`calc_fig`'s PNG, for one drawing instead of three and no reload.

The tab is used through the Chrome DevTools Protocol (`Runtime.callFunctionOn` in the
page's JavaScript context, which Kaleido keeps as `_current_js_id`). Every
`RELOAD_EVERY` drawings the page is reloaded, Kaleido's own reload, and the renderer's
garbage collected (`reload_tab`), so that nothing a page accumulates can grow without
bound (`tabs.py` says what grows, and moves the page to a new renderer now and then).
"""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = [
    "RELOAD_EVERY",
    "DrawError",
    "call",
    "collect_garbage",
    "draw_svg",
    "rasterize",
    "reload_tab",
]

#: Drawings between two reloads of the tab (Kaleido reloads after every one), each
#: followed by a garbage collection. Where the reloads fall is part of the SVGs' bytes:
#: plotly.js keeps state for the page's life, and a figure drawn in a fresh page and
#: after others can differ in the order of some attributes (seen: a legend's
#: background). So this stays what it was when the golden copies were made.
RELOAD_EVERY = 25


class DrawError(RuntimeError):
    """The page refused or failed to draw (plotly.js's or Kaleido's message)."""


_DRAW_JS = (
    "function(spec, topojson)"
    "{return kaleido_scopes.plotly(spec, topojson, false).then(JSON.stringify);}"
)

# plotly.js's svgToImg (src/snapshot/svgtoimg.js), for PNG, with the SVG handed in.
_RASTER_JS = """function(svg, width, height, scale) {
  return new Promise(function(resolve, reject) {
    var canvas = document.createElement('canvas');
    var ctx = canvas.getContext('2d', {willReadFrequently: true});
    var w = scale * width, h = scale * height;
    var blob = new window.Blob([svg], {type: 'image/svg+xml;charset=utf-8'});
    var url = window.URL.createObjectURL(blob);
    var img = new window.Image();
    canvas.width = w;
    canvas.height = h;
    img.onload = function() {
      window.URL.revokeObjectURL(url);
      ctx.drawImage(img, 0, 0, w, h);
      var data = canvas.toDataURL('image/png');
      canvas.width = canvas.height = 0;
      resolve(data.replace(/^data:image\\/png;base64,/, ''));
    };
    img.onerror = function() {
      window.URL.revokeObjectURL(url);
      reject(new Error('the SVG could not be loaded as an image'));
    };
    img.src = url;
  });
}"""


async def call(tab: Any, fn: str, *args: Any) -> Any:
    """Call `fn(*args)` in the tab's page; its (awaited) value, or raise DrawError."""
    params = {
        "functionDeclaration": fn,
        "arguments": [{"value": a} for a in args],
        "returnByValue": True,
        "awaitPromise": True,
        "executionContextId": tab._current_js_id,
    }
    response = await tab.tab.send_command("Runtime.callFunctionOn", params=params)
    if "error" in response:
        raise DrawError(f"DevTools: {response['error']}")
    result = response.get("result") or {}
    details = result.get("exceptionDetails")
    if details:
        exc = details.get("exception") or {}
        text = exc.get("description") or details.get("text") or "JavaScript exception"
        raise DrawError(str(text).splitlines()[0])
    return (result.get("result") or {}).get("value")


async def draw_svg(tab: Any, fig: dict, width: int, height: int, topojson: str) -> str:
    """The figure drawn as SVG by Kaleido's page, as `calc_fig(format="svg")` returns it."""
    spec = {"format": "svg", "width": width, "height": height, "scale": 1, "data": fig}
    raw = await call(tab, _DRAW_JS, spec, topojson)
    if not isinstance(raw, str):
        raise DrawError(f"the page answered {type(raw).__name__}, not a drawing")
    answer = json.loads(raw)
    if answer.get("code") != 0:
        raise DrawError(f"Error {answer.get('code')}: {answer.get('message')}")
    svg = answer.get("result")
    if not isinstance(svg, str):
        raise DrawError("the page returned no SVG")
    return svg


async def rasterize(tab: Any, svg: str, width: int, height: int, scale: float) -> bytes:
    """PNG bytes of `svg` painted at `scale` (`width` x `height` CSS px), as plotly.js does."""
    data = await call(tab, _RASTER_JS, svg, width, height, scale)
    if not isinstance(data, str):
        raise DrawError("the page returned no PNG")
    return base64.b64decode(data)


# `gc` is there with Chromium's --js-flags=--expose-gc (browser.CHROMIUM_FLAGS)
_GC_JS = "function() { if (typeof gc !== 'function') return false; gc(); return true; }"


async def collect_garbage(tab: Any) -> bool:
    """A full garbage collection in the tab's renderer; False if `gc` is not exposed.

    V8 decides when to collect by its JavaScript heap, and a drawing's garbage is mostly
    elsewhere (DOM nodes, the SVG images' documents): left alone, the renderer grows by
    about 2 MB a drawing. DevTools' own `HeapProfiler.collectGarbage` frees as much but
    is V8's last-resort collection, which also drops its compiled code: the next reload
    then compiles plotly.js afresh (measured 2 s instead of 0.2 s). `gc()` is one
    ordinary full collection.
    """
    return bool(await call(tab, _GC_JS))


async def reload_tab(tab: Any) -> None:
    """Reload the tab's page (a fresh plotly.js), as Kaleido does after each image, and
    collect the old page's garbage, which a reload alone leaves in the renderer."""
    await tab.reload()
    await collect_garbage(tab)
