"""Exported SVGs made fit to inline in a page with a strict Content-Security-Policy.

Plotly writes its styling into `style` attributes, which `style-src 'self'` blocks, so
`inline_svg` rewrites them as SVG presentation attributes (`fill="…"`), which it allows;
it also drops scripts, event handlers, external references and foreign elements, as a
second line of defence behind our own exporter. `compact_svg` rounds path coordinates to
0.1 px, which shrinks map and waffle SVGs several-fold without a visible change.
Each theme colour it meets gets a class the stylesheet swaps in dark mode (`dark.py`),
and `annotate` may mark the parts that carry a fact (`marks.py`). For the pages,
`slim_svg` then makes the drawing smaller (a third fewer bytes and elements): Plotly's
empty layers and invisible boxes out, attributes that repeat the inherited value out,
long decimals rounded, outlines in relative moves (`relative_path`).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markupsafe import Markup

from explainer.site.dark import paint_classes

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
#: CSS properties that SVG also accepts as presentation attributes (SVG 2, §6.6).
PRESENTATION = frozenset(
    """alignment-baseline baseline-shift clip-path clip-rule color color-interpolation
    color-interpolation-filters color-rendering cursor direction display dominant-baseline
    fill fill-opacity fill-rule filter flood-color flood-opacity font-family font-size
    font-size-adjust font-stretch font-style font-variant font-weight image-rendering
    letter-spacing lighting-color marker-end marker-mid marker-start mask opacity overflow
    paint-order pointer-events shape-rendering stop-color stop-opacity stroke
    stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-opacity stroke-width text-anchor text-decoration text-overflow text-rendering
    unicode-bidi vector-effect visibility word-spacing writing-mode""".split()  # noqa: SIM905
)
_DROP_ELEMENTS = frozenset({"script", "style", "foreignObject", "iframe", "object", "embed"})
_EXTERNAL_URL = re.compile(r"url\(\s*(?!['\"]?#)", re.IGNORECASE)


def _declarations(style: str) -> list[tuple[str, str]]:
    """`fill: rgb(1, 2, 3); font-family: "Open Sans", x` → pairs (quotes respected)."""
    out: list[tuple[str, str]] = []
    buf: list[str] = []
    quote = ""
    for ch in style + ";":
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == ";":
            decl = "".join(buf)
            buf = []
            name, sep, value = decl.partition(":")
            if sep and name.strip() and value.strip():
                out.append((name.strip().lower(), value.strip()))
            continue
        buf.append(ch)
    return out


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _clean_element(el: ET.Element) -> None:
    _, tag = _local(el.tag)
    for name in list(el.attrib):
        ns, local = _local(name)
        value = el.attrib.pop(name)
        if local.lower().startswith("on"):
            continue  # event handlers: never
        if local == "href" and ns in ("", _XLINK_NS):
            keep = value.startswith("#") or (tag == "image" and value.startswith("data:image/"))
            if keep:
                el.set("href", value)  # SVG 2 `href`: no xlink namespace needed
            continue
        if ns not in ("", _XML_NS):
            continue  # foreign namespaces (editor metadata, xlink:title, …)
        if local == "style":
            for prop, val in _declarations(value):
                if prop == "white-space" and val.startswith("pre"):
                    el.set(f"{{{_XML_NS}}}space", "preserve")
                elif prop in PRESENTATION and not _EXTERNAL_URL.search(val):
                    el.set(prop, val)
            continue
        if _EXTERNAL_URL.search(value):
            continue  # fill="url(http://…)" and the like would fetch from elsewhere
        if local not in el.attrib:  # a style declaration set above wins over the attribute
            el.set(name, value)
    paints = paint_classes(el.attrib)
    if paints:
        el.set("class", " ".join([*el.get("class", "").split(), *paints]))


_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{2,}(?![\deE])")


def _short(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def compact_svg(svg: str) -> str:
    """The SVG with its path coordinates rounded to 0.1 px (`d` attributes only).

    Plotly writes map outlines with 13 decimals; a tenth of a pixel is invisible even
    zoomed in, and the map's SVG shrinks to a third (a quarter gzipped).
    """
    return _PATH_DATA.sub(
        lambda m: m.group(1) + _LONG_NUMBER.sub(_short, m.group(2)) + m.group(3), svg
    )


def inline_svg(
    svg: str,
    *,
    labelledby: str,
    variant: str = "",
    annotate: Callable[[ET.Element], None] | None = None,
    slim: bool = False,
) -> Markup:
    """An exported chart SVG made fit to inline in a page under our CSP.

    Drops scripts, event handlers, external references and foreign namespaces
    (defensively: the SVG is our own exporter's), turns `style` attributes into
    presentation attributes, and makes the root an accessible, responsive image.
    `variant` ("wide", "narrow") adds the class `chart-<variant>` the stylesheet uses to
    show the drawing that fits the screen. `annotate`, given the cleaned tree, may add
    attributes (the data a tooltip shows) before it is written out. `slim` then makes
    it smaller without changing what it draws (`slim_svg`): what the pages inline.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as e:
        raise ValueError(f"chart SVG does not parse: {e}") from None
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise ValueError(f"chart SVG root is {root.tag}, not <svg>")
    for parent in list(root.iter()):
        for child in list(parent):
            ns, local = _local(child.tag) if isinstance(child.tag, str) else ("?", "")
            if ns != _SVG_NS or local in _DROP_ELEMENTS:
                parent.remove(child)
    for el in root.iter():
        _clean_element(el)
    if annotate is not None:
        annotate(root)
    if slim:
        slim_svg(root)
    for attr in ("width", "height", "style", "role", "aria-label", "aria-labelledby"):
        root.attrib.pop(attr, None)
    classes = (root.get("class", "") + " chart-svg").strip()
    if variant:
        classes += f" chart-{variant}"
    root.set("class", classes)
    root.set("role", "img")
    root.set("aria-labelledby", labelledby)
    root.set("focusable", "false")
    root.set("xmlns", _SVG_NS)
    out: list[str] = []
    _serialize(root, out)
    return Markup("".join(out))


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
        _local(el.tag)[1] == "rect"
        and el.get("fill-opacity") == "0"
        and (el.get("stroke-opacity") == "0" or el.get("stroke-width") in ("0", "0px"))
    )


