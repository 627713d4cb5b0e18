r"""E-steps in chunks of bounded memory.

A model whose E-step is a sum over independent units (rows, or sequences) declares
:class:`~emstats.protocol.BlockEStep`; its statistics then add up over blocks of units
(:class:`~emstats.protocol.Statistics`), and :func:`chunked_e_step` computes the E-step
one block at a time, so that memory stays bounded however many units there are. The
same seam serves a distributed E-step (one block per partition).
"""

from __future__ import annotations

from dataclasses import fields
from functools import reduce
from operator import add
from typing import Any

from ..protocol import BlockEStep
from ..typing import FloatArray

CHUNK_BUDGET = 1 << 23
"""Working memory of one E-step block, in float64 numbers (64 MiB), when the chunk size is
chosen automatically."""


def auto_chunksize(problem: BlockEStep) -> int:
    """Units per block so that a block's working memory stays under :data:`CHUNK_BUDGET`."""
    return max(1, CHUNK_BUDGET // max(int(problem.unit_size), 1))


def unit_blocks(n_units: int, chunksize: int) -> list[slice]:
    """Consecutive blocks of at most ``chunksize`` units covering ``range(n_units)``."""
    if int(chunksize) < 1:
        raise ValueError(f"chunksize must be a positive number of units, got {chunksize!r}")
    size = int(chunksize)
    return [slice(start, min(start + size, n_units)) for start in range(0, n_units, size)]


def chunked_e_step(problem: BlockEStep, params: FloatArray, chunksize: int | None = None
                   ) -> tuple[Any, float]:
    """The E-step as the sum of its blocks' statistics and log-likelihoods.

    Parameters
    ----------
    problem : BlockEStep
        The model.
    params : ndarray
        Natural parameters.
    chunksize : int, optional
        Units per block; by default :func:`auto_chunksize` (one block for data that
        fit the budget).

    Returns
    -------
    stats, llf
        ``sum(e_step_block(params, b))`` over the blocks ``b``, the llf plus the
        problem's ``llf_offset(params)``.
    """
    size = auto_chunksize(problem) if chunksize is None else int(chunksize)
    parts = [problem.e_step_block(params, block)
             for block in unit_blocks(int(problem.n_units), size)]
    stats = reduce(add, (part[0] for part in parts))
    return stats, float(sum(part[1] for part in parts)) + problem.llf_offset(params)


class Additive:
    """Mixin for (frozen) dataclasses of E-step statistics: ``+`` adds them field by field.

    Fields may be arrays, numbers or other :class:`Additive` statistics; every field is
    a sum over units, so that the statistics of disjoint blocks add up to those of their
    union.
    """

    def __add__(self, other: Any) -> Any:
        if type(other) is not type(self):
            return NotImplemented
        names = [f.name for f in fields(self)]  # type: ignore[arg-type]  # mixed into dataclasses
        return type(self)(**{name: getattr(self, name) + getattr(other, name)
                             for name in names})
