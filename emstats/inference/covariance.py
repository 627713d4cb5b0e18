"""Covariance estimators for fitted EM models.

Each estimator is a small class behind a name registry. It computes the
covariance of the unconstrained working vector ``u`` (where information
matrices are well conditioned) and maps it to the natural parameters by the
delta method. New estimators register themselves with :func:`register`.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

import numpy as np
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

from .._docstrings import split_parameters, split_sections
from .._progress import Progress, check_progress
from ..exceptions import CovarianceWarning
from ..protocol import CompleteData, Estimable, ObservedLikelihood, WorkingChart
from ..typing import BoolArray, FloatArray
from ..weights import score_meat

F = TypeVar("F", bound=Callable[..., object])


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
    if not np.all(np.isfinite(info)):
        warnings.warn(
            f"The {what} has non-finite entries at the estimate (its numerical derivatives "
            "failed: with data on a scale far from 1, rescale the data); standard errors "
            "are not available (NaN).",
            CovarianceWarning,
            stacklevel=3,
        )
        return np.full_like(info, np.nan), False
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
        """Raise before EM if this estimator cannot be computed for ``model``: by default,
        if it is one of the information-based estimators and ``model`` has sampling
        weights (see :mod:`emstats.weights`)."""
        weights = model.case_weights
        refusal = None if weights is None else weights.sampling_refusal(self.name)
        if refusal is not None:
            raise ValueError(refusal)

    def describe(self) -> str:
        """What the estimate is, with these options (the summary's covariance note)."""
        return self.description

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
        self.check(model)
        u = model.to_unconstrained(params)
        fixed = fixed_coordinates(model, params, np.size(u))
        description = self.describe()
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
        self.case_weights = model.case_weights

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
        return score_meat(model.case_weights, observed_scores(model, u))


class NotComputed(CovarianceEstimator):
    """No covariance: standard errors are NaN and ``summary()`` says they were not asked for."""

    name = "none"
    description = "not computed (cov_type='none'); refit or use get_robustcov() for SEs"

    def __call__(self, model: object, params: FloatArray) -> CovarianceResult:
        k = np.size(params)
        return CovarianceResult(np.full((k, k), np.nan), self.name, self.description, True)


_REGISTRY: dict[str, type[CovarianceEstimator]] = {}
_ALIASES: dict[str, str] = {"nonrobust": "oim", "bhhh": "opg", "hc0": "robust"}
"""Other names of registered estimators: statsmodels' ``"nonrobust"`` and ``"HC0"``, and
``"bhhh"`` (names are not case-sensitive; ``"HC1"`` is an estimator of its own)."""


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


def registry() -> dict[str, type[CovarianceEstimator]]:
    """Every registered estimator class by its ``cov_type`` name (aliases not included)."""
    return dict(_REGISTRY)


def aliases() -> dict[str, str]:
    """Every alias of a ``cov_type`` name, with the name it stands for."""
    return dict(_ALIASES)


def documented_kwds(estimator: type[CovarianceEstimator]) -> dict[str, str]:
    """The ``cov_kwds`` an estimator class documents: the entries of the Parameters
    section of its docstring (its constructor's keywords), by name."""
    body = split_sections(estimator.__doc__ or "")[1].get("Parameters", "")
    return {name: text for names, text in split_parameters(body) for name in names}


def cov_kwds_doc() -> str:
    """The ``cov_kwds`` of every registered ``cov_type``, as a reST bullet list.

    Built from the registry and each estimator's docstring, so that
    :meth:`emstats.EMModel.fit` documents every option of every estimator, including
    those registered later (:func:`cov_kwds_documented` puts it there at import).
    A key that ``allowed_kwds`` accepts and the docstring does not describe is still
    listed, by name.
    """
    alias_of: dict[str, list[str]] = {}
    for alias, name in _ALIASES.items():
        alias_of.setdefault(name, []).append(alias)
    items = []
    for name, estimator in sorted(_REGISTRY.items()):
        also = alias_of.get(name, [])
        head = f'- ``"{name}"``' + (" (alias " + ", ".join(f'``"{a}"``' for a in also) + ")"
                                    if also else "")
        documented = documented_kwds(estimator)
        keys = [k for k in documented if k in estimator.allowed_kwds]
        keys += sorted(estimator.allowed_kwds - set(keys))
        if not keys:
            items.append(f"{head}: no options.")
            continue
        lines = [f"{head}:", ""]
        for key in keys:
            first, _, rest = documented.get(key, f"{key}\n(not described)").partition("\n")
            kind = first.partition(" : ")[2]
            entry = f"``{key}``" + (f" ({kind})" if kind else "") + ": " + " ".join(rest.split())
            lines.append(textwrap.fill(entry, 80, initial_indent="  - ",
                                       subsequent_indent="    ", break_on_hyphens=False))
        items.append("\n".join(lines))
    return "\n\n".join(items) + "\n"


COV_KWDS_MARKER = "{cov_kwds}"
"""The line of a docstring that :func:`cov_kwds_documented` replaces."""


def cov_kwds_documented(func: F) -> F:
    """Decorator: the line ``{cov_kwds}`` of ``func``'s docstring replaced by
    :func:`cov_kwds_doc`, at that line's indentation."""
    doc = func.__doc__ or ""
    for line in doc.splitlines():
        if line.strip() == COV_KWDS_MARKER:
            indent = line[:len(line) - len(line.lstrip())]
            text = "\n".join(indent + row if row else row
                             for row in cov_kwds_doc().rstrip("\n").splitlines())
            func.__doc__ = doc.replace(line, text, 1)
            break
    return func
