"""The starts audit of every fit (issue 20): how many starts reached the best llf, the
next best maximum found, the summary's note and a warning when only one start got there.
The counts are checked against the starts table itself (the per-start llfs)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import emstats as em


@pytest.fixture(scope="module")
def faithful() -> np.ndarray:
    return np.asarray(em.datasets.load_faithful())


def test_one_start_at_the_best_warns_and_says_so(faithful: np.ndarray) -> None:
    with pytest.warns(em.StartsWarning, match="only 1 of the 3 starts reached the best"):
        res = em.GaussianMixture(faithful, 4).fit(n_starts=3, random_state=3,
                                                  cov_type="none")
    llf = np.sort(res.starts["llf"].to_numpy())
    assert res.starts_reached_best == 1 and res.llf == pytest.approx(llf[-1])
    assert res.second_best == pytest.approx(llf[-2])
    assert (f"Starts: 1 of 3 reached the best llf; the next best is {llf[-2]:#.6g}, "
            f"{llf[-1] - llf[-2]:.3g} lower") in res.summary().as_text()


def test_two_starts_at_the_best_do_not_warn(faithful: np.ndarray) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", em.StartsWarning)
        res = em.GaussianMixture(faithful, 4).fit(n_starts=3, random_state=1,
                                                  cov_type="none")
    llf = res.starts["llf"].to_numpy()
    assert res.starts_reached_best == int(np.sum(llf >= llf.max() - 1e-8 * abs(llf.max())))
    assert res.starts_reached_best == 2 and res.second_best == pytest.approx(llf.min())


def test_a_single_start_has_no_audit(faithful: np.ndarray) -> None:
    res = em.GaussianMixture(faithful, 2).fit(cov_type="none")
    assert res.starts_reached_best == 1 and res.second_best is None
    assert "Starts:" not in res.summary().as_text()
