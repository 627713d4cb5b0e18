r"""Exploratory maximum-likelihood factor analysis, fitted by EM.

The model is :math:`x = \mu + \Lambda z + e` with :math:`z \sim N(0, I_k)` and
:math:`e \sim N(0, \Psi)`, :math:`\Psi` diagonal, so that
:math:`x \sim N(\mu, \Lambda\Lambda' + \Psi)`. EM treats the factors (and any missing
entries of :math:`x`) as the missing data (Rubin & Thayer 1982): the E-step needs the
moments of :math:`x` about the current mean, after which each iteration costs
:math:`O(p^2 k)` whatever the number of rows when no value is missing.

The loadings are identified only up to a rotation. The reported parameters are
the canonical unrotated solution of factanal (:math:`\Lambda'\Psi^{-1}\Lambda`
diagonal, decreasing, column sums positive); the working vector of the engine and of
the covariance estimators is the rotation-free echelon chart (the first ``k`` rows
of the loadings lower triangular with a positive diagonal), in which the
information matrix is regular. Rotated loadings, their standard errors (the delta
method through the rotation, Jennrich 1973), scores and fit statistics are on the
results (:mod:`emstats.models._factor_results`); the EM maths are in
:mod:`emstats.models._factor_em`.
"""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from statsmodels.tools.numdiff import approx_fprime

from .._checks import integer, numeric_matrix
from .._docstrings import with_model_doc
from .._progress import progress_bar
from .._tables import ColumnsAsEndogNames
from ..base import EMModel, check_keywords
from ..exceptions import HeywoodWarning, NoNullModelError
from ..params import ParamSpec, array_block
from ..typing import BoolArray, FloatArray, IntArray, RowBlock
from ..weights import (
    CaseWeights,
    resolve_case_weights,
    split_weight_columns,
    unit_weights,
    weight_keywords,
    weighted_pairwise_moments,
)
from . import _factor_fit
from ._factor_em import (
    FactorParams,
    FactorStats,
    canonical_loadings,
    echelon_loadings,
    factor_m_step,
    factor_regression,
    normal_loglike,
    profile_loadings,
)
from ._factor_fit import independence_loglike, max_factors
from ._factor_louis import (
    GroupConditional,
    ObservedGroup,
    complete_information_by_variable,
    group_conditionals,
    joint_coordinates,
    joint_covariance,
    joint_precision,
    joint_score_covariance,
)
from ._factor_results import FactorResults
from ._gaussian_kernels import MixtureParams, NormalsCache, log_joint_rows, mixture_moments
from ._missing import Pattern, group_patterns
from ._rotation import check_rotation
from .mvn import MultivariateNormal

__all__ = ["DEFAULT_LOWER", "FactorAnalysis", "FactorParams", "FactorResults", "FactorStats",
           "HeywoodWarning", "canonical_loadings", "echelon_loadings", "factor",
           "factor_m_step", "factor_regression", "independence_loglike", "normal_loglike",
           "profile_loadings", "select_factors"]

DEFAULT_LOWER = 0.005
"""factanal's lower bound on the uniquenesses, on the correlation scale."""

_HEYWOOD_RTOL = 1e-6

_FIT_COLUMNS = ("chi2", "df", "pvalue", "rmsea", "rmsea_lower", "rmsea_upper", "tli", "cfi")
"""The fit-statistic columns of :func:`select_factors`."""


