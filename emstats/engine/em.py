"""The EM loop shared by every model: plain EM and SQUAREM."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..exceptions import InfeasibleParametersError, NumericalTroubleWarning
from ..protocol import BlockEStep, EMProblem, NewtonFinish, PlainWarmUp
from ..typing import FloatArray
from .chunks import chunked_e_step
from .convergence import ConvergenceMonitor, StopRule
from .newton import Polish, newton_polish
from .squarem import SquaremStepLength

Accel = Literal["squarem"] | None

HISTORY_COLUMNS = [
    "iteration",
    "llf",
    "llf_change",
    "param_change",
    "n_evals",
    "move",
    "step_length",
]

#: What a model may raise at a point EM or SQUAREM reaches: numerical failures, and
#: parameters outside its space (a trial point to reject, not a crash).
_NUMERICAL_ERRORS = (FloatingPointError, OverflowError, ZeroDivisionError,
                     np.linalg.LinAlgError, InfeasibleParametersError)


class Move(StrEnum):
    """How an iteration reached its next iterate (the ``move`` column of the history)."""

    EM = "em"
    """Plain EM: one EM map, or SQUAREM's double EM step when extrapolation did not help."""
    EXTRAPOLATED = "extrapolated"
    """The stabilised SQUAREM extrapolation."""
    LOOK_AHEAD = "look-ahead"
    """A SQUAREM cycle run from an extrapolation that fell below the current llf."""
    NEWTON = "newton"
    """A Newton step on the observed llf after EM's hand-off (:class:`NewtonFinish`;
    ``step_length`` is the step's halving factor, ``n_evals`` unchanged)."""


@dataclass(frozen=True)
class EMTrace:
    """Everything the engine knows about one EM run.

    Attributes
    ----------
    params : ndarray
        Final natural parameters.
    llf : float
        The objective EM increased (:meth:`~emstats.protocol.EMProblem.objective`) at
        ``params``: the observed-data log-likelihood, or the log posterior of a model
        with a prior.
    converged : bool
        Whether a convergence rule (not ``maxiter``) stopped the run.
    stop_rule : str
        ``"params"``, ``"llf"``, ``"maxiter"``, ``"non-finite"`` or ``"boundary"``.
    n_iter : int
        Iterations (rows of ``history``).
    n_evals : int
        EM-map evaluations (one E-step plus one M-step each).
    n_llf_evals : int
        Separate log-likelihood evaluations (SQUAREM acceptance checks, final llf).
    history : DataFrame
        One row per iteration; ``llf`` is the objective (as ``llf`` above) at the iterate
        the iteration starts from.
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


def e_step_of(problem: EMProblem, chunksize: int | None) -> Callable[[FloatArray],
                                                                        tuple[Any, float]]:
    """The problem's E-step, or its E-step in blocks of ``chunksize`` units.

    Raises
    ------
    ValueError
        If ``chunksize`` is given and the problem's E-step is not a sum over blocks
        (:class:`~emstats.protocol.BlockEStep`).
    """
    if chunksize is None:
        return problem.e_step
    if not isinstance(problem, BlockEStep):
        raise ValueError(f"chunksize={chunksize!r}: the E-step of {type(problem).__name__} "
                         "is not a sum over blocks of units, so it cannot run in chunks")
    return partial(chunked_e_step, problem, chunksize=int(chunksize))


@dataclass
class _CountedMap:
    """The EM map ``F`` of a problem, with evaluation counts."""

    problem: EMProblem
    e_step: Callable[[FloatArray], tuple[Any, float]]
    n_evals: int = 0
    n_llf_evals: int = 0

    def __call__(self, params: FloatArray) -> tuple[FloatArray, float]:
        """``(F(params), llf(params))``; NaN parameters and ``-inf`` if a step fails.

        A numerical failure inside the model (a singular matrix, say) is reported
        as a non-finite result, which the loops warn about and stop on.
        """
        self.n_evals += 1
        try:
            stats, llf = self.e_step(params)
            new = np.asarray(self.problem.m_step(stats, params), dtype=float)
        except _NUMERICAL_ERRORS:
            return np.full(np.shape(params), np.nan), -np.inf
        return new, float(llf)

    def loglike(self, params: FloatArray) -> float:
        """The problem's objective (its llf, or log posterior) at ``params``."""
        self.n_llf_evals += 1
        return float(self.problem.objective(params))

    def quiet(self, params: FloatArray) -> tuple[FloatArray, float] | None:
        """The EM map at a trial point; ``None`` if it is infeasible or non-finite."""
        with np.errstate(all="ignore"):
            new, llf = self(params)
        if not (np.isfinite(llf) and np.all(np.isfinite(new))):
            return None
        return new, llf

    def quiet_loglike(self, params: FloatArray) -> float | None:
        """The llf at a trial point; ``None`` if it cannot be computed or is not finite."""
        with np.errstate(all="ignore"):
            try:
                llf = self.loglike(params)
            except _NUMERICAL_ERRORS:
                return None
        return llf if np.isfinite(llf) else None

    def guarded(self, u: FloatArray, stabilise: bool) -> tuple[FloatArray, float] | None:
        """Map an extrapolated point; ``None`` if it is infeasible, non-finite or singular
        (extrapolation must not jump onto a point where the likelihood is unbounded).

        Returns the new parameters and the llf at the extrapolated point (``-inf``
        when no stabilising EM step was taken, so that it is not known).
        """
        with np.errstate(all="ignore"):
            try:
                params = _feasible(self.problem, self.problem.from_unconstrained(u))
            except _NUMERICAL_ERRORS:
                return None
        if not np.all(np.isfinite(params)) or self.problem.singular_reason(params):
            return None
        if not stabilise:
            return params, -np.inf
        return self.quiet(params)


