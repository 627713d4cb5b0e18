r"""Multivariate Gaussian hidden Markov models with missing values.

A chain of :math:`k` hidden states :math:`X_t` starts in state :math:`i` with
probability :math:`\pi_i` at the beginning of every sequence and moves from :math:`i`
to :math:`j` with probability :math:`P_{ij}`; given :math:`X_t = j` the row
:math:`y_t` is :math:`N(\mu_j, \Sigma_j)`, with the covariances constrained by one of
mclust's structures (``full`` = VVV, ``diag`` = VVI, ``spherical`` = VII, ``tied`` =
EEE). Missing entries (NaN) are integrated out of each row's density, exactly as in
:mod:`emstats.models.gaussian`; a row with every entry missing is a time step without
an observation (density 1), whose state is inferred from its neighbours.

EM (Baum-Welch) is exact in every step, so the log-likelihood never falls:

* E-step: the log density of each row's observed entries under each state, then the
  scaled forward-backward recursions (:mod:`emstats.models._forward_backward`), which
  give the smoothed state probabilities :math:`\gamma_t(j)` and the expected
  transition counts :math:`\sum_t \Pr(X_{t-1} = i, X_t = j \mid y)`.
* M-step: :math:`\pi` is the average of :math:`\gamma` at the sequence starts, each
  row of :math:`P` the normalised expected transition counts, and the means and
  covariances the Gaussian mixture's M-step with :math:`\gamma` as responsibilities
  (including the conditional covariance of the missing entries).

Parameters are :math:`\pi` (``start[i]``), :math:`P` (``p[i->j]``), the means and the
lower triangles of the covariances. States are numbered from 0 and ordered by their
first mean coordinate. Probabilities estimated on the boundary (at most
:data:`BOUNDARY_TOL`; with one sequence the start probabilities always are: the
likelihood is linear in them) are held at zero for inference, as depmixS4 does: they
get no standard error and the others are estimated conditionally on them.
"""

from __future__ import annotations

import copy
import dataclasses
import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import xlogy
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

from .._checks import count_distinct_rows, numeric_matrix
from ..base import EMModel, EMResults, arrays_differ
from ..engine.chunks import Additive
from ..exceptions import DegenerateSolutionWarning, SingleSequenceError
from ..inference.covariance import unconstrained_jacobian
from ..params import symmetric_block
from ..typing import FloatArray
from ._covchart import cov_from_u, cov_to_u
from ._covstruct import get_structure
from ._forward_backward import Posterior, forward_backward, hamilton_filter, viterbi
from ._gaussian_kernels import (
    GaussianMoments,
    MixtureParams,
    expected_gaussian_loglike,
    filled_deviations,
    gaussian_m_step,
    log_joint_rows,
    pattern_deviations,
    pattern_normals,
    singular_covariances,
    weighted_moments,
)
from ._gaussian_score import _isserlis_sum, _score_mean, _score_spread
from ._missing import Conditional, Pattern, group_patterns, pattern_table
from .gaussian import GaussianMixture

BOUNDARY_TOL = 1e-10
"""A start or transition probability at or below this is on the boundary (zero)."""



# -- parameters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class HMMParams:
    """The natural parameters, unpacked.

    Attributes
    ----------
    startprob : ndarray
        ``Pr(X = i)`` at the start of a sequence (k).
    transition : ndarray
        ``transition[i, j] = Pr(X_t = j | X_{t-1} = i)`` (k x k).
    means, covariances : ndarray
        State means (k x d) and covariances (k x d x d).
    """

    startprob: FloatArray
    transition: FloatArray
    means: FloatArray
    covariances: FloatArray

    @property
    def probabilities(self) -> FloatArray:
        """The start probabilities over the rows of the transition matrix ((k + 1) x k)."""
        return np.vstack([self.startprob, self.transition])

    @property
    def emission(self) -> MixtureParams:
        """The state densities as a mixture with unit weights (log weight 0)."""
        return MixtureParams(np.ones(len(self.means)), self.means, self.covariances)

    def permuted(self, order: np.ndarray) -> HMMParams:
        """The same chain with state ``order[i]`` renumbered ``i``."""
        return HMMParams(self.startprob[order], self.transition[np.ix_(order, order)],
                         self.means[order], self.covariances[order])


@dataclass(frozen=True)
class HMMStats(Additive):
    """Expected complete-data statistics of the E-step (sums over sequences).

    Attributes
    ----------
    starts : ndarray
        Expected number of sequences starting in each state (k).
    transitions : ndarray
        Expected transition counts (k x k).
    emission : GaussianMoments
        The Gaussian mixture's moments with the smoothed probabilities as
        responsibilities, about the current means.
    """

    starts: FloatArray
    transitions: FloatArray
    emission: GaussianMoments


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

    reference: np.ndarray
    held: np.ndarray

    @classmethod
    def at(cls, probabilities: FloatArray, tol: float = BOUNDARY_TOL) -> ChartAtEstimate:
        """The chart at the probability vectors ``probabilities`` ((k + 1) x k)."""
        held = probabilities <= tol
        reference = np.argmax(np.where(held, -np.inf, probabilities), axis=1)
        return cls(reference, held)

    @property
    def free(self) -> np.ndarray:
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
        return _softmax_rows(logits)

    def restrict(self, probabilities: FloatArray) -> FloatArray:
        """Held entries set to zero and each vector renormalised."""
        out = np.where(self.held, 0.0, probabilities)
        return out / out.sum(axis=1, keepdims=True)


def _softmax_rows(logits: FloatArray) -> FloatArray:
    top = logits.max(axis=1, keepdims=True)
    out = np.exp(logits - top)
    return out / out.sum(axis=1, keepdims=True)


# -- data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SequenceData:
    """Numeric rows, their labels and the sequences they form.

    Attributes
    ----------
    values : ndarray
        A private copy of the numeric columns (rows x d), NaN for missing.
    columns : list of str
        Column names.
    index : Index
        Row labels.
    lengths : ndarray of int
        Rows per sequence, in order.
    """

    values: FloatArray
    columns: list[str]
    index: pd.Index
    lengths: np.ndarray

    @property
    def starts(self) -> np.ndarray:
        """First row of each sequence."""
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)


