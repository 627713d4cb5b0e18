"""Design matrices from formulas, with emstats' missing-value rules.

Rows with NaN in a regressor are dropped (as statsmodels does). NaN on the
left-hand side is *not* treated as missing here: a model decides what it means
(interval regression reads it as an unbounded side, Tobit as a missing outcome).
"""

from __future__ import annotations

import importlib
import io
import pickle
import re
import tokenize
import types
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import patsy
from patsy import EvalEnvironment, NAAction

_KEEP_NAN = NAAction(NA_types=[])


@dataclass(frozen=True)
class FormulaDesign:
    """Left- and right-hand sides of a formula evaluated on a data frame.

    Attributes
    ----------
    endog : DataFrame
        Left-hand side, NaN kept.
    exog : DataFrame
        Design matrix of the right-hand side, rows with NaN dropped.
    rows : Index
        Labels of ``data`` rows that were kept.
    design_info : patsy.DesignInfo
        To build the same design on new data (``predict``).
    """

    endog: pd.DataFrame
    exog: pd.DataFrame
    rows: pd.Index
    design_info: Any


def _unknown_name(err: Exception) -> str | None:
    match = re.search(r"name '([^']+)' is not defined", str(err))
    return match.group(1) if match else None


def _evaluate(side: str, data: pd.DataFrame, env: EvalEnvironment, na: Any,
              formula: str) -> pd.DataFrame:
    try:
        return patsy.dmatrix(side, data, eval_env=env, NA_action=na, return_type="dataframe")
    except patsy.PatsyError as err:
        name = _unknown_name(err.__cause__ or err) or _unknown_name(err)
        if name is not None:
            raise ValueError(
                f"formula {formula!r} refers to {name!r}, which is not a column of data "
                f"(columns: {', '.join(map(str, data.columns))}) nor a name defined where "
                "the formula is evaluated (import it there, e.g. `import numpy as np`)"
            ) from None
        raise ValueError(f"cannot evaluate formula {formula!r}: {err}") from None


def design_from_formula(
    formula: str, data: pd.DataFrame, *, n_lhs: int | tuple[int, ...], eval_env: EvalEnvironment,
    subset: Any = None, drop_missing: bool = True,
) -> FormulaDesign:
    """Evaluate ``formula`` on ``data`` without modifying ``data``.

    Parameters
    ----------
    formula : str
        ``"lhs ~ rhs"``; the left-hand side must evaluate to ``n_lhs`` numeric columns.
    data : DataFrame
        The data (never modified).
    n_lhs : int or tuple of int
        Number of left-hand-side columns the model expects (or the numbers it accepts).
    eval_env : patsy.EvalEnvironment
        Where names that are not columns (functions such as ``np.log``) are looked up.
    subset : array_like, optional
        Boolean mask or index labels selecting rows of ``data`` first.
    drop_missing : bool
        Drop the rows with a missing regressor (statsmodels' ``missing="drop"``, the
        default of its formulas); otherwise keep them, NaN included, for the model's
        ``missing`` rule to judge.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}")
    if "~" not in formula:
        raise ValueError(f"formula {formula!r} has no '~' separating outcome and regressors")
    if subset is not None:
        data = data.loc[subset]
    lhs, rhs = (part.strip() for part in formula.split("~", 1))
    exog = _evaluate(rhs, data, eval_env, "drop" if drop_missing else _KEEP_NAN, formula)
    _check_no_datetime(exog, data)
    _check_rows_left(exog, data, formula)
    endog = _evaluate(f"{lhs} - 1", data, eval_env, _KEEP_NAN, formula)
    _check_numeric_outcome(endog)
    endog = endog.loc[exog.index]
    accepted = (n_lhs,) if isinstance(n_lhs, int) else n_lhs
    if endog.shape[1] not in accepted:
        raise ValueError(
            f"the left-hand side {lhs!r} must be {' or '.join(map(str, accepted))} numeric "
            f"column(s); it gave "
            f"{list(endog.columns)} (a non-numeric outcome is expanded into dummies)"
        )
    return FormulaDesign(endog, exog, exog.index, exog.design_info)


WEIGHT_KEYWORDS = ("freq_weights", "sampling_weights")
"""The keywords of case weights (:mod:`emstats.weights`), columns of ``data`` in formulas."""


def resolve_row_keywords(kwargs: dict[str, Any], data: pd.DataFrame, rows: pd.Index,
                         names: tuple[str, ...]) -> dict[str, Any]:
    """``kwargs`` with the per-row keywords ``names`` resolved on the formula's rows (see
    :func:`resolve_column_or_array`)."""
    return {key: resolve_column_or_array(value, data, rows, key) if key in names else value
            for key, value in kwargs.items()}


def one_sided_design(formula: Any, data: pd.DataFrame, what: str, *, drop_intercept: bool
                     ) -> Any:
    """A one-sided formula's (``"~ z1 + z2"``) design on the formula's rows, NaN kept for
    the model's ``missing=`` rule; anything that is not a string is returned as given
    (an array, a frame, None).

    Parameters
    ----------
    formula : str or array_like or None
        The one-sided formula of a second design (scale, concomitant, fixed regressors).
    data : DataFrame
        The rows of the main formula.
    what : str
        The keyword, for error messages.
    drop_intercept : bool
        Leave out patsy's ``Intercept`` column.
    """
    if not isinstance(formula, str):
        return formula
    text = formula.strip()
    if not text.startswith("~"):
        raise ValueError(f"{what}={formula!r} must be a one-sided formula such as '~ z1 + z2'")
    try:
        design = patsy.dmatrix(text[1:], data, eval_env=EvalEnvironment([{"np": np}]),
                               NA_action=_KEEP_NAN, return_type="dataframe")
    except patsy.PatsyError as err:
        name = _unknown_name(err.__cause__ or err) or _unknown_name(err)
        if name is not None:
            raise ValueError(f"{what}={formula!r} refers to {name!r}, which is not a column "
                             f"of data (columns: {', '.join(map(str, data.columns))})"
                             ) from None
        raise ValueError(f"{what}={formula!r}: {err}") from None
    if drop_intercept and "Intercept" in design.columns:
        design = design.drop(columns="Intercept")
    return design


def _categorical_factors(frame: pd.DataFrame) -> list[str]:
    """Names of the factors that patsy coded as categorical in ``frame``'s design."""
    infos = frame.design_info.factor_infos
    return [factor.name() for factor, info in infos.items() if info.type == "categorical"]


