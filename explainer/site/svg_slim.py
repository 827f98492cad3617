"""Making an inlined chart SVG smaller without changing what it draws (`slim_svg`, called
by `svg_inline.inline_svg(slim=True)` for the pages): Plotly's empty layers, unused clip
paths and invisible boxes out, groups that only name a layer unwrapped, attributes that
repeat the inherited value out, long decimals rounded, colours and lengths in their
shortest spelling, outlines in relative moves (`relative_path`). Dropping, unwrapping and
respelling change no pixel (tests/test_page_speed.py); rounding moves an edge by at most
0.05 px.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

XML_NS = "http://www.w3.org/XML/1998/namespace"


def local_name(name: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name

#: Presentation properties a child inherits, with their initial values ("": none known,
#: the page's CSS gives it): an attribute equal to what its element would inherit anyway
#: says nothing and is dropped.
_INHERITED = {
    "fill-opacity": "1",
    "stroke-opacity": "1",
    "stroke-miterlimit": "4",
    "text-anchor": "start",
    "font-weight": "normal",
    "font-style": "normal",
    "font-family": "",
    "font-size": "",
}
#: Attributes whose numbers are geometry: rounded to 0.01 px (Plotly writes 36.500000000000014).
_GEOMETRY = frozenset(
    """x y dx dy width height transform font-size stroke-width stroke-dasharray
    stroke-dashoffset""".split()  # noqa: SIM905
)
_LONGER = re.compile(r"-?\d+\.\d{3,}(?!\d|[eE][-+]?\d)")  # "3.9000000000000004em" too
_IDENTITY = re.compile(r"\s*(rotate\(0(,[^)]*)?\)|translate\(0(,\s*0)?\))\s*")
#: Plotly's empty layers and placeholders: dropped when they hold nothing.
_EMPTY_DROPPED = frozenset({"g", "defs"})


def _hundredth(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tipped(el: ET.Element) -> bool:
    return any(k.startswith("data-") for k in el.attrib)


def _invisible(el: ET.Element) -> bool:
    """Plotly's transparent box behind an annotation's text (no fill, no stroke seen)."""
    return (
        local_name(el.tag)[1] == "rect"
        and el.get("fill-opacity") == "0"
        and (el.get("stroke-opacity") == "0" or el.get("stroke-width") in ("0", "0px"))
    )


def _prune(el: ET.Element, in_mark: bool) -> None:
    """Drop, below `el`, what draws nothing: empty layers, paths with no outline, and
    invisible boxes (kept inside a mark that carries a tooltip: they widen its target)."""
    in_mark = in_mark or "data-tip-label" in el.attrib
    for child in list(el):
        _prune(child, in_mark)
        tag = local_name(child.tag)[1]
        keep_tail = child.tail and child.tail.strip()
        if _tipped(child) or keep_tail or child.get("id") and tag != "defs":
            continue
        empty = len(child) == 0 and not (child.text and child.text.strip())
        if (
            (tag in _EMPTY_DROPPED and empty)
            or (tag == "path" and child.get("d", "").strip() in ("", "M0,0"))
            or (not in_mark and empty and _invisible(child))
        ):
            el.remove(child)


def _trim(el: ET.Element, inherited: dict[str, str]) -> None:
    """Drop attributes equal to what `el` would have anyway; round long decimals."""
    here = dict(inherited)
    for name in list(el.attrib):
        value = el.attrib[name]
        if (name, value) == ("opacity", "1") or (
            name == "transform" and _IDENTITY.fullmatch(value)
        ):
            del el.attrib[name]
        elif name in _INHERITED:
            if value == here[name]:
                del el.attrib[name]
            else:
                here[name] = value
        if name in _GEOMETRY and name in el.attrib:
            el.set(name, _LONGER.sub(_hundredth, el.attrib[name]))
    for child in el:
        _trim(child, here)


_PATH_TOKEN = re.compile(r"[MLZmlz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[\s,]+|.")


def _tenths(n: int) -> str:
    """An integer number of tenths as the shortest SVG number (15 → 1.5, -5 → -.5)."""
    sign, n = ("-", -n) if n < 0 else ("", n)
    whole, tenth = divmod(n, 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _join(numbers: list[str]) -> str:
    out = numbers[0]
    for prev, n in zip(numbers, numbers[1:], strict=False):
        # "-" starts a number; a "." does too after a number that already has one
        out += n if n[0] == "-" or (n[0] == "." and "." in prev) else " " + n
    return out


def relative_path(d: str) -> str:
    """Path data made of straight lines (M, L, Z) rewritten with relative moves, in
    tenths of a pixel (`M10,10L20,10L20,30Z` → `M10 10h10v20z`): the same outline,
    about half the bytes. Any other path (arcs, curves, odd tokens) is returned as it was."""
    tokens = [t for t in _PATH_TOKEN.findall(d) if not t.isspace() and t != ","]
    if not tokens or tokens[0] not in "Mm":
        return d
    out: list[str] = []
    cmd, x, y, sx, sy = "", 0, 0, 0, 0
    pending: list[int] = []
    last = ""

    def emit(letter: str, values: list[int]) -> None:
        nonlocal last
        text = _join([_tenths(v) for v in values])
        if letter == last and letter in "lhv":
            out.append(text if text[0] == "-" else " " + text)
        else:
            out.append(letter + text)
        last = letter

    for tok in tokens:
        if tok in "MLZmlz":
            if pending:
                return d  # a lone coordinate: not ours to read
            cmd = tok
            if tok in "Zz":
                if (x, y) == (sx, sy) and last in "lhv" and out and out[-1][0] in "lhv":
                    out.pop()  # a line back to the start just before closing: z draws it
                out.append("z")
                last = "z"
                x, y = sx, sy
            continue
        try:
            value = round(float(tok) * 10)
        except ValueError:
            return d
        if not cmd or cmd in "Zz":
            return d
        pending.append(value)
        if len(pending) < 2:
            continue
        nx, ny = pending
        pending = []
        if cmd in "ml":
            nx, ny = x + nx, y + ny
        dx, dy = nx - x, ny - y
        if cmd in "Mm":
            emit("M" if not out else "m", [nx, ny] if not out else [dx, dy])
            sx, sy = nx, ny
            cmd = "l" if cmd == "m" else "L"  # further pairs after a move are lines
        elif dy == 0:
            emit("h", [dx])
        elif dx == 0:
            emit("v", [dy])
        else:
            emit("l", [dx, dy])
        x, y = nx, ny
    if pending:
        return d
    return "".join(out)


#: Classes of Plotly's layers that the page's stylesheet reads (`dark.py`: the halo of a
#: map's names): a group that has one is never unwrapped.
_STYLED_LAYERS = frozenset({"scattergeo"})
_URL_REF = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")
_RGB_ONLY = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)\Z")
_PIXELS = re.compile(r"(-?(?:\d+\.?\d*|\.\d+))px\Z")
#: Attributes whose "Npx" is the same length as a plain N (SVG user units are CSS px).
_PX_ATTRIBUTES = frozenset({"stroke-width", "font-size"})
_PAINT_ATTRIBUTES = frozenset({"fill", "stroke"})


def _drop_unused_clips(root: ET.Element) -> None:
    """Remove the clip paths nothing points to (Plotly defines one per axis, and most
    layers use none, or were empty and pruned)."""
    used: set[str] = set()
    for el in root.iter():
        for name, value in el.attrib.items():
            if local_name(name)[1] == "href" and value.startswith("#"):
                used.add(value[1:])
            else:
                used.update(_URL_REF.findall(value))
    for parent in list(root.iter()):
        for child in list(parent):
            if local_name(child.tag)[1] == "clipPath" and child.get("id") not in used:
                parent.remove(child)


def _unwrap(el: ET.Element) -> None:
    """Replace every group below `el` that only names a Plotly layer (a `class`, nothing
    that styles, moves, clips or marks) by its children: the same drawing, with a
    container less for the browser to style and lay out."""
    children: list[ET.Element] = []
    for child in list(el):
        _unwrap(child)
        names = set(child.attrib)
        classes = set(child.get("class", "").split())
        if (
            local_name(child.tag)[1] == "g"
            and names <= {"class"}
            and not classes & _STYLED_LAYERS
            and not (child.text and child.text.strip())
            and not (child.tail and child.tail.strip())
        ):
            for grandchild in child:
                grandchild.tail = None  # whitespace between tags: nothing SVG draws
                children.append(grandchild)
        else:
            children.append(child)
    el[:] = children


def _all_text(el: ET.Element) -> str:
    return "".join(el.itertext())


def _plain_spacing(text: str) -> bool:
    """True when SVG's default whitespace handling would leave `text` as it is: single
    spaces between words, none at either end, no tab or line break."""
    return not re.search(r"[^\S ]|  ", text) and text == text.strip(" ")


def _shorter_values(el: ET.Element) -> None:
    """Shorter spellings that draw the same: `#0072b2` for `rgb(0, 114, 178)`, `2` for
    `2px` (in user units, which are CSS pixels), and no `xml:space="preserve"` on a text
    whose spacing it could not change."""
    for name, value in list(el.attrib.items()):
        local = local_name(name)[1]
        if local in _PAINT_ATTRIBUTES and (m := _RGB_ONLY.match(value)):
            rgb = [int(c) for c in m.groups()]
            if all(c <= 255 for c in rgb):
                el.set(name, "#" + "".join(f"{c:02x}" for c in rgb))
        elif local in _PX_ATTRIBUTES and (m := _PIXELS.match(value)):
            el.set(name, m.group(1))
        elif (
            name == f"{{{XML_NS}}}space" and value == "preserve" and _plain_spacing(_all_text(el))
        ):
            del el.attrib[name]


def slim_svg(root: ET.Element) -> None:
    """Make a cleaned chart SVG smaller without changing what it draws: unused clip paths,
    empty layers and invisible boxes out, groups that only name a layer unwrapped,
    attributes equal to the inherited (or initial) value out, the font family said once
    on the root, long decimals rounded to 0.01 px, colours and lengths in their shortest
    spelling. Deterministic; the text, the classes (dark mode's, the marks') and the
    tooltip data stay."""
    for el in root.iter():
        el.attrib.pop("data-index", None)  # Plotly's; `marks.py` has read it already
    _prune(root, False)
    _drop_unused_clips(root)  # after pruning: a pruned layer's clip path is unused too
    _prune(root, False)  # and the definitions they leave empty
    start = dict(_INHERITED)
    counts: dict[str, int] = {}
    for el in root.iter():
        if el.get("font-family"):
            counts[el.attrib["font-family"]] = counts.get(el.attrib["font-family"], 0) + 1
    if counts and "font-family" not in root.attrib:
        # the most used family, once on the root (ties: the first in sorted order)
        start["font-family"] = max(sorted(counts), key=lambda f: counts[f])
        family = start["font-family"]
        if family.startswith("Inter,"):  # the page's metric twin while Inter loads
            family = "Inter, 'Inter fallback'," + family[len("Inter,") :]
        root.set("font-family", family)
    for child in root:
        _trim(child, start)
    _unwrap(root)
    for el in root.iter():
        if local_name(el.tag)[1] == "path" and el.get("d"):
            el.set("d", relative_path(el.attrib["d"]))
        _shorter_values(el)
