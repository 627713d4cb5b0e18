"""Mixtures of regressions: against mixtools' MLE (R numbers in tests/results/r_mixreg.py,
with the R call), scipy's direct maximisation of the observed llf (common coefficients,
a common variance, concomitant variables), replicated rows for frequency weights;
monotone plain EM on hypothesis-generated data; Stata fmm's tables; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import r_mixreg
from results.monotone import assert_plain_em_monotone
from scipy import optimize, stats
from scipy.special import log_softmax, logsumexp

import emstats as em


@pytest.fixture(scope="module")
def npreg() -> pd.DataFrame:
    return em.datasets.load_npreg()


@pytest.fixture(scope="module")
def gaussian(npreg):
    return em.mixreg("yn ~ x + I(x**2)", npreg, k=2).fit()


def test_gaussian_matches_mixtools_mle(gaussian) -> None:
    res = gaussian
    assert res.llf == pytest.approx(r_mixreg.GAUSSIAN_OPTIM_LOGLIK[0], abs=1e-7)
    assert_allclose(res.params.filter(like="weight"), r_mixreg.GAUSSIAN_LAMBDA, rtol=1e-6)
    beta = np.reshape(r_mixreg.GAUSSIAN_BETA, (2, 3))  # mixtools: one column per class
    coefs = res.model.spec.unpack(np.asarray(res.params))["coefs"]
    assert_allclose(coefs, beta, rtol=1e-5, atol=1e-7)
    assert_allclose(np.sqrt(res.params.filter(like="sigma2")), r_mixreg.GAUSSIAN_SIGMA,
                    rtol=1e-6)


def test_flexmix_sigma_is_not_the_mle(gaussian) -> None:
    """flexmix's Gaussian M-step divides by the class's weight less the rank: its fixed
    point has larger sigmas and a lower llf than the MLE mixtools and scipy agree on."""
    sigma = np.sqrt(gaussian.params.filter(like="sigma2").to_numpy())
    assert np.all(np.asarray(r_mixreg.FLEXMIX_GAUSSIAN_SIGMA) > sigma * 1.005)
    assert gaussian.llf > r_mixreg.FLEXMIX_GAUSSIAN_LOGLIK[0] + 0.01


def test_default_fit_reaches_the_best_maximum_and_reports_its_starts(gaussian) -> None:
    assert len(gaussian.starts) == 10
    assert gaussian.starts["reached_best"].sum() >= 2
    assert "starts reached the best llf" in str(gaussian.summary())


def test_louis_agrees_with_the_observed_information(gaussian) -> None:
    assert_allclose(gaussian.get_robustcov("louis").bse, gaussian.bse, rtol=1e-4)


# -- scipy's direct maximisation -------------------------------------------------------------
def _mixture_llf(theta: np.ndarray, y: np.ndarray, x: np.ndarray, z: np.ndarray,
                 w: np.ndarray, common: bool) -> float:
    """Two classes: ``y ~ N(x b_j + z g, s_j^2)``, class probabilities a logit of ``w``
    (class 0 the base)."""
    p, q, r = x.shape[1], z.shape[1], w.shape[1]
    b = theta[:2 * p].reshape(2, p)
    g = theta[2 * p:2 * p + q]
    log_s = theta[2 * p + q:2 * p + q + (1 if common else 2)]
    logit = theta[len(theta) - r:]
    log_prior = log_softmax(np.column_stack([np.zeros(len(y)), w @ logit]), axis=1)
    sd = np.exp(np.broadcast_to(log_s, (2,)))
    dens = np.column_stack([stats.norm.logpdf(y, x @ b[j] + z @ g, sd[j]) for j in range(2)])
    return float(logsumexp(dens + log_prior, axis=1).sum())


@pytest.mark.parametrize("common", [False, True])
def test_common_coefficients_concomitant_and_scale_match_direct_maximisation(
        npreg, common: bool) -> None:
    res = em.mixreg("yn ~ x", npreg, k=2, fixed="~ I(x**2)", concomitant="~ yb",
                    common_scale=common).fit()
    y = npreg.yn.to_numpy()
    x = np.column_stack([np.ones(len(y)), npreg.x])
    z = (npreg.x.to_numpy() ** 2)[:, None]
    w = np.column_stack([np.ones(len(y)), npreg.yb])
    values = res.model.spec.unpack(np.asarray(res.params))
    coefs, sigma2 = values["coefs"], values["sigma2"][:, 0]
    start = np.concatenate([coefs[:, :2].ravel() + 0.05, coefs[:1, 2] * 1.01,
                            0.5 * np.log(sigma2[:1] if common else sigma2) + 0.05,
                            values["logit"][0] + 0.1])
    best = optimize.minimize(lambda t: -_mixture_llf(t, y, x, z, w, common), start,
                             method="BFGS", options={"gtol": 1e-7})
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    assert_allclose(coefs[:, :2].ravel(), best.x[:4], rtol=1e-4)
    assert coefs[0, 2] == coefs[1, 2]  # one coefficient for both classes
    assert coefs[0, 2] == pytest.approx(best.x[4], rel=1e-4)
    assert_allclose(values["logit"][0], best.x[-2:], rtol=1e-3, atol=1e-4)
    labels = list(res.params.index)
    assert "I(x ** 2)" in labels and "logit[1,yb]" in labels
    assert ("sigma2" in labels) == common


def test_freq_weights_equal_replicated_rows(npreg) -> None:
    counts = np.random.default_rng(0).integers(1, 4, len(npreg))
    replicated = npreg.loc[npreg.index.repeat(counts)].reset_index(drop=True)
    weighted = em.mixreg("yn ~ x", npreg.assign(f=counts), k=2, freq_weights="f")
    unweighted = em.mixreg("yn ~ x", replicated, k=2)
    start = weighted.start_params
    a = weighted.fit(start_params=start, n_starts=1)
    b = unweighted.fit(start_params=start, n_starts=1)
    assert a.nobs == b.nobs == counts.sum()
    assert_allclose(a.params, b.params, rtol=1e-8)
    assert a.llf == pytest.approx(b.llf, rel=1e-12)
    assert_allclose(a.bse, b.bse, rtol=1e-5)


# -- monotone EM ---------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(2, 3), common=st.booleans(),
       fixed=st.booleans(), concomitant=st.booleans())
def test_plain_em_never_lowers_llf(seed: int, k: int, common: bool, fixed: bool,
                                   concomitant: bool) -> None:
    rng = np.random.default_rng(seed)
    n = 120
    frame = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n),
                          "w": rng.normal(size=n)})
    frame["y"] = (np.where(rng.random(n) < 0.5, 1 + 2 * frame.x, -1 - frame.x)
                  + 0.5 * frame.z + rng.normal(scale=0.7, size=n))
    model = em.mixreg("y ~ x", frame, k=k, common_scale=common,
                      fixed="~ z" if fixed else None,
                      concomitant="~ w" if concomitant else None)
    start = model.random_start(np.random.default_rng(seed))
    assert_plain_em_monotone(model, start)


# -- results --------------------------------------------------------------------------
def test_summary_is_laid_out_by_class(gaussian) -> None:
    text = str(gaussian.summary())
    for title in ("Class 0 parameters", "Class 1 parameters", "Class probabilities", "ICL:"):
        assert title in text
    assert "Covariance: inverse observed information" in text


def test_predictions_and_class_quantities(gaussian, npreg) -> None:
    component = gaussian.predict(which="component")
    marginal = gaussian.predict()
    assert component.shape == (len(npreg), 2)
    shares = gaussian.params.filter(like="weight").to_numpy()
    assert_allclose(marginal, component.to_numpy() @ shares, rtol=1e-12)
    posterior = gaussian.posterior
    assert_allclose(posterior.sum(axis=1), 1.0, rtol=1e-12)
    weighted = gaussian.predict(which="posterior-weighted")
    assert_allclose(weighted, np.sum(posterior.to_numpy() * component.to_numpy(), axis=1))
    design = gaussian.model.design
    assert_allclose(gaussian.class_means, design.mean(axis=0) @ np.reshape(
        r_mixreg.GAUSSIAN_BETA, (2, 3)).T, rtol=1e-5)
    # classes are ordered by their mean linear predictor
    assert gaussian.class_means.is_monotonic_increasing


# -- bad input ------------------------------------------------------------------------
@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"k": 0}, ValueError, "k must be a positive integer"),
    ({"k": 2, "family": "negbin"}, ValueError, "family=.negbin. is not available"),
    ({"k": 2, "concomitant": "~ nope"}, ValueError, "nope"),
    ({"k": 2, "fixed": "z"}, ValueError, "one-sided formula"),
    ({"k": 2, "bogus": 1}, TypeError, "bogus"),
    ({"k": 70}, ValueError, "cannot identify 70 classes"),
])
def test_bad_input_is_named(npreg, kwargs: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        em.mixreg("yn ~ x", npreg, **kwargs)


def test_collinear_regressors_are_named(npreg) -> None:
    with pytest.raises(ValueError, match="collinear"):
        em.mixreg("yn ~ x + I(2 * x)", npreg, k=2)


def test_missing_rows_are_dropped_and_reported(npreg) -> None:
    data = npreg.copy()
    data.loc[[3, 7], "yn"] = np.nan
    model = em.mixreg("yn ~ x", data, k=2)
    assert model.nobs == len(data) - 2 and list(model.dropped_rows) == [3, 7]


def test_information_criteria_count_free_parameters(gaussian) -> None:
    """One free class weight (they sum to one), 2 x 3 coefficients, 2 variances."""
    assert gaussian.df_free == 9
    assert gaussian.bic == pytest.approx(-2 * gaussian.llf + np.log(200) * 9, rel=1e-12)
    assert gaussian.aic == pytest.approx(-2 * gaussian.llf + 2 * 9, rel=1e-12)
