"""Start partitions of Gaussian mixtures (and of Gaussian HMMs, which borrow them).

The default is mclust's: model-based hierarchical agglomeration (:mod:`._hierarchical`)
of the data transformed by ``hcUse`` (``"SVD"`` by default), on at most 2,000 rows (a
random subset beyond, as mclust's ``mclust.options("subset")``); quantile classes for one
variable. k-means++ and random partitions are the alternatives and the extra starts.

With missing values a start is computed from the complete rows, when there are enough
of them (``k (d + 1)``), and the other rows get the component of highest posterior
probability under the start: imputing column means pulls every incomplete row towards
the centre and the start with it. Neither that start nor the old one (Ward's criterion
on the standardised data with missing entries at the column means) is reliable alone,
so a default fit with missing values runs both (benchmarks/mixture_missing_starts.py).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.cluster.vq import kmeans2

from ..typing import FloatArray, IntArray
from ._hierarchical import agglomerate, cut, quantile_classes, svd_scaled

HC_SUBSET = 2000
"""Rows of the hierarchical start at most (mclust.options("subset"))."""


_TREE_CACHE_SIZE = 8
_trees: OrderedDict[bytes, IntArray] = OrderedDict()


@dataclass(frozen=True)
class StartRows:
    """The rows a start partition is computed from.

    ``rows`` are positions in the data (repeated by frequency weights, so that a fit
    with them starts where the fit on the replicated rows does); ``values`` their data,
    complete rows as they are, or every row with missing entries at the column means
    when too few rows are complete.
    """

    rows: IntArray
    values: FloatArray


def start_rows(values: FloatArray, replicates: IntArray, k: int) -> StartRows:
    """The complete rows (replicated) if there are at least ``k (d + 1)``, else all rows
    with missing entries at the (replicated) column means."""
    d = values.shape[1]
    complete = ~np.isnan(values[replicates]).any(axis=1)
    if complete.all() or complete.sum() >= k * (d + 1):
        rows = replicates[complete]
        return StartRows(rows, values[rows])
    return filled_rows(values, replicates)


def filled_rows(values: FloatArray, replicates: IntArray) -> StartRows:
    """Every row (replicated), missing entries at the (replicated) column means."""
    pooled = values[replicates]
    means = np.nanmean(pooled, axis=0)
    return StartRows(replicates, np.where(np.isnan(pooled), means, pooled))


def pool_partition(init: str, pool: StartRows, k: int, rng: np.random.Generator,
                   hc_use: str = "SVD") -> IntArray:
    """Labels of the pool's rows (``-1`` for rows left out of a hierarchical subset)."""
    if init == "hc":
        return _hierarchical(pool.values, k, rng, hc_use)
    if init == "ward":
        return _ward(_standardised(pool.values), k)
    if init == "kmeans++":
        return np.asarray(kmeans2(_standardised(pool.values), k, minit="++", seed=rng)[1],
                          dtype=np.int64)
    if init == "random":
        return rng.permutation(np.arange(len(pool.rows)) % k)
    raise ValueError("init must be 'hc', 'ward', 'kmeans++', 'random' or a partition, got "
                     f"{init!r}")


def row_labels(pool: StartRows, labels: IntArray, n: int) -> IntArray:
    """Each data row's label from the pool: that of its first copy, -1 for rows not in
    the pool (or left out of its subset)."""
    out = np.full(n, -1, dtype=np.int64)
    used = labels >= 0
    rows, first = np.unique(pool.rows[used], return_index=True)
    out[rows] = labels[used][first]
    return out


def extend_by_posterior(labels: IntArray, log_joint: Callable[[], FloatArray]) -> IntArray:
    """Rows without a label get the component of highest posterior probability
    (``log_joint()``: log weight plus log density of every row and component)."""
    missing = labels < 0
    if not missing.any():
        return labels
    out = labels.copy()
    out[missing] = np.argmax(log_joint()[missing], axis=1)
    return out


def _hierarchical(values: FloatArray, k: int, rng: np.random.Generator,
                  hc_use: str) -> IntArray:
    """mclust's hierarchical start: quantile classes of one variable, the VVV
    agglomeration (Ward's criterion, mclust's EII, when rows do not outnumber the
    variables) on at most :data:`HC_SUBSET` rows."""
    n, d = values.shape
    labels = np.full(n, -1, dtype=np.int64)
    subset = (np.arange(n) if n <= HC_SUBSET
              else np.sort(rng.choice(n, HC_SUBSET, replace=False)))
    data = values[subset]
    if d == 1:
        labels[subset] = quantile_classes(data[:, 0], k)
        return labels
    z = _transformed(data, hc_use)
    if len(data) <= z.shape[1]:
        labels[subset] = _ward(z, k)
        return labels
    labels[subset] = cut(_tree(z), k)
    return labels


def check_hc_use(hc_use: str) -> str:
    """``hc_use`` if it names one of :data:`HC_USES`."""
    if hc_use not in HC_USES:
        raise ValueError(f"hc_use must be one of {', '.join(HC_USES)}, got {hc_use!r}")
    return hc_use


def _transformed(values: FloatArray, hc_use: str) -> FloatArray:
    return _TRANSFORMS[hc_use](values)


def _ward(z: FloatArray, k: int) -> IntArray:
    """Ward's partition of ``z`` into ``k`` groups (mclust's EII agglomeration)."""
    return np.asarray(fcluster(linkage(z, method="ward"), k, criterion="maxclust") - 1,
                      dtype=np.int64)


def _standardised(values: FloatArray) -> FloatArray:
    """Centred and scaled by the column standard deviations (divisor n - 1, as R's
    ``scale``); constant columns are only centred."""
    centred = values - values.mean(axis=0)
    sd = centred.std(axis=0, ddof=1) if len(values) > 1 else np.zeros(values.shape[1])
    return centred / np.where(sd > 0, sd, 1.0)


_TRANSFORMS: dict[str, Callable[[FloatArray], FloatArray]] = {
    "SVD": svd_scaled, "STD": _standardised, "VARS": lambda values: values,
}
HC_USES = tuple(_TRANSFORMS)
"""The data transformations of the hierarchical start (mclust's ``hcUse``)."""


def _tree(z: FloatArray) -> IntArray:
    """The agglomeration of ``z``, kept for the last few data sets: a model search fits
    every k and structure from the same tree."""
    key = np.ascontiguousarray(z).tobytes() + repr(z.shape).encode()
    if key in _trees:
        _trees.move_to_end(key)
        return _trees[key]
    merges = agglomerate(z)
    _trees[key] = merges
    if len(_trees) > _TREE_CACHE_SIZE:
        _trees.popitem(last=False)
    return merges


__all__ = ["HC_SUBSET", "HC_USES", "StartRows", "check_hc_use", "extend_by_posterior",
           "filled_rows", "pool_partition", "row_labels", "start_rows"]
