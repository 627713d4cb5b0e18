r"""Hidden states that follow a Markov chain along each sequence.

A chain of :math:`K` states moves from :math:`i` to :math:`j` with probability
:math:`P_{ij}` (constant, or a multinomial logit of covariates: time-varying transition
probabilities), and starts each sequence from an initial distribution. The E-step is
the scaled forward-backward recursion (:mod:`emstats.models._forward_backward`), which
gives the smoothed state probabilities and the expected transition counts; the
sequences are the independent units, so the statistics of blocks of sequences add up.

Two chains share the machinery (:class:`ChainLayer`):

* :class:`FreeChain` (hidden Markov models): free start probabilities :math:`\pi` and
  transition rows; the M-step is the normalised expected counts (exact).
* :class:`SwitchingChain` (Markov-switching regression and autoregression): the
  pre-sample regime is drawn from the ergodic distribution of the first transition
  matrix, the chain may be expanded to the last ``p + 1`` regimes
  (:mod:`.expansion`), and the transition probabilities are logits against the last
  regime, constant or of covariates; the M-step is the multinomial logit of
  :mod:`.mlogit` with the ergodic term (a damped Newton ascent that never lowers ``Q``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, cast

import numpy as np
from scipy.special import xlogy
from statsmodels.tools.numdiff import approx_fprime

from ...engine.chunks import Additive
from ...params import Block, ParamValues, array_block, shared_block
from ...typing import BoolArray, FloatArray, IntArray
from ...weights import CaseWeights
from .._forward_backward import Posterior, forward_backward, hamilton_filter, viterbi
from .emission import Emission, EmissionScores
from .expansion import RegimeChain, ergodic_distribution, logits_of_rows, softmax_rows
from .louis import chain_score_variance
from .mlogit import LogitDesign, expected_loglike, maximise

BOUNDARY_TOL = 1e-10
"""A start or transition probability at or below this is on the boundary (zero)."""

ROW_ROUNDOFF = 1e-12
"""How far below zero the implied last transition probability of a row may fall by
round-off (its ``k - 1`` free entries summing to one) and still be read as zero."""


@dataclass(frozen=True)
class ChainStats(Additive):
    """Expected counts of a chain's E-step (sums over sequences).

    Attributes
    ----------
    starts : ndarray
        Expected sequences starting in each state (K); for a switching chain, the
        smoothed probabilities of the pre-sample regime.
    moves : ndarray
        Expected moves ``i -> j`` (K x K); with time-varying probabilities, one matrix
        per row of the sample (n x K x K, zero outside the rows of the block).
    """

    starts: FloatArray
    moves: FloatArray

    def scaled(self, weight: float) -> ChainStats:
        """The counts of ``weight`` copies of the sequences (a case weight)."""
        return ChainStats(weight * self.starts, weight * self.moves)


class ChainLayer:
    """Forward-backward orchestration shared by the chains (see the module docstring).

    Subclasses set ``n_states``, ``n_hidden``, ``n_rows``, ``sequence_starts`` and
    ``blocks`` and implement :meth:`chain_inputs`, :meth:`counts`, the M-step, the
    working chart and the score pieces of Louis' information.
    """

    n_states: int
    n_hidden: int
    n_rows: int
    sequence_starts: IntArray
    blocks: tuple[Block, ...]
    case_weights: CaseWeights | None = None
    """One case weight per sequence (:mod:`emstats.weights`), or None."""

    @property
    def row_weights(self) -> FloatArray | None:
        """Each row's case weight: its sequence's (None without case weights)."""
        if self.case_weights is None:
            return None
        lengths = np.diff(np.append(self.sequence_starts, self.n_rows))
        return np.repeat(self.case_weights.values, lengths)

    # -- to implement ---------------------------------------------------------------------
    def chain_inputs(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """The initial distribution (M) and the transition matrix (M x M) or matrices
        (n x M x M) of the hidden states."""
        raise NotImplementedError

    def counts(self, post: Posterior, rows: slice) -> ChainStats:
        """The expected counts of a block of sequences (rows ``rows``) from its posterior."""
        raise NotImplementedError

    def start_and_move_scores(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """Complete-data scores of the initial state (M x n_prob) and of each move
        (M x M x n_prob, or per row n x M x M x n_prob) in :meth:`score_coordinates`."""
        raise NotImplementedError

    # -- units: whole sequences ----------------------------------------------------------------
    @property
    def n_units(self) -> int:
        """The sequences are the independent units."""
        return len(self.sequence_starts)

    def unit_rows(self, units: slice) -> slice:
        """The rows of the sequences ``units``."""
        ends = np.append(self.sequence_starts[1:], self.n_rows)
        return slice(int(self.sequence_starts[units.start]), int(ends[units.stop - 1]))

    def _local_starts(self, rows: slice) -> IntArray:
        starts = self.sequence_starts
        inside = starts[(starts >= rows.start) & (starts < rows.stop)]
        return np.asarray(inside - rows.start, dtype=np.int64)

    def _restricted(self, transition: FloatArray, rows: slice) -> FloatArray:
        return transition if transition.ndim == 2 else transition[rows]

    # -- the E-step -------------------------------------------------------------------------
    def e_step_units(self, values: ParamValues, emission: Emission, units: slice
                     ) -> tuple[ChainStats, Any, float]:
        """Forward-backward over the sequences ``units``, then the emission's statistics
        weighted by the smoothed probabilities.

        Raises ``FloatingPointError`` when a sequence has probability zero (the engine then
        stops at the last finite iterate and says so).
        """
        rows = self.unit_rows(units)
        log_em = emission.log_density(values, rows)
        if self.case_weights is not None:
            return self._weighted_e_step(values, emission, units, log_em)
        post = self._block_posterior(values, log_em, rows)
        stats = emission.statistics(values, post.smoothed, rows)
        return self.counts(post, rows), stats, post.llf

    def _block_posterior(self, values: ParamValues, log_em: FloatArray, rows: slice
                         ) -> Posterior:
        """Forward-backward over the sequences of the rows ``rows`` (their log emission
        densities ``log_em``)."""
        initial, transition = self.chain_inputs(values)
        post = forward_backward(log_em, initial, self._restricted(transition, rows),
                                self._local_starts(rows))
        if not np.isfinite(post.llf):
            raise FloatingPointError("a sequence has probability zero at these parameters")
        return post

    def _weighted_e_step(self, values: ParamValues, emission: Emission, units: slice,
                         log_em: FloatArray) -> tuple[ChainStats, Any, float]:
        """The E-step of the sequences ``units`` with case weights: forward-backward over
        each run of consecutive sequences of one weight, whose counts and llf are
        multiplied by it; the emission's statistics weighted by the smoothed
        probabilities times the rows' weights."""
        assert self.case_weights is not None
        weights = self.case_weights.values
        rows = self.unit_rows(units)
        smoothed = np.empty_like(log_em)
        counts: ChainStats | None = None
        llf = 0.0
        for run in _equal_runs(weights, units):
            run_rows = self.unit_rows(run)
            local = slice(run_rows.start - rows.start, run_rows.stop - rows.start)
            post = self._block_posterior(values, log_em[local], run_rows)
            weight = float(weights[run.start])
            smoothed[local] = post.smoothed
            run_counts = self.counts(post, run_rows).scaled(weight)
            counts = run_counts if counts is None else counts + run_counts
            llf += weight * post.llf
        assert counts is not None
        row_weights = self.row_weights
        assert row_weights is not None
        stats = emission.statistics(values, smoothed * row_weights[rows, None], rows)
        return counts, stats, llf

    def posterior(self, values: ParamValues, log_emission: FloatArray,
                  pairwise: bool = False) -> Posterior:
        """Forward-backward over every sequence (with per-row pairwise probabilities if
        asked: Louis' information needs them)."""
        initial, transition = self.chain_inputs(values)
        if pairwise and transition.ndim == 2:
            transition = np.broadcast_to(transition, (self.n_rows, *transition.shape))
        return forward_backward(log_emission, initial, transition,
                                np.asarray(self.sequence_starts, dtype=np.int64))

    def posterior_weights(self, values: ParamValues, log_emission: FloatArray) -> FloatArray:
        """Smoothed hidden-state probabilities (rows x M)."""
        return self.posterior(values, log_emission).smoothed

    def classes(self, hidden: FloatArray) -> FloatArray:
        """The hidden states are the classes (an expanded chain overrides this)."""
        return hidden

    def occupancy(self, values: ParamValues, posterior: Callable[[], FloatArray]
                  ) -> FloatArray:
        """Expected observed rows per state: the smoothed probabilities' sums."""
        return posterior().sum(axis=0)

    def loglikeobs(self, values: ParamValues, emission: Emission) -> FloatArray:
        """``log p(y_t | y before t in its sequence)``: the prediction-error decomposition,
        whose terms are martingale differences (the OPG and robust covariances use them)."""
        log_emission = emission.log_density(values, slice(0, self.n_rows))
        initial, transition = self.chain_inputs(values)
        return hamilton_filter(log_emission, initial, transition,
                               np.asarray(self.sequence_starts, dtype=np.int64))[0]

    def viterbi(self, values: ParamValues, log_emission: FloatArray) -> tuple[IntArray, float]:
        """The most probable hidden-state path and ``log p(path, y)``."""
        initial, transition = self.chain_inputs(values)
        return viterbi(log_emission, initial, transition,
                       np.asarray(self.sequence_starts, dtype=np.int64))

    # -- Louis -----------------------------------------------------------------------------
    def score_variance(self, values: ParamValues, log_emission: FloatArray,
                       scores: EmissionScores, n_emission: int) -> FloatArray:
        """``Var[S_c | y]`` in the score coordinates (:func:`.louis.chain_score_variance`)."""
        post = self.posterior(values, log_emission, pairwise=True)
        start_scores, move_scores = self.start_and_move_scores(values)
        return chain_score_variance(post, np.asarray(self.sequence_starts), start_scores,
                                    move_scores, scores, n_emission,
                                    None if self.case_weights is None
                                    else self.case_weights.values)


