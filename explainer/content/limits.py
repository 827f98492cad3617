"""How long each kind of text may be, in characters (per language).

A chart title of a million characters would make a chart a million pixels tall, and a
label that long a bar chart no one can read: every text the story shows has a limit
generous for its kind (documented in README.md, "Text lengths"). A text over it is a
problem at the text's position, naming the kind and the limit:

    content.yaml:80:9: charts.headline.title.it: the title is 1,399,999 characters
    long (limit 200)

    for found in too_long(data): found.path, found.message, found.limit.hint
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from explainer.content.sourcemap import Path_


@dataclass(frozen=True)
class Limit:
    noun: str
    most: int
    hint: str


_TITLE = Limit("title", 200, "a title is read at a glance: shorten it, say more in the text")
_HEADING = Limit("heading", 200, "shorten it, and say more in the section's body")
_LABEL = Limit("label", 150, "a label names what the number counts: say more in a note")
_QUOTE = Limit("quote", 1_000, "quote only the source's words that state the fact")
_NOTE = Limit("note", 3_000, "shorten it, or tell the rest in the narrative")
_NAME = Limit("name", 200, "shorten it")

#: (section, field) -> its limit; "story" is the story: mapping, the others are lists.
TEXTS: dict[tuple[str, str], Limit] = {
    ("story", "title"): _TITLE,
    ("story", "standfirst"): Limit("standfirst", 600, "one or two sentences: shorten it"),
    ("story", "byline"): Limit("byline", 200, "shorten it"),
    ("story", "credits"): Limit("credits text", 1_000, "shorten it"),
    ("story", "base_url"): Limit("address", 2_000, "shorten the address"),
    ("sources", "title"): Limit("title", 300, "shorten it"),
    ("sources", "publisher"): _NAME,
    ("sources", "url"): Limit("address", 2_000, "shorten the address"),
    ("sources", "file"): Limit("path", 500, "move the file closer to the content"),
    ("sources", "language"): Limit("language", 35, "write a language code, e.g. it"),
    ("facts", "label"): _LABEL,
    ("facts", "text"): Limit("text", 300, "a text fact is a short value: say more in a note"),
    ("facts", "unit"): Limit("unit", 100, "units are a few names joined by * and /"),
    ("facts", "quote"): _QUOTE,
    ("facts", "note"): _NOTE,
    ("places", "region"): _NAME,
    ("places", "role"): Limit("role", 300, "shorten it, and say more in the narrative"),
    ("places", "quote"): _QUOTE,
    ("charts", "title"): _TITLE,
    ("charts", "caption"): Limit("caption", 500, "shorten it, and say more in the narrative"),
    ("narrative", "heading"): _HEADING,
    ("narrative", "body"): Limit("body", 20_000, "split the section into two or more"),
    ("corrections", "note"): _NOTE,
}
#: A count unit's singular and plural (units: people: {en: [person, people]}).
UNIT_NAME = Limit("unit name", 60, "a unit is one or two words")
#: An entry of `literal_numbers:` (a number meant literally, with the words around it).
LITERAL_NUMBER = Limit("literal number", 100, "list the number with only the words around it")


@dataclass(frozen=True)
class TooLong:
    path: Path_
    limit: Limit
    length: int

    @property
    def message(self) -> str:
        return (
            f"the {self.limit.noun} is {self.length:,} characters long (limit {self.limit.most:,})"
        )


def too_long(data: Any) -> Iterator[TooLong]:
    """Every text over its limit, in the content's raw data; other shapes are left alone."""
    if not isinstance(data, dict):
        return
    for (section, name), limit in TEXTS.items():
        holder = data.get(section)
        items = [((section,), holder)] if section == "story" else _items(section, holder)
        for at, item in items:
            if isinstance(item, dict) and name in item:
                yield from _check((*at, name), item[name], limit)
    units = data.get("units")
    if isinstance(units, dict):
        for unit, per in units.items():
            if isinstance(per, dict):
                for loc, names in per.items():
                    if isinstance(names, list):
                        for k, text in enumerate(names):
                            yield from _check(("units", unit, loc, k), text, UNIT_NAME)
    literals = data.get("literal_numbers")
    if isinstance(literals, list):
        for k, text in enumerate(literals):
            yield from _check(("literal_numbers", k), text, LITERAL_NUMBER)


def _items(section: str, holder: Any) -> list[tuple[Path_, Any]]:
    return (
        [((section, i), item) for i, item in enumerate(holder)] if isinstance(holder, list) else []
    )


def _check(path: Path_, value: Any, limit: Limit) -> Iterator[TooLong]:
    """`value` is one text, or a text per locale."""
    texts = value.items() if isinstance(value, dict) else [(None, value)]
    for loc, text in texts:
        if isinstance(text, str) and len(text) > limit.most:
            yield TooLong(path if loc is None else (*path, loc), limit, len(text))
