"""Marginal effects with delta-method standard errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.iolib.summary import Summary
from statsmodels.iolib.table import SimpleTable
from statsmodels.tools.numdiff import approx_fprime

from ..typing import FloatArray
from .covariance import delta_method


class MarginalEffects:
    """Marginal effects, their covariance, and tests.

    Attributes
    ----------
    margeff : Series
        The effects.
    cov : DataFrame
        Their delta-method covariance.
    at, which : str
        Where the effects are evaluated and which prediction is differentiated.
    """

    def __init__(self, margeff: FloatArray, cov: FloatArray, names: Sequence[str],
                 at: str, which: str) -> None:
        self.margeff = pd.Series(margeff, index=list(names), name="dy/dx")
        self.cov = pd.DataFrame(cov, index=list(names), columns=list(names))
        self.at = at
        self.which = which

    @property
    def margeff_se(self) -> pd.Series:
        """Standard errors."""
        return pd.Series(np.sqrt(np.diag(self.cov)), index=self.margeff.index, name="Std. Err.")

    @property
    def tvalues(self) -> pd.Series:
        """z statistics."""
        return self.margeff / self.margeff_se

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided normal p-values."""
        return pd.Series(2 * stats.norm.sf(np.abs(self.tvalues)), index=self.margeff.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Normal confidence intervals."""
        q = stats.norm.ppf(1 - alpha / 2)
        se = self.margeff_se
        return pd.DataFrame({"lower": self.margeff - q * se, "upper": self.margeff + q * se})

    def summary_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """Effects, SEs, z, p-values and confidence limits in one frame."""
        ci = self.conf_int(alpha)
        return pd.DataFrame({
            "dy/dx": self.margeff, "Std. Err.": self.margeff_se, "z": self.tvalues,
            "P>|z|": self.pvalues,
            f"Conf. Int. Low ({alpha / 2:g})": ci["lower"],
            f"Conf. Int. Hi. ({1 - alpha / 2:g})": ci["upper"],
        })

    def summary(self, alpha: float = 0.05) -> Summary:
        """A statsmodels Summary (text, LaTeX, HTML)."""
        frame = self.summary_frame(alpha)
        smry = Summary()
        smry.tables.append(SimpleTable(
            [[f"{v:.6g}" for v in row] for row in frame.to_numpy()],
            headers=list(frame.columns), stubs=list(frame.index),
            title=f"Marginal effects on the {self.which} prediction (at: {self.at})",
        ))
        smry.add_extra_txt(["Standard errors by the delta method."])
        return smry


def delta_method_effects(
    effects: Callable[[FloatArray], FloatArray], params: FloatArray, cov_params: FloatArray,
    names: Sequence[str], *, at: str, which: str,
) -> MarginalEffects:
    """Evaluate ``effects(params)`` and its delta-method covariance (numerical Jacobian)."""
    value = effects(params)
    jac = np.atleast_2d(approx_fprime(params, effects, centered=True))
    return MarginalEffects(value, delta_method(jac, cov_params), names, at, which)
