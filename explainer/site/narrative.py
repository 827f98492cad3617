"""Narrative Markdown to HTML, with every fact reference turned into a link to its fact.

    render("… {servers} …", story, "it")
        -> Markup('<p>… <a class="fact" href="#fact-servers">quasi 18.000</a> …</p>')

Why it is built this way:

* Markdown is parsed by markdown-it-py's CommonMark preset with raw HTML off, so any
  `<script>` or `<img onerror>` in the content comes out as text. Links are kept only
  when they are http(s), mailto or relative; images are switched off altogether
  (an image would be a request to another host, which the page never makes).
* Fact references (`{servers}`, `{revenue:full}`) are swapped for placeholders made of
  private-use characters *before* parsing, so Markdown never sees the formatted value,
  and swapped back on the token stream *after* parsing, as escaped HTML. A fact's text
  therefore cannot inject markup nor be read as Markdown, and a reference inside a
  link's text or a code span becomes plain text (no link inside a link).
* Headings written in a section body are pushed down two levels (`#` → `<h3>`) so the
  page keeps one `<h1>` and sections stay `<h2>`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from explainer.facts.numbers import format_fact
from explainer.facts.references import Ref, find
from explainer.facts.story import Story

#: Schemes a narrative link may use; anything else (javascript:, data:, file:, …) is dropped.
LINK_SCHEMES = ("http", "https", "mailto")
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_PRIVATE = re.compile(f"[{_OPEN}{_CLOSE}]")
#: A placeholder after markdown-it percent-encoded it inside a link address.
_ENCODED = re.compile(r"%EE%80%80\d+%EE%80%81", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
#: Heading levels in a body start at <h3> (the page has <h1>, sections <h2>).
HEADING_SHIFT = 2


def fact_anchor(fact_id: str) -> str:
    """The id of a fact's entry in "Facts and sources" (the target of prose links)."""
    return f"fact-{fact_id}"


def safe_link(url: str) -> bool:
    """True for http(s), mailto and relative links; False for every other scheme.

    `url` arrives normalized by markdown-it (percent-encoded), so a tab or newline
    hidden inside `java\tscript:` is already `%09` and cannot form a scheme.
    """
    url = url.strip()
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # protocol-relative: another host
    m = _SCHEME.match(url)
    return m is None or m.group(1).lower() in LINK_SCHEMES


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False, "xhtmlOut": False},
    )
    md.disable("image")
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


def _fact_link(fact_id: str, text: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = f'<a class="fact" href="#{escape(fact_anchor(fact_id))}">{escape(text)}</a>'
    return token


def _text(text: str) -> Token:
    token = Token("text", "", 0)
    token.content = text
    return token


def _swap_inline(children: list[Token], values: list[tuple[str, str]]) -> list[Token]:
    """Replace placeholders in inline tokens: links in text, plain text inside links/code."""
    out: list[Token] = []
    in_link = 0
    for tok in children:
        if tok.type == "link_open":
            in_link += 1
        elif tok.type == "link_close":
            in_link = max(0, in_link - 1)
        if tok.type == "link_open":
            # a reference inside a link address or title: dropped / shown as plain text
            for name, value in list(tok.attrs.items()):
                value = _ENCODED.sub("", str(value))
                tok.attrs[name] = _PLACEHOLDER.sub(lambda m: values[int(m.group(1))][1], value)
        if tok.type == "code_inline":
            tok.content = _PLACEHOLDER.sub(lambda m: values[int(m.group(1))][1], tok.content)
        if tok.type != "text" or _OPEN not in tok.content:
            out.append(tok)
            continue
        pos = 0
        for m in _PLACEHOLDER.finditer(tok.content):
            if m.start() > pos:
                out.append(_text(tok.content[pos : m.start()]))
            fact_id, shown = values[int(m.group(1))]
            out.append(_text(shown) if in_link else _fact_link(fact_id, shown))
            pos = m.end()
        if pos < len(tok.content):
            out.append(_text(tok.content[pos:]))
    return out


def render(text: str, story: Story, locale: str) -> Markup:
    """A section body as HTML for the `locale` page (facts formatted in that locale)."""
    values: list[tuple[str, str]] = []
    parts: list[str] = []
    for piece in find(text):
        if isinstance(piece, Ref):
            fact = story.facts.get(piece.fact)
            if not piece.ok or fact is None:
                raise ValueError(f"bad fact reference {{{piece.raw}}} in the narrative")
            parts.append(f"{_OPEN}{len(values)}{_CLOSE}")
            values.append((fact.id, format_fact(fact, story, locale, piece.style)))
        else:
            parts.append(_PRIVATE.sub("", piece))
    md = _markdown()
    tokens = md.parse("".join(parts))
    for tok in tokens:
        if tok.type in ("heading_open", "heading_close"):
            level = min(6, int(tok.tag[1]) + HEADING_SHIFT)
            tok.tag = f"h{level}"
        elif tok.type in ("code_block", "fence"):
            tok.content = _PLACEHOLDER.sub(lambda m: values[int(m.group(1))][1], tok.content)
        elif tok.type == "inline" and tok.children:
            tok.children = _swap_inline(tok.children, values)
    html = md.renderer.render(tokens, md.options, {})
    # Anything left (a placeholder in a link address, say) is dropped, never shown raw.
    return Markup(_PRIVATE.sub("", _PLACEHOLDER.sub("", html)))
