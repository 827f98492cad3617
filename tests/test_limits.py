"""Text lengths: each kind of text has a limit, named in the message at the text's place."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from explainer.content.limits import TEXTS, UNIT_NAME
from explainer.content.validate import load_story_text
from explainer.content.yamlsource import load
from explainer.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "content.yaml").read_text(encoding="utf-8")


class _Dumper(yaml.SafeDumper):
    """Every string double-quoted, so our loader reads them back as text."""


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def _with(path: tuple[Any, ...], text: str) -> str:
    """The reference story (plus a correction) with `text` at `path`, as YAML text."""
    data, _ = load(REFERENCE, "content.yaml")
    data.setdefault("corrections", [{"fact": "viewers", "note": {"it": "x", "en": "x"}}])
    node = data
    for part in path[:-1]:
        node = node[part] if isinstance(part, int) else node.setdefault(part, {})
    node[path[-1]] = text
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def _problems(text: str) -> list[str]:
    try:
        load_story_text(text, "content.yaml", ROOT)
    except ContentError as e:
        return [f"{p.line}:{p.column} {p.path}: {p.message} | {p.hint}" for p in e.problems]
    return []


#: Fields that hold one text, not a text per locale.
_SINGLE = {"base_url", "url", "file", "language", "publisher", "unit", "quote"}


def _placed(section: str, field: str) -> tuple[tuple[Any, ...], str]:
    """Where to put a text for (section, field), and the path its problem shows."""
    if section == "story":
        at: tuple[Any, ...] = ("story", field)
        shown = f"story.{field}"
    else:
        data, _ = load(REFERENCE, "content.yaml")
        ident = (data.get(section) or [{}])[0].get("id")
        at = (section, 0, field)
        shown = f"{section}.{ident}.{field}" if ident else f"{section}[0].{field}"
    if field in _SINGLE or (section, field) == ("sources", "title"):
        return at, shown
    return (*at, "en"), f"{shown}.en"


CASES = sorted(TEXTS.items())


@pytest.mark.parametrize(("where", "limit"), CASES, ids=[".".join(k) for k, _ in CASES])
def test_each_text_has_a_limit_named_in_its_message(where: tuple[str, str], limit: Any) -> None:
    path, shown = _placed(*where)
    message = (
        f"{shown}: the {limit.noun} is {limit.most + 1:,} characters long (limit {limit.most:,})"
    )
    over = _problems(_with(path, "a" * (limit.most + 1)))
    found = [p for p in over if message in p]
    assert len(found) == 1, (message, over)
    assert found[0].split(" | ")[1], found  # a hint
    assert not [p for p in _problems(_with(path, "a" * limit.most)) if "characters long" in p]


def test_a_unit_name_has_a_limit() -> None:
    story = _with(("units", "people", "en", 1), "p" * (UNIT_NAME.most + 1))
    assert any(
        "units.people.en[1]: the unit name is 61 characters long (limit 60)" in p
        for p in _problems(story)
    )


def test_a_long_text_is_reported_at_its_place_and_nothing_else_about_it() -> None:
    """A body over its limit is not searched for {fact} references on top of it."""
    body = "{unknown_fact} " * 2000  # 30,000 characters
    problems = _problems(_with(("narrative", 0, "body", "en"), body))
    assert len(problems) == 1, problems
    assert re.match(
        r"\d+:\d+ narrative\.intro\.body\.en: the body is 30,000 characters long "
        r"\(limit 20,000\) \| split the section",
        problems[0],
    ), problems


def test_the_reference_and_test_stories_are_well_within_the_limits() -> None:
    for path in [ROOT / "content.yaml", *sorted((ROOT / "tests" / "stories").glob("*.yaml"))]:
        data, _ = load(path.read_text(encoding="utf-8"), path.name)
        for (section, field), limit in TEXTS.items():
            items = [data.get(section)] if section == "story" else data.get(section) or []
            for item in items:
                value = item.get(field) if isinstance(item, dict) else None
                texts = value.values() if isinstance(value, dict) else [value]
                for text in texts:
                    if isinstance(text, str):
                        assert len(text) <= limit.most / 2, (path.name, section, field)


def test_the_readme_lists_every_limit() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ")]
    for (section, field), limit in TEXTS.items():
        name = f"`{section}.{field}`"
        row = next((r for r in rows if name in r), None)
        assert row is not None, name
        assert row.rstrip(" |").endswith(f"{limit.most:,}"), (name, row)
    assert any("(`units:`)" in r and r.rstrip(" |").endswith(f"{UNIT_NAME.most}") for r in rows)
