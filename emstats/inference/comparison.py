r"""Likelihood-ratio tests and information-criterion tables for fitted EM models.

:func:`lrtest` compares two nested fits with the chi-square reference
distribution; :func:`compare` tabulates several fits. Where the chi-square
does not apply (a null on the boundary of the parameter space, such as fewer
mixture components), use :func:`emstats.inference.bootstrap.bootstrap_lrtest`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import BoundaryWarning, ConvergenceWarning, NestingWarning
from ..protocol import FitSummary

__all__ = [
    "BoundaryWarning",
    "LRTestResult",
    "NestingWarning",
    "compare",
    "likelihood_ratio",
    "lrtest",
]

#: A restricted llf above the full one by more than this times ``1 + |llf_full|``
#: is not round-off: the models are not nested or a fit did not converge.
LLF_RTOL = 1e-8


@dataclass(frozen=True)
class LRTestResult:
    """A likelihood-ratio test of a restricted against a full model.

    Attributes
    ----------
    statistic : float
        ``2 (llf_full - llf_restricted)``.
    df : int
        ``k_full - k_restricted``.
    pvalue : float
        Chi-square upper-tail probability of ``statistic`` with ``df`` degrees of
        freedom (unreliable when ``boundary``).
    boundary : bool
        Whether the null lies on the boundary of the parameter space.
    """

    statistic: float
    df: int
    pvalue: float
    boundary: bool = False

    def __str__(self) -> str:
        text = (f"Likelihood-ratio test: LR = {self.statistic:.6g}, df = {self.df}, "
                f"Pr(>Chi2) = {self.pvalue:.4g}")
        if self.boundary:
            text += ("\nThe null is on the boundary of the parameter space: the chi-square "
                     "p-value is not valid; use bootstrap_lrtest.")
        return text


def _is_emstats(results: Any) -> bool:
    """Whether ``results`` is the fit of an emstats model."""
    from ..base import EMModel  # the models import inference/: import at call time

    return isinstance(results.model, EMModel)


def _check_kinds(restricted: Any, full: Any) -> bool:
    """True for two emstats fits, False for two statsmodels likelihood results; a
    TypeError for anything else (one of each included)."""
    kinds = []
    for res in (restricted, full):
        model = getattr(res, "model", None)
        if model is None or not hasattr(res, "llf"):
            raise TypeError(f"lrtest compares fitted results with a log-likelihood (llf); "
                            f"got {type(res).__name__}")
        kinds.append(_is_emstats(res))
    if kinds[0] != kinds[1]:
        emstats_fit = restricted if kinds[0] else full
        other = full if kinds[0] else restricted
        raise TypeError(
            f"lrtest cannot compare an emstats fit ({emstats_fit.model.model_name}) with "
            f"a {type(other.model).__name__} fit from statsmodels: their log-likelihoods "
            "are of different models of the data (e.g. a Tobit's llf mixes probabilities of the "
            "censored outcomes with densities of the others), and nothing says one model "
            "is a restriction of the other. Compare two emstats fits, or two statsmodels "
            "fits, of the same observations")
    return kinds[0]


def _statsmodels_lrtest(restricted: Any, full: Any) -> LRTestResult:
    """The LR test of two statsmodels likelihood results (numbers of parameters:
    ``len(params)``)."""
    if float(restricted.nobs) != float(full.nobs) or arrays_differ_endog(restricted, full):
        raise ValueError("the models are not fitted to the same observations (different "
                         "numbers of observations or outcomes); fit both to the same rows")
    df = int(np.size(full.params) - np.size(restricted.params))
    if df <= 0:
        raise ValueError(f"the full model must have more parameters than the restricted one "
                         f"(got {np.size(full.params)} and {np.size(restricted.params)}); "
                         "are the arguments swapped (lrtest(restricted, full))?")
    llf_r, llf_f = float(restricted.llf), float(full.llf)
    if llf_r - llf_f > LLF_RTOL * (1.0 + abs(llf_f)):
        raise ValueError(f"the restricted model's llf ({llf_r!r}) is above the full model's "
                         f"({llf_f!r}): the models are not nested")
    warnings.warn("cannot verify that the restricted statsmodels model is nested in the full "
                  "one; the test is valid only if it is", NestingWarning, stacklevel=3)
    statistic = max(2.0 * (llf_f - llf_r), 0.0)
    return LRTestResult(statistic, df, float(stats.chi2.sf(statistic, df)))


def arrays_differ_endog(restricted: Any, full: Any) -> bool:
    """Whether two statsmodels fits have different outcomes."""
    a, b = np.asarray(restricted.model.endog), np.asarray(full.model.endog)
    return a.shape != b.shape or not np.array_equal(a, b, equal_nan=True)


def n_params(results: FitSummary) -> int:
    """Free parameters of a fit (its ``df_free``)."""
    return int(results.df_free)


def _nesting_problem(restricted: FitSummary, full: FitSummary) -> str | None:
    """Why ``restricted`` cannot be a restriction of ``full`` (fitted results), or None."""
    differ = full.model.observations_differ(restricted.model)
    if differ is not None:
        return (f"the models are not fitted to the same observations ({differ}); fit both "
                "to the same rows (drop missing values of every regressor first)")
    df = n_params(full) - n_params(restricted)
    if df <= 0:
        return (f"the full model must have more parameters than the restricted one "
                f"(got {n_params(full)} and {n_params(restricted)}); are the arguments "
                "swapped (lrtest(restricted, full))?")
    llf_r, llf_f = float(restricted.llf), float(full.llf)
    if llf_r - llf_f > LLF_RTOL * (1.0 + abs(llf_f)):
        return (f"the restricted model's llf ({llf_r!r}) is above the full model's "
                f"({llf_f!r}): the models are not nested, or the full fit is not at its "
                "maximum (try n_starts > 1)")
    return None


def _nesting_verifiable(restricted: FitSummary, full: FitSummary) -> bool:
    """The full model's ``nests(restricted_model)``."""
    return bool(full.model.nests(restricted.model))


