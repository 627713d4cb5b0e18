"""Shared fixtures: simulated censored-normal data and an independent ML fit."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats


def simulate_censored(n: int, k: int, rng: np.random.Generator, *, left_q: float | None,
                      right_q: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                     np.ndarray, np.ndarray]:
    """y*, X (with constant), per-observation limits at the given latent quantiles."""
    x = np.column_stack([np.ones(n), rng.normal(size=(n, k - 1)) * rng.uniform(0.5, 3, k - 1)])
    beta = rng.normal(size=k)
    ystar = x @ beta + rng.uniform(0.5, 2.0) * rng.normal(size=n)
    jitter = rng.normal(scale=0.1, size=n)
    left = (np.full(n, -np.inf) if left_q is None
            else np.quantile(ystar, left_q) + jitter)
    right = (np.full(n, np.inf) if right_q is None
             else np.quantile(ystar, right_q) + jitter)
    return ystar, x, beta, left, right


def censored_loglike(theta: np.ndarray, x: np.ndarray, lower: np.ndarray,
                     upper: np.ndarray) -> float:
    """Observed llf in (beta, log sigma), written with scipy.stats only."""
    beta, sigma = theta[:-1], np.exp(theta[-1])
    mu = x @ beta
    exact = lower == upper
    left = np.isneginf(lower) & ~exact
    right = np.isposinf(upper) & ~exact
    inter = ~exact & ~left & ~right
    return float(
        stats.norm.logpdf(lower[exact], mu[exact], sigma).sum()
        + stats.norm.logcdf(upper[left], mu[left], sigma).sum()
        + stats.norm.logsf(lower[right], mu[right], sigma).sum()
        + np.log(stats.norm.cdf(upper[inter], mu[inter], sigma)
                 - stats.norm.cdf(lower[inter], mu[inter], sigma)).sum()
    )


def censored_score(theta: np.ndarray, x: np.ndarray, lower: np.ndarray,
                   upper: np.ndarray) -> np.ndarray:
    """Gradient of :func:`censored_loglike` (textbook formulas, scipy.stats only)."""
    beta, sigma = theta[:-1], np.exp(theta[-1])
    mu = x @ beta
    a, b = (lower - mu) / sigma, (upper - mu) / sigma
    exact = lower == upper
    with np.errstate(invalid="ignore", divide="ignore"):
        log_z = np.where(
            a > 0,
            np.log(stats.norm.sf(a) - stats.norm.sf(b)),
            np.log(stats.norm.cdf(b) - stats.norm.cdf(a)),
        )
        ra = np.where(np.isinf(a), 0.0, np.exp(stats.norm.logpdf(a) - log_z))
        rb = np.where(np.isinf(b), 0.0, np.exp(stats.norm.logpdf(b) - log_z))
        a_ra = np.where(np.isinf(a), 0.0, a * ra)
        b_rb = np.where(np.isinf(b), 0.0, b * rb)
    z = np.where(exact, a, 0.0)
    d_mu = np.where(exact, z, ra - rb) / sigma
    d_tau = np.where(exact, z**2 - 1.0, a_ra - b_rb)
    return np.append(x.T @ d_mu, d_tau.sum())


def scipy_censored_mle(x: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                       start: np.ndarray) -> np.ndarray:
    """Maximise :func:`censored_loglike` with scipy's BFGS and the analytic gradient."""
    def negll(theta: np.ndarray) -> float:
        with np.errstate(all="ignore"):
            value = -censored_loglike(theta, x, lower, upper)
        return value if np.isfinite(value) else np.inf

    def grad(theta: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return -censored_score(theta, x, lower, upper)

    fit = optimize.minimize(negll, start, jac=grad, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 10000})
    theta = fit.x
    return np.append(theta[:-1], np.exp(theta[-1]))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261124)


def assert_conf_int_labelled(res, method: str):
    """``conf_int`` (Wald, or percentile from a small parametric bootstrap) is a frame
    indexed by the model's parameter names; returns the results it was taken from."""
    if method == "percentile":
        with warnings.catch_warnings():
            # 5 replicates give intervals but no SEs (a CovarianceWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            res = res.get_robustcov("bootstrap", {"n_boot": 5, "kind": "parametric",
                                                  "random_state": 0, "progress": False})
    ci = res.conf_int(method=method)
    assert isinstance(ci, pd.DataFrame)
    assert list(ci.index) == res.model.param_names
    return res
