"""Hasselblad (1969) Poisson mixture: the SQUAREM package's example.

Source: R. Varadhan and C. Roland (2008), "Simple and globally convergent methods for
accelerating the convergence of any EM algorithm", *Scand. J. Statist.* 35(2), and the
example of R's SQUAREM package (``?squarem``: ``poissmix.em``, ``poissmix.loglik``);
data of Hasselblad (1969), *JASA* 64: deaths of women aged 80+ per day in The Times,
1910-1912 (../shared/BENCHMARKS.md case 6). Parameters (weight of component 1, mean 1,
mean 2), start (0.44629444987719813, 5.3433980730263855, 0.8713512982686988).

The package stops when the Euclidean norm of the EM step is below 1e-8; the case runs
emstats' engine with that rule (a subclass of ``ConvergenceMonitor``), in the natural
parametrisation as the package does. Plain EM then takes the package's 2909 EM maps;
SQUAREM must take at most the package's 72. The MLE and the log-likelihood are
compared at emstats' default rule (a relative step of 1e-10), since the package's
printed 13 digits come from an iterate stopped at an absolute step of 1e-8.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from emstats.engine import ConvergenceMonitor, EMProblem, run_em

from ..reference import Case, Reference

DEATHS = np.arange(10.0)
FREQ = np.array([162.0, 267.0, 271.0, 185.0, 111.0, 61.0, 27.0, 8.0, 3.0, 1.0])
START = np.array([0.44629444987719813, 5.3433980730263855, 0.8713512982686988])
_STOP_NOTE = "the package's iterate stops at an absolute step of 1e-8"


class PoissonMixture(EMProblem):
    """Two Poisson components; the E-step returns each day-count's responsibility."""

    def _log_joint(self, params: np.ndarray) -> np.ndarray:
        weight, mean1, mean2 = params
        log_pmf = -gammaln(DEATHS + 1)
        return np.stack([np.log(weight) + DEATHS * np.log(mean1) - mean1 + log_pmf,
                         np.log1p(-weight) + DEATHS * np.log(mean2) - mean2 + log_pmf])

    def e_step(self, params: np.ndarray) -> tuple[np.ndarray, float]:
        joint = self._log_joint(params)
        total = np.logaddexp(joint[0], joint[1])
        return np.exp(joint[0] - total), float(FREQ @ total)

    def m_step(self, resp: np.ndarray, params: np.ndarray) -> np.ndarray:
        first, second = FREQ * resp, FREQ * (1 - resp)
        return np.array([first.sum() / FREQ.sum(), first @ DEATHS / first.sum(),
                         second @ DEATHS / second.sum()])

    def loglike(self, params: np.ndarray) -> float:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.e_step(params)[1]

    def to_unconstrained(self, params: np.ndarray) -> np.ndarray:
        return np.asarray(params, dtype=float)

    def from_unconstrained(self, u: np.ndarray) -> np.ndarray:
        weight, mean1, mean2 = u
        if not (0 < weight < 1 and mean1 > 0 and mean2 > 0):
            return np.full(3, np.nan)  # infeasible: the engine rejects it
        return np.asarray(u, dtype=float)


class EuclideanStepMonitor(ConvergenceMonitor):
    """The SQUAREM package's rule: stop when ``||F(p) - p||_2 < xtol``."""

    def param_change(self, u_old: np.ndarray, u_new: np.ndarray) -> float:
        return float(np.linalg.norm(u_new - u_old))


def compute() -> dict[str, float]:
    model = PoissonMixture()
    package_rule = EuclideanStepMonitor(xtol=1e-8, maxiter=10_000)
    plain = run_em(model, START, accel=None, monitor=package_rule)
    fast = run_em(model, START, accel="squarem", monitor=package_rule)
    best = run_em(model, START, accel="squarem")
    out = {"plain EM maps": plain.n_evals, "SQUAREM EM maps": fast.n_evals,
           "-loglik": -best.llf}
    out |= dict(zip(["weight", "mean 1", "mean 2"], best.params, strict=True))
    return out


CASE = Case(
    name="6 Hasselblad Poisson mixture",
    source="Varadhan & Roland (2008), Scand. J. Statist. 35(2); R package SQUAREM example",
    data="Hasselblad (1969) death counts, typed from the SQUAREM documentation",
    compute=compute,
    references=(
        Reference("plain EM maps", "2909"),
        Reference("SQUAREM EM maps", "72", at_most=True),
        Reference("weight", "0.6401146029910", atol=1e-9, note=_STOP_NOTE),
        Reference("mean 1", "2.6634043566619", atol=1e-9, note=_STOP_NOTE),
        Reference("mean 2", "1.2560951012662", atol=1e-9, note=_STOP_NOTE),
        Reference("-loglik", "1989.9458598830"),
    ),
)
