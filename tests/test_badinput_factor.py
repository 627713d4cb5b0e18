"""Bad input to factor analysis: errors at construction, naming the problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import emstats as em

RNG = np.random.default_rng(0)
COV = np.cov(RNG.normal(size=(100, 4)), rowvar=False)

CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "nobs-below-p": (lambda: em.factor(cov=COV, nobs=2, n_factors=1),
                     r"nobs = 2 is not more than the number of variables \(4\)"),
    "nobs-equal-p": (lambda: em.factor(cov=COV, nobs=4, n_factors=1),
                     r"nobs = 4 is not more than the number of variables \(4\)"),
    "nobs-fraction": (lambda: em.factor(cov=COV, nobs=1.5, n_factors=1),
                      r"nobs must be an integer, got 1.5"),
    "rows-below-p": (lambda: em.factor(RNG.normal(size=(3, 5)), n_factors=1),
                     r"3 rows are not more than the number of variables \(5\)"),
    "cov-labels-differ": (
        lambda: em.factor(cov=pd.DataFrame(COV, index=list("abcd"), columns=list("wxyz")),
                          nobs=100, n_factors=1),
        r"cov's index \['a', 'b', 'c', 'd'\] differs from its columns \['w', 'x', 'y', 'z'\]"),
    "unknown-rotation": (lambda: em.factor(cov=COV, nobs=100, n_factors=1, rotation="bogus"),
                         r"unknown rotation method 'bogus'"),
    "rotation-option-of-another-method": (
        lambda: em.factor(cov=COV, nobs=100, n_factors=1, rotation="varimax",
                          rotation_kwds={"gamma": 0.5}),
        r"option 'gamma' does not apply to the 'varimax' rotation"),
    "unknown-rotation-option": (
        lambda: em.factor(cov=COV, nobs=100, n_factors=1, rotation_kwds={"bogus": 1}),
        r"unknown rotation option\(s\) \['bogus'\]"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_factor_input_is_named_at_construction(case: str) -> None:
    make, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        make()


def test_cov_frame_with_the_same_labels_in_another_order_is_refused() -> None:
    frame = pd.DataFrame(COV, index=list("abcd"), columns=list("abcd"))
    with pytest.raises(ValueError, match="differs from its columns"):
        em.factor(cov=frame.loc[list("dcba"), list("abcd")], nobs=100)
    assert em.factor(cov=frame, nobs=100).n_features == 4


def test_rotation_name_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(TypeError, match="rotation must be a method name"):
        em.factor(cov=COV, nobs=100, rotation=None)


def test_cov_frame_without_row_labels_is_accepted() -> None:
    """``pd.DataFrame(S, columns=names)`` has a default RangeIndex: no row labels to
    contradict the columns."""
    frame = pd.DataFrame(COV, columns=list("abcd"))
    assert em.factor(cov=frame, nobs=100).columns == list("abcd")
