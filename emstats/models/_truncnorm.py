"""Moments of the standard normal truncated to ``(a, b)``, stable far in the tails.

All ratios ``phi(a) / (Phi(b) - Phi(a))`` are formed in log space, and the
interval probability is computed on the side of zero where it does not
cancel, so nothing overflows or turns into NaN at 40 standard deviations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr, ndtr

from ..typing import FloatArray

LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def log_norm_pdf(z: FloatArray) -> FloatArray:
    """Log density of the standard normal."""
    return -0.5 * z * z - LOG_SQRT_2PI


def log_ndtr_fast(x: FloatArray) -> FloatArray:
    """``log Phi(x)`` as ``log(ndtr(x))``, with scipy's ``log_ndtr`` below -20.

    Above -20, ``ndtr`` is accurate to a few ulps relative, so the log is accurate
    to ~1e-15 absolute, which is what sums of log-likelihoods and the ratios
    ``exp(log phi - log Phi)`` need (for ``x > 6`` the value is ``-Phi(-x)`` to
    1e-16 absolute, not relative). It is about 20% faster than ``log_ndtr``.
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore"):
        out = np.log(ndtr(x))
    far = x < -20.0
    if far.any():
        out[far] = log_ndtr(x[far])
    return out


def _log1mexp(x: FloatArray) -> FloatArray:
    """``log(1 - exp(x))`` for ``x <= 0``, accurate near 0 and for large ``-x``."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    near = x > -np.log(2.0)
    out[near] = np.log(-np.expm1(x[near]))
    out[~near] = np.log1p(-np.exp(x[~near]))
    return out


def log_interval_prob(a: FloatArray, b: FloatArray) -> FloatArray:
    """``log(Phi(b) - Phi(a))`` for ``a < b`` (either may be infinite)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    right = a > 0  # both bounds in the upper tail: use the survival function
    hi = np.where(right, -a, b)
    lo = np.where(right, -b, a)
    log_hi = log_ndtr(hi)
    with np.errstate(divide="ignore"):
        return log_hi + _log1mexp(log_ndtr(lo) - log_hi)


def _finite_or_zero(bound: FloatArray) -> FloatArray:
    """``bound`` with its infinite entries set to 0."""
    if np.all(np.isfinite(bound)):
        return bound
    return np.where(np.isinf(bound), 0.0, bound)


def _times_powers(bound: FloatArray, ratio: FloatArray, top: int) -> list[FloatArray]:
    """``bound**k * ratio`` for ``k = 1 .. top`` by repeated products (``pow`` costs
    several products), an infinite bound (where the ratio is 0) contributing 0."""
    bound = _finite_or_zero(bound)
    out: list[FloatArray] = []
    for _ in range(top):
        out.append((out[-1] if out else ratio) * bound)
    return out


def _times_ratio(power: FloatArray, ratio: FloatArray) -> FloatArray:
    """``power * ratio`` with ``inf * 0 = 0`` (the density vanishes at infinite bounds)."""
    if not np.any(np.isinf(power)):
        return power * ratio
    with np.errstate(invalid="ignore"):
        return np.where(ratio == 0.0, 0.0, power * ratio)


