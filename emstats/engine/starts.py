"""Multiple starting values: run EM from each and keep the best optimum."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .convergence import ConvergenceMonitor
from .em import Accel, EMTrace, run_em
from .protocol import EMProblem, FloatArray

STARTS_COLUMNS = ["start", "llf", "converged", "stop_rule", "n_iter", "n_evals",
                  "degenerate", "reached_best"]
BEST_RTOL = 1e-8


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
        The run with the highest final log-likelihood among those not degenerate
        (ties: the earliest start); a degenerate run only if all are.
    table : DataFrame
        One row per start: its llf, whether it converged, the stopping rule,
        iterations, EM-map evaluations, whether it ended degenerate (the problem's
        optional ``degenerate_reason(params)``, e.g. a collapsed mixture component
        with an unbounded llf) and whether it reached the best llf (within a
        relative 1e-8): how often the best was found.
    """
    if len(starts) == 0:
        raise ValueError("at least one start is needed")
    traces = [run_em(problem, start, accel=accel, monitor=monitor) for start in starts]
    degenerate = np.array([_is_degenerate(problem, t.params) for t in traces])
    finite = np.array([t.llf if np.isfinite(t.llf) else -np.inf for t in traces])
    ranked = np.where(degenerate & ~degenerate.all(), -np.inf, finite)
    best = float(ranked.max())
    reached = ranked >= best - BEST_RTOL * (1.0 + abs(best))
    table = pd.DataFrame(
        [(i, t.llf, t.converged, t.stop_rule, t.n_iter, t.n_evals, bool(degenerate[i]),
          bool(reached[i])) for i, t in enumerate(traces)],
        columns=STARTS_COLUMNS,
    )
    return traces[int(np.argmax(ranked))], table


def _is_degenerate(problem: EMProblem, params: FloatArray) -> bool:
    hook = getattr(problem, "degenerate_reason", None)
    if not callable(hook) or not np.isfinite(params).all():
        return False
    return hook(params) is not None
