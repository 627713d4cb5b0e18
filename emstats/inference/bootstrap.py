r"""The bootstrap: covariance, percentile and BCa intervals, and the bootstrap LR test.

One replicate runner (:func:`run_replicates`) serves every bootstrap in emstats.
It runs independent replicate functions in parallel with joblib, seeds each from
its own child of one :class:`numpy.random.SeedSequence` (so the results do not
depend on ``n_jobs``), and counts and reports every replicate that fails (an
error, or an EM run that does not converge) instead of dropping it silently.

Every replicate is fitted by :func:`emstats.engine.run_em` warm-started at the
estimate of the original data, without a covariance: cheap.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
from joblib import Parallel, delayed
from scipy.linalg import orth
from scipy.special import ndtr, ndtri

from ..engine import ConvergenceMonitor, run_em
from ..exceptions import BootstrapWarning, ReplicateError
from ..typing import FloatArray
from .comparison import likelihood_ratio
from .covariance import (
    CovarianceEstimator,
    CovarianceResult,
    CovarianceWarning,
    observed_hessian,
    observed_scores,
    register,
    unconstrained_jacobian,
)

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

RandomState = int | np.random.Generator | np.random.SeedSequence | None
Kind = Literal["nonparametric", "parametric"]

#: Stopping rules of the replicate fits. They start at the estimate of the
#: original data, so few iterations are needed; a parameter tolerance of 1e-8 is
#: far below the bootstrap's Monte Carlo error.
REPLICATE_MONITOR = ConvergenceMonitor(xtol=1e-8, maxiter=5000)

#: Errors that make one replicate fail (counted and reported), not the bootstrap.
#: Anything else (TypeError, NotImplementedError, ...) is a bug and propagates.
REPLICATE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    ArithmeticError,
    np.linalg.LinAlgError,
)

#: Replicate count from which ``progress=None`` shows a progress bar (on a terminal).
PROGRESS_THRESHOLD = 200


# -- the replicate runner ----------------------------------------------------------------
@dataclass(frozen=True)
class ReplicateFailure:
    """One failed replicate.

    Attributes
    ----------
    index : int
        Position of the replicate (0 to ``n - 1``); its seed is child ``index``
        of the run's seed sequence.
    reason : str
        The error type and message, or why the fit was rejected.
    """

    index: int
    reason: str


@dataclass(frozen=True)
class ReplicateRun:
    """The outcome of :func:`run_replicates`.

    Attributes
    ----------
    values : ndarray
        One row per successful replicate (``n_ok x k``), in replicate order.
    index : ndarray
        Positions of the successful replicates.
    failures : tuple of ReplicateFailure
        The failed replicates, in order.
    n : int
        Number of replicates attempted.
    seed : int or sequence of int
        Entropy of the root :class:`numpy.random.SeedSequence`: passing it as
        ``random_state`` reproduces the run.
    """

    values: FloatArray
    index: np.ndarray
    failures: tuple[ReplicateFailure, ...]
    n: int
    seed: int | Sequence[int]

    @property
    def n_ok(self) -> int:
        """Number of successful replicates."""
        return int(self.index.size)

    @property
    def n_failed(self) -> int:
        """Number of failed replicates."""
        return len(self.failures)

    @property
    def failed_index(self) -> np.ndarray:
        """Positions of the failed replicates."""
        return np.array([f.index for f in self.failures], dtype=int)


@dataclass(frozen=True)
class _Outcome:
    """What one replicate sends back to the parent process."""

    index: int
    value: FloatArray | None
    reason: str | None
    caught: tuple[tuple[type[Warning], str], ...] = ()


def _root_seed(random_state: RandomState) -> np.random.SeedSequence:
    """The seed sequence whose children seed the replicates."""
    if isinstance(random_state, np.random.SeedSequence):
        return random_state
    if isinstance(random_state, np.random.Generator):
        return np.random.SeedSequence(random_state.integers(0, 2**63, size=4).tolist())
    if random_state is not None and not isinstance(random_state, int | np.integer):
        raise TypeError(
            "random_state must be None, an int, a numpy Generator or a SeedSequence, "
            f"got {type(random_state).__name__}"
        )
    return np.random.SeedSequence(None if random_state is None else int(random_state))


def _run_one(replicate: Callable[[np.random.Generator], FloatArray], index: int,
             seed: np.random.SeedSequence) -> _Outcome:
    """Run one replicate, turning its failure into a reason and recording its warnings.

    Warnings are recorded here (not raised) whatever the caller's filters, so
    that the outcome is the same in the parent process and in joblib workers.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = np.asarray(replicate(np.random.default_rng(seed)), dtype=float)
        except (*REPLICATE_ERRORS, ReplicateError) as exc:
            return _Outcome(index, None, f"{type(exc).__name__}: {exc}")
    if not np.all(np.isfinite(value)):
        return _Outcome(index, None, "non-finite estimate")
    return _Outcome(index, value.reshape(-1), None,
                    tuple((w.category, str(w.message)) for w in caught))


