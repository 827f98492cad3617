"""From `content.yaml` to a resolved `Story`, gathering every problem on the way.

    load_story(path) -> Story        # or raises ContentError with all problems
    load_story_warned(path) -> (Story, warnings)   # the warnings too (numbers typed by hand)
    load_story(path, strict=True)    # warnings refused like problems (--strict)

Stages: read (size, encoding) → parse YAML (our safe loader, with positions) → check
each part against the model, item by item so one bad fact does not hide the others →
cross-checks (references, locales, units, formulas, charts, narrative) → resolve
derived facts in dependency order → once all is valid, the numbers typed by hand in the
texts (`checks_typed`: a copy of a fact is a problem, any other number a warning).

Problems that leave the file readable (a repeated key, a leading zero, an anchor or
alias) are reported together with those of the checks; the values they concern are
not checked further, so nothing is reported twice.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from explainer.content import model as m
from explainer.content.checks_charts import CHART_KINDS, MAX_MARKS, ChartChecks
from explainer.content.checks_facts import FactChecks
from explainer.content.checks_narrative import NarrativeChecks
from explainer.content.checks_places import PlaceChecks
from explainer.content.checks_sources import SourceChecks
from explainer.content.checks_story import StoryChecks
from explainer.content.checks_typed import TypedNumberChecks
from explainer.content.checks_units import UnitChecks
from explainer.content.checks_words import WordChecks
from explainer.content.hints import Suggester, did_you_mean
from explainer.content.limits import too_long
from explainer.content.names import WINDOWS_DEVICES, device_message, formula_word
from explainer.content.schema_errors import describe, problems_from
from explainer.content.sourcemap import Path_, SourceMap, shown_path
from explainer.content.units import UnitSystem
from explainer.content.yamlsource import parse, read_text
from explainer.errors import ContentError, Problem, Problems
from explainer.facts.story import Story, UnitNames

__all__ = [
    "CHART_KINDS",
    "MAX_MARKS",
    "display_name",
    "load_story",
    "load_story_text",
    "load_story_warned",
]

_SECTIONS: dict[str, type[BaseModel]] = {
    "sources": m.SourceSpec,
    "facts": m.FactSpec,
    "places": m.PlaceSpec,
    "charts": m.ChartSpec,
    "narrative": m.SectionSpec,
    "corrections": m.CorrectionSpec,
}
_REQUIRED = ("story", "sources", "facts", "narrative")


def display_name(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_story(path: Path | str, *, strict: bool = False) -> Story:
    """Read, check and resolve a content file; ContentError lists every problem (and,
    when `strict`, every warning)."""
    return load_story_warned(path, strict=strict)[0]


def load_story_warned(
    path: Path | str, *, strict: bool = False
) -> tuple[Story, tuple[Problem, ...]]:
    """`load_story`, and the warnings of a content accepted (none when `strict`)."""
    path = Path(path)
    label = display_name(path)
    text = read_text(path, label)
    data, smap, problems = parse(text, label)
    return _Checker(data, smap, path.resolve().parent, problems).warned(strict)


def load_story_text(
    text: str, label: str = "content.yaml", root: Path | None = None, *, strict: bool = False
) -> Story:
    data, smap, problems = parse(text, label)
    return _Checker(data, smap, root or Path.cwd(), problems).warned(strict)[0]


class _Checker(
    StoryChecks,
    UnitChecks,
    WordChecks,
    SourceChecks,
    FactChecks,
    PlaceChecks,
    ChartChecks,
    NarrativeChecks,
    TypedNumberChecks,
):
    """Every check, mixed in by part, and what they share.

    Shared: the problems found so far, the values already reported (`_reported`), the
    story's locales and units, and references to ids (`_ref`, with "did you mean").
    """

    def __init__(
        self, data: Any, smap: SourceMap, root: Path, problems: Problems | None = None
    ) -> None:
        self.data = data
        self.smap = smap
        self.root = root
        # the loader's problems (a repeated key, a leading zero, an alias) come first; the
        # values they concern are in smap.poisoned and are not reported again
        self.problems = Problems(list(problems.items) if problems is not None else [])
        #: Warnings (numbers typed by hand): they refuse the content only when strict.
        self.warnings: list[Problem] = []
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
    def warned(self, strict: bool) -> tuple[Story, tuple[Problem, ...]]:
        """The story and its warnings; ContentError with the problems (and the warnings
        too, when there are problems or when `strict`)."""
        story = self.run()
        warnings = tuple(sorted(self.warnings, key=lambda p: (p.line, p.column, p.message)))
        if self.problems or (strict and warnings):
            raise ContentError([*self.problems.items, *warnings])
        return story, warnings

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
        strings = self._check_strings(data.get("strings", {}))
        self._check_words(units, strings)
        self._check_sources(items["sources"])
        facts = self._check_facts(items["facts"], all_ids)
        places = self._check_places(items["places"], all_ids)
        charts = self._check_charts(items["charts"], all_ids, facts)
        sections = self._check_narrative(items["narrative"], all_ids, facts)
        for i, c in items["corrections"]:
            self._ref((("corrections", i, "fact")), c.fact, all_ids["facts"], "fact")
        literals = self._check_literals(data.get("literal_numbers", []))
        self.problems.raise_if_any()
        assert meta is not None and units is not None
        story = Story(
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
                u: {loc: UnitNames.of(names) for loc, names in per.items()}
                for u, per in units.items()
            },
            root=self.root,
            headline=meta.headline,
            correction_notes={c.fact: c.note for _, c in items["corrections"]},
            strings=strings or {},
        )
        self._check_typed(story, literals)
        return story

    def _check_literals(self, raw: Any) -> list[str]:
        """`literal_numbers:`, a list of texts (numbers meant literally)."""
        annotation: Any = m.Content.model_fields["literal_numbers"].annotation
        try:
            literals: list[str] = TypeAdapter(annotation).validate_python(raw, strict=True)
        except ValidationError as e:
            self.problems.extend(self._explained(e, None, ("literal_numbers",)))
            return []
        return literals

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
