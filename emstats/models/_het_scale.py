r"""A heteroskedastic scale for the censored-normal family: :math:`\log\sigma_i = z_i'\gamma`.

The latent outcome is :math:`y_i^* = x_i'\beta + \sigma_i\varepsilon_i`,
:math:`\varepsilon_i \sim N(0, 1)`, with :math:`\log\sigma_i = z_i'\gamma` (Stata
``intreg ..., het(z)``; R ``crch(y ~ x | z)``), observed exactly, censored, in an interval
or truncated as in the homoskedastic family (:mod:`.censored`, :mod:`._truncation`).
:class:`HeteroskedasticScale` is the family's maths with a scale per row; it is mixed into
the family's classes (:mod:`.heteroskedastic`), so the scale model combines with every way
the outcome can be observed.

Notes
-----
With :math:`e_i = y_i^* - x_i'\beta_0` at the E-step's :math:`(\beta_0, \gamma_0)`, the
E-step returns per row the expected number of draws :math:`c_i` (1, plus the expected
number of unsampled draws of a truncated row), and the expected sums over those draws of
:math:`e` and :math:`e^2`, :math:`E_{1i}` and :math:`E_{2i}`. The expected complete-data
log-likelihood is then, with :math:`d_i = x_i'(\beta - \beta_0)` and
:math:`\eta_i = z_i'\gamma`,

.. math::

    Q(\beta, \gamma) = \sum_i w_i\left[-c_i\eta_i
        - \tfrac12 \left(E_{2i} - 2 d_i E_{1i} + c_i d_i^2\right) e^{-2\eta_i}\right].

It has no closed-form maximiser, so the M-step is ECM (Meng and Rubin 1993): a weighted
least-squares step in :math:`\beta` at :math:`\gamma_0` (exact: :math:`Q` is quadratic in
:math:`\beta`), then :math:`\gamma` at the new :math:`\beta` by Newton's method with step
halving on the concave :math:`Q(\beta_1, \cdot)` (:func:`scale_newton`). Each conditional
step raises :math:`Q`, so EM stays monotone.

The observed score is the expected complete-data score (Fisher's identity), per row
:math:`(x_i E_{1i}/\sigma_i^2,\; z_i(E_{2i}/\sigma_i^2 - c_i))`, and Louis' pieces are
those of the homoskedastic family with the scale coordinate's column of ones replaced
by :math:`z_i` (:meth:`HeteroskedasticScale._louis_terms`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from .._checks import finite_exog, full_rank_exog, numeric_exog
from .._formula import one_sided_design
from .._linalg import weighted_gram
from .._memo import LastCall, parameter_key
from .._rows import complete_rows
from ..params import ParamSpec, shared_block
from ..typing import FloatArray, IntArray, RowBlock
from ..weights import weight_keywords
from ._censored_results import Prediction, predict_from_mean
from ._normal_regression import CoefficientChart, WorkingRegression
from ._row_bounds import RowBounds, StandardisedRows
from ._truncation import outside_moments, outside_score_weights
from ._truncnorm import TruncatedStandardNormal
from .censored import CensoredNormalModel

SCALE_EQUATION = "lnsigma"
"""The name of the scale equation, as Stata's ``het()`` labels it."""

#: EM's tolerance where Newton's method takes over: 1, i.e. after the first EM step
#: (an ECM step costs about as much as a Newton step, and gains less). Measured on
#: benchmarks/het_tobit_large.py: 1.5 s against 1.7 s for 1e-1 and 2.1 s for 1e-2; on
#: 30 Tobit, 95%-censored and truncated samples of 20,000 rows, no fallback to EM and
#: the same optima (one truncated sample, whose llf rises without bound, stops at
#: maxiter for all three).
SCALE_HANDOFF = 1.0


@dataclass(frozen=True)
class _RowsAt:
    """Some rows at one parameter: their standardised draws, scales and truncation
    region (:meth:`HeteroskedasticScale._rows_at`)."""

    draws: StandardisedRows
    sigma: FloatArray
    region: TruncatedStandardNormal | None


