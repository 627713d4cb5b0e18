"""A fit stopped by numerical trouble reports the objective of the parameters it returns.

Regression test: when the EM map failed from the first iterate (an M-step that returns
NaN, as VEI's iterative M-step did on a small data set), the trace's llf was the
history's initial NaN although the returned parameters have a finite log-likelihood;
after a later failure it was the llf of the iterate before the returned one. The
expected llf is a normal log density summed with scipy.stats.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.stats import norm

from emstats.engine import run_em
from emstats.exceptions import NumericalTroubleWarning
from emstats.protocol import EMProblem

DATA = np.array([0.3, -1.2, 2.5, 0.7, 1.1, -0.4])


class FailingMean(EMProblem):
    """A normal mean with known unit variance; the M-step fails (NaN) from its
    ``fail_at``-th call on."""

    def __init__(self, fail_at: int) -> None:
        self.fail_at = fail_at
        self.calls = 0

    def e_step(self, params: np.ndarray) -> tuple[float, float]:
        return float(DATA.mean()), self.loglike(params)

    def m_step(self, stats: float, params: np.ndarray) -> np.ndarray:
        self.calls += 1
        if self.calls > self.fail_at:
            return np.array([np.nan])
        return np.array([0.5 * (params[0] + stats)])  # half an EM step, so EM iterates

    def loglike(self, params: np.ndarray) -> float:
        return float(norm(params[0], 1.0).logpdf(DATA).sum())

    def to_unconstrained(self, params: np.ndarray) -> np.ndarray:
        return np.asarray(params, dtype=float)

    def from_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(u, dtype=float)


@pytest.mark.parametrize("accel", ["squarem", None], ids=["squarem", "plain"])
@pytest.mark.parametrize("fail_at", [0, 1, 3], ids=["first-step", "second-step",
                                                     "fourth-step"])
def test_numerical_stop_reports_the_llf_of_the_returned_params(accel: str | None,
                                                               fail_at: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NumericalTroubleWarning)
        trace = run_em(FailingMean(fail_at), np.array([-2.0]), accel=accel)
    assert trace.stop_rule == "non-finite"
    assert np.all(np.isfinite(trace.params))
    expected = float(norm.logpdf(DATA, loc=trace.params[0]).sum())
    assert trace.llf == pytest.approx(expected, rel=1e-13)
