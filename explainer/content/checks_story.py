"""Checks of the story: section and of the locales every per-language text is written in.

A mixin of `validate._Checker`: it uses the checker's `add`, `_ref`, `_parsed` (from
`checks_sources`) and fills its `locales` (the story's, known to Babel, each once) and
`unknown_locales` (those reported: texts keyed by something close are not reported again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from explainer.content import model as m
from explainer.content.hints import Suggester, did_you_mean
from explainer.content.names import WINDOWS_DEVICES, device_message
from explainer.content.sourcemap import Path_


class StoryChecks:
    """The story's id, locales, dates, address and headline; the locales of every text."""

    add: Any
    _ref: Any
    _parsed: Any
    locales: list[str]
    unknown_locales: list[str]

    def _check_meta(self, meta: m.StoryMeta, ids: dict[str, set[str]]) -> None:
        from babel import Locale, UnknownLocaleError
        from babel.localedata import locale_identifiers

        if meta.id in WINDOWS_DEVICES:
            self.add(
                ("story", "id"),
                device_message(meta.id, "a story id"),
                f"choose another id, e.g. {meta.id}-story",
            )
        suggest: Suggester | None = None
        for i, code in enumerate(meta.locales):
            try:
                Locale.parse(code)
            except (UnknownLocaleError, ValueError, TypeError):
                self.unknown_locales.append(code)
                suggest = suggest or Suggester(locale_identifiers())
                self.add(
                    ("story", "locales", i),
                    f"unknown locale '{code}'",
                    suggest(code) or "use a code like it, en, pt_BR",
                )
                continue
            if code in self.locales:
                self.add(("story", "locales", i), f"locale '{code}' is listed twice", "remove one")
            else:
                self.locales.append(code)
        for key in ("published", "updated"):
            value = getattr(meta, key)
            if value is not None:
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    self.add(
                        ("story", key),
                        f"'{value}' is not a date",
                        'write it as "YYYY-MM-DD" (quoted)',
                    )
        if meta.base_url is not None:
            parsed = self._parsed(("story", "base_url"), meta.base_url)
            if parsed is not None and (parsed.scheme not in ("http", "https") or not parsed.netloc):
                self.add(
                    ("story", "base_url"),
                    f"'{meta.base_url}' is not an http(s) address",
                    "write the full address, e.g. https://example.org/my-story/",
                )
        if meta.headline is not None:
            self._ref(("story", "headline"), meta.headline, ids["facts"], "fact")

    def _check_texts(
        self, meta: m.StoryMeta | None, units: dict | None, items: dict[str, list]
    ) -> None:
        """Every per-language text has exactly the story's locales."""
        if not self.locales:
            return

        def check(path: Path_, text: Any) -> None:
            if not isinstance(text, dict):
                return
            for loc in self.locales:
                if loc not in text:
                    self.add(
                        path,
                        f"missing the '{loc}' text",
                        f"add `{loc}: …` (the story's locales: {', '.join(self.locales)})",
                    )
            for loc in text:
                if loc not in self.locales and not self._meant_locale(loc):
                    self.add(
                        (*path, loc),
                        f"'{loc}' is not one of the story's locales ({', '.join(self.locales)})",
                        did_you_mean(loc, self.locales)
                        or "remove it, or add the locale to story.locales",
                        key=True,
                    )

        if meta is not None:
            for key in ("title", "standfirst", "byline", "credits"):
                check(("story", key), getattr(meta, key))
        for unit, per in (units or {}).items():
            check(("units", unit), per)
        fields = {
            "facts": ("label", "text", "note"),
            "places": ("region", "role"),
            "charts": ("title", "caption"),
            "narrative": ("heading", "body"),
            "corrections": ("note",),
        }
        for section, names in fields.items():
            for i, obj in items[section]:
                for name in names:
                    check((section, i, name), getattr(obj, name))

    def _meant_locale(self, loc: str) -> bool:
        """A text keyed by a code close to an unknown locale (`it` for `itt`): already reported."""
        return any(
            loc == code or did_you_mean(loc, [code]) or did_you_mean(code, [loc])
            for code in self.unknown_locales
        )
