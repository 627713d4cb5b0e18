"""The engine's Newton finish (:class:`~emstats.protocol.NewtonFinish`): EM to a loose
tolerance, then Newton's method on the observed llf; back to EM when Newton fails.

Expected optima come from scipy's direct maximisation of the llf, not from emstats.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import optimize
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

import emstats as em
from emstats.engine import ConvergenceMonitor, StopRule, run_em
from emstats.engine.newton import newton_polish
from emstats.protocol import NewtonFinish
from tests.test_engine import PoissonMixture


class PoissonMixtureNewton(PoissonMixture):
    """The Hasselblad Poisson mixture, finished by Newton with numerical derivatives."""

    handoff = 1e-3

    def newton_handoff(self) -> float | None:
        return self.handoff

    def _llf_u(self, u: np.ndarray) -> float:
        return self.loglike(self.from_unconstrained(u))

    def score_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(approx_fprime(u, self._llf_u, centered=True), dtype=float)

    def hessian_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(approx_hess3(u, self._llf_u), dtype=float)


class WrongScore(PoissonMixtureNewton):
    """A score of the wrong sign: no Newton step gains, so Newton must hand back to EM."""

    def score_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return -super().score_unconstrained(u)


class WrongCurvature(PoissonMixtureNewton):
    """A Hessian of the wrong sign (positive definite): the steps take its eigenvalues'
    absolute values, which here is the right Hessian."""

    def hessian_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return -super().hessian_unconstrained(u)


START = np.array([0.3, 1.0, 2.5])


def scipy_maximum(problem: PoissonMixture) -> tuple[np.ndarray, float]:
    """The maximum of the llf by Nelder-Mead then BFGS in the working coordinates."""
    def objective(u: np.ndarray) -> float:
        return -problem.loglike(problem.from_unconstrained(u))
    u0 = problem.to_unconstrained(START)
    u = optimize.minimize(objective, u0, method="Nelder-Mead",
                          options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000}).x
    u = optimize.minimize(objective, u, method="BFGS", options={"gtol": 1e-9}).x
    return problem.from_unconstrained(u), -objective(u)


def test_protocol_is_declared() -> None:
    assert isinstance(PoissonMixtureNewton(), NewtonFinish)
    assert not isinstance(PoissonMixture(), NewtonFinish)
    assert isinstance(em.TruncatedRegression(np.arange(1.0, 9.0), np.ones(8), left=0.0),
                      NewtonFinish)


@pytest.mark.parametrize("accel", ["squarem", None])
def test_newton_finishes_em_at_the_maximum(accel: str | None) -> None:
    problem = PoissonMixtureNewton()
    trace = run_em(problem, START, accel=accel)  # type: ignore[arg-type]
    expected, llf = scipy_maximum(problem)
    assert trace.converged and trace.stop_rule == StopRule.NEWTON
    moves = trace.history["move"].tolist()
    newton = moves.index("newton")
    assert 1 <= moves.count("newton") <= 6 and set(moves[newton:]) == {"newton"}
    assert trace.llf >= llf - 1e-9
    assert_allclose(trace.params, expected, rtol=1e-6)
    assert len(trace.path) == trace.n_iter + 1
    assert_allclose(trace.path[-1], trace.params)
    plain = run_em(PoissonMixture(), START, accel=accel,  # type: ignore[arg-type]
                   monitor=ConvergenceMonitor(xtol=1e-12))
    assert trace.n_evals < plain.n_evals


def test_a_failed_newton_finish_goes_back_to_em() -> None:
    problem = WrongScore()
    trace = run_em(problem, START)
    expected, llf = scipy_maximum(problem)
    assert trace.converged
    moves = trace.history["move"].tolist()
    # the first polish gains nothing; EM converges; the second polish's decrement is
    # below the tolerance, and its step is taken unchecked (a row: EM's distance left)
    assert "newton" not in moves[:-1] and moves[-1] == "newton"
    assert trace.history["param_change"].iloc[-1] < 1e-7
    assert trace.llf >= llf - 1e-8
    assert_allclose(trace.params, expected, rtol=1e-5)
    assert_allclose(trace.history["iteration"], np.arange(trace.n_iter))
    assert len(trace.path) == trace.n_iter + 1


@pytest.mark.filterwarnings("ignore::emstats.exceptions.NumericalTroubleWarning")
@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 300), min_size=10, max_size=10),
       st.floats(0.2, 0.8), st.floats(0.5, 2.0), st.floats(2.5, 6.0))
def test_the_history_never_lowers_the_llf(freq: list[int], w: float, m1: float,
                                          m2: float) -> None:
    problem = PoissonMixtureNewton(np.array(freq))
    trace = run_em(problem, np.array([w, m1, m2]))
    llf = np.r_[trace.history["llf"].to_numpy(), trace.llf]
    assert np.all(np.diff(llf) >= -1e-9 * (1 + np.abs(llf[:-1])))


def test_newton_polish_of_a_quadratic_takes_one_step() -> None:
    hess = np.array([[-4.0, 1.0], [1.0, -3.0]])
    top = np.array([1.0, -2.0])

    def loglike(u: np.ndarray) -> float:
        return float(0.5 * (u - top) @ hess @ (u - top))

    polish = newton_polish(loglike, lambda u: hess @ (u - top), lambda u: hess,
                           np.zeros(2))
    assert polish.converged and len(polish.steps) == 1
    assert_allclose(polish.u, top, atol=1e-14)
    assert polish.gain == pytest.approx(-loglike(np.zeros(2)))


def test_an_indefinite_hessian_is_climbed_not_refused() -> None:
    """Newton with the eigenvalues' absolute values: with a wrong-sign Hessian it climbs
    but never declares convergence (EM finishes, at scipy's maximum); off a saddle's
    neighbourhood it reaches a maximum."""
    problem = WrongCurvature()
    trace = run_em(problem, START)
    expected, llf = scipy_maximum(problem)
    assert trace.converged and trace.stop_rule == StopRule.PARAMS
    assert "newton" in trace.history["move"].tolist()
    assert trace.llf >= llf - 1e-9
    assert_allclose(trace.params, expected, rtol=1e-6)

    def loglike(u: np.ndarray) -> float:  # a saddle at 0, maxima at (0, +-1)
        return float(-0.5 * u[0] ** 2 + 0.5 * u[1] ** 2 - 0.25 * u[1] ** 4)

    def score(u: np.ndarray) -> np.ndarray:
        return np.array([-u[0], u[1] - u[1] ** 3])

    def hessian(u: np.ndarray) -> np.ndarray:
        return np.diag([-1.0, 1.0 - 3.0 * u[1] ** 2])

    polish = newton_polish(loglike, score, hessian, np.array([0.5, 0.1]))
    assert polish.converged and polish.llf == pytest.approx(0.25, abs=1e-14)
    assert_allclose(polish.u, [0.0, 1.0], atol=1e-7)
    at_saddle = newton_polish(loglike, score, hessian, np.zeros(2))
    assert not at_saddle.converged and not at_saddle.steps  # a zero score, not a maximum


def test_truncated_fit_reports_the_newton_steps() -> None:
    rng = np.random.default_rng(7)
    x = np.column_stack([np.ones(3000), rng.normal(size=(3000, 2))])
    y = x @ [-0.5, 1.0, -1.0] + rng.normal(size=3000)
    keep = y > 0.5  # heavy truncation: EM's rate is close to one
    res = em.TruncatedRegression(y[keep], x[keep], left=0.5).fit()
    assert res.converged and res.stop_rule == "newton"
    assert res.history["move"].iloc[-1] == "newton"
    assert "newton" in res.summary().as_text()
