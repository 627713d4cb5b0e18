"""Sequences of rows: the data of hidden Markov models.

The rows of a sequence are consecutive and in time order; sequences are given by their
lengths (as hmmlearn's ``lengths``) or by a group label per row (whose rows must be
contiguous). Every sequence needs at least one transition (two rows).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._checks import numeric_matrix
from ..typing import FloatArray


@dataclass(frozen=True)
class SequenceData:
    """Numeric rows, their labels and the sequences they form.

    Attributes
    ----------
    values : ndarray
        A private copy of the numeric columns (rows x d), NaN for missing.
    columns : list of str
        Column names.
    index : Index
        Row labels.
    lengths : ndarray of int
        Rows per sequence, in order.
    """

    values: FloatArray
    columns: list[str]
    index: pd.Index
    lengths: np.ndarray

    @property
    def starts(self) -> np.ndarray:
        """First row of each sequence."""
        return np.concatenate([[0], np.cumsum(self.lengths)[:-1]]).astype(np.int64)


def sequence_data(data: Any, lengths: Any = None, groups: Any = None) -> SequenceData:
    """Check and split ``data`` into sequences (``lengths``, or a ``groups`` column or array).

    Raises
    ------
    ValueError
        Non-numeric columns, both ``lengths`` and ``groups``, lengths that do not add up
        to the rows, groups whose rows are not contiguous, or a sequence of one row.
    """
    if lengths is not None and groups is not None:
        raise ValueError("give lengths or groups, not both")
    if groups is not None and is_column(data, groups):
        ids = data[groups].to_numpy()
        data = data.drop(columns=[groups])
    else:
        ids = None if groups is None else np.asarray(groups)
    values, names = numeric_matrix(data)
    index = (data.index if isinstance(data, pd.DataFrame | pd.Series)
             else pd.RangeIndex(len(values)))
    n = len(values)
    if ids is not None:
        sizes = group_lengths(ids, n)
    elif lengths is not None:
        sizes = checked_lengths(lengths, n)
    else:
        sizes = np.array([n])
    short = np.flatnonzero(sizes < 2)
    if short.size:
        raise ValueError(
            f"{short.size} sequence(s) have fewer than 2 rows (sequence(s) "
            f"{short[:5].tolist()}); a hidden Markov model needs at least one transition "
            "per sequence: drop them or join them to others")
    return SequenceData(values, names, index, sizes.astype(np.int64))


def is_column(data: Any, groups: Any) -> bool:
    """Whether ``groups`` names a column of ``data`` (a string that does not: an error)."""
    if not isinstance(data, pd.DataFrame) or not isinstance(groups, Hashable):
        return False
    try:
        if groups in data.columns:
            return True
    except TypeError:  # an unhashable array-like (pandas objects claim to be hashable)
        return False
    if isinstance(groups, str):
        raise ValueError(f"groups={groups!r} is not a column of data")
    return False


def group_lengths(ids: np.ndarray, n: int) -> np.ndarray:
    """Run lengths of the sequence ids; an error if a group's rows are not contiguous."""
    if ids.ndim != 1 or len(ids) != n:
        raise ValueError(f"groups must have one label per row ({n}), got shape {ids.shape}")
    codes, labels = pd.factorize(ids)
    if (codes < 0).any():
        raise ValueError(f"groups has missing labels (row {int(np.flatnonzero(codes < 0)[0])})")
    change = np.flatnonzero(np.diff(codes) != 0) + 1
    run_starts = np.concatenate([[0], change])
    run_codes = codes[run_starts]
    if np.unique(run_codes).size < run_codes.size:
        seen: dict[int, int] = {}
        for start, code in zip(run_starts.tolist(), run_codes.tolist(), strict=True):
            if code in seen:
                label = labels[code].item() if hasattr(labels[code], "item") else labels[code]
                raise ValueError(
                    f"the rows of group {label!r} are not contiguous (rows "
                    f"{seen[code]} and {start} start separate runs); sort the data by "
                    "group, then by time, e.g. data.sort_values([group, time])")
            seen[code] = start
    return np.diff(np.concatenate([run_starts, [n]]))


def checked_lengths(lengths: Any, n: int) -> np.ndarray:
    sizes = np.asarray(lengths)
    if sizes.ndim != 1 or sizes.size == 0 or not np.issubdtype(sizes.dtype, np.number):
        raise ValueError("lengths must be a non-empty 1-d sequence of integers")
    if not np.all(np.mod(sizes, 1) == 0) or (sizes < 1).any():
        raise ValueError(f"lengths must be positive integers, got {sizes.tolist()[:10]}")
    sizes = sizes.astype(np.int64)
    if int(sizes.sum()) != n:
        raise ValueError(f"lengths add up to {int(sizes.sum())} rows, but data have {n} rows")
    return sizes
