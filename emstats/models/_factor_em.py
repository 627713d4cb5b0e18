r"""The EM maths of exploratory factor analysis, as functions of arrays.

The model is :math:`x = \mu + \Lambda z + e`, :math:`z \sim N(0, I_k)`,
:math:`e \sim N(0, \Psi)`, so that :math:`x \sim N(\mu, \Sigma)` with
:math:`\Sigma = \Lambda\Lambda' + \Psi`. Shared by :mod:`emstats.models.factor`:

* :class:`FactorParams` -- the natural parameters, unpacked.
* :class:`FactorStats` -- the E-step's statistics: sums over rows, additive over blocks
  of rows, carrying no parameters.
* :func:`factor_m_step` -- the exact M-step (Rubin & Thayer 1982) from those sums and
  the parameters of the E-step; :func:`factor_regression` -- its ``E[z | x]``.
* :func:`normal_loglike` -- the llf of complete data from their moments.
* :func:`canonical_loadings`, :func:`echelon_loadings` -- two rotations of the loadings
  (factanal's unrotated solution; the working chart's lower-triangular form), and
  :func:`profile_loadings` -- the loadings maximising the llf for given uniquenesses.

References
----------
Lawley, D. N. and Maxwell, A. E. (1971). Factor Analysis as a Statistical Method, 2nd
ed. Butterworths.
Rubin, D. B. and Thayer, D. T. (1982). EM algorithms for ML factor analysis.
Psychometrika, 47, 69-76.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

import numpy as np

from ..engine.chunks import Additive
from ..typing import FloatArray, IntArray

__all__ = ["FactorParams", "FactorStats", "canonical_loadings", "echelon_loadings",
           "factor_m_step", "factor_regression", "normal_loglike", "profile_loadings"]


@dataclass(frozen=True)
class FactorParams:
    """The natural parameters, unpacked.

    Attributes
    ----------
    mean : ndarray or None
        The means (p); None when the model was given a covariance matrix.
    loadings : ndarray
        Loadings (p x k), in any rotation.
    psi : ndarray
        Unique variances (p).
    """

    mean: FloatArray | None
    loadings: FloatArray
    psi: FloatArray

    @property
    def implied_cov(self) -> FloatArray:
        """``Lambda Lambda' + Psi``."""
        return self.loadings @ self.loadings.T + np.diag(self.psi)


@dataclass(frozen=True)
class FactorStats(Additive):
    r"""The E-step's moments of the data about the mean of the E-step.

    Sums over rows (``+`` adds those of disjoint blocks of rows), with the conditional
    moments of the missing entries given the observed ones at the E-step's parameters.
    The mean :math:`\mu` they are taken about is not part of them: the M-step gets it
    with the parameters.

    Attributes
    ----------
    counts : float
        Number of rows :math:`n`.
    shift : ndarray
        :math:`\sum_i (E[x_i] - \mu)` (p): zero with complete data at the sample mean.
    scatter : ndarray
        :math:`\sum_i E[(x_i - \mu)(x_i - \mu)']` (p x p); with complete data,
        :math:`n (S + d d')`, :math:`d = \bar x - \mu`.

    Notes
    -----
    The M-step needs the covariance about the E-step's mean of the data,
    :math:`C = \text{scatter}/n - s s'` with :math:`s = \text{shift}/n`. Taking the sums
    about the current mean keeps that difference free of cancellation: :math:`s` is
    zero with complete data at the sample mean (where EM starts and stays) and of the
    order of the data's spread otherwise, however far the data lie from the origin. A
    model given only a covariance matrix has :math:`s = 0` and :math:`C = S`.
    """

    counts: float
    shift: FloatArray
    scatter: FloatArray

    @classmethod
    def zeros(cls, p: int) -> FactorStats:
        """The statistics of no rows."""
        return cls(0.0, np.zeros(p), np.zeros((p, p)))

    @property
    def mean_shift(self) -> FloatArray:
        """``shift / counts``: the E-step's mean of the data less the current mean."""
        return self.shift / self.counts

    @property
    def covariance(self) -> FloatArray:
        """``scatter / counts - s s'``: the covariance about the E-step's mean of the data."""
        shift = self.mean_shift
        return self.scatter / self.counts - np.outer(shift, shift)


def factor_regression(params: FactorParams) -> FloatArray:
    r"""``beta = Lambda' Sigma^{-1}`` (k x p): ``E[z | x] = beta (x - mu)``.

    Parameters
    ----------
    params : FactorParams
        The parameters.

    Returns
    -------
    ndarray
        The k x p regression of the factors on the data.

    Notes
    -----
    By Woodbury's identity, :math:`\Lambda'\Sigma^{-1} = (I + \Lambda'\Psi^{-1}\Lambda)^{-1}
    \Lambda'\Psi^{-1}`: a k x k solve.
    """
    scaled = params.loadings / params.psi[:, None]
    core = np.eye(params.loadings.shape[1]) + params.loadings.T @ scaled
    return cast(FloatArray, np.linalg.solve(core, scaled.T))


