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
the covariance matrices. Components are ordered by their first mean coordinate.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.cluster.vq import kmeans2
from scipy.special import logsumexp
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

from .. import plotting
from ..base import EMModel, EMResults, arrays_differ
from ..exceptions import DegenerateSolutionWarning
from ..typing import FloatArray
from ._covchart import cov_from_u, cov_to_u
from ._covstruct import CovarianceStructure, get_structure
from ._gaussian_score import score_covariance
from ._missing import Conditional, Pattern, group_patterns, pattern_table
from ._prior import MixturePrior, default_prior

_HC_MAX_ROWS = 5000
_LOG_RATIO_FLOOR = 100.0
_COLLAPSE_RATIO = 1e-10


def singular_covariances(covariances: FloatArray, scale: float) -> NDArray[np.bool_]:
    """Which of the covariance matrices (k x d x d) are singular: smallest eigenvalue at
    most ``1e-10`` times ``scale`` (the largest column variance of the data)."""
    return np.linalg.eigvalsh(covariances)[:, 0] <= _COLLAPSE_RATIO * scale


@dataclass(frozen=True)
class GaussianStats:
    """Expected complete-data statistics per component, about the current means.

    Attributes
    ----------
    counts : ndarray
        ``sum_i z_ik`` (K).
    shift : ndarray
        ``sum_i z_ik (E[x_i] - mu_k)`` (K x d).
    scatter : ndarray
        ``sum_i z_ik E[(x_i - mu_k)(x_i - mu_k)']`` (K x d x d), including the
        conditional covariance of the missing entries.
    means, covariances : ndarray
        The current parameters (the centre, and the warm start of iterative M-steps).
    """

    counts: FloatArray
    shift: FloatArray
    scatter: FloatArray
    means: FloatArray
    covariances: FloatArray


@dataclass(frozen=True)
class MixtureParams:
    """The natural parameters, unpacked."""

    weights: FloatArray
    means: FloatArray
    covariances: FloatArray


def _numeric_matrix(data: Any) -> tuple[FloatArray, list[str]]:
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        bad = [str(c) for c in data.columns if not (pd.api.types.is_numeric_dtype(data[c])
                                                    or data[c].isna().all())]
        if bad:
            raise ValueError(f"column(s) {bad} are not numeric; select the numeric columns "
                             "or encode them as numbers")
        names = [str(c) for c in data.columns]
        values = data.to_numpy(dtype=float, na_value=np.nan, copy=True)
    else:
        try:
            values = np.array(data, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("data contain non-numeric values") from None
        if values.ndim == 1:
            values = values[:, None]
        names = [f"x{j + 1}" for j in range(values.shape[1])]
    if values.ndim != 2 or values.shape[1] == 0:
        raise ValueError(f"data must be a 2-d table with at least one column, got shape "
                         f"{values.shape}")
    if np.isinf(values).any():
        cols = [names[j] for j in np.flatnonzero(np.isinf(values).any(axis=0))]
        raise ValueError(f"column(s) {cols} have infinite values")
    return np.asarray(values, dtype=float), names


def _count_distinct_rows(values: FloatArray, enough: int) -> int:
    """The number of distinct rows (NaN equal to NaN), or any count >= ``enough`` once
    that many are found (large data sets are not sorted in full)."""
    distinct = values[:0]
    for start in range(0, len(values), 4096):
        block = np.nan_to_num(values[start:start + 4096], nan=np.inf)
        distinct = np.unique(np.concatenate([distinct, block]), axis=0)
        if len(distinct) >= enough:
            break
    return len(distinct)


def _lower_pairs(names: list[str]) -> list[tuple[str, str]]:
    return [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1)]


