r"""Rotations of factor loadings, with R's conventions (factanal, stats, GPArotation).

A rotation of the unrotated loadings :math:`A` (p x k) is a nonsingular k x k matrix
:math:`T` with

.. math::

    \Lambda = A T, \qquad \Phi = T^{-1} T^{-\top},

where :math:`\Lambda` are the rotated loadings and :math:`\Phi` the factor correlations,
so that :math:`\Lambda \Phi \Lambda^\top = A A^\top`. :math:`T` is orthogonal for the
orthogonal rotations (:math:`\Phi = I`) and has :math:`\operatorname{diag}(\Phi) = 1` for
the oblique ones. This is factanal's ``rotmat`` (``stats::varimax``/``promax``'s
``rotmat``, ``t(solve(Th))`` for GPArotation, whose ``Phi`` is ``t(Th) %*% Th``).

The criteria are minimised by the gradient projection algorithm of Bernaards & Jennrich
(2005), the algorithm of GPArotation, and then polished by Newton steps on the
stationarity equations in local coordinates (numerical Jacobian of the analytic
gradient), because GPA's Armijo test compares criterion values and stalls once their
differences reach round-off (a projected-gradient norm near 1e-8). The solution is then
exact to round-off, which numerical differentiation of the rotated solution (delta-method
standard errors, Jennrich 1973) needs.

References
----------
Bernaards, C. A. and Jennrich, R. I. (2005). Gradient projection algorithms and software
for arbitrary rotation criteria in factor analysis. *Educational and Psychological
Measurement*, 65, 676-696.

Browne, M. W. (2001). An overview of analytic rotation in exploratory factor analysis.
*Multivariate Behavioral Research*, 36, 111-150.

Hendrickson, A. E. and White, P. O. (1964). Promax: a quick method for rotation to
oblique simple structure. *British Journal of Statistical Psychology*, 17, 65-70.

Jennrich, R. I. (1973). Standard errors for obliquely rotated factor loadings.
*Psychometrika*, 38, 593-604.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, cast

import numpy as np
from scipy import linalg
from scipy.optimize import linear_sum_assignment

from ..engine import ConvergenceWarning
from ..typing import FloatArray

Criterion = Callable[[FloatArray], tuple[float, FloatArray]]

ORTHOGONAL_METHODS = ("none", "varimax", "quartimax", "equamax", "geomin_orthogonal", "target")
OBLIQUE_METHODS = ("promax", "oblimin", "geomin")
METHODS = ORTHOGONAL_METHODS + OBLIQUE_METHODS

# R's default Kaiser normalisation: stats::varimax (and so stats::promax) normalise,
# GPArotation's functions and psych::equamax do not.
_NORMALIZE_DEFAULT = {"varimax": True, "promax": True}
# Criteria unchanged by permuting and reflecting the factors (all but target's).
_SYMMETRIC_METHODS = ("varimax", "quartimax", "equamax", "oblimin", "geomin",
                      "geomin_orthogonal")
_OPTIONS = {"gamma": ("oblimin",), "delta": ("geomin", "geomin_orthogonal"),
            "power": ("promax",), "target": ("target",)}

_GPA_SWITCH = 1e-6  # GPA hands over to Newton at this projected-gradient norm
_NEWTON_MAXITER = 20
_POLISH_BEYOND = 1e-3  # Newton goes on below tol, to about round-off
_NEWTON_STEP = 1e-6  # central-difference step of the numerical Jacobian


@dataclass(frozen=True)
class Rotation:
    """A rotated factor solution.

    Attributes
    ----------
    loadings : ndarray
        Rotated loadings (p x k), sorted and signed as factanal's ``sortLoadings``:
        columns in decreasing order of their sums of squares, each column's sign chosen
        so that its sum is non-negative.
    rotation_matrix : ndarray
        ``T`` (k x k) with ``loadings == unrotated @ T``, the sorting included (its
        columns carry the same permutation and signs as ``loadings``). Orthogonal for
        orthogonal rotations. factanal's ``rotmat`` follows the same convention but in R
        4.2.2 is stored before the sorting.
    phi : ndarray or None
        Factor correlations ``inv(T) @ inv(T).T`` (unit diagonal) of an oblique rotation,
        with the permutation and signs of ``loadings`` applied to rows and columns:
        ``phi[i, j] = s_i s_j Phi[perm_i, perm_j]``. None for orthogonal rotations.
    method : str
        The rotation method.
    orthogonal : bool
        Whether the rotation is orthogonal.
    converged : bool
        Whether the criterion's projected gradient reached the tolerance.
    """

    loadings: FloatArray
    rotation_matrix: FloatArray
    phi: FloatArray | None
    method: str
    orthogonal: bool
    converged: bool = True

    def permuted(self, perm: np.ndarray, signs: FloatArray) -> Rotation:
        """The same solution with columns reordered by ``perm`` and multiplied by ``signs``.

        Parameters
        ----------
        perm : ndarray
            New column ``j`` is old column ``perm[j]``.
        signs : ndarray
            +1 or -1 for each new column.

        Returns
        -------
        Rotation
            Loadings ``L[:, perm] * signs``, rotation matrix ``T[:, perm] * signs`` and
            ``phi[perm][:, perm] * outer(signs, signs)``.
        """
        phi = None
        if self.phi is not None:
            phi = self.phi[np.ix_(perm, perm)] * np.outer(signs, signs)
        return Rotation(self.loadings[:, perm] * signs, self.rotation_matrix[:, perm] * signs,
                        phi, self.method, self.orthogonal, self.converged)


# -- criteria: (value, gradient with respect to the loadings) ---------------------------
def _orthomax(loadings: FloatArray, gamma: float) -> tuple[float, FloatArray]:
    """Orthomax: ``-1/4 sum_j [sum_i l_ij^4 - gamma/p (sum_i l_ij^2)^2]``."""
    sq = loadings**2
    centred = sq - gamma * sq.mean(axis=0)
    return -0.25 * float(np.sum(sq * centred)), -loadings * centred


def _oblimin(loadings: FloatArray, gamma: float) -> tuple[float, FloatArray]:
    """GPArotation's ``vgQ.oblimin``: ``1/4 <L^2, (I - gamma/p 11') L^2 N>``."""
    sq = loadings**2
    x = sq.sum(axis=1, keepdims=True) - sq
    if gamma != 0.0:
        x = x - gamma * x.mean(axis=0)
    return 0.25 * float(np.sum(sq * x)), loadings * x


def _geomin(loadings: FloatArray, delta: float) -> tuple[float, FloatArray]:
    """GPArotation's ``vgQ.geomin``: sum over rows of the geometric mean of ``l^2 + delta``."""
    shifted = loadings**2 + delta
    geo = np.exp(np.mean(np.log(shifted), axis=1, keepdims=True))
    k = loadings.shape[1]
    return float(np.sum(geo)), (2.0 / k) * loadings / shifted * geo


