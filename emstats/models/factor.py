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
results.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from statsmodels.iolib.table import SimpleTable
from statsmodels.iolib.tableformatting import fmt_params
from statsmodels.tools.numdiff import approx_fprime

from .._checks import numeric_matrix
from ..base import EMModel, EMResults, arrays_differ
from ..exceptions import HeywoodWarning
from ..inference.covariance import CovarianceResult
from ..typing import FloatArray
from ._factor_fit import (
    CONVENTIONS,
    FactorFit,
    factor_fit_statistics,
    factor_scores,
    independence_loglike,
    max_factors,
    ml_discrepancy,
    null_discrepancy,
)
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
from ._rotation import Rotation, rotate, rotated_solution_function
from .mvn import MultivariateNormal

DEFAULT_LOWER = 0.005
"""factanal's lower bound on the uniquenesses, on the correlation scale."""

_HEYWOOD_RTOL = 1e-6


@dataclass(frozen=True)
class FactorParams:
    """The natural parameters, unpacked.

    Attributes
    ----------
    mean : ndarray or None
        The means (p); None when the model was given a covariance matrix.
    loadings : ndarray
        Loadings (p x k), in any rotation.
    psi : ndarray
        Unique variances (p).
    """

    mean: FloatArray | None
    loadings: FloatArray
    psi: FloatArray

    @property
    def implied_cov(self) -> FloatArray:
        """``Lambda Lambda' + Psi``."""
        return self.loadings @ self.loadings.T + np.diag(self.psi)


@dataclass(frozen=True)
class FactorStats:
    """The E-step's moments of the data about the current mean.

    Attributes
    ----------
    shift : ndarray
        ``mean_i E[x_i] - mu`` (p): zero without missing values at the sample mean.
    covariance : ndarray
        ``mean_i E[(x_i - m)(x_i - m)']`` about ``m = mu + shift`` (p x p).
    params : FactorParams
        The parameters of the E-step.
    """

    shift: FloatArray
    covariance: FloatArray
    params: FactorParams


def factor_regression(params: FactorParams) -> FloatArray:
    r"""``beta = Lambda' Sigma^{-1}`` (k x p): ``E[z | x] = beta (x - mu)``, by Woodbury's
    identity (a k x k solve)."""
    scaled = params.loadings / params.psi[:, None]
    core = np.eye(params.loadings.shape[1]) + params.loadings.T @ scaled
    return np.linalg.solve(core, scaled.T)


def factor_m_step(stats: FactorStats, lower: FloatArray) -> FactorParams:
    r"""The exact M-step: the regression of ``x`` on ``(1, z)`` from the expected
    complete-data moments, uniquenesses bounded below by ``lower``.

    With ``C`` the expected covariance of ``x`` and ``beta`` the factor regression,
    ``E[cov(x, z)] = C beta'`` and ``E[cov(z)] = I - beta Lambda + beta C beta'``.
    The loadings do not depend on the uniquenesses in the complete-data likelihood,
    and that likelihood is unimodal in each uniqueness, so the bound is exact.
    """
    p = stats.params
    beta = factor_regression(p)
    cross = stats.covariance @ beta.T
    factor_cov = np.eye(beta.shape[0]) - beta @ p.loadings + beta @ cross
    loadings = np.linalg.solve(factor_cov, cross.T).T
    psi = np.diag(stats.covariance) - np.einsum("ij,ij->i", loadings, cross)
    mean = None
    if p.mean is not None:
        mean = p.mean + stats.shift - loadings @ (beta @ stats.shift)
    return FactorParams(mean, loadings, np.maximum(psi, lower))


def normal_loglike(cov: FloatArray, moments: FloatArray, nobs: float) -> float:
    """``sum_i log phi(x_i; mu, cov)`` from ``moments = mean_i (x_i - mu)(x_i - mu)'``."""
    chol = np.linalg.cholesky(cov)
    logdet = 2.0 * np.log(np.diag(chol)).sum()
    half = np.linalg.solve(chol, np.linalg.solve(chol, moments).T)
    p = cov.shape[0]
    return -0.5 * nobs * (p * np.log(2 * np.pi) + logdet + np.trace(half))


