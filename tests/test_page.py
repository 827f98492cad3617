"""The static pages, without a browser: structure, links, escaping, CSP, metadata."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.content.validate import load_story
from explainer.facts.numbers import format_fact
from explainer.facts.references import Ref, find
from explainer.facts.story import Correction, Story
from explainer.site import layout
from explainer.site.layout import RenderedChart
from explainer.site.narrative import render as render_markdown
from explainer.site.page import CSP, inline_svg, render_site

ROOT = Path(__file__).resolve().parent.parent
EVIL_SCRIPT = "<script>alert(1)</script>"
EVIL_IMG = "<img src=x onerror=alert(1)>"
EVIL = f"{EVIL_SCRIPT} {EVIL_IMG}"


# ----------------------------------------------------------------------------- helpers


def placeholder_svg(text: str, width: int = 720, height: int = 400) -> str:
    """A small SVG shaped like the exporter's (style attributes, viewBox, no size)."""
    from html import escape

    return (
        '<svg class="main-svg" xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" style="width:100%;height:auto" '
        f'viewBox="0 0 {width} {height}"><rect x="0" y="0" width="{width}" height="{height}" '
        'style="fill: rgb(244, 246, 250); fill-opacity: 1;"/>'
        f'<text x="{width // 2}" y="210" text-anchor="middle" '
        "style=\"font-family: 'Inter', sans-serif; "
        f'font-size: 28px; fill: rgb(30, 30, 30); white-space: pre;">{escape(text)}</text></svg>'
    )


def placeholder_charts(story: Story) -> dict[tuple[str, str], RenderedChart]:
    return {
        (loc, cid): RenderedChart(
            chart_id=cid,
            locale=loc,
            svg=placeholder_svg(f"{cid} ({loc})"),
            alt=f"{chart.title[loc]}: placeholder description.",
            files=layout.chart_files(loc, cid),
            width=720,
            height=400,
            svg_narrow=placeholder_svg(f"{cid} ({loc}) narrow", 360, 520),
            narrow_width=360,
            narrow_height=520,
        )
        for loc in story.locales
        for cid, chart in story.charts.items()
    }


def site(story: Story, corrections=()) -> dict[str, bytes]:
    return render_site(
        story,
        placeholder_charts(story),
        list(corrections),
        social_cards={loc: layout.social_card(loc) for loc in story.locales},
    )


