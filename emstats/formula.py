"""Lower-case formula entry points: ``emstats.tobit(formula, data, ...)``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .models.censored import IntervalRegression, Tobit
from .models.gaussian import GaussianMixture
from .models.markov_switching import MarkovSwitching
from .models.mvn import MultivariateNormal

__all__ = ["gaussian_mixture", "intreg", "markov_switching", "mvn", "tobit"]


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


def mvn(data: Any, covariance: str = "VVV") -> MultivariateNormal:
    """Multivariate normal from data with missing values (NaN); see
    :class:`emstats.MultivariateNormal`."""
    return MultivariateNormal(data, covariance)


def gaussian_mixture(data: Any, k: int, covariance: str = "VVV", **kwargs: Any
                     ) -> GaussianMixture:
    """Gaussian mixture with one of mclust's covariance structures; see
    :class:`emstats.GaussianMixture`."""
    return GaussianMixture(data, k, covariance, **kwargs)


def markov_switching(formula: str, data: pd.DataFrame, k_regimes: int = 2, **kwargs: Any
                     ) -> MarkovSwitching:
    """Markov-switching regression (``order=0``) or autoregression from a formula; see
    :class:`emstats.MarkovSwitching`.

    ``exog_tvtp`` may be a right-hand-side formula (``"1 + lead"``) evaluated on
    ``data``, or an array / DataFrame with one row per row of ``data``.
    """
    return MarkovSwitching.from_formula(formula, data, k_regimes=k_regimes, eval_env=1,
                                        **kwargs)
