r"""mclust-style plots of Gaussian mixtures, from plain data.

* :func:`plot_bic` -- a BIC (or ICL) table against the number of components, one line
  per covariance structure (mclust's ``plot.mclustBIC``).
* :func:`plot_classification` -- two data columns coloured by a classification, with
  each component's mean and probability ellipse.
* :func:`plot_uncertainty` -- two data columns with point size growing with the
  classification uncertainty.

A component is identified by its label (the index of ``means``, the columns of the
probabilities) and coloured by its position in that list (``C0``, ``C1``, ...).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from ._canvas import MARKERS, axes, state_colour
from ._results import accepts_results, bic_of, classification_of, uncertainty_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ellipse_axes", "plot_bic", "plot_classification", "plot_uncertainty"]

_CRITERIA = ("bic", "icl")
#: Marker areas (points^2) of the most certain and the least certain rows.
_SIZE_RANGE = (4.0, 80.0)


def _two_columns(data: pd.DataFrame, columns: Sequence[Hashable] | None
                 ) -> tuple[list[Hashable], list[int]]:
    """Names and positions of the two plotted data columns, checked."""
    names: list[Hashable] = list(data.columns)
    if len(names) < 2:
        raise ValueError(f"a scatter plot needs at least 2 data columns; the data have "
                         f"{len(names)} ({names})")
    if columns is None:
        chosen = names[:2]
    elif isinstance(columns, str) or len(columns) != 2:
        raise ValueError(f"columns must name exactly 2 data columns, got {columns!r}")
    else:
        chosen = list(columns)
    missing = [c for c in chosen if c not in names]
    if missing:
        raise ValueError(f"column(s) {missing} are not in the data; the data's columns are "
                         f"{names}")
    if chosen[0] == chosen[1]:
        raise ValueError(f"columns must be two different columns, got {chosen}")
    return chosen, [names.index(c) for c in chosen]


def _complete_rows(data: pd.DataFrame, positions: list[int]
                   ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The rows observed in both plotted columns: ``(xy, mask over the rows)``."""
    xy = data.to_numpy(dtype=float)[:, positions]
    keep = ~np.isnan(xy).any(axis=1)
    return xy[keep], keep


def _row_values(values: ArrayLike, n_rows: int, what: str) -> np.ndarray:
    """``values`` as an array with one entry (or row) per data row, checked."""
    out = np.asarray(values)
    if out.shape[:1] != (n_rows,):
        raise ValueError(f"{what} must have one entry per data row ({n_rows}), got shape "
                         f"{out.shape}")
    return out


def _label_axes(ax: Axes, columns: list[Hashable], title: str) -> None:
    ax.set_xlabel(str(columns[0]))
    ax.set_ylabel(str(columns[1]))
    ax.set_title(title)


def ellipse_axes(cov: ArrayLike, level: float = 0.95) -> tuple[float, float, float]:
    """Full axis lengths and angle of a bivariate normal probability contour.

    Parameters
    ----------
    cov : array_like
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


def _draw_components(ax: Axes, means: pd.DataFrame, covariances: NDArray[np.float64],
                     columns: list[Hashable], positions: list[int], level: float) -> None:
    """Each component's ``level`` ellipse and its mean, marked with an ``x``."""
    from matplotlib.patches import Ellipse

    for i, label in enumerate(means.index):
        colour = state_colour(i)
        centre = means.loc[label, columns].to_numpy(dtype=float)
        width, height, angle = ellipse_axes(covariances[i][np.ix_(positions, positions)],
                                            level)
        ax.add_patch(Ellipse((float(centre[0]), float(centre[1])), width, height,
                             angle=angle, fill=False, edgecolor=colour, linewidth=1.5))
        ax.plot(centre[0], centre[1], linestyle="none", marker="x", markersize=9,
                markeredgewidth=2, color=colour)


@accepts_results("selection", "selection.plot(criterion)", bic_of)
def plot_bic(table: pd.DataFrame, *, criterion: str = "bic", ax: Axes | None = None) -> Axes:
    """A BIC (or ICL) table against the number of components, one line per structure.

    Parameters
    ----------
    table : DataFrame
        The criterion, rows the numbers of components, columns the covariance
        structures (``MixtureSelection.bic`` or ``.icl`` of :func:`emstats.select_mixture`);
        NaN where a fit failed.
    criterion : {"bic", "icl"}
        Which criterion the table holds (the y-axis label). Both are on mclust's scale:
        larger is better.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    Axes
        The Axes drawn on.

    Notes
    -----
    Like mclust's ``plot.mclustBIC``. Structures whose fits all failed (NaN) get no
    line; a failed fit leaves a gap-free line through the remaining ``k``.
    ``selection.plot(criterion)`` draws the table of a selection; the call
    ``plot_bic(selection, criterion=...)`` is deprecated.
    """
    if criterion not in _CRITERIA:
        raise ValueError(f"criterion must be one of {list(_CRITERIA)}, got {criterion!r}")
    if table.isna().all().all():
        raise ValueError(f"every value of the {criterion} table is NaN (no fit succeeded); "
                         "nothing to plot")
    ax = axes(ax)
    for i, structure in enumerate(table.columns):
        values = table[structure].dropna()
        if values.empty:
            continue
        ax.plot(values.index.to_numpy(), values.to_numpy(), marker=MARKERS[i % len(MARKERS)],
                label=str(structure))
    ax.set_xticks(table.index.to_numpy())
    ax.set_xlabel("number of components")
    ax.set_ylabel(criterion.upper())
    ax.legend(title="covariance")
    return ax


