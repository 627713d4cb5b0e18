"""Louis, SEM, OIM, robust and cluster covariances against independent computations.

The reference Hessian and per-observation scores are numerical derivatives of the
scipy-only log-likelihood in tests/conftest.py; nothing here uses emstats' maths.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import censored_loglike, simulate_censored
from numpy.testing import assert_allclose
from scipy import stats
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

import emstats as em

CASES = [(0, 0.3, None), (1, 0.6, None), (2, 0.2, 0.8), (3, None, 0.5)]


def _tobit(seed: int, left_q: float | None, right_q: float | None):
    rng = np.random.default_rng(seed)
    ystar, x, _, left, right = simulate_censored(300, 3, rng, left_q=left_q, right_q=right_q)
    y = np.clip(ystar, left, right)
    res = em.Tobit(y, x, left=None if left_q is None else left,
                   right=None if right_q is None else right).fit()
    lower = np.where(y <= left, -np.inf, np.where(y >= right, right, y))
    upper = np.where(y <= left, left, np.where(y >= right, np.inf, y))
    return res, x, lower, upper


def _theta(res) -> np.ndarray:
    params = np.asarray(res.params)
    return np.append(params[:-1], np.log(params[-1]))


def _to_natural_cov(cov_theta: np.ndarray, sigma: float) -> np.ndarray:
    jac = np.eye(cov_theta.shape[0])
    jac[-1, -1] = sigma  # d sigma / d log sigma
    return jac @ cov_theta @ jac.T


def _reference_oim(res, x, lower, upper) -> np.ndarray:
    theta = _theta(res)
    hess = approx_hess3(theta, lambda t: censored_loglike(t, x, lower, upper))
    return _to_natural_cov(np.linalg.inv(-hess), float(np.asarray(res.params)[-1]))


def _obs_loglike(theta: np.ndarray, x, lower, upper) -> np.ndarray:
    beta, sigma = theta[:-1], np.exp(theta[-1])
    mu = x @ beta
    exact = lower == upper
    with np.errstate(divide="ignore"):
        return np.where(
            exact, stats.norm.logpdf(lower, mu, sigma),
            np.log(stats.norm.cdf(upper, mu, sigma) - stats.norm.cdf(lower, mu, sigma)))


@pytest.mark.parametrize(("seed", "left_q", "right_q"), CASES)
def test_louis_sem_and_oim_agree_with_numerical_hessian(seed, left_q, right_q) -> None:
    res, x, lower, upper = _tobit(seed, left_q, right_q)
    reference = _reference_oim(res, x, lower, upper)
    for cov_type, rtol in (("oim", 1e-4), ("louis", 1e-4), ("sem", 1e-3)):
        cov = np.asarray(res.get_robustcov(cov_type).cov_params())
        assert_allclose(np.sqrt(np.diag(cov)), np.sqrt(np.diag(reference)), rtol=rtol,
                        err_msg=cov_type)


def test_interval_regression_louis_and_sem() -> None:
    rng = np.random.default_rng(11)
    ystar, x, _, _, _ = simulate_censored(400, 3, rng, left_q=None, right_q=None)
    cuts = np.quantile(ystar, [0.25, 0.5, 0.75])
    cell = np.searchsorted(cuts, ystar)
    edges = np.concatenate([[-np.inf], cuts, [np.inf]])
    lower, upper = edges[cell], edges[cell + 1]
    exact = rng.random(400) < 0.3
    lower[exact] = upper[exact] = ystar[exact]
    res = em.IntervalRegression(np.column_stack([lower, upper]), x).fit(cov_type="louis")
    reference = _reference_oim(res, x, lower, upper)
    assert_allclose(np.asarray(res.bse), np.sqrt(np.diag(reference)), rtol=1e-4)
    sem = res.get_robustcov("sem")
    assert_allclose(np.asarray(sem.bse), np.sqrt(np.diag(reference)), rtol=1e-3)


def test_robust_and_cluster_equal_hand_built_sandwiches() -> None:
    res, x, lower, upper = _tobit(5, 0.35, None)
    theta = _theta(res)
    hess = approx_hess3(theta, lambda t: censored_loglike(t, x, lower, upper))
    scores = approx_fprime(theta, lambda t: _obs_loglike(t, x, lower, upper), centered=True)
    bread = np.linalg.inv(-hess)
    sigma = float(np.asarray(res.params)[-1])
    robust = _to_natural_cov(bread @ scores.T @ scores @ bread, sigma)
    assert_allclose(np.asarray(res.get_robustcov("robust").cov_params()), robust, rtol=1e-4)
    groups = np.arange(x.shape[0]) % 37
    summed = np.array([scores[groups == g].sum(axis=0) for g in range(37)])
    cluster = _to_natural_cov(bread @ summed.T @ summed @ bread * 37 / 36, sigma)
    got = res.get_robustcov("cluster", {"groups": groups}).cov_params()
    assert_allclose(np.asarray(got), cluster, rtol=1e-4)


def test_cluster_needs_valid_groups() -> None:
    res, *_ = _tobit(6, 0.3, None)
    with pytest.raises(ValueError, match="needs cov_kwds"):
        res.get_robustcov("cluster")
    with pytest.raises(ValueError, match="one label per observation"):
        res.get_robustcov("cluster", {"groups": np.arange(10)})
    with pytest.raises(ValueError, match="not understood"):
        res.get_robustcov("robust", {"groups": np.arange(10)})


def test_get_robustcov_returns_new_results_and_keeps_the_old() -> None:
    res, *_ = _tobit(7, 0.3, None)
    before = np.asarray(res.cov_params()).copy()
    opg = res.get_robustcov("opg")
    assert opg.cov_type == "opg" and res.cov_type == "oim"
    assert_allclose(np.asarray(res.cov_params()), before, rtol=0, atol=0)
    assert "outer product" in str(opg.summary())


def test_sem_reports_rates_missing_information_and_symmetry() -> None:
    res, *_ = _tobit(8, 0.4, None)
    sem = res.get_robustcov("sem")
    rates = sem.cov_extras["rate_matrix"]
    eig = np.linalg.eigvals(rates).real
    assert np.all((eig > -1e-6) & (eig < 1))  # fractions of missing information
    assert sem.cov_extras["asymmetry"] < 1e-3
    frac = res.missing_information
    assert list(frac.index) == res.model.param_names
    assert np.all((frac > 0) & (frac < 1))
    # With no censoring nothing is missing.
    rng = np.random.default_rng(9)
    ystar, x, _, _, _ = simulate_censored(200, 3, rng, left_q=None, right_q=None)
    full = em.Tobit(ystar, x, left=None).fit()
    assert_allclose(np.asarray(full.missing_information), 0.0, atol=1e-8)
