"""The contract between the EM engine and a model.

The engine sees a model only through :class:`EMProblem`. It never inspects the
statistics the E-step returns: it hands them back to the M-step unchanged.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@runtime_checkable
class EMProblem(Protocol):
    """What the EM engine needs from a model.

    ``params`` is the model's natural parameter vector (the one it reports);
    the unconstrained vector ``u`` is where the engine extrapolates (SQUAREM)
    and measures parameter change, so it should be well scaled (standardised
    coefficients, log scales, logits of weights).

    A problem may also define ``singular_reason(params) -> str | None``: why the
    likelihood is unbounded at ``params`` (a covariance matrix collapsed onto a
    point or a subspace), or None. EM cannot go on from such a point, whose llf is
    dominated by round-off, so the engine stops there as on the boundary.

    A problem with bounds its working chart does not enforce (a variance bounded away
    from zero, say) may define ``feasible_params(params) -> params``: the nearest point
    of its parameter space. The engine applies it to the points SQUAREM extrapolates
    and to the start, because an EM step from outside the parameter space can lower
    the llf.
    """

    def e_step(self, params: FloatArray) -> tuple[Any, float]:
        """Expected complete-data sufficient statistics and the observed llf at ``params``."""

    def m_step(self, stats: Any) -> FloatArray:
        """Maximiser of the expected complete-data llf; a pure function of ``stats``."""

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood."""

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Map natural parameters to the unconstrained working vector."""

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
