"""Where every plot draws: matplotlib imported on demand, the Axes, the colours."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MARKERS", "axes", "pyplot", "state_colour"]

#: Markers of successive lines (one per covariance structure, say).
MARKERS = ("o", "s", "^", "v", "D", "P", "X", "*", "<", ">", "h", "p", "d", "8")


def pyplot() -> ModuleType:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError('emstats plots need matplotlib: pip install "emstats[plot]"') from err
    return plt


def axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new figure from ``matplotlib.pyplot.subplots()``."""
    if ax is not None:
        return ax
    figure_axes: Axes = pyplot().subplots()[1]
    return figure_axes


def state_colour(position: int) -> str:
    """Colour of the latent state (component, regime) at ``position`` (from 0) in its
    list: the property cycle's ``C0``, ``C1``, ..."""
    return f"C{int(position) % 10}"
