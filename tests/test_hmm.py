"""The Gaussian HMM: against hmmlearn, brute force and direct maximisation; monotone EM;
inference; inputs."""

from __future__ import annotations

import itertools
import pickle
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from conftest import assert_conf_int_labelled
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from results import hmmlearn_reference as ref
from scipy.optimize import minimize
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

import emstats as em
from emstats.engine import ConvergenceMonitor, MonotonicityWarning, run_em
from emstats.engine.em import NumericalTroubleWarning
from emstats.models.hmm import GaussianHMM, SingleSequenceError

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover
    threadpool_limits = None


@pytest.fixture(autouse=True, scope="module")
def _single_blas_thread() -> Iterator[None]:
    """BLAS threads are pure overhead on the tiny matrices here, and on a loaded machine
    their start-up makes a 2 x 2 triangular solve take milliseconds."""
    if threadpool_limits is None:  # pragma: no cover
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


# -- independent implementations (numpy and scipy only) ------------------------------------
def row_log_densities(values: np.ndarray, means, covs) -> np.ndarray:
    """log phi of each row's observed entries under each state (rows x k), by scipy;
    rows with nothing observed get 0."""
    observed = ~np.isnan(values)
    out = np.zeros((len(values), len(means)))
    for key in np.unique(observed, axis=0):
        if not key.any():
            continue
        rows = (observed == key).all(axis=1)
        for j, (m, c) in enumerate(zip(means, covs, strict=True)):
            out[rows, j] = multivariate_normal(m[key], c[np.ix_(key, key)]).logpdf(
                values[rows][:, key])
    return out


def brute_llf(values, lengths, startprob, transmat, means, covs) -> float:
    """The scaled forward algorithm (Rabiner 1989), sequence by sequence, in numpy."""
    dens = row_log_densities(values, means, covs)
    shift = dens.max(axis=1, keepdims=True)
    emission = np.exp(dens - shift)
    total, start = float(shift.sum()), 0
    for n in lengths:
        alpha = startprob * emission[start]
        for t in range(start + 1, start + n):
            scale = alpha.sum()
            total += np.log(scale)
            alpha = (alpha / scale) @ transmat * emission[t]
        total += np.log(alpha.sum())
        start += n
    return total


def enumerate_paths(values, startprob, transmat, means, covs):
    """Every state path of one short sequence and its log joint probability."""
    dens = row_log_densities(values, means, covs)
    k, n = len(startprob), len(values)
    paths = np.array(list(itertools.product(range(k), repeat=n)))
    logp = np.log(startprob)[paths[:, 0]] + dens[0, paths[:, 0]]
    for t in range(1, n):
        logp += np.log(transmat)[paths[:, t - 1], paths[:, t]] + dens[t, paths[:, t]]
    return paths, logp


def simulate_chain(rng, lengths, transmat, means, chol, missing=0.0):
    k, d = means.shape
    states = []
    for n in lengths:
        s = [int(rng.integers(k))]
        for _ in range(n - 1):
            s.append(int(rng.choice(k, p=transmat[s[-1]])))
        states += s
    states = np.array(states)
    x = means[states] + rng.standard_normal((len(states), d)) @ chol.T
    if missing:
        x[rng.random(x.shape) < missing] = np.nan
    return x, states


def two_state_data(seed: int = 0, lengths=(60, 50, 40, 50), missing: float = 0.1):
    rng = np.random.default_rng(seed)
    trans = np.array([[0.85, 0.15], [0.2, 0.8]])
    means = np.array([[0.0, 0.0], [2.5, 1.5]])
    x, _ = simulate_chain(rng, lengths, trans, means, np.array([[1.0, 0.0], [0.5, 0.8]]),
                          missing)
    return pd.DataFrame(x, columns=["a", "b"]), list(lengths)


def hmmlearn_params(model: GaussianHMM, cov: str, startprob, transmat, means, covars):
    """emstats' parameter vector from hmmlearn's storage of the covariances."""
    means = np.asarray(means, dtype=float)
    k, d = means.shape
    covars = np.asarray(covars, dtype=float)
    if cov == "full":
        covs = covars
    elif cov == "tied":
        covs = np.broadcast_to(covars, (k, d, d))
    elif cov == "diag":
        covs = covars[:, :, None] * np.eye(d)
    else:
        variances = covars if covars.ndim == 1 else covars[:, 0]
        covs = variances[:, None, None] * np.eye(d)
    from emstats.models.hmm import HMMParams

    return model.pack(HMMParams(np.asarray(startprob), np.asarray(transmat),
                                np.asarray(means), np.array(covs)))


