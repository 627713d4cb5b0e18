"""Truncated regression (em.truncreg): against the truncated-normal likelihood maximised
in R (optim, then Newton on numDeriv; tests/results/r_truncreg.R), scipy's direct
maximisation on random data (light to 95% truncation, either tail, both, per-row limits),
SEM against the observed information (the complete information of the unsampled draws),
monotone plain EM on hypothesis-generated data; bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import r_truncreg as R
from results.monotone import assert_plain_em_monotone
from scipy import optimize, stats

import emstats as em

MROZ = "hours ~ educ + exper + expersq + age + kidslt6 + kidsge6 + nwifeinc"


@pytest.fixture(scope="module")
def mroz_fit():
    mroz = em.datasets.load_mroz()
    return em.truncreg(MROZ, mroz[mroz.hours > 0], left=0).fit()


def test_mroz_matches_the_r_optimum(mroz_fit) -> None:
    res = mroz_fit
    assert res.nobs == 428
    assert res.llf == pytest.approx(R.MROZ_LOGLIK[0], abs=1e-6)
    # within 1e-6 standard errors of R's optimum (nwifeinc's coefficient is 0.15 +- 5.2)
    assert np.all(np.abs(res.params.to_numpy() - R.MROZ_PARAMS) < 1e-6 * np.asarray(R.MROZ_SE))
    assert_allclose(res.bse, R.MROZ_SE, rtol=1e-4)
    assert res.n_iter < 50  # SQUAREM: plain EM needs hundreds here


def test_sem_agrees_with_the_observed_information(mroz_fit) -> None:
    sem = mroz_fit.get_robustcov("sem")
    assert_allclose(sem.bse, mroz_fit.bse, rtol=1e-3)


def test_two_sided_per_row_limits_match_the_r_optimum() -> None:
    sim = pd.read_csv(Path(__file__).parent / "results" / "truncreg_sim.csv")
    res = em.truncreg("y ~ x", sim, left="a", right="b").fit()
    assert res.llf == pytest.approx(R.SIM_LOGLIK[0], abs=1e-7)
    assert_allclose(res.params, R.SIM_PARAMS, rtol=1e-6)
    assert_allclose(res.bse, R.SIM_SE, rtol=1e-4)


def _truncated_sample(seed: int, n: int, lower_q: float | None, upper_q: float | None
                      ) -> tuple[pd.DataFrame, float, float]:
    rng = np.random.default_rng(seed)
    draws = 40 * n  # enough that n rows survive 95% truncation
    x = rng.normal(size=draws)
    ystar = 1.0 + 2.0 * x + rng.normal(size=draws) * 1.5
    lo = -np.inf if lower_q is None else float(np.quantile(ystar, lower_q))
    hi = np.inf if upper_q is None else float(np.quantile(ystar, upper_q))
    keep = (ystar > lo) & (ystar < hi)
    frame = pd.DataFrame({"y": ystar[keep], "x": x[keep]}).iloc[:n]
    return frame, lo, hi


def _scipy_fit(frame: pd.DataFrame, lo: float, hi: float, start: np.ndarray) -> tuple:
    y, X = frame.y.to_numpy(), np.column_stack([np.ones(len(frame)), frame.x])

    def nll(t: np.ndarray) -> float:
        mu, s = X @ t[:-1], np.exp(t[-1])
        a, b = (lo - mu) / s, (hi - mu) / s
        # the interval's mass on the side of zero where it does not cancel
        mass = np.where(a > 0, stats.norm.sf(a) - stats.norm.sf(b),
                        stats.norm.cdf(b) - stats.norm.cdf(a))
        return -float(np.sum(stats.norm.logpdf(y, mu, s) - np.log(mass)))

    best = optimize.minimize(nll, start, method="BFGS", options={"gtol": 1e-8})
    return -best.fun, np.r_[best.x[:-1], np.exp(best.x[-1])]


@pytest.mark.parametrize(("lower_q", "upper_q"), [(0.1, None), (0.95, None), (None, 0.3),
                                                  (0.2, 0.8), (0.9, 0.99)])
def test_em_optimum_is_the_direct_maximum(lower_q, upper_q) -> None:
    frame, lo, hi = _truncated_sample(3, 400, lower_q, upper_q)
    res = em.truncreg("y ~ x", frame, left=None if lower_q is None else lo,
                      right=None if upper_q is None else hi).fit(maxiter=20000)
    start = np.r_[res.params.to_numpy()[:-1], np.log(res.params["sigma"])] + 0.05
    llf, theta = _scipy_fit(frame, lo, hi, start)
    assert res.converged
    assert res.llf == pytest.approx(llf, abs=1e-6)
    assert_allclose(res.params, theta, rtol=2e-4, atol=1e-5)


def test_predictions_are_statas(mroz_fit) -> None:
    mroz = em.datasets.load_mroz()
    rows = mroz[mroz.hours > 0].head(3)
    xb = mroz_fit.predict(rows)
    sigma = mroz_fit.params["sigma"]
    conditional = mroz_fit.predict(rows, which="conditional")  # Stata's e(0,.)
    ratio = stats.norm.pdf(xb / sigma) / stats.norm.cdf(xb / sigma)
    assert_allclose(conditional, xb + sigma * ratio, rtol=1e-10)
    assert_allclose(mroz_fit.predict(rows, which="prob"), stats.norm.cdf(xb / sigma),
                    rtol=1e-10)


def test_summary_shows_the_limits_not_censoring(mroz_fit) -> None:
    text = str(mroz_fit.summary())
    assert "Truncated Regression Results" in text and "Lower limit:" in text
    assert "Left-censored" not in text and "Number of obs:" in text


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), lower_q=st.sampled_from([None, 0.3, 0.9]),
       upper_q=st.sampled_from([None, 0.95]))
def test_plain_em_never_lowers_llf(seed: int, lower_q, upper_q) -> None:
    if lower_q is None and upper_q is None:
        upper_q = 0.5
    frame, lo, hi = _truncated_sample(seed, 150, lower_q, upper_q)
    model = em.truncreg("y ~ x", frame, left=None if lower_q is None else lo,
                        right=None if upper_q is None else hi)
    assert_plain_em_monotone(model, model.start_params)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "needs a truncation limit"),
    ({"left": 5.0}, r"lie outside the truncation limits \(positions \["),
    ({"left": 2.0, "right": 1.0}, "not below the upper"),
])
def test_bad_input_is_named(kwargs: dict, message: str) -> None:
    frame, _, _ = _truncated_sample(1, 100, 0.2, None)
    with pytest.raises(ValueError, match=message):
        em.truncreg("y ~ x", frame, **kwargs)


def test_louis_and_the_analytic_hessian_agree_with_numerical_derivatives(mroz_fit) -> None:
    """Louis' identity with the unsampled draws' score variance (a geometric number of
    draws outside the region) against a numerical Hessian of the observed llf."""
    from statsmodels.tools.numdiff import approx_hess3

    model = mroz_fit.model
    u = model.to_unconstrained(np.asarray(mroz_fit.params))
    numerical = approx_hess3(u, lambda v: model.loglike(model.from_unconstrained(v)))
    assert_allclose(model.hessian_unconstrained(u), numerical, rtol=1e-4,
                    atol=1e-5 * np.abs(numerical).max())
    assert_allclose(mroz_fit.get_robustcov("louis").bse, mroz_fit.bse, rtol=1e-8)


def test_truncation_combines_with_censoring() -> None:
    """A Tobit sample (left-censored at 0) that was also truncated from above at 4: the
    family's EM optimum against scipy's, and the analytic Hessian against a numerical
    one."""
    from statsmodels.tools.numdiff import approx_hess3

    from emstats.models.censored import CensoredNormalModel

    rng = np.random.default_rng(5)
    x = rng.normal(size=3000)
    ystar = 0.5 + 1.5 * x + rng.normal(size=3000)
    keep = ystar < 4.0
    x, ystar = x[keep][:800], ystar[keep][:800]
    X = np.column_stack([np.ones(len(x)), x])
    lower = np.where(ystar <= 0, -np.inf, ystar)
    upper = np.where(ystar <= 0, 0.0, ystar)
    model = CensoredNormalModel(upper, X, lower=lower, upper=upper, trunc_upper=4.0)
    res = model.fit()

    def nll(t: np.ndarray) -> float:
        mu, s = X @ t[:-1], np.exp(t[-1])
        cens = ystar <= 0
        rows = np.where(cens, stats.norm.logcdf(-mu / s), stats.norm.logpdf(ystar, mu, s))
        return -float(np.sum(rows - stats.norm.logcdf((4.0 - mu) / s)))

    start = np.r_[res.params.to_numpy()[:-1], np.log(res.params.iloc[-1])] + 0.03
    best = optimize.minimize(nll, start, method="BFGS", options={"gtol": 1e-8})
    assert res.llf == pytest.approx(-best.fun, abs=1e-7)
    assert (ystar <= 0).sum() > 100
    u = model.to_unconstrained(np.asarray(res.params))
    numerical = approx_hess3(u, lambda v: model.loglike(model.from_unconstrained(v)))
    assert_allclose(model.hessian_unconstrained(u), numerical, rtol=1e-4,
                    atol=1e-5 * np.abs(numerical).max())