@dataclass
class _History:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    path: list[FloatArray] = field(default_factory=list)
    last_llf: float = np.nan

    def add(self, params: FloatArray, llf: float, change: float, n_evals: int,
            move: Move, alpha: float) -> None:
        self.rows.append(
            (len(self.rows), llf, llf - self.last_llf, change, n_evals, move.value, alpha)
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
    chunksize: int | None = None,
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
    chunksize : int, optional
        Units per block of the E-step (a :class:`~emstats.protocol.BlockEStep` problem);
        by default the problem's own E-step (chunked automatically if it is one).

    Returns
    -------
    EMTrace
    """
    monitor = monitor or ConvergenceMonitor()
    if accel not in ("squarem", None):
        raise ValueError(f"accel must be 'squarem' or None, got {accel!r}")
    em_map = _CountedMap(problem, e_step_of(problem, chunksize))
    params = _feasible(problem, np.array(start, dtype=float))
    run = partial(_run_squarem if accel == "squarem" else _run_plain, em_map)
    if accel == "squarem" and isinstance(problem, PlainWarmUp):
        tolerance = problem.plain_em_tolerance()
        if tolerance is not None:
            run = partial(_plain_then, em_map, run, tolerance)
    if isinstance(problem, NewtonFinish):
        handoff = problem.newton_handoff()
        if handoff is not None:
            return _em_then_newton(em_map, problem, run, params, monitor, handoff)
    return run(params, monitor)


_Run = Callable[[FloatArray, ConvergenceMonitor], "EMTrace"]


def _plain_then(em_map: _CountedMap, run: _Run, tolerance: float, params: FloatArray,
                monitor: ConvergenceMonitor) -> EMTrace:
    """Plain EM until a step changes the llf by at most ``tolerance * (1 + |llf|)``,
    then ``run`` from there (:class:`~emstats.protocol.PlainWarmUp`); the iterations of
    both count against ``monitor.maxiter``."""
    warm = _run_plain(em_map, params, replace(monitor, ftol=tolerance))
    if warm.stop_rule != StopRule.LLF or warm.n_iter >= monitor.maxiter:
        return warm
    rest = run(warm.params, replace(monitor, maxiter=monitor.maxiter - warm.n_iter))
    return _joined(warm, rest)


def _em_then_newton(em_map: _CountedMap, finish: NewtonFinish, run: _Run,
                    params: FloatArray, monitor: ConvergenceMonitor, handoff: float
                    ) -> EMTrace:
    """EM to the ``handoff`` tolerance, then Newton's method; if Newton does not
    converge, EM on from its best point to ``monitor``'s tolerance and Newton again
    (:class:`~emstats.protocol.NewtonFinish`)."""
    trace = run(params, replace(monitor, xtol=max(monitor.xtol, handoff)))
    if not trace.converged:
        return trace
    polish = _polish(em_map, finish, trace.params)
    joined = _with_newton(em_map, trace, polish)
    if polish.converged or handoff <= monitor.xtol:
        return joined
    rest = run(joined.params, monitor)
    if not rest.converged:
        return _joined(joined, rest)
    return _joined(joined, _with_newton(em_map, rest, _polish(em_map, finish, rest.params)))


def _polish(em_map: _CountedMap, finish: NewtonFinish, params: FloatArray) -> Polish:
    """Newton's method on the llf from ``params`` (llf evaluations counted by
    ``em_map``, whose problem ``finish`` is)."""
    problem = em_map.problem
    return newton_polish(lambda u: em_map.loglike(problem.from_unconstrained(u)),
                         finish.score_unconstrained, finish.hessian_unconstrained,
                         problem.to_unconstrained(params))


def _with_newton(em_map: _CountedMap, trace: EMTrace, polish: Polish) -> EMTrace:
    """``trace`` followed by the Newton steps of ``polish``: one history row each, the
    polished point as the estimate."""
    if not polish.steps:
        return replace(trace, stop_rule=StopRule.NEWTON) if polish.converged else trace
    problem = em_map.problem
    rows = pd.DataFrame([(0, step.llf, np.nan, step.param_change, em_map.n_evals,
                          Move.NEWTON.value, step.step_length) for step in polish.steps],
                        columns=HISTORY_COLUMNS)
    starts = [problem.from_unconstrained(step.start) for step in polish.steps[1:]]
    path = np.vstack([trace.path, *starts, problem.from_unconstrained(polish.u)])
    history = _renumbered(pd.concat([trace.history, rows], ignore_index=True))
    converged = polish.converged or trace.converged
    return replace(trace, params=problem.from_unconstrained(polish.u), llf=polish.llf,
                   converged=converged,
                   stop_rule=StopRule.NEWTON if polish.converged else trace.stop_rule,
                   n_iter=len(history), n_llf_evals=em_map.n_llf_evals, history=history,
                   path=path)


def _joined(first: EMTrace, second: EMTrace) -> EMTrace:
    """Two runs one after the other (the second from the first's estimate; counts of the
    second are cumulative)."""
    history = _renumbered(pd.concat([first.history, second.history], ignore_index=True))
    return replace(second, n_iter=len(history), history=history,
                   path=np.vstack([first.path[:-1], second.path]))


def _renumbered(history: pd.DataFrame) -> pd.DataFrame:
    """Iterations numbered from 0 and llf changes between consecutive rows."""
    history["iteration"] = np.arange(len(history))
    history["llf_change"] = history["llf"].diff()
    return history


def _finish(
    em_map: _CountedMap, history: _History, params: FloatArray, llf_floor: float,
    stop_rule: str, monitor: ConvergenceMonitor,
) -> EMTrace:
    if stop_rule == StopRule.NUMERICAL:
        # the EM map failed *from* params (its M-step, say): params is the last finite
        # iterate, but its objective is not in the history (whose last row is that of
        # the iterate before, or none if the first step failed)
        known = em_map.quiet_loglike(params)
        llf = -np.inf if known is None else known
    else:
        llf = em_map.loglike(params)
    if stop_rule in (StopRule.BOUNDARY, StopRule.NUMERICAL) and not np.isfinite(llf) \
            and history.path:
        # the boundary point has no finite llf either (a covariance matrix that lost
        # definiteness): numerical trouble, so stop at the last finite iterate
        params, llf, stop_rule = history.path.pop(), history.last_llf, StopRule.NUMERICAL
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


def _finite_working(problem: EMProblem, params: FloatArray) -> FloatArray | None:
    """The unconstrained vector of ``params``, or ``None`` if it is not finite (or the
    model cannot map ``params``, e.g. a covariance matrix that lost definiteness)."""
    with np.errstate(all="ignore"):
        try:
            u = np.asarray(problem.to_unconstrained(params), dtype=float)
        except _NUMERICAL_ERRORS:
            return None
    return u if np.all(np.isfinite(u)) else None


def _working(problem: EMProblem, params: FloatArray, iteration: int) -> FloatArray | None:
    """The unconstrained vector of ``params``; ``None`` (after warning) if ``params`` is
    on the boundary of the parameter space.

    Finite parameters without a finite unconstrained value lie on the boundary (a
    mixing weight of 0 or 1, a variance of 0), and so do parameters at which the
    problem's ``singular_reason`` finds the likelihood unbounded.
    """
    u = _finite_working(problem, params)
    reason: str | None
    if u is None:
        reason = f"parameters {np.asarray(params)!r} have no finite unconstrained value"
    else:
        reason = problem.singular_reason(params)
        if reason is None:
            return u
    warnings.warn(
        f"EM reached the boundary of the parameter space at iteration {iteration} "
        f"({reason}); the fit stopped there and is not a converged interior maximum.",
        NumericalTroubleWarning,
        stacklevel=4,
    )
    return None


def _feasible(problem: EMProblem, params: FloatArray) -> FloatArray:
    """``params`` moved into the parameter space (the problem's ``feasible_params``)."""
    return np.asarray(problem.feasible_params(params), dtype=float)


def _run_plain(em_map: _CountedMap, params: FloatArray, monitor: ConvergenceMonitor
               ) -> EMTrace:
    problem = em_map.problem
    history = _History()
    u = _working(problem, params, 0)
    if u is None:
        return _finish(em_map, history, params, history.last_llf, StopRule.BOUNDARY, monitor)
    llf_prev = -np.inf
    stop_rule = StopRule.MAXITER
    for iteration in range(monitor.maxiter):
        step = _checked_step(em_map, params, iteration, llf_prev, monitor)
        if step is None:
            stop_rule = StopRule.NUMERICAL
            break
        new, llf = step
        u_new = _working(problem, new, iteration + 1)
        change = np.inf if u_new is None else monitor.param_change(u, u_new)
        history.add(params, llf, change, em_map.n_evals, Move.EM, 1.0)
        params, u = new, u_new
        if u is None:
            stop_rule = StopRule.BOUNDARY
            break
        if monitor.params_converged(change):
            stop_rule = StopRule.PARAMS
            break
        if monitor.llf_converged(llf_prev, llf):
            stop_rule = StopRule.LLF
            break
        llf_prev = llf
    return _finish(em_map, history, params, history.last_llf, stop_rule, monitor)


def _run_squarem(em_map: _CountedMap, params: FloatArray, monitor: ConvergenceMonitor
                 ) -> EMTrace:
    problem = em_map.problem
    steps = SquaremStepLength()
    history = _History()
    llf_floor = -np.inf  # a proven lower bound on the llf at ``params``
    stop_rule = StopRule.MAXITER
    for iteration in range(monitor.maxiter):
        u0 = _working(problem, params, iteration)
        if u0 is None:
            stop_rule = StopRule.BOUNDARY
            break
        step = _checked_step(em_map, params, iteration, llf_floor, monitor)
        if step is None:
            stop_rule = StopRule.NUMERICAL
            break
        p1, llf0 = step
        u1 = _working(problem, p1, iteration + 1)
        if u1 is None:
            history.add(params, llf0, np.inf, em_map.n_evals, Move.EM, 1.0)
            params, llf_floor, stop_rule = p1, llf0, StopRule.BOUNDARY
            break
        change = monitor.param_change(u0, u1)
        if monitor.params_converged(change):
            history.add(params, llf0, change, em_map.n_evals, Move.EM, 1.0)
            params, llf_floor, stop_rule = p1, llf0, StopRule.PARAMS
            break
        p2, llf1 = em_map(p1)
        if _non_finite(iteration, p2, llf1):
            history.add(params, llf0, change, em_map.n_evals, Move.EM, 1.0)
            params, stop_rule = p1, StopRule.NUMERICAL
            history.last_llf = llf1 if np.isfinite(llf1) else llf0
            break
        monitor.check_monotone(iteration, llf0, llf1)
        if monitor.llf_converged(llf0, llf1):
            history.add(params, llf0, change, em_map.n_evals, Move.EM, 1.0)
            params, llf_floor, stop_rule = p2, llf1, StopRule.LLF
            break
        u2 = _working(problem, p2, iteration + 1)
        if u2 is None:
            history.add(params, llf0, change, em_map.n_evals, Move.EM, 1.0)
            params, llf_floor, stop_rule = p2, llf1, StopRule.BOUNDARY
            break
        alpha, probe = _extrapolate(em_map, steps, u0, u1, u2, llf0)
        new, llf_new, move = _next_iterate(em_map, steps, alpha, probe, (p2, llf1), llf0,
                                           iteration, monitor)
        history.add(params, llf0, change, em_map.n_evals, move, alpha)
        params, llf_floor = new, llf_new
    return _finish(em_map, history, params, llf_floor, stop_rule, monitor)


_Point = tuple[FloatArray, float]


def _extrapolate(
    em_map: _CountedMap, steps: SquaremStepLength, u0: FloatArray, u1: FloatArray,
    u2: FloatArray, threshold: float,
) -> tuple[float, _Point | None]:
    """The SqS3 step length and the stabilised extrapolated point with its llf.

    The llf is exact, or a lower bound when the bound already reaches ``threshold``.
    The point is ``None`` when the step length is 1 (nothing to extrapolate) or
    the extrapolation is infeasible or non-finite.
    """
    r = u1 - u0
    v = u2 - u1 - r
    alpha = steps.propose(r, v)
    if alpha == 1.0:
        return alpha, None
    mapped = em_map.guarded(steps.extrapolate(u0, r, v, alpha), abs(alpha - 1.0) > 0.01)
    if mapped is None:
        return alpha, None
    new, llf_ext = mapped
    if llf_ext >= threshold:  # the stabilising EM step cannot lower it
        return alpha, (new, llf_ext)
    llf_new = em_map.quiet_loglike(new)
    return alpha, None if llf_new is None else (new, llf_new)


def _next_iterate(
    em_map: _CountedMap, steps: SquaremStepLength, alpha: float, probe: _Point | None,
    double_step: _Point, llf0: float, iteration: int, monitor: ConvergenceMonitor,
) -> tuple[FloatArray, float, Move]:
    """Choose the next iterate of a SQUAREM cycle that started at llf ``llf0``.

    The extrapolated point if its llf is at least ``llf0``. Otherwise, if it is finite,
    one more SQUAREM cycle is run from it (a look-ahead, as the non-monotone SQUAREM
    of Varadhan & Roland 2008 would continue from it) and its result is taken if
    it reaches ``llf0``. Otherwise ``double_step``, the double EM step with a lower
    bound on its llf. Every iterate taken therefore has an llf at least ``llf0``.
    """
    if probe is not None and probe[1] >= llf0:
        steps.update(alpha)
        return probe[0], probe[1], Move.EXTRAPOLATED
    if probe is None:
        steps.rejected(alpha)
    else:
        steps.update(alpha)
        ahead = _look_ahead(em_map, steps, probe, llf0, iteration, monitor)
        if ahead is not None:
            return ahead[0], ahead[1], Move.LOOK_AHEAD
    steps.update(1.0)
    return double_step[0], double_step[1], Move.EM


def _look_ahead(
    em_map: _CountedMap, steps: SquaremStepLength, probe: _Point, llf0: float,
    iteration: int, monitor: ConvergenceMonitor,
) -> _Point | None:
    """One SQUAREM cycle from ``probe``; its result if the llf reaches ``llf0``.

    Numerical trouble on the way is not an error: the caller falls back to the
    double EM step. Step-length bounds are updated as for any cycle.
    """
    start, llf_start = probe
    first = em_map.quiet(start)
    second = None if first is None else em_map.quiet(first[0])
    if first is None or second is None:
        steps.shrink()
        return None
    monitor.check_monotone(iteration, llf_start, second[1])
    u0, u1, u2 = (_finite_working(em_map.problem, p) for p in (start, first[0], second[0]))
    if u0 is None or u1 is None or u2 is None:
        steps.shrink()
        return None
    alpha, ahead = _extrapolate(em_map, steps, u0, u1, u2, llf0)
    if ahead is not None and ahead[1] >= llf0:
        steps.update(alpha)
        return ahead
    steps.rejected(alpha)
    llf2 = second[1] if second[1] >= llf0 else em_map.quiet_loglike(second[0])
    if llf2 is not None and llf2 >= llf0:
        steps.update(1.0)
        return second[0], llf2
    return None
