"""The frame every chart shares: header (title, caption), body, footer (notes, source).

Every chart is an image that must stand alone (shared on social media, embedded
elsewhere, printed), so `plan()` lays out around the body the chart's title, its
caption, the notes explaining its marks and the source line, all taken from the chart's
`ChartWords`; `dress()` draws them. Heights depend on how many lines those texts wrap
to in a language, so each figure sets its own `layout.height`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from explainer.charts.theme import (
    BACKGROUND,
    FONT,
    FOOTER_GAP,
    GAP,
    HEADER_GAP,
    INK,
    INK_FAINT,
    INK_SOFT,
    LABEL,
    PAD_BOTTOM,
    PAD_TOP,
    WIDE_SIZES,
    WIDTH,
    Sizes,
    sizes,
)
from explainer.charts.typeset import block_height, html_lines, wrap
from explainer.charts.words import ChartWords
from explainer.facts.story import Chart


@dataclass(frozen=True)
class Frame:
    """Where the header, body and footer of a figure go, in px."""

    width: int
    height: int
    top: int  # header height = top margin
    bottom: int  # footer height = bottom margin
    left: int
    right: int
    title: tuple[str, ...]
    caption: tuple[str, ...]
    footer: tuple[str, ...]
    sizes: Sizes = WIDE_SIZES

    @property
    def body_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def body_height(self) -> int:
        return self.height - self.top - self.bottom

    def px_x(self, x: float) -> float:
        """Paper x for a px position measured from the figure's left edge."""
        return (x - self.left) / self.body_width

    def px_y(self, y: float) -> float:
        """Paper y for a px position measured from the figure's top edge."""
        return (self.height - self.bottom - y) / self.body_height

    def body_x(self, x: float) -> float:
        """Paper x for a px position measured from the body's left edge."""
        return x / self.body_width

    def body_y(self, y: float) -> float:
        """Paper y for a px position measured down from the body's top edge."""
        return 1 - y / self.body_height


def plan(
    words: ChartWords,
    *,
    body_height: float,
    left: int | None = None,
    right: int | None = None,
    notes: Sequence[str] = (),
    width: int = WIDTH,
) -> Frame:
    """Lay out header and footer around a body of `body_height` px (pure arithmetic).

    `left`/`right` default to the width's padding (`sizes(width).pad`)."""
    s = sizes(width)
    left = s.pad if left is None else left
    right = s.pad if right is None else right
    inner = width - 2 * s.pad
    title = wrap(words.title, s.title, inner, bold=True)
    caption = wrap(words.caption, s.caption, inner) if words.caption is not None else []
    footer: list[str] = []
    for note in notes:
        footer += wrap(note, s.footer, inner)
    footer += wrap(words.source, s.footer, inner)
    top = PAD_TOP + block_height(len(title), s.title)
    if caption:
        top += GAP + block_height(len(caption), s.caption)
    top += HEADER_GAP
    bottom = FOOTER_GAP + block_height(len(footer), s.footer) + PAD_BOTTOM
    top_i, bottom_i, body_i = math.ceil(top), math.ceil(bottom), math.ceil(body_height)
    return Frame(
        width=width,
        height=top_i + body_i + bottom_i,
        top=top_i,
        bottom=bottom_i,
        left=left,
        right=right,
        title=tuple(title),
        caption=tuple(caption),
        footer=tuple(footer),
        sizes=s,
    )


def base_layout(frame: Frame) -> dict:
    """The layout every chart starts from (no axes shown, no legend, no modebar)."""
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    return dict(
        width=frame.width,
        height=frame.height,
        margin=dict(
            l=frame.left, r=frame.right, t=frame.top, b=frame.bottom, pad=0, autoexpand=False
        ),
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        font=dict(family=FONT, size=frame.sizes.label, color=INK),
        showlegend=False,
        hovermode=False,
        dragmode=False,
        xaxis=axis,
        yaxis=axis,
    )


