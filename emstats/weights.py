r"""Case weights: frequency weights (Stata ``fweight``) and sampling weights (``pweight``).

A fit with case weights :math:`w_i` maximises :math:`\sum_i w_i \ell_i(\theta)`, the sum
over the units :math:`i` (rows, or whole sequences for the hidden-Markov models) of their
log-likelihood contributions. What the weights mean decides the rest:

- **frequency weights** (``freq_weights=``, statsmodels GLM's name): unit :math:`i`
  stands for :math:`w_i` identical observations. The fit is the fit on the replicated
  data, exactly: ``nobs`` is :math:`\sum_i w_i` and every covariance estimator applies.
- **sampling weights** (``sampling_weights=``): :math:`w_i` is the inverse probability of
  selecting unit :math:`i`. The weighted llf is a pseudo-likelihood, its inverse Hessian
  is not the variance of the estimates, and the sandwich is (Stata's and R
  ``survey``'s rule): the default covariance is ``"robust"``; ``"cluster"`` and
  ``"bootstrap"`` are also valid, the information-based estimators (``"oim"``, ``"opg"``,
  ``"louis"``, ``"sem"``) are refused. ``nobs`` is the number of units.

Models multiply each unit's contributions to the E-step statistics and to the llf by its
weight; the per-unit ``loglikeobs`` and scores stay unweighted, and the score-based
estimators weight them (:func:`score_meat`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypedDict

import numpy as np
import pandas as pd

from .typing import FloatArray, IntArray

WeightKind = Literal["freq", "sampling"]

_KEYWORDS: dict[WeightKind, str] = {"freq": "freq_weights", "sampling": "sampling_weights"}

INFORMATION_ESTIMATORS = frozenset({"oim", "opg", "louis", "sem"})
"""Covariance estimators that are not valid with sampling weights."""


@dataclass(frozen=True)
class CaseWeights:
    """The weights of a model's units.

    Attributes
    ----------
    kind : {"freq", "sampling"}
        Frequency (``freq_weights=``) or sampling (``sampling_weights=``) weights.
    values : ndarray
        One positive weight per unit, in the model's order of units.
    """

    kind: WeightKind
    values: FloatArray

    @property
    def keyword(self) -> str:
        """The keyword the weights were given with."""
        return _KEYWORDS[self.kind]

    @property
    def nobs(self) -> float:
        """The number of observations: the sum of frequency weights, or the number of units."""
        return float(self.values.sum()) if self.kind == "freq" else float(self.values.size)

    def take(self, units: IntArray) -> CaseWeights:
        """The weights of ``units`` (with repeats): the bootstrap's resampled units."""
        return CaseWeights(self.kind, self.values[np.asarray(units)])

    def sampling_refusal(self, cov_type: str) -> str | None:
        """Why ``cov_type`` is not valid with these weights, or None."""
        if self.kind != "sampling" or cov_type not in INFORMATION_ESTIMATORS:
            return None
        return (f"cov_type={cov_type!r} is not valid with sampling_weights: the weighted llf "
                "is a pseudo-likelihood, whose information matrix is not the inverse "
                "variance of the estimates; use 'robust' (the default), 'cluster' or "
                "'bootstrap', as Stata does with pweights")


def unit_weights(weights: CaseWeights | None, n_units: int) -> FloatArray:
    """The weights' values, or ones for an unweighted model."""
    return np.ones(n_units) if weights is None else weights.values


class WeightKeywords(TypedDict, total=False):
    """The constructor keyword of a model's case weights (one of the two, or none)."""

    freq_weights: FloatArray
    sampling_weights: FloatArray


def weight_keywords(weights: CaseWeights | None, units: IntArray | None = None
                    ) -> WeightKeywords:
    """The constructor keyword of ``weights`` (of ``units`` only, if given): the same
    weights on a model built from this one (a bootstrap replicate, simulated outcomes);
    also part of a model's observations (fits with other weights fit other data)."""
    if weights is None:
        return {}
    chosen = weights if units is None else weights.take(units)
    if chosen.kind == "freq":
        return {"freq_weights": chosen.values}
    return {"sampling_weights": chosen.values}


