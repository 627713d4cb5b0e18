"""Plots of factor analysis: a loadings heatmap and a scree plot."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._canvas import axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_loadings", "plot_scree"]


def plot_loadings(loadings: pd.DataFrame | np.ndarray, *, ax: Axes | None = None,
                  annotate: bool = True) -> Axes:
    """A heatmap of a p x k loadings matrix, one cell per variable and factor.

    Parameters
    ----------
    loadings : DataFrame or ndarray
        The p x k loadings; a DataFrame's index and columns label the rows and columns.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    annotate : bool
        Write each loading (two decimals) in its cell.

    Returns
    -------
    Axes
        The Axes drawn on, holding one image of the p x k loadings (and its colorbar on
        a separate Axes of the figure).

    Notes
    -----
    A diverging colormap (``RdBu_r``) centred at 0: the limits are +-1 when every
    loading lies in [-1, 1] (standardised variables, orthogonal factors), otherwise
    +- the largest absolute loading.
    """
    frame = pd.DataFrame(loadings)
    values = frame.to_numpy(dtype=float)
    if values.ndim != 2 or values.size == 0 or not np.isfinite(values).all():
        raise ValueError(f"loadings must be a non-empty p x k matrix of finite numbers, got "
                         f"shape {values.shape}")
    limit = max(1.0, float(np.abs(values).max()))
    ax = axes(ax)
    image = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="loading")
    ax.set_xticks(np.arange(values.shape[1]), [str(c) for c in frame.columns])
    ax.set_yticks(np.arange(values.shape[0]), [str(r) for r in frame.index])
    if annotate:
        for (i, j), value in np.ndenumerate(values):
            ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize="small",
                    color="white" if abs(value) > 0.6 * limit else "black")
    ax.set_title("Loadings")
    return ax


def plot_scree(eigenvalues: Sequence[float] | np.ndarray, *,
               parallel: Sequence[float] | np.ndarray | None = None,
               ax: Axes | None = None) -> Axes:
    """Eigenvalues against their number, with a parallel-analysis reference line.

    Parameters
    ----------
    eigenvalues : array_like
        The eigenvalues (e.g. of the sample correlation matrix), largest first.
    parallel : array_like, optional
        Reference eigenvalues of the same length, e.g. from
        :func:`emstats.models._factor_fit.parallel_analysis_eigenvalues`; drawn dashed.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    Axes
        The Axes drawn on: one line with a marker per eigenvalue (label
        ``"eigenvalues"``) and, if given, the reference line (``"parallel analysis"``);
        integer ticks on the component axis, at most about ten.
    """
    values = np.asarray(eigenvalues, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {values.shape}")
    number = np.arange(1, values.size + 1)
    ax = axes(ax)
    ax.plot(number, values, marker="o", color="C0", label="eigenvalues")
    if parallel is not None:
        reference = np.asarray(parallel, dtype=float)
        if reference.shape != values.shape:
            raise ValueError(f"parallel must have the shape of eigenvalues {values.shape}, "
                             f"got {reference.shape}")
        ax.plot(number, reference, linestyle="--", color="C1", label="parallel analysis")
        ax.legend()
    from matplotlib.ticker import MaxNLocator

    # integer ticks, at most about ten of them, however many eigenvalues
    ax.xaxis.set_major_locator(MaxNLocator(nbins=10, integer=True, min_n_ticks=1))
    ax.set_xlim(0.5, values.size + 0.5)
    ax.set_xlabel("component number")
    ax.set_ylabel("eigenvalue")
    return ax