class _Drawing(go.Figure):
    """A chart being drawn: its annotations and shapes are gathered, and `dress` adds
    them in one go. Plotly's `add_annotation` and `add_shape` copy every annotation or
    shape the figure already has, so adding them one by one takes time quadratic in
    their number: most of the time spent building a chart, before this."""

    def add_annotation(self, arg: Any = None, **kwargs: Any) -> go.Figure:
        self._pending_annotations.append({**(arg or {}), **kwargs})
        return self

    def add_shape(self, arg: Any = None, **kwargs: Any) -> go.Figure:
        self._pending_shapes.append({**(arg or {}), **kwargs})
        return self


def new_figure(frame: Frame) -> go.Figure:
    """An empty chart laid out for `frame`; finish it with `dress`."""
    fig = _Drawing(layout=base_layout(frame))
    fig._pending_annotations = []
    fig._pending_shapes = []
    return fig


def _settle(fig: go.Figure) -> None:
    """A `_Drawing`'s gathered annotations and shapes added, in the order they were
    given (the same figure as adding them one by one), and a plain go.Figure again."""
    if not isinstance(fig, _Drawing):
        return
    if fig._pending_annotations:
        fig.layout.annotations = (*fig.layout.annotations, *fig._pending_annotations)
    if fig._pending_shapes:
        fig.layout.shapes = (*fig.layout.shapes, *fig._pending_shapes)
    del fig._pending_annotations, fig._pending_shapes
    fig.__class__ = go.Figure


def dress(fig: go.Figure, frame: Frame) -> go.Figure:
    """Add the title, caption and footer annotations described by `frame` to `fig`."""
    s = frame.sizes
    y: float = PAD_TOP

    def text(html: str, y: float, anchor: str, size: float, colour: str, name: str) -> dict:
        return dict(
            text=html,
            x=frame.px_x(s.pad),
            y=frame.px_y(y),
            xanchor="left",
            yanchor=anchor,
            font=dict(size=size, color=colour),
            name=name,
        )

    notes = [text("<b>" + html_lines(frame.title) + "</b>", y, "top", s.title, INK, "title")]
    y += block_height(len(frame.title), s.title)
    if frame.caption:
        y += GAP
        notes.append(text(html_lines(frame.caption), y, "top", s.caption, INK_SOFT, "caption"))
    y_footer = frame.height - PAD_BOTTOM
    notes.append(text(html_lines(frame.footer), y_footer, "bottom", s.footer, INK_FAINT, "footer"))
    for n in notes:
        fig.add_annotation(
            xref="paper", yref="paper", showarrow=False, align="left", borderpad=0, **n
        )
    _settle(fig)
    return fig


def stable_uids(fig: go.Figure, chart: Chart) -> go.Figure:
    """Give every trace a stable uid (plotly.js would make random ones)."""
    for i, trace in enumerate(fig.data):
        trace.uid = f"{chart.id}-{i}"
    return fig


def px_axes(fig: go.Figure, frame: Frame) -> go.Figure:
    """Make the body a px canvas: x from 0 (left) and y from 0 (top) of the body."""
    fig.update_xaxes(range=[0, frame.body_width], visible=False, fixedrange=True)
    fig.update_yaxes(range=[frame.body_height, 0], visible=False, fixedrange=True)
    return fig


def label(
    text: str,
    x: float,
    y: float,
    *,
    size: float = LABEL,
    colour: str = INK,
    xanchor: str = "left",
    yanchor: str = "top",
    bold: bool = False,
    align: str | None = None,
    name: str | None = None,
    xref: str = "x",
    yref: str = "y",
) -> dict:
    """An annotation at body px (x, y) with plain or Plotly-HTML `text`."""
    return dict(
        text=f"<b>{text}</b>" if bold else text,
        x=x,
        y=y,
        xref=xref,
        yref=yref,
        xanchor=xanchor,
        yanchor=yanchor,
        showarrow=False,
        align=align or xanchor,
        font=dict(size=size, color=colour),
        borderpad=0,
        name=name,
    )
