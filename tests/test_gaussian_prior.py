"""The conjugate prior (mclust's priorControl) and degenerate solutions."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from results import r_mclust as ref
from scipy.optimize import minimize
from scipy.stats import invwishart, multivariate_normal
from test_gaussian import _unpack_free_vvv, independent_llf, two_clusters

import emstats as em
from emstats.datasets import load_faithful
from emstats.models._prior import MixturePrior


def test_default_prior_fit_matches_mclust_prior_control() -> None:
    faithful = load_faithful()
    start = np.where(faithful["waiting"].to_numpy() < 68, 0, 1)
    model = em.gaussian_mixture(faithful, 2, "VVV", init=start, prior="default")
    hyper = ref.FAITHFUL_VVV_PRIOR_HYPER
    assert model.prior.shrinkage == hyper["shrinkage"]
    assert model.prior.dof == hyper["dof"]
    assert_allclose(model.prior.mean, hyper["mean"], rtol=1e-14)
    assert_allclose(model.prior.scale, hyper["scale"], rtol=1e-13)
    fit = model.fit()
    expected = ref.FAITHFUL_VVV_PRIOR
    assert fit.llf == pytest.approx(expected["loglik"], abs=1e-8)
    assert fit.bic_mclust == pytest.approx(expected["bic"], abs=1e-7)
    assert_allclose(fit.means.to_numpy(), expected["mean"], rtol=1e-9)
    assert_allclose(fit.covariances, expected["sigma"], rtol=1e-8)
    assert_allclose(fit.weights.to_numpy(), expected["pro"], rtol=1e-9)


@pytest.mark.parametrize("shared", [False, True])
def test_map_equals_direct_maximisation_of_the_log_posterior(shared: bool) -> None:
    """EM with the prior (and missing values) reaches the maximum of llf + log prior
    written with scipy's normal and inverse-Wishart densities; for EEE the prior
    applies to each component's (shared) covariance."""
    frame = two_clusters(np.random.default_rng(8), n=90, d=2, missing=0.1)
    values, d, k = frame.to_numpy(), 2, 2
    prior = MixturePrior(0.5, np.array([1.0, -0.5]), 5.0, np.array([[2.0, 0.3], [0.3, 1.0]]))
    res = em.gaussian_mixture(frame, k, "EEE" if shared else "VVV", prior=prior).fit(
        cov_type="none", xtol=1e-12)

    def log_prior(means: np.ndarray, covs: np.ndarray) -> float:
        return sum(multivariate_normal(prior.mean, c / prior.shrinkage).logpdf(m)
                   + invwishart(df=prior.dof, scale=prior.scale).logpdf(c)
                   for m, c in zip(means, covs, strict=True))

    def unpack(theta: np.ndarray):
        if shared:  # one log-Cholesky block, used by both components
            theta = np.concatenate([theta, theta[-3:]])
        return _unpack_free_vvv(theta, k, d)

    def negpost(theta: np.ndarray) -> float:
        w, m, c = unpack(theta)
        return -(independent_llf(values, w, m, c) + log_prior(m, c))

    w, m, c = res.weights.to_numpy(), res.means.to_numpy(), res.covariances
    tri = np.tril_indices(d)
    blocks = [np.linalg.cholesky(ci)[tri] for ci in (c[:1] if shared else c)]
    blocks = [np.where(tri[0] == tri[1], np.log(b), b) for b in blocks]
    theta0 = np.concatenate([np.log(w[1:] / w[0]), m.ravel(), *blocks])
    direct = minimize(negpost, theta0 + 0.05, method="BFGS", options={"gtol": 1e-8})
    _, dm, dc = unpack(direct.x)
    order = np.argsort(dm[:, 0])
    assert -negpost(theta0) >= -direct.fun - 1e-7
    assert_allclose(dm[order], m, atol=1e-4)
    assert_allclose(dc[order], c, atol=1e-4)
    assert res.llf == pytest.approx(independent_llf(values, w, m, c), rel=1e-12)


