"""Flow: a chain of stages (platform → clients → servers → viewers), top to bottom.

Each stage is a box with its localized count, and the fact's label beside it. Between
two stages an arrow carries the ratio of their counts, computed from the facts and
rounded to two significant digits, written as it reads best: "×5.000", "×3,6" where the
chain grows, "1 su 40" where it shrinks to half or less, "67 %" where it keeps more than
half, "≈ tanti" where it stays within 5 %. A note explains each form the chain uses.

Not a sankey: its band widths would have to mix platforms, clients, servers and people,
and a width that means four different things means nothing.

On a phone (the narrow drawing) the boxes are narrower and their values a little
smaller, so the labels beside them keep room for a few words a line.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from explainer.charts import framing, theme, typeset, words
from explainer.facts.i18n import Strings, word
from explainer.facts.numbers import format_fact, format_number, native_digits
from explainer.facts.story import Chart, Fact, Story

SIZE = (theme.WIDTH, 560)

BOX_W = 236
BOX_PAD = 12
GAP_X = 28  # between a box and its label
CONNECTOR = 50  # vertical space between boxes, holding the arrow and the ratio
VALUE_SIZE = 30
MIN_VALUE_SIZE = 20
#: The narrow drawing's box, gap and value sizes.
BOX_W_NARROW = 150
GAP_X_NARROW = 14
VALUE_SIZE_NARROW = 24
MIN_VALUE_SIZE_NARROW = 17
RATIO_DIGITS = 2


def ratios(facts: list[Fact]) -> list[float]:
    """Each stage's count divided by the one before (0 when the one before is 0)."""
    out = []
    for a, b in zip(facts, facts[1:], strict=False):
        av, bv = float(a.value or 0), float(b.value or 0)
        out.append(bv / av if av else 0.0)
    return out


#: Within this share of the stage before, a stage is "about as many".
SAME = 0.05


def ratio_kind(r: float) -> str:
    """How a ratio reads best: `times` (×280), `same` (≈), `share` (67 %: a stage that
    keeps more than half), `one_in` (1 in 40: a stage that keeps half or less)."""
    if abs(r - 1) < SAME:
        return "same"
    if r > 1 or r <= 0:
        return "times"
    return "share" if r > 0.5 else "one_in"


def ratio_texts(facts: list[Fact], locale: str, strings: Strings) -> list[str]:
    """'×5.000', '×3,6' for stages that grow; '1 su 40', '67 %' for stages that shrink;
    '≈ tanti' for stages about as large as the one before."""
    out = []
    for r in ratios(facts):
        kind = ratio_kind(r)
        if kind == "same":
            out.append(word("chart.same", locale, strings))
        elif kind == "share":
            out.append(format_number(r, locale, "percent", digits=RATIO_DIGITS))
        elif kind == "one_in":
            n = format_number(1 / r, locale, digits=RATIO_DIGITS)
            out.append(native_digits(word("chart.one_in", locale, strings, n=n), locale))
        else:
            n = format_number(r, locale, digits=RATIO_DIGITS)
            out.append(word("chart.times", locale, strings, n=n))
    return out


def ratio_notes(facts: list[Fact]) -> list[str]:
    """The keys of the notes that explain the ratios a chain shows, in a fixed order."""
    kinds = {ratio_kind(r) for r in ratios(facts)}
    keys = {
        "times": "chart.flow_note",
        "one_in": "chart.flow_note.one_in",
        "share": "chart.flow_note.share",
        "same": "chart.flow_note.same",
    }
    return [key for kind, key in keys.items() if kind in kinds]


@dataclass(frozen=True)
class _Stage:
    fact: Fact
    value: list[str]  # the value's lines
    size: float
    mark: str
    label: list[str]
    box_h: float
    height: float


def _box(sizes: theme.Sizes) -> tuple[float, float, float, float]:
    """(box width, gap to the label, largest and smallest value size) for a width."""
    if sizes.narrow:
        return BOX_W_NARROW, GAP_X_NARROW, VALUE_SIZE_NARROW, MIN_VALUE_SIZE_NARROW
    return BOX_W, GAP_X, VALUE_SIZE, MIN_VALUE_SIZE


