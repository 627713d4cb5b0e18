"""Covariance estimators for fitted EM models.

Each estimator is a small class behind a name registry. It computes the
covariance of the unconstrained working vector ``u`` (where information
matrices are well conditioned) and maps it to the natural parameters by the
delta method. New estimators register themselves with :func:`register`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

from .._progress import Progress, check_progress
from ..exceptions import CovarianceWarning
from ..protocol import CompleteData, Estimable, ObservedLikelihood, WorkingChart
from ..typing import BoolArray, FloatArray


@dataclass(frozen=True)
class CovarianceResult:
    """A covariance estimate of the natural parameters.

    Attributes
    ----------
    cov_params : ndarray
        Covariance of the natural parameters.
    cov_type : str
        Registry name of the estimator.
    description : str
        One line for ``summary()``.
    positive_definite : bool
        False when the information matrix was not positive definite (the
        covariance is then NaN and a :class:`CovarianceWarning` was issued).
    extras : dict
        Estimator-specific diagnostics (the SEM rate matrix, bootstrap replicates).
    """

    cov_params: FloatArray
    cov_type: str
    description: str
    positive_definite: bool = True
    extras: dict[str, Any] = field(default_factory=dict)


def inverse_information(info: FloatArray, what: str) -> tuple[FloatArray, bool]:
    """Invert a symmetric information matrix after equilibrating its diagonal.

    Returns the inverse and whether ``info`` was positive definite; if it was
    not, warns and returns a NaN matrix (flagged, never silent).
    """
    info = 0.5 * (info + info.T)
    d = np.sqrt(np.abs(np.diag(info)))
    d[d == 0] = 1.0
    scaled = info / np.outer(d, d)
    try:
        chol = np.linalg.cholesky(scaled)
    except np.linalg.LinAlgError:
        warnings.warn(
            f"The {what} is not positive definite at the estimate; standard errors are "
            "not available (NaN). The maximum may be on a boundary or not identified.",
            CovarianceWarning,
            stacklevel=3,
        )
        return np.full_like(info, np.nan), False
    inv_chol = np.linalg.inv(chol)
    return (inv_chol.T @ inv_chol) / np.outer(d, d), True


def delta_method(jacobian: FloatArray, cov: FloatArray) -> FloatArray:
    """Covariance of ``g(u)`` given ``cov(u)`` and ``jacobian = dg/du``."""
    out = jacobian @ cov @ jacobian.T
    return 0.5 * (out + out.T)


class CovarianceEstimator:
    """Base class: subclasses set ``name``, ``description`` and ``information``."""

    name: ClassVar[str]
    description: ClassVar[str]
    allowed_kwds: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, **kwds: Any) -> None:
        unknown = set(kwds) - self.allowed_kwds
        if unknown:
            allowed = ", ".join(sorted(self.allowed_kwds)) or "none"
            raise ValueError(
                f"cov_kwds {sorted(unknown)} are not understood by cov_type={self.name!r} "
                f"(accepted: {allowed})"
            )
        self.kwds = kwds

    def check(self, model: Estimable) -> None:
        """Raise before EM if this estimator cannot be computed for ``model`` (nothing by
        default)."""

    def information(self, model: CompleteData, u: FloatArray) -> FloatArray:
        """Information matrix of the unconstrained vector ``u``."""
        raise NotImplementedError

    def covariance_unconstrained(self, model: CompleteData, u: FloatArray
                                 ) -> tuple[FloatArray, bool, dict[str, Any]]:
        """Covariance of ``u``, whether it is usable, and diagnostics.

        The default inverts :meth:`information`; sandwich-type estimators override it.
        """
        cov_u, ok = inverse_information(self.information(model, u), self.description)
        return cov_u, ok, {}

    def __call__(self, model: Estimable, params: FloatArray) -> CovarianceResult:
        """The covariance of the natural parameters of ``model`` at ``params``."""
        u = model.to_unconstrained(params)
        fixed = fixed_coordinates(model, params, np.size(u))
        description = self.description
        if not fixed.any():
            cov_u, ok, extras = self.covariance_unconstrained(model, u)
        else:
            free = ~fixed
            cov_free, ok, extras = self.covariance_unconstrained(HeldFixed(model, u, free),
                                                                 u[free])
            cov_u = np.zeros((u.size, u.size))
            cov_u[np.ix_(free, free)] = cov_free
            extras = {**extras, "held_fixed": np.flatnonzero(fixed)}
            description += f"; {int(fixed.sum())} coordinate(s) at a bound held fixed"
        cov = delta_method(unconstrained_jacobian(model, u), cov_u)
        return CovarianceResult(cov, self.name, description, ok, extras)


def fixed_coordinates(model: WorkingChart, params: FloatArray, size: int) -> BoolArray:
    """The model's working coordinates at a bound of the parameter space
    (``fixed_working_coordinates``), as a boolean mask."""
    mask = model.fixed_working_coordinates(params)
    return np.zeros(size, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)


class HeldFixed(CompleteData):
    """A model seen through its free working coordinates, the others held at ``u``'s values.

    The covariance estimators (all but the bootstrap, which refits each replicate under
    the same bound) run on it unchanged: its working vector, Hessian, scores, Jacobian
    and complete-data quantities are the model's restricted to the free coordinates; its
    likelihood and EM maps are the model's.
    """

    def __init__(self, model: CompleteData, u: FloatArray, free: BoolArray) -> None:
        self._model, self._u, self._free = model, np.asarray(u, dtype=float), free
        self.model_name = model.model_name

    def loglike(self, params: FloatArray) -> float:
        return self._model.loglike(params)

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        return self._model.loglikeobs(params)

    def e_step(self, params: FloatArray) -> tuple[Any, float]:
        return self._model.e_step(params)

    def m_step(self, stats: Any, params: FloatArray) -> FloatArray:
        return self._model.m_step(stats, params)

    def fixed_working_coordinates(self, params: FloatArray) -> BoolArray | None:
        return None

    def em_complete_information_unconstrained(self, v: FloatArray) -> FloatArray | None:
        return self._square(self._model.em_complete_information_unconstrained(self._full(v)))

    def _full(self, v: FloatArray) -> FloatArray:
        out = self._u.copy()
        out[self._free] = v
        return out

    def _square(self, matrix: FloatArray | None) -> FloatArray | None:
        return None if matrix is None else np.atleast_2d(matrix)[np.ix_(self._free, self._free)]

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        return np.asarray(self._model.to_unconstrained(params))[self._free]

    def from_unconstrained(self, v: FloatArray) -> FloatArray:
        return self._model.from_unconstrained(self._full(v))

    def hessian_unconstrained(self, v: FloatArray) -> FloatArray | None:
        return self._square(self._model.hessian_unconstrained(self._full(v)))

    def complete_information_unconstrained(self, v: FloatArray) -> FloatArray | None:
        return self._square(self._model.complete_information_unconstrained(self._full(v)))

    def complete_score_covariance_unconstrained(self, v: FloatArray) -> FloatArray | None:
        return self._square(
            self._model.complete_score_covariance_unconstrained(self._full(v)))

    def score_obs_unconstrained(self, v: FloatArray) -> FloatArray | None:
        scores = self._model.score_obs_unconstrained(self._full(v))
        return None if scores is None else np.asarray(scores).reshape(
            -1, self._u.size)[:, self._free]

    def jacobian_from_unconstrained(self, v: FloatArray) -> FloatArray | None:
        jac = self._model.jacobian_from_unconstrained(self._full(v))
        return None if jac is None else np.atleast_2d(jac)[:, self._free]


def unconstrained_jacobian(model: WorkingChart, u: FloatArray) -> FloatArray:
    """``d params / d u``: the model's analytic Jacobian, else a numerical one."""
    jac = model.jacobian_from_unconstrained(u)
    if jac is None:
        jac = approx_fprime(u, model.from_unconstrained, centered=True)
    return np.atleast_2d(jac)


