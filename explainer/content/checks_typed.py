"""Numbers typed by hand in the texts a reader sees (issue 12).

Every number a reader sees should come from a fact (with its source and quote) and
follow it when the fact is corrected. This check reads each text the pages and charts
show (story title, standfirst and credits; section headings and bodies; chart titles and
captions; fact labels and notes; place roles; correction notes) in its own language with
`facts.reading.numbers_in`, leaving out `{fact}` references, and then:

- a typed number equal to a fact's value, or to the value of a form the tool shows for
  that fact in that language (each style of `format_fact`, read back), is an **error**:
  `write {servers} instead of 18.000`;
- any other typed number is a **warning** (an error with `--strict`), except a
  four-digit year (an error only when it equals a fact's value).

Never flagged: the day next to a month's name, Markdown's list markers, and what the
story lists under `literal_numbers:` (the number, or words around it); an entry of
`literal_numbers:` that no text uses is a warning.

Not read: text facts' `text:` (sourced facts themselves), quotes and source titles (the
source's words), bylines, and the addresses of links. 0 and 1 are never copies of a fact
(too common), though they are warnings like any other typed number. A text reports its
first MOST_PER_TEXT numbers one by one, then one problem says how many more.

A mixin of `validate._Checker`: it runs once the rest of the file is valid (it needs the
resolved `Story`), adds errors to `problems` and warnings to `warnings`.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from explainer.content.sourcemap import Path_, shown_path
from explainer.errors import Problem
from explainer.facts.numbers import STYLES, format_fact
from explainer.facts.reading import Number, numbers_in
from explainer.facts.references import Ref, find
from explainer.facts.story import Story

#: Texts a reader sees: (section, field); "story" is a mapping, the others are lists.
READ: tuple[tuple[str, str], ...] = (
    ("story", "title"),
    ("story", "standfirst"),
    ("story", "credits"),
    ("narrative", "heading"),
    ("narrative", "body"),
    ("charts", "title"),
    ("charts", "caption"),
    ("facts", "label"),
    ("facts", "note"),
    ("places", "role"),
    ("corrections", "note"),
)
#: A typed number equals a fact's form within this relative difference.
TOLERANCE = 1e-6
#: A warning names the facts closest to the typed number (up to NEAR_SHOWN, within a
#: factor NEAR of it: `4 milioni` where a fact says 5), for a share or a number from
#: NEAR_FROM up (a small count near a fact is a coincidence more often than not).
NEAR = 2.0
NEAR_FROM = 100
NEAR_SHOWN = 3
#: Below this, or spelled out, or a year, a number may equal a fact by coincidence: the
#: hint also says how to keep it.
COINCIDENCE = 100
#: Numbers reported one by one in a text; past them, one problem says how many more.
MOST_PER_TEXT = 50
#: What no reader sees as a number of the text, masked before reading (same length, so
#: offsets hold): addresses, HTML character references.
_ADDRESSES = re.compile(r"\b(?:https?|mailto|ftp):[^\s<>()\[\]]+|&#[xX]?[0-9a-fA-F]+;")
#: Markdown only (narrative bodies): an ordered list's marker, a link's destination.
_LIST_MARKER = re.compile(r"^[ \t]*(?:>[ \t]*)*\d{1,9}[.)](?=[ \t]|$)", re.MULTILINE)
_LINK_DESTINATION = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MASK = "\ufffc"


@dataclass(frozen=True)
class _Form:
    """A number the tool shows for a fact in one locale."""

    value: float
    fact: str
    style: str
    #: The fact as formatted in that style (`quasi 18.000`), and the number in it (`18.000`).
    shown: str
    number: str


class _Forms:
    """Every fact's shown numbers in one locale, by value, for quick lookups."""

    def __init__(self, story: Story, locale: str) -> None:
        self._by: dict[bool, list[tuple[float, int, _Form]]] = {False: [], True: []}
        #: Each fact as prose shows it by default (`quasi 18.000`).
        self.shown: dict[str, str] = {}
        n = 0
        for fact in story.facts.values():
            if fact.value is None:
                continue
            percent = fact.unit is not None and fact.unit.is_percent
            shown = self.shown[fact.id] = format_fact(fact, story, locale)
            raw = _Form(fact.value, fact.id, "compact", shown, "")
            self._by[percent].append((fact.value, n, raw))
            n += 1
            # a count or an amount is never shown as a percentage (€2 is not "200%")
            shares = percent or fact.unit is None
            for style in (s for s in STYLES if shares or s != "percent"):
                text = format_fact(fact, story, locale, style)
                for number in numbers_in(text, locale):
                    form = _Form(number.value, fact.id, style, text, number.text)
                    self._by[number.percent].append((number.value, n, form))
                    n += 1
        for entries in self._by.values():
            entries.sort(key=lambda e: (e[0], e[1]))
        self._keys = {k: [e[0] for e in v] for k, v in self._by.items()}

    def matching(self, value: float, percent: bool) -> list[_Form]:
        """The forms equal to `value` (within TOLERANCE), facts in the story's order."""
        span = abs(value) * TOLERANCE
        keys = self._keys[percent]
        lo = bisect.bisect_left(keys, value - span)
        hi = bisect.bisect_right(keys, value + span)
        return [e[2] for e in sorted(self._by[percent][lo:hi], key=lambda e: e[1])]

    def nearest(self, value: float, percent: bool) -> list[str]:
        """The facts closest to `value` (by ratio, within a factor NEAR), closest first."""
        if value <= 0 or (value < NEAR_FROM and not percent):
            return []
        keys = self._keys[percent]
        lo = bisect.bisect_left(keys, value / NEAR)
        hi = bisect.bisect_right(keys, value * NEAR)
        around = sorted(self._by[percent][lo:hi], key=lambda e: abs(math.log(e[0] / value)))
        return list(dict.fromkeys(e[2].fact for e in around))[:NEAR_SHOWN]


