"""Markov-switching regression and autoregression: the likelihood, the smoother, the
Viterbi path and the forecasts against brute-force enumeration of regime paths; EM
against a direct maximisation; monotone EM; bad input."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pandas as pd
import pytest
from conftest import assert_conf_int_labelled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.stats import norm

import emstats as em

# -- brute force: every regime path of a short series, nothing from emstats ---------------


def _ergodic(p: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eig(p.T)
    v = np.real(vecs[:, np.argmin(np.abs(vals - 1.0))])
    return v / v.sum()


def _brute_force(y, x, coefs, sigma2, ar, mats, variance_lag=0):
    """Every regime path of Hamilton's model at once: ``mats[tau]`` is the matrix of the
    move into tau and S_{-1} ~ ergodic(mats[0]); the likelihood conditions on the first
    ``order`` observations; the innovation at t has the variance of regime S_t (of
    S_{t - variance_lag}, to reproduce statsmodels). Returns llf, smoothed regime
    probabilities, the paths, their posterior weights and their joint log densities."""
    k, order, n = len(sigma2), ar.shape[1], len(y)
    paths = np.array(list(itertools.product(range(k), repeat=n)))
    first = _ergodic(mats[0]) @ mats[0]
    logs = np.log(first[paths[:, 0]])
    for tau in range(1, n):
        logs = logs + np.log(mats[tau][paths[:, tau - 1], paths[:, tau]])
    mean_x = np.einsum("tq,ptq->pt", x, coefs[paths])
    dev = y[None, :] - mean_x
    for t in range(order, n):
        s = paths[:, t]
        mean = mean_x[:, t] + sum(ar[s, lag - 1] * dev[:, t - lag] for lag in range(1, order + 1))
        logs = logs + norm.logpdf(y[t], mean, np.sqrt(sigma2[paths[:, t - variance_lag]]))
    llf = np.logaddexp.reduce(logs)
    weights = np.exp(logs - llf)
    smoothed = np.stack([np.bincount(paths[:, t], weights, k) for t in range(n)])
    return llf, smoothed, [tuple(p) for p in paths], weights, logs


def _matrices(model, params, n):
    p = model.unpack(np.asarray(params))
    mats = model.regime_transitions(p.transition)
    return p, np.broadcast_to(mats, (n, model.k_regimes, model.k_regimes))


VARIANTS = {
    "regression": dict(order=0, switching_variance=True),
    "regression, common slope": dict(order=0, switching=["const"], switching_variance=True),
    "ar1 switching": dict(order=1),
    "ar2 common ar": dict(order=2, switching_ar=False),
    "ar2 switching ar and variance": dict(order=2, switching_variance=True),
    "ar3 common ar, switching variance": dict(order=3, switching_ar=False,
                                              switching_variance=True),
    "ar1 tvtp": dict(order=1, tvtp=True),
    "regression tvtp": dict(order=0, tvtp=True, switching_variance=True),
}


def _simulated(n: int, seed: int, *, slope: bool = True, tvtp: bool = False, k: int = 2):
    rng = np.random.default_rng(seed)
    regimes = np.zeros(n, dtype=int)
    for t in range(1, n):
        stay = 0.9 if rng.random() < 0.9 else 0.5
        regimes[t] = regimes[t - 1] if rng.random() < stay else rng.integers(k)
    x = rng.normal(size=n)
    y = np.array([-1.0, 1.5, 3.0])[regimes] + 0.5 * x * slope + rng.normal(scale=0.7, size=n)
    exog = np.column_stack([np.ones(n), x]) if slope else np.ones((n, 1))
    z = np.column_stack([np.ones(n), rng.normal(size=n)]) if tvtp else None
    names = ["const", "x"] if slope else ["const"]
    return y, pd.DataFrame(exog, columns=names), z


def _model(variant: str, n: int, seed: int, k: int = 2) -> em.MarkovSwitching:
    opts = dict(VARIANTS[variant])
    tvtp = opts.pop("tvtp", False)
    slope = opts["order"] == 0
    y, exog, z = _simulated(n, seed, slope=slope, tvtp=tvtp, k=k)
    return em.MarkovSwitching(y, exog, k, exog_tvtp=z, **opts)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_likelihood_and_smoother_match_enumeration_of_regime_paths(variant: str) -> None:
    model = _model(variant, 13, seed=3)
    rng = np.random.default_rng(5)
    params = model.random_start(rng)
    p, mats = _matrices(model, params, 13)
    llf, smoothed, *_ = _brute_force(model.endog, model.exog, p.coefs, p.sigma2, p.ar, mats)
    assert model.loglike(params) == pytest.approx(llf, abs=1e-10)
    post = model.posterior(params)
    assert post.llf == pytest.approx(llf, abs=1e-10)
    regimes = model.chain.regime_probabilities(post.smoothed)
    np.testing.assert_allclose(regimes, smoothed[model.order:], atol=1e-12)


@pytest.mark.parametrize("variant", ["ar2 switching ar and variance",
                                     "ar3 common ar, switching variance"])
def test_statsmodels_gives_the_innovation_a_lagged_regimes_variance(variant: str) -> None:
    """statsmodels 0.15's MarkovAutoregression with ``switching_variance=True`` and
    ``order >= 2`` computes the likelihood of a model in which the innovation at t has
    the variance of regime S_{t-order+1}, not of S_t (its ``_conditional_loglikelihoods``
    reshapes the variances to ``(k, 1, 1)``, which broadcasts against the residuals'
    ``order + 1`` regime axes at the wrong one): the enumeration with that lag
    reproduces statsmodels' llf, the enumeration of Hamilton's model reproduces
    emstats'. docs/markov_switching.md shows it on GDP growth. (If statsmodels is
    fixed, its llf is emstats'.)"""
    from statsmodels.tsa.regime_switching.markov_autoregression import MarkovAutoregression

    model = _model(variant, 13, seed=3)
    params = model.random_start(np.random.default_rng(5))
    p, mats = _matrices(model, params, 13)
    reference = MarkovAutoregression(model.endog, k_regimes=2, order=model.order,
                                     switching_ar=model.switching_ar,
                                     switching_variance=True)
    assert reference.param_names == model.param_names
    hamilton = _brute_force(model.endog, model.exog, p.coefs, p.sigma2, p.ar, mats)[0]
    lagged = _brute_force(model.endog, model.exog, p.coefs, p.sigma2, p.ar, mats,
                          variance_lag=model.order - 1)[0]
    assert abs(hamilton - lagged) > 1e-4  # the two models differ on these data
    assert model.loglike(params) == pytest.approx(hamilton, abs=1e-10)
    statsmodels_llf = reference.loglike(params)
    assert (statsmodels_llf == pytest.approx(lagged, abs=1e-10)
            or statsmodels_llf == pytest.approx(hamilton, abs=1e-10))


