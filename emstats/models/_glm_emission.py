r"""Poisson and binomial regression emissions: a GLM given the latent class or regime.

Given its state :math:`j` (a mixture's class, a Markov chain's regime), row :math:`i`'s
count is Poisson or binomial with the canonical link,

.. math::

    \eta_{ij} = o_i + x_i'\beta_j, \qquad
    y_i \mid j \sim \operatorname{Poisson}(e^{\eta_{ij}})
    \quad\text{or}\quad
    y_i \mid j \sim \operatorname{Binomial}(m_i, \operatorname{expit}\eta_{ij}),

with an offset :math:`o_i` (the log exposure of a Poisson count) and :math:`m_i` trials.
Each coefficient switches with the state or is common to every state (one entry of the
``coefs`` block, as in :mod:`._switching_emission`).

M-step
------
Given the posterior state probabilities :math:`w_{ij}`, the emission's part of ``Q`` is
:math:`\sum_{ij} w_{ij} \log f(y_i \mid j)`, a weighted GLM log-likelihood in the
coefficient entries :math:`\theta` (every state's design placed side by side: common
entries enter every state's linear predictor). With the canonical link it is concave, and
the M-step maximises it by Newton's method (iteratively reweighted least squares) from the
current values, halving any step that would lower it, to a Newton decrement below
``1e-10`` (at most 50 steps). Each accepted step raises ``Q``, so the M-step is a
generalised EM step even when it stops early, and the likelihood never decreases; solved to
convergence it is flexmix's weighted ``glm.fit`` M-step.

Working coordinates: the coefficient entries themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit, gammaln

from .._checks import numeric_outcome
from ..params import Block, ParamValues
from ..typing import BoolArray, FloatArray, IntArray
from ._switching_emission import (
    StateWeights,
    coefficient_scatter,
    stacked_normal_equations,
    switching_block,
)
from .latent._common import regressor_scale
from .latent.emission import EmissionBase, EmissionScores

NEWTON_TOLERANCE = 1e-10
"""Newton decrement at which the M-step's inner solve stops."""
NEWTON_STEPS = 50
"""At most this many Newton steps per M-step."""
SEPARATED_PREDICTOR = 30.0
"""A state whose linear predictor exceeds this in absolute value on a row has a success
probability within ``1e-13`` of 0 or 1 there (binomial), or a mean below ``1e-13``
(Poisson): its coefficients are running off to infinity (separation)."""