class Doc(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.text_parts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "script":
            self._script, self._text = a, []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


@pytest.fixture(scope="module")
def ref_story() -> Story:
    return load_story(ROOT / "content.yaml")


@pytest.fixture(scope="module")
def files(ref_story) -> dict[str, bytes]:
    return site(ref_story)


def html_pages(files: dict[str, bytes]) -> dict[str, str]:
    return {p: b.decode() for p, b in files.items() if p.endswith(".html")}


def evil_story(story: Story) -> Story:
    """Every text field a reader sees, poisoned."""

    def poison(text):
        return {loc: f"{v} {EVIL}" for loc, v in text.items()} if text else text

    facts = {
        fid: dataclasses.replace(
            f,
            label=poison(f.label),
            quote=f"{f.quote} {EVIL}" if f.quote else f.quote,
            note=poison(f.note),
            text=poison(f.text),
        )
        for fid, f in story.facts.items()
    }
    sources = {
        sid: dataclasses.replace(
            s, title=f"{s.title} {EVIL}", publisher=EVIL, url="javascript:alert(1)"
        )
        for sid, s in story.sources.items()
    }
    places = {
        pid: dataclasses.replace(
            p, name=poison(p.name), role=poison(p.role), quote=f"{p.quote} {EVIL}"
        )
        for pid, p in story.places.items()
    }
    charts = {
        cid: dataclasses.replace(c, title=poison(c.title), caption=poison(c.caption))
        for cid, c in story.charts.items()
    }
    sections = tuple(
        dataclasses.replace(
            s,
            heading=poison(s.heading),
            body={
                loc: f"{b}\n\n{EVIL} [click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) "
                f'[d](data:text/html,{EVIL_SCRIPT}) <a href="javascript:alert(1)">a</a>\n'
                for loc, b in s.body.items()
            },
        )
        for s in story.sections
    )
    return dataclasses.replace(
        story,
        title=poison(story.title),
        standfirst=poison(story.standfirst),
        byline=poison(story.byline),
        credits=poison(story.credits),
        facts=facts,
        sources=sources,
        places=places,
        charts=charts,
        sections=sections,
    )


# ----------------------------------------------------------------------------- the site


def test_site_has_every_file(ref_story, files):
    expected = {
        layout.INDEX,
        layout.CSS,
        layout.EMBED_JS,
        "assets/frame.js",
        layout.CHARTS_JS,
        layout.FONT,
        layout.FONT_LICENSE,
    }
    for loc in ref_story.locales:
        expected.add(layout.page(loc))
        expected |= {layout.chart_files(loc, c).embed for c in ref_story.charts}
    assert set(files) == expected


def test_render_is_deterministic(ref_story, files):
    assert site(ref_story) == files


@pytest.mark.parametrize(
    "path", [layout.INDEX, "it/index.html", "en/index.html", "it/charts/chain.embed.html"]
)
def test_page_basics(files, path):
    text = files[path].decode()
    assert text.startswith("<!doctype html>")
    doc = Doc(text)
    assert len(doc.ids) == len(set(doc.ids)), "duplicate ids"
    html = doc.find("html")[0]
    assert html.get("lang")
    (csp,) = doc.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp["content"] == CSP
    assert doc.find("meta", name="viewport")
    assert len(doc.find("h1")) == 1
    assert not any(
        a.get("http-equiv", "").lower() == "refresh"
        for a in doc.find("meta")
        if a.get("http-equiv")
    )


@pytest.mark.parametrize(
    "path", [layout.INDEX, "it/index.html", "en/index.html", "en/charts/where.embed.html"]
)
def test_no_inline_script_or_style(files, path):
    doc = Doc(files[path].decode())
    for attrs, body in doc.scripts:
        if attrs.get("type") == "application/ld+json":
            continue
        assert attrs.get("src"), "inline script"
        assert not body.strip()
    assert not doc.find("style")
    for tag, attrs in doc.elements:
        assert "style" not in attrs, f"<{tag}> has a style attribute (blocked by the CSP)"
        assert not any(k.startswith("on") for k in attrs), f"<{tag}> has an event handler"


def test_language_pages_are_linked(ref_story, files):
    index = Doc(files[layout.INDEX].decode())
    for loc in ref_story.locales:
        (link,) = [a for a in index.find("a") if a.get("href") == layout.page(loc)]
        assert link["hreflang"] == loc
        assert ref_story.title[loc] in index.text
    for loc in ref_story.locales:
        doc = Doc(files[layout.page(loc)].decode())
        assert doc.find("html")[0]["lang"] == loc
        hreflangs = {a["hreflang"] for a in doc.find("link", rel="alternate")}
        assert hreflangs == {*ref_story.locales, "x-default"}
        switch = [a for a in doc.find("a") if a.get("hreflang")]
        assert {a["hreflang"] for a in switch} == set(ref_story.locales)


def _refs(text: str) -> list[Ref]:
    return [p for p in find(text) if isinstance(p, Ref)]


@pytest.mark.parametrize("loc", ["it", "en"])
def test_every_fact_reference_links_to_its_fact(ref_story, files, loc):
    doc = Doc(files[layout.page(loc)].decode())
    links = [a["href"] for a in doc.find("a") if a.get("class") == "fact"]
    expected = [f"#fact-{r.fact}" for s in ref_story.sections for r in _refs(s.body[loc])]
    assert links == expected
    for href in links:
        assert href[1:] in doc.ids
    for fid in ref_story.facts:
        assert f"fact-{fid}" in doc.ids


@pytest.mark.parametrize("loc", ["it", "en"])
def test_every_number_in_the_prose_is_a_fact_link(ref_story, files, loc):
    """Digits in the narrative appear only inside fact links (the reference story)."""
    page = files[layout.page(loc)].decode()
    for body in re.findall(r'<div class="prose">(.*?)</div>', page, re.S):
        outside = re.sub(r'<a class="fact"[^>]*>.*?</a>', "", body, flags=re.S)
        outside = re.sub(r"<[^>]+>", "", outside)
        assert not re.search(r"\d", outside), outside


@pytest.mark.parametrize("loc", ["it", "en"])
def test_each_fact_says_where_it_appears_and_what_it_calculates(ref_story, files, loc):
    """From a fact to its uses: every section naming it and chart showing it, in page
    order, and every derived fact calculated from it, each a link that resolves."""
    page = files[layout.page(loc)].decode()
    doc = Doc(page)
    for fid in ref_story.facts:
        entry = re.search(rf'<li class="fact-entry[^"]*" id="fact-{fid}">(.*?)</li>', page, re.S)
        assert entry, fid
        uses = re.findall(r'<p class="fact-uses">(.*?)</p>', entry.group(1), re.S)
        hrefs = [h for u in uses for h in re.findall(r'href="#([^"]+)"', u)]
        expected = []
        for s in ref_story.sections:
            if fid in {r.fact for r in _refs(s.body[loc])}:
                expected.append(f"section-{s.id}")
            for c in s.charts:
                chart = ref_story.charts[c]
                if fid in chart.facts or chart.options.get("highlight") == fid:
                    expected.append(f"chart-{c}")
        expected += [f"fact-{d.id}" for d in ref_story.facts.values() if fid in d.inputs]
        assert hrefs == expected, fid
        assert all(h in doc.ids for h in hrefs)
    # the reference story: servers is named in prose, shown in charts, and used in formulas
    servers = re.search(r'id="fact-servers">(.*?)</li>', page, re.S)
    assert servers and servers.group(1).count('class="fact-uses"') == 2


@pytest.mark.parametrize("loc", ["it", "en"])
def test_fact_entries_show_value_kind_quote_and_source(ref_story, files, loc):
    page = files[layout.page(loc)].decode()
    for fid, fact in ref_story.facts.items():
        m = re.search(
            rf'<li class="fact-entry kind-{fact.kind}" id="fact-{fid}">(.*?)</li>', page, re.S
        )
        assert m, fid
        entry = Doc(m.group(1)).text
        assert format_fact(fact, ref_story, loc, "unit") in entry
        assert fact.label[loc] in entry
        if fact.quote:
            assert fact.quote in entry
            assert '<blockquote class="quote" lang="it">' in m.group(1)
        for name in fact.inputs:
            assert f'href="#fact-{name}"' in m.group(1)


def test_charts_are_figures_after_their_section(ref_story, files):
    page = files["it/index.html"].decode()
    doc = Doc(page)
    order = [a["id"] for t, a in doc.elements if t in ("section", "figure") and a.get("id")]
    for s in ref_story.sections:
        at = order.index(f"section-{s.id}")
        assert order[at + 1 : at + 1 + len(s.charts)] == [f"chart-{c}" for c in s.charts]
    for cid in ref_story.charts:
        svgs = doc.find(
            "svg", role="img", **{"aria-labelledby": f"chart-{cid}-title chart-{cid}-alt"}
        )
        assert [a["class"] for a in svgs] == [
            "main-svg chart-svg chart-wide",
            "main-svg chart-svg chart-narrow",
        ]
        assert f"chart-{cid}-title" in doc.ids and f"chart-{cid}-alt" in doc.ids
        hrefs = {a["href"] for a in doc.find("a") if a.get("href", "").startswith(f"charts/{cid}")}
        assert hrefs == {
            f"charts/{cid}.png",
            f"charts/{cid}@2x.png",
            f"charts/{cid}.svg",
            f"charts/{cid}.narrow.png",
            f"charts/{cid}.narrow@2x.png",
            f"charts/{cid}.csv",
        }
    assert "Scarica i dati" in doc.text and "Descrizione del grafico" in doc.text


def test_links_resolve_and_stay_local(ref_story, files):
    """Relative links point at files of the site; absolute ones only where they must."""
    known = set(files) | {layout.social_card(loc) for loc in ref_story.locales}
    for loc in ref_story.locales:
        for cid in ref_story.charts:
            f = layout.chart_files(loc, cid)
            known |= {f.svg, f.png, f.png2x, f.png_narrow, f.png2x_narrow, f.csv}
    for path, text in html_pages(files).items():
        doc = Doc(text)
        for tag, attrs in doc.elements:
            for name in ("src", "href"):
                url = attrs.get(name)
                if url is None or (
                    tag == "link" and attrs.get("rel") == "icon" and url == "data:,"
                ):
                    continue  # the empty favicon: spares hosts a /favicon.ico request
                if re.match(r"^[a-z]+:", url, re.I):
                    assert url.startswith("https://"), f"{path}: <{tag} {name}={url}>"
                    allowed = (
                        tag == "link" and attrs.get("rel") in ("canonical", "alternate")
                    ) or (tag == "a" and attrs.get("class") == "source-link")
                    assert allowed and name == "href", f"{path}: absolute <{tag} {name}={url}>"
                    continue
                target, _, fragment = url.partition("#")
                resolved = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
                    if target
                    else path
                )
                assert resolved in known, f"{path}: {url} -> {resolved}"
                if fragment:
                    target_ids = Doc(files[resolved].decode()).ids if resolved != path else doc.ids
                    assert fragment in target_ids, f"{path}: {url}"


