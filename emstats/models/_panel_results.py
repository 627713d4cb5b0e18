"""Results of the random-effects panel regressions: Stata's ``xttobit`` header and table
(``/sigma_u``, ``/sigma_e``, ``rho`` and the LR test of ``sigma_u = 0``), and ``quadchk``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit, logit
from statsmodels.iolib.summary import Summary

from .._tables import blank_inference
from ..inference.comparison import LRTestResult, lrtest
from ..results import EMResults, SummaryRows
from ._censored_results import CensoredNormalResults
from ._censored_summary import censoring_rows, limit_text

if TYPE_CHECKING:
    from ._random_effects import RandomEffects


class RandomEffectsResults(CensoredNormalResults):
    r"""Results of a random-effects Tobit or interval regression.

    Predictions (``predict``, ``get_prediction``, ``get_margeff``) are at :math:`u_i = 0`
    with scale :math:`\sigma_e`, as Stata's ``xttobit`` ``pr0()``, ``e0()`` and
    ``ystar0()``; ``fittedvalues`` is :math:`x'\hat\beta`. :attr:`rho` is
    :math:`\sigma_u^2/(\sigma_u^2 + \sigma_e^2)` with its delta-method SE;
    :meth:`pooled_lrtest` the LR test of :math:`\sigma_u = 0` (``chibar2(01)``);
    :meth:`quadchk` the llf's and estimates' stability across quadrature points.
    """

    model: RandomEffects

    # -- rho and the test of sigma_u = 0 ------------------------------------------------------
    @property
    def rho(self) -> float:
        r""":math:`\hat\rho = \hat\sigma_u^2/(\hat\sigma_u^2 + \hat\sigma_e^2)`."""
        return self.model.rho(np.asarray(self.params))

    @property
    def rho_se(self) -> float:
        """The delta-method standard error of :attr:`rho`."""
        params = np.asarray(self.params)
        sigma_u, sigma_e = params[-2], params[-1]
        total = sigma_u**2 + sigma_e**2
        grad = np.array([2 * sigma_u * sigma_e**2, -2 * sigma_e * sigma_u**2]) / total**2
        cov = np.asarray(self.cov_params())[-2:, -2:]
        return float(np.sqrt(grad @ cov @ grad))

    def rho_conf_int(self, alpha: float = 0.05) -> tuple[float, float]:
        """A confidence interval for :attr:`rho` inside (0, 1): the delta-method interval
        of ``logit(rho)`` mapped back."""
        rho = self.rho
        half = stats.norm.ppf(1 - alpha / 2) * self.rho_se / (rho * (1 - rho))
        return float(expit(logit(rho) - half)), float(expit(logit(rho) + half))

    @cached_property
    def pooled(self) -> EMResults:
        """The pooled model (``sigma_u = 0``) fitted to the same observations."""
        return self.model.pooled_model().fit()

    def pooled_lrtest(self) -> LRTestResult:
        """The LR test of ``sigma_u = 0`` against the pooled model, with the p-value of
        the 50:50 mixture of chi-square(0) and chi-square(1) (Stata's ``chibar2(01)``)."""
        return lrtest(self.pooled, self)

    # -- quadrature check ----------------------------------------------------------------------
    @cached_property
    def quadrature_error(self) -> float:
        """The llf at the estimate with twice the quadrature points, less :attr:`llf` (the
        fit warns when it exceeds ``QUADRATURE_RTOL`` relative; :meth:`quadchk` refits)."""
        model = self.model
        return model.loglike_with_points(np.asarray(self.params), 2 * model.quadpoints) - self.llf

    def quadchk(self, points: Sequence[int] | None = None) -> pd.DataFrame:
        """Refit with other numbers of quadrature points (Stata's ``quadchk``).

        Parameters
        ----------
        points : sequence of int, optional
            The point counts of the comparison fits; Stata's default, this fit's count
            less and plus 4 (at least 2).

        Returns
        -------
        DataFrame
            The llf and the estimates of this fit and of each comparison fit, with the
            differences and relative differences to this fit. Relative differences of
            1e-4 or less say the quadrature is accurate enough.
        """
        model = self.model
        counts = ([max(model.quadpoints - 4, 2), model.quadpoints + 4] if points is None
                  else [int(p) for p in points])
        index = ["llf", *model.param_names]
        base = np.r_[self.llf, np.asarray(self.params)]
        table = {f"{model.quadpoints} points": base}
        for count in counts:
            other = model._random_effects_class(
                model.lower, model.exog, model.group_codes, lower=model.lower,
                upper=model.upper, quadpoints=count).fit(
                    start_params=list(np.asarray(self.params)), cov_type="none")
            values = np.r_[other.llf, np.asarray(other.params)]
            table[f"{count} points"] = values
            table[f"difference ({count})"] = values - base
            table[f"relative difference ({count})"] = (values - base) / np.abs(base)
        return pd.DataFrame(table, index=index)

    # -- the summary -----------------------------------------------------------------------------
    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        """Stata's ``xttobit`` header: observations by censoring, the panels and their
        sizes, the quadrature, the Wald test of the slopes and the log-likelihood."""
        left, right = EMResults._summary_top(self)
        model = self.model
        sizes = model.panel_sizes
        rows = censoring_rows(self.nobs, model.censoring_counts,
                              interval=not model.reports_limits)
        rows += [("Number of groups:", [f"{model.n_groups}"]),
                 ("Obs per group min:", [f"{sizes.min()}"]),
                 ("avg:", [f"{sizes.mean():.1f}"]), ("max:", [f"{sizes.max()}"]),
                 ("Integration pts:", [f"{model.quadpoints}"])]
        if model.reports_limits:
            lower, upper = model.default_limits()
            rows += [("Lower limit:", [limit_text(lower)]),
                     ("Upper limit:", [limit_text(upper)])]
        at = [label for label, _ in left].index("No. Observations:")
        left[at:at + 1] = rows
        wald = self._slopes_wald()
        right[:1] = [("Log likelihood:", [f"{self.llf:.4f}"])]
        if self.df_model > 0:
            right[1:1] = [(f"Wald chi2({self.df_model:g}):", [f"{wald:.2f}"]),
                          ("Prob > chi2:", [f"{stats.chi2.sf(wald, self.df_model):.4f}"])]
        return left, right

    def _summary_params(self, smry: Summary, xname: Sequence[str], alpha: float) -> None:
        """The table with Stata's ``/sigma_u`` and ``/sigma_e`` rows (no z test)."""
        names = [*list(xname)[:-2], "/sigma_u", "/sigma_e"]
        EMResults._summary_params(self, smry, names, alpha)
        blank_inference(smry.tables[-1], names[-2:])

    def _summary_notes(self) -> list[str]:
        """``rho`` with its SE and interval, and the LR test of ``sigma_u = 0``."""
        notes = super()._summary_notes()
        if self.cov_type != "none":
            low, high = self.rho_conf_int()
            notes.insert(0, f"rho = {self.rho:.6f} (std err {self.rho_se:.6f}, 95% CI "
                            f"{low:.6f} to {high:.6f}): the share of the latent variance "
                            "due to the panel effect.")
        test = self.pooled_lrtest()
        notes.insert(1 if self.cov_type != "none" else 0,
                     f"LR test of sigma_u=0: chibar2(01) = {test.statistic:.2f}, "
                     f"Prob >= chibar2 = {test.pvalue:.4f}.")
        return notes


__all__ = ["RandomEffectsResults"]
