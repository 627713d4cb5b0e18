"""In-sample means and forecasts of a Markov-switching model.

The conditional mean of each observation in each expanded state (the normal regression's
``x'beta`` plus its AR terms, a Tobit's latent mean, a Poisson's ``exp(x'beta)``),
averaged with the regime probabilities, and exact h-step forecasts of the mean and the
regime probabilities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..typing import FloatArray
from ._forward_backward import Posterior
from ._glm_emission import GLMEmission

if TYPE_CHECKING:
    from .markov_switching import MarkovSwitching, SwitchingParams


def in_sample_mean(model: MarkovSwitching, params: FloatArray, probabilities: str,
                    posterior: Posterior) -> FloatArray:
    """The conditional mean given the past, averaged over the expanded states with the
    ``"predicted"``, ``"filtered"`` or ``"smoothed"`` probabilities of ``posterior``."""
    weights = {"predicted": posterior.predicted, "filtered": posterior.filtered,
               "smoothed": posterior.smoothed}.get(probabilities)
    if weights is None:
        raise ValueError("probabilities must be 'predicted', 'filtered' or 'smoothed', got "
                         f"{probabilities!r}")
    means = model.state_means(params)
    return np.asarray(np.sum(weights * means, axis=1))


def forecast(model: MarkovSwitching, p: SwitchingParams, last_filtered: FloatArray,
              steps: int, exog: Any, exog_tvtp: Any) -> pd.DataFrame:
    """Exact h-step forecasts of the mean and the regime probabilities.

    ``moments[m, j] = E[z_{tau-j} 1{X_tau = m}]`` with ``z`` the deviation from the
    regime mean; it propagates linearly with the expanded transition.
    """
    if steps < 1:
        raise ValueError("steps must be at least 1")
    emission = model.emission
    poisson = isinstance(emission, GLMEmission)
    if isinstance(emission, GLMEmission) and np.any(emission.offset != 0):
        raise ValueError("forecasts of a Poisson model with an offset or exposure need the "
                         "future offsets, which forecast() does not take")
    x_future = future_rows(exog, steps, model.exog, "exog")
    chain, order = model.chain, model.order
    if model.tvtp is None:
        mats = np.broadcast_to(model.regime_transitions(p.transition),
                               (steps, model.k_regimes, model.k_regimes))
    else:
        if exog_tvtp is None:
            raise ValueError("forecasts with time-varying transitions need exog_tvtp for the "
                             f"{steps} future periods")
        mats = model.regime_transitions(p.transition,
                                        future_rows(exog_tvtp, steps, model.tvtp, "exog_tvtp"))
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
        linear = x_future[h] @ p.coefs.T
        level = np.exp(linear) if poisson else linear
        mean = new_prob @ level[lags[:, 0]] + new_moments[:, 0].sum()
        prob, moments = new_prob, new_moments
        rows.append([mean, *chain.regime_probabilities(prob)])
    return pd.DataFrame(rows, index=pd.RangeIndex(1, steps + 1, name="step"),
                        columns=["mean", *range(model.k_regimes)])


def future_rows(values: Any, steps: int, past: FloatArray, what: str) -> FloatArray:
    if values is None:
        if np.all(past == past[0]):
            return np.broadcast_to(past[0], (steps, past.shape[1]))
        raise ValueError(f"forecasts need {what} for the {steps} future periods")
    arr = np.asarray(values, dtype=float).reshape(steps, -1)
    if arr.shape[1] != past.shape[1]:
        raise ValueError(f"{what} must have {past.shape[1]} columns, got {arr.shape[1]}")
    return arr


__all__ = ["forecast", "future_rows", "in_sample_mean"]