def test_head_metadata(ref_story, files):
    doc = Doc(files["en/index.html"].decode())
    base = ref_story.base_url.rstrip("/")
    assert doc.find("link", rel="canonical")[0]["href"] == f"{base}/en/"
    assert doc.find("meta", name="description")[0]["content"] == ref_story.standfirst["en"]
    og = {a["property"]: a["content"] for a in doc.find("meta") if a.get("property")}
    assert og["og:image"] == f"{base}/en/social.png"
    assert og["og:title"] == ref_story.title["en"]
    assert og["og:locale"] == "en_US" and og["og:locale:alternate"] == "it_IT"
    tw = {
        a["name"]: a["content"]
        for a in doc.find("meta")
        if a.get("name", "").startswith("twitter:")
    }
    assert tw["twitter:card"] == "summary_large_image"
    (ld,) = [
        json.loads(body)
        for attrs, body in doc.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == ref_story.title["en"]
    assert ld["datePublished"] == ref_story.published
    assert ld["dateModified"] == (ref_story.updated or ref_story.published)
    assert ld["inLanguage"] == "en"
    assert ld["author"]["name"] == ref_story.byline["en"]
    assert [c["name"] for c in ld["citation"]] == [s.title for s in ref_story.sources.values()]


def test_dates_come_from_the_content(ref_story, files):
    it = Doc(files["it/index.html"].decode()).text
    en = Doc(files["en/index.html"].decode()).text
    assert "Pubblicato 20 settembre 2019" in it and "Ultimo aggiornamento: 20 settembre 2019" in it
    assert "Last updated: September 20, 2019" in en


def test_without_base_url_everything_is_relative(ref_story):
    story = dataclasses.replace(ref_story, base_url=None)
    files = site(story)
    doc = Doc(files["it/index.html"].decode())
    assert not doc.find("link", rel="canonical")
    og = {a["property"]: a["content"] for a in doc.find("meta") if a.get("property")}
    assert og["og:image"] == "social.png"
    assert "og:url" not in og
    assert {a["href"] for a in doc.find("link", rel="alternate")} == {
        "index.html",
        "../en/index.html",
        "../index.html",
    }
    (code,) = re.findall(r"<textarea[^>]*>(.*?)</textarea>", files["it/index.html"].decode(), re.S)[
        :1
    ]
    assert "charts/headline.embed.html" in code and "http" not in code
    assert b"https://example.org" not in b"".join(files.values())


def test_an_image_snippet_for_a_cms_without_iframes(ref_story, files):
    """Beside the iframe: the PNG, its @2x, its size and the chart's alt text, escaped."""
    from html import unescape

    page = files["en/index.html"].decode()
    textarea = re.search(
        r'<textarea id="chart-money-image"[^>]*>(.*?)</textarea>', page, re.S
    ).group(1)
    snippet = unescape(textarea)
    base = ref_story.base_url.rstrip("/")
    alt = f"{ref_story.charts['money'].title['en']}: placeholder description."
    assert snippet == (
        f'<img src="{base}/en/charts/money.png" srcset="{base}/en/charts/money@2x.png 2x" '
        f'width="720" height="400" alt="{alt}" '
        'style="max-width:100%;height:auto">'
    )
    assert 'for="chart-money-image"' in page


def test_embed_snippet_and_page(ref_story, files):
    page = files["en/index.html"].decode()
    textarea = re.search(
        r'<textarea id="chart-money-embed"[^>]*>(.*?)</textarea>', page, re.S
    ).group(1)
    from html import unescape

    snippet = unescape(textarea)
    base = ref_story.base_url.rstrip("/")
    assert f'src="{base}/en/charts/money.embed.html"' in snippet
    assert f'<script src="{base}/assets/embed.js" async></script>' in snippet
    embed_html = files["en/charts/money.embed.html"].decode()
    # shared, an embed shows the chart's own card
    assert f'<meta property="og:image" content="{base}/en/charts/money.card.png">' in embed_html
    assert '<meta name="twitter:card" content="summary_large_image">' in embed_html
    embed = Doc(embed_html)
    assert [a["src"] for a, _ in embed.scripts] == [
        "../../assets/frame.js",
        "../../assets/charts.js",
    ]
    assert embed.find("svg", role="img")
    back = [a for a in embed.find("a") if a.get("href", "").startswith("../index.html")]
    assert back and back[0]["href"] == "../index.html#chart-money"
    assert ref_story.charts["money"].title["en"] in embed.text


# ----------------------------------------------------------------------------- two drawings, font


@pytest.mark.parametrize("path", ["it/index.html", "en/charts/where.embed.html"])
def test_each_chart_is_inlined_wide_and_narrow(ref_story, files, path):
    """Both drawings are in the page; the card says so, for the stylesheet to pick one."""
    text = files[path].decode()
    cards = re.findall(r'<div class="chart-card has-narrow">(.*?)</div>', text, re.S)
    assert len(cards) == text.count('class="chart-card')
    for card in cards:
        classes = re.findall(r'<svg [^>]*class="([^"]*)"', card)
        assert classes == ["main-svg chart-svg chart-wide", "main-svg chart-svg chart-narrow"]
        assert "narrow</text>" in card  # the placeholder's narrow text
    n = 1 if "embed" in path else len(ref_story.charts)
    assert len(cards) == n


def test_a_chart_without_narrow_drawing_is_inlined_once(ref_story):
    charts = {
        k: dataclasses.replace(v, svg_narrow="") for k, v in placeholder_charts(ref_story).items()
    }
    page = render_site(ref_story, charts, [], social_cards={})["it/index.html"].decode()
    assert "has-narrow" not in page and "chart-narrow" not in page and "chart-wide" not in page
    assert page.count('class="main-svg chart-svg"') == len(ref_story.charts)


def test_stylesheet_shows_one_drawing_and_serves_inter(files):
    css = files[layout.CSS].decode()
    # the narrow drawing is hidden by default, shown (and the wide one hidden) below 600 px
    assert re.search(r"\.chart-svg\.chart-narrow\s*\{\s*display:\s*none", css)
    query = re.search(r"@media \(max-width: 37\.49em\) \{(.*?)\n\}", css, re.S).group(1)
    assert re.search(r"\.has-narrow > \.chart-svg\.chart-wide\s*\{\s*display:\s*none", query)
    assert re.search(r"\.has-narrow > \.chart-svg\.chart-narrow\s*\{\s*display:\s*block", query)
    # Inter, from the site's own assets/ folder (relative to the stylesheet), swapped in
    face = re.search(r"@font-face\s*\{(.*?)\}", css, re.S).group(1)
    assert 'font-family: "Inter"' in face
    assert 'src: url("inter-latin.woff2") format("woff2")' in face
    assert "font-display: swap" in face
    assert posixpath.join(posixpath.dirname(layout.CSS), "inter-latin.woff2") == layout.FONT
    assert "url(" not in css.replace('url("inter-latin.woff2")', "")
    assert "font-src 'self'" in CSP and "default-src 'self'" in CSP


def test_font_and_its_licence_are_shipped(files):
    assert files[layout.FONT][:4] == b"wOF2"
    assert len(files[layout.FONT]) < 100_000
    assert b"SIL OPEN FONT LICENSE" in files[layout.FONT_LICENSE].upper()


def test_compact_svg_rounds_path_coordinates_only():
    from explainer.site.page import compact_svg

    svg = (
        '<svg viewBox="0 0 720 400"><path d="M569.7586864907614,505.95066290441673L-0.04,'
        '1e-07L3.25,4.5Z" transform="translate(24.123456,10)"/>'
        '<text x="1.23456">3.14159</text></svg>'
    )
    out = compact_svg(svg)
    assert 'd="M569.8,506L0,1e-07L3.2,4.5Z"' in out
    assert 'transform="translate(24.123456,10)"' in out and 'x="1.23456">3.14159<' in out


def test_scripts_are_small():
    from explainer.site.page import static_file

    for path in (layout.EMBED_JS, "assets/frame.js"):
        assert len(static_file(path)) < 1024, path


def test_corrections_box_newest_first(ref_story):
    corrections = [
        Correction(
            "2019-09-22",
            "servers",
            {"it": "server", "en": "servers"},
            {"it": "quasi 18.000", "en": "x"},
            {"it": "quasi 19.000", "en": "y"},
            {"it": "Nota A", "en": "Note A"},
        ),
        Correction(
            "2019-10-01",
            "clients",
            {"it": "clienti", "en": "clients"},
            {"it": "5.000", "en": "5,000"},
            {"it": "5.200", "en": "5,200"},
            None,
        ),
    ]
    files = site(ref_story, corrections)
    page = files["it/index.html"].decode()
    box = re.search(r'<section class="corrections".*?</section>', page, re.S).group(0)
    assert box.index("1 ottobre 2019") < box.index("22 settembre 2019")
    assert (
        '<a href="#fact-clients">' in box
        and "<del>5.000</del>" in box
        and "<ins>5.200</ins>" in box
    )
    assert "Nota A" in box
    # a correction is an update: the visible date follows it
    assert 'Ultimo aggiornamento: <time datetime="2019-10-01">1 ottobre 2019</time>' in page
    assert 'class="corrections"' not in site(ref_story)["it/index.html"].decode()


def test_missing_chart_is_an_error(ref_story):
    charts = placeholder_charts(ref_story)
    del charts[("en", "money")]
    with pytest.raises(ValueError, match="money"):
        render_site(ref_story, charts, [], social_cards={})


# ----------------------------------------------------------------------------- escaping


@pytest.fixture(scope="module")
def evil_files(ref_story) -> dict[str, bytes]:
    evil = {"it": EVIL, "en": EVIL}
    return site(
        evil_story(ref_story),
        [
            Correction("2019-09-22", "servers", evil, evil, evil, evil),
            Correction("2019-09-23", "gone", evil, evil, evil, evil),
        ],
    )


def test_injected_markup_stays_text(evil_files):
    for path, text in html_pages(evil_files).items():
        assert "<script>alert" not in text, path
        assert "<img" not in text, path
        doc = Doc(text)
        for tag, attrs in doc.elements:
            assert tag not in ("img", "iframe", "object", "embed"), (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag, attrs)
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                if tag == "link" and attrs.get("rel") == "icon" and value == "data:,":
                    continue
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (
                    path,
                    tag,
                    attrs,
                )
        if path.endswith("/index.html"):
            assert EVIL_SCRIPT in doc.text  # shown as text to the reader
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_json_ld_cannot_close_its_script(evil_files):
    text = evil_files["it/index.html"].decode()
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert "<" not in body and ">" not in body and "&" not in body
    data = json.loads(body)
    assert EVIL_SCRIPT in data["headline"]


def test_unsafe_source_url_is_not_a_link(evil_files):
    doc = Doc(evil_files["it/index.html"].decode())
    assert not doc.find("a", **{"class": "source-link"})


# ----------------------------------------------------------------------------- narrative


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("a {servers} b", '<p>a <a class="fact" href="#fact-servers">quasi 18.000</a> b</p>'),
        ("{viewers:full}", '<p><a class="fact" href="#fact-viewers">5.000.000</a></p>'),
        ("{{literal}}", "<p>{literal}</p>"),
        ("*{clients}*", '<p><em><a class="fact" href="#fact-clients">5.000</a></em></p>'),
        ("`{clients}`", "<p><code>5.000</code></p>"),
        ("[{clients} x](https://example.org)", '<p><a href="https://example.org">5.000 x</a></p>'),
        ("# T", "<h3>T</h3>"),
        (EVIL_SCRIPT, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("[x](JAVASCRIPT:alert(1))", "<p>[x](JAVASCRIPT:alert(1))</p>"),
        ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>"),
        ("[x](vbscript:msgbox)", "<p>[x](vbscript:msgbox)</p>"),
        ("[x](file:///etc/passwd)", "<p>[x](file:///etc/passwd)</p>"),
        ("[x](//evil.example/)", "<p>[x](//evil.example/)</p>"),
        ("[x](mailto:a@example.org)", '<p><a href="mailto:a@example.org">x</a></p>'),
        ("[x](../en/index.html#facts)", '<p><a href="../en/index.html#facts">x</a></p>'),
        (
            "![i](https://tracker.example/p.png)",
            '<p>!<a href="https://tracker.example/p.png">i</a></p>',
        ),
        ("<https://example.org>", '<p><a href="https://example.org">https://example.org</a></p>'),
        ("https://example.org", "<p>https://example.org</p>"),
        ("\ue0000\ue001 {clients}", '<p>0 <a class="fact" href="#fact-clients">5.000</a></p>'),
        ("[a](https://x.example/{clients})", '<p><a href="https://x.example/">a</a></p>'),
    ],
)
def test_narrative(ref_story, markdown, expected):
    assert render_markdown(markdown, ref_story, "it").strip() == expected


