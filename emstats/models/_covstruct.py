r"""The 14 parsimonious covariance structures of Celeux & Govaert (1995), as in mclust.

Each component covariance is decomposed as
:math:`\Sigma_k = \lambda_k D_k A_k D_k'`: volume :math:`\lambda_k`, orientation
:math:`D_k` (orthogonal) and shape :math:`A_k` (diagonal, :math:`\det A_k = 1`). The
three letters of a structure say whether volume, shape and orientation are Equal
or Variable across components, or whether the shape or orientation is the Identity
(spherical, diagonal). The names and parameter counts are mclust's, so that BIC
values are comparable.

The M-step of a structure maximises
:math:`-\tfrac12 \sum_k [n_k \log|\Sigma_k| + \operatorname{tr}(\Sigma_k^{-1} W_k)]`,
where :math:`W_k` is the component's weighted scatter matrix about its mean. Most
structures have a closed form (Celeux & Govaert 1995, Table 1). VEI, VEE, VEV, EVE and
VVE alternate between their blocks (volumes, then shape or orientation) until the
objective stops changing; the orientation of EVE and VVE is updated by the
majorisation-minimisation step of Browne & McNicholas (2014). Each iterative M-step
is warm-started from the current covariances, and is exact to round-off when it
stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..typing import FloatArray

ALIASES = {"full": "VVV", "tied": "EEE", "diag": "VVI", "spherical": "VII"}

_INNER_TOL = 1e-13
_INNER_MAXITER = 1000


def _det_root(diag_or_eig: FloatArray) -> FloatArray:
    """``prod(x) ** (1/d)`` along the last axis, computed in logs."""
    return np.exp(np.mean(np.log(diag_or_eig), axis=-1))


def _diagonals(scatter: FloatArray) -> FloatArray:
    return np.diagonal(scatter, axis1=1, axis2=2).copy()


def _diag_matrices(values: FloatArray) -> FloatArray:
    k, d = values.shape
    out = np.zeros((k, d, d))
    out[:, np.arange(d), np.arange(d)] = values
    return out


def _eigen_descending(scatter: FloatArray) -> tuple[FloatArray, FloatArray]:
    values, vectors = np.linalg.eigh(scatter)
    return values[..., ::-1], vectors[..., ::-1]


# -- closed forms -----------------------------------------------------------------------
def _eii(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    k, d, _ = scatter.shape
    lam = np.trace(scatter.sum(axis=0)) / (counts.sum() * d)
    return np.broadcast_to(lam * np.eye(d), (k, d, d)).copy()


def _vii(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    d = scatter.shape[1]
    lam = np.trace(scatter, axis1=1, axis2=2) / (counts * d)
    return lam[:, None, None] * np.eye(d)


def _eei(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    pooled = np.diag(np.diagonal(scatter.sum(axis=0)) / counts.sum())
    return np.broadcast_to(pooled, scatter.shape).copy()


def _vvi(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    return _diag_matrices(_diagonals(scatter) / counts[:, None])


def _evi(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    diag = _diagonals(scatter)
    roots = _det_root(diag)
    lam = roots.sum() / counts.sum()
    return lam * _diag_matrices(diag / roots[:, None])


def _eee(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    return np.broadcast_to(scatter.sum(axis=0) / counts.sum(), scatter.shape).copy()


def _vvv(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    return scatter / counts[:, None, None]


def _evv(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    roots = np.exp(np.linalg.slogdet(scatter)[1] / scatter.shape[1])
    lam = roots.sum() / counts.sum()
    return lam * scatter / roots[:, None, None]


def _eev(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    values, vectors = _eigen_descending(scatter)
    total = values.sum(axis=0)
    root = _det_root(total)
    shape = total / root
    lam = root / counts.sum()
    return lam * (vectors * shape) @ np.swapaxes(vectors, 1, 2)


# -- iterative M-steps --------------------------------------------------------------------
def _objective(cov: FloatArray, scatter: FloatArray, counts: FloatArray) -> float:
    """``sum_k n_k log|S_k| + tr(S_k^-1 W_k)``: minus twice the M-step objective."""
    logdet = np.linalg.slogdet(cov)[1]
    trace = np.einsum("kij,kji->k", np.linalg.inv(cov), scatter)
    return float(counts @ logdet + trace.sum())


def _iterate(update: Callable[[FloatArray], FloatArray], start: FloatArray,
             scatter: FloatArray, counts: FloatArray) -> FloatArray:
    """Repeat a block update (each never raises the objective) until it settles.

    The first update maps ``start`` onto the structure and is always taken.
    """
    cov = update(start)
    value = _objective(cov, scatter, counts)
    for _ in range(_INNER_MAXITER):
        new = update(cov)
        new_value = _objective(new, scatter, counts)
        if new_value > value:  # round-off at the optimum: keep the better one
            break
        cov, settled = new, value - new_value <= _INNER_TOL * (1.0 + abs(value))
        value = new_value
        if settled:
            break
    return cov


def _volumes(cov: FloatArray) -> FloatArray:
    return np.exp(np.linalg.slogdet(cov)[1] / cov.shape[1])


def _vei(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    diag = _diagonals(scatter)

    def update(cov: FloatArray) -> FloatArray:
        lam = _volumes(cov)
        pooled = (diag / lam[:, None]).sum(axis=0)
        shape = pooled / _det_root(pooled)
        lam = (diag / shape).sum(axis=1) / (counts * scatter.shape[1])
        return lam[:, None, None] * np.diag(shape)

    return _iterate(update, previous, scatter, counts)


def _vee(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    d = scatter.shape[1]

    def update(cov: FloatArray) -> FloatArray:
        lam = _volumes(cov)
        pooled = (scatter / lam[:, None, None]).sum(axis=0)
        common = pooled / np.exp(np.linalg.slogdet(pooled)[1] / d)
        lam = np.einsum("ij,kji->k", np.linalg.inv(common), scatter) / (counts * d)
        return lam[:, None, None] * common

    return _iterate(update, previous, scatter, counts)


def _vev(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    d = scatter.shape[1]
    values, vectors = _eigen_descending(scatter)

    def update(cov: FloatArray) -> FloatArray:
        lam = _volumes(cov)
        pooled = (values / lam[:, None]).sum(axis=0)
        shape = pooled / _det_root(pooled)
        lam = (values / shape).sum(axis=1) / (counts * d)
        return lam[:, None, None] * (vectors * shape) @ np.swapaxes(vectors, 1, 2)

    return _iterate(update, previous, scatter, counts)


def _common_orientation(scatter: FloatArray, weights: FloatArray, orientation: FloatArray
                        ) -> FloatArray:
    """One MM step for ``D`` minimising ``sum_k tr(D' W_k D A_k^-1)`` (``weights = A_k^-1``).

    Browne & McNicholas (2014), Section 3: with ``w_k`` the largest eigenvalue of
    ``W_k``, the step is ``D = R P'`` where ``P S R'`` is the SVD of
    ``sum_k (A_k^-1 D' W_k - w_k A_k^-1 D')``.
    """
    largest = np.linalg.eigvalsh(scatter)[:, -1]
    dt = orientation.T
    f = sum(weights[k][:, None] * (dt @ scatter[k] - largest[k] * dt)
            for k in range(scatter.shape[0]))
    p, _, rt = np.linalg.svd(f)
    return (p @ rt).T


def _orientation_of(cov: FloatArray) -> FloatArray:
    """A common orientation for starting EVE/VVE: eigenvectors of the summed covariances."""
    return _eigen_descending(cov.sum(axis=0))[1]


def _shared_orientation_update(scatter: FloatArray, counts: FloatArray, equal_volume: bool
                               ) -> Callable[[FloatArray], FloatArray]:
    d = scatter.shape[1]
    orientation: FloatArray | None = None

    def update(cov: FloatArray) -> FloatArray:
        nonlocal orientation
        if orientation is None:
            orientation = _orientation_of(cov)
        rotated = np.einsum("ji,kjl,lm->kim", orientation, scatter, orientation)
        diag = _diagonals(rotated)
        shape = diag / _det_root(diag)[:, None]
        if equal_volume:
            lam = np.full(len(counts), (diag / shape).sum() / (counts.sum() * d))
        else:
            lam = (diag / shape).sum(axis=1) / (counts * d)
        orientation = _common_orientation(scatter, 1.0 / (lam[:, None] * shape), orientation)
        return lam[:, None, None] * (orientation * shape[:, None, :]) @ orientation.T

    return update


def _eve(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    return _iterate(_shared_orientation_update(scatter, counts, True), previous, scatter,
                    counts)


def _vve(scatter: FloatArray, counts: FloatArray, previous: FloatArray) -> FloatArray:
    return _iterate(_shared_orientation_update(scatter, counts, False), previous, scatter,
                    counts)


# -- the table --------------------------------------------------------------------------
@dataclass(frozen=True)
class CovarianceStructure:
    """One of mclust's covariance structures.

    Attributes
    ----------
    name : str
        mclust's three-letter name.
    description : str
        Volume, shape and orientation in words.
    m_step : callable
        ``(scatter, counts, previous) -> covariances`` (k x d x d); a module-level
        function, so that a structure (and a model holding one) pickles.
    """

    name: str
    description: str
    m_step: Callable[[FloatArray, FloatArray, FloatArray], FloatArray]

    def n_params(self, d: int, k: int) -> int:
        """Free covariance parameters of ``k`` components in ``d`` dimensions (mclust's
        ``nVarParams``): the volume, shape and orientation counts named by the letters.

        Volume: 1 (E) or ``k`` (V); shape: 0 (I), ``d - 1`` (E) or ``k (d - 1)`` (V);
        orientation: 0 (I), ``d (d - 1) / 2`` (E) or ``k d (d - 1) / 2`` (V).
        """
        copies = {"I": 0, "E": 1, "V": k}
        volume, shape, orientation = (copies[letter] for letter in self.name)
        return volume + shape * (d - 1) + orientation * _rot(d)

    @property
    def diagonal(self) -> bool:
        """Whether the covariances are diagonal (orientation is the identity)."""
        return self.name[2] == "I"


def _rot(d: int) -> int:
    return d * (d - 1) // 2


STRUCTURES: dict[str, CovarianceStructure] = {s.name: s for s in (
    CovarianceStructure("EII", "spherical, equal volume", _eii),
    CovarianceStructure("VII", "spherical, unequal volume", _vii),
    CovarianceStructure("EEI", "diagonal, equal volume and shape", _eei),
    CovarianceStructure("VEI", "diagonal, varying volume, equal shape", _vei),
    CovarianceStructure("EVI", "diagonal, equal volume, varying shape", _evi),
    CovarianceStructure("VVI", "diagonal, varying volume and shape", _vvi),
    CovarianceStructure("EEE", "ellipsoidal, equal volume, shape and orientation", _eee),
    CovarianceStructure("VEE", "ellipsoidal, equal shape and orientation", _vee),
    CovarianceStructure("EVE", "ellipsoidal, equal volume and orientation", _eve),
    CovarianceStructure("VVE", "ellipsoidal, equal orientation", _vve),
    CovarianceStructure("EEV", "ellipsoidal, equal volume and shape", _eev),
    CovarianceStructure("VEV", "ellipsoidal, equal shape", _vev),
    CovarianceStructure("EVV", "ellipsoidal, equal volume", _evv),
    CovarianceStructure("VVV", "ellipsoidal, varying volume, shape and orientation", _vvv),
)}


def get_structure(name: str) -> CovarianceStructure:
    """The structure called ``name`` (an mclust name or an alias); a clear error otherwise."""
    key = ALIASES.get(str(name).lower(), str(name).upper())
    if key not in STRUCTURES:
        raise ValueError(
            f"unknown covariance structure {name!r}; use one of mclust's "
            f"{', '.join(STRUCTURES)} or the aliases {', '.join(ALIASES)}"
        )
    return STRUCTURES[key]
