"""The EM engine shared by every emstats model.

It knows nothing about any model: a model is anything that satisfies
:class:`~emstats.protocol.EMProblem` (and, for E-steps in chunks,
:class:`~emstats.protocol.BlockEStep`).
"""

from ..exceptions import ConvergenceWarning, MonotonicityWarning, NumericalTroubleWarning
from ..protocol import BlockEStep, EMProblem
from .chunks import CHUNK_BUDGET, Additive, auto_chunksize, chunked_e_step, unit_blocks
from .convergence import ConvergenceMonitor, StopRule
from .em import EMTrace, run_em
from .squarem import SquaremStepLength
from .starts import run_multistart

__all__ = [
    "CHUNK_BUDGET",
    "Additive",
    "BlockEStep",
    "ConvergenceMonitor",
    "ConvergenceWarning",
    "EMProblem",
    "EMTrace",
    "MonotonicityWarning",
    "NumericalTroubleWarning",
    "SquaremStepLength",
    "StopRule",
    "auto_chunksize",
    "chunked_e_step",
    "run_em",
    "run_multistart",
    "unit_blocks",
]