def test_narrative_fact_text_cannot_inject(ref_story):
    fact = dataclasses.replace(
        ref_story.facts["rights_holders"], text={"it": f"*x* {EVIL}", "en": EVIL}
    )
    story = dataclasses.replace(ref_story, facts={**ref_story.facts, "rights_holders": fact})
    html = render_markdown("{rights_holders}", story, "it")
    assert html.strip() == (
        '<p><a class="fact" href="#fact-rights_holders">*x* &lt;script&gt;alert(1)&lt;/script&gt; '
        "&lt;img src=x onerror=alert(1)&gt;</a></p>"
    )


def test_narrative_unknown_fact_is_an_error(ref_story):
    with pytest.raises(ValueError, match="nope"):
        render_markdown("{nope}", ref_story, "it")


# ----------------------------------------------------------------------------- inline SVG


def test_inline_svg_is_cleaned_and_csp_safe():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="720" height="400" viewBox="0 0 720 400" onload="alert(1)" style="width:100%">'
        "<script>alert(1)</script><style>*{}</style>"
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
        '<rect fill="red" style="fill: rgb(1, 2, 3); fill-opacity: 1; text-transform: none"/>'
        '<text style="font-family: &quot;Open Sans&quot;, sans-serif; white-space: pre;">'
        "a &lt;b&gt;</text>"
        '<a xlink:href="javascript:alert(1)"><text>l</text></a>'
        '<use xlink:href="#x"/><image xlink:href="https://tracker.example/x.png"/>'
        '<image href="data:image/png;base64,AAAA"/>'
        '<path style="fill: url(https://evil.example/#x); stroke: url(#g)"/>'
        "</svg>"
    )
    out = str(inline_svg(svg, labelledby="t a"))
    assert out.startswith(
        '<svg viewBox="0 0 720 400" class="chart-svg" role="img" aria-labelledby="t a"'
    )
    for bad in (
        "script",
        "<style",
        "foreignObject",
        "onload",
        "javascript",
        "tracker",
        "evil",
        "style=",
        "width=",
        "xlink",
        "ns0",
    ):
        assert bad not in out, bad
    assert '<rect fill="rgb(1, 2, 3)" fill-opacity="1"/>' in out
    assert (
        'font-family="&quot;Open Sans&quot;, sans-serif" xml:space="preserve">a &lt;b&gt;</text>'
        in out
    )
    assert '<use href="#x"/>' in out and 'href="data:image/png;base64,AAAA"' in out
    assert 'stroke="url(#g)"' in out


