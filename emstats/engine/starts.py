"""Multiple starting values: run EM from each and keep the best optimum."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._progress import Progress, progress_bar
from ..protocol import EMProblem
from ..typing import FloatArray
from .convergence import ConvergenceMonitor, MonotonicityWarning, StopRule
from .em import Accel, EMTrace, run_em

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
    chunksize: int | None = None,
    progress: Progress = None,
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
    chunksize : int, optional
        Units per block of the E-step (see :func:`run_em`).
    progress : bool or None
        Progress bar over the starts, when there are several (see
        :mod:`emstats._progress`; None: shown once the starts have taken a few
        seconds, on a terminal or in a notebook).

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

    A SQUAREM run that ends unsound is repeated from the same start by plain EM, and the
    plain run replaces it if that one is sound (the warnings issued are those of the run
    kept): where the likelihood is unbounded (a state can collapse onto a few rows), a
    long extrapolation and its stabilising EM step can land on a spike, with a higher
    llf than the maximum sought, which plain EM's short steps rarely reach.
    """
    if len(starts) == 0:
        raise ValueError("at least one start is needed")
    with progress_bar(progress if len(starts) > 1 else False, total=len(starts),
                      desc="EM starts", iterable=starts) as bar:
        traces = [_run_start(problem, start, accel, monitor, chunksize) for start in bar]
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
    if not np.isfinite(params).all():
        return False
    return problem.degenerate_reason(params) is not None


def _unsound(problem: EMProblem, trace: EMTrace) -> bool:
    return trace.stop_rule in TROUBLE_STOPS or _is_degenerate(problem, trace.params)


def _run_start(problem: EMProblem, start: FloatArray, accel: Accel,
               monitor: ConvergenceMonitor | None, chunksize: int | None) -> EMTrace:
    """EM from one start; an unsound SQUAREM run is repeated by plain EM (see
    :func:`run_multistart`), and the warnings of the run kept are issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trace = run_em(problem, start, accel=accel, monitor=monitor, chunksize=chunksize)
    if accel == "squarem" and _unsound(problem, trace):
        with warnings.catch_warnings(record=True) as caught_plain:
            warnings.simplefilter("always")
            plain = run_em(problem, start, accel=None, monitor=monitor, chunksize=chunksize)
        if not _unsound(problem, plain):
            trace, caught = plain, caught_plain
    for record in _first_drop_only(caught):
        warnings.warn_explicit(record.message, record.category, record.filename,
                               record.lineno)
    return trace


def _first_drop_only(records: Sequence[warnings.WarningMessage]
                     ) -> list[warnings.WarningMessage]:
    """The warnings of a run with its :class:`MonotonicityWarning` issued once: the first,
    saying how many more steps lowered the llf."""
    drops = [r for r in records if issubclass(r.category, MonotonicityWarning)]
    if len(drops) < 2:
        return list(records)
    first = drops[0]
    first.message = MonotonicityWarning(
        f"{first.message} {len(drops) - 1} later step(s) of this run lowered it too.")
    return [r for r in records if r is first or r not in drops]
