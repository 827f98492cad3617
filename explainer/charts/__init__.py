"""Chart kinds: one module per kind, each a pure `figure(chart, story, locale, width)`.

    from explainer import charts
    fig = charts.figure(chart, story, "it")        # a plotly Figure, framed and localized
    width, height = charts.size(chart, story, "it")
    phone = charts.figure(chart, story, "it", width=charts.NARROW)   # 360 px, for phones

Every figure carries its own title, caption, marks' notes and source line (see
`framing.py`, with words from `words.py`), so each image stands alone. Widths are the
article's 720 CSS px by default; `width=NARROW` lays the chart out anew for a phone
(type sizes for 1:1, texts wrapped to the width, fewer columns). Heights depend on the
kind, the data and how many lines the texts wrap to in that language, which is why
`size()` wants the story and locale (without them it gives the kind's nominal size). The figure's
`layout.width/height` are always the same numbers.

Figures are deterministic: no randomness, every trace's `uid` is `<chart id>-<n>`.
"""

from __future__ import annotations

from types import ModuleType

import plotly.graph_objects as go

from explainer.charts import bars, big_numbers, flow, framing, ladder, map, rtl, theme, waffle
from explainer.facts.i18n import direction
from explainer.facts.story import Chart, Story

#: kind -> module with `figure(chart, story, locale, width)` and a nominal `SIZE`.
KINDS: dict[str, ModuleType] = {
    "big_numbers": big_numbers,
    "ladder": ladder,
    "waffle": waffle,
    "flow": flow,
    "map": map,
    "bars": bars,
}
ALL_KINDS: tuple[str, ...] = tuple(KINDS)
#: The phone drawing's width (CSS px).
NARROW = theme.NARROW


class UnknownKind(ValueError):
    """A chart kind no module draws."""


def _module(chart: Chart) -> ModuleType:
    try:
        return KINDS[chart.kind]
    except KeyError:
        raise UnknownKind(
            f"chart '{chart.id}': unknown kind '{chart.kind}' (kinds: {', '.join(ALL_KINDS)})"
        ) from None


def figure(chart: Chart, story: Story, locale: str, width: int | None = None) -> go.Figure:
    """The chart drawn for `locale`, `width` px wide (default the article's 720): a new
    figure every call (safe to modify)."""
    fig = _module(chart).figure(chart, story, locale, width=width or theme.WIDTH)
    if direction(locale) == "rtl":
        rtl.mirror(fig)
    return framing.stable_uids(fig, chart)


def size(
    chart: Chart, story: Story | None = None, locale: str | None = None, width: int | None = None
) -> tuple[int, int]:
    """(width, height) in CSS px: exact with story and locale, else the kind's nominal size
    (at `width`, the nominal height)."""
    if story is None or locale is None:
        w, h = _module(chart).SIZE
        return (width or w), h
    fig = figure(chart, story, locale, width)
    return int(fig.layout.width), int(fig.layout.height)
