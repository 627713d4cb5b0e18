"""The deprecated calls with a results object: ``plot_x(results, ...)``.

Before, every plot took an emstats results object; now it takes plain data (frames,
series, arrays) and the results methods (``res.plot_classification()``, ...) pass it.
:func:`accepts_results` keeps the old calls working, with a DeprecationWarning,
without importing emstats: a first argument that is not plain data is taken for a
results object, and the call goes to the results method that replaces it (declared
here as a structural :class:`~typing.Protocol`, so nothing is looked up by name).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, Protocol

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "ClassificationPlots",
    "LlfTracePlot",
    "RegimePlot",
    "SelectionPlot",
    "accepts_results",
    "bic_of",
    "classification_of",
    "llf_trace_of",
    "regime_probabilities_of",
    "uncertainty_of",
]

P = ParamSpec("P")

#: The types of the plain data a plot's first argument is (anything else is a
#: results object of the deprecated call).
PLAIN_DATA = (pd.DataFrame, pd.Series, np.ndarray, Mapping, Sequence)


class ClassificationPlots(Protocol):
    """A Gaussian mixture fit (``GaussianMixtureResults``)."""

    def plot_classification(self, columns: Sequence[str] | None = None, *,
                            ax: Axes | None = None, level: float = 0.95) -> Axes: ...

    def plot_uncertainty(self, columns: Sequence[str] | None = None, *,
                         ax: Axes | None = None) -> Axes: ...


class SelectionPlot(Protocol):
    """The BIC table of :func:`emstats.select_mixture` (``MixtureSelection``)."""

    def plot(self, criterion: str = "bic", *, ax: Axes | None = None) -> Axes: ...


class LlfTracePlot(Protocol):
    """Any EM fit (``EMResults``)."""

    def plot_llf_trace(self, *, ax: Axes | None = None, increase: bool = False) -> Axes: ...


class RegimePlot(Protocol):
    """A Markov-switching fit (``MarkovSwitchingResults``)."""

    def plot_regime_probabilities(self, regime: int | None = None, *, kind: str = "smoothed",
                                  ax: Axes | None = None) -> Axes: ...


# -- the old calls, each through the results method that replaces it -------------------------
def classification_of(results: ClassificationPlots, columns: Sequence[str] | None = None, *,
                      ax: Axes | None = None, level: float = 0.95) -> Axes:
    """``plot_classification(results, columns, ax=, level=)``."""
    return results.plot_classification(columns, ax=ax, level=level)


def uncertainty_of(results: ClassificationPlots, columns: Sequence[str] | None = None, *,
                   ax: Axes | None = None) -> Axes:
    """``plot_uncertainty(results, columns, ax=)``."""
    return results.plot_uncertainty(columns, ax=ax)


def bic_of(selection: SelectionPlot, *, ax: Axes | None = None, criterion: str = "bic"
           ) -> Axes:
    """``plot_bic(selection, ax=, criterion=)``."""
    return selection.plot(criterion, ax=ax)


def llf_trace_of(results: LlfTracePlot, *, ax: Axes | None = None, increase: bool = False
                 ) -> Axes:
    """``plot_llf_trace(results, ax=, increase=)``."""
    return results.plot_llf_trace(ax=ax, increase=increase)


def regime_probabilities_of(results: RegimePlot, regime: int | None = None, *,
                            kind: str = "smoothed", ax: Axes | None = None) -> Axes:
    """``plot_regime_probabilities(results, regime, kind=, ax=)``."""
    return results.plot_regime_probabilities(regime, kind=kind, ax=ax)


# -- the dispatch ---------------------------------------------------------------------------
def accepts_results(old: str, method: str, legacy: Callable[..., Axes]
                    ) -> Callable[[Callable[P, Axes]], Callable[P, Axes]]:
    """Keep a plot's deprecated call with a results object working.

    Parameters
    ----------
    old : str
        Name of the old first parameter (``"results"``, ``"selection"``), which a
        keyword call may use.
    method : str
        The results method that replaces the call, for the warning.
    legacy : callable
        ``legacy(results, *args, **kwargs)``: the old call, made through that method.

    Returns
    -------
    callable
        A decorator of the plot function, whose signature (the plain-data one) it
        keeps.
    """
    def decorate(plot: Callable[P, Axes]) -> Callable[P, Axes]:
        @functools.wraps(plot)
        def dispatch(*args: P.args, **kwargs: P.kwargs) -> Axes:
            if old in kwargs:
                return _deprecated(plot, method, legacy, (kwargs.pop(old), *args), kwargs)
            if args and not isinstance(args[0], PLAIN_DATA):
                return _deprecated(plot, method, legacy, args, kwargs)
            return plot(*args, **kwargs)
        return dispatch
    return decorate


def _deprecated(plot: Callable[..., Axes], method: str, legacy: Callable[..., Axes],
                args: tuple[Any, ...], kwargs: dict[str, Any]) -> Axes:
    name = plot.__name__
    warnings.warn(
        f"emstats.plotting.{name}(results, ...) is deprecated: use {method}, or pass "
        f"plain data to {name} (see its docstring)",
        DeprecationWarning,
        stacklevel=3,
    )
    return legacy(*args, **kwargs)