def _collapsing_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = np.vstack([rng.normal(size=(60, 2)), rng.normal(size=(30, 2)) + np.array([5.0, 0.0]),
                   np.tile([[5.0, 5.0]], (4, 1))])
    return x, np.r_[np.zeros(60), np.ones(30), np.full(4, 2)].astype(int)


def test_collapsed_component_is_flagged_and_the_prior_prevents_it() -> None:
    x, start = _collapsing_data()
    with pytest.warns(em.DegenerateSolutionWarning, match=r"component\(s\) \[2\] collapsed"):
        res = em.gaussian_mixture(x, 3, "VVV", init=start).fit()
    assert res.degenerate and res.degenerate_components == [2]
    assert np.isfinite(res.llf)
    with warnings.catch_warnings():
        warnings.simplefilter("error", em.DegenerateSolutionWarning)
        regular = em.gaussian_mixture(x, 3, "VVV", init=start, prior="default").fit()
    assert not regular.degenerate
    assert np.linalg.eigvalsh(regular.covariances)[:, 0].min() > 1e-3


def test_bad_priors_are_refused() -> None:
    x, _ = _collapsing_data()
    with pytest.raises(ValueError, match="prior must be"):
        em.gaussian_mixture(x, 2, prior="mclust")
    with pytest.raises(ValueError, match="positive definite"):
        MixturePrior(0.01, np.zeros(2), 4.0, -np.eye(2))
    with pytest.raises(ValueError, match="3 means for 2 columns"):
        em.gaussian_mixture(x, 2, prior=MixturePrior(0.01, np.zeros(3), 5.0, np.eye(3)))


def test_bootstrap_lrtest_of_k_against_k_plus_one() -> None:
    """mclustBootstrapLRT's job: the chi-square is invalid (boundary), the parametric
    bootstrap rejects one component for two separated clusters and not for one."""
    from emstats.inference.comparison import BoundaryWarning

    rng = np.random.default_rng(4)
    one = rng.normal(size=(120, 2)) @ np.array([[1.0, 0.4], [0.0, 0.8]])
    two = np.vstack([one[:60], one[60:] + np.array([4.0, 4.0])])
    for data, separated in ((one, False), (two, True)):
        fits = [em.gaussian_mixture(data, k, "VVV").fit() for k in (1, 2)]
        with pytest.warns(BoundaryWarning):
            em.lrtest(*fits)
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # nesting is verified: no warning
            test = em.bootstrap_lrtest(*fits, n_boot=19, random_state=3)
        assert test.df == 6  # mclust's counts: 11 free parameters against 5
        assert test.statistic == pytest.approx(2 * (fits[1].llf - fits[0].llf))
        assert test.n_failed == 0
        if separated:
            assert test.pvalue == pytest.approx(1 / 20)
        else:
            assert test.pvalue > 0.1


def test_multiple_starts_prefer_a_regular_optimum_to_a_degenerate_one() -> None:
    """A collapsed component has an unbounded llf: the starts table flags it and the
    best regular start wins."""
    rng = np.random.default_rng(2)
    x = np.vstack([rng.normal(size=(60, 2)), rng.normal(size=(60, 2)) + np.array([5.0, 0]),
                   np.tile([[2.5, 4.0]], (3, 1))])
    start = np.r_[np.zeros(120), np.ones(3)].astype(int)  # a component on 3 equal rows
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", em.DegenerateSolutionWarning)
        alone = em.gaussian_mixture(x, 2, "VVV", init=start).fit()
    assert alone.degenerate
    with warnings.catch_warnings():
        warnings.simplefilter("error", em.DegenerateSolutionWarning)
        res = em.gaussian_mixture(x, 2, "VVV", init=start).fit(n_starts=4, random_state=0)
    table = res.starts
    assert bool(table.loc[0, "degenerate"])
    assert table.loc[0, "llf"] > res.llf  # the degenerate llf is larger, and not chosen
    assert not res.degenerate
    assert not table.loc[table["reached_best"], "degenerate"].any()