def _on_boundary(restricted: FitSummary, full: FitSummary) -> bool:
    """Whether the null lies on the boundary of the full model's parameter space (the
    full model's ``null_on_boundary(restricted_model)``)."""
    return bool(full.model.null_on_boundary(restricted.model))


def likelihood_ratio(restricted: FitSummary, full: FitSummary) -> tuple[float, int]:
    """The LR statistic and its degrees of freedom, after checking the models are nested.

    Parameters
    ----------
    restricted, full : EMResults
        Fits of the null and of the alternative.

    Returns
    -------
    statistic : float
        ``2 (llf_full - llf_restricted)``, with round-off below zero set to 0.
    df : int
        ``k_full - k_restricted``.

    Raises
    ------
    ValueError
        If the fits use different observations, ``df <= 0``, or the restricted
        llf is above the full one beyond round-off.

    Warns
    -----
    NestingWarning
        If the full model's ``nests(restricted_model)`` cannot confirm that the
        restricted model is a special case of it.
    ConvergenceWarning
        If either fit did not converge.
    """
    problem = _nesting_problem(restricted, full)
    if problem is not None:
        raise ValueError(problem)
    if not _nesting_verifiable(restricted, full):
        warnings.warn(
            "cannot verify that the restricted model is nested in the full one (by default: "
            "different model classes or parameter names); the test is valid only if it is",
            NestingWarning,
            stacklevel=3,
        )
    if not (restricted.converged and full.converged):
        warnings.warn("a fit did not converge; the likelihood-ratio statistic may be wrong",
                      ConvergenceWarning, stacklevel=3)
    statistic = max(2.0 * (float(full.llf) - float(restricted.llf)), 0.0)
    return statistic, n_params(full) - n_params(restricted)


