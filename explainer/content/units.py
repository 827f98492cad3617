"""Units of the story's numbers, and their algebra (pint does the algebra).

A unit is written like `people`, `EUR`, `EUR/month` or `EUR/client/month`: names joined
by `*` and `/`. A name is one of
- a count unit the story declares under `units:` (`people`, `server`, `client`);
- an ISO 4217 currency code Babel knows (`EUR`, `USD`);
- a built-in time unit: `day`, `week`, `month`, `year`;
- `percent`, alone: a share given as a fraction (`value: 0.006` is 0.6 %), a pure number
  in formulas.
Each count unit and each currency is its own dimension, so `people + EUR` is an error,
`client × EUR/client/month` is `EUR/month`, and `EUR/month × month` is `EUR`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

import pint

from explainer.content.hints import Suggester
from explainer.facts.story import Unit

TIME_UNITS = ("day", "week", "month", "year")
PERCENT = "percent"
_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")


class UnitError(ValueError):
    """A unit expression that cannot be used; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def is_currency(code: str) -> bool:
    return len(code) == 3 and code.isupper() and code in _currencies()


def _currencies() -> set[str]:
    from babel.numbers import list_currencies

    return set(list_currencies())


class UnitSystem:
    """The units one story can use: its declared count units, currencies and time."""

    def __init__(self, counts: Iterable[str]) -> None:
        self.counts = tuple(counts)
        self._defined: set[str] = set()

    @cached_property
    def registry(self) -> pint.UnitRegistry:
        reg: pint.UnitRegistry = pint.UnitRegistry(None)
        reg.define("day = [time]")
        reg.define("week = 7 * day")
        reg.define("year = 365.25 * day")
        reg.define("month = year / 12")
        reg.define(f"{PERCENT} = []")  # a pure number: 0.006 percent is 0.006
        for name in self.counts:
            reg.define(f"{name} = [count_{name}]")
        return reg

    def known(self) -> list[str]:
        return [*self.counts, *TIME_UNITS, PERCENT]

    @cached_property
    def _suggest(self) -> Suggester:
        """Did-you-mean over every unit name: one for the story, so work stays bounded."""
        return Suggester([*self.known(), *sorted(_currencies())])

    def parse(self, expr: str) -> Unit:
        """Check `expr` and describe it; raises UnitError with a hint."""
        text = expr.strip()
        if not text:
            raise UnitError("the unit is empty", "write a unit such as people, EUR or EUR/month")
        parts = re.split(r"\s*([*/])\s*", text)
        names, ops = parts[0::2], ["*", *parts[1::2]]
        if PERCENT in names and names != [PERCENT]:
            raise UnitError(
                f"'{expr}': percent is a unit alone",
                "write unit: percent with the share as a fraction (value: 0.006 for 0.6 %)",
            )
        numerator: list[str] = []
        denominator: list[str] = []
        currency = None
        for op, name in zip(ops, names, strict=True):
            if not _NAME.match(name):
                raise UnitError(
                    f"'{name}' is not a unit name",
                    "units are names joined by * and /, like EUR/client/month",
                )
            if name in self.counts or name in TIME_UNITS or name == PERCENT:
                pass
            elif name.isupper() and len(name) == 3 and name in _currencies():
                self._define_currency(name)
                if op == "*":
                    if currency and currency != name:
                        raise UnitError(f"'{expr}' mixes two currencies", "use one currency")
                    currency = name
            else:
                declared = ", ".join(self.counts) or "none"
                raise UnitError(
                    f"unknown unit '{name}'",
                    self._suggest(name)
                    or f"declare it under units: (declared: {declared}), "
                    f"or use a currency code (EUR) or a time unit ({', '.join(TIME_UNITS)})",
                )
            (numerator if op == "*" else denominator).append(name)
        if numerator and currency:
            numerator = [n for n in numerator if n != currency]
        return Unit(
            expr=text,
            currency=currency,
            numerator=tuple(numerator),
            denominator=tuple(denominator),
        )

    def _define_currency(self, code: str) -> None:
        if code not in self._defined:
            self.registry.define(f"{code} = [currency_{code}]")
            self._defined.add(code)

    def quantity(self, value: float, unit: Unit) -> pint.Quantity:
        return self.registry.Quantity(value, self.pint_unit(unit))

    def pint_unit(self, unit: Unit) -> pint.Unit:
        for name in (*unit.numerator, *unit.denominator, unit.currency or ""):
            if name and name.isupper():
                self._define_currency(name)
        if unit.currency:
            self._define_currency(unit.currency)
        return self.registry.parse_units(unit.expr)

    def unit_named(self, name: str) -> pint.Quantity:
        """A time unit used as a factor in a formula (`revenue_monthly * 12 * month`)."""
        return self.registry.Quantity(1, name)
