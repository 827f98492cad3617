"""Checks of the facts, and the resolution of derived facts in dependency order.

A mixin of `validate._Checker`: it uses the checker's `add`, `_ref`, `units`,
`parsed_units` and source map.
"""

from __future__ import annotations

import graphlib
import math
from typing import Any

import pint

from explainer.content import formula as formulas
from explainer.content import model as m
from explainer.content.hints import Suggester
from explainer.content.units import UnitError
from explainer.facts.story import Fact


class FactChecks:
    """Exactly one of value/text/formula, kinds, sources, units, counts; formulas resolved."""

    add: Any
    _ref: Any
    _reported: Any
    _holds_poison: Any
    _unit_reported: Any
    units: Any
    parsed_units: dict[str, Any]
    locales: list[str]
    #: Fact ids refused where they are declared (`in`, `month`): formulas using them are
    #: not reported again.
    refused_fact_ids: set[str]

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
                    if f.value is not None and not math.isfinite(f.value):
                        self.add(
                            (*at, "value"),
                            f"{f.value} is not a finite number",
                            "write the number as the source gives it (at most about 1e308)",
                        )
                    elif (
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
        # one for all formulas: each unknown name is answered once, in bounded work
        suggest = Suggester([*sorted(all_ids), *formulas.TIME_NAMES])
        for fid, (i, f) in specs.items():
            graph[fid] = set()
            if f.formula is None:
                continue
            if not f.formula.strip():
                continue  # reported once, as a text of spaces
            try:
                parsed[fid] = formulas.parse(f.formula, all_ids, suggest)
                graph[fid] = set(parsed[fid].names)
            except formulas.FormulaError as e:
                if e.name not in self.refused_fact_ids:
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
                bad = [
                    n
                    for n in parsed[fid].names
                    if n in failed or n not in values or n in self.refused_fact_ids
                ]
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
