"""Bad arguments of ``fit`` (and of the constructors that take a seed or a number of
states) are errors that name the argument and what was given, in every family."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import emstats as em

RNG = np.random.default_rng(0)
N = 60
FRAME = pd.DataFrame({"x": RNG.normal(size=N)})
FRAME["y"] = np.maximum(0.0, 1.0 + FRAME["x"] + RNG.normal(size=N))
X = np.column_stack([np.ones(N), FRAME["x"]])
TWO = np.vstack([RNG.normal(size=(30, 2)), RNG.normal(size=(30, 2)) + 3.0])
SERIES = pd.DataFrame({"y": RNG.normal(size=80)},
                      index=pd.date_range("2000-01-01", periods=80, freq="MS"))
COV = np.cov(RNG.normal(size=(100, 4)), rowvar=False)

MODELS: dict[str, Callable[[], Any]] = {
    "tobit": lambda: em.Tobit(FRAME["y"], X),
    "intreg": lambda: em.IntervalRegression(
        np.column_stack([FRAME["y"] - 0.5, FRAME["y"] + 0.5]), X),
    "mvn": lambda: em.mvn(TWO),
    "gaussian_mixture": lambda: em.gaussian_mixture(TWO, k=2),
    "hmm": lambda: em.hmm(TWO, k=2),
    "markov_switching": lambda: em.markov_switching("y ~ 1", SERIES, k_regimes=2),
    "factor": lambda: em.factor(cov=COV, nobs=100, n_factors=1),
}


@pytest.mark.parametrize("family", list(MODELS))
def test_bad_random_state_is_named(family: str) -> None:
    with pytest.raises(TypeError, match=r"random_state must be .* got 'a' \(str\)"):
        MODELS[family]().fit(random_state="a")


@pytest.mark.parametrize("family", ["gaussian_mixture", "hmm"])
def test_bad_random_state_in_the_constructor_is_named(family: str) -> None:
    make = {"gaussian_mixture": em.gaussian_mixture, "hmm": em.hmm}[family]
    with pytest.raises(TypeError, match=r"random_state must be .* got 'a' \(str\)"):
        make(TWO, k=2, random_state="a")


@pytest.mark.parametrize(("n_starts", "error", "message"), [
    (0, ValueError, r"n_starts must be a positive integer, got 0"),
    (-1, ValueError, r"n_starts must be a positive integer, got -1"),
    (2.5, ValueError, r"n_starts must be an integer, got 2.5"),
    ("2", TypeError, r"n_starts must be an integer, got '2' \(str\)"),
], ids=["zero", "negative", "fraction", "string"])
def test_bad_n_starts_is_named(n_starts: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        MODELS["tobit"]().fit(n_starts=n_starts)


@pytest.mark.parametrize(("start", "message"), [
    ([np.nan, 1.0, 1.0], r"NaN or infinite values for \['const'\]"),
    ([0.0, np.inf, 1.0], r"NaN or infinite values for \['x1'\]"),
    ([0.0, 1.0, -1.0], r"outside the parameter space .*sigma=-1"),
    ([0.0, 1.0, 0.0], r"outside the parameter space .*sigma=0"),
    ([0.0, 1.0], r"start_params must have 3 values"),
], ids=["nan", "inf", "negative-sigma", "zero-sigma", "too-short"])
def test_bad_tobit_start_params_are_named(start: list[float], message: str) -> None:
    model = em.Tobit(FRAME["y"].to_numpy(), X)
    with pytest.raises(ValueError, match=message):
        model.fit(start_params=start)


def test_start_params_outside_a_mixture_parameter_space() -> None:
    model = em.gaussian_mixture(TWO, k=2, covariance="VII")
    start = np.asarray(model.start_params, dtype=float).copy()
    cov = model.param_names.index(next(n for n in model.param_names if n.startswith("cov")))
    start[cov] = -1.0
    with pytest.raises(ValueError, match="outside the parameter space"):
        model.fit(start_params=start)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: em.gaussian_mixture(TWO, k="2"), r"k must be an integer, got '2' \(str\)"),
    (lambda: em.hmm(TWO, k="2"), r"k must be an integer, got '2' \(str\)"),
    (lambda: em.gaussian_mixture(TWO, k=True), r"k must be an integer, got True"),
    (lambda: em.factor(cov=COV, nobs=100, n_factors="1"),
     r"n_factors must be an integer, got '1' \(str\)"),
], ids=["mixture-k-string", "hmm-k-string", "mixture-k-bool", "factor-n-factors-string"])
def test_number_of_states_must_be_an_integer(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()
