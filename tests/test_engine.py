"""The EM engine on its own, with toy models that know nothing of emstats' models."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from emstats.engine import (
    ConvergenceMonitor,
    ConvergenceWarning,
    EMProblem,
    MonotonicityWarning,
    NumericalTroubleWarning,
    run_em,
    run_multistart,
)
from emstats.engine.em import HISTORY_COLUMNS
from validation.cases.case05_genetic_linkage import GeneticLinkage

# Dempster, Laird & Rubin (1977), Table 1 (to the paper's arithmetic, 1e-9).
DLR_PATH = [0.608247423, 0.624321051, 0.626488879, 0.626777323, 0.626815632, 0.626820719,
            0.626821395, 0.626821484]
DLR_MLE = (15 + np.sqrt(15**2 + 4 * 197 * 68)) / (2 * 197)  # root of 197p^2 - 15p - 68


class PoissonMixture(EMProblem):
    """Two-component Poisson mixture on grouped counts (Hasselblad 1969 data)."""

    counts = np.arange(10.0)
    freq = np.array([162, 267, 271, 185, 111, 61, 27, 8, 3, 1], dtype=float)

    def __init__(self, freq: np.ndarray | None = None) -> None:
        if freq is not None:
            self.freq = np.asarray(freq, dtype=float)

    def _log_joint(self, params: np.ndarray) -> np.ndarray:
        w, m1, m2 = params
        from scipy.special import gammaln, xlogy
        c = self.counts
        return np.stack([
            np.log(w) + xlogy(c, m1) - m1 - gammaln(c + 1),
            np.log1p(-w) + xlogy(c, m2) - m2 - gammaln(c + 1),
        ])

    def e_step(self, params: np.ndarray) -> tuple[np.ndarray, float]:
        lj = self._log_joint(params)
        ll = np.logaddexp(lj[0], lj[1])
        return np.exp(lj[0] - ll), float(self.freq @ ll)

    def m_step(self, resp: np.ndarray, params: np.ndarray) -> np.ndarray:
        f1, f2 = self.freq * resp, self.freq * (1 - resp)
        return np.array([f1.sum() / self.freq.sum(), f1 @ self.counts / f1.sum(),
                         f2 @ self.counts / f2.sum()])

    def loglike(self, params: np.ndarray) -> float:
        return self.e_step(params)[1]

    def to_unconstrained(self, params: np.ndarray) -> np.ndarray:
        w, m1, m2 = params
        return np.array([np.log(w / (1 - w)), np.log(m1), np.log(m2)])

    def from_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return np.array([1 / (1 + np.exp(-u[0])), np.exp(u[1]), np.exp(u[2])])


def test_dlr_table_1_em_path() -> None:
    trace = run_em(GeneticLinkage(), np.array([0.5]), accel=None)
    assert_allclose(trace.path[1:9, 0], DLR_PATH, atol=1e-9)
    assert trace.params[0] == pytest.approx(DLR_MLE, abs=1e-11)
    assert trace.converged and trace.stop_rule == "params"


def test_history_has_one_row_per_iteration() -> None:
    trace = run_em(GeneticLinkage(), np.array([0.5]), accel=None)
    assert list(trace.history.columns) == HISTORY_COLUMNS
    assert len(trace.history) == trace.n_iter
    assert trace.history["n_evals"].tolist() == list(range(1, trace.n_iter + 1))
    assert np.all(np.diff(trace.history["llf"]) >= 0)


def test_squarem_same_optimum_fewer_evaluations() -> None:
    start = np.array([0.44629444987719813, 5.3433980730263855, 0.8713512982686988])
    plain = run_em(PoissonMixture(), start, accel=None)
    fast = run_em(PoissonMixture(), start, accel="squarem")
    # MLE of the SQUAREM package's example (Varadhan & Roland 2008), BENCHMARKS.md case 6.
    mle = [0.6401146029910, 2.6634043566619, 1.2560951012662]
    assert_allclose(fast.params, mle, rtol=1e-7)
    assert_allclose(plain.params, mle, rtol=1e-6)
    assert fast.n_evals < plain.n_evals / 10
    assert (fast.history["move"] != "em").any()


def test_maxiter_reports_non_convergence() -> None:
    trace = run_em(GeneticLinkage(), np.array([0.5]), accel=None,
                   monitor=ConvergenceMonitor(maxiter=3))
    assert not trace.converged
    assert trace.stop_rule == "maxiter"
    assert trace.n_iter == 3


def test_llf_rule_is_reported() -> None:
    trace = run_em(GeneticLinkage(), np.array([0.5]), accel=None,
                   monitor=ConvergenceMonitor(ftol=1e-6))
    assert trace.converged and trace.stop_rule == "llf"


class BrokenMStep(GeneticLinkage):
    """An M-step that overshoots the maximiser: EM cannot lower the llf, so this must warn."""

    def m_step(self, x2: float, params: np.ndarray) -> np.ndarray:
        p = super().m_step(x2, params)
        return np.clip(p + 0.3 * (p - 0.3), 1e-6, 1 - 1e-6)


def test_monotonicity_guard_names_the_iteration() -> None:
    with pytest.warns(MonotonicityWarning, match="iteration"):
        run_em(BrokenMStep(), np.array([0.05]), accel=None, monitor=ConvergenceMonitor(
            maxiter=50))


def test_multistart_keeps_best_and_records_every_start() -> None:
    starts = [np.array([0.5, 1.0, 1.0 + 1e-3]), np.array([0.44629, 5.34, 0.87]),
              np.array([0.3, 3.0, 1.5])]
    best, table = run_multistart(PoissonMixture(), starts)
    assert len(table) == 3
    assert best.llf == pytest.approx(table["llf"].max())
    assert set(table.columns) >= {"start", "llf", "converged"}


def test_convergence_warning_class_is_statsmodels_compatible() -> None:
    from statsmodels.tools.sm_exceptions import ConvergenceWarning as SMWarning
    assert issubclass(ConvergenceWarning, SMWarning)


@settings(max_examples=60, deadline=None)
@given(
    freq=st.lists(st.integers(0, 400), min_size=10, max_size=10).filter(
        lambda f: sum(f) > 20 and sum(c > 0 for c in f) >= 3),
    w=st.floats(0.05, 0.95), m1=st.floats(0.2, 8.0), m2=st.floats(0.2, 8.0),
)
def test_plain_em_never_lowers_llf_poisson_mixture(freq: list[int], w: float, m1: float,
                                                   m2: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        warnings.simplefilter("ignore", NumericalTroubleWarning)  # a mean may reach 0
        trace = run_em(PoissonMixture(np.array(freq)), np.array([w, m1, m2]), accel=None,
                       monitor=ConvergenceMonitor(maxiter=200))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-9 * np.abs(llf[:-1]))


@settings(max_examples=60, deadline=None)
@given(
    freq=st.lists(st.integers(0, 400), min_size=10, max_size=10).filter(
        lambda f: sum(f) > 20 and sum(c > 0 for c in f) >= 3),
    w=st.floats(0.05, 0.95), m1=st.floats(0.2, 8.0), m2=st.floats(0.2, 8.0),
)
def test_squarem_iterates_never_lower_llf_poisson_mixture(freq: list[int], w: float,
                                                          m1: float, m2: float) -> None:
    # Extrapolations may fall below the current llf; the look-ahead from them is taken
    # only if it recovers, so the iterates (history rows, then the result) never fall.
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        warnings.simplefilter("ignore", NumericalTroubleWarning)  # a mean may reach 0
        trace = run_em(PoissonMixture(np.array(freq)), np.array([w, m1, m2]),
                       accel="squarem", monitor=ConvergenceMonitor(maxiter=200))
    llf = np.append(trace.history["llf"].to_numpy(), trace.llf)
    assert np.all(np.diff(llf) >= -1e-12 * np.abs(llf[:-1]))


class PoissonMixtureSingularAtZero(PoissonMixture):
    """The Poisson mixture with a problem-defined singularity: a first mean below 1e-6."""

    def singular_reason(self, params: np.ndarray) -> str | None:
        return "the first mean vanished" if params[1] < 1e-6 else None


@pytest.mark.parametrize("accel", [None, "squarem"])
def test_a_singular_point_stops_em_on_the_boundary(accel: str | None) -> None:
    # Only counts 0 and 9: the first mean drifts to 0 (never reaching it in floating
    # point); the problem's singular_reason makes EM stop at the first iterate past the
    # threshold, and no iterate before it (nor an extrapolation) is singular.
    freq = np.zeros(10)
    freq[[0, 9]] = 100.0, 50.0
    with pytest.warns(NumericalTroubleWarning, match="the first mean vanished"):
        trace = run_em(PoissonMixtureSingularAtZero(freq), np.array([0.5, 4.0, 5.0]),
                       accel=accel, monitor=ConvergenceMonitor(maxiter=500))
    assert trace.stop_rule == "boundary" and not trace.converged
    assert trace.params[1] < 1e-6 and trace.n_iter >= 2
    assert np.all(trace.path[:-1, 1] >= 1e-6)


@pytest.mark.parametrize("accel", [None, "squarem"])
def test_boundary_of_the_parameter_space_stops_with_a_warning(accel: str | None) -> None:
    # Only counts 0 and 9: from a start with a tiny first mean, the first component
    # takes all the zeros and its mean becomes exactly 0, where log(mean) is -inf.
    freq = np.zeros(10)
    freq[[0, 9]] = 100.0, 50.0
    with pytest.warns(NumericalTroubleWarning, match="boundary of the parameter space"):
        trace = run_em(PoissonMixture(freq), np.array([0.5, 1e-100, 5.0]), accel=accel)
    assert trace.stop_rule == "boundary" and not trace.converged
    w, _, m2 = trace.params
    assert trace.params[1] == 0.0
    # The llf at the boundary point, by hand: zeros from either component, nines from
    # the second only.
    expected = (100 * np.log(w + (1 - w) * np.exp(-m2))
                + 50 * (np.log1p(-w) + 9 * np.log(m2) - m2 - np.log(362880.0)))
    assert trace.llf == pytest.approx(expected, rel=1e-12)


class TwoBasins(EMProblem):
    """A one-parameter toy problem with two basins of attraction.

    From below 0.5, EM halves the distance to the interior maximum 0.2 (llf -10).
    From above, it climbs in steps of 0.2 to a higher llf but stops on trouble: on the
    boundary ``p = 1``, where the logit is infinite, or (``failing=True``) on an
    E-step that fails from ``p = 0.8`` on.
    """

    def __init__(self, failing: bool = False) -> None:
        self.failing = failing

    def loglike(self, params: np.ndarray) -> float:
        p = float(params[0])
        return -10.0 - (p - 0.2) ** 2 if p < 0.5 else -5.0 - (1.0 - p)

    def e_step(self, params: np.ndarray) -> tuple[np.ndarray, float]:
        if self.failing and params[0] >= 0.8:
            raise np.linalg.LinAlgError("the E-step failed")
        return params, self.loglike(params)

    def m_step(self, stats: np.ndarray, params: np.ndarray) -> np.ndarray:
        p = float(stats[0])
        return np.array([0.2 + 0.5 * (p - 0.2) if p < 0.5 else min(p + 0.2, 1.0)])

    def to_unconstrained(self, params: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return np.log(params / (1.0 - params))

    def from_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-u))


@pytest.mark.parametrize(("failing", "stop_rule"), [(False, "boundary"), (True, "non-finite")])
def test_multistart_prefers_a_converged_run_to_a_higher_stop_on_trouble(
        failing: bool, stop_rule: str) -> None:
    # The troubled run comes first and ends with the higher llf (-5 or -5.4 against -10):
    # a stop on the boundary or on a failed step is not a maximum, and it loses.
    problem = TwoBasins(failing)
    with pytest.warns(NumericalTroubleWarning):
        best, table = run_multistart(problem, [np.array([0.6]), np.array([0.3])], accel=None)
    assert table["stop_rule"].tolist() == [stop_rule, "params"]
    assert table["llf"][0] > table["llf"][1]
    assert best.converged and best.params[0] == pytest.approx(0.2, abs=1e-8)
    assert table["reached_best"].tolist() == [False, True]


def test_multistart_keeps_the_best_troubled_run_when_no_run_is_sound() -> None:
    with pytest.warns(NumericalTroubleWarning):
        best, table = run_multistart(TwoBasins(), [np.array([0.55]), np.array([0.7])],
                                     accel=None)
    assert table["stop_rule"].tolist() == ["boundary", "boundary"]
    assert best.stop_rule == "boundary" and best.llf == pytest.approx(-5.0)
    assert table["reached_best"].all()
