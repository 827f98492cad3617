"""The one look every chart and card shares: colours, type, spacing, and the frame.

Every chart is an image that must stand alone (shared on social media, embedded
elsewhere, printed), so `frame()` gives each figure the chart's title, its caption, a
line explaining the "estimate" / "calculated" marks when a shown fact needs them, and
the source line ("Source: “…” · byline").

Colours are the Okabe–Ito set (distinguishable with the common colour-vision
deficiencies), ordered so the first ones have at least 3:1 contrast on white for marks;
text colours have at least 4.5:1 (tests check both).

Layout is done in CSS pixels. Plotly wraps no text and knows no text widths, so
`text_width()` estimates them from Inter's advance widths (measured from the shipped
font, a little generous so a fallback font still fits) and `wrap()` breaks lines.

Heights depend on how many lines the title, caption and footer wrap to in a language,
so each figure sets its own `layout.height`; `charts.size(chart, story, locale)` gives
the same number without drawing.

Every chart is drawn at two widths: the article's 720 px, and a phone's `NARROW` 360 px.
A 720 px drawing squeezed onto a phone shrinks its text to 7 px, so the narrow drawing
is laid out anew for its width, with its own type sizes (`Sizes`: never below 13 px, for
a drawing shown at about 1:1) and fewer columns, more lines.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from explainer.facts.i18n import join, word
from explainer.facts.story import Chart, Fact, Story
from explainer.images.fonts import FONT_FAMILY

# --------------------------------------------------------------------------- colours

#: Okabe–Ito, reordered: blue, vermillion, bluish green, reddish purple, orange, sky blue.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY = "#56B4E9"
#: Series colours in order of use; the first four have ≥ 3:1 contrast on white.
PALETTE: tuple[str, ...] = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, SKY)
#: Darker versions for text in a series colour (≥ 4.5:1 on white).
TEXT_COLOURS: dict[str, str] = {
    BLUE: "#005A8C",
    VERMILLION: "#B34F00",
    GREEN: "#00785A",
    PURPLE: "#A8457E",
    ORANGE: "#8A5F00",
    SKY: "#1F6E9C",
}

PRIMARY = BLUE
HIGHLIGHT = VERMILLION
#: Marks that are context, not the point (the waffle's other squares).
CONTEXT = "#8FB3D1"

BACKGROUND = "#FFFFFF"
INK = "#1B1B1B"  # main text, 17:1
INK_SOFT = "#4D4D4D"  # captions, labels, 8.4:1
INK_FAINT = "#5F5F5F"  # footer, axis ticks, 6.4:1
RULE = "#D0D0D0"  # separators
GRID = "#E3E3E3"
TINT = "#EAF2F8"  # light fill behind a value (flow boxes)
LAND = "#E6E6E6"  # countries not in the story
BORDER = "#FFFFFF"

# --------------------------------------------------------------------------- type

FONT = FONT_FAMILY
#: Font sizes in CSS px. The page may show a chart at half size on a phone, so nothing
#: that must be read is below 14 px, and labels are 17.
TITLE = 26
CAPTION = 18
LABEL = 17
VALUE = 20
SMALL = 15
FOOTER = 14
BIG = 46
#: Plotly's line height for multi-line text.
LINE = 1.3

# --------------------------------------------------------------------------- spacing

WIDTH = 720
#: The phone drawing's width: the page shows it, about 1:1, below 600 CSS px.
NARROW = 360
PAD = 24  # left/right padding of the header and footer
PAD_TOP = 20
PAD_BOTTOM = 14
GAP = 8  # between title and caption
HEADER_GAP = 20  # between header and body
FOOTER_GAP = 18  # between body and footer



@dataclass(frozen=True)
class Sizes:
    """Type sizes and side padding for one drawing width (px)."""

    width: int
    narrow: bool
    title: float
    caption: float
    label: float
    value: float
    small: float
    footer: float
    big: float
    pad: int


#: The article's drawing, which a page may show at ~0.8x: nothing below 14 px.
WIDE_SIZES = Sizes(WIDTH, False, TITLE, CAPTION, LABEL, VALUE, SMALL, FOOTER, BIG, PAD)
#: The phone's drawing, shown at ~1x: nothing below 13 px.
NARROW_SIZES = Sizes(NARROW, True, title=21, caption=15, label=15, value=17, small=13,
                     footer=13, big=34, pad=16)
#: Drawings narrower than this get the phone's type sizes.
NARROW_BELOW = 560


def sizes(width: int | None = None) -> Sizes:
    """The type sizes and padding for a drawing `width` px wide (default: WIDTH)."""
    w = WIDTH if width is None else int(width)
    base = NARROW_SIZES if w < NARROW_BELOW else WIDE_SIZES
    return base if w == base.width else dataclasses.replace(base, width=w)


# Inter's advance widths (em) at the default instance, measured from the shipped font.
_W = {
    " ": 0.281, "!": 0.288, '"': 0.466, "#": 0.633, "$": 0.642, "%": 0.982, "&": 0.644,
    "'": 0.3, "(": 0.365, ")": 0.365, "*": 0.501, "+": 0.662, ",": 0.288, "-": 0.46,
    ".": 0.288, "/": 0.36, "0": 0.631, "1": 0.407, "2": 0.61, "3": 0.618, "4": 0.646,
    "5": 0.593, "6": 0.62, "7": 0.566, "8": 0.619, "9": 0.62, ":": 0.288, ";": 0.302,
    "<": 0.662, "=": 0.662, ">": 0.662, "?": 0.511, "@": 0.966, "A": 0.69, "B": 0.654,
    "C": 0.73, "D": 0.722, "E": 0.601, "F": 0.59, "G": 0.746, "H": 0.743, "I": 0.269,
    "J": 0.571, "K": 0.672, "L": 0.565, "M": 0.903, "N": 0.753, "O": 0.765, "P": 0.639,
    "Q": 0.765, "R": 0.644, "S": 0.642, "T": 0.646, "U": 0.744, "V": 0.69, "W": 0.985,
    "X": 0.682, "Y": 0.679, "Z": 0.629, "[": 0.365, "\\": 0.36, "]": 0.365, "^": 0.471,
    "_": 0.456, "`": 0.323, "a": 0.562, "b": 0.612, "c": 0.571, "d": 0.612, "e": 0.583,
    "f": 0.37, "g": 0.613, "h": 0.591, "i": 0.242, "j": 0.242, "k": 0.549, "l": 0.242,
    "m": 0.876, "n": 0.591, "o": 0.6, "p": 0.612, "q": 0.612, "r": 0.376, "s": 0.528,
    "t": 0.327, "u": 0.591, "v": 0.562, "w": 0.818, "x": 0.546, "y": 0.562, "z": 0.552,
    "{": 0.426, "|": 0.333, "}": 0.426, "~": 0.662, "ß": 0.616, "œ": 1.0, "’": 0.261,
    "‘": 0.261, "“": 0.44, "”": 0.44, "«": 0.583, "»": 0.583, "–": 0.5, "—": 1.0,
    "…": 0.864, "×": 0.662, "÷": 0.662, "€": 0.667, "£": 0.611, "·": 0.288, "•": 0.562,
    "→": 0.954, "←": 0.954, "↑": 0.834, "↓": 0.834, "\u00a0": 0.281, "\u202f": 0.2,
}
_BOLD = 1.07  # bold is a little wider
_SLACK = 1.04  # a fallback font, hinting, rounding


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in px of one line of plain text in Inter at `size` px."""
    import unicodedata

    em = 0.0
    for ch in text:
        w = _W.get(ch)
        if w is None:
            base = unicodedata.normalize("NFD", ch)[0]
            w = _W.get(base)
        if w is None:
            w = 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.62
        em += w
    return em * size * (_BOLD if bold else 1.0) * _SLACK


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of plain text into lines no wider than `width` px (when possible)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in paragraph.split(" "):
            candidate = f"{line} {token}" if line else token
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = token
            else:
                line = candidate
        lines.append(line)
    return lines


