"""Unknown keywords are errors naming them; statsmodels' missing= options; dropped rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import emstats as em


@pytest.fixture(scope="module")
def mroz() -> pd.DataFrame:
    return em.datasets.load_mroz()


@pytest.mark.parametrize(("keyword", "hint"), [
    ("weights", "freq_weights"), ("var_weights", "sampling_weights"),
    ("freq_weight", "did you mean freq_weights"), ("offset", "offsets"),
    ("bogus_kw", "accepts"),
])
@pytest.mark.parametrize("entry", ["tobit", "intreg"])
def test_unknown_formula_keyword_is_an_error(mroz: pd.DataFrame, entry: str, keyword: str,
                                             hint: str) -> None:
    data = mroz.assign(lo=mroz.hours, hi=mroz.hours)
    call = {"tobit": lambda **kw: em.tobit("hours ~ educ", data, **kw),
            "intreg": lambda **kw: em.intreg("lo + hi ~ educ", data, **kw)}[entry]
    with pytest.raises(TypeError, match=rf"\['{keyword}'\].*{hint}"):
        call(**{keyword: np.ones(len(data))})


@pytest.mark.parametrize("make", [
    lambda y, x: em.Tobit(y, x, weights=np.ones(len(y))),
    lambda y, x: em.IntervalRegression(np.column_stack([y, y]), x, offset=np.ones(len(y))),
    lambda y, x: em.gaussian_mixture(x, k=1, weights=np.ones(len(y))),
    lambda y, x: em.mvn(x, bogus_kw=1),
])
def test_unknown_class_keyword_is_an_error(mroz: pd.DataFrame, make) -> None:
    x = mroz[["educ", "age"]].to_numpy(dtype=float)
    with pytest.raises(TypeError, match=r"weights|offset|bogus_kw"):
        make(mroz.hours.to_numpy(dtype=float), x)


def test_markov_switching_unknown_keyword() -> None:
    with pytest.raises(TypeError, match=r"\['bogus'\]"):
        em.markov_switching("rgnp ~ 1", em.datasets.load_rgnp(), bogus=1)


def test_missing_drop_reports_dropped_rows(mroz: pd.DataFrame) -> None:
    # wage is observed for the 428 women in the labour force (Mroz 1987)
    model = em.tobit("hours ~ educ + wage", mroz, missing="drop")
    assert model.nobs == 428 == mroz.wage.notna().sum()
    pd.testing.assert_index_equal(model.dropped_rows, mroz.index[mroz.wage.isna()])
    text = model.fit().summary().as_text()
    assert "325 row(s) with missing values were dropped" in text


def test_missing_drop_is_the_formula_default(mroz: pd.DataFrame) -> None:
    default = em.tobit("hours ~ educ + wage", mroz).fit()
    dropped = em.tobit("hours ~ educ + wage", mroz, missing="drop").fit()
    np.testing.assert_array_equal(default.params, dropped.params)
    # without NaN nothing is dropped and nothing is said
    complete = em.tobit("hours ~ educ", mroz)
    assert len(complete.dropped_rows) == 0


def test_missing_drop_with_no_censoring_equals_statsmodels_ols_sample(
        mroz: pd.DataFrame) -> None:
    # with left=-inf there is no censoring: the Tobit is OLS on the same complete cases
    res = em.tobit("hours ~ educ + wage", mroz, left=None, missing="drop").fit()
    ols = sm.OLS.from_formula("hours ~ educ + wage", mroz, missing="drop").fit()
    np.testing.assert_allclose(res.params.iloc[:-1], ols.params, rtol=1e-8)
    assert res.nobs == ols.nobs


def test_missing_raise_names_the_column(mroz: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"missing='raise': 325 row.*'wage'"):
        em.tobit("hours ~ educ + wage", mroz, missing="raise")


def test_missing_none_leaves_the_check_to_the_model(mroz: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"\['wage'\] have NaN"):
        em.tobit("hours ~ educ + wage", mroz, missing="none")


def test_missing_bad_option(mroz: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="missing must be 'none', 'drop' or 'raise'"):
        em.tobit("hours ~ educ", mroz, missing="listwise")


def test_missing_drop_on_arrays_drops_outcome_regressor_and_weight_rows(
        mroz: pd.DataFrame) -> None:
    y = mroz.hours.to_numpy(dtype=float).copy()
    x = np.column_stack([np.ones(len(y)), mroz.educ])
    w = np.ones(len(y))
    y[0], x[1, 1], w[2] = np.nan, np.nan, np.nan
    model = em.Tobit(y, x, freq_weights=w, missing="drop")
    assert model.nobs == len(y) - 3
    np.testing.assert_array_equal(model.dropped_rows, [0, 1, 2])
    with pytest.raises(ValueError, match="missing='raise': 3 row"):
        em.Tobit(y, x, freq_weights=w, missing="raise")


def test_missing_drop_weights_column(mroz: pd.DataFrame) -> None:
    data = mroz.assign(f=np.where(mroz.index % 10 == 0, np.nan, 1.0))
    model = em.tobit("hours ~ educ", data, freq_weights="f")
    assert model.nobs == data.f.notna().sum()


def test_intreg_missing_drop_keeps_one_sided_rows() -> None:
    kakadu = em.datasets.load_kakadu().replace({"lower": {0: np.nan}, "upper": {999: np.nan}})
    both = kakadu.assign(lower=kakadu.lower.where(kakadu.index != 0),
                         upper=kakadu.upper.where(kakadu.index != 0))
    model = em.intreg("lower + upper ~ age", both)
    assert list(model.dropped_rows) == [0]
    assert model.nobs == len(kakadu) - 1


def test_markov_switching_missing_raise() -> None:
    data = em.datasets.load_rgnp().copy()
    data.loc[0, "rgnp"] = np.nan
    assert em.markov_switching("rgnp ~ 1", data).nobs == len(data) - 1
    with pytest.raises(ValueError, match="missing='raise'"):
        em.markov_switching("rgnp ~ 1", data, missing="raise")


@pytest.mark.parametrize("build", [
    lambda w: em.gaussian_mixture(np.random.default_rng(0).normal(size=(50, 2)), 2,
                                  weights=w),
    lambda w: em.mvn(np.random.default_rng(0).normal(size=(50, 2)), pweights=w),
    lambda w: em.hmm(np.random.default_rng(0).normal(size=50), 2, weights=w),
    lambda w: em.factor(np.random.default_rng(0).normal(size=(50, 4)), 1, weights=w),
], ids=["mixture", "mvn", "hmm", "factor"])
def test_weighted_families_point_to_their_weight_keywords(build) -> None:
    with pytest.raises(TypeError, match=r"freq_weights=.*sampling_weights="):
        build(np.ones(50))


def test_markov_switching_says_one_series_takes_no_weights() -> None:
    data = pd.DataFrame({"y": np.random.default_rng(0).normal(size=60)})
    for keyword in ("freq_weights", "sampling_weights", "weights"):
        with pytest.raises(TypeError, match=f"{keyword}.*one time series"):
            em.markov_switching("y ~ 1", data, k_regimes=2, **{keyword: np.ones(60)})
