"""Random-effects Tobit on N = 10,000 panels of 5: emstats' EM against scipy's direct
maximisation of the same adaptive-quadrature likelihood.

Issue 19's setting: a constant and three standard normal regressors (coefficients 0.5,
1, -0.5, 0.25), ``u_i ~ N(0, 0.8^2)``, ``e_it ~ N(0, 1)``, the outcome left-censored at 0.
Timed on the same data:

* ``emstats fit()``: ``RandomEffectsTobit(y, X, groups, left=0).fit(cov_type="none")``
  (12-point adaptive Gauss-Hermite quadrature, SQUAREM over EM, the Newton polish) with
  its set-up;
* ``scipy L-BFGS-B``: ``scipy.optimize.minimize`` on the 12-point adaptive-quadrature llf
  written here (not emstats code: each panel's mode by vectorised Newton, the nodes at
  the mode scaled by the curvature) with a central-difference gradient, in
  ``(beta, log sigma_u, log sigma_e)``, from the pooled OLS start emstats uses.

R's ``censReg`` (the issue's peer) is not in Debian and CRAN is out of reach here, so it
is not in the table. Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/xttobit_panels.py
[--groups N] [--size T]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import optimize
from scipy.special import log_ndtr, logsumexp

import emstats as em

LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


def simulate(groups: int, size: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    g = np.repeat(np.arange(groups), size)
    x = np.column_stack([np.ones(g.size), rng.normal(size=(g.size, 3))])
    ystar = x @ [0.5, 1.0, -0.5, 0.25] + rng.normal(scale=0.8, size=groups)[g] + rng.normal(
        size=g.size)
    return np.maximum(ystar, 0.0), x, g


class Direct:
    """The 12-point adaptive-quadrature llf of the random-effects Tobit."""

    def __init__(self, y: np.ndarray, x: np.ndarray, g: np.ndarray) -> None:
        self.y, self.x, self.g, self.n = y, x, g, int(g.max()) + 1
        self.cens = y <= 0
        self.nodes, weights = np.polynomial.hermite.hermgauss(12)
        self.log_w = np.log(weights) + self.nodes**2

    def _rows(self, mu: np.ndarray, se: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's log f, d log f / du and -d2 log f / du2 at latent mean ``mu``."""
        z = (self.y - mu) / se
        a = -mu / se
        log_p = log_ndtr(a)
        ratio = np.exp(-0.5 * a * a - LOG_SQRT_2PI - log_p)
        log_f = np.where(self.cens, log_p, -0.5 * z * z - LOG_SQRT_2PI - np.log(se))
        d1 = np.where(self.cens, -ratio / se, z / se)
        d2 = np.where(self.cens, ratio * (ratio + a) / se**2, 1.0 / se**2)
        return log_f, d1, d2

    def llf(self, t: np.ndarray) -> float:
        beta, su, se = t[:-2], np.exp(t[-2]), np.exp(t[-1])
        mu, g, n = self.x @ beta, self.g, self.n
        u = np.zeros(n)
        for _ in range(30):
            _, d1, d2 = self._rows(mu + u[g], se)
            curv = np.bincount(g, d2, n) + 1 / su**2
            step = (np.bincount(g, d1, n) - u / su**2) / curv
            u += step
            if np.max(np.abs(step) * np.sqrt(curv)) < 1e-8:
                break
        spread = np.sqrt(2 / curv)
        terms = np.empty((n, self.nodes.size))
        for q, node in enumerate(self.nodes):
            v = u + spread * node
            log_f, _, _ = self._rows(mu + v[g], se)
            terms[:, q] = (np.bincount(g, log_f, n) - 0.5 * (v / su) ** 2 - LOG_SQRT_2PI
                           - np.log(su) + self.log_w[q] + np.log(spread))
        return float(logsumexp(terms, axis=1).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    y, x, g = simulate(args.groups, args.size, args.seed)
    tic = time.perf_counter()
    fit = em.RandomEffectsTobit(y, x, g, left=0.0).fit(cov_type="none")
    em_time = time.perf_counter() - tic
    model = fit.model
    tic = time.perf_counter()
    direct = Direct(y, x, g)
    start = model.start_params
    t0 = np.r_[start[:-2], np.log(start[-2:])]
    out = optimize.minimize(lambda t: -direct.llf(t) / len(y), t0, method="L-BFGS-B",
                            options={"ftol": 1e-15, "gtol": 1e-9, "maxiter": 10_000})
    sp_time = time.perf_counter() - tic
    sp_params = np.r_[out.x[:-2], np.exp(out.x[-2:])]
    llfs = {"emstats fit()": fit.llf, "scipy L-BFGS-B": model.loglike(sp_params)}
    best = max(llfs.values())
    print(f"{args.groups} panels of {args.size} ({int((y <= 0).sum())} of {len(y)} rows "
          "left-censored at 0), 12 quadrature points")
    print(f"{'method':<16} {'time (s)':>9} {'ratio':>6} {'iters':>6} {'llf':>18} "
          f"{'short (rel)':>11}")
    for name, seconds, iterations in (("emstats fit()", em_time, fit.n_iter),
                                      ("scipy L-BFGS-B", sp_time, out.nit)):
        short = (best - llfs[name]) / abs(best)
        print(f"{name:<16} {seconds:9.3f} {seconds / em_time:6.2f} {iterations:6d} "
              f"{llfs[name]:18.6f} {short:11.1e}")


if __name__ == "__main__":
    main()
