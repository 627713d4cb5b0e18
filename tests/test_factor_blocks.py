"""Factor analysis on the engine's seams: the E-step as a sum over blocks of rows
(BlockEStep, additive FactorStats), E-steps in chunks, the ParamSpec layout, and the
bootstrap's refusal for a covariance matrix."""

from __future__ import annotations

import warnings
from functools import reduce
from itertools import pairwise
from operator import add

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import emstats as em
from emstats.engine import chunked_e_step
from emstats.models._factor_fit import max_factors
from emstats.models.factor import FactorStats
from emstats.protocol import BlockEStep

RTOL = 1e-12


def simulated(n: int, p: int, seed: int, missing: float) -> pd.DataFrame:
    """Two-factor data far from the origin, with values missing at random (rows with
    every value missing included when ``missing`` is large)."""
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.3, 0.9, (p, 2))
    x = rng.standard_normal((n, 2)) @ loadings.T + rng.normal(size=(n, p)) * 0.6
    x = x * rng.uniform(0.5, 5.0, p) + rng.normal(0, 10, p)
    x[rng.random((n, p)) < missing] = np.nan
    return pd.DataFrame(x, columns=[f"v{j}" for j in range(p)])


def model_of(seed: int, n: int, p: int, k: int, missing: float) -> em.FactorAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # rows with every value missing
        return em.FactorAnalysis(simulated(n, p, seed, missing), min(k, max_factors(p)))


def assert_same_stats(total: FactorStats, blocks: FactorStats) -> None:
    """Field by field, relative to the field's largest entry."""
    assert total.counts == blocks.counts
    for name in ("shift", "scatter"):
        a, b = getattr(total, name), getattr(blocks, name)
        assert np.max(np.abs(a - b)) <= RTOL * np.max(np.abs(a)), name


@st.composite
def split_rows(draw: st.DrawFn, n: int) -> list[slice]:
    """A random partition of ``range(n)`` into consecutive blocks."""
    cuts = draw(st.lists(st.integers(1, n - 1), max_size=6, unique=True)) if n > 1 else []
    edges = [0, *sorted(cuts), n]
    return [slice(a, b) for a, b in pairwise(edges)]


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(15, 60), p=st.integers(4, 7),
       k=st.integers(1, 2), missing=st.sampled_from([0.0, 0.1, 0.3]), data=st.data())
def test_e_step_is_the_sum_of_its_blocks(seed: int, n: int, p: int, k: int, missing: float,
                                         data: st.DataObject) -> None:
    model = model_of(seed, n, p, k, missing)
    assert isinstance(model, BlockEStep)
    params = model.random_start(np.random.default_rng(seed))  # away from the estimate
    stats, llf = model.e_step(params)
    blocks = data.draw(split_rows(model.n_units))
    parts = [model.e_step_block(params, block) for block in blocks]
    assert_same_stats(stats, reduce(add, (part[0] for part in parts)))
    assert sum(part[1] for part in parts) == pytest.approx(llf, rel=RTOL)
    assert stats.counts == model.nobs


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 80), k=st.integers(1, 2),
       missing=st.sampled_from([0.0, 0.15]), fraction=st.floats(0.25, 1.0))
def test_fit_in_chunks_gives_the_estimates_of_fit(seed: int, n: int, k: int, missing: float,
                                                  fraction: float) -> None:
    model = model_of(seed, n, 6, k, missing)
    chunksize = max(1, int(fraction * model.n_units))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Heywood cases, slow convergence: the same in both
        whole = model.fit(cov_type="none", xtol=1e-12, maxiter=3000)
        chunked = model.fit(cov_type="none", xtol=1e-12, maxiter=3000, chunksize=chunksize)
    # estimates are comparable where both fits converged (a fit stopped by maxiter on a
    # flat stretch of the likelihood is wherever the iterates happened to be)
    assume(whole.converged and chunked.converged)
    scale = np.abs(np.asarray(whole.params)).max()
    assert_allclose(np.asarray(chunked.params), np.asarray(whole.params), rtol=1e-7,
                    atol=1e-8 * scale)
    assert chunked.llf == pytest.approx(whole.llf, rel=1e-12)


def test_the_engine_sums_the_blocks_of_the_e_step() -> None:
    model = model_of(1, 200, 6, 2, 0.1)
    params = model.start_params
    stats, llf = model.e_step(params)
    in_chunks, llf_chunks = chunked_e_step(model, params, chunksize=37)
    assert_same_stats(stats, in_chunks)
    assert llf_chunks == pytest.approx(llf, rel=RTOL)


def test_a_covariance_matrix_is_one_unit() -> None:
    matrix = em.datasets.load_ability_cov()
    model = em.factor(cov=matrix, nobs=112, n_factors=2)
    assert (model.n_units, model.unit_size) == (1, 36)
    params = model.start_params
    stats, llf = model.e_step(params)
    block, block_llf = model.e_step_block(params, slice(0, 1))
    assert (block_llf, block.counts) == (llf, 112.0)
    assert np.array_equal(block.scatter, stats.scatter)
    empty, empty_llf = model.e_step_block(params, slice(1, 1))
    assert (empty.counts, empty_llf) == (0.0, 0.0)
    assert not empty.scatter.any()
    whole = model.fit(cov_type="none")
    chunked = model.fit(cov_type="none", chunksize=5)
    assert np.array_equal(np.asarray(chunked.params), np.asarray(whole.params))


def test_rows_with_every_value_missing_are_not_units() -> None:
    frame = simulated(50, 5, 2, 0.1)
    frame.iloc[[3, 10]] = np.nan
    with pytest.warns(UserWarning, match="2 row"):
        model = em.factor(frame, 1)
    assert model.n_units == model.nobs == 48


def test_parameter_labels_and_free_parameters() -> None:
    frame = simulated(40, 4, 3, 0.0)
    frame.columns = ["a", "b", "c", "d"]
    model = em.factor(frame, 1)
    assert model.param_names == [
        "mean[a]", "mean[b]", "mean[c]", "mean[d]",
        "loading[a,Factor1]", "loading[b,Factor1]", "loading[c,Factor1]", "loading[d,Factor1]",
        "psi[a]", "psi[b]", "psi[c]", "psi[d]"]
    matrix = em.datasets.load_harman74()
    three = em.factor(cov=matrix, nobs=145, n_factors=3)
    assert three.param_names[:4] == ["loading[VisualPerception,Factor1]",
                                     "loading[VisualPerception,Factor2]",
                                     "loading[VisualPerception,Factor3]",
                                     "loading[Cubes,Factor1]"]
    assert three.param_spec.df_free == 24 * 3 + 24 - 3  # less the k(k-1)/2 rotations
    params = three.start_params
    assert np.array_equal(three.pack(three.unpack(params)), params)


def test_the_nonparametric_bootstrap_of_a_covariance_matrix_is_refused() -> None:
    matrix = em.datasets.load_ability_cov()
    model = em.factor(cov=matrix, nobs=112, n_factors=1)
    with pytest.raises(NotImplementedError, match="parametric bootstrap"):
        model.fit(cov_type="bootstrap", cov_kwds={"n_boot": 2})
    res = model.fit(cov_type="bootstrap",
                    cov_kwds={"n_boot": 30, "kind": "parametric", "random_state": 0})
    assert np.all(np.isfinite(np.asarray(res.bse)))
