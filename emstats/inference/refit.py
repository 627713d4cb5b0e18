"""EM on one replicate data set: the fit shared by the bootstrap covariance and the
bootstrap likelihood-ratio test.

Every replicate is fitted by :func:`emstats.engine.run_em` warm-started at the estimate
of the original data, without a covariance: cheap. A replicate whose fit does not
converge, or ends degenerate, raises :class:`~emstats.exceptions.ReplicateError`, which
:func:`~emstats.inference.replicates.run_replicates` counts as a failure.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..engine import ConvergenceMonitor, run_em
from ..exceptions import ReplicateError
from ..protocol import Refittable
from ..typing import FloatArray

__all__ = ["REPLICATE_MONITOR", "best_fit", "fit_replicate"]

#: Stopping rules of the replicate fits. They start at the estimate of the
#: original data, so few iterations are needed; a parameter tolerance of 1e-8 is
#: far below the bootstrap's Monte Carlo error.
REPLICATE_MONITOR = ConvergenceMonitor(xtol=1e-8, maxiter=5000)


def fit_replicate(model: Refittable, start: FloatArray) -> tuple[FloatArray, float]:
    """EM on one replicate data set from ``start``.

    Parameters
    ----------
    model : Refittable
        The model on the replicate data set.
    start : ndarray
        The start: the estimate of the original data.

    Returns
    -------
    params : ndarray
        The estimate, aligned with ``start`` (``model.aligned_params``).
    llf : float
        Its log-likelihood.

    Raises
    ------
    ReplicateError
        If EM did not converge, or converged to a degenerate point
        (``model.degenerate_reason``).
    """
    monitor = dataclasses.replace(REPLICATE_MONITOR, monotone_rtol=model.monotone_rtol)
    trace = run_em(model, start, accel="squarem", monitor=monitor)
    if not trace.converged:
        raise ReplicateError(f"EM did not converge (stopped by {trace.stop_rule!r} after "
                             f"{trace.n_iter} iterations)")
    reason = model.degenerate_reason(trace.params)
    if reason is not None:
        raise ReplicateError(f"degenerate fit: {reason}")
    return np.asarray(model.aligned_params(trace.params, start), dtype=float), float(trace.llf)


def best_fit(model: Refittable, starts: list[FloatArray]) -> float:
    """The highest llf of the converged fits from ``starts``.

    The original estimates alone can miss the maximum of a mixture, so the bootstrap LR
    test refits the full model from several starts.

    Raises
    ------
    ReplicateError
        If no start gave a converged fit (the reasons of all of them).
    """
    llfs, errors = [], []
    for start in starts:
        try:
            llfs.append(fit_replicate(model, start)[1])
        except (ReplicateError, ValueError, np.linalg.LinAlgError) as err:
            errors.append(str(err))
    if not llfs:
        raise ReplicateError("; ".join(errors))
    return max(llfs)
