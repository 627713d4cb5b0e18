"""The plain-EM monotonicity check of the hypothesis tests: EM without acceleration from a
start, the engine's guard turned into an error, and the llf path non-decreasing."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from emstats.engine import ConvergenceMonitor, MonotonicityWarning, run_em


def assert_plain_em_monotone(model: Any, start: np.ndarray, maxiter: int = 60) -> None:
    """Run ``maxiter`` plain EM iterations; fail if the llf ever falls (beyond 1e-9
    relative round-off) or the engine's monotonicity guard fires."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        monitor = ConvergenceMonitor(maxiter=maxiter, monotone_rtol=model.monotone_rtol)
        trace = run_em(model, start, accel=None, monitor=monitor)
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-9 * np.abs(llf[:-1]))