# -- hmmlearn ----------------------------------------------------------------------------------
@pytest.mark.parametrize("cov", ["full", "diag", "spherical", "tied"])
def test_llf_equals_hmmlearn_score(cov: str) -> None:
    x, lengths = ref.reference_data()
    model = em.GaussianHMM(x, 3, cov, lengths=lengths)
    params = hmmlearn_params(model, cov, ref.STARTPROB, ref.TRANSMAT, ref.MEANS, ref.COVARS[cov])
    assert model.loglike(params) == pytest.approx(ref.SCORE[cov], rel=1e-12)
    p = model.unpack(params)
    assert brute_llf(x, lengths, p.startprob, p.transition, p.means,
                     p.covariances) == pytest.approx(ref.SCORE[cov], rel=1e-12)


@pytest.mark.parametrize("cov", ["full", "diag", "spherical", "tied"])
def test_baum_welch_iterates_equal_hmmlearn(cov: str) -> None:
    """Five plain EM steps from the same start give hmmlearn's (prior-free) iterates."""
    x, lengths = ref.reference_data()
    model = em.GaussianHMM(x, 3, cov, lengths=lengths)
    start = hmmlearn_params(model, cov, ref.STARTPROB, ref.TRANSMAT, ref.MEANS, ref.COVARS[cov])
    trace = run_em(model, start, accel=None, monitor=ConvergenceMonitor(maxiter=5, xtol=1e-300))
    five = ref.FIVE_ITERATIONS[cov]
    expected = hmmlearn_params(model, cov, five["startprob"], five["transmat"], five["means"],
                               five["covars"])
    assert_allclose(trace.params, expected, rtol=1e-9, atol=1e-12)
    assert_allclose(trace.history["llf"], five["history"], rtol=1e-12)


def test_reference_data_reproduce() -> None:
    x, lengths = ref.reference_data()
    assert x.shape == (150, 2) and lengths == [60, 40, 50]
    assert_allclose(x[0], ref.FIRST_ROW, rtol=1e-15)
    assert_allclose(x[-1], ref.LAST_ROW, rtol=1e-15)


# -- direct maximisation -------------------------------------------------------------------------
def _free_to_natural(theta: np.ndarray, k: int, d: int):
    """Softmax logits of the start and transition rows, means, log-Cholesky factors."""
    def softmax(v):
        v = np.concatenate([[0.0], v])
        return np.exp(v - logsumexp(v))
    pos = 0
    startprob = softmax(theta[pos:pos + k - 1])
    pos += k - 1
    transmat = np.array([softmax(theta[pos + i * (k - 1):pos + (i + 1) * (k - 1)])
                         for i in range(k)])
    pos += k * (k - 1)
    means = theta[pos:pos + k * d].reshape(k, d)
    pos += k * d
    tri = np.tril_indices(d)
    covs = []
    for part in theta[pos:].reshape(k, -1):
        chol = np.zeros((d, d))
        chol[tri] = part
        chol[np.diag_indices(d)] = np.exp(np.diag(chol))
        covs.append(chol @ chol.T)
    return startprob, transmat, means, np.array(covs)


def _natural_to_free(startprob, transmat, means, covs) -> np.ndarray:
    d = means.shape[1]
    tri = np.tril_indices(d)
    parts = [np.log(startprob[1:] / startprob[0])]
    parts += [np.log(row[1:] / row[0]) for row in transmat]
    parts.append(means.ravel())
    for c in covs:
        chol = np.linalg.cholesky(c)
        parts.append(np.where(tri[0] == tri[1], np.log(np.abs(chol[tri])), chol[tri]))
    return np.concatenate(parts)


