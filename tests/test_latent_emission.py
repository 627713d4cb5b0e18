"""A new family is a new emission: a mixture of Poisson regressions, and the same emission
in a hidden Markov model, fitted on the latent-state layer and checked against a direct
maximisation (scipy) of observed-data likelihoods written here from scratch.

The emission below is everything a family of Poisson-regression latent classes has to
write: the log density of each row in each state, the posterior-weighted statistics, the
weighted Poisson-regression M-step, the working chart, the score for Louis' information,
sampling and the order of the states. The layer (independent classes, with or without
concomitant variables, or a Markov chain), the engine and every covariance estimator come
with it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy.special import gammaln, logsumexp
from statsmodels.tools.numdiff import approx_hess3

from emstats.engine import ConvergenceMonitor, run_em
from emstats.engine.chunks import Additive
from emstats.models.latent import EmissionBase, EmissionScores, LatentStateModel, MixingWeights
from emstats.models.latent.markov import FreeChain
from emstats.params import Affine, ParamValues, array_block


# -- the emission: Poisson regression in each state ----------------------------------------
@dataclass(frozen=True)
class PoissonStats(Additive):
    """Posterior state probabilities of the rows (n x K, zero outside a block's rows)."""

    weights: np.ndarray


class PoissonRegression(EmissionBase):
    """``y_i | X_i = j ~ Poisson(exp(x_i' beta_j))``."""

    state_noun = "mean"

    def __init__(self, y: np.ndarray, x: np.ndarray, k: int) -> None:
        self.y, self.x = np.asarray(y, float), np.asarray(x, float)
        self.n_rows, self.n_hidden, self.row_size = len(y), k, 2 * k
        self.blocks = (array_block("beta", [range(k), [f"x{c}" for c in range(x.shape[1])]],
                                   chart=Affine()),)

    def log_density(self, values: ParamValues, rows: slice) -> np.ndarray:
        eta = self.x[rows] @ values["beta"].T
        y = self.y[rows, None]
        return y * eta - np.exp(eta) - gammaln(y + 1)

    def statistics(self, values: ParamValues, weights: np.ndarray, rows: slice) -> PoissonStats:
        placed = np.zeros((self.n_rows, self.n_hidden))
        placed[rows] = weights
        return PoissonStats(placed)

    def expected_loglike(self, values: ParamValues, stats: PoissonStats, at: ParamValues
                         ) -> float:
        return float(np.sum(stats.weights * self.log_density(values, slice(0, self.n_rows))))

    def m_step(self, stats: PoissonStats, values: ParamValues) -> dict[str, np.ndarray]:
        """Newton's method for each state's weighted Poisson regression, from the current
        coefficients, to convergence (the objective is concave)."""
        beta = values["beta"].copy()
        for j in range(self.n_hidden):
            w = stats.weights[:, j]
            for _ in range(100):
                mu = np.exp(self.x @ beta[j])
                step = np.linalg.solve((self.x * (w * mu)[:, None]).T @ self.x,
                                       self.x.T @ (w * (self.y - mu)))
                beta[j] += step
                if np.max(np.abs(step)) < 1e-13 * (1 + np.max(np.abs(beta[j]))):
                    break
        return {"beta": beta}

    def to_working(self, values: ParamValues) -> np.ndarray:
        return values["beta"].ravel()

    def from_working(self, u: np.ndarray) -> dict[str, np.ndarray]:
        return {"beta": np.asarray(u, float).reshape(self.n_hidden, -1)}

    @property
    def n_working(self) -> int:
        return self.blocks[0].size

    def singular_states(self, values: ParamValues) -> list[int]:
        return []

    def order_key(self, values: ParamValues) -> np.ndarray:
        return values["beta"][:, 0]

    def permuted(self, values: ParamValues, order: np.ndarray) -> dict[str, np.ndarray]:
        return {"beta": values["beta"][order]}

    def sample(self, values: ParamValues, states: np.ndarray, rng: np.random.Generator
               ) -> np.ndarray:
        eta = np.einsum("ic,ic->i", self.x, values["beta"][states])
        return rng.poisson(np.exp(eta)).astype(float)

    def score_coordinates(self, values: ParamValues) -> np.ndarray:
        return values["beta"].ravel()

    def score_moments(self, values: ParamValues, weights: np.ndarray) -> EmissionScores:
        mu = np.exp(self.x @ values["beta"].T)
        scores = (self.y[:, None] - mu)[:, :, None] * self.x[:, None, :]
        q = self.x.shape[1] * self.n_hidden
        return EmissionScores(scores, np.zeros((q, q)), blockwise=True)


class PoissonClasses(LatentStateModel):
    """Latent classes of Poisson regressions: a mixture, or a hidden Markov model."""

    model_name = "Poisson latent classes"

    def __init__(self, y: np.ndarray, x: np.ndarray, k: int, *, chain: bool = False,
                 concomitant: np.ndarray | None = None, start: np.ndarray | None = None
                 ) -> None:
        layer = (FreeChain(k, np.array([0]), len(y)) if chain
                 else MixingWeights(k, len(y), concomitant))
        super().__init__(layer, PoissonRegression(y, x, k), y, x)
        self.nobs = float(len(y))
        self._start = start

    @property
    def start_params(self) -> np.ndarray:
        return np.asarray(self._start, float)


# -- data and references written from scratch ---------------------------------------------------
def _data(seed: int, n: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two classes of counts with different regressions; the classes persist in time
    (a Markov chain) and depend on a concomitant variable ``w``."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=n)])
    w = np.column_stack([np.ones(n), rng.normal(size=n)])
    state = np.zeros(n, dtype=int)
    for t in range(1, n):
        stay = 1 / (1 + np.exp(-(2.0 + 0.5 * w[t, 1])))
        state[t] = state[t - 1] if rng.random() < stay else 1 - state[t - 1]
    beta = np.array([[0.2, 0.8], [2.0, -0.5]])
    y = rng.poisson(np.exp(np.einsum("ic,ic->i", x, beta[state]))).astype(float)
    return y, x, w, state


def _log_pois(y: np.ndarray, x: np.ndarray, beta: np.ndarray) -> np.ndarray:
    eta = x @ beta.T
    return y[:, None] * eta - np.exp(eta) - gammaln(y[:, None] + 1)


def mixture_llf(theta: np.ndarray, y: np.ndarray, x: np.ndarray) -> float:
    """theta = (logit of weight 1, beta_0, beta_1)."""
    log_w = np.log(np.array([1.0, np.exp(theta[0])]) / (1 + np.exp(theta[0])))
    beta = theta[1:].reshape(2, -1)
    return float(logsumexp(_log_pois(y, x, beta) + log_w, axis=1).sum())


def concomitant_llf(theta: np.ndarray, y: np.ndarray, x: np.ndarray, w: np.ndarray) -> float:
    """theta = (gamma for class 1 vs 0, beta_0, beta_1)."""
    eta = w @ theta[:2]
    log_w = np.column_stack([-np.logaddexp(0, eta), eta - np.logaddexp(0, eta)])
    beta = theta[2:].reshape(2, -1)
    return float(logsumexp(_log_pois(y, x, beta) + log_w, axis=1).sum())


def hmm_llf(theta: np.ndarray, y: np.ndarray, x: np.ndarray) -> float:
    """theta = (logit start 1, logit p01, logit p10, beta_0, beta_1): the scaled forward
    recursion (Rabiner 1989)."""
    start = np.log(np.array([1.0, np.exp(theta[0])]) / (1 + np.exp(theta[0])))
    p01, p10 = 1 / (1 + np.exp(-theta[1])), 1 / (1 + np.exp(-theta[2]))
    log_p = np.log(np.array([[1 - p01, p01], [p10, 1 - p10]]))
    dens = _log_pois(y, x, theta[3:].reshape(2, -1))
    top = dens.max(axis=1, keepdims=True)
    scaled = np.exp(dens - top)  # scaled densities; the scale goes into the llf
    transition = np.exp(log_p)
    alpha = np.exp(start) * scaled[0]
    llf = float(top[0, 0] + np.log(alpha.sum()))
    alpha /= alpha.sum()
    for t in range(1, len(y)):
        alpha = (alpha @ transition) * scaled[t]
        total = alpha.sum()
        llf += float(top[t, 0] + np.log(total))
        alpha /= total
    return llf


def _maximise(llf, theta0: np.ndarray) -> np.ndarray:
    res = optimize.minimize(lambda t: -llf(t), theta0, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 10000})
    return res.x


# -- the checks ------------------------------------------------------------------------------
START_BETA = np.array([[0.0, 0.5], [1.5, 0.0]])


@pytest.fixture(scope="module")
def data():
    return _data(11)


def test_mixture_of_poisson_regressions_matches_direct_maximisation(data) -> None:
    y, x, _, _ = data
    model = PoissonClasses(y, x, 2, start=np.r_[0.5, 0.5, START_BETA.ravel()])
    res = model.fit(cov_type="oim")
    assert res.converged and list(res.params.index) == [
        "weight[0]", "weight[1]", "beta[0,x0]", "beta[0,x1]", "beta[1,x0]", "beta[1,x1]"]
    theta = _maximise(lambda t: mixture_llf(t, y, x), np.r_[0.0, START_BETA.ravel()])
    assert res.llf == pytest.approx(mixture_llf(theta, y, x), abs=1e-7)
    weight1 = 1 / (1 + np.exp(-theta[0]))
    np.testing.assert_allclose(res.params.to_numpy(), np.r_[1 - weight1, weight1, theta[1:]],
                               atol=2e-5)
    # standard errors: the inverse Hessian of the scipy objective (delta method for the
    # weights), against emstats' oim and Louis
    cov = np.linalg.inv(-approx_hess3(theta, lambda t: mixture_llf(t, y, x)))
    grad_w = weight1 * (1 - weight1)
    se = np.r_[grad_w * np.sqrt(cov[0, 0]), grad_w * np.sqrt(cov[0, 0]), np.sqrt(np.diag(cov))[1:]]
    np.testing.assert_allclose(res.bse.to_numpy(), se, rtol=2e-3)
    np.testing.assert_allclose(res.get_robustcov("louis").bse.to_numpy(), se, rtol=2e-3)


def test_concomitant_class_probabilities_match_direct_maximisation(data) -> None:
    y, x, w, _ = data
    model = PoissonClasses(y, x, 2, concomitant=w,
                           start=np.r_[0.0, 0.0, START_BETA.ravel()])
    res = model.fit(cov_type="louis")
    assert list(res.params.index[:2]) == ["logit[1,w0]", "logit[1,w1]"]
    theta = _maximise(lambda t: concomitant_llf(t, y, x, w), np.r_[0.0, 0.0, START_BETA.ravel()])
    assert res.llf == pytest.approx(concomitant_llf(theta, y, x, w), abs=1e-7)
    np.testing.assert_allclose(res.params.to_numpy(), theta, atol=2e-5)
    cov = np.linalg.inv(-approx_hess3(theta, lambda t: concomitant_llf(t, y, x, w)))
    np.testing.assert_allclose(res.bse.to_numpy(), np.sqrt(np.diag(cov)), rtol=2e-3)


def test_the_same_emission_in_a_hidden_markov_model_matches_direct_maximisation(data) -> None:
    y, x, _, _ = data
    start = np.r_[0.5, 0.5, 0.9, 0.1, 0.1, 0.9, START_BETA.ravel()]
    res = PoissonClasses(y, x, 2, chain=True, start=start).fit(cov_type="none")
    theta = _maximise(lambda t: hmm_llf(t, y, x),
                      np.r_[0.0, -2.0, -2.0, START_BETA.ravel()])
    # one sequence: the start probability goes to the boundary (linear in it), so the
    # direct maximum has its logit far out and the same llf
    assert res.llf == pytest.approx(hmm_llf(theta, y, x), abs=1e-5)
    p = res.params
    p01, p10 = 1 / (1 + np.exp(-theta[1])), 1 / (1 + np.exp(-theta[2]))
    np.testing.assert_allclose([p["p[0->1]"], p["p[1->0]"]], [p01, p10], atol=2e-4)
    np.testing.assert_allclose(p.filter(like="beta").to_numpy(), theta[3:], atol=2e-4)


def test_hmm_louis_equals_the_observed_information(data) -> None:
    y, x, _, _ = data
    start = np.r_[0.5, 0.5, 0.9, 0.1, 0.1, 0.9, START_BETA.ravel()]
    res = PoissonClasses(y, x, 2, chain=True, start=start).fit(cov_type="oim")
    louis = res.get_robustcov("louis")
    free = np.isfinite(res.bse.to_numpy())
    np.testing.assert_allclose(louis.bse.to_numpy()[free], res.bse.to_numpy()[free], rtol=1e-4)


def test_the_e_step_of_the_mixture_is_a_sum_over_blocks_of_rows(data) -> None:
    y, x, w, _ = data
    for model in (PoissonClasses(y, x, 2, start=np.r_[0.4, 0.6, START_BETA.ravel()]),
                  PoissonClasses(y, x, 2, concomitant=w,
                                 start=np.r_[0.1, -0.2, START_BETA.ravel()])):
        params = model.start_params
        whole, llf = model.e_step(params)
        parts = [model.e_step_block(params, slice(a, b))
                 for a, b in [(0, 13), (13, 200), (200, 201), (201, 400)]]
        total = parts[0][0] + parts[1][0] + parts[2][0] + parts[3][0]
        np.testing.assert_allclose(total.states.counts, whole.states.counts, rtol=1e-12)
        np.testing.assert_allclose(total.emission.weights, whole.emission.weights, rtol=1e-12)
        assert sum(part[1] for part in parts) == pytest.approx(llf, rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), chain=st.booleans(), concomitant=st.booleans())
def test_plain_em_never_lowers_the_llf(seed: int, chain: bool, concomitant: bool) -> None:
    # pyproject turns MonotonicityWarning into an error: a plain EM step that lowers the
    # llf fails the test (the multinomial-logit M-step of the concomitant weights included)
    y, x, w, _ = _data(seed, n=150)
    if chain:
        model = PoissonClasses(y, x, 2, chain=True,
                               start=np.r_[0.5, 0.5, 0.8, 0.2, 0.3, 0.7, START_BETA.ravel()])
    else:
        model = PoissonClasses(y, x, 2, concomitant=w if concomitant else None,
                               start=np.r_[(0.3, -0.4) if concomitant else (0.4, 0.6),
                                           START_BETA.ravel()])
    trace = run_em(model, model.start_params, accel=None, monitor=ConvergenceMonitor(maxiter=60))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-10 * np.abs(llf[1:]))
