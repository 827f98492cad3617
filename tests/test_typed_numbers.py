"""Numbers typed by hand in the texts a reader sees (issue 12), as a feature list.

- A typed copy of a fact's value, in any form the tool shows it, is an error at the
  number's line and column, naming the fact, with the fix: `write {servers} instead of
  18.000` — in every shipped language.
- Any other typed number is a warning: printed, the content still valid; `--strict`
  refuses it (exit 2, nothing written), for `validate` and `build` alike.
- Not numbers of the text: years, the day of a date, `{fact}` references, names such as
  G7 and CO2, "uno solo", Markdown list markers, link addresses, and what the story lists
  under `literal_numbers:` (an entry no text uses is a warning).
- Read: narrative bodies and headings, title, standfirst, credits, chart titles and
  captions, fact labels and notes, place roles, correction notes. Not read: text facts'
  `text:`, quotes, source titles.
- Every shipped story passes `validate --strict`.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer.cli import cli
from explainer.content.validate import load_story_text, load_story_warned
from explainer.content.yamlsource import load
from explainer.errors import ContentError, Problem
from tests.conftest import ROOT, cli_runner

STORIES = ROOT / "tests" / "stories"
POLYGLOT = STORIES / "polyglot.yaml"
REFERENCE = ROOT / "content.yaml"
SHIPPED = [
    REFERENCE,
    *sorted(STORIES.glob("*.yaml")),
    ROOT / "explainer" / "content" / "example" / "content.yaml",
]



# -- stories to type into ---------------------------------------------------------------
def _polyglot(tmp_path: Path, typed: dict[str, str], extra: str = "") -> Path:
    """The polyglot story (nine languages) with `typed[locale]` added to the end of that
    locale's narrative body; `extra` appended to the file (e.g. literal_numbers:)."""
    lines = POLYGLOT.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines.index("    body:\n")
    for loc, text in typed.items():
        at = next(i for i in range(body, len(lines)) if lines[i].startswith(f'      {loc}: "'))
        assert lines[at].endswith('"\n')
        lines[at] = lines[at][:-2] + " " + text + '"\n'
    return _write(tmp_path, "".join(lines) + extra, STORIES / "sources")


def _write(tmp_path: Path, text: str, sources: Path) -> Path:
    shutil.copytree(sources, tmp_path / "sources", dirs_exist_ok=True)
    path = tmp_path / "content.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class _Quoted(yaml.SafeDumper):
    """Every string double-quoted, so our loader reads them back as text."""


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def _reference(tmp_path: Path, at: tuple[Any, ...], text: str) -> Path:
    """The reference story (plus a correction note) with `text` at the path `at`."""
    data, _ = load(REFERENCE.read_text(encoding="utf-8"), "content.yaml")
    data.setdefault("corrections", [{"fact": "viewers", "note": {"it": "x", "en": "x"}}])
    node = data
    for part in at[:-1]:
        node = node[part]
    node[at[-1]] = text
    dumped = yaml.dump(data, Dumper=_Quoted, allow_unicode=True, sort_keys=False, width=10**6)
    return _write(tmp_path, dumped, ROOT / "sources")


