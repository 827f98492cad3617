"""Did-you-mean: the same answers as a plain scan of every choice, in bounded work."""

from __future__ import annotations

import difflib
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.content.hints import Suggester, did_you_mean


def _reference(word: str, choices: list[str]) -> str:
    """The algorithm of 0.1.0: every choice compared with the word (quadratic for many)."""
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


def test_the_documented_cases() -> None:
    assert did_you_mean("severs", ["viewers", "servers"]) == "did you mean 'servers'?"
    assert did_you_mean("no", ["NO", "NL"]) == "did you mean 'NO'?"
    assert did_you_mean("itt", ["tt", "it"]) == "did you mean 'it'?"
    assert did_you_mean("EUX", ["XEU", "EUR"]) == "did you mean 'EUR'?"
    assert did_you_mean("zzz", ["servers"]) == ""
    assert did_you_mean("", ["a"]) == ""
    assert did_you_mean("a", []) == ""


_names = st.text("abcdeEFG_12", max_size=12)


@settings(max_examples=300, deadline=None)
@given(_names, st.lists(_names, max_size=40))
def test_the_same_answers_as_comparing_every_choice(word: str, choices: list[str]) -> None:
    assert Suggester(choices)(word) == _reference(word, choices)


def test_a_set_of_choices_gives_the_same_answer_in_any_run() -> None:
    """Between equally good choices, a set's (run-dependent) order does not decide."""
    choices = {"ab_x", "ab_y", "ab_z", "ba_x"}
    assert did_you_mean("ab_q", choices) == did_you_mean("ab_q", sorted(choices))


def test_many_words_cost_bounded_work() -> None:
    choices = [f"f{i}" for i in range(3000)]
    suggest = Suggester(choices, budget=10_000)
    answers = [suggest(f"g{i}") for i in range(10, 3010)]
    assert suggest.comparisons <= 10_000
    # the first words are answered in full, the same as before; the last, not at all
    assert answers[0] == _reference("g10", choices) == "did you mean 'f10'?"
    assert answers[-1] == "" != _reference("g3009", choices)
    # a word asked again costs nothing more
    before = suggest.comparisons
    assert suggest("g10") == answers[0] and suggest.comparisons == before
    # a difference of case is always found, whatever the budget left
    assert suggest("F2999") == "did you mean 'f2999'?"


def test_choices_too_short_or_too_long_to_match_are_not_compared() -> None:
    suggest = Suggester(["a", "servers", "s" * 40])
    assert suggest("severs") == "did you mean 'servers'?"
    assert suggest.comparisons == 1