@dataclass(frozen=True)
class TruncatedStandardNormal:
    """The standard normal truncated to ``(a, b)``, element-wise.

    Attributes
    ----------
    a, b : ndarray
        Lower and upper bounds (``-inf`` / ``inf`` allowed).
    log_prob : ndarray
        ``log(Phi(b) - Phi(a))``.
    ratio_a, ratio_b : ndarray
        ``phi(a) / (Phi(b) - Phi(a))`` and ``phi(b) / (Phi(b) - Phi(a))``.
    lower_open, upper_open : bool
        Whether every ``a`` is ``-inf`` (every ``b`` is ``inf``), so that the
        boundary terms of that side vanish and are skipped.
    """

    a: FloatArray
    b: FloatArray
    log_prob: FloatArray
    ratio_a: FloatArray
    ratio_b: FloatArray
    lower_open: bool = False
    upper_open: bool = False

    @classmethod
    def from_bounds(cls, a: FloatArray | float, b: FloatArray | float
                    ) -> TruncatedStandardNormal:
        """Build from bounds ``a < b``; an open side may be the scalar ``-inf`` / ``inf``."""
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        with np.errstate(over="ignore"):
            if np.all(np.isneginf(a)):  # left-censored: one log-cdf, no lower ratio
                log_prob = log_ndtr_fast(b)
                ratio_b = np.exp(log_norm_pdf(b) - log_prob)
                return cls(a, b, log_prob, np.zeros_like(b), ratio_b, lower_open=True)
            if np.all(np.isposinf(b)):  # right-censored
                log_prob = log_ndtr_fast(-a)
                ratio_a = np.exp(log_norm_pdf(a) - log_prob)
                return cls(a, b, log_prob, ratio_a, np.zeros_like(a), upper_open=True)
            log_prob = log_interval_prob(a, b)
            ratio_a = np.exp(log_norm_pdf(a) - log_prob)
            ratio_b = np.exp(log_norm_pdf(b) - log_prob)
        return cls(a, b, log_prob, ratio_a, ratio_b)

    @classmethod
    def of_regression(cls, mean: FloatArray, sigma: FloatArray | float, lower: FloatArray,
                      upper: FloatArray, *, lower_open: bool, upper_open: bool
                      ) -> TruncatedStandardNormal:
        """The standardised latent outcomes ``(y* - mean) / sigma`` of a normal regression
        truncated to ``(lower, upper)``; an open side (every bound infinite) takes the
        one-sided fast path."""
        a = -np.inf if lower_open else (lower - mean) / sigma
        b = np.inf if upper_open else (upper - mean) / sigma
        return cls.from_bounds(a, b)

    def _boundary_terms(self, top: int) -> list[FloatArray | float]:
        """``a**k * r_a - b**k * r_b`` for ``k = 1 .. top``, open sides contributing 0."""
        lower: list[FloatArray | float] = (
            [0.0] * top if self.lower_open else list(_times_powers(self.a, self.ratio_a, top)))
        if self.upper_open:
            return lower
        upper = _times_powers(self.b, self.ratio_b, top)
        return [np.subtract(lo, up) for lo, up in zip(lower, upper, strict=True)]

    def raw_moments(self, order: int) -> list[FloatArray]:
        """``[E z^0, E z^1, ..., E z^order]`` by the recursion
        ``m_k = (k - 1) m_{k-2} + a^{k-1} r_a - b^{k-1} r_b``."""
        moments: list[FloatArray] = [np.ones_like(self.log_prob), self.mean]
        for k, term in enumerate(self._boundary_terms(order - 1), start=2):
            moments.append((k - 1) * moments[k - 2] + term)
        return moments[: order + 1]

    def second_moment_sum(self, weights: FloatArray | None = None) -> float:
        """``sum_i w_i E[z_i^2]``, as ``sum w + sum w a r_a - sum w b r_b`` without
        temporaries (``w = 1`` when ``weights`` is None)."""
        total = float(self.log_prob.size if weights is None else weights.sum())
        for open_side, bound, ratio, sign in ((self.lower_open, self.a, self.ratio_a, 1.0),
                                              (self.upper_open, self.b, self.ratio_b, -1.0)):
            if not open_side:
                weighted = ratio if weights is None else weights * ratio
                with np.errstate(invalid="ignore"):
                    dot = float(bound @ weighted)
                if not np.isfinite(dot):  # an infinite bound, where the ratio is 0
                    dot = float(np.sum(_times_ratio(bound, weighted)))
                total += sign * dot
        return total

    @property
    def mean(self) -> FloatArray:
        """``E[z | a < z < b]``."""
        if self.lower_open:
            return -self.ratio_b
        if self.upper_open:
            return self.ratio_a
        return self.ratio_a - self.ratio_b

    @property
    def variance(self) -> FloatArray:
        """``Var[z | a < z < b]``, clipped at zero against round-off.

        Accurate to 1e-9 relative or 1e-11 absolute: far in a tail ``m2 - m1**2``
        cancels the leading digits of ``m2 ~ a**2``.
        """
        _, m1, m2 = self.raw_moments(2)
        return np.maximum(m2 - m1 * m1, 0.0)
