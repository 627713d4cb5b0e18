r"""The bootstrap covariance estimator (``cov_type="bootstrap"``).

Each replicate (the observations resampled with replacement, or outcomes simulated
from the fit) is refitted by EM from the estimate (:mod:`emstats.inference.refit`);
:func:`~emstats.inference.replicates.run_replicates` runs them. The covariance is the
sample covariance of the replicate estimates.

The other parts of the bootstrap have their own modules: the replicate runner
(:mod:`~emstats.inference.replicates`), the intervals
(:mod:`~emstats.inference.intervals`) and the bootstrap LR test
(:mod:`~emstats.inference.bootstrap_lr`). Their public names are also importable
from here, where they were first defined.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import numpy as np
from scipy.linalg import orth

from .._progress import check_progress
from ..exceptions import BootstrapWarning, CovarianceWarning, ReplicateError
from ..protocol import Refittable, Resampling
from ..typing import FloatArray
from .bootstrap_lr import BootstrapLRTestResult, bootstrap_lrtest
from .covariance import CovarianceEstimator, CovarianceResult, register, unconstrained_jacobian
from .intervals import (
    bca_interval,
    bootstrap_conf_int,
    influence_acceleration,
    influence_values,
    percentile_interval,
)
from .refit import fit_replicate
from .replicates import ReplicateFailure, ReplicateRun, checked_count, run_replicates

__all__ = [
    "Bootstrap",
    "BootstrapLRTestResult",
    "BootstrapWarning",
    "ReplicateError",
    "ReplicateFailure",
    "ReplicateRun",
    "bca_interval",
    "bootstrap_conf_int",
    "bootstrap_lrtest",
    "influence_acceleration",
    "influence_values",
    "percentile_interval",
    "positive_definite_on",
    "run_replicates",
]

Kind = Literal["nonparametric", "parametric"]


# -- replicate functions -----------------------------------------------------------------
@dataclass(frozen=True)
class _NonparametricReplicate:
    """Estimates on the observations resampled with replacement."""

    model: Refittable
    params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        units = int(self.model.resample_units)
        return fit_replicate(self.model.resample(rng.integers(0, units, size=units)),
                             self.params)[0]


@dataclass(frozen=True)
class _ParametricReplicate:
    """Estimates on outcomes simulated from the model at ``params``."""

    model: Refittable
    params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        return fit_replicate(self.model.simulate(self.params, rng), self.params)[0]


_REPLICATES: dict[str, type[_NonparametricReplicate | _ParametricReplicate]] = {
    "nonparametric": _NonparametricReplicate,
    "parametric": _ParametricReplicate,
}


# -- the covariance estimator -------------------------------------------------------------
def _replicate_covariance(values: FloatArray, jacobian: FloatArray) -> tuple[FloatArray, bool]:
    """Sample covariance of the replicates (``n_ok x k``), and whether it is positive
    definite in the free directions (:func:`positive_definite_on`).

    Fewer than two replicates, or a covariance singular in a free direction, give a
    NaN matrix with a :class:`CovarianceWarning` (flagged, never silent).
    """
    if values.shape[0] >= 2:
        cov = np.atleast_2d(np.cov(values, rowvar=False, ddof=1))
        if positive_definite_on(cov, jacobian):
            return cov, True
    warnings.warn(
        f"the bootstrap covariance of {values.shape[0]} replicate(s) is not positive "
        "definite in the free directions of the parameters; standard errors are not "
        "available (NaN). Use more replicates.",
        CovarianceWarning,
        stacklevel=4,
    )
    k = jacobian.shape[0]
    return np.full((k, k), np.nan), False


def positive_definite_on(cov: FloatArray, jacobian: FloatArray) -> bool:
    """Whether ``cov`` is positive definite on the directions in which the parameters move.

    Parameters
    ----------
    cov : ndarray
        Covariance of the natural parameters (k x k).
    jacobian : ndarray
        ``d params / d u`` at the estimate (k x m), for the model's minimal working
        vector ``u``: its columns span the free directions.

    Returns
    -------
    bool

    Notes
    -----
    An exact constraint (mixing weights or transition rows that sum to one, entries
    fixed or tied by a covariance structure, probabilities held at zero) makes the
    covariance of the full parameter vector singular in the directions it rules
    out; the delta-method covariances of the other estimators are singular there
    too, and their positive-definiteness check is in ``u``. This check is the same
    one: Cholesky of ``Q' D^{-1} cov D^{-1} Q``, where ``D`` holds the standard
    deviations (1 where zero) and ``Q`` an orthonormal basis of the columns of
    ``D^{-1} jacobian``.
    """
    scale = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    scale[scale == 0] = 1.0
    basis = orth(jacobian / scale[:, None])
    reduced = basis.T @ (cov / np.outer(scale, scale)) @ basis
    try:
        np.linalg.cholesky(0.5 * (reduced + reduced.T))
    except np.linalg.LinAlgError:
        return False
    return True



@register
class Bootstrap(CovarianceEstimator):
    """Bootstrap covariance: the sample covariance of replicate estimates.

    Parameters
    ----------
    n_boot : int
        Number of replicates (default 999).
    kind : {"nonparametric", "parametric"}
        Resample the observations with replacement (``model.resample(rows)``) or
        draw new outcomes from the fitted model (``model.simulate(params, rng)``).
    n_jobs : int
        joblib workers (default 1; ``-1``: all cores).
    random_state : int, Generator or SeedSequence, optional
        Root seed; the results do not depend on ``n_jobs``.
    progress : bool or None
        Progress bar over the replicates; None (default): shown once the run has
        taken a few seconds, on a terminal or in a notebook (see
        :mod:`emstats._progress`). ``fit(progress=...)`` sets it unless
        ``cov_kwds`` does.

    Notes
    -----
    Each replicate is fitted by EM from the estimate of the original data. The
    covariance is computed directly in the natural parameters,

    .. math::

        \\widehat{V} = \\frac{1}{B - 1}\\sum_{b=1}^{B}
            (\\hat\\theta^*_b - \\bar\\theta^*)(\\hat\\theta^*_b - \\bar\\theta^*)',

    over the ``B`` successful replicates, for every parameter: where the parameters
    obey an exact constraint (weights that sum to one, say) it is singular in the
    direction ruled out, as the other estimators' covariances are, and it counts as
    positive definite when it is so in the directions the parameters can move
    (:func:`positive_definite_on`). ``extras`` holds the replicates
    (``"replicates"``, ``B x k``), their positions (``"replicate_index"``), the
    failures (``"failures"``: ``(index, reason)`` pairs, ``"n_failed"``,
    ``"failed_index"``), ``"kind"``, ``"n_boot"`` and ``"seed"`` (the root
    seed's entropy: pass it as ``random_state`` to reproduce the run).
    """

    name: ClassVar[str] = "bootstrap"
    description: ClassVar[str] = "bootstrap"
    allowed_kwds: ClassVar[frozenset[str]] = frozenset(
        {"n_boot", "kind", "n_jobs", "random_state", "progress"}
    )

    def __init__(self, **kwds: Any) -> None:
        super().__init__(**kwds)
        self.n_boot = checked_count(kwds.get("n_boot", 999), "n_boot", 2)
        self.kind: Kind = kwds.get("kind", "nonparametric")
        if self.kind not in _REPLICATES:
            raise ValueError(
                f"kind must be 'nonparametric' or 'parametric', got {self.kind!r}"
            )
        self.n_jobs = kwds.get("n_jobs", 1)
        self.random_state = kwds.get("random_state")
        self.progress = check_progress(kwds.get("progress"))

    def check(self, model: Resampling) -> None:
        """The nonparametric bootstrap needs a model that can be resampled."""
        if self.kind == "nonparametric":
            model.check_resamplable()

    def __call__(self, model: Refittable, params: FloatArray) -> CovarianceResult:
        self.check(model)
        params = np.asarray(params, dtype=float)
        replicate = _REPLICATES[self.kind](model, params)
        run = run_replicates(replicate, self.n_boot, n_jobs=self.n_jobs,
                             random_state=self.random_state, progress=self.progress,
                             label=f"{self.kind} bootstrap")
        jacobian = unconstrained_jacobian(model, model.to_unconstrained(params))
        cov, ok = _replicate_covariance(run.values, jacobian)
        used = f"{run.n_ok} of {run.n}" if run.n_failed else f"{run.n}"
        return CovarianceResult(cov, self.name, f"bootstrap ({self.kind}, {used} replicates)",
                                ok, self._extras(run))

    def _extras(self, run: ReplicateRun) -> dict[str, Any]:
        return {
            "replicates": run.values,
            "replicate_index": run.index,
            "failures": [(f.index, f.reason) for f in run.failures],
            "n_failed": run.n_failed,
            "failed_index": run.failed_index,
            "kind": self.kind,
            "n_boot": self.n_boot,
            "seed": run.seed,
        }
