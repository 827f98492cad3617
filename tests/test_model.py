"""The reference story resolves to the right numbers and words; the YAML reading is safe.

Values and derived values are those of the article (and of explainer's own arithmetic on
them); the locale strings are what a reader sees on the Italian and English pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from explainer.cli import cli
from explainer.content.validate import load_story
from explainer.content.yamlsource import load
from explainer.errors import ContentError
from explainer.facts.numbers import format_fact
from explainer.facts.story import Story
from tests.conftest import cli_runner

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content.yaml"
MINIMAL = ROOT / "tests" / "stories" / "minimal.yaml"



@pytest.fixture(scope="module")
def xtream() -> Story:
    return load_story(CONTENT)


def _spaces(text: str) -> str:
    """Babel puts no-break spaces in `59 €`; the words are what these tests check."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# -- values ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fact", "value", "unit"),
    [
        ("viewers", 5_000_000, "people"),
        ("clients", 5_000, "client"),
        ("clients_touched", 1, "client"),
        ("servers", 18_000, "server"),
        ("price_per_client", 59, "EUR/client/month"),
        # derived: clients × price, then × month, then × 12 months
        ("revenue_monthly", 295_000, "EUR/month"),
        ("revenue_one_month", 295_000, "EUR"),
        ("revenue_yearly", 3_540_000, "EUR"),
        ("viewers_per_client", 1_000, "people/client"),
        ("servers_per_client", 3.6, "server/client"),
        ("viewers_per_server", 5_000_000 / 18_000, "people/server"),
    ],
)
def test_reference_story_values(xtream: Story, fact: str, value: float, unit: str) -> None:
    f = xtream.facts[fact]
    assert f.value == pytest.approx(value, rel=1e-9)
    assert f.unit is not None and f.unit.expr == unit


def test_viewers_per_server_is_about_278(xtream: Story) -> None:
    assert round(xtream.facts["viewers_per_server"].value or 0, 1) == 277.8


def test_derived_facts_know_their_inputs(xtream: Story) -> None:
    assert xtream.facts["revenue_monthly"].inputs == ("clients", "price_per_client")
    assert xtream.facts["revenue_yearly"].inputs == ("revenue_monthly",)
    assert xtream.facts["revenue_monthly"].kind == "derived"
    assert xtream.facts["revenue_monthly"].unit.currency == "EUR"  # type: ignore[union-attr]


def test_reference_story_texts_and_places(xtream: Story) -> None:
    assert xtream.locales == ("it", "en")
    assert xtream.facts["rights_holders"].text == {"it": "SKY, Netflix e altri",
                                                   "en": "SKY, Netflix and others"}
    assert xtream.facts["rights_holders"].value is None
    assert xtream.places["netherlands"].countries == ("NL",)
    assert xtream.places["netherlands"].name == {"it": "Paesi Bassi", "en": "Netherlands"}
    assert xtream.places["eastern_europe"].is_region
    assert [s.id for s in xtream.sections][:2] == ["intro", "supply_chain"]
    options = xtream.charts["clients_waffle"].options
    assert options == {"per_mark": 1, "highlight": "clients_touched"}


# -- words -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fact", "italian", "english"),
    [
        ("viewers", "5 milioni", "5 million"),
        ("servers", "quasi 18.000", "almost 18,000"),
        ("price_per_client", "59 € per cliente al mese", "€59 per client per month"),
        ("revenue_yearly", "3,54 milioni di €", "€3.54 million"),
        ("revenue_monthly", "295.000 € al mese", "€295,000 per month"),
        ("clients", "5.000", "5,000"),
        ("servers_per_client", "3,6", "3.6"),
    ],
)
def test_reference_story_in_each_language(xtream: Story, fact: str, italian: str,
                                          english: str) -> None:
    f = xtream.facts[fact]
    assert _spaces(format_fact(f, xtream, "it")) == italian
    assert _spaces(format_fact(f, xtream, "en")) == english


# -- the JSON Schema ---------------------------------------------------------------------
def test_schema_validates_the_reference_story() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = cli_runner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    data, _ = load(CONTENT.read_text(encoding="utf-8"), "content.yaml")
    jsonschema.validate(data, schema)
    # and it is not vacuous: a typo'd key or a wrong type is refused by it too
    fact = dict(data["facts"][0])
    fact["lable"] = fact.pop("label")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "facts": [fact]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "facts": [{**data["facts"][0], "value": "5.000.000"}]}, schema)


