r"""The emission of Markov-switching regression and autoregression (Hamilton 1989, 1990).

Given the expanded state :math:`X_t = (S_t, \dots, S_{t-p})` (the regimes of the last
``p + 1`` periods, :mod:`.latent.expansion`), the outcome is normal:

.. math::

    y_t = x_t'\beta_{S_t} + \sum_{l=1}^p \phi_{l,S_t}\,(y_{t-l} - x_{t-l}'\beta_{S_{t-l}})
          + \varepsilon_t, \qquad \varepsilon_t \sim N(0, \sigma^2_{S_t}).

Each coefficient, the AR coefficients and the variance switch or not: a block entry
shared by every regime is one parameter. The statistics are the smoothed expanded-state
probabilities of the rows (a sum over rows: zero outside a block's rows); the M-step is
a cycle of conditional maximisations (ECM, Meng & Rubin 1993), each exact for its block
given the others, so the likelihood never decreases:

1. regression coefficients given the AR coefficients and variances (weighted least
   squares over time points and expanded states);
2. AR coefficients given the coefficients and variances (weighted least squares);
3. variances given the rest (weighted mean squared residuals).

Working coordinates: the coefficients divided by the standard deviation of the series,
the log variances, the AR coefficients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from statsmodels.tools.numdiff import approx_fprime

from ..engine.chunks import Additive
from ..exceptions import InfeasibleParametersError
from ..params import Block, ParamValues, shared_block
from ..typing import BoolArray, FloatArray, IntArray
from .latent._common import column_sums, regressor_scale
from .latent.emission import EmissionBase, EmissionScores
from .latent.expansion import RegimeChain

_LOG_2PI = np.log(2.0 * np.pi)
COLLAPSED_VARIANCE = 1e-8
"""A regime variance below this times the series' variance has collapsed to zero."""


@dataclass(frozen=True)
class StateWeights(Additive):
    """Smoothed expanded-state probabilities of the rows (n x M, zero outside a block)."""

    weights: FloatArray


def switching_block(name: str, labels_of: Sequence[tuple[str, bool]], k: int) -> Block:
    """A block of per-regime values (k x len(labels_of)) whose entries are shared by every
    regime where they do not switch: ``name[s]`` switching, ``name`` common."""
    index = np.zeros((k, len(labels_of)), dtype=np.intp)
    labels: list[str] = []
    for c, (label, switches) in enumerate(labels_of):
        if switches:
            index[:, c] = np.arange(len(labels), len(labels) + k)
            labels += [f"{label}[{s}]" for s in range(k)]
        else:
            index[:, c] = len(labels)
            labels.append(label)
    return shared_block(name, index, labels)


def coefficient_scatter(index: IntArray, size: int) -> list[FloatArray]:
    """Per state ``s``, the 0/1 matrix (q x size) placing regressor ``c``'s coefficient at
    its block entry ``index[s, c]``: ``x' beta_s = x' S_s theta`` for the entries
    ``theta``."""
    k, q = index.shape
    scatter = [np.zeros((q, size)) for _ in range(k)]
    for s in range(k):
        scatter[s][np.arange(q), index[s]] = 1.0
    return scatter


def stacked_normal_equations(exog: FloatArray, weights: FloatArray, weighted: FloatArray,
                             scatter: Sequence[FloatArray]) -> tuple[FloatArray, FloatArray]:
    """``sum_s S_s' X' W_s X S_s`` and ``sum_s S_s' X' v_s``: the normal equations of a
    weighted regression of every state at once, each state's coefficients placed at its
    block entries by ``S_s`` (:func:`coefficient_scatter`), with the weights ``W_s``
    (``weights[:, s]``) and weighted responses ``v_s`` (``weighted[:, s]``). One
    ``X' W_s X`` per state (BLAS) instead of an einsum over the placed design, which was
    40 times slower at n = 100,000, 6 regressors and 3 states."""
    size = scatter[0].shape[1]
    gram = np.zeros((size, size))
    moment = np.zeros(size)
    for s, place in enumerate(scatter):
        gram += place.T @ (exog.T @ (exog * weights[:, s, None])) @ place
        moment += place.T @ (exog.T @ weighted[:, s])
    return gram, moment


