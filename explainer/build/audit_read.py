"""What a reader (or a share) sees of a built page or chart, as text with its lines.

    read_html(page) -> Doc(text="Xtream Codes: the seizure…\\n…", …)
    read_svg(chart) -> Doc(text="From the platform to the end users\\n1\\n×5,000…", …)

Pages: every text node outside `<script>`/`<style>` (inline SVGs included), the `alt`,
`aria-label` and `title` attributes, the `data-tip-*` attributes a chart mark's tooltip
shows, the `content` of the `<meta>` tags a share shows
(description, Open Graph and Twitter titles, image alt and size, dates), and the string
values of the JSON-LD a search engine reads. Block elements are kept apart by a line
break, inline ones (`<a>`, `<b>`, `<tspan>`…) run on, as a browser lays them out.
Standalone SVGs: the text of `<text>`, `<title>` and `<desc>`, one element a line.
Parsed with the standard library's `html.parser`; nothing is fetched or run.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

__all__ = ["NUMBER", "Doc", "read_html", "read_svg"]

#: A number as it is read: digits with the separators locales put between them (`18.000`,
#: `3,54`, `12 000` with a narrow space, `١٢٬٥٠٠`); `\d` is any Unicode decimal digit.
NUMBER = re.compile(r"\d+(?:[.,'’\u00a0\u202f\u2009\u066b\u066c]\d+)*")

#: Elements laid out inline: no line break around them.
INLINE = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i"),
        *("ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup"),
        *("time", "u", "var", "tspan"),
    }
)
_HIDDEN = frozenset({"script", "style", "template"})
_ATTRIBUTES = ("alt", "aria-label", "title")
#: `<meta>` names whose content is an address or a setting, not words a share shows.
_META_SETTINGS = frozenset(
    {
        "viewport",
        "robots",
        "color-scheme",
        "generator",
        "referrer",
        "og:type",
        "og:url",
        "og:image",
        "og:image:secure_url",
        "og:locale",
        "og:locale:alternate",
        "twitter:card",
        "twitter:image",
    }
)
#: JSON-LD keys whose values are addresses or schema names.
_LD_SETTINGS = frozenset({"@context", "@type", "@id", "url", "mainEntityOfPage", "image"})
_SVG_TEXT = frozenset({"text", "title", "desc"})


@dataclass
class Doc:
    """A text to audit and where its pieces come from (`where`: a CSV column, a JSON path)."""

    text: str
    first_line: int | None = 1
    where: str | None = None
    #: (offset in `text`, line in the file) of each piece after the first.
    marks: list[tuple[int, int]] = field(default_factory=list)

    def line(self, pos: int) -> int | None:
        if self.first_line is None:
            return None
        offsets = [0, *(o for o, _ in self.marks)]
        lines = [self.first_line, *(n for _, n in self.marks)]
        k = bisect_right(offsets, pos) - 1
        return lines[k] + self.text.count("\n", offsets[k], pos)


class _Reader(HTMLParser):
    def __init__(self, svg: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.svg = svg
        self.parts: list[str] = []
        self.marks: list[tuple[int, int]] = []
        self.size = 0
        self.hidden = 0  # depth inside <script>/<style> (page) or outside <text> (SVG)
        self.ld: list[str] | None = None
        self.ld_line = 0
        self.text_depth = 0

    # pieces
    def _add(self, text: str) -> None:
        if not text:
            return
        self.marks.append((self.size, self.getpos()[0]))
        self.parts.append(text)
        self.size += len(text)

    def _break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
            self.size += 1

    def doc(self) -> Doc:
        return Doc("".join(self.parts), first_line=1, marks=self.marks)

    # events
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)
        if self.svg:
            if tag in _SVG_TEXT:
                self.text_depth += 1
        elif tag in _HIDDEN:
            self.hidden += 1
            if tag == "script" and dict(attrs).get("type") == "application/ld+json":
                self.ld, self.ld_line = [], self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self._break()
        if self.svg:
            if tag in _SVG_TEXT and self.text_depth:
                self.text_depth -= 1
        elif tag in _HIDDEN and self.hidden:
            self.hidden -= 1
            if tag == "script" and self.ld is not None:
                self._json_ld("".join(self.ld))
                self.ld = None

    def handle_data(self, data: str) -> None:
        if self.ld is not None:
            self.ld.append(data)
        elif (self.svg and self.text_depth) or (not self.svg and not self.hidden):
            self._add(data)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in INLINE or (tag == "tspan" and "line" in (values.get("class") or "").split()):
            self._break()  # a block, or a line of a chart's text (Plotly's `tspan.line`)
        for name, value in attrs:
            # what a mark's tooltip shows (`assets/charts.js` reads it from these)
            if name.startswith("data-tip-") and name != "data-tip-href" and value:
                self._attribute(value)
        if self.svg:
            return
        for name in _ATTRIBUTES:
            if values.get(name):
                self._attribute(values[name] or "")
        key = values.get("name") or values.get("property")
        if tag == "meta" and key and key.lower() not in _META_SETTINGS:
            self._attribute(values.get("content") or "")

    def _attribute(self, text: str) -> None:
        self._break()
        self._add(text)
        self._break()

    def _json_ld(self, text: str) -> None:
        try:
            data = json.loads(text)
        except ValueError:
            self._add(text)  # not JSON: audit it as it stands
            return
        for value in _ld_strings(data):
            self._break()
            self.marks.append((self.size, self.ld_line))
            self.parts.append(value)
            self.size += len(value)
            self._break()


def _ld_strings(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() if k not in _LD_SETTINGS for s in _ld_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _ld_strings(v)]
    if isinstance(data, str):
        return [data]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return [json.dumps(data)]
    return []


def read_html(text: str) -> Doc:
    """The text a reader or a share sees of a page."""
    reader = _Reader(svg=False)
    reader.feed(text)
    reader.close()
    return reader.doc()


def read_svg(text: str) -> Doc:
    """The text a chart SVG shows."""
    reader = _Reader(svg=True)
    reader.feed(text)
    reader.close()
    return reader.doc()
