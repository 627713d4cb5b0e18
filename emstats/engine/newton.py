r"""A Newton polish of an EM estimate on the observed-data log-likelihood.

EM's rate of convergence is the largest fraction of missing information; when that is
close to one (a heavily truncated sample, a scale model on top of it) EM, even
accelerated, stops where its steps are below the tolerance but the log-likelihood is
still short of its maximum in the digits a reference program prints. From there a few
Newton steps on the observed-data log-likelihood reach the maximum: the start is inside
the quadratic region, and the model's analytic score and Hessian make each step cheap.

The polish never lowers the log-likelihood: a step is halved until the llf does not
decrease, and the polish stops (keeping the best point) when the Newton decrement
:math:`g'(-H)^{-1}g/2` falls below the tolerance or the Hessian is not negative
definite. It knows nothing of the model: it gets the llf, the score and the Hessian in
the working coordinates as functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from ..typing import FloatArray


@dataclass(frozen=True)
class Polish:
    """What a Newton polish did.

    Attributes
    ----------
    u : ndarray
        The polished working parameters.
    llf : float
        Their log-likelihood.
    steps : int
        Newton steps taken (0 if the start was already at the maximum).
    gain : float
        The llf gained over the start (never negative).
    """

    u: FloatArray
    llf: float
    steps: int
    gain: float


def newton_polish(loglike: Callable[[FloatArray], float],
                  score: Callable[[FloatArray], FloatArray],
                  hessian: Callable[[FloatArray], FloatArray], u: FloatArray, *,
                  tol: float = 1e-10, max_steps: int = 20) -> Polish:
    """Newton's method with step halving on ``loglike`` from ``u`` (module docstring).

    Parameters
    ----------
    loglike, score, hessian : callable
        The log-likelihood, its gradient and its Hessian at working parameters.
    u : ndarray
        The start (an EM estimate).
    tol : float
        Stop when the Newton decrement is below ``tol`` times ``1 + |llf|``.
    max_steps : int
        At most this many Newton steps.
    """
    u = np.asarray(u, dtype=float)
    start = llf = float(loglike(u))
    steps = 0
    for _ in range(max_steps):
        grad = np.asarray(score(u), dtype=float)
        try:
            factor = cho_factor(-np.asarray(hessian(u), dtype=float))
        except LinAlgError:
            break  # not negative definite: not a maximum's neighbourhood
        step = np.asarray(cho_solve(factor, grad), dtype=float)
        if not 0.5 * float(step @ grad) > tol * (1.0 + abs(llf)):
            break
        t = 1.0
        while t > 1e-8:
            trial = u + t * step
            value = float(loglike(trial))
            if value >= llf:
                u, llf = trial, value
                break
            t *= 0.5
        else:
            break
        steps += 1
    return Polish(u, llf, steps, llf - start)


__all__ = ["Polish", "newton_polish"]
