r"""Heteroskedastic Tobit, interval and truncated regression: :math:`\log\sigma_i = z_i'\gamma`.

Each class is its homoskedastic twin with the scale model of :mod:`._het_scale` mixed in
(Stata ``intreg ..., het(z)``; R ``crch(y ~ x | z)``), so censoring, intervals and
truncation combine with the scale model as they do without it. The formula entry points
take ``scale="~ z1 + z2"`` (:func:`emstats.tobit`, :func:`emstats.intreg`,
:func:`emstats.truncreg`); the arrays take ``exog_scale``. As in Stata's ``het()``,
``log sigma`` has a constant unless the scale's design leaves it out (``"~ z - 1"``).
"""

from __future__ import annotations

from typing import Any, ClassVar

import pandas as pd

from ._het_results import HeteroskedasticResults
from ._het_scale import HeteroskedasticScale
from .censored import CensoredNormalModel, IntervalRegression, Tobit
from .truncated import TruncatedRegression

_SCALE_DOC = """
    exog_scale : array_like
        Regressors of :math:`\\log\\sigma_i` (n x m), a constant included if wanted (the
        formula interface's ``scale="~ z"`` includes one, as Stata's ``het()``). Rows with
        NaN follow ``missing=``."""


class HeteroskedasticCensoredModel(HeteroskedasticScale, CensoredNormalModel):
    """A censored-normal regression on given bounds with :math:`\\log\\sigma_i = z_i'\\gamma`
    (what the heteroskedastic models' replicates are).

    Parameters
    ----------
    endog, exog, lower, upper, trunc_lower, trunc_upper, freq_weights, sampling_weights
        As for :class:`~emstats.models.censored.CensoredNormalModel`.
    exog_scale : array_like
        Regressors of :math:`\\log\\sigma_i` (n x m).
    """

    model_name: ClassVar[str] = "Heteroskedastic censored normal"

    def __init__(self, endog: Any, exog: Any, exog_scale: Any, *, lower: Any, upper: Any,
                 trunc_lower: Any = None, trunc_upper: Any = None,
                 freq_weights: Any = None, sampling_weights: Any = None) -> None:
        super().__init__(endog, exog, lower=lower, upper=upper, trunc_lower=trunc_lower,
                         trunc_upper=trunc_upper, freq_weights=freq_weights,
                         sampling_weights=sampling_weights)
        self._init_scale(exog_scale, pd.Index([]))


class HeteroskedasticTobit(HeteroskedasticScale, Tobit):
    __doc__ = (Tobit.__doc__ or "").split("\n\n", 1)[0].replace(
        "Tobit (censored normal) regression", "Heteroskedastic Tobit regression") + """
    :math:`y_i^* = x_i'\\beta + \\sigma_i\\varepsilon_i`, :math:`\\log\\sigma_i = z_i'\\gamma`.

    Parameters
    ----------
    endog, exog, left, right, freq_weights, sampling_weights, missing
        As for :class:`~emstats.Tobit`.""" + _SCALE_DOC + """

    Notes
    -----
    Fitted by ECM (:mod:`emstats.models._het_scale`). The parameters are the
    coefficients, then ``lnsigma[z]``, Stata's ``lnsigma`` equation.
    """

    model_name: ClassVar[str] = "Heteroskedastic Tobit"

    def __init__(self, endog: Any, exog: Any, exog_scale: Any, left: Any = 0.0,
                 right: Any = None, *, freq_weights: Any = None, sampling_weights: Any = None,
                 missing: str = "none") -> None:
        endog, exog, per_row, dropped = self._scale_rows(
            missing, endog, exog, exog_scale, left=left, right=right,
            freq_weights=freq_weights, sampling_weights=sampling_weights)
        super().__init__(endog, exog, per_row["left"], per_row["right"],
                         freq_weights=per_row["freq_weights"],
                         sampling_weights=per_row["sampling_weights"], missing=missing)
        self._init_scale(per_row["exog_scale"], dropped)


class HeteroskedasticIntervalRegression(HeteroskedasticScale, IntervalRegression):
    """Interval regression with :math:`\\log\\sigma_i = z_i'\\gamma` (Stata ``intreg ...,
    het(z)``).

    Parameters
    ----------
    endog, exog, freq_weights, sampling_weights, missing
        As for :class:`~emstats.IntervalRegression`.""" + _SCALE_DOC + """

    Notes
    -----
    Fitted by ECM (:mod:`emstats.models._het_scale`). The parameters are the
    coefficients, then ``lnsigma[z]``, Stata's ``lnsigma`` equation.
    """

    model_name: ClassVar[str] = "Heteroskedastic interval regression"

    def __init__(self, endog: Any, exog: Any, exog_scale: Any, *, freq_weights: Any = None,
                 sampling_weights: Any = None, missing: str = "none") -> None:
        endog, exog, per_row, dropped = self._scale_rows(
            missing, endog, exog, exog_scale, freq_weights=freq_weights,
            sampling_weights=sampling_weights)
        super().__init__(endog, exog, freq_weights=per_row["freq_weights"],
                         sampling_weights=per_row["sampling_weights"], missing=missing)
        self._init_scale(per_row["exog_scale"], dropped)


class HeteroskedasticTruncatedRegression(HeteroskedasticScale, TruncatedRegression):
    """Truncated regression with :math:`\\log\\sigma_i = z_i'\\gamma`.

    Parameters
    ----------
    endog, exog, left, right, freq_weights, sampling_weights, missing
        As for :class:`~emstats.TruncatedRegression`.""" + _SCALE_DOC + """

    Notes
    -----
    Fitted by ECM with the unsampled draws as missing data
    (:mod:`emstats.models._het_scale`, :mod:`emstats.models._truncation`).
    """

    model_name: ClassVar[str] = "Heteroskedastic truncated regression"

    def __init__(self, endog: Any, exog: Any, exog_scale: Any, left: Any = None,
                 right: Any = None, *, freq_weights: Any = None, sampling_weights: Any = None,
                 missing: str = "none") -> None:
        endog, exog, per_row, dropped = self._scale_rows(
            missing, endog, exog, exog_scale, left=left, right=right,
            freq_weights=freq_weights, sampling_weights=sampling_weights)
        super().__init__(endog, exog, per_row["left"], per_row["right"],
                         freq_weights=per_row["freq_weights"],
                         sampling_weights=per_row["sampling_weights"], missing=missing)
        self._init_scale(per_row["exog_scale"], dropped)


HeteroskedasticScale._scale_equation_class = HeteroskedasticCensoredModel
HeteroskedasticScale._results_class = HeteroskedasticResults

__all__ = ["HeteroskedasticCensoredModel", "HeteroskedasticIntervalRegression",
           "HeteroskedasticTobit", "HeteroskedasticTruncatedRegression"]
