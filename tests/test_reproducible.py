"""Reproducibility: the same ``random_state`` gives the same bootstrap LR test, in one
process and across joblib workers; replicate models start from the same values."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import emstats as em


def _quiet_fit(model: em.EMModel) -> em.EMResults:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit(cov_type="none")


@pytest.fixture(scope="module")
def mixture_pair() -> tuple[em.EMResults, em.EMResults]:
    # one Gaussian cloud: the k = 2 refits of replicates drawn from k = 1 have several
    # optima, so a start that changes between calls changes LR*
    rng = np.random.default_rng(20)
    x = pd.DataFrame(rng.normal(size=(70, 2)), columns=["a", "b"])
    return (_quiet_fit(em.gaussian_mixture(x, k=1, covariance="VVV")),
            _quiet_fit(em.gaussian_mixture(x, k=2, covariance="VVV")))


@pytest.fixture(scope="module")
def hmm_pair() -> tuple[em.EMResults, em.EMResults]:
    # two regimes; an HMM has at least two states, so 2 against 3
    rng = np.random.default_rng(21)
    x = pd.DataFrame({"y": np.r_[rng.normal(0, 1, 40), rng.normal(3, 1, 40)]})
    return _quiet_fit(em.hmm(x, 2)), _quiet_fit(em.hmm(x, 3))


def _lrtest(pair, **kwds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return em.bootstrap_lrtest(*pair, n_boot=8, random_state=7, progress=False, **kwds)


def _assert_same(one, two) -> None:
    np.testing.assert_array_equal(one.lr_sample, two.lr_sample)
    assert one.pvalue == two.pvalue
    assert one.failures == two.failures


@pytest.mark.parametrize("pair", ["mixture_pair", "hmm_pair"])
def test_bootstrap_lrtest_repeats_in_one_process(pair, request) -> None:
    fits = request.getfixturevalue(pair)
    _assert_same(_lrtest(fits), _lrtest(fits))


@pytest.mark.parametrize("pair", ["mixture_pair", "hmm_pair"])
def test_bootstrap_lrtest_does_not_depend_on_n_jobs(pair, request) -> None:
    fits = request.getfixturevalue(pair)
    _assert_same(_lrtest(fits), _lrtest(fits, n_jobs=2))


@pytest.mark.parametrize("pair", ["mixture_pair", "hmm_pair"])
def test_replicate_models_start_from_the_same_values(pair, request) -> None:
    # the full model refitted to outcomes simulated under the null: its default start
    # must be a function of the data (and random_state), not of a fresh generator
    restricted, full = request.getfixturevalue(pair)
    params = np.asarray(restricted.params)
    starts = []
    for _ in range(2):
        simulated = restricted.model.simulate(params, np.random.default_rng(3))
        starts.append(full.model.with_outcome_of(simulated).start_params)
    np.testing.assert_array_equal(starts[0], starts[1])


def test_a_mixture_fit_beyond_the_hierarchical_limit_repeats() -> None:
    # beyond 5,000 rows the default start is k-means++: seeded, so two fits agree
    rng = np.random.default_rng(22)
    x = np.r_[rng.normal(0, 1, (2600, 1)), rng.normal(4, 1, (2600, 1))]
    one = em.GaussianMixture(x, k=2, covariance="VVV").start_params
    two = em.GaussianMixture(x, k=2, covariance="VVV").start_params
    np.testing.assert_array_equal(one, two)
