"""Markov-switching Tobit and Poisson models (``family="tobit"``, ``"poisson"``): no
anchor program has them, so the fits are checked against a direct maximisation (scipy
BFGS) of the Hamilton-filter likelihood written here independently of emstats, with the
regime chain started from its ergodic distribution; monotone plain EM on
hypothesis-generated series; Louis against the observed information; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results.monotone import assert_plain_em_monotone
from scipy import optimize, stats

import emstats as em


def _series(seed: int, n: int = 300) -> pd.DataFrame:
    """A policy-like rate with a zero lower bound: two persistent regimes."""
    rng = np.random.default_rng(seed)
    stay = np.array([0.95, 0.9])
    regime = np.zeros(n, dtype=int)
    for t in range(1, n):
        regime[t] = regime[t - 1] if rng.random() < stay[regime[t - 1]] else 1 - regime[t - 1]
    x = rng.normal(size=n)
    latent = np.where(regime == 0, -0.5 + 0.3 * x, 2.0 + 0.8 * x)
    latent += rng.normal(size=n) * np.where(regime == 0, 0.6, 1.0)
    return pd.DataFrame({"rate": np.maximum(latent, 0.0), "x": x})


def _hamilton_filter(theta: np.ndarray, dens: np.ndarray) -> float:
    """The llf of two regimes with ``theta[:2]`` = (logit p00, logit p11) and the densities
    ``dens`` (n x 2) of each observation in each regime."""
    p00, p11 = 1 / (1 + np.exp(-theta[0])), 1 / (1 + np.exp(-theta[1]))
    P = np.array([[p00, 1 - p00], [1 - p11, p11]])
    xi = np.array([1 - p11, 1 - p00]) / (2 - p00 - p11)  # ergodic
    total = 0.0
    for t in range(len(dens)):
        joint = (xi @ P) * dens[t]
        f = joint.sum()
        total += np.log(f)
        xi = joint / f
    return float(total)


def _hamilton_llf(theta: np.ndarray, y: np.ndarray, X: np.ndarray, lower: float) -> float:
    """Two regimes: ``y* = X b_s + s_s e``, ``y = max(y*, lower)``; ``theta`` = (logit p00,
    logit p11, b_0, b_1, log s_0, log s_1)."""
    q = X.shape[1]
    b = theta[2:2 + 2 * q].reshape(2, q)
    sd = np.exp(theta[2 + 2 * q:])
    mean = X @ b.T
    dens = np.where(y[:, None] <= lower, stats.norm.cdf((lower - mean) / sd),
                    stats.norm.pdf(y[:, None], mean, sd))
    return _hamilton_filter(theta, dens)


def _poisson_llf(theta: np.ndarray, y: np.ndarray, X: np.ndarray, offset: np.ndarray
                 ) -> float:
    """Two Poisson regimes, ``log E[y] = offset + X b_s``; ``theta`` = (logit p00,
    logit p11, b_0, b_1)."""
    b = theta[2:].reshape(2, X.shape[1])
    dens = stats.poisson.pmf(y[:, None], np.exp(offset[:, None] + X @ b.T))
    return _hamilton_filter(theta, dens)


def test_markov_switching_poisson_matches_the_hamilton_filter() -> None:
    rng = np.random.default_rng(3)
    frame = _series(seed=3)
    exposure = rng.uniform(0.5, 2.0, len(frame))
    regime = (frame.rate > 0).to_numpy().astype(int)  # a persistent chain of _series
    frame["count"] = rng.poisson(exposure * np.exp(np.where(regime, 1.5, 0.2)
                                                   + 0.3 * frame.x))
    frame["e"] = exposure
    res = em.markov_switching("count ~ x", frame, k_regimes=2, family="poisson",
                              exposure="e").fit(xtol=1e-12)
    y = frame["count"].to_numpy(dtype=float)
    X = np.column_stack([np.ones(len(y)), frame.x])
    p = res.params
    start = np.r_[np.log(p["p[0->0]"] / (1 - p["p[0->0]"])),
                  np.log((1 - p["p[1->0]"]) / p["p[1->0]"]),
                  p["Intercept[0]"], p["x[0]"], p["Intercept[1]"], p["x[1]"]]
    best = optimize.minimize(lambda t: -_poisson_llf(t, y, X, np.log(exposure)),
                             start + 0.03, method="BFGS", options={"gtol": 1e-7})
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    assert_allclose(start[2:], best.x[2:], rtol=1e-4, atol=1e-5)
    assert_allclose(res.get_robustcov("louis").bse, res.bse, rtol=1e-4)
    means = res.predict("smoothed")
    assert means.shape == (len(y),) and np.all(means > 0)


def test_markov_switching_poisson_forecast_is_the_mixture_of_regime_means() -> None:
    frame = _series(seed=4).assign(count=lambda d: (d.rate * 3).round())
    res = em.markov_switching("count ~ 1", frame, k_regimes=2, family="poisson").fit()
    out = res.forecast(2)
    transition = res.transition_matrix.to_numpy()
    filtered = res.filtered_probabilities.iloc[-1].to_numpy()
    ahead = filtered @ transition
    rates = np.exp([res.params["Intercept[0]"], res.params["Intercept[1]"]])
    assert out["mean"].iloc[0] == pytest.approx(ahead @ rates, rel=1e-10)


def test_markov_switching_tobit_matches_the_hamilton_filter() -> None:
    frame = _series(seed=1)
    res = em.markov_switching("rate ~ x", frame, k_regimes=2, family="tobit", left=0,
                              switching_variance=True).fit(xtol=1e-12)
    y = frame.rate.to_numpy()
    X = np.column_stack([np.ones(len(y)), frame.x])
    p = res.params
    start = np.r_[np.log(p["p[0->0]"] / (1 - p["p[0->0]"])),
                  np.log((1 - p["p[1->0]"]) / p["p[1->0]"]),
                  p["Intercept[0]"], p["x[0]"], p["Intercept[1]"], p["x[1]"],
                  0.5 * np.log(p["sigma2[0]"]), 0.5 * np.log(p["sigma2[1]"])]
    best = optimize.minimize(lambda t: -_hamilton_llf(t, y, X, 0.0), start + 0.03,
                             method="BFGS", options={"gtol": 1e-7})
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    assert res.llf >= -best.fun - 1e-8
    assert_allclose(start[2:6], best.x[2:6], rtol=1e-4, atol=1e-5)
    assert (y == 0).sum() > 60  # the censoring matters
    assert_allclose(res.get_robustcov("louis").bse, res.bse, rtol=1e-4)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), switching_variance=st.booleans())
def test_plain_em_never_lowers_llf(seed: int, switching_variance: bool) -> None:
    frame = _series(seed, n=150)
    model = em.markov_switching("rate ~ x", frame, k_regimes=2, family="tobit", left=0,
                                switching_variance=switching_variance)
    assert_plain_em_monotone(model, model.start_params)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"family": "tobit"}, "needs a censoring limit"),
    ({"family": "tobit", "left": 0, "order": 1}, "no autoregression"),
    ({"left": 0}, "censoring limits of family='tobit'"),
    ({"family": "negbin"}, "not available for Markov switching"),
    ({"family": "poisson", "switching_variance": True}, "no variance of its own"),
    ({"family": "tobit", "left": 0, "exposure": "x"}, "exposure has no meaning"),
])
def test_bad_input_is_named(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        em.markov_switching("rate ~ x", _series(seed=2, n=80), k_regimes=2, **kwargs)
