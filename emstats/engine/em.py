"""The EM loop shared by every model: plain EM and SQUAREM."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from .convergence import ConvergenceMonitor, StopRule
from .protocol import EMProblem, FloatArray
from .squarem import SquaremStepLength

Accel = Literal["squarem"] | None

HISTORY_COLUMNS = [
    "iteration",
    "llf",
    "llf_change",
    "param_change",
    "n_evals",
    "accelerated",
    "step_length",
]

_NUMERICAL_ERRORS = (FloatingPointError, OverflowError, ZeroDivisionError, np.linalg.LinAlgError)


class NumericalTroubleWarning(RuntimeWarning):
    """The E-step produced a non-finite log-likelihood or parameters."""


@dataclass(frozen=True)
class EMTrace:
    """Everything the engine knows about one EM run.

    Attributes
    ----------
    params : ndarray
        Final natural parameters.
    llf : float
        Observed-data log-likelihood at ``params``.
    converged : bool
        Whether a convergence rule (not ``maxiter``) stopped the run.
    stop_rule : str
        ``"params"``, ``"llf"``, ``"maxiter"`` or ``"non-finite"``.
    n_iter : int
        Iterations (rows of ``history``).
    n_evals : int
        EM-map evaluations (one E-step plus one M-step each).
    n_llf_evals : int
        Separate log-likelihood evaluations (SQUAREM acceptance checks, final llf).
    history : DataFrame
        One row per iteration; ``llf`` is the log-likelihood at the iterate the
        iteration starts from.
    path : ndarray
        Iterates, one row per iteration start, then the final parameters.
    """

    params: FloatArray
    llf: float
    converged: bool
    stop_rule: str
    n_iter: int
    n_evals: int
    n_llf_evals: int
    history: pd.DataFrame
    path: FloatArray


@dataclass
class _CountedMap:
    """The EM map ``F`` of a problem, with evaluation counts."""

    problem: EMProblem
    n_evals: int = 0
    n_llf_evals: int = 0

    def __call__(self, params: FloatArray) -> tuple[FloatArray, float]:
        stats, llf = self.problem.e_step(params)
        self.n_evals += 1
        return np.asarray(self.problem.m_step(stats), dtype=float), float(llf)

    def loglike(self, params: FloatArray) -> float:
        self.n_llf_evals += 1
        return float(self.problem.loglike(params))

    def guarded(self, u: FloatArray, stabilise: bool) -> tuple[FloatArray, float] | None:
        """Map an extrapolated point; ``None`` if it is infeasible or non-finite.

        Returns the new parameters and the llf at the extrapolated point (``-inf``
        when no stabilising EM step was taken, so that it is not known).
        """
        with np.errstate(all="ignore"):
            try:
                params = np.asarray(self.problem.from_unconstrained(u), dtype=float)
                if not np.all(np.isfinite(params)):
                    return None
                if not stabilise:
                    return params, -np.inf
                new, llf = self(params)
            except _NUMERICAL_ERRORS:
                return None
        if not (np.isfinite(llf) and np.all(np.isfinite(new))):
            return None
        return new, llf


@dataclass
class _History:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    path: list[FloatArray] = field(default_factory=list)
    last_llf: float = np.nan

    def add(self, params: FloatArray, llf: float, change: float, n_evals: int,
            accelerated: bool, alpha: float) -> None:
        self.rows.append(
            (len(self.rows), llf, llf - self.last_llf, change, n_evals, accelerated, alpha)
        )
        self.path.append(params)
        self.last_llf = llf

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=HISTORY_COLUMNS)


def run_em(
    problem: EMProblem,
    start: FloatArray,
    *,
    accel: Accel = "squarem",
    monitor: ConvergenceMonitor | None = None,
) -> EMTrace:
    """Run EM from ``start`` until a rule in ``monitor`` stops it.

    Parameters
    ----------
    problem : EMProblem
        The model's E-step, M-step, log-likelihood and unconstrained map.
    start : array_like
        Starting natural parameters.
    accel : {"squarem", None}
        ``"squarem"`` (SqS3 with the monotonicity fallback) or plain EM.
    monitor : ConvergenceMonitor, optional
        Stopping rules; the defaults of :class:`ConvergenceMonitor` if omitted.

    Returns
    -------
    EMTrace
    """
    monitor = monitor or ConvergenceMonitor()
    params = np.array(start, dtype=float)
    if accel == "squarem":
        return _run_squarem(problem, params, monitor)
    if accel is None:
        return _run_plain(problem, params, monitor)
    raise ValueError(f"accel must be 'squarem' or None, got {accel!r}")


def _finish(
    em_map: _CountedMap, history: _History, params: FloatArray, llf_floor: float,
    stop_rule: str, monitor: ConvergenceMonitor,
) -> EMTrace:
    llf = em_map.loglike(params) if stop_rule != StopRule.NUMERICAL else history.last_llf
    if stop_rule != StopRule.NUMERICAL:
        monitor.check_monotone(len(history.rows), llf_floor, llf)
    history.path.append(params)
    return EMTrace(
        params=params,
        llf=llf,
        converged=stop_rule in (StopRule.PARAMS, StopRule.LLF),
        stop_rule=stop_rule,
        n_iter=len(history.rows),
        n_evals=em_map.n_evals,
        n_llf_evals=em_map.n_llf_evals,
        history=history.frame(),
        path=np.array(history.path),
    )


def _checked_step(em_map: _CountedMap, params: FloatArray, iteration: int, llf_floor: float,
                  monitor: ConvergenceMonitor) -> tuple[FloatArray, float] | None:
    """One EM map from ``params``; ``None`` if it is non-finite (after warning).

    The llf at ``params`` is checked against ``llf_floor``, a proven lower bound.
    """
    new, llf = em_map(params)
    if _non_finite(iteration, new, llf):
        return None
    monitor.check_monotone(iteration, llf_floor, llf)
    return new, llf


def _non_finite(iteration: int, params: FloatArray, llf: float) -> bool:
    if np.isfinite(llf) and np.all(np.isfinite(params)):
        return False
    warnings.warn(
        f"EM produced a non-finite log-likelihood or parameters at iteration {iteration}; "
        "the fit stopped at the last finite iterate.",
        NumericalTroubleWarning,
        stacklevel=4,
    )
    return True


def _run_plain(problem: EMProblem, params: FloatArray, monitor: ConvergenceMonitor) -> EMTrace:
    em_map = _CountedMap(problem)
    history = _History()
    u = problem.to_unconstrained(params)
    llf_prev = -np.inf
    stop_rule = StopRule.MAXITER
    for iteration in range(monitor.maxiter):
        step = _checked_step(em_map, params, iteration, llf_prev, monitor)
        if step is None:
            stop_rule = StopRule.NUMERICAL
            break
        new, llf = step
        u_new = problem.to_unconstrained(new)
        change = monitor.param_change(u, u_new)
        history.add(params, llf, change, em_map.n_evals, False, 1.0)
        params, u = new, u_new
        if monitor.params_converged(change):
            stop_rule = StopRule.PARAMS
            break
        if monitor.llf_converged(llf_prev, llf):
            stop_rule = StopRule.LLF
            break
        llf_prev = llf
    return _finish(em_map, history, params, history.last_llf, stop_rule, monitor)


def _run_squarem(problem: EMProblem, params: FloatArray, monitor: ConvergenceMonitor) -> EMTrace:
    em_map = _CountedMap(problem)
    steps = SquaremStepLength()
    history = _History()
    llf_floor = -np.inf  # a proven lower bound on the llf at ``params``
    stop_rule = StopRule.MAXITER
    for iteration in range(monitor.maxiter):
        u0 = problem.to_unconstrained(params)
        step = _checked_step(em_map, params, iteration, llf_floor, monitor)
        if step is None:
            stop_rule = StopRule.NUMERICAL
            break
        p1, llf0 = step
        u1 = problem.to_unconstrained(p1)
        change = monitor.param_change(u0, u1)
        if monitor.params_converged(change):
            history.add(params, llf0, change, em_map.n_evals, False, 1.0)
            params, llf_floor, stop_rule = p1, llf0, StopRule.PARAMS
            break
        p2, llf1 = em_map(p1)
        if _non_finite(iteration, p2, llf1):
            history.add(params, llf0, change, em_map.n_evals, False, 1.0)
            params, stop_rule = p1, StopRule.NUMERICAL
            history.last_llf = llf1 if np.isfinite(llf1) else llf0
            break
        monitor.check_monotone(iteration, llf0, llf1)
        if monitor.llf_converged(llf0, llf1):
            history.add(params, llf0, change, em_map.n_evals, False, 1.0)
            params, llf_floor, stop_rule = p2, llf1, StopRule.LLF
            break
        u2 = problem.to_unconstrained(p2)
        r = u1 - u0
        v = u2 - u1 - r
        alpha = steps.propose(r, v)
        accepted = None
        if alpha != 1.0:
            accepted = _try_extrapolation(em_map, steps.extrapolate(u0, r, v, alpha),
                                          abs(alpha - 1.0) > 0.01, llf0)
        history.add(params, llf0, change, em_map.n_evals, accepted is not None, alpha)
        if accepted is None:
            alpha = steps.rejected(alpha)
            params, llf_floor = p2, llf1
        else:
            params, llf_floor = accepted
        steps.update(alpha)
    return _finish(em_map, history, params, llf_floor, stop_rule, monitor)


def _try_extrapolation(
    em_map: _CountedMap, u_ext: FloatArray, stabilise: bool, llf0: float
) -> tuple[FloatArray, float] | None:
    """Accept the (stabilised) extrapolated point if its llf is at least ``llf0``.

    Returns the accepted parameters and a lower bound on their llf, or ``None``.
    """
    mapped = em_map.guarded(u_ext, stabilise)
    if mapped is None:
        return None
    new, llf_ext = mapped
    if llf_ext >= llf0:  # the stabilising EM step cannot lower it further
        return new, llf_ext
    with np.errstate(all="ignore"):
        try:
            llf_new = em_map.loglike(new)
        except _NUMERICAL_ERRORS:
            return None
    if np.isfinite(llf_new) and llf_new >= llf0:
        return new, llf_new
    return None
