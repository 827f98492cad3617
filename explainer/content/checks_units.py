"""Checks of the units: section, and the unit system the facts are checked against.

A mixin of `validate._Checker`: it uses the checker's `add`, `problems` and `_explained`,
and sets its `units` (every usable count unit declared), `units_broken` and
`refused_units` (so a fact in a refused unit is not reported a second time).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import TypeAdapter, ValidationError

from explainer.content import model as m
from explainer.content.names import reserved_unit
from explainer.content.units import UnitSystem

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class UnitChecks:
    """Declared units: their names and per-language words; the unit system they make."""

    add: Any
    problems: Any
    _explained: Any
    units: UnitSystem
    units_broken: bool
    refused_units: set[str]

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
