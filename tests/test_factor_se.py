"""Standard errors of ML factor analysis against an independent computation.

Jennrich (1973): the covariance of a rotated solution is the inverse of the information
matrix of the rotated parameters bordered by the Jacobian of the rotation's stationarity
conditions. Here it is written out with numpy (the normal log-likelihood of the
covariance matrix, its numerical Hessian, the criterion's gradient) at lavaan's
estimates, checked against lavaan's covariance-scale standard errors
(tests/results/lavaan_factor_se.py), and then compared with emstats' delta method
through the rotation, which shares nothing with it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results import lavaan_factor_se as ref
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

import emstats as em
from emstats.models.factor import FactorResults

P, K = 6, 2


def ability() -> np.ndarray:
    return em.datasets.load_ability_cov().to_numpy()


def split(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loadings (p x k, row-major), residual variances and, if present, phi[1, 0]."""
    loadings = theta[:P * K].reshape(P, K)
    psi = theta[P * K:P * K + P]
    phi = np.eye(K)
    if len(theta) > P * K + P:
        phi[0, 1] = phi[1, 0] = theta[-1]
    return loadings, psi, phi


def implied(theta: np.ndarray) -> np.ndarray:
    loadings, psi, phi = split(theta)
    return loadings @ phi @ loadings.T + np.diag(psi)


def loglike(theta: np.ndarray) -> float:
    sigma = implied(theta)
    _, logdet = np.linalg.slogdet(sigma)
    trace = np.trace(np.linalg.solve(sigma, ability()))
    return -0.5 * ref.NOBS * (logdet + trace + P * np.log(2 * np.pi))


def standardised_loadings(theta: np.ndarray) -> np.ndarray:
    return split(theta)[0] / np.sqrt(np.diag(implied(theta)))[:, None]


def varimax_conditions(theta: np.ndarray) -> np.ndarray:
    """Kaiser-normalised varimax is stationary where ``L' G`` is symmetric."""
    a = standardised_loadings(theta)
    a = a / np.linalg.norm(a, axis=1)[:, None]
    gradient = -(a**3 - a * (a**2).mean(axis=0))
    z = a.T @ gradient
    return np.array([z[1, 0] - z[0, 1]])


def quartimin_conditions(theta: np.ndarray) -> np.ndarray:
    """An oblique criterion is stationary where ``L' G = diag(L' G) Phi`` off the
    diagonal (Jennrich 2002, the gradient projected on unit-column rotations)."""
    a = standardised_loadings(theta)
    phi = split(theta)[2]
    gradient = a * ((a**2) @ (np.ones((K, K)) - np.eye(K)))
    z = a.T @ gradient
    excess = z - np.diag(z)[:, None] * phi
    return np.array([excess[1, 0], excess[0, 1]])


