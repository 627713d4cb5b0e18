"""Input checks shared by all models: each error names the problem."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


#: Relative tolerance of the rank check of regressors (:func:`full_rank_exog`).
COLLINEARITY_TOL = 1e-7


def full_rank_exog(exog: np.ndarray | Sequence[np.ndarray], names: Sequence[str],
                   working_gram: np.ndarray | None = None) -> None:
    """Raise if the regressors are (numerically) collinear, naming the redundant columns.

    Parameters
    ----------
    exog : ndarray or sequence of ndarray
        Regressors, n x k, or blocks of their rows (stacked only if the QR is needed);
        pass them in the units the model computes in (centred and scaled working
        regressors), where the tolerance is meaningful.
    names : sequence of str
        Their names, for the message.
    working_gram : ndarray, optional
        ``X_w' X_w`` of the regressors in any full-rank linear recoding ``X_w = X T``.
        When its correlation form is clearly well conditioned (eigenvalue ratio above
        1e-10), the O(n k^2) pivoted QR of ``exog`` is skipped; otherwise the QR decides.

    Notes
    -----
    The rank is that of a pivoted QR of ``exog`` with unit-norm columns,
    :math:`X D^{-1} P = QR`: a column is redundant when its part orthogonal to the
    columns chosen before it has a norm below :data:`COLLINEARITY_TOL` (1e-7) times
    :math:`|r_{11}|`. Below that, the Gram matrix :math:`X'X` that the least-squares
    M-step factors has a condition number above about 1e14, and its Cholesky factor
    (or the coefficients) would keep almost no correct digit: a regressor equal to
    another plus 1e-10 times a third is reported as collinear, not as a failed
    factorisation.
    """
    if working_gram is not None and working_gram.size and _clearly_full_rank(working_gram):
        return
    exog = exog if isinstance(exog, np.ndarray) else np.vstack(exog)
    n, k = exog.shape
    if n == 0 or k == 0:
        return
    norms = np.sqrt((exog**2).sum(axis=0))
    if np.any(norms == 0):
        zero = [names[int(j)] for j in np.flatnonzero(norms == 0)]
        raise ValueError(f"regressor(s) {zero} are identically zero")
    _, r, piv = qr(exog / norms, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * COLLINEARITY_TOL))
    if rank < k:
        redundant = [names[j] for j in piv[rank:]]
        exact = diag[rank] <= diag[0] * max(n, k) * np.finfo(float).eps * 10
        how = "perfectly" if exact else f"nearly (to a relative {COLLINEARITY_TOL:g})"
        raise ValueError(
            f"regressors are {how} collinear: {redundant} are linear combinations of "
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


# -- integers, seeds and starting values ---------------------------------------------------
def integer(value: Any, name: str, minimum: int) -> int:
    """``value`` as an int of at least ``minimum``, naming the argument and what was given
    otherwise: a TypeError for a string or a bool, a ValueError for a non-integral or too
    small number."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer | float
                                                             | np.floating):
        raise TypeError(f"{name} must be an integer, got {value!r} "
                        f"({type(value).__name__})")
    if not float(value).is_integer():
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if int(value) < minimum:
        bound = "a positive integer" if minimum == 1 else f"at least {minimum}"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return int(value)


def check_random_state(random_state: Any) -> None:
    """Raise unless ``random_state`` is None, a nonnegative int, a numpy Generator or a
    SeedSequence (what :func:`numpy.random.default_rng` takes), naming what was given."""
    if random_state is None or isinstance(random_state, np.random.Generator
                                          | np.random.SeedSequence):
        return
    if isinstance(random_state, bool | np.bool_) or not isinstance(random_state,
                                                                    int | np.integer):
        raise TypeError("random_state must be None, an int, a numpy Generator or a "
                        f"SeedSequence, got {random_state!r} ({type(random_state).__name__})")
    if random_state < 0:
        raise ValueError(f"random_state must be nonnegative, got {random_state!r}")


def check_multistart(n_starts: Any, random_state: Any) -> None:
    """Raise for an ``n_starts`` that is not a positive integer or a bad ``random_state``."""
    if n_starts is not None:
        integer(n_starts, "n_starts", 1)
    check_random_state(random_state)


