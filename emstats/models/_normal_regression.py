r"""The normal linear regression's working scale, exact-outcome statistics and LS M-step.

Pieces shared by the regressions with a normal latent outcome
:math:`y_i^* = x_i'\beta + \sigma\varepsilon_i` (censored, truncated, heteroskedastic),
independent of how the outcome is observed:

- :class:`WorkingScale`: the affine recoding to working units (centred, scaled and
  orthonormal regressors; a centred and scaled outcome);
- :class:`CoefficientChart`: the working chart of the coefficients, a
  :class:`~emstats.params.Chart`;
- :class:`WorkingRegression`: the working arrays of groups of rows (their working
  regressors and the least-squares M-step), from :meth:`WorkingRegression.prepare`;
- :class:`ExactOutcomeStats`: sufficient statistics of exactly observed outcomes;
- :class:`LeastSquaresStep`: the M-step, least squares on the expected residuals and the
  ML variance.

Nothing here checks how the outcome is observed (bounds, truncation points): a model
checks its own observations and then prepares its working arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import cast

import numpy as np
from scipy.linalg import cho_factor, cho_solve, cholesky, solve_triangular

from .._checks import full_rank_exog
from .._linalg import constant_columns, weighted_gram
from ..typing import BoolArray, FloatArray, IntArray


def _as_slice_if_all(rows: IntArray, n: int) -> IntArray | slice:
    """``slice(None)`` if ``rows`` are all ``n`` rows in order (no copy to index them)."""
    if rows.size == n and (n == 0 or (rows[0] == 0 and bool(np.all(np.diff(rows) == 1)))):
        return slice(None)
    return rows


def _column_moments(exog: FloatArray) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Each column's mean, standard deviation and whether it is constant.

    From the column sums and sums of squares (two BLAS-speed passes: 13 ms at
    10^6 x 11, against 135 ms for numpy's ``ptp``, ``std`` and ``mean``, measured). The
    variance ``E[x^2] - mean^2`` cancels where the spread is tiny against the mean; those
    columns (and the constant ones) are checked and measured exactly, one by one.
    """
    n = exog.shape[0]
    mean = np.asarray(np.ones(n) @ exog / n, dtype=float)
    mean_sq = np.asarray(np.einsum("ij,ij->j", exog, exog) / n, dtype=float)
    var = np.maximum(mean_sq - mean**2, 0.0)
    suspect = np.flatnonzero(var <= 1e-8 * mean_sq)
    flat = np.zeros(exog.shape[1], dtype=bool)
    flat[constant_columns(exog, suspect)] = True
    for j in suspect:
        var[j] = 0.0 if flat[j] else float(np.var(exog[:, j]))
    return mean, np.asarray(np.sqrt(var), dtype=float), flat


