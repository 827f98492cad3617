"""The logo: a local SVG, which is untrusted input. Read with expat (no DTD, no entities),
and refused, with the line and column of each offence, when it holds anything that can
run or fetch: a script, an event attribute (`onload=`), a reference outside the file
(`href="https://…"`, `url(http…)`, `@import`), an embedded document (`foreignObject`)
or an animation (which can rewrite a link). The pages show it with `<img>`, where an
SVG runs nothing anyway; the checks are so that no such file is published at all.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 1_000_000
SVG_NS = "http://www.w3.org/2000/svg"
#: Elements that run, embed or animate: never in a logo.
FORBIDDEN = {
    "script",
    "foreignObject",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "handler",
    "listener",
    "animate",
    "animateMotion",
    "animateTransform",
    "set",
}
_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*([0-9]*\.?[0-9]+)")


@dataclass(frozen=True)
class Offence:
    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes as written, and its proportions (width / height)."""

    data: bytes
    aspect: float


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]  # expat with namespaces: "uri local"


def check_logo(path: Path) -> tuple[Logo | None, list[Offence]]:
    """The logo, or the offences found in it (every one, each with its position)."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [
            Offence(1, 1, f"the logo is {len(raw):,} bytes (limit {MAX_BYTES:,})", "simplify it")
        ]
    found: list[Offence] = []
    sizes: dict[str, str] = {}
    depth = 0
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def here() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def offence(message: str, hint: str) -> None:
        found.append(Offence(*here(), message, hint))

    def doctype(*_: object) -> None:
        offence("the logo has a DOCTYPE", "remove the <!DOCTYPE …> line (SVG needs none)")

    def entity(*_: object) -> None:
        offence("the logo declares an entity", "remove the <!ENTITY …> declaration")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth
        local = _local(name)
        if depth == 0:
            if local != "svg" or not name.startswith(SVG_NS):
                offence(f"the logo's root element is <{local}>, not <svg>", "export it as SVG")
            sizes.update({k: v for k, v in attrs.items() if k in ("viewBox", "width", "height")})
        depth += 1
        if local in FORBIDDEN:
            offence(
                f"the logo has a <{local}> element",
                "export the logo as a plain drawing: no scripts, embedded documents or animations",
            )
        if local == "style" and depth > 0:
            pass  # its text is checked in `text`
        for key, value in attrs.items():
            attr = _local(key)
            if attr.lower().startswith("on"):
                offence(
                    f"the logo has an event attribute '{attr}'",
                    "remove it: a logo runs nothing",
                )
            elif attr == "href" and not value.strip().startswith("#"):
                shown = value if len(value) <= 40 else value[:37] + "…"
                offence(
                    f"the logo refers to '{shown}' outside itself",
                    "embed the drawing instead of linking it (only #ids inside the file)",
                )
            elif _URL.search(value) or _IMPORT.search(value):
                offence(
                    f"the logo's '{attr}' refers to something outside itself",
                    "use url(#id) for gradients and patterns defined in the file",
                )

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def text(data: str) -> None:
        if _URL.search(data) or _IMPORT.search(data):
            offence(
                "the logo's styles refer to something outside the file",
                "remove @import and url(…) other than url(#id)",
            )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as e:
        found.append(
            Offence(
                e.lineno,
                e.offset + 1,
                f"the logo is not well-formed XML ({xml.parsers.expat.ErrorString(e.code)})",
                "export it again as SVG",
            )
        )
    if found:
        return None, found
    return Logo(raw, _aspect(sizes)), []


def _aspect(sizes: dict[str, str]) -> float:
    """width / height, from the viewBox or the width and height (4 when unknown)."""
    box = sizes.get("viewBox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[3]) > 0:
            return float(box[2]) / float(box[3])
        w, h = _NUMBER.match(sizes["width"]), _NUMBER.match(sizes["height"])
        if w and h and float(h.group(1)) > 0:
            return float(w.group(1)) / float(h.group(1))
    except (KeyError, ValueError):
        pass
    return 4.0