# -- YAML 1.1 surprises, as yamlsource.py documents them ------------------------------------
@pytest.mark.parametrize(
    ("yaml_text", "value"),
    [
        ("v: NO", "NO"),  # Norway, not false
        ("v: no", "no"),
        ("v: yes", "yes"),
        ("v: on", "on"),
        ("v: Off", "Off"),
        ("v: 2019-09-17", "2019-09-17"),  # a date stays text, as typed
        ("v: 1e3", 1000),
        ("v: 2.5e-1", 0.25),
        ("v: 5_000_000", 5_000_000),
        ("v: 59.9", 59.9),
        ("v: '012'", "012"),  # quoted: a code, kept as text
        ("v: \"5.000\"", "5.000"),
        ("v: 0", 0),
        ("v: -3", -3),
        ("v: true", True),
        ("v: ~", None),
        ("v: null", None),
        ("v:", None),
    ],
)
def test_yaml_scalars(yaml_text: str, value: object) -> None:
    data, _ = load(yaml_text + "\n", "t.yaml")
    assert data == {"v": value}
    assert type(data["v"]) is type(value)


def test_yaml_keys_stay_text() -> None:
    data, _ = load("on: 1\nyes: 2\nNO: 3\n2019-09-17: 4\n", "t.yaml")
    assert data == {"on": 1, "yes": 2, "NO": 3, "2019-09-17": 4}


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("v: 012", "'012' has a leading zero"),
        ("v: 5.000", "'5.000' is ambiguous"),
        ("v: &a 1\nw: *a", "aliases (*a) are not supported"),
        ("v: !!str 1", "the tag !!str is not supported"),
    ],
)
def test_yaml_surprises_are_refused(yaml_text: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        load(yaml_text + "\n", "t.yaml")
    assert any(message in p.message and p.hint for p in caught.value.problems), caught.value


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ContentError) as caught:
        load("story:\n  id: a\n  title: x\n  id: b\n", "t.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (4, 3)
    assert problem.path == "story.id"
    assert problem.message == "duplicate key 'id' (first at line 2)"


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    """The minimal story with one edit, beside a copy of its source text."""
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    shutil.copytree(MINIMAL.parent / "sources", tmp_path / "sources")
    path = tmp_path / "content.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_country_NO_unquoted_is_norway(tmp_path: Path) -> None:
    story = load_story(_variant(tmp_path, 'country: "NO"', "country: NO"))
    assert story.places["norway"].countries == ("NO",)
    assert story.places["norway"].name["en"] == "Norway"


def test_yes_and_on_stay_text(tmp_path: Path) -> None:
    story = load_story(_variant(tmp_path, '    it: "Redazione"\n    en: "Newsroom"',
                                "    it: yes\n    en: on"))
    assert story.byline == {"it": "yes", "en": "on"}


def test_unquoted_date_stays_text(tmp_path: Path) -> None:
    story = load_story(_variant(tmp_path, 'published: "2019-09-20"', "published: 2019-09-20"))
    assert story.published == "2019-09-20"


def test_exponent_notation_is_a_number(tmp_path: Path) -> None:
    story = load_story(_variant(tmp_path, "value: 5000\n", "value: 5e3\n"))
    assert story.facts["clients"].value == 5000
    assert story.facts["revenue"].value == 5000 * 59


def test_country_no_lowercase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_story(_variant(tmp_path, 'country: "NO"', "country: no"))
    [problem] = caught.value.problems
    assert problem.message == "'no' is not an ISO 3166-1 country code"
    assert problem.hint == "did you mean 'NO'?"


# -- explainer check ---------------------------------------------------------------------------
def test_check_passes_on_the_reference_story() -> None:
    result = cli_runner().invoke(cli, ["check", str(CONTENT)])
    assert result.exit_code == 0, result.stderr
    assert "all 11 quotes found in their sources; every value is in its quote." in result.stdout


def _story_copy(tmp_path: Path) -> Path:
    shutil.copy(CONTENT, tmp_path / "content.yaml")
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    return tmp_path / "content.yaml"


def test_check_fails_on_an_altered_quote_and_shows_the_closest_passage(tmp_path: Path) -> None:
    content = _story_copy(tmp_path)
    text = content.read_text(encoding="utf-8")
    altered = text.replace('quote: "stimate in 5 milioni"', 'quote: "stimate in 6 milioni"')
    assert altered != text
    content.write_text(altered, encoding="utf-8")
    result = cli_runner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert "facts.viewers: the quote is not in the source" in result.stderr
    assert "quote:   “stimate in 6 milioni”" in result.stderr
    closest = next(line for line in result.stderr.splitlines() if "closest:" in line)
    assert "stimate in 5 milioni" in closest
    assert "1 of 11 quotes not found in their sources." in result.stderr


def test_check_reports_a_source_text_that_is_not_utf8(tmp_path: Path) -> None:
    content = _story_copy(tmp_path)
    source = next((tmp_path / "sources").glob("*.txt"))
    source.write_bytes(source.read_bytes().replace("è".encode(), b"\xe8"))
    result = cli_runner().invoke(cli, ["check", str(content)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "is not UTF-8" in result.stderr
