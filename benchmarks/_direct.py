"""What the benchmarks against scipy's direct maximisation share: the best-of timer, the
scipy fits with an analytic gradient, and the table scored by one llf."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from scipy import optimize


class DirectProblem(Protocol):
    """A ``-llf / n`` with its gradient, a start and the map to the model's parameters."""

    def objective(self, t: np.ndarray) -> tuple[float, np.ndarray]: ...

    def start(self) -> np.ndarray: ...

    def natural(self, t: np.ndarray) -> np.ndarray: ...


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest wall time of ``repeat`` calls of ``fn``, and its last result."""
    best, out = np.inf, None
    for _ in range(repeat):
        tic = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - tic)
    return best, out


def scipy_fit(direct: DirectProblem, method: str) -> tuple[np.ndarray, int]:
    """``scipy.optimize.minimize`` with the analytic gradient: BFGS ``gtol`` 1e-8, L-BFGS-B
    ``gtol`` 1e-10 and ``ftol`` 1e-15; the estimate in the model's parameters and the
    iterations."""
    options = ({"gtol": 1e-8, "maxiter": 10_000} if method == "BFGS"
               else {"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10_000})
    out = optimize.minimize(direct.objective, direct.start(), jac=True, method=method,
                            options=options)
    return direct.natural(out.x), int(out.nit)


def print_table(rows: dict[str, tuple[float, tuple[np.ndarray, int]]],
                loglike: Callable[[np.ndarray], float]) -> None:
    """Time, ratio to the first row, iterations, llf and the shortfall from the best llf
    (target: 1e-8 relative) of each method, every estimate scored by ``loglike``."""
    llfs = {name: loglike(params) for name, (_, (params, _)) in rows.items()}
    best = max(llfs.values())
    base = next(iter(rows.values()))[0]
    print(f"{'method':<16} {'time (s)':>9} {'ratio':>6} {'iters':>6} {'llf':>20} "
          f"{'short (rel)':>11} {'target':>7}")
    for name, (seconds, (_, iterations)) in rows.items():
        short = (best - llfs[name]) / abs(best)
        print(f"{name:<16} {seconds:9.3f} {seconds / base:6.2f} {iterations:6d} "
              f"{llfs[name]:20.6f} {short:11.1e} {'yes' if short < 1e-8 else 'no':>7}")
