r"""The conditional covariance of the complete-data score of a latent-state model.

Louis' (1982) observed information is :math:`E[I_c \mid y] - \mathrm{Var}[S_c \mid y]`.
The complete-data score is a sum over rows of a state term (the score of the row's class,
or of the move into the row's state) and an emission term (the score of the row's
observation, and of its own latent data such as missing values, given its state). Given
the data, the states are independent across rows (a mixture) or a Markov chain (an HMM);
these functions compute :math:`\mathrm{Var}[S_c \mid y]` exactly in both cases, in the
*score coordinates* ``phi = (layer coordinates, emission coordinates)``, from

* the states' scores (per class, or per start and move),
* the emission's per-row, per-state conditional score means
  (:class:`~.emission.EmissionScores`, ``a_tm``), and the within-state covariances
  summed with the posterior weights (``W``).
"""

from __future__ import annotations

import numpy as np

from ...typing import FloatArray, IntArray
from .._forward_backward import Posterior
from .emission import EmissionScores

_BLOCK_ELEMENTS = 1 << 21
"""Numbers per block of rows in :func:`independent_score_variance` (16 MiB)."""


def independent_score_variance(weights: FloatArray, class_scores: FloatArray,
                               scores: EmissionScores, n_emission: int,
                               row_weights: FloatArray | None = None) -> FloatArray:
    r"""``Var[S_c | y]`` of a finite mixture (rows independent given the data).

    Parameters
    ----------
    weights : ndarray
        Posterior class probabilities ``gamma_tj`` (rows x K).
    class_scores : ndarray
        The class scores per row (rows x K x q_s), in the layer's coordinates.
    scores : EmissionScores
        The emission's conditional score moments.
    n_emission : int
        Number of emission score coordinates.
    row_weights : ndarray, optional
        Frequency weights of the rows (``scores.within`` weighted by them already).

    Notes
    -----
    With :math:`b_{tj} = (c_{tj}, a_{tj})` the score given class ``j``,
    :math:`\mathrm{Var}[S_c \mid y] = \sum_t w_t [\sum_j \gamma_{tj} b_{tj} b_{tj}' -
    m_t m_t'] + W`, :math:`m_t = \sum_j \gamma_{tj} b_{tj}`, with row weights
    :math:`w_t` (1 without case weights): a row replicated :math:`w_t` times adds
    :math:`w_t` independent copies of its conditional variance.
    """
    n, k = weights.shape
    q_s = class_scores.shape[2]
    size = q_s + n_emission
    total = np.zeros((size, size))
    step = max(1, _BLOCK_ELEMENTS // max(k * size, 1))
    for lo in range(0, n, step):
        rows = slice(lo, min(lo + step, n))
        gamma = weights[rows]
        b = scores.placed(rows, q_s, size)
        b[:, :, :q_s] = class_scores[rows]
        mean = np.einsum("tj,tja->ta", gamma, b)
        if row_weights is not None:
            w = row_weights[rows]
            total += (np.einsum("tj,tja,tjb->ab", gamma * w[:, None], b, b)
                      - (mean * w[:, None]).T @ mean)
        else:
            total += np.einsum("tj,tja,tjb->ab", gamma, b, b) - mean.T @ mean
    total[q_s:, q_s:] += scores.within
    return 0.5 * (total + total.T)


def chain_score_variance(post: Posterior, starts: IntArray, start_scores: FloatArray,
                         move_scores: FloatArray, scores: EmissionScores, n_emission: int,
                         sequence_weights: FloatArray | None = None) -> FloatArray:
    r"""``Var[sum_t h_t(X_{t-1}, X_t) | y]`` for a score that is a sum of terms of
    consecutive states, summed over independent sequences.

    Parameters
    ----------
    post : Posterior
        Forward-backward output with per-row pairwise probabilities.
    starts : ndarray of int
        First row of each sequence.
    start_scores : ndarray
        Score of a sequence starting in state ``j`` (M x n_prob).
    move_scores : ndarray
        Score of a move ``i -> j`` (M x M x n_prob), or one per row (rows x M x M x n_prob)
        when the transition probabilities vary.
    scores : EmissionScores
        The emission's conditional score moments (rows x M x q) and within-state
        covariances.
    n_emission : int
        Number of emission score coordinates.
    sequence_weights : ndarray, optional
        Frequency weights of the sequences: each sequence's variance counts that many
        times (``scores.within`` is weighted by them already).

    Notes
    -----
    Given the data the states are a Markov chain. Let :math:`m_t(j)` and
    :math:`C_t(j)` be the conditional mean and covariance of the partial sum up to
    :math:`t` given :math:`X_t = j`. With the backward probabilities
    :math:`w_t(i \mid j) = \Pr(X_{t-1} = i \mid X_t = j, y)` and
    :math:`B_{ij} = m_{t-1}(i) + h^{move}_t(i, j)`, the law of total covariance gives
    :math:`C_t(j) = \sum_i w_t(i \mid j) [C_{t-1}(i) + (B_{ij} - \bar B_j)(B_{ij} -
    \bar B_j)']` and :math:`m_t(j) = \bar B_j + h^{emission}_t(j)`, where
    :math:`\bar B_j = \sum_i w_t(i \mid j) B_{ij}`. A sequence contributes
    :math:`\sum_j \gamma_T(j) [C_T(j) + (m_T(j) - \bar m)(m_T(j) - \bar m)']`; the
    within-state covariances of the emission are added at the end.
    """
    smoothed, pairwise = post.smoothed, post.pairwise
    if pairwise is None:
        raise ValueError("chain_score_variance needs the per-row pairwise probabilities")
    n_rows, m = smoothed.shape
    n_prob = start_scores.shape[1]
    size = n_prob + n_emission
    varying = move_scores.ndim == 4
    moves = np.zeros((m, m, size))
    if not varying:
        moves[:, :, :n_prob] = move_scores
    total = np.zeros((size, size))
    ends = np.append(starts[1:], n_rows)
    weights = np.ones(len(starts)) if sequence_weights is None else sequence_weights
    for lo, hi, weight in zip(starts.tolist(), ends.tolist(), weights.tolist(), strict=True):
        emission = scores.placed(slice(lo, hi), n_prob, size)
        mean = emission[0].copy()
        mean[:, :n_prob] += start_scores
        cov = np.zeros((m, size, size))
        for t in range(lo + 1, hi):
            if varying:
                moves[:, :, :n_prob] = move_scores[t]
            occupied = smoothed[t] > 0
            backward = np.divide(pairwise[t], smoothed[t], out=np.zeros((m, m)),
                                 where=occupied[None, :])
            before = mean[:, None, :] + moves  # (i, j, size)
            centre = np.einsum("ij,ija->ja", backward, before)
            spread = before - centre[None, :, :]
            cov = (np.einsum("ij,iab->jab", backward, cov)
                   + np.einsum("ij,ija,ijb->jab", backward, spread, spread))
            mean = centre + emission[t - lo]
        last = smoothed[hi - 1]
        overall = last @ mean
        gap = mean - overall
        total += weight * (np.einsum("j,jab->ab", last, cov) + (gap * last[:, None]).T @ gap)
    total[n_prob:, n_prob:] += scores.within
    return 0.5 * (total + total.T)
