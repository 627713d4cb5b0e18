"""The tables of the summaries, built with statsmodels' :class:`SimpleTable`.

statsmodels' ``summary_params`` makes the coefficient tables (one per group of
parameters, e.g. per regime); the helpers here add what it lacks: a table of the
estimates alone (no covariance was computed), cells left blank where a test makes no
sense (``sigma = 0`` lies on the boundary, so Stata prints no z for ``/sigma``), and a
DataFrame as a table (loadings, counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.iolib.summary import forg, summary_params
from statsmodels.iolib.table import SimpleTable
from statsmodels.iolib.tableformatting import fmt_params

from .typing import IntArray

__all__ = ["ColumnsAsEndogNames", "blank_inference", "estimates_table", "frame_table",
           "params_table",
           "variables_row"]


def params_table(results: Any, positions: IntArray, names: Sequence[str], *,
                 title: str | None = None, alpha: float = 0.05, use_t: bool = False,
                 inference: bool = True) -> SimpleTable:
    """The rows ``positions`` of the coefficient table, labelled ``names``.

    Parameters
    ----------
    results : EMResults
        The fit (its ``params``, ``bse``, ``tvalues``, ``pvalues``, ``conf_int``).
    positions : array of int
        Positions of the rows in the parameter vector.
    names : sequence of str
        Their labels.
    title : str, optional
        The table's title (e.g. ``"Regime 0 parameters"``).
    alpha : float
        One minus the coverage of the confidence intervals.
    use_t : bool
        t rather than z statistics.
    inference : bool
        False: the estimates alone (no covariance was computed).
    """
    where = np.asarray(positions, dtype=int)
    params = np.asarray(results.params)[where]
    if not inference:
        return estimates_table(params, names, title=title)
    columns = (results, params, np.asarray(results.bse)[where],
               np.asarray(results.tvalues)[where], np.asarray(results.pvalues)[where],
               np.asarray(results.conf_int(alpha))[where])
    return summary_params(columns, xname=list(names), alpha=alpha, use_t=use_t, title=title)


def estimates_table(params: Any, names: Sequence[str], *, title: str | None = None
                    ) -> SimpleTable:
    """A one-column table of estimates (``coef``), formatted as statsmodels' tables."""
    cells = [[forg(float(v), prec=4)] for v in np.asarray(params, dtype=float)]
    return SimpleTable(cells, headers=["coef"], stubs=list(names), title=title,
                       txt_fmt=fmt_params)


def blank_inference(table: SimpleTable, stubs: Sequence[str],
                    columns: Sequence[int] = (2, 3)) -> None:
    """Blank the cells ``columns`` (0-based among the data columns: 2 and 3 are the z
    statistic and its p-value) of the rows labelled ``stubs``, in place."""
    wanted = set(stubs)
    for row in table:
        if row.datatype == "header" or not row or str(row[0].data).strip() not in wanted:
            continue
        for j in columns:
            row[j + 1].data = ""


def frame_table(frame: pd.DataFrame, title: str, *, fmt: str = "{:.4f}") -> SimpleTable:
    """A DataFrame as a table: the index as stubs, the columns as headers, every number
    formatted with ``fmt`` (NaN printed as a blank)."""
    cells = [[_cell(v, fmt) for v in row] for row in frame.to_numpy(dtype=object)]
    return SimpleTable(cells, headers=[str(c) for c in frame.columns],
                       stubs=[str(i) for i in frame.index], title=title, txt_fmt=fmt_params)


def _cell(value: Any, fmt: str) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return fmt.format(value)


def add_notes(smry: Any, lines: Sequence[str]) -> None:
    """Append ``lines`` to the notes under a statsmodels ``Summary`` (its own
    ``add_extra_txt`` replaces the notes already there: the covariance, the rows dropped,
    the case weights)."""
    existing = getattr(smry, "extra_txt", None)
    smry.add_extra_txt([*([existing] if existing else []), *lines])


def variables_row(columns: Sequence[str]) -> tuple[str, list[str]]:
    """The ``Variables:`` row of a summary's header (models of several columns, no
    dependent variable): the names, or their number when they do not fit."""
    names = ", ".join(map(str, columns))
    return ("Variables:", [names if len(names) <= 24 else f"{len(columns)} columns"])


class ColumnsAsEndogNames:
    """Mixin of models of several data columns with no dependent variable (mixtures,
    HMMs, factor analysis): ``endog_names`` is the columns' names in one label, which
    statsmodels' summaries and ``summary_col`` print as the column header (instead of
    statsmodels' ``['y1', 'y2']`` of array data)."""

    columns: list[str]

    @property
    def endog_names(self) -> str:
        """The data's column names, comma-separated."""
        return ", ".join(map(str, self.columns))
