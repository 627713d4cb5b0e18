r"""Independent latent classes: the states of a finite mixture.

Each row's class :math:`X_i` is drawn independently, with probabilities :math:`\pi`
(mixing weights) or, with concomitant variables :math:`w_i`, a multinomial logit
:math:`\Pr(X_i = j) = \operatorname{softmax}_j(w_i'\gamma)` with class 0 as the base.
Given the E-step's posterior class probabilities :math:`\tau_{ij}`, the M-step of the
weights is the normalised counts :math:`\sum_i \tau_{ij} / n`, and that of the logit
coefficients the weighted multinomial logit of :mod:`.mlogit`.

Working coordinates: the logs of the weights' ratios to the first,
:math:`\log(\pi_j / \pi_0)`, or the logit coefficients themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ...engine.chunks import Additive, unit_blocks
from ...params import Affine, Block, ParamValues, SimplexLogits, array_block
from ...typing import FloatArray, IntArray
from ...weights import CaseWeights
from ._common import normalise_rows
from .emission import Emission, EmissionScores
from .louis import independent_score_variance
from .mlogit import LogitDesign, expected_loglike, maximise

_LOGLIKE_ROWS = 1 << 16
"""Rows per block of :meth:`MixingWeights.loglikeobs`."""


@dataclass(frozen=True)
class ClassStats(Additive):
    """Expected class counts of an E-step.

    Attributes
    ----------
    counts : ndarray
        ``sum_i tau_ij`` (K).
    by_row : ndarray
        ``tau_ij`` per row (n x K, zero outside the rows of the block) with concomitant
        variables; an empty array (0 x K) without them.
    """

    counts: FloatArray
    by_row: FloatArray


class MixingWeights:
    """The class layer of a finite mixture: independent rows, ``K`` classes.

    Parameters
    ----------
    k : int
        Number of classes (with ``k = 1`` there are no parameters).
    n_rows : int
        Number of rows.
    concomitant : ndarray, optional
        Concomitant variables (n x r, with a constant if wanted) of a multinomial logit of
        the class probabilities.
    concomitant_names : sequence of str, optional
        Their names (for the labels ``logit[j,name]``).
    case_weights : CaseWeights, optional
        One weight per row (:mod:`emstats.weights`): each row's posterior class
        probabilities, and so its statistics and llf, are multiplied by its weight.
    """

    def __init__(self, k: int, n_rows: int, concomitant: FloatArray | None = None,
                 concomitant_names: Sequence[str] | None = None,
                 case_weights: CaseWeights | None = None) -> None:
        self.n_states = int(k)
        self.n_hidden = int(k)
        self.n_rows = int(n_rows)
        self.case_weights = case_weights
        self.row_weights = None if case_weights is None else case_weights.values
        self.concomitant = None if concomitant is None else np.asarray(concomitant, float)
        self.concomitant_names = list(concomitant_names or [])
        self.blocks: tuple[Block, ...] = self._blocks()

    def _blocks(self) -> tuple[Block, ...]:
        k = self.n_states
        if k == 1:
            return ()
        if self.concomitant is None:
            return (array_block("weight", [range(k)], n_free=k - 1, chart=SimplexLogits()),)
        names = self.concomitant_names or [f"w{j}" for j in range(self.concomitant.shape[1])]
        return (array_block("logit", [range(1, k), names], chart=Affine()),)

    @property
    def _logit(self) -> LogitDesign:
        assert self.concomitant is not None
        return LogitDesign(self.concomitant, reference=0)

    # -- probabilities ------------------------------------------------------------------
    def log_prior(self, values: ParamValues, rows: slice) -> FloatArray:
        """``log Pr(X_i = j)``: K values, or one row per row of ``rows`` (len x K) with
        concomitant variables."""
        if self.n_states == 1:
            return np.zeros(1)
        if self.concomitant is None:
            with np.errstate(divide="ignore"):
                return np.log(values["weight"])
        logit = LogitDesign(self.concomitant[rows], reference=0)
        return np.log(logit.probabilities(values["logit"][None])[:, 0])

    def class_probabilities(self, values: ParamValues) -> FloatArray:
        """``Pr(X_i = j)`` per row (n x K)."""
        return np.broadcast_to(np.exp(self.log_prior(values, slice(0, self.n_rows))),
                               (self.n_rows, self.n_states)).copy()

    # -- coordinates at an estimate ------------------------------------------------------------
    is_centred = False
    """The working coordinates are minimal everywhere (no boundary is held)."""

    def centred(self, values: ParamValues) -> tuple[MixingWeights, dict[str, FloatArray]]:
        """The layer itself: its coordinates are minimal already."""
        return self, {}

    # -- EM --------------------------------------------------------------------------------
    @property
    def n_units(self) -> int:
        """The rows are the independent units."""
        return self.n_rows

    def unit_rows(self, units: slice) -> slice:
        """The rows of the units ``units``: themselves."""
        return units

    def e_step_units(self, values: ParamValues, emission: Emission, rows: slice
                     ) -> tuple[ClassStats, object, float]:
        """The class counts, the emission's statistics and the llf of the rows ``rows``."""
        keep = self.concomitant is not None
        weights = None if self.row_weights is None else self.row_weights[rows]
        emission_stats, counts, posterior, llf = emission.weighted_pass(
            values, self.log_prior(values, rows), rows, keep, weights)
        by_row = np.zeros((0, self.n_states))
        if posterior is not None:
            by_row = np.zeros((self.n_rows, self.n_states))
            by_row[rows] = posterior
        return ClassStats(counts, by_row), emission_stats, llf

    def loglikeobs(self, values: ParamValues, emission: Emission) -> FloatArray:
        """Per-row log-likelihood, in blocks of rows (bounded memory)."""
        out = np.empty(self.n_rows)
        for rows in unit_blocks(self.n_rows, _LOGLIKE_ROWS):
            out[rows] = emission.row_loglike(values, self.log_prior(values, rows), rows)
        return out

    def posterior_weights(self, values: ParamValues, log_emission: FloatArray) -> FloatArray:
        """Posterior class probabilities of every row (n x K)."""
        return normalise_rows(log_emission + self.log_prior(values, slice(0, self.n_rows)))[0]

    def m_step(self, stats: ClassStats, values: ParamValues) -> dict[str, FloatArray]:
        """Normalised counts, or the weighted multinomial logit from the current value."""
        if self.n_states == 1:
            return {}
        if self.concomitant is None:
            return {"weight": stats.counts / stats.counts.sum()}
        coefs = maximise(values["logit"][None], stats.by_row[:, None, :], self._logit)
        return {"logit": coefs[0]}

    def expected_loglike(self, values: ParamValues, stats: ClassStats) -> float:
        """The classes' part of ``Q``: ``sum_ij tau_ij log Pr(X_i = j)``."""
        if self.n_states == 1:
            return 0.0
        if self.concomitant is None:
            return float(stats.counts @ np.log(values["weight"]))
        return expected_loglike(values["logit"][None], stats.by_row[:, None, :], self._logit)

    # -- coordinates ------------------------------------------------------------------------
    def to_working(self, values: ParamValues) -> FloatArray:
        """Log weight ratios to the first weight (or the logit coefficients)."""
        if self.n_states == 1:
            return np.empty(0)
        block = self.blocks[0]
        assert block.chart is not None
        return block.chart.to_u(values[block.name])

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        if self.n_states == 1:
            return {}
        block = self.blocks[0]
        assert block.chart is not None
        return {block.name: block.chart.from_u(u, block.shape)}

    @property
    def n_working(self) -> int:
        """Number of working coordinates."""
        if self.n_states == 1:
            return 0
        block = self.blocks[0]
        assert block.chart is not None
        return block.chart.size(block.shape)

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """The class probabilities with class ``order[i]`` renumbered ``i``."""
        if self.n_states == 1:
            return {}
        if self.concomitant is None:
            return {"weight": values["weight"][order]}
        full = np.vstack([np.zeros((1, self.concomitant.shape[1])), values["logit"]])[order]
        return {"logit": full[1:] - full[:1]}

    def classes(self, hidden: FloatArray) -> FloatArray:
        """The hidden states are the classes."""
        return hidden

    def occupancy(self, values: ParamValues, posterior: Callable[[], FloatArray]
                  ) -> FloatArray:
        """Expected rows per class: the weights times the rows (with concomitant
        variables, the posterior's sums); with frequency weights, the replicated rows."""
        if self.concomitant is None and self.n_states > 1:
            rows = self.n_rows if self.case_weights is None else self.case_weights.nobs
            return values["weight"] * rows
        return posterior().sum(axis=0)

    def sample(self, values: ParamValues, rng: np.random.Generator) -> IntArray:
        """A class for every row."""
        probs = self.class_probabilities(values)
        cumulative = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
        cumulative[:, -1] = np.inf
        return np.asarray((rng.random(self.n_rows)[:, None] >= cumulative).sum(axis=1),
                          dtype=np.intp)

    # -- Louis ------------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The coordinates of the class scores: the working ones."""
        return self.to_working(values)

    def class_scores(self, rows: slice) -> FloatArray:
        """The complete-data score of each class in :meth:`score_coordinates`, up to a
        constant per row (which leaves a covariance unchanged): ``d log Pr(X = j) / du``
        is ``1{j = l} - pi_l`` for the log ratio ``u_l``, and ``(1{j = l} - p_l) w_i`` for
        the logit coefficients; rows x K x n_working."""
        k = self.n_states
        n = (rows.stop - rows.start)
        if k == 1:
            return np.zeros((n, 1, 0))
        indicator = np.eye(k)[:, 1:]
        if self.concomitant is None:
            return np.broadcast_to(indicator, (n, k, k - 1))
        w = self.concomitant[rows]
        return np.einsum("jl,tz->tjlz", indicator, w).reshape(n, k, -1)

    def score_variance(self, values: ParamValues, log_emission: FloatArray,
                       scores: EmissionScores, n_emission: int) -> FloatArray:
        """``Var[S_c | y]`` in the score coordinates
        (:func:`.louis.independent_score_variance`)."""
        weights = self.posterior_weights(values, log_emission)
        return independent_score_variance(weights, self.class_scores(slice(0, self.n_rows)),
                                          scores, n_emission, self.row_weights)
