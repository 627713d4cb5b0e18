"""Exploratory ML factor analysis: EM against direct maximisation, the EM path,
missing values, bad input. Rotations: test_rotation.py; fit statistics and scores:
test_factor_fit.py. factanal's numbers: validation/cases/case10_factor_analysis.py."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import minimize
from scipy.stats import multivariate_normal

import emstats as em
from emstats.engine import ConvergenceMonitor, MonotonicityWarning, run_em
from emstats.models._rotation import METHODS


def direct_uniquenesses(corr: np.ndarray, k: int, lower: float = 0.005) -> np.ndarray:
    """factanal's own method, written out: L-BFGS-B on the uniquenesses of the ML
    discrepancy profiled over the loadings (Joreskog 1967), to a tight tolerance."""
    p = len(corr)

    def discrepancy(psi: np.ndarray) -> float:
        root = np.sqrt(psi)
        values = np.linalg.eigvalsh(corr / np.outer(root, root))[::-1][k:]
        return float(np.sum(values - np.log(values)) + k - p)

    start = (1 - 0.5 * k / p) / np.diag(np.linalg.inv(corr))
    res = minimize(discrepancy, start, method="L-BFGS-B", bounds=[(lower, 1.0)] * p,
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10_000})
    return res.x


def correlation(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


@pytest.mark.parametrize(("loader", "k"), [(em.datasets.load_ability_cov, 1),
                                           (em.datasets.load_ability_cov, 2),
                                           (em.datasets.load_harman74, 3)])
def test_em_reaches_the_direct_maximum_of_the_ml_discrepancy(loader, k: int) -> None:
    matrix = loader()
    res = em.factor(cov=matrix, nobs=matrix.attrs["nobs"], n_factors=k).fit(cov_type="none")
    assert res.converged
    assert_allclose(res.uniquenesses, direct_uniquenesses(correlation(matrix.to_numpy()), k),
                    atol=1e-6)


def simulated(n: int, p: int, k: int, seed: int, missing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.4, 0.9, (p, k)) * (rng.random((p, k)) < 0.6)
    loadings[np.arange(p) % k, np.arange(p) % k] = 0.8
    x = rng.standard_normal((n, k)) @ loadings.T + rng.normal(size=(n, p)) * 0.6
    x = x * rng.uniform(0.5, 5.0, p) + rng.normal(0, 10, p)
    x[rng.random((n, p)) < missing] = np.nan
    return pd.DataFrame(x, columns=[f"v{j}" for j in range(p)])


def test_data_input_matches_the_covariance_input_with_the_same_numbers() -> None:
    frame = simulated(300, 6, 2, seed=1)
    from_data = em.factor(frame, 2).fit(cov_type="none")
    cov = frame.cov(ddof=0)
    from_cov = em.factor(cov=cov, nobs=300, n_factors=2).fit(cov_type="none")
    assert_allclose(from_data.uniquenesses, from_cov.uniquenesses, atol=1e-7)
    assert_allclose(from_data.params[[f"mean[{c}]" for c in frame]], frame.mean(), rtol=1e-8)
    assert from_data.llf == pytest.approx(from_cov.llf, rel=1e-9)  # the mean at the sample mean
    assert_allclose(from_data.uniquenesses,
                    direct_uniquenesses(correlation(cov.to_numpy()), 2), atol=1e-6)


def observed_loglike(frame: pd.DataFrame, mean: np.ndarray, cov: np.ndarray) -> float:
    values = frame.to_numpy()
    seen = ~np.isnan(values)
    total = 0.0
    for pattern in np.unique(seen, axis=0):
        rows = values[(seen == pattern).all(axis=1)][:, pattern]
        normal = multivariate_normal(mean[pattern], cov[np.ix_(pattern, pattern)])
        total += float(np.sum(normal.logpdf(rows)))
    return total


def test_missing_values_reach_the_direct_maximum_of_the_observed_likelihood() -> None:
    # Full-information ML written independently: scipy on (mean, loadings, log psi)
    # with the normal density of each row's observed entries.
    frame = simulated(80, 5, 1, seed=3, missing=0.15)
    res = em.factor(frame, 1).fit(cov_type="none", xtol=1e-12)
    p = frame.shape[1]

    def negative(theta: np.ndarray) -> float:
        mean, loadings, log_psi = theta[:p], theta[p:2 * p], theta[2 * p:]
        cov = np.outer(loadings, loadings) + np.diag(np.exp(log_psi))
        return -observed_loglike(frame, mean, cov)

    start = np.concatenate([frame.mean(), frame.std(), np.log(frame.var() / 2)])
    best = minimize(negative, start, method="BFGS", options={"gtol": 1e-8})
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    psi = np.exp(best.x[2 * p:])
    assert_allclose(res.params[[f"psi[{c}]" for c in frame]], psi, rtol=1e-4)
    assert res.llf == pytest.approx(observed_loglike(frame, *_mean_cov(res)), rel=1e-12)


def _mean_cov(res) -> tuple[np.ndarray, np.ndarray]:
    parts = res.model.unpack(np.asarray(res.params))
    return parts.mean, parts.implied_cov


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 3), missing=st.sampled_from([0.0, 0.1]),
       p=st.integers(6, 9),
       weights=st.sampled_from([None, "freq_weights", "sampling_weights"]))
def test_plain_em_never_lowers_the_llf(seed: int, k: int, missing: float, p: int,
                                       weights: str | None) -> None:
    """The llf (with case weights: the weighted llf) never falls along plain EM."""
    frame = simulated(50, p, 2, seed, missing)
    rng = np.random.default_rng(seed)
    given = {} if weights is None else {weights: (
        rng.integers(1, 5, 50) if weights == "freq_weights" else rng.uniform(0.2, 5, 50))}
    model = em.FactorAnalysis(frame, k, **given)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        trace = run_em(model, model.start_params, accel=None,
                       monitor=ConvergenceMonitor(maxiter=40))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-10 * np.abs(llf[:-1]))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 2))
def test_squarem_never_lowers_the_llf_near_a_heywood_case(seed: int, k: int) -> None:
    # Few rows and variables: uniquenesses often end at the bound, where SQUAREM's
    # extrapolations leave the parameter space unless the model moves them back
    frame = simulated(40, 5, 2, seed)
    model = em.FactorAnalysis(frame, k)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        trace = run_em(model, model.start_params, accel="squarem",
                       monitor=ConvergenceMonitor(maxiter=300))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-10 * np.abs(llf[:-1]))
    assert np.all(model.unpack(trace.params).psi >= model._lower_psi)


def test_squarem_reaches_a_heywood_case_without_lowering_the_llf() -> None:
    # Before feasible_params an extrapolation below the bound made the next EM step lower
    # the llf by 0.004 on these data (a MonotonicityWarning, an error under pytest)
    frame = simulated(300, 6, 2, seed=5)
    with pytest.warns(em.HeywoodWarning, match="v0"):
        res = em.factor(frame, 2).fit(cov_type="none")
    assert res.heywood == ["v0"]
    corr = np.corrcoef(frame.to_numpy(), rowvar=False)
    assert_allclose(res.uniquenesses, direct_uniquenesses(corr, 2), atol=1e-6)


def test_the_caller_data_are_not_modified() -> None:
    frame = simulated(60, 5, 1, seed=4, missing=0.1)
    before = frame.copy()
    em.factor(frame, 1).fit(cov_type="none")
    pd.testing.assert_frame_equal(frame, before)


def test_heywood_case_is_detected_warned_and_at_the_bound() -> None:
    # Harman23 with three factors: arm span's uniqueness is at factanal's bound.
    matrix = em.datasets.load_harman23()
    with pytest.warns(em.HeywoodWarning, match="arm.span"):
        res = em.factor(cov=matrix, nobs=305, n_factors=3).fit(cov_type="none")
    assert res.heywood == ["arm.span"]
    assert res.uniquenesses["arm.span"] == pytest.approx(0.005, rel=1e-12)
    assert "Heywood" in str(res.summary())


def test_information_criteria_count_free_parameters_without_rotations() -> None:
    matrix = em.datasets.load_ability_cov()
    res = em.factor(cov=matrix, nobs=112, n_factors=2).fit(cov_type="none")
    free = 6 * 2 + 6 - 1  # loadings + uniquenesses - k(k-1)/2
    assert res.df_free == free
    assert res.aic == pytest.approx(-2 * res.llf + 2 * free)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_factors": 4}, "at most 3"),
    ({"n_factors": 0}, "positive integer"),
])
def test_bad_number_of_factors(kwargs: dict, message: str) -> None:
    matrix = em.datasets.load_ability_cov()
    with pytest.raises(ValueError, match=message):
        em.factor(cov=matrix, nobs=112, **kwargs)


def test_bad_covariance_input() -> None:
    matrix = em.datasets.load_ability_cov()
    with pytest.raises(ValueError, match="nobs"):
        em.factor(cov=matrix, n_factors=1)
    singular = np.ones((4, 4))
    with pytest.raises(ValueError, match="not positive definite"):
        em.factor(cov=singular, nobs=50, n_factors=1)
    with pytest.raises(ValueError, match="not symmetric"):
        em.factor(cov=np.triu(matrix.to_numpy()) + np.eye(6), nobs=50, n_factors=1)
    with pytest.raises(ValueError, match="either data or cov"):
        em.factor(simulated(20, 4, 1, 0), cov=matrix, nobs=112)


def test_constant_column_is_refused_by_name() -> None:
    frame = simulated(40, 5, 1, seed=5)
    frame["v2"] = 3.0
    with pytest.raises(ValueError, match=r"\['v2'\] are constant"):
        em.factor(frame, 1)


def test_select_factors_tabulates_every_k() -> None:
    matrix = em.datasets.load_harman74()
    table = em.select_factors(cov=matrix, nobs=145, max_factors=3)
    assert list(table.index) == [1, 2, 3]
    assert table["chi2"].round(2).tolist() == [622.91, 420.24, 295.59]  # factanal's print
    assert table["df"].tolist() == [252, 229, 207]


def test_oim_standard_errors_of_uniquenesses_match_any_generalised_inverse() -> None:
    # The Hessian in (all loadings, psi) is singular along the rotations; psi is
    # invariant to them, so the pseudo-inverse gives its covariance too.
    from statsmodels.tools.numdiff import approx_hess3

    matrix = em.datasets.load_ability_cov()
    res = em.factor(cov=matrix, nobs=112, n_factors=2).fit()
    hessian = approx_hess3(np.asarray(res.params), res.model.loglike)
    cov = np.linalg.pinv(-hessian, rcond=1e-10)
    psi = [name.startswith("psi") for name in res.model.param_names]
    assert_allclose(res.bse[psi], np.sqrt(np.diag(cov))[psi], rtol=1e-4)


@pytest.mark.parametrize("method", METHODS)
def test_every_rotation_leaves_the_fitted_correlation_matrix_unchanged(method: str) -> None:
    cov = em.datasets.load_harman74()
    res = em.factor(cov=cov, nobs=cov.attrs["nobs"], n_factors=3).fit()
    kwds = {"target": np.where(res.loadings > 0.4, 1.0, 0.0)} if method == "target" else {}
    rotated = res.rotate(method, **kwds)
    loadings = rotated.loadings.to_numpy()
    phi = np.eye(3) if rotated.rotation.phi is None else rotated.factor_corr.to_numpy()
    fitted = loadings @ phi @ loadings.T + np.diag(rotated.uniquenesses)
    # the fitted covariance, standardised by the sample variances, from the raw params
    lam = res.params.filter(like="loading").to_numpy().reshape(-1, 3)
    psi = res.params.filter(like="psi").to_numpy()
    sd = np.sqrt(np.diag(cov.to_numpy()))
    expected = (lam @ lam.T + np.diag(psi)) / np.outer(sd, sd)
    assert_allclose(fitted, expected, atol=1e-10)
    assert not np.allclose(loadings, res.rotate("none").loadings) or method == "none"


def test_select_factors_without_max_factors_goes_to_the_identifiable_maximum() -> None:
    # The default of max_factors is the largest k with non-negative degrees of freedom,
    # ((p - k)^2 - (p + k)) / 2 >= 0: for p = 6 variables that is k = 3.
    data = em.datasets.load_bfi().iloc[:, :6].dropna()
    default = em.select_factors(data)
    assert list(default.index) == [1, 2, 3]
    pd.testing.assert_frame_equal(default, em.select_factors(data, max_factors=3))
