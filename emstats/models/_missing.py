"""Missingness patterns of a data matrix, and the normal's conditional moments in each.

The Gaussian E-step visits the rows one pattern at a time: within a pattern the
observed and missing columns are the same, so the factorisation of the observed
block of each covariance, the regression of the missing values on the observed
ones and its residual covariance are computed once per pattern, not once per row.

A pattern keeps its observed values transposed (one contiguous row per column), so
that a block of rows is a slice of every column and the per-row reductions of the
E-step (over components, over coordinates) run along contiguous memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.linalg import cho_solve, cholesky, solve_triangular

from ..typing import FloatArray

IntArray = np.ndarray

CHUNK_ELEMENTS = 1 << 18
"""Working-set size of one E-step block, in doubles (2 MiB per block array)."""


@dataclass(frozen=True)
class Pattern:
    """The rows sharing one set of observed columns.

    Attributes
    ----------
    observed, missing : ndarray of int
        Column indices.
    rows : ndarray of int
        Row indices into the data.
    values_t : ndarray
        The observed values of those rows, transposed (``len(observed) x len(rows)``).
    """

    observed: IntArray
    missing: IntArray
    rows: IntArray
    values_t: FloatArray

    @property
    def complete(self) -> bool:
        """Whether every column is observed."""
        return self.missing.size == 0

    def row_index(self, block: slice) -> slice | IntArray:
        """The data rows of a block of the pattern's rows: a slice when they are
        consecutive (as when one pattern holds every row), so that reading and writing
        per-row arrays needs no gather or scatter."""
        rows = self.rows[block]
        if rows.size and int(rows[-1]) - int(rows[0]) + 1 == rows.size:
            return slice(int(rows[0]), int(rows[-1]) + 1)
        return rows

    def within(self, block: slice) -> Pattern | None:
        """The pattern's rows among the data rows ``block`` (``start <= row < stop``), or
        None if it has none there."""
        lo, hi = np.searchsorted(self.rows, [block.start, block.stop])
        if hi <= lo:
            return None
        if lo == 0 and hi == self.rows.size:
            return self
        return Pattern(self.observed, self.missing, self.rows[lo:hi], self.values_t[:, lo:hi])

    def chunks(self, width: int = 1) -> Iterator[tuple[slice, FloatArray]]:
        """Blocks of rows, each as ``(slice into rows, observed values transposed)``.

        A block holds about :data:`CHUNK_ELEMENTS` / ``width`` rows, so that arrays of
        ``width`` numbers per row stay of bounded size however many rows there are.
        """
        size = max(256, CHUNK_ELEMENTS // max(int(width), 1))
        for start in range(0, len(self.rows), size):
            block = slice(start, start + size)
            yield block, self.values_t[:, block]


@dataclass(frozen=True)
class Conditional:
    """The normal ``N(mean, cov)`` in one pattern.

    Attributes
    ----------
    chol : ndarray
        Lower Cholesky factor of the observed block of ``cov``.
    whitener : ndarray
        Its inverse: ``whitener @ (x_o - mu_o)`` is standard normal.
    log_norm : float
        ``-(p_o / 2) log(2 pi) - log |chol|``: the density's constant.
    slope : ndarray
        ``cov_mo cov_oo^-1``: regression of the missing on the observed columns.
    residual_cov : ndarray
        ``cov_mm - slope cov_om``: covariance of the missing values given the observed.
    """

    chol: FloatArray
    whitener: FloatArray
    log_norm: float
    slope: FloatArray
    residual_cov: FloatArray

    @classmethod
    def of(cls, cov: FloatArray, pattern: Pattern) -> Conditional:
        """Factor the observed block (``LinAlgError`` if it is singular)."""
        o, m = pattern.observed, pattern.missing
        cov_oo = cov[np.ix_(o, o)]
        chol = cholesky(cov_oo, lower=True, check_finite=False)
        whitener = solve_triangular(chol, np.eye(o.size), lower=True, check_finite=False)
        log_norm = -0.5 * o.size * np.log(2 * np.pi) - float(np.log(np.diag(chol)).sum())
        if m.size == 0:
            return cls(chol, whitener, log_norm, np.empty((0, o.size)), np.empty((0, 0)))
        cov_om = cov[np.ix_(o, m)]
        slope = cho_solve((chol, True), cov_om, check_finite=False).T
        residual = cov[np.ix_(m, m)] - slope @ cov_om
        return cls(chol, whitener, log_norm, slope, 0.5 * (residual + residual.T))


def group_patterns(data: FloatArray) -> list[Pattern]:
    """Group the rows of ``data`` (NaN = missing) by pattern; all-missing rows are left out.

    The complete pattern, if any, comes first; the others in order of first appearance.
    """
    observed = ~np.isnan(data)
    if observed.all():
        columns = np.arange(data.shape[1])
        return [Pattern(columns, columns[:0], np.arange(len(data)),
                        np.ascontiguousarray(data.T))]
    keys, inverse = np.unique(observed, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    first_row = np.array([np.flatnonzero(inverse == i)[0] for i in range(len(keys))])
    order = sorted(range(len(keys)), key=lambda i: (not keys[i].all(), first_row[i]))
    patterns = []
    for i in order:
        if not keys[i].any():
            continue
        rows = np.flatnonzero(inverse == i)
        obs = np.flatnonzero(keys[i])
        patterns.append(Pattern(obs, np.flatnonzero(~keys[i]), rows,
                                np.ascontiguousarray(data[np.ix_(rows, obs)].T)))
    return patterns


def pattern_table(data: FloatArray, columns: Sequence[str]) -> pd.DataFrame:
    """One row per missingness pattern: 1 = observed, 0 = missing, with row counts.

    Sorted by count (as ``mice::md.pattern``); the last columns give the number of
    rows and of missing variables.
    """
    observed = (~np.isnan(data)).astype(int)
    frame = pd.DataFrame(observed, columns=list(columns))
    table = frame.value_counts(sort=True).rename("n_rows").reset_index()
    table["n_missing"] = len(columns) - table[list(columns)].sum(axis=1)
    return table.sort_values(["n_missing", "n_rows"], ascending=[True, False],
                             ignore_index=True)