def _position(path: Path, marker: str, number: str) -> tuple[int, int]:
    """Line and column (1-based) of `number` within the only `marker` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(marker) == 1, marker
    at = text.index(marker) + marker.index(number)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


@dataclass(frozen=True)
class Found:
    errors: list[Problem]
    warnings: list[Problem]


def _found(path: Path) -> Found:
    try:
        _, warnings = load_story_warned(path)
    except ContentError as e:
        return Found([p for p in e.problems if not p.warning], [p for p in e.problems if p.warning])
    return Found([], list(warnings))


# -- a copy of a fact is an error, in every language ----------------------------------------
#: (locale, sentence typed, the number in it, the hint). The polyglot story's facts: books
#: 2,400,000; renovation 18 months; budget_share 0.6 %; late_fee €2 per book per month;
#: loans about 1,500 per day.
COPIES = [
    # a copy in the words of the tool's own form goes whole in the hint: "18 meses"
    ("it", "Oggi 2,4 milioni di libri.", "2,4 milioni", "{books:unit}", "2,4 milioni di libri"),
    ("en", "It costs 0.6% of it.", "0.6%", "{budget_share}", "0.6%"),
    ("de", "Rund 1.500 Bücher am Tag.", "1.500", "{loans}", "1.500"),
    ("fr", "Soit 2,4 millions en tout.", "2,4 millions", "{books}", "2,4 millions"),
    ("fr", "Soit 0,6 pour cent du budget.", "0,6 pour cent", "{budget_share}", "0,6 pour cent"),
    ("es", "Las obras duraron 18 meses.", "18", "{renovation}", "18 meses"),
    ("pt", "São 2.400.000 livros.", "2.400.000", "{books:full}", "2.400.000"),
    ("nl", "Dat is 0,6% van alles.", "0,6%", "{budget_share}", "0,6%"),
    ("pl", "Razem 2,4 miliona książek.", "2,4 miliona", "{books:unit}", "2,4 miliona książek"),
    ("ar", "استغرق التجديد 18 شهرًا.", "18", "{renovation}", "18 شهرًا"),
]


@pytest.mark.parametrize(
    ("locale", "sentence", "number", "ref", "instead"), COPIES, ids=[c[0] for c in COPIES]
)
def test_a_typed_copy_of_a_fact_is_an_error_at_its_place(
    tmp_path: Path, locale: str, sentence: str, number: str, ref: str, instead: str
) -> None:
    path = _polyglot(tmp_path, {locale: sentence})
    found = _found(path)
    assert found.warnings == []
    (error,) = found.errors
    assert (error.line, error.column) == _position(path, sentence, number)
    assert error.path == f"narrative.intro.body.{locale}"
    assert error.message.startswith(f"'{number}' is typed by hand, and it is the fact")
    assert error.hint.startswith(f"write {ref} instead of {instead}")


def test_an_approximation_typed_with_its_number_goes_in_the_hint(tmp_path: Path) -> None:
    path = _polyglot(tmp_path, {"it": "Ne presta circa 1.500 al giorno."})
    (error,) = _found(path).errors
    assert error.hint == "write {loans} instead of circa 1.500 al giorno"


def test_a_number_that_may_equal_a_fact_by_chance_is_told_how_to_stay(tmp_path: Path) -> None:
    path = _polyglot(tmp_path, {"en": "Two desks."})  # late_fee is 2
    (error,) = _found(path).errors
    assert "write {late_fee} instead of Two" in error.hint
    assert 'list "Two" under literal_numbers:' in error.hint


def test_a_typed_percent_compares_with_shares_only(tmp_path: Path) -> None:
    # late_fee (€2) is never shown as 200 %: a warning, not a copy
    found = _found(_polyglot(tmp_path, {"en": "Prices rose 200% since."}))
    assert found.errors == []
    assert [w.message.split("'")[1] for w in found.warnings] == ["200%"]


def test_zero_and_one_are_never_copies(tmp_path: Path) -> None:
    # the reference story's `platforms` and `clients_touched` are 1: "1" is a warning
    path = _reference(tmp_path, ("narrative", 0, "heading", "en"), "Part 1 of the story")
    found = _found(path)
    assert found.errors == []
    assert len(found.warnings) == 1 and "'1' is typed by hand" in found.warnings[0].message


# -- what the README promises -----------------------------------------------------------------
def test_the_readme_example_is_caught_with_both_numbers(tmp_path: Path) -> None:
    sentence = "Si tratta di una stima di 4 milioni e 18.000 server."
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "Il sequestro dei server ha coinvolto anche due provider:",
        sentence + " Il sequestro dei server ha coinvolto anche due provider:",
    )
    path = _write(tmp_path, text, ROOT / "sources")
    found = _found(path)
    (copy,) = found.errors
    assert (copy.line, copy.column) == _position(path, sentence, "18.000")
    assert "the fact 'servers' (quasi 18.000)" in copy.message
    assert copy.hint == "write {servers} instead of 18.000"
    (other,) = found.warnings
    assert (other.line, other.column) == _position(path, sentence, "4 milioni")
    assert "'4 milioni' is typed by hand: no fact gives it" in other.message
    assert "'viewers' is 5 milioni" in other.message  # the fact it contradicts
    assert 'list "4 milioni" under literal_numbers:' in other.hint


# -- not numbers of the text ---------------------------------------------------------------
#: (what, locale, sentence): none of them is flagged, though 18 (renovation), 2 (late_fee)
#: and 1,500 (loans) are facts' values.
NOT_FLAGGED = [
    ("a year", "it", "Riaperta nel 2019."),
    ("a year in English", "en", "Closed in 2024, open in 2026."),
    ("the day of a date", "it", "Riaperta il 18 settembre."),
    ("the day of a date, month first", "en", "Reopened on March 18."),
    ("the day of a date in French", "fr", "Rouverte le 18 mars."),
    ("a fact reference", "it", "Di nuovo {renovation:plain}."),
    ("names with digits", "en", "As at the G7, CO2 and 5G."),
    ("an article, not a number", "it", "Uno solo dei libri."),
    ("'one' in English", "en", "One of them."),
    ("a literal number", "en", "Open 24/7."),
    ("a literal number with its words", "it", "Uno su 2 lo legge."),
    ("a Markdown list marker", "en", "Steps:\\n\\n2. read\\n3. return"),
    ("a link's address", "en", "See [the notice](https://example.org/2/1500)."),
    ("a bare address", "en", "See https://example.org/18/1500 for more."),
    ("an HTML character reference", "en", "Read it&#8217;s."),
]
LITERALS = '\nliteral_numbers: ["24/7", "uno su 2"]\n'


@pytest.mark.parametrize(
    ("locale", "sentence"), [c[1:] for c in NOT_FLAGGED], ids=[c[0] for c in NOT_FLAGGED]
)
def test_not_a_number_of_the_text(tmp_path: Path, locale: str, sentence: str) -> None:
    literal = "24/7" in sentence or "su 2" in sentence
    path = _polyglot(tmp_path, {locale: sentence}, LITERALS if literal else "")
    found = _found(path)
    if literal:  # the other entry is unused: a warning of its own, and the only one
        assert [w.path for w in found.warnings] == [
            "literal_numbers[1]" if "24" in sentence else "literal_numbers[0]"
        ]
        found = Found(found.errors, [])
    assert found == Found([], [])


def test_escaped_braces_are_text_and_what_they_hold_is_read(tmp_path: Path) -> None:
    # `{{18}}` shows "{18}" to the reader: a typed 18, the renovation's value
    found = _found(_polyglot(tmp_path, {"en": "It took {{18}} months."}))
    assert [e.hint for e in found.errors] == [
        "write {renovation} instead of 18 (if it only happens to equal the fact, "
        'list "18" under literal_numbers:)'
    ]


# -- any other number is a warning ------------------------------------------------------------
def test_an_unrelated_number_is_a_warning_at_its_place(tmp_path: Path) -> None:
    sentence = "La sala ha 37 sedie."
    path = _polyglot(tmp_path, {"it": sentence})
    found = _found(path)
    assert found.errors == []
    (warning,) = found.warnings
    assert warning.warning
    assert (warning.line, warning.column) == _position(path, sentence, "37")
    assert warning.format().startswith(
        f"{warning.file}:{warning.line}:{warning.column}: narrative.intro.body.it: warning: "
        "'37' is typed by hand"
    )
    assert 'list "37" under literal_numbers:' in warning.hint


def test_a_text_full_of_numbers_lists_fifty_then_says_how_many_more(tmp_path: Path) -> None:
    numbers = " ".join(f"{n} sedie," for n in range(300, 380))  # 80 numbers, no fact's value
    found = _found(_polyglot(tmp_path, {"it": numbers}))
    assert found.errors == []
    assert len(found.warnings) == 51
    assert (
        "and 30 more numbers typed by hand in this text, not listed" in found.warnings[-1].message
    )


def test_a_literal_number_no_text_uses_is_a_warning(tmp_path: Path) -> None:
    path = _polyglot(tmp_path, {}, '\nliteral_numbers: ["24/7"]\n')
    (warning,) = _found(path).warnings
    assert warning.path == "literal_numbers[0]"
    assert warning.line == path.read_text(encoding="utf-8").count("\n")
    assert "'24/7' is listed as a literal number, but no text reads it" in warning.message
    assert warning.hint


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("[24]", "literal_numbers[0]"),
        (f'["{"7" * 101}"]', "the literal number is 101 characters long (limit 100)"),
        ('"24/7"', "literal_numbers"),
    ],
    ids=["a number", "too long", "not a list"],
)
def test_literal_numbers_are_a_list_of_short_texts(tmp_path: Path, raw: str, message: str) -> None:
    path = _polyglot(tmp_path, {}, f"\nliteral_numbers: {raw}\n")
    problems = _found(path).errors
    assert problems and all(p.hint for p in problems)
    assert any(message in f"{p.path}: {p.message}" for p in problems), problems


# -- which texts are read ---------------------------------------------------------------------
#: (path in the reference story, shown path): a typed copy of `servers` in each text a
#: reader sees is caught there.
READ = [
    (("story", "title", "it"), "story.title.it"),
    (("story", "standfirst", "it"), "story.standfirst.it"),
    (("story", "credits"), "story.credits.it"),
    (("narrative", 0, "heading", "it"), "narrative.intro.heading.it"),
    (("charts", 0, "title", "it"), "charts.headline.title.it"),
    (("charts", 0, "caption"), "charts.headline.caption.it"),
    (("facts", 0, "label", "it"), "facts.viewers.label.it"),
    (("facts", 0, "note"), "facts.viewers.note.it"),
    (("places", 0, "role", "it"), "places.netherlands.role.it"),
    (("corrections", 0, "note", "it"), "corrections[0].note.it"),
]


@pytest.mark.parametrize(("at", "shown"), READ, ids=[r[1] for r in READ])
def test_every_text_a_reader_sees_is_read(tmp_path: Path, at: tuple[Any, ...], shown: str) -> None:
    typed = {"it": "Erano 18.000 server", "en": "There were 18,000 servers"}
    value: Any = typed if at[-1] in ("credits", "caption", "note") else typed[at[-1]]
    path = _reference(tmp_path, at, value)
    hints = {"it": "write {servers} instead of 18.000", "en": "write {servers} instead of 18,000"}
    expected = [(shown, hints["it"])]
    if isinstance(value, dict):
        expected.append((shown[:-2] + "en", hints["en"]))
    assert sorted((e.path, e.hint) for e in _found(path).errors) == sorted(expected)


@pytest.mark.parametrize(
    "at",
    [
        ("facts", 6, "text", "it"),
        ("facts", 0, "quote"),
        ("sources", 0, "title"),
        ("story", "byline", "it"),
    ],
    ids=["a text fact", "a quote", "a source's title", "the byline"],
)
def test_what_is_not_read(tmp_path: Path, at: tuple[Any, ...]) -> None:
    path = _reference(tmp_path, at, "quasi 18.000 server virtuali")
    found = _found(path)
    assert [p for p in found.errors if "typed by hand" in p.message] == []
    assert found.warnings == []


# -- the command line: warnings printed, --strict refuses them -------------------------------
def _warned_story(tmp_path: Path) -> Path:
    return _polyglot(tmp_path, {"it": "La sala ha 37 sedie."})


def test_validate_prints_warnings_and_accepts_the_content(tmp_path: Path) -> None:
    path = _warned_story(tmp_path)
    result = cli_runner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "valid (5 facts, 1 chart, 9 languages)" in result.stdout
    line, col = _position(path, "La sala ha 37 sedie.", "37")
    assert re.search(rf":{line}:{col}: narrative\.intro\.body\.it: warning: '37'", result.stderr)
    assert "\n    hint: " in result.stderr
    assert "1 warning; with --strict it would refuse the content." in result.stderr


def test_validate_strict_refuses_a_warning(tmp_path: Path) -> None:
    result = cli_runner().invoke(cli, ["validate", "--strict", str(_warned_story(tmp_path))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "warning: '37' is typed by hand" in result.stderr
    assert result.stderr.rstrip().endswith(
        "1 warning found, refused by --strict; nothing was written."
    )


def test_build_strict_refuses_a_warning_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "output"
    content = _warned_story(tmp_path)
    result = cli_runner().invoke(cli, ["build", "--strict", str(content), "-o", str(out)])
    assert result.exit_code == 2, result.stderr
    assert "refused by --strict; nothing was written." in result.stderr
    assert not out.exists()
    assert not (tmp_path / ".explainer-cache").exists()


@pytest.mark.browser
def test_build_without_strict_prints_the_warnings_and_builds_and_so_does_a_rebuild(
    tmp_path: Path,
) -> None:
    """The warnings are the content's: a real build prints them, a rebuild that finds
    nothing changed (no validation, no browser) prints them again from its manifest,
    and --strict refuses them there too without touching the output."""
    text = (STORIES / "minimal.yaml").read_text(encoding="utf-8")
    typed = text.replace(
        "Ogni cliente pagava {price}", "La sala ha 37 sedie. Ogni cliente pagava {price}"
    )
    assert typed != text
    content = _write(tmp_path / "story", typed, STORIES / "sources")
    out = tmp_path / "output"
    for run in ("build", "no-change rebuild"):
        result = cli_runner().invoke(cli, ["build", str(content), "-o", str(out)])
        assert result.exit_code == 0, (run, result.stderr)
        assert "warning: '37' is typed by hand" in result.stderr, run
        assert "1 warning; with --strict it would refuse the content." in result.stderr, run
    assert "nothing changed" in result.stdout
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = cli_runner().invoke(cli, ["build", "--strict", str(content), "-o", str(out)])
    assert result.exit_code == 2
    assert "warning: '37' is typed by hand" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_copy_fails_validate_even_without_strict(tmp_path: Path) -> None:
    path = _polyglot(tmp_path, {"it": "La sala ha 37 sedie.", "en": "It took 18 months."})
    result = cli_runner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "write {renovation} instead of 18 months" in result.stderr
    assert "warning: '37'" in result.stderr  # shown with the problem, not hidden by it
    assert result.stderr.rstrip().endswith("1 problem and 1 warning found; nothing was written.")


def test_load_story_strict_raises_with_the_warnings(tmp_path: Path) -> None:
    text = _warned_story(tmp_path).read_text(encoding="utf-8")
    load_story_text(text, root=tmp_path)
    with pytest.raises(ContentError) as caught:
        load_story_text(text, root=tmp_path, strict=True)
    assert [p.warning for p in caught.value.problems] == [True]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.parent.name + "/" + p.stem for p in SHIPPED])
def test_every_shipped_story_passes_strict(path: Path) -> None:
    result = cli_runner().invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
