"""Waffle (unit chart): one square for every `per_mark` units of a fact.

5 million people at 50,000 a square are 100 squares; 5,000 clients at one a square are
5,000. Squares are laid out in rows of a round number (10, 20, 25, 50 or 100 across),
with a small gap after every ten squares both ways, so a reader can count blocks.
All squares are ONE scatter trace with square markers (never shapes), which stays fast
with 10,000 of them.

`highlight` colours the first squares (as many as the highlighted fact has) in the
accent colour. Even when it is one square in 5,000, it can be found: the callout names
it with an arrow, and a ring is drawn round it when squares are small.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from explainer import theme
from explainer.i18n import word
from explainer.numbers import format_fact, format_number, format_value
from explainer.story import Chart, Fact, Story

SIZE = (theme.WIDTH, 560)

NICE_COLUMNS = (10, 20, 25, 50, 100)
MAX_CELL = 34.0
GROUP = 10  # squares per block, across and down
GROUP_GAP = 0.6  # gap between blocks, in cells
HEADLINE = 30
CALLOUT_BAND = 58
RING_BELOW = 16.0  # ring the highlighted square when cells are smaller than this (px)


def counts(chart: Chart, story: Story) -> tuple[int, int]:
    """(squares, highlighted squares) for the chart: rounded; a non-zero part shows ≥ 1."""
    per = float(chart.options["per_mark"])  # type: ignore[arg-type]
    fact = story.facts[chart.facts[0]]
    n = _marks(fact.value or 0, per)
    h = 0
    hid = chart.options.get("highlight")
    if isinstance(hid, str) and hid in story.facts:
        h = min(n, _marks(story.facts[hid].value or 0, per))
    return n, h


def _marks(value: float, per: float) -> int:
    if value <= 0:
        return 0
    return max(1, round(value / per))


def columns(n: int) -> int:
    """Squares across: the smallest round number that keeps the grid at most half as tall."""
    for c in NICE_COLUMNS:
        if math.ceil(n / c) <= c / 2:
            return min(c, max(n, 1)) if c == NICE_COLUMNS[0] else c
    return NICE_COLUMNS[-1]


def _offset(i: int) -> float:
    """Position of cell `i` along a row or column, in cells, with block gaps."""
    return i + (i // GROUP) * GROUP_GAP


def layout(n: int, width: float) -> tuple[int, int, float]:
    """(columns, rows, cell px) for n squares in `width` px."""
    cols = columns(n)
    rows = max(1, math.ceil(n / cols))
    span = _offset(cols - 1) + 1
    cell = min(MAX_CELL, width / span)
    return cols, rows, cell


def per_mark_parts(chart: Chart, fact: Fact, story: Story, locale: str) -> tuple[str, str]:
    """('50.000', 'persone'): what one square stands for, number and noun."""
    per = float(chart.options["per_mark"])  # type: ignore[arg-type]
    unit = fact.unit
    if unit is not None and unit.numerator and not unit.currency:
        names = story.units.get(unit.numerator[0], {}).get(locale)
        noun = (names.one if per == 1 else names.other) if names else unit.numerator[0]
        return format_number(per, locale), noun
    return format_value(per, unit, locale, story=story), ""


def per_mark_text(chart: Chart, fact: Fact, story: Story, locale: str) -> str:
    """'Ogni quadrato = 50.000 persone'."""
    n, noun = per_mark_parts(chart, fact, story, locale)
    return word("chart.per_mark", locale, n=n, unit=noun).strip()


def figure(chart: Chart, story: Story, locale: str) -> go.Figure:
    fact = story.facts[chart.facts[0]]
    hid = chart.options.get("highlight")
    hfact = story.facts[hid] if isinstance(hid, str) else None
    n, h = counts(chart, story)
    body_w = theme.WIDTH - 2 * theme.PAD
    cols, rows, cell = layout(n, body_w)

    label = theme.wrap(fact.label[locale], theme.LABEL, body_w)
    grid_h = (_offset(rows - 1) + 1) * cell
    head_h = (theme.line_height(HEADLINE) + theme.block_height(len(label), theme.LABEL) + 8
              + theme.line_height(theme.SMALL) + 14)
    band = CALLOUT_BAND if h else 0
    shown = [fact] + ([hfact] if hfact and h else [])
    frame = theme.plan(chart, story, locale, body_height=head_h + band + grid_h,
                       notes=theme.mark_notes(shown, locale))
    fig = theme.new_figure(frame)
    theme.px_axes(fig, frame)

    base = theme.CONTEXT if h else theme.PRIMARY
    y = 0.0
    total = format_fact(fact, story, locale)
    fig.add_annotation(theme.label(
        f"<b>{theme.esc(total)}</b>" + theme.mark_html(theme.shown_mark(fact, locale)),
        0, y, size=HEADLINE, colour=theme.INK, name=f"value:{fact.id}"))
    y += theme.line_height(HEADLINE)
    fig.add_annotation(theme.label(theme.html_lines(label), 0, y, colour=theme.INK_SOFT,
                                   name=f"label:{fact.id}"))
    y += theme.block_height(len(label), theme.LABEL) + 8
    key = f'<span style="color:{base}">■</span> ' + theme.esc(per_mark_text(chart, fact, story,
                                                                             locale))
    fig.add_annotation(theme.label(key, 0, y, size=theme.SMALL, colour=theme.INK_SOFT,
                                   name="per_mark"))
    y += theme.line_height(theme.SMALL) + 14 + band
    grid_top = y

    xs, ys = [], []
    for i in range(n):
        r, c = divmod(i, cols)
        xs.append((_offset(c) + 0.5) * cell)
        ys.append(grid_top + (_offset(r) + 0.5) * cell)
    colours = [theme.HIGHLIGHT] * h + [base] * (n - h)
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="markers",
        marker=dict(symbol="square", size=round(cell * (0.8 if cell < 12 else 0.86), 2),
                    color=colours, line=dict(width=0)),
        hoverinfo="skip", showlegend=False, name=chart.id, cliponaxis=False,
    ))

    if h and hfact is not None:
        tx, ty = xs[0], ys[0]
        if cell < RING_BELOW:
            radius = max(cell * 1.6, 9.0)
            # in paper units: a shape on the axes would be clipped at the grid's edge
            fig.add_shape(type="circle", xref="paper", yref="paper",
                          x0=frame.body_x(tx - radius), x1=frame.body_x(tx + radius),
                          y0=frame.body_y(ty + radius), y1=frame.body_y(ty - radius),
                          line=dict(color=theme.HIGHLIGHT, width=2.5))
        text = word("chart.highlight", locale, label=hfact.label[locale],
                    n=format_fact(hfact, story, locale))
        lines = theme.wrap(text, theme.LABEL, body_w - 90, bold=True)
        ring = max(cell * 1.6, 9.0) if cell < RING_BELOW else cell / 2
        fig.add_annotation(
            x=tx, y=ty - ring, xref="x", yref="y", ax=40, ay=-(CALLOUT_BAND - 12),
            text="<b>" + theme.html_lines(lines) + "</b>"
            + theme.mark_html(theme.shown_mark(hfact, locale)),
            showarrow=True, arrowhead=2,
            arrowsize=1.2, arrowwidth=2, arrowcolor=theme.text_colour(theme.HIGHLIGHT),
            standoff=2, xanchor="left", yanchor="middle", align="left",
            font=dict(size=theme.LABEL, color=theme.text_colour(theme.HIGHLIGHT)),
            name=f"highlight:{hfact.id}",
        )
    return theme.dress(fig, frame)
