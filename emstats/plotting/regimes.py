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
    series : array_like, Series or DataFrame
        The series at the same T periods, by position: one (a Series' name labels its
        axis) or several (T x d, e.g. the columns of a hidden Markov model, each a line
        in the legend).
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
    Regimes are coloured by their position among the columns (``C0``, ``C1``, ...) and
    named by the columns' name (``probabilities.columns.name``: ``"state"`` for an HMM;
    ``"regime"`` if it has none). The legend sits above the plot, outside the series.
    ``results.plot_regime_probabilities()`` draws a fit; the call
    ``plot_regime_probabilities(results, ...)`` is deprecated.
    """
    if regime is not None and regime not in probabilities.columns:
        raise ValueError(f"regime must be one of {list(probabilities.columns)}, got "
                         f"{regime!r}")
    values, names = _series_columns(series)
    if values.shape[0] != len(probabilities):
        raise ValueError(f"series must have one value per period ({len(probabilities)}), "
                         f"got shape {np.shape(series)}")
    ax = axes(ax)
    x = probabilities.index
    single = values.shape[1] == 1
    for j, name in enumerate(names):
        ax.plot(x, values[:, j], color="black" if single else f"C{(j + 5) % 10}",
                linewidth=1, label=name or "series")
    ax.set_ylabel((names[0] or "") if single else "")
    twin = ax.twinx()
    state = probabilities.columns.name or "regime"
    bottom = np.zeros(len(probabilities))
    for position, label in enumerate(probabilities.columns):
        if regime is not None and label != regime:
            continue
        top = bottom + probabilities[label].to_numpy(dtype=float)
        twin.fill_between(x, bottom, top, step="mid", alpha=0.3, color=state_colour(position),
                          label=f"Pr({state} {label})")
        bottom = top if regime is None else bottom
    twin.set_ylim(0, 1)
    twin.set_ylabel(f"{kind} probability")
    handles, labels = twin.get_legend_handles_labels()
    if not single:
        lines, line_labels = ax.get_legend_handles_labels()
        handles, labels = lines + handles, line_labels + labels
    # above the axes, so that it never hides the series
    twin.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.0, 1.01),
                ncol=min(len(labels), 4), frameon=False, borderaxespad=0.0)
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return ax


def _series_columns(series: ArrayLike) -> tuple[np.ndarray, list[str | None]]:
    """The series as T x d values and the names of its columns (None when unnamed)."""
    if isinstance(series, pd.DataFrame):
        return series.to_numpy(dtype=float), [str(c) for c in series.columns]
    values = np.asarray(series, dtype=float)
    if values.ndim == 2:
        return values, [f"y{j}" for j in range(values.shape[1])]
    name = series.name if isinstance(series, pd.Series) else None
    return values.reshape(-1, 1), [None if name is None else str(name)]