def lrtest(restricted: FitSummary, full: FitSummary) -> LRTestResult:
    r"""Likelihood-ratio test of a restricted (null) model against a full one.

    Parameters
    ----------
    restricted : EMResults
        Fit of the null model.
    full : EMResults
        Fit of the model it is nested in, to the same observations.

    Both may instead be statsmodels likelihood results (with ``llf``), of the same
    outcome: ``df`` is then the difference of ``len(params)``, and a NestingWarning says
    that the nesting cannot be verified.

    Returns
    -------
    LRTestResult

    Raises
    ------
    TypeError
        If one fit is from emstats and the other from statsmodels (their likelihoods are
        of different models), or an argument has no ``llf``.
    ValueError
        If the fits use different observations, the full model does not have
        more parameters, or the restricted llf is above the full one beyond
        round-off (not nested, or not converged).

    Warns
    -----
    BoundaryWarning
        If the null lies on the boundary of the parameter space (the full
        model's ``null_on_boundary(restricted_model)`` says so, e.g. fewer
        components or regimes): the chi-square reference does not apply; use
        :func:`~emstats.inference.bootstrap.bootstrap_lrtest`. Where the full model
        knows the boundary's null distribution (``boundary_pvalue``: one variance at 0,
        the 50:50 mixture of chi-square(0) and chi-square(1), Stata's ``chibar2(01)``)
        its p-value is returned instead, without the warning.
    NestingWarning
        If the full model's ``nests(restricted_model)`` cannot confirm the nesting.

    Notes
    -----
    .. math::

        LR = 2\,(\ell_{\text{full}} - \ell_{\text{restricted}})
             \;\overset{a}{\sim}\; \chi^2_{k_{\text{full}} - k_{\text{restricted}}}.
    """
    if not _check_kinds(restricted, full):
        return _statsmodels_lrtest(restricted, full)
    statistic, df = likelihood_ratio(restricted, full)
    boundary = _on_boundary(restricted, full)
    known = full.model.boundary_pvalue(restricted.model, statistic) if boundary else None
    if known is not None:
        return LRTestResult(statistic, df, known, boundary)
    if boundary:
        warnings.warn(
            "the null lies on the boundary of the parameter space (e.g. fewer mixture "
            "components): the chi-square p-value is not valid. Use "
            "emstats.inference.bootstrap.bootstrap_lrtest(restricted, full).",
            BoundaryWarning,
            stacklevel=2,
        )
    return LRTestResult(statistic, df, float(stats.chi2.sf(statistic, df)), boundary)


# -- tables -------------------------------------------------------------------------------
COMPARE_COLUMNS = ["nobs", "df", "llf", "AIC", "BIC", "HQIC", "LR", "LR df", "LR p-value"]


def _labels(results: Sequence[FitSummary]) -> list[str]:
    """The formula of each fit, else its model name and position; made unique."""
    labels = []
    for i, res in enumerate(results, start=1):
        model = res.model
        formula = model.formula
        labels.append(str(formula) if formula else f"{model.model_name} ({i})")
    counts = pd.Series(labels).value_counts()
    return [f"{label} [{i}]" if counts[label] > 1 else label
            for i, label in enumerate(labels, start=1)]


def _neighbour_test(restricted: FitSummary, full: FitSummary) -> tuple[float, float, float]:
    """LR, df and p-value between neighbours in :func:`compare`; NaN where not nested."""
    if _nesting_problem(restricted, full) is not None or not _nesting_verifiable(
            restricted, full):
        return np.nan, np.nan, np.nan
    statistic = max(2.0 * (float(full.llf) - float(restricted.llf)), 0.0)
    df = n_params(full) - n_params(restricted)
    if _on_boundary(restricted, full):
        warnings.warn(
            "compare: a null lies on the boundary of the parameter space; its chi-square "
            "p-value is left out (NaN). Use emstats.inference.bootstrap.bootstrap_lrtest.",
            BoundaryWarning,
            stacklevel=3,
        )
        return statistic, float(df), np.nan
    return statistic, float(df), float(stats.chi2.sf(statistic, df))


def compare(results: Sequence[FitSummary], labels: Sequence[str] | None = None
            ) -> pd.DataFrame:
    """Table of fits: information criteria and LR tests between nested neighbours.

    Parameters
    ----------
    results : sequence of EMResults
        The fits.
    labels : sequence of str, optional
        Row labels; by default each model's formula, or its name and position.

    Returns
    -------
    DataFrame
        One row per fit, sorted by the number of parameters (``df``; ties keep
        their order), with columns ``nobs``, ``df``, ``llf``, ``AIC``, ``BIC``,
        ``HQIC``, and ``LR``, ``LR df``, ``LR p-value``: the likelihood-ratio test
        of each row against the row above it, NaN for the first row and where
        the two are not nested (different observations, or the larger model's
        ``nests`` does not confirm it) or have the same ``df``.
    """
    results = list(results)
    if not results:
        raise ValueError("compare needs at least one fitted model")
    names = list(labels) if labels is not None else _labels(results)
    if len(names) != len(results) or len(set(names)) != len(names):
        raise ValueError("labels must be unique, one per fit")
    order = sorted(range(len(results)), key=lambda i: n_params(results[i]))
    rows = []
    for pos, i in enumerate(order):
        res = results[i]
        test = ((np.nan,) * 3 if pos == 0
                else _neighbour_test(results[order[pos - 1]], res))
        rows.append((float(res.nobs), n_params(res), float(res.llf), float(res.aic),
                     float(res.bic), float(res.hqic), *test))
    frame = pd.DataFrame(rows, columns=COMPARE_COLUMNS, index=[names[i] for i in order])
    frame.index.name = "model"
    return frame
