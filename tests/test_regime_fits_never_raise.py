"""Issue 20's crash audit: default fits of 2-, 3- and 4-regime Markov-switching models and
Gaussian HMMs on simulated data sets return (a finite llf, at least the default start's)
instead of raising. The suite runs 3 data sets per case; ``pytest -m sweep`` runs 50 (about
an hour on two cores, beyond CI's budget; the closing note of issue 20 has its outcome)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import emstats as em

CASES = [(family, k) for family in ("markov_switching", "hmm") for k in (2, 3, 4)]


def _chain(k: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """A chain staying with probability 0.9, leaving to the others alike."""
    stay = np.full((k, k), 0.1 / (k - 1)) + (0.9 - 0.1 / (k - 1)) * np.eye(k)
    states = np.zeros(n, dtype=int)
    for t in range(1, n):
        states[t] = rng.choice(k, p=stay[states[t - 1]])
    return states


def _markov_switching(k: int, seed: int, n: int = 200) -> em.MarkovSwitching:
    """An MS-AR(1) with random regime means and deviations; the model's order (0, 1, 2)
    and switching variance vary with the seed."""
    rng = np.random.default_rng(seed)
    regimes = _chain(k, n, rng)
    means = np.sort(rng.normal(scale=1.5, size=k))
    sds = rng.uniform(0.4, 1.2, size=k)
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = (means[regimes[t]] + 0.3 * (y[t - 1] - means[regimes[t - 1]])
                + sds[regimes[t]] * rng.normal())
    return em.MarkovSwitching(y, k_regimes=k, order=seed % 3,
                              switching_variance=bool(seed % 2))


def _hmm(k: int, seed: int, n: int = 200) -> em.GaussianHMM:
    """Two columns, state means drawn at random (they may overlap)."""
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=2.0, size=(k, 2))
    return em.GaussianHMM(means[_chain(k, n, rng)] + rng.normal(size=(n, 2)), k)


def _failures(family: str, k: int, seeds: range) -> list[str]:
    build = _markov_switching if family == "markov_switching" else _hmm
    failures = []
    for seed in seeds:
        model = build(k, seed)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = model.fit()
        except Exception as err:  # the audit: any exception is a failure to report
            failures.append(f"seed {seed}: {type(err).__name__}: {err}")
            continue
        if not (np.isfinite(res.llf) and res.llf >= model.loglike(model.start_params) - 1e-6):
            failures.append(f"seed {seed}: llf {res.llf} below the start's")
    return failures


@pytest.mark.parametrize(("family", "k"), CASES)
def test_default_fits_never_raise(family: str, k: int) -> None:
    assert _failures(family, k, range(3)) == []


@pytest.mark.sweep
@pytest.mark.parametrize(("family", "k"), CASES)
def test_default_fits_never_raise_on_50_data_sets(family: str, k: int) -> None:
    assert _failures(family, k, range(50)) == []