def check_start_params(start: Any, names: Sequence[str],
                       to_unconstrained: Callable[[FloatArray], FloatArray]) -> FloatArray:
    """``start`` as a float vector of the model's parameters, inside the parameter space.

    Parameters
    ----------
    start : array_like
        Starting values as the user gave them.
    names : sequence of str
        The parameters' names (their number is the length ``start`` must have).
    to_unconstrained : callable
        The model's working chart; a start it maps to non-finite coordinates (a negative
        or zero scale, a probability outside (0, 1), a covariance that is not positive
        definite) is outside the parameter space.
    """
    try:
        values = np.array(start, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"start_params must be numbers, got {start!r}") from None
    if values.shape != (len(names),):
        raise ValueError(f"start_params must have {len(names)} values, got shape "
                         f"{values.shape}")
    bad = [names[int(j)] for j in np.flatnonzero(~np.isfinite(values))]
    if bad:
        raise ValueError(f"start_params has NaN or infinite values for {bad}")
    with np.errstate(all="ignore"):
        try:
            u = np.asarray(to_unconstrained(values), dtype=float)
        except np.linalg.LinAlgError:
            u = np.array([np.nan])
    if not np.all(np.isfinite(u)):
        raise ValueError("start_params lie outside the parameter space (a scale or "
                         "variance that is not positive, a probability outside (0, 1), "
                         "or a covariance matrix that is not positive definite): "
                         + ", ".join(f"{n}={v:g}" for n, v in zip(names, values, strict=True)))
    return values


# -- outcomes and sizes -----------------------------------------------------------------------
def numeric_outcome(endog: Any, what: str = "endog") -> FloatArray:
    """The outcome as floats; a ValueError naming it if it is boolean or not numeric."""
    frame = endog.to_frame() if isinstance(endog, pd.Series) else endog
    columns = (list(frame.items()) if isinstance(frame, pd.DataFrame)
               else [(what, pd.Series(np.asarray(endog).ravel()))])
    for name, raw in columns:
        column = raw.infer_objects()
        boolean = pd.api.types.is_bool_dtype(column)
        if boolean or not pd.api.types.is_numeric_dtype(column):
            label = f"the outcome {str(name)!r}" if isinstance(frame, pd.DataFrame) else what
            example = f", e.g. {str(column.iloc[0])!r}" if len(column) else ""
            raise ValueError(f"{label} is not numeric ({column.dtype} values{example}); it "
                            "must be numbers" + (_BOOLEAN_HINT if boolean else ""))
    if isinstance(frame, pd.DataFrame):
        return np.asarray(frame.to_numpy(dtype=float, na_value=np.nan), dtype=float)
    return np.asarray(endog, dtype=float)


_BOOLEAN_HINT = (" (a censored-normal outcome is continuous; for a binary outcome use a "
                 "probit or logit, or convert it with .astype(float) if 0/1 is meant)")


def same_rows(n_endog: int, n_exog: int) -> None:
    """Raise if the outcome and the regressors have different numbers of rows."""
    if n_endog != n_exog:
        raise ValueError(f"endog has {n_endog} rows but exog has {n_exog}; they must "
                         "have one row per observation")


def nonempty(n: int, detail: str = "") -> None:
    """Raise if there are no observations (``detail`` says why, where it is known)."""
    if n == 0:
        raise ValueError("there are no observations" + (f": {detail}" if detail else ""))


