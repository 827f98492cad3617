"""Deterministic, inlinable SVG: stable ids instead of plotly.js's random ones.

plotly.js names each plot's defs, clip paths and classes after a random id, and gives
traces random uids. `set_trace_uids` fixes the uids in the figure before export;
`make_svg_deterministic` renames the ids in the SVG after it (references follow) and makes
the root `<svg>` responsive. `stable_id` turns a name into a safe id prefix.
"""

from __future__ import annotations

import re

__all__ = ["make_svg_deterministic", "set_trace_uids", "stable_id"]


def stable_id(text: str) -> str:
    """An XML/CSS-safe id made of `text`: letters, digits, '-' and '_', starting with a letter."""
    text = re.sub(r"\.svg$", "", text.strip(), flags=re.IGNORECASE)
    s = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    if not s:
        s = "chart"
    if not s[0].isalpha():
        s = "c" + s
    return s


def set_trace_uids(fig: dict, prefix: str) -> None:
    """Give every trace without a uid a stable one (plotly.js would pick a random one)."""
    for i, trace in enumerate(fig.get("data") or ()):
        if isinstance(trace, dict) and not trace.get("uid"):
            trace["uid"] = f"{prefix}-t{i}"


_ROOT_SVG = re.compile(r"<svg\b[^>]*>")
_DEFS_ID = re.compile(r'\bid="defs-([0-9a-zA-Z]+)"')
# Attributes that hold ids or references to them; user text never lands in these.
_REF_ATTR = re.compile(
    r"(\s(?:id|class|href|xlink:href|clip-path|mask|filter|fill|stroke|style|"
    r'marker-start|marker-mid|marker-end)=")([^"]*)(")'
)
_URL_REF = re.compile(r"""url\((['"]?)#([^'")]+)\1\)""")
_ID_ATTR = re.compile(r'\sid="([^"]*)"')


def make_svg_deterministic(svg: str, prefix: str) -> str:
    """Rewrite plotly's random ids to ones made of `prefix`, and make the root responsive.

    Every `id` in the result contains `prefix`, so several SVGs with different prefixes
    can be inlined in one page; references (`url(#…)`, `href="#…"`) follow their ids.
    """
    m = _DEFS_ID.search(svg)
    renames: dict[str, str] = {}
    uid = m.group(1) if m else None

    ids = _ID_ATTR.findall(svg)
    for old in ids:
        new = old.replace(uid, prefix) if uid else old
        if prefix not in new:
            new = f"{prefix}-{new}"
        if new != old:
            renames[old] = new

    def fix_attr(am: re.Match[str]) -> str:
        name, value, end = am.group(1), am.group(2), am.group(3)
        attr = name.strip()[:-2]
        if attr == "id":
            value = renames.get(value, value)
        elif attr == "class":
            if uid:
                value = value.replace(uid, prefix)
        elif attr in ("href", "xlink:href"):
            if value.startswith("#"):
                value = "#" + renames.get(value[1:], value[1:])
        else:
            value = _URL_REF.sub(
                lambda um: (
                    f"url({um.group(1)}#{renames.get(um.group(2), um.group(2))}{um.group(1)})"
                ),
                value,
            )
        return name + value + end

    body = _REF_ATTR.sub(fix_attr, svg)

    def fix_root(rm: re.Match[str]) -> str:
        # Its other attributes, then the style, then the viewBox: plotly.js's root has a
        # style (`style=""`) and then a viewBox, but now and then the style comes after
        # the viewBox, or not at all (plotly.js's doing, timing-dependent: 1 to 3 builds
        # in 12 of the reference story had one such SVG, under load, before this as
        # after). All give the same bytes.
        tag = rm.group(0)
        w = re.search(r'\swidth="([^"]*)"', tag)
        h = re.search(r'\sheight="([^"]*)"', tag)
        sm = re.search(r'\sstyle="([^"]*)"', tag)
        vb = re.search(r'\sviewBox="([^"]*)"', tag)
        rest = re.sub(r'\s(?:width|height|style|viewBox)="[^"]*"', "", tag)[:-1]
        responsive = "width:100%;height:auto"
        old = sm.group(1).strip().rstrip(";") if sm else ""
        rest += f' style="{old};{responsive}"' if old else f' style="{responsive}"'
        if vb:
            rest += f' viewBox="{vb.group(1)}"'
        elif w and h:
            rest += f' viewBox="0 0 {w.group(1)} {h.group(1)}"'
        return rest + ">"

    return _ROOT_SVG.sub(fix_root, body, count=1)
