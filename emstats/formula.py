"""Lower-case formula entry points: ``emstats.tobit(formula, data, ...)``."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._docstrings import with_model_doc
from .base import check_keywords
from .models.censored import IntervalRegression, Tobit
from .models.gaussian import GaussianMixture
from .models.heteroskedastic import (
    HeteroskedasticIntervalRegression,
    HeteroskedasticTobit,
    HeteroskedasticTruncatedRegression,
)
from .models.markov_switching import MarkovSwitching
from .models.mvn import MultivariateNormal
from .models.panel import RandomEffectsIntervalRegression, RandomEffectsTobit
from .models.truncated import TruncatedRegression

__all__ = ["gaussian_mixture", "intreg", "markov_switching", "mvn", "tobit", "truncreg",
           "xtintreg", "xttobit"]


@with_model_doc(Tobit, drop=("endog", "exog"))
def tobit(formula: str, data: pd.DataFrame, left: Any = 0.0, right: Any = None,
          scale: str | None = None, **kwargs: Any) -> Tobit:
    """Tobit regression from a formula (the array twin is :class:`emstats.Tobit`).

    Parameters
    ----------
    formula : str
        Patsy formula ``"outcome ~ regressors"`` (a constant is included unless
        ``- 1``); rows with NaN in a regressor are dropped.
    data : DataFrame
        The data; never modified.
    left, right : float, str, array_like or None
        Censoring limits: a number, a column name of ``data``, one value per row of
        ``data`` (NaN: no limit for that row), or None for no limit. Outcomes at or
        below ``left`` are left-censored, at or above ``right`` right-censored.
    scale : str, optional
        A one-sided formula ``"~ z1 + z2"`` for :math:`\\log\\sigma_i = z_i'\\gamma` (with
        a constant unless ``- 1``; Stata's ``het()``): the heteroskedastic model.
    **kwargs
        Keyword options of :class:`Tobit` (listed in their place here).

    Returns
    -------
    Tobit
        The model (a :class:`~emstats.HeteroskedasticTobit` with ``scale=``); call
        ``.fit()`` on it.
    """
    if scale is not None:
        return HeteroskedasticTobit.from_formula(formula, data, left=left, right=right,
                                                 exog_scale=scale, eval_env=1, **kwargs)
    return Tobit.from_formula(formula, data, left=left, right=right, eval_env=1, **kwargs)


@with_model_doc(TruncatedRegression, drop=("endog", "exog"))
def truncreg(formula: str, data: pd.DataFrame, left: Any = None, right: Any = None,
             scale: str | None = None, **kwargs: Any) -> TruncatedRegression:
    """Truncated regression from a formula (Stata ``truncreg``; the array twin is
    :class:`emstats.TruncatedRegression`).

    Parameters
    ----------
    formula : str
        Patsy formula ``"outcome ~ regressors"``; rows with NaN in a regressor are
        dropped.
    data : DataFrame
        The data (the truncated sample); never modified.
    left, right : float, str, array_like or None
        Truncation limits: a number, a column name of ``data``, one value per row, or
        None for none (at least one). Rows outside them are an error.
    scale : str, optional
        A one-sided formula ``"~ z1 + z2"`` for :math:`\\log\\sigma_i = z_i'\\gamma` (with
        a constant unless ``- 1``; Stata's ``het()``): the heteroskedastic model.
    **kwargs
        Keyword options of :class:`TruncatedRegression`.

    Returns
    -------
    TruncatedRegression
        The model (a :class:`~emstats.HeteroskedasticTruncatedRegression` with
        ``scale=``); call ``.fit()`` on it.
    """
    if scale is not None:
        return HeteroskedasticTruncatedRegression.from_formula(
            formula, data, left=left, right=right, exog_scale=scale, eval_env=1, **kwargs)
    return TruncatedRegression.from_formula(formula, data, left=left, right=right,
                                            eval_env=1, **kwargs)


@with_model_doc(RandomEffectsTobit, drop=("endog", "exog"))
def xttobit(formula: str, data: pd.DataFrame, groups: Any, left: Any = 0.0,
            right: Any = None, **kwargs: Any) -> RandomEffectsTobit:
    """Random-effects Tobit for panels from a formula (Stata ``xttobit``; the array twin
    is :class:`emstats.RandomEffectsTobit`).

    Parameters
    ----------
    formula : str
        Patsy formula ``"outcome ~ regressors"``.
    data : DataFrame
        The data, one row per observation of a panel; never modified.
    groups : str or array_like
        The panel identifier: a column name of ``data`` or one value per row.
    left, right : float, str, array_like or None
        Censoring limits, as for :func:`emstats.tobit`.
    **kwargs
        Keyword options of :class:`RandomEffectsTobit` (``quadpoints=``, ``missing=``).

    Returns
    -------
    RandomEffectsTobit
        The model; call ``.fit()`` on it.
    """
    return RandomEffectsTobit.from_formula(formula, data, groups=groups, left=left,
                                           right=right, eval_env=1, **kwargs)


@with_model_doc(RandomEffectsIntervalRegression, drop=("endog", "exog"))
def xtintreg(formula: str, data: pd.DataFrame, groups: Any, **kwargs: Any
             ) -> RandomEffectsIntervalRegression:
    """Random-effects interval regression for panels from ``"lower + upper ~ x"`` (Stata
    ``xtintreg``; the array twin is :class:`emstats.RandomEffectsIntervalRegression`).

    Parameters
    ----------
    formula : str
        Patsy formula with the bounds as outcomes, as for :func:`emstats.intreg`.
    data : DataFrame
        The data, one row per observation of a panel; never modified.
    groups : str or array_like
        The panel identifier: a column name of ``data`` or one value per row.
    **kwargs
        Keyword options of :class:`RandomEffectsIntervalRegression`.

    Returns
    -------
    RandomEffectsIntervalRegression
        The model; call ``.fit()`` on it.
    """
    return RandomEffectsIntervalRegression.from_formula(formula, data, groups=groups,
                                                        eval_env=1, **kwargs)


@with_model_doc(IntervalRegression, drop=("endog", "exog"))
def intreg(formula: str, data: pd.DataFrame, scale: str | None = None, **kwargs: Any
           ) -> IntervalRegression:
    """Interval regression from ``"lower + upper ~ x1 + x2"`` (Stata ``intreg``; the
    array twin is :class:`emstats.IntervalRegression`).

    Parameters
    ----------
    formula : str
        Patsy formula with two outcomes, the bounds: ``"lower + upper ~ regressors"``.
        ``lower == upper``: an exact observation; NaN or ``-inf`` lower bound:
        left-censored at ``upper``; NaN or ``inf`` upper bound: right-censored at
        ``lower``; otherwise an interval. NaN bounds survive the formula: rows with NaN
        in a regressor, or with both bounds missing (as in Stata), are dropped.
    data : DataFrame
        The data; never modified.
    scale : str, optional
        A one-sided formula ``"~ z1 + z2"`` for :math:`\\log\\sigma_i = z_i'\\gamma` (with
        a constant unless ``- 1``; Stata's ``het()``): the heteroskedastic model.
    **kwargs
        Keyword options of :class:`IntervalRegression` (listed in their place here).

    Returns
    -------
    IntervalRegression
        The model (a :class:`~emstats.HeteroskedasticIntervalRegression` with
        ``scale=``); call ``.fit()`` on it.
    """
    if scale is not None:
        return HeteroskedasticIntervalRegression.from_formula(formula, data, exog_scale=scale,
                                                              eval_env=1, **kwargs)
    return IntervalRegression.from_formula(formula, data, eval_env=1, **kwargs)


@with_model_doc(MultivariateNormal)
def mvn(data: Any, covariance: str = "VVV", **kwargs: Any) -> MultivariateNormal:
    """Multivariate normal from data with missing values (NaN), fitted by EM.

    Returns
    -------
    MultivariateNormal
        The model; call ``.fit()`` on it.
    """
    check_keywords(MultivariateNormal, kwargs)
    return MultivariateNormal(data, covariance, **kwargs)


@with_model_doc(GaussianMixture)
def gaussian_mixture(data: Any, k: int, covariance: str = "VVV", **kwargs: Any
                     ) -> GaussianMixture:
    """Gaussian mixture with one of mclust's covariance structures, fitted by EM.

    Returns
    -------
    GaussianMixture
        The model; call ``.fit()`` on it.
    """
    check_keywords(GaussianMixture, kwargs)
    return GaussianMixture(data, k, covariance, **kwargs)


@with_model_doc(MarkovSwitching, drop=("endog", "exog"))
def markov_switching(formula: str, data: pd.DataFrame, k_regimes: int = 2, **kwargs: Any
                     ) -> MarkovSwitching:
    """Markov-switching regression (``order=0``) or autoregression from a formula (the
    array twin is :class:`emstats.MarkovSwitching`).

    Parameters
    ----------
    formula : str
        Patsy formula ``"y ~ regressors"`` (``"y ~ 1"``: a switching mean); the rows
        are consecutive observations of one series.
    data : DataFrame
        The data; never modified.
    k_regimes : int
        Number of regimes (at least 2).
    exog_tvtp : str or array_like, optional
        Covariates of time-varying transition probabilities: a right-hand-side formula
        (``"1 + lead"``) evaluated on ``data``, or an array / DataFrame with one row per
        row of ``data`` (include a constant); row ``t`` sets the probabilities of the
        move into ``t``.
    **kwargs
        Keyword options of :class:`MarkovSwitching` (listed in their place here).

    Returns
    -------
    MarkovSwitching
        The model; call ``.fit()`` on it.
    """
    return MarkovSwitching.from_formula(formula, data, k_regimes=k_regimes, eval_env=1,
                                        **kwargs)