@dataclass(frozen=True)
class ScaleStats:
    """The E-step's expected statistics of each row (working units; module Notes).

    A block's statistics are its rows' values; those of consecutive blocks join (``+``)
    into those of their union, so the E-step runs in chunks (their memory is ``O(n)``:
    the scale's M-step needs every row's moments).

    Attributes
    ----------
    count : ndarray
        Expected number of draws of each row, ``c_i``.
    first, second : ndarray
        Expected sums of ``e`` and ``e^2`` over them, ``E_1i`` and ``E_2i``.
    """

    count: FloatArray
    first: FloatArray
    second: FloatArray

    def __add__(self, other: ScaleStats) -> ScaleStats:
        return ScaleStats(*(np.concatenate([a, b]) for a, b in
                            zip((self.count, self.first, self.second),
                                (other.count, other.first, other.second), strict=True)))


def scale_newton(z: FloatArray, offset: FloatArray | float, weight: FloatArray,
                 count: FloatArray, ssq: FloatArray, gamma: FloatArray, *,
                 tol: float = 1e-12, max_iter: int = 100) -> FloatArray:
    r"""Maximise :math:`f(\gamma) = \sum_i w_i[-c_i\eta_i - \tfrac12 S_i e^{-2\eta_i}]`,
    :math:`\eta = Z\gamma + \text{offset}`, by Newton's method from ``gamma``.

    :math:`f` is concave (its Hessian is :math:`-2Z'\operatorname{diag}(wSe^{-2\eta})Z`);
    each step is halved until :math:`f` does not decrease, and the iteration stops when
    the Newton decrement :math:`g'H^{-1}g/2` is below ``tol`` (relative to
    :math:`\sum w c`), so the result never lowers :math:`f`.
    """
    scale = float(weight @ count)

    def objective(g: FloatArray) -> tuple[float, FloatArray]:
        eta = z @ g + offset
        q = weight * ssq * np.exp(np.minimum(-2.0 * eta, 700.0))
        return float(-(weight * count) @ eta - 0.5 * q.sum()), q

    value, q = objective(gamma)
    for _ in range(max_iter):
        grad = (q - weight * count) @ z
        hess = 2.0 * weighted_gram(z, q)
        step: FloatArray
        try:
            step = np.asarray(cho_solve(cho_factor(hess), grad), dtype=float)
        except LinAlgError:
            step = np.asarray(np.linalg.lstsq(hess, grad, rcond=None)[0], dtype=float)
        decrement = float(step @ grad)
        if not decrement > 2.0 * tol * scale:
            break
        t = 1.0
        while t > 1e-10:
            trial = np.asarray(gamma + t * step, dtype=float)
            trial_value, trial_q = objective(trial)
            if trial_value >= value:
                gamma, value, q = trial, trial_value, trial_q
                break
            t *= 0.5
        else:
            break
    return np.asarray(gamma, dtype=float)


def _block_matrix(x: FloatArray, z: FloatArray, xx: FloatArray, xz: FloatArray,
                  zz: FloatArray) -> FloatArray:
    """``[[X' diag(xx) X, X' diag(xz) Z], [., Z' diag(zz) Z]]``."""
    k, m = x.shape[1], z.shape[1]
    out = np.empty((k + m, k + m))
    out[:k, :k] = weighted_gram(x, xx)
    out[:k, k:] = weighted_gram(x, xz, z)
    out[k:, :k] = out[:k, k:].T
    out[k:, k:] = weighted_gram(z, zz)
    return out