def _target(loadings: FloatArray, target: FloatArray) -> tuple[float, FloatArray]:
    """GPArotation's ``vgQ.target``: ``sum (L - H)^2`` over the specified (non-NaN) cells."""
    diff = np.nan_to_num(loadings - target, nan=0.0)
    return float(np.sum(diff**2)), 2.0 * diff


# -- the two manifolds of rotation matrices (GPA's parametrisation) ---------------------
class _Geometry(Protocol):
    def loadings(self, a: FloatArray, t: FloatArray) -> FloatArray: ...
    def gradient(self, a: FloatArray, t: FloatArray, lam: FloatArray,
                 grad_l: FloatArray) -> FloatArray: ...
    def project(self, t: FloatArray, g: FloatArray) -> FloatArray: ...
    def retract(self, x: FloatArray) -> FloatArray: ...
    def chart(self, t0: FloatArray) -> tuple[Callable[[FloatArray], FloatArray],
                                             Callable[[FloatArray], FloatArray], int]: ...


class _Orthogonal:
    """``L = A T`` with ``T`` orthogonal (Jennrich 2001)."""

    def loadings(self, a: FloatArray, t: FloatArray) -> FloatArray:
        return a @ t

    def gradient(self, a: FloatArray, t: FloatArray, lam: FloatArray,
                 grad_l: FloatArray) -> FloatArray:
        return a.T @ grad_l

    def project(self, t: FloatArray, g: FloatArray) -> FloatArray:
        m = t.T @ g
        return g - t @ ((m + m.T) / 2)

    def retract(self, x: FloatArray) -> FloatArray:
        u, _, vt = np.linalg.svd(x)
        return u @ vt

    def chart(self, t0: FloatArray) -> tuple[Callable[[FloatArray], FloatArray],
                                             Callable[[FloatArray], FloatArray], int]:
        """``T = T0 (I - K)^-1 (I + K)`` (Cayley), K skew; gradient coordinates: T0'G."""
        k = t0.shape[0]
        iu = np.triu_indices(k, 1)

        def point(theta: FloatArray) -> FloatArray:
            skew = np.zeros_like(t0)
            skew[iu] = theta
            skew = skew - skew.T
            return t0 @ np.linalg.solve(np.eye(k) - skew, np.eye(k) + skew)

        def coords(projected: FloatArray) -> FloatArray:
            return (t0.T @ projected)[iu]

        return point, coords, len(iu[0])


