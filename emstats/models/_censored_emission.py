r"""The censored-normal (Tobit) regression emission: a Tobit given the class or regime.

Given its state :math:`j`, row :math:`i`'s latent outcome is normal,
:math:`y_i^* \mid j \sim N(x_i'\beta_j, \sigma_j^2)`, and it is observed through the
censoring limits :math:`L_i \le U_i` (either may be infinite): :math:`y_i = y_i^*` between
them, :math:`y_i = L_i` at or below the lower one, :math:`y_i = U_i` at or above the upper
one. The density of a row given the state is the normal density for an exact outcome and
:math:`\Phi((L_i - \mu_{ij})/\sigma_j)` or :math:`1 - \Phi((U_i - \mu_{ij})/\sigma_j)` for
a censored one.

EM treats the latent outcome as missing data alongside the state: the E-step gives, per
row and state, the posterior state probability :math:`w_{ij}` and the first two moments
of :math:`y_i^*` given the row and the state (those of a truncated normal, from the
censored family's kernel :class:`~._truncnorm.TruncatedStandardNormal`); the M-step is
the ECM of the normal-regression emission (weighted least squares of the expected latent
outcomes on the regressors given the variances, then the variances from the expected
squared residuals, each exact), so the likelihood never decreases.

Louis' information: the complete-data score of a censored row has, given the row and the
state, the covariance of ``(z, z^2)`` for the truncated standard normal ``z`` (moments up
to the fourth), which :meth:`CensoredRegressionEmission.score_moments` adds within states.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine.chunks import Additive
from ..params import ParamValues
from ..typing import BoolArray, FloatArray, IntArray
from ._switching_emission import RegressionEmission
from ._truncnorm import TruncatedStandardNormal, log_ndtr_fast
from .latent.emission import EmissionScores
from .latent.expansion import RegimeChain

_LOG_2PI = np.log(2.0 * np.pi)


@dataclass(frozen=True)
class CensoredStateStats(Additive):
    """Per row and state (n x K, zero outside a block's rows): the posterior state
    probabilities, and those times the first moment of the latent outcome and times its
    variance given the row and the state."""

    weights: FloatArray
    weighted_mean: FloatArray
    weighted_variance: FloatArray


class CensoredRegressionEmission(RegressionEmission):
    """Tobit regression given the state, no autoregression (see the module docstring).

    Parameters
    ----------
    endog : ndarray
        The observed outcome (n): at a limit where it is censored.
    exog, exog_names, switching, k, switching_variance
        As :class:`~._switching_emission.RegressionEmission` (``k`` states).
    lower, upper : ndarray
        The censoring limits of each row (``-inf`` / ``inf`` for none).
    """

    def __init__(self, endog: FloatArray, exog: FloatArray, exog_names: Sequence[str],
                 switching: BoolArray, k: int, *, lower: FloatArray, upper: FloatArray,
                 switching_variance: bool) -> None:
        super().__init__(endog, exog, exog_names, switching, RegimeChain(k, 0),
                         switching_ar=False, switching_variance=switching_variance)
        self.lower = np.asarray(lower, dtype=float)
        self.upper = np.asarray(upper, dtype=float)
        self._locate_censoring()

    def _locate_censoring(self) -> None:
        self.left = self.endog <= self.lower
        self.right = self.endog >= self.upper
        self.exact = ~(self.left | self.right)

    def with_endog(self, endog: FloatArray) -> CensoredRegressionEmission:
        """The same emission with another outcome (the same limits)."""
        new = CensoredRegressionEmission.__new__(CensoredRegressionEmission)
        new.__dict__.update(self.__dict__)
        new.endog = np.asarray(endog, dtype=float)
        new.lagged = (new.endog[None, :], self.exog[None])
        new._locate_censoring()
        return new

    @property
    def censoring_counts(self) -> dict[str, int]:
        """Left-censored, uncensored and right-censored rows."""
        return {"left": int(self.left.sum()), "uncensored": int(self.exact.sum()),
                "right": int(self.right.sum())}

    # -- the density ----------------------------------------------------------------------------
    def log_emission(self, coefs: FloatArray, sigma2: FloatArray, ar: FloatArray
                     ) -> FloatArray:
        """``log f(y_i | j)`` (n x K): the normal density, or the censored probability."""
        mean = self.exog @ coefs.T
        sd = np.sqrt(sigma2)
        out = np.empty_like(mean)
        e, lo, hi = self.exact, self.left, self.right
        out[e] = -0.5 * (_LOG_2PI + np.log(sigma2) + (self.endog[e, None] - mean[e]) ** 2
                         / sigma2)
        out[lo] = log_ndtr_fast((self.lower[lo, None] - mean[lo]) / sd)
        out[hi] = log_ndtr_fast((mean[hi] - self.upper[hi, None]) / sd)
        return out

    def _truncated(self, coefs: FloatArray, sigma2: FloatArray, rows: BoolArray | IntArray,
                   side: str) -> tuple[TruncatedStandardNormal, FloatArray, FloatArray]:
        """The standardised latent outcomes of censored rows, their means and sds."""
        mean = self.exog[rows] @ coefs.T
        sd = np.sqrt(sigma2)
        # a left-censored y* lies below its lower limit, a right-censored one above the upper
        limit = (self.lower if side == "left" else self.upper)[rows, None]
        z = TruncatedStandardNormal.of_regression(
            mean, sd, limit, limit, lower_open=side == "left", upper_open=side == "right")
        return z, mean, np.broadcast_to(sd, mean.shape)

    def latent_moments(self, values: ParamValues, rows: slice = slice(None)
                       ) -> tuple[FloatArray, FloatArray]:
        """``E[y_i* | y_i, j]`` and ``Var[y_i* | y_i, j]`` of the rows ``rows`` (len x K)."""
        coefs, sigma2, _ = self._parts(values)
        index = np.arange(self.n_rows)[rows]
        first = np.repeat(self.endog[index, None], self.k, axis=1)
        variance = np.zeros((index.size, self.k))
        for side, censored in (("left", self.left[index]), ("right", self.right[index])):
            if censored.any():
                z, mean, sd = self._truncated(coefs, sigma2, index[censored], side)
                first[censored] = mean + sd * z.mean
                variance[censored] = sd**2 * z.variance
        return first, variance

    def statistics(self, values: ParamValues, weights: FloatArray,  # type: ignore[override]
                   rows: slice) -> CensoredStateStats:
        """The rows' posterior state probabilities and the moments they weight, placed
        among all rows."""
        first, variance = self.latent_moments(values, rows)
        placed = [np.zeros((self.n_rows, self.k)) for _ in range(3)]
        for out, value in zip(placed, (weights, weights * first, weights * variance),
                              strict=True):
            out[rows] = value
        return CensoredStateStats(*placed)

    # -- the M-step (ECM) -----------------------------------------------------------------------
    def m_step(self, stats: CensoredStateStats, values: ParamValues  # type: ignore[override]
               ) -> dict[str, FloatArray]:
        """Coefficients given the variances (least squares on the expected latent
        outcomes), then the variances given the coefficients."""
        _, sigma2_old, ar = self._parts(values)
        weights = stats.weights
        safe = np.where(weights > 0, weights, 1.0)
        first = stats.weighted_mean / safe
        coefs = self._maximise_coefs(weights, ar, sigma2_old, outcome=first)
        squares = (weights * (first - self.exog @ coefs.T) ** 2 + stats.weighted_variance)
        sigma2 = self._pooled_variance(squares, weights)
        return {"coefs": coefs, "sigma2": sigma2[:, None], "ar": ar}

    def expected_loglike(self, values: ParamValues, stats: CensoredStateStats,  # type: ignore[override]
                         at: ParamValues) -> float:
        """``sum_ij w_ij E[log N(y_i*; x_i'beta_j, sigma_j^2) | y_i, j]`` (moments at
        ``at``)."""
        coefs, sigma2, _ = self._parts(values)
        weights = stats.weights
        mean = self.exog @ coefs.T
        squares = (stats.weighted_mean**2 / np.where(weights > 0, weights, 1.0)
                   - 2.0 * stats.weighted_mean * mean + weights * mean**2
                   + stats.weighted_variance)
        return float(-0.5 * np.sum(weights * (_LOG_2PI + np.log(sigma2)) + squares / sigma2))

    def sample(self, values: ParamValues, states: IntArray, rng: np.random.Generator
               ) -> FloatArray:
        """Latent outcomes drawn given the state of every row, censored at the limits."""
        coefs, sigma2, _ = self._parts(values)
        states = np.asarray(states)
        latent = (np.einsum("iq,iq->i", self.exog, coefs[states])
                  + rng.standard_normal(self.n_rows) * np.sqrt(sigma2[states]))
        return np.clip(latent, self.lower, self.upper)

    # -- Louis ----------------------------------------------------------------------------------
    def score_moments(self, values: ParamValues, weights: FloatArray) -> EmissionScores:
        """The conditional mean score (the observed density's score, by Fisher's identity)
        and, within states, the covariance of the complete-data score of censored rows:
        ``d/du_beta = (s/sigma) z x`` and ``d/dlog sigma^2 = (z^2 - 1)/2`` for the
        standardised latent outcome ``z`` (``s`` the working scale of the coefficients)."""
        scores = super().score_moments(values, weights)
        coefs, sigma2, _ = self._parts(values)
        n_coef, var_index = self._n_coefs, self.blocks[1].index[:, 0]
        size = self.n_working
        within = np.zeros((size, size))
        for side, rows in (("left", self.left), ("right", self.right)):
            if not rows.any():
                continue
            z, _, _ = self._truncated(coefs, sigma2, rows, side)
            _, m1, m2, m3, m4 = z.raw_moments(4)
            w = weights[rows]
            for j, scatter in enumerate(self._scatter):
                g = self.exog[rows] @ scatter * (self.y_scale / np.sqrt(sigma2[j]))
                v = n_coef + var_index[j]
                within[:n_coef, :n_coef] += (g * (w[:, j] * (m2[:, j] - m1[:, j] ** 2))
                                             [:, None]).T @ g
                cross = g.T @ (w[:, j] * (m3[:, j] - m1[:, j] * m2[:, j])) / 2.0
                within[:n_coef, v] += cross
                within[v, :n_coef] += cross
                within[v, v] += float(w[:, j] @ (m4[:, j] - m2[:, j] ** 2)) / 4.0
        return EmissionScores(scores.means, within, blockwise=False)


def censoring_limits(left: Any, right: Any, y: FloatArray, what: str
                     ) -> tuple[FloatArray, FloatArray]:
    """The censoring limits per row (``-inf``/``inf`` where none) from ``left=`` and
    ``right=`` (numbers or one per row), checked: an outcome outside its limits is
    refused (a censored outcome is recorded at its limit), and some row must be
    uncensored. ``what`` names the model in messages."""
    n = len(y)
    if left is None and right is None:
        raise ValueError(f"{what} needs a censoring limit: left= and/or right= (a number, "
                         "a column or an array)")
    bounds = []
    for name, value, default in (("left", left, -np.inf), ("right", right, np.inf)):
        limit = np.full(n, default) if value is None else np.asarray(value, dtype=float)
        if limit.ndim > 1 or limit.size not in (1, n):
            raise ValueError(f"{name} must be a number or {n} numbers, one per row")
        limit = np.broadcast_to(limit.reshape(-1), (n,)).astype(float)
        if np.isnan(limit).any():
            raise ValueError(f"{name} has NaN limits; use -inf or inf for no limit")
        bounds.append(limit)
    lower, upper = bounds
    outside = (y < lower) | (y > upper)
    if outside.any():
        raise ValueError(f"{int(outside.sum())} outcome(s) lie outside their censoring "
                         "limits (left <= y <= right): a censored outcome is recorded at "
                         "its limit")
    if not np.any((y > lower) & (y < upper)):
        raise ValueError("every outcome is censored: the regression is not identified")
    return lower, upper


__all__ = ["CensoredRegressionEmission", "CensoredStateStats", "censoring_limits"]
