"""The E-steps of the latent-state families are sums over blocks of units.

For random data and random partitions of the units into consecutive blocks (rows of a
mixture, sequences of an HMM), the statistics of the blocks added up (their ``+``) and
their log-likelihoods summed equal the E-step over every unit, to 1e-12 relative; and a
fit with a given ``chunksize`` reaches the estimates of the default fit.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import emstats as em


def _leaves(stats) -> list[np.ndarray]:
    """Every array inside nested statistics, in field order."""
    out = []
    for f in fields(stats):
        value = getattr(stats, f.name)
        out += _leaves(value) if hasattr(value, "__dataclass_fields__") else [np.asarray(value)]
    return out


def _assert_additive(model, params, cuts) -> None:
    whole, llf = model.e_step_block(params, slice(0, model.n_units))
    bounds = [0, *sorted(cuts), model.n_units]
    parts = [model.e_step_block(params, slice(a, b))
             for a, b in itertools.pairwise(bounds) if b > a]
    total = parts[0][0]
    for part in parts[1:]:
        total = total + part[0]
    # relative to the sum of the blocks' magnitudes, which bounds the round-off of a sum
    # whose terms cancel (a first moment about the mean is zero up to round-off)
    magnitude = [sum(np.abs(leaf) for leaf in leaves)
                 for leaves in zip(*(_leaves(p[0]) for p in parts), strict=True)]
    for got, want, size in zip(_leaves(total), _leaves(whole), magnitude, strict=True):
        np.testing.assert_allclose(got, want, rtol=0,
                                   atol=1e-12 * max(float(np.max(size, initial=0.0)), 1e-300))
    assert sum(p[1] for p in parts) == pytest.approx(llf, rel=1e-12)


def _mixture_data(seed: int, n: int, d: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.vstack([rng.normal(0, 1, (n // 2, d)), rng.normal(3, 1.5, (n - n // 2, d))])
    x[rng.random(x.shape) < missing] = np.nan
    x[np.isnan(x).all(axis=1), 0] = 0.5
    return x


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 3),
       structure=st.sampled_from(["VVV", "EEE", "VVI", "VEI"]),
       missing=st.sampled_from([0.0, 0.15]),
       cuts=st.lists(st.integers(1, 119), max_size=5))
def test_gaussian_mixture_e_step_adds_up_over_blocks_of_rows(seed, k, structure, missing,
                                                             cuts) -> None:
    model = em.gaussian_mixture(_mixture_data(seed, 120, 3, missing), k, structure)
    params = model.random_start(np.random.default_rng(seed))
    _assert_additive(model, params, cuts)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), missing=st.sampled_from([0.0, 0.1]),
       lengths=st.lists(st.integers(6, 30), min_size=2, max_size=6),
       cut=st.data())
def test_hmm_e_step_adds_up_over_blocks_of_sequences(seed, missing, lengths, cut) -> None:
    rng = np.random.default_rng(seed)
    n = sum(lengths)
    x = _mixture_data(seed, n, 2, missing)[rng.permutation(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model = em.hmm(x, 2, "full", lengths=lengths)
    params = model.random_start(rng)
    cuts = cut.draw(st.lists(st.integers(1, max(len(lengths) - 1, 1)), max_size=3))
    _assert_additive(model, params, [c for c in cuts if c < len(lengths)])


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), order=st.integers(0, 2), tvtp=st.booleans(),
       cuts=st.lists(st.integers(1, 79), max_size=4))
def test_markov_switching_statistics_add_up_over_blocks_of_rows(seed, order, tvtp,
                                                               cuts) -> None:
    # One series is one unit: its posterior needs the whole chain. Given the posterior,
    # the emission's statistics are a sum over rows (the seam a distributed M-step uses).
    rng = np.random.default_rng(seed)
    n = 80 + order
    y = np.cumsum(rng.normal(size=n)) * 0.1 + rng.normal(size=n)
    z = np.column_stack([np.ones(n), rng.normal(size=n)]) if tvtp else None
    model = em.MarkovSwitching(y, None, 2, order=order, exog_tvtp=z)
    params = model.random_start(rng)
    values = model.spec.unpack(params)
    weights = model.posterior_weights(params)
    emission = model.emission
    whole = emission.statistics(values, weights, slice(0, emission.n_rows))
    bounds = [0, *sorted(cuts), emission.n_rows]
    total = None
    for a, b in itertools.pairwise(bounds):
        if b > a:
            part = emission.statistics(values, weights[a:b], slice(a, b))
            total = part if total is None else total + part
    np.testing.assert_allclose(total.weights, whole.weights, rtol=1e-12)
    _assert_additive(model, params, [])


@pytest.mark.parametrize("chunksize", [1, 37, 500])
def test_a_mixture_fitted_in_chunks_reaches_the_same_estimates(chunksize) -> None:
    faithful = em.datasets.load_faithful()
    model = em.gaussian_mixture(faithful, 2, "VVV")
    default = model.fit()
    chunked = model.fit(chunksize=chunksize)
    np.testing.assert_allclose(chunked.params, default.params, rtol=1e-9)
    assert chunked.llf == pytest.approx(default.llf, rel=1e-12)


def test_an_hmm_fitted_in_chunks_of_sequences_reaches_the_same_estimates() -> None:
    x = _mixture_data(3, 300, 2, 0.0)[np.random.default_rng(1).permutation(300)]
    model = em.hmm(x, 2, "diag", lengths=[50] * 6)
    default = model.fit(cov_type="none")
    chunked = model.fit(cov_type="none", chunksize=2)
    np.testing.assert_allclose(chunked.params, default.params, rtol=1e-8, atol=1e-10)


def test_chunksize_for_an_e_step_that_is_not_a_sum_over_blocks_is_an_error() -> None:
    from emstats.engine import run_em
    from validation.cases.case05_genetic_linkage import GeneticLinkage

    with pytest.raises(ValueError, match="not a sum over blocks"):
        run_em(GeneticLinkage(), np.array([0.5]), chunksize=10)


def test_a_mixture_with_a_prior_in_chunks_reaches_the_posterior_mode() -> None:
    # The log prior is not a sum over rows: the blocks' llf plus it once is the function
    # EM increases (the MonotonicityWarning would fail this test otherwise).
    faithful = em.datasets.load_faithful()
    model = em.gaussian_mixture(faithful, 3, "VVV", prior="default")
    default = model.fit()
    chunked = model.fit(chunksize=50)
    np.testing.assert_allclose(chunked.params, default.params, rtol=1e-8, atol=1e-10)
    # the E-step returns the objective EM climbs: the log-likelihood plus the log prior
    _stats, objective = model.e_step(np.asarray(default.params))
    assert objective == pytest.approx(model.objective(np.asarray(default.params)), rel=1e-12)
    assert objective == pytest.approx(default.log_posterior, rel=1e-12)