def _show_progress(progress: bool | None, n: int) -> bool:
    if progress is not None:
        return bool(progress)
    isatty = getattr(sys.stderr, "isatty", None)
    return n >= PROGRESS_THRESHOLD and bool(isatty and isatty())


def _with_progress(outcomes: Any, n: int, label: str) -> Any:
    """Wrap the outcome stream in a tqdm bar, or a plain counter without tqdm."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return _plain_progress(outcomes, n, label)
    return tqdm(outcomes, total=n, desc=label, file=sys.stderr)


def _plain_progress(outcomes: Any, n: int, label: str) -> Any:
    step = max(n // 100, 1)
    for done, outcome in enumerate(outcomes, start=1):
        if done % step == 0 or done == n:
            sys.stderr.write(f"\r{label}: {done}/{n}")
            sys.stderr.flush()
        yield outcome
    sys.stderr.write("\n")


def run_replicates(
    replicate: Callable[[np.random.Generator], FloatArray],
    n: int,
    *,
    n_jobs: int | None = 1,
    random_state: RandomState = None,
    progress: bool | None = None,
    label: str = "bootstrap",
) -> ReplicateRun:
    """Run ``n`` independent replicates in parallel, reproducibly, reporting failures.

    Parameters
    ----------
    replicate : callable
        ``replicate(rng) -> ndarray``: one replicate drawn with the generator
        ``rng``, returning a vector (the same length every time). It raises
        :class:`ReplicateError` (or a ``ValueError``, ``LinAlgError`` or
        ``ArithmeticError``) for a replicate that cannot be used. For
        ``n_jobs != 1`` it must pickle.
    n : int
        Number of replicates.
    n_jobs : int or None
        joblib workers (``-1``: all cores); 1 runs in this process.
    random_state : int, Generator or SeedSequence, optional
        Root seed. Replicate ``i`` draws from child ``i`` of
        ``SeedSequence(random_state).spawn(n)``, so the results do not depend on
        ``n_jobs``. A Generator is advanced once to derive the root seed.
    progress : bool or None
        Show a progress bar (tqdm if installed); None: only for ``n >= 200`` on
        a terminal.
    label : str
        What is being replicated, for messages and the progress bar.

    Returns
    -------
    ReplicateRun

    Warns
    -----
    BootstrapWarning
        If any replicate failed: the count and the first reasons.

    Notes
    -----
    Warnings raised inside a successful replicate are issued again in the
    calling process, once per category, with the number of replicates that
    raised them (so that warnings filters apply as for a single fit).
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the number of replicates must be positive, got {n}")
    root = _root_seed(random_state)
    seeds = root.spawn(n)
    tasks = (delayed(_run_one)(replicate, i, seeds[i]) for i in range(n))
    outcomes = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
    if _show_progress(progress, n):
        outcomes = _with_progress(outcomes, n, label)
    run = _collect(list(outcomes), n, root.entropy)
    _warn_failures(run, label)
    return run


