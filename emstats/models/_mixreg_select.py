"""The number of classes of a mixture of regressions: flexmix's ``stepFlexmix`` table.

:func:`select_mixreg` fits ``em.mixreg`` for every ``k`` (``k = 1`` is the plain
regression: Gaussian, Poisson, binomial or Tobit) and tabulates the llf, the number of
parameters, AIC, BIC and ICL (smaller is better, flexmix's and Stata's convention) and how
many starts reached each fit's best llf. The bootstrap likelihood-ratio test of ``k``
against ``k + 1`` classes is :func:`emstats.bootstrap_lrtest` on two of its fits
(the chi-square reference does not hold: fewer classes lie on the boundary).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .mixreg import MixtureRegressionResults, mixreg

CRITERIA = ("aic", "bic", "icl")


@dataclass(frozen=True)
class MixregSelection:
    """The table of :func:`select_mixreg` and its fits.

    Attributes
    ----------
    table : DataFrame
        One row per ``k``: ``llf``, ``df`` (free parameters), ``aic``, ``bic``, ``icl``
        (smaller is better), ``reached_best`` (starts that reached the fit's llf, of
        ``n_starts``), ``converged`` and ``degenerate``.
    fits : dict of int to results
        The fit of every ``k``.
    """

    table: pd.DataFrame
    fits: dict[int, MixtureRegressionResults]

    def best(self, criterion: str = "bic") -> MixtureRegressionResults:
        """The fit with the smallest ``criterion`` (``"aic"``, ``"bic"`` or ``"icl"``)
        among those that are not degenerate."""
        if criterion not in CRITERIA:
            raise ValueError(f"criterion must be one of {list(CRITERIA)}, got {criterion!r}")
        sound = self.table.loc[~self.table["degenerate"], criterion]
        if sound.isna().all():
            raise ValueError("every fit is degenerate: no best number of classes")
        classes = sound.index.to_numpy(dtype=int)
        return self.fits[int(classes[np.nanargmin(sound.to_numpy(dtype=float))])]


def select_mixreg(formula: str, data: pd.DataFrame, k: Any = range(1, 5), **kwargs: Any
                  ) -> MixregSelection:
    """Fit a mixture of regressions for every number of classes and tabulate the
    information criteria (flexmix's ``stepFlexmix``).

    Parameters
    ----------
    formula, data
        As :func:`emstats.mixreg`.
    k : iterable of int
        Numbers of classes (1 is the plain regression).
    **kwargs
        The other arguments of :func:`emstats.mixreg` (``family``, ``fixed``,
        ``concomitant`` for ``k >= 2``, weights...) and of ``fit`` (``n_starts``,
        ``random_state``, ``cov_type``, ``maxiter``), given to every fit.

    Returns
    -------
    MixregSelection
        ``.table`` and ``.best("bic")``.
    """
    fit_keys = ("n_starts", "random_state", "cov_type", "maxiter", "xtol", "ftol")
    fit_kwargs = {key: kwargs.pop(key) for key in fit_keys if key in kwargs}
    concomitant = kwargs.pop("concomitant", None)
    fits: dict[int, MixtureRegressionResults] = {}
    rows = []
    for classes in sorted({int(j) for j in k}):
        model = mixreg(formula, data, k=classes,
                       concomitant=concomitant if classes > 1 else None, **kwargs)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = model.fit(**fit_kwargs)
        degenerate = res.model.degenerate_reason(np.asarray(res.params)) is not None
        starts = getattr(res, "starts", None)
        reached = (int(starts["reached_best"].sum()) if isinstance(starts, pd.DataFrame)
                   and len(starts) else 1)
        fits[classes] = res
        rows.append({"k": classes, "llf": res.llf, "df": res.df_free,
                     "aic": res.aic, "bic": res.bic, "icl": res.icl,
                     "reached_best": reached, "converged": bool(res.converged),
                     "degenerate": degenerate, "warnings": len(caught)})
    return MixregSelection(pd.DataFrame(rows).set_index("k"), fits)


__all__ = ["MixregSelection", "select_mixreg"]
