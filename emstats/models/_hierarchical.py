"""Model-based agglomerative hierarchical clustering, mclust's default start.

Gaussian mixtures start, as in R's mclust (Fraley 1998; Scrucca, Fop, Murphy and Raftery
2016), from the partitions of a hierarchical agglomeration that merges, at every step,
the two groups whose union costs the least classification likelihood under the
unconstrained (``VVV``) Gaussian model, on the data transformed by ``hcUse = "SVD"``
(standardised, rotated to their principal axes and scaled to unit variance). Written
from Fraley (1998) and the criterion mclust documents; the order in which equal costs are
broken follows mclust's scan, so that the partitions are mclust's (checked against
``mclust::hclass(hc(data))`` in tests/test_mclust_hc.py).

One-dimensional data get mclust's quantile classes instead (``mclust:::qclass``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..typing import FloatArray, IntArray

_SQRT_HALF = 0.7071067811865476

__all__ = ["agglomerate", "cut", "quantile_classes", "svd_scaled"]


def svd_scaled(values: FloatArray) -> FloatArray:
    """mclust's ``hcUse = "SVD"`` transformation of complete data.

    Notes
    -----
    With ``Z`` the data centred and scaled by the column standard deviations (divisor
    ``n - 1``; constant columns dropped) and ``Z = U D V'`` its singular value
    decomposition, the transformed data are ``Z V D^{-1/2}``. Directions with a zero
    singular value carry no information and are dropped.
    """
    centred = values - values.mean(axis=0)
    sd = centred.std(axis=0, ddof=1)
    keep = sd > 0
    z = centred[:, keep] / sd[keep]
    _, singular, vt = np.linalg.svd(z, full_matrices=False)
    informative = singular > singular.max(initial=0.0) * 1e-12
    return (z @ vt[informative].T) / np.sqrt(singular[informative])


def quantile_classes(x: FloatArray, k: int) -> IntArray:
    """mclust's quantile classes of one variable (``mclust:::qclass``), labels 0..k-1.

    Notes
    -----
    The class boundaries are the sample quantiles (R's type 7) at ``k + 1``, ``k + 2``,
    ... equally spaced probabilities until ``k + 1`` of them are distinct; surplus
    boundaries are removed where the gaps are narrowest.
    """
    x = np.asarray(x, dtype=float)
    n_probs = k
    bounds = np.array([np.nan])
    while len(bounds) < k + 1:
        n_probs += 1
        bounds = np.unique(np.quantile(x, np.linspace(0.0, 1.0, n_probs)))
    if len(bounds) > k + 1:
        surplus = len(bounds) - k - 1
        narrowest = np.argsort(np.diff(bounds), kind="stable")[:surplus]
        bounds = np.delete(bounds, narrowest)
    eps = x.std(ddof=1) * np.sqrt(np.finfo(float).eps)
    bounds[0], bounds[-1] = x.min() - eps, x.max() + eps
    return np.searchsorted(bounds, x, side="right") - 1


@dataclass
class _Groups:
    """The current groups: sizes, means, scatter matrices and criterion terms, one slot
    per group (mclust's numbering: a merge keeps the lower slot and moves the last
    group into the upper one)."""

    counts: FloatArray
    means: FloatArray
    scatter: FloatArray
    terms: FloatArray


class _Criterion:
    """mclust's ``VVV`` classification criterion of a group (Fraley 1998, section 4).

    Notes
    -----
    A group of ``n`` rows with scatter matrix ``W`` contributes
    ``n log(|W/n| + beta (tr W + alpha)/n)``, or ``n log(beta (tr W + alpha)/n)`` while
    ``n <= p`` (or ``W`` is singular); ``alpha`` is ``tr(W_all)/(N p)`` of the data,
    ``beta = 1``. The cost of a merge is the increase of the sum over groups.
    """

    def __init__(self, z: FloatArray) -> None:
        n, self.p = z.shape
        total = z - z.mean(axis=0)
        self.alpha = max(float(np.sum(total ** 2)) / (n * self.p), np.finfo(float).eps)
        self.beta = 1.0

    def terms(self, counts: FloatArray, scatter: FloatArray) -> FloatArray:
        trace_part = self.beta * (np.trace(scatter, axis1=-2, axis2=-1) + self.alpha) / counts
        log_trace = np.log(trace_part)
        sign, logdet = np.linalg.slogdet(scatter / counts[:, None, None])
        with np.errstate(invalid="ignore"):
            combined = np.logaddexp(logdet, log_trace)
        full = (counts > self.p) & (sign != 0)
        return counts * np.where(full, combined, log_trace)

    def singleton_term(self) -> float:
        return float(np.log(self.beta * self.alpha))


def _union(groups: _Groups, a: int, others: IntArray) -> tuple[FloatArray, FloatArray,
                                                                FloatArray]:
    """Sizes, means and scatter matrices of group ``a`` merged with each of ``others``."""
    n_a, n_b = groups.counts[a], groups.counts[others]
    n_ab = n_a + n_b
    delta = groups.means[others] - groups.means[a]
    scatter = (groups.scatter[a] + groups.scatter[others]
               + (n_a * n_b / n_ab)[:, None, None] * delta[:, :, None] * delta[:, None, :])
    means = (n_a * groups.means[a] + n_b[:, None] * groups.means[others]) / n_ab[:, None]
    return n_ab, means, scatter


def _initial_costs(z: FloatArray, criterion: _Criterion) -> FloatArray:
    """Costs of merging every pair of single rows: ``2 log(beta (t_ij + alpha)/2) -
    2 log(beta alpha)`` with ``t_ij = ||x_i - x_j||^2 / 2`` the trace of the pair's
    scatter (a pair is never larger than ``p`` for p >= 2).

    ``t_ij`` is summed from the differences scaled by ``sqrt(1/2)``, column by column as
    mclust does, not expanded as ``|x_i|^2 + |x_j|^2 - 2 x_i'x_j``: pairs at equal
    distances (data recorded to a few digits have many) then tie exactly, and the ties
    are broken by mclust's scan order rather than by round-off.
    """
    half_trace = np.zeros((len(z), len(z)))
    for column in z.T:
        half_trace += ((column[:, None] - column[None, :]) * _SQRT_HALF) ** 2
    pair_term = 2.0 * np.log(criterion.beta * (half_trace + criterion.alpha) / 2.0)
    costs = pair_term - 2.0 * criterion.singleton_term()
    np.fill_diagonal(costs, np.inf)
    return costs


class _ColumnMinima:
    """The cheapest merge in each column ``j`` of the cost matrix over rows ``i < j``,
    kept up to date as groups merge.

    mclust scans the pairs column by column (``j = 2, 3, ...``; ``i = 1..j-1``) and
    keeps the last pair of least cost: among equal costs the largest ``j``, then the
    largest ``i``.
    """

    def __init__(self, costs: FloatArray) -> None:
        self.costs = costs
        g = len(costs)
        self.value = np.full(g, np.inf)
        self.row = np.zeros(g, dtype=np.int64)
        self.refresh(np.arange(1, g), g)

    def refresh(self, columns: IntArray, g: int) -> None:
        if len(columns) == 0:
            return
        block = self.costs[:g, columns].copy()
        block[np.arange(g)[:, None] >= columns[None, :]] = np.inf
        last = g - 1 - np.argmin(block[::-1], axis=0)
        self.row[columns] = last
        self.value[columns] = block[last, np.arange(len(columns))]

    def offer(self, row: int, columns: IntArray) -> None:
        """Entries of ``row`` changed in ``columns`` (all > row): take them where they
        are cheaper, or as cheap and from a later row."""
        values = self.costs[row, columns]
        better = (values < self.value[columns]) | (
            (values == self.value[columns]) & (row > self.row[columns]))
        self.value[columns[better]] = values[better]
        self.row[columns[better]] = row

    def cheapest(self, g: int) -> tuple[int, int]:
        j = g - 1 - int(np.argmin(self.value[1:g][::-1]))
        return int(self.row[j]), j


def agglomerate(z: FloatArray) -> IntArray:
    """mclust's ``VVV`` hierarchical agglomeration of the rows of ``z``, down to one
    group: the slots merged at each step (:func:`cut` reads a partition from them).

    Parameters
    ----------
    z : ndarray, shape (n, p)
        Complete data, already transformed (:func:`svd_scaled` for mclust's default).

    Returns
    -------
    ndarray, shape (n - 1, 2)
        The slots ``i < j`` merged at each step, slots numbered as below.

    Notes
    -----
    Every row starts as its own group, in slot = row. At each step the pair whose merge
    increases the criterion of :class:`_Criterion` least is merged; the merged group
    keeps the lower slot ``i`` and the last group moves into the upper slot ``j``, so
    that ties are broken as in mclust. The costs are updated for the merged group only
    and the cheapest merge is found from the minima of the columns (a column is
    rescanned only when its minimum involved a group that changed), so a step costs
    O(g p^3) rather than O(g^2).
    """
    n, p = z.shape
    criterion = _Criterion(z)
    costs = _initial_costs(z, criterion)
    groups = _Groups(np.ones(n), z.astype(float).copy(), np.zeros((n, p, p)),
                     np.full(n, criterion.singleton_term()))
    minima = _ColumnMinima(costs)
    merges = np.zeros((max(n - 1, 0), 2), dtype=np.int64)
    for step, g in enumerate(range(n, 1, -1)):
        merges[step] = _merge_cheapest(groups, costs, minima, criterion, g)
    return merges


def cut(merges: IntArray, k: int) -> IntArray:
    """The partition into ``k`` groups after the first ``n - k`` merges (mclust's
    ``hclass``), labels 0, 1, ... in the order they first appear in the rows."""
    n = len(merges) + 1
    members = np.arange(n)
    for last, (i, j) in zip(range(n - 1, k - 1, -1), merges[:n - k], strict=True):
        members[members == j] = i
        members[members == last] = j
    _, first, inverse = np.unique(members, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse.ravel()]


def _merge_cheapest(groups: _Groups, costs: FloatArray, minima: _ColumnMinima,
                    criterion: _Criterion, g: int) -> tuple[int, int]:
    """Merge the cheapest pair of the ``g`` groups: slot ``i`` becomes the union, the
    last group moves into slot ``j``, and the costs and column minima follow."""
    i, j = minima.cheapest(g)
    last = g - 1
    n_ij, mean_ij, scatter_ij = _union(groups, i, np.array([j]))
    term_ij = criterion.terms(n_ij, scatter_ij)[0]
    for name in ("counts", "means", "scatter", "terms"):
        array = getattr(groups, name)
        array[j] = array[last]
    groups.counts[i], groups.means[i], groups.scatter[i] = n_ij[0], mean_ij[0], scatter_ij[0]
    groups.terms[i] = term_ij
    costs[j, :last] = costs[last, :last]
    costs[:last, j] = costs[:last, last]
    costs[j, j] = np.inf
    g -= 1
    others = np.delete(np.arange(g), i)
    n_u, _, scatter_u = _union(groups, i, others)
    new = criterion.terms(n_u, scatter_u) - groups.terms[i] - groups.terms[others]
    costs[i, others] = new
    costs[others, i] = new
    stale = np.flatnonzero(np.isin(minima.row[:g], (i, j, last)))
    changed = np.array([c for c in (i, j) if 0 < c < g], dtype=np.int64)
    stale = np.union1d(stale[stale > 0], changed)
    minima.refresh(stale, g)
    for row in (i, j):
        later = np.setdiff1d(np.arange(row + 1, g), stale)
        minima.offer(row, later)
    return i, j

