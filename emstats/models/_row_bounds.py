r"""Each row's bounds on a normal latent outcome, and its moments given a row's mean and scale.

The homoskedastic censored-normal family takes the exactly observed rows through their
sufficient statistics. Models whose rows have their own mean or scale (a scale equation,
a random effect integrated by quadrature) need, row by row, the standardised latent draw
:math:`t = (y^* - \mu_i)/\sigma_i` given :math:`l_i \le y^* \le u_i`: :math:`t` itself for
an exact row, a truncated standard normal otherwise; :class:`RowBounds` computes its raw
moments and each row's log-likelihood in one pass, by kind of row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..typing import FloatArray, IntArray
from ._normal_regression import WorkingScale
from ._truncnorm import TruncatedStandardNormal, log_norm_pdf

KINDS = ("uncensored", "left", "right", "interval")
"""The kinds of row, coded 0 to 3 in :attr:`RowBounds.kind`."""


@dataclass(frozen=True)
class RowBounds:
    """The rows' bounds in working units and their kinds.

    Attributes
    ----------
    lower, upper : ndarray
        Bounds of the latent outcome (working units; equal for an exact row).
    kind : ndarray of int
        0 exact, 1 left-censored, 2 right-censored, 3 interval (:data:`KINDS`).
    y_scale : float
        The working scale ``s`` of the outcome: an exact row's density in the data's
        units has the extra ``-log s``.
    """

    lower: FloatArray
    upper: FloatArray
    kind: IntArray
    y_scale: float

    @classmethod
    def of(cls, lower: FloatArray, upper: FloatArray, scale: WorkingScale) -> RowBounds:
        """The bounds ``lower``, ``upper`` (the data's units) recoded to working units."""
        exact = lower == upper
        kind = np.zeros(lower.size, dtype=np.intp)
        kind[np.isneginf(lower) & ~exact] = 1
        kind[np.isposinf(upper) & ~exact] = 2
        kind[~exact & np.isfinite(lower) & np.isfinite(upper)] = 3
        return cls(scale.outcome(lower), scale.outcome(upper), kind, scale.y_scale)

    def moments(self, mu: FloatArray, sigma: FloatArray | float, order: int = 2,
                rows: slice | None = None) -> tuple[list[FloatArray], FloatArray]:
        r"""Raw moments ``[E t^0, ..., E t^order]`` of the standardised draw of each row
        (of ``rows``), and each row's log-likelihood in the data's units (an exact row's
        :math:`\log\phi(t) - \log\sigma_i - \log s`, a censored row's
        :math:`\log P(l_i \le y^* \le u_i)`).

        ``mu`` and ``sigma`` (a number or one per row) are in working units.
        """
        draws = self.standardised(mu, sigma, rows)
        return draws.moments(order), draws.llf

    def standardised(self, mu: FloatArray, sigma: FloatArray | float,
                     rows: slice | None = None) -> StandardisedRows:
        """The standardised draws of the rows (of ``rows``): what :meth:`moments` takes
        its moments of, of any order."""
        rows = slice(None) if rows is None else rows
        kind, lower, upper = self.kind[rows], self.lower[rows], self.upper[rows]
        sigma_rows = np.broadcast_to(np.asarray(sigma, dtype=float), mu.shape)
        t = np.where(kind == 0, (lower - mu) / sigma_rows, 0.0)
        llf = np.where(kind == 0, log_norm_pdf(t) - np.log(sigma_rows * self.y_scale), 0.0)
        censored = []
        for code in (1, 2, 3):
            idx = np.flatnonzero(kind == code)
            if not idx.size:
                continue
            trunc = TruncatedStandardNormal.of_regression(
                mu[idx], sigma_rows[idx], lower[idx], upper[idx], lower_open=code == 1,
                upper_open=code == 2)
            llf[idx] = trunc.log_prob
            censored.append((idx, trunc))
        return StandardisedRows(t, censored, llf)


@dataclass(frozen=True)
class StandardisedRows:
    """The standardised draws of some rows: ``t`` of the exact rows (0 elsewhere), the
    truncated standard normals of each kind of censored row with their positions, and
    each row's llf."""

    t: FloatArray
    censored: list[tuple[IntArray, TruncatedStandardNormal]]
    llf: FloatArray

    def moments(self, order: int) -> list[FloatArray]:
        """``[E t^0, ..., E t^order]`` of each row."""
        moments = [np.ones_like(self.t)]
        for _ in range(order):  # powers by products: pow costs several
            moments.append(moments[-1] * self.t)
        for idx, trunc in self.censored:
            for j, value in enumerate(trunc.raw_moments(order)[1:], start=1):
                moments[j][idx] = value
        return moments


__all__ = ["KINDS", "RowBounds", "StandardisedRows"]
