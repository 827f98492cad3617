"""Hostile text in every text field of a story: it is shown as text, never run.

One real build (Kaleido renders the labels) of the reference story with a payload in
every text field (see tests/hostile.py), then the pages in a real Chromium served over
http from 127.0.0.1: no dialog, no console error, no request to another host, the
payloads readable as text where they were put, no event handler or `javascript:` link,
a strict CSP, JSON-LD that parses. The chart SVGs are read as XML: payloads only in
text nodes. Addresses outside http/https/mailto are refused when validating.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from explainer.content import model
from explainer.site import layout
from tests.browsing import Watch, chromium, serve
from tests.conftest import copy_story
from tests.hostile import CHARTS, MARKDOWN_SHOWN, PAYLOADS, SCRIPT, Placement, hostile_story

pytestmark = pytest.mark.browser
pytest.importorskip("playwright.sync_api")

SVG = "{http://www.w3.org/2000/svg}"
LOCALES = ("it", "en")
#: Free-text fields that are plain strings, not per-locale texts.
PLAIN_TEXT = {"sources.title", "sources.publisher", "facts.quote", "places.quote"}


def _squash(text: str) -> str:
    """Whitespace collapsed as a browser's innerText collapses it."""
    return " ".join(text.split())


def _bare(text: str) -> str:
    """No whitespace at all: chart labels are wrapped onto lines at spaces."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Placement]]:
    from explainer.build import build

    work = tmp_path_factory.mktemp("hostile")
    content, placements = hostile_story(work / "story")
    out = work / "output"
    # first with another value for `servers`, so the second build records a correction
    # and shows the content's (hostile) correction note
    text = content.read_text(encoding="utf-8")
    assert text.count("value: 18000") == 1
    content.write_text(text.replace("value: 18000", "value: 17000"), encoding="utf-8")
    build(content, out, cache_dir=work / "cache")
    content.write_text(text, encoding="utf-8")
    report = build(content, out, cache_dir=work / "cache")
    assert report.corrections == 1
    return content, out, placements


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


# ----------------------------------------------------------------------------- the story itself


def test_every_text_field_and_at_least_20_payloads_are_used(hostile) -> None:
    _, _, placements = hostile
    used = {p.payload for p in placements}
    assert len(PAYLOADS) >= 20 and used == set(PAYLOADS), sorted(set(PAYLOADS) - used)
    placed = {f"{p.field.split('.')[0]}.{p.field.split('.')[-1]}" for p in placements}
    sections = {
        model.StoryMeta: "story",
        model.SourceSpec: "sources",
        model.FactSpec: "facts",
        model.PlaceSpec: "places",
        model.ChartSpec: "charts",
        model.SectionSpec: "narrative",
        model.CorrectionSpec: "corrections",
    }
    text_fields = {
        f"{section}.{name}"
        for cls, section in sections.items()
        for name, info in cls.model_fields.items()
        if "dict[str" in str(info.annotation) or f"{section}.{name}" in PLAIN_TEXT
    }
    # section bodies hold MARKDOWN (checked on their own below)
    missing = text_fields - placed - {"narrative.body"}
    assert not missing, f"text fields without a payload: {sorted(missing)}"


def test_the_hostile_story_is_valid(hostile) -> None:
    from explainer.content.validate import load_story

    content, _, _ = hostile
    story = load_story(content)
    assert SCRIPT in story.title["it"] and "{{ 7*7 }}" in story.facts["servers"].label["en"]


# ----------------------------------------------------------------------------- images


def _svg_texts(path: Path) -> tuple[ET.Element, str]:
    root = ET.parse(path).getroot()
    texts = [_bare("".join(t.itertext())) for t in root.iter(f"{SVG}text")]
    return root, "\n".join(texts)


@pytest.mark.parametrize("locale", LOCALES)
def test_chart_svgs_hold_payloads_only_as_text(hostile, locale: str) -> None:
    _, out, placements = hostile
    for chart in CHARTS:
        path = out / layout.chart_files(locale, chart).svg
        root, text = _svg_texts(path)
        for el in root.iter():
            local = el.tag.rsplit("}", 1)[-1]
            assert local not in ("script", "foreignObject", "iframe", "a"), (path, local)
            for name, value in el.attrib.items():
                assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (path, name)
                assert "javascript:" not in value.lower(), (path, name, value)
        expected = [p for p in placements if chart in p.charts]
        assert expected, chart
        for p in expected:
            assert _bare(p.text[locale]) in text, (chart, p.field)
        assert _bare(f"{SCRIPT}") in text


def test_every_png_and_card_was_exported(hostile) -> None:
    _, out, _ = hostile
    for locale in LOCALES:
        files = [layout.social_card(locale)]
        for chart in CHARTS:
            paths = layout.chart_files(locale, chart)
            files += [paths.png, paths.png2x, paths.png_narrow, paths.png2x_narrow]
        for rel in files:
            data = (out / rel).read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000, rel


def test_alt_text_and_csv_keep_payloads_verbatim(hostile) -> None:
    _, out, placements = hostile
    label = next(p for p in placements if p.field == "facts.viewers.label")
    for locale in LOCALES:
        rows = list(
            csv.DictReader(
                io.StringIO(
                    (out / layout.chart_files(locale, "scale").csv).read_text(encoding="utf-8")
                )
            )
        )
        assert label.text[locale] in [r["label"] for r in rows]


def test_csv_text_cells_cannot_start_a_spreadsheet_formula(tmp_path: Path) -> None:
    from explainer.charts.csvdata import chart_csv
    from explainer.content.validate import load_story

    content = copy_story(tmp_path / "story")
    text = content.read_text(encoding="utf-8")
    evil = PAYLOADS["csv-formula"].replace('"', '\\"')
    text = text.replace(
        'en: "people who could face criminal prosecution (estimate)"', f'en: "{evil}"'
    )
    content.write_text(text, encoding="utf-8")
    story = load_story(content)
    rows = list(csv.reader(io.StringIO(chart_csv(story.charts["scale"], story, "en"))))
    for row in rows[1:]:
        for cell, column in zip(row, rows[0], strict=True):
            if column != "value":
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


# ----------------------------------------------------------------------------- pages in Chromium


def _pages() -> list[str]:
    pages = [layout.INDEX, *(layout.page(loc) for loc in LOCALES)]
    pages += [layout.chart_files(loc, c).embed for loc in LOCALES for c in CHARTS]
    return pages


_ATTRIBUTES_JS = """() => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].map(a => [el.tagName.toLowerCase(), a.name, a.value]))"""
#: The only absolute-scheme addresses we write ourselves: the empty favicon.
OUR_DATA_URLS = {("link", "href", "data:,")}


def _check_page(page: Any, rel: str) -> None:
    attributes = page.evaluate(_ATTRIBUTES_JS)
    handlers = [(t, n) for t, n, _ in attributes if n.lower().startswith("on")]
    assert not handlers, (rel, handlers)
    for tag, name, value in attributes:
        if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "srcset"):
            scheme = urlparse(value.strip()).scheme.lower()
            if (tag, name, value) not in OUR_DATA_URLS:
                assert scheme in ("", "http", "https", "mailto"), (rel, tag, name, value)
    for tag in ("iframe", "object", "embed", "base", "form", "frame", "style"):
        assert page.locator(tag).count() == 0, (rel, tag)
    assert page.locator("meta[http-equiv=refresh i]").count() == 0, rel
    for script in page.locator("script").all():
        kind, src = script.get_attribute("type"), script.get_attribute("src")
        assert kind == "application/ld+json" or (src and not urlparse(src).scheme), (rel, kind, src)
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]')
    assert csp.count() == 1, rel
    policy = {}
    for directive in csp.get_attribute("content").split(";"):
        words = directive.split()
        if words:
            policy[words[0]] = " ".join(words[1:])
    assert policy["default-src"] == "'self'", policy
    assert policy["script-src"] == "'self'", policy
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'", policy
    assert "unsafe" not in policy.get("style-src", "") + policy["script-src"], policy


def test_pages_run_nothing_fetch_nothing_and_show_payloads_as_text(hostile, browser) -> None:
    content, out, placements = hostile
    with serve(out) as base:
        page = browser.new_page()
        watch = Watch(page, allowed=urlparse(base).netloc)
        for rel in _pages():
            watch.visit(base + rel)
            assert watch.problems() == [], (rel, watch.problems())
            _check_page(page, rel)
            if rel.endswith(".embed.html"):
                chart = Path(rel).name.split(".")[0]
                locale = rel.split("/")[0]
                title = next(p for p in placements if p.field == f"charts.{chart}.title")
                assert _squash(title.text[locale]) in _squash(page.inner_text("h1")), rel
        page.close()
    assert watch.requests and not watch.foreign


@pytest.mark.parametrize("locale", LOCALES)
def test_every_payload_reads_as_text_where_it_was_put(hostile, browser, locale: str) -> None:
    _, out, placements = hostile
    with serve(out) as base:
        page = browser.new_page()
        watch = Watch(page, allowed=urlparse(base).netloc)
        watch.visit(base + layout.page(locale))
        for p in placements:
            if p.selector is None:
                continue
            shown = [_squash(t) for t in page.locator(p.selector).all_inner_texts()]
            assert shown, (p.field, p.selector)
            assert any(_squash(p.text[locale]) in s for s in shown), (p.field, shown)
        title = next(p for p in placements if p.field == "story.title")
        assert page.title() == title.text[locale]
        standfirst = next(p for p in placements if p.field == "story.standfirst")
        assert page.get_attribute('meta[name="description"]', "content") == standfirst.text[locale]
        body = _squash(page.inner_text("#section-intro .prose"))
        for shown_text in MARKDOWN_SHOWN:
            assert _squash(shown_text) in body, shown_text
        assert "49" not in page.inner_text("#section-users h2"), "Jinja syntax was evaluated"
        # the one source link is exactly the (escaped, then unescaped) http address
        hrefs = page.locator("a.source-link").evaluate_all("els => els.map(e => e.href)")
        assert hrefs and all(h.startswith("https://example.org/src?q=") for h in hrefs), hrefs
        prose_links = page.locator("#section-intro .prose a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
        assert all(urlparse(h).scheme in ("", "http", "https", "mailto") for h in prose_links)
        assert not any("evil.example" in h and h.startswith("//") for h in prose_links)
        ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
        assert ld["headline"] == title.text[locale]
        assert ld["description"] == standfirst.text[locale]
        byline = next(p for p in placements if p.field == "story.byline")
        assert ld["author"]["name"] == byline.text[locale]
        assert watch.problems() == []
        page.close()


def test_the_pages_work_the_same_from_disk(hostile, browser) -> None:
    _, out, _ = hostile
    page = browser.new_page()
    watch = Watch(page, allowed=None)
    for rel in _pages():
        watch.visit((out / rel).as_uri())
        assert watch.problems() == [], (rel, watch.problems())
    page.close()


# ----------------------------------------------------------------------------- addresses

BAD_URLS = (
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
    "//evil.example/x",
    "https:evil.example",
    "evil.example/page",
)


def test_source_addresses_outside_http_https_mailto_are_refused(tmp_path: Path) -> None:
    content = copy_story(tmp_path / "story")
    text = content.read_text(encoding="utf-8")
    extra = "".join(
        f'  - id: bad{i}\n    title: "bad {i}"\n    url: {json.dumps(url)}\n'
        for i, url in enumerate(BAD_URLS)
    )
    extra += '  - id: mail\n    title: "mail"\n    url: "mailto:desk@example.org"\n'
    text = text.replace("\nfacts:\n", "\n" + extra + "\nfacts:\n", 1)
    text = text.replace(
        'base_url: "https://example.org/explainers/xtream-codes/"',
        'base_url: "javascript:alert(1)//"',
    )
    content.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "validate", str(content)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    for i, _ in enumerate(BAD_URLS):
        assert (
            f"sources.bad{i}.url: " in result.stderr
            and "is not an allowed address" in result.stderr
        ), (i, result.stderr)
    assert "sources.mail.url" not in result.stderr
    assert "story.base_url" in result.stderr
    assert f"{len(BAD_URLS) + 1} problems found" in result.stderr


def test_these_checks_catch_a_page_that_does_run_a_payload(tmp_path: Path, browser) -> None:
    """The checks above pass on our pages; here they must fail on a page that is unsafe."""
    (tmp_path / "leaky.html").write_text(
        "<!doctype html><title>x</title><p>"
        + PAYLOADS["img-onerror"]
        + SCRIPT
        + '<img src="https://evil.example/pixel.png"><a href="javascript:alert(2)">x</a>',
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        page = browser.new_page()
        watch = Watch(page, allowed=urlparse(base).netloc)
        watch.visit(base + "leaky.html")
        problems = watch.problems()
        assert any(p.startswith("dialog: alert") for p in problems), problems
        assert "request to another host: https://evil.example/pixel.png" in problems
        with pytest.raises(AssertionError):
            _check_page(page, "leaky.html")
        page.close()
