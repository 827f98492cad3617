"""From `content.yaml` to a resolved `Story`, gathering every problem on the way.

    load_story(path) -> Story        # or raises ContentError with all problems

Stages: read (size, encoding) → parse YAML (our safe loader, with positions) → check
each part against the model, item by item so one bad fact does not hide the others →
cross-checks (references, locales, units, formulas, charts, narrative) → resolve
derived facts in dependency order.

Problems that leave the file readable (a repeated key, a leading zero, an anchor or
alias) are reported together with those of the checks; the values they concern are
not checked further, so nothing is reported twice.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import ParseResult, urlparse

from pydantic import BaseModel, TypeAdapter, ValidationError

from explainer.content import model as m
from explainer.content.checks_charts import CHART_KINDS, MAX_MARKS, ChartChecks
from explainer.content.checks_facts import FactChecks
from explainer.content.hints import Suggester, did_you_mean
from explainer.content.limits import too_long
from explainer.content.names import WINDOWS_DEVICES, device_message, formula_word, reserved_unit
from explainer.content.schema_errors import describe, problems_from, shown_path
from explainer.content.units import UnitSystem
from explainer.content.yamlsource import Path_, SourceMap, parse, read_text
from explainer.errors import Problem, Problems
from explainer.facts.story import (
    Source,
    Story,
    UnitNames,
)

__all__ = ["CHART_KINDS", "MAX_MARKS", "display_name", "load_story", "load_story_text"]

URL_SCHEMES = ("http", "https", "mailto")

_SECTIONS: dict[str, type[BaseModel]] = {
    "sources": m.SourceSpec,
    "facts": m.FactSpec,
    "places": m.PlaceSpec,
    "charts": m.ChartSpec,
    "narrative": m.SectionSpec,
    "corrections": m.CorrectionSpec,
}
_REQUIRED = ("story", "sources", "facts", "narrative")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def display_name(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_story(path: Path | str) -> Story:
    """Read, check and resolve a content file; ContentError lists every problem."""
    path = Path(path)
    label = display_name(path)
    text = read_text(path, label)
    data, smap, problems = parse(text, label)
    return _Checker(data, smap, path.resolve().parent, problems).run()


def load_story_text(text: str, label: str = "content.yaml", root: Path | None = None) -> Story:
    data, smap, problems = parse(text, label)
    return _Checker(data, smap, root or Path.cwd(), problems).run()


class _Checker(FactChecks, ChartChecks):
    def __init__(
        self, data: Any, smap: SourceMap, root: Path, problems: Problems | None = None
    ) -> None:
        self.data = data
        self.smap = smap
        self.root = root
        # the loader's problems (a repeated key, a leading zero, an alias) come first; the
        # values they concern are in smap.poisoned and are not reported again
        self.problems = Problems(list(problems.items) if problems is not None else [])
        self.locales: list[str] = []
        #: Locale codes Babel does not know (already reported).
        self.unknown_locales: list[str] = []
        self.units = UnitSystem(())
        #: True when the units: section is unusable: unknown unit names are then not reported.
        self.units_broken = False
        #: Declared unit names refused (lowercased): facts using them are not reported again.
        self.refused_units: set[str] = set()
        self.parsed_units: dict[str, Any] = {}
        #: Texts already reported (only spaces, too long): no further problem about them.
        self.blank: set[Path_] = set()
        self.refused_fact_ids: set[str] = set()
        #: A Suggester per set of ids `_ref` looks names up in (the set kept alive with it).
        self._suggesters: dict[int, tuple[set[str], Suggester]] = {}

    # -- helpers --------------------------------------------------------------------
    def _reported(self, path: Path_) -> bool:
        """True when `path` (or a value it is in) has already been reported."""
        p = tuple(path)
        return self.smap.is_poisoned(p) or any(p[:n] in self.blank for n in range(len(p) + 1))

    def _holds_poison(self, path: Path_) -> bool:
        """True when the loader refused something at or inside `path`."""
        n = len(path)
        return any(tuple(p[:n]) == tuple(path) for p in self.smap.poisoned)

    def add(self, path: Path_, message: str, hint: str = "", key: bool = False) -> None:
        if self._reported(path):
            return
        line, col = self.smap.where(path, key=key)
        self.problems.add(
            Problem(self.smap.file, line, col, shown_path(path, self.data), message, hint)
        )

    def _check(self, model: type[BaseModel], value: Any, path: Path_) -> Any:
        try:
            return model.model_validate(value)
        except ValidationError as e:
            self.problems.extend(self._explained(e, model, path))
            return None

    def _explained(
        self, error: ValidationError, model: type[BaseModel] | None, path: Path_
    ) -> list[Problem]:
        """pydantic's errors as problems, leaving out values already reported as blank."""
        added = self.blank - self.smap.poisoned
        self.smap.poisoned |= added
        try:
            return problems_from(error, model, path, self.data, self.smap)
        finally:
            self.smap.poisoned -= added

    # -- stages ---------------------------------------------------------------------
    def run(self) -> Story:
        data = self.data
        if not isinstance(data, dict):
            line, col = self.smap.where(())
            self.problems.add(
                Problem(
                    self.smap.file,
                    line,
                    col,
                    "",
                    "the file must be a mapping of sections (story:, facts:, …), "
                    f"found {describe(data)}",
                    "start from `explainer new DIR`, which writes a small valid story",
                )
            )
            self.problems.raise_if_any()
        self._whitespace(data, ())
        for found in too_long(data):
            self.add(found.path, found.message, found.limit.hint)
            self.blank.add(found.path)
        allowed = list(m.Content.model_fields)
        misspelt: set[str] = set()
        for key in data:
            if key not in allowed:
                suggestion = did_you_mean(key, allowed)
                if suggestion:
                    misspelt.add(suggestion.split("'")[1])
                self.add(
                    (key,),
                    f"unknown section '{key}'",
                    suggestion or "sections: " + ", ".join(allowed),
                    key=True,
                )
        for key in _REQUIRED:
            # `narative:` is reported once, as the typo, not also as a missing `narrative:`
            if key not in data and key not in misspelt:
                self.add((), f"missing required section '{key}'", f"add a `{key}:` section")

        meta = self._check(m.StoryMeta, data.get("story"), ("story",)) if "story" in data else None
        units = self._check_units(data.get("units", {}))
        items: dict[str, list[tuple[int, Any]]] = {}
        all_ids: dict[str, set[str]] = {}
        for section, model in _SECTIONS.items():
            raw = data.get(section, [])
            items[section] = []
            all_ids[section] = set()
            if raw is None:
                raw = []
            if not isinstance(raw, list):
                self.add(
                    (section,),
                    f"expected a list, found {describe(raw)}",
                    "write each item on a line starting with '- '",
                )
                continue
            seen: dict[str, int] = {}
            for i, item in enumerate(raw):
                ident = item.get("id") if isinstance(item, dict) else None
                if isinstance(ident, str):
                    all_ids[section].add(ident)
                    if ident in seen:
                        self.add(
                            (section, i, "id"),
                            f"duplicate id '{ident}' (first in item {seen[ident] + 1})",
                            "ids must be unique within a section; rename one",
                        )
                    else:
                        seen[ident] = i
                    if ident in WINDOWS_DEVICES:
                        self.add(
                            (section, i, "id"),
                            device_message(ident, "an id"),
                            "choose another id, e.g. " + ident + "_1",
                        )
                    elif section == "facts" and (refusal := formula_word(ident)):
                        self.refused_fact_ids.add(ident)
                        self.add((section, i, "id"), *refusal)
                obj = self._check(model, item, (section, i))
                # an item the loader refused part of is not checked further: what the
                # refused value would have caused is not reported on top of it
                if obj is not None and not self._holds_poison((section, i)):
                    items[section].append((i, obj))

        if meta is not None:
            self._check_meta(meta, all_ids)
        self._check_texts(meta, units, items)
        self._check_sources(items["sources"])
        facts = self._check_facts(items["facts"], all_ids)
        places = self._check_places(items["places"], all_ids)
        charts = self._check_charts(items["charts"], all_ids, facts)
        sections = self._check_narrative(items["narrative"], all_ids, facts)
        for i, c in items["corrections"]:
            self._ref((("corrections", i, "fact")), c.fact, all_ids["facts"], "fact")
        self.problems.raise_if_any()
        assert meta is not None and units is not None
        return Story(
            id=meta.id,
            locales=tuple(meta.locales),
            title=meta.title,
            standfirst=meta.standfirst,
            byline=meta.byline,
            published=meta.published,
            updated=meta.updated,
            base_url=meta.base_url,
            credits=meta.credits,
            facts=facts,
            sources={s.id: self._source(s) for _, s in items["sources"]},
            places=places,
            charts=charts,
            sections=sections,
            units={
                u: {loc: UnitNames(*names) for loc, names in per.items()}
                for u, per in units.items()
            },
            root=self.root,
            headline=meta.headline,
            correction_notes={c.fact: c.note for _, c in items["corrections"]},
        )

    def _whitespace(self, node: Any, path: Path_) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                self._whitespace(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                self._whitespace(v, (*path, i))
        elif isinstance(node, str) and node and not node.strip():
            self.add(path, "the text is only spaces", "write the text, or remove the key")
            self.blank.add(path)

    def _ref(self, path: Path_, ident: str | None, ids: set[str], what: str) -> bool:
        if ident is None or ident in ids:
            return ident is not None
        self.add(
            path,
            f"unknown {what} '{ident}'",
            self._suggest(ident, ids) or f"known {what}s: {', '.join(sorted(ids)) or 'none'}",
        )
        return False

    def _suggest(self, word: str, ids: set[str]) -> str:
        """did_you_mean, with one Suggester per set of ids: bounded work for many words."""
        if id(ids) not in self._suggesters:
            self._suggesters[id(ids)] = (ids, Suggester(ids))
        return self._suggesters[id(ids)][1](word)

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

    def _check_units(self, raw: Any) -> dict | None:
        """The units: section; sets up the unit system with every usable count unit."""
        annotation: Any = m.Content.model_fields["units"].annotation
        units = None
        try:
            units = TypeAdapter(annotation).validate_python(raw, strict=True)
        except ValidationError as e:
            self.problems.extend(self._explained(e, None, ("units",)))
        if isinstance(raw, dict):
            # one bad entry does not make every fact's unit unknown
            names = [k for k in raw if isinstance(k, str) and _ID.match(k)]
            self.refused_units = {str(k).lower() for k in raw if k not in names}
        else:
            names = []
            self.units_broken = True
        usable = []
        for name in names:
            refusal = reserved_unit(name)
            if refusal is None:
                usable.append(name)
            else:
                self.refused_units.add(name)
                self.add(("units", name), *refusal, key=True)
        self.units = UnitSystem(usable)
        if units is not None and len(usable) != len(units):
            return None
        return units

    def _unit_reported(self, message: str) -> bool:
        """An unknown unit whose declaration under units: was refused (already reported)."""
        if not message.startswith("unknown unit '"):
            return False
        name = message.split("'")[1]
        return self.units_broken or name.lower() in self.refused_units

    def _check_sources(self, sources: list[tuple[int, m.SourceSpec]]) -> None:
        for i, s in sources:
            if s.url is not None:
                self._url(("sources", i, "url"), s.url)
            if s.date is not None:
                try:
                    dt.date.fromisoformat(s.date)
                except ValueError:
                    self.add(
                        ("sources", i, "date"), f"'{s.date}' is not a date", 'write "YYYY-MM-DD"'
                    )
            if s.file is not None and not self._reported(("sources", i, "file")):
                try:
                    missing = not (self.root / s.file).is_file()
                    problem = f"the source file '{s.file}' does not exist"
                except OSError as e:  # a name too long for the file system, say
                    missing, problem = True, f"the source file's path is unusable: {e.strerror}"
                if missing:
                    hint = "give the path relative to the content file"
                    self.add(("sources", i, "file"), problem, hint)

    def _parsed(self, path: Path_, url: str) -> ParseResult | None:
        """The address taken apart, or None (reported) when it cannot be: `https://a]b.org`."""
        try:
            return urlparse(url.strip())
        except ValueError as e:
            self.add(
                path,
                f"'{url}' is not a valid address ({e})",
                "check the address: [ and ] only enclose an IPv6 host, e.g. http://[::1]/",
            )
            return None

    def _url(self, path: Path_, url: str) -> None:
        parsed = self._parsed(path, url)
        if parsed is not None and (
            parsed.scheme.lower() not in URL_SCHEMES
            or (parsed.scheme != "mailto" and not parsed.netloc)
        ):
            self.add(
                path,
                f"'{url}' is not an allowed address",
                "addresses must start with http://, https:// or mailto:",
            )

    def _source(self, s: m.SourceSpec) -> Source:
        return Source(
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            url=s.url,
            date=s.date,
            language=s.language,
            file=Path(s.file) if s.file else None,
        )