@pytest.mark.filterwarnings("ignore:.*every value missing:UserWarning")
def test_em_optimum_equals_direct_maximisation_with_missing_values() -> None:
    frame, lengths = two_state_data(seed=3, lengths=(40,) * 8, missing=0.15)
    values = frame.to_numpy()
    res = em.hmm(frame, 2, lengths=lengths).fit(cov_type="none")
    p = res.model.unpack(np.asarray(res.params))
    assert res.converged and not res.boundary
    assert res.llf == pytest.approx(brute_llf(values, lengths, p.startprob, p.transition,
                                              p.means, p.covariances), rel=1e-12)

    def negllf(theta: np.ndarray) -> float:
        return -brute_llf(values, lengths, *_free_to_natural(theta, 2, 2))

    theta0 = _natural_to_free(p.startprob, p.transition, p.means, p.covariances)
    direct = minimize(negllf, theta0 + 0.05, method="BFGS", options={"gtol": 1e-6})
    assert -direct.fun == pytest.approx(res.llf, abs=1e-6)
    assert res.llf >= -direct.fun - 1e-8
    startprob, transmat, means, covs = _free_to_natural(direct.x, 2, 2)
    assert_allclose(transmat, p.transition, atol=2e-4)
    assert_allclose(means, p.means, atol=2e-4)
    assert_allclose(covs, p.covariances, atol=5e-4)
    assert_allclose(startprob, p.startprob, atol=2e-3)


@pytest.mark.filterwarnings("ignore:.*every value missing:UserWarning")
def test_single_sequence_start_is_a_vertex_held_for_inference() -> None:
    """With one sequence the llf is linear in the start probabilities: their MLE is a
    vertex, EM converges there, and the other standard errors are those of the
    observed information with the start fixed (numerical Hessian in the test's own
    parametrisation)."""
    frame, _ = two_state_data(seed=4, lengths=(300,), missing=0.1)
    res = em.hmm(frame, 2).fit()
    assert res.converged
    assert sorted(res.startprob.tolist()) == [0.0, 1.0]
    assert res.boundary == [f"start[{int(np.argmin(res.startprob))}]"]
    assert np.isnan(res.bse[:2]).all() and np.isfinite(res.bse[2:]).all()
    p = res.model.unpack(np.asarray(res.params))
    values = frame.to_numpy()
    from statsmodels.tools.numdiff import approx_hess3

    def llf(theta: np.ndarray) -> float:
        trans = np.array([[1 - theta[0], theta[0]], [theta[1], 1 - theta[1]]])
        means = theta[2:6].reshape(2, 2)
        covs = []
        for part in (theta[6:9], theta[9:12]):
            covs.append(np.array([[part[0], part[1]], [part[1], part[2]]]))
        return brute_llf(values, [300], p.startprob, trans, means, covs)

    lower = np.tril_indices(2)
    theta = np.concatenate([[p.transition[0, 1], p.transition[1, 0]], p.means.ravel(),
                            *(c[lower] for c in p.covariances)])
    se = np.sqrt(np.diag(np.linalg.inv(-approx_hess3(theta, llf))))
    bse = np.asarray(res.bse)
    assert_allclose(bse[[3, 4]], se[:2], rtol=2e-3)  # p[0->1], p[1->0]
    assert_allclose(bse[6:], se[2:], rtol=2e-3)


# -- monotone EM ---------------------------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000),
       cov=st.sampled_from(["full", "diag", "spherical", "tied", "VEV", "EEI"]),
       k=st.integers(2, 3), missing=st.sampled_from([0.0, 0.2]),
       n_sequences=st.sampled_from([1, 3]),
       weights=st.sampled_from([None, "freq_weights", "sampling_weights"]))