@pytest.mark.parametrize("switching_ar", [False, True])
def test_three_regimes_match_statsmodels(switching_ar: bool) -> None:
    """statsmodels' MarkovAutoregression is an independent implementation of the same
    likelihood (Hamilton filter in log space). With a switching variance and order >= 2
    its likelihood is another model's (next test), so the comparison is at order 1."""
    from statsmodels.tsa.regime_switching.markov_autoregression import MarkovAutoregression

    y, _, _ = _simulated(120, 4, slope=False, k=3)
    model = em.MarkovSwitching(y, None, 3, order=1, switching_ar=switching_ar,
                               switching_variance=True)
    reference = MarkovAutoregression(y, k_regimes=3, order=1, switching_ar=switching_ar,
                                     switching_variance=True)
    assert model.param_names == reference.param_names
    params = model.random_start(np.random.default_rng(2))
    assert model.loglike(params) == pytest.approx(reference.loglike(params), abs=1e-8)
    smoothed = reference.smooth(params).smoothed_marginal_probabilities
    regimes = model.chain.regime_probabilities(model.posterior(params).smoothed)
    np.testing.assert_allclose(regimes, smoothed, atol=1e-8)


@pytest.mark.parametrize("variant", ["ar1 switching", "regression tvtp"])
def test_viterbi_path_is_the_most_likely_path(variant: str) -> None:
    model = _model(variant, 11, seed=8)
    params = model.random_start(np.random.default_rng(1))
    p, mats = _matrices(model, params, 11)
    _, _, paths, _, logs = _brute_force(model.endog, model.exog, p.coefs, p.sigma2, p.ar, mats)
    best = np.array(paths[int(np.argmax(logs))])
    res = _results_at(model, params)
    np.testing.assert_array_equal(res.regime_path.to_numpy(), best[model.order:])


