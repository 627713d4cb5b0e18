r"""The censored-normal family: Tobit and interval regression.

A latent :math:`y_i^* = x_i'\beta + \sigma\varepsilon_i`, :math:`\varepsilon_i \sim N(0, 1)`,
is observed only through bounds :math:`l_i \le y_i^* \le u_i`: exactly when
:math:`l_i = u_i`, left-censored when :math:`l_i = -\infty`, right-censored when
:math:`u_i = \infty`, and in an interval otherwise. One E-step serves every case:
the first two moments of the normal truncated to :math:`(l_i, u_i)`.

Internally the regressors are centred, scaled and recoded to orthonormal columns,
and the outcome is centred and scaled (:mod:`emstats.models._normal_regression`), so
that the EM iterates, the stopping rule and the information matrix are well
conditioned, and the E-step can take the exactly observed outcomes through their
sufficient statistics without losing digits; results are reported in the original
units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats

from .._checks import (
    enough_observations,
    finite_exog,
    nonempty,
    numeric_exog,
    numeric_outcome,
    same_rows,
)
from .._formula import WEIGHT_KEYWORDS, resolve_row_keywords
from .._linalg import weighted_gram
from .._rows import complete_rows
from ..base import EMModel
from ..engine.chunks import Additive
from ..params import LogScale, ParamSpec, scalar_block, shared_block
from ..results import EMResults
from ..typing import FloatArray, IntArray, RowBlock
from ..weights import resolve_case_weights, unit_weights, weight_keywords
from ._censored_bounds import censoring_kinds, check_bounds, limit_array, truncation_limits
from ._censored_results import CensoredNormalResults, Prediction, predict_from_mean
from ._normal_regression import CoefficientChart, ExactOutcomeStats, WorkingRegression
from ._truncation import TruncationRegion
from ._truncnorm import LOG_SQRT_2PI, TruncatedStandardNormal, log_norm_pdf

#: EM's parameter tolerance where Newton's method takes over, for the models whose EM
#: is slow (``newton_handoff``), unless the model says otherwise: two or three SQUAREM
#: iterations from the start. Random-effects panels use it: on
#: benchmarks/xttobit_panels.py 1e-2 took 1.7 s against 2.0 s for 1e-1 and 2.4 s for 1
#: (their Newton step costs a numerical Hessian). A Newton step that fails (a Hessian
#: not negative definite, no gain) sends the fit back to EM, to the full tolerance
#: (:class:`~emstats.protocol.NewtonFinish`).
NEWTON_HANDOFF = 1e-2

#: The hand-off of a truncated sample: after one EM step Newton converges from the OLS
#: start (measured on left, right, two-sided, narrow and 95%-truncated samples of 15,000
#: to 590,000 rows: never a fallback), and a Newton step costs about two E-steps;
#: benchmarks/truncreg_large.py 0.35 s against 0.47 s for 1e-2.
TRUNCATION_HANDOFF = 1e-1


@dataclass(frozen=True)
class CensoredNormalStats(Additive):
    """Expected complete-data statistics, in working units, centred at the E-step's mean.

    A sum over observations (``+`` adds those of disjoint blocks of rows). Centring at
    the E-step's coefficients ``beta_w`` keeps the M-step free of cancellation near
    convergence, where the update is small; the centre itself is not part of the
    statistics: the M-step gets it with the parameters.

    Attributes
    ----------
    x_resid : ndarray
        ``X_w' E[y*_w - X_w beta_w]``.
    sum_sq : float
        ``sum_i E[(y*_w,i - x_w,i' beta_w)^2]``.
    """

    x_resid: FloatArray
    sum_sq: float
    extra_gram: FloatArray | float = 0.0
    """``X_w' diag(w E[N]) X_w``: the design weight of the unsampled draws of a truncated
    model (:mod:`._truncation`); 0 without truncation."""
    extra_count: float = 0.0
    """``sum_i w_i E[N_i]``, their expected number."""


@dataclass(frozen=True)
class _CensoredGroup:
    """Censored observations of one kind (all left, all right, or all interval).

    ``index`` (increasing) are the observations' rows, ``x`` their working regressors,
    ``lower``, ``upper`` their bounds in working units and ``weight`` their case weights;
    ``lower_open`` (``upper_open``): every lower (upper) bound is infinite.
    """

    index: IntArray
    x: FloatArray
    lower: FloatArray
    upper: FloatArray
    weight: FloatArray
    lower_open: bool
    upper_open: bool

    def truncated(self, beta_w: FloatArray, sigma_w: float) -> TruncatedStandardNormal:
        """The standardised latent outcomes truncated to their bounds."""
        return TruncatedStandardNormal.of_regression(
            self.x @ beta_w, sigma_w, self.lower, self.upper, lower_open=self.lower_open,
            upper_open=self.upper_open)

    def within(self, start: int, stop: int) -> _CensoredGroup:
        """The observations of the group in rows ``start .. stop - 1`` (views)."""
        lo, hi = np.searchsorted(self.index, (start, stop))
        return replace(self, index=self.index[lo:hi], x=self.x[lo:hi],
                       lower=self.lower[lo:hi], upper=self.upper[lo:hi],
                       weight=self.weight[lo:hi])

    def inner_point(self) -> FloatArray:
        """The finite bound of a one-sided censoring, or the midpoint of an interval."""
        lo, hi = self.lower, self.upper
        return np.where(np.isneginf(lo), hi, np.where(np.isposinf(hi), lo, 0.5 * (lo + hi)))


class CensoredNormalModel(EMModel):
    r"""Linear regression with a normal outcome observed through bounds.

    Parameters
    ----------
    endog : array_like
        The outcome as the user gave it (kept for names and display).
    exog : array_like
        Regressors (n x k), including a constant if wanted.
    lower, upper : array_like
        Per-observation bounds on the latent outcome (``-inf``/``inf`` for none;
        ``lower == upper`` for an exact observation).
    freq_weights, sampling_weights : array_like, optional
        Case weights, one per row (at most one of the two): frequency weights (Stata
        ``fweight``) or sampling weights (``pweight``: a pseudo-likelihood, robust
        covariance by default); see :mod:`emstats.weights`.

    Attributes
    ----------
    param_spec : ParamSpec
        The parameter vector: the coefficients (labelled by the regressors' names),
        then ``sigma``; working chart: the coefficients of the orthonormal working
        regressors and the log of the working scale.

    Notes
    -----
    The observed-data log-likelihood is

    .. math::

        \ell = \sum_{l_i = u_i} \left[\log\phi(z_i) - \log\sigma\right]
             + \sum_{l_i < u_i} \log\left[\Phi(b_i) - \Phi(a_i)\right],

    with :math:`z_i = (y_i - x_i'\beta)/\sigma`, :math:`a_i = (l_i - x_i'\beta)/\sigma`
    and :math:`b_i = (u_i - x_i'\beta)/\sigma`. The E-step replaces :math:`y_i^*`
    and :math:`y_i^{*2}` by their truncated-normal expectations; the M-step is a
    least-squares solve with a Cholesky factor computed once
    (:class:`~emstats.models._normal_regression.LeastSquaresStep`). The E-step is a
    sum over observations, so it also runs in blocks of rows
    (:class:`~emstats.protocol.BlockEStep`, ``fit(chunksize=...)``).
    """

    model_name: ClassVar[str] = "Censored normal"
    reports_limits: ClassVar[bool] = False
    """Whether the summary prints the censoring limits (the Tobit's, not intreg's)."""
    _results_class: ClassVar[type[EMResults]]
    exog: FloatArray

    def __init__(self, endog: Any, exog: Any, *, lower: Any, upper: Any,
                 trunc_lower: Any = None, trunc_upper: Any = None,
                 freq_weights: Any = None, sampling_weights: Any = None) -> None:
        exog_arr = numeric_exog(exog)
        if exog_arr.ndim == 1:
            exog_arr = exog_arr[:, None]
        same_rows(len(lower), len(exog_arr))
        nonempty(len(exog_arr))
        names = (list(map(str, exog.columns)) if isinstance(exog, pd.DataFrame)
                 else [f"x{j + 1}" for j in range(exog_arr.shape[1])])
        finite_exog(exog_arr, names)
        if not isinstance(exog, pd.DataFrame):
            exog = exog_arr
        super().__init__(endog, exog, missing="none", hasconst=None)
        self.exog = np.asarray(self.exog, dtype=float)
        self.lower = np.array(lower, dtype=float).reshape(-1)
        self.upper = np.array(upper, dtype=float).reshape(-1)
        n_rows = self.exog.shape[0]
        check_bounds(self.lower, self.upper, n_rows)
        self.trunc_lower, self.trunc_upper = truncation_limits(
            trunc_lower, trunc_upper, self.lower, self.upper)
        self.case_weights = resolve_case_weights(freq_weights, sampling_weights, n_rows)
        self._weight = unit_weights(self.case_weights, n_rows)
        self.nobs = float(n_rows) if self.case_weights is None else self.case_weights.nobs
        self.k_exog = self.exog.shape[1]
        enough_observations(n_rows, self.k_exog + 1)
        self._prepare_working_arrays()
        self._beta_chart = CoefficientChart(self._scale)
        self._sigma_chart = LogScale(self._scale.y_scale)
        self.param_spec = ParamSpec([
            shared_block("beta", np.arange(self.k_exog), self.exog_names,
                         chart=self._beta_chart),
            scalar_block("sigma", chart=self._sigma_chart),
        ])
        self.data.param_names = self.param_spec.names
        self.df_model = float(self.k_exog - self.k_constant)
        self.df_resid = self.nobs - self.k_params

    # -- set-up -------------------------------------------------------------------
    @cached_property
    def censoring_counts(self) -> dict[str, int]:
        """Numbers of left-censored, uncensored, right-censored and interval observations."""
        return {kind: int(mask.sum())
                for kind, mask in censoring_kinds(self.lower, self.upper).items()}

    def _prepare_working_arrays(self) -> None:
        rows_of = {kind: np.flatnonzero(mask)
                   for kind, mask in censoring_kinds(self.lower, self.upper).items()}
        exact = rows_of["uncensored"]
        # censored observations grouped by kind, so each group takes its fast path
        censored = [(rows_of[kind], kind) for kind in ("left", "right", "interval")
                    if rows_of[kind].size]
        working = WorkingRegression.prepare(
            self.exog, self.exog_names, [exact] + [rows for rows, _ in censored],
            np.concatenate([self.lower, self.upper]), self._weight)
        self._scale = working.scale
        self._least_squares = working.least_squares
        self._exact = exact
        if exact.size == self.exog.shape[0]:  # every row exact: its design is _xw's
            self.__dict__["_xw"] = working.designs[0]
        self._exact_part = ExactOutcomeStats.from_data(working.designs[0],
                                                       self._scale.outcome(self.lower[exact]),
                                                       self._weight[exact])
        self._groups = [
            _CensoredGroup(rows, x, self._scale.outcome(self.lower[rows]),
                           self._scale.outcome(self.upper[rows]), self._weight[rows],
                           lower_open=kind == "left", upper_open=kind == "right")
            for (rows, kind), x in zip(censored, working.designs[1:], strict=True)
        ]
        self._truncation = None if not self.truncated else TruncationRegion.of(
            self._xw, self._scale.outcome(self.trunc_lower),
            self._scale.outcome(self.trunc_upper), self._weight)

    @cached_property
    def _xw(self) -> FloatArray:
        """The working regressors of every row, in data order (computed once, for the
        models whose statistics are per row: truncation, a scale model, panels)."""
        return self._scale.design(self.exog, slice(None))

    @property
    def truncated(self) -> bool:
        """Whether the latent outcome is truncated (some finite truncation limit)."""
        return bool(np.isfinite(self.trunc_lower).any() or np.isfinite(self.trunc_upper).any())

    @staticmethod
    def _with_truncation(stats: CensoredNormalStats, llf: float,
                         region: TruncationRegion | None, beta_w: FloatArray, sigma_w: float,
                         gram: bool = True) -> tuple[CensoredNormalStats, float]:
        """The statistics and llf with the unsampled draws of a truncated model added
        (their Gram matrix only if ``gram``: the score does not need it)."""
        if region is None:
            return stats, llf
        extra = region.statistics(beta_w, sigma_w, gram=gram)
        return CensoredNormalStats(stats.x_resid + extra.x_resid, stats.sum_sq + extra.sum_sq,
                                   extra.gram, extra.count), llf + extra.llf

    # -- parametrisations -------------------------------------------------------------
    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """``(beta_w, log sigma_w)``: coefficients of the orthonormal working regressors
        and the log of the working scale.

        These are the charts of :attr:`param_spec`'s two blocks, applied directly (the
        E- and M-steps map their parameters at every iteration).
        """
        params = np.asarray(params, dtype=float)
        return np.concatenate([self._beta_chart.to_u(params[:-1]),
                               self._sigma_chart.to_u(params[-1:])])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        return np.concatenate([self._beta_chart.from_u(u[:-1], (self.k_exog,)),
                               self._sigma_chart.from_u(u[-1:], (1,))])

    def jacobian_from_unconstrained(self, u: FloatArray) -> FloatArray:
        """``d (beta, sigma) / d (beta_w, log sigma_w)``."""
        s = self._scale.y_scale
        jac = np.zeros((self.k_params, self.k_params))
        jac[:-1, :-1] = s * self._scale.transform
        jac[-1, -1] = s * np.exp(u[-1])
        return jac

    def _working(self, params: FloatArray) -> tuple[FloatArray, float]:
        u = self.to_unconstrained(params)
        return u[:-1], float(np.exp(u[-1]))

    @property
    def start_params(self) -> FloatArray:
        """OLS on a point inside each observation's bounds (the finite bound, or the midpoint)."""
        beta_w, sigma_w = self._start_working()
        return self.from_unconstrained(np.append(beta_w, np.log(sigma_w)))

    def _start_working(self) -> tuple[FloatArray, float]:
        """:attr:`start_params` in working units, ``(beta_w, sigma_w)``."""
        exact = self._exact_part
        xty = exact.xty
        points = [g.inner_point() for g in self._groups]
        for g, point in zip(self._groups, points, strict=True):
            xty = xty + (g.weight * point) @ g.x
        beta_w = self._least_squares.solve(xty)
        ssr = exact.residual_stats(beta_w)[1] + sum(
            float(g.weight @ (point - g.x @ beta_w) ** 2)
            for g, point in zip(self._groups, points, strict=True))
        sigma_w = float(np.sqrt(ssr / self._least_squares.nobs)) or 1.0
        return beta_w, sigma_w

    # -- the maths ------------------------------------------------------------------------
    def _truncated(self, beta_w: FloatArray, sigma_w: float
                   ) -> list[tuple[_CensoredGroup, TruncatedStandardNormal]]:
        """Each censoring group with the truncated standard normals of its outcomes."""
        return [(g, g.truncated(beta_w, sigma_w)) for g in self._groups]

    def _llf_exact(self, n: float, ssr: float, sigma_w: float) -> float:
        """The llf of ``n`` exact outcomes (their total weight) with working residual
        sum of squares ``ssr``."""
        log_sigma = np.log(sigma_w * self._scale.y_scale)
        return float(-n * (LOG_SQRT_2PI + log_sigma) - 0.5 * ssr / sigma_w**2)

    @staticmethod
    def _add_censored(groups: list[_CensoredGroup], beta_w: FloatArray, sigma_w: float,
                      x_resid: FloatArray, sum_sq: float, llf: float
                      ) -> tuple[CensoredNormalStats, float]:
        """The exact outcomes' statistics and llf plus those of the censored ``groups``."""
        for group in groups:
            trunc = group.truncated(beta_w, sigma_w)
            x_resid = x_resid + sigma_w * ((group.weight * trunc.mean) @ group.x)
            sum_sq += sigma_w**2 * trunc.second_moment_sum(group.weight)
            llf += float(group.weight @ trunc.log_prob)
        return CensoredNormalStats(x_resid, sum_sq), llf

    def e_step(self, params: FloatArray) -> tuple[CensoredNormalStats, float]:
        """Truncated-normal moments of the censored outcomes, and the observed llf.

        The exact outcomes enter through their fixed sufficient statistics.
        """
        return self._e_step_working(*self._working(params))

    def _e_step_working(self, beta_w: FloatArray, sigma_w: float, gram: bool = True
                        ) -> tuple[CensoredNormalStats, float]:
        """:meth:`e_step` at working parameters (the truncation's Gram only if ``gram``)."""
        x_resid, sum_sq = self._exact_part.residual_stats(beta_w)
        llf = self._llf_exact(self._exact_part.n, sum_sq, sigma_w)
        stats, llf = self._add_censored(self._groups, beta_w, sigma_w, x_resid, sum_sq, llf)
        return self._with_truncation(stats, llf, self._truncation, beta_w, sigma_w, gram)

    # -- the E-step in blocks of rows (BlockEStep) ------------------------------------
    @property
    def n_units(self) -> int:
        """The observations (rows)."""
        return int(self.exog.shape[0])

    @property
    def unit_size(self) -> int:
        """Float64 numbers per row of a block's E-step, at most: an exact row's residual
        (its bounds, linear predictor and residual), or an interval row's
        truncated-normal moments (about 8 vectors) and its bounds."""
        return 12

    def e_step_block(self, params: FloatArray, block: RowBlock
                     ) -> tuple[CensoredNormalStats, float]:
        r"""The statistics and the llf of the observations in rows ``block``.

        The censored rows of the block enter through their truncated-normal moments, as
        in :meth:`e_step`; the exact rows through their residuals, from the block's
        rows of the regressors as given (a view: nothing is gathered or recoded).

        Notes
        -----
        With ``X_w = X T``, the working residuals of the exact rows are
        :math:`r = y_w - X (T\beta_w)`, and :math:`X_w'r = T'(X'r)`: two passes over the
        block instead of its recoding (``O(k)`` a row, not ``O(k^2)``). Where the
        regressors are far from zero relative to their spread, or nearly collinear,
        these sums cancel more digits than those of :meth:`e_step` (the recoding's);
        estimates in chunks stay within the convergence tolerance of those of ``fit()``
        (tested with a mean 1e5 standard deviations from zero, and with a correlation
        of :math:`1 - 10^{-12}`).
        """
        start, stop, step = block.indices(self.n_units)
        if step != 1:
            raise ValueError(f"a block is a slice of consecutive rows, got step {step}")
        beta_w, sigma_w = self._working(params)
        lower, x = self.lower[start:stop], self.exog[start:stop]
        exact = lower == self.upper[start:stop]
        resid = np.where(exact, self._scale.outcome(lower) - x @ (self._scale.transform @ beta_w),
                         0.0)
        weighted = self._weight[start:stop] * resid
        sum_sq = float(resid @ weighted)
        llf = self._llf_exact(float(self._weight[start:stop] @ exact), sum_sq, sigma_w)
        groups = [g.within(start, stop) for g in self._groups]
        stats, llf = self._add_censored([g for g in groups if g.index.size], beta_w, sigma_w,
                                        self._scale.transform.T @ (weighted @ x), sum_sq, llf)
        region = None if self._truncation is None else self._truncation.rows(start, stop)
        return self._with_truncation(stats, llf, region, beta_w, sigma_w)

    def m_step(self, stats: CensoredNormalStats, params: FloatArray) -> FloatArray:
        """Least squares on the expected latent outcome; the ML variance of its residuals.

        ``params`` are those of the E-step: the statistics are centred at their working
        coefficients.
        """
        beta_w, _ = self._working(params)
        if stats.extra_count:  # truncation: the unsampled draws weight the design too
            ls = self._least_squares
            delta = np.linalg.solve(ls.gram + stats.extra_gram, stats.x_resid)
            beta_new = beta_w + delta
            sigma2_w = float((stats.sum_sq - delta @ stats.x_resid)
                             / (ls.nobs + stats.extra_count))
        else:
            beta_new, sigma2_w = self._least_squares.step(beta_w, stats.x_resid, stats.sum_sq)
        return self.from_unconstrained(np.append(beta_new, 0.5 * np.log(sigma2_w)))

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood."""
        beta_w, sigma_w = self._working(params)
        llf = self._llf_exact(self._exact_part.n, self._exact_part.residual_stats(beta_w)[1],
                              sigma_w)
        llf += sum(float(g.weight @ t.log_prob) for g, t in self._truncated(beta_w, sigma_w))
        if self._truncation is not None:
            llf -= float(self._truncation.weight @ self._truncation.log_prob(beta_w, sigma_w))
        return llf

    def _exact_z(self, beta_w: FloatArray, sigma_w: float) -> tuple[FloatArray, FloatArray]:
        """Standardised residuals of the exact outcomes, and their working regressors."""
        x = self._scale.design(self.exog, self._exact)
        y = self._scale.outcome(self.lower[self._exact])
        return (y - x @ beta_w) / sigma_w, x

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-observation log-likelihood contributions, in data order (unweighted:
        :meth:`loglike` is their sum with the case weights)."""
        beta_w, sigma_w = self._working(params)
        z, _ = self._exact_z(beta_w, sigma_w)
        out = np.empty(self.n_units)
        out[self._exact] = log_norm_pdf(z) - np.log(sigma_w * self._scale.y_scale)
        for group, trunc in self._truncated(beta_w, sigma_w):
            out[group.index] = trunc.log_prob
        if self._truncation is not None:
            out -= self._truncation.log_prob(beta_w, sigma_w)
        return out

    def score_obs_unconstrained(self, u: FloatArray) -> FloatArray:
        """Per-observation scores in ``(beta_w, log sigma_w)`` (Fisher's identity), data
        order, unweighted."""
        sigma_w = float(np.exp(u[-1]))
        z, x_exact = self._exact_z(u[:-1], sigma_w)
        scores = np.empty((self.n_units, self.k_params))
        scores[self._exact, :-1] = x_exact * (z / sigma_w)[:, None]
        scores[self._exact, -1] = z**2 - 1.0
        for group, trunc in self._truncated(u[:-1], sigma_w):
            _, m1, m2 = trunc.raw_moments(2)
            scores[group.index, :-1] = group.x * (m1 / sigma_w)[:, None]
            scores[group.index, -1] = m2 - 1.0
        if self._truncation is not None:
            scores += self._truncation.scores(u[:-1], sigma_w)
        return scores

    def _louis_terms(self, u: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``E[I_c | y]`` and ``Var[S_c | y]`` in ``(beta_w, log sigma_w)``, the
        unsampled draws of a truncated model included."""
        info, score_cov = self._sampled_louis_terms(u)
        if self._truncation is None:
            return info, score_cov
        beta_w, sigma_w = u[:-1], float(np.exp(u[-1]))
        extra = self._truncation.statistics(beta_w, sigma_w)
        k = self.k_exog
        info[:k, :k] += extra.gram / sigma_w**2
        info[:k, k] += 2.0 * extra.x_resid / sigma_w**2
        info[k, :k] = info[:k, k]
        info[k, k] += 2.0 * extra.sum_sq / sigma_w**2
        return info, score_cov + self._truncation.score_covariance(beta_w, sigma_w)

    def _sampled_louis_terms(self, u: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``E[I_c | y]`` and ``Var[S_c | y]`` of the sampled rows alone.

        With ``z = (y* - x'beta) / sigma``, the complete-data score is
        ``(sum x z / sigma, sum (z^2 - 1))``; exact outcomes add no conditional
        variance, censored ones the truncated-normal moments up to order four.
        """
        beta_w, sigma_w = u[:-1], float(np.exp(u[-1]))
        x_resid, ssr = self._exact_part.residual_stats(beta_w)
        k = self.k_exog
        sum_xz, sum_zz = x_resid / sigma_w, ssr / sigma_w**2
        cov_bb, cov_bt, cov_tt = np.zeros((k, k)), np.zeros(k), 0.0
        for group, trunc in self._truncated(beta_w, sigma_w):
            _, m1, m2, m3, m4 = trunc.raw_moments(4)
            w = group.weight
            sum_xz = sum_xz + (w * m1) @ group.x
            sum_zz += float(w @ m2)
            cov_bb += weighted_gram(group.x, w * (m2 - m1**2))
            cov_bt += (w * (m3 - m1 * m2)) @ group.x
            cov_tt += float(w @ (m4 - m2**2))
        info = np.empty((k + 1, k + 1))
        info[:k, :k] = self._least_squares.gram / sigma_w**2
        info[:k, k] = info[k, :k] = 2.0 * sum_xz / sigma_w
        info[k, k] = 2.0 * sum_zz
        score_cov = np.empty((k + 1, k + 1))
        score_cov[:k, :k] = cov_bb / sigma_w**2
        score_cov[:k, k] = score_cov[k, :k] = cov_bt / sigma_w
        score_cov[k, k] = cov_tt
        return info, score_cov

    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """Expected complete-data information in ``(beta_w, log sigma_w)``, the
        unsampled draws of a truncated model included."""
        return self._louis_terms(u)[0]

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray:
        """Conditional covariance of the complete-data score in ``(beta_w, log sigma_w)``
        (with the unsampled draws of a truncated model:
        :meth:`~._truncation.TruncationRegion.score_covariance`)."""
        return self._louis_terms(u)[1]

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray:
        """Analytic Hessian in ``(beta_w, log sigma_w)`` by Louis' identity:
        ``Var[S_c | y] - E[I_c | y]`` (the truncation's part in one pass:
        :meth:`~._truncation.TruncationRegion.hessian`)."""
        u = self._as_loglike_sees(u)
        info, score_cov = self._sampled_louis_terms(u)
        if self._truncation is None:
            return score_cov - info
        return score_cov - info + self._truncation.hessian(u[:-1], float(np.exp(u[-1])))

    def _as_loglike_sees(self, u: FloatArray) -> FloatArray:
        """``u`` through ``from_unconstrained`` and back, as :meth:`loglike` of
        ``from_unconstrained(u)`` sees it: the same bits, so that a Newton step's llf,
        score and Hessian share the truncation region's standardised bounds."""
        return self.to_unconstrained(self.from_unconstrained(u))

    def score_unconstrained(self, u: FloatArray) -> FloatArray:
        r"""The score of the llf (case-weighted) in ``(beta_w, log sigma_w)``, from the
        E-step's statistics (Fisher's identity).

        Notes
        -----
        The expected complete-data score at the E-step's own parameters:
        :math:`X_w'E[y^*_w - X_w\beta_w] / \sigma_w^2` and
        :math:`E[\sum z^2] - N`, :math:`N` the total case weight plus the expected
        number of unsampled draws of a truncated model.
        """
        u = self._as_loglike_sees(u)
        stats, _ = self._e_step_working(u[:-1], float(np.exp(u[-1])), gram=False)
        sigma2_w = float(np.exp(2.0 * u[-1]))
        return np.append(stats.x_resid / sigma2_w, stats.sum_sq / sigma2_w
                         - (self._least_squares.nobs + stats.extra_count))

    def newton_handoff(self) -> float | None:
        """Newton's method finishes EM from :data:`TRUNCATION_HANDOFF` when the sample is
        truncated (EM's rate is then the share of the population never sampled, close to
        one under heavy truncation; :class:`~emstats.protocol.NewtonFinish`); None
        otherwise (censoring alone: EM is fast)."""
        return TRUNCATION_HANDOFF if self.truncated else None

    # -- replicates ---------------------------------------------------------------------
    def resample(self, rows: IntArray) -> CensoredNormalModel:
        """The model on observations ``rows`` (repeats allowed): a bootstrap replicate."""
        rows = np.asarray(rows)
        return CensoredNormalModel(self.lower[rows], self.exog[rows],
                                   lower=self.lower[rows], upper=self.upper[rows],
                                   trunc_lower=self.trunc_lower[rows],
                                   trunc_upper=self.trunc_upper[rows],
                                   **weight_keywords(self.case_weights, rows))

    def censoring_points(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Where a new latent outcome would be censored: ``(below, above, exact_inside)``.

        A draw at or below ``below`` is left-censored there, one at or above
        ``above`` right-censored; one in between is observed exactly where
        ``exact_inside``, else as the interval ``(below, above)``. Here the observed
        bounds are taken as fixed per observation; :class:`Tobit` uses its limits.
        """
        exact = self.lower == self.upper
        below = np.where(exact, -np.inf, self.lower)
        above = np.where(exact, np.inf, self.upper)
        return below, above, exact

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> CensoredNormalModel:
        """The model on latent outcomes drawn at ``params`` (see :meth:`censoring_points`)."""
        params = np.asarray(params, dtype=float)
        ystar = self._latent_draws(params, rng)
        below, above, exact_inside = self.censoring_points()
        at_below, at_above = ystar <= below, ystar >= above
        inside_lo = np.where(exact_inside, ystar, below)
        inside_hi = np.where(exact_inside, ystar, above)
        lower = np.where(at_below, -np.inf, np.where(at_above, above, inside_lo))
        upper = np.where(at_below, below, np.where(at_above, np.inf, inside_hi))
        return CensoredNormalModel(lower, self.exog, lower=lower, upper=upper,
                                   **self._truncation_keywords(),
                                   **weight_keywords(self.case_weights))

    def _latent_draws(self, params: FloatArray, rng: np.random.Generator) -> FloatArray:
        """Latent outcomes at ``params``, each drawn inside its truncation region."""
        mean, sigma = self.exog @ params[:-1], float(params[-1])
        if not self.truncated:
            return np.asarray(mean + sigma * rng.standard_normal(mean.size))
        return np.asarray(stats.truncnorm.rvs((self.trunc_lower - mean) / sigma,
                                              (self.trunc_upper - mean) / sigma, loc=mean,
                                              scale=sigma, random_state=rng))

    def _truncation_keywords(self) -> dict[str, FloatArray]:
        return {"trunc_lower": self.trunc_lower, "trunc_upper": self.trunc_upper}

    def with_outcome_of(self, other: CensoredNormalModel) -> CensoredNormalModel:
        """These regressors on the bounds of ``other`` (same observations)."""
        lower = np.asarray(other.lower, dtype=float)
        upper = np.asarray(other.upper, dtype=float)
        if lower.shape != self.lower.shape:
            raise ValueError(
                f"other has {lower.size} observations, this model {self.lower.size}")
        return CensoredNormalModel(lower, self.exog, lower=lower, upper=upper,
                                   **self._truncation_keywords(),
                                   **weight_keywords(self.case_weights))

    def observed_data(self) -> dict[str, Any]:
        """The bounds of the latent outcome (and the case weights, if any)."""
        return {"lower": self.lower, "upper": self.upper, **self._truncation_keywords(),
                **weight_keywords(self.case_weights)}

    def null_model(self) -> CensoredNormalModel:
        """The intercept-only model on the same bounds."""
        return CensoredNormalModel(self.endog, np.ones((self.n_units, 1)),
                                   lower=self.lower, upper=self.upper,
                                   **self._truncation_keywords(),
                                   **weight_keywords(self.case_weights))

    def default_limits(self) -> tuple[FloatArray | float, FloatArray | float]:
        """Censoring limits used by ``predict`` when none are given."""
        return -np.inf, np.inf

    def coefficients_and_scale(self, params: FloatArray) -> tuple[FloatArray, float]:
        """The coefficients and the scale of the outcome's prediction (``sigma``)."""
        params = np.asarray(params, dtype=float)
        return params[:-1], float(params[-1])

    def predict(self, params: FloatArray, exog: FloatArray | None = None,
                which: Prediction = "linear", lower: Any = None, upper: Any = None
                ) -> FloatArray:
        """Predictions; see :meth:`CensoredNormalResults.predict`."""
        exog = self.exog if exog is None else np.asarray(exog, dtype=float)
        lo, hi = self._limits(exog, lower, upper)
        beta, sigma = self.coefficients_and_scale(params)
        return predict_from_mean(exog @ beta, sigma, lo, hi, which)

    def _limits(self, exog: FloatArray, lower: Any, upper: Any
                ) -> tuple[FloatArray, FloatArray]:
        new = exog is not self.exog
        out = []
        for given, default, name in zip((lower, upper), self.default_limits(),
                                        ("lower", "upper"), strict=True):
            value = default if given is None else given
            if given is None and new and np.ndim(default) > 0:
                raise ValueError(
                    f"the model has per-observation limits; pass {name}= for new exog"
                )
            arr = np.broadcast_to(np.asarray(value, dtype=float), (exog.shape[0],))
            fill = -np.inf if name == "lower" else np.inf
            out.append(np.where(np.isnan(arr), fill, arr))
        return out[0], out[1]


CensoredNormalModel._results_class = CensoredNormalResults


class LimitedRegression(CensoredNormalModel):
    """A regression of one outcome with limits (``left=``, ``right=``: numbers, one per
    row, or None): what :class:`Tobit` and
    :class:`~emstats.models.truncated.TruncatedRegression` share (the outcome's checks
    and ``missing=``, the limits as column names in formulas, the limits as the default
    bounds of ``predict``)."""

    reports_limits: ClassVar[bool] = True
    left: FloatArray
    right: FloatArray

    @staticmethod
    def _outcome_rows(endog: Any, exog: Any, missing: str, **row_inputs: Any
                      ) -> tuple[Any, Any, FloatArray, dict[str, Any], pd.Index]:
        """``missing=`` applied to the outcome, the regressors and ``row_inputs`` (the
        limits, the weights); the outcome checked finite and not empty."""
        y = numeric_outcome(endog).reshape(-1)
        same_rows(y.size, len(exog))
        endog, exog, per_row, dropped = complete_rows(missing, endog, exog, np.isnan(y),
                                                      row_inputs)
        y = numeric_outcome(endog).reshape(-1)
        name = endog.name if isinstance(endog, pd.Series) else "endog"
        nonempty(y.size, f"the outcome {str(name)!r} is NaN in every row" if len(dropped)
                 else "")
        if not np.all(np.isfinite(y)):
            raise ValueError(
                f"endog has {int((~np.isfinite(y)).sum())} NaN or infinite values; drop "
                "those rows (the formula interface drops rows with a missing outcome)"
            )
        return endog, exog, y, per_row, dropped

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> CensoredNormalModel:
        kwargs = resolve_row_keywords(kwargs, data, rows, ("left", "right", *WEIGHT_KEYWORDS))
        return cls(endog.iloc[:, 0], exog, **kwargs)

    def default_limits(self) -> tuple[FloatArray | float, FloatArray | float]:
        """The limits (scalars when they do not vary): the default bounds of
        ``predict``."""
        left, right = (float(v[0]) if np.all(v == v[0]) else v
                       for v in (self.left, self.right))
        return left, right


class Tobit(LimitedRegression):
    """Tobit (censored normal) regression with left, right or two-limit censoring.

    Parameters
    ----------
    endog : array_like
        Observed outcome. Values at or below ``left`` are left-censored, values
        at or above ``right`` right-censored.
    exog : array_like
        Regressors, including a constant if wanted.
    left, right : float, array_like or None
        Censoring limits: a number, per-observation values, or None for no
        limit (NaN in an array means no limit for that observation). In
        :meth:`from_formula` a limit may also be a column name.
    freq_weights : array_like, optional
        Frequency weights (Stata ``fweight``, statsmodels GLM's ``freq_weights``): row
        ``i`` stands for ``w_i`` identical observations (positive whole numbers); the fit
        equals the fit on the replicated rows. In :meth:`from_formula` also a column name.
    sampling_weights : array_like, optional
        Sampling weights (Stata ``pweight``): the fit maximises the weighted
        pseudo-likelihood, the default covariance is the robust sandwich with the
        design-based middle, and ``"oim"``, ``"opg"``, ``"louis"``, ``"sem"`` are refused
        (see :mod:`emstats.weights`). In :meth:`from_formula` also a column name.
    missing : {"none", "drop", "raise"}
        Rows with a missing outcome, regressor or weight: passed to the checks (which
        name them), left out (their labels in ``dropped_rows``), or an error; as in
        statsmodels. Formulas default to ``"drop"``.

    Examples
    --------
    >>> import emstats as em
    >>> mroz = em.datasets.load_mroz()
    >>> res = em.tobit("hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6",
    ...                mroz, left=0).fit()
    >>> round(res.llf, 4)
    -3819.0946
    """

    model_name: ClassVar[str] = "Tobit"

    def __init__(self, endog: Any, exog: Any, left: Any = 0.0, right: Any = None, *,
                 freq_weights: Any = None, sampling_weights: Any = None,
                 missing: str = "none") -> None:
        endog, exog, y, per_row, dropped = self._outcome_rows(
            endog, exog, missing, left=left, right=right, freq_weights=freq_weights,
            sampling_weights=sampling_weights)
        left, right = per_row["left"], per_row["right"]
        n = y.size
        lo, hi = limit_array(left, n, -np.inf, "left"), limit_array(right, n, np.inf, "right")
        if np.any(lo >= hi):
            first = int(np.flatnonzero(lo >= hi)[0])
            raise ValueError(
                f"the left limit is not below the right limit in {int((lo >= hi).sum())} "
                f"observation(s) (first: position {first}, left={lo[first]}, right={hi[first]})"
            )
        self.left, self.right = lo, hi
        at_left, at_right = y <= lo, y >= hi
        if not np.any(~at_left & ~at_right):
            raise ValueError(f"all {n} observations are censored; the Tobit is not identified")
        lower = np.where(at_left, -np.inf, np.where(at_right, hi, y))
        upper = np.where(at_left, lo, np.where(at_right, np.inf, y))
        super().__init__(endog, exog, lower=lower, upper=upper,
                         freq_weights=per_row["freq_weights"],
                         sampling_weights=per_row["sampling_weights"])
        self.dropped_rows = dropped

    def censoring_points(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The Tobit's limits; a draw between them is observed exactly."""
        return self.left, self.right, np.ones(self.left.shape, dtype=bool)

class IntervalRegression(CensoredNormalModel):
    """Interval regression (Stata ``intreg``): the outcome is known to lie in ``[lower, upper]``.

    Parameters
    ----------
    endog : array_like, n x 2
        Columns ``lower`` and ``upper``. ``lower == upper``: exact; ``lower``
        NaN or ``-inf``: left-censored at ``upper``; ``upper`` NaN or ``inf``:
        right-censored at ``lower``; otherwise an interval. Rows with both
        missing carry no information and are rejected (the formula interface
        drops them, as Stata does).
    exog : array_like
        Regressors, including a constant if wanted.
    freq_weights : array_like, optional
        Frequency weights (Stata ``fweight``, statsmodels GLM's ``freq_weights``): row
        ``i`` stands for ``w_i`` identical observations (positive whole numbers); the fit
        equals the fit on the replicated rows. In :meth:`from_formula` also a column name.
    sampling_weights : array_like, optional
        Sampling weights (Stata ``pweight``): the fit maximises the weighted
        pseudo-likelihood, the default covariance is the robust sandwich with the
        design-based middle, and ``"oim"``, ``"opg"``, ``"louis"``, ``"sem"`` are refused
        (see :mod:`emstats.weights`). In :meth:`from_formula` also a column name.
    missing : {"none", "drop", "raise"}
        Rows with a missing outcome, regressor or weight: passed to the checks (which
        name them), left out (their labels in ``dropped_rows``), or an error; as in
        statsmodels. Formulas default to ``"drop"``.
    """

    model_name: ClassVar[str] = "Interval regression"
    _n_endog_columns: ClassVar[int] = 2

    def __init__(self, endog: Any, exog: Any, *, freq_weights: Any = None,
                 sampling_weights: Any = None, missing: str = "none") -> None:
        bounds = numeric_outcome(endog, "endog (the bounds)")
        if bounds.ndim != 2 or bounds.shape[1] != 2:
            raise ValueError(f"endog must have two columns (lower, upper), got {bounds.shape}")
        same_rows(len(bounds), len(exog))
        endog, exog, per_row, dropped = complete_rows(
            missing, endog, exog, np.asarray(np.isnan(bounds).all(axis=1), dtype=bool),
            {"freq_weights": freq_weights, "sampling_weights": sampling_weights})
        bounds = numeric_outcome(endog, "endog (the bounds)")
        nonempty(len(bounds), "both bounds are NaN in every row" if len(dropped) else "")
        lower = np.where(np.isnan(bounds[:, 0]), -np.inf, bounds[:, 0])
        upper = np.where(np.isnan(bounds[:, 1]), np.inf, bounds[:, 1])
        super().__init__(endog, exog, lower=lower, upper=upper, **per_row)
        self.dropped_rows = dropped

    @property
    def endog_names(self) -> str:
        """``"lower, upper"``: both bound names in one label."""
        names = self.data.ynames
        return ", ".join(map(str, names)) if isinstance(names, list) else str(names)

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> IntervalRegression:
        return cls(endog, exog, **resolve_row_keywords(kwargs, data, rows, WEIGHT_KEYWORDS))
