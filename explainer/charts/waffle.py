"""Waffle (unit chart): one square for every `per_mark` units of a fact.

5 million people at 50,000 a square are 100 squares; 5,000 clients at one a square are
5,000. Squares are laid out in rows of a round number (10, 20, 25, 50 or 100 across),
with a small gap after every ten squares both ways, so a reader can count blocks. On a
phone (the narrow drawing) a grid whose squares would be smaller than `MIN_CELL` px
takes fewer columns (5,000 squares: 50 across, 100 down).

The squares of one colour are ONE path, whatever their number (5,000 markers would be
5,000 SVG elements, 870 KB): each colour is a single scatter trace filled `toself`,
made of the rectangles its squares form block by block, and the gaps between squares
are cut back out by one path of strips in the background colour laid over them. The
drawn picture is the same squares with the same gaps; the SVG is a few KB.

`highlight` colours the first squares (as many as the highlighted fact has) in the
accent colour. Even when it is one square in 5,000, it can be found: the callout names
it with an arrow, and a ring is drawn round it when squares are small.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.facts.i18n import word
from explainer.facts.numbers import format_number, format_value
from explainer.facts.story import Chart, Fact, Story

SIZE = (theme.WIDTH, 560)

NICE_COLUMNS = (10, 20, 25, 50, 100)
MAX_CELL = 34.0
#: Narrow drawings take fewer columns rather than squares smaller than this (px).
MIN_CELL = 5.0
GROUP = 10  # squares per block, across and down
GROUP_GAP = 0.6  # gap between blocks, in cells
HEADLINE = 30
HEADLINE_NARROW = 26
CALLOUT_BAND = 58
RING_BELOW = 12.0  # ring the highlighted square when cells are smaller than this (px)


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


def narrow_columns(n: int, width: float) -> int:
    """Squares across on a phone: as `columns()`, but fewer (down to a grid twice as tall
    as wide) when the squares would be smaller than MIN_CELL."""
    cols = columns(n)
    if _cell(cols, width) >= MIN_CELL:
        return cols
    for c in reversed(NICE_COLUMNS):
        if c >= cols:
            continue
        if math.ceil(n / c) > 2 * c:
            break
        cols = c
        if _cell(c, width) >= MIN_CELL:
            break
    return cols


def _offset(i: int) -> float:
    """Position of cell `i` along a row or column, in cells, with block gaps."""
    return i + (i // GROUP) * GROUP_GAP


def _cell(cols: int, width: float) -> float:
    return min(MAX_CELL, width / (_offset(cols - 1) + 1))


def layout(n: int, width: float, narrow: bool = False) -> tuple[int, int, float]:
    """(columns, rows, cell px) for n squares in `width` px."""
    cols = narrow_columns(n, width) if narrow else columns(n)
    rows = max(1, math.ceil(n / cols))
    return cols, rows, _cell(cols, width)


Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in body px


def square_size(cell: float) -> float:
    """The side of a square in a `cell` px pitch: the rest is the gap."""
    return round(cell * (0.8 if cell < 12 else 0.86), 2)


def centres(n: int, cols: int, cell: float, top: float = 0.0) -> list[tuple[float, float]]:
    """The centre of every square, in order (row by row), in body px."""
    return [
        ((_offset(c) + 0.5) * cell, top + (_offset(r) + 0.5) * cell)
        for r, c in (divmod(i, cols) for i in range(n))
    ]


def runs(first: int, last: int, cols: int, cell: float, top: float = 0.0) -> list[Rect]:
    """Rectangles covering squares first..last-1 (gaps inside a block included): one for
    each block's rows that hold the same columns."""
    side = square_size(cell)

    def x0(c: int) -> float:
        return (_offset(c) + 0.5) * cell - side / 2

    def y0(r: int) -> float:
        return top + (_offset(r) + 0.5) * cell - side / 2

    if last <= first:
        return []
    rects: list[Rect] = []
    rows = math.ceil(last / cols)
    for br in range(first // cols // GROUP, math.ceil(rows / GROUP)):
        for bc in range(0, math.ceil(cols / GROUP)):
            open_run: tuple[int, int, int] | None = None  # (first row, c0, c1)
            end = min(rows, (br + 1) * GROUP)
            for r in range(br * GROUP, end + 1):  # one row past the block closes the run
                c0 = max(bc * GROUP, first - r * cols)
                c1 = min((bc + 1) * GROUP, cols, last - r * cols)
                span = (c0, c1) if c1 > c0 and r < end else None
                if open_run and (span is None or span != open_run[1:]):
                    r0, a, b = open_run
                    rects.append((x0(a), y0(r0), x0(b - 1) + side, y0(r - 1) + side))
                    open_run = None
                if span and open_run is None:
                    open_run = (r, *span)
    return rects


def gaps(n: int, cols: int, cell: float, top: float = 0.0) -> list[Rect]:
    """Strips over the gaps between neighbouring squares of a block, across the grid."""
    side = square_size(cell)
    rows = max(1, math.ceil(n / cols))
    left, right = cell / 2 - side / 2, (_offset(cols - 1) + 0.5) * cell + side / 2
    up, down = top + cell / 2 - side / 2, top + (_offset(rows - 1) + 0.5) * cell + side / 2
    out: list[Rect] = []
    for c in range(cols - 1):
        if (c + 1) % GROUP:
            out.append(
                (
                    (_offset(c) + 0.5) * cell + side / 2,
                    up,
                    (_offset(c + 1) + 0.5) * cell - side / 2,
                    down,
                )
            )
    for r in range(rows - 1):
        if (r + 1) % GROUP:
            out.append(
                (
                    left,
                    top + (_offset(r) + 0.5) * cell + side / 2,
                    right,
                    top + (_offset(r + 1) + 0.5) * cell - side / 2,
                )
            )
    return out


def _polygons(rects: list[Rect]) -> tuple[list[float | None], list[float | None]]:
    """x and y of closed rectangles, separated by None: one filled path for all."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for x0, y0, x1, y1 in rects:
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return xs[:-1], ys[:-1]


def _fill(rects: list[Rect], colour: str, name: str) -> go.Scatter:
    xs, ys = _polygons(rects)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="none",
        fill="toself",
        fillcolor=colour,
        hoverinfo="skip",
        showlegend=False,
        name=name,
        cliponaxis=False,
    )


def per_mark_parts(chart: Chart, fact: Fact, story: Story, locale: str) -> tuple[str, str]:
    """('50.000', 'persone'): what one square stands for, number and noun."""
    per = float(chart.options["per_mark"])  # type: ignore[arg-type]
    unit = fact.unit
    if unit is not None and unit.numerator and not unit.currency:
        names = story.units.get(unit.numerator[0], {}).get(locale)
        noun = names.for_count(per, locale) if names else unit.numerator[0]
        return format_number(per, locale), noun
    return format_value(per, unit, locale, story=story), ""


def per_mark_text(chart: Chart, fact: Fact, story: Story, locale: str) -> str:
    """'Ogni quadrato = 50.000 persone'."""
    n, noun = per_mark_parts(chart, fact, story, locale)
    return word("chart.per_mark", locale, story.strings, n=n, unit=noun).strip()


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    fact = story.facts[chart.facts[0]]
    hid = chart.options.get("highlight")
    hfact = story.facts[hid] if isinstance(hid, str) else None
    n, h = counts(chart, story)
    body_w = width - 2 * sizes.pad
    cols, rows, cell = layout(n, body_w, narrow=sizes.narrow)
    headline = HEADLINE_NARROW if sizes.narrow else HEADLINE

    label = typeset.wrap(cw.fact(fact.id).label, sizes.label, body_w)
    grid_h = (_offset(rows - 1) + 1) * cell
    head_h = (
        typeset.line_height(headline)
        + typeset.block_height(len(label), sizes.label)
        + 8
        + typeset.line_height(sizes.small)
        + 14
    )
    callout: list[str] = []
    mark = ""
    if h and hfact is not None:
        text = cw.say(
            "chart.highlight",
            label=cw.fact(hfact.id).label,
            n=cw.fact(hfact.id).value,
        )
        # the text starts 40 px right of the first square (the wide chart keeps more air),
        # and its "estimate" mark follows the last line
        mark = cw.fact(hfact.id).mark
        room = body_w - (50 if sizes.narrow else 90)
        callout = typeset.wrap(text, sizes.label, room, bold=True)
        mark_w = typeset.text_width(" " + mark, sizes.small) if mark else 0.0
        if typeset.text_width(callout[-1], sizes.label, bold=True) + mark_w > room:
            callout = typeset.wrap(text, sizes.label, room - mark_w, bold=True)
    # a callout of more lines than one needs a taller band above the grid
    extra = typeset.block_height(len(callout) - 1, sizes.label) if callout else 0.0
    band = CALLOUT_BAND + extra if h else 0
    shown = [fact] + ([hfact] if hfact and h else [])
    frame = framing.plan(
        cw,
        body_height=head_h + band + grid_h,
        notes=cw.notes(f.id for f in shown),
        width=width,
    )
    fig = framing.new_figure(frame)
    framing.px_axes(fig, frame)

    base = theme.CONTEXT if h else theme.PRIMARY
    y = 0.0
    total = cw.fact(fact.id).value
    fig.add_annotation(
        framing.label(
            f"<b>{typeset.esc(total)}</b>" + theme.mark_html(cw.fact(fact.id).mark, sizes.small),
            0,
            y,
            size=headline,
            colour=theme.INK,
            name=f"value:{fact.id}",
        )
    )
    y += typeset.line_height(headline)
    fig.add_annotation(
        framing.label(
            typeset.html_lines(label),
            0,
            y,
            size=sizes.label,
            colour=theme.INK_SOFT,
            name=f"label:{fact.id}",
        )
    )
    y += typeset.block_height(len(label), sizes.label) + 8
    key = f'<span style="color:{base}">■</span> ' + typeset.esc(
        per_mark_text(chart, fact, story, locale)
    )
    fig.add_annotation(
        framing.label(key, 0, y, size=sizes.small, colour=theme.INK_SOFT, name="per_mark")
    )
    y += typeset.line_height(sizes.small) + 14 + band
    grid_top = y

    # one path per colour, then the gaps cut back out (see the module's docstring)
    fig.add_trace(_fill(runs(h, n, cols, cell, grid_top), base, f"{chart.id}:squares"))
    if h:
        fig.add_trace(
            _fill(runs(0, h, cols, cell, grid_top), theme.HIGHLIGHT, f"{chart.id}:highlight")
        )
    fig.add_trace(_fill(gaps(n, cols, cell, grid_top), theme.BACKGROUND, f"{chart.id}:gaps"))

    if h and hfact is not None:
        tx, ty = centres(1, cols, cell, grid_top)[0]
        if cell < RING_BELOW:
            radius = max(cell * 1.6, 9.0)
            # in paper units: a shape on the axes would be clipped at the grid's edge
            fig.add_shape(
                type="circle",
                xref="paper",
                yref="paper",
                x0=frame.body_x(tx - radius),
                x1=frame.body_x(tx + radius),
                y0=frame.body_y(ty + radius),
                y1=frame.body_y(ty - radius),
                line=dict(color=theme.HIGHLIGHT, width=2.5),
            )
        ring = max(cell * 1.6, 9.0) if cell < RING_BELOW else cell / 2
        fig.add_annotation(
            x=tx,
            y=ty - ring,
            xref="x",
            yref="y",
            ax=40,
            ay=-(CALLOUT_BAND - 12 + extra / 2),
            text="<b>" + typeset.html_lines(callout) + "</b>" + theme.mark_html(mark, sizes.small),
            showarrow=True,
            arrowhead=2,
            arrowsize=1.2,
            arrowwidth=2,
            arrowcolor=theme.text_colour(theme.HIGHLIGHT),
            standoff=2,
            xanchor="left",
            yanchor="middle",
            align="left",
            font=dict(size=sizes.label, color=theme.text_colour(theme.HIGHLIGHT)),
            name=f"highlight:{hfact.id}",
        )
    return framing.dress(fig, frame)