def _masked(text: str, markdown: bool) -> str:
    """`text` with what is not read as the reader's numbers blanked out (same offsets)."""
    spans = [(p.start, p.end) for p in find(text) if isinstance(p, Ref)]
    patterns = [_ADDRESSES, _LIST_MARKER, _LINK_DESTINATION] if markdown else [_ADDRESSES]
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(text)]
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


class _Literals:
    """Where the story's `literal_numbers:` stand in one text, to ask which covers a number."""

    def __init__(self, text: str, literals: Sequence[str]) -> None:
        spans = sorted(
            (m.start(), m.end(), k)
            for k, literal in enumerate(literals)
            for m in re.finditer(re.escape(literal), text, re.IGNORECASE)
        )
        self._spans = spans
        self._starts = [start for start, _, _ in spans]
        self._longest = max((len(literal) for literal in literals), default=0)

    def covering(self, number: Number) -> int | None:
        """The index of a literal that stands around `number` in the text, if any."""
        lo = bisect.bisect_left(self._starts, number.start - self._longest)
        hi = bisect.bisect_right(self._starts, number.start)
        for _, end, k in self._spans[lo:hi]:
            if number.end <= end:
                return k
        return None


def _ref(form: _Form) -> str:
    return "{" + form.fact + ("" if form.style == "compact" else ":" + form.style) + "}"


def _plain(text: str) -> str:
    """For comparing what a writer typed with what the tool writes: case and spaces aside."""
    return re.sub(r"[\s\u00a0\u202f]", " ", text).lower()


def _copied(text: str, number: Number, forms: list[_Form]) -> tuple[str, str]:
    """Message and hint for a copy of a fact's value."""
    same = [f for f in forms if _plain(f.number) == _plain(number.text)]
    form = (same or forms)[0]
    facts = list(dict.fromkeys(f.fact for f in forms))
    also = f"; also {', '.join(repr(f) for f in facts[1:])}" if len(facts) > 1 else ""
    typed = number.text
    # "quasi 18.000", "18 mesi" typed whole: the reference brings its words with it
    for f in sorted(forms, key=lambda f: -len(f.shown)):
        at = number.start - _plain(f.shown).find(_plain(f.number)) if f.number else -1
        around = text[at : at + len(f.shown)] if at >= 0 else ""
        if f.fact == form.fact and len(f.shown) > len(typed) and _plain(around) == _plain(f.shown):
            form, typed = f, around
            break
    hint = f"write {_ref(form)} instead of {typed}"
    if number.spelled or number.year or (number.value < COINCIDENCE and not number.percent):
        hint += f' (if it only happens to equal the fact, list "{typed}" under literal_numbers:)'
    return (
        f"'{number.text}' is typed by hand, and it is the fact '{form.fact}' ({form.shown}{also}):"
        " it would not follow a correction of the fact",
        hint,
    )


