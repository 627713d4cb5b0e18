r"""Multivariate normal emissions with missing values: the Gaussian families' emission.

Given its state :math:`j`, a row is :math:`N(\mu_j, \Sigma_j)`, with the covariances
constrained by one of mclust's 14 structures (:mod:`._covstruct`). Missing entries (NaN)
are integrated out of a row's density, so a row contributes the density of its observed
entries (full-information maximum likelihood under MAR); a row with every entry missing
contributes 1 (a mixture leaves such rows out; an HMM keeps them as time steps without an
observation). The statistics are the expected moments per state about the current means,
the conditional covariance of the missing entries included (:mod:`._gaussian_kernels`);
the M-step is the means in closed form and the structure's covariance M-step (with
mclust's conjugate prior, the posterior mode).

Parameters: ``mean[j,x]`` and the lower triangles ``cov[j,x,y]`` (without the state with
one state). Working coordinates: the means, then the structure's minimal covariance
coordinates (:mod:`._covchart`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import numpy as np

from ..params import Affine, Block, ParamValues, array_block, symmetric_block
from ..typing import BoolArray, FloatArray, IntArray
from ._covchart import cov_from_u, cov_to_u
from ._covstruct import CovarianceStructure
from ._gaussian_kernels import (
    GaussianMoments,
    MixtureParams,
    NormalsCache,
    expected_gaussian_loglike,
    gaussian_m_step,
    log_joint_rows,
    normalise_columns,
    pattern_parts,
    pattern_terms,
    shifted,
    singular_covariances,
    weighted_moments,
)
from ._gaussian_score import state_score_moments
from ._missing import Pattern
from ._prior import MixturePrior
from .latent.emission import EmissionBase, EmissionScores


class GaussianEmission(EmissionBase):
    """Normal rows given the state, one mean and covariance per state.

    Parameters
    ----------
    patterns : list of Pattern
        The data by missingness pattern (rows with every entry missing are in none).
    n_rows : int
        Rows of the data.
    columns : sequence of str
        Column names.
    k : int
        Number of states.
    structure : CovarianceStructure
        The covariance structure.
    column_variances : ndarray
        The variance of each column's observed values: the largest is the scale of the
        collapse rule, their square roots the units of :meth:`state_features`.
    prior : MixturePrior, optional
        mclust's conjugate prior of the means and covariances (the M-step is then the
        posterior mode).
    """

    state_noun = "covariance"

    def __init__(self, patterns: list[Pattern], n_rows: int, columns: Sequence[str], k: int,
                 structure: CovarianceStructure, column_variances: FloatArray,
                 prior: MixturePrior | None = None, order_by: str | None = None) -> None:
        self.patterns = patterns
        self.n_rows = int(n_rows)
        self.columns = list(columns)
        self.n_hidden = int(k)
        self.structure = structure
        self.largest_variance = float(np.max(column_variances))
        self.column_scale = np.where(column_variances > 0, np.sqrt(column_variances), 1.0)
        self.prior = prior
        self.order_column = _order_column(order_by, self.columns)
        d = len(self.columns)
        self.row_size = k * (d + 2)
        states = None if k == 1 else range(k)
        mean_axes: list[Sequence[object]] = ([self.columns] if states is None
                                             else [states, self.columns])
        self.blocks: tuple[Block, ...] = (
            array_block("mean", mean_axes, chart=Affine()),
            symmetric_block("cov", states, self.columns, n_free=structure.n_params(d, k)),
        )
        self.normals = NormalsCache(patterns)

    @property
    def n_features(self) -> int:
        """Number of columns ``d``."""
        return len(self.columns)

    @cached_property
    def observed_rows(self) -> BoolArray:
        """Rows with at least one observed entry (those in a pattern)."""
        observed = np.zeros(self.n_rows, dtype=bool)
        for pattern in self.patterns:
            observed[pattern.rows] = True
        return observed

    # -- values ----------------------------------------------------------------------------
    def parts(self, values: ParamValues) -> tuple[FloatArray, FloatArray]:
        """Means (k x d) and covariances (k x d x d)."""
        k, d = self.n_hidden, self.n_features
        return values["mean"].reshape(k, d), values["cov"].reshape(k, d, d)

    def _blocks(self, means: FloatArray, covariances: FloatArray) -> dict[str, FloatArray]:
        shape_mean, shape_cov = self.blocks[0].shape, self.blocks[1].shape
        return {"mean": means.reshape(shape_mean), "cov": covariances.reshape(shape_cov)}

    def _unit_weights(self, values: ParamValues) -> MixtureParams:
        means, covs = self.parts(values)
        return MixtureParams(np.ones(self.n_hidden), means, covs)

    # -- the E-step ------------------------------------------------------------------------
    def log_density(self, values: ParamValues, rows: slice) -> FloatArray:
        """``log phi(y_t,obs; mu_j, Sigma_j)`` of the rows ``rows`` (len x k); 0 for a row
        with every entry missing."""
        p = self._unit_weights(values)
        return log_joint_rows(self.patterns, self.n_rows, p, self.normals(p.covariances), rows)

    def statistics(self, values: ParamValues, weights: FloatArray, rows: slice
                   ) -> GaussianMoments:
        """The moments of the rows weighted by ``weights`` (len x k), about the means."""
        means, covs = self.parts(values)
        return weighted_moments(self.patterns, means, covs, weights, self.normals(covs), rows)

    def weighted_pass(self, values: ParamValues, log_prior: FloatArray, rows: slice,
                      keep_posterior: bool, case_weights: FloatArray | None = None
                      ) -> tuple[GaussianMoments, FloatArray, FloatArray | None, float]:
        """The mixture E-step fused in one pass over the rows (the deviations from every
        mean serve the densities and the moments): per block of a pattern's rows, the log
        joint densities, the responsibilities (times the case weights) and their weighted
        moments. A log prior that varies by row (concomitant variables) takes the two-pass
        default."""
        if np.ndim(log_prior) == 2:
            return super().weighted_pass(values, log_prior, rows, keep_posterior,
                                         case_weights)
        p = self._unit_weights(values)
        start = int(rows.start)
        sums = GaussianMoments.zeros(self.n_hidden, self.n_features)
        posterior = (np.zeros((int(rows.stop) - start, self.n_hidden)) if keep_posterior
                     else None)
        llf = 0.0
        for part, _ in pattern_parts(self.patterns, rows):
            for block, devs, conds, log_joint in pattern_terms(p, part, log_weights=log_prior):
                where = shifted(part.row_index(block), start)
                row_llf = normalise_columns(log_joint)
                if case_weights is None:
                    llf += float(row_llf.sum())
                else:
                    weights = case_weights[where]
                    llf += float(weights @ row_llf)
                    log_joint *= weights
                sums.accumulate(devs, conds, log_joint, part)
                if posterior is not None:
                    posterior[where] = log_joint.T
        return sums, sums.counts, posterior, llf

    def row_loglike(self, values: ParamValues, log_prior: FloatArray, rows: slice
                    ) -> FloatArray:
        """The per-row llf of a mixture in one pass (no moments); a row in no pattern has
        llf 0 (it has no observation)."""
        if np.ndim(log_prior) == 2:
            return super().row_loglike(values, log_prior, rows)
        p = self._unit_weights(values)
        start = int(rows.start)
        out = np.zeros(int(rows.stop) - start)
        for part, _ in pattern_parts(self.patterns, rows):
            for block, _, _, log_joint in pattern_terms(p, part, log_weights=log_prior):
                out[shifted(part.row_index(block), start)] = normalise_columns(log_joint)
        return out

    # -- the M-step ------------------------------------------------------------------------
    def m_step(self, stats: GaussianMoments, values: ParamValues) -> dict[str, FloatArray]:
        """Means in closed form, covariances by the structure's M-step."""
        means, covs = self.parts(values)
        new_means, new_covs = gaussian_m_step(stats, means, covs, self.structure, self.prior)
        return self._blocks(new_means, new_covs)

    def expected_loglike(self, values: ParamValues, stats: GaussianMoments, at: ParamValues
                         ) -> float:
        """``sum_j E[sum_t z_tj log phi(y_t; mu_j, Sigma_j) | y]``."""
        means, covs = self.parts(values)
        return expected_gaussian_loglike(means, covs, stats, self.parts(at)[0])

    def log_prior(self, values: ParamValues) -> float:
        """The log prior density of the means and covariances (0 without a prior)."""
        if self.prior is None:
            return 0.0
        means, covs = self.parts(values)
        return float(self.prior.log_density(means, covs))

    # -- coordinates -----------------------------------------------------------------------
    def to_working(self, values: ParamValues) -> FloatArray:
        """The means, then the covariance structure's minimal coordinates."""
        means, covs = self.parts(values)
        return np.concatenate([means.ravel(), cov_to_u(self.structure.name, covs)])

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]:
        """Inverse of :meth:`to_working`."""
        k, d = self.n_hidden, self.n_features
        u = np.asarray(u, dtype=float)
        covs = cov_from_u(self.structure.name, u[k * d:], k, d)
        return self._blocks(u[:k * d].reshape(k, d), covs)

    @property
    def n_working(self) -> int:
        """``k d`` means and the structure's covariance coordinates."""
        d = self.n_features
        return self.n_hidden * d + self.structure.n_params(d, self.n_hidden)

    # -- identification --------------------------------------------------------------------
    def singular_states(self, values: ParamValues) -> list[int]:
        """States whose covariance's smallest eigenvalue is at most ``1e-10`` times the
        largest column variance of the data."""
        covs = self.parts(values)[1]
        return np.flatnonzero(singular_covariances(covs, self.largest_variance)).tolist()

    def order_key(self, values: ParamValues) -> FloatArray:
        """Each state's mean of the ``order_by`` column (the first by default)."""
        return self.parts(values)[0][:, self.order_column]

    def state_features(self, values: ParamValues) -> FloatArray:
        """The means in units of the columns' standard deviations."""
        return self.parts(values)[0] / self.column_scale

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]:
        """Means and covariances with state ``order[i]`` renumbered ``i``."""
        means, covs = self.parts(values)
        return self._blocks(means[order], covs[order])

    def sample(self, values: ParamValues, states: IntArray, rng: np.random.Generator
               ) -> FloatArray:
        """Rows drawn from the states' normals."""
        means, covs = self.parts(values)
        d = self.n_features
        out = np.empty((len(states), d))
        for j in range(self.n_hidden):
            rows = states == j
            chol = np.linalg.cholesky(covs[j])
            out[rows] = means[j] + rng.standard_normal((int(rows.sum()), d)) @ chol.T
        return out

    # -- Louis -----------------------------------------------------------------------------
    def score_coordinates(self, values: ParamValues) -> FloatArray:
        """Each state's mean and covariance lower triangle, ``(mu_j, vech Sigma_j)``."""
        means, covs = self.parts(values)
        lower = np.tril_indices(self.n_features)
        return np.concatenate([np.concatenate([means[j], covs[j][lower]])
                               for j in range(self.n_hidden)])

    def score_moments(self, values: ParamValues, weights: FloatArray) -> EmissionScores:
        """The states' conditional score moments in closed form
        (:func:`~._gaussian_score.state_score_moments`)."""
        means, covs = self.parts(values)
        scores, within = state_score_moments(self.patterns, means, covs, weights)
        return EmissionScores(scores, within, blockwise=True)


def _order_column(order_by: str | None, columns: Sequence[str]) -> int:
    """The position of the column whose means order the states (the first if None)."""
    if order_by is None:
        return 0
    if order_by not in columns:
        raise ValueError(f"order_by must be one of the columns {list(columns)}, got "
                         f"{order_by!r}")
    return list(columns).index(order_by)
