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
page's JavaScript context, which Kaleido keeps as `_current_js_id`); `reload_tab` is
Kaleido's own reload, used every `RELOAD_EVERY` drawings so that nothing a page
accumulates can grow without bound.
"""

from __future__ import annotations

import base64
import json
from typing import Any

__all__ = ["RELOAD_EVERY", "DrawError", "draw_svg", "rasterize", "reload_tab"]

#: Drawings between two reloads of the tab (Kaleido reloads after every one).
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


async def _call(tab: Any, fn: str, *args: Any) -> Any:
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
    raw = await _call(tab, _DRAW_JS, spec, topojson)
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
    data = await _call(tab, _RASTER_JS, svg, width, height, scale)
    if not isinstance(data, str):
        raise DrawError("the page returned no PNG")
    return base64.b64decode(data)


async def reload_tab(tab: Any) -> None:
    """Reload the tab's page (a fresh plotly.js), as Kaleido does after each image."""
    await tab.reload()