def sequence_data(data: Any, lengths: Any = None, groups: Any = None) -> SequenceData:
    """Check and split ``data`` into sequences (``lengths``, or a ``groups`` column or array).

    Raises
    ------
    ValueError
        Non-numeric columns, both ``lengths`` and ``groups``, lengths that do not add up
        to the rows, groups whose rows are not contiguous, or a sequence of one row.
    """
    if lengths is not None and groups is not None:
        raise ValueError("give lengths or groups, not both")
    if groups is not None and _is_column(data, groups):
        ids = data[groups].to_numpy()
        data = data.drop(columns=[groups])
    else:
        ids = None if groups is None else np.asarray(groups)
    values, names = numeric_matrix(data)
    index = (data.index if isinstance(data, pd.DataFrame | pd.Series)
             else pd.RangeIndex(len(values)))
    n = len(values)
    if ids is not None:
        sizes = _group_lengths(ids, n)
    elif lengths is not None:
        sizes = _checked_lengths(lengths, n)
    else:
        sizes = np.array([n])
    short = np.flatnonzero(sizes < 2)
    if short.size:
        raise ValueError(
            f"{short.size} sequence(s) have fewer than 2 rows (sequence(s) "
            f"{short[:5].tolist()}); a hidden Markov model needs at least one transition "
            "per sequence: drop them or join them to others")
    return SequenceData(values, names, index, sizes.astype(np.int64))


def _is_column(data: Any, groups: Any) -> bool:
    """Whether ``groups`` names a column of ``data`` (a string that does not: an error)."""
    if not isinstance(data, pd.DataFrame) or not isinstance(groups, Hashable):
        return False
    try:
        if groups in data.columns:
            return True
    except TypeError:  # an unhashable array-like (pandas objects claim to be hashable)
        return False
    if isinstance(groups, str):
        raise ValueError(f"groups={groups!r} is not a column of data")
    return False


def _group_lengths(ids: np.ndarray, n: int) -> np.ndarray:
    """Run lengths of the sequence ids; an error if a group's rows are not contiguous."""
    if ids.ndim != 1 or len(ids) != n:
        raise ValueError(f"groups must have one label per row ({n}), got shape {ids.shape}")
    codes, labels = pd.factorize(ids)
    if (codes < 0).any():
        raise ValueError(f"groups has missing labels (row {int(np.flatnonzero(codes < 0)[0])})")
    change = np.flatnonzero(np.diff(codes) != 0) + 1
    run_starts = np.concatenate([[0], change])
    run_codes = codes[run_starts]
    if np.unique(run_codes).size < run_codes.size:
        seen: dict[int, int] = {}
        for start, code in zip(run_starts.tolist(), run_codes.tolist(), strict=True):
            if code in seen:
                label = labels[code].item() if hasattr(labels[code], "item") else labels[code]
                raise ValueError(
                    f"the rows of group {label!r} are not contiguous (rows "
                    f"{seen[code]} and {start} start separate runs); sort the data by "
                    "group, then by time, e.g. data.sort_values([group, time])")
            seen[code] = start
    return np.diff(np.concatenate([run_starts, [n]]))


def _checked_lengths(lengths: Any, n: int) -> np.ndarray:
    sizes = np.asarray(lengths)
    if sizes.ndim != 1 or sizes.size == 0 or not np.issubdtype(sizes.dtype, np.number):
        raise ValueError("lengths must be a non-empty 1-d sequence of integers")
    if not np.all(np.mod(sizes, 1) == 0) or (sizes < 1).any():
        raise ValueError(f"lengths must be positive integers, got {sizes.tolist()[:10]}")
    sizes = sizes.astype(np.int64)
    if int(sizes.sum()) != n:
        raise ValueError(f"lengths add up to {int(sizes.sum())} rows, but data have {n} rows")
    return sizes


