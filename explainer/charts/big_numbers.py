"""Big numbers: the headline facts as large localized values in a grid.

Each cell: a thin rule, the value as prose gives it ("quasi 18.000", "5 milioni",
"59 €") with its "stima"/"calcolo" mark, a rate's "per cliente al mese" on a line of its
own, then the fact's label. One column for one fact, two otherwise, so the values stay
large when the page shows the chart at phone width; the narrow (phone) drawing has one
column always.
"""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.facts.numbers import format_fact
from explainer.facts.story import Chart, Fact, Story

SIZE = (theme.WIDTH, 520)

GUTTER = 40
ROW_GAP = 26
ROW_GAP_NARROW = 20
RULE_GAP = 14
MIN_BIG = 28


def split_value(fact: Fact, story: Story, locale: str) -> tuple[str, str]:
    """('59 €', 'per cliente al mese'): the big part and a rate's per-words, both formatted."""
    full = format_fact(fact, story, locale)
    if fact.unit is None or not fact.unit.denominator:
        return full, ""
    bare = dataclasses.replace(fact, unit=dataclasses.replace(fact.unit, denominator=()))
    head = format_fact(bare, story, locale)
    if full.startswith(head) and len(full) > len(head):
        return head, full[len(head) :].strip()
    return full, ""


def _columns(n: int, sizes: theme.Sizes) -> int:
    return 1 if n == 1 or sizes.narrow else 2


def _cells(
    chart: Chart, story: Story, locale: str, col_width: float, sizes: theme.Sizes
) -> list[dict]:
    facts = [story.facts[f] for f in chart.facts]
    heads = [split_value(f, story, locale) for f in facts]
    marks = [words.shown_mark(f, locale, story.strings) for f in facts]
    # one size for every value, so the numbers compare at a glance
    widest = max(
        typeset.text_width(h, 1, bold=True) + (typeset.text_width(" " + m, sizes.small) if m else 0)
        for (h, _), m in zip(heads, marks, strict=True)
    )
    size = max(MIN_BIG, min(sizes.big, (col_width - 4) / max(widest, 1e-9)))
    cells = []
    for fact, (head, tail), m in zip(facts, heads, marks, strict=True):
        label = typeset.wrap(fact.label[locale], sizes.label, col_width)
        tail_lines = typeset.wrap(tail, sizes.value, col_width) if tail else []
        # still too wide at the smallest size: the value wraps (its mark after it)
        mark_w = typeset.text_width(" " + m, sizes.small) if m else 0.0
        lines = [head]
        if typeset.text_width(head, size, bold=True) + mark_w > col_width - 4:
            lines = typeset.wrap(head, size, col_width - 4 - mark_w, bold=True)
        height = (
            RULE_GAP
            + size * 1.15 * len(lines)
            + (6 + typeset.block_height(len(tail_lines), sizes.value) if tail_lines else 0)
            + 8
            + typeset.block_height(len(label), sizes.label)
        )
        cells.append(
            dict(
                fact=fact,
                head=lines,
                tail=tail_lines,
                mark=m,
                label=label,
                size=size,
                height=height,
            )
        )
    return cells


def _body(
    chart: Chart, story: Story, locale: str, sizes: theme.Sizes
) -> tuple[list[dict], list[float], float]:
    cols = _columns(len(chart.facts), sizes)
    body_w = sizes.width - 2 * sizes.pad
    col_w = (body_w - GUTTER * (cols - 1)) / cols
    cells = _cells(chart, story, locale, col_w, sizes)
    rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
    gap = ROW_GAP_NARROW if sizes.narrow else ROW_GAP
    tops, y = [], 0.0
    for row in rows:
        tops.append(y)
        y += max(c["height"] for c in row) + gap
    return cells, tops, y - gap


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    cells, tops, body_h = _body(chart, story, locale, sizes)
    facts = [c["fact"] for c in cells]
    frame = framing.plan(
        cw,
        body_height=body_h,
        notes=cw.notes(f.id for f in facts),
        width=width,
    )
    fig = framing.new_figure(frame)
    framing.px_axes(fig, frame)
    cols = _columns(len(cells), sizes)
    col_w = (frame.body_width - GUTTER * (cols - 1)) / cols
    value_colour = theme.text_colour(theme.PRIMARY)
    for i, cell in enumerate(cells):
        x = (i % cols) * (col_w + GUTTER)
        y = tops[i // cols]
        fig.add_shape(
            type="line",
            xref="x",
            yref="y",
            x0=x,
            x1=x + col_w,
            y0=y,
            y1=y,
            line=dict(color=theme.RULE, width=1.5),
        )
        y += RULE_GAP
        size = cell["size"]
        fig.add_annotation(
            framing.label(
                f"<b>{typeset.html_lines(cell['head'])}</b>"
                + theme.mark_html(cell["mark"], sizes.small),
                x,
                y,
                size=size,
                colour=value_colour,
                name=f"value:{cell['fact'].id}",
            )
        )
        y += size * 1.15 * len(cell["head"])
        if cell["tail"]:
            y += 6
            fig.add_annotation(
                framing.label(
                    typeset.html_lines(cell["tail"]), x, y, size=sizes.value, colour=value_colour
                )
            )
            y += typeset.block_height(len(cell["tail"]), sizes.value)
        y += 8
        fig.add_annotation(
            framing.label(
                typeset.html_lines(cell["label"]),
                x,
                y,
                size=sizes.label,
                colour=theme.INK_SOFT,
                name=f"label:{cell['fact'].id}",
            )
        )
    return framing.dress(fig, frame)
