r"""Bootstrap confidence intervals: percentile and BCa, with BCa's acceleration from the
empirical influence values of the MLE (the infinitesimal jackknife).

``results.conf_int(method="percentile" | "bca")`` of a fit with ``cov_type="bootstrap"``
calls :func:`bootstrap_conf_int`; the other functions work on any ``B x k`` matrix of
replicate estimates.
"""

from __future__ import annotations

import warnings
from typing import Literal

import numpy as np
from scipy.special import ndtr, ndtri

from ..exceptions import BootstrapWarning
from ..protocol import BootstrapFit, ObservedLikelihood
from ..typing import ArrayLike, FloatArray
from .covariance import observed_hessian, observed_scores, unconstrained_jacobian

__all__ = [
    "bca_interval",
    "bootstrap_conf_int",
    "influence_acceleration",
    "influence_values",
    "percentile_interval",
]


def percentile_interval(replicates: FloatArray, alpha: float = 0.05) -> FloatArray:
    """Percentile intervals: the ``alpha/2`` and ``1 - alpha/2`` quantiles of the replicates.

    Parameters
    ----------
    replicates : ndarray
        ``B x k`` replicate estimates.
    alpha : float
        One minus the coverage.

    Returns
    -------
    ndarray
        ``k x 2``: lower and upper limits (linear interpolation between order
        statistics, numpy's default quantile).
    """
    reps = _replicate_matrix(replicates)
    _check_alpha(alpha)
    return np.quantile(reps, [alpha / 2.0, 1.0 - alpha / 2.0], axis=0).T


def bca_interval(replicates: FloatArray, estimate: FloatArray, acceleration: FloatArray,
                 alpha: float = 0.05) -> FloatArray:
    r"""Bias-corrected and accelerated (BCa) intervals (Efron 1987).

    Parameters
    ----------
    replicates : ndarray
        ``B x k`` replicate estimates.
    estimate : array_like
        The estimate from the original data (``k``).
    acceleration : array_like
        The acceleration constant of each parameter (``k``), e.g. from
        :func:`influence_acceleration`.
    alpha : float
        One minus the coverage.

    Returns
    -------
    ndarray
        ``k x 2``. A parameter whose replicates all lie on one side of the
        estimate has no bias correction; its limits are NaN (with a warning).

    Notes
    -----
    The limits are the replicate quantiles at

    .. math::

        \alpha_{1,2} = \Phi\left(z_0 + \frac{z_0 + z_{\alpha/2,\,1-\alpha/2}}
                       {1 - a\,(z_0 + z_{\alpha/2,\,1-\alpha/2})}\right),

    with the bias correction :math:`z_0 = \Phi^{-1}(p)`, where :math:`p` is the
    share of replicates below the estimate (ties count one half, as in
    :func:`scipy.stats.bootstrap`). With :math:`z_0 = a = 0` they are the
    percentile limits.
    """
    reps = _replicate_matrix(replicates)
    _check_alpha(alpha)
    estimate = np.asarray(estimate, dtype=float).reshape(-1)
    accel = np.broadcast_to(np.asarray(acceleration, dtype=float), estimate.shape)
    share = ((reps < estimate).sum(axis=0) + (reps <= estimate).sum(axis=0)) / (2.0 * len(reps))
    z0 = ndtri(share)
    out = np.full((estimate.size, 2), np.nan)
    usable = np.isfinite(z0)
    for col, z_alpha in enumerate((ndtri(alpha / 2.0), ndtri(1.0 - alpha / 2.0))):
        shifted = z0 + z_alpha
        level = ndtr(z0 + shifted / (1.0 - accel * shifted))
        for j in np.flatnonzero(usable):
            out[j, col] = np.quantile(reps[:, j], level[j])
    if not usable.all():
        warnings.warn(
            f"BCa limits are not available (NaN) for parameter(s) {np.flatnonzero(~usable)}: "
            "all replicates lie on one side of the estimate.",
            BootstrapWarning,
            stacklevel=2,
        )
    return out


