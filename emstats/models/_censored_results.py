"""Results of the censored-normal regressions (Tobit, interval regression): predictions
from the latent mean, marginal effects, Stata's tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import patsy
from scipy.special import ndtr
from statsmodels.iolib.summary import Summary

from .._tables import blank_inference
from ..inference.margins import MarginalEffects, delta_method_effects, discrete_changes
from ..inference.prediction import PredictionResults
from ..results import EMResults, SummaryRows
from ..typing import FloatArray
from ._censored_summary import censoring_rows, limit_text, model_test_rows
from ._truncnorm import TruncatedStandardNormal, log_norm_pdf

if TYPE_CHECKING:
    from .censored import CensoredNormalModel

Prediction = Literal["linear", "latent", "mean", "conditional", "prob"]
"""What a censored-normal prediction is of (see :meth:`CensoredNormalModel.predict`)."""


def predict_from_mean(mu: FloatArray, sigma: FloatArray | float, lo: FloatArray, hi: FloatArray,
                       which: Prediction) -> FloatArray:
    """Predictions of the censored-normal model from the latent mean."""
    if which in ("linear", "latent"):
        return mu
    a, b = (lo - mu) / sigma, (hi - mu) / sigma
    trunc = TruncatedStandardNormal.from_bounds(a, b)
    if which == "prob":
        return np.exp(trunc.log_prob)
    if which == "conditional":
        return mu + sigma * trunc.mean
    if which == "mean":
        prob = np.exp(trunc.log_prob)
        below = np.where(np.isneginf(lo), 0.0, np.nan_to_num(lo) * ndtr(a))
        above = np.where(np.isposinf(hi), 0.0, np.nan_to_num(hi) * ndtr(-b))
        dens = np.exp(log_norm_pdf(a)) - np.exp(log_norm_pdf(b))
        return prob * mu + sigma * dens + below + above
    raise ValueError(
        f"which must be one of 'linear', 'latent', 'mean', 'conditional', 'prob'; got {which!r}"
    )


def derivative_wrt_mean(mu: FloatArray, sigma: FloatArray | float, lo: FloatArray, hi: FloatArray,
                         which: Prediction) -> FloatArray:
    """``d prediction / d (x'beta)`` per observation (McDonald-Moffitt pieces)."""
    if which in ("linear", "latent"):
        return np.ones_like(mu)
    trunc = TruncatedStandardNormal.from_bounds((lo - mu) / sigma, (hi - mu) / sigma)
    if which == "mean":
        return np.exp(trunc.log_prob)
    if which == "prob":
        return (np.exp(log_norm_pdf(trunc.a)) - np.exp(log_norm_pdf(trunc.b))) / sigma
    if which == "conditional":
        return trunc.variance
    raise ValueError(
        f"which must be one of 'linear', 'latent', 'mean', 'conditional', 'prob'; got {which!r}"
    )


def _finite_times(bound: FloatArray, value: FloatArray) -> FloatArray:
    """``bound * value`` with 0 where the bound is infinite (the density vanishes there)."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(bound), bound * value, 0.0)


def derivative_wrt_sigma(mu: FloatArray, sigma: FloatArray | float, lo: FloatArray,
                         hi: FloatArray, which: Prediction) -> FloatArray:
    r"""``d prediction / d sigma`` per observation.

    Notes
    -----
    With :math:`a = (l - \mu)/\sigma`, :math:`b = (u - \mu)/\sigma`,
    :math:`P = \Phi(b) - \Phi(a)`, :math:`r_a = \phi(a)/P`, :math:`r_b = \phi(b)/P` and
    :math:`m_1 = r_a - r_b`:

    .. math::

        \frac{\partial P}{\partial\sigma} = \frac{a\phi(a) - b\phi(b)}{\sigma}, \qquad
        \frac{\partial E[y^* \mid l < y^* < u]}{\partial\sigma}
            = m_1 - a r_a (m_1 - a) - b r_b (b - m_1), \qquad
        \frac{\partial E[\min(\max(y^*, l), u)]}{\partial\sigma} = \phi(a) - \phi(b),

    (from :math:`\partial m_1/\partial a = r_a(m_1 - a)`,
    :math:`\partial m_1/\partial b = r_b(b - m_1)`), terms of an infinite bound being 0.
    """
    if which in ("linear", "latent"):
        return np.zeros_like(np.asarray(mu, dtype=float))
    trunc = TruncatedStandardNormal.from_bounds((lo - mu) / sigma, (hi - mu) / sigma)
    a, b = np.broadcast_arrays(trunc.a, trunc.b)
    pdf_a, pdf_b = np.exp(log_norm_pdf(a)), np.exp(log_norm_pdf(b))
    if which == "mean":
        return np.asarray(pdf_a - pdf_b)
    if which == "prob":
        return np.asarray((_finite_times(a, pdf_a) - _finite_times(b, pdf_b)) / sigma)
    if which == "conditional":
        m1 = trunc.mean
        with np.errstate(invalid="ignore"):  # an infinite bound's ratio is 0: masked
            lower, upper = trunc.ratio_a * (m1 - a), trunc.ratio_b * (b - m1)
        return np.asarray(m1 - _finite_times(a, lower) - _finite_times(b, upper))
    raise ValueError(
        f"which must be one of 'linear', 'latent', 'mean', 'conditional', 'prob'; got {which!r}"
    )


class CensoredNormalResults(EMResults):
    r"""Results of a censored-normal (Tobit, interval) regression.

    ``fittedvalues`` is the linear prediction :math:`x'\hat\beta` (statsmodels'
    discrete models and R's ``survreg`` fit the linear predictor); ``resid`` the
    generalised residuals :math:`E[y^* \mid l_i \le y^* \le u_i] - x'\hat\beta` at the
    estimates: the OLS residual of an exactly observed outcome, and the expected latent
    residual of a censored one (Gourieroux, Monfort, Renault & Trognon 1987), so that
    without censoring they are OLS's. ``llnull``, ``llr`` and ``llr_pvalue`` test every
    slope against the constant-only model (Stata's LR chi2).
    """

    model: CensoredNormalModel

    @property
    def _row_index(self) -> pd.Index:
        labels = self.model.data.row_labels
        return pd.RangeIndex(int(self.nobs)) if labels is None else pd.Index(labels)

    @property
    def fittedvalues(self) -> pd.Series:
        r"""The linear prediction :math:`x'\hat\beta` of the estimation sample."""
        beta, _ = self.model.coefficients_and_scale(np.asarray(self.params))
        return pd.Series(self.model.exog @ beta, index=self._row_index, name="fittedvalues")

    @property
    def resid(self) -> pd.Series:
        r"""Generalised residuals :math:`E[y^* \mid l_i \le y^* \le u_i] - x_i'\hat\beta`
        (the OLS residual where the outcome is exact)."""
        model, params = self.model, np.asarray(self.params)
        beta, sigma = model.coefficients_and_scale(params)
        mu = model.exog @ beta
        exact = model.lower == model.upper
        lo = np.where(exact, -np.inf, model.lower)
        hi = np.where(exact, np.inf, model.upper)
        inside = predict_from_mean(mu, sigma, lo, hi, "conditional")
        return pd.Series(np.where(exact, model.lower, inside) - mu, index=self._row_index,
                         name="resid")

    @cached_property
    def prsquared(self) -> float:
        """McFadden's pseudo R-squared ``1 - llf / llnull`` (Stata's Pseudo R2)."""
        return 1.0 - self.llf / self.llnull

    @property
    def _summary_title(self) -> str:
        """``"Tobit Regression Results"``, ``"Interval Regression Results"``, each word
        capitalised."""
        name = self.model.model_name.removesuffix(" regression")
        return " ".join(word[:1].upper() + word[1:] for word in name.split()) + (
            " Regression Results")

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        """Stata's header: observations by censoring, the limits (Tobit), the LR test
        against the intercept-only model, the pseudo R2 and the log-likelihood."""
        left, right = super()._summary_top()
        model = self.model
        counts = (censoring_rows(self.nobs, model.censoring_counts,
                                 interval=not model.reports_limits)
                  if not model.truncated or sum(model.censoring_counts.values())
                  != model.censoring_counts["uncensored"]
                  else [("Number of obs:", [f"{self.nobs:g}"])])
        if model.reports_limits:
            lower, upper = model.default_limits()
            counts += [("Lower limit:", [limit_text(lower)]),
                       ("Upper limit:", [limit_text(upper)])]
        observations = [label for label, _ in left].index("No. Observations:")
        left[observations:observations + 1] = counts
        weights = model.case_weights
        right[:1] = model_test_rows(self.llf, self.llnull, self.df_model, self._header_wald(),
                                    pseudo=weights is not None and weights.kind == "sampling")
        return left, right

    def _header_wald(self) -> float | None:
        """The Wald statistic the header reports instead of the LR test (Stata does with
        sampling weights: the llf is then a pseudo-likelihood), or None."""
        weights = self.model.case_weights
        return self._slopes_wald() if weights is not None and weights.kind == "sampling" else None

    def _slopes_wald(self) -> float:
        """The Wald statistic of every coefficient but the constant being 0."""
        model = self.model
        slopes = [j for j in range(model.k_exog) if np.ptp(model.exog[:, j]) > 0]
        beta = np.asarray(self.params)[slopes]
        cov = np.asarray(self.cov_params())[np.ix_(slopes, slopes)]
        return float(beta @ np.linalg.solve(cov, beta))

    def _summary_params(self, smry: Summary, xname: Sequence[str], alpha: float) -> None:
        """The coefficient table with Stata's ``/sigma`` row: no z test (``sigma = 0`` is
        on the boundary)."""
        names = list(xname)
        if names[-1] == "sigma":
            names[-1] = "/sigma"
        super()._summary_params(smry, names, alpha)
        blank_inference(smry.tables[-1], names[-1:])

    def _exog_for_prediction(self, exog: Any) -> tuple[FloatArray, pd.Index]:
        """The regressors to predict at, and the labels of their rows."""
        if exog is None:
            return self.model.exog, self._row_index
        if isinstance(exog, pd.DataFrame) and self.model.formula:
            frame = patsy.dmatrix(self.model.formula_design_info(), exog,
                                  return_type="dataframe")
            return frame.to_numpy(dtype=float), frame.index
        index = exog.index if isinstance(exog, pd.DataFrame | pd.Series) else None
        values = np.asarray(exog, dtype=float)
        values = values[None, :] if values.ndim == 1 else values
        if values.ndim != 2 or values.shape[1] != self.model.k_exog:
            raise ValueError(f"exog must have {self.model.k_exog} columns "
                             f"({', '.join(self.model.exog_names)}), got shape {values.shape}")
        if index is None or len(index) != len(values):
            index = pd.RangeIndex(len(values))
        return values, index

    def predict(self, exog: Any = None, which: Prediction = "linear", lower: Any = None,
                upper: Any = None) -> pd.Series:
        """Predictions at the estimates, as a Series indexed like the rows of ``exog``.

        Parameters
        ----------
        exog : array_like or DataFrame, optional
            New regressors (a DataFrame is passed through the model's formula);
            the estimation sample if omitted.
        which : {"linear", "latent", "mean", "conditional", "prob"}
            ``"linear"``/``"latent"``: :math:`x'\\beta = E[y^*]`; ``"mean"``: the
            censored mean :math:`E[\\min(\\max(y^*, l), u)]` (Stata ``ystar(l,u)``);
            ``"conditional"``: :math:`E[y^* \\mid l < y^* < u]` (Stata ``e(l,u)``);
            ``"prob"``: :math:`P(l < y^* < u)` (Stata ``pr(l,u)``).
        lower, upper : float or array_like, optional
            Limits :math:`l, u`; the model's censoring limits by default
            (``-inf``/``inf`` for interval regression).

        Returns
        -------
        Series
            Indexed like ``exog`` (a DataFrame's index; the estimation sample's rows if
            ``exog`` is omitted).
        """
        x, index = self._exog_for_prediction(exog)
        exog_arg = None if exog is None else x
        values = self.model.predict(np.asarray(self.params), exog_arg, which, lower, upper)
        return pd.Series(values, index=index, name=which)

    def get_prediction(self, exog: Any = None, which: Prediction = "linear",
                       lower: Any = None, upper: Any = None) -> PredictionResults:
        """Predictions with delta-method standard errors and confidence intervals.

        Parameters are those of :meth:`predict`; ``summary_frame(alpha)`` of the result
        has statsmodels' columns ``mean``, ``mean_se``, ``mean_ci_lower`` and
        ``mean_ci_upper``.
        """
        x, index = self._exog_for_prediction(exog)
        exog_arg = None if exog is None else x
        model = self.model

        def prediction(params: FloatArray) -> FloatArray:
            return model.predict(params, exog_arg, which, lower, upper)

        return self._delta_prediction(prediction, index, which)

    def get_margeff(self, at: Literal["overall", "mean"] = "overall",
                    which: Prediction = "mean", lower: Any = None, upper: Any = None, *,
                    dummy: bool = False, count: bool = False) -> MarginalEffects:
        """Marginal effects of the regressors on a prediction, with delta-method SEs.

        Parameters
        ----------
        at : {"overall", "mean"}
            Average of the observation-level effects, or the effect at the means
            of the regressors.
        which : {"mean", "conditional", "prob", "linear", "latent"}
            The prediction differentiated (see :meth:`predict`). For ``"mean"``
            the effect is :math:`\\beta_j\\,P(l < y^* < u)` (McDonald & Moffitt 1980).
        lower, upper : float or array_like, optional
            Limits, as in :meth:`predict`.
        dummy : bool
            Discrete changes for 0/1 regressors: the prediction at 1 less that at 0
            (statsmodels' ``dummy=True``).
        count : bool
            Discrete changes for count regressors (nonnegative integers, not 0/1): half the
            prediction at ``x + 1`` less that at ``x - 1`` (statsmodels' ``count=True``).

        Returns
        -------
        MarginalEffects
        """
        model = self.model
        if at not in ("overall", "mean"):
            raise ValueError(f"at must be 'overall' or 'mean', got {at!r}")
        exog = model.exog if at == "overall" else model.exog.mean(axis=0, keepdims=True)
        lo, hi = model._limits(model.exog, lower, upper)
        if at == "mean":
            lo, hi = (v[:1] if np.all(v == v[0]) else v.mean(keepdims=True) for v in (lo, hi))
        variables = [j for j in range(model.k_exog) if np.ptp(model.exog[:, j]) > 0]
        changes = discrete_changes(model.exog, variables, dummy=dummy, count=count)

        def effects(params: FloatArray) -> FloatArray:
            beta, sigma = model.coefficients_and_scale(params)
            slope = derivative_wrt_mean(exog @ beta, sigma, lo, hi, which).mean()
            out = slope * beta[variables]
            for pos, change in changes.items():
                low, high = change.points(exog, variables[pos])
                gap = (predict_from_mean(high @ beta, sigma, lo, hi, which)
                       - predict_from_mean(low @ beta, sigma, lo, hi, which))
                out[pos] = float(np.mean(gap)) / change.step
            return out

        names = [model.exog_names[j] for j in variables]
        return delta_method_effects(effects, np.asarray(self.params),
                                    np.asarray(self.cov_params()), names,
                                    at=at, which=which, yname=str(model.endog_names),
                                    discrete={names[pos]: change.kind
                                              for pos, change in changes.items()})


__all__ = ["CensoredNormalResults", "Prediction", "derivative_wrt_mean", "derivative_wrt_sigma",
           "predict_from_mean"]