class _Oblique:
    """``L = A inv(T)'`` with unit-length columns of ``T`` (Jennrich 2002)."""

    def loadings(self, a: FloatArray, t: FloatArray) -> FloatArray:
        return a @ np.linalg.inv(t).T

    def gradient(self, a: FloatArray, t: FloatArray, lam: FloatArray,
                 grad_l: FloatArray) -> FloatArray:
        return -(lam.T @ grad_l @ np.linalg.inv(t)).T

    def project(self, t: FloatArray, g: FloatArray) -> FloatArray:
        return g - t * np.sum(t * g, axis=0)

    def retract(self, x: FloatArray) -> FloatArray:
        return x / np.sqrt(np.sum(x**2, axis=0))

    def chart(self, t0: FloatArray) -> tuple[Callable[[FloatArray], FloatArray],
                                             Callable[[FloatArray], FloatArray], int]:
        """Column j moves in the orthogonal complement of ``t0[:, j]``, then is normalised."""
        k = t0.shape[0]
        bases = np.stack([linalg.null_space(t0[:, [j]].T) for j in range(k)])  # k, k, k-1

        def point(theta: FloatArray) -> FloatArray:
            step = np.einsum("jab,jb->aj", bases, theta.reshape(k, k - 1))
            return self.retract(t0 + step)

        def coords(projected: FloatArray) -> FloatArray:
            return np.einsum("jab,aj->jb", bases, projected).ravel()

        return point, coords, k * (k - 1)


@dataclass
class _Problem:
    """A criterion on one manifold for fixed unrotated loadings ``a``."""

    a: FloatArray
    criterion: Criterion
    geometry: _Geometry

    def evaluate(self, t: FloatArray) -> tuple[float, FloatArray]:
        """Criterion value and its projected gradient with respect to ``t``."""
        lam = self.geometry.loadings(self.a, t)
        value, grad_l = self.criterion(lam)
        grad = self.geometry.gradient(self.a, t, lam, grad_l)
        return value, self.geometry.project(t, grad)


def _gpa(problem: _Problem, t: FloatArray, tol: float, maxiter: int) -> FloatArray:
    """Bernaards & Jennrich's GPA with their step-halving Armijo line search."""
    f, gp = problem.evaluate(t)
    alpha = 1.0
    for _ in range(maxiter):
        s = np.linalg.norm(gp)
        if s < tol:
            break
        alpha *= 2.0
        for _ in range(11):
            t_new = problem.geometry.retract(t - alpha * gp)
            f_new, gp_new = problem.evaluate(t_new)
            if f_new < f - 0.5 * s**2 * alpha:
                break
            alpha /= 2.0
        t, f, gp = t_new, f_new, gp_new
    return t