def _collect(outcomes: list[_Outcome], n: int, seed: Any) -> ReplicateRun:
    good = [(o.index, o.value, o.caught) for o in outcomes if o.value is not None]
    failures = tuple(ReplicateFailure(o.index, str(o.reason)) for o in outcomes
                     if o.value is None)
    values = np.vstack([value for _, value, _ in good]) if good else np.empty((0, 0))
    _reissue([caught for _, _, caught in good])
    return ReplicateRun(values, np.array([i for i, _, _ in good], dtype=int), failures, n,
                        seed)


def _reissue(caught: list[tuple[tuple[type[Warning], str], ...]]) -> None:
    """Issue the warnings of successful replicates again, once per category."""
    first: dict[type[Warning], str] = {}
    counts: dict[type[Warning], int] = {}
    for record in caught:
        for category in {c for c, _ in record}:
            counts[category] = counts.get(category, 0) + 1
        for category, message in record:
            first.setdefault(category, message)
    for category, count in counts.items():
        warnings.warn(f"{count} bootstrap replicate(s) warned: {first[category]}",
                      category, stacklevel=4)


def _warn_failures(run: ReplicateRun, label: str) -> None:
    if not run.failures:
        return
    shown = "; ".join(f"#{f.index}: {f.reason}" for f in run.failures[:3])
    more = f"; and {run.n_failed - 3} more" if run.n_failed > 3 else ""
    warnings.warn(
        f"{run.n_failed} of {run.n} {label} replicates failed and were left out "
        f"({shown}{more}). The remaining {run.n_ok} are used; the failures are listed "
        "in the results (cov_extras['failures'] or .failures).",
        BootstrapWarning,
        stacklevel=3,
    )


# -- replicate functions -----------------------------------------------------------------
def _fit_replicate(model: Any, start: FloatArray) -> tuple[FloatArray, float]:
    """EM on one replicate data set from ``start``, the estimates aligned with it
    (``model.aligned_params``); :class:`ReplicateError` unless converged."""
    trace = run_em(model, start, accel="squarem", monitor=REPLICATE_MONITOR)
    if not trace.converged:
        raise ReplicateError(f"EM did not converge (stopped by {trace.stop_rule!r} after "
                             f"{trace.n_iter} iterations)")
    reason = model.degenerate_reason(trace.params)
    if reason is not None:
        raise ReplicateError(f"degenerate fit: {reason}")
    return np.asarray(model.aligned_params(trace.params, start), dtype=float), float(trace.llf)


def _best_fit(model: Any, starts: list[FloatArray]) -> float:
    """The highest llf of the converged fits from ``starts`` (:class:`ReplicateError` if
    none converged): the original estimates alone can miss the maximum of a mixture."""
    llfs, errors = [], []
    for start in starts:
        try:
            llfs.append(_fit_replicate(model, start)[1])
        except (ReplicateError, ValueError, np.linalg.LinAlgError) as err:
            errors.append(str(err))
    if not llfs:
        raise ReplicateError("; ".join(errors))
    return max(llfs)


@dataclass(frozen=True)
class _NonparametricReplicate:
    """Estimates on the observations resampled with replacement."""

    model: Any
    params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        nobs = int(self.model.nobs)
        return _fit_replicate(self.model.resample(rng.integers(0, nobs, size=nobs)),
                              self.params)[0]


@dataclass(frozen=True)
class _ParametricReplicate:
    """Estimates on outcomes simulated from the model at ``params``."""

    model: Any
    params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        return _fit_replicate(self.model.simulate(self.params, rng), self.params)[0]


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


