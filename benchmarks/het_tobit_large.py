"""Heteroskedastic Tobit on a large sample: emstats' ECM against scipy's direct maximisation.

Issue 19's setting: a constant and ``--k`` standard normal regressors (slopes from 1 to
0.1 with alternating signs, intercept 0.5), ``log sigma_i = 0.1 + 0.3 x_1 - 0.2 x_2``, the
outcome left-censored at 0 (about 40% censored), ``--n`` rows. Timed on the same data:

* ``emstats fit()``: ``HeteroskedasticTobit(y, X, Z, left=0).fit(cov_type="none")``, its
  default start (OLS, constant log sigma), SQUAREM over the ECM map and the Newton polish,
  and the model's set-up;
* ``scipy BFGS`` and ``scipy L-BFGS-B``: ``scipy.optimize.minimize`` on the censored
  heteroskedastic llf written here (not emstats code) with its analytic gradient, in
  ``(beta, gamma)``, from the same start, regressors standardised, ``-llf / n`` as
  objective, BFGS ``gtol`` 1e-8, L-BFGS-B ``gtol`` 1e-10 and ``ftol`` 1e-15.

Every estimate is scored by one llf; the target is the best llf to 1e-8 relative.

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/het_tobit_large.py [--n N] [--k K]
[--repeat R]``.
"""

from __future__ import annotations

import argparse

import numpy as np
from _direct import best_of, print_table, scipy_fit
from scipy.special import log_ndtr

import emstats as em

LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)


def simulate(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``y = max(X beta + exp(Z gamma) e, 0)``, ``Z`` the constant and the first two
    regressors."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=(n, k))])
    z = x[:, :3]
    beta = np.r_[0.5, np.linspace(1.0, 0.1, k) * (-1.0) ** np.arange(k)]
    ystar = x @ beta + np.exp(z @ [0.1, 0.3, -0.2]) * rng.standard_normal(n)
    return np.maximum(ystar, 0.0), x, z


class Direct:
    """``-llf / n`` of the heteroskedastic Tobit and its gradient in ``(beta, gamma)``,
    on standardised regressors (the constant kept) and ``y / sd(y)``."""

    def __init__(self, y: np.ndarray, x: np.ndarray, z: np.ndarray) -> None:
        self.scale = float(y.std())
        self.mean, self.sd = x[:, 1:].mean(axis=0), x[:, 1:].std(axis=0)
        self.y = y / self.scale
        self.x = np.column_stack([np.ones(len(y)), (x[:, 1:] - self.mean) / self.sd])
        self.z = self.x[:, :z.shape[1]]
        self.censored = y <= 0

    def objective(self, t: np.ndarray) -> tuple[float, np.ndarray]:
        k = self.x.shape[1]
        mu, eta = self.x @ t[:k], self.z @ t[k:]
        s = np.exp(eta)
        c = self.censored
        g_mu, g_eta = np.empty(len(mu)), np.empty(len(mu))
        r = (self.y[~c] - mu[~c]) / s[~c]
        a = -mu[c] / s[c]
        log_p = log_ndtr(a)
        llf = float(-0.5 * r @ r - len(r) * LOG_SQRT_2PI - eta[~c].sum() + log_p.sum())
        ratio = np.exp(-0.5 * a * a - LOG_SQRT_2PI - log_p)
        g_mu[~c], g_eta[~c] = r / s[~c], r * r - 1.0
        g_mu[c], g_eta[c] = -ratio / s[c], -ratio * a
        n = len(mu)
        return -llf / n, -np.r_[self.x.T @ g_mu, self.z.T @ g_eta] / n

    def start(self) -> np.ndarray:
        beta = np.linalg.lstsq(self.x, self.y, rcond=None)[0]
        gamma = np.zeros(self.z.shape[1])
        gamma[0] = np.log(np.std(self.y - self.x @ beta))
        return np.r_[beta, gamma]

    def natural(self, t: np.ndarray) -> np.ndarray:
        """``(beta, gamma)`` in the data's units."""
        k, m = self.x.shape[1], self.z.shape[1]
        beta = t[:k] * self.scale
        slopes = beta[1:] / self.sd
        gamma_slopes = t[k + 1:] / self.sd[:m - 1]
        return np.r_[beta[0] - slopes @ self.mean, slopes,
                     t[k] + np.log(self.scale) - gamma_slopes @ self.mean[:m - 1],
                     gamma_slopes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="rows")
    parser.add_argument("--k", type=int, default=10, help="regressors besides the constant")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    y, x, z = simulate(args.n, args.k, args.seed)
    model = em.HeteroskedasticTobit(y, x, z, left=0.0)

    def emstats_fit() -> tuple[np.ndarray, int]:
        fitted = em.HeteroskedasticTobit(y, x, z, left=0.0).fit(cov_type="none")
        return np.asarray(fitted.params), int(fitted.n_iter)

    rows = {"emstats fit()": best_of(args.repeat, emstats_fit),
            "scipy BFGS": best_of(args.repeat, lambda: scipy_fit(Direct(y, x, z), "BFGS")),
            "scipy L-BFGS-B": best_of(args.repeat, lambda: scipy_fit(Direct(y, x, z), "L-BFGS-B"))}
    print(f"{len(y)} rows ({int((y <= 0).sum())} left-censored at 0), {args.k} regressors "
          f"and a constant, log sigma on a constant and 2 of them; best of {args.repeat}")
    print_table(rows, model.loglike)

if __name__ == "__main__":
    main()
