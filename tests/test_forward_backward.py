"""Forward-backward, Hamilton filter and Viterbi against brute-force path enumeration.

Every expected value comes from enumerating all ``M^T`` state paths of short series:
the joint log-probability of each path and the data, summed (likelihood, marginal and
pairwise posteriors, prefix likelihoods for the filter) or maximised (Viterbi).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from emstats.models import _forward_backward as fb

needs_numba = pytest.mark.skipif(not fb.HAVE_NUMBA, reason="numba not installed")
COMPILED = [False, pytest.param(True, marks=needs_numba)]
BRUTE = {"rtol": 1e-9, "atol": 1e-12}


# ----------------------------------------------------------------------------------------
# Brute force
# ----------------------------------------------------------------------------------------


def _logsumexp(v: np.ndarray) -> float:
    top = v.max()
    return float(top) if top == -np.inf else float(top + np.log(np.exp(v - top).sum()))


def _paths(log_emission, initial, transition):
    """All state paths of one sequence and ``log p(path, y)``."""
    n_obs, n_states = log_emission.shape
    paths = np.array(list(itertools.product(range(n_states), repeat=n_obs)))
    with np.errstate(divide="ignore", invalid="ignore"):
        log_initial, log_transition = np.log(initial), np.log(transition)
    logp = log_initial[paths[:, 0]] + log_emission[0, paths[:, 0]]
    for t in range(1, n_obs):
        a = log_transition[t] if log_transition.ndim == 3 else log_transition
        logp = logp + a[paths[:, t - 1], paths[:, t]] + log_emission[t, paths[:, t]]
    return paths, logp


def _marginal(paths, logp, t, total, n_states):
    """``Pr(X_t = m | data)``; zeros when the data are impossible."""
    if total == -np.inf:
        return np.zeros(n_states)
    return np.array([np.exp(_logsumexp(logp[paths[:, t] == m]) - total)
                     for m in range(n_states)])


def brute_force_sequence(log_emission, initial, transition):
    """Everything :class:`fb.Posterior` and :func:`fb.viterbi` report, for one sequence."""
    n_obs, n_states = log_emission.shape
    time_varying = transition.ndim == 3
    prefix = np.empty(n_obs)
    predicted = np.zeros((n_obs, n_states))
    filtered = np.zeros((n_obs, n_states))
    for t in range(n_obs):
        trans = transition[: t + 1] if time_varying else transition
        paths, logp = _paths(log_emission[: t + 1], initial, trans)
        prefix[t] = _logsumexp(logp)
        filtered[t] = _marginal(paths, logp, t, prefix[t], n_states)
        no_y_t = log_emission[: t + 1].copy()
        no_y_t[t] = 0.0  # drop observation t: predicted probabilities
        paths, logq = _paths(no_y_t, initial, trans)
        predicted[t] = _marginal(paths, logq, t, _logsumexp(logq), n_states)
    with np.errstate(invalid="ignore"):  # -inf - -inf after an impossible step
        llf_obs = np.diff(prefix, prepend=0.0)
    llf_obs[np.isneginf(prefix)] = -np.inf
    paths, logp = _paths(log_emission, initial, transition)
    llf = prefix[-1]
    smoothed = np.array([_marginal(paths, logp, t, llf, n_states) for t in range(n_obs)])
    pairwise = np.zeros((n_obs, n_states, n_states))
    if llf > -np.inf:
        for t, i, j in itertools.product(range(1, n_obs), range(n_states), range(n_states)):
            hit = (paths[:, t - 1] == i) & (paths[:, t] == j)
            pairwise[t, i, j] = np.exp(_logsumexp(logp[hit]) - llf) if hit.any() else 0.0
    best = int(np.argmax(logp))
    return {"llf": llf, "llf_obs": llf_obs, "predicted": predicted, "filtered": filtered,
            "smoothed": smoothed, "pairwise": pairwise, "path": paths[best],
            "path_logp": logp[best]}


def brute_force(log_emission, initial, transition, starts=None):
    """:func:`brute_force_sequence` on each sequence alone, stacked."""
    n_obs = log_emission.shape[0]
    bounds = [0, n_obs] if starts is None else [*starts, n_obs]
    parts = []
    for lo, hi in itertools.pairwise(bounds):
        trans = transition[lo:hi] if transition.ndim == 3 else transition
        parts.append(brute_force_sequence(log_emission[lo:hi], initial, trans))
    out = {key: np.concatenate([p[key] for p in parts])
           for key in ("llf_obs", "predicted", "filtered", "smoothed", "pairwise", "path")}
    out["llf"] = sum(p["llf"] for p in parts)
    out["path_logp"] = sum(p["path_logp"] for p in parts)
    out["sequence_llf"] = [p["llf"] for p in parts]
    out["pair_counts"] = out["pairwise"].sum(axis=0)
    return out


def assert_posterior_matches(post: fb.Posterior, expected: dict, time_varying: bool) -> None:
    np.testing.assert_allclose(post.llf, expected["llf"], **BRUTE)
    for name in ("llf_obs", "predicted", "filtered", "smoothed", "pair_counts"):
        np.testing.assert_allclose(getattr(post, name), expected[name], **BRUTE, err_msg=name)
    if time_varying:
        np.testing.assert_allclose(post.pairwise, expected["pairwise"], **BRUTE)
    else:
        assert post.pairwise is None


# ----------------------------------------------------------------------------------------
# Random problems
# ----------------------------------------------------------------------------------------


def _random_stochastic(rng, shape, zeros: bool) -> np.ndarray:
    """Rows from a Dirichlet; with ``zeros``, some entries zeroed (one per row kept)."""
    p = rng.dirichlet(np.ones(shape[-1]), size=shape[:-1])
    if zeros:
        mask = rng.uniform(size=p.shape) < 0.4
        keep = rng.integers(shape[-1], size=shape[:-1])
        np.put_along_axis(mask, keep[..., None], False, axis=-1)
        p = np.where(mask, 0.0, p)
        p /= p.sum(axis=-1, keepdims=True)
    return p


@st.composite
def hmm_problems(draw, max_obs: int = 6):
    n_states = draw(st.integers(2, 3))
    n_obs = draw(st.integers(1, max_obs))
    cuts = draw(st.sets(st.integers(1, max(n_obs - 1, 1)), max_size=2))
    starts = None if not cuts else np.array([0, *sorted(c for c in cuts if c < n_obs)])
    time_varying = draw(st.booleans())
    zeros, impossible_states = draw(st.booleans()), draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    log_emission = 2.0 * rng.normal(size=(n_obs, n_states))
    if impossible_states:
        log_emission[rng.uniform(size=log_emission.shape) < 0.3] = -np.inf
    initial = _random_stochastic(rng, (n_states,), zeros)
    shape = (n_obs, n_states, n_states) if time_varying else (n_states, n_states)
    transition = _random_stochastic(rng, shape, zeros)
    return log_emission, initial, transition, starts


# ----------------------------------------------------------------------------------------
# Against brute force
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=40, deadline=None)
@given(problem=hmm_problems())
def test_forward_backward_matches_brute_force(problem, compiled):
    log_emission, initial, transition, starts = problem
    post = fb.forward_backward(log_emission, initial, transition, starts, compiled=compiled)
    expected = brute_force(log_emission, initial, transition, starts)
    assert_posterior_matches(post, expected, transition.ndim == 3)
    assert not any(np.isnan(getattr(post, name)).any()
                   for name in ("llf_obs", "predicted", "filtered", "smoothed", "pair_counts"))


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=30, deadline=None)
@given(problem=hmm_problems())
def test_hamilton_filter_matches_brute_force(problem, compiled):
    log_emission, initial, transition, starts = problem
    llf_obs, predicted, filtered = fb.hamilton_filter(
        log_emission, initial, transition, starts, compiled=compiled
    )
    expected = brute_force(log_emission, initial, transition, starts)
    np.testing.assert_allclose(llf_obs, expected["llf_obs"], **BRUTE)
    np.testing.assert_allclose(predicted, expected["predicted"], **BRUTE)
    np.testing.assert_allclose(filtered, expected["filtered"], **BRUTE)


@pytest.mark.parametrize("compiled", COMPILED)
@settings(max_examples=30, deadline=None)
@given(problem=hmm_problems())
def test_viterbi_matches_brute_force(problem, compiled):
    log_emission, initial, transition, starts = problem
    path, log_prob = fb.viterbi(log_emission, initial, transition, starts, compiled=compiled)
    expected = brute_force(log_emission, initial, transition, starts)
    assert path.dtype == np.int64 and path.shape == (log_emission.shape[0],)
    np.testing.assert_allclose(log_prob, expected["path_logp"], **BRUTE)
    if np.isfinite(expected["path_logp"]):  # the path of an impossible sequence is arbitrary
        np.testing.assert_array_equal(path, expected["path"])


@pytest.mark.parametrize("compiled", COMPILED)
def test_sequences_are_independent(compiled):
    rng = np.random.default_rng(3)
    n_obs, n_states, starts = 6, 3, np.array([0, 2, 5])
    log_emission = rng.normal(size=(n_obs, n_states))
    initial = rng.dirichlet(np.ones(n_states))
    transition = rng.dirichlet(np.ones(n_states), size=(n_obs, n_states))
    post = fb.forward_backward(log_emission, initial, transition, starts, compiled=compiled)
    expected = brute_force(log_emission, initial, transition, starts)
    total = 0.0
    for lo, hi, seq_llf in zip(starts, [*starts[1:], n_obs], expected["sequence_llf"],
                               strict=True):
        alone = fb.forward_backward(log_emission[lo:hi], initial, transition[lo:hi],
                                    compiled=compiled)
        np.testing.assert_allclose(alone.llf, seq_llf, **BRUTE)
        np.testing.assert_allclose(post.llf_obs[lo:hi].sum(), seq_llf, **BRUTE)
        np.testing.assert_allclose(post.smoothed[lo:hi], alone.smoothed, **BRUTE)
        np.testing.assert_array_equal(post.predicted[lo], initial)
        np.testing.assert_array_equal(post.pairwise[lo], 0.0)
        total += seq_llf
    np.testing.assert_allclose(post.llf, total, **BRUTE)
    np.testing.assert_allclose(post.pair_counts, post.pairwise.sum(axis=0), **BRUTE)


@pytest.mark.parametrize("compiled", COMPILED)
def test_unused_time_varying_slices_are_ignored(compiled):
    rng = np.random.default_rng(4)
    n_obs, n_states, starts = 6, 2, np.array([0, 3])
    log_emission = rng.normal(size=(n_obs, n_states))
    initial = np.array([0.3, 0.7])
    transition = rng.dirichlet(np.ones(n_states), size=(n_obs, n_states))
    garbage = transition.copy()
    garbage[0] = np.nan
    garbage[3] = -5.0
    ref = fb.forward_backward(log_emission, initial, transition, starts, compiled=compiled)
    post = fb.forward_backward(log_emission, initial, garbage, starts, compiled=compiled)
    for name in ("llf_obs", "predicted", "filtered", "smoothed", "pair_counts", "pairwise"):
        np.testing.assert_array_equal(getattr(post, name), getattr(ref, name))
    path, _ = fb.viterbi(log_emission, initial, garbage, starts, compiled=compiled)
    np.testing.assert_array_equal(path, fb.viterbi(log_emission, initial, transition,
                                                   starts, compiled=compiled)[0])


# ----------------------------------------------------------------------------------------
# Expanded AR(1) Markov-switching chain: structural zeros
# ----------------------------------------------------------------------------------------

MU, PHI, SIGMA = np.array([-1.0, 1.5]), 0.6, 0.8
P_REGIME = np.array([[0.9, 0.1], [0.25, 0.75]])


def _expanded_ar1(y: np.ndarray, y_pre: float):
    """States ``m = 2 s_t + s_{t-1}``; (a, b) -> (c, d) is possible only when d = a."""
    states = [(m // 2, m % 2) for m in range(4)]
    transition = np.zeros((4, 4))
    for (a, (cur, _)), (b, (nxt, lag)) in itertools.product(enumerate(states), repeat=2):
        if lag == cur:
            transition[a, b] = P_REGIME[cur, nxt]
    lagged = np.concatenate([[y_pre], y[:-1]])
    log_emission = np.column_stack([
        stats.norm.logpdf(y, MU[cur] + PHI * (lagged - MU[lag]), SIGMA)
        for cur, lag in states
    ])
    return log_emission, transition


def _regime_brute_force(y, y_pre, initial):
    """Enumerate regime paths ``(s_{-1}, s_0, ..., s_{T-1})`` directly."""
    n_obs = y.size
    lagged = np.concatenate([[y_pre], y[:-1]])
    weights, paths = [], []
    for path in itertools.product(range(2), repeat=n_obs + 1):
        s = np.array(path)
        w = initial[2 * s[1] + s[0]] * np.prod(P_REGIME[s[1:-1], s[2:]])
        w *= np.prod(stats.norm.pdf(y, MU[s[1:]] + PHI * (lagged - MU[s[:-1]]), SIGMA))
        weights.append(w)
        paths.append(s)
    weights, paths = np.array(weights), np.array(paths)
    llf = np.log(weights.sum())
    post = weights / weights.sum()
    regime_one = np.array([post[paths[:, t + 1] == 1].sum() for t in range(n_obs)])
    return llf, regime_one


@pytest.mark.parametrize("compiled", COMPILED)
def test_expanded_ar1_chain(compiled):
    rng = np.random.default_rng(5)
    y, y_pre = rng.normal(size=6) * 1.5, 0.3
    log_emission, transition = _expanded_ar1(y, y_pre)
    initial = np.array([0.4, 0.1, 0.2, 0.3])
    post = fb.forward_backward(log_emission, initial, transition, compiled=compiled)
    assert_posterior_matches(post, brute_force(log_emission, initial, transition), False)
    llf, regime_one = _regime_brute_force(y, y_pre, initial)
    np.testing.assert_allclose(post.llf, llf, rtol=1e-12)
    np.testing.assert_allclose(post.smoothed[:, 2:].sum(axis=1), regime_one, rtol=1e-10)
    np.testing.assert_array_equal(post.pair_counts[transition == 0], 0.0)
    path, _ = fb.viterbi(log_emission, initial, transition, compiled=compiled)
    np.testing.assert_array_equal(path[1:] % 2, path[:-1] // 2)  # lags are consistent


# ----------------------------------------------------------------------------------------
# Impossible data
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("compiled", COMPILED)
def test_impossible_sequence_gives_minus_inf_and_no_nan(compiled):
    rng = np.random.default_rng(6)
    log_emission = rng.normal(size=(8, 3))
    log_emission[6] = -np.inf  # every state impossible at t = 6, in the second sequence
    initial, transition = np.full(3, 1 / 3), rng.dirichlet(np.ones(3), size=3)
    starts = np.array([0, 4])
    post = fb.forward_backward(log_emission, initial, transition, starts, compiled=compiled)
    first = fb.forward_backward(log_emission[:4], initial, transition, compiled=compiled)
    assert post.llf == -np.inf
    np.testing.assert_allclose(post.llf_obs[:4], first.llf_obs, rtol=1e-14)
    np.testing.assert_allclose(post.smoothed[:4], first.smoothed, rtol=1e-14)
    np.testing.assert_allclose(post.pair_counts, first.pair_counts, rtol=1e-14)
    assert np.isfinite(post.llf_obs[4:6]).all() and np.isneginf(post.llf_obs[6:]).all()
    np.testing.assert_array_equal(post.filtered[6:], 0.0)
    np.testing.assert_array_equal(post.smoothed[4:], 0.0)
    for name in ("predicted", "filtered", "smoothed", "pair_counts"):
        assert not np.isnan(getattr(post, name)).any()
    _, log_prob = fb.viterbi(log_emission, initial, transition, starts, compiled=compiled)
    assert log_prob == -np.inf


# ----------------------------------------------------------------------------------------
# numba kernels against the numpy reference
# ----------------------------------------------------------------------------------------


def _long_problem(time_varying: bool, structural_zeros: bool):
    rng = np.random.default_rng(7 + 2 * time_varying + structural_zeros)
    n_obs = 2000
    if structural_zeros:
        y = rng.normal(size=n_obs)
        log_emission, transition = _expanded_ar1(y, 0.0)
        if time_varying:
            transition = transition * rng.uniform(0.5, 1.5, size=(n_obs, 4, 4))
            transition /= transition.sum(axis=-1, keepdims=True)
        initial = np.array([0.4, 0.1, 0.2, 0.3])
    else:
        log_emission = 3.0 * rng.normal(size=(n_obs, 3))
        log_emission[:, :2][rng.uniform(size=(n_obs, 2)) < 0.1] = -np.inf  # never a whole row
        shape = (n_obs, 3, 3) if time_varying else (3, 3)
        transition = _random_stochastic(rng, shape, zeros=False)
        initial = np.array([0.5, 0.5, 0.0])
    starts = np.array([0, 1, 700, 1500])
    return log_emission, initial, transition, starts


@needs_numba
@pytest.mark.parametrize("time_varying", [False, True])
@pytest.mark.parametrize("structural_zeros", [False, True])
def test_compiled_matches_numpy_on_long_inputs(time_varying, structural_zeros):
    args = _long_problem(time_varying, structural_zeros)
    close = {"rtol": 1e-12, "atol": 1e-12}
    ref = fb.forward_backward(*args, compiled=False)
    fast = fb.forward_backward(*args, compiled=True)
    assert np.isfinite(ref.llf)
    np.testing.assert_allclose(fast.llf, ref.llf, **close)
    for name in ("llf_obs", "predicted", "filtered", "smoothed", "pair_counts"):
        np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), **close,
                                   err_msg=name)
    if time_varying:
        np.testing.assert_allclose(fast.pairwise, ref.pairwise, **close)
    filt_ref = fb.hamilton_filter(*args, compiled=False)
    filt_fast = fb.hamilton_filter(*args, compiled=True)
    for got, want in zip(filt_fast, filt_ref, strict=True):
        np.testing.assert_allclose(got, want, **close)
    np.testing.assert_allclose(filt_fast[0], fast.llf_obs, **close)
    path_ref, logp_ref = fb.viterbi(*args, compiled=False)
    path_fast, logp_fast = fb.viterbi(*args, compiled=True)
    np.testing.assert_array_equal(path_fast, path_ref)
    np.testing.assert_allclose(logp_fast, logp_ref, **close)


@needs_numba
def test_compiled_exp_is_accurate():
    rng = np.random.default_rng(8)
    x = np.concatenate([
        -rng.uniform(0, 746, 100_000), -np.abs(rng.normal(size=100_000)),
        [-np.inf, -0.0, 0.0, -745.0, -745.2, -746.0, -1e4, -5e-324, -708.4],
    ])
    from emstats.models import _forward_backward_nb as fb_nb

    got = x.copy()
    fb_nb._exp_inplace(got)
    want = np.exp(x)
    normal = want > 1e-300
    np.testing.assert_allclose(got[normal], want[normal], rtol=4 * np.finfo(float).eps, atol=0)
    np.testing.assert_allclose(got[~normal], want[~normal], rtol=0, atol=1e-315)
    assert (got[x == 0] == 1.0).all() and (got[x < -745.2] == 0.0).all()


# ----------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------


def _valid():
    return np.zeros((4, 2)), np.array([0.5, 0.5]), np.array([[0.9, 0.1], [0.2, 0.8]])


@pytest.mark.parametrize("func", [fb.forward_backward, fb.hamilton_filter, fb.viterbi])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"log_emission": np.zeros(4)}, "log_emission must be a non-empty"),
        ({"log_emission": np.zeros((0, 2))}, "log_emission must be a non-empty"),
        ({"log_emission": np.array([[0, 0], [0, np.nan], [0, 0], [0, 0]])}, "NaN"),
        ({"log_emission": np.array([[0, 0], [0, 0], [np.inf, 0], [0, 0]])}, r"\+inf"),
        ({"initial": np.array([0.5, 0.3])}, "initial .* sum to one"),
        ({"initial": np.array([1 / 3, 1 / 3, 1 / 3])}, r"initial must have shape \(2,\)"),
        ({"initial": np.array([1.5, -0.5])}, "initial .* negative"),
        ({"transition": np.array([[1.1, -0.1], [0.2, 0.8]])}, "negative entries in row 0"),
        ({"transition": np.array([[0.9, 0.1], [0.3, 0.8]])}, "does not sum to one"),
        ({"transition": np.eye(3)}, "transition must have shape"),
        ({"transition": np.full((3, 2, 2), 0.5)}, "transition must have shape"),
        ({"transition": np.array([[0.9, np.nan], [0.2, 0.8]])}, "NaN or infinite"),
        ({"sequence_starts": np.array([1, 2])}, "begin with 0"),
        ({"sequence_starts": np.array([0, 2, 2])}, "strictly increasing"),
        ({"sequence_starts": np.array([0, 4])}, "past the last row"),
        ({"sequence_starts": np.array([0.0, 2.0])}, "integers"),
    ],
)
def test_bad_inputs(func, change, message):
    log_emission, initial, transition = _valid()
    kwargs = {"log_emission": log_emission, "initial": initial, "transition": transition,
              "sequence_starts": None, **change}
    with pytest.raises(ValueError, match=message):
        func(**kwargs, compiled=False)


def test_bad_time_varying_slice_is_named():
    log_emission, initial, transition = _valid()
    tv = np.repeat(transition[None], 4, axis=0)
    tv[2, 1] = [1.2, -0.2]
    with pytest.raises(ValueError, match=r"transition\[2\] has negative entries in row 1"):
        fb.forward_backward(log_emission, initial, tv)


def test_compiled_true_without_numba(monkeypatch):
    monkeypatch.setattr(fb, "HAVE_NUMBA", False)
    with pytest.raises(ImportError, match="numba"):
        fb.forward_backward(*_valid(), compiled=True)
    assert fb.forward_backward(*_valid()).pairwise is None  # default falls back to numpy


def test_module_works_without_numba():
    code = textwrap.dedent("""
        import sys
        sys.modules["numba"] = None  # makes `import numba` raise ImportError
        import numpy as np
        from emstats.models import _forward_backward as fb
        assert not fb.HAVE_NUMBA
        post = fb.forward_backward(np.zeros((3, 2)), [0.5, 0.5], [[0.9, 0.1], [0.2, 0.8]])
        assert abs(post.llf) < 1e-12 and fb.viterbi(np.zeros((3, 2)), [1, 0], np.eye(2))[1] == 0
    """)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=fb.__file__.rsplit(
        "/emstats/", 1)[0])
