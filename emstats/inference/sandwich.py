"""Sandwich covariances: heteroskedasticity-robust and cluster-robust."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..protocol import ObservedLikelihood
from ..typing import ArrayLike, FloatArray, IntArray
from ..weights import score_meat, weighted_scores
from .covariance import (
    CovarianceEstimator,
    inverse_information,
    observed_hessian,
    observed_scores,
    register,
)


def sandwich(bread_info: FloatArray, meat: FloatArray, what: str
             ) -> tuple[FloatArray, bool]:
    """``A^-1 B A^-1`` for an information matrix ``A`` and a score covariance ``B``."""
    inv, ok = inverse_information(bread_info, what)
    out = inv @ meat @ inv
    return 0.5 * (out + out.T), ok


@register
class Robust(CovarianceEstimator):
    """Huber-White sandwich ``H^-1 (S'S) H^-1`` (no small-sample factor, as R's sandwich).

    With case weights the middle is :func:`emstats.weights.score_meat` (``S'WS`` for
    frequency weights, ``S'W^2S`` for sampling weights), as ``survreg(robust=TRUE)``.
    """

    name = "robust"
    description = "robust sandwich H^-1 (S'S) H^-1"

    def covariance_unconstrained(self, model: ObservedLikelihood, u: FloatArray
                                 ) -> tuple[FloatArray, bool, dict[str, Any]]:
        scores = observed_scores(model, u)
        meat = score_meat(model.case_weights, scores)
        cov, ok = sandwich(-observed_hessian(model, u), meat, "observed information")
        weights = model.case_weights
        n_units = (scores.shape[0] if weights is None or weights.kind != "freq"
                   else round(float(weights.values.sum())))
        return cov * self.small_sample_factor(n_units, scores.shape[1]), ok, {}

    @staticmethod
    def small_sample_factor(nobs: int, k: int) -> float:
        """The factor multiplying the sandwich: 1 (HC0)."""
        return 1.0


@register
class RobustHC1(Robust):
    r"""The robust sandwich times ``n / (n - k)`` (statsmodels' and Stata's HC1).

    ``n`` is the number of observations (rows of the score matrix) and ``k`` the number
    of free working coordinates (the estimated parameters, less any held fixed at a
    bound), so that for a linear regression it is statsmodels' ``cov_type="HC1"``.

    Notes
    -----
    .. math::

        V_{HC1} = \frac{n}{n - k}\, H^{-1} (S'S) H^{-1}.
    """

    name = "hc1"
    description = "robust sandwich H^-1 (S'S) H^-1 times n/(n-k) (HC1)"

    @staticmethod
    def small_sample_factor(nobs: int, k: int) -> float:
        """``n / (n - k)``; an error when ``n <= k``."""
        if nobs <= k:
            raise ValueError(f"cov_type='HC1' needs more observations ({nobs}) than "
                             f"parameters ({k})")
        return nobs / (nobs - k)


@register
class Cluster(CovarianceEstimator):
    r"""Cluster-robust sandwich: scores summed within clusters, times ``G / (G - 1)``.

    Parameters
    ----------
    groups : array_like
        Cluster label of each observation (any hashable values; no missing values);
        required.
    use_correction : bool
        Multiply by ``G / (G - 1)`` (default: Stata's ``vce(cluster)`` for ML estimators
        such as ``tobit``); ``False`` gives R's ``survreg(robust = TRUE, cluster = )``
        and ``AER::tobit(cluster = )``, which use none (statsmodels' keyword).

    Notes
    -----
    With the per-observation scores :math:`s_i` summed within cluster :math:`g`,
    :math:`S_g = \sum_{i \in g} s_i`,

    .. math::

        V = c\, H^{-1} \Big(\sum_g S_g S_g'\Big) H^{-1}, \qquad
        c = \frac{G}{G - 1} \text{ or } 1.
    """

    name = "cluster"
    description = "cluster-robust sandwich, G/(G-1) correction"
    allowed_kwds = frozenset({"groups", "use_correction"})

    def __init__(self, **kwds: Any) -> None:
        super().__init__(**kwds)
        if "groups" not in kwds:
            raise ValueError("cov_type='cluster' needs cov_kwds={'groups': labels}")

    def describe(self) -> str:
        """The sandwich and its small-sample factor."""
        if self.kwds.get("use_correction", True):
            return self.description
        return "cluster-robust sandwich, no small-sample correction (as survreg)"

    def covariance_unconstrained(self, model: ObservedLikelihood, u: FloatArray
                                 ) -> tuple[FloatArray, bool, dict[str, Any]]:
        scores = weighted_scores(model.case_weights, observed_scores(model, u))
        codes, n_groups = _group_codes(self.kwds["groups"], scores.shape[0])
        summed = np.zeros((n_groups, scores.shape[1]))
        np.add.at(summed, codes, scores)
        factor = n_groups / (n_groups - 1.0) if self.kwds.get("use_correction", True) else 1.0
        meat = summed.T @ summed * factor
        cov, ok = sandwich(-observed_hessian(model, u), meat, "observed information")
        return cov, ok, {"n_groups": n_groups}


def _group_codes(groups: ArrayLike, nobs: int) -> tuple[IntArray, int]:
    labels = np.asarray(groups)
    if labels.ndim != 1 or labels.shape[0] != nobs:
        raise ValueError(f"groups must have one label per observation ({nobs}), "
                         f"got shape {labels.shape}")
    if labels.dtype.kind == "f" and np.isnan(labels).any():
        raise ValueError("groups contain NaN; every observation needs a cluster label")
    _, codes = np.unique(labels, return_inverse=True)
    n_groups = int(codes.max()) + 1
    if n_groups < 2:
        raise ValueError("cov_type='cluster' needs at least two clusters")
    return codes, n_groups
