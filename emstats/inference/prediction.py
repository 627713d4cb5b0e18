r"""Predictions with delta-method standard errors (``res.get_prediction``).

:class:`PredictionResults` has the attributes and the ``summary_frame`` of statsmodels'
prediction results (``mean``, ``mean_se``, ``mean_ci_lower``, ``mean_ci_upper``).

Notes
-----
For a prediction :math:`g(\theta)` at the estimate :math:`\hat\theta` with covariance
:math:`V`, the variance is :math:`\nabla g(\hat\theta)' V \nabla g(\hat\theta)` (the
gradient numerical, centred differences); the intervals are
:math:`g \pm q_{1-\alpha/2} \cdot se`, with the normal quantile, or Student's t with
``df_resid`` degrees of freedom when the fit has ``use_t=True``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tools.numdiff import approx_fprime

from ..typing import FloatArray
from .covariance import delta_method


class PredictionResults:
    """Predictions, their delta-method standard errors and confidence intervals.

    Attributes
    ----------
    predicted : Series
        The predictions, indexed like the rows predicted.
    var_pred : Series
        Their variances.
    df : float or None
        Degrees of freedom of the t reference (None: normal).
    which : str
        The prediction.
    """

    def __init__(self, predicted: pd.Series, cov: FloatArray, df: float | None,
                 which: str) -> None:
        self.predicted = predicted
        self.var_pred = pd.Series(np.diag(cov), index=predicted.index, name="var_pred")
        self.cov = cov
        self.df = df
        self.which = which

    @property
    def predicted_mean(self) -> pd.Series:
        """The predictions (statsmodels' name)."""
        return self.predicted

    @property
    def se(self) -> pd.Series:
        """Standard errors."""
        return pd.Series(np.sqrt(self.var_pred.to_numpy()), index=self.predicted.index,
                         name="se")

    se_mean = se

    @property
    def row_labels(self) -> pd.Index:
        """The labels of the rows predicted."""
        return self.predicted.index

    def _quantile(self, alpha: float) -> float:
        if not 0.0 < alpha < 1.0:
            raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
        dist = stats.norm if self.df is None else stats.t(self.df)
        return float(dist.ppf(1.0 - alpha / 2.0))

    def conf_int(self, alpha: float = 0.05) -> FloatArray:
        """Confidence intervals (n x 2)."""
        q = self._quantile(alpha)
        mean, se = self.predicted.to_numpy(), self.se.to_numpy()
        return np.column_stack([mean - q * se, mean + q * se])

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """``mean``, ``mean_se``, ``mean_ci_lower``, ``mean_ci_upper`` (statsmodels'
        columns), one row per prediction."""
        ci = self.conf_int(alpha)
        return pd.DataFrame({"mean": self.predicted.to_numpy(), "mean_se": self.se.to_numpy(),
                             "mean_ci_lower": ci[:, 0], "mean_ci_upper": ci[:, 1]},
                            index=self.predicted.index)


def delta_method_prediction(function: Callable[[FloatArray], FloatArray], params: FloatArray,
                            cov_params: FloatArray, index: pd.Index, *, df: float | None,
                            which: str) -> PredictionResults:
    """``function(params)`` with its delta-method covariance (numerical Jacobian)."""
    value = np.asarray(function(params), dtype=float).ravel()
    jac = np.atleast_2d(approx_fprime(np.asarray(params, dtype=float), function,
                                      centered=True))
    cov = delta_method(jac, np.asarray(cov_params, dtype=float))
    return PredictionResults(pd.Series(value, index=index, name=which), cov, df, which)
