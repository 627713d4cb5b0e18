"""Array and argument types shared by every module of emstats.

One place for the aliases, so that signatures read the same everywhere
(``FloatArray`` is a float64 array of any shape; shapes are given in docstrings).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray: TypeAlias = NDArray[np.float64]
"""A float64 array (parameters, data, statistics)."""

IntArray: TypeAlias = NDArray[np.intp]
"""An integer index array (rows, columns, states)."""

BoolArray: TypeAlias = NDArray[np.bool_]
"""A boolean mask."""

RandomState: TypeAlias = int | np.random.Generator | np.random.SeedSequence | None
"""A seed, a generator or a seed sequence; None draws fresh entropy."""

RowBlock: TypeAlias = slice
"""A contiguous block of the units of an E-step (rows, or sequences), ``slice(start, stop)``."""

__all__ = ["ArrayLike", "BoolArray", "FloatArray", "IntArray", "RandomState", "RowBlock"]
