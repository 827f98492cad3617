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
import graphlib
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pint
from pydantic import BaseModel, TypeAdapter, ValidationError

from explainer import formula as formulas
from explainer import model as m
from explainer.errors import Problem, Problems
from explainer.hints import did_you_mean
from explainer.references import REF_STYLES, Ref, find
from explainer.schema_errors import describe, problems_from, shown_path
from explainer.story import (
    Chart,
    Fact,
    Place,
    Section,
    Source,
    Story,
    UnitNames,
)
from explainer.units import TIME_UNITS, UnitError, UnitSystem
from explainer.yamlsource import Path_, SourceMap, parse, read_text

#: The most marks a waffle chart may draw (raise with EXPLAINER_MAX_MARKS).
MAX_MARKS = int(os.environ.get("EXPLAINER_MAX_MARKS", 10_000))
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

#: Names Windows keeps for devices: a file called `con.svg` or `nul.html` cannot be written.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)

#: Words the unit library (pint) reads itself, so they cannot name a count unit.
_UNIT_KEYWORDS = ("per", "squared", "cubed", "square", "cubic", "sq")
_UNIT_NUMBERS = ("inf", "infinity", "nan")

#: What each chart kind takes: (min facts, max facts), (min places, max places), options.
CHART_KINDS: dict[str, dict[str, Any]] = {
    "big_numbers": {"facts": (1, 6), "places": (0, 0), "options": ()},
    "ladder": {"facts": (2, 12), "places": (0, 0), "options": ()},
    "waffle": {"facts": (1, 1), "places": (0, 0), "options": ("per_mark", "highlight")},
    "flow": {"facts": (2, 8), "places": (0, 0), "options": ()},
    "map": {"facts": (0, 0), "places": (1, 60), "options": ()},
    "bars": {"facts": (1, 20), "places": (0, 0), "options": ()},
}


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


