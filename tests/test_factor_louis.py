"""Louis' observed information of factor analysis, and full-information ML with missing
values against lavaan.

Louis' identity gives the observed information from complete-data quantities
(emstats.models._factor_louis); here it is compared with the numerical Hessian of the
observed-data log-likelihood (statsmodels' numdiff, sharing nothing with it) on complete
and incomplete data, at the maximum and away from it. Full-information ML estimates,
standard errors and lavaan-convention fit statistics are compared with lavaan 0.6-14
(``missing = "ml"``; tests/results/lavaan_fiml_factor.py) on psych's bfi items.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results import lavaan_fiml_factor as ref
from scipy.linalg import solve_triangular
from statsmodels.tools.numdiff import approx_hess3
from test_factor import simulated

import emstats as em
from emstats.models._factor_louis import joint_covariance, joint_precision
from emstats.models.factor import independence_loglike

AC_ITEMS = [f"A{i}" for i in range(1, 6)] + [f"C{i}" for i in range(1, 6)]


def louis_information(model: em.FactorAnalysis, u: np.ndarray) -> np.ndarray:
    return (model.complete_information_unconstrained(u)
            - model.complete_score_covariance_unconstrained(u))


def observed_loglike(model: em.FactorAnalysis, params: np.ndarray) -> float:
    """The observed-data llf written out here: each row's normal density of its observed
    entries, rows grouped by missingness pattern; the Wishart form for a covariance
    input."""
    parts = model.unpack(params)
    sigma = parts.implied_cov
    if model.values is None:
        _, logdet = np.linalg.slogdet(sigma)
        trace = np.trace(np.linalg.solve(sigma, model.sample_cov))
        return -0.5 * model.nobs * (len(sigma) * np.log(2 * np.pi) + logdet + trace)
    observed = ~np.isnan(model.values)
    total = 0.0
    for mask in np.unique(observed, axis=0):
        rows = model.values[(observed == mask).all(axis=1)][:, mask] - parts.mean[mask]
        chol = np.linalg.cholesky(sigma[np.ix_(mask, mask)])
        white = solve_triangular(chol, rows.T, lower=True)
        logdet = 2.0 * np.log(np.diag(chol)).sum()
        total -= 0.5 * (len(rows) * (mask.sum() * np.log(2 * np.pi) + logdet)
                        + (white**2).sum())
    return float(total)


def numerical_information(model: em.FactorAnalysis, u: np.ndarray) -> np.ndarray:
    """Minus the central-difference Hessian of the observed llf in the working chart."""
    return -approx_hess3(u, lambda v: observed_loglike(model, model.from_unconstrained(v)),
                         epsilon=1e-4)


def test_joint_precision_is_the_inverse_of_the_joint_covariance() -> None:
    rng = np.random.default_rng(0)
    loadings, psi = rng.normal(size=(7, 3)), rng.uniform(0.2, 2.0, 7)
    assert_allclose(joint_precision(loadings, psi) @ joint_covariance(loadings, psi),
                    np.eye(10), atol=1e-12)


def _models() -> list[tuple[str, em.FactorAnalysis]]:
    ability = em.datasets.load_ability_cov()
    return [
        ("covariance input", em.factor(cov=ability, nobs=112, n_factors=2)),
        ("complete data, k = 2", em.factor(simulated(300, 6, 2, seed=11), 2)),
        ("complete data, k = 3", em.factor(simulated(400, 9, 3, seed=6), 3)),
        ("missing values, k = 1", em.factor(simulated(200, 5, 1, seed=7, missing=0.15), 1)),
        ("missing values, k = 2", em.factor(simulated(200, 6, 2, seed=8, missing=0.1), 2)),
    ]


@pytest.mark.parametrize("label, model", _models(), ids=lambda x: x if isinstance(x, str)
                         else "")
@pytest.mark.parametrize("at_maximum", [True, False], ids=["at MLE", "away from MLE"])
def test_louis_information_is_the_observed_information(label: str, model: em.FactorAnalysis,
                                                       at_maximum: bool) -> None:
    u = model.to_unconstrained(np.asarray(model.fit(cov_type="none").params))
    if not at_maximum:  # the identity holds at every parameter value
        u = u + 0.05 * np.random.default_rng(1).standard_normal(u.size)
    numerical = numerical_information(model, u)
    scale = np.abs(numerical).max()
    # central differences with step 1e-4 are good to about 1e-7 of the largest entry
    assert_allclose(louis_information(model, u) / scale, numerical / scale, atol=2e-6)


def test_louis_covariance_equals_the_oim_covariance() -> None:
    frame = simulated(300, 7, 2, seed=8, missing=0.2)
    louis = em.factor(frame, 2).fit(cov_type="louis")
    oim = em.factor(frame, 2).fit(cov_type="oim")
    assert louis.cov_type == "louis"
    assert_allclose(louis.bse, oim.bse, rtol=1e-8)
    assert_allclose(louis.loadings_bse, oim.loadings_bse, rtol=1e-6)


def test_sem_is_refused_with_the_reason() -> None:
    # the M-step fits the rotation too (parameter-expanded EM): Meng & Rubin's identity
    # with the echelon chart's complete-data information does not hold
    model = em.factor(simulated(300, 6, 2, seed=11), 2)
    with pytest.raises(NotImplementedError, match="em_complete_information_unconstrained"):
        model.fit(cov_type="sem")


# -- full-information ML against lavaan ---------------------------------------------------------
FIML_CASES = {"AC1": (AC_ITEMS, 1), "AC2": (AC_ITEMS, 2),
              "ALL5": (None, 5)}


@pytest.fixture(scope="module")
def bfi() -> pd.DataFrame:
    return em.datasets.load_bfi()


@pytest.fixture(scope="module")
def fiml_fits(bfi: pd.DataFrame) -> dict[str, object]:
    fits = {}
    for tag, (items, k) in FIML_CASES.items():
        data = bfi if items is None else bfi[items]
        fits[tag] = em.factor(data, k).fit(cov_type="louis")
    return fits


def lavaan(tag: str, name: str) -> float | np.ndarray:
    return getattr(ref, f"{tag}_{name}")


def test_bfi_data_are_the_ones_lavaan_saw(bfi: pd.DataFrame) -> None:
    assert bfi.shape == (2800, 25)
    assert int(bfi.notna().all(axis=1).sum()) == ref.BFI_COMPLETE_ROWS
    assert int(bfi[AC_ITEMS].notna().all(axis=1).sum()) == ref.AC_COMPLETE_ROWS


@pytest.mark.parametrize("tag", FIML_CASES)
def test_fiml_estimates_and_standard_errors_match_lavaan(fiml_fits: dict, tag: str) -> None:
    res = fiml_fits[tag]
    parts = res.model.unpack(np.asarray(res.params))
    p = res.model.n_features
    # lavaan stops a relative 1e-10 short in its objective: its PSI is good to 5e-6
    # (tests/results/lavaan_fiml_factor.py), emstats is at its maximum to 1e-10
    assert res.llf >= lavaan(tag, "LOGL") - 1e-7
    assert_allclose(res.llf, lavaan(tag, "LOGL"), rtol=0, atol=5e-6)
    assert_allclose(parts.psi, lavaan(tag, "PSI"), rtol=1e-5)
    assert_allclose(parts.mean, lavaan(tag, "MEANS"), rtol=0, atol=1e-5)
    assert_allclose(np.asarray(res.bse)[-p:], lavaan(tag, "PSI_SE"), rtol=2e-5)
    assert res.df_free == lavaan(tag, "NPAR")
    assert_allclose([res.aic, res.bic], [lavaan(tag, "AIC"), lavaan(tag, "BIC")],
                    rtol=0, atol=1e-5)


@pytest.mark.parametrize("tag", FIML_CASES)
def test_fiml_fit_statistics_match_lavaan(fiml_fits: dict, tag: str) -> None:
    fit = fiml_fits[tag].fit_statistics
    assert fit.convention == "lavaan"
    assert (fit.df, fit.null_df, fit.nobs) == (lavaan(tag, "DF"), lavaan(tag, "BASELINE_DF"),
                                               lavaan(tag, "NOBS"))
    # ALL5: lavaan's llf is 1.6e-6 short of the maximum (the note in the reference module)
    rtol = 1e-8 if tag == "ALL5" else 1e-10
    assert_allclose([fit.statistic, fit.null_statistic],
                    [lavaan(tag, "CHISQ"), lavaan(tag, "BASELINE_CHISQ")], rtol=rtol)
    assert_allclose([fit.rmsea, fit.rmsea_lower, fit.rmsea_upper, fit.cfi, fit.tli],
                    [lavaan(tag, "RMSEA"), lavaan(tag, "RMSEA_CI_LOWER_TIGHT"),
                     lavaan(tag, "RMSEA_CI_UPPER_TIGHT"), lavaan(tag, "CFI"),
                     lavaan(tag, "TLI")], rtol=rtol)
    # lavaan prints 1 - pchisq(), exactly 0 here; the upper tail itself is tiny
    assert 0.0 <= fit.pvalue < 1e-80


@pytest.mark.parametrize("tag, k", [("ABILITY1", 1), ("ABILITY2", 2)])
def test_lavaan_convention_on_complete_data(tag: str, k: int) -> None:
    ability = em.datasets.load_ability_cov()
    res = em.factor(cov=ability, nobs=112, n_factors=k).fit(cov_type="none")
    fit = res.goodness_of_fit("lavaan")
    assert_allclose(res.llf, lavaan(tag, "LOGL"), rtol=1e-12)
    assert_allclose([fit.statistic, fit.null_statistic, fit.rmsea, fit.rmsea_lower,
                     fit.rmsea_upper, fit.cfi, fit.tli],
                    [lavaan(tag, "CHISQ"), lavaan(tag, "BASELINE_CHISQ"),
                     lavaan(tag, "RMSEA"), lavaan(tag, "RMSEA_CI_LOWER_TIGHT"),
                     lavaan(tag, "RMSEA_CI_UPPER_TIGHT"), lavaan(tag, "CFI"),
                     lavaan(tag, "TLI")], rtol=1e-9, atol=1e-12)
    # lavaan's 1 - pchisq() loses digits in the tail: compare to its printed accuracy
    assert_allclose(fit.pvalue, lavaan(tag, "PVALUE"), rtol=1e-4)
    assert_allclose([res.aic, res.bic], [lavaan(tag, "AIC"), lavaan(tag, "BIC")], rtol=1e-12)


def test_independence_loglike_is_lavaans_baseline(bfi: pd.DataFrame) -> None:
    values = bfi[AC_ITEMS].to_numpy(dtype=float)
    assert_allclose(independence_loglike(values), ref.AC1_BASELINE_LOGL_CLOSED_FORM,
                    rtol=1e-13)
    assert_allclose(independence_loglike(bfi.to_numpy(dtype=float)),
                    ref.ALL5_BASELINE_LOGL_CLOSED_FORM, rtol=1e-13)


def test_missing_values_reject_the_bartlett_convention(fiml_fits: dict) -> None:
    res = fiml_fits["AC1"]
    with pytest.raises(ValueError, match=r"complete data.*convention='lavaan'"):
        res.goodness_of_fit("factanal")
    with pytest.raises(ValueError, match="convention must be one of"):
        res.goodness_of_fit("stata")


def test_select_factors_and_summary_with_missing_values(bfi: pd.DataFrame,
                                                        fiml_fits: dict) -> None:
    table = em.select_factors(bfi[AC_ITEMS], max_factors=2)
    assert_allclose(table["chi2"], [ref.AC1_CHISQ, ref.AC2_CHISQ], rtol=1e-9)
    assert_allclose(table["tli"], [ref.AC1_TLI, ref.AC2_TLI], rtol=1e-9)
    text = fiml_fits["AC2"].summary().as_text()
    assert "Chi2 (FIML LR):" in text
    assert "Chi-square (N F, LR)" in text


def test_fiml_fit_leaves_the_data_alone(bfi: pd.DataFrame) -> None:
    data = bfi[AC_ITEMS].copy()
    before = data.copy()
    em.factor(data, 1).fit(cov_type="louis").fit_statistics  # noqa: B018
    pd.testing.assert_frame_equal(data, before)
