r"""The header of the censored-normal summaries, as Stata's ``tobit`` and ``intreg`` print it.

Stata's header has the numbers of observations by kind of censoring, the limits (Tobit),
the likelihood-ratio test of the model against the intercept-only model
(``LR chi2(k)``, ``Prob > chi2``), McFadden's pseudo :math:`R^2` and the
log-likelihood; its coefficient table prints ``/sigma`` without a z test (``sigma = 0``
is on the boundary of the parameter space).

Notes
-----
With :math:`\ell` the log-likelihood of the fit and :math:`\ell_0` that of the
intercept-only model on the same bounds, ``LR chi2(k)`` is :math:`2(\ell - \ell_0)` on
:math:`k` = ``df_model`` (the regressors other than the constant) degrees of freedom,
and the pseudo :math:`R^2` is :math:`1 - \ell / \ell_0`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

from ..results import SummaryRows

__all__ = ["censoring_rows", "limit_text", "model_test_rows"]

_COUNT_LABELS = {"uncensored": "Uncensored:", "left": "Left-censored:",
                 "right": "Right-censored:", "interval": "Interval-censored:"}


def limit_text(limit: Any) -> str:
    """A censoring limit as Stata prints it: the number, ``-inf``/``+inf`` when there is
    none, ``varies`` for per-observation limits."""
    if np.ndim(limit) > 0:
        return "varies"
    value = float(limit)
    if np.isinf(value):
        return "+inf" if value > 0 else "-inf"
    return f"{value:g}"


def censoring_rows(nobs: float, counts: dict[str, int], *, interval: bool) -> SummaryRows:
    """``Number of obs`` and the counts by kind, in Stata's order (uncensored, left,
    right, then interval-censored when the model has intervals)."""
    kinds = ["uncensored", "left", "right"] + (["interval"] if interval else [])
    rows: SummaryRows = [("Number of obs:", [f"{int(nobs)}"])]
    rows += [(_COUNT_LABELS[kind], [f"{counts[kind]}"]) for kind in kinds]
    return rows


def model_test_rows(llf: float, llnull: float, df_model: float,
                    wald: float | None = None, *, pseudo: bool | None = None) -> SummaryRows:
    """``Log likelihood``, the LR test against the intercept-only model and the pseudo
    :math:`R^2`, formatted as Stata prints them (4, 2, 4 and 4 decimals).

    With sampling weights (``wald`` given: the Wald statistic of the slopes) the llf is a
    pseudo-likelihood, which no LR test applies to: Stata then prints ``Log
    pseudolikelihood`` and ``Wald chi2(k)``, and so does this header. ``pseudo`` (by
    default: ``wald`` given) says whether the llf is a pseudo-likelihood; a model may
    report a Wald test of a true likelihood (a heteroskedastic scale, as Stata's
    ``het()``).
    """
    pseudo = wald is not None if pseudo is None else pseudo
    rows: SummaryRows = [("Log pseudolikelihood:" if pseudo else "Log likelihood:",
                          [f"{llf:.4f}"]),
                         ("LL-Null:", [f"{llnull:.4f}"])]
    if df_model > 0:
        statistic = 2.0 * (llf - llnull) if wald is None else wald
        label = "LR" if wald is None else "Wald"
        rows += [(f"{label} chi2({df_model:g}):", [f"{statistic:.2f}"]),
                 ("Prob > chi2:", [f"{stats.chi2.sf(statistic, df_model):.4f}"])]
    rows.append(("Pseudo R2:", [f"{1.0 - llf / llnull:.4f}"]))
    return rows
