"""Weighted cross products of tall matrices, in row blocks.

``X' diag(w) Z`` for ``n`` in the millions and a few dozen columns is the costliest
piece of a censored-regression E-step or Hessian. Formed at once it scales the whole of
``X`` into a temporary and streams it through memory twice; formed over blocks of rows
that fit in the cache, it is about twice as fast with one BLAS thread (590,000 x 11,
measured: 14 ms in blocks of 8,192 rows against 28-31 ms at once, numpy 2 with OpenBLAS),
and needs ``O(block x k)`` memory instead of ``O(n x k)``.
"""

from __future__ import annotations

import numpy as np

from .typing import FloatArray

#: Rows per block: 8,192 rows of a dozen float64 columns fit in a 1 MiB cache.
GRAM_BLOCK = 8192


def weighted_gram(x: FloatArray, weights: FloatArray, z: FloatArray | None = None
                  ) -> FloatArray:
    """``X' diag(weights) Z`` (``Z = X`` if omitted), summed over blocks of rows.

    Parameters
    ----------
    x : ndarray, shape (n, k)
        The left factor.
    weights : ndarray, shape (n,)
        The row weights.
    z : ndarray, shape (n, m), optional
        The right factor; ``x`` if omitted.

    Returns
    -------
    ndarray, shape (k, m)
    """
    other = x if z is None else z
    n = x.shape[0]
    if n <= 2 * GRAM_BLOCK:
        return np.asarray((x * weights[:, None]).T @ other, dtype=float)
    out = np.zeros((x.shape[1], other.shape[1]))
    for start in range(0, n, GRAM_BLOCK):
        rows = slice(start, start + GRAM_BLOCK)
        out += (x[rows] * weights[rows, None]).T @ other[rows]
    return out


def constant_columns(x: FloatArray, candidates: np.ndarray | None = None) -> list[int]:
    """The columns of ``x`` whose entries all equal their first, checked exactly and
    only among ``candidates`` (by default the columns whose first and last entries
    agree: one pass over the few that can be constant, not over the whole matrix)."""
    if candidates is None:
        candidates = np.flatnonzero(x[0] == x[-1])
    return [int(j) for j in candidates if np.all(x[:, j] == x[0, j])]


__all__ = ["GRAM_BLOCK", "constant_columns", "weighted_gram"]
