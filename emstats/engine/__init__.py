"""The EM engine shared by every emstats model.

It knows nothing about any model: a model is anything that satisfies
:class:`EMProblem`.
"""

from .convergence import ConvergenceMonitor, ConvergenceWarning, MonotonicityWarning, StopRule
from .em import EMTrace, NumericalTroubleWarning, run_em
from .protocol import EMProblem
from .squarem import SquaremStepLength
from .starts import run_multistart

__all__ = [
    "ConvergenceMonitor",
    "ConvergenceWarning",
    "EMProblem",
    "EMTrace",
    "MonotonicityWarning",
    "NumericalTroubleWarning",
    "SquaremStepLength",
    "StopRule",
    "run_em",
    "run_multistart",
]
