r"""Minimal coordinates of the covariance matrices of each of mclust's 14 structures.

The working parameters of a Gaussian mixture need one free coordinate per free
covariance parameter (mclust's count), with no constraint, so that the observed
information is non-singular and the standard errors of every structure exist. With
:math:`\Sigma_k = \lambda_k D_k A_k D_k'` the coordinates are:

* volume: :math:`\log\lambda` (E) or :math:`\log\lambda_k` (V);
* shape, when the orientation is the identity or is a separate block: the first
  :math:`d - 1` entries of :math:`\log\operatorname{diag}A` (the last is minus their
  sum, since :math:`\det A = 1`), shared (E) or per component (V);
* orientation: a skew-symmetric :math:`S` with :math:`D = \exp(S)`, shared (E) or per
  component (V); the chart's inverse takes the principal matrix logarithm of the
  eigenvectors (signed so that :math:`\det D = 1`);
* shape and orientation together, when both are shared (VEE) or both vary (EVV):
  the log-Cholesky factor of :math:`C = DAD'` with its last log-diagonal entry fixed
  by :math:`\det C = 1`.

EII, VII, EEI, VVI, EEE and VVV (and every structure with one component, which
constrains nothing) use log variances or log-Cholesky factors of the covariances.
Orientation coordinates are not identified when two entries of the shape coincide
(the eigenvectors of a repeated eigenvalue are arbitrary): the information matrix is
then singular, which the covariance estimators report.
"""

from __future__ import annotations

from typing import cast

import numpy as np
from scipy.linalg import expm, logm

from ..typing import FloatArray


def log_cholesky(cov: FloatArray) -> FloatArray:
    """The lower triangle of ``chol(cov)`` with the log of its diagonal."""
    chol = cast(FloatArray, np.linalg.cholesky(cov))
    idx = np.tril_indices(cov.shape[0])
    out = chol[idx].copy()
    diag = idx[0] == idx[1]
    out[diag] = np.log(out[diag])
    return out


def from_log_cholesky(u: FloatArray, d: int) -> FloatArray:
    """Inverse of :func:`log_cholesky`."""
    idx = np.tril_indices(d)
    values = np.array(u, dtype=float)
    diag = idx[0] == idx[1]
    values[diag] = np.exp(values[diag])
    chol = np.zeros((d, d))
    chol[idx] = values
    return chol @ chol.T


def chart_kind(name: str, k: int) -> str:
    """The coordinates used: the structure's name, or its unconstrained family when
    ``k = 1``."""
    if k == 1 and name not in _SIMPLE:
        return "VVI" if name[2] == "I" else "VVV"
    return name


def cov_to_u(name: str, covs: FloatArray) -> FloatArray:
    """The coordinates of covariances (k x d x d) that satisfy structure ``name``."""
    kind = chart_kind(name, len(covs))
    if kind in _SIMPLE:
        return _SIMPLE[kind][0](covs)
    volume, shape, orientation = kind[0], kind[1], kind[2]
    log_volumes = np.linalg.slogdet(covs)[1] / covs.shape[1]
    parts = [log_volumes[:1] if volume == "E" else log_volumes]
    scaled = covs / np.exp(log_volumes)[:, None, None]
    if orientation == "I":
        log_shape = np.log(np.diagonal(scaled, axis1=1, axis2=2))
        parts.append(_shape_coordinates(log_shape, shape == "E"))
    elif shape == orientation:  # VEE (shared) and EVV (per component): C = D A D'
        shared = shape == "E"
        # det C = 1 fixes the last log-diagonal entry: leave it out
        parts += [log_cholesky(c)[:-1] for c in (scaled[:1] if shared else scaled)]
    elif orientation == "E":  # EVE, VVE: shared D, shapes per component
        rotation = _signed(np.linalg.eigh(scaled.sum(axis=0))[1][:, ::-1])
        log_shape = np.log(np.einsum("ji,kjl,li->ki", rotation, scaled, rotation))
        parts += [_shape_coordinates(log_shape, False), _skew_coordinates(rotation)]
    else:  # EEV, VEV: shared A, D per component
        values, vectors = np.linalg.eigh(scaled)
        parts.append(_shape_coordinates(np.log(values[:, ::-1]), True))
        parts += [_skew_coordinates(_signed(v[:, ::-1])) for v in vectors]
    return np.concatenate(parts)