def _check_no_datetime(exog: pd.DataFrame, data: pd.DataFrame) -> None:
    """Raise for a datetime column used as a regressor (patsy would make one dummy per
    distinct date)."""
    dates = [name for name in _categorical_factors(exog) if name in data.columns
             and (pd.api.types.is_datetime64_any_dtype(data[name])
                  or isinstance(data[name].dtype, pd.PeriodDtype))]
    if dates:
        raise ValueError(
            f"regressor(s) {dates} are dates; a formula would make one dummy per distinct "
            "date. Convert them to numbers (e.g. the year, or days since a date), or write "
            "C(name) if a dummy per date is meant")


def _check_rows_left(exog: pd.DataFrame, data: pd.DataFrame, formula: str) -> None:
    """Raise if no row is left after the rows with NaN in a regressor were dropped."""
    if len(exog):
        return
    if not len(data):
        raise ValueError("data has no rows")
    used = [factor.name() for factor in exog.design_info.factor_infos]
    empty = [name for name in used if name in data.columns and data[name].isna().all()]
    raise ValueError(
        f"no rows are left: every row of data has NaN in a regressor of {formula!r}"
        + (f" (column(s) {empty} are NaN in every row)" if empty else ""))


def _check_numeric_outcome(endog: pd.DataFrame) -> None:
    """Raise if patsy read the left-hand side as categorical (strings, bools, objects)."""
    categorical = _categorical_factors(endog)
    if categorical:
        raise ValueError(
            f"the outcome {categorical} is not numeric (patsy read it as categorical); "
            "convert it to numbers first, e.g. with pd.to_numeric")


def resolve_column_or_array(value: Any, data: pd.DataFrame, rows: pd.Index, what: str) -> Any:
    """A per-observation argument given as a column name, a full-length array or a scalar.

    Column names and arrays are aligned to the rows the formula kept.
    """
    if value is None or (np.isscalar(value) and not isinstance(value, str)):
        return value
    if isinstance(value, str):
        if value not in data.columns:
            raise ValueError(f"{what}={value!r} is not a column of data")
        return data.loc[rows, value].to_numpy(dtype=float)
    arr = np.asarray(value, dtype=float).ravel()
    if len(arr) != len(data):
        raise ValueError(f"{what} has {len(arr)} values but data has {len(data)} rows")
    return arr[data.index.get_indexer(rows)]


class _ModuleRef:
    """A module in a pickled formula namespace, by name (modules do not pickle)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def load(self) -> Any:
        return importlib.import_module(self.name)


@dataclass
class FormulaRecipe:
    """What rebuilds a formula model's right-hand-side design information after pickling.

    patsy's ``DesignInfo`` does not pickle; this does: the right-hand side, the data it
    was evaluated on (the model keeps that frame anyway) and the names of the formula's
    evaluation environment that the formula uses (modules by name). Evaluating the
    right-hand side again on the same rows gives the same design information, stateful
    transforms (``center``, ``standardize``, ``C`` levels) included.

    Attributes
    ----------
    rhs : str
        The right-hand side of the formula.
    data : DataFrame
        The data the formula was evaluated on.
    subset : array_like or None
        The rows of ``data`` selected first.
    namespace : dict
        Names of the evaluation environment used by the formula (not columns of data).
    """

    rhs: str
    data: pd.DataFrame
    subset: Any
    namespace: dict[str, Any]

    @classmethod
    def capture(cls, formula: str, data: pd.DataFrame, subset: Any,
                env: EvalEnvironment) -> FormulaRecipe:
        """The recipe of ``formula`` evaluated on ``data`` in ``env``."""
        rhs = formula.split("~", 1)[1].strip()
        names = {tok.string for tok in tokenize.generate_tokens(io.StringIO(rhs).readline)
                 if tok.type == tokenize.NAME}
        lookup = env.namespace
        used = {name: lookup[name] for name in sorted(names)
                if name not in data.columns and name in lookup}
        return cls(rhs, data, subset, used)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(vars(self))
        namespace = {}
        for name, value in self.namespace.items():
            if isinstance(value, types.ModuleType):
                namespace[name] = _ModuleRef(value.__name__)
                continue
            try:
                pickle.dumps(value)
            except Exception:
                continue
            namespace[name] = value
        state["namespace"] = namespace
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["namespace"] = {name: value.load() if isinstance(value, _ModuleRef) else value
                              for name, value in state["namespace"].items()}
        vars(self).update(state)

    def design_info(self) -> Any:
        """The right-hand side's patsy ``DesignInfo``, evaluated again."""
        data = self.data if self.subset is None else self.data.loc[self.subset]
        env = EvalEnvironment([self.namespace])
        try:
            design = patsy.dmatrix(self.rhs, data, eval_env=env, NA_action="drop",
                                   return_type="dataframe")
        except patsy.PatsyError as err:
            raise ValueError(
                f"cannot rebuild the design of {self.rhs!r} after unpickling ({err}); a name "
                "the formula uses could not be pickled (a lambda?): pass the design matrix "
                "as an array") from None
        return design.design_info