class GaussianMixture(EMModel):
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
    init : {"hc", "kmeans++", "random"} or array_like
        The start: model-based hierarchical clustering (Ward's criterion, the EII
        model; used up to 5,000 rows, k-means++ beyond), k-means++, a random
        partition, or a partition (one label per row of ``data``).
    random_state : int, optional
        Seed of the k-means++ and random starts.
    prior : {None, "default"} or MixturePrior
        Off by default (maximum likelihood). ``"default"`` is mclust's
        ``priorControl()``: a conjugate normal-inverse-Wishart prior with mclust's
        ``defaultPrior`` hyperparameters, which keeps covariances away from
        singularity; EM then finds the posterior mode (see
        :mod:`emstats.models._prior`). ``llf`` stays the plain log-likelihood (as
        mclust's ``loglik``), which BIC and ICL use; ``loglike`` of the model is the
        log posterior (up to a constant), the function EM increases.

    Notes
    -----
    Rows with every value missing are kept out of the likelihood (they contribute
    nothing to it) and a warning says how many there are.
    """

    model_name: ClassVar[str] = "Gaussian mixture"
    default_cov_type: ClassVar[str] = "none"

    def __init__(self, data: Any, k: int = 1, covariance: str = "VVV", *,
                 init: Any = "hc", random_state: int | None = None,
                 prior: str | MixturePrior | None = None) -> None:
        values, names = _numeric_matrix(data)
        self._check_columns(values, names)
        kept = ~np.isnan(values).all(axis=1)
        if not kept.all():
            warnings.warn(
                f"{int((~kept).sum())} row(s) have every value missing; they contribute "
                "nothing to the likelihood and are left out (nobs counts the others)",
                UserWarning, stacklevel=2)
        self.row_index = (data.index[kept] if isinstance(data, pd.DataFrame)
                          else pd.RangeIndex(len(values))[kept])
        values = values if kept.all() else values[kept]
        self.patterns = group_patterns(values)
        if self.patterns[0].rows.size == len(values):  # one complete pattern: share it
            values = self.patterns[0].values_t.T
        values.flags.writeable = False
        self.values = values  # a private copy of the data, read-only
        self.columns = names
        self.k = self._check_k(k, self.values)
        self.structure = get_structure(covariance)
        self.init = init
        self.random_state = random_state
        self.prior = self._check_prior(prior)
        super().__init__(self.values, None)
        self.nobs = float(len(self.values))
        self.data.param_names = self._names()
        d = self.values.shape[1]
        self.n_free_params = (self.k - 1) + self.k * d + self.structure.n_params(d, self.k)
        self.df_model = float(self.n_free_params)
        self.df_resid = self.nobs - self.n_free_params

    # -- checks -------------------------------------------------------------------------
    @staticmethod
    def _check_columns(values: FloatArray, names: list[str]) -> None:
        empty = [names[j] for j in np.flatnonzero(np.isnan(values).all(axis=0))]
        if empty:
            raise ValueError(f"column(s) {empty} have no observed values; drop them")

    @staticmethod
    def _check_k(k: Any, values: FloatArray) -> int:
        if not float(k).is_integer() or int(k) < 1:
            raise ValueError(f"k must be a positive integer, got {k!r}")
        if int(k) > _count_distinct_rows(values, int(k)):
            raise ValueError(f"k = {int(k)} exceeds the number of distinct rows "
                             f"({_count_distinct_rows(values, len(values))})")
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

    def collapsed(self, params: FloatArray) -> list[int]:
        """Components (1-based) that collapsed: less than one row's worth of weight, or a
        covariance whose smallest eigenvalue is below ``1e-10`` times the largest
        column variance of the data (a point or a lower-dimensional set)."""
        p = self.unpack(params)
        collapsed = ((p.weights * self.nobs < 1.0)
                     | singular_covariances(p.covariances, self._largest_variance))
        return [int(j) + 1 for j in np.flatnonzero(collapsed)]

    def degenerate_reason(self, params: FloatArray) -> str | None:
        """Which components collapsed, if any (see :meth:`collapsed`)."""
        collapsed = self.collapsed(params)
        return f"component(s) {collapsed} collapsed" if collapsed else None

    def singular_reason(self, params: FloatArray) -> str | None:
        """Which components have a singular covariance (the likelihood is unbounded
        there, so EM stops), if any."""
        singular = singular_covariances(self.unpack(params).covariances,
                                        self._largest_variance)
        components = (np.flatnonzero(singular) + 1).tolist()
        return f"the covariance of component(s) {components} collapsed" if components else None

    @cached_property
    def _largest_variance(self) -> float:
        return float(np.nanmax(np.nanvar(self.values, axis=0)))

    def _check_prior(self, prior: str | MixturePrior | None) -> MixturePrior | None:
        if prior is None or isinstance(prior, MixturePrior):
            if prior is not None and len(prior.mean) != self.n_features:
                raise ValueError(f"the prior has {len(prior.mean)} means for "
                                 f"{self.n_features} columns")
            return prior
        if prior == "default":
            return default_prior(self.values, self.k, self.structure.diagonal)
        raise ValueError(f"prior must be None, 'default' or a MixturePrior, got {prior!r}")

    def _log_prior(self, p: MixtureParams) -> float:
        return 0.0 if self.prior is None else self.prior.log_density(p.means, p.covariances)

    # -- parameters ---------------------------------------------------------------------
    def _names(self) -> list[str]:
        pairs = _lower_pairs(self.columns)
        if self.k == 1:
            return ([f"mean[{c}]" for c in self.columns]
                    + [f"cov[{a},{b}]" for a, b in pairs])
        return ([f"weight[{j + 1}]" for j in range(self.k)]
                + [f"mean[{j + 1},{c}]" for j in range(self.k) for c in self.columns]
                + [f"cov[{j + 1},{a},{b}]" for j in range(self.k) for a, b in pairs])

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model: a Gaussian mixture of the
        same structure on the same columns with no more components."""
        return (isinstance(other, GaussianMixture) and other.columns == self.columns
                and other.structure.name == self.structure.name and other.k <= self.k)

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer components lie on the boundary (tests of k against k + 1)."""
        return isinstance(other, GaussianMixture) and other.k < self.k

    @property
    def k_components(self) -> int:
        """Number of components."""
        return self.k

    def observations_differ(self, other: Any) -> str | None:
        """Why ``other`` is fitted to other rows."""
        if float(self.nobs) != float(other.nobs):
            return f"different numbers of observations ({other.nobs:g} and {self.nobs:g})"
        if not isinstance(other, GaussianMixture):
            return f"{type(other).__name__} is not a Gaussian mixture"
        return arrays_differ("data", self.values, other.values)

    @property
    def n_features(self) -> int:
        """Number of columns ``d``."""
        return self.values.shape[1]

    def unpack(self, params: FloatArray) -> MixtureParams:
        """Weights, means (k x d) and covariances (k x d x d) from the parameter vector."""
        params = np.asarray(params, dtype=float)
        k, d = self.k, self.n_features
        start = 0 if k == 1 else k
        weights = np.ones(1) if k == 1 else params[:k]
        means = params[start:start + k * d].reshape(k, d)
        tri = np.tril_indices(d)
        covs = np.zeros((k, d, d))
        lower = params[start + k * d:].reshape(k, -1)
        covs[:, tri[0], tri[1]] = lower
        covs[:, tri[1], tri[0]] = lower
        return MixtureParams(weights, means, covs)

    def pack(self, weights: FloatArray, means: FloatArray, covariances: FloatArray
             ) -> FloatArray:
        """The parameter vector of weights, means and covariances."""
        tri = np.tril_indices(self.n_features)
        parts = [] if self.k == 1 else [np.asarray(weights, dtype=float)]
        parts += [np.ravel(means), np.ravel(np.asarray(covariances)[:, tri[0], tri[1]])]
        return np.concatenate(parts)

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Log weight ratios, means, then the covariances' minimal coordinates.

        One coordinate per free covariance parameter of the structure (mclust's count):
        log volumes, log shapes, rotation angles or log-Cholesky factors, as described
        in :mod:`emstats.models._covchart`.
        """
        p = self.unpack(params)
        head = [] if self.k == 1 else [np.log(p.weights[1:] / p.weights[0])]
        return np.concatenate([*head, p.means.ravel(),
                               cov_to_u(self.structure.name, p.covariances)])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        k, d = self.k, self.n_features
        if k == 1:
            weights, rest = np.ones(1), u
        else:
            logits = np.concatenate([[0.0], u[:k - 1]])
            weights = np.exp(logits - logsumexp(logits))
            rest = u[k - 1:]
        covs = cov_from_u(self.structure.name, rest[k * d:], k, d)
        return self.pack(weights, rest[:k * d].reshape(k, d), covs)

    # -- the EM maths ---------------------------------------------------------------------
    def e_step(self, params: FloatArray) -> tuple[GaussianStats, float]:
        """Responsibilities and conditional moments, accumulated per component.

        One pass over the data in blocks of rows: per block, the deviations from every
        mean, the log densities, the responsibilities and their weighted first and
        second moments (about the current means, which keeps the scatter matrices
        free of cancellation however far the data lie from the origin).
        """
        p = self.unpack(params)
        sums = _MomentSums.zeros(self.k, self.n_features)
        llf = 0.0
        for pattern in self.patterns:
            for _, devs, conds, log_joint in _pattern_terms(p, pattern):
                llf += float(_normalise_columns(log_joint).sum())
                sums.add(devs, conds, log_joint, pattern)
        return sums.stats(p), llf + self._log_prior(p)

    def m_step(self, stats: GaussianStats, params: FloatArray) -> FloatArray:
        """Weights and means in closed form; covariances by the structure's M-step."""
        means, covs = gaussian_m_step(stats, self.structure, self.prior)
        return self.pack(stats.counts / stats.counts.sum(), means, covs)

    def expected_complete_loglike(self, params: FloatArray, stats: GaussianStats) -> float:
        """``Q(params | stats)``: the expected complete-data llf given E-step statistics."""
        p = self.unpack(params)
        return (float(stats.counts @ np.log(p.weights))
                + expected_gaussian_loglike(p.means, p.covariances, stats) + self._log_prior(p))

    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """``E[-d2 l_c / du du' | y]``: minus the Hessian of ``Q`` (numerical, cheap: ``Q``
        depends on the data only through the E-step statistics at ``u``)."""
        stats = self.e_step(self.from_unconstrained(u))[0]
        return -approx_hess3(
            u, lambda v: self.expected_complete_loglike(self.from_unconstrained(v), stats))

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray:
        """``Var[S_c | y]`` in the working parameters (closed form, see
        :mod:`emstats.models._gaussian_score`), for Louis' observed information."""
        p = self.unpack(self.from_unconstrained(u))
        var_phi = score_covariance(self.patterns, p.covariances,
                                   partial(self._filled_blocks, p))
        jacobian = approx_fprime(u, lambda v: self._score_coordinates(self.from_unconstrained(v)),
                                 centered=True)
        return jacobian.T @ var_phi @ jacobian

    def _score_coordinates(self, params: FloatArray) -> FloatArray:
        """Logits of the weights, then each component's mean and covariance lower triangle."""
        p = self.unpack(params)
        lower = np.tril_indices(self.n_features)
        head = [] if self.k == 1 else [np.log(p.weights[1:] / p.weights[0])]
        return np.concatenate([*head, *(np.concatenate([p.means[j], p.covariances[j][lower]])
                                        for j in range(self.k))])

    def _filled_blocks(self, p: MixtureParams, pattern: Pattern
                       ) -> Iterator[tuple[FloatArray, FloatArray]]:
        """Per block of rows: filled-in deviations (k x d x rows), responsibilities."""
        for _, devs, conds, log_joint in _pattern_terms(p, pattern):
            _normalise_columns(log_joint)
            yield filled_deviations(devs, conds, pattern), log_joint

    def log_joint(self, params: FloatArray) -> FloatArray:
        """``log pi_k + log phi(x_i,obs; mu_k, Sigma_k)`` for every row and component."""
        return log_joint_rows(self.patterns, len(self.values), self.unpack(params))

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-row observed-data log-likelihood."""
        p = self.unpack(params)
        out = np.zeros(len(self.values))
        for pattern in self.patterns:
            for block, _, _, log_joint in _pattern_terms(p, pattern):
                out[pattern.row_index(block)] = _normalise_columns(log_joint)
        return out

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (missing entries integrated out); with a prior,
        plus the log prior: the function EM maximises."""
        p = self.unpack(params)
        try:
            return self.data_loglike(params) + self._log_prior(p)
        except np.linalg.LinAlgError:
            return -np.inf

    def data_loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood, without the prior."""
        p = self.unpack(params)
        return float(sum(_normalise_columns(log_joint).sum() for pattern in self.patterns
                         for _, _, _, log_joint in _pattern_terms(p, pattern)))

    # -- starts ---------------------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """Parameters from the ``init`` partition (a single component: from the data)."""
        rng = np.random.default_rng(self.random_state)
        return self.params_from_partition(self._start_partition(self.init, rng))

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A k-means++ start (each call a different seed)."""
        return self.params_from_partition(self._start_partition("kmeans++", rng))

    def _start_partition(self, init: Any, rng: np.random.Generator) -> np.ndarray:
        n, k = len(self.values), self.k
        if k == 1:
            return np.zeros(n, dtype=int)
        if not isinstance(init, str):
            labels = np.asarray(init)
            if labels.shape != (n,):
                raise ValueError(f"an init partition needs one label per kept row ({n}), got "
                                 f"shape {labels.shape}")
            codes = np.unique(labels, return_inverse=True)[1].ravel()
            if codes.max() + 1 != k:
                raise ValueError(f"the init partition has {codes.max() + 1} groups, not k = {k}")
            return codes
        filled = self._mean_filled_standardised()
        if init == "hc" and n <= _HC_MAX_ROWS:
            return fcluster(linkage(filled, method="ward"), k, criterion="maxclust") - 1
        if init in ("hc", "kmeans++"):
            return kmeans2(filled, k, minit="++", seed=rng)[1]
        if init == "random":
            return rng.permutation(np.arange(n) % k)
        raise ValueError(f"init must be 'hc', 'kmeans++', 'random' or a partition, got {init!r}")

    def _mean_filled_standardised(self) -> FloatArray:
        mean = np.nanmean(self.values, axis=0)
        std = np.nanstd(self.values, axis=0)
        filled = np.where(np.isnan(self.values), mean, self.values)
        return (filled - mean) / np.where(std > 0, std, 1.0)

    def params_from_partition(self, labels: np.ndarray) -> FloatArray:
        """One M-step from a hard partition (missing entries at the column means).

        A group whose scatter matrix is singular (too few or collinear rows) gets
        1e-3 of the column variances added, so that its starting covariance is
        positive definite.
        """
        mean_all = np.nanmean(self.values, axis=0)
        var_all = np.nanvar(self.values, axis=0)
        var_all = np.where(var_all > 0, var_all, 1.0)
        filled = np.where(np.isnan(self.values), mean_all, self.values)
        k, d = self.k, self.n_features
        counts, means, scatter = np.zeros(k), np.zeros((k, d)), np.zeros((k, d, d))
        for j in range(k):
            rows = filled[labels == j]
            counts[j] = max(len(rows), 1)
            means[j] = rows.mean(axis=0) if len(rows) else mean_all
            dev = rows - means[j]
            scatter[j] = dev.T @ dev
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

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """Components ordered by their first mean coordinate (the label-switching rule)."""
        p = self.unpack(params)
        order = np.argsort(p.means[:, 0], kind="stable")
        return self.pack(p.weights[order], p.means[order], p.covariances[order])

    # -- replicates -----------------------------------------------------------------------
    def _like(self, values: FloatArray) -> GaussianMixture:
        frame = pd.DataFrame(values, columns=self.columns)
        return type(self)(frame, self.k, self.structure.name, init="kmeans++",
                          random_state=self.random_state, prior=self.prior)

    def resample(self, rows: FloatArray) -> GaussianMixture:
        """The model on the rows ``rows`` (with repeats)."""
        return self._like(self.values[np.asarray(rows, dtype=int)])

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> GaussianMixture:
        """The model on rows drawn from the fit, with the data's missingness pattern."""
        draws = sample_mixture(self.unpack(params), len(self.values), rng)[0]
        draws[np.isnan(self.values)] = np.nan
        return self._like(draws)

    def with_outcome_of(self, other: EMModel) -> GaussianMixture:
        """This model (k, structure) on the data of ``other``."""
        return self._like(np.asarray(other.values))


def pattern_normals(covariances: FloatArray, patterns: list[Pattern]
                    ) -> list[list[Conditional]]:
    """The conditional normals of every pattern (one per component): factor them once
    when several passes over the data use the same covariances."""
    return [[Conditional.of(cov, pattern) for cov in covariances] for pattern in patterns]


def pattern_deviations(means: FloatArray, covariances: FloatArray, pattern: Pattern,
                       conds: list[Conditional] | None = None
                       ) -> Iterator[tuple[slice, FloatArray, list[Conditional]]]:
    """Per block of the pattern's rows: the deviations of the observed entries from
    each mean (k x p_o x rows) and the conditional normals of the pattern (one per
    component, factored once for all blocks unless given)."""
    k = len(means)
    if conds is None:
        conds = [Conditional.of(covariances[j], pattern) for j in range(k)]
    centres = means[:, pattern.observed, None]
    for block, x in pattern.chunks(width=k * pattern.observed.size):
        yield block, x - centres, conds


def _pattern_terms(p: MixtureParams, pattern: Pattern, given: list[Conditional] | None = None
                   ) -> Iterator[tuple[slice, FloatArray, list[Conditional], FloatArray]]:
    """Per block of the pattern's rows: the deviations of the observed entries from
    each mean (k x p_o x rows), the conditional normals, and the log joint density of
    the observed entries and each component (k x rows)."""
    whiteners: FloatArray | None = None
    constants: FloatArray | None = None
    for block, devs, conds in pattern_deviations(p.means, p.covariances, pattern, given):
        if whiteners is None or constants is None:
            whiteners = np.stack([cond.whitener for cond in conds])
            constants = (np.log(p.weights) + [cond.log_norm for cond in conds])[:, None]
        log_joint = _squared_norms(whiteners, devs)
        log_joint *= -0.5
        log_joint += constants
        yield block, devs, conds, log_joint


def _squared_norms(whiteners: FloatArray, devs: FloatArray) -> FloatArray:
    """``|W_k dev_k|^2`` per component and row (k x rows) for whiteners (k x p x p) and
    deviations (k x p x rows).

    The sum over coordinates adds contiguous rows one coordinate at a time (numpy's
    reduction over a short middle axis is several times slower), and one observed
    coordinate needs no matrix product at all.
    """
    if devs.shape[1] == 1:
        out = devs[:, 0, :] * whiteners[:, 0, :]
        out *= out
        return out
    z = np.matmul(whiteners, devs)
    z *= z
    out = z[:, 0, :].copy()
    for i in range(1, z.shape[1]):
        out += z[:, i, :]
    return out


def _normalise_columns(log_joint: FloatArray) -> FloatArray:
    """Turn log joint densities (k x rows) into responsibilities, in place; return the
    per-row log-likelihood (the log of each column's sum of densities).

    Densities below ``exp(-_LOG_RATIO_FLOOR)`` times the row's largest are raised to
    that floor: it changes the row's total by less than 1e-40 of itself, far below
    rounding, and keeps the arithmetic clear of subnormal numbers, which are two
    orders of magnitude slower on common CPUs.
    """
    top = log_joint.max(axis=0)
    log_joint -= top
    np.maximum(log_joint, -_LOG_RATIO_FLOOR, out=log_joint)
    np.exp(log_joint, out=log_joint)
    total = log_joint.sum(axis=0)
    log_joint /= total
    return np.log(total) + top


def log_joint_rows(patterns: list[Pattern], n_rows: int, p: MixtureParams,
                   normals: list[list[Conditional]] | None = None) -> FloatArray:
    """``log pi_k + log phi(x_obs; mu_k, Sigma_k)`` (n_rows x k); rows in no pattern
    (every value missing) get ``log pi_k``. ``normals``: the patterns' conditional
    normals (:func:`pattern_normals`), if already factored."""
    out = np.empty((n_rows, len(p.weights)))
    with np.errstate(divide="ignore"):
        out[...] = np.log(p.weights)
    for i, pattern in enumerate(patterns):
        conds = None if normals is None else normals[i]
        for block, _, _, log_joint in _pattern_terms(p, pattern, conds):
            rows = pattern.row_index(block)
            for j, values in enumerate(log_joint):  # by column: numpy's transposing
                out[rows, j] = values               # assignment is several times slower
    return out


def _filled_deviations(dev: FloatArray, cond: Conditional, pattern: Pattern, d: int
                       ) -> FloatArray:
    """``E[x - mu | x_obs]`` for a block (d x rows): observed deviations, and the
    regression on them for the missing entries."""
    if pattern.complete:
        return dev
    full = np.empty((d, dev.shape[1]))
    full[pattern.observed] = dev
    full[pattern.missing] = cond.slope @ dev
    return full


def filled_deviations(devs: FloatArray, conds: list[Conditional], pattern: Pattern
                      ) -> FloatArray:
    """``E[x - mu_k | x_obs]`` of a block for every component (k x d x rows)."""
    d = pattern.observed.size + pattern.missing.size
    if pattern.complete:
        return devs
    return np.stack([_filled_deviations(devs[j], conds[j], pattern, d)
                     for j in range(len(conds))])


@dataclass
class _MomentSums:
    """Running sums of the E-step: weights, weighted deviations and scatter per component."""

    counts: FloatArray
    shift: FloatArray
    scatter: FloatArray

    @classmethod
    def zeros(cls, k: int, d: int) -> _MomentSums:
        return cls(np.zeros(k), np.zeros((k, d)), np.zeros((k, d, d)))

    def add(self, devs: FloatArray, conds: list[Conditional], resp: FloatArray,
            pattern: Pattern) -> None:
        """Add a block: deviations (k x p_o x rows) weighted by ``resp`` (k x rows), with
        the conditional covariance of the missing entries in the scatter."""
        m = pattern.missing
        d = self.shift.shape[1]
        counts_block = resp.sum(axis=1)
        self.counts += counts_block
        for j in range(len(conds)):
            full = _filled_deviations(devs[j], conds[j], pattern, d)
            self.shift[j] += full @ resp[j]
            self.scatter[j] += (full * resp[j]) @ full.T
            if m.size:
                self.scatter[j][np.ix_(m, m)] += counts_block[j] * conds[j].residual_cov

    def stats(self, p: MixtureParams) -> GaussianStats:
        """The statistics, about the means (and with the covariances) of ``p``."""
        return GaussianStats(self.counts, self.shift, self.scatter, p.means, p.covariances)


def weighted_moments(patterns: list[Pattern], means: FloatArray, covariances: FloatArray,
                     weights: FloatArray, normals: list[list[Conditional]] | None = None
                     ) -> GaussianStats:
    """Expected complete-data statistics given each row's component probabilities.

    Parameters
    ----------
    patterns : list of Pattern
        The data, by missingness pattern.
    means, covariances : ndarray
        Current component means (k x d) and covariances (k x d x d): the centre of the
        statistics and the conditional normals of the missing entries.
    weights : ndarray
        ``Pr(component k | data)`` per row of the data (n_rows x k); rows in no
        pattern (every value missing) are not read.
    normals : list, optional
        The patterns' conditional normals (:func:`pattern_normals`), if already factored.

    Returns
    -------
    GaussianStats
        The mixture E-step's statistics with ``weights`` as responsibilities, e.g.
        an HMM's smoothed state probabilities.
    """
    k, d = means.shape
    sums = _MomentSums.zeros(k, d)
    for i, pattern in enumerate(patterns):
        given = None if normals is None else normals[i]
        for block, devs, conds in pattern_deviations(means, covariances, pattern, given):
            resp = np.ascontiguousarray(weights[pattern.row_index(block)].T)
            sums.add(devs, conds, resp, pattern)
    return sums.stats(MixtureParams(np.ones(k), means, covariances))


def gaussian_m_step(stats: GaussianStats, structure: CovarianceStructure,
                    prior: MixturePrior | None = None) -> tuple[FloatArray, FloatArray]:
    """Means (k x d) and covariances (k x d x d) maximising the expected complete-data
    llf given the E-step statistics: the means in closed form, the covariances by the
    structure's M-step (with a conjugate prior: the posterior mode)."""
    counts = stats.counts
    delta = stats.shift / counts[:, None]
    means = stats.means + delta
    scatter = stats.scatter - counts[:, None, None] * delta[:, :, None] * delta[:, None, :]
    scatter = 0.5 * (scatter + np.swapaxes(scatter, 1, 2))
    effective = counts
    if prior is not None:
        means, scatter, effective = prior.regularise(counts, means, scatter)
    return means, structure.m_step(scatter, effective, stats.covariances)


def expected_gaussian_loglike(means: FloatArray, covariances: FloatArray,
                              stats: GaussianStats) -> float:
    """``sum_k E[sum_i z_ik log phi(x_i; mu_k, Sigma_k) | y]`` at ``(means, covariances)``
    given E-step statistics (about their own centre ``stats.means``)."""
    d = means.shape[1]
    total = 0.0
    for j in range(len(means)):
        gap = stats.means[j] - means[j]
        shift = np.outer(stats.shift[j], gap)
        scatter = stats.scatter[j] + shift + shift.T + stats.counts[j] * np.outer(gap, gap)
        logdet = np.linalg.slogdet(covariances[j])[1]
        trace = np.trace(np.linalg.solve(covariances[j], scatter))
        total += -0.5 * (stats.counts[j] * (d * np.log(2 * np.pi) + logdet) + trace)
    return float(total)


def sample_mixture(p: MixtureParams, n: int, rng: np.random.Generator
                   ) -> tuple[FloatArray, np.ndarray]:
    """``n`` rows drawn from the mixture, and their components."""
    labels = rng.choice(len(p.weights), size=n, p=p.weights / p.weights.sum())
    d = p.means.shape[1]
    out = np.empty((n, d))
    for j in range(len(p.weights)):
        rows = labels == j
        chol = np.linalg.cholesky(p.covariances[j])
        out[rows] = p.means[j] + rng.standard_normal((int(rows.sum()), d)) @ chol.T
    return out, labels


class GaussianMixtureResults(EMResults):
    """Results of a Gaussian mixture fit.

    Information criteria count the free parameters of the covariance structure
    (mclust's count), not the length of ``params``.
    """

    @cached_property
    def _parts(self) -> MixtureParams:
        return self.model.unpack(np.asarray(self.params))

    @cached_property
    def llf(self) -> float:
        """Observed-data log-likelihood at the estimates (without the prior, if any)."""
        if self.model.prior is None:
            return self.trace.llf
        return self.model.data_loglike(np.asarray(self.params))

    @cached_property
    def degenerate_components(self) -> list[int]:
        """Components (1-based) that collapsed (:meth:`GaussianMixture.collapsed`)."""
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
        return pd.RangeIndex(1, self.model.k + 1, name="component")

    @property
    def df_free(self) -> int:
        """Free parameters: ``k - 1`` weights, ``k d`` means and the structure's count."""
        return self.model.n_free_params

    @property
    def bic_mclust(self) -> float:
        """BIC on mclust's sign convention, ``2 llf - log(nobs) df_free`` (larger is better)."""
        return -self.bic

    @cached_property
    def _responsibilities(self) -> FloatArray:
        log_joint = self.model.log_joint(np.asarray(self.params))
        return np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))

    @property
    def entropy(self) -> float:
        """Classification entropy ``-sum_ik z_ik log z_ik``."""
        z = self._responsibilities
        return float(-np.sum(z * np.log(np.where(z > 0, z, 1.0))))

    @property
    def icl(self) -> float:
        """Integrated completed likelihood (Biernacki et al. 2000), smaller-is-better scale:
        ``bic + 2 entropy``."""
        return self.bic + 2.0 * self.entropy

    def predict_proba(self, data: Any = None) -> pd.DataFrame:
        """Posterior probabilities of the components (rows of ``data``, or of the fit).

        Rows of new data with every value missing get the mixing proportions.
        """
        if data is None:
            return pd.DataFrame(self._responsibilities, index=self.model.row_index,
                                columns=self._component_labels)
        index, log_joint = self._new_rows(data)
        z = np.exp(log_joint - logsumexp(log_joint, axis=1, keepdims=True))
        return pd.DataFrame(z, index=index, columns=self._component_labels)

    def predict(self, data: Any = None) -> pd.Series:
        """The most probable component of each row (its MAP classification)."""
        proba = self.predict_proba(data)
        return pd.Series(proba.to_numpy().argmax(axis=1) + 1, index=proba.index,
                         name="component")

    @property
    def uncertainty(self) -> pd.Series:
        """``1 - max_k z_ik``: how unsure the classification of each row is."""
        z = self._responsibilities
        return pd.Series(1.0 - z.max(axis=1), index=self.model.row_index, name="uncertainty")

    def density(self, data: Any) -> pd.Series:
        """Mixture density of the observed entries of each row of ``data``."""
        index, log_joint = self._new_rows(data)
        return pd.Series(np.exp(logsumexp(log_joint, axis=1)), index=index, name="density")

    def sample(self, n: int, random_state: int | np.random.Generator | None = None
               ) -> pd.DataFrame:
        """``n`` rows drawn from the fitted mixture, with a ``component`` column."""
        draws, labels = sample_mixture(self._parts, int(n), np.random.default_rng(random_state))
        frame = pd.DataFrame(draws, columns=self.model.columns)
        frame["component"] = labels + 1
        return frame

    def _new_rows(self, data: Any) -> tuple[pd.Index, FloatArray]:
        """Row labels and component probabilities for new data with the fit's columns."""
        values, names = _numeric_matrix(data)
        if isinstance(data, pd.DataFrame | pd.Series):
            if names != self.model.columns:
                raise ValueError(f"data must have the columns {self.model.columns}, got {names}")
            index = data.index
        else:
            index = pd.RangeIndex(len(values))
        if values.shape[1] != self.model.n_features:
            raise ValueError(f"data must have {self.model.n_features} columns, got "
                             f"{values.shape[1]}")
        log_joint = log_joint_rows(group_patterns(values), len(values), self._parts)
        return index, log_joint

    def plot_classification(self, columns: Any = None, *, ax: Any = None,
                            level: float = 0.95) -> Any:
        """Two columns coloured by classification, with component ellipses
        (:func:`emstats.plotting.plot_classification`)."""
        return plotting.plot_classification(self, columns, ax=ax, level=level)

    def plot_uncertainty(self, columns: Any = None, *, ax: Any = None) -> Any:
        """Two columns, point size by uncertainty
        (:func:`emstats.plotting.plot_uncertainty`)."""
        return plotting.plot_uncertainty(self, columns, ax=ax)

    @property
    def missing_patterns(self) -> pd.DataFrame:
        """The missingness patterns of the data (1 observed, 0 missing) and their counts."""
        return pattern_table(self.model.values, self.model.columns)

    def _summary_top(self) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
        left, right = super()._summary_top()
        columns = ", ".join(self.model.columns)
        left[0] = ("Variables:", [columns if len(columns) <= 24 else f"{self.model.n_features}"
                                  " columns"])
        left.insert(2, ("Covariance structure:", [self.model.structure.name]))
        left.insert(3, ("Components:", [f"{self.model.k}"]))
        right.insert(3, ("ICL:", [f"{self.icl:#.6g}"]))
        return left, right


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
        return plotting.plot_bic(self, ax=ax, criterion=criterion)


def select_mixture(data: Any, k: Any = range(1, 10), covariance: Any = None, *,
                   n_starts: int = 1, random_state: int | None = None,
                   prior: str | MixturePrior | None = None) -> MixtureSelection:
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

    Returns
    -------
    MixtureSelection
        Fits that fail or stop on numerical trouble get NaN and are reported by a
        warning; they are never the best.
    """
    from ._covstruct import STRUCTURES

    names = list(STRUCTURES) if covariance is None else [get_structure(c).name
                                                         for c in covariance]
    ks = [int(j) for j in k]
    bic = pd.DataFrame(np.nan, index=pd.Index(ks, name="k"), columns=names)
    icl = bic.copy()
    best: GaussianMixtureResults | None = None
    failed = []
    for j in ks:
        for name in names:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = GaussianMixture(data, j, name, random_state=random_state,
                                          prior=prior).fit(
                        n_starts=n_starts, random_state=random_state)
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