def _results_at(model: em.MarkovSwitching, params: np.ndarray):
    return model.smooth(params, cov_type="none")


@pytest.mark.parametrize("order", [0, 1, 2])
def test_forecasts_match_enumeration(order: int) -> None:
    """E[y_{T+h} | data] from the joint posterior of all regime paths, including the
    future ones, with the conditional mean propagated along each path."""
    n, steps = 10, 3
    y, exog, _ = _simulated(n, 11, slope=False)
    model = em.MarkovSwitching(y, exog, 2, order=order, switching_ar=False)
    params = model.random_start(np.random.default_rng(4))
    p, mats = _matrices(model, params, n)
    _, _, paths, weights, _ = _brute_force(y, exog.to_numpy(), p.coefs, p.sigma2, p.ar, mats)
    expected = np.zeros(steps)
    prob_future = np.zeros((steps, 2))
    for path, w in zip(paths, weights, strict=True):
        for future in itertools.product(range(2), repeat=steps):
            full = list(path) + list(future)
            w_future = w * np.prod([mats[0][full[n + h - 1], full[n + h]] for h in range(steps)])
            dev = [y[t] - p.coefs[full[t], 0] for t in range(n)]
            for h in range(steps):
                s = full[n + h]
                mean_dev = sum(p.ar[s, lag - 1] * dev[n + h - lag] for lag in range(1, order + 1))
                dev.append(mean_dev)
                expected[h] += w_future * (p.coefs[s, 0] + mean_dev)
                prob_future[h, s] += w_future
    forecast = _results_at(model, params).forecast(steps)
    np.testing.assert_allclose(forecast["mean"], expected, atol=1e-10)
    np.testing.assert_allclose(forecast[[0, 1]], prob_future, atol=1e-12)


# -- EM ------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["regression", "regression, common slope",
                                     "ar1 switching", "ar1 tvtp"])
def test_em_optimum_equals_direct_maximisation(variant: str) -> None:
    model = _model(variant, 300, seed=21)
    res = model.fit(cov_type="none")
    u_hat = model.to_unconstrained(np.asarray(res.params))
    direct = minimize(lambda u: -model.loglike(model.from_unconstrained(u)), u_hat + 0.05,
                      method="BFGS", options={"gtol": 1e-7, "maxiter": 2000})
    assert -direct.fun <= res.llf + 1e-6
    assert -direct.fun == pytest.approx(res.llf, abs=1e-5)
    np.testing.assert_allclose(model.from_unconstrained(direct.x), res.params, atol=2e-3)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), variant=st.sampled_from(list(VARIANTS)))
def test_em_never_lowers_the_likelihood(seed: int, variant: str) -> None:
    model = _model(variant, 60, seed=seed)
    params = model.random_start(np.random.default_rng(seed))
    previous = -np.inf
    for _ in range(15):
        stats, llf = model.e_step(params)
        assert llf >= previous - 1e-8 * (1.0 + abs(llf))
        previous = llf
        params = model.m_step(stats, params)


