"""Checks of the tool's words for the story's locales: the `strings:` section, a
catalog or strings for every locale, and the plural forms of count units.

A mixin of `validate._Checker` (it uses `add`, `problems`, `_explained`, `locales` and
`unknown_locales`).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from babel import Locale
from pydantic import TypeAdapter, ValidationError

from explainer.content import model as m
from explainer.content.hints import did_you_mean
from explainer.facts.catalogs import fields, shipped
from explainer.facts.i18n import count_categories, missing_messages
from explainer.facts.messages import MESSAGES

#: How many missing message keys a problem names before "and N more".
SHOWN_KEYS = 6


def _language_name(loc: str) -> str:
    try:
        return Locale.parse(loc).get_display_name("en") or loc
    except (ValueError, TypeError):
        return loc


def _forms(categories: AbstractSet[str]) -> str:
    order = ["zero", "one", "two", "few", "many", "other"]
    return ", ".join(c for c in order if c in categories)


def _skeleton(categories: AbstractSet[str]) -> str:
    """`{one: …, few: …, many: …, other: …}`."""
    return "{" + ", ".join(c + ": …" for c in _forms(categories).split(", ")) + "}"


class WordChecks:
    """`strings:`, the words of every locale, and count units' plural forms."""

    add: Any
    problems: Any
    _explained: Any
    locales: list[str]
    unknown_locales: list[str]

    def _check_strings(self, raw: Any) -> dict | None:
        """The strings: section: known messages, the story's locales, the same fields."""
        annotation: Any = m.Content.model_fields["strings"].annotation
        try:
            strings = TypeAdapter(annotation).validate_python(raw, strict=True)
        except ValidationError as e:
            self.problems.extend(self._explained(e, None, ("strings",)))
            return None
        for key, per in strings.items():
            msg = MESSAGES.get(key)
            if msg is None:
                self.add(
                    ("strings", key),
                    f"unknown message '{key}'",
                    did_you_mean(key, MESSAGES) or "`explainer strings` lists every message",
                    key=True,
                )
                continue
            for loc, text in per.items():
                self._check_string(key, loc, text)
        return strings

    def _check_string(self, key: str, loc: str, text: str | dict[str, str]) -> None:
        msg = MESSAGES[key]
        path = ("strings", key, loc)
        if self.locales and loc not in self.locales:
            self.add(
                path,
                f"'{loc}' is not one of the story's locales ({', '.join(self.locales)})",
                did_you_mean(loc, self.locales) or "remove it, or add the locale to story.locales",
                key=True,
            )
            return
        want = fields(msg.english)
        if msg.plural:
            if isinstance(text, str):
                self.add(
                    path,
                    f"'{key}' changes with a number: give one text per plural category",
                    f"write {loc}: {_skeleton(count_categories(loc))}",
                )
                return
            missing = count_categories(loc) - set(text)
            if missing:
                self.add(
                    path,
                    f"'{key}' lacks the plural forms {_forms(missing)} "
                    f"({_language_name(loc)} uses {_forms(count_categories(loc))})",
                    "add a text for each",
                )
            texts = list(text.values())
        elif isinstance(text, dict):
            self.add(path, f"'{key}' does not change with a number: give one text", "")
            return
        else:
            texts = [text]
        for t in texts:
            if fields(t) != want:
                named = ", ".join("{" + f + "}" for f in sorted(want)) or "no {field}"
                self.add(
                    path,
                    f"the text must use the fields of the message: {named}",
                    f"the English is “{msg.english}”",
                )

    def _check_words(self, units: dict | None, strings: dict | None) -> None:
        """Every locale has all the tool's words; count units have every plural form."""
        if strings is None:
            return  # already reported
        for i, loc in enumerate(self.locales):
            if loc in self.unknown_locales:
                continue
            missing = missing_messages(loc, strings)
            if missing:
                shown = ", ".join(missing[:SHOWN_KEYS])
                more = f" and {len(missing) - SHOWN_KEYS} more" if len(missing) > SHOWN_KEYS else ""
                self.add(
                    ("story", "locales", i),
                    f"explainer has no interface words for '{loc}' ({_language_name(loc)}): "
                    f"it ships {', '.join(shipped())}, and strings: lacks {len(missing)} of "
                    f"the {len(MESSAGES)} messages ({shown}{more})",
                    f"`explainer strings {loc}` prints a strings: section to translate and "
                    "paste into the content file",
                )
        for unit, per in (units or {}).items():
            for loc, words in per.items():
                if loc not in self.locales or loc in self.unknown_locales:
                    continue
                given = set(words) if isinstance(words, dict) else {"one", "other"}
                lacking = count_categories(loc) - given
                if lacking:
                    needed = _forms(count_categories(loc))
                    self.add(
                        ("units", unit, loc),
                        f"'{unit}' lacks the plural forms {_forms(lacking)} in '{loc}': "
                        f"{_language_name(loc)} counts use {needed}",
                        f"write {loc}: {_skeleton(count_categories(loc))}",
                    )
