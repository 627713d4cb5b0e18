r"""Marginal effects with delta-method standard errors.

Derivatives for continuous regressors; with ``dummy=True`` and ``count=True``, discrete
changes as statsmodels' discrete models compute them (``get_margeff``): for a 0/1
regressor :math:`\hat y(x_j = 1) - \hat y(x_j = 0)`, for a count regressor (nonnegative
integers, not 0/1) :math:`[\hat y(x_j + 1) - \hat y(x_j - 1)] / 2`, averaged over the
rows (``at="overall"``) or at the means of the regressors (``at="mean"``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.iolib.summary import Summary, summary_params
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
    yname : str
        The outcome's name (for the summary).
    discrete : dict
        The regressors with discrete changes, and their kind (``"dummy"``, ``"count"``).
    """

    def __init__(self, margeff: FloatArray, cov: FloatArray, names: Sequence[str],
                 at: str, which: str, *, yname: str = "y",
                 discrete: Mapping[str, str] | None = None) -> None:
        self.margeff = pd.Series(margeff, index=list(names), name="dy/dx")
        self.cov = pd.DataFrame(cov, index=list(names), columns=list(names))
        self.at = at
        self.which = which
        self.yname = yname
        self.discrete = dict(discrete or {})

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
        """A statsmodels Summary (text, LaTeX, HTML), laid out and formatted as the
        summary of statsmodels' ``get_margeff``."""
        names = list(self.margeff.index)
        smry = Summary()
        top = [("Dep. Variable:", [self.yname]), ("Method:", ["dydx"]), ("At:", [self.at]),
               ("Prediction:", [self.which])]
        smry.add_table_2cols(self, gleft=top, gright=[], yname=self.yname, xname=names,
                             title=f"Marginal effects on the {self.which} prediction")
        ci = self.conf_int(alpha).to_numpy()
        table = summary_params((self, self.margeff.to_numpy(), self.margeff_se.to_numpy(),
                                self.tvalues.to_numpy(), self.pvalues.to_numpy(), ci),
                               yname=self.yname, xname=names, alpha=alpha, use_t=False,
                               skip_header=True)
        table.insert_header_row(0, ["", "dy/dx", "std err", "z", "P>|z|",
                                    f"[{alpha / 2}", f"{1 - alpha / 2}]"])
        smry.tables.append(table)
        notes = ["Standard errors by the delta method."]
        if self.discrete:
            notes.append("Discrete changes: " + ", ".join(
                f"{name} ({kind})" for name, kind in self.discrete.items()) + ".")
        smry.add_extra_txt(notes)
        return smry


@dataclass(frozen=True)
class DiscreteChange:
    """A discrete change of one regressor: 0 to 1 (``"dummy"``) or ``x - 1`` to ``x + 1``
    (``"count"``, the difference halved: :attr:`step` is 2)."""

    kind: Literal["dummy", "count"]

    @property
    def step(self) -> float:
        """The change of the regressor between the two points."""
        return 1.0 if self.kind == "dummy" else 2.0

    def points(self, exog: FloatArray, j: int) -> tuple[FloatArray, FloatArray]:
        """``exog`` with column ``j`` at the low and at the high point of the change."""
        low, high = exog.copy(), exog.copy()
        if self.kind == "dummy":
            low[:, j], high[:, j] = 0.0, 1.0
        else:
            low[:, j] -= 1.0
            high[:, j] += 1.0
        return low, high


def discrete_changes(exog: FloatArray, variables: Sequence[int], *, dummy: bool,
                     count: bool) -> dict[int, DiscreteChange]:
    """The regressors (positions in ``variables``, columns of ``exog``) that get discrete
    changes: 0/1 columns with ``dummy``, other columns of nonnegative integers with
    ``count`` (statsmodels' rules)."""
    out: dict[int, DiscreteChange] = {}
    for pos, j in enumerate(variables):
        column = exog[:, j]
        integer = bool(np.all(column % 1.0 == 0.0))
        if dummy and integer and column.min() == 0.0 and column.max() == 1.0:
            out[pos] = DiscreteChange("dummy")
        elif count and integer and column.min() >= 0.0:
            if not (column.min() == 0.0 and column.max() == 1.0):
                out[pos] = DiscreteChange("count")
    return out


def delta_method_effects(
    effects: Callable[[FloatArray], FloatArray], params: FloatArray, cov_params: FloatArray,
    names: Sequence[str], *, at: str, which: str, yname: str = "y",
    discrete: Mapping[str, str] | None = None,
) -> MarginalEffects:
    """Evaluate ``effects(params)`` and its delta-method covariance (numerical Jacobian)."""
    value = effects(params)
    jac = np.atleast_2d(approx_fprime(params, effects, centered=True))
    return MarginalEffects(value, delta_method(jac, cov_params), names, at, which,
                           yname=yname, discrete=discrete)
