"""The reference for emstats' robust covariance with sampling weights: the design-based
sandwich computed from scratch with numpy and statsmodels' numerical derivatives (R
``survey::svydesign(ids = ~1, weights = ~w)``'s rule), independent of emstats."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from statsmodels.tools.numdiff import approx_fprime, approx_hess3


def design_based_se(rows_llf: Callable[[np.ndarray], np.ndarray], theta: np.ndarray,
                    weights: np.ndarray) -> np.ndarray:
    """Standard errors ``sqrt(diag(H^-1 M H^-1))`` at ``theta``: ``H`` the Hessian of the
    weighted llf ``sum_i w_i l_i``, ``M = n/(n-1) sum_i (w_i s_i)(w_i s_i)'`` from the
    per-row scores ``s_i`` of ``rows_llf`` (per-row llf of the parameters)."""
    hessian = approx_hess3(theta, lambda t: float(weights @ rows_llf(t)))
    scores = approx_fprime(theta, rows_llf, centered=True) * weights[:, None]
    n = len(weights)
    bread = np.linalg.inv(-hessian)
    return np.sqrt(np.diag(bread @ (scores.T @ scores * n / (n - 1)) @ bread))
