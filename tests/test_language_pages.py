"""Each page speaks one language: the polyglot story (all nine shipped languages) built for
real, every page and alt text read for words of another language, and the Arabic page
right to left, in Chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.facts import catalogs
from explainer.facts.i18n import template
from explainer.facts.messages import MESSAGES
from tests.browsing import chromium, serve
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

POLYGLOT = ROOT / "tests" / "stories" / "polyglot.yaml"
LANGS = catalogs.shipped()
#: A message's literal pieces (its {fields} taken out) this long or longer are telling.
TELLING = 6


@pytest.fixture(scope="module")
def polyglot_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from explainer.build import build

    work = tmp_path_factory.mktemp("polyglot")
    out = work / "output"
    build(POLYGLOT, out, cache_dir=work / "cache")
    return out


def _pieces(lang: str) -> set[str]:
    """The literal pieces of every message of `lang` (all plural forms)."""
    out = set()
    for key, msg in MESSAGES.items():
        texts = [template(key, lang, count=n) for n in (1, 2, 5, 11, 100)] if msg.plural else [
            template(key, lang)
        ]
        for text in texts:
            out |= {p.strip() for p in re.split(r"\{\w*\}", text) if len(p.strip()) >= TELLING}
    return out


def foreign_pieces(lang: str) -> dict[str, str]:
    """Pieces of other languages' messages that `lang`'s own messages do not contain,
    with the language they belong to."""
    own = " | ".join(template(k, lang, count=c) for k in MESSAGES for c in (1, 2, 5, 11, 100))
    found = {}
    for other in LANGS:
        if other != lang:
            for piece in _pieces(other):
                if piece not in own:
                    found.setdefault(piece, other)
    return found


class _Text(HTMLParser):
    """The text of a page outside elements marked with another `lang` (and scripts)."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[bool] = []  # True: inside another language
        self.parts: list[str] = []

    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "col", "wbr", "path", "rect"}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        outside = bool(self.stack and self.stack[-1])
        other = lang is not None and lang.split("-")[0] != self.lang
        self.stack.append(outside or other or tag in ("script", "style"))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def own_language_text(html: str, lang: str) -> str:
    parser = _Text(lang)
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_shows_no_word_of_another_language(polyglot_site: Path, lang: str) -> None:
    page = (polyglot_site / lang / "index.html").read_text(encoding="utf-8")
    texts = [own_language_text(page, lang)]
    charts = polyglot_site / lang / "charts"
    texts += [p.read_text(encoding="utf-8") for p in charts.glob("*.txt")]
    texts += [
        own_language_text(p.read_text(encoding="utf-8"), lang)
        for p in (polyglot_site / lang / "charts").glob("*.embed.html")
    ]
    seen = " ".join(texts)
    leaks = {piece: other for piece, other in foreign_pieces(lang).items() if piece in seen}
    assert leaks == {}


def test_the_check_finds_a_leak() -> None:
    # the German page with an English heading left in it
    page = '<html lang="de"><body><h2>Facts and sources</h2><p lang="en">Source</p></body></html>'
    seen = own_language_text(page, "de")
    assert "Facts and sources" in seen and "Source" not in seen
    assert "Facts and sources" in foreign_pieces("de")


def test_the_arabic_page_reads_right_to_left(polyglot_site: Path) -> None:
    with serve(polyglot_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "ar/index.html")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        # the English quote of the English source keeps its own direction
        quote = page.locator("blockquote.quote").first
        assert quote.get_attribute("lang") == "en" and quote.get_attribute("dir") == "ltr"
        # the headline's text starts at the right edge of its box
        edges = page.evaluate(
            """() => { const h = document.querySelector('h1'), r = document.createRange();
                 r.selectNodeContents(h); const t = r.getBoundingClientRect(),
                 b = h.getBoundingClientRect(); return [b.right - t.right, t.left - b.left]; }"""
        )
        assert edges[0] < 2 and edges[1] > 50, edges
        # the chart's text is drawn inside its picture, not pushed out of it
        for box, svg in page.evaluate(
            """() => [...document.querySelectorAll('figure.chart svg.chart-svg')]
                 .filter(s => s.getBoundingClientRect().width > 0).map(s => {
                   const r = s.getBoundingClientRect();
                   return [[...s.querySelectorAll('text')].map(t => {
                     const b = t.getBoundingClientRect(); return [b.left, b.right]; }),
                     [r.left, r.right]];
                 })"""
        ):
            for left, right in box:
                assert svg[0] - 1 <= left and right <= svg[1] + 1, (left, right, svg)
        page.close()


# The source line of the first chart drawn for the page: for the characters at `ends`
# (the title's first and last letters) and at `quotes` (the opening and closing marks
# around it), their left and right edges on screen.
_SOURCE_GLYPHS = """([title]) => {
    const t = [...document.querySelectorAll('svg.chart-wide text')]
        .find(t => t.textContent.includes(title));
    const text = t.textContent, start = text.indexOf(title), end = start + title.length - 1;
    const open = text.lastIndexOf('\u00ab', start), close = text.indexOf('\u00bb', end);
    const edges = i => { const b = t.getExtentOfChar(i); return [b.x, b.x + b.width]; };
    return {first: edges(start), last: edges(end), open: edges(open), close: edges(close)};
}"""


def test_a_latin_source_title_keeps_its_quotes_in_an_arabic_chart(polyglot_site: Path) -> None:
    """«Library network notice», Example City in an Arabic line: the title is isolated, so
    the marks enclose it on screen (the opening one at its right, the closing one at its
    left, each beside it). Without the isolate the opening mark went beside "City"."""
    with serve(polyglot_site) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "ar/index.html")
        g = page.evaluate(_SOURCE_GLYPHS, ["Library network notice"])
        page.close()
    assert 0 <= g["open"][0] - g["last"][1] < 8, g  # the opening mark, right beside "…notice"
    assert 0 <= g["first"][0] - g["close"][1] < 8, g  # the closing one, left beside "Library"


def test_the_english_page_reads_left_to_right(polyglot_site: Path) -> None:
    page = (polyglot_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in page
    arabic = (polyglot_site / "ar" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    # the language switch names each language in its own words and direction
    assert 'lang="ar" dir="rtl"' in page and ">العربية<" in page
    assert ">Polski<" in page and ">Deutsch<" in page