def canonical_loadings(loadings: FloatArray, psi: FloatArray) -> FloatArray:
    r"""The rotation of ``loadings`` with ``Lambda' Psi^{-1} Lambda`` diagonal and
    decreasing, each column signed to a positive sum (factanal's unrotated solution)."""
    scaled = loadings / np.sqrt(psi)[:, None]
    _, vectors = np.linalg.eigh(scaled.T @ scaled)
    out = loadings @ vectors[:, ::-1]
    return out * np.where(out.sum(axis=0) < 0, -1.0, 1.0)


def echelon_loadings(loadings: FloatArray) -> FloatArray:
    """The rotation of ``loadings`` whose first ``k`` rows are lower triangular with a
    positive diagonal (unique when those rows are linearly independent)."""
    k = loadings.shape[1]
    q, r = np.linalg.qr(loadings[:k].T)
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    out = loadings @ (q * signs)
    out[np.triu_indices(k, 1)] = 0.0
    return out


class FactorAnalysis(EMModel):
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
        The rotation of the loadings on the results (:func:`emstats.factor`).
    rotation_kwds : dict, optional
        Options of the rotation.

    Notes
    -----
    The scale ``s_jj`` of each variable is its sample variance (the diagonal of
    ``cov``; with missing values, the variance of its observed entries).
    """

    model_name: ClassVar[str] = "Factor analysis"
    default_cov_type: ClassVar[str] = "oim"

    def __init__(self, data: Any = None, n_factors: int = 1, *, cov: Any = None,
                 nobs: float | None = None, lower: float = DEFAULT_LOWER,
                 rotation: str = "varimax", rotation_kwds: dict[str, Any] | None = None
                 ) -> None:
        if (data is None) == (cov is None):
            raise ValueError("give either data or cov (with nobs), not both")
        if data is not None:
            self._init_data(data, nobs)
        else:
            self._init_cov(cov, nobs)
        p = len(self.columns)
        self.k = _check_n_factors(n_factors, p)
        if not 0.0 <= float(lower) < 1.0:
            raise ValueError(f"lower must be in [0, 1), got {lower!r}")
        self.lower = float(lower)
        self._lower_psi = self.lower * self.scale_variances
        self.rotation = rotation
        self.rotation_kwds = dict(rotation_kwds or {})
        super().__init__(pd.DataFrame({"nobs": np.zeros(int(self.nobs))}), None)
        self.data.param_names = self._names()
        self.df_model = float(self.k_params - self.k * (self.k - 1) // 2)
        self.df_resid = self.nobs - self.df_model

    # -- input ------------------------------------------------------------------------------
    def _init_data(self, data: Any, nobs: float | None) -> None:
        if nobs is not None:
            raise ValueError("nobs is taken from the data; give it only with cov")
        values, names = numeric_matrix(data)
        _check_variables(values, names)
        self.columns = names
        self.has_mean = True
        self.complete = not np.isnan(values).any()
        if self.complete:
            values.flags.writeable = False
            self.values = values
            self.sample_mean = values.mean(axis=0)
            self.sample_cov = np.cov(values, rowvar=False, bias=True)
            self.scale_variances = np.diag(self.sample_cov).copy()
            self.nobs = float(len(values))
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # all-missing rows: said below
                self._normal = MultivariateNormal(pd.DataFrame(values, columns=names))
            self.values = self._normal.values
            self.scale_variances = np.nanvar(self.values, axis=0)
            self.nobs = self._normal.nobs
            if len(self.values) < len(values):
                warnings.warn(f"{len(values) - len(self.values)} row(s) have every value "
                              "missing and are left out", UserWarning, stacklevel=3)

    def _init_cov(self, cov: Any, nobs: float | None) -> None:
        if nobs is None:
            raise ValueError("nobs (the number of observations) is required with cov")
        if not float(nobs) > 1:
            raise ValueError(f"nobs must exceed 1, got {nobs!r}")
        matrix = np.array(cov, dtype=float)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise ValueError(f"cov must be a square matrix, got shape {matrix.shape}")
        names = ([str(c) for c in cov.columns] if isinstance(cov, pd.DataFrame)
                 else [f"x{j + 1}" for j in range(matrix.shape[0])])
        _check_covariance(matrix, names)
        self.columns = names
        self.has_mean = False
        self.complete = True
        self.values = None
        self.sample_mean = None
        self.sample_cov = matrix
        self.scale_variances = np.diag(matrix).copy()
        self.nobs = float(nobs)

    # -- names and packing ---------------------------------------------------------------
    @property
    def n_features(self) -> int:
        """Number of observed variables ``p``."""
        return len(self.columns)

    @property
    def factor_names(self) -> list[str]:
        """``Factor1, ..., Factork`` (factanal's names)."""
        return [f"Factor{j + 1}" for j in range(self.k)]

    def _names(self) -> list[str]:
        means = [f"mean[{c}]" for c in self.columns] if self.has_mean else []
        loadings = [f"loading[{c},{f}]" for c in self.columns for f in self.factor_names]
        return means + loadings + [f"psi[{c}]" for c in self.columns]

    def unpack(self, params: FloatArray) -> FactorParams:
        """The parameter vector as means, loadings and unique variances."""
        params = np.asarray(params, dtype=float)
        p, k = self.n_features, self.k
        start = p if self.has_mean else 0
        mean = params[:p].copy() if self.has_mean else None
        loadings = params[start:start + p * k].reshape(p, k).copy()
        return FactorParams(mean, loadings, params[start + p * k:].copy())

    def pack(self, p: FactorParams) -> FloatArray:
        """Inverse of :meth:`unpack`."""
        parts = [p.mean] if self.has_mean else []
        return np.concatenate([*parts, p.loadings.ravel(), p.psi])

    # -- the working chart -------------------------------------------------------------
    @cached_property
    def _echelon_index(self) -> tuple[FloatArray, FloatArray]:
        return np.tril_indices(self.n_features, 0, self.k)

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Standardised means, the echelon loadings' free entries (standardised) and
        the logs of the standardised unique variances."""
        p = self.unpack(params)
        scale = np.sqrt(self.scale_variances)
        loadings = echelon_loadings(p.loadings / scale[:, None])
        parts = [(p.mean - self._centre) / scale] if self.has_mean else []
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
        if self.complete:
            return self.sample_mean
        return np.nanmean(self.values, axis=0)

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
    def _moments(self, p: FactorParams) -> tuple[FloatArray, FloatArray, float]:
        """``(shift, covariance about mu + shift, llf)`` of the data at ``p``."""
        sigma = p.implied_cov
        if not self.complete:
            normal = self._normal
            stats, llf = normal.e_step(normal.pack(np.ones(1), p.mean[None], sigma[None]))
            stats = stats.emission
            shift = stats.shift[0] / self.nobs
            covariance = stats.scatter[0] / self.nobs - np.outer(shift, shift)
            return shift, covariance, llf
        shift, moments = self._moments_about_mean(p.mean)
        return shift, self.sample_cov, normal_loglike(sigma, moments, self.nobs)

    def _moments_about_mean(self, mean: FloatArray | None) -> tuple[FloatArray, FloatArray]:
        """Complete data: ``(xbar - mu, S + (xbar - mu)(xbar - mu)')``."""
        if not self.has_mean:
            return np.zeros(self.n_features), self.sample_cov
        shift = self.sample_mean - mean
        return shift, self.sample_cov + np.outer(shift, shift)

    def e_step(self, params: FloatArray) -> tuple[FactorStats, float]:
        """The moments of the data about the current mean (conditional moments of the
        missing entries included), and the observed-data llf."""
        p = self.unpack(params)
        shift, covariance, llf = self._moments(p)
        return FactorStats(shift, covariance, p), llf

    def m_step(self, stats: FactorStats, params: FloatArray) -> FloatArray:
        """:func:`factor_m_step` with the model's lower bounds."""
        return self.pack(factor_m_step(stats, self._lower_psi))

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (the normal with covariance ``LL' + Psi``)."""
        return self._moments(self.unpack(params))[2]

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-row log-likelihood (needs the data, not a covariance matrix)."""
        if self.values is None:
            raise ValueError("per-observation log-likelihoods need the data; the model was "
                             "given a covariance matrix")
        p = self.unpack(params)
        if not self.complete:
            normal = self._normal
            return normal.loglikeobs(normal.pack(np.ones(1), p.mean[None],
                                                 p.implied_cov[None]))
        chol = np.linalg.cholesky(p.implied_cov)
        white = np.linalg.solve(chol, (self.values - p.mean).T)
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        return -0.5 * (self.n_features * np.log(2 * np.pi) + logdet + (white**2).sum(axis=0))

    def score_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Gradient of the llf in the working chart, in closed form with complete data
        (None with missing values): ``dl/dSigma = n/2 (Sigma^-1 M Sigma^-1 - Sigma^-1)``,
        ``M`` the moments about the mean, then the chain rule."""
        if not self.complete:
            return None
        p = self.unpack(self.from_unconstrained(u))
        sigma_inv = np.linalg.inv(p.implied_cov)
        shift, moments = self._moments_about_mean(p.mean)
        grad_sigma = 0.5 * self.nobs * (sigma_inv @ moments @ sigma_inv - sigma_inv)
        scale = np.sqrt(self.scale_variances)
        echelon = echelon_loadings(p.loadings / scale[:, None]) * scale[:, None]
        grad_loadings = scale[:, None] * (2.0 * grad_sigma @ echelon)
        parts = [self.nobs * scale * (sigma_inv @ shift)] if self.has_mean else []
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
            return [ObservedGroup(columns, self.nobs, self.nobs * shift,
                                  self.nobs * moments)]
        groups = []
        for pattern in self._normal.patterns:
            deviations = pattern.values_t - mean[pattern.observed, None]
            groups.append(ObservedGroup(pattern.observed, float(len(pattern.rows)),
                                        deviations.sum(axis=1), deviations @ deviations.T))
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
        if self.complete:
            return self.sample_cov
        filled = np.where(np.isnan(self.values), self._centre, self.values)
        cov = np.cov(filled, rowvar=False, bias=True)
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
            "fixed there (standard error 0) and are conditional on it. Try fewer factors "
            "or check those variables.")]

    def observations_differ(self, other: Any) -> str | None:
        """Why ``other`` has other observations: another count, or other data (or
        covariance matrix)."""
        if float(self.nobs) != float(other.nobs):
            return f"different numbers of observations ({other.nobs:g} and {self.nobs:g})"
        if not isinstance(other, FactorAnalysis):
            return f"{type(other).__name__} is not a factor model"
        if (self.values is None) != (other.values is None):
            return "one model was given the data and the other a covariance matrix"
        if self.values is None:
            return arrays_differ("covariance", self.sample_cov, other.sample_cov)
        return arrays_differ("data", self.values, other.values)

    def check_resamplable(self) -> None:
        """The nonparametric bootstrap needs the data, not a covariance matrix."""
        if self.values is None:
            raise NotImplementedError("the nonparametric bootstrap needs the data; the "
                                      "model was given a covariance matrix")

    # -- Heywood cases ---------------------------------------------------------------------
    def feasible_params(self, params: FloatArray) -> FloatArray:
        """``params`` with the uniquenesses raised to their lower bound where below it (the
        working chart's log-uniquenesses do not know the bound, and an EM step from below
        it can lower the llf)."""
        p = self.unpack(params)
        return self.pack(FactorParams(p.mean, p.loadings, np.maximum(p.psi, self._lower_psi)))

    def _at_bound(self, params: FloatArray) -> np.ndarray:
        return self.unpack(params).psi <= self._lower_psi * (1.0 + _HEYWOOD_RTOL)

    def heywood(self, params: FloatArray) -> list[str]:
        """Variables whose uniqueness is at its lower bound."""
        return [self.columns[j] for j in np.flatnonzero(self._at_bound(params))]

    def fixed_working_coordinates(self, params: FloatArray) -> np.ndarray:
        """The log-uniquenesses at their lower bound (Heywood cases): the standard errors
        hold them fixed there."""
        mask = np.zeros(self.k_params - self.k * (self.k - 1) // 2, dtype=bool)
        mask[-self.n_features:] = self._at_bound(params)
        return mask

    # -- replicates ------------------------------------------------------------------------
    def _like_data(self, values: FloatArray) -> FactorAnalysis:
        return type(self)(pd.DataFrame(values, columns=self.columns), self.k,
                          lower=self.lower, rotation=self.rotation,
                          rotation_kwds=self.rotation_kwds)

    def _like_cov(self, cov: FloatArray) -> FactorAnalysis:
        return type(self)(cov=pd.DataFrame(cov, columns=self.columns), nobs=self.nobs,
                          n_factors=self.k, lower=self.lower, rotation=self.rotation,
                          rotation_kwds=self.rotation_kwds)

    def resample(self, rows: FloatArray) -> FactorAnalysis:
        """The model on the rows ``rows`` of the data (nonparametric bootstrap)."""
        self.check_resamplable()
        return self._like_data(self.values[np.asarray(rows, dtype=int)])

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> FactorAnalysis:
        """The model on data drawn from the fitted normal (same missing entries)."""
        p = self.unpack(params)
        n = int(self.nobs)
        chol = np.linalg.cholesky(p.implied_cov)
        mean = p.mean if p.mean is not None else np.zeros(self.n_features)
        draws = mean + rng.standard_normal((n, self.n_features)) @ chol.T
        if self.values is None:
            return self._like_cov(np.cov(draws, rowvar=False, bias=True))
        draws[np.isnan(self.values)] = np.nan
        return self._like_data(draws)

    def with_outcome_of(self, other: EMModel) -> FactorAnalysis:
        """This model (number of factors, options) on the data of ``other``."""
        if not isinstance(other, FactorAnalysis):
            raise TypeError("with_outcome_of needs another FactorAnalysis")
        if other.values is None:
            return self._like_cov(other.sample_cov)
        return self._like_data(other.values)


def profile_loadings(cov: FloatArray, psi: FloatArray, k: int) -> FloatArray:
    r"""The loadings maximising the likelihood for fixed uniquenesses (Lawley & Maxwell
    1971): ``Psi^{1/2} E (Theta - I)_+^{1/2}`` from the ``k`` leading eigenpairs of
    ``Psi^{-1/2} S Psi^{-1/2}``."""
    root = np.sqrt(psi)
    values, vectors = np.linalg.eigh(cov / np.outer(root, root))
    values, vectors = values[::-1][:k], vectors[:, ::-1][:, :k]
    return root[:, None] * vectors * np.sqrt(np.maximum(values - 1.0, 0.0))


def _check_n_factors(n_factors: Any, p: int) -> int:
    if not float(n_factors).is_integer() or int(n_factors) < 1:
        raise ValueError(f"n_factors must be a positive integer, got {n_factors!r}")
    bound = max_factors(p)
    if int(n_factors) > bound:
        raise ValueError(f"{int(n_factors)} factors are too many for {p} variables: the "
                         f"model is identified (degrees of freedom >= 0) for at most "
                         f"{bound}")
    return int(n_factors)


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


class FactorResults(EMResults):
    """Results of :class:`FactorAnalysis`.

    ``params`` are the raw-scale means, the canonical unrotated loadings and the
    unique variances. The factanal-style quantities are standardised: divided by the
    sample standard deviations (:attr:`FactorAnalysis.scale_variances`), so that a fit
    to a covariance matrix reports what factanal reports for its correlation matrix.
    """

    @cached_property
    def _parts(self) -> FactorParams:
        return self.model.unpack(np.asarray(self.params))

    @property
    def df_free(self) -> int:
        """Free parameters: ``k_params`` less the ``k(k - 1)/2`` rotational directions."""
        return int(self.model.df_model)

    # -- standardised solution ---------------------------------------------------------------
    @property
    def _scale(self) -> FloatArray:
        return np.sqrt(self.model.scale_variances)

    @property
    def uniquenesses(self) -> pd.Series:
        """Uniquenesses on the correlation scale, ``psi_j / s_jj`` (factanal's)."""
        return pd.Series(self._parts.psi / self.model.scale_variances,
                         index=self.model.columns, name="uniqueness")

    @property
    def communalities(self) -> pd.Series:
        """``1 -`` :attr:`uniquenesses`."""
        return (1.0 - self.uniquenesses).rename("communality")

    @property
    def unrotated_loadings(self) -> pd.DataFrame:
        """The canonical unrotated loadings on the correlation scale, sorted and signed
        as factanal's ``rotation = "none"``."""
        return self._frame(rotate(self._standardised(self._parts), "none").loadings)

    @property
    def heywood(self) -> list[str]:
        """Variables whose uniqueness is at the lower bound (Heywood cases)."""
        return self.model.heywood(np.asarray(self.params))

    def _standardised(self, p: FactorParams) -> FloatArray:
        return p.loadings / self._scale[:, None]

    def _frame(self, loadings: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(loadings, index=self.model.columns,
                            columns=self.model.factor_names)

    # -- rotation ----------------------------------------------------------------------------
    @cached_property
    def rotation(self) -> Rotation:
        """The rotation of the standardised loadings (the model's ``rotation``)."""
        return rotate(self._standardised(self._parts), self.model.rotation,
                      **self.model.rotation_kwds)

    @property
    def loadings(self) -> pd.DataFrame:
        """Rotated standardised loadings (factanal's ``loadings``)."""
        return self._frame(self.rotation.loadings)

    @property
    def factor_corr(self) -> pd.DataFrame:
        """Correlations of the factors: the identity for orthogonal rotations."""
        names = self.model.factor_names
        phi = self.rotation.phi if self.rotation.phi is not None else np.eye(self.model.k)
        return pd.DataFrame(phi, index=names, columns=names)

    @property
    def rotation_matrix(self) -> pd.DataFrame:
        """The rotation matrix (factanal's ``rotmat``)."""
        names = self.model.factor_names
        return pd.DataFrame(self.rotation.rotation_matrix, index=names, columns=names)

    def rotate(self, method: str, **kwds: Any) -> FactorResults:
        """The same fit with another rotation (a new results object).

        Parameters
        ----------
        method : str
            ``"none"``, ``"varimax"``, ``"quartimax"``, ``"equamax"``, ``"promax"``,
            ``"oblimin"``, ``"geomin"`` or ``"target"``.
        **kwds
            Options of the rotation (e.g. ``target=`` for ``"target"``).
        """
        model = copy.copy(self.model)
        model.rotation, model.rotation_kwds = method, dict(kwds)
        rotate(self._standardised(self._parts), method, **kwds)  # bad options fail here
        cov = CovarianceResult(self.normalized_cov_params, self.cov_type,
                               self.cov_description, self.cov_positive_definite,
                               self.cov_extras)
        return type(self)(model, self.trace, cov, self.starts, self.accel)

    # -- standard errors of the rotated solution ----------------------------------------
    def _rotated_function(self) -> Any:
        """Params -> rotated standardised loadings (and Phi's lower triangle), aligned to
        this fit's rotation; the standardisation by the model-implied variances."""
        solution = rotated_solution_function(self.model.rotation, self.rotation,
                                             **self.model.rotation_kwds)
        unpack = self.model.unpack

        def rotated(params: FloatArray) -> FloatArray:
            p = unpack(params)
            sd = np.sqrt(np.diag(p.implied_cov))
            return solution((p.loadings / sd[:, None]).ravel())

        return rotated

    def _covariance_of(self, function: Callable[[FloatArray], FloatArray]) -> FloatArray:
        """Covariance of ``function(params)``: over the bootstrap replicates when the fit
        has them, else by the delta method from the fit's covariance."""
        replicates = self.cov_extras.get("replicates")
        if replicates is not None:
            values = np.array([function(r) for r in np.asarray(replicates)])
            return np.atleast_2d(np.cov(values, rowvar=False))
        jac = approx_fprime(np.asarray(self.params), function, centered=True)
        return jac @ np.asarray(self.normalized_cov_params) @ jac.T

    @cached_property
    def _rotated_cov(self) -> FloatArray:
        """Covariance of the rotated standardised loadings (and Phi's lower triangle):
        bootstrap replicates rotated and aligned when the fit has them, else the delta
        method through the rotation (Jennrich 1973)."""
        return self._covariance_of(self._rotated_function())

    @property
    def loadings_bse(self) -> pd.DataFrame:
        """Standard errors of :attr:`loadings`: the delta method through the rotation
        from the fit's covariance, or the rotated and aligned bootstrap replicates when
        ``cov_type="bootstrap"``. Standardisation by the model-implied variances (as
        lavaan's ``std.all``), which equal the sample variances at the MLE unless a
        uniqueness is at its bound."""
        p, k = self.model.n_features, self.model.k
        se = np.sqrt(np.diag(self._rotated_cov)[:p * k])
        return self._frame(se.reshape(p, k))

    @property
    def factor_corr_bse(self) -> pd.DataFrame | None:
        """Standard errors of the factor correlations (oblique rotations), else None."""
        if self.rotation.phi is None:
            return None
        k = self.model.k
        se = np.zeros((k, k))
        lower = np.tril_indices(k, -1)
        se[lower] = np.sqrt(np.diag(self._rotated_cov)[self.model.n_features * k:])
        se = se + se.T
        names = self.model.factor_names
        return pd.DataFrame(se, index=names, columns=names)

    @property
    def uniquenesses_bse(self) -> pd.Series:
        """Standard errors of :attr:`uniquenesses` (standardised by the model-implied
        variances): the delta method, or the bootstrap replicates when the fit has them."""
        unpack = self.model.unpack

        def standardised(params: FloatArray) -> FloatArray:
            p = unpack(params)
            return p.psi / np.diag(p.implied_cov)

        cov = self._covariance_of(standardised)
        return pd.Series(np.sqrt(np.diag(cov)), index=self.model.columns, name="std err")

    # -- fit statistics ---------------------------------------------------------------------
    @cached_property
    def fit_statistics(self) -> FactorFit:
        """The likelihood-ratio test that ``k`` factors suffice, RMSEA (90% CI), TLI, CFI
        and the chi-square BIC: factanal's Bartlett-corrected statistics with complete
        data, lavaan's full-information ML statistics with missing values (see
        :meth:`goodness_of_fit`)."""
        return self.goodness_of_fit("factanal" if self.model.complete else "lavaan")

    def goodness_of_fit(self, convention: str = "factanal", level: float = 0.90) -> FactorFit:
        """Fit statistics under factanal's or lavaan's conventions.

        Parameters
        ----------
        convention : {"factanal", "lavaan"}
            ``"factanal"``: the Bartlett-corrected chi-square and psych's RMSEA and TLI
            (complete data only: the correction is derived for complete data).
            ``"lavaan"``: the uncorrected likelihood-ratio statistic, ``N F_ML`` or with
            missing values ``2 (llf_sat - llf)``, the saturated model fitted by EM
            (:class:`~emstats.MultivariateNormal`) and the baseline the independence model
            (each column's observed mean and variance), as lavaan's ``missing = "ml"``.
        level : float
            Confidence level of the RMSEA interval.

        Returns
        -------
        FactorFit
            Every definition is in :func:`emstats.models._factor_fit.factor_fit_statistics`.
        """
        if convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
        model = self.model
        if model.complete:
            objective = ml_discrepancy(self._parts.implied_cov, model.sample_cov)
            null_objective = null_discrepancy(model.sample_cov)
        elif convention == "factanal":
            raise ValueError("factanal's Bartlett-corrected statistics are defined for "
                             "complete data; with missing values use convention='lavaan' "
                             "(full-information ML)")
        else:
            objective, null_objective = self._fiml_objectives
        return factor_fit_statistics(objective, int(model.nobs), model.n_features, model.k,
                                     null_objective, level=level, convention=convention)

    @cached_property
    def _fiml_objectives(self) -> tuple[float, float]:
        """``2 (llf_sat - llf) / N`` and ``2 (llf_sat - llf_0) / N`` with missing values:
        the saturated normal by EM, the independence model in closed form."""
        saturated = self.model._normal.fit(cov_type="none", xtol=1e-12).llf
        nobs = self.model.nobs
        independence = independence_loglike(self.model.values)
        return 2.0 * (saturated - self.llf) / nobs, 2.0 * (saturated - independence) / nobs

    # -- scores --------------------------------------------------------------------------------
    def factor_scores(self, method: str = "regression") -> pd.DataFrame:
        """Factor scores of the rows of the data, as factanal computes them.

        Parameters
        ----------
        method : {"regression", "bartlett"}
            Thomson's regression scores or Bartlett's weighted least-squares scores.
        """
        if self.model.values is None:
            raise ValueError("scores need the data; the model was given a covariance matrix")
        scores = factor_scores(self.model.values, self.rotation.loadings,
                               np.asarray(self.uniquenesses), method=method,
                               phi=self.rotation.phi)
        return pd.DataFrame(scores, columns=self.model.factor_names)

    # -- plots -------------------------------------------------------------------------------
    def plot_loadings(self, *, ax: Any = None) -> Any:
        """Heatmap of the rotated loadings (:func:`emstats.plotting.plot_loadings`)."""
        from ..plotting import plot_loadings

        return plot_loadings(self.loadings, ax=ax)

    # -- summary -----------------------------------------------------------------------------
    def _summary_top(self) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
        left, right = super()._summary_top()
        left.insert(2, ("Factors:", [f"{self.model.k} ({self.model.rotation})"]))
        fit = self.fit_statistics
        label = "Chi2 (Bartlett):" if fit.convention == "factanal" else "Chi2 (FIML LR):"
        right.append((label, [f"{fit.statistic:.2f} on {fit.df} df"]))
        right.append(("Prob (Chi2):", [f"{fit.pvalue:.4g}"]))
        return left, right

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """The parameter table, then the rotated standardised loadings, the uniquenesses
        and the fit statistics (:attr:`fit_statistics`)."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        table = self.loadings.copy()
        table["Uniqueness"] = self.uniquenesses
        smry.tables.append(_frame_table(table, f"Standardised loadings ({self.model.rotation})"))
        notes = []
        if self.rotation.phi is not None:
            smry.tables.append(_frame_table(self.factor_corr, "Factor correlations"))
        if self.heywood:
            notes.append(f"Heywood case: the uniqueness of {self.heywood} is at its lower "
                         f"bound ({self.model.lower:g} on the correlation scale), held fixed "
                         "there by the standard errors.")
        notes.append(str(self.fit_statistics))
        smry.add_extra_txt(notes)
        return smry


def _frame_table(frame: pd.DataFrame, title: str) -> SimpleTable:
    cells = [[f"{v:.4f}" for v in row] for row in frame.to_numpy()]
    return SimpleTable(cells, headers=[str(c) for c in frame.columns],
                       stubs=[str(i) for i in frame.index], title=title,
                       txt_fmt=fmt_params)


FactorAnalysis._results_class = FactorResults


def factor(data: Any = None, n_factors: int = 1, rotation: str = "varimax", *,
           cov: Any = None, nobs: float | None = None, **kwargs: Any) -> FactorAnalysis:
    """Exploratory maximum-likelihood factor analysis; see :class:`FactorAnalysis`.

    Parameters
    ----------
    data : DataFrame or array_like, optional
        Numeric columns, NaN for missing values.
    n_factors : int
        Number of factors.
    rotation : str
        ``"varimax"`` (default, as factanal), ``"none"``, ``"quartimax"``,
        ``"equamax"``, ``"promax"``, ``"oblimin"``, ``"geomin"`` or ``"target"``.
    cov : DataFrame or array_like, optional
        A covariance or correlation matrix instead of ``data``.
    nobs : int, optional
        Observations behind ``cov``.
    **kwargs
        ``lower`` and ``rotation_kwds`` of :class:`FactorAnalysis`.

    Returns
    -------
    FactorAnalysis
        Call ``.fit()`` on it.
    """
    return FactorAnalysis(data, n_factors, cov=cov, nobs=nobs, rotation=rotation, **kwargs)


def select_factors(data: Any = None, max_factors: int | None = None, *, cov: Any = None,
                   nobs: float | None = None, **fit_kwds: Any) -> pd.DataFrame:
    """Fit ``k = 1, ..., max_factors`` factors and tabulate the fit of each.

    Parameters
    ----------
    data, cov, nobs
        As :func:`factor`.
    max_factors : int, optional
        The largest ``k``; the identifiable maximum if omitted.
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
    p = (np.shape(cov)[0] if cov is not None else numeric_matrix(data)[0].shape[1])
    top = max_factors(p) if max_factors is None else int(max_factors)
    fit_kwds.setdefault("cov_type", "none")
    rows = []
    for k in range(1, top + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HeywoodWarning)
            res = FactorAnalysis(data, k, cov=cov, nobs=nobs, rotation="none").fit(**fit_kwds)
        row = {"k": k, "llf": res.llf, "df_free": res.df_free, "aic": res.aic, "bic": res.bic}
        fit = res.fit_statistics
        row.update(chi2=fit.statistic, df=fit.df, pvalue=fit.pvalue, rmsea=fit.rmsea,
                   rmsea_lower=fit.rmsea_lower, rmsea_upper=fit.rmsea_upper,
                   tli=fit.tli, cfi=fit.cfi)
        row.update(converged=res.converged, heywood=", ".join(res.heywood))
        rows.append(row)
    return pd.DataFrame(rows).set_index("k")