@dataclass(frozen=True)
class Poisson:
    """The Poisson family with the log link."""

    name = "poisson"
    state_noun = "mean"

    @staticmethod
    def log_density(y: FloatArray, eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``y eta - exp(eta) - log y!``."""
        with np.errstate(over="ignore"):
            return y * eta - np.exp(eta) - gammaln(y + 1.0)

    @staticmethod
    def mean(eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``exp(eta)``."""
        with np.errstate(over="ignore"):
            return np.exp(eta)

    @staticmethod
    def mean_derivative(eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``d mu / d eta = exp(eta)`` (the IRLS weight of the canonical link)."""
        with np.errstate(over="ignore"):
            return np.exp(eta)

    @staticmethod
    def sample(eta: FloatArray, trials: FloatArray, rng: np.random.Generator) -> FloatArray:
        """Poisson draws."""
        return rng.poisson(np.exp(eta)).astype(float)

    @staticmethod
    def separated(eta: FloatArray) -> bool:
        """A mean vanishing on a row."""
        return bool(np.any(eta < -SEPARATED_PREDICTOR))


@dataclass(frozen=True)
class Binomial:
    """The binomial family with the logit link (``y`` successes of ``m`` trials)."""

    name = "binomial"
    state_noun = "success probability"

    @staticmethod
    def log_density(y: FloatArray, eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``log C(m, y) + y eta - m log(1 + exp(eta))``."""
        combinations = gammaln(trials + 1.0) - gammaln(y + 1.0) - gammaln(trials - y + 1.0)
        return combinations + y * eta - trials * np.logaddexp(0.0, eta)

    @staticmethod
    def mean(eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``m expit(eta)``."""
        return np.asarray(trials * expit(eta))

    @staticmethod
    def mean_derivative(eta: FloatArray, trials: FloatArray) -> FloatArray:
        """``m p (1 - p)``."""
        p = expit(eta)
        return np.asarray(trials * p * (1.0 - p))

    @staticmethod
    def sample(eta: FloatArray, trials: FloatArray, rng: np.random.Generator) -> FloatArray:
        """Binomial draws."""
        return rng.binomial(trials.astype(np.int64), expit(eta)).astype(float)

    @staticmethod
    def separated(eta: FloatArray) -> bool:
        """A success probability at 0 or 1 on a row."""
        return bool(np.any(np.abs(eta) > SEPARATED_PREDICTOR))


GLM_FAMILIES: dict[str, type[Poisson] | type[Binomial]] = {"poisson": Poisson,
                                                           "binomial": Binomial}


class GLMEmission(EmissionBase):
    """Poisson or binomial regression given the state (see the module docstring).

    Parameters
    ----------
    endog : ndarray
        The counts (successes for the binomial), n.
    exog : ndarray
        Regressors (n x q).
    exog_names : sequence of str
        Their names.
    switching : ndarray of bool
        Which regressors' coefficients differ by state.
    k : int
        Number of states.
    family : {"poisson", "binomial"}
        The distribution given the state.
    offset : ndarray, optional
        Added to every linear predictor (n).
    trials : ndarray, optional
        The binomial's trials (n; default 1).
    """

    def __init__(self, endog: FloatArray, exog: FloatArray, exog_names: Sequence[str],
                 switching: BoolArray, k: int, family: str, *,
                 offset: FloatArray | None = None, trials: FloatArray | None = None) -> None:
        self.endog = np.asarray(endog, dtype=float)
        self.exog = np.asarray(exog, dtype=float)
        n = len(self.endog)
        self.family = GLM_FAMILIES[family]()
        self.state_noun = self.family.state_noun
        self.k = self.n_hidden = int(k)
        self.n_rows = n
        self.row_size = 4 * self.k
        self.offset = np.zeros(n) if offset is None else np.asarray(offset, dtype=float)
        self.trials = np.ones(n) if trials is None else np.asarray(trials, dtype=float)
        coefs = switching_block("coefs", [(str(name), bool(s)) for name, s
                                          in zip(exog_names, switching, strict=True)], self.k)
        self.blocks: tuple[Block, ...] = (coefs,)
        self._index = coefs.index
        self._n_coefs = coefs.size
        self._scatter = coefficient_scatter(coefs.index, coefs.size)

    def with_endog(self, endog: FloatArray) -> GLMEmission:
        """The same emission with other outcomes (same regressors, offset and trials)."""
        new = GLMEmission.__new__(GLMEmission)
        new.__dict__.update(self.__dict__)
        new.endog = np.asarray(endog, dtype=float)
        return new

    # -- the density --------------------------------------------------------------------------
    def linear_predictor(self, coefs: FloatArray, rows: slice = slice(None)) -> FloatArray:
        """``o_i + x_i' beta_j`` (rows x K)."""
        return np.asarray(self.exog[rows] @ coefs.T + self.offset[rows, None])

    def log_density(self, values: ParamValues, rows: slice) -> FloatArray:
        """``log f(y_i | j)`` of the rows ``rows`` (len x K)."""
        eta = self.linear_predictor(values["coefs"], rows)
        return self.family.log_density(self.endog[rows, None], eta, self.trials[rows, None])

    def means(self, coefs: FloatArray) -> FloatArray:
        """``E[y_i | j]`` (n x K)."""
        return self.family.mean(self.linear_predictor(coefs), self.trials[:, None])

    def statistics(self, values: ParamValues, weights: FloatArray, rows: slice
                   ) -> StateWeights:
        """The rows' posterior state probabilities, placed among all rows."""
        placed = np.zeros((self.n_rows, self.n_hidden))
        placed[rows] = weights
        return StateWeights(placed)

    def expected_loglike(self, values: ParamValues, stats: StateWeights, at: ParamValues
                         ) -> float:
        """``sum_ij w_ij log f(y_i | j)``."""
        return float(np.sum(stats.weights * self.log_density(values, slice(None))))

    # -- the M-step (weighted IRLS) -------------------------------------------------------------
    def m_step(self, stats: StateWeights, values: ParamValues) -> dict[str, FloatArray]:
        """Newton's method on the weighted GLM log-likelihood from ``values``, with step
        halving (see the module docstring)."""
        weights = stats.weights
        theta = self._entries(values["coefs"])
        q = self._weighted_loglike(theta, weights)
        for _ in range(NEWTON_STEPS):
            gradient, hessian = self._derivatives(theta, weights)
            step = np.asarray(np.linalg.lstsq(hessian, gradient, rcond=None)[0], dtype=float)
            decrement = float(gradient @ step)
            if not decrement > NEWTON_TOLERANCE:
                break
            theta, q, moved = self._halving(theta, step, q, weights)
            if not moved:
                break
        return {"coefs": theta[self._index]}

    def _weighted_loglike(self, theta: FloatArray, weights: FloatArray) -> float:
        eta = self.linear_predictor(theta[self._index])
        dens = self.family.log_density(self.endog[:, None], eta, self.trials[:, None])
        value = float(np.sum(weights * dens))
        return value if np.isfinite(value) else -np.inf

    def _derivatives(self, theta: FloatArray, weights: FloatArray
                     ) -> tuple[FloatArray, FloatArray]:
        """Gradient and minus the Hessian of the weighted log-likelihood in ``theta``."""
        eta = self.linear_predictor(theta[self._index])
        trials = self.trials[:, None]
        resid = weights * (self.endog[:, None] - self.family.mean(eta, trials))
        curvature = weights * self.family.mean_derivative(eta, trials)
        hessian, gradient = stacked_normal_equations(self.exog, curvature, resid,
                                                     self._scatter)
        return gradient, hessian

    def _halving(self, theta: FloatArray, step: FloatArray, q: float, weights: FloatArray
                 ) -> tuple[FloatArray, float, bool]:
        """``theta + t step`` with the largest ``t = 2^-h`` that does not lower ``Q``."""
        t = 1.0
        for _ in range(40):
            candidate = theta + t * step
            q_new = self._weighted_loglike(candidate, weights)
            if q_new >= q:
                return candidate, q_new, True
            t /= 2.0
        return theta, q, False

    def _entries(self, coefs: FloatArray) -> FloatArray:
        out = np.empty(self._n_coefs)
        out[self._index] = coefs
        return out

    # -- coordinates ----------------------------------------------------------------------------
    def to_working(self, values: ParamValues) -> FloatArray:
        """The coefficient entries."""
        return self._entries(values["coefs"])

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        return {"coefs": np.asarray(u, dtype=float)[self._index]}

    @property
    def n_working(self) -> int:
        """One coordinate per coefficient entry."""
        return self._n_coefs

    # -- identification -------------------------------------------------------------------------
    def singular_states(self, values: ParamValues) -> list[int]:
        """States whose coefficients run off to infinity (:data:`SEPARATED_PREDICTOR`)."""
        eta = self.linear_predictor(values["coefs"])
        return [s for s in range(self.k) if self.family.separated(eta[:, s])]

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """State ``order[s]`` renumbered ``s``."""
        return {"coefs": values["coefs"][order]}

    def order_key(self, values: ParamValues) -> FloatArray:
        """``xbar' beta_j``: the mean linear predictor of each state."""
        return np.asarray(values["coefs"] @ self.exog.mean(axis=0))

    def state_features(self, values: ParamValues) -> FloatArray:
        """The coefficients times their regressors' standard deviations (a constant's
        as it is)."""
        return np.asarray(values["coefs"]) * regressor_scale(self.exog)

    def sample(self, values: ParamValues, states: IntArray, rng: np.random.Generator
               ) -> FloatArray:
        """Outcomes drawn given the state of every row."""
        eta = np.take_along_axis(self.linear_predictor(values["coefs"]),
                                 np.asarray(states)[:, None], axis=1)[:, 0]
        return self.family.sample(eta, self.trials, rng)

    # -- Louis ----------------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The coefficient entries."""
        return self.to_working(values)

    def score_moments(self, values: ParamValues, weights: FloatArray) -> EmissionScores:
        """The score of each row's density in each state, ``(y_i - mu_ij) x_ij``, with
        ``x_ij`` the row's regressors placed at state ``j``'s entries (no latent data
        within a state)."""
        eta = self.linear_predictor(values["coefs"])
        resid = self.endog[:, None] - self.family.mean(eta, self.trials[:, None])
        means = np.stack([resid[:, s, None] * (self.exog @ scatter)
                          for s, scatter in enumerate(self._scatter)], axis=1)
        return EmissionScores(means, np.zeros((self._n_coefs, self._n_coefs)),
                              blockwise=False)


# -- the outcome -------------------------------------------------------------------------------
def _whole(values: FloatArray) -> BoolArray:
    return np.asarray(np.abs(values - np.round(values)) <= 1e-8 * np.maximum(1.0, values))


def glm_outcome(family: str, values: FloatArray, trials: Any) -> tuple[FloatArray, FloatArray]:
    """The outcome (successes for the binomial) and the trials, checked for the family.

    Poisson: non-negative whole numbers. Binomial: one column in [0, 1] (a 0/1 outcome,
    or the proportion of ``trials``), or two columns (successes, failures) of
    non-negative whole numbers, as R's ``cbind(successes, failures)``.
    """
    n = len(values)
    if values.ndim == 2 and values.shape[1] == 2 and family == "binomial":
        successes, failures = values[:, 0], values[:, 1]
        _finite_outcome(values)
        bad = (successes < 0) | (failures < 0) | ~_whole(successes) | ~_whole(failures)
        if bad.any():
            raise ValueError(f"family='binomial' with two outcome columns needs (successes, "
                             f"failures), non-negative whole numbers: {int(bad.sum())} row(s) "
                             "are not (failures < 0 means more successes than trials)")
        return successes, successes + failures
    if values.ndim == 2 and values.shape[1] != 1:
        raise ValueError(f"endog must be one column for family={family!r} (two, successes "
                         f"and failures, for the binomial); it has {values.shape[1]}")
    y = values.reshape(-1)
    _finite_outcome(y)
    if family == "poisson":
        bad = (y < 0) | ~_whole(y)
        if bad.any():
            raise ValueError(f"family='poisson' needs counts (non-negative whole numbers): "
                             f"{int(bad.sum())} value(s) are not, e.g. {y[bad][0]!r}")
    if family != "binomial":
        return y, np.ones(n)
    m = np.ones(n) if trials is None else numeric_outcome(trials, "trials").reshape(-1)
    if m.shape != (n,) or np.any(~np.isfinite(m)) or np.any(m < 1) or not _whole(m).all():
        raise ValueError("trials must be one positive whole number per row")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("family='binomial' needs an outcome in [0, 1] (0/1, or the "
                         "proportion of trials=) or two columns (successes, failures): "
                         f"{int(((y < 0) | (y > 1)).sum())} value(s) are outside [0, 1]")
    successes = y * m
    if not _whole(successes).all():
        raise ValueError("family='binomial': outcome times trials must be whole numbers of "
                         "successes (pass trials= with a proportion outcome)")
    return np.round(successes), m


def _finite_outcome(values: FloatArray) -> None:
    if not np.all(np.isfinite(values)):
        raise ValueError(f"endog has {int((~np.isfinite(values)).sum())} NaN or infinite "
                         "values; drop those rows (missing='drop')")


def linear_offset(offset: Any, exposure: Any, n: int) -> FloatArray:
    """``offset + log(exposure)`` per row (zero without either)."""
    total = np.zeros(n)
    if offset is not None:
        value = numeric_outcome(offset, "offset").reshape(-1)
        if value.shape != (n,) or not np.all(np.isfinite(value)):
            raise ValueError(f"offset must be {n} finite numbers, one per row")
        total = total + value
    if exposure is not None:
        value = numeric_outcome(exposure, "exposure").reshape(-1)
        if value.shape != (n,) or not np.all(np.isfinite(value)) or np.any(value <= 0):
            raise ValueError(f"exposure must be {n} positive numbers, one per row")
        total = total + np.log(value)
    return total


__all__ = ["GLM_FAMILIES", "Binomial", "GLMEmission", "Poisson", "glm_outcome", "linear_offset"]

