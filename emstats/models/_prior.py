r"""The conjugate prior of mclust's ``priorControl()`` (Fraley & Raftery 2007).

Each component has :math:`\mu_k \mid \Sigma_k \sim N(m, \Sigma_k / \kappa)` and
:math:`\Sigma_k \sim IW(\nu, \Psi)`. EM then maximises the log posterior; its M-step
is the structure's ML M-step applied to regularised statistics (the weights keep
their ML update, as in mclust):

.. math::

    \mu_k = \frac{n_k \bar x_k + \kappa m}{n_k + \kappa}, \qquad
    \tilde W_k = \Psi + W_k + \frac{n_k \kappa}{n_k + \kappa}(\bar x_k - m)(\bar x_k - m)',
    \qquad \tilde n_k = n_k + \nu + d + 2,

since the log posterior's covariance terms are
:math:`-\tfrac12 \sum_k [\tilde n_k \log|\Sigma_k| + \operatorname{tr}(\Sigma_k^{-1}\tilde W_k)]`.
For VVV this is mclust's update exactly (Fortran ``mevvvp``). For the other
structures it is the exact MAP under this prior on each component's covariance;
mclust's priors for structures with shared or scalar parts count the prior
differently, so their MAP estimates are close to, not equal to, mclust's.

The default hyperparameters are mclust's ``defaultPrior``: :math:`\kappa = 0.01`,
:math:`m` the column means, :math:`\nu = d + 2` and :math:`\Psi =
\operatorname{var}(x) / G^{2/d}` (for spherical and diagonal structures the scalar
:math:`\operatorname{tr}\operatorname{var}(x) / (d\, G^{2/d})` times the identity).
With missing values, the means and variances use the observed entries of each
column and the covariances the pairwise-complete rows (diagonal if that matrix is
not positive definite).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import multigammaln

from ..typing import FloatArray
from ..weights import weighted_pairwise_moments


@dataclass(frozen=True)
class MixturePrior:
    """Hyperparameters of the conjugate prior (mclust's ``defaultPrior`` names).

    Attributes
    ----------
    shrinkage : float
        :math:`\\kappa`, the prior's weight on the mean, in rows.
    mean : ndarray
        :math:`m` (d).
    dof : float
        :math:`\\nu`, the inverse-Wishart degrees of freedom.
    scale : ndarray
        :math:`\\Psi` (d x d).
    """

    shrinkage: float
    mean: FloatArray
    dof: float
    scale: FloatArray

    def __post_init__(self) -> None:
        scale = np.asarray(self.scale, dtype=float)
        d = len(np.atleast_1d(self.mean))
        if self.shrinkage < 0 or self.dof <= d - 1 or scale.shape != (d, d):
            raise ValueError("a prior needs shrinkage >= 0, dof > d - 1 and a d x d scale "
                             f"(d = {d}), got shrinkage {self.shrinkage}, dof {self.dof}, "
                             f"scale of shape {scale.shape}")
        if np.linalg.eigvalsh(0.5 * (scale + scale.T))[0] <= 0:
            raise ValueError("the prior's scale matrix must be positive definite")

    def regularise(self, counts: FloatArray, means: FloatArray, scatter: FloatArray
                   ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Posterior-mode means, regularised scatter matrices and counts, from the ML
        counts, means and scatter matrices about those means."""
        gap = means - self.mean
        kappa = self.shrinkage
        post_means = (counts[:, None] * means + kappa * self.mean) / (counts + kappa)[:, None]
        factor = counts * kappa / (counts + kappa)
        post_scatter = (self.scale + scatter
                        + factor[:, None, None] * gap[:, :, None] * gap[:, None, :])
        return post_means, post_scatter, counts + self.dof + len(self.mean) + 2

    def log_density(self, means: FloatArray, covariances: FloatArray) -> float:
        r"""The log prior density of the component means and covariances.

        Notes
        -----
        With :math:`\kappa > 0` it is normalised,

        .. math::

            \sum_k \log N(\mu_k; m, \Sigma_k/\kappa) + \log IW(\Sigma_k; \nu, \Psi),
            \quad
            \log IW(\Sigma; \nu, \Psi) = \tfrac{\nu}{2}\log|\Psi|
            - \tfrac{\nu d}{2}\log 2 - \log\Gamma_d(\tfrac{\nu}{2})
            - \tfrac{\nu + d + 1}{2}\log|\Sigma| - \tfrac12\operatorname{tr}(\Psi\Sigma^{-1});

        with :math:`\kappa = 0` the prior of the means is flat (improper) and only the
        inverse-Wishart part is counted.
        """
        chol = np.linalg.cholesky(covariances)
        logdet = 2 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
        precisions = np.linalg.inv(covariances)
        gap = means - self.mean
        quad = np.einsum("ki,kij,kj->k", gap, precisions, gap)
        trace = np.einsum("kij,ji->k", precisions, self.scale)
        d = len(self.mean)
        kernel = -0.5 * np.sum((self.dof + d + 2) * logdet + trace + self.shrinkage * quad)
        return float(kernel + len(logdet) * self._log_normaliser())

    def _log_normaliser(self) -> float:
        """The log normalising constant of one component's normal-inverse-Wishart
        density (the normal's only when ``shrinkage > 0``)."""
        d = len(self.mean)
        nu = self.dof
        log_det_scale = np.linalg.slogdet(self.scale)[1]
        wishart = 0.5 * nu * log_det_scale - 0.5 * nu * d * np.log(2.0) - multigammaln(
            0.5 * nu, d)
        if self.shrinkage == 0:
            return float(wishart)
        return float(wishart + 0.5 * d * (np.log(self.shrinkage) - np.log(2 * np.pi)))


def default_prior(values: FloatArray, k: int, diagonal: bool,
                  weights: FloatArray | None = None) -> MixturePrior:
    """mclust's ``defaultPrior(data, G, modelName)`` (NaN = missing); with case
    ``weights``, of the weighted moments
    (:func:`~emstats.weights.weighted_pairwise_moments`), which for frequency weights are
    those of the replicated rows."""
    d = values.shape[1]
    if weights is None:
        frame = pd.DataFrame(values)
        mean = frame.mean().to_numpy()
        cov = frame.cov().to_numpy()  # pairwise complete, divisor n - 1 (R's var)
    else:
        mean, cov = weighted_pairwise_moments(values, weights, ddof=1)
    if not np.isfinite(cov).all() or np.linalg.eigvalsh(cov)[0] <= 0:
        cov = np.diag(np.diag(cov))
    factor = float(k) ** (2.0 / d)
    scale = (np.trace(cov) / d * np.eye(d) if diagonal else cov) / factor
    return MixturePrior(0.01, mean, d + 2.0, scale)

