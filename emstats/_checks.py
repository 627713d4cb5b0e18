"""Input checks shared by all models: each error names the problem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.linalg import qr

from .typing import FloatArray


def numeric_exog(exog: object) -> np.ndarray:
    """Return ``exog`` as a float matrix, naming any column that is not numeric."""
    if isinstance(exog, pd.DataFrame):
        bad = [str(c) for c in exog.columns if not pd.api.types.is_numeric_dtype(exog[c])]
        if bad:
            raise ValueError(
                f"regressor(s) {bad} are not numeric; encode them as numbers, or use the "
                "formula interface, which expands categorical columns into dummies"
            )
    try:
        arr = np.asarray(exog, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "exog contains non-numeric values; encode them as numbers, or use the formula "
            "interface, which expands categorical columns into dummies"
        ) from None
    return arr


def finite_exog(exog: np.ndarray, names: Sequence[str]) -> None:
    """Raise if any regressor has NaN or infinite values, naming the columns."""
    bad = ~np.isfinite(exog)
    if bad.any():
        cols = [names[int(j)] for j in np.flatnonzero(bad.any(axis=0))]
        n_rows = int(bad.any(axis=1).sum())
        kind = "infinite" if np.isinf(exog[bad]).any() else "NaN"
        raise ValueError(
            f"regressor(s) {cols} have {kind} values in {n_rows} row(s); drop or fix those "
            "rows (the formula interface drops rows with NaN regressors, not infinite ones)"
        )


def full_rank_exog(exog: np.ndarray, names: Sequence[str],
                   working_gram: np.ndarray | None = None) -> None:
    """Raise if the regressors are perfectly collinear, naming the redundant columns.

    Parameters
    ----------
    exog : ndarray
        Regressors, n x k.
    names : sequence of str
        Their names, for the message.
    working_gram : ndarray, optional
        ``X_w' X_w`` of the regressors in any full-rank linear recoding ``X_w = X T``.
        When its correlation form is clearly well conditioned (eigenvalue ratio above
        1e-10), the O(n k^2) pivoted QR of ``exog`` is skipped; otherwise the QR decides.
    """
    n, k = exog.shape
    if n == 0 or k == 0:
        return
    if working_gram is not None and _clearly_full_rank(working_gram):
        return
    norms = np.sqrt((exog**2).sum(axis=0))
    if np.any(norms == 0):
        zero = [names[int(j)] for j in np.flatnonzero(norms == 0)]
        raise ValueError(f"regressor(s) {zero} are identically zero")
    _, r, piv = qr(exog / norms, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * max(n, k) * np.finfo(float).eps * 10))
    if rank < k:
        redundant = [names[j] for j in piv[rank:]]
        raise ValueError(
            f"regressors are perfectly collinear: {redundant} are linear combinations of "
            "the other columns; drop them from the model"
        )


def _clearly_full_rank(gram: np.ndarray) -> bool:
    diag = np.diag(gram)
    if not np.all(diag > 0):
        return False
    scale = 1.0 / np.sqrt(diag)
    eig = np.linalg.eigvalsh(gram * np.outer(scale, scale))
    return bool(eig[0] > 1e-10 * eig[-1])


def enough_observations(nobs: int, k_params: int) -> None:
    """Raise if there are fewer observations than parameters."""
    if nobs < k_params:
        raise ValueError(
            f"{nobs} observations cannot identify {k_params} parameters; need at least "
            f"{k_params}"
        )


def numeric_matrix(data: Any) -> tuple[FloatArray, list[str]]:
    """A private float copy of a table of numeric columns (NaN kept), and its column names
    (``x1, x2, ...`` for arrays); an error naming non-numeric or infinite columns."""
    if isinstance(data, pd.Series):
        data = data.to_frame()
    if isinstance(data, pd.DataFrame):
        bad = [str(c) for c in data.columns if not (pd.api.types.is_numeric_dtype(data[c])
                                                    or data[c].isna().all())]
        if bad:
            raise ValueError(f"column(s) {bad} are not numeric; select the numeric columns "
                             "or encode them as numbers")
        names = [str(c) for c in data.columns]
        values = data.to_numpy(dtype=float, na_value=np.nan, copy=True)
    else:
        try:
            values = np.array(data, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("data contain non-numeric values") from None
        if values.ndim == 1:
            values = values[:, None]
        names = [f"x{j + 1}" for j in range(values.shape[1])]
    if values.ndim != 2 or values.shape[1] == 0:
        raise ValueError(f"data must be a 2-d table with at least one column, got shape "
                         f"{values.shape}")
    if np.isinf(values).any():
        cols = [names[j] for j in np.flatnonzero(np.isinf(values).any(axis=0))]
        raise ValueError(f"column(s) {cols} have infinite values")
    return np.asarray(values, dtype=float), names


def count_distinct_rows(values: FloatArray, enough: int) -> int:
    """The number of distinct rows (NaN equal to NaN), or any count >= ``enough`` once
    that many are found (large data sets are not sorted in full)."""
    distinct = values[:0]
    for start in range(0, len(values), 4096):
        block = np.nan_to_num(values[start:start + 4096], nan=np.inf)
        distinct = np.unique(np.concatenate([distinct, block]), axis=0)
        if len(distinct) >= enough:
            break
    return len(distinct)


def check_observed_columns(values: FloatArray, names: Sequence[str]) -> None:
    """An error naming the columns with no observed value."""
    empty = [names[int(j)] for j in np.flatnonzero(np.isnan(values).all(axis=0))]
    if empty:
        raise ValueError(f"column(s) {empty} have no observed values; drop them")
