"""Results, covariance, predictions and margins of the censored-normal family."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from conftest import censored_loglike, simulate_censored
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import r_censored as r
from scipy import stats
from statsmodels.iolib.summary2 import summary_col
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

import emstats as em
from emstats.engine import MonotonicityWarning

FORMULA = "hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6"


@pytest.fixture(scope="module")
def mroz() -> pd.DataFrame:
    return em.datasets.load_mroz()


@pytest.fixture(scope="module")
def mroz_fit(mroz: pd.DataFrame):
    return em.tobit(FORMULA, mroz, left=0).fit()


def test_params_are_labelled_series(mroz_fit) -> None:
    assert isinstance(mroz_fit.params, pd.Series)
    assert list(mroz_fit.params.index) == r.NAMES
    assert list(mroz_fit.bse.index) == r.NAMES
    assert mroz_fit.conf_int().shape == (9, 2)
    assert mroz_fit.cov_params().shape == (9, 9)


def test_information_criteria_and_counts(mroz_fit) -> None:
    k, n, llf = 9, 753, mroz_fit.llf
    assert mroz_fit.aic == pytest.approx(-2 * llf + 2 * k)
    assert mroz_fit.bic == pytest.approx(-2 * llf + np.log(n) * k)
    assert (mroz_fit.nobs, mroz_fit.df_model, mroz_fit.df_resid) == (753, 7, 744)
    assert mroz_fit.converged and mroz_fit.n_iter == len(mroz_fit.history)


def test_llnull_is_the_intercept_only_tobit(mroz: pd.DataFrame, mroz_fit) -> None:
    null = em.tobit("hours ~ 1", mroz, left=0).fit()
    assert mroz_fit.llnull == pytest.approx(null.llf, rel=1e-12)
    assert mroz_fit.prsquared == pytest.approx(1 - mroz_fit.llf / null.llf)


def test_summary_header_and_exports(mroz_fit) -> None:
    text = str(mroz_fit.summary())
    for label in ("Tobit", "EM (SQUAREM)", "Left-censored:", "325", "Uncensored:", "428",
                  "Log likelihood:", "AIC:", "BIC:", "oim", "Iterations:", "Converged:"):
        assert label in text
    assert "\\begin{tabular}" in mroz_fit.summary().as_latex()
    assert "<table" in mroz_fit.summary().as_html()


def test_t_test_and_wald_test_use_parameter_names(mroz_fit) -> None:
    tt = mroz_fit.t_test("educ = exper")
    diff = mroz_fit.params["educ"] - mroz_fit.params["exper"]
    cov = mroz_fit.cov_params()
    se = np.sqrt(cov.loc["educ", "educ"] + cov.loc["exper", "exper"]
                 - 2 * cov.loc["educ", "exper"])
    assert float(tt.effect[0]) == pytest.approx(diff)
    assert float(tt.sd[0, 0]) == pytest.approx(se)
    wald = mroz_fit.wald_test("kidslt6 = 0, kidsge6 = 0", scalar=True)
    sub = cov.loc[["kidslt6", "kidsge6"], ["kidslt6", "kidsge6"]].to_numpy()
    b = mroz_fit.params[["kidslt6", "kidsge6"]].to_numpy()
    assert float(wald.statistic) == pytest.approx(b @ np.linalg.solve(sub, b))


def test_summary_col_with_ols(mroz: pd.DataFrame, mroz_fit) -> None:
    ols = smf.ols(FORMULA, mroz).fit()
    table = str(summary_col([mroz_fit, ols], stars=True))
    assert "sigma" in table and "1122.0217" in table and "R-squared" in table


def test_oim_equals_numerical_hessian_of_independent_llf(rng: np.random.Generator) -> None:
    ystar, x, _, left, right = simulate_censored(300, 3, rng, left_q=0.3, right_q=0.85)
    y = np.clip(ystar, left, right)
    res = em.Tobit(y, x, left=left, right=right).fit()
    params = np.asarray(res.params)  # a Series labelled const, x1, x2, sigma
    lower = np.where(y <= left, -np.inf, np.where(y >= right, right, y))
    upper = np.where(y <= left, left, np.where(y >= right, np.inf, y))
    theta = np.append(params[:-1], np.log(params[-1]))
    hess = approx_hess3(theta, censored_loglike, args=(x, lower, upper))
    cov_theta = np.linalg.inv(-hess)
    jac = np.diag(np.append(np.ones(3), params[-1]))  # d(beta, sigma)/d(beta, log sigma)
    _assert_same_covariance(np.asarray(res.cov_params()), jac @ cov_theta @ jac)


def _assert_same_covariance(actual: np.ndarray, expected: np.ndarray) -> None:
    """SEs to 1e-5 relative and correlations to 1e-6 (finite-difference accuracy)."""
    se_a, se_e = np.sqrt(np.diag(actual)), np.sqrt(np.diag(expected))
    assert_allclose(se_a, se_e, rtol=1e-5)
    assert_allclose(actual / np.outer(se_a, se_a), expected / np.outer(se_e, se_e), atol=1e-6)


def test_opg_equals_independent_scores(rng: np.random.Generator) -> None:
    ystar, x, _, left, _ = simulate_censored(300, 3, rng, left_q=0.4, right_q=None)
    y = np.maximum(ystar, left)
    res = em.Tobit(y, x, left=left).fit(cov_type="opg")
    params = np.asarray(res.params)  # a Series labelled const, x1, x2, sigma
    lower = np.where(y <= left, -np.inf, y)
    upper = np.where(y <= left, left, y)
    theta = np.append(params[:-1], np.log(params[-1]))
    scores = np.vstack([
        approx_fprime(theta, censored_loglike, args=(x[i:i + 1], lower[i:i + 1],
                                                     upper[i:i + 1]), centered=True)
        for i in range(len(y))
    ])
    jac = np.diag(np.append(np.ones(3), params[-1]))
    expected = jac @ np.linalg.inv(scores.T @ scores) @ jac
    _assert_same_covariance(np.asarray(res.cov_params()), expected)
    assert res.cov_type == "opg" and "BHHH" in str(res.summary())


def test_mroz_opg_matches_r(mroz: pd.DataFrame) -> None:
    res = em.tobit(FORMULA, mroz, left=0).fit(cov_type="opg")
    assert_allclose(np.asarray(res.bse), r.LEFT_ZERO_OPG_BSE, rtol=1e-6)


@pytest.mark.parametrize("case", ["two_limit", "right_only"])
def test_two_limit_and_right_censored_match_r(mroz: pd.DataFrame, case: str) -> None:
    left, expected = (0.0, r.TWO_LIMIT) if case == "two_limit" else (None, r.RIGHT_ONLY)
    res = em.tobit(FORMULA, mroz, left=left, right=3000).fit()
    assert_allclose(np.asarray(res.params), expected["params"], rtol=1e-7)
    assert_allclose(np.asarray(res.bse), expected["bse"], rtol=1e-6)
    assert res.llf == pytest.approx(expected["llf"], rel=1e-11)


def test_marginal_effects_at_means_match_censreg(mroz_fit) -> None:
    me = mroz_fit.get_margeff(at="mean", which="mean")
    names = list(r.MARGEFF_AT_MEANS)
    assert list(me.margeff.index) == names
    assert_allclose(me.margeff[names], [r.MARGEFF_AT_MEANS[k][0] for k in names], rtol=1e-7)
    # censReg differentiates numerically: SEs agree to ~7 digits.
    assert_allclose(me.margeff_se[names], [r.MARGEFF_AT_MEANS[k][1] for k in names],
                    rtol=1e-5)
    assert "Marginal effects" in str(me.summary())


@pytest.mark.parametrize("which", ["mean", "conditional", "prob", "linear"])
def test_average_marginal_effects_equal_finite_differences(mroz_fit, which: str) -> None:
    me = mroz_fit.get_margeff(at="overall", which=which)
    model, params = mroz_fit.model, np.asarray(mroz_fit.params)
    for name in ("educ", "age"):
        j = model.exog_names.index(name)
        h = 1e-4 * max(1.0, np.abs(model.exog[:, j]).mean())
        up, down = model.exog.copy(), model.exog.copy()
        up[:, j] += h
        down[:, j] -= h
        fd = (model.predict(params, up, which, 0.0, np.inf)
              - model.predict(params, down, which, 0.0, np.inf)).mean() / (2 * h)
        assert me.margeff[name] == pytest.approx(fd, rel=1e-6)


def test_predictions_equal_textbook_formulas(mroz_fit) -> None:
    mu = mroz_fit.model.exog @ mroz_fit.params.to_numpy()[:-1]
    sigma = mroz_fit.params["sigma"]
    c = mu / sigma
    prob = stats.norm.cdf(c)
    lam = stats.norm.pdf(c) / stats.norm.cdf(c)
    assert_allclose(mroz_fit.predict(which="linear"), mu)
    assert_allclose(mroz_fit.predict(which="latent"), mu)
    assert_allclose(mroz_fit.predict(which="prob"), prob, rtol=1e-10)
    assert_allclose(mroz_fit.predict(which="conditional"), mu + sigma * lam, rtol=1e-10)
    assert_allclose(mroz_fit.predict(which="mean"),
                    prob * mu + sigma * stats.norm.pdf(c), rtol=1e-10)


def test_predict_on_new_data_frame(mroz: pd.DataFrame, mroz_fit) -> None:
    new = mroz.iloc[:5]
    assert_allclose(mroz_fit.predict(new, which="mean"),
                    mroz_fit.predict(which="mean")[:5], rtol=1e-12)


def test_squarem_reaches_plain_em_optimum_with_fewer_evaluations(mroz: pd.DataFrame) -> None:
    model = em.tobit(FORMULA, mroz, left=0)
    fast, plain = model.fit(), model.fit(accel=None)
    assert_allclose(np.asarray(fast.params), np.asarray(plain.params), rtol=1e-7)
    assert fast.n_evals < plain.n_evals
    assert fast.method == "EM (SQUAREM)" and plain.method == "EM"


def test_multiple_starts_are_recorded(mroz: pd.DataFrame) -> None:
    res = em.tobit(FORMULA, mroz, left=0).fit(n_starts=3, random_state=1)
    assert len(res.starts) == 3
    assert res.llf == pytest.approx(res.starts["llf"].max())


def test_non_convergence_warns_and_flags(mroz: pd.DataFrame) -> None:
    with pytest.warns(em.ConvergenceWarning, match="maxiter"):
        res = em.tobit(FORMULA, mroz, left=0).fit(maxiter=2, accel=None)
    assert not res.converged and res.stop_rule == "maxiter"
    assert "did not converge" in str(res.summary())


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), left_q=st.sampled_from([None, 0.05, 0.3, 0.6, 0.9]),
       right_q=st.sampled_from([None, 0.95, 0.7]), n=st.integers(30, 300))
def test_plain_em_llf_never_decreases(seed: int, left_q: float | None,
                                      right_q: float | None, n: int) -> None:
    rng = np.random.default_rng(seed)
    ystar, x, _, left, right = simulate_censored(n, 3, rng, left_q=left_q, right_q=right_q)
    y = np.clip(ystar, left, right)
    if np.all((y <= left) | (y >= right)):
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        warnings.simplefilter("ignore", em.ConvergenceWarning)
        res = em.Tobit(y, x, left=None if left_q is None else left,
                       right=None if right_q is None else right).fit(accel=None, maxiter=300)
    llf = res.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-11 * (1 + np.abs(llf[:-1])))
    assert res.llf >= llf[-1] - 1e-11 * (1 + abs(llf[-1]))


def test_conf_int_is_labelled_for_array_and_formula_models(mroz: pd.DataFrame,
                                                            mroz_fit) -> None:
    # statsmodels labels only models built from pandas data; emstats labels every one
    y = mroz["hours"].to_numpy()
    x = np.column_stack([np.ones(len(y)), mroz["educ"].to_numpy()])
    from_arrays = em.Tobit(y, x, left=0).fit()
    for res in (mroz_fit, from_arrays):
        names = res.model.param_names
        assert isinstance(res.params, pd.Series) and list(res.params.index) == names
        ci = res.conf_int()
        assert isinstance(ci, pd.DataFrame) and list(ci.index) == names
        assert list(res.cov_params().index) == names
    boot = from_arrays.get_robustcov("bootstrap", {"n_boot": 5, "random_state": 0,
                                                   "progress": False})
    ci = boot.conf_int(method="percentile")
    assert isinstance(ci, pd.DataFrame) and list(ci.index) == from_arrays.model.param_names
