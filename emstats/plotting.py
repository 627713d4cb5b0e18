r"""Plots of EM fits: the convergence trace and mclust-style Gaussian mixture plots.

matplotlib is an optional dependency (``pip install "emstats[plot]"``); it is imported
only when a plot is drawn, so ``import emstats`` never needs it.

* :func:`plot_bic` -- BIC (or ICL) against the number of components, one line per
  covariance structure (mclust's ``plot.mclustBIC``).
* :func:`plot_classification` -- two data columns coloured by the MAP classification,
  with each component's mean and probability ellipse.
* :func:`plot_uncertainty` -- two data columns with point size growing with the
  classification uncertainty.
* :func:`plot_llf_trace` -- the log-likelihood along the EM iterations (any EM fit).
* :func:`plot_loadings` -- a heatmap of factor loadings.
* :func:`plot_scree` -- eigenvalues against their number, with a parallel-analysis
  reference.

Every function draws on ``ax`` if given, otherwise on a new figure from
``matplotlib.pyplot.subplots()``, and returns the Axes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .base import EMResults
    from .models.gaussian import GaussianMixtureResults, MixtureSelection

__all__ = ["plot_bic", "plot_classification", "plot_llf_trace", "plot_loadings",
           "plot_regime_probabilities", "plot_scree", "plot_uncertainty"]

_CRITERIA = ("bic", "icl")
_MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">", "h", "p", "d", "8")
#: Marker areas (points^2) of the most certain and the least certain rows.
_SIZE_RANGE = (4.0, 80.0)


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError('emstats plots need matplotlib: pip install "emstats[plot]"') from err
    return plt


def _axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new figure."""
    if ax is not None:
        return ax
    return _pyplot().subplots()[1]


def _component_colour(label: int) -> str:
    """Colour of component ``label`` (numbered from 0) from the property cycle."""
    return f"C{int(label) % 10}"


def _two_columns(results: GaussianMixtureResults, columns: Sequence[str] | None
                 ) -> tuple[list[str], list[int]]:
    """Names and positions of the two plotted data columns, checked."""
    names = list(results.model.columns)
    if len(names) < 2:
        raise ValueError(f"a scatter plot needs at least 2 data columns; the fit has "
                         f"{len(names)} ({names})")
    if columns is None:
        chosen = names[:2]
    elif isinstance(columns, str) or len(columns) != 2:
        raise ValueError(f"columns must name exactly 2 data columns, got {columns!r}")
    else:
        chosen = [str(c) for c in columns]
    missing = [c for c in chosen if c not in names]
    if missing:
        raise ValueError(f"column(s) {missing} are not in the data; the fit's columns are "
                         f"{names}")
    if chosen[0] == chosen[1]:
        raise ValueError(f"columns must be two different columns, got {chosen}")
    return chosen, [names.index(c) for c in chosen]


def _complete_rows(results: GaussianMixtureResults, positions: list[int]
                   ) -> tuple[np.ndarray, np.ndarray]:
    """The fit's rows observed in both plotted columns: ``(xy, mask over the rows)``."""
    xy = np.asarray(results.model.values)[:, positions]
    keep = ~np.isnan(xy).any(axis=1)
    return xy[keep], keep


def _label_axes(ax: Axes, columns: list[str], title: str) -> None:
    ax.set_xlabel(columns[0])
    ax.set_ylabel(columns[1])
    ax.set_title(title)


