"""Fact references in narrative text: `{fact_id}` or `{fact_id:style}`.

`{servers}` becomes "quasi 18.000" on the Italian page, "almost 18,000" on the English
one; `{servers:full}` shows every digit. Write `{{` and `}}` for literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from explainer.facts.numbers import STYLES

#: Styles accepted after the colon; `currency` is an alias of `compact` kept for writers.
REF_STYLES = (*STYLES, "currency")
_REF = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
_INNER = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(?::\s*([a-z_]+)\s*)?$")


@dataclass(frozen=True)
class Ref:
    start: int
    end: int
    fact: str
    style: str
    #: The raw text between the braces, for messages.
    raw: str
    ok: bool = True


def find(text: str) -> Iterator[Ref | str]:
    """Split text into literal strings and references (malformed ones have ok=False)."""
    pos = 0
    for m in _REF.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()]
        token = m.group(0)
        if token in ("{{", "}}"):
            yield token[0]
        else:
            inner = m.group(1)
            parsed = _INNER.match(inner)
            if parsed:
                style = parsed.group(2) or "compact"
                yield Ref(
                    m.start(),
                    m.end(),
                    parsed.group(1),
                    "compact" if style == "currency" else style,
                    inner,
                    style in REF_STYLES,
                )
            else:
                yield Ref(m.start(), m.end(), inner.strip(), "", inner, False)
        pos = m.end()
    if pos < len(text):
        yield text[pos:]