def esc(text: str) -> str:
    """Plain text made safe for Plotly's small HTML subset (&, <, >)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_lines(lines: Iterable[str]) -> str:
    return "<br>".join(esc(line) for line in lines)


def line_height(size: float) -> float:
    return size * LINE


def block_height(lines: int, size: float) -> float:
    return lines * line_height(size) if lines else 0.0


# --------------------------------------------------------------------------- marks


def mark(fact: Fact, locale: str) -> str:
    """The word shown beside an estimated ("stima") or derived ("calcolo") value, or ""."""
    if fact.kind == "estimated":
        return word("chart.mark.estimated", locale)
    if fact.kind == "derived":
        return word("chart.mark.derived", locale)
    return ""


def shown_mark(fact: Fact, locale: str) -> str:
    """`mark()`, unless the fact's label already says it ("… (stima)"): no need twice."""
    m = mark(fact, locale)
    if m and m.casefold() in fact.label[locale].casefold():
        return ""
    return m


def mark_html(text: str, size: float = SMALL, colour: str = INK_FAINT) -> str:
    """A mark set small, after a value: '<span …>&nbsp;stima</span>'."""
    if not text:
        return ""
    style = f"font-size:{size:g}px;color:{colour};font-weight:normal"
    # the space inside the span, so it is small too (a 46 px space is a gap)
    return f'<span style="{style}">\u00a0{esc(text)}</span>'