def test_inline_svg_rejects_non_svg():
    with pytest.raises(ValueError):
        inline_svg("<html/>", labelledby="x")
    with pytest.raises(ValueError):
        inline_svg("<svg", labelledby="x")


def test_text_the_chart_already_shows_is_not_repeated(ref_story):
    """Exported charts carry their own title, caption and source: the HTML copies are then
    for screen readers only; a chart without them gets them shown in HTML."""
    charts = placeholder_charts(ref_story)
    chart = ref_story.charts["money"]
    full = charts[("it", "money")]
    charts[("it", "money")] = dataclasses.replace(
        full,
        svg=placeholder_svg(f"{chart.title['it']}  {chart.caption['it']} Fonte: xtream codes iptv"),
    )
    charts[("it", "scale")] = dataclasses.replace(
        charts[("it", "scale")], svg=placeholder_svg("1 10 100")
    )
    page = render_site(ref_story, charts, [], social_cards={})["it/index.html"].decode()
    assert '<h3 class="chart-title sr-only" id="chart-money-title">' in page
    assert '<p class="chart-caption sr-only">' + chart.caption["it"] in page
    assert re.search(r'id="chart-money".*?<p class="chart-source sr-only">', page, re.S)
    assert '<h3 class="chart-title" id="chart-scale-title">' in page
    scale = re.search(r'id="chart-scale".*?</figure>', page, re.S).group(0)
    assert '<p class="chart-caption">' in scale and '<p class="chart-source">' in scale
