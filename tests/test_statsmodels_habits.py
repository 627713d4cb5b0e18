"""statsmodels habits on emstats results, checked against statsmodels and scipy.

Without censoring a Tobit is the normal linear regression fitted by ML, so its
coefficients, fitted values, residuals and sandwich covariance of the coefficients are
OLS's (the information is block diagonal in beta and sigma at the MLE); statsmodels'
OLS supplies the expected values. Discrete-change margins are checked against the
Tobit mean written here with scipy.stats.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from numpy.testing import assert_allclose
from scipy import stats

import emstats as em


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(20261205)
    n = 240
    data = pd.DataFrame({"x": rng.normal(size=n), "d": rng.integers(0, 2, n).astype(float),
                         "c": rng.poisson(2.0, n).astype(float)})
    noise = rng.normal(size=n) * (1.0 + 0.5 * np.abs(data["x"]))
    data["ystar"] = 0.5 + data["x"] + 0.7 * data["d"] + 0.3 * data["c"] + noise
    data["y"] = np.maximum(data["ystar"], 0.0)
    data.index = pd.Index([f"r{i}" for i in range(n)])
    return data


FORMULA = "ystar ~ x + d + c"


@pytest.fixture(scope="module")
def uncensored(frame: pd.DataFrame) -> em.EMResults:
    return em.tobit(FORMULA, frame, left=-np.inf).fit()


@pytest.fixture(scope="module")
def ols(frame: pd.DataFrame):
    return smf.ols(FORMULA, frame).fit()


def test_fittedvalues_and_resid_are_ols_without_censoring(uncensored, ols) -> None:
    assert isinstance(uncensored.fittedvalues, pd.Series)
    assert list(uncensored.resid.index) == list(ols.resid.index)
    assert_allclose(uncensored.fittedvalues, ols.fittedvalues, rtol=1e-7, atol=1e-8)
    assert_allclose(uncensored.resid, ols.resid, rtol=1e-6, atol=1e-7)


def test_hc0_is_statsmodels_hc0_and_hc1_has_its_factor(frame, ols) -> None:
    hc0 = em.tobit(FORMULA, frame, left=-np.inf).fit(cov_type="HC0")
    hc1 = em.tobit(FORMULA, frame, left=-np.inf).fit(cov_type="HC1")
    expected = smf.ols(FORMULA, frame).fit(cov_type="HC0").bse
    assert_allclose(hc0.bse.iloc[:4], expected, rtol=1e-5)
    n, k = len(frame), 5  # four coefficients and sigma are free
    assert_allclose(hc1.bse.iloc[:4], expected * np.sqrt(n / (n - k)), rtol=1e-5)


def test_get_prediction_matches_ols_up_to_the_ml_variance(frame, uncensored, ols) -> None:
    new = frame.iloc[[3, 10, 50]]
    got = uncensored.get_prediction(new).summary_frame()
    want = ols.get_prediction(new).summary_frame()
    assert list(got.index) == list(new.index)
    n, k = len(frame), 4
    assert_allclose(got["mean"], want["mean"], rtol=1e-7)
    # OIM uses the ML variance SSR / n where OLS uses SSR / (n - k)
    assert_allclose(got["mean_se"], want["mean_se"] * np.sqrt((n - k) / n), rtol=1e-5)
    half = stats.norm.ppf(0.975) * got["mean_se"]
    assert_allclose(got["mean_ci_lower"], got["mean"] - half, rtol=1e-10)


def test_use_t_gives_t_inference_with_df_resid(frame) -> None:
    res = em.tobit(FORMULA, frame, left=-np.inf).fit(use_t=True)
    assert res.use_t
    tvalues = np.asarray(res.params) / np.asarray(res.bse)
    assert_allclose(res.pvalues, 2 * stats.t.sf(np.abs(tvalues), res.df_resid), rtol=1e-8)
    assert "P>|t|" in res.summary().as_text()


def test_llr_is_the_lr_test_against_the_constant_only_model(frame) -> None:
    res = em.tobit("y ~ x + d + c", frame, left=0).fit()
    null = em.tobit("y ~ 1", frame, left=0).fit()
    assert_allclose(res.llr, 2 * (res.llf - null.llf), rtol=1e-8)
    assert res.llr_df == 3
    assert_allclose(res.llr_pvalue, stats.chi2.sf(res.llr, 3), rtol=1e-8)


def test_mroz_llr_is_statas_lr_chi2() -> None:
    # Wooldridge, Introductory Econometrics, Example 17.2 (Stata: LR chi2(7) = 271.59)
    mroz = em.datasets.load_mroz()
    res = em.tobit("hours ~ nwifeinc + educ + exper + I(exper**2) + age + kidslt6 + kidsge6",
                   mroz, left=0).fit()
    assert round(res.llr, 2) == 271.59
    assert res.llr_df == 7


def test_summary2_carries_the_estimates(uncensored) -> None:
    table = uncensored.summary2().tables[1]
    assert_allclose(table["Coef."].to_numpy(dtype=float), uncensored.params, rtol=1e-10)
    assert "Log-Likelihood" in uncensored.summary2().as_text()


def test_predict_is_pandas_and_survives_pickling(frame) -> None:
    res = em.tobit("y ~ x + d + c", frame, left=0).fit()
    new = frame.iloc[:4]
    prediction = res.predict(new, which="mean")
    assert isinstance(prediction, pd.Series)
    assert list(prediction.index) == list(new.index)
    clone = pickle.loads(pickle.dumps(res))
    assert_allclose(clone.predict(new, which="mean"), prediction, rtol=1e-12)


def _tobit_mean(xb: np.ndarray, sigma: float) -> np.ndarray:
    """E[max(y*, 0)] for y* ~ N(xb, sigma^2)."""
    z = xb / sigma
    return stats.norm.cdf(z) * xb + sigma * stats.norm.pdf(z)


def test_dummy_and_count_margins_are_discrete_changes(frame) -> None:
    res = em.tobit("y ~ x + d + c", frame, left=0).fit()
    beta, sigma = np.asarray(res.params)[:-1], float(res.params.iloc[-1])
    exog = np.column_stack([np.ones(len(frame)), frame[["x", "d", "c"]]])

    def at(column: int, value: np.ndarray | float) -> np.ndarray:
        changed = exog.copy()
        changed[:, column] = value
        return _tobit_mean(changed @ beta, sigma)

    dummy = np.mean(at(2, 1.0) - at(2, 0.0))
    count = np.mean(at(3, exog[:, 3] + 1) - at(3, exog[:, 3] - 1)) / 2
    slope = beta[1] * np.mean(stats.norm.cdf(exog @ beta / sigma))
    margeff = res.get_margeff(dummy=True, count=True)
    assert_allclose(np.asarray(margeff.margeff), [slope, dummy, count], rtol=1e-6)
    text = margeff.summary().as_text()
    assert "e-1" not in text


def test_factor_predict_gives_regression_scores() -> None:
    rng = np.random.default_rng(3)
    loadings = np.array([[0.8], [0.7], [0.6], [0.5], [0.4]])
    x = rng.normal(size=(300, 1)) @ loadings.T + rng.normal(size=(300, 5)) * 0.6
    data = pd.DataFrame(x, columns=list("abcde"))
    res = em.factor(data, 1).fit()
    scores = res.predict()
    assert isinstance(scores, pd.DataFrame)
    assert scores.shape == (300, 1)
    # Thomson's regression scores of the standardised data: z R^-1 Lambda
    z = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    lam = np.asarray(res.loadings, dtype=float)
    corr = lam @ lam.T + np.diag(np.asarray(res.uniquenesses, dtype=float))
    assert_allclose(scores.to_numpy()[:, 0], (z @ np.linalg.solve(corr, lam))[:, 0],
                    rtol=1e-6, atol=1e-8)


def test_lrtest_with_a_statsmodels_result_is_a_clear_error(frame, ols) -> None:
    res = em.tobit("y ~ x + d + c", frame, left=0).fit()
    with pytest.raises(TypeError, match="OLS"):
        em.lrtest(ols, res)


def test_parameters_fixed_by_the_structure_have_nan_se_and_a_note() -> None:
    faithful = em.datasets.load_faithful()
    res = em.gaussian_mixture(faithful, 2, "VVI").fit(cov_type="louis")
    names = res.model.param_names
    fixed = res.fixed_params
    assert fixed, "the diagonal structure's covariances are held at 0"
    assert all(name in names for name in fixed)
    positions = [names.index(name) for name in fixed]
    assert np.isnan(np.asarray(res.bse)[positions]).all()
    free = np.setdiff1d(np.arange(len(names)), positions)
    assert np.isfinite(np.asarray(res.bse)[free]).all()
    test = res.t_test(f"{fixed[0]} = 0")
    assert np.isnan(np.asarray(test.sd)).all() and np.isnan(np.asarray(test.pvalue)).all()
    assert "Held fixed" in res.summary().as_text()


def test_mvn_predict_fills_missing_values_with_conditional_means() -> None:
    rng = np.random.default_rng(11)
    x = rng.multivariate_normal([1.0, -1.0], [[1.0, 0.6], [0.6, 2.0]], size=200)
    data = pd.DataFrame(x, columns=["a", "b"])
    data.loc[data.index[:30], "b"] = np.nan
    res = em.mvn(data).fit()
    filled = res.predict()
    mean, cov = np.asarray(res.mean), np.asarray(res.cov)
    expected = mean[1] + cov[1, 0] / cov[0, 0] * (data["a"].iloc[:30] - mean[0])
    assert_allclose(filled["b"].iloc[:30], expected, rtol=1e-10)
    assert_allclose(filled.iloc[30:], data.iloc[30:], rtol=0)
    new = pd.DataFrame({"a": [0.0, 2.0], "b": [np.nan, 5.0]}, index=["p", "q"])
    out = res.predict(new)
    assert list(out.index) == ["p", "q"]
    assert_allclose(out["b"], [mean[1] - cov[1, 0] / cov[0, 0] * mean[0], 5.0], rtol=1e-10)


def test_mixture_get_prediction_is_the_delta_method_of_the_posterior() -> None:
    """The posterior component probabilities with delta-method SEs, against the posterior
    written here with scipy (weights normalised, covariances from their unique entries)
    and a numerical Jacobian; no covariance, a clear error."""
    from scipy import stats as sps
    from statsmodels.tools.numdiff import approx_fprime

    faithful = em.datasets.load_faithful()
    with pytest.raises(ValueError, match="covariance of the estimates"):
        em.gaussian_mixture(faithful, 2, "VVV").fit(cov_type="none").get_prediction()
    res = em.gaussian_mixture(faithful, 2, "VVV").fit(cov_type="louis")
    x = faithful.to_numpy()
    row = int(np.argmax(res.uncertainty.to_numpy()))

    def posterior(p: np.ndarray) -> np.ndarray:
        w = p[:2] / p[:2].sum()
        dens = []
        for j in range(2):
            a, b, c = p[6 + 3 * j: 9 + 3 * j]
            cov = np.array([[a, b], [b, c]])
            dens.append(w[j] * sps.multivariate_normal(p[2 + 2 * j: 4 + 2 * j], cov).pdf(x[row]))
        return np.array(dens) / np.sum(dens)

    theta = res.params.to_numpy()
    jac = approx_fprime(theta, posterior, centered=True)
    se = np.sqrt(np.diag(jac @ res.cov_params().to_numpy() @ jac.T))
    frame = res.get_prediction().summary_frame()
    assert_allclose(frame.loc[row, "mean"], posterior(theta), rtol=1e-8)
    assert_allclose(frame.loc[row, "mean_se"], se, rtol=1e-4)
    assert frame.loc[row, "mean_se"].min() > 1e-3  # an uncertain row


def test_hmm_get_prediction_probabilities_sum_to_one() -> None:
    res = em.hmm(em.datasets.load_faithful()[["waiting"]], 2).fit()
    frame = res.get_prediction().summary_frame()
    assert_allclose(frame["mean"].groupby(level=0).sum(), 1.0, rtol=1e-10)
    se = frame["mean_se"].to_numpy().reshape(-1, 2)
    assert_allclose(se[:, 0], se[:, 1], rtol=1e-3, atol=1e-9)  # of p and of 1 - p