# -- Gaussian data ---------------------------------------------------------------------------
def check_gaussian_data(values: FloatArray, names: Sequence[str], k: int, diagonal: bool,
                        with_prior: bool) -> None:
    """Raise for data on which a k-component Gaussian likelihood has no maximum.

    Parameters
    ----------
    values : ndarray
        The data, n x d, NaN = missing (rows with no observed value already left out).
    names : sequence of str
        The column names, for the messages.
    k : int
        Number of components.
    diagonal : bool
        Whether the covariance structure is diagonal (no covariance between columns).
    with_prior : bool
        Whether a conjugate prior regularises the covariances (the posterior mode then
        exists on fewer rows than columns).

    Notes
    -----
    A constant column gives every component a zero variance there, and the likelihood
    is unbounded. Two columns never observed in the same row leave their covariance
    unidentified (the likelihood does not depend on it). A full covariance needs the
    pooled within-component scatter to have rank ``d``, which needs at least ``d + k``
    distinct rows; a diagonal one needs ``k + 1`` distinct rows. Collinear columns of
    complete data make every full covariance singular.
    """
    n, d = values.shape
    if n < 2:
        raise ValueError(f"{n} row(s) of data cannot estimate a variance; a Gaussian model "
                         "needs at least 2")
    with np.errstate(all="ignore"):
        constant = ~(np.nanmax(values, axis=0) > np.nanmin(values, axis=0))
    if constant.any():
        cols = [names[int(j)] for j in np.flatnonzero(constant)]
        raise ValueError(f"column(s) {cols} are constant (or observed once): every "
                         "component's (state's) variance of them would be zero and the likelihood "
                         "unbounded; drop them")
    if diagonal:
        needed = k + 1
    else:
        observed = (~np.isnan(values)).astype(float)
        together = observed.T @ observed
        never = np.argwhere(np.triu(together == 0, 1))
        if never.size:
            pairs = [(names[int(i)], names[int(j)]) for i, j in never[:5]]
            raise ValueError(f"column pair(s) {pairs} are never observed in the same row: "
                             "their covariance is not identified; use a diagonal "
                             "structure (e.g. 'VVI') or data that observe them together")
        needed = d + k
    if with_prior:
        return
    distinct = count_distinct_rows(values, needed)
    if distinct < needed:
        raise ValueError(
            f"{distinct} distinct row(s) cannot identify {k} component(s) with "
            f"{'diagonal' if diagonal else 'full'} covariances of {d} columns: at least "
            f"{needed} are needed; use fewer components, a simpler structure, or "
            "prior='default'")
    if not diagonal and not np.isnan(values).any():
        _check_not_collinear(values, names)


def _check_not_collinear(values: FloatArray, names: Sequence[str]) -> None:
    """Raise if complete data lie in a proper affine subspace (a singular covariance)."""
    centred = values - values.mean(axis=0)
    centred = centred / np.sqrt((centred**2).sum(axis=0))
    _, r, piv = qr(centred, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int(np.sum(diag > diag[0] * COLLINEARITY_TOL))
    if rank < values.shape[1]:
        raise ValueError(
            f"columns are collinear: {[names[int(j)] for j in piv[rank:]]} are linear "
            "combinations of the other columns, so every full covariance is singular; "
            "drop them or use a diagonal structure")


# -- time series -----------------------------------------------------------------------------
def check_time_index(index: pd.Index) -> None:
    """Raise for an index that cannot label consecutive periods of one series: duplicated
    labels, dates out of order, or dates with gaps or no regular frequency.

    An index of other labels (integers, strings) is taken in the order given.
    """
    duplicated = index.duplicated()
    if duplicated.any():
        raise ValueError(f"the index has {int(duplicated.sum())} duplicated label(s) (first: "
                         f"{index[duplicated][0]!r}); a time series needs one row per period")
    if not isinstance(index, pd.DatetimeIndex | pd.PeriodIndex) or len(index) < 3:
        return
    if not index.is_monotonic_increasing:
        first = int(np.flatnonzero(np.diff(index.asi8) < 0)[0])
        raise ValueError(f"the dates are not in time order ({index[first + 1]} comes after "
                         f"{index[first]}); sort the data with .sort_index()")
    steps = np.diff(index.asi8)
    regular = (np.all(steps == 1) if isinstance(index, pd.PeriodIndex)
               else index.freq is not None or pd.infer_freq(index) is not None)
    if not regular:
        gap = int(np.argmax(steps))
        raise ValueError(
            f"the dates have no regular frequency (the longest step: from {index[gap]} to "
            f"{index[gap + 1]}): the regime chain treats consecutive rows "
            "as consecutive periods. Reindex to a regular frequency and impute the gaps, or "
            "pass the data with a RangeIndex (.reset_index()) if consecutive rows are "
            "consecutive periods (e.g. trading days)")
