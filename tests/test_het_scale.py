"""The heteroskedastic scale (log sigma_i = z_i'gamma) of Tobit, interval and truncated
regression: against the likelihood maximised in R (optim, then Newton on numDeriv;
tests/results/r_het_scale.R), scipy's direct maximisation on random data (either tail,
both, per-row limits, intervals, truncation with censoring), every covariance type
against scipy's numerical Hessian and scores, the LR test of homoskedasticity,
predictions and total marginal effects against numerical derivatives of the formulas,
monotone plain EM on hypothesis-generated data, pickling, bad input."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import r_het_scale as R
from results.monotone import assert_plain_em_monotone
from scipy import optimize, stats
from statsmodels.tools.numdiff import approx_fprime, approx_hess

import emstats as em

MROZ = "hours ~ educ + exper + expersq + age + kidslt6 + kidsge6 + nwifeinc"


@pytest.fixture(scope="module")
def mroz() -> pd.DataFrame:
    return em.datasets.load_mroz()


@pytest.fixture(scope="module")
def tobit_fit(mroz):
    return em.tobit(MROZ, mroz, left=0, scale="~ educ + kidslt6").fit()


def _close_to_r(res, params, llf, se) -> None:
    assert res.llf == pytest.approx(llf, abs=1e-6)
    # within 1e-4 of R's standard errors from R's optimum (R's gradient: 1e-6)
    assert np.all(np.abs(res.params.to_numpy() - params) < 1e-4 * np.asarray(se))
    assert_allclose(res.bse, se, rtol=1e-4)


def test_tobit_matches_the_r_optimum(tobit_fit) -> None:
    assert isinstance(tobit_fit.model, em.HeteroskedasticTobit)
    assert isinstance(tobit_fit.model, em.Tobit)
    assert list(tobit_fit.params.index[-3:]) == ["lnsigma[Intercept]", "lnsigma[educ]",
                                          "lnsigma[kidslt6]"]
    _close_to_r(tobit_fit, R.TOBIT_PARAMS, R.TOBIT_LOGLIK[0], R.TOBIT_SE)


def test_truncreg_matches_the_r_optimum(mroz) -> None:
    res = em.truncreg(MROZ, mroz[mroz.hours > 0], left=0, scale="~ educ + exper").fit()
    assert isinstance(res.model, em.TruncatedRegression)
    _close_to_r(res, R.TRUNC_PARAMS, R.TRUNC_LOGLIK[0], R.TRUNC_SE)


def test_intreg_matches_the_r_optimum() -> None:
    sim = pd.read_csv(Path(__file__).parent / "results" / "het_intreg_sim.csv")
    res = em.intreg("lower + upper ~ x", sim, scale="~ z").fit()
    assert isinstance(res.model, em.IntervalRegression)
    _close_to_r(res, R.INTREG_PARAMS, R.INTREG_LOGLIK[0], R.INTREG_SE)


def test_lr_test_of_homoskedasticity(mroz, tobit_fit) -> None:
    homoskedastic = em.tobit(MROZ, mroz, left=0).fit()
    assert homoskedastic.llf == pytest.approx(R.TOBIT_HOMOSKEDASTIC_LOGLIK[0], abs=1e-6)
    test = em.lrtest(homoskedastic, tobit_fit)
    expected = 2.0 * (R.TOBIT_LOGLIK[0] - R.TOBIT_HOMOSKEDASTIC_LOGLIK[0])
    assert test.statistic == pytest.approx(expected, abs=1e-5)
    assert test.df == 2
    assert test.pvalue == pytest.approx(stats.chi2.sf(expected, 2), rel=1e-5)


def test_summary_has_stata_layout(tobit_fit) -> None:
    text = str(tobit_fit.summary())
    assert "Heteroskedastic Tobit Regression Results" in text
    assert "lnsigma" in text and "Wald chi2(7):" in text and "Log likelihood:" in text
    assert "/sigma" not in text
    beta = tobit_fit.params.to_numpy()[1:8]
    cov = np.asarray(tobit_fit.cov_params())[1:8, 1:8]
    assert f"{beta @ np.linalg.solve(cov, beta):.2f}" in text


# -- scipy's direct maximisation on random data ---------------------------------------------
def _negative_llf(params, lower, upper, x, z, trunc=(-np.inf, np.inf)):
    k = x.shape[1]
    mu, sigma = x @ params[:k], np.exp(z @ params[k:])
    exact = lower == upper
    ll = np.empty(lower.size)
    ll[exact] = stats.norm.logpdf(lower[exact], mu[exact], sigma[exact])
    c = ~exact
    a, b = (lower[c] - mu[c]) / sigma[c], (upper[c] - mu[c]) / sigma[c]
    ll[c] = np.log(stats.norm.cdf(b) - stats.norm.cdf(a))
    ta, tb = (trunc[0] - mu) / sigma, (trunc[1] - mu) / sigma
    ll -= np.log(stats.norm.cdf(tb) - stats.norm.cdf(ta))
    return -ll.sum()


def _scipy_fit(lower, upper, x, z, trunc=(-np.inf, np.inf), start=None):
    k = x.shape[1]
    start = np.zeros(k + z.shape[1]) if start is None else start
    args = (lower, upper, x, z, trunc)
    first = optimize.minimize(_negative_llf, start, args=args, method="Nelder-Mead",
                              options={"maxiter": 4000})
    best = optimize.minimize(_negative_llf, first.x, args=args, method="BFGS",
                             options={"gtol": 1e-10})
    return best


def _sample(seed: int, n: int = 1500):
    rng = np.random.default_rng(seed)
    x1, z1 = rng.normal(size=n), rng.uniform(-1, 1, size=n)
    x = np.column_stack([np.ones(n), x1, z1])
    z = np.column_stack([np.ones(n), z1])
    ystar = x @ [0.5, 1.0, -0.5] + np.exp(z @ [0.1, 0.6]) * rng.normal(size=n)
    return rng, x, z, ystar


@pytest.mark.parametrize(("left", "right"), [(0.0, None), (None, 1.5), (-0.5, 1.5)])
def test_tobit_equals_scipy(left, right) -> None:
    _, x, z, ystar = _sample(3)
    lo = -np.inf if left is None else left
    hi = np.inf if right is None else right
    y = np.clip(ystar, lo, hi)
    res = em.HeteroskedasticTobit(y, x, z, left=left, right=right).fit()
    lower = np.where(y <= lo, -np.inf, y)
    upper = np.where(y <= lo, lo, np.where(y >= hi, np.inf, y))
    lower = np.where(y >= hi, hi, lower)
    ref = _scipy_fit(lower, upper, x, z)
    assert res.llf == pytest.approx(-ref.fun, abs=1e-7)
    assert_allclose(res.params, ref.x, atol=2e-5)


def test_per_row_limits_and_truncation_with_censoring_equal_scipy() -> None:
    rng, x, z, ystar = _sample(5, 4000)
    cut = np.where(rng.uniform(size=ystar.size) < 0.5, -0.5, 0.0)
    keep = ystar > -1.0  # truncated below -1 ...
    x, z, ystar, cut = x[keep], z[keep], ystar[keep], cut[keep]
    y = np.maximum(ystar, cut)  # ... and censored at per-row points above it
    lower = np.where(y <= cut, -1.0, y)  # a censored row lies in (-1, cut): an interval
    upper = np.where(y <= cut, cut, y)
    model = em.models.heteroskedastic.HeteroskedasticCensoredModel(
        lower, x, z, lower=lower, upper=upper, trunc_lower=-1.0)
    res = model.fit()
    ref = _scipy_fit(lower, upper, x, z, trunc=(-1.0, np.inf))
    assert res.llf == pytest.approx(-ref.fun, abs=1e-7)
    assert_allclose(res.params, ref.x, atol=2e-5)


@pytest.mark.parametrize("share", [0.1, 0.6, 0.95])
def test_truncation_light_to_heavy_equals_scipy(share) -> None:
    rng = np.random.default_rng(int(share * 100))
    n = 60_000
    x1, z1 = rng.normal(size=n), rng.uniform(-1, 1, size=n)
    ystar = 1.0 + x1 + np.exp(0.2 + 0.5 * z1) * rng.normal(size=n)
    point = float(np.quantile(ystar, share))
    keep = ystar > point
    if keep.sum() > 2000:
        keep &= np.cumsum(keep) <= 2000
    x = np.column_stack([np.ones(keep.sum()), x1[keep]])
    z = np.column_stack([np.ones(keep.sum()), z1[keep]])
    y = ystar[keep]
    res = em.HeteroskedasticTruncatedRegression(y, x, z, left=point).fit()
    ref = _scipy_fit(y, y, x, z, trunc=(point, np.inf))
    assert res.llf == pytest.approx(-ref.fun, abs=1e-6)
    assert_allclose(res.params, ref.x, atol=1e-4 if share < 0.9 else 1e-3)
    assert res.converged


def test_a_ridge_em_crawls_along_is_left_by_newton() -> None:
    """A truncated sample on which EM (plain or SQUAREM) creeps for thousands of steps
    along a ridge 1,476 llf points below the maximum, where the Hessian is indefinite:
    the Newton finish climbs off it (eigenvalues' absolute values) to scipy's maximum."""
    rng = np.random.default_rng(30)
    n = 20_000
    x = np.column_stack([np.ones(n), rng.normal(size=(n, 4))])
    z = x[:, :3]
    gamma = [0.0, rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)]
    truth = np.r_[0.2, 1.0, -0.5, 0.3, 0.1, gamma]
    ystar = x @ truth[:5] + np.exp(z @ gamma) * rng.normal(size=n)
    keep = ystar > 0.5
    y, x, z = ystar[keep], x[keep], z[keep]
    res = em.HeteroskedasticTruncatedRegression(y, x, z, left=0.5).fit()
    args = (y, y, x, z, (0.5, np.inf))
    ref = _scipy_fit(*args, start=truth)  # stops 6e-5 short: numerical gradients
    assert res.converged and res.stop_rule == "newton"
    params = res.params.to_numpy()
    assert -_negative_llf(params, *args) == pytest.approx(res.llf, abs=1e-8)
    assert res.llf >= -ref.fun and res.llf == pytest.approx(-ref.fun, abs=1e-4)
    assert_allclose(params, ref.x, atol=1e-3)
    gradient = approx_fprime(params, lambda p: _negative_llf(p, *args), centered=True)
    assert np.max(np.abs(gradient)) < 1e-3  # scipy's llf is flat at emstats' optimum


# -- covariance types --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small():
    _, x, z, ystar = _sample(9, 600)
    y = np.maximum(ystar, 0.0)
    groups = np.repeat(np.arange(60), 10)
    model = em.HeteroskedasticTobit(y, x, z, left=0.0)
    lower = np.where(y <= 0, -np.inf, y)
    upper = np.where(y <= 0, 0.0, y)
    return model, model.fit(), (lower, upper, x, z), groups


def test_oim_and_louis_equal_scipys_numerical_hessian(small) -> None:
    _, res, args, _ = small
    hess = approx_hess(res.params.to_numpy(), _negative_llf, args=args)
    expected = np.sqrt(np.diag(np.linalg.inv(hess)))
    assert_allclose(res.bse, expected, rtol=1e-5)
    assert_allclose(res.get_robustcov("louis").bse, expected, rtol=1e-5)
    assert_allclose(res.get_robustcov("sem").bse, expected, rtol=2e-2)


def test_opg_robust_and_cluster_from_scipys_scores(small) -> None:
    _, res, args, groups = small
    params = res.params.to_numpy()

    def llf_rows(p):
        lower, upper, x, z = args
        return np.array([-_negative_llf(p, lower[i:i + 1], upper[i:i + 1], x[i:i + 1],
                                        z[i:i + 1]) for i in range(lower.size)])

    scores = approx_fprime(params, llf_rows, centered=True)
    hess_inv = np.linalg.inv(approx_hess(params, _negative_llf, args=args))
    opg = np.linalg.inv(scores.T @ scores)
    assert_allclose(res.get_robustcov("opg").bse, np.sqrt(np.diag(opg)), rtol=1e-4)
    robust = hess_inv @ (scores.T @ scores) @ hess_inv  # no small-sample factor, as survreg
    assert_allclose(res.get_robustcov("robust").bse, np.sqrt(np.diag(robust)), rtol=1e-4)
    summed = np.vstack([scores[groups == g].sum(axis=0) for g in range(60)])
    cluster = hess_inv @ (summed.T @ summed) @ hess_inv * 60 / 59
    clustered = res.get_robustcov("cluster", {"groups": groups})
    assert_allclose(clustered.bse, np.sqrt(np.diag(cluster)), rtol=1e-4)


def test_bootstrap_runs_and_is_reproducible(small) -> None:
    model, _, _, _ = small
    one = model.fit(cov_type="bootstrap", cov_kwds={"n_boot": 20, "random_state": 1})
    two = model.fit(cov_type="bootstrap", cov_kwds={"n_boot": 20, "random_state": 1})
    assert_allclose(one.bse, two.bse)
    assert np.all(np.isfinite(one.bse)) and np.all(one.bse > 0)


def test_chunked_e_step_equals_the_whole(small) -> None:
    model, res, _, _ = small
    chunked = model.fit(chunksize=97)
    assert_allclose(chunked.params, res.params, rtol=1e-9)


# -- predictions and margins ---------------------------------------------------------------------
def test_predictions_use_each_rows_sigma(tobit_fit, mroz) -> None:
    params = tobit_fit.params.to_numpy()
    x = tobit_fit.model.exog
    z = np.column_stack([np.ones(len(mroz)), mroz.educ, mroz.kidslt6])
    mu, sigma = x @ params[:8], np.exp(z @ params[8:])
    prob = stats.norm.cdf(mu / sigma)
    expected = prob * mu + sigma * stats.norm.pdf(mu / sigma)
    assert_allclose(tobit_fit.predict(which="mean"), expected, rtol=1e-10)
    assert_allclose(tobit_fit.predict(which="prob"), prob, rtol=1e-10)
    assert_allclose(tobit_fit.fitted_sigma, sigma, rtol=1e-12)
    new = tobit_fit.predict(mroz.head(5), which="conditional")
    assert_allclose(new, mu[:5] + sigma[:5] * stats.norm.pdf(mu[:5] / sigma[:5])
                    / prob[:5], rtol=1e-10)
    with pytest.raises(ValueError, match="exog_scale"):
        tobit_fit.predict(x[:3], which="mean")


@pytest.mark.parametrize("which", ["mean", "conditional", "prob"])
def test_marginal_effects_are_total_derivatives(tobit_fit, mroz, which) -> None:
    """A variable in both equations (educ, kidslt6) moves the mean and the scale: the
    effect equals the numerical derivative of the prediction in the data column."""
    res = tobit_fit
    effects = res.get_margeff(which=which)
    frame = effects.summary_frame()
    for name in ("educ", "kidslt6", "age"):
        step = 1e-5

        def shifted(h, name=name):
            data = mroz.copy()
            data[name] = data[name] + h
            return res.predict(data, which=which).to_numpy()

        numerical = np.mean((shifted(step) - shifted(-step)) / (2 * step))
        assert frame.loc[name].iloc[0] == pytest.approx(numerical, rel=1e-6)


def test_discrete_change_moves_both_equations(tobit_fit, mroz) -> None:
    res = tobit_fit
    frame = res.get_margeff(which="mean", count=True).summary_frame()
    up, down = mroz.assign(kidslt6=mroz.kidslt6 + 1), mroz.assign(kidslt6=mroz.kidslt6 - 1)
    expected = np.mean(res.predict(up, which="mean") - res.predict(down, which="mean")) / 2
    assert frame.loc["kidslt6"].iloc[0] == pytest.approx(expected, rel=1e-10)


def test_derivative_wrt_sigma_is_the_numerical_one() -> None:
    from emstats.models._censored_results import derivative_wrt_sigma, predict_from_mean

    rng = np.random.default_rng(0)
    mu, sigma = rng.normal(size=50), rng.uniform(0.5, 2, size=50)
    lo = np.where(rng.uniform(size=50) < 0.3, -np.inf, -0.5)
    hi = np.where(rng.uniform(size=50) < 0.3, np.inf, 1.0)
    for which in ("mean", "conditional", "prob"):
        h = 1e-6
        numerical = (predict_from_mean(mu, sigma + h, lo, hi, which)
                     - predict_from_mean(mu, sigma - h, lo, hi, which)) / (2 * h)
        assert_allclose(derivative_wrt_sigma(mu, sigma, lo, hi, which), numerical,
                        rtol=1e-6, atol=1e-9)


def test_get_prediction_has_delta_method_ses(tobit_fit, mroz) -> None:
    frame = tobit_fit.get_prediction(mroz.head(4), which="mean").summary_frame()
    params = tobit_fit.params.to_numpy()

    def mean_at(p):
        return tobit_fit.model.predict(p, tobit_fit.model.exog[:4], "mean",
                                       exog_scale=tobit_fit.model.exog_scale[:4])

    jac = approx_fprime(params, mean_at, centered=True)
    se = np.sqrt(np.diag(jac @ np.asarray(tobit_fit.cov_params()) @ jac.T))
    assert_allclose(frame["mean_se"], se, rtol=1e-5)


# -- EM, pickling, bad input ---------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 300), cut=st.floats(-1.0, 1.0),
       truncated=st.booleans())
def test_plain_em_is_monotone(seed, n, cut, truncated) -> None:
    rng = np.random.default_rng(seed)
    x1, z1 = rng.normal(size=n), rng.normal(size=n)
    ystar = 0.3 + x1 + np.exp(0.4 * z1) * rng.normal(size=n)
    if truncated:
        keep = ystar > cut - 1.0
        x1, z1, ystar = x1[keep], z1[keep], ystar[keep]
    y = np.maximum(ystar, cut)
    if (y > cut).sum() < 6 or (y <= cut).sum() < 1:
        return
    x = np.column_stack([np.ones(y.size), x1])
    z = np.column_stack([np.ones(y.size), z1])
    lower = np.where(y <= cut, -np.inf if not truncated else cut - 1.0, y)
    upper = np.where(y <= cut, cut, y)
    model = em.models.heteroskedastic.HeteroskedasticCensoredModel(
        y, x, z, lower=lower, upper=upper, trunc_lower=cut - 1.0 if truncated else None)
    assert_plain_em_monotone(model, model.start_params)


def test_pickled_results_predict_from_a_frame(tobit_fit, mroz) -> None:
    again = pickle.loads(pickle.dumps(tobit_fit))
    assert_allclose(again.predict(mroz.head(3), which="mean"),
                    tobit_fit.predict(mroz.head(3), which="mean"))


def test_missing_scale_values_follow_missing(mroz) -> None:
    data = mroz.copy()
    data.loc[[3, 7], "kidslt6"] = np.nan
    model = em.tobit("hours ~ educ + exper", data, left=0, scale="~ kidslt6")
    assert model.nobs == len(mroz) - 2
    assert sorted(model.dropped_rows) == [3, 7]
    with pytest.raises(ValueError, match=r"2 row\(s\) have missing values \(in exog_scale\)"):
        em.tobit("hours ~ educ + exper", data, left=0, scale="~ kidslt6", missing="raise")


def test_bad_input_is_named(mroz) -> None:
    with pytest.raises(ValueError, match="nosuch"):
        em.tobit("hours ~ educ", mroz, left=0, scale="~ nosuch")
    with pytest.raises(ValueError, match="one-sided"):
        em.tobit("hours ~ educ", mroz, left=0, scale="educ")
    x = np.column_stack([np.ones(len(mroz)), mroz.educ])
    with pytest.raises(ValueError, match="rows"):
        em.HeteroskedasticTobit(mroz.hours, x, np.ones((10, 1)), left=0)
    with pytest.raises(ValueError, match=r"perfectly collinear: \['z3'\]"):
        em.HeteroskedasticTobit(mroz.hours, x, np.column_stack([x, 2 * x[:, 1]]), left=0)
    with pytest.raises(ValueError, match=r"\['z1'\] have NaN values in 1 row"):
        em.HeteroskedasticTobit(mroz.hours, x, np.where(np.arange(len(mroz)) == 4, np.nan,
                                                        1.0), left=0)
    with pytest.raises(TypeError, match="unknown keyword"):
        em.tobit("hours ~ educ", mroz, left=0, scale="~ educ", sigma_formula="~ educ")


def test_the_callers_data_is_not_modified(mroz) -> None:
    before = mroz.copy()
    em.tobit("hours ~ educ", mroz, left=0, scale="~ educ").fit()
    pd.testing.assert_frame_equal(mroz, before)


def test_frequency_weights_equal_replicated_rows(mroz) -> None:
    data = mroz.head(200).assign(w=np.tile([1, 2, 3, 1], 50))
    weighted = em.tobit("hours ~ educ + exper", data, left=0, scale="~ educ",
                        freq_weights="w").fit()
    replicated = em.tobit("hours ~ educ + exper",
                          data.loc[data.index.repeat(data.w)].reset_index(drop=True),
                          left=0, scale="~ educ").fit()
    assert weighted.llf == pytest.approx(replicated.llf, abs=1e-8)
    assert_allclose(weighted.params, replicated.params, rtol=1e-7)
    assert_allclose(weighted.bse, replicated.bse, rtol=1e-6)


def test_sampling_weights_default_to_the_robust_sandwich(mroz) -> None:
    data = mroz.assign(w=np.linspace(0.5, 2.0, len(mroz)))
    res = em.tobit("hours ~ educ + exper", data, left=0, scale="~ educ",
                   sampling_weights="w").fit()
    assert res.cov_type == "robust"
    assert "Log pseudolikelihood:" in str(res.summary())