class FactorAnalysis(ColumnsAsEndogNames, EMModel):
    """Exploratory maximum-likelihood factor analysis.

    Parameters
    ----------
    data : DataFrame or array_like, optional
        Numeric columns, NaN for missing values (full-information ML: the missing
        entries are latent in the E-step). Never modified.
    n_factors : int
        Number of factors ``k``; at most the largest ``k`` with non-negative degrees
        of freedom ``((p - k)^2 - (p + k)) / 2``.
    cov : DataFrame or array_like, optional
        A covariance or correlation matrix instead of ``data`` (then ``nobs`` is
        required and the model has no means).
    nobs : int, optional
        The number of observations behind ``cov``.
    lower : float
        Lower bound of the uniquenesses on the correlation scale (factanal's 0.005):
        ``psi_j >= lower * s_jj``. A uniqueness at the bound is a Heywood case.
    rotation : str
        The rotation of the loadings on the results: ``"varimax"`` (default, as
        factanal), ``"none"``, ``"quartimax"``, ``"equamax"``, ``"promax"``,
        ``"oblimin"``, ``"geomin"`` or ``"target"`` (its options in
        ``rotation_kwds``).
    rotation_kwds : dict, optional
        Options of the rotation.
    freq_weights, sampling_weights : array_like or str, optional
        Case weights of the rows of ``data`` (at most one of the two; not with ``cov``),
        or the name of a column of ``data`` holding them (that column is then not a
        variable). Frequency weights (Stata ``fweight``): the fit equals the fit on the
        replicated rows, ``nobs`` is their sum. Sampling weights (``pweight``): the
        weighted pseudo-likelihood with the robust covariance by default, ``nobs`` the
        rows; the likelihood-ratio fit statistics, which assume a simple random sample,
        are then not given. See :mod:`emstats.weights`.

    Notes
    -----
    The scale ``s_jj`` of each variable is its sample variance (the diagonal of
    ``cov``; with missing values, the variance of its observed entries).

    The E-step's statistics (:class:`~emstats.models._factor_em.FactorStats`) are sums
    over rows, so the E-step runs in blocks of rows (``fit(chunksize=m)``,
    :class:`~emstats.protocol.BlockEStep`); rows with every value missing are left out
    and the units are the other rows. Without missing values, :meth:`e_step` itself
    reads the sample covariance computed once (``O(p^2 k)`` per iteration), which is
    the sum of the blocks' statistics. A model given a covariance matrix has no rows:
    its E-step is one unit, the matrix (with its ``nobs``), in a single block.
    """

    model_name: ClassVar[str] = "Factor analysis"
    default_cov_type: ClassVar[str] = "oim"
    values: FloatArray | None
    row_index: pd.Index | None
    """The data (read-only); None for a model given a covariance matrix."""
    sample_mean: FloatArray | None
    """The sample means of complete data; None with missing values or a covariance matrix."""
    sample_cov: FloatArray | None
    """The sample covariance (or the matrix given); None with missing values."""

    def __init__(self, data: Any = None, n_factors: int = 1, *, cov: Any = None,
                 nobs: float | None = None, lower: float = DEFAULT_LOWER,
                 rotation: str = "varimax", rotation_kwds: dict[str, Any] | None = None,
                 freq_weights: Any = None, sampling_weights: Any = None) -> None:
        if (data is None) == (cov is None):
            raise ValueError("give either data or cov (with nobs), not both")
        if data is not None:
            data, freq_weights, sampling_weights = split_weight_columns(
                data, freq_weights, sampling_weights)
            self._init_data(data, nobs, freq_weights, sampling_weights)
        else:
            if freq_weights is not None or sampling_weights is not None:
                raise ValueError("case weights weight the rows of data; a model given cov= "
                                 "has none: give the data with the weights, or the "
                                 "weighted covariance matrix and its nobs")
            self._init_cov(cov, nobs)
        p = len(self.columns)
        self.k = _check_n_factors(n_factors, p)
        check_rotation(rotation, (p, self.k), rotation_kwds)
        if not 0.0 <= float(lower) < 1.0:
            raise ValueError(f"lower must be in [0, 1), got {lower!r}")
        self.lower = float(lower)
        self._lower_psi = self.lower * self.scale_variances
        self.rotation = rotation
        self.rotation_kwds = dict(rotation_kwds or {})
        super().__init__(pd.DataFrame({"nobs": np.zeros(int(self.nobs))}), None)
        self.param_spec = self._param_spec()
        self.data.param_names = self.param_spec.names
        self.df_model = float(self.param_spec.df_free)
        self.df_resid = self.nobs - self.df_model

    # -- input ------------------------------------------------------------------------------
    def _init_data(self, data: Any, nobs: float | None, freq_weights: Any,
                   sampling_weights: Any) -> None:
        if nobs is not None:
            raise ValueError("nobs is taken from the data; give it only with cov")
        values, names = numeric_matrix(data)
        _check_variables(values, names)
        weights = resolve_case_weights(freq_weights, sampling_weights, len(values))
        self.row_index = (data.index if isinstance(data, pd.DataFrame)
                          else pd.RangeIndex(len(values)))
        _check_nobs(int((~np.isnan(values).all(axis=1)).sum()), values.shape[1], "rows")
        self.columns = names
        self.has_mean = True
        self.complete = not np.isnan(values).any()
        if not self.complete:
            kept = ~np.isnan(values).all(axis=1)
            if not kept.all():
                warnings.warn(f"{int((~kept).sum())} row(s) have every value missing and "
                              "are left out", UserWarning, stacklevel=3)
                values = values[kept]
                self.row_index = self.row_index[np.flatnonzero(kept)]
                weights = None if weights is None else weights.take(np.flatnonzero(kept))
        self.case_weights = weights
        self._row_weights = unit_weights(weights, len(values))
        self._total_weight = float(self._row_weights.sum())
        mean, cov = weighted_pairwise_moments(values, self._row_weights, ddof=0)
        self.sample_mean, self.sample_cov = (mean, cov) if self.complete else (None, None)
        self.scale_variances = np.diag(cov).copy()
        self._observed_mean = mean
        values.flags.writeable = False
        self.values = values
        self.nobs = float(len(values)) if weights is None else weights.nobs

    def _init_cov(self, cov: Any, nobs: float | None) -> None:
        if nobs is None:
            raise ValueError("nobs (the number of observations) is required with cov")
        matrix = np.array(cov, dtype=float)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise ValueError(f"cov must be a square matrix, got shape {matrix.shape}")
        _check_nobs(nobs, matrix.shape[0])
        _check_labels(cov)
        names = ([str(c) for c in cov.columns] if isinstance(cov, pd.DataFrame)
                 else [f"x{j + 1}" for j in range(matrix.shape[0])])
        _check_covariance(matrix, names)
        self.columns = names
        self.has_mean = False
        self.complete = True
        self.values = None
        self.row_index = None
        self.sample_mean = None
        self.sample_cov = matrix
        self.scale_variances = np.diag(matrix).copy()
        self.nobs = float(nobs)
        self._total_weight = self.nobs

    # -- names and packing ---------------------------------------------------------------
    @property
    def n_features(self) -> int:
        """Number of observed variables ``p``."""
        return len(self.columns)

    @property
    def factor_names(self) -> list[str]:
        """``Factor1, ..., Factork`` (factanal's names)."""
        return [f"Factor{j + 1}" for j in range(self.k)]

    def _param_spec(self) -> ParamSpec:
        """``mean[x]`` (with data), ``loading[x,Factor1]``, ..., ``psi[x]``; the ``k(k-1)/2``
        rotations of the loadings are redundant. The working chart is joint (the
        echelon rotation of the loadings, :meth:`to_unconstrained`), not by block."""
        means = [array_block("mean", [self.columns])] if self.has_mean else []
        return ParamSpec([*means, array_block("loading", [self.columns, self.factor_names]),
                          array_block("psi", [self.columns])],
                         redundant=self.k * (self.k - 1) // 2)

    def unpack(self, params: FloatArray) -> FactorParams:
        """The parameter vector as means, loadings and unique variances."""
        values = self.param_spec.unpack(params)
        return FactorParams(values["mean"] if self.has_mean else None, values["loading"],
                            values["psi"])

    def pack(self, p: FactorParams) -> FloatArray:
        """Inverse of :meth:`unpack`."""
        means = {"mean": p.mean} if self.has_mean else {}
        return self.param_spec.pack(means, loading=p.loadings, psi=p.psi)

    # -- the working chart -------------------------------------------------------------
    @cached_property
    def _echelon_index(self) -> tuple[IntArray, IntArray]:
        return np.tril_indices(self.n_features, 0, self.k)

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Standardised means, the echelon loadings' free entries (standardised) and
        the logs of the standardised unique variances."""
        p = self.unpack(params)
        scale = np.sqrt(self.scale_variances)
        loadings = echelon_loadings(p.loadings / scale[:, None])
        parts = [(p.mean - self._centre) / scale] if p.mean is not None else []
        return np.concatenate([*parts, loadings[self._echelon_index],
                               np.log(p.psi / self.scale_variances)])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`, in the canonical rotation."""
        p = self.working_parts(u)
        return self.pack(FactorParams(p.mean, canonical_loadings(p.loadings, p.psi), p.psi))

    def working_parts(self, u: FloatArray) -> FactorParams:
        """The parameters of the working vector ``u`` in the echelon rotation, whose
        loadings are linear in ``u``."""
        u = np.asarray(u, dtype=float)
        p, k = self.n_features, self.k
        scale = np.sqrt(self.scale_variances)
        start = p if self.has_mean else 0
        mean = self._centre + scale * u[:p] if self.has_mean else None
        n_loadings = p * k - k * (k - 1) // 2
        loadings = np.zeros((p, k))
        loadings[self._echelon_index] = u[start:start + n_loadings]
        psi = self.scale_variances * np.exp(u[start + n_loadings:])
        return FactorParams(mean, loadings * scale[:, None], psi)

    @cached_property
    def _working_to_variables(self) -> tuple[np.ndarray, FloatArray]:
        """Where each working coordinate sits in the by-variable coordinates
        ``theta_j = (mu_j, lambda_j, log psi_j)`` of
        :func:`~emstats.models._factor_louis.complete_information_by_variable`, and
        ``d theta / d u`` there (the chart is linear in each, or a log)."""
        p, k = self.n_features, self.k
        width = k + 1 + self.has_mean
        scale = np.sqrt(self.scale_variances)
        rows, cols = self._echelon_index
        variables = np.arange(p)
        index = [variables * width] if self.has_mean else []
        factor = [scale] if self.has_mean else []
        index += [rows * width + self.has_mean + cols, variables * width + width - 1]
        factor += [scale[rows], np.ones(p)]
        return np.concatenate(index), np.concatenate(factor)

    @cached_property
    def _centre(self) -> FloatArray:
        """The centre of the working chart's means: the sample (observed) means."""
        if self.sample_mean is not None:
            return self.sample_mean
        assert self.values is not None  # only a model of the data has means
        return self._observed_mean

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """The same solution in factanal's unrotated form (:func:`canonical_loadings`)."""
        p = self.unpack(params)
        return self.pack(FactorParams(p.mean, canonical_loadings(p.loadings, p.psi), p.psi))

    def aligned_params(self, params: FloatArray, reference: FloatArray) -> FloatArray:
        """The canonical form of ``params`` with each loading column signed to agree with
        ``reference``'s (bootstrap replicates against the estimate)."""
        p, ref = self.unpack(self.canonical_params(params)), self.unpack(reference)
        signs = np.where(np.sum(p.loadings * ref.loadings, axis=0) < 0, -1.0, 1.0)
        return self.pack(FactorParams(p.mean, p.loadings * signs, p.psi))

    # -- the model's maths ---------------------------------------------------------------
    @cached_property
    def patterns(self) -> list[Pattern]:
        """The rows by missingness pattern (:func:`~emstats.models._missing.group_patterns`);
        none for a model given a covariance matrix."""
        return [] if self.values is None else group_patterns(self.values)

    @cached_property
    def _normals(self) -> NormalsCache:
        """The patterns' conditional normals at the implied covariance last used (the
        blocks of an E-step share them)."""
        return NormalsCache(self.patterns)

    def _normal(self, p: FactorParams) -> MixtureParams:
        """The implied normal as the one component of the Gaussian kernels."""
        assert p.mean is not None  # only a model of the data has rows
        return MixtureParams(np.ones(1), p.mean[None], p.implied_cov[None])

    def _moments_about_mean(self, mean: FloatArray | None) -> tuple[FloatArray, FloatArray]:
        """Complete data: ``(xbar - mu, S + (xbar - mu)(xbar - mu)')``."""
        assert self.sample_cov is not None  # complete data, or a covariance matrix
        if mean is None:
            return np.zeros(self.n_features), self.sample_cov
        assert self.sample_mean is not None  # complete data with means
        shift = self.sample_mean - mean
        return shift, self.sample_cov + np.outer(shift, shift)

    def _complete_e_step(self, p: FactorParams) -> tuple[FactorStats, float]:
        """The E-step of all rows from the sample mean and covariance (no missing value)."""
        shift, moments = self._moments_about_mean(p.mean)
        n = self._total_weight
        stats = FactorStats(n, n * shift, n * moments)
        return stats, normal_loglike(p.implied_cov, moments, n)

    def _rows_e_step(self, p: FactorParams, block: RowBlock | None
                     ) -> tuple[FactorStats, float]:
        """The E-step of the rows ``block`` (all by default), pattern by pattern: the
        moments about the mean, the missing entries' conditional moments included
        (:func:`~emstats.models._gaussian_kernels.mixture_moments` with one component)."""
        normal = self._normal(p)
        moments, llf = mixture_moments(self.patterns, normal, block,
                                       self._normals(normal.covariances),
                                       None if self.case_weights is None
                                       else self._row_weights)
        return FactorStats(float(moments.counts[0]), moments.shift[0],
                           moments.scatter[0]), llf

    def e_step(self, params: FloatArray) -> tuple[FactorStats, float]:
        """The moments of the data about the current mean (conditional moments of the
        missing entries included), and the observed-data llf.

        Without missing values, from the sample mean and covariance computed once
        (``O(p^2 k)``); the sum of :meth:`e_step_block` over the rows otherwise."""
        p = self.unpack(params)
        if self.complete:
            return self._complete_e_step(p)
        return self._rows_e_step(p, None)

    @property
    def n_units(self) -> int:
        """The rows (those with an observed value), or one unit, the covariance matrix,
        for a model given one."""
        return 1 if self.values is None else len(self.values)

    @property
    def unit_size(self) -> int:
        """Working memory per row: the block's values, copied out of their patterns (the
        Gaussian kernels work through them in pieces of bounded size); the covariance
        matrix for a model given one."""
        p = self.n_features
        return p * p if self.values is None else p

    def e_step_block(self, params: FloatArray, block: RowBlock) -> tuple[FactorStats, float]:
        """The E-step's statistics and llf of the rows ``block``; for a model given a
        covariance matrix, of the matrix (unit 0) if ``block`` holds it, else zero."""
        p = self.unpack(params)
        if self.values is not None:
            return self._rows_e_step(p, block)
        if not range(self.n_units)[block]:
            return FactorStats.zeros(self.n_features), 0.0
        return self._complete_e_step(p)

    def m_step(self, stats: FactorStats, params: FloatArray) -> FloatArray:
        """:func:`~emstats.models._factor_em.factor_m_step` with the model's lower bounds."""
        return self.pack(factor_m_step(stats, self.unpack(params), self._lower_psi))

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (the normal with covariance ``LL' + Psi``)."""
        p = self.unpack(params)
        if self.complete:
            moments = self._moments_about_mean(p.mean)[1]
            return normal_loglike(p.implied_cov, moments, self._total_weight)
        return self._rows_e_step(p, None)[1]

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-row log-likelihood, unweighted (needs the data, not a covariance matrix)."""
        if self.values is None:
            raise ValueError("per-observation log-likelihoods need the data; the model was "
                             "given a covariance matrix")
        p = self.unpack(params)
        if not self.complete:
            return log_joint_rows(self.patterns, len(self.values), self._normal(p))[:, 0]
        assert p.mean is not None  # a model of the data
        chol = np.linalg.cholesky(p.implied_cov)
        white = np.linalg.solve(chol, (self.values - p.mean).T)
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        return -0.5 * (self.n_features * np.log(2 * np.pi) + logdet + (white**2).sum(axis=0))

    def saturated_loglike(self) -> float:
        """The llf of the saturated model, the unrestricted normal: at the sample mean and
        covariance without missing values, else its maximum under MAR found by EM
        (:class:`~emstats.MultivariateNormal`, to ``xtol=1e-12``)."""
        if self.sample_cov is not None:  # complete data, or a covariance matrix
            return normal_loglike(self.sample_cov, self.sample_cov, self._total_weight)
        normal = MultivariateNormal(pd.DataFrame(self.values, columns=self.columns),
                                    **weight_keywords(self.case_weights))
        return float(normal.fit(cov_type="none", xtol=1e-12).llf)

    def score_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Gradient of the llf in the working chart, in closed form with complete data
        (None with missing values): ``dl/dSigma = n/2 (Sigma^-1 M Sigma^-1 - Sigma^-1)``,
        ``M`` the moments about the mean, then the chain rule."""
        if not self.complete:
            return None
        p = self.unpack(self.from_unconstrained(u))
        sigma_inv = np.linalg.inv(p.implied_cov)
        shift, moments = self._moments_about_mean(p.mean)
        n = self._total_weight
        grad_sigma = 0.5 * n * (sigma_inv @ moments @ sigma_inv - sigma_inv)
        scale = np.sqrt(self.scale_variances)
        echelon = echelon_loadings(p.loadings / scale[:, None]) * scale[:, None]
        grad_loadings = scale[:, None] * (2.0 * grad_sigma @ echelon)
        parts = [n * scale * (sigma_inv @ shift)] if self.has_mean else []
        return np.concatenate([*parts, grad_loadings[self._echelon_index],
                               np.diag(grad_sigma) * p.psi])

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray:
        """Hessian of the llf in the working chart. Complete data: central differences
        of :meth:`score_unconstrained` (2m gradients instead of O(m^2) llfs). With
        missing values: minus Louis' information, which is the observed information
        exactly (closed form; numerical differences of the FIML llf cost minutes)."""
        if not self.complete:
            parts = self.working_parts(u)
            conditionals = self._conditionals(parts)  # once for both of Louis' terms
            return -(self._complete_information(parts, conditionals)
                     - self._complete_score_covariance(u, parts, conditionals))
        hess = approx_fprime(np.asarray(u, dtype=float), self.score_unconstrained,
                             centered=True)
        return 0.5 * (hess + hess.T)

    # -- Louis' information (complete data: the rows' x and z) -----------------------------
    def _observed_groups(self, mean: FloatArray | None) -> list[ObservedGroup]:
        """The rows by observed columns, as moments of their deviations from ``mean``."""
        if self.complete:
            shift, moments = self._moments_about_mean(mean)
            columns = np.arange(self.n_features)
            n = self._total_weight
            return [ObservedGroup(columns, n, n * shift, n * moments)]
        assert mean is not None  # missing values: a model of the data
        groups = []
        for pattern in self.patterns:
            deviations = pattern.values_t - mean[pattern.observed, None]
            weights = self._row_weights[pattern.rows]
            groups.append(ObservedGroup(pattern.observed, float(weights.sum()),
                                        deviations @ weights,
                                        (deviations * weights) @ deviations.T))
        return groups

    def _conditionals(self, parts: FactorParams) -> list[GroupConditional]:
        omega = joint_covariance(parts.loadings, parts.psi)
        return group_conditionals(self._observed_groups(parts.mean), omega, self.k)

    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """``E[-d2 l_c / du du' | y]`` for the complete data ``(x, z)`` in the echelon
        rotation, in closed form (:mod:`emstats.models._factor_louis`)."""
        parts = self.working_parts(u)
        return self._complete_information(parts, self._conditionals(parts))

    def _complete_information(self, parts: FactorParams,
                              conditionals: list[GroupConditional]) -> FloatArray:
        info = complete_information_by_variable(conditionals, parts.loadings, parts.psi,
                                                self.has_mean)
        index, factor = self._working_to_variables
        return factor[:, None] * info[np.ix_(index, index)] * factor[None, :]

    def em_complete_information_unconstrained(self, u: FloatArray) -> None:
        """None: SEM is not available. The M-step fits all ``p k`` loadings, the rotation
        of the factors included (a parameter-expanded EM, Liu, Rubin & Wu 1998), so the
        EM map is not that of the echelon chart's complete-data model, and Meng & Rubin's
        identity with :meth:`complete_information_unconstrained` does not hold (the
        standard errors came out 19% off on simulated data). Louis' information, which
        holds in any parametrisation, and the observed information are exact."""
        return None

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray:
        """``Var[S_c | y]`` for the complete data ``(x, z)``: closed form in the joint
        normal's coordinates, then the chain rule to ``u``."""
        parts = self.working_parts(u)
        return self._complete_score_covariance(u, parts, self._conditionals(parts))

    def _complete_score_covariance(self, u: FloatArray, parts: FactorParams,
                                   conditionals: list[GroupConditional]) -> FloatArray:
        precision = joint_precision(parts.loadings, parts.psi)
        var_joint = joint_score_covariance(conditionals, precision)

        def coordinates(v: FloatArray) -> FloatArray:
            q = self.working_parts(v)
            return joint_coordinates(q.mean, q.loadings, q.psi)

        jacobian = approx_fprime(np.asarray(u, dtype=float), coordinates, centered=True)
        return jacobian.T @ var_joint @ jacobian

    # -- starts ----------------------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """factanal's start: uniquenesses ``(1 - k / 2p) / diag(S^-1)``, then the
        loadings that maximise the likelihood given them."""
        cov = self._start_cov()
        p = self.n_features
        psi = (1.0 - 0.5 * self.k / p) / np.diag(np.linalg.inv(cov))
        psi = np.maximum(psi, self._lower_psi)
        mean = self._centre if self.has_mean else None
        return self.pack(FactorParams(mean, profile_loadings(cov, psi, self.k), psi))

    def _start_cov(self) -> FloatArray:
        if self.sample_cov is not None:  # complete data, or a covariance matrix
            return self.sample_cov
        assert self.values is not None  # missing values: a model of the data
        filled = np.where(np.isnan(self.values), self._centre, self.values)
        cov = np.cov(filled, rowvar=False, bias=True, aweights=self._row_weights)
        return cov + np.diag(self.scale_variances - np.diag(cov))

    def fit_warnings(self, results: Any) -> list[Warning]:
        """A Heywood case (a uniqueness at its lower bound): a :class:`HeywoodWarning`;
        it is also listed in ``results.heywood`` and the summary."""
        heywood = self.heywood(np.asarray(results.params))
        if not heywood:
            return []
        return [HeywoodWarning(
            f"Heywood case: the uniqueness of {heywood} reached its lower bound "
            f"({self.lower:g} on the correlation scale); the standard errors hold it "
            "fixed there (standard error NaN) and are conditional on it. Try fewer factors "
            "or check those variables.")]

    def null_model(self) -> EMModel:
        """None (:class:`~emstats.exceptions.NoNullModelError`): the model without factors
        is where the loadings are not identified, and the LR statistic is not
        chi-square there."""
        raise NoNullModelError(
            "factor analysis has no chi-square null model: at zero loadings (no factors) "
            "the loadings are not identified and the LR statistic is not chi-square; the "
            "test that k factors suffice is res.fit_statistics (against the saturated "
            "model), and em.select_factors compares k")

    def observed_data(self) -> dict[str, Any]:
        """The rows (and their case weights, if any), or the covariance matrix the model
        was given."""
        if self.values is None:
            return {"covariance": self.sample_cov}
        return {"data": self.values, **weight_keywords(self.case_weights)}

    def check_resamplable(self) -> None:
        """The nonparametric bootstrap resamples rows: refused for a model given a
        covariance matrix, with what to use instead."""
        if self.values is None:
            raise NotImplementedError(
                "the nonparametric bootstrap resamples rows, and the model was given a "
                "covariance matrix: give the data, or use cov_type='oim' or 'louis', or the "
                "parametric bootstrap (cov_type='bootstrap', cov_kwds={'kind': "
                "'parametric'})")

    # -- Heywood cases ---------------------------------------------------------------------
    def feasible_params(self, params: FloatArray) -> FloatArray:
        """``params`` with the uniquenesses raised to their lower bound where below it (the
        working chart's log-uniquenesses do not know the bound, and an EM step from below
        it can lower the llf)."""
        if np.all(np.asarray(params, dtype=float)[self.param_spec.slice("psi")]
                  >= self._lower_psi):
            return params
        p = self.unpack(params)
        return self.pack(FactorParams(p.mean, p.loadings, np.maximum(p.psi, self._lower_psi)))

    def _at_bound(self, params: FloatArray) -> BoolArray:
        return self.unpack(params).psi <= self._lower_psi * (1.0 + _HEYWOOD_RTOL)

    def heywood(self, params: FloatArray) -> list[str]:
        """Variables whose uniqueness is at its lower bound."""
        return [self.columns[j] for j in np.flatnonzero(self._at_bound(params))]

    def fixed_working_coordinates(self, params: FloatArray) -> BoolArray:
        """The log-uniquenesses at their lower bound (Heywood cases): the standard errors
        hold them fixed there."""
        mask = np.zeros(self.param_spec.df_free, dtype=bool)
        mask[-self.n_features:] = self._at_bound(params)
        return mask

    # -- replicates ------------------------------------------------------------------------
    def _like_data(self, values: FloatArray, weights: CaseWeights | None) -> FactorAnalysis:
        return type(self)(pd.DataFrame(values, columns=self.columns), self.k,
                          lower=self.lower, rotation=self.rotation,
                          rotation_kwds=self.rotation_kwds, **weight_keywords(weights))

    def _like_cov(self, cov: FloatArray) -> FactorAnalysis:
        frame = pd.DataFrame(cov, index=self.columns, columns=self.columns)
        return type(self)(cov=frame, nobs=self.nobs, n_factors=self.k, lower=self.lower,
                          rotation=self.rotation, rotation_kwds=self.rotation_kwds)

    def resample(self, rows: IntArray) -> FactorAnalysis:
        """The model on the rows ``rows`` of the data, with their case weights
        (nonparametric bootstrap)."""
        self.check_resamplable()
        assert self.values is not None  # check_resamplable refuses a covariance matrix
        rows = np.asarray(rows, dtype=int)
        weights = None if self.case_weights is None else self.case_weights.take(rows)
        return self._like_data(self.values[rows], weights)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> FactorAnalysis:
        """The model on data drawn from the fitted normal (same missing entries and case
        weights)."""
        p = self.unpack(params)
        n = int(self.nobs) if self.values is None else len(self.values)
        chol = np.linalg.cholesky(p.implied_cov)
        mean = p.mean if p.mean is not None else np.zeros(self.n_features)
        draws = mean + rng.standard_normal((n, self.n_features)) @ chol.T
        if self.values is None:
            return self._like_cov(np.cov(draws, rowvar=False, bias=True))
        draws[np.isnan(self.values)] = np.nan
        return self._like_data(draws, self.case_weights)

    def with_outcome_of(self, other: EMModel) -> FactorAnalysis:
        """This model (number of factors, options) on the data (and case weights) of
        ``other``."""
        if not isinstance(other, FactorAnalysis):
            raise TypeError("with_outcome_of needs another FactorAnalysis")
        if other.values is None:
            assert other.sample_cov is not None  # a model given a covariance matrix
            return self._like_cov(other.sample_cov)
        return self._like_data(other.values, other.case_weights)


def _check_n_factors(n_factors: Any, p: int) -> int:
    integer(n_factors, "n_factors", 1)
    bound = max_factors(p)
    if int(n_factors) > bound:
        raise ValueError(f"{int(n_factors)} factors are too many for {p} variables: the "
                         f"model is identified (degrees of freedom >= 0) for at most "
                         f"{bound}")
    return int(n_factors)


def _check_nobs(nobs: Any, p: int, what: str = "nobs") -> None:
    """A whole number of observations (``nobs``, or the data's ``rows``) above the number of
    variables: the sample covariance of ``p`` variables from ``p`` or fewer observations is
    singular."""
    n = integer(nobs, "nobs", 2) if what == "nobs" else int(nobs)
    if n <= p:
        label = f"nobs = {n} is" if what == "nobs" else f"{n} {what} are"
        raise ValueError(f"{label} not more than the number of variables ({p}): "
                         "their sample covariance matrix is singular and the factor model "
                         f"cannot be estimated; at least {p + 1} are needed")


def _check_labels(cov: Any) -> None:
    """A covariance DataFrame with row labels must have the same labels on its rows and
    columns (a default RangeIndex is no labels: ``pd.DataFrame(S, columns=names)``)."""
    if not isinstance(cov, pd.DataFrame) or cov.index.equals(pd.RangeIndex(len(cov))):
        return
    if not cov.index.equals(cov.columns):
        raise ValueError(f"cov's index {list(cov.index)} differs from its columns "
                         f"{list(cov.columns)}; a covariance matrix has the same variables "
                         "on both (reorder it with cov.loc[names, names])")


def _check_variables(values: FloatArray, names: list[str]) -> None:
    if values.shape[1] < 3:
        raise ValueError(f"factor analysis needs at least 3 variables, got {values.shape[1]}")
    empty = [names[j] for j in np.flatnonzero(np.isnan(values).all(axis=0))]
    if empty:
        raise ValueError(f"column(s) {empty} have no observed values; drop them")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        spread = np.nanvar(values, axis=0)
    constant = [names[j] for j in np.flatnonzero(~(spread > 0))]
    if constant:
        raise ValueError(f"column(s) {constant} are constant; a factor model needs "
                         "variables that vary")


def _check_covariance(matrix: FloatArray, names: list[str]) -> None:
    if matrix.shape[0] < 3:
        raise ValueError(f"factor analysis needs at least 3 variables, got {matrix.shape[0]}")
    if not np.all(np.isfinite(matrix)):
        raise ValueError("cov has missing or infinite entries")
    if not np.allclose(matrix, matrix.T, rtol=1e-10, atol=1e-12 * np.abs(matrix).max()):
        raise ValueError("cov is not symmetric")
    constant = [names[j] for j in np.flatnonzero(~(np.diag(matrix) > 0))]
    if constant:
        raise ValueError(f"variable(s) {constant} have zero variance in cov")
    smallest = np.linalg.eigvalsh(matrix / np.sqrt(np.outer(np.diag(matrix),
                                                            np.diag(matrix))))[0]
    if smallest <= 1e-12:
        raise ValueError(f"cov is not positive definite (smallest eigenvalue of its "
                         f"correlation matrix {smallest:.3g}); the ML discrepancy needs a "
                         "positive definite matrix")


FactorAnalysis._results_class = FactorResults


@with_model_doc(FactorAnalysis)
def factor(data: Any = None, n_factors: int = 1, rotation: str = "varimax", *,
           cov: Any = None, nobs: float | None = None, **kwargs: Any) -> FactorAnalysis:
    """Exploratory maximum-likelihood factor analysis, fitted by EM (factanal's model).

    Returns
    -------
    FactorAnalysis
        Call ``.fit()`` on it.
    """
    check_keywords(FactorAnalysis, kwargs)
    return FactorAnalysis(data, n_factors, cov=cov, nobs=nobs, rotation=rotation, **kwargs)


def select_factors(data: Any = None, max_factors: int | None = None, *, cov: Any = None,
                   nobs: float | None = None, progress: bool | None = None,
                   freq_weights: Any = None, sampling_weights: Any = None,
                   **fit_kwds: Any) -> pd.DataFrame:
    """Fit ``k = 1, ..., max_factors`` factors and tabulate the fit of each.

    Parameters
    ----------
    data, cov, nobs
        As :func:`factor`.
    max_factors : int, optional
        The largest ``k``; the identifiable maximum if omitted.
    progress : bool or None
        Progress bar over the fits; None (default): shown once they have taken a
        few seconds, on a terminal or in a notebook (see :mod:`emstats._progress`).
        The fits themselves show none.
    freq_weights, sampling_weights : array_like or str, optional
        Case weights of the rows, as :class:`FactorAnalysis`; with sampling weights the
        chi-square columns are NaN (the fit statistics are not defined there).
    **fit_kwds
        Passed to :meth:`FactorAnalysis.fit` (``cov_type="none"`` unless given).

    Returns
    -------
    DataFrame
        One row per ``k``: llf, free parameters, AIC, BIC, the chi-square of
        :attr:`FactorResults.fit_statistics` (factanal's, or lavaan's FIML statistic with
        missing values), its df and p-value, RMSEA with its 90% interval, TLI, CFI;
        whether EM converged and the Heywood variables.
    """
    if data is not None:
        data, freq_weights, sampling_weights = split_weight_columns(
            data, freq_weights, sampling_weights)
    weights = {"freq_weights": freq_weights, "sampling_weights": sampling_weights}
    p = (np.shape(cov)[0] if cov is not None else numeric_matrix(data)[0].shape[1])
    # the argument max_factors shadows the function of that name
    top = _factor_fit.max_factors(p) if max_factors is None else int(max_factors)
    fit_kwds.setdefault("cov_type", "none")
    fit_kwds["progress"] = False
    rows = []
    for k in progress_bar(progress, total=top, desc="factor fits", iterable=range(1, top + 1)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HeywoodWarning)
            res = FactorAnalysis(data, k, cov=cov, nobs=nobs, rotation="none",
                                 **weights).fit(**fit_kwds)
        row: dict[str, Any] = {"k": k, "llf": res.llf, "df_free": res.df_free,
                               "aic": res.aic, "bic": res.bic}
        fit = res.fit_statistics_if_defined
        row.update(dict.fromkeys(_FIT_COLUMNS, np.nan) if fit is None else {
            "chi2": fit.statistic, "df": fit.df, "pvalue": fit.pvalue, "rmsea": fit.rmsea,
            "rmsea_lower": fit.rmsea_lower, "rmsea_upper": fit.rmsea_upper, "tli": fit.tli,
            "cfi": fit.cfi})
        row.update(converged=res.converged, heywood=", ".join(res.heywood))
        rows.append(row)
    return pd.DataFrame(rows).set_index("k")
