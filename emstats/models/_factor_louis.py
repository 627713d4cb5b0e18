r"""Louis' (1982) observed information of factor analysis from the complete data.

The complete data of a row are :math:`w = (x, z)`, jointly normal,

.. math::

    w \sim N(\nu, \Omega), \quad \nu = (\mu, 0), \quad
    \Omega = \begin{pmatrix} \Lambda\Lambda' + \Psi & \Lambda \\ \Lambda' & I \end{pmatrix},

and Louis' identity :math:`I_{obs} = E[I_c \mid y] - \mathrm{Var}[S_c \mid y]` holds for
any parametrisation of this complete-data model whose marginal of ``x`` is the
observed model. The model uses the echelon rotation of its working chart, in which the
loadings are linear in the working vector, so that the complete-data model is a smooth
function of that vector.

* :math:`E[I_c \mid y]` (:func:`complete_information_by_variable`): given ``z`` the
  variables are independent regressions :math:`x_j = \mu_j + \lambda_j'z + e_j`,
  :math:`e_j \sim N(0, \psi_j)`, so the complete-data information is block diagonal in
  :math:`\theta_j = (\mu_j, \lambda_j, \log\psi_j)`, in closed form from the expected
  moments of ``w``.
* :math:`\mathrm{Var}[S_c \mid y]` (:func:`joint_score_covariance`): the score of the
  joint normal in :math:`(\nu, \mathrm{vech}\,\Omega)` is a quadratic in the latent part
  of ``w``, whose conditional covariance
  :func:`~emstats.models._gaussian_score.score_covariance_from_moments` gives from the
  rows' moments alone; the model applies the chain rule to its working vector.

The unobserved part of ``w`` in a row is its missing entries of ``x`` and all of ``z``;
rows are grouped by their observed columns, and each group enters through the count,
sum and cross-products of its observed deviations from the mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy.linalg import block_diag

from ..typing import FloatArray
from ._gaussian_score import score_covariance_from_moments
from ._missing import Conditional, Pattern

IntArray = np.ndarray


@dataclass(frozen=True)
class ObservedGroup:
    """Rows sharing one set of observed columns of ``x``.

    Attributes
    ----------
    observed : ndarray of int
        The observed columns.
    count : float
        Number of rows.
    deviation_sum : ndarray
        :math:`\\sum_i (x_{o,i} - \\mu_o)`.
    deviation_cross : ndarray
        :math:`\\sum_i (x_{o,i} - \\mu_o)(x_{o,i} - \\mu_o)'`.
    """

    observed: IntArray
    count: float
    deviation_sum: FloatArray
    deviation_cross: FloatArray


@dataclass(frozen=True)
class GroupConditional:
    """The conditional normal of ``w`` given a group's observed entries.

    ``E[w_i - nu | x_o,i] = fill @ (x_o,i - mu_o)`` and ``Cov(w_i | x_o,i) = residual``
    (zero in the observed rows and columns).
    """

    group: ObservedGroup
    fill: FloatArray
    residual: FloatArray

    @property
    def mean_sum(self) -> FloatArray:
        """:math:`\\sum_i E[w_i - \\nu \\mid y_i]`."""
        return self.fill @ self.group.deviation_sum

    @property
    def mean_cross(self) -> FloatArray:
        """:math:`\\sum_i E[w_i - \\nu \\mid y_i] E[w_i - \\nu \\mid y_i]'`."""
        return self.fill @ self.group.deviation_cross @ self.fill.T


def joint_covariance(loadings: FloatArray, psi: FloatArray) -> FloatArray:
    """``Omega``, the covariance of ``w = (x, z)``."""
    k = loadings.shape[1]
    return np.block([[loadings @ loadings.T + np.diag(psi), loadings],
                     [loadings.T, np.eye(k)]])


def joint_precision(loadings: FloatArray, psi: FloatArray) -> FloatArray:
    r"""``Omega^{-1}`` in closed form: ``[[Psi^-1, -Psi^-1 L], [-L' Psi^-1, I + L' Psi^-1 L]]``."""
    scaled = loadings / psi[:, None]
    k = loadings.shape[1]
    return np.block([[np.diag(1.0 / psi), -scaled],
                     [-scaled.T, np.eye(k) + loadings.T @ scaled]])


def group_conditionals(groups: Iterable[ObservedGroup], omega: FloatArray, k: int
                       ) -> list[GroupConditional]:
    """The conditional of ``w`` in each group (the missing columns of ``x`` and ``z``
    regressed on the observed columns)."""
    d = omega.shape[0]
    out = []
    for group in groups:
        pattern = _joint_pattern(group.observed, d - k, k)
        conditional = Conditional.of(omega, pattern)
        fill = np.zeros((d, group.observed.size))
        fill[group.observed, np.arange(group.observed.size)] = 1.0
        fill[pattern.missing] = conditional.slope
        residual = np.zeros((d, d))
        residual[np.ix_(pattern.missing, pattern.missing)] = conditional.residual_cov
        out.append(GroupConditional(group, fill, residual))
    return out


def _joint_pattern(observed: IntArray, p: int, k: int) -> Pattern:
    """The observed and latent coordinates of ``w`` for observed columns ``observed``."""
    missing = np.concatenate([np.setdiff1d(np.arange(p), observed), p + np.arange(k)])
    return Pattern(observed, missing, np.empty(0, dtype=int), np.empty((observed.size, 0)))


def expected_joint_moments(conditionals: Iterable[GroupConditional]
                           ) -> tuple[float, FloatArray, FloatArray]:
    """``(n, sum_i E[w_i - nu | y], sum_i E[(w_i - nu)(w_i - nu)' | y])``."""
    conditionals = list(conditionals)
    count = sum(c.group.count for c in conditionals)
    first = sum(c.mean_sum for c in conditionals)
    second = sum(c.mean_cross + c.group.count * c.residual for c in conditionals)
    return float(count), np.asarray(first), np.asarray(second)


def complete_information_by_variable(conditionals: Iterable[GroupConditional],
                                     loadings: FloatArray, psi: FloatArray,
                                     has_mean: bool) -> FloatArray:
    r"""``E[I_c | y]`` in :math:`\theta = (\theta_1, ..., \theta_p)`,
    :math:`\theta_j = (\mu_j, \lambda_j, \log\psi_j)` (without :math:`\mu_j` when the
    model has no means): block diagonal.

    With :math:`\tilde z = (1, z)`, :math:`r_j = x_j - \mu_j - \lambda_j'z` and sums
    over rows of expectations given the data, the block of variable ``j`` is
    :math:`\sum E[\tilde z \tilde z'] / \psi_j` for the coefficients,
    :math:`\sum E[r_j \tilde z] / \psi_j` between them and :math:`\log\psi_j`, and
    :math:`\sum E[r_j^2] / (2\psi_j)` for :math:`\log\psi_j`.
    """
    p, k = loadings.shape
    count, first, second = expected_joint_moments(conditionals)
    z = slice(p, p + k)
    regressors = np.block([[np.array([[count]]), first[z][None, :]],
                           [first[z][:, None], second[z, z]]])
    residual_cross = second[:p, z] - loadings @ second[z, z]          # sum E[r_j z']
    residual_sum = first[:p] - loadings @ first[z]                    # sum E[r_j]
    residual_square = (np.diag(second)[:p] - 2.0 * np.einsum("jl,jl->j", loadings,
                                                             second[:p, z])
                       + np.einsum("jl,lm,jm->j", loadings, second[z, z], loadings))
    keep = slice(0 if has_mean else 1, k + 1)
    blocks = []
    for j in range(p):
        coefficient = regressors[keep, keep] / psi[j]
        cross = np.concatenate([[residual_sum[j]], residual_cross[j]])[keep] / psi[j]
        block = np.empty((coefficient.shape[0] + 1,) * 2)
        block[:-1, :-1] = coefficient
        block[:-1, -1] = block[-1, :-1] = cross
        block[-1, -1] = 0.5 * residual_square[j] / psi[j]
        blocks.append(block)
    return block_diag(*blocks)


def joint_score_covariance(conditionals: Iterable[GroupConditional], precision: FloatArray
                           ) -> FloatArray:
    r"""``Var[S_c | y]`` of the joint normal of ``w`` in :math:`(\nu, \mathrm{vech}\,\Omega)`
    (``vech``: ``numpy.tril_indices`` order), summed over the groups."""
    d = precision.shape[0]
    pairs = np.tril_indices(d)
    out = np.zeros((d + pairs[0].size,) * 2)
    for c in conditionals:
        to_score = precision @ c.fill
        spread = precision @ c.residual @ precision
        out += score_covariance_from_moments(
            c.group.count, to_score @ c.group.deviation_sum,
            to_score @ c.group.deviation_cross @ to_score.T, spread, pairs)
    return 0.5 * (out + out.T)


def joint_coordinates(mean: FloatArray | None, loadings: FloatArray, psi: FloatArray
                      ) -> FloatArray:
    """``(nu, vech Omega)``: the coordinates of :func:`joint_score_covariance`."""
    p, k = loadings.shape
    omega = joint_covariance(loadings, psi)
    nu = np.concatenate([mean if mean is not None else np.zeros(p), np.zeros(k)])
    return np.concatenate([nu, omega[np.tril_indices(p + k)]])

