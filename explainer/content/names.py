"""Names the content cannot use, and why: each check gives (message, hint) or None.

- ids that Windows keeps for devices (`con`, `nul`, `com1`...): ids become file names;
- fact ids that formulas read otherwise: Python's reserved words (`in`, `as`, `if`) and
  the time units (`month`);
- count unit names the unit library (pint) reads itself (`per`, `inf`, `dimensionless`).
"""

from __future__ import annotations

import keyword

from explainer.content.units import TIME_UNITS

#: Names Windows keeps for devices: a file called `con.svg` or `nul.html` cannot be written.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(10)]
)

#: Words the unit library (pint) reads itself, so they cannot name a count unit.
_UNIT_KEYWORDS = ("per", "squared", "cubed", "square", "cubic", "sq")
_UNIT_NUMBERS = ("inf", "infinity", "nan")


def device_message(ident: str, what: str) -> str:
    return (
        f"'{ident}' cannot be {what}: Windows reserves it as a device name, "
        f"and ids become file names"
    )


def formula_word(ident: str) -> tuple[str, str] | None:
    """Why `ident` cannot be a fact id, since formulas read it otherwise; None if it can."""
    rename = f"rename it, e.g. {ident}_total, here and wherever the story uses it"
    if keyword.iskeyword(ident):
        return f"'{ident}' cannot be a fact id: it is a reserved word in formulas", rename
    if ident in TIME_UNITS:
        return f"'{ident}' cannot be a fact id: in formulas it is the time unit {ident}", rename
    return None


def reserved_unit(name: str) -> tuple[str, str] | None:
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