@accepts_results("results", "results.plot_classification(columns)", classification_of)
def plot_classification(data: pd.DataFrame, classification: ArrayLike, means: pd.DataFrame,
                        covariances: ArrayLike, columns: Sequence[Hashable] | None = None, *,
                        ax: Axes | None = None, level: float = 0.95) -> Axes:
    r"""Two data columns coloured by a classification, with the component ellipses.

    Parameters
    ----------
    data : DataFrame
        The data (n x d, NaN where missing).
    classification : array_like
        The component label of each row (n), e.g. the MAP classification
        ``results.predict()``.
    means : DataFrame
        The component means (k x d): one row per component, labelled as in
        ``classification``, with the columns of ``data``.
    covariances : array_like
        The component covariance matrices (k x d x d), in the order of the rows of
        ``means`` and of the columns of ``data``.
    columns : sequence of 2 labels, optional
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
    plotted columns in component :math:`j`. ``results.plot_classification()`` draws a
    fitted mixture; the call ``plot_classification(results, ...)`` is deprecated.
    """
    chosen, positions = _two_columns(data, columns)
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be a probability in (0, 1), got {level}")
    covs = np.asarray(covariances, dtype=float)
    k, d = len(means), data.shape[1]
    if covs.shape != (k, d, d):
        raise ValueError(f"covariances must be k x d x d = {(k, d, d)} (one per row of "
                         f"means), got shape {covs.shape}")
    labels = _row_values(classification, len(data), "classification")
    xy, keep = _complete_rows(data, positions)
    labels = labels[keep]
    ax = axes(ax)
    for i, label in enumerate(means.index):
        rows = labels == label
        ax.scatter(xy[rows, 0], xy[rows, 1], s=12, color=state_colour(i), alpha=0.7,
                   label=f"component {label}")
    _draw_components(ax, means, covs, chosen, positions, level)
    _label_axes(ax, chosen, "Classification")
    ax.legend()
    return ax


@accepts_results("results", "results.plot_uncertainty(columns)", uncertainty_of)
def plot_uncertainty(data: pd.DataFrame, probabilities: pd.DataFrame,
                     columns: Sequence[Hashable] | None = None, *,
                     ax: Axes | None = None) -> Axes:
    r"""Two data columns, point size growing with the classification uncertainty.

    Parameters
    ----------
    data : DataFrame
        The data (n x d, NaN where missing).
    probabilities : DataFrame
        The posterior probabilities of the components (n x k, one column per
        component), e.g. ``results.predict_proba()``.
    columns : sequence of 2 labels, optional
        The x and y columns; the first two data columns if omitted.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    Axes
        The Axes drawn on, with one scatter of the rows observed in both columns.

    Notes
    -----
    Like mclust's uncertainty plot. The uncertainty of row :math:`i` is
    :math:`1 - \max_j z_{ij}`, at most :math:`1 - 1/k`; the marker area rises linearly
    from the smallest (certain rows) to the largest (``1 - 1/k``) so plots of fits with
    the same ``k`` compare. Points are coloured by their most probable component.
    ``results.plot_uncertainty()`` draws a fitted mixture; the call
    ``plot_uncertainty(results, ...)`` is deprecated.
    """
    chosen, positions = _two_columns(data, columns)
    z = _row_values(probabilities, len(data), "probabilities").astype(float)
    if z.ndim != 2 or z.shape[1] < 1:
        raise ValueError(f"probabilities must be n x k, got shape {z.shape}")
    xy, keep = _complete_rows(data, positions)
    uncertainty = (1.0 - z.max(axis=1))[keep]
    component = z.argmax(axis=1)[keep]
    ceiling = 1.0 - 1.0 / z.shape[1]
    scaled = uncertainty / ceiling if ceiling > 0 else np.zeros_like(uncertainty)
    low, high = _SIZE_RANGE
    ax = axes(ax)
    ax.scatter(xy[:, 0], xy[:, 1], s=low + (high - low) * np.clip(scaled, 0.0, 1.0),
               c=[state_colour(i) for i in component], alpha=0.7)
    _label_axes(ax, chosen, "Uncertainty")
    return ax