def lag_stack(y: FloatArray, x: FloatArray, order: int) -> tuple[FloatArray, FloatArray]:
    """``y`` and ``x`` at lags ``0..order`` aligned on the effective sample."""
    n = len(y)
    ys = np.stack([y[order - lag: n - lag] for lag in range(order + 1)])
    xs = np.stack([x[order - lag: n - lag] for lag in range(order + 1)])
    return ys, xs


def weighted_least_squares(weights: FloatArray, design: FloatArray, response: FloatArray
                           ) -> FloatArray:
    """``argmin sum_tm w_tm (r_tm - d_tm' theta)^2`` over time points and states."""
    weighted = design * weights[..., None]
    gram = np.einsum("tmq,tmr->qr", weighted, design)
    return np.linalg.solve(gram, np.einsum("tmq,tm->q", weighted, response))


class SwitchingRegressionEmission(EmissionBase):
    """Normal outcomes given the expanded regime state (see the module docstring).

    Parameters
    ----------
    endog : ndarray
        The series (full sample).
    exog : ndarray
        Regressors (full sample x q).
    exog_names : sequence of str
        Their names.
    switching : ndarray of bool
        Which regressors' coefficients switch.
    chain : RegimeChain
        The expanded chain (regimes and AR order).
    switching_ar, switching_variance : bool
        Whether the AR coefficients and the variance switch.
    """

    state_noun = "variance"

    def __init__(self, endog: FloatArray, exog: FloatArray, exog_names: Sequence[str],
                 switching: BoolArray, chain: RegimeChain, *, switching_ar: bool,
                 switching_variance: bool) -> None:
        self.endog = np.asarray(endog, dtype=float)
        self.exog = np.asarray(exog, dtype=float)
        self.chain = chain
        self.order = chain.order
        self.k = chain.k
        self.n_hidden = chain.n_states
        self.n_rows = len(self.endog) - self.order
        self.row_size = 4 * self.n_hidden
        self.y_scale = float(np.std(self.endog))
        self.lagged = lag_stack(self.endog, self.exog, self.order)
        k = self.k
        self.blocks: tuple[Block, ...] = (
            switching_block("coefs", [(str(n), bool(s))
                                       for n, s in zip(exog_names, switching, strict=True)], k),
            switching_block("sigma2", [("sigma2", switching_variance)], k),
            switching_block("ar", [(f"ar.L{lag}", switching_ar)
                                    for lag in range(1, self.order + 1)], k),
        )
        coefs, ar = self.blocks[0], self.blocks[2]
        self._coef_index = coefs.index
        self._n_coefs = coefs.size
        self._ar_index = ar.index
        self._n_ar = ar.size
        self._scatter = coefficient_scatter(self._coef_index, self._n_coefs)

    def with_endog(self, endog: FloatArray) -> SwitchingRegressionEmission:
        """The same emission on another series (same regressors and presample rows)."""
        new = SwitchingRegressionEmission.__new__(SwitchingRegressionEmission)
        new.__dict__.update(self.__dict__)
        new.endog = np.asarray(endog, dtype=float)
        new.lagged = lag_stack(new.endog, self.exog, self.order)
        return new

    # -- the density --------------------------------------------------------------------------
    def residuals(self, coefs: FloatArray, ar: FloatArray) -> FloatArray:
        """Innovations ``e[t, m]`` of each observation in each expanded state (n x M)."""
        lags = self.chain.lags
        ys, xs = self.lagged
        if self.order == 0:  # one state per regime: a matrix product (BLAS)
            return np.asarray(ys[0][:, None] - xs[0] @ coefs.T)
        dev = ys[:, :, None] - np.einsum("ltq,sq->lts", xs, coefs)
        resid = dev[0][:, lags[:, 0]]
        for lag in range(1, self.order + 1):
            resid = resid - ar[lags[:, 0], lag - 1] * dev[lag][:, lags[:, lag]]
        return resid

    def log_emission(self, coefs: FloatArray, sigma2: FloatArray, ar: FloatArray) -> FloatArray:
        """``log f(y_t | X_t = m, past)`` (n x M)."""
        var = sigma2[self.chain.current]
        return -0.5 * (_LOG_2PI + np.log(var) + self.residuals(coefs, ar) ** 2 / var)

    @staticmethod
    def _parts(values: ParamValues) -> tuple[FloatArray, FloatArray, FloatArray]:
        return values["coefs"], values["sigma2"][:, 0], values["ar"]

    def log_density(self, values: ParamValues, rows: slice) -> FloatArray:
        """``log f(y_t | X_t = m, past)`` of the rows ``rows`` (len x M)."""
        return self.log_emission(*self._parts(values))[rows]

    def statistics(self, values: ParamValues, weights: FloatArray, rows: slice
                   ) -> StateWeights:
        """The rows' smoothed state probabilities, placed among all rows."""
        placed = np.zeros((self.n_rows, self.n_hidden))
        placed[rows] = weights
        return StateWeights(placed)

    # -- the M-step (ECM) -------------------------------------------------------------------------
    def m_step(self, stats: StateWeights, values: ParamValues) -> dict[str, FloatArray]:
        """Coefficients, then AR coefficients, then variances, each given the others."""
        _, sigma2_old, ar_old = self._parts(values)
        weights = stats.weights
        coefs = self._maximise_coefs(weights, ar_old, sigma2_old)
        ar = self._maximise_ar(weights, coefs, ar_old, sigma2_old)
        sigma2 = self._maximise_variance(weights, coefs, ar)
        return {"coefs": coefs, "sigma2": sigma2[:, None], "ar": ar}

    def _maximise_coefs(self, weights: FloatArray, ar: FloatArray, sigma2: FloatArray,
                        outcome: FloatArray | None = None) -> FloatArray:
        """Weighted least squares for the coefficients, AR and variances held; ``outcome``
        (n x M) replaces the series' current values (the expected latent outcome of a
        censored emission without autoregression)."""
        lags = self.chain.lags
        ys, xs = self.lagged
        local = self._coef_index
        if self.order == 0:
            scaled = weights / sigma2[None, :]
            response = ys[0][:, None] if outcome is None else outcome
            gram, moment = stacked_normal_equations(xs[0], scaled, scaled * response,
                                                    self._scatter)
            return np.asarray(np.linalg.solve(gram, moment))[local]
        scatter = np.stack(coefficient_scatter(local, self._n_coefs))
        placed = np.einsum("ltq,sqb->ltsb", xs, scatter)
        design = placed[0][:, lags[:, 0]]
        response = (np.broadcast_to(ys[0][:, None], weights.shape) if outcome is None
                    else outcome)
        for lag in range(1, self.order + 1):
            phi = ar[lags[:, 0], lag - 1]
            design = design - phi[None, :, None] * placed[lag][:, lags[:, lag]]
            response = response - phi[None, :] * ys[lag][:, None]
        theta = weighted_least_squares(weights / sigma2[lags[:, 0]], design, response)
        return theta[local]

    def _maximise_ar(self, weights: FloatArray, coefs: FloatArray, ar: FloatArray,
                     sigma2: FloatArray) -> FloatArray:
        """Weighted least squares for the AR coefficients, the rest held."""
        if self.order == 0:
            return ar
        lags = self.chain.lags
        ys, xs = self.lagged
        dev = ys[:, :, None] - np.einsum("ltq,sq->lts", xs, coefs)
        local = self._ar_index
        n_states = self.chain.n_states
        design = np.zeros((*weights.shape, self._n_ar))
        for lag in range(1, self.order + 1):
            design[:, np.arange(n_states), local[lags[:, 0], lag - 1]] = dev[lag][:, lags[:, lag]]
        theta = weighted_least_squares(weights / sigma2[lags[:, 0]], design,
                                       dev[0][:, lags[:, 0]])
        return theta[local]

    def _maximise_variance(self, weights: FloatArray, coefs: FloatArray, ar: FloatArray
                           ) -> FloatArray:
        return self._pooled_variance(weights * self.residuals(coefs, ar) ** 2, weights)

    def _pooled_variance(self, squares: FloatArray, weights: FloatArray) -> FloatArray:
        """Each regime's weighted mean square (one mean for a common variance)."""
        current = self.chain.current
        if self.blocks[1].size == 1:
            return np.full(self.k, squares.sum() / weights.sum())
        k = self.k
        return (np.bincount(current, column_sums(squares), k)
                / np.bincount(current, column_sums(weights), k))

    def expected_loglike(self, values: ParamValues, stats: StateWeights, at: ParamValues
                         ) -> float:
        """``sum_tm w_tm log f(y_t | X_t = m)``."""
        return float(np.sum(stats.weights * self.log_emission(*self._parts(values))))

    # -- coordinates ------------------------------------------------------------------------------
    def to_working(self, values: ParamValues) -> FloatArray:
        """The coefficients over the series' standard deviation, the log variances and the
        AR coefficients (each block's entries)."""
        coefs, sigma2, ar = self._parts(values)
        if np.any(sigma2 <= 0):
            raise InfeasibleParametersError("variances must be positive")
        return np.concatenate([_entries(coefs, self._coef_index, self._n_coefs) / self.y_scale,
                               np.log(_entries(sigma2[:, None], self.blocks[1].index, None)),
                               _entries(ar, self._ar_index, self._n_ar)])

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        u = np.asarray(u, dtype=float)
        n_var = self.blocks[1].size
        coefs = u[:self._n_coefs] * self.y_scale
        log_var = u[self._n_coefs:self._n_coefs + n_var]
        ar = u[self._n_coefs + n_var:]
        return {"coefs": coefs[self._coef_index], "sigma2": np.exp(log_var)[self.blocks[1].index],
                "ar": ar[self._ar_index]}

    @property
    def n_working(self) -> int:
        """One coordinate per entry."""
        return sum(block.size for block in self.blocks)

    # -- identification ---------------------------------------------------------------------------
    def singular_states(self, values: ParamValues) -> list[int]:
        """Regimes whose variance collapsed below ``1e-8`` of the series' variance."""
        sigma2 = self._parts(values)[1]
        return np.flatnonzero(sigma2 < COLLAPSED_VARIANCE * self.y_scale**2).tolist()

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """Regime ``order[s]`` renumbered ``s``."""
        return {"coefs": values["coefs"][order], "sigma2": values["sigma2"][order],
                "ar": values["ar"][order]}

    def state_features(self, values: ParamValues) -> FloatArray:
        """Coefficients times their regressors' standard deviations, log variances and
        AR coefficients of each regime."""
        coefs, sigma2, ar = self._parts(values)
        return np.column_stack([coefs * regressor_scale(self.exog), np.log(sigma2), ar])

    def order_key(self, values: ParamValues) -> FloatArray:
        """Not used: the model orders the regimes by its ``regime_order`` parameter."""
        raise NotImplementedError("MarkovSwitching orders regimes by its regime_order")

    def sample(self, values: ParamValues, states: IntArray, rng: np.random.Generator
               ) -> FloatArray:
        """A series drawn given the regime of every observation of the full sample (the
        first ``order`` observations are the data's: the likelihood conditions on them)."""
        coefs, sigma2, ar = self._parts(values)
        means = np.einsum("tq,tq->t", self.exog, coefs[states])
        y = self.endog.copy()
        noise = rng.standard_normal(len(y)) * np.sqrt(sigma2[states])
        for tau in range(self.order, len(y)):
            s = states[tau]
            past = y[tau - self.order: tau][::-1] - means[tau - self.order: tau][::-1]
            y[tau] = means[tau] + ar[s] @ past + noise[tau]
        return y

    # -- Louis ------------------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """The working coordinates."""
        return self.to_working(values)

    def score_moments(self, values: ParamValues, weights: FloatArray) -> EmissionScores:
        """The score of each row's density in each expanded state, in the working
        coordinates (the complete data have no latent part beyond the states, so the
        within-state covariance is zero): central differences of the log densities."""
        u = self.to_working(values)

        def densities(v: FloatArray) -> FloatArray:
            parts = self.from_working(v)
            return self.log_emission(parts["coefs"], parts["sigma2"][:, 0],
                                     parts["ar"]).ravel()

        jacobian = approx_fprime(u, densities, centered=True)
        means = jacobian.reshape(self.n_rows, self.n_hidden, u.size)
        return EmissionScores(means, np.zeros((u.size, u.size)), blockwise=False)


class RegressionEmission(SwitchingRegressionEmission):
    """The normal-regression emission of a mixture: no autoregression, classes ordered by
    their mean linear predictor over the sample."""

    def order_key(self, values: ParamValues) -> FloatArray:
        """``xbar' beta_j`` of each class."""
        return np.asarray(values["coefs"] @ self.exog.mean(axis=0))


def _entries(value: FloatArray, index: IntArray, size: int | None) -> FloatArray:
    """The entries of a block from its value (shared entries read from any place)."""
    out = np.empty(int(index.max()) + 1 if size is None else size)
    out[index] = value
    return out
