"""Exported SVGs made fit to inline in a page with a strict Content-Security-Policy.

Plotly writes its styling into `style` attributes, which `style-src 'self'` blocks, so
`inline_svg` rewrites them as SVG presentation attributes (`fill="…"`), which it allows;
it also drops scripts, event handlers, external references and foreign elements, as a
second line of defence behind our own exporter. `compact_svg` rounds path coordinates to
0.1 px, which shrinks map and waffle SVGs several-fold without a visible change.
Each theme colour it meets gets a class the stylesheet swaps in dark mode (`dark.py`),
and `annotate` may mark the parts that carry a fact (`marks.py`). For the pages,
`slim_svg` (`svg_slim.py`) then makes the drawing smaller without changing what it draws.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markupsafe import Markup

from explainer.site.dark import paint_classes
from explainer.site.svg_slim import XML_NS, local_name, slim_svg

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
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


def _clean_element(el: ET.Element) -> None:
    _, tag = local_name(el.tag)
    for name in list(el.attrib):
        ns, local = local_name(name)
        value = el.attrib.pop(name)
        if local.lower().startswith("on"):
            continue  # event handlers: never
        if local == "href" and ns in ("", _XLINK_NS):
            keep = value.startswith("#") or (tag == "image" and value.startswith("data:image/"))
            if keep:
                el.set("href", value)  # SVG 2 `href`: no xlink namespace needed
            continue
        if ns not in ("", XML_NS):
            continue  # foreign namespaces (editor metadata, xlink:title, …)
        if local == "style":
            for prop, val in _declarations(value):
                if prop == "white-space" and val.startswith("pre"):
                    el.set(f"{{{XML_NS}}}space", "preserve")
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
            ns, local = local_name(child.tag) if isinstance(child.tag, str) else ("?", "")
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


def _serialize(el: ET.Element, out: list[str]) -> None:
    """Markup for an SVG element with plain names (ET would invent `ns0:` prefixes)."""
    tag = local_name(el.tag)[1]
    attrs = "".join(
        f" {'xml:' + local_name(k)[1] if k.startswith('{' + XML_NS) else local_name(k)[1]}="
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