def _checked_n(value: Any, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    return int(value)


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
        Progress bar; None: only for 200 or more replicates on a terminal.

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
        self.n_boot = _checked_n(kwds.get("n_boot", 999), "n_boot", 2)
        self.kind: Kind = kwds.get("kind", "nonparametric")
        if self.kind not in _REPLICATES:
            raise ValueError(
                f"kind must be 'nonparametric' or 'parametric', got {self.kind!r}"
            )
        self.n_jobs = kwds.get("n_jobs", 1)
        self.random_state = kwds.get("random_state")
        self.progress = kwds.get("progress")

    def check(self, model: Any) -> None:
        """The nonparametric bootstrap needs a model that can be resampled."""
        if self.kind == "nonparametric":
            model.check_resamplable()

    def __call__(self, model: Any, params: FloatArray) -> CovarianceResult:
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


# -- intervals ----------------------------------------------------------------------------
def percentile_interval(replicates: FloatArray, alpha: float = 0.05) -> FloatArray:
    """Percentile intervals: the ``alpha/2`` and ``1 - alpha/2`` quantiles of the replicates.

    Parameters
    ----------
    replicates : ndarray
        ``B x k`` replicate estimates.
    alpha : float
        One minus the coverage.

    Returns
    -------
    ndarray
        ``k x 2``: lower and upper limits (linear interpolation between order
        statistics, numpy's default quantile).
    """
    reps = _replicate_matrix(replicates)
    _check_alpha(alpha)
    return np.quantile(reps, [alpha / 2.0, 1.0 - alpha / 2.0], axis=0).T


def bca_interval(replicates: FloatArray, estimate: FloatArray, acceleration: FloatArray,
                 alpha: float = 0.05) -> FloatArray:
    r"""Bias-corrected and accelerated (BCa) intervals (Efron 1987).

    Parameters
    ----------
    replicates : ndarray
        ``B x k`` replicate estimates.
    estimate : array_like
        The estimate from the original data (``k``).
    acceleration : array_like
        The acceleration constant of each parameter (``k``), e.g. from
        :func:`influence_acceleration`.
    alpha : float
        One minus the coverage.

    Returns
    -------
    ndarray
        ``k x 2``. A parameter whose replicates all lie on one side of the
        estimate has no bias correction; its limits are NaN (with a warning).

    Notes
    -----
    The limits are the replicate quantiles at

    .. math::

        \alpha_{1,2} = \Phi\left(z_0 + \frac{z_0 + z_{\alpha/2,\,1-\alpha/2}}
                       {1 - a\,(z_0 + z_{\alpha/2,\,1-\alpha/2})}\right),

    with the bias correction :math:`z_0 = \Phi^{-1}(p)`, where :math:`p` is the
    share of replicates below the estimate (ties count one half, as in
    :func:`scipy.stats.bootstrap`). With :math:`z_0 = a = 0` they are the
    percentile limits.
    """
    reps = _replicate_matrix(replicates)
    _check_alpha(alpha)
    estimate = np.asarray(estimate, dtype=float).reshape(-1)
    accel = np.broadcast_to(np.asarray(acceleration, dtype=float), estimate.shape)
    share = ((reps < estimate).sum(axis=0) + (reps <= estimate).sum(axis=0)) / (2.0 * len(reps))
    z0 = ndtri(share)
    out = np.full((estimate.size, 2), np.nan)
    usable = np.isfinite(z0)
    for col, z_alpha in enumerate((ndtri(alpha / 2.0), ndtri(1.0 - alpha / 2.0))):
        shifted = z0 + z_alpha
        level = ndtr(z0 + shifted / (1.0 - accel * shifted))
        for j in np.flatnonzero(usable):
            out[j, col] = np.quantile(reps[:, j], level[j])
    if not usable.all():
        warnings.warn(
            f"BCa limits are not available (NaN) for parameter(s) {np.flatnonzero(~usable)}: "
            "all replicates lie on one side of the estimate.",
            BootstrapWarning,
            stacklevel=2,
        )
    return out


def influence_values(model: Any, params: FloatArray) -> FloatArray:
    """Empirical influence values of the ML estimate (the infinitesimal jackknife).

    Parameters
    ----------
    model : EMModel
        The fitted model.
    params : array_like
        The ML estimate (natural parameters).

    Returns
    -------
    ndarray
        ``nobs x k``: row ``i`` is :math:`-J H^{-1} s_i`, with the Hessian
        :math:`H` of the observed llf and the scores :math:`s_i` in the model's
        unconstrained parametrisation and :math:`J = d\\theta / du`. Up to the
        factor ``nobs`` it is the influence function of the MLE at observation
        ``i``: the first-order change of the estimate when ``i`` gets more weight.
    """
    params = np.asarray(params, dtype=float)
    u = model.to_unconstrained(params)
    scores = observed_scores(model, u)
    step = np.linalg.solve(observed_hessian(model, u), scores.T)  # k x nobs
    return -(unconstrained_jacobian(model, u) @ step).T


def influence_acceleration(influence: FloatArray) -> FloatArray:
    r"""The BCa acceleration from influence values.

    .. math::

        a_j = \frac{\sum_i L_{ij}^3}{6\left(\sum_i L_{ij}^2\right)^{3/2}}

    (Efron 1987, eq. 6.6; Efron & Tibshirani 1993, eq. 14.15 with the jackknife
    differences replaced by the influence values). It is invariant to the scale
    of :math:`L`; a parameter with no influence gets ``a = 0``.

    Parameters
    ----------
    influence : ndarray
        ``nobs x k`` influence values, e.g. from :func:`influence_values`.

    Returns
    -------
    ndarray
        ``k`` acceleration constants.
    """
    infl = np.asarray(influence, dtype=float)
    infl = infl.reshape(infl.shape[0], -1)
    infl = infl - infl.mean(axis=0)
    square = (infl**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        accel = (infl**3).sum(axis=0) / (6.0 * square**1.5)
    return np.where(square > 0, accel, 0.0)


def bootstrap_conf_int(results: Any, alpha: float = 0.05,
                       method: Literal["percentile", "bca"] = "percentile") -> FloatArray:
    """Bootstrap confidence intervals of a fit with ``cov_type="bootstrap"``.

    Called by ``results.conf_int(method="percentile" | "bca")``.

    Parameters
    ----------
    results : EMResults
        A fit whose ``cov_extras`` holds ``"replicates"``.
    alpha : float
        One minus the coverage.
    method : {"percentile", "bca"}
        Percentile or bias-corrected and accelerated intervals.

    Returns
    -------
    ndarray
        ``k x 2`` limits (the results wrapper labels them).

    Notes
    -----
    BCa's acceleration comes from the empirical influence values of the MLE
    (the infinitesimal jackknife, :func:`influence_values`) rather than from
    ``n`` leave-one-out refits: it needs no extra EM runs and it is the limit of
    the jackknife estimate. The same (nonparametric) acceleration is used
    whatever the bootstrap ``kind``.
    """
    extras = getattr(results, "cov_extras", {}) or {}
    if "replicates" not in extras:
        raise ValueError("bootstrap intervals need replicates: fit with cov_type='bootstrap'")
    reps = extras["replicates"]
    if method == "percentile":
        return percentile_interval(reps, alpha)
    if method == "bca":
        params = np.asarray(results.params, dtype=float)
        accel = influence_acceleration(influence_values(results.model, params))
        return bca_interval(reps, params, accel, alpha)
    raise ValueError(f"method must be 'percentile' or 'bca', got {method!r}")


def _replicate_matrix(replicates: FloatArray) -> FloatArray:
    reps = np.asarray(replicates, dtype=float)
    reps = reps.reshape(reps.shape[0], -1) if reps.ndim else reps.reshape(1, 1)
    if reps.shape[0] < 2:
        raise ValueError(f"intervals need at least 2 replicates, got {reps.shape[0]}")
    return reps


def _check_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")


# -- the bootstrap likelihood-ratio test -------------------------------------------------
@dataclass(frozen=True)
class BootstrapLRTestResult:
    """A parametric bootstrap likelihood-ratio test.

    Attributes
    ----------
    statistic : float
        ``2 (llf_full - llf_restricted)`` on the data.
    pvalue : float
        ``(1 + #{LR* >= LR}) / (1 + n_ok)``.
    n_boot : int
        Replicates attempted.
    n_failed : int
        Replicates that failed (listed in ``failures``).
    lr_sample : ndarray
        The bootstrap statistics ``LR*`` of the successful replicates.
    df : int
        Difference in the number of parameters (for reference only).
    failures : tuple of ReplicateFailure
        The failed replicates.
    seed : int or sequence of int
        Root seed entropy (pass as ``random_state`` to reproduce).
    """

    statistic: float
    pvalue: float
    n_boot: int
    n_failed: int
    lr_sample: FloatArray = field(repr=False)
    df: int = 0
    failures: tuple[ReplicateFailure, ...] = field(default=(), repr=False)
    seed: Any = field(default=None, repr=False)

    @property
    def n_ok(self) -> int:
        """Number of successful replicates."""
        return self.n_boot - self.n_failed

    def __str__(self) -> str:
        failed = f", {self.n_failed} failed" if self.n_failed else ""
        return (
            "Parametric bootstrap likelihood-ratio test\n"
            f"LR = {self.statistic:.6g}, df = {self.df}, bootstrap p-value = "
            f"{self.pvalue:.4g} ({self.n_ok} replicates{failed})"
        )


#: Round-off allowance, relative to ``1 + |llf|``, below which a negative LR* is zero.
_LR_ROUNDOFF = 1e-8


@dataclass(frozen=True)
class _LRReplicate:
    """LR* on one data set simulated from the restricted fit."""

    restricted: Any
    full: Any
    restricted_params: FloatArray
    full_params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        simulated = self.restricted.simulate(self.restricted_params, rng)
        full_model = self.full.with_outcome_of(simulated)
        llf_r = _fit_replicate(simulated, self.restricted_params)[1]
        llf_f = _best_fit(full_model, [self.full_params, full_model.start_params])
        lr = 2.0 * (llf_f - llf_r)
        if lr < -2.0 * _LR_ROUNDOFF * (1.0 + abs(llf_f)):
            raise ReplicateError(
                f"the full model's fit (llf {llf_f!r}) is below the restricted one's "
                f"({llf_r!r}): a local maximum"
            )
        return np.array([max(lr, 0.0)])


def bootstrap_lrtest(restricted: Any, full: Any, n_boot: int = 99, *, n_jobs: int | None = 1,
                     random_state: RandomState = None,
                     progress: bool | None = None) -> BootstrapLRTestResult:
    r"""Parametric bootstrap likelihood-ratio test (McLachlan 1987).

    Use it where the chi-square reference distribution fails, e.g. for the
    number of components of a mixture or a variance on its boundary.

    Parameters
    ----------
    restricted, full : EMResults
        Fits of the null and of the alternative to the same observations.
    n_boot : int
        Number of bootstrap data sets (99 gives a p-value resolution of 0.01).
    n_jobs : int
        joblib workers.
    random_state : int, Generator or SeedSequence, optional
        Root seed; the results do not depend on ``n_jobs``.
    progress : bool or None
        Progress bar; None: only for 200 or more replicates on a terminal.

    Returns
    -------
    BootstrapLRTestResult

    Notes
    -----
    Each replicate draws outcomes from the restricted fit
    (``restricted.model.simulate(restricted.params, rng)``), builds the full
    model on the same simulated outcomes (``full.model.with_outcome_of(simulated)``)
    and fits both by EM: the restricted model from its estimates on the original
    data, the full model from those and from its own default start (the better
    fit counts: with mixtures one start can miss the maximum), to get

    .. math::

        LR^*_b = 2\,(\ell^*_{\text{full},b} - \ell^*_{\text{restricted},b}), \qquad
        p = \frac{1 + \#\{b : LR^*_b \ge LR\}}{1 + B},

    over the ``B`` successful replicates. A replicate where the full model's
    llf ends below the restricted one's (a local maximum) counts as failed.
    """
    statistic, df = likelihood_ratio(restricted, full)
    replicate = _LRReplicate(restricted.model, full.model,
                             np.asarray(restricted.params, dtype=float),
                             np.asarray(full.params, dtype=float))
    run = run_replicates(replicate, _checked_n(n_boot, "n_boot", 1), n_jobs=n_jobs,
                         random_state=random_state, progress=progress,
                         label="bootstrap LR test")
    sample = run.values[:, 0] if run.n_ok else np.empty(0)
    pvalue = (1.0 + np.sum(sample >= statistic)) / (1.0 + run.n_ok)
    return BootstrapLRTestResult(statistic, float(pvalue), run.n, run.n_failed, sample,
                                 df, run.failures, run.seed)
