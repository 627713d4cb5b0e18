"""Case weights in the censored-normal family: frequency weights replicate rows exactly,
sampling weights give survreg's pseudo-likelihood and robust SEs (R reference numbers in
tests/results/r_weights.py, with the R call)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from results import r_weights

import emstats as em

FORMULA = "hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6"


@pytest.fixture(scope="module")
def mroz() -> pd.DataFrame:
    data = em.datasets.load_mroz()
    return data.assign(f=1 + data.educ % 3, w=1 + (data.age % 5) / 4)


@pytest.fixture(scope="module")
def replicated_and_weighted(mroz: pd.DataFrame):
    replicated = mroz.loc[mroz.index.repeat(mroz.f)].reset_index(drop=True)
    return (em.tobit(FORMULA, replicated, left=0).fit(),
            em.tobit(FORMULA, mroz, left=0, freq_weights="f").fit())


def test_freq_weights_equal_the_fit_on_replicated_rows(replicated_and_weighted) -> None:
    replicated, weighted = replicated_and_weighted
    np.testing.assert_allclose(weighted.params, replicated.params, rtol=1e-9)
    assert weighted.llf == pytest.approx(replicated.llf, rel=1e-12)
    np.testing.assert_allclose(weighted.bse, replicated.bse, rtol=1e-7)
    assert weighted.nobs == replicated.nobs == int((1 + em.datasets.load_mroz().educ % 3).sum())


@pytest.mark.parametrize("cov_type", ["opg", "robust", "louis"])
def test_freq_weights_covariances_equal_replicated_rows(replicated_and_weighted,
                                                       cov_type: str) -> None:
    replicated, weighted = replicated_and_weighted
    np.testing.assert_allclose(weighted.get_robustcov(cov_type).bse,
                               replicated.get_robustcov(cov_type).bse, rtol=1e-6)


def test_freq_weights_as_array_and_class(mroz: pd.DataFrame) -> None:
    by_column = em.tobit(FORMULA, mroz, left=0, freq_weights="f").fit()
    by_array = em.tobit(FORMULA, mroz, left=0, freq_weights=mroz.f.to_numpy()).fit()
    exog = by_column.model.exog
    by_class = em.Tobit(mroz.hours, exog, left=0, freq_weights=mroz.f).fit()
    np.testing.assert_allclose(by_array.params, by_column.params, rtol=1e-12)
    np.testing.assert_allclose(by_class.params.to_numpy(), by_column.params.to_numpy(),
                               rtol=1e-12)


@pytest.fixture(scope="module")
def pweighted(mroz: pd.DataFrame):
    return em.tobit(FORMULA, mroz, left=0, sampling_weights="w").fit()


def test_sampling_weights_match_survreg(pweighted) -> None:
    np.testing.assert_allclose(pweighted.params.iloc[:-1], r_weights.PWEIGHT_TOBIT_COEF,
                               rtol=1e-7)
    assert np.log(pweighted.params["sigma"]) == pytest.approx(
        r_weights.PWEIGHT_TOBIT_LOG_SCALE, rel=1e-8)
    assert pweighted.llf == pytest.approx(r_weights.PWEIGHT_TOBIT_LOGLIK, rel=1e-10)


def test_sampling_weights_default_to_design_based_ses(pweighted) -> None:
    assert pweighted.cov_type == "robust"
    np.testing.assert_allclose(pweighted.params.iloc[:-1], r_weights.SVYSURVREG_COEF,
                               rtol=1e-7)
    se = r_weights.SVYSURVREG_SE
    np.testing.assert_allclose(pweighted.bse.iloc[:-1], se[:-1], rtol=1e-5)
    sigma = pweighted.params["sigma"]
    assert pweighted.bse["sigma"] == pytest.approx(sigma * se[-1], rel=1e-5)  # delta method


def test_sampling_weights_nobs_counts_rows(pweighted, mroz: pd.DataFrame) -> None:
    assert pweighted.nobs == len(mroz)
    assert "sampling_weights" in pweighted.summary().as_text()


@pytest.mark.parametrize("cov_type", ["oim", "opg", "louis", "sem"])
def test_sampling_weights_refuse_information_covariances(mroz: pd.DataFrame,
                                                         cov_type: str) -> None:
    model = em.tobit(FORMULA, mroz, left=0, sampling_weights="w")
    with pytest.raises(ValueError, match="pseudo-likelihood"):
        model.fit(cov_type=cov_type)


def test_sampling_weights_refused_by_get_robustcov(pweighted) -> None:
    with pytest.raises(ValueError, match="sampling_weights"):
        pweighted.get_robustcov("oim")


def test_intreg_freq_weights_equal_replicated_rows() -> None:
    kakadu = em.datasets.load_kakadu().replace({"lower": {0: np.nan}, "upper": {999: np.nan}})
    kakadu = kakadu.assign(f=1 + np.arange(len(kakadu)) % 2)
    replicated = kakadu.loc[kakadu.index.repeat(kakadu.f)].reset_index(drop=True)
    formula = "np.log(lower) + np.log(upper) ~ age + jobs"
    weighted = em.intreg(formula, kakadu, freq_weights="f").fit()
    plain = em.intreg(formula, replicated).fit()
    np.testing.assert_allclose(weighted.params, plain.params, rtol=1e-9)
    assert weighted.llf == pytest.approx(plain.llf, rel=1e-12)


@pytest.mark.parametrize(("weights", "message"), [
    (np.zeros(753), "zero or negative"),
    (np.full(753, np.nan), "NaN or infinite"),
    (np.full(753, 1.5), "fractional"),
    (np.ones(10), "one value per row"),
    (np.array(["a"] * 753), "numeric"),
])
def test_bad_freq_weights_are_named(mroz: pd.DataFrame, weights: np.ndarray,
                                    message: str) -> None:
    exog = np.column_stack([np.ones(753), mroz.educ])
    with pytest.raises(ValueError, match=f"freq_weights.*{message}|{message}.*freq_weights"):
        em.Tobit(mroz.hours, exog, left=0, freq_weights=weights)


def test_both_weight_kinds_are_an_error(mroz: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not both"):
        em.tobit("hours ~ educ", mroz, left=0, freq_weights="f", sampling_weights="w")


def test_weights_do_not_modify_the_data(mroz: pd.DataFrame) -> None:
    before = mroz.copy()
    weights = mroz.w.to_numpy().copy()
    em.tobit("hours ~ educ", mroz, left=0, sampling_weights=weights).fit()
    pd.testing.assert_frame_equal(mroz, before)
    np.testing.assert_array_equal(weights, mroz.w.to_numpy())


def test_sampling_weights_cluster_matches_survey_cluster_design(pweighted,
                                                                 mroz: pd.DataFrame) -> None:
    # survey's one-stage cluster variance: G/(G-1) sum_g (sum_{i in g} w_i s_i)(...)'
    clustered = pweighted.get_robustcov("cluster", {"groups": mroz.age.to_numpy()})
    se = r_weights.SVYSURVREG_CLUSTER_AGE_SE
    np.testing.assert_allclose(clustered.bse.iloc[:-1], se[:-1], rtol=1e-5)
    sigma = pweighted.params["sigma"]
    assert clustered.bse["sigma"] == pytest.approx(sigma * se[-1], rel=1e-5)


def test_sampling_weights_summary_says_pseudolikelihood(pweighted) -> None:
    # Stata labels the llf of a pweighted fit "Log pseudolikelihood"
    assert "Log pseudolikelihood:" in pweighted.summary().as_text()


def test_sampling_weights_header_has_the_wald_test(pweighted) -> None:
    # Stata's tobit [pweight] header: Wald chi2(k) of the slopes (its value checked
    # against statsmodels' wald_test on the same fit; the SEs against svysurvreg above)
    text = pweighted.summary().as_text()
    assert "Wald chi2(7):" in text and "LR chi2" not in text
    slopes = pweighted.params.index[1:-1]
    wald = pweighted.wald_test(", ".join(f"{name} = 0" for name in slopes), scalar=True)
    assert f"{float(wald.statistic):.2f}" in text
