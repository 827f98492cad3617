"""Formulas of derived facts: parsed with Python's `ast`, evaluated on a whitelist.

A formula is arithmetic over fact ids and numbers: `clients * price_per_client`,
`viewers / servers`, `(a + b) / 2`, `revenue_monthly * 12 * month`. Time units (`day`,
`week`, `month`, `year`) may appear as factors. Nothing else is allowed: no calls, no
attributes, no names beyond facts and time units, exponents at most ±{MAX_EXPONENT}.
Python's reserved words (`in`, `as`, `if`...) cannot stand in a formula, so they cannot
be fact ids either (`validate` refuses them, and the time units, where they are declared).
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from explainer.content.hints import Suggester

MAX_LENGTH = 500
MAX_EXPONENT = 64
TIME_NAMES = ("day", "week", "month", "year")
_WORD = re.compile(r"\b[A-Za-z_]\w*")


class FormulaError(ValueError):
    """What is wrong with a formula; `name` is the name it is about, if any."""

    def __init__(self, message: str, hint: str = "", name: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
        self.name = name


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression
    #: Fact ids it reads, in order of first appearance.
    names: tuple[str, ...]


_OPS: Mapping[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def parse(text: str, fact_ids: set[str], suggest: Callable[[str], str] | None = None) -> Formula:
    """Check syntax and names; FormulaError says what is wrong and how to fix it.

    `suggest(name)` gives the hint for an unknown name; pass one `Suggester` for all the
    formulas of a story, so that thousands of unknown names cost bounded work.
    """
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"the formula is {len(text)} characters long (limit {MAX_LENGTH})",
            "split it into several derived facts",
        )
    reserved = next((w for w in _WORD.findall(text) if keyword.iskeyword(w)), None)
    if reserved is not None:
        # `as * 2` would be a syntax error "at character 1": say which word is the trouble
        raise FormulaError(
            f"'{reserved}' cannot stand in a formula (it is a reserved word)",
            "use fact ids, numbers, + - * / ** and parentheses",
            name=reserved,
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        col = f" at character {e.offset}" if e.offset else ""
        raise FormulaError(
            f"formula syntax error{col}: {e.msg}",
            "use fact ids, numbers, + - * / ** and parentheses",
        ) from None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in fact_ids and node.id not in TIME_NAMES:
                suggest = suggest or Suggester([*sorted(fact_ids), *TIME_NAMES])
                raise FormulaError(
                    f"unknown name '{node.id}' in the formula",
                    suggest(node.id)
                    or "a formula may use the ids of facts and the time units "
                    + ", ".join(TIME_NAMES),
                    name=node.id,
                )
            if node.id in fact_ids and node.id not in names:
                names.append(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int | float):
                raise FormulaError(
                    f"{node.value!r} is not a number", "formulas hold numbers and fact ids"
                )
        elif isinstance(node, ast.BinOp):
            if not isinstance(node.op, (*_OPS, ast.Pow)):
                raise FormulaError(
                    f"the operator {type(node.op).__name__} is not allowed",
                    "use + - * / ** and parentheses",
                )
            if isinstance(node.op, ast.Pow):
                exp = node.right
                if isinstance(exp, ast.UnaryOp) and isinstance(exp.op, ast.USub | ast.UAdd):
                    exp = exp.operand
                if not (
                    isinstance(exp, ast.Constant)
                    and isinstance(exp.value, int | float)
                    and not isinstance(exp.value, bool)
                ):
                    raise FormulaError(
                        "an exponent must be a plain number", "write x ** 2, not x ** y"
                    )
                value = ast.literal_eval(node.right)
                if abs(value) > MAX_EXPONENT:
                    raise FormulaError(
                        f"the exponent {value} is too large (limit ±{MAX_EXPONENT})",
                        "use a smaller exponent",
                    )
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub | ast.UAdd):
                raise FormulaError("only - and + may stand before a value", "")
        elif not isinstance(node, ast.Expression | ast.operator | ast.unaryop | ast.Load):
            raise FormulaError(
                f"'{ast.unparse(node)}' is not allowed in a formula",
                "use fact ids, numbers, + - * / ** and parentheses",
            )
    return Formula(text, tree, tuple(names))


def evaluate(
    formula: Formula, value_of: Callable[[str], Any], unit_of: Callable[[str], Any]
) -> Any:
    """Compute the formula. `value_of(id)` gives a fact's quantity, `unit_of(name)` a time unit.

    Raises FormulaError for division by zero and results that are not finite;
    pint's DimensionalityError passes through for the caller to explain.
    """

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            # floats, so a huge result overflows at once instead of growing a huge integer
            return float(node.value)  # type: ignore[arg-type]  # parse() let only numbers in
        if isinstance(node, ast.Name):
            return value_of(node.id) if node.id not in TIME_NAMES else unit_of(node.id)
        if isinstance(node, ast.UnaryOp):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp):
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow):
                exponent = float(ast.literal_eval(node.right))
                base = _magnitude(left)
                if base == 0 and exponent < 0:
                    raise FormulaError(
                        f"division by zero: '{ast.unparse(node.left)}' is 0 and "
                        "the exponent is negative",
                        "check the facts the formula divides by",
                    )
                if base < 0 and not exponent.is_integer():
                    raise FormulaError(
                        f"'{ast.unparse(node.left)}' is negative: it has no power {exponent:g}",
                        "check the formula",
                    )
                return left**exponent
            if isinstance(node.op, ast.Div) and _magnitude(right) == 0:
                raise FormulaError(
                    f"division by zero: '{ast.unparse(node.right)}' is 0",
                    "check the facts the formula divides by",
                )
            return _OPS[type(node.op)](left, right)
        raise FormulaError(f"cannot evaluate '{ast.unparse(node)}'")

    try:
        result = ev(formula.tree)
    except OverflowError:
        raise FormulaError(
            "the result is too large to compute", "check the formula's exponents"
        ) from None
    except ZeroDivisionError:  # belt and braces: pint may divide inside unit conversions
        raise FormulaError("division by zero", "check the facts the formula divides by") from None
    magnitude = getattr(result, "magnitude", result)
    if not isinstance(magnitude, int | float) or not math.isfinite(magnitude):
        raise FormulaError("the result is not a finite number", "check the formula")
    return result


def _magnitude(v: Any) -> float:
    return float(getattr(v, "magnitude", v))
