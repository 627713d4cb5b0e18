"""A regime-switching series with the probabilities of its regimes over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._canvas import axes, state_colour
from ._results import accepts_results, regime_probabilities_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_regime_probabilities"]


@accepts_results("results", "results.plot_regime_probabilities(regime, kind=...)",
                 regime_probabilities_of)
def plot_regime_probabilities(probabilities: pd.DataFrame, series: ArrayLike,
                              regime: int | None = None, *, kind: str = "smoothed",
                              ax: Axes | None = None) -> Axes:
    """A series with the probabilities of its regimes over time.

    Parameters
    ----------
    probabilities : DataFrame
        The regime probabilities (T x k): one row per period (its index is the time
        axis), one column per regime, e.g. ``results.smoothed_probabilities`` of a
        :class:`emstats.MarkovSwitching` fit.
    series : array_like or Series
        The series at the same T periods, by position; a Series' name labels its axis.
    regime : int, optional
        The regime (a column of ``probabilities``) whose probability is shaded; all
        regimes (stacked) if omitted.
    kind : str
        Which probabilities these are (``"smoothed"``, ``"filtered"``, ``"predicted"``),
        for the axis label.
    ax : matplotlib Axes, optional
        Where to draw the series; the probabilities go on a twin axis (0 to 1).

    Returns
    -------
    Axes
        The Axes of the series.

    Notes
    -----
    Regimes are coloured by their position among the columns (``C0``, ``C1``, ...).
    ``results.plot_regime_probabilities()`` draws a fit; the call
    ``plot_regime_probabilities(results, ...)`` is deprecated.
    """
    if regime is not None and regime not in probabilities.columns:
        raise ValueError(f"regime must be one of {list(probabilities.columns)}, got "
                         f"{regime!r}")
    values = np.asarray(series, dtype=float).reshape(-1)
    if values.shape != (len(probabilities),):
        raise ValueError(f"series must have one value per period ({len(probabilities)}), "
                         f"got shape {np.shape(series)}")
    name = series.name if isinstance(series, pd.Series) else None
    ax = axes(ax)
    x = probabilities.index
    ax.plot(x, values, color="black", linewidth=1, label="series")
    ax.set_ylabel("" if name is None else str(name))
    twin = ax.twinx()
    bottom = np.zeros(len(probabilities))
    for position, label in enumerate(probabilities.columns):
        if regime is not None and label != regime:
            continue
        top = bottom + probabilities[label].to_numpy(dtype=float)
        twin.fill_between(x, bottom, top, step="mid", alpha=0.3, color=state_colour(position),
                          label=f"Pr(regime {label})")
        bottom = top if regime is None else bottom
    twin.set_ylim(0, 1)
    twin.set_ylabel(f"{kind} probability")
    twin.legend(loc="upper right")
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return ax
