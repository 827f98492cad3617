"""Charts for right-to-left languages: the drawing mirrored, every text isolated.

Plotly lays text out left to right and knows no `direction`. For Arabic, Hebrew or
Persian, `mirror()` turns a finished figure around: the px axes run right to left (so
everything placed on them is mirrored), paper positions are mirrored, anchors and
alignments swap sides, and every line of text is wrapped in a right-to-left isolate
(U+2067 … U+2069). Without the isolate Chromium lays a line out in a left-to-right
paragraph, and "2.4 مليون" or "«تقدير»: …" come out in the wrong order. Maps keep their
geography; only their labels' text and the key beside them follow.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

RLI, PDI = "\u2067", "\u2069"
_SIDE = {"left": "right", "right": "left"}
_BREAK = re.compile(r"(<br\s*/?>)", re.IGNORECASE)


#: What opens an isolate (LRI, RLI, FSI); PDI closes the last one open.
_OPENERS = frozenset("\u2066\u2067\u2068")


def isolate(text: str) -> str:
    """Each line of a Plotly text (lines split by `<br>`) as a right-to-left isolate.

    A line is laid out on its own, so an isolate inside the text (a name in another
    script, `facts.i18n.isolated`) that a wrap cut in two is closed at the end of its
    first line and opened again at the start of the next: a closing mark left alone on
    a line would close the line's own isolate instead, and lay the rest of it out left
    to right."""
    if not text or RLI in text:
        return text
    out, carried = [], ""
    for part in _BREAK.split(text):
        if _BREAK.fullmatch(part) or not (part or carried):
            out.append(part)
            continue
        line, carried = _balanced(carried + part)
        out.append(f"{RLI}{line}{PDI}")
    return "".join(out)


def _balanced(line: str) -> tuple[str, str]:
    """`line` with every isolate it opens closed (a closing mark with none open dropped),
    and the openers it left open, to open again on the next line."""
    kept, open_ = [], []
    for ch in line:
        if ch in _OPENERS:
            open_.append(ch)
        elif ch == PDI:
            if not open_:
                continue
            open_.pop()
        kept.append(ch)
    return "".join(kept) + PDI * len(open_), "".join(open_)


def _position(pos: str) -> str:
    """'middle right' -> 'middle left'."""
    return " ".join(_SIDE.get(w, w) for w in pos.split())


def _texts(value: object) -> object:
    if isinstance(value, str):
        return isolate(value)
    if isinstance(value, (list, tuple)):
        return [isolate(v) if isinstance(v, str) else v for v in value]
    return value


def mirror(fig: go.Figure) -> go.Figure:
    """`fig` drawn right to left (in place; returns it)."""
    layout = fig.layout
    margin = layout.margin
    margin.l, margin.r = margin.r, margin.l
    for axis in fig.select_xaxes():
        if axis.range is not None:
            axis.range = list(reversed(axis.range))
        else:
            axis.autorange = "reversed"
    for a in layout.annotations:
        a.text = isolate(a.text or "")
        if (a.xref or "x").startswith("paper") or " domain" in (a.xref or ""):
            a.x = 1 - (a.x or 0)
        if a.xanchor in _SIDE:
            a.xanchor = _SIDE[a.xanchor]
        if a.align in _SIDE:
            a.align = _SIDE[a.align]
        if a.showarrow and a.ax is not None and (a.axref or "pixel") == "pixel":
            a.ax = -a.ax
    for s in layout.shapes:
        if (s.xref or "x").startswith("paper"):
            s.x0, s.x1 = 1 - (s.x0 or 0), 1 - (s.x1 or 0)
    for trace in fig.data:
        if hasattr(trace, "text") and trace.text is not None:
            trace.text = _texts(trace.text)
        if trace.type == "scattergeo":
            continue  # the map is not mirrored: its labels keep their sides
        pos = getattr(trace, "textposition", None)
        if isinstance(pos, str):
            trace.textposition = _position(pos)
        elif isinstance(pos, (list, tuple)):
            trace.textposition = [_position(p) for p in pos]
    return fig