def text_colour(colour: str) -> str:
    """The text colour to use for labels in a series colour."""
    return TEXT_COLOURS.get(colour, INK)


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white: amount 0 is the colour, 1 is white."""
    c = colour.lstrip("#")
    rgb = [int(c[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(v + (255 - v) * amount) for v in rgb]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def contrast(a: str, b: str = BACKGROUND) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def lum(h: str) -> float:
        h = h.lstrip("#")
        parts = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --------------------------------------------------------------------------- sources


def fact_sources(fact_ids: Iterable[str], story: Story) -> list[str]:
    """Source ids behind facts, following derived facts to their inputs; in order."""
    out: list[str] = []
    seen: set[str] = set()

    def visit(fid: str) -> None:
        if fid in seen or fid not in story.facts:
            return
        seen.add(fid)
        fact = story.facts[fid]
        if fact.source and fact.source not in out:
            out.append(fact.source)
        for inp in fact.inputs:
            visit(inp)

    for fid in fact_ids:
        visit(fid)
    return out


def chart_sources(chart: Chart, story: Story) -> list[str]:
    ids = fact_sources([*chart.facts, *_option_facts(chart)], story)
    for pid in chart.places:
        place = story.places.get(pid)
        if place and place.source and place.source not in ids:
            ids.append(place.source)
    return ids


def _option_facts(chart: Chart) -> list[str]:
    h = chart.options.get("highlight")
    return [h] if isinstance(h, str) else []


def source_line(source_ids: Sequence[str], story: Story, locale: str) -> str:
    """'Fonte: «xtream codes iptv» · Redazione explainer' (plain text)."""
    titles = []
    for sid in source_ids:
        src = story.sources.get(sid)
        if src is None:
            continue
        t = word("chart.source_title", locale, title=src.title)
        titles.append(f"{t}, {src.publisher}" if src.publisher else t)
    parts = []
    if titles:
        parts.append(word("chart.source", locale, sources=join(titles, locale)))
    byline = story.byline.get(locale) if story.byline else None
    if byline:
        parts.append(byline)
    return " · ".join(parts)


def mark_notes(facts: Iterable[Fact], locale: str) -> list[str]:
    """Footnotes explaining the marks used for these facts."""
    kinds = {f.kind for f in facts}
    notes = []
    if "estimated" in kinds:
        notes.append(word("chart.note.estimated", locale))
    if "derived" in kinds:
        notes.append(word("chart.note.derived", locale))
    return notes


# --------------------------------------------------------------------------- frame


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
    chart: Chart,
    story: Story,
    locale: str,
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
    title = wrap(chart.title[locale], s.title, inner, bold=True)
    caption = wrap(chart.caption[locale], s.caption, inner) if chart.caption else []
    footer: list[str] = []
    for note in notes:
        footer += wrap(note, s.footer, inner)
    footer += wrap(source_line(chart_sources(chart, story), story, locale), s.footer, inner)
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
        margin=dict(l=frame.left, r=frame.right, t=frame.top, b=frame.bottom, pad=0,
                    autoexpand=False),
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        font=dict(family=FONT, size=frame.sizes.label, color=INK),
        showlegend=False,
        hovermode=False,
        dragmode=False,
        xaxis=axis,
        yaxis=axis,
    )


def new_figure(frame: Frame) -> go.Figure:
    return go.Figure(layout=base_layout(frame))


def dress(fig: go.Figure, frame: Frame) -> go.Figure:
    """Add the title, caption and footer annotations described by `frame` to `fig`."""
    s = frame.sizes
    y: float = PAD_TOP
    notes = []
    notes.append(
        dict(
            text="<b>" + html_lines(frame.title) + "</b>",
            x=frame.px_x(s.pad), y=frame.px_y(y), xanchor="left", yanchor="top",
            font=dict(size=s.title, color=INK), name="title",
        )
    )
    y += block_height(len(frame.title), s.title)
    if frame.caption:
        y += GAP
        notes.append(
            dict(
                text=html_lines(frame.caption),
                x=frame.px_x(s.pad), y=frame.px_y(y), xanchor="left", yanchor="top",
                font=dict(size=s.caption, color=INK_SOFT), name="caption",
            )
        )
    y_footer = frame.height - PAD_BOTTOM
    notes.append(
        dict(
            text=html_lines(frame.footer),
            x=frame.px_x(s.pad), y=frame.px_y(y_footer), xanchor="left", yanchor="bottom",
            font=dict(size=s.footer, color=INK_FAINT), name="footer",
        )
    )
    for n in notes:
        fig.add_annotation(
            xref="paper", yref="paper", showarrow=False, align="left", borderpad=0, **n
        )
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


def label(text: str, x: float, y: float, *, size: float = LABEL, colour: str = INK,
          xanchor: str = "left", yanchor: str = "top", bold: bool = False,
          align: str | None = None, name: str | None = None, xref: str = "x",
          yref: str = "y") -> dict:
    """An annotation at body px (x, y) with plain or Plotly-HTML `text`."""
    return dict(
        text=f"<b>{text}</b>" if bold else text,
        x=x, y=y, xref=xref, yref=yref, xanchor=xanchor, yanchor=yanchor,
        showarrow=False, align=align or xanchor,
        font=dict(size=size, color=colour), borderpad=0, name=name,
    )