def score_meat(weights: CaseWeights | None, scores: FloatArray) -> FloatArray:
    r"""The middle of the robust sandwich from unweighted per-unit ``scores`` (n x k).

    Notes
    -----
    A frequency weight replicates its unit, so its score enters :math:`w_i` times:
    :math:`\sum_i w_i s_i s_i'`. With sampling weights the middle is the design-based
    variance of the weighted score total under with-replacement sampling of the ``n``
    units, :math:`\frac{n}{n-1} \sum_i (w_i s_i)(w_i s_i)'` (the weighted scores sum to
    zero at the estimate): R ``survey::svydesign(ids = ~1, weights = ~w)``'s and Stata's
    ``[pweight]`` variance.
    """
    if weights is None:
        return scores.T @ scores
    if weights.kind == "freq":
        return (scores * weights.values[:, None]).T @ scores
    weighted = scores * weights.values[:, None]
    n = weighted.shape[0]
    return weighted.T @ weighted * (n / (n - 1.0))


def weighted_scores(weights: CaseWeights | None, scores: FloatArray) -> FloatArray:
    """Per-unit scores times their weights: the terms a cluster sums."""
    return scores if weights is None else scores * weights.values[:, None]


def resolve_case_weights(freq_weights: Any, sampling_weights: Any, n_units: int,
                         unit: str = "row") -> CaseWeights | None:
    """Check the two weight keywords of a model and return its :class:`CaseWeights`.

    Parameters
    ----------
    freq_weights, sampling_weights : array_like or None
        At most one of them; one positive finite value per unit (frequency weights must
        be whole numbers, as Stata's ``fweight``).
    n_units : int
        Number of units.
    unit : str
        What a unit is, for the messages (``"row"``, ``"sequence"``).

    Raises
    ------
    ValueError
        Both given, a wrong length, NaN, infinite, zero, negative or (frequency weights)
        fractional values; each message names the keyword.
    """
    if freq_weights is not None and sampling_weights is not None:
        raise ValueError("give freq_weights or sampling_weights, not both")
    if freq_weights is None and sampling_weights is None:
        return None
    kind: WeightKind = "freq" if freq_weights is not None else "sampling"
    given = freq_weights if kind == "freq" else sampling_weights
    name = _KEYWORDS[kind]
    if isinstance(given, str):
        raise ValueError(f"{name}={given!r} is a column name, which only the formula "
                         "interface resolves; pass the array of weights")
    values = _as_float(given, name)
    if values.shape != (n_units,):
        raise ValueError(f"{name} must have one value per {unit} ({n_units}), "
                         f"got shape {values.shape}")
    _check_values(values, name, kind)
    return CaseWeights(kind, values.copy())


def split_weight_columns(data: Any, freq_weights: Any, sampling_weights: Any
                         ) -> tuple[Any, Any, Any]:
    """Resolve weights given as column names of a DataFrame of variables.

    Parameters
    ----------
    data : DataFrame or array_like
        The variables of a model without a formula (a mixture, the multivariate normal,
        factor analysis from raw data, an HMM).
    freq_weights, sampling_weights : str, array_like or None
        The weight keywords; a string names a column of ``data``.

    Returns
    -------
    data : DataFrame or array_like
        ``data`` without the weight column (a new frame: the caller's is not modified),
        or ``data`` itself when no weight is a column name.
    freq_weights, sampling_weights : array_like or None
        The weights, a named column replaced by its values.

    Raises
    ------
    ValueError
        A column name with data that is not a DataFrame, or a name it does not have.
    """
    given = {"freq_weights": freq_weights, "sampling_weights": sampling_weights}
    named = {key: value for key, value in given.items() if isinstance(value, str)}
    if not named:
        return data, freq_weights, sampling_weights
    if not isinstance(data, pd.DataFrame):
        key, value = next(iter(named.items()))
        raise ValueError(f"{key}={value!r} names a column, which needs data as a DataFrame; "
                         "pass the array of weights")
    for key, value in named.items():
        if value not in data.columns:
            raise ValueError(f"{key}={value!r} is not a column of the data (columns: "
                             f"{', '.join(map(str, data.columns))})")
        given[key] = data[value].to_numpy()
    return (data.drop(columns=list(named.values())), given["freq_weights"],
            given["sampling_weights"])


