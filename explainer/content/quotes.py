"""`explainer check`: every quote must stand in its source's stored text.

Texts are compared after folding whitespace, typographic quotes and apostrophes, and
dashes, so a quote typed with ' matches a source printed with ’. A quote that is not
found is reported with the closest passage of the source.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from explainer.facts.story import Story

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
