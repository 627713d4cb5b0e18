r"""Multivariate Gaussian hidden Markov models with missing values.

A chain of :math:`k` hidden states :math:`X_t` starts in state :math:`i` with
probability :math:`\pi_i` at the beginning of every sequence and moves from :math:`i`
to :math:`j` with probability :math:`P_{ij}`; given :math:`X_t = j` the row
:math:`y_t` is :math:`N(\mu_j, \Sigma_j)`, with the covariances constrained by one of
mclust's structures (``full`` = VVV, ``diag`` = VVI, ``spherical`` = VII, ``tied`` =
EEE). Missing entries (NaN) are integrated out of each row's density, exactly as in
:mod:`emstats.models.gaussian`; a row with every entry missing is a time step without
an observation (density 1), whose state is inferred from its neighbours.

The model is the latent-state layer's :class:`~emstats.models.latent.markov.FreeChain`
and the Gaussian mixture's emission (:mod:`._gaussian_emission`). EM (Baum-Welch) is
exact in every step, so the log-likelihood never falls:

* E-step: the log density of each row's observed entries under each state, then the
  scaled forward-backward recursions (:mod:`emstats.models._forward_backward`), which
  give the smoothed state probabilities :math:`\gamma_t(j)` and the expected
  transition counts :math:`\sum_t \Pr(X_{t-1} = i, X_t = j \mid y)`; the sequences are
  the independent units (their statistics add up over blocks of sequences).
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

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._checks import (
    check_gaussian_data,
    check_observed_columns,
    check_random_state,
    count_distinct_rows,
    integer,
)
from .._docstrings import with_model_doc
from .._tables import ColumnsAsEndogNames, add_notes, variables_row
from ..base import EMModel, check_keywords
from ..exceptions import DegenerateSolutionWarning, NoNullModelError, SingleSequenceError
from ..results import EMResults, SummaryRows
from ..typing import FloatArray, IntArray
from ..weights import (
    CaseWeights,
    resolve_case_weights,
    split_weight_columns,
    unit_weights,
    weight_keywords,
)
from ._covstruct import get_structure
from ._forward_backward import Posterior, forward_backward, hamilton_filter, viterbi
from ._gaussian_emission import GaussianEmission
from ._gaussian_kernels import MixtureParams, log_joint_rows
from ._missing import group_patterns, pattern_table
from ._sequences import SequenceData, sequence_data
from .gaussian import GaussianMixture
from .latent import LatentStateModel
from .latent.louis import chain_score_variance
from .latent.markov import BOUNDARY_TOL, ChartAtEstimate, FreeChain
from .latent.results import (
    ChainProbabilityResults,
    expected_durations,
    posterior_fit,
    stationary_distribution,
    transition_frame,
)


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


# -- the model ----------------------------------------------------------------------------
class GaussianHMM(ColumnsAsEndogNames, LatentStateModel):
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
    order_by : str, optional
        The column whose state means, ascending, number the states (the first column
        by default); bootstrap replicates are matched to the estimate state for state
        whatever it is.
    random_state : int, optional
        Seed of the random subset of the hierarchical start beyond 2,000 rows and of
        the k-means++ partitions (used when the hierarchical partition has a group too
        small for a covariance); default 0, so that fits are reproducible.
    freq_weights, sampling_weights : array_like or str, optional
        Case weights of the sequences (at most one of the two): one per sequence, or the
        name of a column of ``data`` that is constant within each sequence (that column
        is then not modelled). Frequency weights (Stata ``fweight``): the fit equals the
        fit on the replicated sequences, ``nobs`` counts their rows. Sampling weights
        (``pweight``): a pseudo-likelihood, robust covariance by default (from the
        per-row scores; ``cov_type="cluster"`` with the sequences as groups gives the
        design-based variance across sequences). See :mod:`emstats.weights`.

    Notes
    -----
    Rows with every value missing stay in the chain as time steps without an
    observation (a warning says how many); ``nobs`` counts the other rows. The default
    start is the Gaussian mixture's (mclust's model-based hierarchical clustering, see
    :class:`~emstats.models.gaussian.GaussianMixture`) with transition probabilities
    from the consecutive labels;
    ``fit(n_starts=m)`` adds k-means++ starts.
    """

    model_name: ClassVar[str] = "Gaussian HMM"
    default_cov_type: ClassVar[str] = "oim"
    layer: FreeChain
    emission: GaussianEmission

    def __init__(self, data: Any, k: int, covariance: str = "full", *,
                 lengths: Any = None, groups: Any = None,
                 order_by: str | None = None, random_state: int | None = None,
                 freq_weights: Any = None, sampling_weights: Any = None) -> None:
        check_random_state(random_state)
        named = [w for w in (freq_weights, sampling_weights) if isinstance(w, str)]
        if isinstance(groups, str) and groups in named:
            raise ValueError(f"the weights column {groups!r} cannot also be the groups")
        data, freq_per_row, sampling_per_row = split_weight_columns(
            data, freq_weights, sampling_weights)
        seq = sequence_data(data, lengths, groups)
        weights = resolve_case_weights(
            _per_sequence(freq_per_row, freq_weights, seq.starts, "freq_weights"),
            _per_sequence(sampling_per_row, sampling_weights, seq.starts,
                          "sampling_weights"),
            len(seq.lengths), unit="sequence")
        values = seq.values
        check_observed_columns(values, seq.columns)
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
        check_gaussian_data(values[observed], seq.columns, self.k, self.structure.diagonal,
                            False)
        self.random_state = random_state
        self.patterns = group_patterns(values)
        emission = GaussianEmission(self.patterns, len(values), self.columns, self.k,
                                    self.structure, np.nanvar(self.values, axis=0),
                                    order_by=order_by)
        self.order_by = order_by
        chain = FreeChain(self.k, self.starts, len(values), case_weights=weights)
        super().__init__(chain, emission, values)
        self.sequence_weights = weights
        row_weights = chain.row_weights
        self.nobs = float(observed.sum() if row_weights is None or weights is None
                          or weights.kind != "freq" else row_weights[observed].sum())
        self.df_model = float(self.n_free_params)
        self.df_resid = self.nobs - self.n_free_params

    # -- names and sizes ----------------------------------------------------------------
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

    @property
    def chart(self) -> ChartAtEstimate | None:
        """The probabilities' chart at an estimate (None while fitting)."""
        return self.layer.chart

    # -- parameter vector -----------------------------------------------------------------
    def unpack(self, params: FloatArray) -> HMMParams:
        """Start probabilities, transition matrix, means and covariances."""
        values = self.spec.unpack(params)
        means, covs = self.emission.parts(values)
        return HMMParams(values["start"], values["transition"], means, covs)

    def pack(self, p: HMMParams) -> FloatArray:
        """The parameter vector of :class:`HMMParams`."""
        return self.spec.pack(start=p.startprob, transition=p.transition, mean=p.means,
                              cov=p.covariances)

    def snap_to_boundary(self, params: FloatArray) -> FloatArray:
        """``params`` with the probabilities on the boundary set to exactly zero."""
        values = self.spec.unpack(params)
        return self.spec.pack({**values, **self.layer.snapped(values)})

    # -- the EM maths -----------------------------------------------------------------------
    def log_emission(self, params: FloatArray | HMMParams,
                     ) -> FloatArray:
        """``log phi(y_t,obs; mu_j, Sigma_j)`` per row and state (rows x k); 0 for rows
        with every value missing."""
        p = params if isinstance(params, HMMParams) else self.unpack(params)
        return log_joint_rows(self.patterns, len(self.values), p.emission)

    def posterior(self, params: FloatArray) -> Posterior:
        """Forward-backward at ``params``: llf, filtered, smoothed probabilities, counts."""
        p = self.unpack(params)
        return forward_backward(self.log_emission(p), p.startprob, p.transition, self.starts)

    # -- starts ---------------------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """The Gaussian mixture's start partition, with transitions from its labels.

        mclust's model-based hierarchical clustering. A partition with a
        group of fewer than ``d + 1`` rows, whose covariance would be singular and whose
        state would collapse at once, is replaced by the first of up to ten k-means++
        partitions (seeded by ``random_state``) without one.
        """
        rng = np.random.default_rng(0 if self.random_state is None else self.random_state)
        labels = self._mixture.start_partition("hc", rng)
        for _ in range(10):
            if np.bincount(labels, minlength=self.k).min() > self.n_features:
                break
            labels = self._mixture.start_partition("kmeans++", rng)
        return self._params_from_labels(labels)

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A k-means++ partition (each call a different seed), as the mixture's."""
        return self._params_from_labels(self._mixture.start_partition("kmeans++", rng))

    @cached_property
    def _mixture(self) -> GaussianMixture:
        """A Gaussian mixture on the rows with observations, with their sequences' case
        weights (its starts serve the HMM)."""
        weights = self.case_weights
        return GaussianMixture(
            self.values[self.observed_rows], self.k, self.structure.name, init="hc",
            random_state=self.random_state, prior=None,
            **weight_keywords(weights, np.flatnonzero(self.observed_rows)))

    def _params_from_labels(self, labels: np.ndarray) -> FloatArray:
        """Means and covariances of the partition (one mixture M-step); start and
        transition probabilities from the labels of the first and consecutive rows,
        each count plus one."""
        mix = self._mixture.unpack(self._mixture.params_from_partition(labels))
        full = np.full(len(self.values), -1)
        full[self.observed_rows] = labels
        k = self.k
        weight = unit_weights(self.case_weights, len(self.values))
        starts = np.ones(k)
        first = self.starts[full[self.starts] >= 0]
        np.add.at(starts, full[first], weight[first])
        pairs = np.ones((k, k))
        later = np.ones(len(full), dtype=bool)
        later[self.starts] = False
        t = np.flatnonzero(later & (full >= 0) & (np.roll(full, 1) >= 0))
        np.add.at(pairs, (full[t - 1], full[t]), weight[t])
        return self.pack(HMMParams(starts / starts.sum(),
                                   pairs / pairs.sum(axis=1, keepdims=True),
                                   mix.means, mix.covariances))


    # -- fitting ------------------------------------------------------------------------------
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

    def null_model(self) -> EMModel:
        """None: fewer states lie on the boundary of the parameter space
        (:class:`~emstats.exceptions.NoNullModelError`)."""
        raise NoNullModelError(
            "a hidden Markov model has no chi-square null model: a chain with fewer "
            "states lies on the boundary of its parameter space, where the LR statistic "
            "is not chi-square; use em.bootstrap_lrtest(fit_fewer_states, fit)")

    def observed_data(self) -> dict[str, Any]:
        """The rows, the sequences they form and their case weights, if any."""
        return {"data": self.values, "sequence lengths": self.lengths,
                **weight_keywords(self.sequence_weights)}

    # -- replicates -----------------------------------------------------------------------
    def _like(self, values: FloatArray, lengths: np.ndarray,
              weights: CaseWeights | None) -> GaussianHMM:
        """The same model (states, structure) on other rows, with the fitting coordinates:
        a replicate whose probability goes to zero converges rather than stopping on
        the boundary, and probabilities that start at exactly zero stay there (EM
        cannot move them), so that replicates started at an estimate hold its
        boundary entries."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*every value missing")
            return type(self)(pd.DataFrame(values, columns=self.columns), self.k,
                              self.structure.name, lengths=lengths, order_by=self.order_by,
                              random_state=self.random_state, **weight_keywords(weights))

    def resample(self, rows: IntArray) -> GaussianHMM:
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
        weights = None if self.sequence_weights is None else self.sequence_weights.take(chosen)
        return self._like(np.concatenate(pieces), self.lengths[chosen], weights)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> GaussianHMM:
        """The model on sequences drawn from the chain at ``params``: the same lengths and
        the same missing cells (parametric bootstrap)."""
        draws = sample_hmm(self.unpack(params), self.lengths, rng)[0]
        draws[np.isnan(self.values)] = np.nan
        return self._like(draws, self.lengths, self.sequence_weights)

    def with_outcome_of(self, other: EMModel) -> GaussianHMM:
        """This model (states, structure) on the data, sequences and sequence weights of
        ``other``."""
        return self._like(np.asarray(other.values), np.asarray(other.lengths),
                          other.sequence_weights)


def _per_sequence(per_row: Any, given: Any, starts: IntArray, name: str) -> Any:
    """Sequence weights from a weights column (``given`` a name: constant within each
    sequence), else the weights as given (one per sequence)."""
    if not isinstance(given, str):
        return per_row
    values = np.asarray(per_row)
    first = values[starts]
    sequence = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(values))))
    varying = values != first[sequence]
    if varying.any():
        raise ValueError(f"{name}={given!r} varies within sequence "
                         f"{int(sequence[np.flatnonzero(varying)[0]])}: a hidden Markov "
                         "model's case weights are per sequence")
    return first


def _checked_k(k: Any, values: FloatArray) -> int:
    if integer(k, "k", 1) < 2:
        raise ValueError(f"k must be at least 2, got {k!r}: a hidden Markov model with one "
                         "state is the multivariate normal; use emstats.mvn(data)")
    if int(k) > count_distinct_rows(values, int(k)):
        raise ValueError(f"k = {int(k)} exceeds the number of distinct rows "
                         f"({count_distinct_rows(values, len(values))})")
    return int(k)


# -- sampling -----------------------------------------------------------------------------
def sample_states(p: HMMParams, lengths: IntArray, rng: np.random.Generator) -> IntArray:
    """State paths of sequences of the given lengths, stacked."""
    cumulative = np.cumsum(p.probabilities, axis=1)
    cumulative[:, -1] = np.inf  # round-off in the sums cannot leave the last state out
    uniforms = rng.random(int(np.sum(lengths)))
    states = np.empty(len(uniforms), dtype=np.intp)
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


def sample_hmm(p: HMMParams, lengths: IntArray, rng: np.random.Generator
               ) -> tuple[FloatArray, IntArray]:
    """Rows drawn from the chain (sequences of the given lengths, stacked) and their states."""
    states = sample_states(p, lengths, rng)
    d = p.means.shape[1]
    out = np.empty((len(states), d))
    for j in range(len(p.means)):
        rows = states == j
        chol = np.linalg.cholesky(p.covariances[j])
        out[rows] = p.means[j] + rng.standard_normal((int(rows.sum()), d)) @ chol.T
    return out, states


# -- results -------------------------------------------------------------------------------
class GaussianHMMResults(ChainProbabilityResults, EMResults):
    """Results of a Gaussian HMM fit.

    ``model`` is the fitted model at the estimate (:meth:`GaussianHMM.at_estimate`).
    Start and transition probabilities on the boundary are held at zero for the
    covariance: their standard errors are NaN (their rows of ``cov_params()`` are
    zero) and they are listed in :attr:`boundary` and, with the entries fixed by the
    covariance structure, in :attr:`fixed_params`. Information criteria count every
    free parameter, as depmixS4 and hmmlearn do.
    """

    @cached_property
    def _parts(self) -> HMMParams:
        return self.model.unpack(np.asarray(self.params))

    @cached_property
    def _posterior(self) -> Posterior:
        return self.model.posterior(np.asarray(self.params))

    def _class_probabilities(self) -> FloatArray:
        return self._posterior.smoothed[self.model.observed_rows]

    def _class_row_weights(self) -> FloatArray | None:
        weights = self.model.case_weights
        return None if weights is None else weights.values[self.model.observed_rows]

    @property
    def _class_index(self) -> pd.Index:
        return self.model.row_index[self.model.observed_rows]

    # -- parameters ---------------------------------------------------------------------
    @property
    def startprob(self) -> pd.Series:
        """Probabilities of the states at the start of a sequence."""
        return pd.Series(self._parts.startprob, index=self._state_labels, name="startprob")

    @property
    def transition_matrix(self) -> pd.DataFrame:
        """``Pr(X_t = to | X_{t-1} = from)``: rows are the state moved from."""
        return transition_frame(self._parts.transition)

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
        return pd.Series(expected_durations(self._parts.transition), index=self._state_labels,
                         name="expected duration")

    @property
    def stationary_distribution(self) -> pd.Series:
        """The chain's stationary distribution (the left eigenvector of the transition
        matrix for eigenvalue 1; the least-squares solution if it is not unique)."""
        return pd.Series(stationary_distribution(self._parts.transition),
                         index=self._state_labels, name="stationary")

    @property
    def boundary(self) -> list[str]:
        """Parameters on the boundary (probabilities held at zero for inference)."""
        held = self.model.chart.held
        names = self.model.param_names
        k = self.model.k
        return [names[i] for i in np.flatnonzero(held.ravel()[:k + k * k])]

    @property
    def missing_information(self) -> pd.Series:
        """Fraction of missing information per parameter (SEM; see
        :attr:`emstats.EMResults.missing_information`); NaN for parameters held on the
        boundary."""
        with np.errstate(invalid="ignore", divide="ignore"):
            fraction = super().missing_information
        fraction[self._fixed_mask] = np.nan
        return fraction

    @property
    def df_free(self) -> int:
        """Free parameters: ``k - 1`` start, ``k (k - 1)`` transition probabilities,
        ``k d`` means and the structure's covariance parameters."""
        return self.model.n_free_params

    # -- states (smoothed, filtered and predicted: ChainProbabilityResults) ------------------
    def _chain_frame(self, hidden: FloatArray) -> pd.DataFrame:
        return self._frame(hidden)

    def _probability_series(self) -> pd.DataFrame:
        """The data's columns, drawn under the state probabilities."""
        return pd.DataFrame(self.model.values, index=self.model.row_index,
                            columns=self.model.columns)

    def _frame(self, values: FloatArray, index: pd.Index | None = None) -> pd.DataFrame:
        return pd.DataFrame(values, index=self.model.row_index if index is None else index,
                            columns=self._state_labels)

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

    @cached_property
    def _posterior_fit(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = self.model.observed_rows
        return posterior_fit(self._posterior_classes, self._parts.means,
                             self.model.values[rows], self._class_index, self.model.columns)

    @property
    def fittedvalues(self) -> pd.DataFrame:
        r"""The state means weighted by the smoothed state probabilities of each row with
        an observation, :math:`\sum_j \Pr(X_t = j \mid y)\, \mu_j`."""
        return self._posterior_fit[0]

    @property
    def resid(self) -> pd.DataFrame:
        """The data less :attr:`fittedvalues` (NaN where a value is missing)."""
        return self._posterior_fit[1]

    def predict(self, data: Any = None, *, lengths: Any = None,
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

    # -- classification quality: entropy, relative entropy (StateProbabilityResults) ----------
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

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left, right = super()._summary_top()
        left[0] = variables_row(self.model.columns)
        left.insert(2, ("Covariance structure:", [self.model.structure.name]))
        left.insert(3, ("States:", [f"{self.model.k}"]))
        left.insert(4, ("Sequences:", [f"{self.model.n_sequences}"]))
        right.insert(4, ("Relative entropy:", [f"{self.relative_entropy:#.4g}"]))
        return left, right

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """Summary table; notes name the probabilities held on the boundary."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        if self.degenerate_states:
            add_notes(smry, [f"Degenerate: state(s) {self.degenerate_states} collapsed."])
        return smry


GaussianHMM._results_class = GaussianHMMResults


@with_model_doc(GaussianHMM)
def hmm(data: Any, k: int, covariance: str = "full", *, lengths: Any = None,
        groups: Any = None, **kwargs: Any) -> GaussianHMM:
    """Gaussian hidden Markov model, fitted by EM (Baum-Welch).

    Returns
    -------
    GaussianHMM
        Call ``.fit()`` on it.
    """
    check_keywords(GaussianHMM, kwargs)
    return GaussianHMM(data, k, covariance, lengths=lengths, groups=groups, **kwargs)


__all__ = ["BOUNDARY_TOL", "ChartAtEstimate", "GaussianHMM", "GaussianHMMResults", "HMMParams",
           "SingleSequenceError", "chain_score_variance", "hmm", "sample_hmm",
           "sequence_data"]
