"""The censored-normal E-step in blocks of rows: the sum of the blocks is the E-step.

``e_step(params)`` takes the exact outcomes through sufficient statistics computed once;
``e_step_block(params, rows)`` takes the exact rows of a block through their residuals.
Both must give the same statistics and llf, for every kind of censoring and any split
of the rows into consecutive blocks, and a fit in chunks the same estimates.
"""

from __future__ import annotations

import warnings
from itertools import pairwise

import numpy as np
import pytest
from conftest import simulate_censored
from hypothesis import given, settings
from hypothesis import strategies as st

import emstats as em
from emstats.engine import chunked_e_step
from emstats.protocol import BlockEStep

KINDS = ["tobit_left", "tobit_right", "tobit_two_limit", "interval"]
RTOL = 1e-12


def censored_model(kind: str, n: int, k: int, rng: np.random.Generator
                   ) -> em.Tobit | em.IntervalRegression:
    """A Tobit (left, right, two-limit) or an interval regression with exact, left,
    right and interval rows, on simulated data."""
    left_q, right_q = {"tobit_left": (0.3, None), "tobit_right": (None, 0.7),
                       "tobit_two_limit": (0.25, 0.8), "interval": (None, None)}[kind]
    ystar, x, _, left, right = simulate_censored(n, k, rng, left_q=left_q, right_q=right_q)
    if kind != "interval":
        return em.Tobit(np.clip(ystar, left, right), x, left=left, right=right)
    lower = ystar - rng.uniform(0.1, 1.0, n)
    upper = ystar + rng.uniform(0.1, 1.0, n)
    kinds = rng.choice(4, size=n, p=rng.dirichlet(np.ones(4)))
    kinds[rng.integers(n)] = 0  # at least one exact row: the regression is identified
    lower = np.where(kinds == 0, ystar, np.where(kinds == 1, -np.inf, lower))
    upper = np.where(kinds == 0, ystar, np.where(kinds == 2, np.inf, upper))
    return em.IntervalRegression(np.column_stack([lower, upper]), x)


def random_params(model: em.Tobit | em.IntervalRegression, rng: np.random.Generator
                  ) -> np.ndarray:
    """A point near the start, so that the statistics are far from zero (the MLE's)."""
    u = model.to_unconstrained(model.start_params)
    return model.from_unconstrained(u + rng.normal(scale=0.3, size=u.size))


def assert_relative(actual: np.ndarray | float, expected: np.ndarray | float, what: str
                    ) -> None:
    """``||actual - expected|| <= RTOL ||expected||`` (a vector's norm, not entrywise)."""
    gap = float(np.linalg.norm(np.subtract(actual, expected)))
    assert gap <= RTOL * float(np.linalg.norm(expected)), (what, actual, expected)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(KINDS),
       n=st.integers(12, 250), k=st.integers(1, 4), data=st.data())
def test_e_step_is_the_sum_of_its_blocks(seed: int, kind: str, n: int, k: int,
                                         data: st.DataObject) -> None:
    rng = np.random.default_rng(seed)
    model = censored_model(kind, n, k, rng)
    params = random_params(model, rng)
    cuts = sorted(data.draw(st.lists(st.integers(1, n - 1), max_size=8, unique=True),
                            label="cuts"))
    edges = [0, *cuts, n]
    parts = [model.e_step_block(params, slice(a, b))
             for a, b in pairwise(edges)]
    stats, llf = model.e_step(params)
    total = parts[0][0]
    for part, _ in parts[1:]:
        total = total + part
    assert_relative(total.x_resid, stats.x_resid, "x_resid")
    assert_relative(total.sum_sq, stats.sum_sq, "sum_sq")
    assert_relative(sum(part[1] for part in parts), llf, "llf")
    assert_relative(llf, model.loglike(params), "llf against loglike")


@pytest.mark.parametrize("kind", KINDS)
def test_one_row_blocks_and_the_engine_sum(kind: str) -> None:
    rng = np.random.default_rng(11)
    model = censored_model(kind, 60, 3, rng)
    assert isinstance(model, BlockEStep)
    assert model.n_units == 60
    params = random_params(model, rng)
    stats, llf = model.e_step(params)
    for chunksize in (1, 7, 60, 1000):
        chunked, chunked_llf = chunked_e_step(model, params, chunksize)
        assert_relative(chunked.x_resid, stats.x_resid, "x_resid")
        assert_relative(chunked.sum_sq, stats.sum_sq, "sum_sq")
        assert_relative(chunked_llf, llf, "llf")


def test_empty_block_contributes_nothing() -> None:
    model = censored_model("interval", 40, 2, np.random.default_rng(2))
    stats, llf = model.e_step_block(model.start_params, slice(5, 5))
    assert llf == 0.0 and stats.sum_sq == 0.0
    assert np.all(stats.x_resid == 0.0)


def test_block_must_be_consecutive_rows() -> None:
    model = censored_model("tobit_left", 40, 2, np.random.default_rng(2))
    with pytest.raises(ValueError, match="consecutive rows"):
        model.e_step_block(model.start_params, slice(0, 40, 2))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("chunksize", [1, 23, 97])
def test_fit_in_chunks_gives_the_same_estimates(kind: str, chunksize: int) -> None:
    model = censored_model(kind, 300, 3, np.random.default_rng(7))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither fit may warn (non-convergence, say)
        full = model.fit(cov_type="none")
        chunked = model.fit(cov_type="none", chunksize=chunksize)
    assert full.converged and chunked.converged
    u_full = model.to_unconstrained(np.asarray(full.params))
    u_chunked = model.to_unconstrained(np.asarray(chunked.params))
    # both stopped within xtol / (1 - rate) of the fixed point: 100 xtol allows rates
    # up to 0.98 (those of these fits are below 0.8)
    assert np.max(np.abs(u_chunked - u_full) / (1 + np.abs(u_full))) < 100 * 1e-10
    assert chunked.llf == pytest.approx(full.llf, rel=1e-12)


@pytest.mark.parametrize("design", ["far_from_zero", "nearly_collinear"])
def test_fit_in_chunks_with_ill_conditioned_regressors(design: str) -> None:
    rng = np.random.default_rng(1)
    n = 2000
    x1 = rng.normal(size=n)
    if design == "far_from_zero":  # means 1e5 standard deviations from zero
        x = np.column_stack([np.ones(n), x1 + 1e5, rng.normal(size=n) + 1e5])
        beta = np.array([-2e5, 1.0, 1.0])
    else:  # correlation 1 - 1e-12
        x = np.column_stack([np.ones(n), x1, x1 + 1e-6 * rng.normal(size=n)])
        beta = np.array([0.5, 1.0, 1.0])
    model = em.Tobit(np.maximum(x @ beta + rng.normal(size=n), 0.0), x, left=0.0)
    full = model.fit(cov_type="none")
    chunked = model.fit(cov_type="none", chunksize=300)
    assert full.converged and chunked.converged
    u_full = model.to_unconstrained(np.asarray(full.params))
    u_chunked = model.to_unconstrained(np.asarray(chunked.params))
    assert np.max(np.abs(u_chunked - u_full) / (1 + np.abs(u_full))) < 100 * 1e-10
    assert chunked.llf == pytest.approx(full.llf, rel=1e-12)
