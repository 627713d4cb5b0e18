"""Censored-normal EM fits equal an independent scipy maximisation of the observed llf."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import censored_loglike, scipy_censored_mle, simulate_censored
from numpy.testing import assert_allclose

import emstats as em

CENSORING = [  # (left quantile, right quantile): 0% to 90% censored, both tails
    (None, None), (0.1, None), (0.3, None), (0.6, None), (0.9, None),
    (None, 0.7), (None, 0.2), (0.2, 0.8), (0.45, 0.55),
]


def _start(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    return np.append(beta, np.log(np.std(y - x @ beta)))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(("left_q", "right_q"), CENSORING)
def test_tobit_equals_scipy_maximum(seed: int, left_q: float | None,
                                    right_q: float | None) -> None:
    rng = np.random.default_rng(seed)
    ystar, x, _, left, right = simulate_censored(400, 4, rng, left_q=left_q, right_q=right_q)
    y = np.clip(ystar, left, right)
    left_arg = None if left_q is None else left
    right_arg = None if right_q is None else right
    res = em.Tobit(y, x, left=left_arg, right=right_arg).fit()
    lower = np.where(y <= left, -np.inf, np.where(y >= right, right, y))
    upper = np.where(y <= left, left, np.where(y >= right, np.inf, y))
    expected = scipy_censored_mle(x, lower, upper, _start(x, y))
    assert res.converged
    assert_allclose(np.asarray(res.params), expected, rtol=1e-6, atol=1e-8)
    theta = np.append(expected[:-1], np.log(expected[-1]))
    assert res.llf == pytest.approx(censored_loglike(theta, x, lower, upper), rel=1e-10)


@pytest.mark.parametrize("seed", [3, 4])
def test_interval_regression_equals_scipy_maximum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 500
    ystar, x, _, _, _ = simulate_censored(n, 3, rng, left_q=None, right_q=None)
    cuts = np.quantile(ystar, [0.2, 0.4, 0.6, 0.8])
    cell = np.searchsorted(cuts, ystar)
    edges = np.concatenate([[np.nan], cuts, [np.nan]])
    lower, upper = edges[cell], edges[cell + 1]
    exact = rng.random(n) < 0.2
    lower[exact] = upper[exact] = ystar[exact]
    res = em.IntervalRegression(np.column_stack([lower, upper]), x).fit()
    lo = np.where(np.isnan(lower), -np.inf, lower)
    hi = np.where(np.isnan(upper), np.inf, upper)
    mid = np.where(np.isfinite(lo) & np.isfinite(hi), (lo + hi) / 2, np.where(
        np.isfinite(lo), lo, hi))
    expected = scipy_censored_mle(x, lo, hi, _start(x, mid))
    assert_allclose(np.asarray(res.params), expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("offset", [1e6, -3e7])
def test_outcome_far_from_zero_loses_no_precision(offset: float) -> None:
    # The exact outcomes enter the E-step through sums of squares; shifting y by a
    # large constant must move only the intercept (by exactly the shift).
    rng = np.random.default_rng(7)
    ystar, x, _, left, _ = simulate_censored(400, 4, rng, left_q=0.3, right_q=None)
    y = np.maximum(ystar, left)
    lower = np.where(y <= left, -np.inf, y)
    upper = np.where(y <= left, left, y)
    expected = scipy_censored_mle(x, lower, upper, _start(x, y))
    expected[0] += offset
    res = em.Tobit(y + offset, x, left=left + offset).fit()
    assert_allclose(np.asarray(res.params)[1:], expected[1:], rtol=1e-6, atol=1e-8)
    assert res.params["const"] == pytest.approx(expected[0], rel=1e-12)
    theta = np.append(expected[:-1], np.log(expected[-1]))
    shifted = censored_loglike(theta, x, lower + offset, upper + offset)
    assert res.llf == pytest.approx(shifted, rel=1e-10)


def test_no_censoring_is_ols_with_ml_sigma(rng: np.random.Generator) -> None:
    ystar, x, _, _, _ = simulate_censored(300, 4, rng, left_q=None, right_q=None)
    res = em.Tobit(ystar, x, left=None).fit()
    beta = np.linalg.lstsq(x, ystar, rcond=None)[0]
    sigma_ml = np.sqrt(np.mean((ystar - x @ beta) ** 2))
    assert_allclose(np.asarray(res.params), np.append(beta, sigma_ml), rtol=1e-9)
    # OIM of the normal linear model: sigma^2 (X'X)^-1 and sigma^2 / (2n) for sigma.
    expected_se = np.sqrt(np.append(np.diag(sigma_ml**2 * np.linalg.inv(x.T @ x)),
                                    sigma_ml**2 / (2 * len(ystar))))
    assert_allclose(np.asarray(res.bse), expected_se, rtol=1e-7)


def test_heavy_censoring_far_tail_limits_per_observation(rng: np.random.Generator) -> None:
    ystar, x, _, left, _ = simulate_censored(300, 3, rng, left_q=0.9, right_q=None)
    left = left.copy()
    left[:20] = -1e3  # limits 40+ standard deviations below the mean
    y = np.maximum(ystar, left)
    res = em.Tobit(y, x, left=left).fit()
    lower = np.where(y <= left, -np.inf, y)
    upper = np.where(y <= left, left, y)
    expected = scipy_censored_mle(x, lower, upper, _start(x, y))
    assert_allclose(np.asarray(res.params), expected, rtol=1e-6, atol=1e-8)
    assert np.all(np.isfinite(res.bse))