def weighted_pairwise_moments(values: FloatArray, weights: FloatArray, ddof: int
                              ) -> tuple[FloatArray, FloatArray]:
    r"""Weighted column means and pairwise-complete covariances (NaN = missing).

    Parameters
    ----------
    values : ndarray
        Rows x columns, NaN where missing.
    weights : ndarray
        One positive weight per row.
    ddof : int
        The covariances' divisor is the rows' total weight less ``ddof`` (0: the ML
        moments; 1: R's ``var``).

    Returns
    -------
    mean, cov : ndarray
        The means of the columns' observed entries and the covariances over the rows
        observing both columns (NaN for a pair never observed together).

    Notes
    -----
    The mean of column :math:`a` is :math:`\sum_i w_i x_{ia} / \sum_i w_i` over its
    observed rows; the covariance of columns :math:`a, b` is
    :math:`\sum_i w_i (x_{ia} - m_a)(x_{ib} - m_b) / (\sum_i w_i - \delta)` over the rows
    observing both, with :math:`m_a, m_b` their means over those rows: with whole-number
    weights, those of the replicated rows (pandas' ``DataFrame.mean`` and, for
    :math:`\delta = 1`, ``DataFrame.cov``).
    """
    observed = ~np.isnan(values)
    filled = np.where(observed, values, 0.0)
    d = values.shape[1]
    mean = (weights @ filled) / (weights @ observed)
    if observed.all():
        dev = values - mean
        cov = (dev * weights[:, None]).T @ dev / (weights.sum() - ddof)
        return mean, cov
    cov = np.full((d, d), np.nan)
    for a in range(d):
        for b in range(a, d):
            both = observed[:, a] & observed[:, b]
            w = weights[both]
            total = w.sum()
            xa, xb = values[both, a], values[both, b]
            if total > ddof:
                dev_a, dev_b = xa - (w @ xa) / total, xb - (w @ xb) / total
                cov[a, b] = cov[b, a] = (w * dev_a) @ dev_b / (total - ddof)
    return mean, cov


def _as_float(given: Any, name: str) -> FloatArray:
    if isinstance(given, pd.DataFrame):
        if given.shape[1] != 1:
            raise ValueError(f"{name} must be one column, got {given.shape[1]}")
        given = given.iloc[:, 0]
    arr = np.asarray(given)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    return np.asarray(arr, dtype=float).reshape(-1) if arr.ndim <= 1 else np.asarray(
        arr, dtype=float)


def _check_values(values: FloatArray, name: str, kind: WeightKind) -> None:
    problems = [(~np.isfinite(values), "NaN or infinite"), (values <= 0, "zero or negative")]
    if kind == "freq":
        problems.append((np.isfinite(values) & (values != np.round(values)), "fractional"))
    for bad, what in problems:
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            hint = (" (frequency weights count observations: whole numbers, as Stata's "
                    "fweight; for non-integer weights use sampling_weights)"
                    if what == "fractional" else
                    "; drop those rows" if what == "zero or negative" else "")
            raise ValueError(f"{name} has {int(bad.sum())} {what} value(s) (first: position "
                             f"{first}, {values[first]!r}){hint}")


__all__ = [
    "INFORMATION_ESTIMATORS",
    "CaseWeights",
    "WeightKeywords",
    "WeightKind",
    "resolve_case_weights",
    "score_meat",
    "split_weight_columns",
    "unit_weights",
    "weight_keywords",
    "weighted_pairwise_moments",
    "weighted_scores",
]
