r"""Rubin's rules: combining the estimates of multiply imputed data sets (:func:`pool`).

Notes
-----
With :math:`m` imputations, estimates :math:`\hat q_l` and their variances :math:`U_l`
(Rubin 1987, sec. 3.1):

.. math::

    \bar q = \frac1m \sum_l \hat q_l, \quad
    W = \frac1m \sum_l U_l, \quad
    B = \frac1{m-1} \sum_l (\hat q_l - \bar q)^2, \quad
    T = W + \left(1 + \frac1m\right) B .

With :math:`\lambda = (1 + 1/m) B / T` (the proportion of the variance due to the missing
data), Rubin's degrees of freedom are :math:`\nu_{old} = (m - 1)/\lambda^2`, and Barnard &
Rubin's (1999) small-sample degrees of freedom, given the complete-data degrees of
freedom :math:`\nu_{com}`, are

.. math::

    \nu = \left(\frac1{\nu_{old}} + \frac1{\nu_{obs}}\right)^{-1}, \qquad
    \nu_{obs} = \frac{\nu_{com} + 1}{\nu_{com} + 3}\,\nu_{com}\,(1 - \lambda),

which is :math:`\nu_{old}` when :math:`\nu_{com} = \infty` (the default, as for
likelihood estimates). :math:`\bar q / \sqrt T` is referred to Student's t on
:math:`\nu` degrees of freedom (the normal when :math:`\nu = \infty`). The fraction of
missing information is :math:`(r + 2/(\nu + 3)) / (r + 1)` with
:math:`r = (1 + 1/m) B / W` (mice's ``fmi``).

A quantity that the imputations do not change (a variable without missing values) has
:math:`B = 0` and :math:`\nu = \infty`; estimates that agree to within a few units in the
last place are taken as equal, so that round-off does not turn :math:`\nu = \infty` into
:math:`10^{60}`.

References
----------
Rubin, D. B. (1987). *Multiple Imputation for Nonresponse in Surveys*. Wiley.
Barnard, J. & Rubin, D. B. (1999). Small-sample degrees of freedom with multiple
imputation. *Biometrika*, 86, 948-955.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..typing import FloatArray

__all__ = ["pool"]

_ROUNDOFF_ULPS = 8.0
"""Estimates whose range is at most this many units in the last place of the largest
one count as equal (no between-imputation variance)."""


def _stack(values: Sequence[Any], what: str) -> FloatArray:
    """One row per imputation (scalars become one column)."""
    try:
        arr = np.asarray([np.asarray(v, dtype=float) for v in values], dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{what} must be numbers, one vector (or scalar) per imputation: "
                         f"{err}") from None
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{what} must be one vector or scalar per imputation, got an array "
                         f"of shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contain NaN or infinite values")
    return arr


def pool(estimates: Sequence[Any], variances: Sequence[Any], *, df_com: float | None = None,
         alpha: float = 0.05) -> pd.DataFrame:
    """Combine estimates from multiple imputations by Rubin's (1987) rules.

    Parameters
    ----------
    estimates : sequence of scalar, array_like or Series
        One estimate (a number) or vector of estimates per imputed data set (``m >= 2``).
    variances : sequence of scalar, array_like or Series
        Their squared standard errors, of the same shapes.
    df_com : float, optional
        Complete-data degrees of freedom (``n - k`` for a regression; mice's ``dfcom``)
        for Barnard & Rubin's (1999) degrees of freedom; infinite (Rubin's) if omitted.
    alpha : float
        One minus the coverage of the confidence intervals.

    Returns
    -------
    DataFrame
        One row per quantity (labelled like a Series estimate): the pooled estimate,
        within- (``W``), between- (``B``) and total (``T``) variance, standard error,
        degrees of freedom (``inf`` when the imputations do not change the estimate),
        ``t``, ``P>|t|``, the confidence interval and the fraction of missing
        information (definitions in the module's Notes).
    """
    est, var = _stack(estimates, "estimates"), _stack(variances, "variances")
    m = est.shape[0]
    if m < 2:
        raise ValueError(f"pool needs at least two imputations, got {m}")
    if est.shape != var.shape:
        raise ValueError(f"estimates {est.shape} and variances {var.shape} must have the same "
                         "shape: one variance per estimate")
    if np.any(var < 0):
        raise ValueError("variances must not be negative")
    nu_com = np.inf if df_com is None else float(df_com)
    if not nu_com > 0:
        raise ValueError(f"df_com must be positive, got {df_com!r}")
    qbar = est.mean(axis=0)
    within = var.mean(axis=0)
    equal = np.ptp(est, axis=0) <= _ROUNDOFF_ULPS * np.spacing(np.abs(est).max(axis=0))
    between = np.where(equal, 0.0, est.var(axis=0, ddof=1))
    inflated = (1.0 + 1.0 / m) * between
    total = within + inflated
    if np.any(total <= 0):
        raise ValueError("the total variance is 0 for quantities "
                         f"{np.flatnonzero(total <= 0).tolist()}: nothing to pool or test")
    lam = inflated / total
    with np.errstate(divide="ignore"):
        df_old = np.where(lam > 0, (m - 1) / lam**2, np.inf)
        df_obs = (np.inf if np.isinf(nu_com)
                  else (nu_com + 1) / (nu_com + 3) * nu_com * (1 - lam))
        df = 1.0 / (1.0 / df_old + 1.0 / df_obs)
        riv = np.where(within > 0, inflated / np.where(within > 0, within, 1.0), np.inf)
    fmi = np.where(np.isinf(riv), 1.0, (riv + 2.0 / (df + 3.0)) / (riv + 1.0))
    se = np.sqrt(total)
    tvalues = qbar / se
    crit = stats.t.ppf(1 - alpha / 2, df)
    first = estimates[0]
    index = first.index if isinstance(first, pd.Series) else None
    return pd.DataFrame({"estimate": qbar, "within": within, "between": between,
                         "total": total, "std err": se, "df": df, "t": tvalues,
                         "P>|t|": 2.0 * stats.t.sf(np.abs(tvalues), df),
                         f"[{alpha / 2:g}": qbar - crit * se,
                         f"{1 - alpha / 2:g}]": qbar + crit * se, "fmi": fmi}, index=index)
