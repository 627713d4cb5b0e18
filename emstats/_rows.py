"""Rows with missing values: statsmodels' ``missing="none" | "drop" | "raise"``.

``"drop"`` leaves out every row where one of the model's inputs is missing and records
their labels (``model.dropped_rows``); ``"raise"`` refuses such rows, naming the inputs;
``"none"`` checks nothing here (the model's own checks then name any NaN they meet).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

from .typing import BoolArray

MissingOption = Literal["none", "drop", "raise"]
MISSING_OPTIONS: tuple[MissingOption, ...] = ("none", "drop", "raise")


def checked_missing(value: Any) -> MissingOption:
    """``value`` if it is one of ``"none"``, ``"drop"``, ``"raise"``; else a ValueError."""
    if value not in MISSING_OPTIONS:
        raise ValueError(f"missing must be 'none', 'drop' or 'raise' (as in statsmodels), "
                         f"got {value!r}")
    return cast(MissingOption, value)


def missing_by_row(value: Any, n_rows: int) -> BoolArray:
    """Rows of a per-row input (vector, matrix or frame) with a missing entry; none for a
    scalar or None."""
    if value is None or np.ndim(value) == 0:
        return np.zeros(n_rows, dtype=bool)
    flags: BoolArray = np.asarray(pd.isna(value if isinstance(value, pd.DataFrame | pd.Series)
                                          else np.asarray(value)), dtype=bool)
    if flags.ndim > 1:
        width = int(np.prod(flags.shape[1:]))
        flags = np.asarray(flags.reshape(flags.shape[0], width).any(axis=1), dtype=bool)
    if flags.shape != (n_rows,):
        return np.zeros(n_rows, dtype=bool)  # a length error is for the model's checks
    return flags


def rows_to_keep(missing: MissingOption, inputs: Mapping[str, BoolArray]) -> BoolArray | None:
    """The rows to keep given each input's missing rows, or None (keep all rows).

    Raises
    ------
    ValueError
        With ``missing="raise"``, if any row has a missing value (naming the inputs).
    """
    flags = [mask for mask in inputs.values() if mask.any()]
    if missing == "none" or not flags:
        return None
    incomplete = np.logical_or.reduce(flags)
    if missing == "raise":
        names = [name for name, mask in inputs.items() if mask.any()]
        raise ValueError(
            f"missing='raise': {int(incomplete.sum())} row(s) have missing values (in "
            f"{', '.join(names)}); drop them, or pass missing='drop'")
    return ~incomplete


def take_rows(value: Any, keep: BoolArray) -> Any:
    """The kept rows of a per-row input (pandas objects by position); scalars unchanged."""
    if value is None or np.ndim(value) == 0 or isinstance(value, str):
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.iloc[np.flatnonzero(keep)]
    return np.asarray(value)[keep]


def complete_rows(missing: Any, endog: Any, exog: Any, outcome_missing: BoolArray,
                  carried: Mapping[str, Any],
                  checked: tuple[str, ...] = ("freq_weights", "sampling_weights"),
                  ) -> tuple[Any, Any, dict[str, Any], pd.Index]:
    """Apply ``missing`` to a regression's inputs.

    Parameters
    ----------
    missing : {"none", "drop", "raise"}
        What to do with rows where the outcome (``outcome_missing``), a regressor or one
        of the ``checked`` inputs is missing.
    endog, exog : array_like
        The outcome and the regressors (arrays or pandas objects).
    outcome_missing : ndarray of bool
        The rows whose outcome is missing (a model decides: a NaN bound of an interval
        is not a missing outcome).
    carried : mapping
        Other per-row inputs by keyword (limits, weights); scalars pass unchanged.
    checked : tuple of str
        The keys of ``carried`` whose NaN means a missing value (a NaN limit means no
        limit, so limits are only carried).

    Returns
    -------
    endog, exog, carried, dropped
        The inputs on the kept rows, and the labels of the rows left out.
    """
    option = checked_missing(missing)
    n = outcome_missing.shape[0]
    inputs = {"endog": outcome_missing, **_regressors_missing(exog, n),
              **{name: missing_by_row(carried[name], n) for name in checked
                 if name in carried}}
    keep = rows_to_keep(option, inputs)
    labels = row_labels(endog, n)
    if keep is None:
        return endog, exog, dict(carried), labels[:0]
    kept = {name: take_rows(value, keep) for name, value in carried.items()}
    return take_rows(endog, keep), take_rows(exog, keep), kept, labels[~keep]


def _regressors_missing(exog: Any, n_rows: int) -> dict[str, BoolArray]:
    """The missing rows of each column of a regressor frame (by name), or of ``exog``."""
    if isinstance(exog, pd.DataFrame):
        return {f"regressor {column!r}": missing_by_row(exog[column], n_rows)
                for column in exog.columns}
    return {"exog": missing_by_row(exog, n_rows)}


def row_labels(value: Any, n_rows: int) -> pd.Index:
    """Labels of the rows of an input: its index if it is a pandas object, else positions."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.index
    return pd.RangeIndex(n_rows)


__all__ = [
    "MISSING_OPTIONS",
    "MissingOption",
    "checked_missing",
    "complete_rows",
    "missing_by_row",
    "row_labels",
    "rows_to_keep",
    "take_rows",
]
