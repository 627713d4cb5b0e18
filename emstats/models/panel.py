r"""Random-effects Tobit and interval regression for panels (Stata ``xttobit``,
``xtintreg``; R ``censReg``).

Each class is its pooled twin with the random effect of :mod:`._random_effects` mixed in:
:math:`y_{it}^* = x_{it}'\beta + u_i + e_{it}`, integrated by adaptive Gauss-Hermite
quadrature. The formula entry points are :func:`emstats.xttobit` and
:func:`emstats.xtintreg` (a separate entry point, as in Stata, since the panels change
what a unit is: the bootstrap draws panels and the scores are per panel).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ._panel_results import RandomEffectsResults
from ._random_effects import DEFAULT_QUADPOINTS, RandomEffects
from .censored import CensoredNormalModel, IntervalRegression, Tobit

_PANEL_DOC = """
    groups : array_like
        The panel identifier of each row (numbers or labels; in the formula interface
        also a column name). Panels may be unbalanced; rows need not be sorted.
    quadpoints : int
        Gauss-Hermite points per panel (Stata's ``intpoints()``, 12 by default); check the
        llf's stability with ``res.quadchk()``."""


class RandomEffectsCensoredModel(RandomEffects, CensoredNormalModel):
    """A censored-normal regression on given bounds with a random effect per panel (what
    the random-effects models' replicates are).

    Parameters
    ----------
    endog, exog, lower, upper
        As for :class:`~emstats.models.censored.CensoredNormalModel`.""" + _PANEL_DOC + """
    """

    model_name: ClassVar[str] = "Random-effects censored normal"

    def __init__(self, endog: Any, exog: Any, groups: Any, *, lower: Any, upper: Any,
                 quadpoints: int = DEFAULT_QUADPOINTS) -> None:
        super().__init__(endog, exog, lower=lower, upper=upper)
        self._init_panel(groups, quadpoints, pd.Index([]))


class RandomEffectsTobit(RandomEffects, Tobit):
    """Random-effects Tobit regression (Stata ``xttobit``).

    :math:`y_{it}^* = x_{it}'\\beta + u_i + e_{it}`, :math:`u_i \\sim N(0, \\sigma_u^2)`,
    :math:`e_{it} \\sim N(0, \\sigma_e^2)`, censored at ``left`` and/or ``right``.

    Parameters
    ----------
    endog, exog, left, right, missing
        As for :class:`~emstats.Tobit` (rows with a missing panel identifier follow
        ``missing=``).""" + _PANEL_DOC + """

    Notes
    -----
    Fitted by EM with the random effects and the censored outcomes as missing data
    (:mod:`emstats.models._random_effects`), then a Newton polish. The parameters are the
    coefficients, ``sigma_u`` and ``sigma_e``; the results add ``rho``, its SE and the
    LR test of ``sigma_u = 0`` against the pooled Tobit (``chibar2(01)``).
    """

    model_name: ClassVar[str] = "Random-effects Tobit"

    def __init__(self, endog: Any, exog: Any, groups: Any, left: Any = 0.0,
                 right: Any = None, *, quadpoints: int = DEFAULT_QUADPOINTS,
                 missing: str = "none") -> None:
        endog, exog, per_row, dropped = self._panel_rows(missing, endog, exog, groups,
                                                         left=left, right=right)
        super().__init__(endog, exog, per_row["left"], per_row["right"], missing=missing)
        self._init_panel(_kept_groups(per_row["groups"], endog, self), quadpoints, dropped)


class RandomEffectsIntervalRegression(RandomEffects, IntervalRegression):
    """Random-effects interval regression (Stata ``xtintreg``).

    Parameters
    ----------
    endog, exog, missing
        As for :class:`~emstats.IntervalRegression`.""" + _PANEL_DOC + """

    Notes
    -----
    As :class:`RandomEffectsTobit`, with each observation's bounds given.
    """

    model_name: ClassVar[str] = "Random-effects interval regression"

    def __init__(self, endog: Any, exog: Any, groups: Any, *,
                 quadpoints: int = DEFAULT_QUADPOINTS, missing: str = "none") -> None:
        endog, exog, per_row, dropped = self._panel_rows(missing, endog, exog, groups)
        super().__init__(endog, exog, missing=missing)
        self._init_panel(_kept_groups(per_row["groups"], endog, self), quadpoints, dropped)


def _kept_groups(groups: Any, endog: Any, model: CensoredNormalModel) -> Any:
    """The panel identifiers of the rows the family kept (it drops rows with a missing
    outcome under ``missing="drop"``)."""
    values = np.asarray(groups)
    dropped = getattr(model, "dropped_rows", None)
    if dropped is None or not len(dropped) or len(values) == model.exog.shape[0]:
        return values
    labels = endog.index if isinstance(endog, pd.Series | pd.DataFrame) else pd.RangeIndex(
        len(values))
    return values[~labels.isin(dropped)]


RandomEffects._random_effects_class = RandomEffectsCensoredModel
RandomEffects._results_class = RandomEffectsResults

__all__ = ["RandomEffectsCensoredModel", "RandomEffectsIntervalRegression",
           "RandomEffectsTobit"]