def _unsourced(number: Number, forms: _Forms) -> tuple[str, str]:
    """Message and hint for a number no fact gives."""
    near = forms.nearest(number.value, number.percent)
    close = "; ".join(f"'{fact}' is {forms.shown[fact]}" for fact in near)
    close = f" (near it: {close})" if close else ""
    return (
        f"'{number.text}' is typed by hand: no fact gives it, so it has no source and "
        f"would not follow a correction{close}",
        "make it a fact (with its source and quote) and write {its_id}; or, if it is meant "
        f'literally, list "{number.text}" under literal_numbers:',
    )


class TypedNumberChecks:
    """No number typed by hand where a fact should be; every other one a warning."""

    smap: Any
    data: Any
    problems: Any
    warnings: list[Problem]

    def _check_typed(self, story: Story, literals: Sequence[str]) -> None:
        forms = {loc: _Forms(story, loc) for loc in story.locales}
        used: set[int] = set()
        for path, text, locale in self._read_texts(story):
            markdown = path[0] == "narrative" and path[2] == "body"
            around = _Literals(text, literals)
            flagged: list[tuple[Number, list[_Form]]] = []
            for number in numbers_in(_masked(text, markdown), locale):
                k = around.covering(number)
                if k is not None:
                    used.add(k)
                    continue
                if number.day:
                    continue
                typed = number.value * (100 if number.percent else 1)
                copies = (
                    [] if typed in (0, 1) else forms[locale].matching(number.value, number.percent)
                )
                if copies or not number.year:
                    flagged.append((number, copies))
            for number, copies in flagged[:MOST_PER_TEXT]:
                if copies:
                    self._typed(path, text, number, *_copied(text, number, copies))
                else:
                    message = _unsourced(number, forms[locale])
                    self._typed(path, text, number, *message, warning=True)
            if len(flagged) > MOST_PER_TEXT:
                self._more(path, text, flagged[MOST_PER_TEXT:])
        for k, literal in enumerate(literals):
            if k not in used:
                line, col = self.smap.where(("literal_numbers", k))
                self.warnings.append(
                    Problem(
                        self.smap.file,
                        line,
                        col,
                        f"literal_numbers[{k}]",
                        f"'{literal}' is listed as a literal number, but no text reads it there",
                        "remove it, or write it as the text has it (the number with the words "
                        "around it)",
                        warning=True,
                    )
                )

    def _read_texts(self, story: Story) -> Iterator[tuple[Path_, str, str]]:
        """(path, text, locale) of every text a reader sees, in the file's order."""
        data = self.data
        for section, name in READ:
            holder = data.get(section)
            if section == "story":
                items: list[tuple[Path_, Any]] = [(("story",), holder)]
            else:
                items = [((section, i), item) for i, item in enumerate(holder or [])]
            for at, item in items:
                texts = item.get(name) if isinstance(item, dict) else None
                if not isinstance(texts, dict):
                    continue
                for loc, text in texts.items():
                    if loc in story.locales and isinstance(text, str):
                        yield (*at, name, loc), text, loc

    def _more(self, path: Path_, text: str, rest: list[tuple[Number, list[_Form]]]) -> None:
        """One problem for the numbers of a text past MOST_PER_TEXT, at the first of them."""
        copies = sum(1 for _, c in rest if c)
        of_them = f" ({copies} of them copies of facts' values)" if copies else ""
        self._typed(
            path,
            text,
            rest[0][0],
            f"and {len(rest):,} more numbers typed by hand in this text, not listed{of_them}",
            "write {fact_id} for each fact's value; list the numbers meant literally under "
            "literal_numbers:",
            warning=not copies,
        )

    def _typed(
        self,
        path: Path_,
        text: str,
        number: Number,
        message: str,
        hint: str,
        warning: bool = False,
    ) -> None:
        line, col = self.smap.locate(path, text, number.start, number.end)
        problem = Problem(
            self.smap.file, line, col, shown_path(path, self.data), message, hint, warning
        )
        (self.warnings if warning else self.problems.items).append(problem)
