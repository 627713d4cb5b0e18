"""Multiple starting values: run EM from each and keep the best optimum."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .convergence import ConvergenceMonitor, StopRule
from .em import Accel, EMTrace, run_em
from .protocol import EMProblem, FloatArray

STARTS_COLUMNS = ["start", "llf", "converged", "stop_rule", "n_iter", "n_evals",
                  "degenerate", "reached_best"]
BEST_RTOL = 1e-8

#: Stops on numerical trouble: EM could not go on, so the run is not at a maximum.
TROUBLE_STOPS = frozenset({StopRule.NUMERICAL, StopRule.BOUNDARY})


def run_multistart(
    problem: EMProblem,
    starts: Sequence[FloatArray],
    *,
    accel: Accel = "squarem",
    monitor: ConvergenceMonitor | None = None,
) -> tuple[EMTrace, pd.DataFrame]:
    """Run EM from every start and return the run with the highest llf.

    Parameters
    ----------
    problem : EMProblem
        The model.
    starts : sequence of ndarray
        Starting natural parameter vectors; the first is the model's default.
    accel : {"squarem", None}
        Acceleration passed to :func:`run_em`.
    monitor : ConvergenceMonitor, optional
        Stopping rules.

    Returns
    -------
    best : EMTrace
        The run with the highest final log-likelihood among the sound ones (ties:
        the earliest start); an unsound run only if no run is sound.
    table : DataFrame
        One row per start: its llf, whether it converged, the stopping rule,
        iterations, EM-map evaluations, whether it ended degenerate and whether it
        reached the best llf (within a relative 1e-8; unsound runs count only when
        every run is unsound): how often the best was found.

    Notes
    -----
    A run is unsound if it ended degenerate (the problem's optional
    ``degenerate_reason(params)``, e.g. a collapsed mixture component with an
    unbounded llf) or stopped on numerical trouble: a non-finite llf or parameters,
    or the boundary of the parameter space (no finite working value, or the
    optional ``singular_reason``). Such a stop is not a maximum and its llf is no
    measure of fit (on a spike of an unbounded likelihood it is as high as round-off
    allows), so a sound run wins even with a lower llf. Runs stopped by ``maxiter``
    are sound: their llf is that of an interior point still climbing.
    """
    if len(starts) == 0:
        raise ValueError("at least one start is needed")
    traces = [run_em(problem, start, accel=accel, monitor=monitor) for start in starts]
    degenerate = np.array([_is_degenerate(problem, t.params) for t in traces])
    troubled = np.array([t.stop_rule in TROUBLE_STOPS for t in traces])
    sound = ~(degenerate | troubled)
    if not sound.any():
        sound = ~sound
    finite = np.array([t.llf if np.isfinite(t.llf) else -np.inf for t in traces])
    ranked = np.where(sound, finite, -np.inf)
    best = float(ranked.max())
    reached = sound & (finite >= best - BEST_RTOL * (1.0 + abs(best)))
    table = pd.DataFrame(
        [(i, t.llf, t.converged, t.stop_rule, t.n_iter, t.n_evals, bool(degenerate[i]),
          bool(reached[i])) for i, t in enumerate(traces)],
        columns=STARTS_COLUMNS,
    )
    return traces[_first_best(ranked, sound)], table


def _first_best(ranked: FloatArray, sound: np.ndarray) -> int:
    """The earliest sound run with the highest llf (the earliest sound run if every llf
    is ``-inf``)."""
    if np.isfinite(ranked).any():
        return int(np.argmax(ranked))
    return int(np.flatnonzero(sound)[0])


def _is_degenerate(problem: EMProblem, params: FloatArray) -> bool:
    hook = getattr(problem, "degenerate_reason", None)
    if not callable(hook) or not np.isfinite(params).all():
        return False
    return hook(params) is not None
