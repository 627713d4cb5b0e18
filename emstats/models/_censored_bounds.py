"""The observations' bounds on a censored-normal outcome and their truncation limits:
the kind of each observation, and the checks with the messages that name the problem."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..typing import BoolArray, FloatArray
from ._truncation import outside_rows


def censoring_kinds(lower: FloatArray, upper: FloatArray) -> dict[str, BoolArray]:
    """Masks of the exact, left-censored, right-censored and interval observations."""
    exact = lower == upper
    left = np.isneginf(lower) & ~exact
    right = np.isposinf(upper) & ~exact
    return {"left": left, "uncensored": exact, "right": right,
            "interval": ~exact & ~left & ~right}


def check_bounds(lower: FloatArray, upper: FloatArray, n: int) -> None:
    """Raise if the bounds of ``n`` observations are not a censored-normal outcome.

    Each error names the problem: a wrong length, NaN, ``lower > upper``, observations
    without information (both bounds infinite), or every observation censored on the
    same side (the regression is then not identified).
    """
    if lower.shape != (n,) or upper.shape != (n,):
        raise ValueError(f"lower and upper must have {n} values, like exog")
    if np.isnan(lower).any() or np.isnan(upper).any():
        raise ValueError("bounds contain NaN; code an unbounded side as -inf or inf")
    reversed_ = lower > upper
    if reversed_.any():
        first = int(np.flatnonzero(reversed_)[0])
        raise ValueError(
            f"lower > upper in {int(reversed_.sum())} observation(s) (first: position "
            f"{first}, lower={lower[first]!r}, upper={upper[first]!r})"
        )
    infinite = np.isinf(lower) & (lower == upper)
    unbounded = (lower == -np.inf) & (upper == np.inf)
    if (infinite | unbounded).any():
        first = int(np.flatnonzero(infinite | unbounded)[0])
        raise ValueError(
            f"{int((infinite | unbounded).sum())} observation(s) carry no information "
            f"about the outcome (first: position {first}); drop them"
        )
    counts = {kind: int(mask.sum()) for kind, mask in censoring_kinds(lower, upper).items()}
    if counts["uncensored"] == 0 and counts["interval"] == 0 and (
        counts["left"] == 0 or counts["right"] == 0
    ):
        raise ValueError(
            f"all {n} observations are censored on the same side; the regression is "
            "not identified"
        )


def truncation_limits(trunc_lower: Any, trunc_upper: Any, lower: FloatArray,
                       upper: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per-row truncation limits (``-inf``/``inf`` for none), checked: every observation's
    bounds must lie inside its region (rows outside were never sampled)."""
    n = len(lower)
    lo = limit_array(trunc_lower, n, -np.inf, "the lower truncation limit")
    hi = limit_array(trunc_upper, n, np.inf, "the upper truncation limit")
    if np.any(lo >= hi):
        raise ValueError(f"the lower truncation limit is not below the upper one in "
                         f"{int((lo >= hi).sum())} observation(s)")
    outside = outside_rows(lower, upper, lo, hi)
    if outside.any():
        where = np.flatnonzero(outside)
        raise ValueError(f"{where.size} observation(s) lie outside the truncation limits "
                         f"(positions {where[:10].tolist()}{' ...' if where.size > 10 else ''}): "
                         "a truncated sample has none; drop them or widen the limits")
    return lo, hi


def limit_array(value: Any, n: int, unbounded: float, name: str) -> FloatArray:
    """A censoring limit as n floats; None and NaN mean no limit."""
    if value is None:
        return np.full(n, unbounded)
    if isinstance(value, str):
        raise ValueError(f"{name}={value!r}: a column name needs the formula interface")
    arr = np.broadcast_to(np.asarray(value, dtype=float), (n,)) if np.ndim(value) == 0 else (
        np.asarray(value, dtype=float).reshape(-1))
    if arr.shape != (n,):
        raise ValueError(f"{name} has {arr.size} values but there are {n} observations")
    return np.where(np.isnan(arr), unbounded, arr)


__all__ = ["censoring_kinds", "check_bounds", "limit_array", "truncation_limits"]