def cov_from_u(name: str, u: FloatArray, k: int, d: int) -> FloatArray:
    """Inverse of :func:`cov_to_u`: covariances (k x d x d)."""
    u = np.asarray(u, dtype=float)
    kind = chart_kind(name, k)
    if kind in _SIMPLE:
        return _SIMPLE[kind][1](u, k, d)
    volume, shape, orientation = kind[0], kind[1], kind[2]
    n_vol = 1 if volume == "E" else k
    volumes = np.broadcast_to(np.exp(u[:n_vol]), (k,))
    rest = u[n_vol:]
    if orientation == "I":
        shapes = _shapes(rest, shape == "E", k, d)
        scaled = shapes[:, :, None] * np.eye(d)
    elif shape == orientation:
        parts = rest.reshape(1 if shape == "E" else k, -1)
        scaled = np.broadcast_to(np.array([_from_unit_log_cholesky(p, d) for p in parts]),
                                 (k, d, d))
    elif orientation == "E":
        shapes = _shapes(rest[:k * (d - 1)], False, k, d)
        rotation = expm(_skew(rest[k * (d - 1):], d))
        scaled = np.einsum("ij,kj,lj->kil", rotation, shapes, rotation)
    else:
        shape_common = _shapes(rest[:d - 1], True, k, d)
        rotations = [expm(_skew(s, d)) for s in rest[d - 1:].reshape(k, -1)]
        scaled = np.array([r * a @ r.T for r, a in zip(rotations, shape_common, strict=True)])
    return volumes[:, None, None] * scaled


# -- blocks -----------------------------------------------------------------------------
def _shape_coordinates(log_shape: FloatArray, shared: bool) -> FloatArray:
    """First ``d - 1`` entries of each centred log shape (averaged when shared)."""
    centred = log_shape - log_shape.mean(axis=1, keepdims=True)
    if shared:
        centred = centred.mean(axis=0, keepdims=True)
    return centred[:, :-1].ravel()


def _shapes(u: FloatArray, shared: bool, k: int, d: int) -> FloatArray:
    """Shapes (k x d, each with product 1) from :func:`_shape_coordinates`."""
    head = u.reshape(1 if shared else k, d - 1)
    log_shape = np.concatenate([head, -head.sum(axis=1, keepdims=True)], axis=1)
    return np.broadcast_to(np.exp(log_shape), (k, d))


def _signed(vectors: FloatArray) -> FloatArray:
    """Eigenvectors with their largest entry positive, then ``det = +1`` (last column
    flipped if needed): a rotation, chosen the same way for nearby matrices."""
    largest = np.argmax(np.abs(vectors), axis=0)
    out = vectors * np.sign(vectors[largest, np.arange(vectors.shape[1])])
    if np.linalg.det(out) < 0:
        out[:, -1] *= -1
    return out


def _skew_coordinates(rotation: FloatArray) -> FloatArray:
    """The strict lower triangle of the principal logarithm of a rotation."""
    log = np.real(logm(rotation))
    return (0.5 * (log - log.T))[np.tril_indices(len(rotation), -1)]


def _skew(u: FloatArray, d: int) -> FloatArray:
    out = np.zeros((d, d))
    out[np.tril_indices(d, -1)] = u
    return out - out.T


def _from_unit_log_cholesky(u: FloatArray, d: int) -> FloatArray:
    """A determinant-one matrix from its log-Cholesky coordinates without the last."""
    diag = np.tril_indices(d)
    on_diag = diag[0] == diag[1]
    full = np.append(u, -u[on_diag[:-1]].sum())
    return from_log_cholesky(full, d)


# -- structures without cross-component constraints of shape or orientation --------------
def _eii_to(covs: FloatArray) -> FloatArray:
    return np.log(covs[:1, 0, 0])


def _eii_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.broadcast_to(np.exp(u[0]) * np.eye(d), (k, d, d)).copy()


def _vii_to(covs: FloatArray) -> FloatArray:
    return np.log(covs[:, 0, 0])


def _vii_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.exp(u)[:, None, None] * np.eye(d)


def _eei_to(covs: FloatArray) -> FloatArray:
    return np.log(np.diagonal(covs[0]))


def _eei_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.broadcast_to(np.diag(np.exp(u)), (k, d, d)).copy()


def _vvi_to(covs: FloatArray) -> FloatArray:
    return np.log(np.diagonal(covs, axis1=1, axis2=2)).ravel()


def _vvi_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.exp(u.reshape(k, d))[:, :, None] * np.eye(d)


def _eee_to(covs: FloatArray) -> FloatArray:
    return log_cholesky(covs[0])


def _eee_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.broadcast_to(from_log_cholesky(u, d), (k, d, d)).copy()


def _vvv_to(covs: FloatArray) -> FloatArray:
    return np.concatenate([log_cholesky(c) for c in covs])


def _vvv_from(u: FloatArray, k: int, d: int) -> FloatArray:
    return np.array([from_log_cholesky(part, d) for part in u.reshape(k, -1)])


_SIMPLE = {"EII": (_eii_to, _eii_from), "VII": (_vii_to, _vii_from),
           "EEI": (_eei_to, _eei_from), "VVI": (_vvi_to, _vvi_from),
           "EEE": (_eee_to, _eee_from), "VVV": (_vvv_to, _vvv_from)}
