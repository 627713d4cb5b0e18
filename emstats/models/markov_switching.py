r"""Markov-switching regression and autoregression (Hamilton 1989, 1990).

The model for the outcome :math:`y_t` in regime :math:`S_t` is

.. math::

    y_t = x_t'\beta_{S_t} + \sum_{l=1}^p \phi_{l,S_t}\,(y_{t-l} - x_{t-l}'\beta_{S_{t-l}})
          + \varepsilon_t, \qquad \varepsilon_t \sim N(0, \sigma^2_{S_t}),

Hamilton's switching-mean autoregression (statsmodels' ``MarkovAutoregression``; with
``order=0`` it is ``MarkovRegression``). Each coefficient switches or not
(``switching=``), as do the AR coefficients and the variance. The regimes follow a
Markov chain with constant transition probabilities or, with ``exog_tvtp``,
multinomial-logit probabilities of covariates (Filardo 1994): row :math:`\tau` of
``exog_tvtp`` sets the probabilities of the move from :math:`\tau - 1` into
:math:`\tau`. The likelihood conditions on the first ``order`` observations and draws
the pre-sample regime from the ergodic distribution, as Stata's ``mswitch``, EViews
and statsmodels do.

EM (Hamilton 1990): the E-step is the forward filter and the backward smoother on the
expanded chain of the last ``order + 1`` regimes (:mod:`._regime_chain`). The M-step
is a cycle of conditional maximisations (ECM, Meng & Rubin 1993), each exact for its
block given the others, so the likelihood never decreases:

1. transition parameters: the expected transition counts plus the ergodic initial
   term (and, with TVTP, the logit of the covariates) have no closed form; a BFGS
   maximisation of this block of the expected complete-data log-likelihood, started
   at the current values and accepted only if it improves them;
2. regression coefficients given the AR coefficients and variances (weighted least
   squares over time points and expanded states);
3. AR coefficients given the coefficients and variances (weighted least squares);
4. variances given the rest (weighted mean squared residuals).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import patsy
from statsmodels.tools.numdiff import approx_hess3

from ..base import EMModel, EMResults, EMResultsWrapper
from ..engine import EMTrace
from ..inference.covariance import get_estimator
from ..typing import FloatArray
from ._forward_backward import Posterior, forward_backward, hamilton_filter, viterbi
from .latent.expansion import (
    RegimeChain,
    ergodic_distribution,
    logits_of_rows,
    softmax_rows,
)

_LOG_2PI = np.log(2.0 * np.pi)
_COLLAPSED_VARIANCE = 1e-8


@dataclass(frozen=True)
class SwitchingParams:
    """The natural parameters, unpacked.

    Attributes
    ----------
    transition : ndarray
        Free transition probabilities ``P[i, j]``, ``j < k - 1`` (k x k-1), or the
        TVTP logit coefficients (k x k-1 x r).
    coefs : ndarray
        Regression coefficients per regime (k x q; non-switching ones repeated).
    sigma2 : ndarray
        Innovation variance per regime (k).
    ar : ndarray
        AR coefficients per regime (k x order).
    """

    transition: FloatArray
    coefs: FloatArray
    sigma2: FloatArray
    ar: FloatArray


@dataclass(frozen=True)
class SwitchingStats:
    """Smoothed quantities of an E-step and the parameters they were computed at.

    Attributes
    ----------
    weights : ndarray
        Smoothed expanded-state probabilities (n x M).
    moves : ndarray
        Expected regime moves: k x k summed (constant chain) or one k x k per
        observation of the full sample (TVTP), with the moves inside the first
        expanded state included.
    first_regime : ndarray
        Smoothed probabilities of the first regime ``S_0`` (k).
    params : SwitchingParams
        The current parameters (the conditional steps hold the other blocks there).
    """

    weights: FloatArray
    moves: FloatArray
    first_regime: FloatArray
    params: SwitchingParams


class _Layout:
    """Where each block of the parameter vector lives, and the names."""

    def __init__(self, k: int, exog_names: list[str], switching: np.ndarray, order: int,
                 switching_ar: bool, switching_variance: bool,
                 tvtp_names: list[str] | None) -> None:
        names: list[str] = []

        def add(name: str) -> int:
            names.append(name)
            return len(names) - 1

        if tvtp_names is None:
            self.transition = np.zeros((k, k - 1), dtype=np.intp)
            for j in range(k - 1):
                for i in range(k):
                    self.transition[i, j] = add(f"p[{i}->{j}]")
        else:
            self.transition = np.zeros((k, k - 1, len(tvtp_names)), dtype=np.intp)
            for j in range(k - 1):
                for z, zname in enumerate(tvtp_names):
                    for i in range(k):
                        self.transition[i, j, z] = add(f"p[{i}->{j}].{zname}")
        self.n_transition = len(names)
        self.coefs = np.zeros((k, len(exog_names)), dtype=np.intp)
        for c, name in enumerate(exog_names):
            self.coefs[:, c] = ([add(f"{name}[{s}]") for s in range(k)] if switching[c]
                                else add(name))
        self.sigma2 = (np.array([add(f"sigma2[{s}]") for s in range(k)]) if switching_variance
                       else np.full(k, add("sigma2")))
        self.ar = np.zeros((k, order), dtype=np.intp)
        for lag in range(1, order + 1):
            self.ar[:, lag - 1] = ([add(f"ar.L{lag}[{s}]") for s in range(k)] if switching_ar
                                   else add(f"ar.L{lag}"))
        self.names = names
        self.coef_start = self.n_transition
        self.n_coefs = len(np.unique(self.coefs))
        self.ar_start = int(self.ar.min()) if order else len(names)
        self.n_ar = len(np.unique(self.ar))

    def unpack(self, params: FloatArray) -> SwitchingParams:
        return SwitchingParams(params[self.transition], params[self.coefs],
                               params[self.sigma2], params[self.ar])

    def pack(self, p: SwitchingParams) -> FloatArray:
        out = np.empty(len(self.names))
        out[self.transition] = p.transition
        out[self.coefs] = p.coefs
        out[self.sigma2] = p.sigma2
        out[self.ar] = p.ar
        return out


class MarkovSwitching(EMModel):
    """Markov-switching regression or autoregression fitted by EM.

    Parameters
    ----------
    endog : array_like
        The series (1-d, consecutive observations, no NaN).
    exog : array_like, optional
        Regressors (n x q); a constant named ``const`` if omitted.
    k_regimes : int
        Number of regimes (at least 2).
    order : int
        Autoregressive order of the switching-mean autoregression (0: regression).
    switching : bool or sequence
        Which regression coefficients switch: all (True), none (False), a list of
        column names, or one boolean per column.
    switching_variance : bool
        Whether the innovation variance switches.
    switching_ar : bool
        Whether the AR coefficients switch.
    exog_tvtp : array_like, optional
        Covariates of time-varying transition probabilities (n x r, include a
        constant); row ``t`` sets the probabilities of the move into ``t``.
    regime_order : str, optional
        Parameter whose value orders the regimes (ascending; descending with a leading
        ``"-"``, e.g. ``"-const"`` for regime 0 = the high-mean regime) so that starts
        and replicates report the same labels: ``"sigma2"``, ``"ar.L1"`` or a
        regressor name. Default: the first switching regressor, else the variance,
        else the first AR coefficient. ``"none"`` keeps the labels EM ends with.

    Notes
    -----
    Parameters are named as in statsmodels (``p[0->0]``, ``const[0]``, ``sigma2``,
    ``ar.L1``; TVTP coefficients ``p[i->j].<column>``). Transition probabilities into
    the last regime are implied (rows sum to one).
    """

    model_name: ClassVar[str] = "Markov switching"
    default_n_starts: ClassVar[int] = 5
    """Markov-switching likelihoods have local maxima, so ``fit`` runs EM from the default
    start and four random ones by default (the audit is ``res.starts``)."""
    default_random_state: ClassVar[int | None] = 0

    def __init__(self, endog: Any, exog: Any = None, k_regimes: int = 2, *, order: int = 0,
                 switching: bool | Sequence[Any] = True, switching_variance: bool = False,
                 switching_ar: bool = True, exog_tvtp: Any = None,
                 regime_order: str | None = None) -> None:
        y = _series(endog)
        if exog is None:
            exog = pd.DataFrame({"const": np.ones(len(y))}, index=y.index)
        exog_frame = _frame(exog, "x", len(y), "exog")
        super().__init__(y, exog_frame, missing="none", hasconst=None)
        self.k_regimes = _check_k(k_regimes)
        self.order = _check_order(order)
        self.endog = np.asarray(y, dtype=float)
        self.exog = exog_frame.to_numpy(dtype=float)
        self.row_labels = y.index
        self._check_series()
        self.switching = _switching_mask(switching, list(exog_frame.columns))
        self.switching_variance = bool(switching_variance)
        self.switching_ar = bool(switching_ar) and self.order > 0
        self.tvtp, tvtp_names = self._tvtp(exog_tvtp)
        self.layout = _Layout(self.k_regimes, list(map(str, exog_frame.columns)),
                              self.switching, self.order, self.switching_ar,
                              self.switching_variance, tvtp_names)
        self.data.param_names = self.layout.names
        self.chain = RegimeChain(self.k_regimes, self.order)
        self.nobs = float(len(y) - self.order)
        self.df_model = float(self.k_params)
        self.df_resid = self.nobs - self.k_params
        self._check_size()
        self.regime_key = self._regime_key(regime_order)
        self._lagged = _lag_stack(self.endog, self.exog, self.order)
        self._y_scale = float(np.std(self.endog))

    # -- checks and set-up -------------------------------------------------------------
    def _check_series(self) -> None:
        bad = ~np.isfinite(self.endog)
        if bad.any():
            where = np.flatnonzero(bad)[:5].tolist()
            raise ValueError(
                f"endog has {int(bad.sum())} NaN or infinite values (positions {where}); "
                "the regime chain needs consecutive observations, so interior gaps are not "
                "skipped: impute them or model the pieces separately (leading and trailing "
                "missing rows are dropped by the formula interface)"
            )
        if np.ptp(self.endog) == 0:
            raise ValueError("endog is constant: there is nothing to switch between")
        if not np.all(np.isfinite(self.exog)):
            raise ValueError("exog has NaN or infinite values; the chain needs every row")

    def _check_size(self) -> None:
        if self.nobs < self.k_params + 1:
            raise ValueError(
                f"the series has {len(self.endog)} observations: after the {self.order} "
                f"presample value(s) of the autoregression, {int(self.nobs)} remain for "
                f"{self.k_params} parameters"
            )

    def _tvtp(self, exog_tvtp: Any) -> tuple[FloatArray | None, list[str] | None]:
        if exog_tvtp is None:
            return None, None
        frame = _frame(exog_tvtp, "tvtp", len(self.endog), "exog_tvtp")
        values = frame.to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError("exog_tvtp has NaN or infinite values")
        return values, [str(c) for c in frame.columns]

    def _regime_key(self, regime_order: str | None) -> tuple[str, int, float] | None:
        """Position in the coefficient arrays of the parameter that orders the regimes."""
        if regime_order == "none":
            return None
        if regime_order is not None and regime_order.startswith("-"):
            key = self._regime_key(regime_order[1:])
            return None if key is None else (key[0], key[1], -1.0)
        if regime_order is None:
            if self.switching.any():
                return ("coefs", int(np.flatnonzero(self.switching)[0]), 1.0)
            if self.switching_variance:
                return ("sigma2", 0, 1.0)
            return ("ar", 0, 1.0) if self.switching_ar else None
        if regime_order == "sigma2":
            return ("sigma2", 0, 1.0)
        if regime_order.startswith("ar.L"):
            return ("ar", int(regime_order[4:]) - 1, 1.0)
        names = list(map(str, self.exog_names))
        if regime_order not in names:
            raise ValueError(f"regime_order={regime_order!r} is not 'sigma2', 'ar.L<lag>', "
                             f"'none' or a regressor ({names})")
        return ("coefs", names.index(regime_order), 1.0)

    # -- parameters ---------------------------------------------------------------------
    def unpack(self, params: FloatArray) -> SwitchingParams:
        """The parameter vector split into its blocks."""
        return self.layout.unpack(np.asarray(params, dtype=float))

    def pack(self, p: SwitchingParams) -> FloatArray:
        """Inverse of :meth:`unpack`."""
        return self.layout.pack(p)

    def regime_transitions(self, transition: FloatArray, tvtp: FloatArray | None = None
                           ) -> FloatArray:
        """Regime transition matrices: k x k, or one per row of the TVTP covariates."""
        if self.tvtp is None:
            return _complete_rows(transition)
        z = self.tvtp if tvtp is None else tvtp
        return softmax_rows(np.einsum("tz,ijz->tij", z, transition))

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        p = self.unpack(params)
        trans = (logits_of_rows(_complete_rows(p.transition)) if self.tvtp is None
                 else p.transition)
        lay = self.layout
        u = np.asarray(params, dtype=float).copy()
        u[lay.transition] = trans
        u[lay.coefs] = p.coefs / self._y_scale
        if np.any(p.sigma2 <= 0):
            raise ValueError("variances must be positive")
        u[lay.sigma2] = np.log(p.sigma2)
        return u

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        lay = self.layout
        raw = u[lay.transition]
        trans = softmax_rows(raw)[..., :-1] if self.tvtp is None else raw
        return self.pack(SwitchingParams(trans, u[lay.coefs] * self._y_scale,
                                         np.exp(u[lay.sigma2]), u[lay.ar]))

    # -- likelihood pieces -------------------------------------------------------------------
    def residuals(self, p: SwitchingParams) -> FloatArray:
        """Innovations ``e[t, m]`` of each observation in each expanded state (n x M)."""
        lags = self.chain.lags
        ys, xs = self._lagged
        dev = ys[:, :, None] - np.einsum("ltq,sq->lts", xs, p.coefs)
        resid = dev[0][:, lags[:, 0]]
        for lag in range(1, self.order + 1):
            resid = resid - p.ar[lags[:, 0], lag - 1] * dev[lag][:, lags[:, lag]]
        return resid

    def log_emission(self, p: SwitchingParams) -> FloatArray:
        """``log f(y_t | X_t = m, past)`` (n x M)."""
        var = p.sigma2[self.chain.current]
        return -0.5 * (_LOG_2PI + np.log(var) + self.residuals(p) ** 2 / var)

    def _chain_inputs(self, p: SwitchingParams) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Initial distribution, expanded transition(s) and log emissions."""
        mats = self.regime_transitions(p.transition)
        if mats.ndim == 2:
            initial, expanded = self.chain.initial(mats), self.chain.expand(mats)
        else:
            initial = self.chain.initial(mats[: self.order + 1])
            expanded = self.chain.expand(mats[self.order:])
        return initial, expanded, self.log_emission(p)

    def posterior(self, params: FloatArray) -> Posterior:
        """Forward filter and backward smoother on the expanded chain at ``params``."""
        initial, expanded, log_em = self._chain_inputs(self.unpack(params))
        return forward_backward(log_em, initial, expanded)

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """``log f(y_t | y_{t-1}, ...)``: the prediction-error decomposition."""
        initial, expanded, log_em = self._chain_inputs(self.unpack(params))
        return hamilton_filter(log_em, initial, expanded)[0]

    def loglike(self, params: FloatArray) -> float:
        return float(np.sum(self.loglikeobs(params)))

    # -- EM ------------------------------------------------------------------------------------
    def e_step(self, params: FloatArray) -> tuple[SwitchingStats, float]:
        p = self.unpack(params)
        initial, expanded, log_em = self._chain_inputs(p)
        post = forward_backward(log_em, initial, expanded)
        return self._stats(post, p), post.llf

    def _stats(self, post: Posterior, p: SwitchingParams) -> SwitchingStats:
        chain = self.chain
        first = post.smoothed[0]
        inside = chain.regime_pairs_in_initial(first)
        if post.pairwise is None:
            moves = chain.regime_pairs(post.pair_counts) + inside.sum(axis=0)
        else:
            moves = np.zeros((len(self.endog), self.k_regimes, self.k_regimes))
            moves[1: self.order + 1] = inside
            moves[self.order + 1:] = chain.regime_pairs(post.pairwise[1:])
        first_regime = np.bincount(chain.lags[:, self.order], weights=first,
                                   minlength=self.k_regimes)
        return SwitchingStats(post.smoothed, moves, first_regime, p)

    def m_step(self, stats: SwitchingStats, params: FloatArray) -> FloatArray:
        old = stats.params
        transition = self._maximise_transition(stats)
        coefs = self._maximise_coefs(stats.weights, old.ar, old.sigma2)
        ar = self._maximise_ar(stats.weights, coefs, old.ar, old.sigma2)
        sigma2 = self._maximise_variance(stats.weights, SwitchingParams(transition, coefs,
                                                                        old.sigma2, ar))
        return self.pack(SwitchingParams(transition, coefs, sigma2, ar))

    def expected_complete_loglike(self, params: FloatArray, stats: SwitchingStats) -> float:
        """``Q(params | stats)``: the expected complete-data log-likelihood."""
        p = self.unpack(params)
        emission = float(np.sum(stats.weights * self.log_emission(p)))
        return emission + self._transition_q(self._transition_logits(p.transition), stats)

    # transition block ------------------------------------------------------------------------
    def _transition_logits(self, transition: FloatArray) -> FloatArray:
        if self.tvtp is None:
            return logits_of_rows(_complete_rows(transition))[..., None]
        return transition

    def _transition_design(self) -> FloatArray:
        return np.ones((1, 1)) if self.tvtp is None else self.tvtp

    def _transition_q(self, logits: FloatArray, stats: SwitchingStats) -> float:
        """Transition part of Q: expected moves and the ergodic start, at ``logits``."""
        z = self._transition_design()
        mats = softmax_rows(np.einsum("tz,ijz->tij", z, logits))
        moves = stats.moves.reshape(-1, self.k_regimes, self.k_regimes)
        with np.errstate(divide="ignore"):
            logp = np.where(moves > 0, np.log(mats), 0.0)
            start = ergodic_distribution(mats[0]) @ mats[0]
            start_term = np.where(stats.first_regime > 0, np.log(start), 0.0)
        return float(np.sum(moves * logp) + stats.first_regime @ start_term)

    def _transition_gradient(self, logits: FloatArray, stats: SwitchingStats) -> FloatArray:
        """Gradient of :meth:`_transition_q` with respect to the logit coefficients.

        The ergodic start ``d = e(P_0) P_0`` has ``dd = e dP_0 W`` with
        ``W = Z P_0 + I`` and ``Z = (I - P_0 + 1 e)^-1`` the fundamental matrix
        (Kemeny & Snell), so ``dS/dP_0[i, j] = e_i (W v)_j`` for ``S = rho' log d``,
        ``v = rho / d``.
        """
        k = self.k_regimes
        z = self._transition_design()
        mats = softmax_rows(np.einsum("tz,ijz->tij", z, logits))
        moves = stats.moves.reshape(-1, k, k)
        excess = moves - moves.sum(axis=2, keepdims=True) * mats
        grad = np.einsum("tij,tz->ijz", excess[:, :, :-1], z)
        first = mats[0]
        ergodic = ergodic_distribution(first)
        fundamental = np.linalg.inv(np.eye(k) - first + ergodic[None, :])
        start = ergodic @ first
        ratio = np.divide(stats.first_regime, start, out=np.zeros(k), where=start > 0)
        by_prob = np.outer(ergodic, (fundamental @ first + np.eye(k)) @ ratio)
        by_logit = first * (by_prob - np.sum(first * by_prob, axis=1, keepdims=True))
        return grad + by_logit[:, :-1, None] * z[0][None, None, :]

    def _transition_curvature(self, logits: FloatArray, stats: SwitchingStats) -> FloatArray:
        """Negative Hessian of the moves' part of :meth:`_transition_q` (block-diagonal
        over origin regimes: a weighted multinomial logit), plus a tiny ridge."""
        k = self.k_regimes
        z = self._transition_design()
        mats = softmax_rows(np.einsum("tz,ijz->tij", z, logits))[:, :, :-1]
        total = stats.moves.reshape(-1, k, k).sum(axis=2)
        spread = (np.einsum("tij,jl->tijl", mats, np.eye(k - 1))
                  - np.einsum("tij,til->tijl", mats, mats))
        blocks = np.einsum("ti,tijl,tz,tw->ijzlw", total, spread, z, z)
        size = (k - 1) * z.shape[1]
        info = np.zeros((logits.size, logits.size))
        for i in range(k):
            part = slice(i * size, (i + 1) * size)
            info[part, part] = blocks[i].reshape(size, size)
        return info + 1e-10 * np.eye(logits.size)

    def _maximise_transition(self, stats: SwitchingStats) -> FloatArray:
        """Damped Newton ascent of the transition block of Q from its current value
        (the ergodic start term is left out of the curvature); steps are halved until Q
        increases, so the block never lowers Q."""
        logits = self._transition_logits(stats.params.transition)
        value = self._transition_q(logits, stats)
        for _ in range(50):
            grad = self._transition_gradient(logits, stats)
            step = np.linalg.solve(self._transition_curvature(logits, stats),
                                   grad.ravel()).reshape(logits.shape)
            if float(np.sum(step * grad)) < 1e-13 * (1.0 + abs(value)):
                break
            for _ in range(30):
                trial = logits + step
                trial_value = self._transition_q(trial, stats)
                if trial_value >= value:
                    break
                step = step / 2.0
            else:
                break
            logits, value = trial, trial_value
            if np.max(np.abs(step)) < 1e-12 * (1.0 + np.max(np.abs(logits))):
                break
        if self.tvtp is None:
            return softmax_rows(logits[..., 0])[:, :-1]
        return logits

    # regression blocks --------------------------------------------------------------------------
    def _maximise_coefs(self, weights: FloatArray, ar: FloatArray, sigma2: FloatArray
                        ) -> FloatArray:
        """Weighted least squares for the coefficients, AR and variances held."""
        lay, lags = self.layout, self.chain.lags
        ys, xs = self._lagged
        k = self.k_regimes
        scatter = np.zeros((k, xs.shape[2], lay.n_coefs))
        local = lay.coefs - lay.coef_start
        for s in range(k):
            scatter[s, np.arange(xs.shape[2]), local[s]] = 1.0
        placed = np.einsum("ltq,sqb->ltsb", xs, scatter)
        design = placed[0][:, lags[:, 0]]
        response = np.broadcast_to(ys[0][:, None], weights.shape)
        for lag in range(1, self.order + 1):
            phi = ar[lags[:, 0], lag - 1]
            design = design - phi[None, :, None] * placed[lag][:, lags[:, lag]]
            response = response - phi[None, :] * ys[lag][:, None]
        theta = _weighted_least_squares(weights / sigma2[lags[:, 0]], design, response)
        return theta[local]

    def _maximise_ar(self, weights: FloatArray, coefs: FloatArray, ar: FloatArray,
                     sigma2: FloatArray) -> FloatArray:
        """Weighted least squares for the AR coefficients, the rest held."""
        if self.order == 0:
            return ar
        lay, lags = self.layout, self.chain.lags
        ys, xs = self._lagged
        dev = ys[:, :, None] - np.einsum("ltq,sq->lts", xs, coefs)
        local = lay.ar - lay.ar_start
        n_states = self.chain.n_states
        design = np.zeros((*weights.shape, lay.n_ar))
        for lag in range(1, self.order + 1):
            design[:, np.arange(n_states), local[lags[:, 0], lag - 1]] = dev[lag][:, lags[:, lag]]
        theta = _weighted_least_squares(weights / sigma2[lags[:, 0]], design,
                                        dev[0][:, lags[:, 0]])
        return theta[local]

    def _maximise_variance(self, weights: FloatArray, p: SwitchingParams) -> FloatArray:
        squares = weights * self.residuals(p) ** 2
        current = self.chain.current
        if not self.switching_variance:
            return np.full(self.k_regimes, squares.sum() / weights.sum())
        k = self.k_regimes
        return (np.bincount(current, squares.sum(axis=0), k)
                / np.bincount(current, weights.sum(axis=0), k))

    # -- complete-data information (SEM) ---------------------------------------------------------
    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """``-d2 Q / du du'`` at ``u``, Q built from the E-step at ``u`` (numerical)."""
        stats, _ = self.e_step(self.from_unconstrained(u))

        def q_of(v: FloatArray) -> float:
            return self.expected_complete_loglike(self.from_unconstrained(v), stats)

        return -approx_hess3(np.asarray(u, dtype=float), q_of)

    # -- starts, labels, replicates --------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """OLS coefficients spread across regimes, persistent regimes (p_ii = 0.9)."""
        k = self.k_regimes
        ys, xs = self._lagged
        beta = np.linalg.lstsq(xs[0], ys[0], rcond=None)[0]
        resid_full = self.endog - self.exog @ beta
        ar = np.zeros(self.order)
        if self.order:
            lagged = np.column_stack([resid_full[self.order - lag: len(resid_full) - lag]
                                      for lag in range(1, self.order + 1)])
            ar = np.linalg.lstsq(lagged, resid_full[self.order:], rcond=None)[0]
        sigma2 = float(np.var(ys[0] - xs[0] @ beta))
        spread = np.arange(k) - (k - 1) / 2.0
        scale = np.sqrt(np.mean(self.exog**2, axis=0))
        coefs = beta + np.outer(spread, self.switching * 0.5 * np.sqrt(sigma2) / scale)
        variances = np.full(k, sigma2) * (2.0 ** spread if self.switching_variance else 1.0)
        stay = np.full((k, k), 0.1 / (k - 1))
        np.fill_diagonal(stay, 0.9)
        transition = self._start_transition(stay)
        return self.pack(SwitchingParams(transition, coefs, variances,
                                         np.tile(ar, (k, 1))))

    def _start_transition(self, stay: FloatArray) -> FloatArray:
        if self.tvtp is None:
            return stay[:, :-1]
        coefs = np.zeros((self.k_regimes, self.k_regimes - 1, self.tvtp.shape[1]))
        constant = np.flatnonzero(np.ptp(self.tvtp, axis=0) == 0)
        if constant.size:
            col = constant[0]
            coefs[:, :, col] = logits_of_rows(stay) / self.tvtp[0, col]
        return coefs

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """Regimes relabelled in ascending order of the ``regime_order`` parameter."""
        if self.regime_key is None:
            return params
        p = self.unpack(params)
        block, col, sign = self.regime_key
        key = sign * {"coefs": p.coefs, "sigma2": p.sigma2[:, None], "ar": p.ar}[block][:, col]
        return self.pack(self.relabel(p, np.argsort(key, kind="stable")))

    def relabel(self, p: SwitchingParams, perm: np.ndarray) -> SwitchingParams:
        """The same model with regime ``perm[s]`` called ``s``."""
        if self.tvtp is None:
            full = _complete_rows(p.transition)[np.ix_(perm, perm)]
            transition = full[:, :-1]
        else:
            shape = p.transition.shape
            full = np.concatenate([p.transition, np.zeros((shape[0], 1, shape[2]))], axis=1)
            full = full[perm][:, perm]
            transition = (full - full[:, -1:])[:, :-1]
        return SwitchingParams(transition, p.coefs[perm], p.sigma2[perm], p.ar[perm])

    def singular_reason(self, params: FloatArray) -> str | None:
        """A regime whose variance collapsed (the likelihood is unbounded there)."""
        sigma2 = self.unpack(params).sigma2
        tiny = np.flatnonzero(sigma2 < _COLLAPSED_VARIANCE * self._y_scale**2)
        if tiny.size:
            return f"the variance of regime(s) {tiny.tolist()} collapsed to zero"
        return None


    def smooth(self, params: Sequence[float], *, cov_type: str = "oim",
               cov_kwds: dict[str, Any] | None = None) -> EMResults:
        """Results at given parameters, without fitting (statsmodels' ``smooth``):
        probabilities, paths, forecasts and the covariance there (e.g. published
        estimates). ``converged`` is False and ``stop_rule`` is ``"given"``."""
        values = np.asarray(params, dtype=float)
        if values.shape != (self.k_params,):
            raise ValueError(f"params must have {self.k_params} values, got {values.shape}")
        llf = self.loglike(values)
        trace = EMTrace(params=values, llf=llf, converged=False, stop_rule="given", n_iter=0,
                        n_evals=0, n_llf_evals=1,
                        history=pd.DataFrame({"iteration": [], "llf": []}),
                        path=values[None, :])
        cov = get_estimator(cov_type, cov_kwds)(self, values)
        return EMResultsWrapper(MarkovSwitchingResults(self, trace, cov, pd.DataFrame(),
                                                       None))

    def check_resamplable(self) -> None:
        """Resampling observations breaks the time dependence: refused."""
        raise NotImplementedError(
            "resampling observations breaks the time dependence of a Markov-switching "
            "model: use cov_type='oim', 'opg', 'robust' or 'sem', or the parametric "
            "bootstrap (cov_kwds={'kind': 'parametric'})"
        )

    def resample(self, rows: FloatArray) -> MarkovSwitching:
        """Refused (see :meth:`check_resamplable`)."""
        self.check_resamplable()
        raise AssertionError("unreachable")

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> MarkovSwitching:
        """The model on a series drawn at ``params`` (same regressors and presample)."""
        return self._like(self.simulate_series(params, rng)[0])

    def simulate_series(self, params: FloatArray, rng: np.random.Generator
                        ) -> tuple[FloatArray, np.ndarray]:
        """A series and its regime path drawn at ``params``; the first ``order``
        observations are the data's (the likelihood conditions on them)."""
        p = self.unpack(params)
        mats = self.regime_transitions(p.transition)
        mats = np.broadcast_to(mats, (len(self.endog), self.k_regimes, self.k_regimes))
        start = ergodic_distribution(mats[0]) @ mats[0]
        regimes = np.empty(len(self.endog), dtype=np.intp)
        regimes[0] = rng.choice(self.k_regimes, p=start)
        for tau in range(1, len(self.endog)):
            regimes[tau] = rng.choice(self.k_regimes, p=mats[tau, regimes[tau - 1]])
        means = np.einsum("tq,tq->t", self.exog, p.coefs[regimes])
        y = self.endog.copy()
        noise = rng.standard_normal(len(y)) * np.sqrt(p.sigma2[regimes])
        for tau in range(self.order, len(y)):
            s = regimes[tau]
            past = y[tau - self.order: tau][::-1] - means[tau - self.order: tau][::-1]
            y[tau] = means[tau] + p.ar[s] @ past + noise[tau]
        return y, regimes

    def with_outcome_of(self, other: EMModel) -> MarkovSwitching:
        return self._like(np.asarray(other.endog, dtype=float))

    def _like(self, y: FloatArray) -> MarkovSwitching:
        new = MarkovSwitching.__new__(MarkovSwitching)
        new.__dict__.update(self.__dict__)
        new.endog = y
        new._lagged = _lag_stack(y, self.exog, self.order)
        return new

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model: a Markov-switching model of
        the same series and order, with no more regimes, regressors among this model's,
        and no more switching (each of its switching coefficients, AR terms and variance
        switches here too), with the same kind of transition probabilities."""
        if not (isinstance(other, MarkovSwitching) and other.order == self.order
                and other.k_regimes <= self.k_regimes
                and (other.tvtp is None) == (self.tvtp is None)):
            return False
        names = list(map(str, self.exog_names))
        other_names = list(map(str, other.exog_names))
        if not set(other_names) <= set(names):
            return False
        switches = dict(zip(names, self.switching.tolist(), strict=True))
        return (all(switches[n] or not s
                    for n, s in zip(other_names, other.switching.tolist(), strict=True))
                and (self.switching_variance or not other.switching_variance)
                and (self.switching_ar or not other.switching_ar))

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer regimes lie on the boundary (tests of k against k + 1 regimes)."""
        return isinstance(other, MarkovSwitching) and other.k_regimes < self.k_regimes

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> MarkovSwitching:
        y = endog.iloc[:, 0]
        keep = _contiguous_rows(y, data, rows)
        tvtp = kwargs.get("exog_tvtp")
        if isinstance(tvtp, str):
            kwargs["exog_tvtp"] = patsy.dmatrix(tvtp, data.loc[y.index[keep]],
                                                return_type="dataframe")
        elif tvtp is not None:
            frame = _frame(tvtp, "tvtp", len(data), "exog_tvtp")
            kwargs["exog_tvtp"] = frame.iloc[data.index.get_indexer(y.index[keep])]
        return cls(y[keep], exog[keep], **kwargs)


