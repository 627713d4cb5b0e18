"""Bad input to the censored-normal family (Tobit, interval regression): each case is an
error naming the problem and what the user wrote, not a result, not a message from
inside numpy, pandas or statsmodels, and not a misleading one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

import emstats as em

RNG = np.random.default_rng(0)
N = 60
X1, X2 = RNG.normal(size=N), RNG.normal(size=N)
Y = np.maximum(0.0, 1.0 + X1 - X2 + RNG.normal(size=N))
FRAME = pd.DataFrame({"y": Y, "x": X1, "z": X2, "lo": Y - 0.5, "hi": Y + 0.5})
X = np.column_stack([np.ones(N), X1])

CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "tobit-boolean-outcome": (lambda: em.Tobit(FRAME["y"] > 1, X),
                              r"outcome 'y' is not numeric \(bool"),
    "tobit-boolean-array": (lambda: em.Tobit(Y > 1, X), r"endog is not numeric \(bool"),
    "tobit-string-outcome": (
        lambda: em.Tobit(pd.Series(["a"] * N, name="wage", dtype=object), X),
        r"outcome 'wage' is not numeric \(.*e\.g\. 'a'"),
    "tobit-string-outcome-formula": (lambda: em.tobit("s ~ x", FRAME.assign(s=["1"] * N)),
                                     r"outcome \['s'\] is not numeric"),
    "tobit-boolean-outcome-formula": (lambda: em.tobit("b ~ x", FRAME.assign(b=Y > 1)),
                                      r"outcome \['b'\] is not numeric"),
    "intreg-boolean-bounds": (
        lambda: em.IntervalRegression(pd.DataFrame({"l": Y > 1, "u": Y > 0}), X),
        r"outcome 'l' is not numeric \(bool"),
    "tobit-rows-differ": (lambda: em.Tobit(Y[:50], X),
                          r"endog has 50 rows but exog has 60"),
    "intreg-rows-differ": (
        lambda: em.IntervalRegression(np.column_stack([Y - 1, Y + 1])[:50], X),
        r"endog has 50 rows but exog has 60"),
    "intreg-empty-frame": (lambda: em.intreg("lo + hi ~ x", FRAME.iloc[:0]),
                           r"data has no rows"),
    "intreg-both-bounds-nan": (
        lambda: em.intreg("lo + hi ~ x", FRAME.assign(lo=np.nan, hi=np.nan)),
        r"no observations: both bounds are NaN in every row"),
    "tobit-outcome-nan": (lambda: em.tobit("y ~ x", FRAME.assign(y=np.nan)),
                          r"no observations: the outcome 'y' is NaN in every row"),
    "tobit-all-nan-regressor": (lambda: em.tobit("y ~ x + w", FRAME.assign(w=np.nan)),
                                r"no rows are left.*\['w'\] are NaN in every row"),
    "tobit-empty-frame": (lambda: em.tobit("y ~ x", FRAME.iloc[:0]), r"data has no rows"),
    "tobit-empty-arrays": (lambda: em.Tobit(np.empty(0), np.empty((0, 2))),
                           r"there are no observations"),
    "tobit-datetime-regressor": (
        lambda: em.tobit("y ~ x + t", FRAME.assign(t=pd.date_range("2000", periods=N))),
        r"regressor\(s\) \['t'\] are dates"),
    "tobit-near-collinear": (
        lambda: em.Tobit(Y, np.column_stack([X, X1 + 1e-10 * X2])),
        r"regressors are nearly \(to a relative 1e-07\) collinear"),
    "tobit-exactly-collinear": (lambda: em.Tobit(Y, np.column_stack([X, 2 * X1])),
                                r"regressors are perfectly collinear"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_censored_input_is_named(case: str) -> None:
    make, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        make()


def test_near_collinear_regressors_within_the_tolerance_are_fitted() -> None:
    """A third column equal to another plus 1e-4 times a fourth is well inside the
    tolerance: the fit goes on, and reproduces the fit on the recoded regressors (the
    same column space), whose coefficients map linearly."""
    near = np.column_stack([X, X1 + 1e-4 * X2])
    recoded = np.column_stack([X, X2])   # span{1, x1, x1 + e z} = span{1, x1, z}
    res = em.Tobit(Y, near).fit(cov_type="none")
    ref = em.Tobit(Y, recoded).fit(cov_type="none")
    b = np.asarray(res.params)
    r = np.asarray(ref.params)
    np.testing.assert_allclose([b[0], b[1] + b[2], 1e-4 * b[2], b[3]], r, rtol=1e-6,
                               atol=1e-8)
    assert res.llf == pytest.approx(ref.llf, rel=1e-10)
