"""Social cards (Open Graph / Twitter images), 1200×630, in the charts' theme.

The story's card: its title, its headline fact as one large localized value with the
fact's label, and the source and byline, so a shared card says what the story says and
where the number comes from. Without a headline fact the standfirst takes its place.

A chart's card (`chart_card`): the chart's own drawing, title, notes and source line
included, centred on a 1200×630 canvas: the same figure with wider margins, exported at
the scale that makes the canvas exactly 1200×630 (so nothing is redrawn or cropped).
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from explainer.charts import rtl, theme, typeset, words
from explainer.facts.i18n import direction
from explainer.facts.numbers import format_fact
from explainer.facts.story import Story

CARD_SIZE = (1200, 630)
#: The height of a brand's logo at the end of the source line, and the widest it may be.
LOGO_HEIGHT = 40
LOGO_MAX_WIDTH = 240

PAD = 64
BAND = 12
TITLE = 46
VALUE = 132
MIN_VALUE = 72
LABEL = 32
FOOT = 22


def _label(
    text: str,
    x: float,
    y: float,
    size: float,
    colour: str,
    *,
    yanchor: str = "top",
    name: str | None = None,
) -> dict:
    return dict(
        text=text,
        x=x,
        y=y,
        xref="x",
        yref="y",
        xanchor="left",
        yanchor=yanchor,
        showarrow=False,
        align="left",
        font=dict(size=size, color=colour),
        borderpad=0,
        name=name,
    )


def social_card(story: Story, locale: str, *, logo_width: float = 0) -> go.Figure:
    """The card for `locale` as a figure to export at CARD_SIZE. `logo_width` px are
    kept free at the end of the source line, for a brand's logo (`brand.recolour`)."""
    width, height = CARD_SIZE
    inner = width - 2 * PAD
    fig = go.Figure(
        layout=dict(
            width=width,
            height=height,
            margin=dict(l=0, r=0, t=0, b=0, pad=0, autoexpand=False),
            paper_bgcolor=theme.BACKGROUND,
            plot_bgcolor=theme.BACKGROUND,
            font=dict(family=theme.FONT, size=LABEL, color=theme.INK),
            showlegend=False,
            hovermode=False,
            dragmode=False,
            xaxis=dict(range=[0, width], visible=False, fixedrange=True),
            yaxis=dict(range=[height, 0], visible=False, fixedrange=True),
        )
    )
    fig.add_shape(
        type="rect",
        xref="x",
        yref="y",
        x0=0,
        x1=width,
        y0=0,
        y1=BAND,
        fillcolor=theme.PRIMARY,
        line=dict(width=0),
    )

    y = BAND + 44.0
    title = typeset.wrap(story.title[locale], TITLE, inner, bold=True)[:3]
    fig.add_annotation(
        _label("<b>" + typeset.html_lines(title) + "</b>", PAD, y, TITLE, theme.INK, name="title")
    )
    y += typeset.block_height(len(title), TITLE) + 28

    fact = story.facts.get(story.headline) if story.headline else None
    foot = typeset.wrap(
        words.source_line(
            words.fact_sources([fact.id], story)
            if fact is not None and fact.is_number
            else list(story.sources),
            story,
            locale,
        ),
        FOOT,
        inner - (logo_width + 24 if logo_width else 0),
    )[:2]
    rule = height - PAD - typeset.block_height(len(foot), FOOT) - 18
    if fact is not None and fact.is_number:
        value = format_fact(fact, story, locale)
        mark = words.shown_mark(fact, locale, story.strings)
        # the value as big as fits beside its mark ("estimate"), on one line
        room = inner - (typeset.text_width("\u00a0" + mark, LABEL) if mark else 0)
        size = max(MIN_VALUE, min(VALUE, room / max(typeset.text_width(value, 1, bold=True), 1)))
        label = typeset.wrap(fact.label[locale], LABEL, inner)[:2]
        # the value and its label, centred between the title and the source line
        block = size * 1.12 + 8 + typeset.block_height(len(label), LABEL)
        y = max(y, y + (rule - 24 - y - block) / 2)
        text = f"<b>{typeset.esc(value)}</b>" + theme.mark_html(mark, size=LABEL)
        fig.add_annotation(
            _label(text, PAD - size * 0.04, y, size, theme.text_colour(theme.PRIMARY), name="value")
        )
        y += size * 1.12 + 8
        fig.add_annotation(
            _label(typeset.html_lines(label), PAD, y, LABEL, theme.INK_SOFT, name="label")
        )
    else:
        lines = typeset.wrap(story.standfirst[locale], LABEL, inner)[:4]
        fig.add_annotation(
            _label(typeset.html_lines(lines), PAD, y, LABEL, theme.INK_SOFT, name="standfirst")
        )

    fig.add_shape(
        type="line",
        xref="x",
        yref="y",
        x0=PAD,
        x1=width - PAD,
        y0=rule,
        y1=rule,
        line=dict(color=theme.RULE, width=1.5),
    )
    fig.add_annotation(
        _label(
            typeset.html_lines(foot),
            PAD,
            height - PAD + 12,
            FOOT,
            theme.INK_FAINT,
            yanchor="bottom",
            name="source",
        )
    )
    if direction(locale) == "rtl":
        rtl.mirror(fig)
    return fig


def chart_card(
    fig: go.Figure | dict[str, Any], width: int, height: int
) -> tuple[dict[str, Any], int, int, float]:
    """`fig` (drawn at `width` × `height` px; a figure or its `to_plotly_json()`) centred
    on a card: (figure as a plain dict, canvas width, canvas height, scale). The canvas
    has the card's proportions and whole px sides (40k × 21k, the smallest that holds
    the drawing), and canvas × scale is 1200 × 630. The card is the chart's own JSON
    with a new size and margins: copying it as a go.Figure would validate it all again
    (most of the time spent planning a story's images)."""
    card_w, card_h = CARD_SIZE
    k = max(math.ceil(width / 40), math.ceil(height / 21))
    canvas_w, canvas_h = 40 * k, 21 * k
    pad_x, pad_y = (canvas_w - width) / 2, (canvas_h - height) / 2
    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    layout = spec.get("layout", {})
    margin = layout.get("margin", {})

    def widened(side: str, pad: float) -> float:
        old = margin.get(side)
        new = (old or 0) + pad
        return old if old is not None and new == old else new  # as plotly keeps it

    card = {
        **spec,
        "layout": {
            **layout,
            "width": canvas_w,
            "height": canvas_h,
            "margin": {
                **margin,
                **{side: widened(side, pad_x) for side in ("l", "r")},
                **{side: widened(side, pad_y) for side in ("t", "b")},
            },
        },
    }
    return card, canvas_w, canvas_h, card_w / canvas_w
