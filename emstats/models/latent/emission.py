r"""The emission protocol: what a family with discrete latent states supplies.

A latent-state model (:class:`~emstats.models.latent.LatentStateModel`) is a layer of
discrete hidden states (:mod:`.iid` mixture weights or a :mod:`.markov` chain) and an
*emission*: the distribution of each row's observation given its hidden state. The
layer handles the states (their probabilities, posterior, count or logit M-step,
working chart, collapse of a state's occupancy); the emission handles everything
that depends on what is observed:

* :meth:`Emission.log_density`: ``log f(y_t | X_t = m)`` for a block of rows and every
  hidden state (rows x M);
* :meth:`Emission.statistics`: the expected complete-data statistics of the rows given
  their posterior state probabilities (additive over rows);
* :meth:`Emission.m_step`: the emission's parameters maximising the expected
  complete-data llf given those statistics (exact, or a conditional maximisation that
  never lowers it);
* :meth:`Emission.sample`: rows drawn given a path of hidden states;
* the complete-data pieces for Louis' information (:meth:`Emission.score_moments`).

The parameters of an emission are blocks of the model's :class:`~emstats.params.ParamSpec`
(read through :class:`~emstats.params.ParamValues`, by block name); its working chart maps
them to unconstrained coordinates. A new family (a mixture of Poisson regressions, say)
is a new emission; the layer, the engine and the covariance estimators come with it.

Hidden states ``M`` may be more than the latent classes ``K`` of the layer: the expanded
chain of a Markov-switching autoregression has ``K^(p+1)`` states, the regimes of the last
``p + 1`` periods; then the layer says which class each hidden state belongs to, and
:meth:`Emission.permuted` and :meth:`Emission.order_key` are in terms of the classes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ...params import Block, ParamValues
from ...typing import BoolArray, FloatArray, IntArray
from ._common import column_sums, normalise_rows


@dataclass(frozen=True)
class EmissionScores:
    """Conditional moments of an emission's complete-data score, for Louis' information.

    The coordinates are the emission's *score coordinates* (:meth:`Emission.score_coordinates`),
    a smooth function of the working parameters in which the complete-data llf is
    differentiated.

    Attributes
    ----------
    means : ndarray
        ``E[d log f(y_t, x_t | X_t = m) / d phi | y_t, X_t = m]`` per row and hidden state,
        rows x M x q. With ``blockwise`` the scores of state ``m`` sit in its own block of
        ``q`` coordinates (``phi = (phi_0, ..., phi_{M-1})``), else ``q`` is every coordinate.
    within : ndarray
        ``sum_t sum_m w_tm Cov(score | y_t, X_t = m)`` (zero when the emission has no
        latent data of its own, such as missing values), in all the coordinates.
    blockwise : bool
        Whether ``means`` holds each state's block only.
    """

    means: FloatArray
    within: FloatArray
    blockwise: bool

    def placed(self, rows: slice | IntArray, offset: int, size: int) -> FloatArray:
        """The rows' scores in all ``size`` coordinates (state blocks placed after
        ``offset`` others): rows x M x size."""
        means = self.means[rows]
        n, m, q = means.shape
        out = np.zeros((n, m, size))
        if not self.blockwise:
            out[:, :, offset:offset + q] = means
            return out
        for j in range(m):
            out[:, j, offset + j * q:offset + (j + 1) * q] = means[:, j]
        return out


class Emission(Protocol):
    """The distribution of a row given its hidden state (see the module docstring).

    Attributes
    ----------
    n_hidden : int
        Hidden states ``M`` the density is given for.
    n_rows : int
        Rows of the data (time points of every sequence, or observations).
    row_size : int
        Working memory of the E-step per row, in float64 numbers.
    blocks : sequence of Block
        The emission's parameter blocks, in the order of the parameter vector.
    state_noun : str
        What collapses in a singular state (``"covariance"``, ``"variance"``), for messages.
    """

    n_hidden: int
    n_rows: int
    row_size: int
    state_noun: str

    @property
    def blocks(self) -> Sequence[Block]:
        """The emission's parameter blocks (any sequence: a tuple, a list)."""
        ...

    @property
    def observed_rows(self) -> BoolArray:
        """Rows with an observation (a row of an HMM with every entry missing has none)."""
        ...

    def log_density(self, values: ParamValues, rows: slice) -> FloatArray:
        """``log f(y_t | X_t = m)`` for the rows ``rows`` (len x M); 0 for a row with nothing
        observed (a time step without an observation)."""
        ...

    def statistics(self, values: ParamValues, weights: FloatArray, rows: slice) -> Any:
        """Expected complete-data statistics of the rows given ``weights`` (len x M,
        ``Pr(X_t = m | y)``): a sum over the rows (:class:`~emstats.protocol.Statistics`)."""
        ...

    def weighted_pass(self, values: ParamValues, log_prior: FloatArray, rows: slice,
                      keep_posterior: bool, case_weights: FloatArray | None = None
                      ) -> tuple[Any, FloatArray, FloatArray | None, float]:
        """One pass of an independent-states E-step: with the log prior probabilities of
        the states (M, or len x M), the statistics weighted by the posterior, the posterior's
        sums (M), the posterior itself (len x M) if ``keep_posterior``, and the rows' llf.
        With ``case_weights`` (one per row of ``rows``) each row's posterior is multiplied
        by its weight before it weights the statistics, and the sums, the posterior returned
        and the llf are the weighted ones (:mod:`emstats.weights`).
        :meth:`EmissionBase.weighted_pass` composes :meth:`log_density` and
        :meth:`statistics`; an emission may fuse them."""
        ...

    def row_loglike(self, values: ParamValues, log_prior: FloatArray, rows: slice
                    ) -> FloatArray:
        """``log sum_m exp(log_prior_m + log f(y_t | X_t = m))`` of the rows (len): the
        per-row llf of independent states."""
        ...

    def m_step(self, stats: Any, values: ParamValues) -> Mapping[str, FloatArray]:
        """New values of the emission's blocks given the statistics of an E-step at
        ``values`` (the centre of the statistics, the warm start of iterative steps)."""
        ...

    def expected_loglike(self, values: ParamValues, stats: Any, at: ParamValues) -> float:
        """``E[sum_t log f(y_t, x_t | X_t) | y]`` at ``values`` given the statistics of an
        E-step at ``at`` (the emission's part of ``Q``)."""
        ...

    def to_working(self, values: ParamValues) -> FloatArray:
        """Working (unconstrained) coordinates of the emission's blocks."""
        ...

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`: the blocks' values."""
        ...

    @property
    def n_working(self) -> int:
        """Number of working coordinates."""
        ...

    def singular_states(self, values: ParamValues) -> list[int]:
        """Classes whose emission is degenerate at ``values`` (a covariance or variance
        collapsed onto a point: the likelihood is unbounded there)."""
        ...

    def order_key(self, values: ParamValues) -> FloatArray:
        """One number per class, whose ascending order is the reported order of the classes
        (against label switching)."""
        ...

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """The emission's blocks with class ``order[i]`` renumbered ``i``."""
        ...

    def state_features(self, values: ParamValues) -> FloatArray:
        """One row of numbers per class (``K x m``), on comparable scales, whose Euclidean
        distances say which classes of two estimates are the same class (the matching of
        :meth:`~emstats.models.latent.LatentStateModel.aligned_params`)."""
        ...

    def sample(self, values: ParamValues, states: IntArray, rng: np.random.Generator
               ) -> FloatArray:
        """Rows drawn given the hidden state of each row (``states``, one per row)."""
        ...

    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The coordinates ``phi`` in which :meth:`score_moments` differentiates."""
        ...

    def score_moments(self, values: ParamValues, weights: FloatArray) -> EmissionScores:
        """Conditional moments of the complete-data score of every row given its hidden
        state, at ``values``; ``weights`` (rows x M) weight the within-state covariances."""
        ...


class EmissionBase:
    """Defaults of the emission protocol that follow from its other methods."""

    n_rows: int

    @property
    def observed_rows(self) -> BoolArray:
        """Rows with an observation (all by default)."""
        return np.ones(self.n_rows, dtype=bool)

    def weighted_pass(self, values: ParamValues, log_prior: FloatArray, rows: slice,
                      keep_posterior: bool, case_weights: FloatArray | None = None
                      ) -> tuple[Any, FloatArray, FloatArray | None, float]:
        """:meth:`Emission.log_density`, the posterior (times the case weights), then
        :meth:`Emission.statistics`."""
        emission: Any = self
        log_joint = emission.log_density(values, rows) + log_prior
        posterior, llf_rows = normalise_rows(log_joint)
        if case_weights is None:
            llf = float(llf_rows.sum())
        else:
            posterior *= case_weights[:, None]
            llf = float(case_weights @ llf_rows)
        stats = emission.statistics(values, posterior, rows)
        return stats, column_sums(posterior), posterior, llf

    def row_loglike(self, values: ParamValues, log_prior: FloatArray, rows: slice
                    ) -> FloatArray:
        """:meth:`Emission.log_density` plus the log prior, summed over states in logs."""
        emission: Any = self
        return normalise_rows(emission.log_density(values, rows) + log_prior)[1]
