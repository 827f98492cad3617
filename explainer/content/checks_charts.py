"""Checks of the charts: what each kind takes, waffle limits, ladder and bars values.

A mixin of `validate._Checker`: it uses the checker's `add`, `_ref`, `units` and the
resolved facts. `CHART_KINDS` says what each kind takes; `MAX_MARKS` caps a waffle.
"""

from __future__ import annotations

from typing import Any

from explainer.content import model as m
from explainer.content.sourcemap import Path_
from explainer.facts.story import Chart, Fact
from explainer.settings import env_int

#: The most marks a waffle chart may draw by default (EXPLAINER_MAX_MARKS changes it).
MAX_MARKS = 10_000

#: What each chart kind takes: (min facts, max facts), (min places, max places), options.
CHART_KINDS: dict[str, dict[str, Any]] = {
    "big_numbers": {"facts": (1, 6), "places": (0, 0), "options": ()},
    "ladder": {"facts": (2, 12), "places": (0, 0), "options": ()},
    "waffle": {"facts": (1, 1), "places": (0, 0), "options": ("per_mark", "highlight")},
    "flow": {"facts": (2, 8), "places": (0, 0), "options": ()},
    "map": {"facts": (0, 0), "places": (1, 60), "options": ()},
    "bars": {"facts": (1, 20), "places": (0, 0), "options": ()},
}


class ChartChecks:
    """Charts (the facts or places each kind takes, its options), waffles (limits)."""

    add: Any
    _ref: Any
    units: Any

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
        limit = env_int("EXPLAINER_MAX_MARKS", MAX_MARKS)
        if marks > limit:
            self.add(
                (*at, "per_mark"),
                f"{marks:,.0f} squares is over the limit of {limit:,} (EXPLAINER_MAX_MARKS)",
                f"raise per_mark to at least {(fact.value or 0) / limit:,.0f}, "
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