def factor_m_step(stats: FactorStats, params: FactorParams, lower: FloatArray
                  ) -> FactorParams:
    r"""The exact M-step: the regression of ``x`` on ``(1, z)`` from the expected
    complete-data moments, uniquenesses bounded below by ``lower``.

    Parameters
    ----------
    stats : FactorStats
        The E-step's sums, about ``params.mean``.
    params : FactorParams
        The parameters the E-step ran at.
    lower : ndarray
        Lower bounds of the uniquenesses (p).

    Returns
    -------
    FactorParams
        The new parameters (no means if ``params`` has none).

    Notes
    -----
    With :math:`C` the covariance about the E-step's mean :math:`m = \mu + s`
    (:attr:`FactorStats.covariance`) and :math:`\beta` the factor regression at
    ``params``, the expected cross-moment and factor covariance are
    :math:`E[\mathrm{cov}(x, z)] = C\beta'` and
    :math:`E[\mathrm{cov}(z)] = I - \beta\Lambda + \beta C \beta'`, the factors' mean is
    :math:`\beta s`, and

    .. math::

        \Lambda_{new} = C\beta' (I - \beta\Lambda + \beta C\beta')^{-1}, \quad
        \psi_{new} = \max(\mathrm{diag}(C - \Lambda_{new}\beta C), \text{lower}), \quad
        \mu_{new} = \mu + s - \Lambda_{new}\beta s.

    The loadings do not depend on the uniquenesses in the complete-data likelihood,
    and that likelihood is unimodal in each uniqueness, so the bound is exact.
    """
    beta = factor_regression(params)
    covariance = stats.covariance
    cross = covariance @ beta.T
    factor_cov = np.eye(beta.shape[0]) - beta @ params.loadings + beta @ cross
    loadings = cast(FloatArray, np.linalg.solve(factor_cov, cross.T).T)
    psi = np.diag(covariance) - np.einsum("ij,ij->i", loadings, cross)
    mean = None
    if params.mean is not None:
        shift = stats.mean_shift
        mean = params.mean + shift - loadings @ (beta @ shift)
    return FactorParams(mean, loadings, np.maximum(psi, lower))


def normal_loglike(cov: FloatArray, moments: FloatArray, nobs: float) -> float:
    r"""``sum_i log phi(x_i; mu, cov)`` of complete data from their moments.

    Parameters
    ----------
    cov : ndarray
        The normal's covariance (p x p, positive definite).
    moments : ndarray
        ``mean_i (x_i - mu)(x_i - mu)'`` (p x p).
    nobs : float
        Number of rows.

    Returns
    -------
    float
        :math:`-\frac{n}{2}\left(p \log 2\pi + \log\det\Sigma
        + \mathrm{tr}(\Sigma^{-1} M)\right)`.
    """
    chol = np.linalg.cholesky(cov)
    logdet = 2.0 * np.log(np.diag(chol)).sum()
    half = np.linalg.solve(chol, np.linalg.solve(chol, moments).T)
    p = cov.shape[0]
    return -0.5 * nobs * (p * np.log(2 * np.pi) + logdet + np.trace(half))


def canonical_loadings(loadings: FloatArray, psi: FloatArray) -> FloatArray:
    r"""The rotation of ``loadings`` with ``Lambda' Psi^{-1} Lambda`` diagonal and
    decreasing, each column signed to a positive sum (factanal's unrotated solution)."""
    scaled = loadings / np.sqrt(psi)[:, None]
    _, vectors = np.linalg.eigh(scaled.T @ scaled)
    out = loadings @ vectors[:, ::-1]
    return out * np.where(out.sum(axis=0) < 0, -1.0, 1.0)


def echelon_loadings(loadings: FloatArray) -> FloatArray:
    """The rotation of ``loadings`` whose first ``k`` rows are lower triangular with a
    positive diagonal (unique when those rows are linearly independent)."""
    k = loadings.shape[1]
    q, r = np.linalg.qr(loadings[:k].T)
    signs = np.where(np.diag(r) < 0, -1.0, 1.0)
    out = loadings @ (q * signs)
    out[_strict_upper(k)] = 0.0
    return out


@cache
def _strict_upper(k: int) -> tuple[IntArray, IntArray]:
    """``numpy.triu_indices(k, 1)``, computed once per ``k`` (the working chart maps
    every EM iterate)."""
    return np.triu_indices(k, 1)


def profile_loadings(cov: FloatArray, psi: FloatArray, k: int) -> FloatArray:
    r"""The loadings maximising the likelihood for fixed uniquenesses (Lawley & Maxwell
    1971): ``Psi^{1/2} E (Theta - I)_+^{1/2}`` from the ``k`` leading eigenpairs of
    ``Psi^{-1/2} S Psi^{-1/2}``."""
    root = np.sqrt(psi)
    values, vectors = np.linalg.eigh(cov / np.outer(root, root))
    values, vectors = values[::-1][:k], vectors[:, ::-1][:, :k]
    return root[:, None] * vectors * np.sqrt(np.maximum(values - 1.0, 0.0))
