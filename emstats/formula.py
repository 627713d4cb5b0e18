"""Lower-case formula entry points: ``emstats.tobit(formula, data, ...)``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .models.censored import IntervalRegression, Tobit

__all__ = ["intreg", "tobit"]


def tobit(formula: str, data: pd.DataFrame, left: Any = 0.0, right: Any = None,
          **kwargs: Any) -> Tobit:
    """Tobit regression from a formula; see :class:`emstats.Tobit`.

    ``left`` and ``right`` may be numbers, column names of ``data``, arrays with
    one value per row of ``data``, or None.
    """
    return Tobit.from_formula(formula, data, left=left, right=right, eval_env=1, **kwargs)


def intreg(formula: str, data: pd.DataFrame, **kwargs: Any) -> IntervalRegression:
    """Interval regression from ``"lower + upper ~ x1 + x2"``.

    See :class:`emstats.IntervalRegression`.

    NaN or ``-inf`` lower bounds are left-censored, NaN or ``inf`` upper bounds
    right-censored; rows with NaN in a regressor (or both bounds) are dropped.
    """
    return IntervalRegression.from_formula(formula, data, eval_env=1, **kwargs)
