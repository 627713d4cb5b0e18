r"""Truncation of the latent outcome: the part of the population never sampled.

A row is sampled only if its latent outcome falls in its truncation region
:math:`(t^l_i, t^u_i)`; its likelihood is then divided by
:math:`P_i = \Phi(b_i) - \Phi(a_i)`, :math:`a_i = (t^l_i - x_i'\beta)/\sigma`,
:math:`b_i = (t^u_i - x_i'\beta)/\sigma`. EM treats the draws that fell outside as
missing data (Dempster, Laird & Rubin 1977, section 4.3; McLachlan & Krishnan 2008,
section 2.8): for every sampled row, a geometric number of unsampled draws from the same
``x_i``, :math:`E[N_i] = (1 - P_i)/P_i`, each truncated to the outside of the region. Their
expected sums, with :math:`z` standardised at the E-step's parameters and
:math:`r_a = \phi(a)/P`, :math:`r_b = \phi(b)/P`,

.. math::

    E\Big[\sum_{\text{missing}} z\Big] = r_b - r_a, \qquad
    E\Big[\sum_{\text{missing}} z^2\Big] = E[N_i] - (a r_a - b r_b),

enter the censored family's least-squares M-step, whose design then has the weight
:math:`1 + E[N_i]` per row (:class:`TruncationStats`). The same pieces give the score of
:math:`-\log P_i`: :math:`-x_i (r_a - r_b)/\sigma` and :math:`-(a r_a - b r_b)` in
:math:`\log\sigma`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .._linalg import weighted_gram
from .._memo import LastCall, parameter_key
from ..typing import BoolArray, FloatArray
from ._truncnorm import TruncatedStandardNormal


@dataclass(frozen=True)
class TruncationStats:
    """What the unsampled draws add to the E-step's statistics (working units).

    Attributes
    ----------
    x_resid : ndarray
        ``X_w' E[sum of the missing draws' y*_w - x_w'beta_w]`` per row summed (k).
    sum_sq : float
        ``E[sum of their squared working residuals]``.
    gram : ndarray or float
        ``X_w' diag(w E[N]) X_w`` (k x k), or 0 where it is not needed.
    count : float
        ``sum_i w_i E[N_i]``.
    llf : float
        ``-sum_i w_i log P_i``.
    """

    x_resid: FloatArray
    sum_sq: float
    gram: FloatArray | float
    count: float
    llf: float


@dataclass(frozen=True)
class TruncationRegion:
    """The rows' truncation limits in working units, their working regressors and case
    weights (``lower_open``: every lower limit is ``-inf``; likewise ``upper_open``)."""

    x: FloatArray
    lower: FloatArray
    upper: FloatArray
    weight: FloatArray
    lower_open: bool
    upper_open: bool
    _last: LastCall[TruncatedStandardNormal] = field(
        default_factory=LastCall, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, x: FloatArray, lower: FloatArray, upper: FloatArray, weight: FloatArray
           ) -> TruncationRegion:
        """The region of the rows (limits already in working units)."""
        return cls(x, lower, upper, weight, bool(np.all(np.isneginf(lower))),
                   bool(np.all(np.isposinf(upper))))

    def rows(self, start: int, stop: int) -> TruncationRegion:
        """The rows ``start .. stop - 1`` (views)."""
        return replace(self, x=self.x[start:stop], lower=self.lower[start:stop],
                       upper=self.upper[start:stop], weight=self.weight[start:stop])

    def standardised(self, beta_w: FloatArray, sigma_w: float) -> TruncatedStandardNormal:
        """The standard normal truncated to each row's standardised region.

        The last one is kept: the llf, the score and the Hessian of a Newton step, and
        an E-step and the llf at its parameters, ask for the same parameters in turn.
        """
        return self._last.get(parameter_key(beta_w, sigma_w), lambda: (
            TruncatedStandardNormal.of_regression(
                self.x @ beta_w, sigma_w, self.lower, self.upper,
                lower_open=self.lower_open, upper_open=self.upper_open)))

    def log_prob(self, beta_w: FloatArray, sigma_w: float) -> FloatArray:
        """``log P_i`` of every row."""
        return self.standardised(beta_w, sigma_w).log_prob

    def statistics(self, beta_w: FloatArray, sigma_w: float, gram: bool = True
                   ) -> TruncationStats:
        """The unsampled draws' expected statistics and ``-sum w log P`` (module
        docstring); the Gram matrix is 0 unless ``gram``."""
        z = self.standardised(beta_w, sigma_w)
        missing = np.expm1(-z.log_prob)  # E[N] = (1 - P) / P
        boundary = z.raw_moments(2)[2] - 1.0  # a r_a - b r_b
        w = self.weight
        return TruncationStats(
            x_resid=sigma_w * ((w * -z.mean) @ self.x),
            sum_sq=sigma_w**2 * float(w @ (missing - boundary)),
            gram=weighted_gram(self.x, w * missing) if gram else 0.0,
            count=float(w @ missing),
            llf=-float(w @ z.log_prob))

    def score_covariance(self, beta_w: FloatArray, sigma_w: float) -> FloatArray:
        r"""``Var[sum of the unsampled draws' complete-data scores | y]`` summed over the
        rows (case-weighted), in ``(beta_w, log sigma_w)``, for Louis' information.

        Notes
        -----
        A row's :math:`N` unsampled draws are geometric (:math:`E[N] = (1-P)/P`,
        :math:`\operatorname{Var}N = (1-P)/P^2`) and, given :math:`N`, independent
        standard normals outside the region, with complete-data score
        :math:`s = (x z/\sigma, z^2 - 1)`. Then
        :math:`\operatorname{Var}\sum_{j \le N} s_j = E[N]\,E[ss'] + E[N]^2 E[s]E[s]'`
        (as :math:`\operatorname{Var}N - E[N] = E[N]^2`), and with
        :math:`A_k = E[N]\,E[z^k \mid \text{out}] = \mu_k/P - m_k` (:math:`\mu_k` the
        standard normal's raw moments 1, 0, 1, 0, 3 and :math:`m_k` those inside the
        region) every entry is a combination of :math:`A_0, \dots, A_4`.
        """
        return self._score_block(sigma_w, *outside_score_weights(
            self._outside_moments(beta_w, sigma_w)))

    def hessian(self, beta_w: FloatArray, sigma_w: float) -> FloatArray:
        r"""The Hessian of :math:`-\sum_i w_i \log P_i` in ``(beta_w, log sigma_w)``:
        :meth:`score_covariance` minus the unsampled draws' complete-data information, in
        one pass.

        Notes
        -----
        The information of the unsampled draws is, with :math:`A_k` as in
        :meth:`score_covariance`, :math:`X'\operatorname{diag}(wA_0)X/\sigma^2`,
        :math:`2X'wA_1/\sigma` and :math:`2\sum wA_2`; subtracted entry by entry.
        """
        a = self._outside_moments(beta_w, sigma_w)
        information = (a[0], 2.0 * a[1], 2.0 * a[2])
        return self._score_block(sigma_w, *(v - i for v, i in zip(
            outside_score_weights(a), information, strict=True)))

    def _score_block(self, sigma_w: float, bb: FloatArray, bs: FloatArray, ss: FloatArray
                     ) -> FloatArray:
        """The ``(beta_w, log sigma_w)`` matrix with blocks ``X' diag(w bb) X / sigma^2``,
        ``X' w bs / sigma`` and ``sum w ss`` (per-row weights ``bb``, ``bs``, ``ss``)."""
        w, x = self.weight, self.x
        k = x.shape[1]
        out = np.empty((k + 1, k + 1))
        out[:k, :k] = weighted_gram(x, w * bb) / sigma_w**2
        out[:k, k] = out[k, :k] = (w * bs) @ x / sigma_w
        out[k, k] = float(w @ ss)
        return out

    def _outside_moments(self, beta_w: FloatArray, sigma_w: float) -> list[FloatArray]:
        """:func:`outside_moments` of every row's region."""
        return outside_moments(self.standardised(beta_w, sigma_w))

    def scores(self, beta_w: FloatArray, sigma_w: float) -> FloatArray:
        """The score of ``-log P_i`` in ``(beta_w, log sigma_w)``, per row (n x k+1)."""
        z = self.standardised(beta_w, sigma_w)
        boundary = z.raw_moments(2)[2] - 1.0
        return np.column_stack([self.x * (-z.mean / sigma_w)[:, None], -boundary])


