"""Small helpers for error hints."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'did you mean 'servers'?' when a close match exists, else ''.

    A match differing only in case wins (`no` → `NO`); otherwise the most similar choice,
    and between equally similar ones the one sharing the longest start with `word`
    (`itt` → `it`, not `tt`; `EUX` → `EUR`, not `XEU`).
    """
    options = list(dict.fromkeys(c for c in choices if c))
    for option in options:
        if option.lower() == word.lower() and option != word:
            return f"did you mean '{option}'?"
    best, best_key = "", (0.6, -1)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    for option in options:
        if option == word:
            continue
        matcher.set_seq1(option)
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        ratio = matcher.ratio()
        key = (ratio, len(os.path.commonprefix([word, option])))
        if ratio >= 0.6 and key > best_key:
            best, best_key = option, key
    return f"did you mean '{best}'?" if best else ""
