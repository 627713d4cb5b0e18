"""Fit statistics, factor scores and parallel analysis of ML factor analysis against R.

References: tests/results/factor_fit_reference.py (factanal and psych::fa, R 4.2.2), fed
R's own objectives, loadings and uniquenesses so no emstats fit is involved.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results.factor_fit_reference import (
    CORRELATIONS,
    FACTANAL,
    PARALLEL_100_10,
    PSYCH,
    SCORES,
)
from scipy import special

from emstats.models._factor_fit import (
    FactorFit,
    factor_dof,
    factor_fit_statistics,
    factor_scores,
    max_factors,
    ml_discrepancy,
    null_discrepancy,
    parallel_analysis_eigenvalues,
)

ATTITUDE = Path(__file__).parent / "results" / "attitude.csv"

#: Published chi-squares and df (factanal's print, 2 decimals).
PUBLISHED = {
    ("ability", 1): (75.18, 9), ("ability", 2): (6.11, 4),
    ("harman23", 1): (611.44, 20), ("harman23", 2): (75.74, 13),
    ("harman23", 3): (22.81, 7), ("harman23", 4): (4.63, 2),
    ("harman74", 1): (622.91, 252), ("harman74", 2): (420.24, 229),
    ("harman74", 3): (295.59, 207), ("harman74", 4): (226.68, 186),
    ("harman74", 5): (186.82, 166),
}


def implied(loadings: list[list[float]], uniquenesses: list[float]) -> np.ndarray:
    lam = np.asarray(loadings)
    return lam @ lam.T + np.diag(uniquenesses)


def psych_fit(key: tuple[str, int]) -> FactorFit:
    ref = PSYCH[key]
    return factor_fit_statistics(ref["objective"], FACTANAL[key]["nobs"],
                                 len(CORRELATIONS[key[0]]), key[1], ref["null_objective"])


def factanal_fit(key: tuple[str, int]) -> FactorFit:
    ref = FACTANAL[key]
    corr = np.asarray(CORRELATIONS[key[0]])
    return factor_fit_statistics(ref["objective"], ref["nobs"], len(corr), key[1],
                                 null_discrepancy(corr))


# discrepancy and degrees of freedom


@pytest.mark.parametrize("key", list(FACTANAL))
def test_discrepancy_of_factanal_solution_is_its_objective(key):
    ref = FACTANAL[key]
    value = ml_discrepancy(implied(ref["loadings"], ref["uniquenesses"]),
                           CORRELATIONS[key[0]])
    assert_allclose(value, ref["objective"], rtol=1e-12)


@pytest.mark.parametrize("key", list(PSYCH))
def test_discrepancy_of_psych_solution_is_its_objective(key):
    lam = np.asarray(PSYCH[key]["loadings"])
    model = lam @ lam.T
    np.fill_diagonal(model, 1.0)  # psych: uniquenesses 1 - communalities
    assert_allclose(ml_discrepancy(model, CORRELATIONS[key[0]]), PSYCH[key]["objective"],
                    rtol=1e-12)


@pytest.mark.parametrize("name", list(CORRELATIONS))
def test_null_discrepancy_is_psych_null_model(name):
    assert_allclose(null_discrepancy(CORRELATIONS[name]), PSYCH[(name, 1)]["null_objective"],
                    rtol=1e-13)


def test_null_discrepancy_is_scale_free():
    corr = np.asarray(CORRELATIONS["harman23"])
    sd = np.arange(1.0, 9.0)
    cov = corr * np.outer(sd, sd)
    assert_allclose(null_discrepancy(cov), -np.linalg.slogdet(corr)[1], rtol=1e-13)
    assert ml_discrepancy(cov, cov) == pytest.approx(0.0, abs=1e-12)


def test_discrepancy_rejects_bad_matrices():
    with pytest.raises(ValueError, match="differ in shape"):
        ml_discrepancy(np.eye(3), np.eye(2))
    with pytest.raises(ValueError, match="implied_cov is not positive definite"):
        ml_discrepancy(np.diag([1.0, -1.0]), np.eye(2))
    with pytest.raises(ValueError, match="square"):
        ml_discrepancy(np.ones((2, 3)), np.eye(2))


@pytest.mark.parametrize("key", list(FACTANAL))
def test_dof_is_factanal_dof(key):
    assert factor_dof(len(CORRELATIONS[key[0]]), key[1]) == FACTANAL[key]["dof"]


@pytest.mark.parametrize(("p", "expected"), [(1, 0), (2, 0), (3, 1), (5, 2), (6, 3), (8, 4),
                                             (10, 6), (24, 17)])
def test_max_factors_is_the_largest_with_nonnegative_dof(p, expected):
    assert max_factors(p) == expected
    assert factor_dof(p, expected + 1) < 0
    assert expected == 0 or factor_dof(p, expected) >= 0


def test_too_many_factors_is_refused():
    with pytest.raises(ValueError, match="4 factors are too many for 6 variables"):
        factor_fit_statistics(0.1, 100, 6, 4, 2.0)
    with pytest.raises(ValueError, match="too small for the Bartlett correction"):
        factor_fit_statistics(0.1, 5, 6, 2, 2.0)


# chi-square test: factanal


@pytest.mark.parametrize("key", list(FACTANAL))
def test_statistic_and_pvalue_are_factanal(key):
    fit, ref = factanal_fit(key), FACTANAL[key]
    assert fit.df == ref["dof"]
    assert_allclose(fit.statistic, ref["statistic"], rtol=1e-13)
    assert_allclose(fit.pvalue, ref["pvalue"], rtol=1e-10)


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_statistic_matches_published_value(key):
    fit = factanal_fit(key)
    assert (round(fit.statistic, 2), fit.df) == PUBLISHED[key]


# RMSEA, TLI, CFI, BIC: psych::fa


@pytest.mark.parametrize("key", list(PSYCH))
def test_statistic_is_psych(key):
    fit, ref = psych_fit(key), PSYCH[key]
    assert_allclose([fit.statistic, fit.pvalue], [ref["statistic"], ref["pvalue"]],
                    rtol=1e-10)
    assert_allclose(fit.null_statistic, ref["null_chisq"], rtol=1e-13)
    assert fit.null_df == ref["null_dof"]


@pytest.mark.parametrize("key", list(PSYCH))
def test_rmsea_is_psych(key):
    fit, ref = psych_fit(key), PSYCH[key]
    assert_allclose(fit.rmsea, ref["rmsea"][0], rtol=1e-13)
    bounds = [fit.rmsea_lower, fit.rmsea_upper]
    assert_allclose(bounds, ref["rmsea_ci_tight"], rtol=1e-10, atol=1e-13)
    # psych's own bounds carry uniroot's default tolerance (~1.2e-4 on the noncentrality)
    assert_allclose(bounds, ref["rmsea"][1:], atol=1e-7)
    assert fit.rmsea_level == 0.90


@pytest.mark.parametrize("key", list(PSYCH))
def test_tli_bic_cfi_are_psych(key):
    fit, ref = psych_fit(key), PSYCH[key]
    assert_allclose(fit.tli, ref["tli"], rtol=1e-12)
    assert_allclose(fit.bic, ref["bic"], rtol=1e-12)
    assert_allclose(fit.cfi, ref["cfi"], rtol=1e-12)


def test_rmsea_interval_level():
    ref = PSYCH[("harman74", 2)]
    narrow = factor_fit_statistics(ref["objective"], 145, 24, 2, ref["null_objective"],
                                   level=0.5)
    wide = psych_fit(("harman74", 2))
    assert wide.rmsea_lower < narrow.rmsea_lower < narrow.rmsea < narrow.rmsea_upper
    assert narrow.rmsea_upper < wide.rmsea_upper


def test_just_identified_model_has_no_test():
    fit = factor_fit_statistics(0.0, 112, 6, 3, 2.5)
    assert fit.df == 0 and fit.statistic == 0.0 and fit.cfi == 1.0
    assert all(math.isnan(v) for v in (fit.pvalue, fit.rmsea, fit.rmsea_lower, fit.tli,
                                       fit.bic))


def test_perfect_fit_has_zero_rmsea_and_unit_cfi():
    fit = factor_fit_statistics(0.0, 200, 8, 2, 3.0)
    assert (fit.rmsea, fit.rmsea_lower, fit.rmsea_upper, fit.cfi) == (0.0, 0.0, 0.0, 1.0)
    assert fit.pvalue == 1.0 and fit.tli > 1.0  # psych does not truncate the TLI


def test_fit_is_frozen_and_prints_a_table():
    fit = psych_fit(("harman23", 2))
    with pytest.raises(AttributeError):
        fit.rmsea = 0.0
    text = str(fit)
    assert "RMSEA 90% CI" in text and "75.738" in text and "Tucker-Lewis" in text
    assert len(text.splitlines()) == 12


# factor scores: factanal(attitude, 2, scores = ..., rotation = ...)


@pytest.fixture(scope="module")
def attitude() -> np.ndarray:
    return pd.read_csv(ATTITUDE).to_numpy(dtype=float)


@pytest.mark.parametrize("key", list(SCORES))
def test_scores_are_factanal(attitude, key):
    ref = SCORES[key]
    scores = factor_scores(attitude, ref["loadings"], ref["uniquenesses"], key[1])
    if key == ("promax", "regression"):
        # R 4.2.2 omits Phi: its scores are Thomson's times Phi^-1
        phi = np.asarray(ref["phi"])
        scores = factor_scores(attitude, ref["loadings"], ref["uniquenesses"], key[1],
                               phi=phi) @ np.linalg.inv(phi)
    assert_allclose(scores, ref["scores"], rtol=0, atol=1e-8)


@pytest.mark.parametrize("rotation", ["varimax", "promax"])
def test_regression_scores_with_phi_are_thomson(attitude, rotation):
    ref = SCORES[(rotation, "regression")]
    scores = factor_scores(attitude, ref["loadings"], ref["uniquenesses"], phi=ref["phi"])
    assert_allclose(scores, ref["scores_times_phi"], rtol=0, atol=1e-8)


def test_bartlett_scores_ignore_phi(attitude):
    ref = SCORES[("promax", "Bartlett")]
    scores = factor_scores(attitude, ref["loadings"], ref["uniquenesses"], "bartlett",
                           phi=ref["phi"])
    assert_allclose(scores, ref["scores"], rtol=0, atol=1e-8)


def test_missing_rows_get_nan_scores_and_input_is_untouched(attitude):
    ref = SCORES[("varimax", "regression")]
    data = attitude.copy()
    data[[3, 10], [0, 5]] = np.nan
    before = data.copy()
    complete = ~np.isnan(data).any(axis=1)
    scores = factor_scores(data, ref["loadings"], ref["uniquenesses"])
    np.testing.assert_array_equal(data, before)
    assert np.isnan(scores[~complete]).all() and np.isfinite(scores[complete]).all()
    rows = data[complete]
    expected = factor_scores(rows, ref["loadings"], ref["uniquenesses"])
    assert_allclose(scores[complete], expected, rtol=1e-14)


def test_given_mean_and_scale_standardise(attitude):
    ref = SCORES[("varimax", "Bartlett")]
    mean, scale = attitude.mean(axis=0), attitude.std(axis=0, ddof=1)
    new = attitude[:5] + 1.0
    scores = factor_scores(new, ref["loadings"], ref["uniquenesses"], "Bartlett", mean=mean,
                           scale=scale)
    lam, psi = np.asarray(ref["loadings"]), np.asarray(ref["uniquenesses"])
    shift = np.linalg.solve(lam.T @ (lam / psi[:, None]), (lam / psi[:, None]).T @ (1 / scale))
    assert_allclose(scores, np.asarray(ref["scores"])[:5] + shift, rtol=0, atol=1e-8)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "anderson"}, "method must be one of"),
    ({"phi": np.eye(3)}, "phi must be a symmetric 2 x 2"),
    ({"scale": np.zeros(7)}, "scale must be 7 positive"),
    ({"mean": np.zeros(6)}, "mean must be 7 finite"),
])
def test_scores_reject_bad_options(attitude, kwargs, message):
    ref = SCORES[("varimax", "regression")]
    with pytest.raises(ValueError, match=message):
        factor_scores(attitude, ref["loadings"], ref["uniquenesses"], **kwargs)


def test_scores_reject_mismatched_shapes(attitude):
    ref = SCORES[("varimax", "regression")]
    with pytest.raises(ValueError, match="n x 7"):
        factor_scores(attitude[:, :6], ref["loadings"], ref["uniquenesses"])
    with pytest.raises(ValueError, match="uniquenesses must be 7 positive"):
        factor_scores(attitude, ref["loadings"], np.zeros(7))


# parallel analysis


def test_parallel_eigenvalues_properties():
    values = parallel_analysis_eigenvalues(100, 10, n_iter=200, random_state=1)
    assert values.shape == (10,)
    assert np.all(np.diff(values) < 0)
    assert values[0] > 1 > values[-1]
    assert_allclose(values.sum(), 10.0, rtol=1e-12)  # trace of a correlation matrix


def test_parallel_mean_agrees_with_r_simulation():
    n_iter = 4000
    values = parallel_analysis_eigenvalues(100, 10, n_iter=n_iter, random_state=20240601)
    # R's mean (20000 replicates) with the combined Monte Carlo standard error
    se = np.asarray(PARALLEL_100_10["se"]) * math.sqrt(1 + 20000 / n_iter)
    assert np.all(np.abs(values - PARALLEL_100_10["mean"]) < 4 * se)


def test_parallel_two_variables_matches_exact_expectation():
    # the eigenvalues of a 2 x 2 correlation are 1 +- |r|; under independence
    # E|r| = 2 / ((n - 2) B(1/2, (n - 2)/2))
    n = 20
    expected = 1 + 2 / ((n - 2) * special.beta(0.5, (n - 2) / 2))
    values = parallel_analysis_eigenvalues(n, 2, n_iter=20000, random_state=7)
    assert_allclose(values, [expected, 2 - expected], atol=0.006)  # ~4 Monte Carlo SE


def test_parallel_quantile_and_reproducibility():
    mean = parallel_analysis_eigenvalues(50, 6, n_iter=300, random_state=3)
    upper = parallel_analysis_eigenvalues(50, 6, n_iter=300, quantile=0.95, random_state=3)
    assert upper[0] > mean[0]
    again = parallel_analysis_eigenvalues(50, 6, n_iter=300, quantile=0.95,
                                          random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(upper, again)
    with pytest.raises(ValueError, match="quantile"):
        parallel_analysis_eigenvalues(50, 6, quantile=95)
