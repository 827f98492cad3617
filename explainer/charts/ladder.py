"""Magnitude ladder: facts of very different size as dots on one logarithmic axis.

One row per fact, in the story's order: the fact's label, then its dot on a faint guide
line with the localized value written beside it (no legend). Decades are gridlines
labelled "1", "10", … "1 milione"; the axis says in words that the scale is
logarithmic, because a reader who misses it misreads every distance.

Dots, not bars: a bar on a log axis starts at an arbitrary value and its length means
nothing, so it would mislead.

On a phone (the narrow drawing) the labels stay above their dots and wrap to the width,
the log-scale note wraps too, and decade labels are thinned until they neither collide
nor run off the drawing.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.facts.numbers import format_number
from explainer.facts.story import Chart, Story

SIZE = (theme.WIDTH, 480)

DOT = 18
ROW_GAP = 14  # between a row's dot line and the next label
LABEL_GAP = 4  # between a label and its dot line
DOT_LINE = 34  # height of the line holding the dot and the value
AXIS = 66  # tick labels and the log-scale note below the rows
TICK = 14
TICK_NARROW = 13


def decades(values: list[float]) -> tuple[int, int]:
    """The powers of ten the axis spans: from below the smallest to above the largest."""
    lo = math.floor(math.log10(min(values)))
    hi = math.ceil(math.log10(max(values)))
    if hi == lo:
        hi += 1
    return lo, hi


def _rows(chart: Chart, story: Story, locale: str, width: float, sizes: theme.Sizes) -> list[dict]:
    rows = []
    for fid in chart.facts:
        fact = story.facts[fid]
        label = typeset.wrap(fact.label[locale], sizes.label, width)
        rows.append(
            dict(
                fact=fact,
                label=label,
                height=typeset.block_height(len(label), sizes.label) + LABEL_GAP + DOT_LINE,
            )
        )
    return rows


def ticks(
    lo: int, hi: int, x_range: list[float], body_w: float, pad: float, size: float, locale: str
) -> list[tuple[float, str]]:
    """Every decade, with a gridline, and the text of those to label: every `step`-th
    one, so labels keep 14 px apart, and none that would run more than `pad` px past the
    plot's edges (the others get ""). Every decade keeps its line, so the note "each step
    is ten times the one before" stays true however few are labelled."""
    values = [10.0**k for k in range(lo, hi + 1)]
    texts = [format_number(v, locale) for v in values]
    spacing = body_w / (x_range[1] - x_range[0])
    widest = max(typeset.text_width(t, size) for t in texts)
    step = 1
    while spacing * step < widest + 14:
        step += 1

    def inside(k: int, text: str) -> bool:
        x = (k - x_range[0]) * spacing
        half = typeset.text_width(text, size) / 2
        return x - half >= -pad and x + half <= body_w + pad

    return [
        (v, t if i % step == 0 and inside(lo + i, t) else "")
        for i, (v, t) in enumerate(zip(values, texts, strict=True))
    ]


def _value_text(
    value: str, mark: str, x: float, body_w: float, sizes: theme.Sizes
) -> tuple[str, str]:
    """The value's text beside its dot at `x` px, and its textposition: right of the dot,
    else left of it, on one line; else the mark on a line of its own under the value
    (a phone's row is too short for "environ 850 000 estimation" on either side)."""
    bold = f"<b>{typeset.esc(value)}</b>"
    value_w = typeset.text_width(value, sizes.value, bold=True)
    mark_w = typeset.text_width(" " + mark, sizes.small) if mark else 0.0
    gap = 20  # the dot's half and the gap after it
    for width, text in (
        (value_w + mark_w, bold + theme.mark_html(mark, sizes.small)),
        (max(value_w, mark_w), bold + ("<br>" + theme.mark_html(mark, sizes.small))),
    ):
        if x + gap + width <= body_w:
            return text, "middle right"
        if x - gap - width >= 0:
            return text, "middle left"
        if not mark:
            break
    return text, "middle right" if body_w - x >= x else "middle left"


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    body_w = width - 2 * sizes.pad
    rows = _rows(chart, story, locale, body_w, sizes)
    rows_h = sum(r["height"] for r in rows) + ROW_GAP * (len(rows) - 1)
    facts = [r["fact"] for r in rows]
    tick_size = TICK_NARROW if sizes.narrow else TICK
    note = typeset.wrap(cw.say("chart.log_scale"), sizes.small, body_w)
    # tick labels, the title's standoff, the note's lines (one line: the wide chart's AXIS)
    axis = AXIS + typeset.block_height(len(note) - 1, sizes.small)
    frame = framing.plan(
        cw,
        body_height=rows_h + axis,
        notes=cw.notes(f.id for f in facts),
        width=width,
    )
    fig = framing.new_figure(frame)

    values = [float(f.value or 0) for f in facts]
    lo, hi = decades(values)
    pad = 0.04 * (hi - lo)
    x_range = [lo - pad, hi + pad]

    # y runs down the body in px; the plot area stops above the axis block
    plot_h = rows_h
    fig.update_yaxes(
        range=[plot_h, 0], visible=False, fixedrange=True, domain=[axis / frame.body_height, 1]
    )

    shown = ticks(lo, hi, x_range, body_w, sizes.pad, tick_size, locale)
    fig.update_xaxes(
        type="log",
        range=x_range,
        visible=True,
        fixedrange=True,
        tickvals=[v for v, _ in shown],
        ticktext=[t for _, t in shown],
        tickfont=dict(size=tick_size, color=theme.INK_FAINT),
        ticks="",
        ticklabelstandoff=6,
        showgrid=True,
        gridcolor=theme.GRID,
        gridwidth=1,
        zeroline=False,
        showline=False,
        title=dict(
            text=typeset.html_lines(note),
            standoff=12,
            font=dict(size=sizes.small, color=theme.INK_SOFT),
        ),
        anchor="y",
        side="bottom",
        automargin=False,
    )

    y = 0.0
    dots_y, texts, positions = [], [], []
    for i, row in enumerate(rows):
        fact = row["fact"]
        label = framing.label(
            typeset.html_lines(row["label"]),
            0,
            y,
            xref="paper",
            size=sizes.label,
            colour=theme.INK_SOFT,
            name=f"label:{fact.id}",
        )
        fig.add_annotation(label, bgcolor=theme.BACKGROUND)  # gridlines stop at the text
        y += typeset.block_height(len(row["label"]), sizes.label) + LABEL_GAP
        dot_y = y + DOT_LINE / 2
        dots_y.append(dot_y)
        fig.add_shape(
            type="line",
            xref="paper",
            yref="y",
            x0=0,
            x1=1,
            y0=dot_y,
            y1=dot_y,
            line=dict(color=theme.GRID, width=2),
            layer="below",
        )
        value = cw.fact(fact.id).value
        mark = cw.fact(fact.id).mark
        frac = (math.log10(values[i]) - x_range[0]) / (x_range[1] - x_range[0])
        text, position = _value_text(value, mark, frac * body_w, body_w, sizes)
        texts.append(text)
        positions.append(position)
        y += DOT_LINE + ROW_GAP

    fig.add_trace(
        go.Scatter(
            x=values,
            y=dots_y,
            mode="markers+text",
            text=texts,
            textposition=positions,
            marker=dict(size=DOT, color=theme.PRIMARY, line=dict(color=theme.BACKGROUND, width=2)),
            textfont=dict(size=sizes.value, color=theme.INK),
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
            name=chart.id,
        )
    )
    return framing.dress(fig, frame)