@dataclass(frozen=True)
class WorkingScale:
    r"""Affine recoding to working units: ``X_w = X @ T`` and ``y_w = (y - c) / s``.

    ``T`` centres and scales the regressors and, after :meth:`decorrelated`, makes
    the columns of ``X_w`` orthonormal (``X_w' X_w = n I``). With a constant column
    the outcome is centred, and the constant's coefficient absorbs the centre ``c``
    (``beta_shift``); without one, ``c = 0``.

    Attributes
    ----------
    transform, transform_inv : ndarray
        ``T`` and ``T^-1`` (k x k).
    y_center, y_scale : float
        ``c`` and ``s``.
    beta_shift : ndarray
        The coefficients of ``c`` (``c / x_0c`` on the constant column ``c``, else 0).

    Notes
    -----
    The coefficients map affinely,

    .. math::

        X_w \beta_w = (X\beta - c) / s
        \iff \beta_w = T^{-1} (\beta - \beta_c) / s,

    with :math:`X\beta_c = c` (``beta_shift``); a working scale
    :math:`\sigma_w = \sigma / s`.
    """

    transform: FloatArray
    transform_inv: FloatArray
    y_center: float
    y_scale: float
    beta_shift: FloatArray

    @classmethod
    def fit(cls, exog: FloatArray, outcomes: FloatArray) -> WorkingScale:
        """Centre and scale the non-constant columns, and the outcome (when a constant is
        present).

        Parameters
        ----------
        exog : ndarray
            Regressors, n x k.
        outcomes : ndarray
            Values of the outcome's scale (outcomes, bounds); their finite entries set
            the centre and the scale.
        """
        mean, sd, flat = _column_moments(exog)
        const = np.flatnonzero(flat & (exog[0] != 0))
        finite = outcomes[np.isfinite(outcomes)]
        beta_shift = np.zeros(exog.shape[1])
        y_center = 0.0
        if const.size:
            c = const[0]
            scale = np.asarray(np.where(flat, exog[0], sd), dtype=float)
            scale[scale == 0] = 1.0  # an all-zero column; the rank check rejects it
            transform = np.diag(1.0 / scale)
            shift = np.where(flat, 0.0, mean)
            transform[c] -= shift / (scale * exog[0, c])
            transform[c, c] = 1.0 / exog[0, c]
            y_center = float(np.mean(finite)) if finite.size else 0.0
            beta_shift[c] = y_center / exog[0, c]
        else:
            rms = np.asarray(np.sqrt(sd**2 + mean**2), dtype=float)
            transform = np.diag(1.0 / np.where(rms > 0, rms, 1.0))
        y_scale = float(np.std(finite)) if finite.size > 1 else 0.0
        if not y_scale > 0:
            y_scale = float(np.max(np.abs(finite - y_center), initial=0.0)) or 1.0
        inverse = np.asarray(np.linalg.inv(transform), dtype=float)
        return cls(transform, inverse, y_center, y_scale, beta_shift)

    def design(self, exog: FloatArray, rows: IntArray | slice) -> FloatArray:
        """Working regressors ``X_w`` of ``rows``, column-major (fast matrix-vector products)."""
        return (self.transform.T @ exog[rows].T).T

    def decorrelated(self, gram: FloatArray, designs: Sequence[FloatArray], total: float
                     ) -> tuple[WorkingScale, list[FloatArray]]:
        """Recode the working regressors to orthonormal columns, ``X_w R^-1``.

        ``R`` is the Cholesky factor of ``gram / total`` (``gram = X_w' W X_w`` of all the
        ``designs``, ``total`` the sum of the case weights ``W``). In the decorrelated
        basis the sufficient statistics of the E-step lose no digits even when the
        regressors are nearly collinear. The recoding is returned unchanged if ``gram``
        is too ill-conditioned to factor.
        """
        try:
            chol = cholesky(gram / total, lower=False)
        except np.linalg.LinAlgError:
            return self, list(designs)
        chol_inv = solve_triangular(chol, np.eye(chol.shape[0]))
        new = replace(self, transform=self.transform @ chol_inv,
                      transform_inv=chol @ self.transform_inv)
        return new, [(chol_inv.T @ x.T).T for x in designs]  # stays column-major

    def outcome(self, values: FloatArray) -> FloatArray:
        """Outcome values (or bounds) in working units."""
        return (values - self.y_center) / self.y_scale

    def coefficients_to_working(self, beta: FloatArray) -> FloatArray:
        """``beta_w`` such that ``X_w beta_w = (X beta - c) / s``."""
        return self.transform_inv @ (beta - self.beta_shift) / self.y_scale

    def coefficients_from_working(self, beta_w: FloatArray) -> FloatArray:
        """Inverse of :meth:`coefficients_to_working`."""
        return self.y_scale * (self.transform @ beta_w) + self.beta_shift


@dataclass(frozen=True)
class CoefficientChart:
    r"""The working chart of regression coefficients: those of the working regressors.

    ``u = T^-1 (beta - beta_c) / s`` (:meth:`WorkingScale.coefficients_to_working`): an
    affine map of the whole coefficient vector, not an entrywise one, so it is a chart
    of the block's entries with a matrix (:class:`~emstats.params.Chart`).
    """

    scale: WorkingScale
    on_value = False

    def to_u(self, value: FloatArray) -> FloatArray:
        """``beta_w`` of the coefficients ``value`` (k)."""
        return self.scale.coefficients_to_working(np.ravel(np.asarray(value, dtype=float)))

    def from_u(self, u: FloatArray, shape: tuple[int, ...]) -> FloatArray:
        """The coefficients of ``beta_w = u``."""
        beta = self.scale.coefficients_from_working(np.asarray(u, dtype=float))
        return np.asarray(beta.reshape(shape), dtype=float)

    def size(self, shape: tuple[int, ...]) -> int:
        """One coordinate per coefficient."""
        return int(np.prod(shape))


@dataclass(frozen=True)
class ExactOutcomeStats:
    r"""Sufficient statistics of exactly observed outcomes, in working units.

    They are taken about a least-squares reference fit ``beta_ref``, so that
    ``X'(y - X beta)`` and ``||y - X beta||^2`` follow for any ``beta`` in
    ``O(k^2)`` without cancelling digits: the terms are of the size of the result.

    Attributes
    ----------
    n : float
        Number of outcomes (the sum of their case weights).
    beta_ref : ndarray
        Least-squares coefficients of the outcomes.
    xtx, xtr : ndarray
        ``X'WX`` and ``X'Wr``, ``r = y - X beta_ref``, ``W`` the diagonal matrix of the
        case weights (the identity without weights).
    rtr : float
        ``r'Wr``.

    Notes
    -----
    With :math:`d = \beta - \beta_{ref}`,

    .. math::

        X'(y - X\beta) = X'r - X'X d, \qquad
        \lVert y - X\beta \rVert^2 = r'r - 2 d'X'r + d'X'X d.
    """

    n: float
    beta_ref: FloatArray
    xtx: FloatArray
    xtr: FloatArray
    rtr: float

    @classmethod
    def from_data(cls, x: FloatArray, y: FloatArray, weights: FloatArray | None = None
                  ) -> ExactOutcomeStats:
        """Statistics of regressors ``x`` (n x k) and outcomes ``y``, with case ``weights``."""
        w = np.ones(y.size) if weights is None else weights
        xtx = weighted_gram(x, w)
        beta_ref = cast(FloatArray, np.linalg.lstsq(xtx, (w * y) @ x, rcond=None)[0])
        resid = y - x @ beta_ref
        return cls(float(w.sum()), beta_ref, xtx, (w * resid) @ x,
                   float(resid @ (w * resid)))

    def residual_stats(self, beta: FloatArray) -> tuple[FloatArray, float]:
        """``X'(y - X beta)`` and ``||y - X beta||^2``."""
        d = beta - self.beta_ref
        xtx_d = self.xtx @ d
        ssr = self.rtr - 2.0 * float(d @ self.xtr) + float(d @ xtx_d)
        return self.xtr - xtx_d, max(ssr, 0.0)

    @property
    def xty(self) -> FloatArray:
        """``X'y``."""
        return self.xtx @ self.beta_ref + self.xtr


