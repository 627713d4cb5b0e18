r"""The regime chain of a Markov-switching model and its expanded form.

An autoregression of order :math:`p` whose mean switches (Hamilton 1989) makes the
density of :math:`y_t` depend on the last :math:`p + 1` regimes, so the filter runs on
the *expanded* chain :math:`X_t = (S_t, S_{t-1}, \dots, S_{t-p})` with
:math:`M = k^{p+1}` states. State ``m`` has regime ``lags[m, l]`` at lag ``l``; it can
move only to the ``k`` states whose lag-1 regime is its lag-0 regime, with the
probability of the regime move.

Transition matrices are row-stochastic, ``P[i, j] = Pr(S_t = j | S_{t-1} = i)``. A
time-varying chain has one matrix per observation of the full sample,
``P[tau]`` for the move into ``tau``. Following Hamilton (1994, sec. 22.2) and the
references of validation case 9, the regime one period before the sample is drawn
from the ergodic distribution of the first matrix, :math:`e(P_0)`.
"""

from __future__ import annotations

import itertools

import numpy as np

from ...exceptions import InfeasibleParametersError
from ...typing import FloatArray


class RegimeChain:
    """The expanded chain of ``k`` regimes and ``order`` lags.

    Parameters
    ----------
    k : int
        Number of regimes.
    order : int
        Number of lagged regimes the density of an observation depends on.
    """

    def __init__(self, k: int, order: int) -> None:
        self.k = k
        self.order = order
        self.lags = np.array(list(itertools.product(range(k), repeat=order + 1)),
                             dtype=np.intp)
        self.n_states = len(self.lags)
        self.current = self.lags[:, 0]
        # state m may move to state n when n's lag-1 regime is m's lag-0 regime and
        # their older lags agree
        self.reachable = np.all(self.lags[None, :, 1:] == self.lags[:, None, :-1], axis=2)
        self.regime_indicator = np.eye(k)[self.current]

    def expand(self, transition: FloatArray) -> FloatArray:
        """The expanded transition matrix (or matrices, for a leading time axis)."""
        regime_move = transition[..., self.current[:, None], self.current[None, :]]
        return regime_move * self.reachable

    def initial(self, transitions: FloatArray) -> FloatArray:
        """Distribution of the first expanded state ``(S_p, ..., S_0)``.

        ``transitions`` holds the regime matrices of the moves into ``S_0, ..., S_p``
        (``order + 1`` matrices, or one for a constant chain); ``S_{-1}`` is drawn from
        the ergodic distribution of the first.
        """
        mats = np.broadcast_to(transitions, (self.order + 1, self.k, self.k))
        first = ergodic_distribution(mats[0]) @ mats[0]
        prob = first[self.lags[:, self.order]]
        for lag in range(self.order, 0, -1):
            step = mats[self.order - lag + 1]
            prob = prob * step[self.lags[:, lag], self.lags[:, lag - 1]]
        return prob

    def regime_pairs_in_initial(self, weights: FloatArray) -> FloatArray:
        """Expected regime moves inside the first expanded state: ``(order, k, k)``,
        the move into ``S_1, ..., S_p`` weighted by the state probabilities ``weights``."""
        pairs = np.zeros((self.order, self.k, self.k))
        for tau in range(1, self.order + 1):
            lag_from, lag_to = self.order - tau + 1, self.order - tau
            np.add.at(pairs[tau - 1], (self.lags[:, lag_from], self.lags[:, lag_to]), weights)
        return pairs

    def regime_probabilities(self, state_probabilities: FloatArray) -> FloatArray:
        """Marginal probabilities of the current regime from expanded-state ones."""
        return state_probabilities @ self.regime_indicator

    def regime_pairs(self, state_pairs: FloatArray) -> FloatArray:
        """Regime moves ``(..., k, k)`` from expanded-state moves ``(..., M, M)``."""
        ind = self.regime_indicator
        return ind.T @ state_pairs @ ind


def ergodic_distribution(transition: FloatArray) -> FloatArray:
    """Stationary distribution ``e`` of a row-stochastic matrix: ``e P = e``, ``sum e = 1``.

    The least-squares solution of the stacked system, as Hamilton (1994, eq. 22.2.26);
    for a reducible chain it is one of the stationary distributions.
    """
    k = transition.shape[0]
    if not np.all(np.isfinite(transition)):  # a trial step's overflow: no LAPACK call
        return np.full(k, np.nan)  # (LAPACK would print "DLASCL ... illegal value")
    system = np.vstack([np.eye(k) - transition.T, np.ones((1, k))])
    target = np.zeros(k + 1)
    target[-1] = 1.0
    solution = np.linalg.lstsq(system, target, rcond=None)[0]
    return np.clip(solution, 0.0, None) / np.clip(solution, 0.0, None).sum()


def softmax_rows(logits: FloatArray) -> FloatArray:
    """Row-stochastic matrices from logits against the last column (``(..., k, k-1)``)."""
    full = np.concatenate([logits, np.zeros((*logits.shape[:-1], 1))], axis=-1)
    full = full - full.max(axis=-1, keepdims=True)
    expo = np.exp(full)
    return expo / expo.sum(axis=-1, keepdims=True)


def logits_of_rows(probabilities: FloatArray) -> FloatArray:
    """Inverse of :func:`softmax_rows`: ``log(P[..., j] / P[..., -1])`` for ``j < k - 1``.

    A probability that is zero in floating point (the last column, ``1`` minus the others,
    can cancel to exactly zero) is taken at the smallest normal number, ``exp(-708)``:
    the logits stay finite, and the EM steps from there as from any interior point.
    """
    if np.any(probabilities < 0.0) or not np.all(np.isfinite(probabilities)):
        raise InfeasibleParametersError(
            "transition probabilities must be finite and non-negative")
    floored = np.maximum(probabilities, np.finfo(float).tiny)
    return np.log(floored[..., :-1]) - np.log(floored[..., -1:])