def _stages(
    chart: Chart, story: Story, locale: str, sizes: theme.Sizes
) -> tuple[list[_Stage], float]:
    facts = [story.facts[f] for f in chart.facts]
    values = [format_fact(f, story, locale) for f in facts]
    marks = [words.shown_mark(f, locale, story.strings) for f in facts]
    box_w, gap_x, biggest, smallest = _box(sizes)
    inner = box_w - 2 * BOX_PAD
    widest = max(typeset.text_width(v, 1, bold=True) for v in values)
    size = max(smallest, min(biggest, inner / widest))
    label_w = sizes.width - 2 * sizes.pad - box_w - gap_x
    stages = []
    for fact, value, m in zip(facts, values, marks, strict=True):
        value_lines = typeset.wrap(value, size, inner, bold=True)
        label = typeset.wrap(fact.label[locale], sizes.label, label_w)
        box_h = (
            2 * BOX_PAD
            + typeset.block_height(len(value_lines), size)
            + (typeset.line_height(sizes.small) if m else 0)
        )
        height = max(box_h, typeset.block_height(len(label), sizes.label) + 2 * BOX_PAD)
        stages.append(_Stage(fact, value_lines, size, m, label, box_h, height))
    return stages, sum(s.height for s in stages) + CONNECTOR * (len(stages) - 1)


def figure(chart: Chart, story: Story, locale: str, width: int = theme.WIDTH) -> go.Figure:
    cw = words.chart_words(chart, story, locale)
    sizes = theme.sizes(width)
    stages, body_h = _stages(chart, story, locale, sizes)
    facts = [s.fact for s in stages]
    notes = [*(cw.say(key) for key in ratio_notes(facts)), *cw.notes(f.id for f in facts)]
    frame = framing.plan(cw, body_height=body_h, notes=notes, width=width)
    fig = framing.new_figure(frame)
    framing.px_axes(fig, frame)

    ink = theme.text_colour(theme.PRIMARY)
    accent = theme.text_colour(theme.HIGHLIGHT)
    times = ratio_texts(facts, locale, story.strings)
    box_w, gap_x, _, _ = _box(sizes)
    cx = box_w / 2
    y = 0.0
    for i, s in enumerate(stages):
        top = y + (s.height - s.box_h) / 2
        bottom = top + s.box_h
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=0,
            x1=box_w,
            y0=top,
            y1=bottom,
            fillcolor=theme.TINT,
            line=dict(color=theme.PRIMARY, width=2),
            layer="below",
        )
        text = "<b>" + typeset.html_lines(s.value) + "</b>"
        fig.add_annotation(
            framing.label(
                text,
                cx,
                top + BOX_PAD,
                size=s.size,
                colour=ink,
                xanchor="center",
                name=f"value:{s.fact.id}",
            )
        )
        if s.mark:
            fig.add_annotation(
                framing.label(
                    typeset.esc(s.mark),
                    cx,
                    top + BOX_PAD + typeset.block_height(len(s.value), s.size),
                    size=sizes.small,
                    colour=theme.INK_FAINT,
                    xanchor="center",
                )
            )
        fig.add_annotation(
            framing.label(
                typeset.html_lines(s.label),
                box_w + gap_x,
                y + s.height / 2,
                size=sizes.label,
                colour=theme.INK,
                yanchor="middle",
                name=f"label:{s.fact.id}",
            )
        )
        y += s.height
        if i < len(stages) - 1:
            nxt = stages[i + 1]
            next_top = y + CONNECTOR + (nxt.height - nxt.box_h) / 2
            fig.add_annotation(
                x=cx,
                y=next_top,
                ax=cx,
                ay=bottom,
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowsize=1.1,
                arrowwidth=2.5,
                arrowcolor=theme.PRIMARY,
                standoff=1,
                text="",
            )
            fig.add_annotation(
                framing.label(
                    f"<b>{typeset.esc(times[i])}</b>",
                    cx + 16,
                    (bottom + next_top) / 2,
                    size=sizes.value,
                    colour=accent,
                    yanchor="middle",
                    name=f"ratio:{i}",
                )
            )
            y += CONNECTOR
    return framing.dress(fig, frame)
