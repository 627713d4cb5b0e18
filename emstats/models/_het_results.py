"""Results of the heteroskedastic censored-normal regressions: Stata's two equations
(the model and ``lnsigma``), predictions with each row's scale, and marginal effects that
go through both the mean and the scale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import patsy
from statsmodels.iolib.summary import Summary

from ..inference.margins import (
    DiscreteChange,
    MarginalEffects,
    delta_method_effects,
    discrete_changes,
)
from ..inference.prediction import PredictionResults
from ..typing import FloatArray, IntArray
from ._censored_results import (
    CensoredNormalResults,
    Prediction,
    derivative_wrt_mean,
    derivative_wrt_sigma,
    predict_from_mean,
)
from ._het_scale import SCALE_EQUATION

if TYPE_CHECKING:
    from ._het_scale import HeteroskedasticScale


class HeteroskedasticResults(CensoredNormalResults):
    r"""Results of a censored-normal regression with :math:`\log\sigma_i = z_i'\gamma`.

    As :class:`CensoredNormalResults`, with the scale of each row: ``resid`` are the
    generalised residuals at :math:`\hat\sigma_i`, ``predict`` and ``get_margeff`` take
    ``exog_scale`` with new ``exog`` (or a data frame through both formulas), and a
    variable in both equations has its total effect,
    :math:`\beta_j\,\partial m/\partial\mu + \gamma_j\sigma_i\,\partial m/\partial\sigma`.
    The header reports Stata's Wald test of the model equation's slopes (``Wald
    chi2``), not an LR test against the intercept-only model.
    """

    model: HeteroskedasticScale

    @property
    def fittedvalues(self) -> pd.Series:
        r"""The linear prediction :math:`x'\hat\beta` of the estimation sample."""
        beta = np.asarray(self.params)[:self.model.k_exog]
        return pd.Series(self.model.exog @ beta, index=self._row_index, name="fittedvalues")

    @property
    def fitted_sigma(self) -> pd.Series:
        r""":math:`\hat\sigma_i = \exp(z_i'\hat\gamma)` of the estimation sample."""
        return pd.Series(self.model.sigma(np.asarray(self.params)), index=self._row_index,
                         name="sigma")

    @property
    def resid(self) -> pd.Series:
        r"""Generalised residuals :math:`E[y^* \mid l_i \le y^* \le u_i] - x_i'\hat\beta`."""
        model, params = self.model, np.asarray(self.params)
        mu = model.exog @ params[:model.k_exog]
        exact = model.lower == model.upper
        lo = np.where(exact, -np.inf, model.lower)
        hi = np.where(exact, np.inf, model.upper)
        inside = predict_from_mean(mu, model.sigma(params), lo, hi, "conditional")
        return pd.Series(np.where(exact, model.lower, inside) - mu, index=self._row_index,
                         name="resid")

    def _header_wald(self) -> float | None:
        """Stata's ``Wald chi2`` of the model equation's slopes."""
        return self._slopes_wald()

    def _summary_groups(self) -> list[tuple[str | None, IntArray]]:
        """The model equation, then ``lnsigma`` (Stata's layout)."""
        k = self.model.k_exog
        return [(None, np.arange(k)), (SCALE_EQUATION, np.arange(k, self.k_params))]

    def _summary_params(self, smry: Summary, xname: Sequence[str], alpha: float) -> None:
        """The two equations' tables, the scale's rows labelled by its regressors."""
        prefix = f"{SCALE_EQUATION}["
        names = [name[len(prefix):-1] if name.startswith(prefix) else name for name in xname]
        super(CensoredNormalResults, self)._summary_params(smry, names, alpha)

    def _designs_for_prediction(self, exog: Any, exog_scale: Any
                                ) -> tuple[FloatArray | None, Any, pd.Index]:
        """The mean's and the scale's regressors to predict at (None: the sample's)."""
        x, index = self._exog_for_prediction(exog)
        if exog is None:
            return None, exog_scale, index
        model = self.model
        if exog_scale is None and isinstance(exog, pd.DataFrame) and model.scale_formula:
            exog_scale = patsy.build_design_matrices([model.scale_design_info()], exog,
                                                     return_type="dataframe")[0]
        return x, exog_scale, index

    def predict(self, exog: Any = None, which: Prediction = "linear", lower: Any = None,
                upper: Any = None, exog_scale: Any = None) -> pd.Series:
        """Predictions at the estimates (see :meth:`CensoredNormalResults.predict`);
        ``exog_scale``: the scale regressors of new ``exog`` (built from a data frame
        through the scale formula when the model has one)."""
        x, z, index = self._designs_for_prediction(exog, exog_scale)
        values = self.model.predict(np.asarray(self.params), x, which, lower, upper, z)
        return pd.Series(values, index=index, name=which)

    def get_prediction(self, exog: Any = None, which: Prediction = "linear",
                       lower: Any = None, upper: Any = None, exog_scale: Any = None
                       ) -> PredictionResults:
        """Predictions with delta-method standard errors (parameters of :meth:`predict`)."""
        x, z, index = self._designs_for_prediction(exog, exog_scale)
        model = self.model

        def prediction(params: FloatArray) -> FloatArray:
            return model.predict(params, x, which, lower, upper, z)

        return self._delta_prediction(prediction, index, which)

    def get_margeff(self, at: Literal["overall", "mean"] = "overall",
                    which: Prediction = "mean", lower: Any = None, upper: Any = None, *,
                    dummy: bool = False, count: bool = False) -> MarginalEffects:
        r"""Marginal effects of every variable of either equation, with delta-method SEs.

        Parameters are those of :meth:`CensoredNormalResults.get_margeff`. A variable
        (matched by name) in the mean and the scale has the total effect
        :math:`\beta_j\,\partial m/\partial\mu + \gamma_j\sigma\,\partial m/\partial\sigma`
        (:func:`~._censored_results.derivative_wrt_sigma`), as Stata's ``margins``
        after ``intreg, het()``; discrete changes move it in both.
        """
        model = self.model
        if at not in ("overall", "mean"):
            raise ValueError(f"at must be 'overall' or 'mean', got {at!r}")
        x_all, z_all = model.exog, model.exog_scale
        x, z = ((x_all, z_all) if at == "overall"
                else (x_all.mean(axis=0, keepdims=True), z_all.mean(axis=0, keepdims=True)))
        lo, hi = model._limits(x_all, lower, upper)
        if at == "mean":
            lo, hi = (v[:1] if np.all(v == v[0]) else v.mean(keepdims=True) for v in (lo, hi))
        variables = _variables(model)
        columns = np.column_stack([x_all[:, j] if j is not None else z_all[:, q]
                                   for _, j, q in variables])
        changes = discrete_changes(columns, list(range(len(variables))), dummy=dummy,
                                   count=count)
        k = model.k_exog

        def at_point(params: FloatArray, xs: FloatArray, zs: FloatArray) -> FloatArray:
            return predict_from_mean(xs @ params[:k], np.exp(zs @ params[k:]), lo, hi, which)

        def effects(params: FloatArray) -> FloatArray:
            beta, gamma = params[:k], params[k:]
            mu, sigma = x @ beta, np.exp(z @ gamma)
            d_mu = derivative_wrt_mean(mu, sigma, lo, hi, which)
            d_sigma = derivative_wrt_sigma(mu, sigma, lo, hi, which) * sigma
            out = np.empty(len(variables))
            for pos, (_, j, q) in enumerate(variables):
                total = (0.0 if j is None else beta[j] * d_mu) + (
                    0.0 if q is None else gamma[q] * d_sigma)
                out[pos] = float(np.mean(total))
            for pos, change in changes.items():
                low, high = _changed(x, z, variables[pos], change)
                gap = at_point(params, *high) - at_point(params, *low)
                out[pos] = float(np.mean(gap)) / change.step
            return out

        names = [name for name, _, _ in variables]
        return delta_method_effects(effects, np.asarray(self.params),
                                    np.asarray(self.cov_params()), names, at=at, which=which,
                                    yname=str(model.endog_names),
                                    discrete={names[pos]: change.kind
                                              for pos, change in changes.items()})


def _variables(model: HeteroskedasticScale) -> list[tuple[str, int | None, int | None]]:
    """The non-constant variables of either equation: (name, column of ``exog`` or None,
    column of ``exog_scale`` or None), the mean's first."""
    def varying(matrix: FloatArray, names: list[str]) -> dict[str, int]:
        return {name: j for j, name in enumerate(names) if np.ptp(matrix[:, j]) > 0}

    in_x = varying(model.exog, list(model.exog_names))
    in_z = varying(model.exog_scale, model.scale_names)
    out: list[tuple[str, int | None, int | None]] = [
        (name, j, in_z.get(name)) for name, j in in_x.items()]
    out += [(name, None, q) for name, q in in_z.items() if name not in in_x]
    return out


def _changed(x: FloatArray, z: FloatArray, variable: tuple[str, int | None, int | None],
             change: DiscreteChange) -> tuple[tuple[FloatArray, FloatArray],
                                              tuple[FloatArray, FloatArray]]:
    """``(x, z)`` at the low and at the high point of a discrete change of a variable."""
    _, j, q = variable
    x_low, x_high = change.points(x, j) if j is not None else (x, x)
    z_low, z_high = change.points(z, q) if q is not None else (z, z)
    return (x_low, z_low), (x_high, z_high)


__all__ = ["HeteroskedasticResults"]
