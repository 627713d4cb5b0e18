"""The log-likelihood along the EM iterations of any fit, from its history frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._canvas import axes
from ._results import accepts_results, llf_trace_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_llf_trace"]


@accepts_results("results", "results.plot_llf_trace()", llf_trace_of)
def plot_llf_trace(history: pd.DataFrame, *, ax: Axes | None = None,
                   increase: bool = False) -> Axes:
    """The log-likelihood along the EM iterations.

    Parameters
    ----------
    history : DataFrame
        One row per EM iteration with an ``llf`` column and, optionally, an
        ``iteration`` column (the positions if it has none): ``results.history`` of
        any emstats fit.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    increase : bool
        Also draw the llf increase between iterations on a log-scaled second
        y-axis (``ax.twinx()``); only positive increases can be shown.

    Returns
    -------
    Axes
        The Axes of the llf line (the increase, if drawn, is on its twin).

    Notes
    -----
    An emstats ``history["llf"]`` is the log-likelihood at the iterate each iteration
    starts from, so the final llf (``results.llf``) follows the last point.
    ``results.plot_llf_trace()`` draws a fit's history; the call
    ``plot_llf_trace(results)`` is deprecated.
    """
    if "llf" not in history.columns or history.empty:
        raise ValueError("the history has no llf values to plot")
    llf = history["llf"].to_numpy(dtype=float)
    iteration = (history["iteration"].to_numpy() if "iteration" in history.columns
                 else np.arange(len(llf)))
    ax = axes(ax)
    ax.plot(iteration, llf, marker="o", markersize=3, color="C0", label="llf")
    ax.set_xlabel("iteration")
    ax.set_ylabel("log-likelihood")
    if increase:
        _draw_increase(ax, iteration, llf)
    return ax


def _draw_increase(ax: Axes, iteration: np.ndarray, llf: NDArray[np.float64]) -> Axes:
    """The positive llf increases on a log-scaled twin y-axis of ``ax``."""
    change = np.diff(llf)
    positive = change > 0
    twin = ax.twinx()
    twin.plot(iteration[1:][positive], change[positive], linestyle="--", marker=".",
              color="C1", label="llf increase")
    twin.set_yscale("log")
    twin.set_ylabel("llf increase (log scale)")
    return twin