class _Checker:
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
        #: Values that are only spaces (already reported): no further problem about them.
        self.blank: set[Path_] = set()

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
                            _device_message(ident, "an id"),
                            "choose another id, e.g. " + ident + "_1",
                        )
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
            did_you_mean(ident, ids) or f"known {what}s: {', '.join(sorted(ids)) or 'none'}",
        )
        return False

    def _check_meta(self, meta: m.StoryMeta, ids: dict[str, set[str]]) -> None:
        from babel import Locale, UnknownLocaleError
        from babel.localedata import locale_identifiers

        if meta.id in WINDOWS_DEVICES:
            self.add(
                ("story", "id"),
                _device_message(meta.id, "a story id"),
                f"choose another id, e.g. {meta.id}-story",
            )
        for i, code in enumerate(meta.locales):
            try:
                Locale.parse(code)
            except (UnknownLocaleError, ValueError, TypeError):
                self.unknown_locales.append(code)
                self.add(
                    ("story", "locales", i),
                    f"unknown locale '{code}'",
                    did_you_mean(code, locale_identifiers()) or "use a code like it, en, pt_BR",
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
            parsed = urlparse(meta.base_url)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
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
            refusal = _reserved_unit(name)
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
            if s.file is not None:
                target = self.root / s.file
                if not target.is_file():
                    self.add(
                        ("sources", i, "file"),
                        f"the source file '{s.file}' does not exist",
                        "give the path relative to the content file",
                    )

    def _url(self, path: Path_, url: str) -> None:
        parsed = urlparse(url.strip())
        if parsed.scheme.lower() not in URL_SCHEMES or (
            parsed.scheme != "mailto" and not parsed.netloc
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

    # -- facts ----------------------------------------------------------------------
    def _check_facts(
        self, facts: list[tuple[int, m.FactSpec]], ids: dict[str, set[str]]
    ) -> dict[str, Fact]:
        specs: dict[str, tuple[int, m.FactSpec]] = {}
        for i, f in facts:
            specs.setdefault(f.id, (i, f))
            at = ("facts", i)
            has = [k for k in ("value", "text", "formula") if getattr(f, k) is not None]
            if len(has) != 1:
                self.add(
                    at,
                    "a fact needs exactly one of value, text or formula"
                    + (f" (found {', '.join(has)})" if has else ""),
                    "numbers use value (or formula when derived), words use text",
                )
            if f.formula is not None and f.kind != "derived":
                self.add(
                    (*at, "kind"),
                    f"a fact with a formula is derived, not {f.kind}",
                    "write kind: derived",
                )
            if f.kind == "derived" and f.formula is None:
                self.add(
                    (*at, "kind"),
                    "a derived fact needs a formula",
                    "add formula: …, or say reported/estimated and give its source",
                )
            if f.kind != "derived":
                if f.source is None:
                    self.add(
                        at, "missing required key 'source'", "say which source this fact comes from"
                    )
                if f.quote is None:
                    self.add(
                        at,
                        "missing required key 'quote'",
                        "copy the source's exact words for this fact",
                    )
            self._ref((*at, "source"), f.source, ids["sources"], "source")
            if f.text is not None:
                for k in ("unit", "approx", "digits"):
                    if getattr(f, k) is not None:
                        self.add(
                            (*at, k),
                            f"a text fact has no {k}",
                            f"remove {k}, or give a value instead of text",
                        )
            elif f.value is not None or f.formula is not None:
                if f.unit is None:
                    self.add(
                        at,
                        "missing required key 'unit'",
                        "say what the number counts: people, EUR, …",
                    )
                else:
                    try:
                        unit = self.units.parse(f.unit)
                        self.parsed_units[f.id] = unit
                    except UnitError as e:
                        if not self._unit_reported(str(e)):
                            self.add((*at, "unit"), str(e), e.hint)
                        unit = None
                    if (
                        f.value is not None
                        and unit is not None
                        and f.value < 0
                        and unit.numerator
                        and not unit.currency
                    ):
                        self.add(
                            (*at, "value"),
                            f"a count cannot be negative ({f.value})",
                            "check the sign; counts of people or things are 0 or more",
                        )
        return self._resolve(specs, ids["facts"])

    def _resolve(
        self, specs: dict[str, tuple[int, m.FactSpec]], all_ids: set[str]
    ) -> dict[str, Fact]:
        parsed: dict[str, formulas.Formula] = {}
        graph: dict[str, set[str]] = {}
        for fid, (i, f) in specs.items():
            graph[fid] = set()
            if f.formula is None:
                continue
            if not f.formula.strip():
                continue  # reported once, as a text of spaces
            try:
                parsed[fid] = formulas.parse(f.formula, all_ids)
                graph[fid] = set(parsed[fid].names)
            except formulas.FormulaError as e:
                self.add(("facts", i, "formula"), str(e), e.hint)
        sorter = graphlib.TopologicalSorter(graph)
        try:
            order = list(sorter.static_order())
        except graphlib.CycleError as e:
            cycle = e.args[1]
            for fid in set(cycle):
                i, _ = specs[fid]
                self.add(
                    ("facts", i, "formula"),
                    "formulas form a cycle: " + " → ".join(cycle),
                    "a derived fact cannot depend on itself, even through others",
                )
            return {}
        values: dict[str, Any] = {}
        failed: set[str] = set()
        out: dict[str, Fact] = {}
        for fid in order:
            if fid not in specs:
                continue
            i, f = specs[fid]
            unit = self.parsed_units.get(fid)
            value: float | None = f.value
            if fid in parsed:
                bad = [n for n in parsed[fid].names if n in failed or n not in values]
                text_inputs = [n for n in bad if n in specs and specs[n][1].text is not None]
                if text_inputs:
                    self.add(
                        ("facts", i, "formula"),
                        f"'{text_inputs[0]}' is a text fact, not a number",
                        "formulas can only use facts with a value",
                    )
                if bad or unit is None:
                    failed.add(fid)
                    continue
                value = self._compute(fid, i, parsed[fid], unit, values)
                if value is None:
                    failed.add(fid)
                    continue
            if value is not None and unit is not None:
                values[fid] = self.units.quantity(value, unit)
            elif f.text is None:
                failed.add(fid)
            out[fid] = Fact(
                id=fid,
                label=f.label,
                kind=f.kind,
                value=float(value) if value is not None else None,
                unit=unit,
                text=f.text,
                approx=f.approx,
                source=f.source,
                quote=f.quote,
                formula=f.formula,
                inputs=parsed[fid].names if fid in parsed else (),
                digits=f.digits,
                note=f.note,
            )
        # keep the content's order
        return {fid: out[fid] for fid in specs if fid in out}

    def _compute(
        self, fid: str, i: int, parsed: formulas.Formula, unit: Any, values: dict
    ) -> float | None:
        try:
            result = formulas.evaluate(parsed, values.__getitem__, self.units.unit_named)
        except formulas.FormulaError as e:
            self.add(("facts", i, "formula"), str(e), e.hint)
            return None
        except pint.DimensionalityError as e:
            # inside the formula: `viewers + revenue` adds people and EUR/month
            self.add(
                ("facts", i, "formula"),
                f"unit mismatch: cannot add or subtract {self._unit_words(e.units1)} "
                f"and {self._unit_words(e.units2)}",
                "only quantities with the same unit can be added or subtracted",
            )
            return None
        target = self.units.pint_unit(unit)
        if not hasattr(result, "to"):
            result = self.units.registry.Quantity(result)
        try:
            return float(result.to(target).magnitude)
        except pint.DimensionalityError:
            # the formula works, but does not give the unit the fact declares
            self.add(
                ("facts", i, "unit"),
                f"the formula gives {self._unit_words(result.units)}, "
                f"but the unit says {self._unit_words(target)}",
                "change the unit, or multiply/divide by a time unit (× month) or fact",
            )
        return None

    def _unit_words(self, units: Any) -> str:
        """A unit as the content writes it: `EUR/month`, `people/client`; `a plain number`."""
        try:
            unit = self.units.registry.Unit(units)
        except (pint.errors.PintError, ValueError, TypeError, AttributeError):
            text = str(units).replace(" ", "")
        else:
            text = "" if unit.dimensionless else f"{unit:C}"
        return text if text and text != "dimensionless" else "a plain number"

    # -- places, charts, narrative ----------------------------------------------------
    def _check_places(
        self, places: list[tuple[int, m.PlaceSpec]], ids: dict[str, set[str]]
    ) -> dict[str, Place]:
        from babel import Locale

        territories = Locale.parse("en").territories
        out = {}
        for i, p in places:
            at = ("places", i)
            if (p.country is None) == (p.region is None):
                self.add(
                    at,
                    "a place needs either country or region",
                    'country: "NL" or region: {it: …, en: …}',
                )
                continue
            codes = []
            if p.country is not None:
                if p.countries is not None:
                    self.add(
                        (*at, "countries"),
                        "countries is for regions",
                        "remove it, or use region instead of country",
                    )
                codes = [p.country]
                paths: list[Path_] = [(*at, "country")]
            else:
                codes = list(p.countries or [])
                paths = [(*at, "countries", k) for k in range(len(codes))]
            ok = True
            for code, path in zip(codes, paths, strict=True):
                if not (
                    len(code) == 2 and code.isupper() and code.isalpha() and code in territories
                ):
                    ok = False
                    known = [
                        c for c in territories if isinstance(c, str) and len(c) == 2 and c.isalpha()
                    ]
                    self.add(
                        path,
                        f"'{code}' is not an ISO 3166-1 country code",
                        did_you_mean(code, known)
                        or did_you_mean(code.upper(), known)
                        or 'use two capital letters, quoted: "NL"',
                    )
            if p.quote is not None and p.source is None:
                self.add(at, "a quote needs its source", "add source: …")
            self._ref((*at, "source"), p.source, ids["sources"], "source")
            if not ok or not self.locales:
                continue
            if p.region is not None:
                name = p.region
            else:
                name = {
                    loc: Locale.parse(loc).territories.get(p.country, p.country)
                    for loc in self.locales
                }
            out[p.id] = Place(
                id=p.id,
                name=name,
                role=p.role,
                group=p.group,
                countries=tuple(codes),
                is_region=p.region is not None,
                source=p.source,
                quote=p.quote,
            )
        return out

    def _check_charts(
        self,
        charts: list[tuple[int, m.ChartSpec]],
        ids: dict[str, set[str]],
        facts: dict[str, Fact],
    ) -> dict[str, Chart]:
        out = {}
        for i, c in charts:
            at = ("charts", i)
            rules = CHART_KINDS[c.kind]
            ok = True
            for what, (lo, hi) in (("facts", rules["facts"]), ("places", rules["places"])):
                listed = getattr(c, what) or []
                if hi == 0 and getattr(c, what) is not None:
                    self.add((*at, what), f"a {c.kind} chart takes no {what}", f"remove {what}")
                    ok = False
                elif not lo <= len(listed) <= hi:
                    # "needs 1 fact", "needs 2 to 12 facts"
                    noun = what[:-1] if lo == hi == 1 else what
                    span = f"{lo} to {hi}" if hi != lo else f"{lo}"
                    self.add(
                        at if not listed else (*at, what),
                        f"a {c.kind} chart needs {span} {noun} (found {len(listed)})",
                        f"list them under {what}: [...]",
                    )
                    ok = False
                kind_ids = ids["facts"] if what == "facts" else ids["places"]
                for k, ident in enumerate(listed):
                    if not self._ref((*at, what, k), ident, kind_ids, what[:-1]):
                        ok = False
                    elif what == "facts" and ident in facts and not facts[ident].is_number:
                        self.add(
                            (*at, what, k),
                            f"'{ident}' is a text fact; charts show numbers",
                            "chart facts with a value or a formula",
                        )
                        ok = False
            for option in ("per_mark", "highlight"):
                if getattr(c, option) is not None and option not in rules["options"]:
                    self.add(
                        (*at, option), f"a {c.kind} chart takes no {option}", f"remove {option}"
                    )
                    ok = False
            shown = [facts[f] for f in (c.facts or []) if f in facts and facts[f].is_number]
            if ok and c.kind == "waffle":
                ok = self._check_waffle(c, at, shown, ids, facts)
            if ok and c.kind == "ladder":
                for k, f in enumerate(shown):
                    if f.value is not None and f.value <= 0:
                        self.add(
                            (*at, "facts", k),
                            f"'{f.id}' is {f.value:g}; a log scale needs values above 0",
                            "leave it out of the ladder",
                        )
                        ok = False
            if ok and c.kind in ("bars", "flow") and c.kind == "bars" and shown:
                first = shown[0]
                for k, f in enumerate(shown[1:], start=1):
                    if (
                        f.unit
                        and first.unit
                        and self.units.pint_unit(f.unit).dimensionality
                        != self.units.pint_unit(first.unit).dimensionality
                    ):
                        self.add(
                            (*at, "facts", k),
                            f"'{f.id}' is in {f.unit.expr}, '{first.id}' in "
                            f"{first.unit.expr}: bars compare one kind of quantity",
                            "chart facts of one unit together",
                        )
                        ok = False
            if ok:
                options = {
                    k: getattr(c, k) for k in ("per_mark", "highlight") if getattr(c, k) is not None
                }
                out[c.id] = Chart(
                    id=c.id,
                    kind=c.kind,
                    title=c.title,
                    facts=tuple(c.facts or ()),
                    places=tuple(c.places or ()),
                    caption=c.caption,
                    options=options,
                )
        return out

    def _check_waffle(
        self,
        c: m.ChartSpec,
        at: Path_,
        shown: list[Fact],
        ids: dict[str, set[str]],
        facts: dict[str, Fact],
    ) -> bool:
        if c.per_mark is None:
            self.add(
                at,
                "missing required key 'per_mark'",
                "say how many one square stands for, e.g. per_mark: 50000",
            )
            return False
        if c.per_mark <= 0:
            self.add(
                (*at, "per_mark"),
                f"per_mark must be above 0 (found {c.per_mark})",
                "e.g. per_mark: 50000",
            )
            return False
        if not shown:
            return False
        fact = shown[0]
        marks = (fact.value or 0) / c.per_mark
        if marks > MAX_MARKS:
            self.add(
                (*at, "per_mark"),
                f"{marks:,.0f} squares is over the limit of {MAX_MARKS:,} (EXPLAINER_MAX_MARKS)",
                f"raise per_mark to at least {(fact.value or 0) / MAX_MARKS:,.0f}, "
                "or set EXPLAINER_MAX_MARKS",
            )
            return False
        if c.highlight is not None:
            if not self._ref((*at, "highlight"), c.highlight, ids["facts"], "fact"):
                return False
            h = facts.get(c.highlight)
            if h is None or not h.is_number:
                return False
            if h.unit and fact.unit and h.unit.expr != fact.unit.expr:
                self.add(
                    (*at, "highlight"),
                    f"'{h.id}' is in {h.unit.expr}, the chart counts {fact.unit.expr}",
                    "highlight a fact of the same unit",
                )
                return False
            if (h.value or 0) > (fact.value or 0):
                self.add(
                    (*at, "highlight"),
                    f"'{h.id}' ({h.value:g}) is more than '{fact.id}' ({fact.value:g})",
                    "the highlighted part must be part of the whole",
                )
                return False
        return True

    def _check_narrative(
        self,
        sections: list[tuple[int, m.SectionSpec]],
        ids: dict[str, set[str]],
        facts: dict[str, Fact],
    ) -> tuple[Section, ...]:
        placed: dict[str, str] = {}
        out = []
        for i, s in sections:
            at = ("narrative", i)
            for k, chart in enumerate(s.charts):
                if self._ref((*at, "charts", k), chart, ids["charts"], "chart"):
                    if chart in placed:
                        self.add(
                            (*at, "charts", k),
                            f"chart '{chart}' is already placed in section '{placed[chart]}'",
                            "place each chart once",
                        )
                    placed[chart] = s.id
            for loc, text in s.body.items():
                self._refs((*at, "body", loc), text, ids["facts"], facts)
            out.append(Section(id=s.id, heading=s.heading, body=s.body, charts=tuple(s.charts)))
        return tuple(out)

    def _refs(self, path: Path_, text: str, fact_ids: set[str], facts: dict[str, Fact]) -> None:
        if self._reported(path):
            return
        for piece in find(text):
            if not isinstance(piece, Ref):
                continue
            line, col = self.smap.inside(path, piece.start)
            where = shown_path(path, self.data)
            if not piece.fact or not piece.fact.replace("_", "a").isalnum():
                self.problems.add(
                    Problem(
                        self.smap.file,
                        line,
                        col,
                        where,
                        f"'{{{piece.raw}}}' is not a fact reference",
                        "write {fact_id} or {fact_id:full}; {{ and }} for literal braces",
                    )
                )
            elif piece.fact not in fact_ids:
                self.problems.add(
                    Problem(
                        self.smap.file,
                        line,
                        col,
                        where,
                        f"unknown fact '{piece.fact}'",
                        did_you_mean(piece.fact, fact_ids) or "use the id of a fact",
                    )
                )
            elif not piece.ok:
                self.problems.add(
                    Problem(
                        self.smap.file,
                        line,
                        col,
                        where,
                        f"unknown style in '{{{piece.raw}}}'",
                        "styles: " + ", ".join(REF_STYLES),
                    )
                )
            elif (
                piece.fact in facts
                and facts[piece.fact].text is not None
                and piece.style != "compact"
            ):
                self.problems.add(
                    Problem(
                        self.smap.file,
                        line,
                        col,
                        where,
                        f"'{piece.fact}' is a text fact; it takes no style",
                        "write {" + piece.fact + "}",
                    )
                )


def _device_message(ident: str, what: str) -> str:
    return (
        f"'{ident}' cannot be {what}: Windows reserves it as a device name, "
        f"and ids become file names"
    )


def _reserved_unit(name: str) -> tuple[str, str] | None:
    """Why `name` cannot be a count unit (message, hint), or None when it can."""
    other = "choose another name, e.g. people, client, server"
    if name in _UNIT_KEYWORDS:
        return f"'{name}' cannot be a unit name (the unit library reads it as a keyword)", other
    if name in _UNIT_NUMBERS:
        return f"'{name}' cannot be a unit name (the unit library reads it as a number)", other
    if name == "dimensionless":
        return (
            f"'{name}' cannot be a unit name (the unit library keeps it for plain numbers)",
            other,
        )
    if name in TIME_UNITS:
        return (
            f"'{name}' cannot be a unit name (it is a built-in time unit)",
            f"remove it from units: ({', '.join(TIME_UNITS)} are always available)",
        )
    if any(ch.isdigit() for ch in name):
        return (
            f"'{name}' cannot be a unit name (unit names are letters and _ only)",
            "spell the number out, e.g. server_two",
        )
    return None
