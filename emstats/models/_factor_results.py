r"""The results of exploratory factor analysis (:class:`FactorResults`).

The fitted parameters are the raw-scale means, the canonical unrotated loadings and the
unique variances (:mod:`emstats.models.factor`); the results add the factanal-style
quantities on the correlation scale: the rotated loadings (:mod:`emstats.models._rotation`)
with their standard errors by the delta method through the rotation (Jennrich 1973) or
the aligned bootstrap replicates, uniquenesses, the fit statistics
(:mod:`emstats.models._factor_fit`), factor scores, a plot and the summary.

References
----------
Jennrich, R. I. (1973). Standard errors for obliquely rotated factor loadings.
Psychometrika, 38, 593-604.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.tools.numdiff import approx_fprime

from .._checks import numeric_matrix
from .._tables import add_notes, frame_table, variables_row
from ..inference.covariance import CovarianceResult
from ..results import EMResults, SummaryRows
from ..typing import FloatArray
from ._factor_em import FactorParams
from ._factor_fit import (
    CONVENTIONS,
    FactorFit,
    factor_fit_statistics,
    factor_scores,
    independence_loglike,
    ml_discrepancy,
    null_discrepancy,
)
from ._rotation import Rotation, rotate, rotated_solution_function

__all__ = ["FactorResults"]


class FactorResults(EMResults):
    """Results of :class:`FactorAnalysis`.

    ``params`` are the raw-scale means, the canonical unrotated loadings and the
    unique variances. The factanal-style quantities are standardised: divided by the
    sample standard deviations (:attr:`FactorAnalysis.scale_variances`), so that a fit
    to a covariance matrix reports what factanal reports for its correlation matrix.
    """

    @cached_property
    def _parts(self) -> FactorParams:
        return self.model.unpack(np.asarray(self.params))

    @property
    def df_free(self) -> int:
        """Free parameters: ``k_params`` less the ``k(k - 1)/2`` rotational directions."""
        return int(self.model.df_model)

    # -- standardised solution ---------------------------------------------------------------
    @property
    def _scale(self) -> FloatArray:
        return np.sqrt(self.model.scale_variances)

    @property
    def uniquenesses(self) -> pd.Series:
        """Uniquenesses on the correlation scale, ``psi_j / s_jj`` (factanal's)."""
        return pd.Series(self._parts.psi / self.model.scale_variances,
                         index=self.model.columns, name="uniqueness")

    @property
    def communalities(self) -> pd.Series:
        """``1 -`` :attr:`uniquenesses`."""
        return (1.0 - self.uniquenesses).rename("communality")

    @property
    def unrotated_loadings(self) -> pd.DataFrame:
        """The canonical unrotated loadings on the correlation scale, sorted and signed
        as factanal's ``rotation = "none"``."""
        return self._frame(rotate(self._standardised(self._parts), "none").loadings)

    @property
    def heywood(self) -> list[str]:
        """Variables whose uniqueness is at the lower bound (Heywood cases)."""
        return self.model.heywood(np.asarray(self.params))

    def _standardised(self, p: FactorParams) -> FloatArray:
        return p.loadings / self._scale[:, None]

    def _frame(self, loadings: FloatArray) -> pd.DataFrame:
        return pd.DataFrame(loadings, index=self.model.columns,
                            columns=self.model.factor_names)

    # -- rotation ----------------------------------------------------------------------------
    @cached_property
    def rotation(self) -> Rotation:
        """The rotation of the standardised loadings (the model's ``rotation``)."""
        return rotate(self._standardised(self._parts), self.model.rotation,
                      **self.model.rotation_kwds)

    @property
    def loadings(self) -> pd.DataFrame:
        """Rotated standardised loadings (factanal's ``loadings``)."""
        return self._frame(self.rotation.loadings)

    @property
    def factor_corr(self) -> pd.DataFrame:
        """Correlations of the factors: the identity for orthogonal rotations."""
        names = self.model.factor_names
        phi = self.rotation.phi if self.rotation.phi is not None else np.eye(self.model.k)
        return pd.DataFrame(phi, index=names, columns=names)

    @property
    def rotation_matrix(self) -> pd.DataFrame:
        """The rotation matrix (factanal's ``rotmat``)."""
        names = self.model.factor_names
        return pd.DataFrame(self.rotation.rotation_matrix, index=names, columns=names)

    def rotate(self, method: str, **kwds: Any) -> FactorResults:
        """The same fit with another rotation (a new results object).

        Parameters
        ----------
        method : str
            ``"none"``, ``"varimax"``, ``"quartimax"``, ``"equamax"``, ``"promax"``,
            ``"oblimin"``, ``"geomin"`` or ``"target"``.
        **kwds
            Options of the rotation (e.g. ``target=`` for ``"target"``).
        """
        model = copy.copy(self.model)
        model.rotation, model.rotation_kwds = method, dict(kwds)
        rotate(self._standardised(self._parts), method, **kwds)  # bad options fail here
        cov = CovarianceResult(self.normalized_cov_params, self.cov_type,
                               self.cov_description, self.cov_positive_definite,
                               self.cov_extras)
        return type(self)(model, self.trace, cov, self.starts, self.accel, use_t=self.use_t)

    # -- standard errors of the rotated solution ----------------------------------------
    def _rotated_function(self) -> Any:
        """Params -> rotated standardised loadings (and Phi's lower triangle), aligned to
        this fit's rotation; the standardisation by the model-implied variances."""
        solution = rotated_solution_function(self.model.rotation, self.rotation,
                                             **self.model.rotation_kwds)
        unpack = self.model.unpack

        def rotated(params: FloatArray) -> FloatArray:
            p = unpack(params)
            sd = np.sqrt(np.diag(p.implied_cov))
            return solution((p.loadings / sd[:, None]).ravel())

        return rotated

    def _covariance_of(self, function: Callable[[FloatArray], FloatArray]) -> FloatArray:
        """Covariance of ``function(params)``: over the bootstrap replicates when the fit
        has them, else by the delta method from the fit's covariance."""
        replicates = self.cov_extras.get("replicates")
        if replicates is not None:
            values = np.array([function(r) for r in np.asarray(replicates)])
            return np.atleast_2d(np.cov(values, rowvar=False))
        jac = approx_fprime(np.asarray(self.params), function, centered=True)
        return jac @ np.asarray(self.normalized_cov_params) @ jac.T

    @cached_property
    def _rotated_cov(self) -> FloatArray:
        """Covariance of the rotated standardised loadings (and Phi's lower triangle):
        bootstrap replicates rotated and aligned when the fit has them, else the delta
        method through the rotation (Jennrich 1973)."""
        return self._covariance_of(self._rotated_function())

    @property
    def loadings_bse(self) -> pd.DataFrame:
        """Standard errors of :attr:`loadings`: the delta method through the rotation
        from the fit's covariance, or the rotated and aligned bootstrap replicates when
        ``cov_type="bootstrap"``. Standardisation by the model-implied variances (as
        lavaan's ``std.all``), which equal the sample variances at the MLE unless a
        uniqueness is at its bound."""
        p, k = self.model.n_features, self.model.k
        se = np.sqrt(np.diag(self._rotated_cov)[:p * k])
        return self._frame(se.reshape(p, k))

    @property
    def factor_corr_bse(self) -> pd.DataFrame | None:
        """Standard errors of the factor correlations (oblique rotations), else None."""
        if self.rotation.phi is None:
            return None
        k = self.model.k
        se = np.zeros((k, k))
        lower = np.tril_indices(k, -1)
        se[lower] = np.sqrt(np.diag(self._rotated_cov)[self.model.n_features * k:])
        se = se + se.T
        names = self.model.factor_names
        return pd.DataFrame(se, index=names, columns=names)

    @property
    def uniquenesses_bse(self) -> pd.Series:
        """Standard errors of :attr:`uniquenesses` (standardised by the model-implied
        variances): the delta method, or the bootstrap replicates when the fit has them."""
        unpack = self.model.unpack

        def standardised(params: FloatArray) -> FloatArray:
            p = unpack(params)
            return p.psi / np.diag(p.implied_cov)

        cov = self._covariance_of(standardised)
        se = pd.Series(np.sqrt(np.diag(cov)), index=self.model.columns, name="std err")
        se[self.heywood] = np.nan  # held fixed at the bound: no standard error
        return se

    # -- fit statistics ---------------------------------------------------------------------
    @cached_property
    def fit_statistics(self) -> FactorFit:
        """The likelihood-ratio test that ``k`` factors suffice, RMSEA (90% CI), TLI, CFI
        and the chi-square BIC: factanal's Bartlett-corrected statistics with complete
        data, lavaan's full-information ML statistics with missing values (see
        :meth:`goodness_of_fit`)."""
        return self.goodness_of_fit("factanal" if self.model.complete else "lavaan")

    def goodness_of_fit(self, convention: str = "factanal", level: float = 0.90) -> FactorFit:
        """Fit statistics under factanal's or lavaan's conventions.

        Parameters
        ----------
        convention : {"factanal", "lavaan"}
            ``"factanal"``: the Bartlett-corrected chi-square and psych's RMSEA and TLI
            (complete data only: the correction is derived for complete data).
            ``"lavaan"``: the uncorrected likelihood-ratio statistic, ``N F_ML`` or with
            missing values ``2 (llf_sat - llf)``, the saturated model fitted by EM
            (:class:`~emstats.MultivariateNormal`) and the baseline the independence model
            (each column's observed mean and variance), as lavaan's ``missing = "ml"``.
        level : float
            Confidence level of the RMSEA interval.

        Returns
        -------
        FactorFit
            Every definition is in :func:`emstats.models._factor_fit.factor_fit_statistics`.
        """
        if convention not in CONVENTIONS:
            raise ValueError(f"convention must be one of {CONVENTIONS}, got {convention!r}")
        model = self.model
        weights = model.case_weights
        if weights is not None and weights.kind == "sampling":
            raise ValueError("the likelihood-ratio fit statistics assume a simple random "
                             "sample: with sampling_weights the statistic is not "
                             "chi-square (a scaled statistic such as Satorra-Bentler's is "
                             "needed, which emstats does not compute)")
        if model.complete:
            objective = ml_discrepancy(self._parts.implied_cov, model.sample_cov)
            null_objective = null_discrepancy(model.sample_cov)
        elif convention == "factanal":
            raise ValueError("factanal's Bartlett-corrected statistics are defined for "
                             "complete data; with missing values use convention='lavaan' "
                             "(full-information ML)")
        else:
            objective, null_objective = self._fiml_objectives
        return factor_fit_statistics(objective, int(model.nobs), model.n_features, model.k,
                                     null_objective, level=level, convention=convention)

    @cached_property
    def _fiml_objectives(self) -> tuple[float, float]:
        """``2 (llf_sat - llf) / N`` and ``2 (llf_sat - llf_0) / N`` with missing values:
        the saturated normal by EM, the independence model in closed form."""
        saturated = self.model.saturated_loglike()
        nobs = self.model.nobs
        weights = self.model.case_weights
        independence = independence_loglike(self.model.values,
                                            None if weights is None else weights.values)
        return 2.0 * (saturated - self.llf) / nobs, 2.0 * (saturated - independence) / nobs

    # -- scores --------------------------------------------------------------------------------
    def _data(self) -> FloatArray:
        values = self.model.values
        if values is None:
            raise ValueError("this needs the data, and the model was given a covariance "
                             "matrix: fit em.factor(data, ...) instead")
        return values

    def factor_scores(self, method: str = "regression") -> pd.DataFrame:
        """Factor scores of the rows of the data, as factanal computes them, indexed like
        the data.

        Parameters
        ----------
        method : {"regression", "bartlett"}
            Thomson's regression scores or Bartlett's weighted least-squares scores.
        """
        scores = factor_scores(self._data(), self.rotation.loadings,
                               np.asarray(self.uniquenesses), method=method,
                               phi=self.rotation.phi)
        return pd.DataFrame(scores, index=self.model.row_index,
                            columns=self.model.factor_names)

    def predict(self, data: Any = None, method: str = "regression") -> pd.DataFrame:
        """Factor scores (:meth:`factor_scores`) of the data, or of new rows ``data``.

        Parameters
        ----------
        data : DataFrame or array_like, optional
            New rows with the fit's columns; they are standardised by the means and
            standard deviations of the fit's data (factanal's ``scale()`` of its complete
            rows). The fit's rows if omitted.
        method : {"regression", "bartlett"}
            Thomson's regression scores or Bartlett's weighted least-squares scores.

        Returns
        -------
        DataFrame
            One row per row of ``data`` (indexed like it), one column per factor.
        """
        if data is None:
            return self.factor_scores(method)
        values, names = numeric_matrix(data)
        if names != self.model.columns and isinstance(data, pd.DataFrame):
            raise ValueError(f"data must have the columns {self.model.columns}, got {names}")
        if values.shape[1] != self.model.n_features:
            raise ValueError(f"data must have {self.model.n_features} columns, got "
                             f"{values.shape[1]}")
        fitted = self._data()
        complete = fitted[~np.isnan(fitted).any(axis=1)]
        scores = factor_scores(values, self.rotation.loadings, np.asarray(self.uniquenesses),
                               method=method, phi=self.rotation.phi,
                               mean=complete.mean(axis=0), scale=complete.std(axis=0, ddof=1))
        index = data.index if isinstance(data, pd.DataFrame) else pd.RangeIndex(len(values))
        return pd.DataFrame(scores, index=index, columns=self.model.factor_names)

    @cached_property
    def _fit_frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        values, p = self._data(), self._parts
        if p.mean is None:
            raise ValueError("fitted values need the raw data (the model was fitted to a "
                             "covariance matrix)")
        centred = values - p.mean
        common = centred @ np.linalg.solve(p.implied_cov, p.loadings) @ p.loadings.T
        index, columns = self.model.row_index, self.model.columns
        return (pd.DataFrame(p.mean + common, index=index, columns=columns),
                pd.DataFrame(centred - common, index=index, columns=columns))

    @property
    def fittedvalues(self) -> pd.DataFrame:
        r"""The common part of each row at the estimates,
        :math:`\hat\mu + \hat\Lambda E[f \mid x] = \hat\mu + \hat\Lambda\hat\Lambda'
        \hat\Sigma^{-1}(x - \hat\mu)` on the data's scale (rotation-invariant); NaN for
        a row with a missing value."""
        return self._fit_frames[0]

    @property
    def resid(self) -> pd.DataFrame:
        r"""The unique part of each row, the data less :attr:`fittedvalues`,
        :math:`\hat\Psi\hat\Sigma^{-1}(x - \hat\mu)`."""
        return self._fit_frames[1]

    # -- plots -------------------------------------------------------------------------------
    def plot_loadings(self, *, ax: Any = None) -> Any:
        """Heatmap of the rotated loadings (:func:`emstats.plotting.plot_loadings`)."""
        from ..plotting import plot_loadings

        return plot_loadings(self.loadings, ax=ax)

    # -- summary -----------------------------------------------------------------------------
    @property
    def variance_explained(self) -> pd.DataFrame:
        """factanal's table under the loadings: ``SS loadings`` (column sums of the squared
        rotated loadings), ``Proportion Var`` (divided by the number of variables) and
        ``Cumulative Var``."""
        ss = (self.loadings**2).sum(axis=0)
        proportion = ss / self.model.n_features
        return pd.DataFrame([ss, proportion, proportion.cumsum()],
                            index=["SS loadings", "Proportion Var", "Cumulative Var"])

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left, right = super()._summary_top()
        left[0] = variables_row(self.model.columns)
        left.insert(2, ("Factors:", [f"{self.model.k} ({self.model.rotation})"]))
        fit = self.fit_statistics_if_defined
        if fit is not None:
            label = "Chi2 (Bartlett):" if fit.convention == "factanal" else "Chi2 (FIML LR):"
            right.append((label, [f"{fit.statistic:.2f} on {fit.df} df"]))
            right.append(("Prob (Chi2):", [f"{fit.pvalue:.4g}"]))
        return left, right

    @property
    def fit_statistics_if_defined(self) -> FactorFit | None:
        """:attr:`fit_statistics`, or None with sampling weights (the likelihood-ratio
        statistics are not chi-square there)."""
        weights = self.model.case_weights
        return None if weights is not None and weights.kind == "sampling" else (
            self.fit_statistics)

    def _loadings_frame(self) -> pd.DataFrame:
        """The rotated standardised loadings, each followed by its standard error (when
        a covariance was computed), then psych's ``h2`` (communality) and ``u2``
        (uniqueness)."""
        loadings = self.loadings
        columns: dict[str, pd.Series] = {}
        bse = self.loadings_bse if self.cov_type != "none" else None
        for j, name in enumerate(loadings.columns):
            columns[name] = loadings[name]
            if bse is not None:
                columns[f"({j})se"] = bse[name]
        frame = pd.DataFrame(columns)
        frame["h2"], frame["u2"] = self.communalities, self.uniquenesses
        return frame

    def _factor_corr_frame(self) -> pd.DataFrame:
        """Factor correlations, standard errors in parentheses (when computed)."""
        corr = self.factor_corr
        values = corr.to_numpy(dtype=float)
        frame = self.factor_corr_bse if self.cov_type != "none" else None
        bse = None if frame is None else frame.to_numpy(dtype=float)
        cells = [[f"{values[i, j]:.4f}" + ("" if bse is None or i == j
                                           else f" ({bse[i, j]:.4f})")
                  for j in range(len(values))] for i in range(len(values))]
        return pd.DataFrame(cells, index=corr.index, columns=corr.columns)

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """factanal's and psych's tables, then the parameters.

        The rotated standardised loadings (with standard errors when a covariance was
        computed, :attr:`loadings_bse`), ``h2`` and ``u2``; ``SS loadings``,
        ``Proportion Var`` and ``Cumulative Var`` (:attr:`variance_explained`); the factor
        correlations of an oblique rotation; factanal's chi-square test and the fit
        statistics (:attr:`fit_statistics`); and the table of ``params`` (raw-scale
        means, canonical unrotated loadings, unique variances).
        """
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        loadings = self._loadings_frame()
        headers = ["se" if c.startswith("(") else c for c in loadings.columns]
        tables = [frame_table(loadings.set_axis(headers, axis=1),
                              f"Standardised loadings ({self.model.rotation})"),
                  frame_table(self.variance_explained, "Variance accounted for",
                              fmt="{:.3f}")]
        if self.rotation.phi is not None:
            tables.append(frame_table(self._factor_corr_frame(), "Factor correlations"))
        smry.tables[1:1] = tables
        smry.tables[1 + len(tables)].title = "Parameters (raw scale, unrotated loadings)"
        fit = self.fit_statistics_if_defined
        notes = ([f"Test of the hypothesis that {self.model.k} factor(s) are sufficient: "
                  f"chi-square {fit.statistic:.2f} on {fit.df} degrees of freedom, "
                  f"p-value {fit.pvalue:.3g}."] if fit is not None else
                 ["No chi-square test of fit: with sampling weights the likelihood-ratio "
                  "statistic is not chi-square."])
        if self.heywood:
            notes.append(f"Heywood case: the uniqueness of {self.heywood} is at its lower "
                         f"bound ({self.model.lower:g} on the correlation scale), held fixed "
                         "there by the standard errors.")
        if fit is not None:
            notes.append(str(fit))
        add_notes(smry, notes)
        return smry