class MarkovSwitchingResults(EMResults):
    """Results of a Markov-switching fit: regime probabilities, transitions, durations,
    the most likely regime path, predictions and forecasts."""

    model: MarkovSwitching

    @cached_property
    def _parts(self) -> SwitchingParams:
        return self.model.unpack(np.asarray(self.params))

    @cached_property
    def _posterior(self) -> Posterior:
        return self.model.posterior(np.asarray(self.params))

    @property
    def _index(self) -> pd.Index:
        return self.model.row_labels[self.model.order:]

    def _regime_frame(self, state_probabilities: FloatArray) -> pd.DataFrame:
        values = self.model.chain.regime_probabilities(state_probabilities)
        return pd.DataFrame(values, index=self._index, columns=range(self.model.k_regimes))

    @property
    def smoothed_probabilities(self) -> pd.DataFrame:
        """``Pr(S_t = s | all data)`` (one column per regime)."""
        return self._regime_frame(self._posterior.smoothed)

    @property
    def filtered_probabilities(self) -> pd.DataFrame:
        """``Pr(S_t = s | data up to t)``."""
        return self._regime_frame(self._posterior.filtered)

    @property
    def predicted_probabilities(self) -> pd.DataFrame:
        """``Pr(S_t = s | data up to t - 1)``."""
        return self._regime_frame(self._posterior.predicted)

    @property
    def transition_matrix(self) -> pd.DataFrame:
        """Estimated ``Pr(S_t = to | S_{t-1} = from)`` (constant transitions)."""
        if self.model.tvtp is not None:
            raise ValueError("transitions vary over time with exog_tvtp: see "
                             "res.transition_probabilities")
        return self._square_frame(_complete_rows(self._parts.transition))

    @property
    def transition_matrix_bse(self) -> pd.DataFrame:
        """Standard errors of :attr:`transition_matrix` (delta method)."""
        jac = self._transition_jacobian()
        cov = np.asarray(self.cov_params())
        var = np.einsum("ijp,pq,ijq->ij", jac, cov, jac)
        return self._square_frame(np.sqrt(np.maximum(var, 0.0)))

    @property
    def transition_probabilities(self) -> pd.DataFrame:
        """Transition probabilities at every observation, columns ``p[i->j]``."""
        model = self.model
        mats = np.broadcast_to(model.regime_transitions(self._parts.transition),
                               (len(model.endog), model.k_regimes, model.k_regimes))
        k = model.k_regimes
        cols = [f"p[{i}->{j}]" for i in range(k) for j in range(k)]
        return pd.DataFrame(mats[model.order:].reshape(-1, k * k), index=self._index,
                            columns=cols)

    def _square_frame(self, values: FloatArray) -> pd.DataFrame:
        k = self.model.k_regimes
        return pd.DataFrame(values, index=pd.Index(range(k), name="from"),
                            columns=pd.Index(range(k), name="to"))

    def _transition_jacobian(self) -> FloatArray:
        """``d P[i, j] / d params`` (k x k x k_params) for constant transitions."""
        if self.model.tvtp is not None:
            raise ValueError("transitions vary over time with exog_tvtp")
        lay, k = self.model.layout, self.model.k_regimes
        jac = np.zeros((k, k, self.model.k_params))
        for i in range(k):
            for j in range(k - 1):
                jac[i, j, lay.transition[i, j]] = 1.0
                jac[i, k - 1, lay.transition[i, j]] = -1.0
        return jac

    @property
    def expected_durations(self) -> pd.Series | pd.DataFrame:
        """Expected duration ``1 / (1 - p_ii)`` of each regime (per observation with TVTP)."""
        model = self.model
        if model.tvtp is not None:
            stay = np.diagonal(model.regime_transitions(self._parts.transition), 0, 1, 2)
            return pd.DataFrame(1.0 / (1.0 - stay[model.order:]), index=self._index,
                                columns=range(model.k_regimes))
        stay = np.diag(_complete_rows(self._parts.transition))
        return pd.Series(1.0 / (1.0 - stay), index=range(model.k_regimes),
                         name="expected duration")

    @property
    def expected_durations_bse(self) -> pd.Series:
        """Standard errors of :attr:`expected_durations` (delta method)."""
        stay = np.diag(_complete_rows(self._parts.transition))
        k = self.model.k_regimes
        jac = self._transition_jacobian()[np.arange(k), np.arange(k)]
        grad = jac / (1.0 - stay)[:, None] ** 2
        var = np.einsum("ip,pq,iq->i", grad, np.asarray(self.cov_params()), grad)
        return pd.Series(np.sqrt(np.maximum(var, 0.0)), index=range(k), name="std err")

    @property
    def regime_path(self) -> pd.Series:
        """The most likely regime path (Viterbi)."""
        model = self.model
        initial, expanded, log_em = model._chain_inputs(self._parts)
        path, _ = viterbi(log_em, initial, expanded)
        return pd.Series(model.chain.current[path], index=self._index, name="regime")

    @property
    def regime_classification_measure(self) -> float:
        """Ang & Bekaert's (2002) RCM: ``100 k^k mean_t prod_s p_ts`` of the smoothed
        probabilities; 0 is a perfect classification, 100 none."""
        prob = self.smoothed_probabilities.to_numpy()
        k = self.model.k_regimes
        return float(100.0 * k**k * np.mean(np.prod(prob, axis=1)))

    @property
    def average_regime_probability(self) -> pd.Series:
        """Mean smoothed probability of the assigned regime, among the observations
        assigned to each regime (the larger the sharper)."""
        prob = self.smoothed_probabilities
        assigned = prob.to_numpy().argmax(axis=1)
        values = [prob.to_numpy()[assigned == s, s].mean() if np.any(assigned == s) else np.nan
                  for s in range(self.model.k_regimes)]
        return pd.Series(values, index=prob.columns, name="average probability")

    def predict(self, probabilities: str = "predicted") -> pd.Series:
        """In-sample predictions: the conditional mean given the past, averaged over
        the expanded states with ``"predicted"`` (one step ahead), ``"filtered"`` or
        ``"smoothed"`` probabilities."""
        weights = {"predicted": self._posterior.predicted,
                   "filtered": self._posterior.filtered,
                   "smoothed": self._posterior.smoothed}.get(probabilities)
        if weights is None:
            raise ValueError("probabilities must be 'predicted', 'filtered' or 'smoothed'")
        model = self.model
        means = model.endog[model.order:, None] - model.residuals(self._parts)
        return pd.Series(np.sum(weights * means, axis=1), index=self._index, name="predicted")

    @property
    def fittedvalues(self) -> pd.Series:
        """One-step-ahead predictions (:meth:`predict` with predicted probabilities)."""
        return self.predict("predicted")

    @property
    def resid(self) -> pd.Series:
        """One-step-ahead prediction errors."""
        return pd.Series(self.model.endog[self.model.order:], index=self._index) - \
            self.fittedvalues

    def forecast(self, steps: int = 1, exog: Any = None, exog_tvtp: Any = None
                 ) -> pd.DataFrame:
        """Forecasts ``steps`` periods after the sample: the mean and the regime
        probabilities.

        Parameters
        ----------
        steps : int
            Horizon.
        exog : array_like, optional
            Future regressors (steps x q); required unless the only regressor is a
            constant.
        exog_tvtp : array_like, optional
            Future TVTP covariates (steps x r); required with time-varying transitions.

        Returns
        -------
        DataFrame
            Column ``mean`` (``E[y_{T+h} | data]``, exact: the AR recursion is
            propagated with the regime probabilities) and one column per regime.
        """
        return _forecast(self.model, self._parts, self._posterior.filtered[-1], int(steps),
                         exog, exog_tvtp)

    def plot_regime_probabilities(self, regime: int | None = None, *, kind: str = "smoothed",
                                  ax: Any = None) -> Any:
        """The series and the regime probabilities over time
        (:func:`emstats.plotting.plot_regime_probabilities`)."""
        from ..plotting import plot_regime_probabilities

        frames = {"smoothed": self.smoothed_probabilities,
                  "filtered": self.filtered_probabilities,
                  "predicted": self.predicted_probabilities}
        if kind not in frames:
            raise ValueError(f"kind must be one of {sorted(frames)}, got {kind!r}")
        series = pd.Series(self.model.endog[self.model.order:], index=self._index,
                           name=str(self.model.endog_names))
        return plot_regime_probabilities(frames[kind], series, regime, kind=kind, ax=ax)

    def _summary_top(self) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
        left, right = super()._summary_top()
        left.insert(2, ("Regimes:", [f"{self.model.k_regimes} (AR order {self.model.order})"]))
        right.append(("Regime classification (RCM):",
                      [f"{self.regime_classification_measure:.2f}"]))
        return left, right

    def summary(self, yname: str | None = None, xname: Sequence[str] | None = None,
                title: str | None = None, alpha: float = 0.05) -> Any:
        """Summary with the transition matrix (or TVTP note) and expected durations."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        lines = ["Average regime probability: "
                 + ", ".join(f"{s}: {v:.3f}" for s, v in self.average_regime_probability.items())]
        if self.model.tvtp is None:
            durations = self.expected_durations
            lines.append("Expected durations: " + ", ".join(
                f"{s}: {d:.3f} ({se:.3f})"
                for (s, d), se in zip(durations.items(), self.expected_durations_bse,
                                      strict=True)))
        smry.add_extra_txt(lines)
        return smry


MarkovSwitching._results_class = MarkovSwitchingResults


# -- helpers ----------------------------------------------------------------------------------
def _complete_rows(free: FloatArray) -> FloatArray:
    """Transition matrix from its first ``k - 1`` columns."""
    return np.concatenate([free, 1.0 - free.sum(axis=-1, keepdims=True)], axis=-1)


def _weighted_least_squares(weights: FloatArray, design: FloatArray, response: FloatArray
                            ) -> FloatArray:
    """``argmin sum_tm w_tm (r_tm - d_tm' theta)^2`` over time points and states."""
    weighted = design * weights[..., None]
    gram = np.einsum("tmq,tmr->qr", weighted, design)
    return np.linalg.solve(gram, np.einsum("tmq,tm->q", weighted, response))


def _lag_stack(y: FloatArray, x: FloatArray, order: int) -> tuple[FloatArray, FloatArray]:
    """``y`` and ``x`` at lags ``0..order`` aligned on the effective sample."""
    n = len(y)
    ys = np.stack([y[order - lag: n - lag] for lag in range(order + 1)])
    xs = np.stack([x[order - lag: n - lag] for lag in range(order + 1)])
    return ys, xs


def _series(endog: Any) -> pd.Series:
    if isinstance(endog, pd.DataFrame):
        if endog.shape[1] != 1:
            raise ValueError(f"endog must be one series, got {endog.shape[1]} columns")
        endog = endog.iloc[:, 0]
    if isinstance(endog, pd.Series):
        if not pd.api.types.is_numeric_dtype(endog):
            raise ValueError(f"endog {endog.name!r} is not numeric")
        return endog.astype(float)
    arr = np.asarray(endog, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"endog must be one-dimensional, got shape {arr.shape}")
    return pd.Series(arr, name="y")


def _frame(values: Any, prefix: str, n: int, what: str) -> pd.DataFrame:
    if isinstance(values, pd.Series):
        values = values.to_frame()
    if isinstance(values, pd.DataFrame):
        frame = values
    else:
        arr = np.asarray(values, dtype=float)
        arr = arr[:, None] if arr.ndim == 1 else arr
        frame = pd.DataFrame(arr, columns=[f"{prefix}{j}" for j in range(arr.shape[1])])
    if len(frame) != n:
        raise ValueError(f"{what} has {len(frame)} rows but the series has {n} observations")
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise ValueError(f"{what} column(s) {bad} are not numeric")
    return frame


def _check_k(k_regimes: Any) -> int:
    if int(k_regimes) != k_regimes or k_regimes < 2:
        raise ValueError(f"k_regimes must be an integer of at least 2, got {k_regimes!r} "
                         "(one regime is an ordinary regression or autoregression)")
    return int(k_regimes)


def _check_order(order: Any) -> int:
    if int(order) != order or order < 0:
        raise ValueError(f"order must be a nonnegative integer, got {order!r}")
    return int(order)


def _switching_mask(switching: Any, names: list[str]) -> np.ndarray:
    if switching is True or switching is False:
        return np.full(len(names), bool(switching))
    items = list(switching)
    if all(isinstance(v, (bool, np.bool_)) for v in items):
        if len(items) != len(names):
            raise ValueError(f"switching has {len(items)} flags for {len(names)} regressors")
        return np.array(items, dtype=bool)
    unknown = [v for v in items if v not in names]
    if unknown:
        raise ValueError(f"switching names {unknown} are not regressors ({names})")
    return np.isin(names, items)


def _contiguous_rows(y: pd.Series, data: pd.DataFrame, rows: pd.Index) -> np.ndarray:
    """Rows kept by the formula, without leading/trailing missing outcomes; interior
    gaps are an error (the chain needs consecutive observations)."""
    keep = y.notna().to_numpy().copy()
    if not keep.any():
        raise ValueError("every outcome is missing")
    first, last = np.flatnonzero(keep)[[0, -1]]
    keep[first: last + 1] = True
    positions = data.index.get_indexer(rows[keep])
    if np.any(np.diff(positions) != 1):
        gap = int(np.flatnonzero(np.diff(positions) != 1)[0])
        raise ValueError(
            f"rows with missing values inside the series (after row {rows[keep][gap]!r}): "
            "the regime chain needs consecutive observations; impute the gap or fit the "
            "pieces separately"
        )
    return keep


def _forecast(model: MarkovSwitching, p: SwitchingParams, last_filtered: FloatArray,
              steps: int, exog: Any, exog_tvtp: Any) -> pd.DataFrame:
    """Exact h-step forecasts of the mean and the regime probabilities.

    ``moments[m, j] = E[z_{tau-j} 1{X_tau = m}]`` with ``z`` the deviation from the
    regime mean; it propagates linearly with the expanded transition.
    """
    if steps < 1:
        raise ValueError("steps must be at least 1")
    x_future = _future(exog, steps, model.exog, "exog")
    chain, order = model.chain, model.order
    if model.tvtp is None:
        mats = np.broadcast_to(model.regime_transitions(p.transition),
                               (steps, model.k_regimes, model.k_regimes))
    else:
        if exog_tvtp is None:
            raise ValueError("forecasts with time-varying transitions need exog_tvtp for the "
                             f"{steps} future periods")
        mats = model.regime_transitions(p.transition,
                                        _future(exog_tvtp, steps, model.tvtp, "exog_tvtp"))
    lags = chain.lags
    n = len(model.endog)
    dev_full = model.endog[:, None] - model.exog @ p.coefs.T
    prob = last_filtered
    moments = np.zeros((chain.n_states, max(order, 1)))
    for j in range(order):
        moments[:, j] = prob * dev_full[n - 1 - j, lags[:, j]]
    rows = []
    for h in range(steps):
        expanded = chain.expand(mats[h])
        new_prob = prob @ expanded
        carried = expanded.T @ moments
        new_moments = np.zeros_like(moments)
        if order:
            new_moments[:, 0] = np.sum(p.ar[lags[:, 0]] * carried[:, :order], axis=1)
            new_moments[:, 1:order] = carried[:, : order - 1]
        mean = new_prob @ (x_future[h] @ p.coefs.T)[lags[:, 0]] + new_moments[:, 0].sum()
        prob, moments = new_prob, new_moments
        rows.append([mean, *chain.regime_probabilities(prob)])
    return pd.DataFrame(rows, index=pd.RangeIndex(1, steps + 1, name="step"),
                        columns=["mean", *range(model.k_regimes)])


def _future(values: Any, steps: int, past: FloatArray, what: str) -> FloatArray:
    if values is None:
        if np.all(past == past[0]):
            return np.broadcast_to(past[0], (steps, past.shape[1]))
        raise ValueError(f"forecasts need {what} for the {steps} future periods")
    arr = np.asarray(values, dtype=float).reshape(steps, -1)
    if arr.shape[1] != past.shape[1]:
        raise ValueError(f"{what} must have {past.shape[1]} columns, got {arr.shape[1]}")
    return arr