def _three_regime_series(seed: int, n: int = 300) -> np.ndarray:
    """An MS-AR(1) with three regimes (staying probability 0.9), regime means -1, 0.5,
    2 and deviations 0.5, 1, 0.7: where SQUAREM's trial points used to leave the
    parameter space."""
    rng = np.random.default_rng(seed)
    stay = np.full((3, 3), 0.05) + 0.85 * np.eye(3)
    regimes = np.zeros(n, dtype=int)
    for t in range(1, n):
        regimes[t] = rng.choice(3, p=stay[regimes[t - 1]])
    mean, sd = np.array([-1.0, 0.5, 2.0]), np.array([0.5, 1.0, 0.7])
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = (mean[regimes[t]] + 0.3 * (y[t - 1] - mean[regimes[t - 1]])
                + sd[regimes[t]] * rng.normal())
    return y


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("seed", range(10))
def test_default_three_regime_fits_never_raise(seed: int) -> None:
    """Issue 20's crashes: on these ten series 4 default fits raised (seeds 5 and 8: an
    implied last transition probability below zero by round-off, then an initial
    distribution with negative entries; 9: the same in the logits; 7: a SQUAREM trial
    point with a zero variance). Now round-off is read as zero, trial points outside the
    parameter space are rejected (``InfeasibleParametersError``), and every fit returns
    a finite llf at least the default start's."""
    y = _three_regime_series(seed)
    model = em.MarkovSwitching(y, k_regimes=3, order=seed % 3,
                               switching_variance=bool(seed % 2))
    res = model.fit(cov_type="none")
    assert np.isfinite(res.llf) and np.all(np.isfinite(res.params))
    assert res.llf >= model.loglike(model.start_params)


def test_an_implied_transition_probability_below_zero_by_round_off_is_zero() -> None:
    from emstats.models.latent.markov import complete_rows

    free = np.array([[0.7, 0.3 + 2e-16], [0.2, 0.3]])
    full = complete_rows(free)
    assert full[0, -1] == 0.0 and full[1, -1] == pytest.approx(0.5)
    assert complete_rows(np.array([[0.7, 0.4]]))[0, -1] < 0  # not round-off: kept


def test_regimes_are_labelled_by_ascending_mean() -> None:
    model = _model("ar1 switching", 200, seed=2)
    res = model.fit(cov_type="none")
    assert res.params["const[0]"] < res.params["const[1]"]
    swapped = model.relabel(model.unpack(np.asarray(res.params)), np.array([1, 0]))
    assert model.canonical_params(model.pack(swapped)) == pytest.approx(np.asarray(res.params))
    assert model.loglike(model.pack(swapped)) == pytest.approx(res.llf, abs=1e-9)


def test_tvtp_relabelling_keeps_the_likelihood() -> None:
    model = _model("ar1 tvtp", 80, seed=5, k=3)
    params = model.random_start(np.random.default_rng(0))
    perm = np.array([2, 0, 1])
    swapped = model.pack(model.relabel(model.unpack(params), perm))
    assert model.loglike(swapped) == pytest.approx(model.loglike(params), abs=1e-9)


# -- results ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rgnp_fit():
    data = em.datasets.load_rgnp()
    return em.markov_switching("rgnp ~ 1", data, 2, order=4, switching_ar=False).fit()


def test_results_are_labelled_like_the_data(rgnp_fit) -> None:
    res = rgnp_fit
    data = em.datasets.load_rgnp()
    assert list(res.smoothed_probabilities.index) == list(data.index[4:])
    np.testing.assert_allclose(res.smoothed_probabilities.sum(axis=1), 1.0)
    assert res.transition_matrix.shape == (2, 2)
    np.testing.assert_allclose(res.transition_matrix.sum(axis=1), 1.0)
    durations = 1.0 / (1.0 - np.diag(res.transition_matrix))
    np.testing.assert_allclose(res.expected_durations, durations)
    assert res.expected_durations_bse.gt(0).all()
    assert 0 <= res.regime_classification_measure <= 100
    assert res.regime_path.isin([0, 1]).all()
    text = res.summary().as_text()
    assert "Expected durations" in text and "RCM" in text


