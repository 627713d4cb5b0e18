"""Truncated regression on a large sample: emstats' EM against scipy's direct maximisation.

Issue 19's setting: a constant and ``--k`` standard normal regressors (slopes from 1 to
0.1 with alternating signs, intercept 0.5, sigma 1), ``--n`` latent draws of which those
above 0 are kept (about 59%: the sample is left-truncated at 0). Timed on the same data:

* ``emstats fit()``: ``TruncatedRegression(y, X, left=0).fit(cov_type="none")``, its
  default start (OLS) and SQUAREM, and the model's set-up;
* ``scipy BFGS`` and ``scipy L-BFGS-B``: ``scipy.optimize.minimize`` on the truncated-
  normal llf written here (not emstats code) with its analytic gradient, in
  ``(beta, log sigma)``, from the same OLS start, regressors standardised as emstats'
  working units are, ``-llf / n`` as objective, ``gtol`` 1e-10 (L-BFGS-B also ``ftol``
  1e-15) and BFGS ``gtol`` 1e-8.

Every estimate is scored by one llf; the target is the best llf to 1e-8 relative.

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/truncreg_large.py [--n N] [--k K]
[--repeat R]``.
"""

from __future__ import annotations

import argparse

import numpy as np
from _direct import best_of, print_table, scipy_fit
from scipy.special import log_ndtr

import emstats as em


def simulate(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The kept rows: ``y > 0`` of ``y = X beta + e``."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=(n, k))])
    beta = np.r_[0.5, np.linspace(1.0, 0.1, k) * (-1.0) ** np.arange(k)]
    y = x @ beta + rng.standard_normal(n)
    keep = y > 0
    return y[keep], x[keep]


class Direct:
    """``-llf / n`` of the truncated regression and its gradient in ``(beta, log s)``,
    on standardised regressors (the constant kept) and ``y / sd(y)``."""

    def __init__(self, y: np.ndarray, x: np.ndarray) -> None:
        self.scale = float(y.std())
        self.mean, self.sd = x[:, 1:].mean(axis=0), x[:, 1:].std(axis=0)
        self.y = y / self.scale
        self.x = np.column_stack([np.ones(len(y)), (x[:, 1:] - self.mean) / self.sd])

    def objective(self, t: np.ndarray) -> tuple[float, np.ndarray]:
        beta, s = t[:-1], np.exp(t[-1])
        mu = self.x @ beta
        z, a = (self.y - mu) / s, mu / s  # P = Phi(mu / s) for truncation at 0
        log_p = log_ndtr(a)
        llf = -0.5 * z @ z - len(z) * (np.log(s) + 0.5 * np.log(2 * np.pi)) - log_p.sum()
        ratio = np.exp(-0.5 * a * a - 0.5 * np.log(2 * np.pi) - log_p)  # phi(a) / Phi(a)
        g_mu = z / s - ratio / s
        g_beta = self.x.T @ g_mu
        g_log_s = float(z @ z - len(z) + ratio @ a)
        n = len(z)
        return -llf / n, -np.r_[g_beta, g_log_s] / n

    def start(self) -> np.ndarray:
        beta = np.linalg.lstsq(self.x, self.y, rcond=None)[0]
        return np.r_[beta, np.log(np.std(self.y - self.x @ beta))]

    def natural(self, t: np.ndarray) -> np.ndarray:
        """``(beta, sigma)`` in the data's units."""
        beta = t[:-1] * self.scale
        slopes = beta[1:] / self.sd
        return np.r_[beta[0] - slopes @ self.mean, slopes, np.exp(t[-1]) * self.scale]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="latent draws")
    parser.add_argument("--k", type=int, default=10, help="regressors besides the constant")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    y, x = simulate(args.n, args.k, args.seed)
    model = em.TruncatedRegression(y, x, left=0.0)

    def emstats_fit() -> tuple[np.ndarray, int]:
        fitted = em.TruncatedRegression(y, x, left=0.0).fit(cov_type="none")
        return np.asarray(fitted.params), int(fitted.n_iter)

    rows = {"emstats fit()": best_of(args.repeat, emstats_fit),
            "scipy BFGS": best_of(args.repeat, lambda: scipy_fit(Direct(y, x), "BFGS")),
            "scipy L-BFGS-B": best_of(args.repeat, lambda: scipy_fit(Direct(y, x), "L-BFGS-B"))}
    print(f"{len(y)} rows kept of {args.n} (left-truncated at 0), {args.k} regressors and a "
          f"constant; best of {args.repeat}")
    print_table(rows, model.loglike)

if __name__ == "__main__":
    main()
