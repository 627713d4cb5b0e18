"""Random-effects Tobit and interval regression (em.xttobit, em.xtintreg): against the
likelihood maximised in R by adaptive Gauss-Hermite quadrature written there and checked
by R's integrate() (tests/results/r_xttobit.R, JTRAIN), against scipy's adaptive
integration (integrate.quad per panel) on random unbalanced panels of sizes 1 to 50
(the llf, the optimum's gradient, the per-panel scores), the chi-bar-square LR test of
sigma_u = 0, rho's delta-method SE, quadchk, the panel bootstrap, monotone plain EM on
hypothesis-generated panels, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import r_xttobit as R
from results.monotone import assert_plain_em_monotone
from scipy import integrate, stats
from statsmodels.tools.numdiff import approx_fprime

import emstats as em
from emstats.models.panel import RandomEffectsCensoredModel

JTRAIN = "hrsemp ~ grant + lemploy + d88 + d89"


@pytest.fixture(scope="module")
def jtrain() -> pd.DataFrame:
    return em.datasets.load_jtrain()


@pytest.fixture(scope="module")
def jtrain_fit(jtrain):
    return em.xttobit(JTRAIN, jtrain, groups="fcode", left=0).fit()


def test_forty_points_match_the_r_optimum(jtrain) -> None:
    res = em.xttobit(JTRAIN, jtrain, groups="fcode", left=0, quadpoints=40).fit()
    assert (res.nobs, res.model.n_groups) == (390, 135)
    assert res.llf == pytest.approx(R.LOGLIK[0], abs=1e-7)
    assert res.llf == pytest.approx(R.LOGLIK_INTEGRATE[0], abs=1e-7)
    assert np.all(np.abs(res.params.to_numpy() - R.PARAMS) < 1e-6 * np.asarray(R.SE))
    assert_allclose(res.bse, R.SE, rtol=1e-6)


def test_the_default_twelve_points_are_within_quadrature_error(jtrain_fit) -> None:
    res = jtrain_fit
    assert list(res.params.index[-2:]) == ["sigma_u", "sigma_e"]
    assert res.llf == pytest.approx(R.LOGLIK[0], abs=1e-4)
    assert np.all(np.abs(res.params.to_numpy() - R.PARAMS) < 1e-4 * np.asarray(R.SE))
    assert_allclose(res.bse, R.SE, rtol=1e-4)


def test_lr_test_of_sigma_u_is_chibar2(jtrain_fit) -> None:
    assert jtrain_fit.pooled.llf == pytest.approx(R.POOLED_LOGLIK[0], abs=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        test = em.lrtest(jtrain_fit.pooled, jtrain_fit)
    statistic = 2 * (jtrain_fit.llf - R.POOLED_LOGLIK[0])
    assert test.statistic == pytest.approx(statistic, abs=1e-5)
    assert test.df == 1 and test.boundary
    assert test.pvalue == pytest.approx(0.5 * stats.chi2.sf(statistic, 1), rel=1e-6)
    text = str(jtrain_fit.summary())
    assert f"chibar2(01) = {statistic:.2f}" in text
    assert "Number of groups:" in text and "/sigma_u" in text and "Wald chi2(4):" in text


def test_rho_and_its_delta_method_se(jtrain_fit) -> None:
    res = jtrain_fit
    params = res.params.to_numpy()

    def rho(p):
        return p[-2] ** 2 / (p[-2] ** 2 + p[-1] ** 2)

    grad = approx_fprime(params, rho, centered=True)
    assert res.rho == pytest.approx(rho(params), rel=1e-12)
    assert res.rho_se == pytest.approx(np.sqrt(grad @ np.asarray(res.cov_params()) @ grad),
                                       rel=1e-6)
    low, high = res.rho_conf_int()
    assert 0 < low < res.rho < high < 1


def test_quadchk_is_stable(jtrain_fit) -> None:
    table = jtrain_fit.quadchk()
    assert list(table.columns[:2]) == ["12 points", "8 points"]
    assert table.loc["llf", "12 points"] == pytest.approx(jtrain_fit.llf)
    assert np.all(np.abs(table["relative difference (16)"]) < 1e-5)  # 12 points suffice
    assert abs(table.loc["llf", "relative difference (8)"]) < 1e-6
    eight = table["8 points"]
    assert_allclose(table["relative difference (8)"],
                    (eight - table["12 points"]) / table["12 points"].abs())


# -- random panels against scipy's adaptive integration ---------------------------------------
def _panels(seed: int, n_groups: int, max_size: int, interval: bool = False):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, max_size + 1, size=n_groups)
    sizes[0] = max(sizes[0], 2)
    groups = np.repeat(np.arange(n_groups), sizes)
    n = groups.size
    x = np.column_stack([np.ones(n), rng.normal(size=n)])
    ystar = x @ [0.2, 1.0] + rng.normal(scale=0.7, size=n_groups)[groups] + rng.normal(size=n)
    if interval:
        cuts = np.array([-np.inf, -0.5, 0.5, 1.5, np.inf])
        bin_ = np.searchsorted(cuts, ystar) - 1
        lower, upper = cuts[bin_], cuts[bin_ + 1]
        exact = rng.uniform(size=n) < 0.3
        lower, upper = np.where(exact, ystar, lower), np.where(exact, ystar, upper)
    else:
        ystar[groups == 1] = -5.0  # an all-censored panel
        lower = np.where(ystar <= 0, -np.inf, ystar)
        upper = np.where(ystar <= 0, 0.0, ystar)
    return x, groups, lower, upper


def _panel_llf(params, x, groups, lower, upper):
    """Each panel's llf by scipy's adaptive quadrature (independent of emstats)."""
    beta, sigma_u, sigma_e = params[:-2], params[-2], params[-1]
    out = []
    for g in np.unique(groups):
        rows = groups == g
        mu, lo, hi = x[rows] @ beta, lower[rows], upper[rows]
        exact = lo == hi

        def log_integrand(u, mu=mu, lo=lo, hi=hi, exact=exact):
            m = mu + u
            dens = stats.norm.logpdf(lo[exact], m[exact], sigma_e).sum()
            with np.errstate(divide="ignore"):  # far nodes: probability 0
                cens = np.log(stats.norm.cdf((hi[~exact] - m[~exact]) / sigma_e)
                              - stats.norm.cdf((lo[~exact] - m[~exact]) / sigma_e)).sum()
            return dens + cens + stats.norm.logpdf(u, 0, sigma_u)

        grid = np.linspace(-8, 8, 401) * sigma_u
        top = max(log_integrand(u) for u in grid)
        value, _ = integrate.quad(lambda u, f=log_integrand, t=top: np.exp(f(u) - t),
                                  -np.inf, np.inf, epsabs=0, epsrel=1e-12, limit=400)
        out.append(top + np.log(value))
    return np.array(out)


@pytest.mark.parametrize(("max_size", "interval"), [(3, False), (50, False), (6, True)])
def test_optimum_and_scores_agree_with_scipy_quad(max_size, interval) -> None:
    x, groups, lower, upper = _panels(max_size, 40 if max_size < 50 else 12, max_size,
                                      interval)
    model = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper,
                                       quadpoints=40)
    res = model.fit(cov_type="opg")
    params = res.params.to_numpy()
    by_panel = _panel_llf(params, x, groups, lower, upper)
    assert res.llf == pytest.approx(by_panel.sum(), abs=1e-8)
    scores = approx_fprime(params, lambda p: _panel_llf(p, x, groups, lower, upper),
                           centered=True)
    assert np.max(np.abs(scores.sum(axis=0))) < 1e-5  # the optimum of scipy's llf
    opg = np.linalg.inv(scores.T @ scores)
    assert_allclose(res.bse, np.sqrt(np.diag(opg)), rtol=1e-5)


def test_twelve_points_are_close_to_scipy_quad_on_long_panels() -> None:
    x, groups, lower, upper = _panels(50, 12, 50)
    model = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper)
    params = np.array([0.2, 1.0, 0.7, 1.0])
    assert model.loglike(params) == pytest.approx(
        _panel_llf(params, x, groups, lower, upper).sum(), abs=1e-6)


def test_xtintreg_formula_and_panel_bootstrap() -> None:
    x, groups, lower, upper = _panels(2, 60, 4, interval=True)
    data = pd.DataFrame({"lo": np.where(np.isinf(lower), np.nan, lower),
                         "hi": np.where(np.isinf(upper), np.nan, upper), "x": x[:, 1],
                         "id": [f"p{g}" for g in groups]})
    model = em.xtintreg("lo + hi ~ x", data, groups="id")
    assert isinstance(model, em.IntervalRegression) and model.n_groups == 60
    array = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper)
    assert model.fit().llf == pytest.approx(array.fit().llf, abs=1e-8)
    one = model.fit(cov_type="bootstrap", cov_kwds={"n_boot": 15, "random_state": 3})
    two = model.fit(cov_type="bootstrap", cov_kwds={"n_boot": 15, "random_state": 3})
    assert_allclose(one.bse, two.bse)
    assert model.resample_units == 60
    replicate = model.resample(np.array([0, 0, 5]))
    assert replicate.n_groups == 3 and replicate.nobs == 2 * model.panel_sizes[0] + (
        model.panel_sizes[5])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n_groups=st.integers(10, 40),
       max_size=st.integers(2, 8))
def test_plain_em_is_monotone_where_the_quadrature_is_accurate(seed, n_groups, max_size
                                                               ) -> None:
    x, groups, lower, upper = _panels(seed, n_groups, max_size)
    exact = lower == upper
    if exact.sum() < 8 or np.bincount(groups[exact]).max() < 2:
        return  # sigma_e is not identified (the llf is unbounded as it goes to 0)
    model = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper)
    with warnings.catch_warnings():  # the fit only finds the end point to check
        warnings.simplefilter("ignore")
        fitted = model.fit(cov_type="none", maxiter=500)  # sigma_e may crawl to 0
    assume(fitted.converged)
    end = fitted.params.to_numpy()
    with np.errstate(divide="ignore"):  # scipy's quad can miss a narrow peak: no check
        exact_llf = _panel_llf(end, x, groups, lower, upper).sum()
    # EM maximises the quadrature's llf: monotone only as far as it is the llf
    assume(np.isfinite(exact_llf)
           and abs(model.loglike(end) - exact_llf) <= 1e-7 * (1.0 + abs(exact_llf)))
    assert_plain_em_monotone(model, model.start_params, maxiter=40)


def test_a_squarem_trial_with_nan_statistics_is_rejected_not_raised() -> None:
    """Panels on which sigma_e drifts towards 0 (hypothesis found them): a SQUAREM trial
    point's E-step gave NaN statistics, and the least-squares step raised scipy's
    "array must not contain infs or NaNs" within 60 iterations; now the trial is
    rejected and the fit goes on."""
    x, groups, lower, upper = _panels(304, 10, 2)
    model = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # maxiter, and the quadrature (sigma_e small)
        res = model.fit(cov_type="none", maxiter=60)
    assert np.isfinite(res.llf) and res.llf >= model.loglike(model.start_params)


def test_inaccurate_quadrature_warns() -> None:
    """All-censored panels with sigma_e small against sigma_u: the posterior of u is cut
    off sharply, far from normal, and 12 points miss the llf by 0.03 (scipy's quad)."""
    x, groups, lower, upper = _panels(18, 18, 2)
    model = RandomEffectsCensoredModel(lower, x, groups, lower=lower, upper=upper)
    with pytest.warns(em.QuadratureWarning, match="from 12 to 24 quadrature points"):
        warnings.simplefilter("ignore", em.MonotonicityWarning)  # the llf EM sees is off
        res = model.fit(cov_type="none")
    params = res.params.to_numpy()
    error = _panel_llf(params, x, groups, lower, upper).sum() - res.llf
    assert error < -0.01 and res.quadrature_error < -0.01  # both: 12 points too high
    with warnings.catch_warnings():
        warnings.simplefilter("error", em.QuadratureWarning)
        em.xttobit(JTRAIN, em.datasets.load_jtrain(), groups="fcode", left=0).fit(
            cov_type="none")  # JTRAIN at 12 points: 1.5e-5 from 24 points, no warning


# -- bad input -----------------------------------------------------------------------------------
def test_bad_input_is_named(jtrain) -> None:
    data = jtrain.copy()
    data.loc[5, "fcode"] = np.nan
    with pytest.raises(ValueError, match=r"panel identifier is missing in 1 row"):
        em.xttobit(JTRAIN, data, groups="fcode", left=0, missing="raise")
    dropped = em.xttobit(JTRAIN, data, groups="fcode", left=0)
    assert 5 in dropped.dropped_rows
    with pytest.raises(ValueError, match=r"groups='firm' is not a column"):
        em.xttobit(JTRAIN, jtrain, groups="firm", left=0)
    with pytest.raises(ValueError, match=r"every one of the \d+ panels has one observation"):
        em.xttobit(JTRAIN, jtrain, groups=np.arange(len(jtrain)), left=0)
    with pytest.raises(TypeError, match="unknown keyword"):
        em.xttobit(JTRAIN, jtrain, groups="fcode", left=0, freq_weights="employ")
    with pytest.raises(ValueError, match="chunksize"):
        em.xttobit(JTRAIN, jtrain, groups="fcode", left=0).fit(chunksize=50)
    with pytest.raises(NotImplementedError, match="louis"):
        em.xttobit(JTRAIN, jtrain, groups="fcode", left=0).fit(cov_type="louis")


def test_the_callers_data_is_not_modified(jtrain) -> None:
    before = jtrain.copy()
    em.xttobit(JTRAIN, jtrain, groups="fcode", left=0).fit(cov_type="none")
    pd.testing.assert_frame_equal(jtrain, before)
