"""The multivariate normal with missing values, against numbers computed outside emstats
(tests/results/r_mvn_missing.py: R closed forms, lavaan FIML, naniar)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results import r_mvn_missing as ref
from statsmodels.tools.numdiff import approx_hess3
from test_gaussian import independent_llf

import emstats as em
from emstats.datasets import load_airquality


def frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame([[np.nan if v is None else v for v in r] for r in rows],
                        columns=list(columns), dtype=float)


@pytest.fixture(scope="module")
def apple():
    return em.mvn(frame(ref.APPLE_ROWS, ref.APPLE_COLUMNS)).fit()


@pytest.mark.parametrize(("rows", "columns", "mu", "sigma", "llf"), [
    (ref.APPLE_ROWS, ref.APPLE_COLUMNS, ref.APPLE_MU, ref.APPLE_SIGMA, ref.APPLE_LOGLIK),
    (ref.MISSVALS_ROWS, ref.MISSVALS_COLUMNS, ref.MISSVALS_MU, ref.MISSVALS_SIGMA,
     ref.MISSVALS_LOGLIK),
], ids=["apple", "missvals"])
def test_mle_equals_the_closed_form(rows, columns, mu, sigma, llf) -> None:
    res = em.mvn(frame(rows, columns)).fit(cov_type="none")
    assert_allclose(res.mean, mu, rtol=1e-9)
    assert_allclose(res.cov, sigma, rtol=1e-8, atol=1e-8)
    assert res.llf == pytest.approx(llf, abs=1e-9)
    assert res.converged


def test_airquality_mle_and_littles_test() -> None:
    data = load_airquality()
    assert_allclose(data.sum(), ref.AIRQUALITY_COLUMN_SUMS)
    assert list(data.isna().sum()) == ref.AIRQUALITY_NA_COUNTS
    res = em.mvn(data).fit(cov_type="none")
    assert_allclose(res.mean, ref.AIRQUALITY_MU, rtol=1e-9)
    assert_allclose(res.cov, ref.AIRQUALITY_SIGMA, rtol=1e-8)
    assert res.llf == pytest.approx(ref.AIRQUALITY_LOGLIK, abs=1e-8)
    test = res.little_mcar_test()
    assert test.statistic == pytest.approx(ref.AIRQUALITY_LITTLE["statistic"], rel=1e-9)
    assert test.df == ref.AIRQUALITY_LITTLE["df"]
    assert test.pvalue == pytest.approx(ref.AIRQUALITY_LITTLE["p_value"], rel=1e-8)
    assert test.n_patterns == 4


def test_little_on_apple_and_missvals() -> None:
    for rows, cols, expected in [(ref.APPLE_ROWS, ref.APPLE_COLUMNS, ref.APPLE_LITTLE),
                                 (ref.MISSVALS_ROWS, ref.MISSVALS_COLUMNS,
                                  ref.MISSVALS_LITTLE)]:
        test = em.mvn(frame(rows, cols)).fit(cov_type="none").little_mcar_test()
        assert test.statistic == pytest.approx(expected["statistic"], rel=1e-8)
        assert test.df == expected["df"]


def test_implied_regression(apple) -> None:
    table = apple.regress("worms ~ size")
    expected = ref.APPLE_REGRESSION
    assert table.loc["Intercept", "coef"] == pytest.approx(expected["intercept"], rel=1e-10)
    assert table.loc["size", "coef"] == pytest.approx(expected["slope"], rel=1e-10)
    assert table.loc["sigma2", "coef"] == pytest.approx(expected["residual_variance"],
                                                         rel=1e-9)
    assert (table["std err"] > 0).all()
    with pytest.raises(ValueError, match="not columns"):
        apple.regress("worms ~ height")


def test_oim_equals_hessian_of_the_independent_llf(apple) -> None:
    values = apple.model.values

    def llf(theta: np.ndarray) -> float:
        mean = theta[:2]
        cov = np.array([[theta[2], theta[3]], [theta[3], theta[4]]])
        return independent_llf(values, [1.0], [mean], [cov])

    cov = np.linalg.inv(-approx_hess3(np.asarray(apple.params), llf))
    assert_allclose(apple.bse, np.sqrt(np.diag(cov)), rtol=1e-5)
    louis = apple.get_robustcov("louis")
    assert_allclose(louis.bse, np.sqrt(np.diag(cov)), rtol=1e-5)
    assert_allclose(louis.cov_params(), cov, atol=1e-5 * np.abs(cov).max())
    sem = apple.get_robustcov("sem")
    assert_allclose(sem.bse, apple.bse, rtol=1e-3)


def test_missing_information_is_zero_for_a_complete_column(apple) -> None:
    fraction = apple.missing_information
    assert fraction["mean[size]"] == pytest.approx(0.0, abs=1e-6)
    assert 0.05 < fraction["mean[worms]"] < 1


def test_conditional_mean_imputation(apple) -> None:
    filled = apple.impute()
    mean, cov = apple.mean, apple.cov
    slope = cov.loc["size", "worms"] / cov.loc["size", "size"]
    expected = mean["worms"] + slope * (np.array(ref.APPLE_ROWS)[12:, 0] - mean["size"])
    assert_allclose(filled["worms"].iloc[12:], expected.astype(float), rtol=1e-12)
    assert_allclose(filled.iloc[:12], apple.model.values[:12])


def test_multiple_imputation_is_reproducible_and_pools(apple) -> None:
    first = apple.impute(draws=5, random_state=1)
    again = apple.impute(draws=5, random_state=1)
    assert len(first) == 5
    for a, b in zip(first, again, strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert not first[0].isna().any().any()
    assert first[0]["worms"].iloc[12:].std() > 0
    # observed values are never changed
    assert_allclose(first[0].iloc[:12], apple.model.values[:12])
    means = [f.mean() for f in first]
    variances = [f.var() / len(f) for f in first]
    pooled = em.pool(means, variances)
    assert list(pooled.index) == ["size", "worms"]
    assert pooled.loc["size", "between"] == pytest.approx(0.0, abs=1e-20)


def test_pool_follows_rubins_rules() -> None:
    # Two imputations, one parameter: qbar 1.5, W 0.2, B 0.5, T = 0.2 + 1.5 * 0.5 = 0.95,
    # r = 0.75 / 0.2 = 3.75, df = (m - 1)(1 + 1/r)^2 = 1.6044... (Rubin 1987, eq. 3.1.6).
    pooled = em.pool([[1.0], [2.0]], [[0.1], [0.3]])
    row = pooled.iloc[0]
    assert row["estimate"] == 1.5
    assert row["within"] == pytest.approx(0.2)
    assert row["between"] == pytest.approx(0.5)
    assert row["total"] == pytest.approx(0.95)
    assert row["df"] == pytest.approx((1 + 1 / 3.75) ** 2)
    with pytest.raises(ValueError, match="at least two"):
        em.pool([[1.0]], [[0.1]])


def test_summary_and_pattern_table(apple) -> None:
    text = str(apple.summary())
    assert "Multivariate normal" in text and "cov[worms,size]" in text
    table = apple.missing_patterns
    assert list(table["n_rows"]) == [12, 6]
    assert list(table["n_missing"]) == [0, 1]
