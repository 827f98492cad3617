"""Turn pydantic's validation errors into located, plain-language problems."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from explainer.content.hints import did_you_mean
from explainer.content.sourcemap import Path_, SourceMap, shown_path
from explainer.errors import Problem

__all__ = ["describe", "problems_from", "shown_path"]

_BOOL_WORDS = "true/false"
#: `5.000.000`, `5,000`, `5 000`: a number written with thousands separators.
_SEPARATED = re.compile(r"^[-+]?[0-9]{1,3}([.,' \u00a0\u202f’][0-9]{3})+$")


def describe(value: Any) -> str:
    """How a user would name what they wrote."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def problems_from(
    error: ValidationError, model: type[BaseModel] | None, prefix: Path_, data: Any, smap: SourceMap
) -> list[Problem]:
    """One problem per pydantic error, located; none for values already reported."""
    found: list[tuple[Path_, str, str, bool]] = []
    for err in error.errors():
        loc = tuple(
            p for p in err["loc"] if not isinstance(p, str) or not p.startswith("function-")
        )
        # pydantic adds the union member name ('float', 'int') or type tags to loc: drop them
        loc = tuple(p for p in loc if p not in ("float", "int", "str", "list[str]"))
        path = (*prefix, *loc)
        if smap.is_poisoned(path):
            continue
        message, hint, at_key = _explain(err, path, model)
        found.append((path, message, hint, at_key))
    # `lable:` is both an unknown key and a missing `label:`: say it once, as the typo
    typos = {
        (*path[:-1], hint.split("'")[1])
        for path, message, hint, _ in found
        if message.startswith("unknown key") and hint.startswith("did you mean '")
    }
    out = []
    for path, message, hint, at_key in found:
        if message.startswith("missing required key") and path in typos:
            continue
        line, col = smap.where(path, key=at_key)
        out.append(Problem(smap.file, line, col, shown_path(path, data), message, hint))
    return out


def _fields_at(model: type[BaseModel] | None, loc: tuple) -> list[str]:
    """Field names allowed at `loc` inside `model` (for did-you-mean on unknown keys)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _explain(
    err: Mapping[str, Any], path: Path_, model: type[BaseModel] | None
) -> tuple[str, str, bool]:
    kind = err["type"]
    value = err.get("input")
    key = path[-1] if path else ""
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{key}'", f"add `{key}:` here", False
    if kind == "extra_forbidden":
        allowed = _fields_at(model, tuple(err["loc"][:-1]))
        hint = did_you_mean(str(key), allowed) or (
            "allowed keys here: " + ", ".join(allowed) if allowed else "remove it"
        )
        return f"unknown key '{key}'", hint, True
    if kind in ("string_type",):
        hint = "put it in quotes"
        if isinstance(value, bool):
            hint = (
                "YAML reads this word as a boolean; put it in quotes if it is text "
                '(e.g. "NO" for Norway)'
            )
        return f"expected text, found {describe(value)}", hint, False
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        hint = "write a plain number such as 5000000 (no quotes, spaces or thousands separators)"
        if isinstance(value, str) and value.strip().endswith("%"):
            hint = "write a share as a plain number (0.25 for 25%)"
        elif isinstance(value, str) and _SEPARATED.match(value.strip()):
            digits = "".join(c for c in value if c.isdigit() or c in "+-")
            hint = f"write {digits}: no thousands separators (YAML reads '{value}' as text)"
        return f"expected a number, found {describe(value)}", hint, False
    if kind == "bool_type":
        return f"expected true or false, found {describe(value)}", "write true or false", False
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [
            o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()
        ]
        hint = did_you_mean(str(value), options) or f"use one of: {', '.join(options)}"
        return f"{describe(value)} is not a valid choice", hint, False
    if kind == "string_pattern_mismatch":
        if key == "id" and len(path) == 2 and path[0] == "story":
            return (
                f"{describe(value)} is not a valid story id",
                "use lowercase letters, digits and -, e.g. my-story",
                False,
            )
        if isinstance(value, str) and len(value) > 64:
            return (
                f"{describe(value)} is not a valid id",
                "an id has at most 64 characters",
                False,
            )
        return (
            f"{describe(value)} is not a valid id",
            "use lowercase letters, digits and _ starting with a letter, e.g. servers_per_client",
            False,
        )
    if kind == "string_too_short":
        return "the text is empty", "write the text, or remove the key", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"expected a mapping (key: value lines), found {describe(value)}",
            "indent `key: value` lines under this key",
            False,
        )
    if kind == "list_type":
        return (
            f"expected a list, found {describe(value)}",
            "write a list: [a, b] or lines starting with '- '",
            False,
        )
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"needs at least {n} item{'s' if n != 1 else ''}", "add the missing items", False
    if kind == "too_long":
        n = ctx.get("max_length")
        return f"has too many items (at most {n})", "remove the extra items", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"{describe(value)} is out of range: {err['msg'].lower()}", "", False
    return f"{err['msg']} (found {describe(value)})", "", False