def scale_design(exog_scale: Any, n: int) -> tuple[FloatArray, list[str]]:
    """The scale regressors (n x m) and their names, checked finite and of full rank."""
    frame = exog_scale.to_frame() if isinstance(exog_scale, pd.Series) else exog_scale
    z = numeric_exog(frame)
    z = z[:, None] if z.ndim == 1 else z
    if z.shape[0] != n:
        raise ValueError(f"exog_scale has {z.shape[0]} rows, the outcome {n}")
    if z.shape[1] == 0:
        raise ValueError("exog_scale has no columns; without a scale model use the "
                         "homoskedastic class")
    names = ([str(c) for c in frame.columns] if isinstance(frame, pd.DataFrame)
             else [f"z{j + 1}" for j in range(z.shape[1])])
    finite_exog(z, names)
    full_rank_exog(z, names)
    return z, names


class HeteroskedasticScale(CensoredNormalModel):
    """The censored-normal family with :math:`\\log\\sigma_i = z_i'\\gamma` (module
    docstring), mixed into each class of the family before it.

    Parameters are the coefficients, then the scale equation's
    ``lnsigma[<z name>]``; the working chart is that of the coefficients and the
    coefficients of the orthonormal working scale regressors.
    """

    exog_scale: FloatArray
    scale_names: list[str]
    scale_formula: str | None = None
    _scale_equation_class: ClassVar[Callable[..., CensoredNormalModel]]
    """The class of the replicates (bounds given per row)."""

    # -- set-up ---------------------------------------------------------------------------
    @staticmethod
    def _scale_rows(missing: str, endog: Any, exog: Any, exog_scale: Any,
                    **row_inputs: Any) -> tuple[Any, Any, dict[str, Any], pd.Index]:
        """``missing=`` applied to the scale regressors (and to what rows they carry)."""
        if exog_scale is None:
            raise ValueError("exog_scale is required: the regressors of log sigma")
        n = len(exog)
        return complete_rows(missing, endog, exog, np.zeros(n, dtype=bool),
                             {"exog_scale": exog_scale, **row_inputs}, checked=("exog_scale",))

    def _init_scale(self, exog_scale: Any, dropped: pd.Index) -> None:
        """Set up the scale equation (after the family's ``__init__``)."""
        n = self.n_units
        z, names = scale_design(exog_scale, n)
        self.exog_scale, self.scale_names = z, names
        self.dropped_rows = dropped.append(getattr(self, "dropped_rows", dropped[:0]))
        k, m = self.k_exog, z.shape[1]
        working = WorkingRegression.prepare(z, names, [np.arange(n)],
                                            np.array([np.log(self._scale.y_scale)]),
                                            self._weight)
        self._z_scale = working.scale
        self._zw = working.designs[0]
        self._eta_offset = working.scale.y_center - np.log(self._scale.y_scale)
        self._bounds = RowBounds.of(self.lower, self.upper, self._scale)
        self._last_rows: LastCall[_RowsAt] = LastCall()
        self._gamma_chart = CoefficientChart(self._z_scale)
        self.param_spec = ParamSpec([
            shared_block("beta", np.arange(k), self.exog_names, chart=self._beta_chart),
            shared_block(SCALE_EQUATION, np.arange(m),
                         [f"{SCALE_EQUATION}[{name}]" for name in names],
                         chart=self._gamma_chart),
        ])
        self.data.param_names = self.param_spec.names
        self.df_model = float(k - self.k_constant)
        self.df_resid = self.nobs - self.k_params
        enough = k + m
        if n < enough:
            raise ValueError(f"{n} observations cannot identify {k} coefficients and {m} "
                             "scale coefficients")

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> CensoredNormalModel:
        """The family's model of a formula, ``exog_scale`` a one-sided formula
        (``"~ z1 + z2"``, with patsy's intercept) on the same rows, or an array."""
        formula = kwargs.get("exog_scale")
        kwargs["exog_scale"] = scale_keyword(formula, data, rows)
        model = super()._from_design(endog, exog, data, rows, **kwargs)
        assert isinstance(model, HeteroskedasticScale)
        model.scale_formula = formula if isinstance(formula, str) else None
        return model

    def scale_design_info(self) -> Any:
        """patsy's ``DesignInfo`` of the scale formula (evaluated again after unpickling)."""
        info = vars(self).get("_scale_info")
        if info is None:
            if self.scale_formula is None:
                raise ValueError("the scale regressors were not given by a formula; pass "
                                 "exog_scale= as an array")
            frame = self.data.frame.loc[self.data.row_labels]
            info = scale_keyword(self.scale_formula, frame, frame.index).design_info
            self._scale_info = info
        return info

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.pop("_scale_info", None)
        return state

    @property
    def k_scale(self) -> int:
        """Number of scale coefficients."""
        return int(self.exog_scale.shape[1])

    # -- parametrisations -----------------------------------------------------------------
    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """``(beta_w, gamma_w)``: the coefficients of the working regressors of the mean
        and of ``log sigma_w``."""
        params = np.asarray(params, dtype=float)
        k = self.k_exog
        return np.concatenate([self._beta_chart.to_u(params[:k]),
                               self._gamma_chart.to_u(params[k:])])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        k = self.k_exog
        return np.concatenate([self._beta_chart.from_u(u[:k], (k,)),
                               self._gamma_chart.from_u(u[k:], (self.k_scale,))])

    def jacobian_from_unconstrained(self, u: FloatArray) -> FloatArray:
        """``d (beta, gamma) / d (beta_w, gamma_w)`` (block diagonal, constant)."""
        k = self.k_exog
        jac = np.zeros((self.k_params, self.k_params))
        jac[:k, :k] = self._scale.y_scale * self._scale.transform
        jac[k:, k:] = self._z_scale.transform
        return jac

    def _split(self, params: FloatArray) -> tuple[FloatArray, FloatArray]:
        u = self.to_unconstrained(params)
        return u[:self.k_exog], u[self.k_exog:]

    def newton_handoff(self) -> float | None:
        """Always :data:`SCALE_HANDOFF`: EM's rate with a scale model is slow
        (:class:`~emstats.protocol.NewtonFinish`)."""
        return SCALE_HANDOFF

    @property
    def start_params(self) -> FloatArray:
        """The homoskedastic start (least squares on a point inside each observation's
        bounds), with a constant ``log sigma``."""
        beta_w, sigma_w = self._start_working()
        log_sigma_w = np.full(self.n_units, np.log(sigma_w))
        gamma_w = np.linalg.lstsq(self._zw, log_sigma_w - self._eta_offset, rcond=None)[0]
        return self.from_unconstrained(np.concatenate([beta_w, gamma_w]))

    # -- the maths ------------------------------------------------------------------------
    def _rows_at(self, beta_w: FloatArray, gamma_w: FloatArray, rows: slice) -> _RowsAt:
        r"""The rows ``rows`` at ``(beta_w, gamma_w)``: their standardised sampled draws
        :math:`t = (y^* - x'\beta)/\sigma_i` (each row's llf without the truncation
        term), :math:`\sigma_i` (working units) and the standardised truncation region
        (None without truncation). The last is kept (:class:`~emstats._memo.LastCall`):
        a Newton step's llf, score and Hessian are at one point."""
        start, stop, _ = rows.indices(self.n_units)
        return self._last_rows.get(parameter_key(beta_w, gamma_w, [start, stop]),
                                   lambda: self._compute_rows_at(beta_w, gamma_w, start, stop))

    def _compute_rows_at(self, beta_w: FloatArray, gamma_w: FloatArray, start: int,
                         stop: int) -> _RowsAt:
        rows = slice(start, stop)
        mu = self._xw[rows] @ beta_w
        sigma = np.exp(self._zw[rows] @ gamma_w + self._eta_offset)
        region = None
        if self._truncation is not None:
            limits = self._truncation.rows(start, stop)
            region = TruncatedStandardNormal.of_regression(
                mu, sigma, limits.lower, limits.upper, lower_open=limits.lower_open,
                upper_open=limits.upper_open)
        return _RowsAt(self._bounds.standardised(mu, sigma, rows), sigma, region)

    def _e_step_rows(self, params: FloatArray, rows: slice) -> tuple[ScaleStats, float]:
        at = self._rows_at(*self._split(params), rows)
        (_, m1, m2), sigma, llf, region = at.draws.moments(2), at.sigma, at.draws.llf, at.region
        count = np.ones_like(m1)
        first, second = sigma * m1, sigma**2 * m2
        if region is not None:
            missing = np.expm1(-region.log_prob)
            boundary = region.raw_moments(2)[2] - 1.0
            count = count + missing
            first = first - sigma * region.mean
            second = second + sigma**2 * (missing - boundary)
            llf = llf - region.log_prob
        return ScaleStats(count, first, second), float(self._weight[rows] @ llf)

    def e_step(self, params: FloatArray) -> tuple[ScaleStats, float]:  # type: ignore[override]
        """Each row's expected number of draws and sums of ``e`` and ``e^2`` (module
        Notes), and the observed llf."""
        return self._e_step_rows(params, slice(0, self.n_units))

    def e_step_block(  # type: ignore[override]  # per-row statistics, not the sums'
            self, params: FloatArray, block: RowBlock) -> tuple[ScaleStats, float]:
        """:meth:`e_step` of the rows ``block`` (a slice of consecutive rows)."""
        start, stop, step = block.indices(self.n_units)
        if step != 1:
            raise ValueError(f"a block is a slice of consecutive rows, got step {step}")
        return self._e_step_rows(params, slice(start, stop))

    def m_step(self, stats: ScaleStats, params: FloatArray  # type: ignore[override]
               ) -> FloatArray:
        """ECM: weighted least squares for the coefficients at the E-step's scale, then
        the scale coefficients by Newton's method at the new coefficients (module Notes)."""
        beta_w, gamma_w = self._split(params)
        x, z, w = self._xw, self._zw, self._weight
        v = w * np.exp(-2.0 * (z @ gamma_w + self._eta_offset))
        gram = weighted_gram(x, v * stats.count)
        delta = np.linalg.solve(gram, (v * stats.first) @ x)
        d = x @ delta
        ssq = np.maximum(stats.second - 2.0 * d * stats.first + stats.count * d * d, 0.0)
        gamma_new = scale_newton(z, self._eta_offset, w, stats.count, ssq, gamma_w)
        return self.from_unconstrained(np.concatenate([beta_w + delta, gamma_new]))

    def _llf_rows(self, params: FloatArray) -> FloatArray:
        at = self._rows_at(*self._split(params), slice(0, self.n_units))
        return at.draws.llf if at.region is None else at.draws.llf - at.region.log_prob

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood."""
        return float(self._weight @ self._llf_rows(params))

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-observation log-likelihood contributions (unweighted), in data order."""
        return self._llf_rows(params)

    def _score_weights(self, u: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Each row's score in ``beta_w`` over its regressors and in ``gamma_w`` over its
        scale regressors (Fisher's identity): ``E_1i / sigma_i^2`` and
        ``E_2i / sigma_i^2 - c_i``."""
        stats, _ = self.e_step(self.from_unconstrained(u))
        sigma2 = np.exp(2.0 * (self._zw @ u[self.k_exog:] + self._eta_offset))
        return stats.first / sigma2, stats.second / sigma2 - stats.count

    def score_obs_unconstrained(self, u: FloatArray) -> FloatArray:
        """Per-observation scores in ``(beta_w, gamma_w)`` (Fisher's identity), unweighted."""
        mean, scale = self._score_weights(u)
        return np.column_stack([self._xw * mean[:, None], self._zw * scale[:, None]])

    def score_unconstrained(self, u: FloatArray) -> FloatArray:
        """The score of the llf (case-weighted) in ``(beta_w, gamma_w)``."""
        mean, scale = self._score_weights(u)
        w = self._weight
        return np.concatenate([(w * mean) @ self._xw, (w * scale) @ self._zw])

    def _louis_weights(self, u: FloatArray) -> tuple[tuple[FloatArray, ...],
                                                      tuple[FloatArray, ...]]:
        """The rows' weights of ``E[I_c | y]`` and ``Var[S_c | y]`` in ``(beta_w, gamma_w)``
        (unweighted by the case weights): the ``xx``, ``xz`` and ``zz`` blocks of each.

        Per row, with ``t`` the standardised draw: the complete information has the
        weights ``c/sigma^2``, ``2 E_1/sigma^2`` (the cross block), ``2 E_2/sigma^2``; the
        score variance ``Var t/sigma^2``, ``Cov(t, t^2)/sigma``, ``Var t^2`` of the
        sampled draw, plus the unsampled draws' terms (as in
        :meth:`~._truncation.TruncationRegion.score_covariance`, per row).
        """
        u = self._as_loglike_sees(u)
        at = self._rows_at(u[:self.k_exog], u[self.k_exog:], slice(0, self.n_units))
        (_, m1, m2, m3, m4), sigma, region = at.draws.moments(4), at.sigma, at.region
        count, first, second = np.ones_like(m1), sigma * m1, sigma**2 * m2
        cov_xx, cov_xz, cov_zz = (m2 - m1**2) / sigma**2, (m3 - m1 * m2) / sigma, m4 - m2**2
        if region is not None:
            a = outside_moments(region)
            extra_xx, extra_xz, extra_zz = outside_score_weights(a)
            count = count + a[0]
            first = first + sigma * a[1]
            second = second + sigma**2 * a[2]
            cov_xx = cov_xx + extra_xx / sigma**2
            cov_xz = cov_xz + extra_xz / sigma
            cov_zz = cov_zz + extra_zz
        s2 = sigma**2
        return ((count / s2, 2.0 * first / s2, 2.0 * second / s2), (cov_xx, cov_xz, cov_zz))

    def _louis_terms(self, u: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``E[I_c | y]`` and ``Var[S_c | y]`` in ``(beta_w, gamma_w)``
        (:meth:`_louis_weights`)."""
        info, score_cov = self._louis_weights(u)
        w = self._weight
        return (_block_matrix(self._xw, self._zw, *(w * v for v in info)),
                _block_matrix(self._xw, self._zw, *(w * v for v in score_cov)))

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray:
        """Analytic Hessian in ``(beta_w, gamma_w)`` by Louis' identity,
        ``Var[S_c | y] - E[I_c | y]``, formed from the rows' differences in one pass."""
        info, score_cov = self._louis_weights(u)
        w = self._weight
        return _block_matrix(self._xw, self._zw,
                             *(w * (c - i) for c, i in zip(score_cov, info, strict=True)))

    def coefficients_and_scale(self, params: FloatArray) -> tuple[FloatArray, float]:
        """Not one scale: see :meth:`sigma`."""
        raise TypeError("the scale varies by row: use model.sigma(params, exog_scale)")

    # -- predictions ----------------------------------------------------------------------
    def sigma(self, params: FloatArray, exog_scale: Any = None) -> FloatArray:
        """:math:`\\sigma_i = \\exp(z_i'\\gamma)` at ``params`` (the estimation sample's
        rows, or those of ``exog_scale``)."""
        z = self.exog_scale if exog_scale is None else _as_matrix(exog_scale, self.k_scale,
                                                                   self.scale_names)
        return np.asarray(np.exp(z @ np.asarray(params, dtype=float)[self.k_exog:]))

    def predict(self, params: FloatArray, exog: FloatArray | None = None,
                which: Prediction = "linear", lower: Any = None, upper: Any = None,
                exog_scale: Any = None) -> FloatArray:
        """Predictions with each row's scale; see :meth:`CensoredNormalResults.predict`."""
        params = np.asarray(params, dtype=float)
        exog = self.exog if exog is None else np.asarray(exog, dtype=float)
        if exog_scale is None and exog is not self.exog and which not in ("linear", "latent"):
            raise ValueError("the scale varies by row: pass exog_scale= with new exog")
        lo, hi = self._limits(exog, lower, upper)
        mu = exog @ params[:self.k_exog]
        return predict_from_mean(mu, self.sigma(params, exog_scale), lo, hi, which)

    def _latent_draws(self, params: FloatArray, rng: np.random.Generator) -> FloatArray:
        mean, sigma = self.exog @ params[:self.k_exog], self.sigma(params)
        if not self.truncated:
            return np.asarray(mean + sigma * rng.standard_normal(mean.size))
        return np.asarray(stats.truncnorm.rvs((self.trunc_lower - mean) / sigma,
                                              (self.trunc_upper - mean) / sigma, loc=mean,
                                              scale=sigma, random_state=rng))

    # -- replicates and comparisons -------------------------------------------------------
    def _on_bounds(self, lower: FloatArray, upper: FloatArray, rows: IntArray | slice
                   ) -> CensoredNormalModel:
        cls = self._scale_equation_class
        return cls(lower, self.exog[rows], self.exog_scale[rows], lower=lower, upper=upper,
                   trunc_lower=self.trunc_lower[rows], trunc_upper=self.trunc_upper[rows],
                   **weight_keywords(self.case_weights,
                                     None if isinstance(rows, slice) else rows))

    def resample(self, rows: IntArray) -> CensoredNormalModel:
        """The model on observations ``rows`` (repeats allowed): a bootstrap replicate."""
        rows = np.asarray(rows)
        return self._on_bounds(self.lower[rows], self.upper[rows], rows)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> CensoredNormalModel:
        """The model on latent outcomes drawn at ``params``."""
        homoskedastic = super().simulate  # the censoring of the draws, as the family's
        model = homoskedastic(params, rng)
        return self._on_bounds(model.lower, model.upper, slice(None))

    def with_outcome_of(self, other: CensoredNormalModel) -> CensoredNormalModel:
        """These regressors on the bounds of ``other`` (same observations)."""
        if other.lower.shape != self.lower.shape:
            raise ValueError(
                f"other has {other.lower.size} observations, this model {self.lower.size}")
        return self._on_bounds(other.lower, other.upper, slice(None))

    def nests(self, other: Any) -> bool:
        """A heteroskedastic model nests the homoskedastic model of its family with the
        same (or fewer) regressors, when its scale has a constant; and a heteroskedastic
        model with fewer parameters."""
        if isinstance(other, HeteroskedasticScale):
            return set(other.param_names) <= set(self.param_names)
        has_constant = bool(np.any(np.all(self.exog_scale == self.exog_scale[0], axis=0)
                                   & (self.exog_scale[0] != 0)))
        return (isinstance(other, CensoredNormalModel) and has_constant
                and set(other.exog_names) <= set(self.exog_names)
                and other.truncated == self.truncated)


def _as_matrix(values: Any, columns: int, names: list[str]) -> FloatArray:
    matrix = np.asarray(values, dtype=float)
    matrix = matrix[None, :] if matrix.ndim == 1 else matrix
    if matrix.ndim != 2 or matrix.shape[1] != columns:
        raise ValueError(f"exog_scale must have {columns} columns ({', '.join(names)}), got "
                         f"shape {matrix.shape}")
    return matrix


def scale_keyword(scale: Any, data: pd.DataFrame, rows: pd.Index) -> Any:
    """``exog_scale`` of a formula model: a one-sided formula's design (with patsy's
    intercept) on the formula's rows, or what was given."""
    return one_sided_design(scale, data.loc[rows], "exog_scale", drop_intercept=False)


__all__ = ["SCALE_EQUATION", "HeteroskedasticScale", "ScaleStats", "scale_newton"]
