r"""The conditional covariance of the complete-data score of a Gaussian mixture.

Louis' (1982) observed information is :math:`E[I_c \mid y] - \mathrm{Var}[S_c \mid y]`.
Rows are independent, so :math:`\mathrm{Var}[S_c \mid y]` is the sum over rows of the
covariance of the row's complete-data score given its observed entries. This module
computes that sum in closed form, in the coordinates

    ``phi = (log(pi_l / pi_1) for l >= 2, then per component: mu_j, vech(Sigma_j))``

(``vech``: the lower triangle in ``numpy.tril_indices`` order). The model maps it to
its working parameters by the chain rule.

For component :math:`j` write :math:`P = \Sigma_j^{-1}` and :math:`v = P(x - \mu_j)`.
The complete-data score of a row is :math:`z_l` for the logit of component
:math:`l` (up to a constant, which does not change a covariance), :math:`z_j v` for
:math:`\mu_j` and :math:`z_j \kappa_{ab}(v_a v_b - P_{ab})` for :math:`\Sigma_{j,ab}`
(:math:`\kappa = 1/2` on the diagonal, 1 off it). Given the observed entries and
:math:`z_j = 1`, :math:`v \sim N(a, V)` with :math:`a = P \hat w` (:math:`\hat w` the
filled-in deviation) and :math:`V = P_{\cdot m} R P_{m \cdot}` (:math:`R` the
conditional covariance of the missing entries), so the moments of the score are
those of a normal vector and its products (Isserlis' theorem).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from ..typing import FloatArray
from ._gaussian_kernels import filled_deviations, pattern_deviations
from ._missing import Conditional, Pattern


def score_covariance(patterns: list[Pattern], covariances: FloatArray,
                     blocks: Callable[[Pattern], Iterator[tuple[FloatArray, FloatArray]]]
                     ) -> FloatArray:
    """``Var[S_c | y]`` in the coordinates ``phi`` of the module docstring.

    Parameters
    ----------
    patterns : list of Pattern
        The data, by missingness pattern.
    covariances : ndarray
        Component covariances (k x d x d).
    blocks : callable
        ``blocks(pattern)`` yields, per block of the pattern's rows, the filled-in
        deviations from each mean (k x d x rows) and the responsibilities (k x rows).
    """
    precisions = np.linalg.inv(covariances)
    k, d = precisions.shape[:2]
    pairs = np.tril_indices(d)
    q = d + pairs[0].size
    n_logits = k - 1
    size = n_logits + k * q
    second = np.zeros((size, size))  # sum_i E[s s' | y_i]
    first_outer = np.zeros((size, size))  # sum_i E[s | y_i] E[s | y_i]'
    for pattern in patterns:
        spread = [_score_spread(covariances[j], precisions[j], pattern) for j in range(k)]
        for full, resp in blocks(pattern):
            means = np.empty((size, resp.shape[1]))
            means[:n_logits] = resp[1:]
            for j in range(k):
                block = slice(n_logits + j * q, n_logits + (j + 1) * q)
                centre = precisions[j] @ full[j]
                score_mean = _score_mean(centre, spread[j], precisions[j], pairs)
                means[block] = resp[j] * score_mean
                second[block, block] += (score_mean * resp[j]) @ score_mean.T
                if pattern.missing.size:
                    second[block, block] += _isserlis_sum(resp[j], centre, spread[j], pairs)
                if j >= 1:
                    second[j - 1, block] += score_mean @ resp[j]
                    second[block, j - 1] = second[j - 1, block]
            second[np.arange(n_logits), np.arange(n_logits)] += resp[1:].sum(axis=1)
            first_outer += means @ means.T
    out = second - first_outer
    return 0.5 * (out + out.T)


def _score_spread(covariance: FloatArray, precision: FloatArray, pattern: Pattern
                  ) -> FloatArray:
    """``V = P[:, m] R P[m, :]``: the covariance of ``v`` given the observed entries."""
    m = pattern.missing
    if m.size == 0:
        return np.zeros_like(precision)
    residual = Conditional.of(covariance, pattern).residual_cov
    return precision[:, m] @ residual @ precision[m, :]


def _pair_weights(pairs: tuple[np.ndarray, np.ndarray]) -> FloatArray:
    """``kappa``: 1/2 for a variance, 1 for a covariance (the symmetric derivative)."""
    return np.where(pairs[0] == pairs[1], 0.5, 1.0)


def _score_mean(centre: FloatArray, spread: FloatArray, precision: FloatArray,
                pairs: tuple[np.ndarray, np.ndarray]) -> FloatArray:
    """``E[g | x_obs, z_j = 1]`` per row (q x rows): ``a`` and ``kappa (a_a a_b + V_ab -
    P_ab)``."""
    a, b = pairs
    products = centre[a] * centre[b] + (spread[a, b] - precision[a, b])[:, None]
    return np.concatenate([centre, _pair_weights(pairs)[:, None] * products])


def _isserlis_sum(resp: FloatArray, centre: FloatArray, spread: FloatArray,
                  pairs: tuple[np.ndarray, np.ndarray]) -> FloatArray:
    """``sum_i r_i Cov(g | x_obs,i)`` (q x q) for ``v ~ N(a_i, V)``, from the weighted
    moments of the centres ``a_i``."""
    return score_covariance_from_moments(resp.sum(), centre @ resp,
                                         (centre * resp) @ centre.T, spread, pairs)


def score_covariance_from_moments(count: float, centre_sum: FloatArray,
                                  centre_cross: FloatArray, spread: FloatArray,
                                  pairs: tuple[np.ndarray, np.ndarray]) -> FloatArray:
    r"""``sum_i Cov(g_i)`` (q x q) for ``g = (v, kappa (v_a v_b - P_ab))`` with
    ``v_i ~ N(a_i, V)`` (Isserlis' theorem), from the rows' moments alone.

    Parameters
    ----------
    count : float
        :math:`\sum_i 1` (or the sum of the rows' weights).
    centre_sum : ndarray
        :math:`\sum_i a_i` (d).
    centre_cross : ndarray
        :math:`\sum_i a_i a_i'` (d x d).
    spread : ndarray
        ``V`` (d x d), common to the rows.
    pairs : tuple of ndarray
        The ``(a, b)`` index pairs of the second-order coordinates.
    """
    s0, s1, s2 = count, centre_sum, centre_cross
    a, b = pairs
    kappa = _pair_weights(pairs)
    d = s1.shape[0]
    out = np.empty((d + a.size, d + a.size))
    out[:d, :d] = s0 * spread
    cross = kappa * (s1[a] * spread[:, b] + s1[b] * spread[:, a])
    out[:d, d:] = cross
    out[d:, :d] = cross.T
    four = (s0 * (spread[np.ix_(a, a)] * spread[np.ix_(b, b)]
                  + spread[np.ix_(a, b)] * spread[np.ix_(b, a)])
            + s2[np.ix_(a, a)] * spread[np.ix_(b, b)] + s2[np.ix_(a, b)] * spread[np.ix_(b, a)]
            + s2[np.ix_(b, a)] * spread[np.ix_(a, b)] + s2[np.ix_(b, b)] * spread[np.ix_(a, a)])
    out[d:, d:] = np.outer(kappa, kappa) * four
    return out


def state_score_moments(patterns: list[Pattern], means: FloatArray, covariances: FloatArray,
                        weights: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per row and state, ``E[g | y_t,obs, X_t = j]`` for the state's mean and covariance
    lower triangle (rows x k x q), and ``sum_t sum_j w_tj Cov(g | y_t,obs, X_t = j)``
    (placed in state ``j``'s block, k q x k q; zero without missing entries), in the
    coordinates ``(mu_j, vech(Sigma_j))`` of each state (see the module docstring).

    Rows with every value missing have no observation in the complete data (they are in
    no pattern), so their scores are zero.
    """
    k, d = means.shape
    pairs = np.tril_indices(d)
    q = d + pairs[0].size
    precisions = np.linalg.inv(covariances)
    out = np.zeros((len(weights), k, q))
    within = np.zeros((k * q, k * q))
    for pattern in patterns:
        spread = [_score_spread(covariances[j], precisions[j], pattern) for j in range(k)]
        for block, devs, conds in pattern_deviations(means, covariances, pattern):
            rows = pattern.row_index(block)
            full = filled_deviations(devs, conds, pattern)
            for j in range(k):
                centre = precisions[j] @ full[j]
                out[rows, j] = _score_mean(centre, spread[j], precisions[j], pairs).T
                if pattern.missing.size:
                    part = slice(j * q, (j + 1) * q)
                    within[part, part] += _isserlis_sum(weights[rows, j], centre, spread[j],
                                                        pairs)
    return out, within