def _ellipse_axes(cov: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Full axis lengths and angle of a bivariate normal probability contour.

    Parameters
    ----------
    cov : ndarray
        A 2 x 2 covariance matrix.
    level : float
        Probability inside the contour, in (0, 1).

    Returns
    -------
    width, height : float
        Full lengths of the major and minor axes: ``2 sqrt(c lambda)`` for the
        eigenvalues ``lambda`` of ``cov`` and ``c`` the ``level`` quantile of a
        chi-square with 2 degrees of freedom.
    angle : float
        Angle of the major axis from the x-axis, in degrees.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be a probability in (0, 1), got {level}")
    eigvals, eigvecs = np.linalg.eigh(np.asarray(cov, dtype=float))
    radius = np.sqrt(stats.chi2.ppf(level, 2))
    minor, major = 2.0 * radius * np.sqrt(np.clip(eigvals, 0.0, None))
    angle = np.degrees(np.arctan2(eigvecs[1, 1], eigvecs[0, 1]))
    return float(major), float(minor), float(angle)


def _draw_components(ax: Axes, results: GaussianMixtureResults, columns: list[str],
                     positions: list[int], level: float) -> None:
    """Each component's ``level`` ellipse and its mean, marked with an ``x``."""
    from matplotlib.patches import Ellipse

    covariances = results.covariances
    means = results.means
    for j in means.index:
        colour = _component_colour(j)
        centre = means.loc[j, columns].to_numpy(dtype=float)
        width, height, angle = _ellipse_axes(covariances[j][np.ix_(positions, positions)],
                                            level)
        ax.add_patch(Ellipse(tuple(centre), width, height, angle=angle, fill=False,
                             edgecolor=colour, linewidth=1.5))
        ax.plot(centre[0], centre[1], linestyle="none", marker="x", markersize=9,
                markeredgewidth=2, color=colour)


def plot_bic(selection: MixtureSelection, *, ax: Axes | None = None,
             criterion: str = "bic") -> Axes:
    """BIC (or ICL) against the number of components, one line per structure.

    Parameters
    ----------
    selection : MixtureSelection
        The result of :func:`emstats.select_mixture`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    criterion : {"bic", "icl"}
        Which table to plot. Both are on mclust's scale: larger is better.

    Returns
    -------
    Axes
        The Axes drawn on.

    Notes
    -----
    Like mclust's ``plot.mclustBIC``. Structures whose fits all failed (NaN) get no
    line; a failed fit leaves a gap-free line through the remaining ``k``.
    """
    if criterion not in _CRITERIA:
        raise ValueError(f"criterion must be one of {list(_CRITERIA)}, got {criterion!r}")
    table: pd.DataFrame = getattr(selection, criterion)
    if table.isna().all().all():
        raise ValueError(f"every value of selection.{criterion} is NaN (no fit succeeded); "
                         "nothing to plot")
    ax = _axes(ax)
    for i, structure in enumerate(table.columns):
        values = table[structure].dropna()
        if values.empty:
            continue
        ax.plot(values.index.to_numpy(), values.to_numpy(), marker=_MARKERS[i % len(_MARKERS)],
                label=str(structure))
    ax.set_xticks(table.index.to_numpy())
    ax.set_xlabel("number of components")
    ax.set_ylabel(criterion.upper())
    ax.legend(title="covariance")
    return ax


def plot_classification(results: GaussianMixtureResults, columns: Sequence[str] | None = None,
                        *, ax: Axes | None = None, level: float = 0.95) -> Axes:
    r"""Two data columns coloured by the MAP classification, with component ellipses.

    Parameters
    ----------
    results : GaussianMixtureResults
        A fitted Gaussian mixture.
    columns : sequence of 2 str, optional
        The x and y columns; the first two data columns if omitted.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.
    level : float
        Probability inside each component's ellipse, in (0, 1).

    Returns
    -------
    Axes
        The Axes drawn on: one scatter per component (labelled ``"component j"``),
        one ellipse patch and one mean marker per component.

    Notes
    -----
    Rows missing either plotted column are left out. The ellipse of component
    :math:`j` is the ``level`` contour of its bivariate normal marginal,

    .. math:: (x - \mu_j)' \Sigma_j^{-1} (x - \mu_j) = \chi^2_{2}(\text{level}),

    with :math:`\mu_j` and :math:`\Sigma_j` the mean and covariance of the two
    plotted columns in component :math:`j`.
    """
    columns, positions = _two_columns(results, columns)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be a probability in (0, 1), got {level}")
    xy, keep = _complete_rows(results, positions)
    labels = results.predict().to_numpy()[keep]
    ax = _axes(ax)
    for j in results.means.index:
        rows = labels == j
        ax.scatter(xy[rows, 0], xy[rows, 1], s=12, color=_component_colour(j), alpha=0.7,
                   label=f"component {j}")
    _draw_components(ax, results, columns, positions, level)
    _label_axes(ax, columns, "Classification")
    ax.legend()
    return ax


def plot_uncertainty(results: GaussianMixtureResults, columns: Sequence[str] | None = None,
                     *, ax: Axes | None = None) -> Axes:
    """Two data columns, point size growing with the classification uncertainty.

    Parameters
    ----------
    results : GaussianMixtureResults
        A fitted Gaussian mixture.
    columns : sequence of 2 str, optional
        The x and y columns; the first two data columns if omitted.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    Axes
        The Axes drawn on, with one scatter of the rows observed in both columns.

    Notes
    -----
    Like mclust's uncertainty plot. The uncertainty of a row is ``1 - max_j z_ij``,
    at most ``1 - 1/k``; the marker area rises linearly from the smallest (certain
    rows) to the largest (``1 - 1/k``) so plots of fits with the same ``k`` compare.
    Points are coloured by their MAP component.
    """
    columns, positions = _two_columns(results, columns)
    xy, keep = _complete_rows(results, positions)
    uncertainty = results.uncertainty.to_numpy()[keep]
    labels = results.predict().to_numpy()[keep]
    ceiling = 1.0 - 1.0 / results.model.k
    scaled = uncertainty / ceiling if ceiling > 0 else np.zeros_like(uncertainty)
    low, high = _SIZE_RANGE
    ax = _axes(ax)
    ax.scatter(xy[:, 0], xy[:, 1], s=low + (high - low) * np.clip(scaled, 0.0, 1.0),
               c=[_component_colour(j) for j in labels], alpha=0.7)
    _label_axes(ax, columns, "Uncertainty")
    return ax


def plot_llf_trace(results: EMResults, *, ax: Axes | None = None,
                   increase: bool = False) -> Axes:
    """The log-likelihood along the EM iterations of any emstats fit.

    Parameters
    ----------
    results : EMResults
        A fitted EM model (mixture, Tobit, ...) with its ``history``.
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
    ``history["llf"]`` is the log-likelihood at the iterate each iteration starts
    from, so the final llf (``results.llf``) follows the last point.
    """
    history = results.history
    if "llf" not in history.columns or history.empty:
        raise ValueError("results.history has no llf values to plot")
    llf = history["llf"].to_numpy(dtype=float)
    iteration = (history["iteration"].to_numpy() if "iteration" in history.columns
                 else np.arange(len(llf)))
    ax = _axes(ax)
    ax.plot(iteration, llf, marker="o", markersize=3, color="C0", label="llf")
    ax.set_xlabel("iteration")
    ax.set_ylabel("log-likelihood")
    if increase:
        _draw_increase(ax, iteration, llf)
    return ax


def _draw_increase(ax: Axes, iteration: np.ndarray, llf: np.ndarray) -> Axes:
    """The positive llf increases on a log-scaled twin y-axis of ``ax``."""
    change = np.diff(llf)
    positive = change > 0
    twin = ax.twinx()
    twin.plot(iteration[1:][positive], change[positive], linestyle="--", marker=".",
              color="C1", label="llf increase")
    twin.set_yscale("log")
    twin.set_ylabel("llf increase (log scale)")
    return twin


def plot_regime_probabilities(results: Any, regime: int | None = None, *,
                              kind: str = "smoothed", ax: Axes | None = None) -> Axes:
    """A Markov-switching series with the probabilities of its regimes over time.

    Parameters
    ----------
    results : MarkovSwitchingResults
        A fitted :class:`emstats.MarkovSwitching` model.
    regime : int, optional
        The regime whose probability is shaded; all regimes (stacked) if omitted.
    kind : {"smoothed", "filtered", "predicted"}
        Which probabilities.
    ax : matplotlib Axes, optional
        Where to draw the series; the probabilities go on a twin axis (0 to 1).

    Returns
    -------
    Axes
        The Axes of the series.
    """
    frames = {"smoothed": "smoothed_probabilities", "filtered": "filtered_probabilities",
              "predicted": "predicted_probabilities"}
    if kind not in frames:
        raise ValueError(f"kind must be one of {sorted(frames)}, got {kind!r}")
    prob = getattr(results, frames[kind])
    if regime is not None and regime not in prob.columns:
        raise ValueError(f"regime must be one of {list(prob.columns)}, got {regime!r}")
    model = results.model
    ax = _axes(ax)
    x = prob.index
    ax.plot(x, model.endog[model.order:], color="black", linewidth=1, label="series")
    ax.set_ylabel(str(model.endog_names))
    twin = ax.twinx()
    shown = prob.columns if regime is None else [regime]
    bottom = np.zeros(len(prob))
    for label in shown:
        top = bottom + prob[label].to_numpy()
        twin.fill_between(x, bottom, top, step="mid", alpha=0.3, color=f"C{label % 10}",
                          label=f"Pr(regime {label})")
        bottom = top if regime is None else bottom
    twin.set_ylim(0, 1)
    twin.set_ylabel(f"{kind} probability")
    twin.legend(loc="upper right")
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    return ax


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
    ax = _axes(ax)
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
        ``"eigenvalues"``) and, if given, the reference line (``"parallel analysis"``).
    """
    values = np.asarray(eigenvalues, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {values.shape}")
    number = np.arange(1, values.size + 1)
    ax = _axes(ax)
    ax.plot(number, values, marker="o", color="C0", label="eigenvalues")
    if parallel is not None:
        reference = np.asarray(parallel, dtype=float)
        if reference.shape != values.shape:
            raise ValueError(f"parallel must have the shape of eigenvalues {values.shape}, "
                             f"got {reference.shape}")
        ax.plot(number, reference, linestyle="--", color="C1", label="parallel analysis")
        ax.legend()
    ax.set_xticks(number)
    ax.set_xlabel("component number")
    ax.set_ylabel("eigenvalue")
    return ax
