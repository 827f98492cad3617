"""Numbers read from `EXPLAINER_*` environment variables, checked when they are used.

    env_int("EXPLAINER_MAX_NODES", 200_000)       # a whole number above 0
    env_float("EXPLAINER_LOCK_TIMEOUT", 120.0)    # a finite number above 0

An unset or empty variable gives the default. A value that is not a number in range
raises `SettingError`, which the command line prints as one line naming the variable
(exit 2, no traceback). Read variables where they are used, never at import time: a
bad value must not stop the program from starting (or `--help` from working).
"""

from __future__ import annotations

import math
import os

from explainer.errors import ExplainerError

__all__ = ["SettingError", "env_float", "env_int"]


class SettingError(ExplainerError):
    """An `EXPLAINER_*` variable holds a value the program cannot use."""

    exit_code = 2


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _refuse(name: str, raw: str, what: str, default: float) -> SettingError:
    shown = f"{default:,}" if isinstance(default, int) else f"{default:g}"
    return SettingError(f"{name}={raw!r} is not {what} (unset it to use the default, {shown})")


def env_int(name: str, default: int, *, above: int = 0, most: int | None = None) -> int:
    """The whole number in variable `name` (> `above`, ≤ `most`), or `default` when unset.

    `1_000` and surrounding spaces are accepted; `1e6`, `1.5`, `lots` are not.
    """
    raw = _raw(name)
    if raw is None:
        return default
    what = (
        f"a whole number above {above}"
        if most is None
        else f"a whole number from {above + 1} to {most}"
    )
    try:
        value = int(raw)
    except ValueError:
        raise _refuse(name, raw, what, default) from None
    if value <= above or (most is not None and value > most):
        raise _refuse(name, raw, what, default)
    return value


def env_float(name: str, default: float, *, above: float = 0.0) -> float:
    """The finite number in variable `name` (> `above`), or `default` when unset."""
    raw = _raw(name)
    if raw is None:
        return default
    what = f"a number above {above:g}"
    try:
        value = float(raw)
    except ValueError:
        raise _refuse(name, raw, what, default) from None
    if not math.isfinite(value) or value <= above:
        raise _refuse(name, raw, what, default)
    return value
