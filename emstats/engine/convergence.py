"""Stopping rules for the EM engine."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ..exceptions import MonotonicityWarning
from ..typing import FloatArray


class StopRule:
    """Names of the rules that can stop a fit (recorded on the results)."""

    PARAMS = "params"
    LLF = "llf"
    MAXITER = "maxiter"
    NUMERICAL = "non-finite"
    BOUNDARY = "boundary"
    NEWTON = "newton"
    """EM handed its iterate to Newton's method, which converged
    (:class:`~emstats.protocol.NewtonFinish`)."""


def relative_change(u_old: FloatArray, u_new: FloatArray) -> float:
    """``max_i |u_new_i - u_old_i| / (1 + |u_old_i|)``: the parameter rule's measure."""
    return float(np.max(np.abs(u_new - u_old) / (1.0 + np.abs(u_old)), initial=0.0))


@dataclass(frozen=True)
class ConvergenceMonitor:
    """Decide when an EM run has converged.

    Both rules are measured on the plain EM step from the current iterate,
    ``F(u) - u``, which is zero exactly at a fixed point.

    Parameters
    ----------
    xtol : float
        Parameter rule: stop when ``max_i |F(u)_i - u_i| / (1 + |u_i|) < xtol``
        in the unconstrained working parametrisation.
    ftol : float or None
        Log-likelihood rule: stop when the EM step changes the llf by at most
        ``ftol * (1 + |llf|)``. Off (None) by default: near the maximum the llf
        changes with the square of the distance to it, so it is flat to round-off
        while the parameters still move; the parameter rule is the reliable one.
    maxiter : int
        Maximum number of iterations.
    monotone_rtol : float
        A plain EM step that lowers the llf by more than
        ``monotone_rtol * (1 + |llf|)`` triggers :class:`MonotonicityWarning`.
    """

    xtol: float = 1e-10
    ftol: float | None = None
    maxiter: int = 5000
    monotone_rtol: float = 1e-11

    def __post_init__(self) -> None:
        if not (self.xtol > 0 and (self.ftol is None or self.ftol >= 0)):
            raise ValueError("xtol must be positive and ftol non-negative")
        if int(self.maxiter) < 1:
            raise ValueError(f"maxiter must be at least 1, got {self.maxiter}")

    def param_change(self, u_old: FloatArray, u_new: FloatArray) -> float:
        """Relative max-norm change between two unconstrained vectors."""
        return relative_change(u_old, u_new)

    def params_converged(self, change: float) -> bool:
        """Whether the parameter rule is met."""
        return change < self.xtol

    def llf_converged(self, llf_old: float, llf_new: float) -> bool:
        """Whether the log-likelihood rule is met (never, when ``ftol`` is None)."""
        if self.ftol is None or not np.isfinite(llf_old):
            return False
        return abs(llf_new - llf_old) <= self.ftol * (1.0 + abs(llf_old))

    def check_monotone(self, iteration: int, llf_before: float, llf_after: float) -> None:
        """Warn if an EM step lowered the llf beyond round-off."""
        drop = llf_before - llf_after
        if drop > self.monotone_rtol * (1.0 + abs(llf_before)):
            warnings.warn(
                f"EM step at iteration {iteration} lowered the log-likelihood from "
                f"{llf_before!r} to {llf_after!r} (by {drop:.3g}); EM cannot do this, so "
                "the model's E-step or M-step is wrong, or an approximate E-step (numerical "
                "integration) is not accurate enough.",
                MonotonicityWarning,
                stacklevel=4,
            )