def _prune(el: ET.Element, in_mark: bool) -> None:
    """Drop, below `el`, what draws nothing: empty layers, paths with no outline, and
    invisible boxes (kept inside a mark that carries a tooltip: they widen its target)."""
    in_mark = in_mark or "data-tip-label" in el.attrib
    for child in list(el):
        _prune(child, in_mark)
        tag = _local(child.tag)[1]
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


def slim_svg(root: ET.Element) -> None:
    """Make a cleaned chart SVG smaller without changing what it draws: empty layers and
    invisible boxes out, attributes equal to the inherited (or initial) value out, the
    font family said once on the root, long decimals rounded to 0.01 px. Deterministic;
    the text, the classes (dark mode's, the marks') and the tooltip data stay."""
    _prune(root, False)
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
    for el in root.iter():
        if _local(el.tag)[1] == "path" and el.get("d"):
            el.set("d", relative_path(el.attrib["d"]))


def _serialize(el: ET.Element, out: list[str]) -> None:
    """Markup for an SVG element with plain names (ET would invent `ns0:` prefixes)."""
    tag = _local(el.tag)[1]
    attrs = "".join(
        f" {'xml:' + _local(k)[1] if k.startswith('{' + _XML_NS) else _local(k)[1]}="
        f'"{html.escape(v, quote=True)}"'
        for k, v in el.attrib.items()
    )
    if len(el) == 0 and not el.text:
        out.append(f"<{tag}{attrs}/>")
    else:
        out.append(f"<{tag}{attrs}>")
        if el.text:
            out.append(html.escape(el.text, quote=False))
        for child in el:
            _serialize(child, out)
            if child.tail:
                out.append(html.escape(child.tail, quote=False))
        out.append(f"</{tag}>")


# --------------------------------------------------------------------------- view models