def _newton_step(problem: _Problem, t0: FloatArray) -> FloatArray:
    """One Newton step on the projected gradient's coordinates in a chart at ``t0``."""
    point, coords, dim = problem.geometry.chart(t0)

    def residual(theta: FloatArray) -> FloatArray:
        return coords(problem.evaluate(point(theta))[1])

    eye = np.eye(dim) * _NEWTON_STEP
    jac = np.column_stack([(residual(e) - residual(-e)) / (2 * _NEWTON_STEP) for e in eye])
    step = cast(FloatArray, np.linalg.lstsq(jac, residual(np.zeros(dim)), rcond=None)[0])
    return point(-step)


def _polish(problem: _Problem, t: FloatArray, tol: float) -> tuple[FloatArray, float]:
    """Newton steps while they reduce the projected gradient, to ``tol * _POLISH_BEYOND``."""
    s = float(np.linalg.norm(problem.evaluate(t)[1]))
    for _ in range(_NEWTON_MAXITER):
        if s <= tol * _POLISH_BEYOND:
            break
        t_new = _newton_step(problem, t)
        s_new = float(np.linalg.norm(problem.evaluate(t_new)[1]))
        if not s_new < s:
            break
        t, s = t_new, s_new
    return t, s


def _minimise(a: FloatArray, criterion: Criterion, orthogonal: bool, start: FloatArray,
              tol: float, maxiter: int, method: str) -> tuple[FloatArray, bool]:
    """GPA then Newton from factanal's ``rotmat`` ``start``; returns the final one."""
    geometry = _Orthogonal() if orthogonal else _Oblique()
    problem = _Problem(a, criterion, geometry)
    t0 = geometry.retract(start if orthogonal else _inverse_transpose(start))
    t, s = _polish(problem, _gpa(problem, t0, max(tol, _GPA_SWITCH), maxiter), tol)
    converged = bool(s < tol)
    if not converged:
        warnings.warn(f"{method} rotation: the criterion's projected gradient is {s:.3g}, "
                      f"above tol={tol:g} after {maxiter} GPA iterations and Newton "
                      "polishing; try a larger maxiter or tol, or Kaiser normalisation "
                      "(normalize=True).", ConvergenceWarning, stacklevel=4)
    return (t if orthogonal else _inverse_transpose(t)), converged


def _inverse_transpose(t: FloatArray) -> FloatArray:
    """``inv(t)'``: the loadings' transform of an oblique rotation ``t``."""
    return cast(FloatArray, np.linalg.inv(t).T)


def _kaiser_weights(a: FloatArray) -> FloatArray:
    """Row lengths of the loadings (1 for an all-zero row)."""
    norms = np.sqrt(np.sum(a**2, axis=1, keepdims=True))
    return np.where(norms > 0, norms, 1.0)


def _criterion(method: str, k: int, options: dict) -> Criterion:
    if method in ("varimax", "quartimax", "equamax"):
        gamma = {"varimax": 1.0, "quartimax": 0.0, "equamax": k / 2}[method]
        return partial(_orthomax, gamma=gamma)
    if method == "oblimin":
        return partial(_oblimin, gamma=options.get("gamma", 0.0))
    if method in ("geomin", "geomin_orthogonal"):
        return partial(_geomin, delta=options.get("delta", 0.01))
    return partial(_target, target=options["target"])


def _promax(a: FloatArray, power: float, normalize: bool, tol: float,
            maxiter: int) -> tuple[FloatArray, bool]:
    """stats::promax: varimax, then the least-squares fit to the power target."""
    weights = _kaiser_weights(a) if normalize else 1.0
    t_vari, converged = _minimise(a / weights, _criterion("varimax", a.shape[1], {}), True,
                                  np.eye(a.shape[1]), tol, maxiter, "promax (its varimax step)")
    x = a @ t_vari
    u = np.linalg.lstsq(x, x * np.abs(x) ** (power - 1), rcond=None)[0]
    u = u * np.sqrt(np.diag(np.linalg.inv(u.T @ u)))
    return t_vari @ u, converged


