"""Likelihood-ratio tests and model comparison tables (emstats.inference.comparison).

Expected values come from outside emstats: log-likelihoods evaluated with
scipy.stats (conftest.censored_loglike) on design matrices built with numpy,
chi-square tail probabilities from scipy, and OLS fits from statsmodels.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from conftest import censored_loglike
from scipy import stats

import emstats as em
from emstats.inference.comparison import (
    COMPARE_COLUMNS,
    BoundaryWarning,
    LRTestResult,
    NestingWarning,
    compare,
    lrtest,
)

FULL = ["nwifeinc", "educ", "exper", "expersq", "age", "kidslt6", "kidsge6"]
RESTRICTED = ["nwifeinc", "educ", "exper", "expersq", "age"]


def formula(columns: list[str]) -> str:
    return "hours ~ " + " + ".join(columns)


@pytest.fixture(scope="module")
def mroz() -> pd.DataFrame:
    return em.datasets.load_mroz()


@pytest.fixture(scope="module")
def fits(mroz: pd.DataFrame):
    full = em.tobit(formula(FULL), mroz, left=0).fit()
    restricted = em.tobit(formula(RESTRICTED), mroz, left=0).fit()
    return restricted, full


def scipy_llf(res, mroz: pd.DataFrame, columns: list[str]) -> float:
    """The Tobit llf at the estimates, written with numpy and scipy.stats only."""
    x = np.column_stack([np.ones(len(mroz)), mroz[columns].to_numpy(float)])
    y = mroz["hours"].to_numpy(float)
    lower = np.where(y <= 0, -np.inf, y)
    upper = np.where(y <= 0, 0.0, y)
    params = np.asarray(res.params)
    theta = np.append(params[:-1], np.log(params[-1]))
    return censored_loglike(theta, x, lower, upper)


# -- lrtest --------------------------------------------------------------------------------
def test_lr_statistic_is_twice_the_scipy_llf_difference(fits, mroz) -> None:
    restricted, full = fits
    expected = 2 * (scipy_llf(full, mroz, FULL) - scipy_llf(restricted, mroz, RESTRICTED))
    test = lrtest(restricted, full)
    assert test.statistic == pytest.approx(expected, rel=1e-10)
    assert test.df == 2


def test_lr_pvalue_is_the_chi2_tail(fits) -> None:
    test = lrtest(*fits)
    assert test.pvalue == pytest.approx(stats.chi2.sf(test.statistic, 2), rel=1e-12)
    assert not test.boundary


def test_uncensored_tobit_lr_equals_statsmodels_ols(mroz: pd.DataFrame) -> None:
    # Without censoring the Tobit is OLS with the ML variance, so the LR statistic
    # for dropping regressors is the one of the two OLS fits.
    full = em.tobit(formula(FULL), mroz, left=None).fit()
    restricted = em.tobit(formula(RESTRICTED), mroz, left=None).fit()
    ols_full = smf.ols(formula(FULL), mroz).fit()
    ols_restricted = smf.ols(formula(RESTRICTED), mroz).fit()
    lr, pvalue, df = ols_full.compare_lr_test(ols_restricted)
    test = lrtest(restricted, full)
    assert test.statistic == pytest.approx(lr, rel=1e-8)
    assert test.pvalue == pytest.approx(pvalue, rel=1e-8)
    assert test.df == df == 2


def test_result_is_frozen_and_prints(fits) -> None:
    test = lrtest(*fits)
    assert isinstance(test, LRTestResult)
    with pytest.raises(AttributeError):
        test.statistic = 0.0  # type: ignore[misc]
    text = str(test)
    assert "LR = " in text and "df = 2" in text and "Pr(>Chi2)" in text


def test_different_observations_are_an_error(fits, mroz: pd.DataFrame) -> None:
    _, full = fits
    subset = em.tobit(formula(RESTRICTED), mroz.iloc[:700], left=0).fit()
    with pytest.raises(ValueError, match="same observations"):
        lrtest(subset, full)


def test_different_censoring_is_an_error(fits, mroz: pd.DataFrame) -> None:
    _, full = fits
    other_limit = em.tobit(formula(RESTRICTED), mroz, left=100).fit()
    with pytest.raises(ValueError, match="different lower"):
        lrtest(other_limit, full)


def test_swapped_arguments_are_an_error(fits) -> None:
    restricted, full = fits
    with pytest.raises(ValueError, match="more parameters"):
        lrtest(full, restricted)
    with pytest.raises(ValueError, match="more parameters"):
        lrtest(full, full)


def test_restricted_llf_above_full_is_an_error(mroz: pd.DataFrame) -> None:
    # Not nested: few strong regressors against more weak ones.
    strong = em.tobit("hours ~ exper + expersq + age + kidslt6", mroz, left=0).fit()
    weak = em.tobit("hours ~ nwifeinc + kidsge6 + city + unem + huseduc", mroz, left=0).fit()
    assert strong.llf > weak.llf and weak.k_params > strong.k_params
    with pytest.raises(ValueError, match="not nested"):
        lrtest(strong, weak)


def test_unverifiable_nesting_warns(mroz: pd.DataFrame) -> None:
    # Nested (the restriction beta_educ = beta_exper) but with other parameter names.
    restricted = em.tobit("hours ~ I(educ + exper) + age", mroz, left=0).fit()
    full = em.tobit("hours ~ educ + exper + age", mroz, left=0).fit()
    with pytest.warns(NestingWarning, match="cannot verify"):
        test = lrtest(restricted, full)
    assert test.df == 1


class BoundaryTobit(em.Tobit):
    """A Tobit whose restrictions are declared to lie on the boundary."""

    def null_on_boundary(self, restricted_model) -> bool:
        return True


def test_boundary_hook_warns_and_points_to_the_bootstrap(mroz: pd.DataFrame) -> None:
    restricted = BoundaryTobit.from_formula(formula(RESTRICTED), mroz, left=0).fit()
    full = BoundaryTobit.from_formula(formula(FULL), mroz, left=0).fit()
    with pytest.warns(BoundaryWarning, match="bootstrap_lrtest"):
        test = lrtest(restricted, full)
    assert test.boundary and "boundary" in str(test)


def test_different_number_of_components_warns() -> None:
    faithful = em.datasets.load_faithful()
    one = em.gaussian_mixture(faithful, 1, "VVV").fit()
    two = em.gaussian_mixture(faithful, 2, "VVV").fit()
    with pytest.warns(BoundaryWarning):
        test = lrtest(one, two)
    assert test.boundary and test.df == 6  # a weight, two means and three covariances
    assert test.statistic == pytest.approx(2 * (two.llf - one.llf))
    assert test.pvalue == pytest.approx(stats.chi2.sf(test.statistic, 6))


# -- Markov switching: one meaning of nests ------------------------------------------------
def _three_regime_series(n: int = 300, seed: int = 3) -> pd.DataFrame:
    """Means -2, 0, 2.5 and standard deviations 0.5, 1, 0.7 in persistent regimes."""
    rng = np.random.default_rng(seed)
    regime = np.zeros(n, dtype=int)
    for t in range(1, n):
        regime[t] = regime[t - 1] if rng.random() < 0.93 else rng.integers(3)
    x = rng.normal(size=n)
    y = (np.array([-2.0, 0.0, 2.5])[regime] + 0.5 * x
         + np.array([0.5, 1.0, 0.7])[regime] * rng.normal(size=n))
    return pd.DataFrame({"y": y, "x": x})


@pytest.fixture(scope="module")
def switching_series() -> pd.DataFrame:
    return _three_regime_series()


def test_lrtest_of_two_against_three_regimes_is_on_the_boundary(switching_series) -> None:
    two = em.markov_switching("y ~ 1", switching_series, k_regimes=2).fit(cov_type="none")
    three = em.markov_switching("y ~ 1", switching_series, k_regimes=3).fit(cov_type="none")
    with warnings.catch_warnings():
        warnings.simplefilter("error", NestingWarning)
        with pytest.warns(BoundaryWarning, match="bootstrap_lrtest"):
            test = lrtest(two, three)
    assert test.boundary
    assert test.df == 5  # 4 more transition probabilities, one more mean
    assert test.statistic == pytest.approx(2 * (three.llf - two.llf))


def test_lrtest_of_a_common_against_a_switching_variance(switching_series) -> None:
    common = em.markov_switching("y ~ x", switching_series, k_regimes=2,
                                 switching=["Intercept"]).fit(cov_type="none")
    varying = em.markov_switching("y ~ x", switching_series, k_regimes=2,
                                  switching=["Intercept"],
                                  switching_variance=True).fit(cov_type="none")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nested in the interior: no warning at all
        test = lrtest(common, varying)
    assert not test.boundary and test.df == 1
    assert test.statistic == pytest.approx(2 * (varying.llf - common.llf))
    assert test.pvalue == pytest.approx(stats.chi2.sf(test.statistic, 1))


def test_lrtest_of_unrelated_switching_models_warns(switching_series) -> None:
    # The restricted model's slope switches and its intercept does not; the full model's
    # intercept and variance switch and its slope does not: neither is a special case.
    restricted = em.markov_switching("y ~ x", switching_series, k_regimes=2,
                                     switching=["x"]).fit(cov_type="none")
    full = em.markov_switching("y ~ x", switching_series, k_regimes=2,
                               switching=["Intercept"],
                               switching_variance=True).fit(cov_type="none")
    assert full.df_free == restricted.df_free + 1
    with pytest.warns(NestingWarning, match="cannot verify"):
        lrtest(restricted, full)
    assert not full.model.nests(restricted.model)
    assert not restricted.model.nests(full.model)


# -- compare -------------------------------------------------------------------------------
def test_compare_columns_order_and_labels(fits) -> None:
    restricted, full = fits
    table = compare([full, restricted])
    assert list(table.columns) == COMPARE_COLUMNS
    assert list(table.index) == [formula(RESTRICTED), formula(FULL)]  # sorted by df
    assert list(table["df"]) == [7, 9]


def test_compare_values_against_statsmodels_ols(mroz: pd.DataFrame) -> None:
    columns = [RESTRICTED[:2], RESTRICTED, FULL]
    tobits = [em.tobit(formula(c), mroz, left=None).fit() for c in columns]
    ols = [smf.ols(formula(c), mroz).fit() for c in columns]
    table = compare(tobits[::-1])
    n = len(mroz)
    for row, fit, c in zip(table.itertuples(), ols, columns, strict=True):
        k = len(c) + 2  # coefficients and sigma
        assert row.Index == formula(c)
        assert row.nobs == n and row.df == k
        assert row.llf == pytest.approx(fit.llf, rel=1e-10)
        assert row.AIC == pytest.approx(-2 * fit.llf + 2 * k, rel=1e-10)
        assert row.BIC == pytest.approx(-2 * fit.llf + np.log(n) * k, rel=1e-10)
        assert row.HQIC == pytest.approx(-2 * fit.llf + 2 * np.log(np.log(n)) * k, rel=1e-10)
    assert table.iloc[0][["LR", "LR df", "LR p-value"]].isna().all()
    for i in (1, 2):
        lr, pvalue, df = ols[i].compare_lr_test(ols[i - 1])
        assert table.iloc[i]["LR"] == pytest.approx(lr, rel=1e-8)
        assert table.iloc[i]["LR df"] == df
        assert table.iloc[i]["LR p-value"] == pytest.approx(pvalue, rel=1e-8)


def test_compare_leaves_non_nested_neighbours_empty(mroz: pd.DataFrame) -> None:
    a = em.tobit("hours ~ educ + exper", mroz, left=0).fit()
    b = em.tobit("hours ~ age + kidslt6 + kidsge6", mroz, left=0).fit()
    table = compare([a, b])
    assert np.isfinite(table.iloc[1]["llf"])
    assert table.iloc[1][["LR", "LR df", "LR p-value"]].isna().all()


def test_compare_labels_without_formula_and_duplicates(fits, mroz: pd.DataFrame) -> None:
    x = np.column_stack([np.ones(len(mroz)), mroz["educ"]])
    y = mroz["hours"].to_numpy()
    fit = em.Tobit(y, x, left=0).fit()
    table = compare([fit, fit])
    assert list(table.index) == ["Tobit (1)", "Tobit (2)"]
    assert table.iloc[1][["LR", "LR df", "LR p-value"]].isna().all()  # same df
    _, full = fits
    assert list(compare([full, full]).index) == [f"{formula(FULL)} [1]", f"{formula(FULL)} [2]"]
    with pytest.raises(ValueError, match="unique"):
        compare([fit, fit], labels=["a", "a"])
    assert list(compare([fit], labels=["mine"]).index) == ["mine"]