# -- the model ----------------------------------------------------------------------------
class GaussianHMM(EMModel):
    """Hidden Markov model with multivariate normal emissions and missing values.

    Parameters
    ----------
    data : DataFrame or array_like
        Numeric columns, one row per time step, NaN for missing values; never modified.
        Rows of a sequence are consecutive and in time order.
    k : int
        Number of hidden states (at least 2).
    covariance : str
        ``"full"`` (mclust's VVV), ``"diag"`` (VVI), ``"spherical"`` (VII), ``"tied"``
        (EEE), or any of mclust's 14 structure names.
    lengths : array_like of int, optional
        Rows of each sequence, in order (as hmmlearn's ``lengths``); they must add up to
        the rows of ``data``. Default: one sequence.
    groups : str or array_like, optional
        The sequence of each row: a column name of ``data`` (that column is not
        modelled) or one label per row. The rows of a group must be contiguous.
    random_state : int, optional
        Seed of the k-means++ partitions of the default start (used beyond 5,000 rows,
        or when the hierarchical partition has a group too small for a covariance);
        default 0, so that fits are reproducible.

    Notes
    -----
    Rows with every value missing stay in the chain as time steps without an
    observation (a warning says how many); ``nobs`` counts the other rows. The default
    start is the Gaussian mixture's (Ward's hierarchical clustering up to 5,000 rows,
    k-means++ beyond) with transition probabilities from the consecutive labels;
    ``fit(n_starts=m)`` adds k-means++ starts.
    """

    model_name: ClassVar[str] = "Gaussian HMM"
    default_cov_type: ClassVar[str] = "oim"

    def __init__(self, data: Any, k: int, covariance: str = "full", *,
                 lengths: Any = None, groups: Any = None,
                 random_state: int | None = None) -> None:
        seq = sequence_data(data, lengths, groups)
        values = seq.values
        GaussianMixture._check_columns(values, seq.columns)
        _check_not_constant(values, seq.columns)
        observed = ~np.isnan(values).all(axis=1)
        if not observed.all():
            warnings.warn(
                f"{int((~observed).sum())} row(s) have every value missing; they stay in "
                "the chain as time steps without an observation (their states are "
                "inferred from their neighbours) and nobs counts the other rows",
                UserWarning, stacklevel=2)
        values.flags.writeable = False
        self.values = values
        self.columns = seq.columns
        self.row_index = seq.index
        self.lengths = seq.lengths
        self.starts = seq.starts
        self.observed_rows = observed
        self.k = _checked_k(k, values[observed])
        self.structure = get_structure(covariance)
        self.random_state = random_state
        self.chart: ChartAtEstimate | None = None
        self.patterns = group_patterns(values)
        super().__init__(values, None)
        self.nobs = float(observed.sum())
        self.data.param_names = self._names()
        d, kk = self.n_features, self.k
        self.n_free_params = ((kk - 1) + kk * (kk - 1) + kk * d
                              + self.structure.n_params(d, kk))
        self.df_model = float(self.n_free_params)
        self.df_resid = self.nobs - self.n_free_params

    # -- names and sizes ----------------------------------------------------------------
    def _names(self) -> list[str]:
        states = range(self.k)
        return ([f"start[{i}]" for i in states]
                + [f"p[{i}->{j}]" for i in states for j in states]
                + [f"mean[{i},{c}]" for i in states for c in self.columns]
                + list(symmetric_block("cov", states, self.columns).labels))

    @property
    def n_features(self) -> int:
        """Number of columns ``d``."""
        return self.values.shape[1]

    @property
    def n_sequences(self) -> int:
        """Number of sequences."""
        return len(self.lengths)

    @property
    def k_components(self) -> int:
        """Number of states."""
        return self.k

    # -- parameter vector -----------------------------------------------------------------
    def unpack(self, params: FloatArray) -> HMMParams:
        """Start probabilities, transition matrix, means and covariances."""
        params = np.asarray(params, dtype=float)
        k, d = self.k, self.n_features
        startprob = params[:k]
        transition = params[k:k + k * k].reshape(k, k)
        rest = params[k + k * k:]
        means = rest[:k * d].reshape(k, d)
        tri = np.tril_indices(d)
        covs = np.zeros((k, d, d))
        lower = rest[k * d:].reshape(k, -1)
        covs[:, tri[0], tri[1]] = lower
        covs[:, tri[1], tri[0]] = lower
        return HMMParams(startprob, transition, means, covs)

    def pack(self, p: HMMParams) -> FloatArray:
        """The parameter vector of :class:`HMMParams`."""
        tri = np.tril_indices(self.n_features)
        return np.concatenate([p.startprob, np.ravel(p.transition), np.ravel(p.means),
                               np.ravel(np.asarray(p.covariances)[:, tri[0], tri[1]])])

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Probabilities' coordinates, means, then the covariances' minimal coordinates.

        While fitting, every start and transition probability is coded by its square
        root (each vector is the squares renormalised). Zero is then an ordinary point:
        EM drives a probability whose maximum is on the boundary to zero geometrically,
        ``p_t ~ c^t``, so its root does too, which SQUAREM extrapolates as it does the
        other coordinates (a log would fall by ``log c`` per step without end, which
        neither the parameter rule nor SQUAREM's common step length can handle), and
        the fit converges instead of stopping on the boundary. A model returned in the
        results codes them by :class:`ChartAtEstimate` (minimal, boundary entries held
        at zero), which is what the covariance estimators need.
        """
        p = self.unpack(params)
        return np.concatenate([self._probabilities_to_u(p.probabilities), p.means.ravel(),
                               cov_to_u(self.structure.name, p.covariances)])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        k, d = self.k, self.n_features
        n_prob = self._n_probability_coordinates
        probabilities = self._probabilities_from_u(u[:n_prob])
        means = u[n_prob:n_prob + k * d].reshape(k, d)
        covs = cov_from_u(self.structure.name, u[n_prob + k * d:], k, d)
        return self.pack(HMMParams(probabilities[0], probabilities[1:], means, covs))

    @property
    def _n_probability_coordinates(self) -> int:
        return self.k * (self.k + 1) if self.chart is None else self.chart.size

    def _probabilities_to_u(self, probabilities: FloatArray) -> FloatArray:
        if self.chart is not None:
            return self.chart.to_u(probabilities)
        return np.sqrt(probabilities).ravel()

    def _probabilities_from_u(self, u: FloatArray) -> FloatArray:
        if self.chart is not None:
            return self.chart.from_u(u)
        squares = np.square(u.reshape(self.k + 1, self.k))
        return squares / squares.sum(axis=1, keepdims=True)

    def centred_on(self, params: FloatArray) -> GaussianHMM:
        """This model (sharing its data) with the working coordinates of the probabilities
        centred on ``params``: probabilities at most :data:`BOUNDARY_TOL` held at zero, the
        others coded by logits against the largest of their vector (minimal coordinates,
        as the information matrices need)."""
        model = copy.copy(self)
        model.chart = ChartAtEstimate.at(self.unpack(params).probabilities)
        return model

    def snap_to_boundary(self, params: FloatArray) -> FloatArray:
        """``params`` with the probabilities on the boundary set to exactly zero."""
        p = self.unpack(params)
        chart = self.chart or ChartAtEstimate.at(p.probabilities)
        probabilities = chart.restrict(p.probabilities)
        return self.pack(dataclasses.replace(p, startprob=probabilities[0],
                                             transition=probabilities[1:]))

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """States ordered by their first mean coordinate (the label-switching rule).

        A model whose coordinates are centred on an estimate (:meth:`centred_on`) keeps
        the order of that estimate.
        """
        if self.chart is not None:
            return np.asarray(params, dtype=float)
        p = self.unpack(params)
        return self.pack(p.permuted(np.argsort(p.means[:, 0], kind="stable")))

    # -- the EM maths -----------------------------------------------------------------------
    def log_emission(self, params: FloatArray | HMMParams,
                     normals: list[list[Conditional]] | None = None) -> FloatArray:
        """``log phi(y_t,obs; mu_j, Sigma_j)`` per row and state (rows x k); 0 for rows
        with every value missing. ``normals``: the patterns' factored conditional
        normals, if at hand."""
        p = params if isinstance(params, HMMParams) else self.unpack(params)
        return log_joint_rows(self.patterns, len(self.values), p.emission, normals)

    def posterior(self, params: FloatArray) -> Posterior:
        """Forward-backward at ``params``: llf, filtered, smoothed probabilities, counts."""
        p = self.unpack(params)
        return forward_backward(self.log_emission(p), p.startprob, p.transition, self.starts)

    def e_step(self, params: FloatArray) -> tuple[HMMStats, float]:
        """Forward-backward, then the Gaussian moments weighted by the smoothed probabilities.

        Raises ``FloatingPointError`` when a sequence has probability zero (the engine
        then stops at the last finite iterate and says so).
        """
        p = self.unpack(params)
        normals = pattern_normals(p.covariances, self.patterns)
        post = forward_backward(self.log_emission(p, normals), p.startprob, p.transition,
                                self.starts)
        if not np.isfinite(post.llf):
            raise FloatingPointError("a sequence has probability zero at these parameters")
        emission = weighted_moments(self.patterns, p.means, p.covariances, post.smoothed,
                                    normals)
        stats = HMMStats(post.smoothed[self.starts].sum(axis=0), post.pair_counts, emission)
        return stats, post.llf

    def m_step(self, stats: HMMStats, params: FloatArray) -> FloatArray:
        """Start probabilities and transition rows from the expected counts; means and
        covariances by the Gaussian mixture's M-step.

        A state with no expected departures keeps its transition row (any row maximises
        the expected complete-data llf then). Probabilities held at zero (a model at an
        estimate) stay zero: the M-step is the constrained maximiser.
        """
        p = self.unpack(params)
        counts = stats.transitions.sum(axis=1, keepdims=True)
        transition = np.where(counts > 0, stats.transitions / np.where(counts > 0, counts, 1.0),
                              p.transition)
        probabilities = np.vstack([stats.starts / stats.starts.sum(), transition])
        if self.chart is not None:
            probabilities = self.chart.restrict(probabilities)
        means, covs = gaussian_m_step(stats.emission, p.means, p.covariances, self.structure)
        return self.pack(HMMParams(probabilities[0], probabilities[1:], means, covs))

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (missing entries integrated out)."""
        return float(self.loglikeobs(params).sum())

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """``log p(y_t | y_1, ..., y_{t-1})`` per row (the prediction-error decomposition,
        whose terms are martingale differences: the OPG and robust covariances use them);
        ``-inf`` everywhere when the covariances are not positive definite."""
        p = self.unpack(params)
        try:
            log_em = self.log_emission(p)
        except np.linalg.LinAlgError:
            return np.full(len(self.values), -np.inf)
        return hamilton_filter(log_em, p.startprob, p.transition, self.starts)[0]

    def expected_complete_loglike(self, params: FloatArray, stats: HMMStats, at: FloatArray
                                  ) -> float:
        """``Q(params | at)``: the expected complete-data llf given the E-step's ``stats``
        at ``at``."""
        p = self.unpack(params)
        return float(xlogy(stats.starts, p.startprob).sum()
                     + xlogy(stats.transitions, p.transition).sum()
                     + expected_gaussian_loglike(p.means, p.covariances, stats.emission,
                                                 self.unpack(at).means))

    # -- complete-data information (Louis, SEM) -------------------------------------------
    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """``E[-d2 l_c / du du' | y]``: minus the numerical Hessian of ``Q`` (cheap: ``Q``
        depends on the data only through the E-step statistics at ``u``)."""
        at = self.from_unconstrained(u)
        stats = self.e_step(at)[0]
        return -approx_hess3(
            u, lambda v: self.expected_complete_loglike(self.from_unconstrained(v), stats, at))

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray:
        """``Var[S_c | y]`` in the working parameters, for Louis' observed information.

        The complete-data score is a sum over time of terms that depend on consecutive
        states; given the data the states form a Markov chain, and a forward recursion
        along it gives the variance of the sum exactly (see :func:`chain_score_variance`).
        Needs a model at an estimate (:meth:`centred_on`), whose coordinates are minimal.
        """
        if self.chart is None:
            raise ValueError("Louis' information needs minimal coordinates: use "
                             "model.centred_on(params) (the results' model is one)")
        params = self.from_unconstrained(u)
        p = self.unpack(params)
        k = self.k
        transition_path = np.broadcast_to(p.transition, (len(self.values), k, k))
        post = forward_backward(self.log_emission(p), p.startprob, transition_path,
                                self.starts)
        emission_scores, within = _emission_score_moments(self.patterns, p, post.smoothed)
        start_scores, transition_scores = _probability_scores(self.chart, p.probabilities)
        var_phi = chain_score_variance(post, self.starts, start_scores, transition_scores,
                                       emission_scores)
        n_prob = self.chart.size
        var_phi[n_prob:, n_prob:] += within
        jacobian = approx_fprime(u, lambda v: self._score_coordinates(self.from_unconstrained(v)),
                                 centered=True)
        return jacobian.T @ var_phi @ jacobian

    def _score_coordinates(self, params: FloatArray) -> FloatArray:
        """Probability coordinates, then each state's mean and covariance lower triangle."""
        p = self.unpack(params)
        lower = np.tril_indices(self.n_features)
        return np.concatenate([self._probabilities_to_u(p.probabilities),
                               *(np.concatenate([p.means[j], p.covariances[j][lower]])
                                 for j in range(self.k))])

    # -- starts ---------------------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """The Gaussian mixture's start partition, with transitions from its labels.

        Ward's hierarchical clustering (k-means++ beyond 5,000 rows). A partition with a
        group of fewer than ``d + 1`` rows, whose covariance would be singular and whose
        state would collapse at once, is replaced by the first of up to ten k-means++
        partitions (seeded by ``random_state``) without one.
        """
        rng = np.random.default_rng(0 if self.random_state is None else self.random_state)
        labels = self._mixture._start_partition("hc", rng)
        for _ in range(10):
            if np.bincount(labels, minlength=self.k).min() > self.n_features:
                break
            labels = self._mixture._start_partition("kmeans++", rng)
        return self._params_from_labels(labels)

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A k-means++ partition (each call a different seed), as the mixture's."""
        return self._params_from_labels(self._mixture._start_partition("kmeans++", rng))

    @cached_property
    def _mixture(self) -> GaussianMixture:
        """A Gaussian mixture on the rows with observations (its starts serve the HMM)."""
        return GaussianMixture(self.values[self.observed_rows], self.k, self.structure.name,
                               init="hc", random_state=self.random_state)

    def _params_from_labels(self, labels: np.ndarray) -> FloatArray:
        """Means and covariances of the partition (one mixture M-step); start and
        transition probabilities from the labels of the first and consecutive rows,
        each count plus one."""
        mix = self._mixture.unpack(self._mixture.params_from_partition(labels))
        full = np.full(len(self.values), -1)
        full[self.observed_rows] = labels
        k = self.k
        starts = np.ones(k)
        np.add.at(starts, full[self.starts][full[self.starts] >= 0], 1.0)
        pairs = np.ones((k, k))
        later = np.ones(len(full), dtype=bool)
        later[self.starts] = False
        t = np.flatnonzero(later & (full >= 0) & (np.roll(full, 1) >= 0))
        np.add.at(pairs, (full[t - 1], full[t]), 1.0)
        p = HMMParams(starts / starts.sum(), pairs / pairs.sum(axis=1, keepdims=True),
                      mix.means, mix.covariances)
        return self.pack(p)

    # -- degenerate solutions -----------------------------------------------------------------
    def collapsed(self, params: FloatArray) -> list[int]:
        """States that collapsed: less than one row's worth of expected occupancy, or a
        covariance whose smallest eigenvalue is below ``1e-10`` times the largest
        column variance of the data."""
        small = singular_covariances(self.unpack(params).covariances, self._largest_variance)
        try:
            occupancy = self.posterior(params).smoothed[self.observed_rows].sum(axis=0)
        except (np.linalg.LinAlgError, ValueError):
            return list(range(self.k))
        return [int(j) for j in np.flatnonzero(small | (occupancy < 1.0))]

    def degenerate_reason(self, params: FloatArray) -> str | None:
        """Which states collapsed, if any (see :meth:`collapsed`)."""
        collapsed = self.collapsed(params)
        return f"state(s) {collapsed} collapsed" if collapsed else None

    def singular_reason(self, params: FloatArray) -> str | None:
        """Which states have a singular covariance (the likelihood is unbounded there, so
        EM stops), if any."""
        singular = singular_covariances(self.unpack(params).covariances,
                                        self._largest_variance)
        states = np.flatnonzero(singular).tolist()
        return f"the covariance of state(s) {states} collapsed" if states else None

    @cached_property
    def _largest_variance(self) -> float:
        return float(np.nanmax(np.nanvar(self.values, axis=0)))

    # -- fitting ------------------------------------------------------------------------------
    def at_estimate(self, params: FloatArray) -> tuple[GaussianHMM, FloatArray]:
        """The covariance is computed by the model centred on the estimate (the results'
        ``model``): start and transition probabilities on the boundary are set to zero and
        held there (standard error NaN), the others estimated conditionally on them."""
        snapped = self.snap_to_boundary(np.asarray(params, dtype=float))
        return self.centred_on(snapped), snapped

    def fit_warnings(self, results: Any) -> list[Warning]:
        """A collapsed state: a :class:`~emstats.DegenerateSolutionWarning`."""
        if not results.degenerate:
            return []
        return [DegenerateSolutionWarning(
            f"{self.model_name}: degenerate solution ("
            + (f"state(s) {results.degenerate_states} collapsed"
               if results.degenerate_states else f"EM stopped by {results.stop_rule!r}")
            + "); try fewer states, another covariance structure or other starts")]

    def check_resamplable(self) -> None:
        """The nonparametric bootstrap resamples whole sequences: more than one is needed."""
        if self.n_sequences < 2:
            raise SingleSequenceError(
                "the nonparametric bootstrap of a hidden Markov model resamples whole "
                "sequences, and the data are one sequence; use cov_type='oim' or "
                "'louis', or the parametric bootstrap (cov_type='bootstrap', "
                "cov_kwds={'kind': 'parametric'})")

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model: a Gaussian HMM of the same
        structure on the same columns with no more states."""
        return (isinstance(other, GaussianHMM) and other.columns == self.columns
                and other.structure.name == self.structure.name and other.k <= self.k)

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer states lie on the boundary (tests of k against k + 1 states)."""
        return isinstance(other, GaussianHMM) and other.k < self.k

    def observations_differ(self, other: Any) -> str | None:
        """Why ``other`` is fitted to other rows or sequences."""
        if float(self.nobs) != float(other.nobs):
            return f"different numbers of observations ({other.nobs:g} and {self.nobs:g})"
        if not isinstance(other, GaussianHMM):
            return f"{type(other).__name__} is not a Gaussian HMM"
        return (arrays_differ("data", self.values, other.values)
                or arrays_differ("sequence lengths", self.lengths, other.lengths))

    # -- replicates -----------------------------------------------------------------------
    def _like(self, values: FloatArray, lengths: np.ndarray) -> GaussianHMM:
        """The same model (states, structure) on other rows, with the fitting coordinates:
        a replicate whose probability goes to zero converges rather than stopping on
        the boundary, and probabilities that start at exactly zero stay there (EM
        cannot move them), so that replicates started at an estimate hold its
        boundary entries."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*every value missing")
            return type(self)(pd.DataFrame(values, columns=self.columns), self.k,
                              self.structure.name, lengths=lengths,
                              random_state=self.random_state)

    def resample(self, rows: FloatArray) -> GaussianHMM:
        """The model on whole sequences drawn with replacement (a block bootstrap).

        As many sequences as the data have are drawn, uniformly, by a generator seeded
        with ``rows`` (the row draw of :class:`~emstats.inference.bootstrap.Bootstrap`),
        so that the draw is reproducible. One sequence cannot be resampled: a
        :class:`SingleSequenceError` says what to use instead.
        """
        self.check_resamplable()
        rng = np.random.default_rng(np.asarray(rows, dtype=np.int64) % (2**63 - 1))
        chosen = rng.integers(0, self.n_sequences, size=self.n_sequences)
        pieces = [self.values[self.starts[s]:self.starts[s] + self.lengths[s]] for s in chosen]
        return self._like(np.concatenate(pieces), self.lengths[chosen])

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> GaussianHMM:
        """The model on sequences drawn from the chain at ``params``: the same lengths and
        the same missing cells (parametric bootstrap)."""
        draws = sample_hmm(self.unpack(params), self.lengths, rng)[0]
        draws[np.isnan(self.values)] = np.nan
        return self._like(draws, self.lengths)

    def with_outcome_of(self, other: EMModel) -> GaussianHMM:
        """This model (states, structure) on the data and sequences of ``other``."""
        return self._like(np.asarray(other.values), np.asarray(other.lengths))


def _checked_k(k: Any, values: FloatArray) -> int:
    if isinstance(k, bool) or not float(k).is_integer():
        raise ValueError(f"k must be an integer, got {k!r}")
    if int(k) < 2:
        raise ValueError(f"k must be at least 2, got {k!r}: a hidden Markov model with one "
                         "state is the multivariate normal; use emstats.mvn(data)")
    if int(k) > count_distinct_rows(values, int(k)):
        raise ValueError(f"k = {int(k)} exceeds the number of distinct rows "
                         f"({count_distinct_rows(values, len(values))})")
    return int(k)


def _check_not_constant(values: FloatArray, names: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        constant = np.nanmax(values, axis=0) == np.nanmin(values, axis=0)
    if constant.any():
        raise ValueError(
            f"column(s) {[names[j] for j in np.flatnonzero(constant)]} are constant: every "
            "state's variance of them would be zero and the likelihood unbounded; drop them")


# -- sampling -----------------------------------------------------------------------------
def sample_states(p: HMMParams, lengths: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """State paths of sequences of the given lengths, stacked."""
    cumulative = np.cumsum(p.probabilities, axis=1)
    cumulative[:, -1] = np.inf  # round-off in the sums cannot leave the last state out
    uniforms = rng.random(int(np.sum(lengths)))
    states = np.empty(len(uniforms), dtype=np.int64)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    is_start = np.zeros(len(uniforms), dtype=bool)
    is_start[first] = True
    rows = cumulative.tolist()
    state = 0
    for t, (u, start) in enumerate(zip(uniforms.tolist(), is_start.tolist(), strict=True)):
        row = rows[0] if start else rows[state + 1]
        state = 0
        while u >= row[state]:
            state += 1
        states[t] = state
    return states


def sample_hmm(p: HMMParams, lengths: np.ndarray, rng: np.random.Generator
               ) -> tuple[FloatArray, np.ndarray]:
    """Rows drawn from the chain (sequences of the given lengths, stacked) and their states."""
    states = sample_states(p, lengths, rng)
    d = p.means.shape[1]
    out = np.empty((len(states), d))
    for j in range(len(p.means)):
        rows = states == j
        chol = np.linalg.cholesky(p.covariances[j])
        out[rows] = p.means[j] + rng.standard_normal((int(rows.sum()), d)) @ chol.T
    return out, states


# -- Louis' score variance ---------------------------------------------------------------------
def _probability_scores(chart: ChartAtEstimate, probabilities: FloatArray
                        ) -> tuple[FloatArray, FloatArray]:
    """Complete-data scores of the probability coordinates.

    Returns the score of a sequence start in state ``j`` (k x n_prob) and of a move
    ``i -> j`` (k x k x n_prob): ``d log v_x / d u_l = 1{x = l} - v_l`` for the logit
    ``u_l`` of the vector ``v`` used.
    """
    k = probabilities.shape[1]
    free = chart.free
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


def _emission_score_moments(patterns: list[Pattern], p: HMMParams, weights: FloatArray
                            ) -> tuple[FloatArray, FloatArray]:
    """Per row and state, ``E[g | y_t,obs, X_t = j]`` for the state's mean and covariance
    lower triangle (rows x k x q), and ``sum_t sum_j w_tj Cov(g | y_t,obs, X_t = j)``
    (placed in state ``j``'s block, k q x k q; zero without missing entries).

    Rows with every value missing have no emission in the complete data (the E-step
    leaves them out), so their scores are zero.
    """
    k, d = p.means.shape
    pairs = np.tril_indices(d)
    q = d + pairs[0].size
    precisions = np.linalg.inv(p.covariances)
    means = np.zeros((len(weights), k, q))
    within = np.zeros((k * q, k * q))
    for pattern in patterns:
        spread = [_score_spread(p.covariances[j], precisions[j], pattern) for j in range(k)]
        for block, devs, conds in pattern_deviations(p.means, p.covariances, pattern):
            rows = pattern.row_index(block)
            full = filled_deviations(devs, conds, pattern)
            for j in range(k):
                centre = precisions[j] @ full[j]
                means[rows, j] = _score_mean(centre, spread[j], precisions[j], pairs).T
                if pattern.missing.size:
                    part = slice(j * q, (j + 1) * q)
                    within[part, part] += _isserlis_sum(weights[rows, j], centre, spread[j],
                                                        pairs)
    return means, within


def chain_score_variance(post: Posterior, starts: np.ndarray, start_scores: FloatArray,
                         move_scores: FloatArray, emission_scores: FloatArray) -> FloatArray:
    r"""``Var[sum_t h_t(X_{t-1}, X_t) | y]`` for a score that is a sum of terms of
    consecutive states, summed over independent sequences.

    Parameters
    ----------
    post : Posterior
        Forward-backward output with per-row pairwise probabilities.
    starts : ndarray of int
        First row of each sequence.
    start_scores : ndarray
        Score of a sequence starting in state ``j`` (k x n_prob).
    move_scores : ndarray
        Score of a move ``i -> j`` (k x k x n_prob).
    emission_scores : ndarray
        Conditional mean of the emission score of row ``t`` in state ``j``
        (rows x k x q), placed in block ``j`` of the emission coordinates.

    Notes
    -----
    Given the data the states are a Markov chain. Let :math:`m_t(j)` and
    :math:`C_t(j)` be the conditional mean and covariance of the partial sum up to
    :math:`t` given :math:`X_t = j`. With the backward probabilities
    :math:`w_t(i \mid j) = \Pr(X_{t-1} = i \mid X_t = j, y)` and
    :math:`B_{ij} = m_{t-1}(i) + h^{move}(i, j)`, the law of total covariance gives
    :math:`C_t(j) = \sum_i w_t(i \mid j) [C_{t-1}(i) + (B_{ij} - \bar B_j)(B_{ij} -
    \bar B_j)']` and :math:`m_t(j) = \bar B_j + h^{emission}_t(j)`, where
    :math:`\bar B_j = \sum_i w_t(i \mid j) B_{ij}`. A sequence contributes
    :math:`\sum_j \gamma_T(j) [C_T(j) + (m_T(j) - \bar m)(m_T(j) - \bar m)']`.
    """
    n_rows, k, q = emission_scores.shape
    n_prob = start_scores.shape[1]
    size = n_prob + k * q
    smoothed, pairwise = post.smoothed, post.pairwise
    if pairwise is None:
        raise ValueError("chain_score_variance needs the per-row pairwise probabilities")
    moves = np.zeros((k, k, size))
    moves[:, :, :n_prob] = move_scores
    total = np.zeros((size, size))
    ends = np.append(starts[1:], n_rows)
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        mean = np.zeros((k, size))
        mean[:, :n_prob] = start_scores
        _add_emission(mean, emission_scores[lo], n_prob)
        cov = np.zeros((k, size, size))
        for t in range(lo + 1, hi):
            occupied = smoothed[t] > 0
            backward = np.divide(pairwise[t], smoothed[t], out=np.zeros((k, k)),
                                 where=occupied[None, :])
            before = mean[:, None, :] + moves  # (i, j, size)
            centre = np.einsum("ij,ija->ja", backward, before)
            spread = before - centre[None, :, :]
            cov = (np.einsum("ij,iab->jab", backward, cov)
                   + np.einsum("ij,ija,ijb->jab", backward, spread, spread))
            mean = centre
            _add_emission(mean, emission_scores[t], n_prob)
        last = smoothed[hi - 1]
        overall = last @ mean
        gap = mean - overall
        total += np.einsum("j,jab->ab", last, cov) + (gap * last[:, None]).T @ gap
    return 0.5 * (total + total.T)


def _add_emission(mean: FloatArray, scores: FloatArray, offset: int) -> None:
    """Add each state's emission score (k x q) to its block of ``mean`` (k x size)."""
    k, q = scores.shape
    for j in range(k):
        mean[j, offset + j * q:offset + (j + 1) * q] += scores[j]


# -- results -------------------------------------------------------------------------------
class GaussianHMMResults(EMResults):
    """Results of a Gaussian HMM fit.

    ``model`` is the fitted model at the estimate (:meth:`GaussianHMM.at_estimate`).
    Start and transition probabilities on the boundary are held at zero for the
    covariance: their standard errors are NaN (their rows of ``cov_params()`` are
    zero) and they are listed in :attr:`boundary`. Information criteria count every
    free parameter, as depmixS4 and hmmlearn do.
    """

    @cached_property
    def _parts(self) -> HMMParams:
        return self.model.unpack(np.asarray(self.params))

    @cached_property
    def _posterior(self) -> Posterior:
        return self.model.posterior(np.asarray(self.params))

    @property
    def _state_labels(self) -> pd.Index:
        return pd.RangeIndex(self.model.k, name="state")

    # -- parameters ---------------------------------------------------------------------
    @property
    def startprob(self) -> pd.Series:
        """Probabilities of the states at the start of a sequence."""
        return pd.Series(self._parts.startprob, index=self._state_labels, name="startprob")

    @property
    def transition_matrix(self) -> pd.DataFrame:
        """``Pr(X_t = to | X_{t-1} = from)``: rows are the state moved from."""
        return pd.DataFrame(self._parts.transition,
                            index=pd.RangeIndex(self.model.k, name="from"),
                            columns=pd.RangeIndex(self.model.k, name="to"))

    @property
    def means(self) -> pd.DataFrame:
        """State means (k x d)."""
        return pd.DataFrame(self._parts.means, index=self._state_labels,
                            columns=self.model.columns)

    @property
    def covariances(self) -> FloatArray:
        """State covariance matrices (k x d x d)."""
        return self._parts.covariances.copy()

    @property
    def expected_durations(self) -> pd.Series:
        """Expected number of consecutive rows spent in each state, ``1 / (1 - p_ii)``
        (``inf`` for an absorbing state)."""
        stay = np.diag(self._parts.transition)
        with np.errstate(divide="ignore"):
            durations = np.where(stay < 1.0, 1.0 / (1.0 - stay), np.inf)
        return pd.Series(durations, index=self._state_labels, name="expected duration")

    @property
    def stationary_distribution(self) -> pd.Series:
        """The chain's stationary distribution (the left eigenvector of the transition
        matrix for eigenvalue 1; the least-squares solution if it is not unique)."""
        k = self.model.k
        system = np.vstack([self._parts.transition.T - np.eye(k), np.ones(k)])
        rhs = np.append(np.zeros(k), 1.0)
        solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
        return pd.Series(solution, index=self._state_labels, name="stationary")

    @property
    def boundary(self) -> list[str]:
        """Parameters on the boundary (probabilities held at zero for inference)."""
        held = self.model.chart.held
        names = self.model.param_names
        k = self.model.k
        return [names[i] for i in np.flatnonzero(held.ravel()[:k + k * k])]

    @cached_property
    def bse(self) -> FloatArray:
        """Standard errors; NaN for parameters that are not estimated: probabilities held
        on the boundary (and the 1 of a vector whose other entries are all held), and
        entries fixed by the covariance structure (the off-diagonal zeros of ``diag``)."""
        bse = np.sqrt(np.diag(self.cov_params()))
        return np.where(self._fixed, np.nan, bse)

    @cached_property
    def _fixed(self) -> np.ndarray:
        """Parameters that do not move with the working coordinates (a zero row of
        ``d params / d u``; the map is exact there, so the zeros are exact)."""
        model = self.model
        u = model.to_unconstrained(np.asarray(self.params))
        return np.all(unconstrained_jacobian(model, u) == 0.0, axis=1)

    @property
    def missing_information(self) -> pd.Series:
        """Fraction of missing information per parameter (SEM; see
        :attr:`emstats.EMResults.missing_information`); NaN for parameters held on the
        boundary."""
        with np.errstate(invalid="ignore", divide="ignore"):
            fraction = super().missing_information
        fraction[self._fixed] = np.nan
        return fraction

    @property
    def df_free(self) -> int:
        """Free parameters: ``k - 1`` start, ``k (k - 1)`` transition probabilities,
        ``k d`` means and the structure's covariance parameters."""
        return self.model.n_free_params

    # -- states ------------------------------------------------------------------------------
    def _frame(self, values: FloatArray, index: pd.Index | None = None) -> pd.DataFrame:
        return pd.DataFrame(values, index=self.model.row_index if index is None else index,
                            columns=self._state_labels)

    @property
    def smoothed_probabilities(self) -> pd.DataFrame:
        """``Pr(X_t = j | the whole sequence)``, indexed like the data."""
        return self._frame(self._posterior.smoothed)

    @property
    def filtered_probabilities(self) -> pd.DataFrame:
        """``Pr(X_t = j | y_1, ..., y_t)`` within each sequence."""
        return self._frame(self._posterior.filtered)

    @property
    def predicted_probabilities(self) -> pd.DataFrame:
        """``Pr(X_t = j | y_1, ..., y_{t-1})`` (the start probabilities at a sequence start)."""
        return self._frame(self._posterior.predicted)

    def predict_proba(self, data: Any = None, *, lengths: Any = None,
                      groups: Any = None) -> pd.DataFrame:
        """Smoothed state probabilities of the fit's rows, or of new data (with its own
        ``lengths`` or ``groups``, as in :class:`GaussianHMM`)."""
        if data is None:
            return self.smoothed_probabilities
        seq, log_em = self._new_data(data, lengths, groups)
        p = self._parts
        post = forward_backward(log_em, p.startprob, p.transition, seq.starts)
        return self._frame(post.smoothed, seq.index)

    def decode(self, data: Any = None, *, lengths: Any = None, groups: Any = None
               ) -> pd.Series:
        """The most probable state path (Viterbi) of the fit's rows or of new data;
        ``attrs["log_prob"]`` holds ``log p(path, y)``."""
        if data is None:
            index, log_em, starts = (self.model.row_index, self.model.log_emission(self._parts),
                                     self.model.starts)
        else:
            seq, log_em = self._new_data(data, lengths, groups)
            index, starts = seq.index, seq.starts
        p = self._parts
        path, log_prob = viterbi(log_em, p.startprob, p.transition, starts)
        out = pd.Series(path, index=index, name="state")
        out.attrs["log_prob"] = log_prob
        return out

    def predict(self, data: Any = None, *, lengths: Any = None,  # type: ignore[override]
                groups: Any = None) -> pd.Series:
        """The Viterbi path (as hmmlearn's ``predict``); see :meth:`decode`."""
        return self.decode(data, lengths=lengths, groups=groups)

    def score(self, data: Any, *, lengths: Any = None, groups: Any = None) -> float:
        """Log-likelihood of new data under the fitted chain (hmmlearn's ``score``)."""
        seq, log_em = self._new_data(data, lengths, groups)
        p = self._parts
        return float(hamilton_filter(log_em, p.startprob, p.transition, seq.starts)[0].sum())

    def _new_data(self, data: Any, lengths: Any, groups: Any) -> tuple[SequenceData, FloatArray]:
        seq = sequence_data(data, lengths, groups)
        if isinstance(data, pd.DataFrame) and seq.columns != self.model.columns:
            raise ValueError(f"data must have the columns {self.model.columns}, got "
                             f"{seq.columns}")
        if seq.values.shape[1] != self.model.n_features:
            raise ValueError(f"data must have {self.model.n_features} columns, got "
                             f"{seq.values.shape[1]}")
        log_em = log_joint_rows(group_patterns(seq.values), len(seq.values),
                                self._parts.emission)
        return seq, log_em

    # -- classification quality ---------------------------------------------------------------
    @property
    def entropy(self) -> float:
        """``-sum_t sum_j gamma_tj log gamma_tj`` of the smoothed probabilities (rows with
        an observation)."""
        z = self._posterior.smoothed[self.model.observed_rows]
        return float(-np.sum(xlogy(z, z)))

    @property
    def relative_entropy(self) -> float:
        """``1 - entropy / (nobs log k)``: 1 when every row's state is certain, 0 when
        the smoothed probabilities are uniform."""
        return 1.0 - self.entropy / (self.nobs * np.log(self.model.k))

    @cached_property
    def degenerate_states(self) -> list[int]:
        """States that collapsed (:meth:`GaussianHMM.collapsed`)."""
        return self.model.collapsed(np.asarray(self.params))

    @property
    def degenerate(self) -> bool:
        """Whether the fit is degenerate: a collapsed state, or EM stopped on numerical
        trouble."""
        return bool(self.degenerate_states) or self.stop_rule in ("boundary", "non-finite")

    @property
    def missing_patterns(self) -> pd.DataFrame:
        """The missingness patterns of the data (1 observed, 0 missing) and their counts."""
        return pattern_table(self.model.values, self.model.columns)

    def sample(self, n: int, random_state: int | np.random.Generator | None = None
               ) -> pd.DataFrame:
        """One sequence of ``n`` rows drawn from the fitted chain, with a ``state`` column."""
        draws, states = sample_hmm(self._parts, np.array([int(n)]),
                                   np.random.default_rng(random_state))
        frame = pd.DataFrame(draws, columns=self.model.columns)
        frame["state"] = states
        return frame

    def _summary_top(self) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
        left, right = super()._summary_top()
        columns = ", ".join(self.model.columns)
        left[0] = ("Variables:", [columns if len(columns) <= 24
                                  else f"{self.model.n_features} columns"])
        left.insert(2, ("Covariance structure:", [self.model.structure.name]))
        left.insert(3, ("States:", [f"{self.model.k}"]))
        left.insert(4, ("Sequences:", [f"{self.model.n_sequences}"]))
        right.insert(4, ("Relative entropy:", [f"{self.relative_entropy:#.4g}"]))
        return left, right

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """Summary table; notes name the probabilities held on the boundary."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        if self.boundary:
            shown = ", ".join(self.boundary[:8]) + (" ..." if len(self.boundary) > 8 else "")
            smry.add_extra_txt([f"On the boundary (held at 0, no standard error): {shown}."])
        if self.degenerate_states:
            smry.add_extra_txt([f"Degenerate: state(s) {self.degenerate_states} collapsed."])
        return smry


GaussianHMM._results_class = GaussianHMMResults


def hmm(data: Any, k: int, covariance: str = "full", *, lengths: Any = None,
        groups: Any = None, **kwargs: Any) -> GaussianHMM:
    """Gaussian hidden Markov model; see :class:`emstats.GaussianHMM`.

    Parameters
    ----------
    data : DataFrame or array_like
        Numeric columns, one row per time step, NaN for missing values.
    k : int
        Number of states (at least 2).
    covariance : str
        ``"full"``, ``"diag"``, ``"spherical"``, ``"tied"`` or an mclust name.
    lengths : array_like of int, optional
        Rows per sequence.
    groups : str or array_like, optional
        Sequence id: a column of ``data`` or one label per row.
    **kwargs
        Passed to :class:`GaussianHMM` (``random_state``).

    Returns
    -------
    GaussianHMM
        Call ``.fit()`` on it.
    """
    return GaussianHMM(data, k, covariance, lengths=lengths, groups=groups, **kwargs)


__all__ = ["BOUNDARY_TOL", "ChartAtEstimate", "GaussianHMM", "GaussianHMMResults", "HMMParams",
           "HMMStats", "SingleSequenceError", "chain_score_variance", "hmm", "sample_hmm",
           "sequence_data"]
