"""Bars: horizontal bars from zero for facts of one kind of quantity (money, people…).

Each bar has its label above it and its localized value ("3,54 milioni di €") at its
end: inside the bar when it fits, just past it otherwise. The axis always starts at
zero and a baseline shows where; no gridlines or tick labels are needed when every
value is written out, and no legend. The narrow (phone) drawing is the same with its
type sizes and thinner bars.
"""

from __future__ import annotations

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.facts.story import Chart, Story

SIZE = (theme.WIDTH, 360)

BAR = 40
BAR_NARROW = 32
LABEL_GAP = 6
ROW_GAP = 22
INSIDE_PAD = 10


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    bar = BAR_NARROW if sizes.narrow else BAR
    facts = [story.facts[f] for f in chart.facts]
    body_w = width - 2 * sizes.pad
    labels = [typeset.wrap(cw.fact(f.id).label, sizes.label, body_w) for f in facts]
    rows_h = [typeset.block_height(len(lb), sizes.label) + LABEL_GAP + bar for lb in labels]
    body_h = sum(rows_h) + ROW_GAP * (len(facts) - 1)
    frame = framing.plan(
        cw,
        body_height=body_h,
        notes=cw.notes(f.id for f in facts),
        width=width,
    )
    fig = framing.new_figure(frame)

    values = [float(f.value or 0) for f in facts]
    texts = [cw.fact(f.id).value for f in facts]
    marks = [cw.fact(f.id).mark for f in facts]
    widths = [
        typeset.text_width(t, sizes.value, bold=True)
        + (typeset.text_width(" " + m, sizes.small) if m else 0)
        for t, m in zip(texts, marks, strict=True)
    ]
    top = max(max(values), 0.0)
    # leave room right of the longest bar when its value must sit outside it
    x_max = top if top > 0 else 1.0
    for v, w in zip(values, widths, strict=True):
        bar_px = v / x_max * body_w
        if bar_px < w + 2 * INSIDE_PAD and v >= 0:
            need = (w + INSIDE_PAD) / body_w  # fraction of the axis the label takes
            x_max = max(x_max, v / (1 - need) if need < 0.8 else v * 5)
    fig.update_xaxes(range=[0, x_max], visible=False, fixedrange=True)
    fig.update_yaxes(range=[body_h, 0], visible=False, fixedrange=True)

    y = 0.0
    centres, colours = [], []
    for i, fact in enumerate(facts):
        fig.add_annotation(
            framing.label(
                typeset.html_lines(labels[i]),
                0,
                y,
                size=sizes.label,
                colour=theme.INK,
                name=f"label:{fact.id}",
            )
        )
        y += typeset.block_height(len(labels[i]), sizes.label) + LABEL_GAP
        centres.append(y + bar / 2)
        colours.append(theme.PRIMARY)
        bar_px = values[i] / x_max * body_w
        inside = bar_px >= widths[i] + 2 * INSIDE_PAD
        colour = theme.BACKGROUND if inside else theme.INK
        mark_colour = theme.BACKGROUND if inside else theme.INK_FAINT
        fig.add_annotation(
            framing.label(
                f"<b>{typeset.esc(texts[i])}</b>"
                + theme.mark_html(marks[i], sizes.small, colour=mark_colour),
                values[i] + (-1 if inside else 1) * INSIDE_PAD / body_w * x_max,
                y + bar / 2,
                size=sizes.value,
                colour=colour,
                xanchor="right" if inside else "left",
                yanchor="middle",
                name=f"value:{fact.id}",
            )
        )
        y += bar + ROW_GAP

    fig.add_trace(
        go.Bar(
            x=values,
            y=centres,
            orientation="h",
            width=bar,
            base=0,
            marker=dict(color=colours, line=dict(width=0)),
            hoverinfo="skip",
            showlegend=False,
            name=chart.id,
            textposition="none",
        )
    )
    # the zero line, along the bars only
    fig.add_shape(
        type="line",
        xref="x",
        yref="y",
        x0=0,
        x1=0,
        y0=centres[0] - bar / 2,
        y1=centres[-1] + bar / 2,
        line=dict(color=theme.INK, width=1.5),
    )
    fig.update_layout(bargap=0)
    return framing.dress(fig, frame)
