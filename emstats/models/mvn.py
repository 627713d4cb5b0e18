r"""The multivariate normal from incomplete data (the one-component Gaussian mixture).

Maximum likelihood under MAR (Little & Rubin 2002, ch. 11), with what users of
incomplete data need next: imputation (conditional means, or proper multiple
imputations pooled by Rubin's rules), Little's (1988) test of MCAR, and regressions
implied by the fitted normal (the sweep operator), usable when covariates are missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.tools.numdiff import approx_fprime

from ..base import EMModel
from ..exceptions import NoNullModelError
from ..typing import FloatArray
from ..weights import CaseWeights, unit_weights, weight_keywords
from ._missing import Conditional, group_patterns
from .gaussian import GaussianMixture, GaussianMixtureResults


class MultivariateNormal(GaussianMixture):
    """Mean and covariance of a multivariate normal from data with missing values.

    Parameters
    ----------
    data : DataFrame or array_like
        Numeric columns, NaN for missing values (any pattern). Never modified.
    covariance : str
        ``"VVV"`` (unrestricted, default), or ``"diag"`` / ``"spherical"``.
    freq_weights, sampling_weights : array_like or str, optional
        Case weights, one per row, or the name of a column of ``data`` holding them:
        frequency weights (replicated rows) or sampling weights (a pseudo-likelihood,
        robust covariance by default); see :class:`GaussianMixture` and
        :mod:`emstats.weights`.

    Notes
    -----
    The E-step fills in, for each missingness pattern, the conditional mean of the
    missing entries and adds their conditional covariance to the scatter matrix
    (Dempster, Laird & Rubin 1977, Section 4.1.3).
    """

    model_name: ClassVar[str] = "Multivariate normal"
    default_cov_type: ClassVar[str] = "oim"

    def __init__(self, data: Any, covariance: str = "VVV", *, freq_weights: Any = None,
                 sampling_weights: Any = None) -> None:
        super().__init__(data, 1, covariance, freq_weights=freq_weights,
                         sampling_weights=sampling_weights)

    def _like(self, values: FloatArray, weights: CaseWeights | None) -> MultivariateNormal:
        return type(self)(pd.DataFrame(values, columns=self.columns), self.structure.name,
                          **weight_keywords(weights))

    def null_model(self) -> EMModel:
        """None: the multivariate normal has no regressors or components to test
        (:class:`~emstats.exceptions.NoNullModelError`)."""
        raise NoNullModelError(
            "the multivariate normal has no null model: it has no regressors or "
            "components to test jointly; fit a restricted structure (e.g. "
            "covariance='diag') and use em.lrtest(restricted, full)")


@dataclass(frozen=True)
class LittleTest:
    """Little's (1988) chi-square test of MCAR.

    Attributes
    ----------
    statistic : float
        ``sum_j n_j (ybar_j - mu_j)' Sigma_j^-1 (ybar_j - mu_j)`` over patterns ``j``,
        with ``mu_j``, ``Sigma_j`` the ML estimates restricted to the observed columns.
    df : int
        ``sum_j p_j - p`` (``p_j`` observed columns of pattern ``j``).
    pvalue : float
        Upper chi-square tail.
    n_patterns : int
        Number of missingness patterns.
    """

    statistic: float
    df: int
    pvalue: float
    n_patterns: int

    def __str__(self) -> str:
        return (f"Little's MCAR test: chi2({self.df}) = {self.statistic:.4f}, "
                f"p = {self.pvalue:.4g} ({self.n_patterns} patterns)")


class MultivariateNormalResults(GaussianMixtureResults):
    """Results of :class:`MultivariateNormal`."""

    @property
    def mean(self) -> pd.Series:
        """ML estimate of the mean vector."""
        return pd.Series(self._parts.means[0], index=self.model.columns, name="mean")

    @property
    def cov(self) -> pd.DataFrame:
        """ML estimate of the covariance matrix (divisor n)."""
        cols = self.model.columns
        return pd.DataFrame(self._parts.covariances[0], index=cols, columns=cols)

    @property
    def corr(self) -> pd.DataFrame:
        """The correlation matrix implied by :attr:`cov`."""
        cov = self.cov
        sd = np.sqrt(np.diag(cov))
        return cov.div(np.outer(sd, sd))

    # -- imputation ---------------------------------------------------------------------
    def impute(self, draws: int | None = None,
               random_state: int | np.random.Generator | None = None
               ) -> pd.DataFrame | list[pd.DataFrame]:
        """Fill in the missing values.

        Parameters
        ----------
        draws : int, optional
            None: the conditional means ``E[x_mis | x_obs]`` at the MLE (one frame).
            An integer ``m``: ``m`` proper multiple imputations, each from parameters
            re-estimated on a bootstrap sample of the rows (EM warm-started at the
            MLE) and missing values drawn from their conditional normal at those
            parameters (Little & Rubin 2002, Section 10.2.3).
        random_state : int or Generator, optional
            Seed of the imputations.

        Returns
        -------
        DataFrame or list of DataFrame
            The rows of the fit with the missing entries filled in (rows with every
            value missing are not part of the fit and are not returned).
        """
        values = self.model.values
        if draws is None:
            return self._frame(_fill(self.model.values, self._parts.means[0],
                                     self._parts.covariances[0], None))
        if int(draws) < 1:
            raise ValueError(f"draws must be a positive integer, got {draws!r}")
        rng = np.random.default_rng(random_state)
        out = []
        for _ in range(int(draws)):
            replicate = self.model.resample(rng.integers(0, len(values), len(values)))
            fit = replicate.fit(np.asarray(self.params), cov_type="none")
            parts = replicate.unpack(np.asarray(fit.params))
            out.append(self._frame(_fill(self.model.values, parts.means[0], parts.covariances[0],
                                         rng)))
        return out

    def predict(self, data: Any = None) -> pd.DataFrame:  # type: ignore[override]
        """The rows of ``data`` (default: the fit's) with each missing value replaced by
        its conditional mean ``E[x_mis | x_obs]`` at the MLE (:meth:`impute`), labelled
        like the rows; a multivariate normal has one component, so there is no
        classification to predict."""
        if data is None:
            return self._frame(_fill(self.model.values, self._parts.means[0],
                                     self._parts.covariances[0], None))
        values, index = self._new_values(data)
        filled = _fill(values, self._parts.means[0], self._parts.covariances[0], None)
        return pd.DataFrame(filled, index=index, columns=self.model.columns)

    def _frame(self, filled: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(filled, index=self.model.row_index, columns=self.model.columns)

    # -- Little's test ------------------------------------------------------------------
    def little_mcar_test(self) -> LittleTest:
        """Little's (1988) test that the data are missing completely at random.

        Returns
        -------
        LittleTest
            Statistic, degrees of freedom, p-value and number of patterns.

        Raises
        ------
        ValueError
            With sampling weights: the statistic's chi-square distribution assumes
            independent rows (with frequency weights, the rows are replicated: pattern
            sizes and means are the weighted ones).
        """
        weights = self.model.case_weights
        if weights is not None and weights.kind == "sampling":
            raise ValueError("Little's MCAR test is not defined with sampling_weights: its "
                             "chi-square reference assumes a simple random sample")
        row_weights = unit_weights(weights, len(self.model.values))
        mean, cov = self._parts.means[0], self._parts.covariances[0]
        patterns = self.model.patterns
        statistic = 0.0
        for pattern in patterns:
            o = pattern.observed
            w = row_weights[pattern.rows]
            dev = pattern.values_t @ w / w.sum() - mean[o]
            z = Conditional.of(cov, pattern).whitener @ dev
            statistic += float(w.sum()) * float(z @ z)
        df = int(sum(p.observed.size for p in patterns) - self.model.n_features)
        return LittleTest(statistic, df, float(stats.chi2.sf(statistic, df)), len(patterns))

    # -- implied regressions -------------------------------------------------------------
    def regress(self, formula: str, alpha: float = 0.05) -> pd.DataFrame:
        """The regression of one variable on others implied by the fitted normal.

        Parameters
        ----------
        formula : str
            ``"y ~ x1 + x2"`` with column names of the data (an intercept is always
            included).
        alpha : float
            One minus the coverage of the confidence intervals.

        Returns
        -------
        DataFrame
            Coefficients (intercept, slopes, residual variance ``sigma2``) with
            delta-method standard errors from this fit's covariance, z statistics,
            p-values and confidence intervals.
        """
        outcome, regressors = _parse_regression(formula, self.model.columns)
        cols = self.model.columns
        y, xs = cols.index(outcome), [cols.index(x) for x in regressors]

        def coefficients(params: FloatArray) -> FloatArray:
            parts = self.model.unpack(params)
            return _sweep(parts.means[0], parts.covariances[0], y, xs)

        theta = np.asarray(self.params)
        coef = coefficients(theta)
        jac = approx_fprime(theta, coefficients, centered=True)
        cov = jac @ np.asarray(self.cov_params()) @ jac.T
        se = np.sqrt(np.diag(cov))
        z = coef / se
        crit = stats.norm.isf(alpha / 2)
        names = ["Intercept", *regressors, "sigma2"]
        return pd.DataFrame({"coef": coef, "std err": se, "z": z,
                             "P>|z|": 2 * stats.norm.sf(np.abs(z)),
                             f"[{alpha / 2:g}": coef - crit * se,
                             f"{1 - alpha / 2:g}]": coef + crit * se}, index=names)


def _parse_regression(formula: str, columns: Sequence[str]) -> tuple[str, list[str]]:
    if formula.count("~") != 1:
        raise ValueError(f"formula must be 'y ~ x1 + x2', got {formula!r}")
    lhs, rhs = (side.strip() for side in formula.split("~"))
    terms = [t.strip() for t in re.split(r"\+", rhs) if t.strip() not in ("", "1")]
    unknown = [name for name in [lhs, *terms] if name not in columns]
    if unknown:
        raise ValueError(f"{unknown} are not columns of the data ({list(columns)}); implied "
                         "regressions take plain column names")
    if not terms:
        raise ValueError("the formula needs at least one regressor")
    if lhs in terms:
        raise ValueError(f"{lhs!r} is on both sides of the formula")
    return lhs, terms


def _sweep(mean: FloatArray, cov: FloatArray, y: int, xs: list[int]) -> FloatArray:
    """Intercept, slopes and residual variance of ``y`` on ``xs`` under ``N(mean, cov)``."""
    sxx = cov[np.ix_(xs, xs)]
    sxy = cov[xs, y]
    slopes = np.linalg.solve(sxx, sxy)
    intercept = mean[y] - slopes @ mean[xs]
    return np.concatenate([[intercept], slopes, [cov[y, y] - sxy @ slopes]])


def _fill(values: FloatArray, mean: FloatArray, cov: FloatArray,
          rng: np.random.Generator | None) -> FloatArray:
    """The rows of ``values`` with the missing entries at their conditional means, or
    drawn from the conditional normal."""
    filled = values.copy()
    for pattern in group_patterns(values):
        if pattern.complete:
            continue
        cond = Conditional.of(cov, pattern)
        o, m = pattern.observed, pattern.missing
        centre = mean[m] + (pattern.values_t.T - mean[o]) @ cond.slope.T
        if rng is not None:
            chol = np.linalg.cholesky(cond.residual_cov)
            centre = centre + rng.standard_normal(centre.shape) @ chol.T
        filled[np.ix_(pattern.rows, m)] = centre
    return filled


MultivariateNormal._results_class = MultivariateNormalResults
