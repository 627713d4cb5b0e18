r"""Gaussian mixtures with missing values; one component is the multivariate normal.

The density of a row :math:`x` is :math:`\sum_k \pi_k \phi(x; \mu_k, \Sigma_k)` with the
covariances constrained by one of mclust's 14 structures. Missing values (NaN) are
integrated out: a row contributes the density of its observed entries, which is
full-information maximum likelihood under MAR. The E-step visits the rows one
missingness pattern at a time and fills in, per component, the conditional mean of
the missing entries and their conditional covariance; the covariance term enters
the M-step's scatter matrices (imputing conditional means alone would bias them
downwards). Rows with every value missing contribute nothing and are left out.

Parameters are the weights (when :math:`K > 1`), the means and the lower triangles of
the covariance matrices. Components are ordered by their means of the first column (or
of the ``order_by`` column).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import logsumexp

from .. import plotting
from .._checks import (
    check_gaussian_data,
    check_observed_columns,
    check_random_state,
    count_distinct_rows,
    integer,
    numeric_matrix,
)
from .._progress import progress_bar
from .._tables import ColumnsAsEndogNames, frame_table, variables_row
from ..base import EMModel
from ..exceptions import DegenerateSolutionWarning, NoNullModelError
from ..params import ParamValues
from ..protocol import PlainWarmUp
from ..results import EMResults, SummaryRows
from ..typing import BoolArray, FloatArray, IntArray
from ..weights import (
    CaseWeights,
    resolve_case_weights,
    split_weight_columns,
    unit_weights,
    weight_keywords,
)
from ._covstruct import get_structure
from ._gaussian_emission import GaussianEmission
from ._gaussian_kernels import (
    MixtureParams,
    log_joint_rows,
    sample_mixture,
)
from ._missing import group_patterns, pattern_table
from ._mixture_starts import (
    check_hc_use,
    extend_by_posterior,
    filled_rows,
    pool_partition,
    row_labels,
    start_rows,
)
from ._prior import MixturePrior, default_prior
from .latent import LatentStateModel, MixingWeights, StateProbabilityResults
from .latent.results import posterior_fit

MCLUST_TOLERANCE = 1e-5
"""mclust's default ``emControl()$tol[1]``: ``me`` stops when a step changes the llf by
at most this much relative to ``1 + |llf|``."""


class GaussianMixture(ColumnsAsEndogNames, LatentStateModel, PlainWarmUp):
    """Finite mixture of multivariate normals (``k = 1``: the multivariate normal).

    Parameters
    ----------
    data : DataFrame or array_like
        Numeric columns; NaN marks a missing value. Never modified.
    k : int
        Number of components.
    covariance : str
        One of mclust's structures (EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE,
        EEV, VEV, EVV, VVV) or an alias: ``"full"`` (VVV), ``"tied"`` (EEE),
        ``"diag"`` (VVI), ``"spherical"`` (VII).
    init : {"hc", "ward", "kmeans++", "random"} or array_like
        The start: mclust's default, model-based agglomerative hierarchical
        clustering (the VVV criterion of mclust's ``hc``, on a random subset of
        2,000 rows beyond that; quantile classes for one variable), k-means++, a
        random partition, or a partition (one label per row of ``data``); ``"ward"``
        is Ward's criterion on the standardised data. With missing values the
        start is computed from the complete rows (if there are at least
        ``k (d + 1)``) and extended to the others by their posterior, and the
        default fit also runs the ``"ward"`` start, missing entries at the column
        means (:meth:`default_starts`).
    order_by : str, optional
        The column whose component means, ascending, number the components (the first
        column by default): the reporting rule against label switching. Bootstrap
        replicates are matched to the estimate component for component whatever it is
        (``res.label_agreement`` says how often this rule alone agrees).
    hc_use : {"SVD", "STD", "VARS"}
        The data the hierarchical start clusters (mclust's ``hcUse``): scaled
        principal components (mclust's default), standardised variables, or the
        variables as they are.
    random_state : int, optional
        Seed of the k-means++ and random starts (0 if None, so that fits repeat).
    prior : {None, "default"} or MixturePrior
        Off by default (maximum likelihood). ``"default"`` is mclust's
        ``priorControl()``: a conjugate normal-inverse-Wishart prior with mclust's
        ``defaultPrior`` hyperparameters, which keeps covariances away from
        singularity; EM then finds the posterior mode (see
        :mod:`emstats.models._prior`). ``llf`` stays the plain log-likelihood (as
        mclust's ``loglik``), which BIC and ICL use; ``loglike`` of the model is the
        log posterior (up to a constant), the function EM increases.
    freq_weights, sampling_weights : array_like or str, optional
        Case weights, one per row of ``data`` (at most one of the two), or the name of
        a column of ``data`` holding them (that column is then not a variable):
        frequency weights (Stata ``fweight``: the fit equals the fit on the replicated
        rows, ``nobs`` is their sum) or sampling weights (``pweight``: a
        pseudo-likelihood, robust covariance by default, ``nobs`` the rows); see
        :mod:`emstats.weights`. The default prior's hyperparameters are then the
        weighted moments.

    Notes
    -----
    The model is :class:`~emstats.models.latent.MixingWeights` (the components) and a
    :class:`~emstats.models._gaussian_emission.GaussianEmission`. Components are numbered
    from 0 and ordered by their means of the ``order_by`` column. Rows with every value missing are
    kept out of the likelihood (they contribute nothing to it) and a warning says how
    many there are.
    """

    model_name: ClassVar[str] = "Gaussian mixture"
    default_cov_type: ClassVar[str] = "none"
    state_label = "component"
    layer: MixingWeights
    emission: GaussianEmission

    def __init__(self, data: Any, k: int = 1, covariance: str = "VVV", *,
                 init: Any = "hc", hc_use: str = "SVD", order_by: str | None = None,
                 random_state: int | None = None,
                 prior: str | MixturePrior | None = None, freq_weights: Any = None,
                 sampling_weights: Any = None) -> None:
        check_random_state(random_state)
        data, freq_weights, sampling_weights = split_weight_columns(
            data, freq_weights, sampling_weights)
        values, names = numeric_matrix(data)
        check_observed_columns(values, names)
        weights = resolve_case_weights(freq_weights, sampling_weights, len(values))
        kept: BoolArray = ~np.all(np.isnan(values), axis=1)
        if not kept.all():
            warnings.warn(
                f"{int((~kept).sum())} row(s) have every value missing; they contribute "
                "nothing to the likelihood and are left out (nobs counts the others)",
                UserWarning, stacklevel=2)
        self.row_index = (data.index[kept] if isinstance(data, pd.DataFrame)
                          else pd.RangeIndex(len(values))[kept])
        values = values if kept.all() else values[kept]
        if weights is not None and not kept.all():
            weights = weights.take(np.flatnonzero(kept))
        self._weights = weights
        self.patterns = group_patterns(values)
        if self.patterns[0].rows.size == len(values):  # one complete pattern: share it
            values = self.patterns[0].values_t.T
        values.flags.writeable = False
        self.values = values  # a private copy of the data, read-only
        self.columns = names
        self.k = self._check_k(k, self.values)
        self.structure = get_structure(covariance)
        self.init = init
        self.hc_use = check_hc_use(hc_use)
        self.random_state = random_state
        check_gaussian_data(values, names, self.k, self.structure.diagonal, prior is not None)
        self.prior = self._check_prior(prior)
        emission = GaussianEmission(self.patterns, len(self.values), names, self.k,
                                    self.structure, np.nanvar(self.values, axis=0), self.prior,
                                    order_by)
        self.order_by = order_by
        layer = MixingWeights(self.k, len(self.values), case_weights=weights)
        super().__init__(layer, emission, self.values)
        self.df_model = float(self.n_free_params)
        self.df_resid = self.nobs - self.n_free_params

    # -- checks -------------------------------------------------------------------------
    @staticmethod
    def _check_k(k: Any, values: FloatArray) -> int:
        k = integer(k, "k", 1)
        if int(k) > count_distinct_rows(values, int(k)):
            raise ValueError(f"k = {int(k)} exceeds the number of distinct rows "
                             f"({count_distinct_rows(values, len(values))})")
        return int(k)

    def fit_warnings(self, results: Any) -> list[Warning]:
        """A fit in which a component collapsed (see
        :attr:`GaussianMixtureResults.degenerate`): a :class:`DegenerateSolutionWarning`;
        ``prior="default"`` is the usual remedy."""
        if not results.degenerate:
            return []
        collapsed = results.degenerate_components
        return [DegenerateSolutionWarning(
            f"{self.model_name}: degenerate solution ("
            + (f"component(s) {collapsed} collapsed" if collapsed
               else f"EM stopped by {results.stop_rule!r}")
            + "); try prior='default', fewer components, another structure or other "
            "starts")]


    def _check_prior(self, prior: str | MixturePrior | None) -> MixturePrior | None:
        if prior is None or isinstance(prior, MixturePrior):
            if prior is not None and len(prior.mean) != self.n_features:
                raise ValueError(f"the prior has {len(prior.mean)} means for "
                                 f"{self.n_features} columns")
            return prior
        if prior == "default":
            return default_prior(self.values, self.k, self.structure.diagonal,
                                 None if self._weights is None else self._weights.values)
        raise ValueError(f"prior must be None, 'default' or a MixturePrior, got {prior!r}")

    def log_prior(self, values: ParamValues) -> float:
        """The conjugate prior's log density (0 without a prior)."""
        return self.emission.log_prior(values)

    # -- parameters ---------------------------------------------------------------------
    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model: a Gaussian mixture of the
        same structure on the same columns with no more components."""
        return (isinstance(other, GaussianMixture) and other.columns == self.columns
                and other.structure.name == self.structure.name and other.k <= self.k)

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer components lie on the boundary (tests of k against k + 1)."""
        return isinstance(other, GaussianMixture) and other.k < self.k

    def null_model(self) -> EMModel:
        """None: the one-component model lies on the boundary of the mixture's parameter
        space (:class:`~emstats.exceptions.NoNullModelError`)."""
        raise NoNullModelError(
            "a Gaussian mixture has no chi-square null model: the one-component model "
            "lies on the boundary of its parameter space (a weight of 0), where the LR "
            "statistic is not chi-square; use em.bootstrap_lrtest(fit_k1, fit_k)")

    @property
    def k_components(self) -> int:
        """Number of components."""
        return self.k

    def observed_data(self) -> dict[str, Any]:
        """The rows (NaN where missing), and their case weights, if any."""
        return {"data": self.values, **weight_keywords(self.case_weights)}

    @property
    def n_features(self) -> int:
        """Number of columns ``d``."""
        return self.values.shape[1]

    def unpack(self, params: FloatArray) -> MixtureParams:
        """Weights, means (k x d) and covariances (k x d x d) from the parameter vector."""
        values = self.spec.unpack(params)
        means, covs = self.emission.parts(values)
        weights = values["weight"] if self.k > 1 else np.ones(1)
        return MixtureParams(weights, means, covs)

    def pack(self, weights: FloatArray, means: FloatArray, covariances: FloatArray
             ) -> FloatArray:
        """The parameter vector of weights, means and covariances."""
        blocks = {"mean": np.reshape(means, self.spec.block("mean").shape),
                  "cov": np.reshape(covariances, self.spec.block("cov").shape)}
        if self.k > 1:
            blocks["weight"] = np.asarray(weights, dtype=float)
        return self.spec.pack(blocks)

    def log_joint(self, params: FloatArray) -> FloatArray:
        """``log pi_k + log phi(x_i,obs; mu_k, Sigma_k)`` for every row and component."""
        return log_joint_rows(self.patterns, len(self.values), self.unpack(params))

    # -- starts ---------------------------------------------------------------------------
    def plain_em_tolerance(self) -> float | None:
        """mclust's stopping rule (``emControl()$tol[1]``, 1e-5): an accelerated fit
        follows plain EM, as mclust's ``me`` does, to where mclust stops, and SQUAREM
        from there (:class:`~emstats.protocol.PlainWarmUp`), so that it reaches at least
        mclust's maximum from the same start. None for one component (the multivariate
        normal, whose maximum does not depend on the start)."""
        return None if self.k == 1 else MCLUST_TOLERANCE

    @property
    def start_params(self) -> FloatArray:
        """Parameters from the ``init`` partition (a single component: from the data).

        A random partition (``init="kmeans++"``, or the subset of a hierarchical start
        beyond 2,000 rows) is seeded by ``random_state``, 0 if it is None: the default
        start, and so the fit, is the same on every call. With missing values the
        parameters come from the complete rows' partition (see
        :mod:`emstats.models._mixture_starts`).
        """
        rng = np.random.default_rng(0 if self.random_state is None else self.random_state)
        return self.params_from_partition(self._start_labels(self.init, rng))

    def default_starts(self) -> list[FloatArray]:
        """The ``init`` start; with incomplete rows and ``init="hc"`` also Ward's
        partition of the standardised data with missing entries at the column means (on
        simulated mixtures with 10-50% missing, each reaches the best llf alone in about
        two thirds of the data sets, the better of the two in 86%;
        benchmarks/mixture_missing_starts.py)."""
        starts = [self.start_params]
        hierarchical = isinstance(self.init, str) and self.init == "hc"
        if self.k > 1 and hierarchical and len(self.patterns) > 1:
            rng = np.random.default_rng(0)
            pool = filled_rows(self.values, self._replicates())
            labels = row_labels(pool, pool_partition("ward", pool, self.k, rng),
                                len(self.values))
            starts.append(self.params_from_partition(labels))
        return starts

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A k-means++ start or, as often, a start at random parameters (each call a
        different draw).

        k-means++ partitions split the data into compact groups of similar spread, and
        EM from them finds the same maximum again and again; a mixture of a narrow and a
        wide component (one variable, sigmas 0.7 and 2.5) is then never found.
        :meth:`random_parameters` varies the spreads too.
        """
        if self.k == 1 or rng.random() < 0.5:
            return self.params_from_partition(self._start_labels("kmeans++", rng))
        return self.random_parameters(rng)

    def random_parameters(self, rng: np.random.Generator) -> FloatArray:
        """Means at ``k`` distinct rows drawn at random (complete rows where there are
        enough), covariances the data's scaled by ``k^(-2/d) exp(U(log 0.1, log 2))``
        each (a group's share of the spread, from a tenth to twice it), weights
        from a flat Dirichlet; the covariances are then fitted to the structure (its
        M-step from scatter matrices in those proportions)."""
        complete = np.flatnonzero(~np.isnan(self.values).any(axis=1))
        rows = complete if len(complete) >= self.k else np.arange(len(self.values))
        picked = self.values[rng.choice(rows, self.k, replace=False)]
        means = np.where(np.isnan(picked), np.nanmean(self.values, axis=0), picked)
        total = self._data_covariance
        scales = self.k ** (-2.0 / self.n_features) * np.exp(
            rng.uniform(np.log(0.1), np.log(2.0), size=self.k))
        weights = rng.dirichlet(np.ones(self.k))
        counts = weights * self.nobs
        scatter = (counts * scales)[:, None, None] * total
        covs = self.structure.m_step(scatter, counts, scatter / counts[:, None, None])
        return self.pack(weights, means, covs)

    @cached_property
    def _data_covariance(self) -> FloatArray:
        """The pairwise-complete covariance of the columns, with a 1e-9 relative ridge
        (positive definite for the random starts' scaled copies)."""
        total = np.atleast_2d(
            np.ma.cov(np.ma.masked_invalid(self.values), rowvar=False).filled(0.0))
        return total + 1e-9 * np.trace(total) * np.eye(self.n_features)

    def start_partition(self, init: Any, rng: np.random.Generator) -> np.ndarray:
        """The component of every row in a start: ``init`` (see the class), or a partition
        given as labels. Rows the start was not computed from (incomplete rows, rows
        outside a hierarchical subset) get their most probable component under it."""
        labels = self._start_labels(init, rng)
        return extend_by_posterior(
            labels, lambda: self.log_joint(self.params_from_partition(labels)))

    def _start_labels(self, init: Any, rng: np.random.Generator) -> IntArray:
        """The labels of a start, -1 for rows it was not computed from."""
        n, k = len(self.values), self.k
        if k == 1:
            return np.zeros(n, dtype=np.int64)
        if not isinstance(init, str):
            labels = np.asarray(init)
            if labels.shape != (n,):
                raise ValueError(f"an init partition needs one label per kept row ({n}), got "
                                 f"shape {labels.shape}")
            codes = np.unique(labels, return_inverse=True)[1].ravel()
            if codes.max() + 1 != k:
                raise ValueError(f"the init partition has {codes.max() + 1} groups, not k = {k}")
            return codes
        pool = start_rows(self.values, self._replicates(), k)
        return row_labels(pool, pool_partition(init, pool, k, rng, self.hc_use), n)

    def _replicates(self) -> IntArray:
        """Each row's position repeated by its frequency weight (every row once without
        them): the hierarchical start clusters the replicated rows, so that a fit with
        frequency weights starts where the fit on the replicated data does (the copies
        of a row merge first, at distance 0, and share its label)."""
        n = len(self.values)
        weights = self.case_weights
        if weights is None or weights.kind != "freq":
            return np.arange(n)
        return np.repeat(np.arange(n), weights.values.astype(np.int64))

    def params_from_partition(self, labels: np.ndarray) -> FloatArray:
        """One M-step from a hard partition (missing entries at the column means), each row
        counted with its case weight.

        A group whose scatter matrix is singular (too few or collinear rows) gets
        1e-3 of the column variances added, so that its starting covariance is
        positive definite.
        """
        weight = unit_weights(self.case_weights, len(self.values))
        observed = ~np.isnan(self.values)
        filled = np.where(observed, self.values, 0.0)
        mean_all = (weight @ filled) / (weight @ observed)
        filled = np.where(observed, self.values, mean_all)
        var_all = (weight @ (observed * (filled - mean_all) ** 2)) / (weight @ observed)
        var_all = np.where(var_all > 0, var_all, 1.0)
        k, d = self.k, self.n_features
        counts, means, scatter = np.zeros(k), np.zeros((k, d)), np.zeros((k, d, d))
        for j in range(k):
            rows, w = filled[labels == j], weight[labels == j]
            counts[j] = max(float(w.sum()), 1.0)
            means[j] = (w @ rows) / w.sum() if len(rows) else mean_all
            dev = rows - means[j]
            scatter[j] = (dev * w[:, None]).T @ dev
            if np.linalg.eigvalsh(scatter[j])[0] <= 1e-12 * counts[j] * var_all.max():
                scatter[j] += counts[j] * 1e-3 * np.diag(var_all)
        if k == 1:
            scatter[0] = counts[0] * np.diag(var_all)
        start = scatter / counts[:, None, None]
        effective = counts
        if self.prior is not None:
            means, scatter, effective = self.prior.regularise(counts, means, scatter)
        covs = self.structure.m_step(scatter, effective, start)
        return self.pack(counts / counts.sum(), means, covs)

    # -- replicates -----------------------------------------------------------------------
    def _like(self, values: FloatArray, weights: CaseWeights | None) -> GaussianMixture:
        frame = pd.DataFrame(values, columns=self.columns)
        return type(self)(frame, self.k, self.structure.name, init="kmeans++",
                          order_by=self.order_by, hc_use=self.hc_use,
                          random_state=self.random_state, prior=self.prior,
                          **weight_keywords(weights))

    def resample(self, rows: IntArray) -> GaussianMixture:
        """The model on the rows ``rows`` (with repeats, and their case weights)."""
        rows = np.asarray(rows, dtype=int)
        weights = None if self.case_weights is None else self.case_weights.take(rows)
        return self._like(self.values[rows], weights)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> GaussianMixture:
        """The model on rows drawn from the fit, with the data's missingness pattern and
        case weights."""
        draws = sample_mixture(self.unpack(params), len(self.values), rng)[0]
        draws[np.isnan(self.values)] = np.nan
        return self._like(draws, self.case_weights)

    def with_outcome_of(self, other: EMModel) -> GaussianMixture:
        """This model (k, structure) on the data (and case weights) of ``other``."""
        return self._like(np.asarray(other.values), other.case_weights)


class GaussianMixtureResults(StateProbabilityResults, EMResults):
    """Results of a Gaussian mixture fit.

    Information criteria count the free parameters of the covariance structure
    (mclust's count), not the length of ``params``. Components are numbered from 0.
    """

    state_name = "component"

    @cached_property
    def _parts(self) -> MixtureParams:
        return self.model.unpack(np.asarray(self.params))

    def _class_row_weights(self) -> FloatArray | None:
        weights = self.model.case_weights
        return None if weights is None else weights.values

    @property
    def log_posterior(self) -> float | None:
        """The log posterior density at the estimates (the objective EM maximised with
        ``prior``: :attr:`llf` plus the prior's normalised log density); None without a
        prior."""
        return None if self.model.prior is None else self.objective

    @cached_property
    def degenerate_components(self) -> list[int]:
        """Components that collapsed (:meth:`GaussianMixture.collapsed`)."""
        return self.model.collapsed(np.asarray(self.params))

    @property
    def degenerate(self) -> bool:
        """Whether the fit is degenerate: a collapsed component, or EM stopped at the
        edge of the parameter space or on non-finite values."""
        return bool(self.degenerate_components) or self.stop_rule in ("boundary",
                                                                       "non-finite")

    @property
    def weights(self) -> pd.Series:
        """Mixing proportions."""
        return pd.Series(self._parts.weights, index=self._component_labels, name="weight")

    @property
    def means(self) -> pd.DataFrame:
        """Component means (k x d)."""
        return pd.DataFrame(self._parts.means, index=self._component_labels,
                            columns=self.model.columns)

    @property
    def covariances(self) -> FloatArray:
        """Component covariance matrices (k x d x d)."""
        return self._parts.covariances.copy()

    @property
    def _component_labels(self) -> pd.Index:
        return pd.RangeIndex(self.model.k, name="component")

    @property
    def df_free(self) -> int:
        """Free parameters: ``k - 1`` weights, ``k d`` means and the structure's count."""
        return self.model.n_free_params

    @property
    def bic_mclust(self) -> float:
        """BIC on mclust's sign convention, ``2 llf - log(nobs) df_free`` (larger is better)."""
        return -self.bic

    def _class_probabilities(self) -> FloatArray:
        log_joint = self.model.log_joint(np.asarray(self.params))
        return np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))

    @property
    def _class_index(self) -> pd.Index:
        return self.model.row_index

    def predict_proba(self, data: Any = None) -> pd.DataFrame:
        """Posterior probabilities of the components (rows of ``data``, or of the fit).

        Rows of new data with every value missing get the mixing proportions.
        """
        if data is None:
            return self._state_frame(self._posterior_classes)
        index, log_joint = self._new_rows(data)
        z = np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))
        return pd.DataFrame(z, index=index, columns=self._component_labels)

    @cached_property
    def _posterior_fit(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        return posterior_fit(self._posterior_classes, self._parts.means, self.model.values,
                             self._class_index, self.model.columns)

    @property
    def fittedvalues(self) -> pd.DataFrame:
        r"""The component means weighted by each row's posterior probabilities,
        :math:`\sum_j z_{ij} \mu_j` (the mean for the multivariate normal)."""
        return self._posterior_fit[0]

    @property
    def resid(self) -> pd.DataFrame:
        """The data less :attr:`fittedvalues` (NaN where a value is missing)."""
        return self._posterior_fit[1]

    def predict(self, data: Any = None) -> pd.Series:
        """The most probable component of each row (its MAP classification)."""
        if data is None:
            return self.classification
        proba = self.predict_proba(data)
        return pd.Series(proba.to_numpy().argmax(axis=1), index=proba.index,
                         name="component")

    def density(self, data: Any) -> pd.Series:
        """Mixture density of the observed entries of each row of ``data``."""
        index, log_joint = self._new_rows(data)
        return pd.Series(np.exp(logsumexp(log_joint, axis=1)), index=index, name="density")

    def sample(self, n: int, random_state: int | np.random.Generator | None = None
               ) -> pd.DataFrame:
        """``n`` rows drawn from the fitted mixture, with a ``component`` column."""
        draws, labels = sample_mixture(self._parts, int(n), np.random.default_rng(random_state))
        frame = pd.DataFrame(draws, columns=self.model.columns)
        frame["component"] = labels
        return frame

    def _new_rows(self, data: Any) -> tuple[pd.Index, FloatArray]:
        """Row labels and component probabilities for new data with the fit's columns."""
        values, index = self._new_values(data)
        return index, log_joint_rows(group_patterns(values), len(values), self._parts)

    def _new_values(self, data: Any) -> tuple[FloatArray, pd.Index]:
        """New data with the fit's columns, and its row labels."""
        values, names = numeric_matrix(data)
        if isinstance(data, pd.DataFrame | pd.Series):
            if names != self.model.columns:
                raise ValueError(f"data must have the columns {self.model.columns}, got {names}")
            index = data.index
        else:
            index = pd.RangeIndex(len(values))
        if values.shape[1] != self.model.n_features:
            raise ValueError(f"data must have {self.model.n_features} columns, got "
                             f"{values.shape[1]}")
        return values, index

    def plot_classification(self, columns: Any = None, *, ax: Any = None,
                            level: float = 0.95) -> Any:
        """Two columns coloured by classification, with component ellipses
        (:func:`emstats.plotting.plot_classification`)."""
        data = pd.DataFrame(self.model.values, index=self.model.row_index,
                            columns=self.model.columns)
        return plotting.plot_classification(data, self.predict(), self.means, self.covariances,
                                            columns, ax=ax, level=level)

    def plot_uncertainty(self, columns: Any = None, *, ax: Any = None) -> Any:
        """Two columns, point size by uncertainty
        (:func:`emstats.plotting.plot_uncertainty`)."""
        data = pd.DataFrame(self.model.values, index=self.model.row_index,
                            columns=self.model.columns)
        return plotting.plot_uncertainty(data, self.predict_proba(), columns, ax=ax)

    @property
    def missing_patterns(self) -> pd.DataFrame:
        """The missingness patterns of the data (1 observed, 0 missing) and their counts."""
        return pattern_table(self.model.values, self.model.columns)

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left, right = super()._summary_top()
        left[0] = variables_row(self.model.columns)
        left.insert(2, ("Covariance structure:", [self.model.structure.name]))
        left.insert(3, ("Components:", [f"{self.model.k}"]))
        right.insert(3, ("ICL:", [f"{self.icl:#.6g}"]))
        return left, right

    @property
    def clustering_table(self) -> pd.Series:
        """Rows per component of the MAP classification (mclust's "Clustering table")."""
        counts = np.bincount(self.classification.to_numpy(), minlength=self.model.k)
        return pd.Series(counts, index=self._component_labels, name="rows")

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """The summary, with mclust's header (log-likelihood, n, df, BIC and ICL on
        mclust's larger-is-better sign) and clustering table (rows per component of the
        MAP classification) above the parameters."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        header = pd.DataFrame([[f"{self.llf:.3f}", f"{int(self.nobs)}", f"{self.df_free}",
                                f"{self.bic_mclust:.3f}", f"{-self.icl:.3f}"]],
                              index=[self.model.structure.name],
                              columns=["log-likelihood", "n", "df", "BIC", "ICL"])
        counts = self.clustering_table.to_frame().T
        smry.tables[1:1] = [
            frame_table(header, "mclust (BIC, ICL: larger is better)"),
            frame_table(counts, "Clustering table (component)", fmt="{:d}")]
        return smry


GaussianMixture._results_class = GaussianMixtureResults


@dataclass(frozen=True)
class MixtureSelection:
    """The table of :func:`select_mixture` and the best fit.

    Attributes
    ----------
    bic : DataFrame
        BIC on mclust's sign convention (larger is better), rows ``k``, columns
        structures; NaN where the fit failed or degenerated.
    icl : DataFrame
        ICL on the same convention.
    best : GaussianMixtureResults
        The fit with the largest BIC.
    """

    bic: pd.DataFrame
    icl: pd.DataFrame
    best: GaussianMixtureResults

    def plot(self, criterion: str = "bic", *, ax: Any = None) -> Any:
        """The table's curves, one per structure (:func:`emstats.plotting.plot_bic`)."""
        table = self.icl if criterion == "icl" else self.bic  # plot_bic checks criterion
        return plotting.plot_bic(table, criterion=criterion, ax=ax)


def select_mixture(data: Any, k: Any = range(1, 10), covariance: Any = None, *,
                   n_starts: int = 1, random_state: int | None = None,
                   prior: str | MixturePrior | None = None,
                   progress: bool | None = None, freq_weights: Any = None,
                   sampling_weights: Any = None) -> MixtureSelection:
    """Fit every ``k`` and structure and tabulate BIC and ICL (mclust's ``mclustBIC``).

    Parameters
    ----------
    data : DataFrame or array_like
        Numeric columns, NaN for missing values.
    k : iterable of int
        Numbers of components.
    covariance : iterable of str, optional
        Structures; all 14 of mclust's if omitted.
    n_starts : int
        Starts per fit (hierarchical clustering first, then k-means++).
    random_state : int, optional
        Seed of the extra starts.
    prior : {None, "default"} or MixturePrior
        The conjugate prior of every fit (see :class:`GaussianMixture`); BIC and ICL
        use the plain log-likelihood at the posterior mode, as mclust's do.
    progress : bool or None
        Progress bar over the fits; None (default): shown once they have taken a
        few seconds, on a terminal or in a notebook (see :mod:`emstats._progress`).
    freq_weights, sampling_weights : array_like or str, optional
        Case weights of the rows of every fit (see :class:`GaussianMixture`).

    Returns
    -------
    MixtureSelection
        Fits that fail or stop on numerical trouble get NaN and are reported by a
        warning; they are never the best.
    """
    from ._covstruct import STRUCTURES

    data, freq_weights, sampling_weights = split_weight_columns(
        data, freq_weights, sampling_weights)
    names = list(STRUCTURES) if covariance is None else [get_structure(c).name
                                                         for c in covariance]
    ks = [int(j) for j in k]
    bic = pd.DataFrame(np.nan, index=pd.Index(ks, name="k"), columns=names)
    icl = bic.copy()
    best: GaussianMixtureResults | None = None
    failed = []
    bar = progress_bar(progress, total=len(ks) * len(names), desc="mixture fits",
                       iterable=[(j, name) for j in ks for name in names])
    for j, name in bar:
        bar.set_postfix_str(f"{name}, k={j}", refresh=False)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = GaussianMixture(data, j, name, random_state=random_state,
                                      prior=prior, freq_weights=freq_weights,
                                      sampling_weights=sampling_weights).fit(
                    n_starts=n_starts, random_state=random_state, progress=False)
        except (ValueError, np.linalg.LinAlgError) as err:
            failed.append(f"{name}, k={j}: {err}")
            continue
        if not (res.converged and np.isfinite(res.llf)):
            failed.append(f"{name}, k={j}: stopped by {res.stop_rule!r}")
            continue
        bic.loc[j, name], icl.loc[j, name] = res.bic_mclust, -res.icl
        if best is None or res.bic_mclust > best.bic_mclust:
            best = res
    if failed:
        warnings.warn("fits without a result in the table: " + "; ".join(failed),
                      DegenerateSolutionWarning, stacklevel=2)
    if best is None:
        raise ValueError("no fit succeeded")
    return MixtureSelection(bic, icl, best)
