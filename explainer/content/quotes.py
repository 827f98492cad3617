"""`explainer check`: every quote must stand in its source's stored text, and every
fact's value in its quote.

Texts are compared after folding whitespace, typographic quotes and apostrophes, and
dashes, so a quote typed with ' matches a source printed with ’. A quote that is not
found is reported with the closest passage of the source. The numbers of a quote are
read in its source's language (`facts.reading`); a fact whose quote has numbers, none of
which is its value, is reported with them (`check_values`).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

from explainer.facts.reading import Number, numbers_in
from explainer.facts.story import Fact, Story

_FOLD = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class QuoteResult:
    owner: str  # "facts.viewers" or "places.netherlands"
    source: str
    quote: str
    found: bool
    closest: str = ""
    ratio: float = 0.0
    problem: str = ""


def closest_passage(quote: str, text: str) -> tuple[str, float]:
    """The passage of `text` most like `quote` (same length window, best match)."""
    q = normalise(quote)
    words = text.split()
    n = max(1, len(q.split()))
    best, best_ratio = "", 0.0
    for size in {n - 1, n, n + 1} - {0}:
        for i in range(0, max(1, len(words) - size + 1)):
            window = " ".join(words[i : i + size])
            ratio = difflib.SequenceMatcher(None, q, normalise(window)).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best, best_ratio


def check_quotes(story: Story) -> list[QuoteResult]:
    texts: dict[str, str | None] = {}
    unreadable: dict[str, str] = {}
    for sid, source in story.sources.items():
        texts[sid] = None
        if source.file is not None:
            try:
                texts[sid] = (story.root / source.file).read_text(encoding="utf-8")
            except UnicodeDecodeError as e:
                unreadable[sid] = (
                    f"the stored text of source '{sid}' is not UTF-8 "
                    f"(byte 0x{e.object[e.start]:02x} at offset {e.start}); "
                    "save it as UTF-8"
                )
            except OSError as e:
                unreadable[sid] = f"cannot read the stored text of source '{sid}': {e.strerror}"
    owners: list[tuple[str, str | None, str | None]] = [
        (f"facts.{f.id}", f.source, f.quote) for f in story.facts.values()
    ]
    owners += [(f"places.{p.id}", p.source, p.quote) for p in story.places.values()]
    results = []
    for owner, source_id, quote in owners:
        if not quote or not source_id:
            continue
        sid = source_id
        text = texts.get(sid)
        if sid in unreadable or text is None:
            problem = unreadable.get(sid, f"source '{sid}' has no stored text (add file: to it)")
            results.append(QuoteResult(owner, sid, quote, False, problem=problem))
        elif normalise(quote) in normalise(text):
            results.append(QuoteResult(owner, sid, quote, True))
        else:
            passage, ratio = closest_passage(quote, text)
            problem = "the quote is not in the source"
            results.append(QuoteResult(owner, sid, quote, False, passage, ratio, problem))
    return results


# -- values against their quotes ---------------------------------------------------------------
@dataclass(frozen=True)
class ValueResult:
    """A fact whose value none of its quote's numbers gives."""

    fact: str
    value: float
    quote: str
    #: The numbers read in the quote, as written there (`18.000`, `5 milioni`).
    numbers: tuple[str, ...]
    #: The language the quote was read in (the source's, else the story's first).
    locale: str


def check_values(story: Story) -> list[ValueResult]:
    """Facts whose quote has numbers, none of which is the value.

    Checked: reported and estimated facts with a number and a quote. A quote without
    numbers says nothing about the value and passes ("the seizure of the platform"); so do
    values of 0 and 1, which quotes write as articles ("uno solo dei clienti") that are
    not read as numbers. An `approx` fact passes when its value rounds to a quoted number
    at the precision the quote gives it (4 870 000 "about 5 million"); any other fact must
    equal a quoted number. A percent fact (0.4) matches "40 %" and a bare "40".
    Derived facts have a formula, not a quote, and are not checked here.
    """
    out = []
    for fact in story.facts.values():
        if fact.value is None or not fact.quote or fact.formula or abs(fact.value) in (0, 1):
            continue
        source = story.sources.get(fact.source or "")
        locale = (source.language if source else None) or story.default_locale
        numbers = numbers_in(fact.quote, locale)
        if not numbers or any(_gives(n, fact) for n in numbers):
            continue
        texts = tuple(n.text for n in numbers)
        out.append(ValueResult(fact.id, fact.value, fact.quote, texts, locale))
    return out


def _gives(number: Number, fact: Fact) -> bool:
    value = fact.value or 0.0
    candidates = [number.value]
    if fact.unit is not None and fact.unit.is_percent and not number.percent:
        candidates.append(number.value / 100)  # "40 per cento", "40 percent"
    for quoted in candidates:
        if math.isclose(value, quoted, rel_tol=1e-9):
            return True
        if (
            fact.approx
            and quoted
            and math.isclose(_round(value, _precision(number.text)), quoted, rel_tol=1e-9)
        ):
            return True
    return False


def _precision(text: str) -> int:
    """Significant digits a number is written with (`18.000` → 2, `1,5 milioni` → 2)."""
    digits = "".join(c for c in text if c.isdigit()).lstrip("0")
    return max(1, len(digits.rstrip("0")) if digits else 1)


def _round(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))
