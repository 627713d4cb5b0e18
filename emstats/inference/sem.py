"""Supplemented EM (Meng & Rubin 1991): the covariance from the rate of the EM map.

The Jacobian ``DM`` of the EM map at the MLE is the matrix of rates of
convergence; with the complete-data information ``I_oc``,
``V = I_oc^-1 (I - DM)^-1``. ``DM`` is computed by the paper's numerical
scheme: along a plain EM sequence ``u(t) -> u_hat``, row ``i`` of ``DM`` is the
difference quotient of the EM map when only coordinate ``i`` is moved by
``h = u_i(t) - u_hat_i``; each element is kept once it changes by less than
``tol`` between successive ``t``, or once ``|h|`` falls to a floor of
``1e-5 (1 + |u_hat_i|)``, where the quotient is taken at the floor and is final.
The quotient is taken centrally,
``(M(u_hat + h e_i) - M(u_hat - h e_i)) / 2h``, rather than from ``M(u_hat) = u_hat``
as in the paper: its error is ``O(h^2)`` instead of ``O(h)``, and it does not
assume that ``u_hat`` is an exact fixed point.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._progress import Progress, progress_bar
from ..exceptions import SEMWarning
from ..protocol import CompleteData
from ..typing import BoolArray, FloatArray
from .covariance import CovarianceEstimator, inverse_information, register
from .louis import supplied

_H_FLOOR = 1e-5
"""Smallest step (relative to ``1 + |u_hat_i|``) of the difference quotient: an EM
sequence that converges fast would otherwise reach steps at which the quotient is
round-off; at the floor the central quotient's error is ``O(1e-10)`` and it is final."""


@dataclass(frozen=True)
class RateMatrix:
    """The numerically differentiated EM map at the MLE.

    Attributes
    ----------
    rates : ndarray
        ``DM[i, j] = d M_j / d u_i`` in the unconstrained parametrisation.
    stable : ndarray of bool
        Which elements met the stability rule (the rest hold their last value).
    n_steps : int
        EM steps of the sequence used.
    """

    rates: FloatArray
    stable: BoolArray
    n_steps: int


def em_map_unconstrained(model: CompleteData) -> Callable[[FloatArray], FloatArray]:
    """The EM map in the unconstrained parametrisation, ``u -> to_u(M(from_u(u)))``."""
    def em_map(u: FloatArray) -> FloatArray:
        params = model.from_unconstrained(u)
        stats, _ = model.e_step(params)
        return np.asarray(model.to_unconstrained(model.m_step(stats, params)), dtype=float)
    return em_map


def em_rate_matrix(model: CompleteData, u_hat: FloatArray, *, tol: float = 1e-5,
                   offset: float = 0.1, max_steps: int = 200,
                   progress: Progress = None) -> RateMatrix:
    """Meng & Rubin's (1991) numerical ``DM`` at ``u_hat``.

    Parameters
    ----------
    model : EMModel
        The model (its E-step, M-step and unconstrained map are used).
    u_hat : ndarray
        The MLE in the unconstrained parametrisation.
    tol : float
        An element is kept once successive values differ by less than ``tol``
        (the paper's square root of the EM convergence tolerance).
    offset : float
        The EM sequence starts at ``u_hat + offset * (1 + |u_hat|)``.
    max_steps : int
        Largest number of EM steps in the sequence.
    progress : bool or None
        Progress bar over the rows of ``DM`` as they stabilise (see
        :mod:`emstats._progress`).
    """
    em_map = em_map_unconstrained(model)
    k = u_hat.size
    rates = np.full((k, k), np.nan)
    stable = np.zeros((k, k), dtype=bool)
    u_t = u_hat + offset * (1.0 + np.abs(u_hat))
    n_steps = 0
    with progress_bar(progress, total=k, desc="SEM rate matrix rows") as bar:
        while n_steps < max_steps and not stable.all():
            n_steps += 1
            for i in np.flatnonzero(~stable.all(axis=1)).tolist():
                h = u_t[i] - u_hat[i]
                floor = _H_FLOOR * (1.0 + abs(u_hat[i]))
                at_floor = abs(h) < floor
                row = _central_rate_row(em_map, u_hat, i, floor if at_floor else h)
                settle = ~stable[i] & ((np.abs(row - rates[i]) < tol) | at_floor)
                rates[i, ~stable[i]] = row[~stable[i]]
                stable[i] |= settle
                bar.update(int(stable[i].all()))
            u_t = em_map(u_t)
    return RateMatrix(rates, stable, n_steps)


def _central_rate_row(em_map: Callable[[FloatArray], FloatArray], u_hat: FloatArray,
                      i: int, h: float) -> FloatArray:
    """Row ``i`` of ``DM``: ``(M(u_hat + h e_i) - M(u_hat - h e_i)) / (2 h)``."""
    plus, minus = u_hat.copy(), u_hat.copy()
    plus[i] += h
    minus[i] -= h
    return (em_map(plus) - em_map(minus)) / (2.0 * h)


@register
class SupplementedEM(CovarianceEstimator):
    """Supplemented EM: ``V = I_oc^-1 (I - DM)^-1`` (Meng & Rubin 1991).

    Parameters
    ----------
    tol : float
        An element of ``DM`` is kept once successive values differ by less than
        ``tol`` (default 1e-5, the square root of a 1e-10 EM tolerance).
    offset : float
        The EM sequence starts at ``u_hat + offset * (1 + |u_hat|)`` in the working
        coordinates (default 0.1).
    max_steps : int
        Largest number of EM steps in the sequence (default 200); rates not stable by
        then keep their last values, with a :class:`~emstats.exceptions.SEMWarning`.
    progress : bool or None
        A progress bar over the rate matrix's columns (default None: a bar once it has
        taken a few seconds; ``fit(progress=...)`` sets it unless ``cov_kwds`` does).

    See Also
    --------
    em_rate_matrix : the numerical ``DM``.
    """

    name = "sem"
    description = "supplemented EM (Meng & Rubin 1991): I_oc^-1 (I - DM)^-1"
    allowed_kwds = frozenset({"tol", "offset", "max_steps", "progress"})

    def covariance_unconstrained(self, model: CompleteData, u: FloatArray
                                 ) -> tuple[FloatArray, bool, dict[str, Any]]:
        info_complete = supplied(model, model.em_complete_information_unconstrained(u),
                                 "em_complete_information_unconstrained", "cov_type='sem'")
        rate = em_rate_matrix(model, u, **self.kwds)
        if not rate.stable.all():
            warnings.warn(
                f"SEM: {int((~rate.stable).sum())} of {rate.stable.size} rates did not "
                f"stabilise within {rate.n_steps} EM steps (tol={self.kwds.get('tol', 1e-5)}); "
                "their last values are used",
                SEMWarning,
                stacklevel=4,
            )
        cov_complete, ok = inverse_information(info_complete, "complete-data information")
        k = u.size
        cov = cov_complete @ np.linalg.inv(np.eye(k) - rate.rates)
        asymmetry = float(np.max(np.abs(cov - cov.T)) / np.max(np.abs(cov)))
        extras = {"rate_matrix": rate.rates, "rates_stable": rate.stable,
                  "sem_steps": rate.n_steps, "asymmetry": asymmetry,
                  "complete_cov_unconstrained": cov_complete}
        return 0.5 * (cov + cov.T), ok, extras