def bordered_covariance(theta: np.ndarray,
                        conditions: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Jennrich's constrained covariance: the leading block of the inverse of
    ``[[H, C'], [C, 0]]``, H the observed information, C the conditions' Jacobian."""
    information = -approx_hess3(theta, loglike)
    jac = np.atleast_2d(approx_fprime(theta, conditions, centered=True))
    m = len(jac)
    bordered = np.block([[information, jac.T], [jac, np.zeros((m, m))]])
    return np.linalg.inv(bordered)[:len(theta), :len(theta)]


def delta(function: Callable[[np.ndarray], np.ndarray], theta: np.ndarray,
          cov: np.ndarray) -> np.ndarray:
    jac = approx_fprime(theta, function, centered=True)
    return np.sqrt(np.diag(jac @ cov @ jac.T))


def matched_columns(reference: np.ndarray, loadings: np.ndarray) -> list[int]:
    """For each column of ``loadings``, the column of ``reference`` it estimates."""
    return [int(np.argmax(np.abs(reference.T @ column))) for column in loadings.T]


VARIMAX = np.r_[ref.VARIMAX_LOADINGS, ref.UNROTATED_PSI]
QUARTIMIN = np.r_[ref.QUARTIMIN_LOADINGS, ref.UNROTATED_PSI, ref.QUARTIMIN_PHI]


@pytest.fixture(scope="module")
def fit() -> FactorResults:
    return em.factor(cov=em.datasets.load_ability_cov(), nobs=ref.NOBS, n_factors=2).fit()


def test_the_bordered_information_reproduces_lavaan() -> None:
    # Validates the independent computation itself on lavaan's covariance-scale numbers.
    cov = bordered_covariance(VARIMAX, varimax_conditions)
    assert_allclose(np.abs(varimax_conditions(VARIMAX)), 0, atol=1e-5)
    se = np.sqrt(np.diag(cov))
    assert_allclose(se[:P * K], ref.VARIMAX_LOADINGS_SE, rtol=1e-4)
    assert_allclose(se[P * K:], ref.VARIMAX_PSI_SE, rtol=1e-4)


def test_residual_variance_standard_errors_match_lavaan(fit) -> None:
    psi = [f"psi[{name}]" for name in fit.model.columns]
    assert_allclose(fit.params[psi], ref.UNROTATED_PSI, rtol=1e-6)
    assert_allclose(fit.bse[psi], ref.UNROTATED_PSI_SE, rtol=1e-4)


@pytest.mark.parametrize(("method", "theta", "conditions"),
                         [("varimax", VARIMAX, varimax_conditions),
                          ("oblimin", QUARTIMIN, quartimin_conditions)])
def test_rotated_loading_standard_errors_equal_the_bordered_information(
        fit, method: str, theta: np.ndarray, conditions: Callable) -> None:
    rotated = fit.rotate(method)
    cov = bordered_covariance(theta, conditions)
    expected = delta(lambda t: standardised_loadings(t).ravel(), theta, cov).reshape(P, K)
    columns = matched_columns(standardised_loadings(theta), rotated.loadings.to_numpy())
    assert_allclose(rotated.loadings, np.abs(standardised_loadings(theta)[:, columns])
                    * np.sign(rotated.loadings), atol=1e-5)
    assert_allclose(rotated.loadings_bse, expected[:, columns], rtol=2e-4)


def test_factor_correlation_standard_error_equals_the_bordered_information(fit) -> None:
    rotated = fit.rotate("oblimin")
    cov = bordered_covariance(QUARTIMIN, quartimin_conditions)
    assert rotated.factor_corr.iloc[1, 0] == pytest.approx(ref.QUARTIMIN_PHI, abs=1e-5)
    assert rotated.factor_corr_bse.iloc[1, 0] == pytest.approx(np.sqrt(cov[-1, -1]),
                                                               rel=2e-4)


def test_uniqueness_standard_errors_equal_the_bordered_information(fit) -> None:
    cov = bordered_covariance(VARIMAX, varimax_conditions)

    def uniquenesses(theta: np.ndarray) -> np.ndarray:
        return split(theta)[1] / np.diag(implied(theta))

    assert_allclose(fit.uniquenesses_bse, delta(uniquenesses, VARIMAX, cov), rtol=2e-4)


def two_factor_sample(n: int, seed: int) -> pd.DataFrame:
    loadings = np.array([[.8, .1], [.7, .2], [.75, 0], [.1, .8], [.2, .7], [0, .6]])
    rng = np.random.default_rng(seed)
    unique = np.sqrt(1 - (loadings**2).sum(axis=1))
    values = rng.standard_normal((n, 2)) @ loadings.T + rng.standard_normal((n, 6)) * unique
    return pd.DataFrame(values, columns=list("abcdef"))


@pytest.fixture(scope="module")
def bootstrap_pair() -> tuple[FactorResults, FactorResults]:
    frame = two_factor_sample(800, seed=3)
    oim = em.factor(frame, 2).fit()
    boot = em.factor(frame, 2).fit(cov_type="bootstrap",
                                   cov_kwds={"n_boot": 300, "random_state": 1})
    return oim, boot


@pytest.mark.parametrize("method", ["varimax", "oblimin", "promax"])
def test_aligned_bootstrap_agrees_with_the_delta_method(bootstrap_pair, method: str) -> None:
    # Unaligned replicates (loadings in arbitrary rotations, columns swapped or with
    # flipped signs) give standard errors of the order of the loadings themselves.
    # With n = 800 the two estimators agree to a few percent; the bootstrap standard
    # deviation of a standard error from 300 replicates is about 4%, so the band
    # [0.8, 1.25] is some five of them.
    oim, boot = (res.rotate(method) for res in bootstrap_pair)
    ratios = [boot.loadings_bse / oim.loadings_bse,
              boot.uniquenesses_bse / oim.uniquenesses_bse,
              boot.bse / oim.bse]
    if oim.rotation.phi is not None:
        ratios.append(boot.factor_corr_bse.iloc[[1]] / oim.factor_corr_bse.iloc[[1]])
    for ratio in ratios:
        values = np.asarray(ratio, dtype=float)
        values = values[np.isfinite(values)]
        assert values.size > 0
        assert np.all((values > 0.8) & (values < 1.25)), ratio


def test_closed_form_score_equals_the_numerical_gradient() -> None:
    for model in (em.factor(cov=em.datasets.load_ability_cov(), nobs=112, n_factors=2),
                  em.factor(two_factor_sample(300, seed=4), 2)):
        u = model.to_unconstrained(model.start_params) + 0.05
        numerical = approx_fprime(u, lambda v, m=model: m.loglike(m.from_unconstrained(v)),
                                  centered=True)
        assert_allclose(model.score_unconstrained(u), numerical, rtol=1e-6,
                        atol=1e-6 * np.abs(numerical).max())


# -- Heywood cases: the bound held fixed ------------------------------------------------------
def test_heywood_standard_errors_hold_the_bound_fixed() -> None:
    """Independently: the Hessian of the normal llf of the sample covariance in the free
    parameters only (echelon loadings, the uniquenesses not at the bound), written here
    with numpy at emstats' estimate. The means are orthogonal to them at the MLE."""
    from test_factor import simulated

    frame = simulated(300, 6, 2, seed=5)
    with pytest.warns(em.HeywoodWarning):
        res = em.factor(frame, 2).fit()
    assert res.heywood == ["v0"]
    assert "held fixed" in res.cov_description
    parts = res.model.unpack(np.asarray(res.params))
    sample = np.cov(frame.to_numpy(), rowvar=False, bias=True)
    n, p = len(frame), 6
    q, r = np.linalg.qr(parts.loadings[:2].T)
    echelon = parts.loadings @ (q * np.sign(np.diag(r)))
    free_loadings = np.tril_indices(p, 0, 2)

    def llf(theta: np.ndarray) -> float:
        loadings = np.zeros((p, 2))
        loadings[free_loadings] = theta[:free_loadings[0].size]
        psi = np.concatenate([[parts.psi[0]], theta[free_loadings[0].size:]])
        sigma = loadings @ loadings.T + np.diag(psi)
        _, logdet = np.linalg.slogdet(sigma)
        return -0.5 * n * (logdet + np.trace(np.linalg.solve(sigma, sample)))

    theta = np.concatenate([echelon[free_loadings], parts.psi[1:]])
    cov = np.linalg.inv(-approx_hess3(theta, llf))
    psi_se = np.asarray(res.bse)[-p:]
    assert np.isnan(psi_se[0])  # held fixed at the bound: NaN (issue 17's convention)
    assert res.fixed_params == [res.model.param_names[-p]]
    assert_allclose(psi_se[1:], np.sqrt(np.diag(cov))[-(p - 1):], rtol=1e-5)
    # treating the bound as interior gives other standard errors (0.4% here, far beyond
    # the tolerance above)
    assert np.abs(psi_se[1:] / interior_psi_se(res) - 1).max() > 1e-3


def interior_psi_se(res: FactorResults) -> np.ndarray:
    model = res.model
    u = model.to_unconstrained(np.asarray(res.params))
    info = -approx_hess3(u, lambda v: model.loglike(model.from_unconstrained(v)))
    jac = approx_fprime(u, model.from_unconstrained, centered=True)
    return np.sqrt(np.diag(jac @ np.linalg.inv(info) @ jac.T))[-model.n_features + 1:]