def influence_values(model: ObservedLikelihood, params: ArrayLike) -> FloatArray:
    r"""Empirical influence values of the ML estimate (the infinitesimal jackknife).

    Parameters
    ----------
    model : ObservedLikelihood
        The fitted model.
    params : array_like
        The ML estimate (natural parameters).

    Returns
    -------
    ndarray
        ``nobs x k``: row ``i`` is :math:`-J H^{-1} s_i`, with the Hessian
        :math:`H` of the observed llf and the scores :math:`s_i` in the model's
        unconstrained parametrisation and :math:`J = d\theta / du`. Up to the
        factor ``nobs`` it is the influence function of the MLE at observation
        ``i``: the first-order change of the estimate when ``i`` gets more weight.
    """
    params = np.asarray(params, dtype=float)
    u = model.to_unconstrained(params)
    scores = observed_scores(model, u)
    step = np.linalg.solve(observed_hessian(model, u), scores.T)  # k x nobs
    return -(unconstrained_jacobian(model, u) @ step).T


def influence_acceleration(influence: FloatArray) -> FloatArray:
    r"""The BCa acceleration from influence values.

    .. math::

        a_j = \frac{\sum_i L_{ij}^3}{6\left(\sum_i L_{ij}^2\right)^{3/2}}

    (Efron 1987, eq. 6.6; Efron & Tibshirani 1993, eq. 14.15 with the jackknife
    differences replaced by the influence values). It is invariant to the scale
    of :math:`L`; a parameter with no influence gets ``a = 0``.

    Parameters
    ----------
    influence : ndarray
        ``nobs x k`` influence values, e.g. from :func:`influence_values`.

    Returns
    -------
    ndarray
        ``k`` acceleration constants.
    """
    infl = np.asarray(influence, dtype=float)
    infl = infl.reshape(infl.shape[0], -1)
    infl = infl - infl.mean(axis=0)
    square = (infl**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        accel = (infl**3).sum(axis=0) / (6.0 * square**1.5)
    return np.where(square > 0, accel, 0.0)


def bootstrap_conf_int(results: BootstrapFit, alpha: float = 0.05,
                       method: Literal["percentile", "bca"] = "percentile") -> FloatArray:
    """Bootstrap confidence intervals of a fit with ``cov_type="bootstrap"``.

    Called by ``results.conf_int(method="percentile" | "bca")``.

    Parameters
    ----------
    results : BootstrapFit
        A fit (EMResults) whose ``cov_extras`` holds ``"replicates"``.
    alpha : float
        One minus the coverage.
    method : {"percentile", "bca"}
        Percentile or bias-corrected and accelerated intervals.

    Returns
    -------
    ndarray
        ``k x 2`` limits (the results wrapper labels them).

    Notes
    -----
    BCa's acceleration comes from the empirical influence values of the MLE
    (the infinitesimal jackknife, :func:`influence_values`) rather than from
    ``n`` leave-one-out refits: it needs no extra EM runs and it is the limit of
    the jackknife estimate. The same (nonparametric) acceleration is used
    whatever the bootstrap ``kind``.
    """
    extras = results.cov_extras
    if "replicates" not in extras:
        raise ValueError("bootstrap intervals need replicates: fit with cov_type='bootstrap'")
    reps = extras["replicates"]
    if method == "percentile":
        return percentile_interval(reps, alpha)
    if method == "bca":
        params = np.asarray(results.params, dtype=float)
        accel = influence_acceleration(influence_values(results.model, params))
        return bca_interval(reps, params, accel, alpha)
    raise ValueError(f"method must be 'percentile' or 'bca', got {method!r}")


def _replicate_matrix(replicates: FloatArray) -> FloatArray:
    reps = np.asarray(replicates, dtype=float)
    reps = reps.reshape(reps.shape[0], -1) if reps.ndim else reps.reshape(1, 1)
    if reps.shape[0] < 2:
        raise ValueError(f"intervals need at least 2 replicates, got {reps.shape[0]}")
    return reps


def _check_alpha(alpha: float) -> None:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
