"""With mclust's conjugate prior, each reported quantity is what its name says: ``llf``
and ``model.loglike`` the log-likelihood, ``log_posterior`` (and the history column of
that name) the objective EM climbs. Expected values are computed here with scipy.stats:
the mixture density, and the normal-inverse-Wishart prior of Fraley & Raftery (2007,
J. Classification 24, eq. 2-3: mu_k | Sigma_k ~ N(m, Sigma_k / kappa),
Sigma_k ~ IW(nu, Psi))."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import invwishart, multivariate_normal

import emstats as em


def mixture_llf(x: np.ndarray, weights: np.ndarray, means: np.ndarray,
                covs: np.ndarray) -> float:
    terms = [np.log(w) + multivariate_normal(m, c).logpdf(x)
             for w, m, c in zip(weights, means, covs, strict=True)]
    return float(logsumexp(np.column_stack(terms), axis=1).sum())


def nniw_log_prior(means: np.ndarray, covs: np.ndarray, m: np.ndarray, kappa: float,
                   nu: float, psi: np.ndarray) -> float:
    return float(sum(multivariate_normal(m, c / kappa).logpdf(mu)
                     + invwishart(df=nu, scale=psi).logpdf(c)
                     for mu, c in zip(means, covs, strict=True)))


def default_hyperparameters(x: np.ndarray, k: int) -> tuple[np.ndarray, float, float,
                                                            np.ndarray]:
    """mclust's defaultPrior for an ellipsoidal model: m = colMeans, kappa = 0.01,
    nu = d + 2, Psi = var(x) / G^(2/d)."""
    d = x.shape[1]
    return x.mean(axis=0), 0.01, d + 2.0, np.cov(x, rowvar=False) / k ** (2.0 / d)


@pytest.fixture(scope="module")
def fit() -> tuple[np.ndarray, em.GaussianMixture, object]:
    rng = np.random.default_rng(17)
    x = np.vstack([rng.normal(size=(25, 2)), rng.normal(size=(15, 2)) * 0.5 + 2.0])
    model = em.gaussian_mixture(x, k=2, covariance="VVV", prior="default")
    return x, model, model.fit(cov_type="none")


def parts(res: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.asarray(res.weights), np.asarray(res.means),  # type: ignore[attr-defined]
            np.asarray(res.covariances))  # type: ignore[attr-defined]


def test_llf_and_loglike_are_the_log_likelihood(fit) -> None:
    x, model, res = fit
    expected = mixture_llf(x, *parts(res))
    assert res.llf == pytest.approx(expected, rel=1e-12)
    assert model.loglike(np.asarray(res.params)) == pytest.approx(expected, rel=1e-12)


def test_log_posterior_adds_the_normalised_prior(fit) -> None:
    x, _, res = fit
    w, means, covs = parts(res)
    prior = nniw_log_prior(means, covs, *default_hyperparameters(x, 2))
    assert res.log_posterior == pytest.approx(mixture_llf(x, w, means, covs) + prior,
                                              rel=1e-12)


def test_history_has_both_columns(fit) -> None:
    x, model, res = fit
    history = res.history
    assert {"llf", "log_posterior"} <= set(history.columns)
    path = res.trace.path
    for i in (0, len(history) - 1):
        w, means, covs = (np.asarray(v) for v in model.unpack(path[i]).__dict__.values())
        expected_llf = mixture_llf(x, w, means, covs)
        assert history["llf"].iloc[i] == pytest.approx(expected_llf, rel=1e-10)
        prior = nniw_log_prior(means, covs, *default_hyperparameters(x, 2))
        assert history["log_posterior"].iloc[i] == pytest.approx(expected_llf + prior,
                                                                 rel=1e-10)


def test_em_climbs_the_log_posterior(fit) -> None:
    """The monotonicity guarantee is for the objective: the log posterior never falls
    (the log-likelihood alone need not rise)."""
    _, _, res = fit
    climb = np.diff(res.history["log_posterior"].to_numpy())
    assert np.all(climb >= -1e-9 * abs(res.log_posterior))


def test_without_a_prior_nothing_changes() -> None:
    rng = np.random.default_rng(3)
    x = np.vstack([rng.normal(size=(30, 2)), rng.normal(size=(30, 2)) + 3.0])
    res = em.gaussian_mixture(x, k=2).fit(cov_type="none")
    assert res.log_posterior is None
    assert "log_posterior" not in res.history.columns
    assert res.llf == pytest.approx(mixture_llf(x, *parts(res)), rel=1e-12)
    assert "llf" in res.starts.columns