def outside_moments(region: TruncatedStandardNormal) -> list[FloatArray]:
    """``A_k = E[N] E[z^k | outside] = mu_k / P - m_k``, ``k = 0..4``, of the standard
    normal outside each standardised ``region`` (``mu_k`` the standard normal's raw
    moments, ``m_k`` the region's, ``E[N] = (1 - P)/P`` the unsampled draws)."""
    inside = region.raw_moments(4)
    inv_p = np.exp(-region.log_prob)
    return [mu * inv_p - m for mu, m in zip((1.0, 0.0, 1.0, 0.0, 3.0), inside, strict=True)]


def outside_score_weights(a: list[FloatArray]) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Each row's ``Var`` of its unsampled draws' complete-data score sum, from
    :func:`outside_moments` ``a``: the weights of the ``(beta, beta)``,
    ``(beta, log sigma)`` and ``(log sigma, log sigma)`` blocks, before the scaling by
    ``sigma`` (:meth:`TruncationRegion.score_covariance`, Notes)."""
    a0, a1, a2, a3, a4 = a
    return a2 + a1**2, a3 - a1 + a1 * (a2 - a0), a4 - 2.0 * a2 + a0 + (a2 - a0) ** 2


def outside_rows(lower: FloatArray, upper: FloatArray, trunc_lower: FloatArray,
                 trunc_upper: FloatArray) -> BoolArray:
    """Rows whose observed bounds leave their truncation region."""
    return np.asarray((lower < trunc_lower) | (upper > trunc_upper), dtype=bool)


__all__ = ["TruncationRegion", "TruncationStats", "outside_moments", "outside_rows",
           "outside_score_weights"]