def _rotation_matrix(a: FloatArray, method: str, normalize: bool, options: dict,
                     start: FloatArray | None, tol: float,
                     maxiter: int) -> tuple[FloatArray, bool]:
    k = a.shape[1]
    if method == "none" or k == 1:
        return np.eye(k), True
    if method == "promax":
        return _promax(a, options.get("power", 4.0), normalize, tol, maxiter)
    weights = _kaiser_weights(a) if normalize else 1.0
    return _minimise(a / weights, _criterion(method, k, options),
                     method in ORTHOGONAL_METHODS, np.eye(k) if start is None else start,
                     tol, maxiter, method)


def sort_columns(loadings: FloatArray) -> tuple[np.ndarray, FloatArray]:
    """factanal's ``sortLoadings`` order and signs.

    Parameters
    ----------
    loadings : ndarray
        Loadings (p x k).

    Returns
    -------
    perm : ndarray
        Columns in decreasing order of their sums of squares (ties kept in order).
    signs : ndarray
        -1 where the permuted column sums to a negative number, else +1.
    """
    perm = np.argsort(-np.sum(loadings**2, axis=0), kind="stable")
    signs = np.where(loadings[:, perm].sum(axis=0) < 0, -1.0, 1.0)
    return perm, signs


def _check_loadings(loadings: FloatArray) -> FloatArray:
    a = np.asarray(loadings, dtype=float)
    if a.ndim != 2 or a.shape[1] < 1 or a.shape[0] < a.shape[1]:
        raise ValueError(f"loadings must be a p x k matrix with p >= k >= 1, got shape "
                         f"{a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError("loadings contain non-finite values")
    return a


def _check_options(method: str, shape: tuple[int, int], options: dict) -> dict:
    if method not in METHODS:
        raise ValueError(f"unknown rotation method {method!r}; valid methods are "
                         f"{', '.join(repr(m) for m in METHODS)}")
    for name in options:
        if method not in _OPTIONS[name]:
            raise ValueError(f"option {name!r} does not apply to the {method!r} rotation "
                             f"(only to {', '.join(_OPTIONS[name])})")
    if method == "target":
        if "target" not in options:
            raise ValueError("the 'target' rotation needs target=<p x k matrix, NaN = "
                             "unspecified>")
        target = np.asarray(options["target"], dtype=float)
        if target.shape != shape:
            raise ValueError(f"target has shape {target.shape}, the loadings {shape}")
        if np.all(np.isnan(target)) or np.any(np.isinf(target)):
            raise ValueError("target must have at least one specified (non-NaN) entry and "
                             "no infinite ones")
        options = {**options, "target": target}
    return options


def check_rotation(method: Any, shape: tuple[int, int], kwds: dict[str, Any] | None) -> None:
    """Raise for a rotation :func:`rotate` would refuse: an unknown method, an unknown
    option, or an option that does not apply to the method (checked when the model is
    built, before any loadings exist)."""
    if not isinstance(method, str):
        raise TypeError(f"rotation must be a method name, got {method!r}")
    kwds = dict(kwds or {})
    known = set(inspect.signature(rotate).parameters) - {"loadings", "method"}
    unknown = sorted(set(kwds) - known)
    if unknown:
        raise ValueError(f"unknown rotation option(s) {unknown}; the options are "
                         f"{sorted(known)}")
    _check_options(method, shape, {name: value for name, value in kwds.items()
                                   if name in _OPTIONS and value is not None})


def _check_start(start: FloatArray | None, method: str, k: int) -> FloatArray | None:
    if start is None:
        return None
    if method in ("none", "promax"):
        raise ValueError(f"start does not apply to the {method!r} rotation")
    t = np.asarray(start, dtype=float)
    if t.shape != (k, k) or not np.all(np.isfinite(t)) or np.linalg.cond(t) > 1e12:
        raise ValueError(f"start must be a finite nonsingular {k} x {k} matrix")
    return t


def rotate(loadings: FloatArray, method: str = "varimax", *, normalize: bool | None = None,
           target: FloatArray | None = None, gamma: float | None = None,
           delta: float | None = None, power: float | None = None,
           start: FloatArray | None = None, tol: float = 1e-12,
           maxiter: int = 5000) -> Rotation:
    r"""Rotate factor loadings as R's factanal with the named rotation would.

    Parameters
    ----------
    loadings : array_like
        Unrotated loadings :math:`A` (p x k). Not modified.
    method : str
        ``"none"``; orthogonal ``"varimax"`` (``stats::varimax``), ``"quartimax"``
        (``GPArotation::quartimax``), ``"equamax"`` (``psych::equamax``, i.e.
        ``GPArotation::cfT`` with kappa = k/(2p), equivalently orthomax with gamma = k/2),
        ``"geomin_orthogonal"`` (``GPArotation::geominT``), ``"target"``
        (``GPArotation::targetT``); oblique ``"promax"`` (``stats::promax``), ``"oblimin"``
        (``GPArotation::oblimin``), ``"geomin"`` (``GPArotation::geominQ``).
    normalize : bool, optional
        Kaiser normalisation (rotate the rows scaled to unit length, then scale back).
        Default: as the R function does, True for varimax and promax (whose varimax
        step it applies to), False otherwise.
    target : array_like, optional
        Target matrix (p x k) of the ``"target"`` rotation, which minimises
        :math:`\sum (\Lambda - H)^2` over its non-NaN cells (NaN = unspecified, a partial
        target as GPArotation's ``targetT`` with NA).
    gamma : float, optional
        Oblimin parameter (default 0, quartimin).
    delta : float, optional
        Geomin parameter (default 0.01).
    power : float, optional
        Promax power ``m`` (default 4).
    start : array_like, optional
        Starting rotation matrix (k x k, the convention of ``Rotation.rotation_matrix``)
        of the criteria minimised iteratively (all methods but ``"none"`` and
        ``"promax"``); default the identity, as in R. Projected onto the orthogonal
        matrices, or onto those whose ``inv(T).T`` has unit columns.
    tol : float
        Convergence tolerance on the Frobenius norm of the criterion's projected
        gradient (GPA's ``s``; R's default is 1e-5).
    maxiter : int
        Maximum number of GPA iterations before the Newton polish.

    Returns
    -------
    Rotation
        Sorted rotated solution; see :class:`Rotation` for the conventions.

    Raises
    ------
    ValueError
        For an unknown method, an option that does not apply to the method, a missing or
        misshapen target, or bad loadings.

    Notes
    -----
    With one factor no rotation is done (as in factanal): the loadings are only signed.
    The result is the local optimum GPA reaches from the identity, as in R; with several
    local optima (geomin often has them) other starts may give other solutions.
    """
    a = _check_loadings(loadings)
    given = {"target": target, "gamma": gamma, "delta": delta, "power": power}
    options = _check_options(method, a.shape,
                             {name: v for name, v in given.items() if v is not None})
    if normalize is None:
        normalize = _NORMALIZE_DEFAULT.get(method, False)
    start = _check_start(start, method, a.shape[1])
    t, converged = _rotation_matrix(a, method, normalize, options, start, tol, maxiter)
    orthogonal = method in ORTHOGONAL_METHODS
    phi = None
    if not orthogonal:
        t_inv = np.linalg.inv(t)
        phi = t_inv @ t_inv.T
    rotation = Rotation(a @ t, t, phi, method, orthogonal, converged)
    return rotation.permuted(*sort_columns(rotation.loadings))


def align_columns(loadings: FloatArray, reference: FloatArray) -> tuple[np.ndarray, FloatArray]:
    r"""Column permutation and signs that best match ``loadings`` to ``reference``.

    Parameters
    ----------
    loadings : array_like
        Loadings (p x k) to align, e.g. from a bootstrap replicate.
    reference : array_like
        Reference loadings (p x k).

    Returns
    -------
    perm : ndarray
        ``loadings[:, perm] * signs`` is aligned with ``reference``.
    signs : ndarray
        +1 or -1 for each aligned column.

    Notes
    -----
    The permutation maximises the sum of absolute Tucker congruences
    :math:`|\sum_i l_{ia} r_{ib}| / (\|l_a\| \|r_b\|)` (Hungarian algorithm); each
    sign makes its column's congruence with the reference column non-negative.
    """
    lam, ref = np.asarray(loadings, dtype=float), np.asarray(reference, dtype=float)
    if lam.shape != ref.shape or lam.ndim != 2:
        raise ValueError(f"loadings {lam.shape} and reference {ref.shape} must be matrices "
                         "of the same shape")
    norms = np.outer(np.linalg.norm(lam, axis=0), np.linalg.norm(ref, axis=0))
    congruence = (lam.T @ ref) / np.where(norms > 0, norms, 1.0)
    rows, cols = linear_sum_assignment(-np.abs(congruence))
    perm = rows[np.argsort(cols)]
    signs = np.where(congruence[perm, np.arange(ref.shape[1])] < 0, -1.0, 1.0)
    return perm, signs


def align(rotation: Rotation, reference: FloatArray) -> Rotation:
    """``rotation`` with its columns permuted and signed to match ``reference`` loadings.

    Parameters
    ----------
    rotation : Rotation
        A rotated solution, e.g. of a bootstrap replicate.
    reference : array_like
        Reference loadings (p x k).

    Returns
    -------
    Rotation
        Loadings, rotation matrix and phi permuted and signed by :func:`align_columns`.
    """
    return rotation.permuted(*align_columns(rotation.loadings, reference))


def _procrustes(loadings: FloatArray, reference: FloatArray) -> FloatArray:
    """Orthogonal ``Q`` minimising ``||loadings Q - reference||``."""
    u, _, vt = np.linalg.svd(loadings.T @ reference)
    return u @ vt


def rotated_solution_function(method: str, reference: Rotation,
                              **options: Any) -> Callable[[FloatArray], FloatArray]:
    """The rotated solution as a smooth function of the unrotated loadings.

    Parameters
    ----------
    method : str
        Rotation method; must be ``reference.method``.
    reference : Rotation
        The rotated solution at the estimate; output columns are aligned with it.
    **options
        Passed to :func:`rotate` (normalize, target, gamma, delta, power, tol, maxiter);
        use the options that produced ``reference``.

    Returns
    -------
    callable
        ``f(x)`` for ``x`` the unrotated loadings raveled row-major (p * k), returning the
        rotated loadings raveled row-major and, for oblique rotations, the strictly lower
        triangle of phi (``phi[np.tril_indices(k, -1)]``), aligned with ``reference`` by
        :func:`align`. Suitable for numerical Jacobians (delta-method standard errors).

    Notes
    -----
    Rotation criteria are invariant to an orthogonal rotation of the unrotated loadings,
    and so is ``f``: ``f(vec(A Q)) = f(vec(A))``. Before rotating, ``f`` turns its input by
    the orthogonal Procrustes rotation onto the reference's unrotated loadings
    ``reference.loadings @ inv(reference.rotation_matrix)``, so that the algorithm
    stays on the reference's local optimum (for ``"none"``, which is not invariant, the
    input is used as it is). Criteria symmetric in the factors (all but ``"target"``'s)
    start from ``reference.rotation_matrix``, so that only a few Newton steps are taken.
    """
    if method != reference.method:
        raise ValueError(f"method {method!r} differs from the reference's "
                         f"{reference.method!r}")
    p, k = reference.loadings.shape
    unrotated = reference.loadings @ np.linalg.inv(reference.rotation_matrix)
    lower = np.tril_indices(k, -1)
    if method in _SYMMETRIC_METHODS:
        options = {"start": reference.rotation_matrix, **options}

    def rotated(x: FloatArray) -> FloatArray:
        a = np.asarray(x, dtype=float).reshape(p, k)
        if method != "none":
            a = a @ _procrustes(a, unrotated)
        solution = align(rotate(a, method, **options), reference.loadings)
        if solution.phi is None:
            return solution.loadings.ravel()
        return np.concatenate([solution.loadings.ravel(), solution.phi[lower]])

    return rotated