def test_plain_em_never_lowers_llf(seed: int, cov: str, k: int, missing: float,
                                   n_sequences: int, weights: str | None) -> None:
    """The llf (with case weights of the sequences: the weighted llf) never falls along
    plain EM."""
    rng = np.random.default_rng(seed)
    lengths = [int(n) for n in rng.integers(15, 40, size=n_sequences)]
    x = rng.normal(size=(sum(lengths), 2)) * rng.uniform(0.5, 3, 2)
    x += (rng.random(len(x)) < 0.5)[:, None] * 3.0
    x[rng.random(x.shape) < missing] = np.nan
    given = {} if weights is None else {weights: (
        rng.integers(1, 5, n_sequences) if weights == "freq_weights"
        else rng.uniform(0.2, 5, n_sequences))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # all-missing rows
        model = em.GaussianHMM(x, k, cov, lengths=lengths, **given)
    start = model.random_start(np.random.default_rng(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        warnings.simplefilter("ignore", NumericalTroubleWarning)  # a state may collapse
        trace = run_em(model, start, accel=None, monitor=ConvergenceMonitor(maxiter=40))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-9 * np.abs(llf[:-1]))


# -- missing values, posteriors, Viterbi ------------------------------------------------------
def _short_series():
    rng = np.random.default_rng(8)
    x = rng.normal(size=(7, 2)) + np.array([[0, 0], [2, 1], [2, 1], [0, 0], [-1, 2],
                                           [-1, 2], [0, 0]])
    x[1, 0] = np.nan
    x[4, 1] = np.nan
    x[5] = np.nan  # a time step without an observation
    params = dict(startprob=np.array([0.5, 0.3, 0.2]),
                  transmat=np.array([[0.7, 0.2, 0.1], [0.15, 0.7, 0.15], [0.2, 0.2, 0.6]]),
                  means=np.array([[0.0, 0.0], [2.0, 1.0], [-1.0, 2.0]]),
                  covs=np.array([[[1.0, 0.3], [0.3, 1.2]], [[0.8, 0.0], [0.0, 0.5]],
                                 [[1.5, -0.4], [-0.4, 0.9]]]))
    return x, params


def _model_and_params(x, params):
    from emstats.models.hmm import HMMParams

    with pytest.warns(UserWarning, match="1 row"):
        model = em.GaussianHMM(x, 3)
    vector = model.pack(HMMParams(params["startprob"], params["transmat"], params["means"],
                                  params["covs"]))
    return model, vector


def test_llf_posteriors_and_viterbi_equal_enumeration_with_missing_values() -> None:
    x, params = _short_series()
    model, vector = _model_and_params(x, params)
    paths, logp = enumerate_paths(x, *params.values())
    assert model.loglike(vector) == pytest.approx(logsumexp(logp), rel=1e-12)
    assert model.loglike(vector) == pytest.approx(brute_llf(x, [7], *params.values()),
                                                  rel=1e-12)
    posterior = np.exp(logp - logsumexp(logp))
    marginals = np.array([[posterior[paths[:, t] == j].sum() for j in range(3)]
                          for t in range(7)])
    post = model.posterior(vector)
    assert_allclose(post.smoothed, marginals, atol=1e-12)
    pairs = np.zeros((3, 3))
    for t in range(1, 7):
        np.add.at(pairs, (paths[:, t - 1], paths[:, t]), posterior)
    assert_allclose(post.pair_counts, pairs, atol=1e-12)
    from emstats.models._forward_backward import viterbi

    path, log_prob = viterbi(model.log_emission(vector), params["startprob"],
                             params["transmat"])
    assert_allclose(path, paths[np.argmax(logp)])
    assert log_prob == pytest.approx(logp.max(), rel=1e-12)


def test_results_decode_is_the_most_probable_path() -> None:
    frame, lengths = two_state_data(seed=5, lengths=(9, 8, 200), missing=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = em.hmm(frame, 2, lengths=lengths).fit(cov_type="none")
    p = res.model.unpack(np.asarray(res.params))
    decoded = res.decode()
    values = frame.to_numpy()
    for lo, n in ((0, 9), (9, 8)):
        paths, logp = enumerate_paths(values[lo:lo + n], p.startprob, p.transition, p.means,
                                      p.covariances)
        assert_allclose(decoded.iloc[lo:lo + n], paths[np.argmax(logp)])
    assert (res.predict() == decoded).all()


def test_m_step_uses_the_conditional_covariance_of_missing_entries() -> None:
    """Q(new) >= Q(old) with the statistics at old, and the EM map's fixed point is a
    stationary point of the brute-force llf (checked by the direct optimum above);
    here: one EM step raises the independent llf on data with many missing cells."""
    frame, lengths = two_state_data(seed=6, lengths=(80, 80), missing=0.35)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model = em.GaussianHMM(frame, 2, lengths=lengths)
    values = frame.to_numpy()
    params = model.start_params
    for _ in range(5):
        stats, llf = model.e_step(params)
        new = model.m_step(stats, params)
        assert model.expected_complete_loglike(new, stats, params) >= (
            model.expected_complete_loglike(params, stats, params) - 1e-9)
        p_old, p_new = model.unpack(params), model.unpack(new)
        before = brute_llf(values, lengths, p_old.startprob, p_old.transition, p_old.means,
                           p_old.covariances)
        assert llf == pytest.approx(before, rel=1e-12)
        after = brute_llf(values, lengths, p_new.startprob, p_new.transition, p_new.means,
                          p_new.covariances)
        assert after >= before - 1e-9
        params = new


# -- inference ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def moderate_fit():
    frame, lengths = two_state_data(seed=11, lengths=(150, 150), missing=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return em.hmm(frame, 2, lengths=lengths).fit()


def test_louis_and_sem_agree_with_the_observed_information(moderate_fit) -> None:
    res = moderate_fit
    assert res.cov_type == "oim"
    ok = np.isfinite(np.asarray(res.bse))
    assert ok.sum() >= len(ok) - 2
    louis = res.get_robustcov("louis")
    assert_allclose(np.asarray(louis.bse)[ok], np.asarray(res.bse)[ok], rtol=1e-4)
    sem = res.get_robustcov("sem")
    assert_allclose(np.asarray(sem.bse)[ok], np.asarray(res.bse)[ok], rtol=1e-3)
    fraction = res.missing_information.dropna()
    assert len(fraction) == ok.sum() and fraction.between(-1e-6, 1.0).all()


def test_louis_with_one_sequence_and_tied_covariances() -> None:
    frame, _ = two_state_data(seed=12, lengths=(250,), missing=0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = em.hmm(frame, 2, "tied").fit()
    ok = np.isfinite(np.asarray(res.bse))
    assert_allclose(np.asarray(res.get_robustcov("louis").bse)[ok], np.asarray(res.bse)[ok],
                    rtol=1e-4)


def test_parametric_bootstrap_matches_oim_within_monte_carlo_error() -> None:
    rng = np.random.default_rng(21)
    lengths = [200, 200, 200]
    x, _ = simulate_chain(rng, lengths, np.array([[0.9, 0.1], [0.15, 0.85]]),
                          np.array([[0.0, 0.0], [3.0, 2.0]]),
                          np.array([[1.0, 0.0], [0.5, 0.8]]), 0.1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = em.hmm(pd.DataFrame(x, columns=["a", "b"]), 2, lengths=lengths).fit()
    assert not res.boundary
    boot = res.get_robustcov("bootstrap", {"n_boot": 60, "kind": "parametric",
                                           "random_state": 1})
    ratio = np.asarray(boot.bse) / np.asarray(res.bse)
    # 60 replicates: the SE of an SE is about 9%; allow more than three of them
    assert np.all((ratio > 0.7) & (ratio < 1.3)), ratio
    reps = boot.cov_extras["replicates"]
    assert reps.shape == (60, len(res.params))
    assert_allclose(reps[:, :2].sum(axis=1), 1.0)  # full vectors: probabilities sum to one
    # singular in R^k_params, positive definite in the free directions (as the OIM's):
    # each of the two entries of a probability vector gets the same SE
    assert boot.cov_positive_definite
    bse = boot.bse
    for pair in (["start[0]", "start[1]"], ["p[0->0]", "p[0->1]"], ["p[1->0]", "p[1->1]"]):
        assert bse[pair[0]] == pytest.approx(bse[pair[1]], rel=1e-8)


def test_sequence_bootstrap_matches_oim_with_many_sequences() -> None:
    """The nonparametric bootstrap resamples whole sequences; with a diagonal structure
    (constant off-diagonal entries) and 40 sequences its SEs match the OIM's."""
    rng = np.random.default_rng(22)
    lengths = [int(n) for n in rng.integers(15, 30, size=40)]
    x, _ = simulate_chain(rng, lengths, np.array([[0.85, 0.15], [0.15, 0.85]]),
                          np.array([[0.0, 1.0], [2.5, -1.0]]), np.eye(2), 0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = em.hmm(pd.DataFrame(x, columns=["a", "b"]), 2, "diag", lengths=lengths).fit()
    boot = res.get_robustcov("bootstrap", {"n_boot": 60, "random_state": 3})
    assert boot.cov_extras["n_failed"] == 0
    free = np.isfinite(np.asarray(res.bse))
    ratio = np.asarray(boot.bse)[free] / np.asarray(res.bse)[free]
    assert np.all((ratio > 0.65) & (ratio < 1.35)), ratio
    off_diagonal = [i for i, name in enumerate(res.model.param_names)
                    if name.startswith("cov[") and name.split(",")[1] != name.split(",")[2][:-1]]
    assert np.isnan(np.asarray(boot.bse)[off_diagonal]).all()  # fixed by the structure
    assert_allclose(np.asarray(boot.cov_params())[off_diagonal], 0.0)


def test_sequence_bootstrap_needs_several_sequences() -> None:
    frame, _ = two_state_data(seed=13, lengths=(120,), missing=0.0)
    res = em.hmm(frame, 2).fit(cov_type="none")
    with pytest.raises(SingleSequenceError, match="parametric bootstrap"):
        res.get_robustcov("bootstrap", {"n_boot": 10})
    with pytest.raises(ValueError, match="one sequence"):
        em.hmm(frame, 2).fit(cov_type="bootstrap")
    with pytest.raises(ValueError, match="one sequence"):
        res.model.resample(np.arange(120))


def test_sequence_bootstrap_resamples_whole_sequences() -> None:
    frame, lengths = two_state_data(seed=14, lengths=(20, 25, 30, 35), missing=0.0)
    model = em.hmm(frame, 2, lengths=lengths)
    replicate = model.resample(np.arange(110))
    assert sorted(set(replicate.lengths.tolist())) <= sorted(lengths)
    assert len(replicate.lengths) == 4
    values = frame.to_numpy()
    starts = np.cumsum([0, *lengths[:-1]])
    pieces = {n: values[s:s + n] for s, n in zip(starts, lengths, strict=True)}
    pos = 0
    for n in replicate.lengths:
        assert_allclose(replicate.values[pos:pos + n], pieces[int(n)])
        pos += n
    again = model.resample(np.arange(110))
    assert_allclose(again.values, replicate.values)


def test_simulate_keeps_lengths_and_missing_cells() -> None:
    frame, lengths = two_state_data(seed=15, lengths=(30, 40), missing=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model = em.hmm(frame, 2, lengths=lengths)
    sim = model.simulate(model.start_params, np.random.default_rng(0))
    assert_allclose(sim.lengths, lengths)
    assert (np.isnan(sim.values) == np.isnan(frame.to_numpy())).all()


# -- results --------------------------------------------------------------------------------------
def test_results_api(moderate_fit) -> None:
    res = moderate_fit
    assert res.means.iloc[0, 0] < res.means.iloc[1, 0]  # the documented order
    assert_allclose(res.transition_matrix.sum(axis=1), 1.0)
    assert_allclose(res.startprob.sum(), 1.0)
    smoothed = res.smoothed_probabilities
    assert_allclose(smoothed.sum(axis=1), 1.0)
    assert (smoothed.index == res.model.row_index).all()
    assert_allclose(res.predict_proba().to_numpy(), smoothed.to_numpy())
    assert_allclose(res.filtered_probabilities.sum(axis=1), 1.0)
    assert_allclose(res.predicted_probabilities.iloc[0], res.startprob)
    stay = np.diag(res.transition_matrix)
    assert_allclose(res.expected_durations, 1 / (1 - stay))
    pi = res.stationary_distribution.to_numpy()
    assert_allclose(pi @ res.transition_matrix.to_numpy(), pi, atol=1e-12)
    assert res.df_free == 1 + 2 + 4 + 6
    assert res.bic == pytest.approx(-2 * res.llf + np.log(res.nobs) * 13)
    assert 0 <= res.relative_entropy <= 1
    text = str(res.summary())
    assert "Relative entropy" in text and "States:" in text and "p[0->1]" in text
    sample = res.sample(50, random_state=1)
    assert list(sample.columns) == ["a", "b", "state"] and len(sample) == 50


def test_model_and_results_pickle(moderate_fit) -> None:
    # joblib workers and users saving results pickle them (mclust structures must)
    res = moderate_fit
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_series_equal(back.params, res.params)
    pd.testing.assert_frame_equal(back.cov_params(), res.cov_params())
    model = pickle.loads(pickle.dumps(res.model))
    assert model.loglike(np.asarray(res.params)) == res.llf


@pytest.mark.parametrize("method", ["wald", "percentile"])
def test_conf_int_is_labelled_by_param_names(moderate_fit, method: str) -> None:
    res = assert_conf_int_labelled(moderate_fit, method)
    assert list(res.params.index) == list(res.bse.index) == res.model.param_names


def test_new_data_and_groups_column() -> None:
    frame, lengths = two_state_data(seed=16, lengths=(50, 60), missing=0.1)
    grouped = frame.assign(id=np.repeat(["u", "v"], lengths))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        by_group = em.hmm(grouped, 2, groups="id").fit(cov_type="none")
        by_lengths = em.GaussianHMM(frame, 2, lengths=lengths).fit(cov_type="none")
    assert by_group.model.columns == ["a", "b"]
    assert by_group.llf == pytest.approx(by_lengths.llf, rel=1e-12)
    assert by_group.score(grouped, groups="id") == pytest.approx(by_group.llf, rel=1e-12)
    assert_allclose(by_group.predict_proba(grouped, groups="id"),
                    by_group.smoothed_probabilities, atol=1e-12)
    assert (by_group.decode(frame, lengths=lengths) == by_group.decode()).all()


def test_callers_data_is_not_modified() -> None:
    frame, _ = two_state_data(seed=17, lengths=(40, 40), missing=0.1)
    frame["id"] = np.repeat([1, 2], 40)
    copy = frame.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = em.hmm(frame, 2, groups="id").fit()
    res.smoothed_probabilities, res.decode()
    pd.testing.assert_frame_equal(frame, copy)


def test_multiple_starts_and_label_order() -> None:
    frame, lengths = two_state_data(seed=18, lengths=(100, 100), missing=0.0)
    res = em.hmm(frame, 2, "diag", lengths=lengths).fit(n_starts=4, random_state=0,
                                                         cov_type="none")
    assert len(res.starts) == 4 and res.starts["reached_best"].sum() >= 1
    assert res.means.iloc[0, 0] < res.means.iloc[1, 0]


def test_collapsing_state_is_flagged() -> None:
    rng = np.random.default_rng(19)
    x = rng.normal(size=120)
    x[::3] = 5.0  # a third of the rows on one point: a state can collapse onto it
    model = em.hmm(x, 2, "diag")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericalTroubleWarning)
        warnings.simplefilter("ignore", em.ConvergenceWarning)
        with pytest.warns(em.DegenerateSolutionWarning):
            res = model.fit(cov_type="none")
    assert res.degenerate
    assert np.isfinite(res.llf)


# -- inputs ---------------------------------------------------------------------------------------
def test_bad_inputs_are_named() -> None:
    x = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=r"emstats\.mvn"):
        em.hmm(x, 1)
    with pytest.raises(ValueError, match="integer"):
        em.hmm(x, 2.5)
    with pytest.raises(ValueError, match="add up to 19 rows, but data have 20"):
        em.hmm(x, 2, lengths=[10, 9])
    with pytest.raises(ValueError, match="fewer than 2 rows"):
        em.hmm(x, 2, lengths=[19, 1])
    with pytest.raises(ValueError, match="lengths or groups, not both"):
        em.hmm(x, 2, lengths=[20], groups=np.zeros(20))
    with pytest.raises(ValueError, match=r"group 'a' are not contiguous"):
        em.hmm(x, 2, groups=["a"] * 5 + ["b"] * 10 + ["a"] * 5)
    frame = pd.DataFrame(x, columns=["u", "v"])
    with pytest.raises(ValueError, match="not a column"):
        em.hmm(frame, 2, groups="id")
    with pytest.raises(ValueError, match=r"\['w'\] are not numeric"):
        em.hmm(frame.assign(w=["p"] * 20), 2)
    with pytest.raises(ValueError, match=r"\['w'\] are constant"):
        em.hmm(frame.assign(w=1.0), 2)
    with pytest.raises(ValueError, match=r"\['w'\] have no observed values"):
        em.hmm(frame.assign(w=np.nan), 2)
    with pytest.raises(ValueError, match="unknown covariance structure"):
        em.hmm(x, 2, "blocky")
    with pytest.raises(ValueError, match="distinct rows"):
        em.hmm(np.repeat([[0.0, 1.0], [1.0, 0.0]], 10, axis=0), 3)


def test_all_missing_rows_stay_in_the_chain() -> None:
    frame, _ = two_state_data(seed=20, lengths=(60,), missing=0.0)
    frame.iloc[[5, 6, 30]] = np.nan
    with pytest.warns(UserWarning, match="3 row"):
        model = em.hmm(frame, 2)
    assert model.nobs == 57 and len(model.values) == 60
    res = model.fit(cov_type="none")
    assert len(res.smoothed_probabilities) == 60
    p = model.unpack(np.asarray(res.params))
    assert res.llf == pytest.approx(brute_llf(frame.to_numpy(), [60], p.startprob,
                                              p.transition, p.means, p.covariances),
                                    rel=1e-12)


def test_covariance_names_map_to_mclust_structures() -> None:
    x = np.random.default_rng(1).normal(size=(40, 2))
    for alias, name in [("full", "VVV"), ("tied", "EEE"), ("diag", "VVI"),
                        ("spherical", "VII"), ("EEV", "EEV")]:
        assert em.hmm(x, 2, alias).structure.name == name