@dataclass(frozen=True)
class LeastSquaresStep:
    r"""The M-step of a normal linear regression with a fixed design.

    Attributes
    ----------
    gram : ndarray
        ``X_w' W X_w`` (k x k) of all the observations (``W``: their case weights).
    nobs : float
        Number of observations (the sum of the case weights).

    Notes
    -----
    Given the expected residuals at the E-step's coefficients :math:`\beta_w`,
    :math:`g = X_w' E[y^*_w - X_w\beta_w]` and
    :math:`S = \sum_i E[(y^*_{w,i} - x_{w,i}'\beta_w)^2]`, the expected complete-data
    llf is maximised by

    .. math::

        \delta = (X_w'X_w)^{-1} g, \qquad \beta_w^{new} = \beta_w + \delta, \qquad
        \sigma_w^{2,new} = (S - \delta' g) / n,

    the least-squares fit to the expected latent outcome and the ML variance of its
    residuals. The Cholesky factor of :math:`X_w'X_w` is computed once.
    """

    gram: FloatArray
    nobs: float
    _factor: tuple[FloatArray, bool] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_factor", cho_factor(self.gram))

    def solve(self, rhs: FloatArray) -> FloatArray:
        """``(X_w' X_w)^-1 rhs``; NaN where ``rhs`` is not finite (the statistics of a
        trial point EM or SQUAREM tried outside the parameter space), for the engine to
        reject, rather than an error."""
        return np.asarray(cho_solve(self._factor, rhs, check_finite=False), dtype=float)

    def step(self, beta_w: FloatArray, x_resid: FloatArray, sum_sq: float
             ) -> tuple[FloatArray, float]:
        """The new working coefficients and working variance (see Notes)."""
        delta = self.solve(x_resid)
        return beta_w + delta, float((sum_sq - delta @ x_resid) / self.nobs)


def _gram(designs: Sequence[FloatArray], weights: Sequence[FloatArray]) -> FloatArray:
    """``sum_g X_g' W_g X_g`` over the designs of the groups (one group at least)."""
    return cast(FloatArray, sum(weighted_gram(x, w)
                                for x, w in zip(designs, weights, strict=True)))


@dataclass(frozen=True)
class WorkingRegression:
    """The working arrays of a normal regression whose rows fall into groups.

    Attributes
    ----------
    scale : WorkingScale
        The recoding to working units (orthonormal working regressors when the Gram
        matrix factors).
    designs : list of ndarray
        Working regressors of each group of rows, column-major.
    least_squares : LeastSquaresStep
        The M-step, with ``X_w' X_w`` of all the groups.
    """

    scale: WorkingScale
    designs: list[FloatArray]
    least_squares: LeastSquaresStep

    @classmethod
    def prepare(cls, exog: FloatArray, names: Sequence[str], groups: Sequence[IntArray],
                outcomes: FloatArray, weights: FloatArray) -> WorkingRegression:
        """Working units of ``exog`` and of the outcome, and the groups' working regressors.

        Parameters
        ----------
        exog : ndarray
            Regressors, n x k (finite).
        names : sequence of str
            Their names, for the message of the rank check.
        groups : sequence of int ndarray
            Rows of each group (every row in one group, e.g. by kind of observation).
        outcomes : ndarray
            Values of the outcome's scale (see :meth:`WorkingScale.fit`).
        weights : ndarray
            Case weight of each row (ones without weights).

        Raises
        ------
        ValueError
            If the regressors are perfectly collinear (naming the redundant columns).
        """
        scale = WorkingScale.fit(exog, outcomes)
        designs = [scale.design(exog, _as_slice_if_all(rows, exog.shape[0]))
                   for rows in groups]
        group_weights = [weights[rows] for rows in groups]
        gram = _gram(designs, group_weights)
        full_rank_exog(designs, names, working_gram=gram)
        scale, designs = scale.decorrelated(gram, designs, float(weights.sum()))
        gram = _gram(designs, group_weights)
        return cls(scale, designs, LeastSquaresStep(np.asarray(gram, dtype=float),
                                                    float(weights.sum())))


__all__ = [
    "CoefficientChart",
    "ExactOutcomeStats",
    "LeastSquaresStep",
    "WorkingRegression",
    "WorkingScale",
]