def test_model_and_results_pickle(rgnp_fit) -> None:
    res = rgnp_fit
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_series_equal(back.params, res.params)
    model = pickle.loads(pickle.dumps(res.model))
    assert model.loglike(np.asarray(res.params)) == pytest.approx(res.llf, rel=1e-12)


@pytest.mark.parametrize("method", ["wald", "percentile"])
def test_conf_int_is_labelled_by_param_names(rgnp_fit, method: str) -> None:
    assert_conf_int_labelled(rgnp_fit, method)


def test_bootstrap_of_a_time_series_is_parametric(rgnp_fit) -> None:
    with pytest.raises(NotImplementedError, match="time dependence"):
        rgnp_fit.model.resample(np.arange(10))


# -- bad input -------------------------------------------------------------------------------


def test_bad_input_is_named() -> None:
    y, exog, _ = _simulated(50, 1)
    with pytest.raises(ValueError, match="k_regimes must be an integer of at least 2"):
        em.MarkovSwitching(y, exog, 1)
    with pytest.raises(ValueError, match="remain for"):
        em.MarkovSwitching(y[:12], exog[:12], 2, order=4)
    with pytest.raises(ValueError, match="constant"):
        em.MarkovSwitching(np.ones(50), exog, 2)
    gappy = y.copy()
    gappy[20] = np.nan
    with pytest.raises(ValueError, match="consecutive observations"):
        em.MarkovSwitching(gappy, exog, 2)
    with pytest.raises(ValueError, match="exog_tvtp has 49 rows"):
        em.MarkovSwitching(y, exog, 2, exog_tvtp=np.ones((49, 1)))
    with pytest.raises(ValueError, match="not regressors"):
        em.MarkovSwitching(y, exog, 2, switching=["z"])


def test_formula_drops_leading_missing_rows_and_rejects_interior_gaps() -> None:
    y, exog, _ = _simulated(60, 2)
    frame = pd.DataFrame({"y": y, "x": exog["x"]})
    frame["y_lag"] = frame["y"].shift(1)
    model = em.markov_switching("y ~ y_lag", frame, 2)
    assert model.nobs == 59
    frame.loc[30, "y"] = np.nan
    with pytest.raises(ValueError, match="consecutive observations"):
        em.markov_switching("y ~ x", frame, 2)
    frame.loc[30, "y"] = 0.0
    frame.loc[30, "x"] = np.nan
    with pytest.raises(ValueError, match="consecutive observations"):
        em.markov_switching("y ~ x", frame, 2)


def test_caller_data_is_not_modified() -> None:
    y, exog, z = _simulated(80, 3, tvtp=True)
    frame = pd.DataFrame({"y": y, "x": exog["x"], "z": z[:, 1]})
    before = frame.copy()
    em.markov_switching("y ~ x", frame, 2, exog_tvtp="1 + z").fit(n_starts=1, cov_type="none")
    pd.testing.assert_frame_equal(frame, before)


# -- Louis' information from the chain's and the emission's complete-data pieces -------------
@pytest.mark.parametrize("variant", ["regression", "ar1 switching", "ar2 common ar",
                                     "ar1 tvtp", "regression tvtp"])
def test_louis_equals_the_numerical_observed_information(variant: str) -> None:
    # Louis (1982): E[I_c | y] - Var[S_c | y] is the observed information, which oim
    # differentiates numerically from the observed-data llf (the prediction-error
    # decomposition of the Hamilton filter).
    model = _model(variant, 250, seed=4)
    res = model.fit(cov_type="oim")
    louis = res.get_robustcov("louis")
    assert louis.cov_type == "louis"
    expected = np.asarray(res.cov_params())
    np.testing.assert_allclose(np.asarray(louis.cov_params()), expected, rtol=2e-4,
                               atol=2e-6 * np.abs(expected).max())
