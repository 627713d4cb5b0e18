r"""Newton's method on the observed-data log-likelihood, to finish an EM estimate.

EM's rate of convergence is the largest fraction of missing information; when that is
close to one (a heavily truncated sample, a scale model on top of it) EM, even
accelerated, needs many iterations for the last digits, each an E-step over the data.
Newton's method converges quadratically from inside the maximum's quadratic region, and
a model with an analytic score and Hessian makes each of its steps about as cheap as an
E-step. EM gets there first: it is monotone and needs no Hessian far from the maximum
(McLachlan & Krishnan 2008, section 4.7, on such hybrid EM-Newton algorithms).

The polish never lowers the log-likelihood beyond round-off: a step is halved until the
llf does not decrease; a step whose predicted gain, the Newton decrement
:math:`\lambda^2/2 = g'(-H)^{-1}g/2`, is below what a comparison of two llfs can resolve
(:data:`RESOLVABLE` times :math:`1 + |\ell|`) is taken as it is, since the quadratic model
is exact to far more digits there than the comparison. The polish has converged when the
decrement is below ``tol`` (measured after a full step with the last step's Hessian,
which near the maximum changes by the step's relative size, so that the final check
needs the score alone) (absolute: the distance to the maximum in standard-error units
is then about :math:`\sqrt{2\,\mathrm{tol}}`, whatever the sample size) or after such a
last step. Where the Hessian is not negative definite (not yet a maximum's
neighbourhood: EM handed over too early, or crawled along a ridge) the step takes the
absolute values of its eigenvalues, an ascent direction (:func:`_modified_step`), and
convergence is never declared there. The polish fails, keeping the best point, when
no halving of a step gains or ``max_steps`` run out.
It knows nothing of the model: it gets the llf, the score and the Hessian in the working
coordinates as functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import LinAlgError, cho_factor, cho_solve

from ..typing import FloatArray
from .convergence import relative_change

#: The relative llf change below which two llfs are not compared (a sum of a million
#: terms carries round-off of about 1e-14 relative; three digits of margin).
RESOLVABLE = 1e-11


@dataclass(frozen=True)
class NewtonStep:
    """One step of the polish: the working parameters and llf it started from, the
    relative change of the working parameters (max-norm, as the EM engine measures it)
    and the step length."""

    start: FloatArray
    llf: float
    param_change: float
    step_length: float


@dataclass(frozen=True)
class Polish:
    """What a Newton polish did.

    Attributes
    ----------
    u : ndarray
        The polished working parameters.
    llf : float
        Their log-likelihood.
    converged : bool
        Whether the Newton decrement fell below the tolerance (module docstring).
    steps : list of NewtonStep
        The steps taken (none if the start was already at the maximum).
    gain : float
        The llf gained over the start.
    """

    u: FloatArray
    llf: float
    converged: bool
    steps: list[NewtonStep] = field(default_factory=list)
    gain: float = 0.0


def newton_polish(loglike: Callable[[FloatArray], float],
                  score: Callable[[FloatArray], FloatArray],
                  hessian: Callable[[FloatArray], FloatArray], u: FloatArray, *,
                  tol: float = 1e-13, max_steps: int = 30) -> Polish:
    """Newton's method with step halving on ``loglike`` from ``u`` (module docstring).

    Parameters
    ----------
    loglike, score, hessian : callable
        The log-likelihood, its gradient and its Hessian at working parameters.
    u : ndarray
        The start (an EM iterate).
    tol : float
        Converged when the Newton decrement is below ``tol``.
    max_steps : int
        At most this many Newton steps.
    """
    u = np.asarray(u, dtype=float)
    start = llf = float(loglike(u))
    steps: list[NewtonStep] = []
    converged = False
    factor = None  # the Cholesky factor of -H after a full step, for the next check
    for _ in range(max_steps):
        grad = np.asarray(score(u), dtype=float)
        if not np.all(np.isfinite(grad)):
            break
        if factor is not None:  # the last Hessian may still measure a tiny decrement
            step = np.asarray(cho_solve(factor, grad), dtype=float)
            if 0.5 * float(step @ grad) <= tol:
                u, llf, converged = *_last_step(loglike, u, llf, step, steps), True
                break
        hess = np.asarray(hessian(u), dtype=float)
        if not np.all(np.isfinite(hess)):
            break
        factor = _negative_hessian_factor(hess)
        if factor is None:  # not yet a maximum's neighbourhood: climb towards one
            climb = _modified_step(hess, grad)
            accepted = None if climb is None else _halving(loglike, u, climb, llf)
            if accepted is None:
                break
            trial, value, t = accepted
            steps.append(NewtonStep(u, llf, relative_change(u, trial), t))
            u, llf = trial, value
            continue
        step = np.asarray(cho_solve(factor, grad), dtype=float)
        if 0.5 * float(step @ grad) < max(tol, RESOLVABLE * (1.0 + abs(llf))):
            u, llf, converged = *_last_step(loglike, u, llf, step, steps), True
            break
        accepted = _halving(loglike, u, step, llf)
        if accepted is None:
            break
        trial, value, t = accepted
        steps.append(NewtonStep(u, llf, relative_change(u, trial), t))
        u, llf = trial, value
        if t < 1.0:
            factor = None
    return Polish(u, llf, converged, steps, llf - start)


def _last_step(loglike: Callable[[FloatArray], float], u: FloatArray, llf: float,
               step: FloatArray, steps: list[NewtonStep]) -> tuple[FloatArray, float]:
    """Take a step whose predicted gain is below the tolerance or what llfs resolve,
    unchecked (recorded in ``steps``): it moves the estimate by its remaining error, about
    ``sqrt(2 tol)`` standard errors, at the cost of one llf."""
    if not np.any(step):
        return u, llf
    trial = u + step
    steps.append(NewtonStep(u, llf, relative_change(u, trial), 1.0))
    return trial, float(loglike(trial))


def _negative_hessian_factor(hess: FloatArray) -> tuple[FloatArray, bool] | None:
    """The Cholesky factor of ``-H``; None if ``-H`` is not positive definite."""
    try:
        return cho_factor(-hess)
    except LinAlgError:
        return None


def _modified_step(hess: FloatArray, grad: FloatArray) -> FloatArray | None:
    r"""Newton's step with each eigenvalue of :math:`-H` replaced by its absolute value
    (at least 1e-8 of the largest): an ascent direction where :math:`H` is not negative
    definite (Nocedal & Wright 2006, section 3.4); None if there is none (a zero score,
    a zero Hessian)."""
    values, vectors = np.linalg.eigh(-hess)
    largest = float(np.max(np.abs(values)))
    if not largest > 0:
        return None
    values = np.maximum(np.abs(values), 1e-8 * largest)
    step = np.asarray(vectors @ ((vectors.T @ grad) / values), dtype=float)
    return step if float(step @ grad) > 0 else None


def _halving(loglike: Callable[[FloatArray], float], u: FloatArray, step: FloatArray,
             llf: float) -> tuple[FloatArray, float, float] | None:
    """The first of ``u + t step``, ``t = 1, 1/2, ...``, whose llf is at least ``llf``."""
    t = 1.0
    while t > 1e-8:
        trial = u + t * step
        with np.errstate(all="ignore"):
            value = float(loglike(trial))
        if value >= llf:
            return trial, value, t
        t *= 0.5
    return None


__all__ = ["RESOLVABLE", "NewtonStep", "Polish", "newton_polish"]
