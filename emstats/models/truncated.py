r"""Truncated normal regression (Stata ``truncreg``, R ``truncreg``): the censored-normal
family with every outcome observed and the sample truncated.

Only rows whose latent outcome :math:`y_i^* = x_i'\beta + \sigma\varepsilon_i` falls in
:math:`(a_i, b_i)` are sampled, and they are observed exactly; the log-likelihood is

.. math::

    \ell = \sum_i \log\phi(z_i) - \log\sigma - \log\left[\Phi(\bar b_i) - \Phi(\bar a_i)\right],

:math:`z_i = (y_i - x_i'\beta)/\sigma`, :math:`\bar a_i = (a_i - x_i'\beta)/\sigma`,
:math:`\bar b_i = (b_i - x_i'\beta)/\sigma`. EM treats the draws that fell outside as
missing data (:mod:`._truncation`); the censored family's E- and M-steps do the rest, so
truncation is an option of :class:`~emstats.models.censored.CensoredNormalModel`
(``trunc_lower=``, ``trunc_upper=``) that combines with censoring, and this class is its
all-exact case.

Plain EM is slow when most of the population is truncated away (its rate is the
fraction of missing information); SQUAREM, the engine's default, is what makes the fit
reach the maximum to the precision of the parameter rule (the docs show the iteration
counts).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ._censored_bounds import limit_array
from .censored import LimitedRegression


class TruncatedRegression(LimitedRegression):
    """Truncated normal regression fitted by EM (Stata ``truncreg``).

    Parameters
    ----------
    endog : array_like
        The outcome (1-d), every value inside its truncation limits.
    exog : array_like
        Regressors, including a constant if wanted.
    left, right : float, array_like or None
        Truncation limits: a number, one value per row (NaN: none for that row), or
        None for none; at least one. In :meth:`from_formula` also a column name.
    freq_weights, sampling_weights : array_like, optional
        Case weights (:mod:`emstats.weights`), as for :class:`~emstats.Tobit`.
    missing : {"none", "drop", "raise"}
        Rows with a missing outcome, regressor or weight, as in statsmodels.

    Notes
    -----
    Parameters are the coefficients and ``sigma``, as Stata's ``truncreg`` reports
    them. ``predict(which=...)`` follows Stata's ``truncreg`` postestimation with the
    truncation limits as the default bounds: ``"linear"`` is ``xb``, ``"conditional"``
    ``e(a,b)``, ``"prob"`` ``pr(a,b)`` and ``"mean"`` ``ystar(a,b)``.
    """

    model_name: ClassVar[str] = "Truncated regression"

    def __init__(self, endog: Any, exog: Any, left: Any = None, right: Any = None, *,
                 freq_weights: Any = None, sampling_weights: Any = None,
                 missing: str = "none") -> None:
        endog, exog, y, per_row, dropped = self._outcome_rows(
            endog, exog, missing, left=left, right=right, freq_weights=freq_weights,
            sampling_weights=sampling_weights)
        if per_row["left"] is None and per_row["right"] is None:
            raise ValueError("truncreg needs a truncation limit: left= and/or right= (without "
                             "one it is least squares)")
        self.left = limit_array(per_row["left"], y.size, -np.inf, "left")
        self.right = limit_array(per_row["right"], y.size, np.inf, "right")
        super().__init__(endog, exog, lower=y, upper=y, trunc_lower=self.left,
                         trunc_upper=self.right, freq_weights=per_row["freq_weights"],
                         sampling_weights=per_row["sampling_weights"])
        self.dropped_rows = dropped


__all__ = ["TruncatedRegression"]