def observed_hessian(model: ObservedLikelihood, u: FloatArray) -> FloatArray:
    """Hessian of the observed llf in ``u``: the model's, else numerical (numdiff)."""
    hess = model.hessian_unconstrained(u)
    if hess is None:
        hess = approx_hess3(u, lambda v: model.loglike(model.from_unconstrained(v)))
    return np.atleast_2d(np.asarray(hess, dtype=float))


def observed_scores(model: ObservedLikelihood, u: FloatArray) -> FloatArray:
    """Per-observation scores in ``u`` (nobs x k): the model's, else numerical."""
    scores = model.score_obs_unconstrained(u)
    if scores is None:
        scores = approx_fprime(
            u, lambda v: model.loglikeobs(model.from_unconstrained(v)), centered=True
        )
    return np.asarray(scores, dtype=float).reshape(-1, np.size(u))


class ObservedInformation(CovarianceEstimator):
    """Inverse of the observed information (negative Hessian of the observed llf)."""

    name = "oim"
    description = "inverse observed information (Hessian of the observed-data llf)"

    def information(self, model: ObservedLikelihood, u: FloatArray) -> FloatArray:
        return -observed_hessian(model, u)


class OuterProductGradient(CovarianceEstimator):
    """Inverse of the outer product of the per-observation scores (BHHH)."""

    name = "opg"
    description = "outer product of the gradient (BHHH)"

    def information(self, model: ObservedLikelihood, u: FloatArray) -> FloatArray:
        scores = observed_scores(model, u)
        return scores.T @ scores


class NotComputed(CovarianceEstimator):
    """No covariance: standard errors are NaN and ``summary()`` says they were not asked for."""

    name = "none"
    description = "not computed (cov_type='none'); refit or use get_robustcov() for SEs"

    def __call__(self, model: object, params: FloatArray) -> CovarianceResult:
        k = np.size(params)
        return CovarianceResult(np.full((k, k), np.nan), self.name, self.description, True)


_REGISTRY: dict[str, type[CovarianceEstimator]] = {}
_ALIASES: dict[str, str] = {"nonrobust": "oim", "bhhh": "opg"}


def register(estimator: type[CovarianceEstimator]) -> type[CovarianceEstimator]:
    """Add an estimator class to the registry under its ``name``."""
    _REGISTRY[estimator.name] = estimator
    return estimator


for _estimator in (ObservedInformation, OuterProductGradient, NotComputed):
    register(_estimator)


def get_estimator(cov_type: str, cov_kwds: dict[str, Any] | None = None, *,
                  progress: Progress = None) -> CovarianceEstimator:
    """The estimator registered as ``cov_type`` (or an alias), configured by ``cov_kwds``;
    an estimator with a progress bar (``"progress"`` among its ``allowed_kwds``) gets
    ``progress`` unless ``cov_kwds`` sets it."""
    progress = check_progress(progress)
    key = _ALIASES.get(str(cov_type).lower(), str(cov_type).lower())
    if key not in _REGISTRY:
        names = ", ".join(sorted(_REGISTRY) + sorted(_ALIASES))
        raise ValueError(f"unknown cov_type {cov_type!r}; available: {names}")
    estimator = _REGISTRY[key]
    kwds = dict(cov_kwds or {})
    if "progress" in estimator.allowed_kwds:
        kwds.setdefault("progress", progress)
    return estimator(**kwds)
