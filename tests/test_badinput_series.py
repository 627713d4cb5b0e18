"""A Markov-switching series whose index cannot label consecutive periods is an error
naming the problem (the chain treats consecutive rows as consecutive periods)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import emstats as em

RNG = np.random.default_rng(0)
SERIES = pd.DataFrame({"y": RNG.normal(size=80)},
                      index=pd.date_range("2000-01-01", periods=80, freq="MS"))

CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "unsorted-dates": (
        lambda: em.markov_switching("y ~ 1", SERIES.iloc[::-1], k_regimes=2),
        r"not in time order \(2006-07-01 00:00:00 comes after 2006-08-01"),
    "holed-dates": (
        lambda: em.markov_switching("y ~ 1", SERIES.drop(SERIES.index[10:13]), k_regimes=2),
        r"no regular frequency \(the longest step: from 2000-10-01 00:00:00 to 2001-02-01"),
    "duplicated-dates": (
        lambda: em.markov_switching("y ~ 1", pd.concat([SERIES, SERIES.iloc[:3]]),
                                    k_regimes=2),
        r"3 duplicated label\(s\) \(first: Timestamp\('2000-01-01"),
    "duplicated-integer-labels": (
        lambda: em.MarkovSwitching(pd.Series(SERIES["y"].to_numpy(),
                                             index=np.r_[0:40, 0:40]), k_regimes=2),
        r"40 duplicated label\(s\)"),
    "holed-periods": (
        lambda: em.MarkovSwitching(
            pd.Series(RNG.normal(size=40),
                      index=pd.period_range("2000Q1", periods=41, freq="Q").delete(5)),
            k_regimes=2),
        r"no regular frequency"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_time_index_is_named(case: str) -> None:
    make, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        make()


def test_consecutive_rows_with_a_range_index_are_accepted() -> None:
    """The remedy the message suggests (a RangeIndex) is accepted."""
    holed = SERIES.drop(SERIES.index[10:13]).reset_index(drop=True)
    model = em.markov_switching("y ~ 1", holed, k_regimes=2)
    assert model.nobs == 77