# -- hidden Markov models -----------------------------------------------------------------------
@dataclass(frozen=True)
class ChartAtEstimate:
    """Working coordinates of the probabilities around an estimate (for inference).

    Each probability vector (the start probabilities, then each row of the transition
    matrix) is coded by the logits of its free entries against its largest entry;
    entries on the boundary are held at zero and have no coordinate.

    Attributes
    ----------
    reference : ndarray of int
        The reference entry of each vector ((k + 1)).
    held : ndarray of bool
        Entries held at zero ((k + 1) x k).
    """

    reference: IntArray
    held: BoolArray

    @classmethod
    def at(cls, probabilities: FloatArray, tol: float = BOUNDARY_TOL) -> ChartAtEstimate:
        """The chart at the probability vectors ``probabilities`` ((k + 1) x k)."""
        held = probabilities <= tol
        reference = np.argmax(np.where(held, -np.inf, probabilities), axis=1)
        return cls(reference, held)

    @property
    def free(self) -> BoolArray:
        """Entries with a coordinate: neither held nor the reference."""
        free = ~self.held
        free[np.arange(len(free)), self.reference] = False
        return free

    @property
    def size(self) -> int:
        """Number of coordinates."""
        return int(self.free.sum())

    def to_u(self, probabilities: FloatArray) -> FloatArray:
        """Logits of the free entries against the reference of their vector."""
        rows = np.arange(len(probabilities))
        ratios = probabilities / probabilities[rows, self.reference][:, None]
        return np.log(ratios[self.free])

    def from_u(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_u` (held entries exactly zero)."""
        logits = np.full(self.held.shape, -np.inf)
        logits[np.arange(len(logits)), self.reference] = 0.0
        logits[self.free] = u
        top = logits.max(axis=1, keepdims=True)
        out = np.exp(logits - top)
        return out / out.sum(axis=1, keepdims=True)

    def restrict(self, probabilities: FloatArray) -> FloatArray:
        """Held entries set to zero and each vector renormalised."""
        out = np.where(self.held, 0.0, probabilities)
        return out / out.sum(axis=1, keepdims=True)


class FreeChain(ChainLayer):
    """The chain of a hidden Markov model: free start probabilities and transition rows.

    Parameters
    ----------
    k : int
        Number of states.
    sequence_starts : ndarray of int
        First row of each sequence.
    n_rows : int
        Rows of every sequence together.
    chart : ChartAtEstimate, optional
        Minimal coordinates around an estimate (:meth:`centred_on`); without it, the
        fitting coordinates (square roots).

    Notes
    -----
    While fitting, every start and transition probability is coded by its square root
    (each vector is the squares renormalised). Zero is then an ordinary point: EM drives
    a probability whose maximum is on the boundary to zero geometrically,
    ``p_t ~ c^t``, so its root does too, which SQUAREM extrapolates as it does the other
    coordinates (a log would fall by ``log c`` per step without end, which neither the
    parameter rule nor SQUAREM's common step length can handle), and the fit converges
    instead of stopping on the boundary. A model returned in the results codes them by
    :class:`ChartAtEstimate` (minimal, boundary entries held at zero), which is what the
    covariance estimators need.

    Parameters are ``start[i]`` and ``p[i->j]`` (every entry of each row).
    """

    def __init__(self, k: int, sequence_starts: IntArray, n_rows: int,
                 chart: ChartAtEstimate | None = None,
                 case_weights: CaseWeights | None = None) -> None:
        self.n_states = self.n_hidden = int(k)
        self.sequence_starts = np.asarray(sequence_starts, dtype=np.int64)
        self.n_rows = int(n_rows)
        self.chart = chart
        self.case_weights = case_weights
        labels = [f"p[{i}->{j}]" for i in range(k) for j in range(k)]
        self.blocks = (array_block("start", [range(k)], n_free=k - 1),
                       shared_block("transition", np.arange(k * k).reshape(k, k), labels,
                                    n_free=k * (k - 1)))

    @property
    def is_centred(self) -> bool:
        """Whether the coordinates are the chart at an estimate."""
        return self.chart is not None

    def centred(self, values: ParamValues) -> tuple[FreeChain, dict[str, FloatArray]]:
        """The chain with the working coordinates centred on ``values`` (probabilities at
        most :data:`BOUNDARY_TOL` held at zero, the others logits against the largest of
        their vector), and the probabilities with those on the boundary set to zero."""
        chain = FreeChain(self.n_states, self.sequence_starts, self.n_rows,
                          ChartAtEstimate.at(self.probabilities(values)), self.case_weights)
        return chain, chain.snapped(values)

    @staticmethod
    def probabilities(values: ParamValues) -> FloatArray:
        """The start probabilities over the rows of the transition matrix ((k + 1) x k)."""
        return np.vstack([values["start"], values["transition"]])

    def snapped(self, values: ParamValues) -> dict[str, FloatArray]:
        """The probabilities on the boundary set to exactly zero."""
        probabilities = self.probabilities(values)
        chart = self.chart or ChartAtEstimate.at(probabilities)
        restricted = chart.restrict(probabilities)
        return {"start": restricted[0], "transition": restricted[1:]}

    def chain_inputs(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        return values["start"], values["transition"]

    def counts(self, post: Posterior, rows: slice) -> ChainStats:
        """Expected starts and transition counts of the block."""
        starts = self._local_starts(rows)
        return ChainStats(post.smoothed[starts].sum(axis=0), post.pair_counts)

    def m_step(self, stats: ChainStats, values: ParamValues) -> dict[str, FloatArray]:
        """Start probabilities and transition rows from the expected counts.

        A state with no expected departures keeps its transition row (any row maximises
        the expected complete-data llf then). Probabilities held at zero (a model at an
        estimate) stay zero: the M-step is the constrained maximiser.
        """
        counts = stats.moves.sum(axis=1, keepdims=True)
        transition = np.where(counts > 0, stats.moves / np.where(counts > 0, counts, 1.0),
                              values["transition"])
        probabilities = np.vstack([stats.starts / stats.starts.sum(), transition])
        if self.chart is not None:
            probabilities = self.chart.restrict(probabilities)
        return {"start": probabilities[0], "transition": probabilities[1:]}

    def expected_loglike(self, values: ParamValues, stats: ChainStats) -> float:
        """The chain's part of ``Q``."""
        return float(xlogy(stats.starts, values["start"]).sum()
                     + xlogy(stats.moves, values["transition"]).sum())

    # -- coordinates -------------------------------------------------------------------------
    def to_working(self, values: ParamValues) -> FloatArray:
        """Square roots of the probabilities (fitting), or the chart at the estimate."""
        probabilities = self.probabilities(values)
        if self.chart is not None:
            return self.chart.to_u(probabilities)
        return np.sqrt(probabilities).ravel()

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        if self.chart is not None:
            probabilities = self.chart.from_u(u)
        else:
            squares = np.square(np.asarray(u, dtype=float).reshape(self.n_states + 1, -1))
            probabilities = squares / squares.sum(axis=1, keepdims=True)
        return {"start": probabilities[0], "transition": probabilities[1:]}

    @property
    def n_working(self) -> int:
        """Number of working coordinates."""
        k = self.n_states
        return k * (k + 1) if self.chart is None else self.chart.size

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """State ``order[i]`` renumbered ``i``."""
        return {"start": values["start"][order],
                "transition": values["transition"][np.ix_(order, order)]}

    # -- Louis -------------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The working coordinates (minimal ones: a chain centred on an estimate)."""
        return self.to_working(values)

    def start_and_move_scores(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """``d log v_x / d u_l = 1{x = l} - v_l`` for the logit ``u_l`` of the vector ``v``
        used (the start probabilities, or the row of the state moved from)."""
        if self.chart is None:
            raise ValueError("Louis' information needs minimal coordinates: use "
                             "model.centred_on(params) (the results' model is one)")
        probabilities = self.probabilities(values)
        k = self.n_states
        free = self.chart.free
        offsets = np.concatenate([[0], np.cumsum(free.sum(axis=1))])
        n_prob = int(offsets[-1])
        start = np.zeros((k, n_prob))
        moves = np.zeros((k, k, n_prob))
        for row in range(k + 1):
            cols = np.flatnonzero(free[row])
            block = slice(offsets[row], offsets[row + 1])
            score = np.eye(k)[:, cols] - probabilities[row, cols]  # (state reached) x coords
            if row == 0:
                start[:, block] = score
            else:
                moves[row - 1, :, block] = score
        return start, moves


# -- Markov switching ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RegimeCovariates:
    """Covariates of time-varying transition probabilities (Filardo 1994).

    Attributes
    ----------
    design : ndarray
        One row per observation of the full sample (n_full x r); row ``tau`` sets the
        probabilities of the move into ``tau``.
    names : list of str
        Their names.
    """

    design: FloatArray
    names: list[str]


class SwitchingChain(ChainLayer):
    """The regime chain of a Markov-switching model (see the module docstring).

    Parameters
    ----------
    k : int
        Number of regimes.
    order : int
        Autoregressive order: the hidden states are the last ``order + 1`` regimes.
    n_full : int
        Observations of the full sample (the first ``order`` are presample).
    covariates : RegimeCovariates, optional
        Covariates of time-varying transition probabilities.

    Notes
    -----
    Parameters are the transition probabilities into the first ``k - 1`` regimes,
    ``p[i->j]`` (those into the last are implied), or the logit coefficients
    ``p[i->j].<covariate>`` against the last regime, in statsmodels' order. The
    working coordinates are the logits of each row against its last entry (constant
    probabilities) or the coefficients.
    """

    is_centred = False
    """The working coordinates (logits) are minimal everywhere."""

    def centred(self, values: ParamValues) -> tuple[SwitchingChain, dict[str, FloatArray]]:
        """The chain itself: its coordinates are minimal already."""
        return self, {}

    def __init__(self, k: int, order: int, n_full: int,
                 covariates: RegimeCovariates | None = None) -> None:
        self.n_states = int(k)
        self.order = int(order)
        self.expansion = RegimeChain(self.n_states, self.order)
        self.n_hidden = self.expansion.n_states
        self.n_full = int(n_full)
        self.n_rows = self.n_full - self.order
        self.sequence_starts = np.zeros(1, dtype=np.int64)
        self.covariates = covariates
        self.blocks = (self._transition_block(),)

    def _transition_block(self) -> Block:
        k = self.n_states
        if self.covariates is None:
            index = np.array([[j * k + i for j in range(k - 1)] for i in range(k)])
            labels = [f"p[{i}->{j}]" for j in range(k - 1) for i in range(k)]
            return shared_block("transition", index, labels)
        names = self.covariates.names
        r = len(names)
        index = np.array([[[j * r * k + z * k + i for z in range(r)] for j in range(k - 1)]
                          for i in range(k)])
        labels = [f"p[{i}->{j}].{name}" for j in range(k - 1) for name in names
                  for i in range(k)]
        return shared_block("transition", index, labels)

    # -- probabilities ----------------------------------------------------------------------
    @property
    def _logit(self) -> LogitDesign:
        design = np.ones((1, 1)) if self.covariates is None else self.covariates.design
        return LogitDesign(design, reference=self.n_states - 1)

    def logits(self, transition: FloatArray) -> FloatArray:
        """The logit coefficients (k x k-1 x r) of the transition block's value."""
        if self.covariates is None:
            return logits_of_rows(complete_rows(transition))[..., None]
        return transition

    def from_logits(self, logits: FloatArray) -> FloatArray:
        """The transition block's value of logit coefficients."""
        if self.covariates is None:
            return softmax_rows(logits[..., 0])[:, :-1]
        return logits

    def regime_transitions(self, transition: FloatArray, design: FloatArray | None = None
                           ) -> FloatArray:
        """Regime transition matrices: k x k, or one per row of the covariates."""
        if self.covariates is None:
            return complete_rows(transition)
        z = self.covariates.design if design is None else design
        return softmax_rows(np.einsum("tz,ijz->tij", z, transition))

    def chain_inputs(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """The initial distribution of the first expanded state and the expanded
        transition matrix (matrices, with covariates: those of the effective sample)."""
        mats = self.regime_transitions(values["transition"])
        if mats.ndim == 2:
            return self.expansion.initial(mats), self.expansion.expand(mats)
        return (self.expansion.initial(mats[: self.order + 1]),
                self.expansion.expand(mats[self.order:]))

    def classes(self, hidden: FloatArray) -> FloatArray:
        """Regime probabilities from expanded-state probabilities."""
        return self.expansion.regime_probabilities(hidden)

    def counts(self, post: Posterior, rows: slice) -> ChainStats:
        """The expected regime moves (those inside the first expanded state included) and
        the smoothed probabilities of the pre-sample regime ``S_0``."""
        chain = self.expansion
        first = post.smoothed[0]
        inside = chain.regime_pairs_in_initial(first)
        if post.pairwise is None:
            moves = chain.regime_pairs(post.pair_counts) + inside.sum(axis=0)
        else:
            moves = np.zeros((self.n_full, self.n_states, self.n_states))
            moves[1: self.order + 1] = inside
            moves[self.order + 1:] = chain.regime_pairs(post.pairwise[1:])
        first_regime = cast(FloatArray, np.bincount(  # weighted: float64, as the stubs miss
            chain.lags[:, self.order], weights=first, minlength=self.n_states))
        return ChainStats(first_regime, moves)

    # -- the M-step ---------------------------------------------------------------------------
    def _ergodic_term(self, first_regime: FloatArray) -> ErgodicStart:
        return ErgodicStart(first_regime)

    def m_step(self, stats: ChainStats, values: ParamValues) -> dict[str, FloatArray]:
        """Damped Newton ascent of the transition part of ``Q`` (the expected moves and
        the ergodic start) from the current value; never lowers it."""
        moves = stats.moves.reshape(-1, self.n_states, self.n_states)
        logits = maximise(self.logits(values["transition"]), moves, self._logit,
                          self._ergodic_term(stats.starts))
        return {"transition": self.from_logits(logits)}

    def expected_loglike(self, values: ParamValues, stats: ChainStats) -> float:
        """The transition part of ``Q``: expected moves and the ergodic start."""
        moves = stats.moves.reshape(-1, self.n_states, self.n_states)
        return expected_loglike(self.logits(values["transition"]), moves, self._logit,
                                self._ergodic_term(stats.starts))

    # -- coordinates ---------------------------------------------------------------------------
    def _entries(self, coefficients: FloatArray) -> FloatArray:
        """Logit coefficients (k x k-1 x r) in the order of the transition block's entries."""
        index = self.blocks[0].index
        out = np.empty(self.blocks[0].size)
        out[index] = coefficients.reshape(index.shape)
        return out

    def _coefficients(self, entries: FloatArray) -> FloatArray:
        """Inverse of :meth:`_entries`."""
        k = self.n_states
        return np.asarray(entries, dtype=float)[self.blocks[0].index].reshape(k, k - 1, -1)

    def to_working(self, values: ParamValues) -> FloatArray:
        """Logits of each row against its last entry, or the logit coefficients (in the
        order of the block's entries)."""
        return self._entries(self.logits(values["transition"]))

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        return {"transition": self.from_logits(self._coefficients(u))}

    @property
    def n_working(self) -> int:
        """``k (k - 1) r`` logit coordinates."""
        r = 1 if self.covariates is None else len(self.covariates.names)
        return self.n_states * (self.n_states - 1) * r

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """Regime ``order[s]`` renumbered ``s``."""
        transition = values["transition"]
        if self.covariates is None:
            full = complete_rows(transition)[np.ix_(order, order)]
            return {"transition": full[:, :-1]}
        shape = transition.shape
        full = np.concatenate([transition, np.zeros((shape[0], 1, shape[2]))], axis=1)
        full = full[order][:, order]
        return {"transition": (full - full[:, -1:])[:, :-1]}

    # -- Louis ------------------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The working coordinates of the transition block."""
        return self.to_working(values)

    def start_and_move_scores(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """Scores of the first expanded state (``log`` of the initial distribution,
        differentiated numerically: it involves the ergodic distribution) and of each
        move between expanded states (the regime move's logit score, per row with
        covariates)."""
        u = self.to_working(values)

        def log_initial(v: FloatArray) -> FloatArray:
            transition = self.from_working(v)["transition"]
            mats = self.regime_transitions(transition)
            first = mats if mats.ndim == 2 else mats[: self.order + 1]
            with np.errstate(divide="ignore"):
                return np.log(self.expansion.initial(first))

        start = np.atleast_2d(approx_fprime(u, log_initial, centered=True))
        start = np.nan_to_num(start, nan=0.0, posinf=0.0, neginf=0.0)
        regime = self._regime_move_scores(values)
        current = self.expansion.current
        moves = regime[..., current[:, None], current[None, :], :]
        return start, moves

    def _regime_move_scores(self, values: ParamValues) -> FloatArray:
        """``d log P[i, j] / d u`` (k x k x n_prob, or per effective row n x k x k x n_prob):
        ``(1{j = l} - P[i, l]) z`` for the coefficients of row ``i``'s logit of ``l``."""
        k = self.n_states
        if self.covariates is None:
            design = np.ones((1, 1))
            mats = self.regime_transitions(values["transition"])[None]
        else:
            design = self.covariates.design[self.order:]
            mats = self.regime_transitions(values["transition"])[self.order:]
        r = design.shape[1]
        out = np.zeros((design.shape[0], k, k, k, k - 1, r))
        for i in range(k):
            for to in range(k - 1):
                indicator = (np.arange(k) == to)[None, :] - mats[:, i, to][:, None]
                out[:, i, :, i, to, :] = indicator[:, :, None] * design[:, None, :]
        index = self.blocks[0].index.reshape(k, k - 1, r)
        entries = np.empty((design.shape[0], k, k, self.blocks[0].size))
        entries[..., index] = out
        return entries[0] if self.covariates is None else entries


@dataclass(frozen=True)
class ErgodicStart:
    """The ergodic start's part of ``Q``: ``e(P) = rho' log d(P)``, ``d = e(P) P`` the
    distribution of ``S_0`` given the ergodic distribution ``e(P)`` of ``S_{-1}``, and
    ``rho`` the smoothed probabilities of ``S_0``.

    Its gradient in ``P``: ``dd = e dP W``, ``W = Z P + I``, ``Z = (I - P + 1 e)^-1`` the
    fundamental matrix (Kemeny & Snell), so ``de/dP[i, j] = e_i (W v)_j``, ``v = rho / d``.
    """

    first_regime: FloatArray

    def value(self, first: FloatArray) -> float:
        """``rho' log d(P)``."""
        start = ergodic_distribution(first) @ first
        rho = self.first_regime
        with np.errstate(divide="ignore"):
            return float(rho @ np.where(rho > 0, np.log(start), 0.0))

    def gradient(self, first: FloatArray) -> FloatArray:
        """``de / dP`` (k x k)."""
        k = first.shape[0]
        ergodic = ergodic_distribution(first)
        start = ergodic @ first
        fundamental = np.linalg.inv(np.eye(k) - first + ergodic[None, :])
        ratio = np.divide(self.first_regime, start, out=np.zeros(k), where=start > 0)
        return np.outer(ergodic, (fundamental @ first + np.eye(k)) @ ratio)


def complete_rows(free: FloatArray) -> FloatArray:
    """Transition matrix from its first ``k - 1`` columns.

    The implied last column ``1 - sum`` cancels when the others sum to one: a value
    below zero by no more than round-off (``ROW_ROUNDOFF``) is zero; a larger negative
    value is kept, for the checks to report.
    """
    last = 1.0 - free.sum(axis=-1, keepdims=True)
    last = np.where((last < 0.0) & (last >= -ROW_ROUNDOFF), 0.0, last)
    return np.concatenate([free, last], axis=-1)


def _equal_runs(weights: FloatArray, units: slice) -> list[slice]:
    """The units ``units`` as runs of consecutive units of equal weight."""
    chosen = weights[units]
    breaks = np.flatnonzero(np.diff(chosen) != 0) + 1
    edges = [0, *breaks.tolist(), chosen.size]
    return [slice(units.start + lo, units.start + hi) for lo, hi in pairwise(edges)]
