"""Input checks shared by all models: each error names the problem."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.linalg import qr


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
        cols = [names[j] for j in np.flatnonzero(bad.any(axis=0))]
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
        zero = [names[j] for j in np.flatnonzero(norms == 0)]
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
