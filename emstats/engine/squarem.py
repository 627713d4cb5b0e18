"""SQUAREM step lengths (Varadhan & Roland 2008, scheme SqS3).

The extrapolated point is ``u0 + 2 a r + a**2 v`` with ``r = F(u0) - u0``,
``v = F(F(u0)) - 2 F(u0) + u0`` and ``a = ||r|| / ||v||``, clamped to
``[step_min, step_max]``. The clamp starts at ``[1, 1]`` (a plain double EM
step) and widens by ``mstep`` each time the step reaches it, shrinking again
after a rejected extrapolation, as in the SQUAREM reference implementation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..typing import FloatArray


@dataclass
class SquaremStepLength:
    """Step-length rule and its safeguards.

    Parameters
    ----------
    step_min0, step_max0 : float
        Initial bounds on the step length.
    mstep : float
        Factor by which a bound moves when the step reaches it.
    """

    step_min0: float = 1.0
    step_max0: float = 1.0
    mstep: float = 4.0
    step_min: float = field(init=False)
    step_max: float = field(init=False)

    def __post_init__(self) -> None:
        self.step_min = self.step_min0
        self.step_max = self.step_max0

    def propose(self, r: FloatArray, v: FloatArray) -> float:
        """SqS3 step length ``||r|| / ||v||``, clamped to the current bounds."""
        norm_v = float(np.sqrt(v @ v))
        alpha = float(np.sqrt(r @ r)) / norm_v if norm_v > 0 else self.step_max
        return max(self.step_min, min(self.step_max, alpha))

    @staticmethod
    def extrapolate(u0: FloatArray, r: FloatArray, v: FloatArray, alpha: float) -> FloatArray:
        """The squared-extrapolation point."""
        return u0 + 2.0 * alpha * r + alpha**2 * v

    def rejected(self, alpha: float) -> float:
        """Shrink the bound after a rejected extrapolation; the step taken has length 1."""
        if alpha == self.step_max:
            self.shrink()
        return 1.0

    def shrink(self) -> None:
        """Narrow the upper bound by ``mstep`` (not below its initial value)."""
        self.step_max = max(self.step_max0, self.step_max / self.mstep)

    def update(self, alpha: float) -> None:
        """Widen a bound that the step has reached."""
        if alpha == self.step_max:
            self.step_max *= self.mstep
        if self.step_min < 0 and alpha == self.step_min:
            self.step_min *= self.mstep
