r"""Gaussian densities and moments with missing values, by missingness pattern.

The kernels the Gaussian families share (mixtures, the multivariate normal, the
Gaussian HMM, factor analysis with missing data): the log density of each row's
observed entries under each of several normals, the responsibilities and per-row
log-likelihood from log joint densities, and the expected complete-data moments
(counts, deviations and scatter about given centres) with weights per row, in which
the conditional covariance of the missing entries enters the scatter. Rows are
visited one pattern at a time (:mod:`emstats.models._missing`), in blocks of bounded
size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..engine.chunks import Additive
from ..typing import FloatArray, IntArray
from ._covstruct import CovarianceStructure
from ._missing import Conditional, Pattern
from ._prior import MixturePrior

LOG_RATIO_FLOOR = 100.0
"""Densities below ``exp(-LOG_RATIO_FLOOR)`` times a row's largest are raised to that floor
(see :func:`normalise_columns`)."""

COLLAPSE_RATIO = 1e-10
"""A covariance whose smallest eigenvalue is at most this times the largest data variance
is singular (:func:`singular_covariances`)."""


@dataclass(frozen=True)
class GaussianMoments(Additive):
    """Expected complete-data moments per component, about the means of the E-step.

    A sum over rows (``+`` adds the moments of disjoint blocks of rows); the centre, the
    means at which the E-step was run, is not part of them: the M-step gets it with the
    parameters.

    Attributes
    ----------
    counts : ndarray
        ``sum_i z_ik`` (K).
    shift : ndarray
        ``sum_i z_ik (E[x_i] - mu_k)`` (K x d).
    scatter : ndarray
        ``sum_i z_ik E[(x_i - mu_k)(x_i - mu_k)']`` (K x d x d), including the
        conditional covariance of the missing entries.
    """

    counts: FloatArray
    shift: FloatArray
    scatter: FloatArray

    @classmethod
    def zeros(cls, k: int, d: int) -> GaussianMoments:
        """The moments of no rows (to :meth:`accumulate` blocks into)."""
        return cls(np.zeros(k), np.zeros((k, d)), np.zeros((k, d, d)))

    def accumulate(self, devs: FloatArray, conds: list[Conditional], resp: FloatArray,
                   pattern: Pattern) -> None:
        """Add a block of a pattern's rows in place: deviations (k x p_o x rows) weighted by
        ``resp`` (k x rows), with the conditional covariance of the missing entries in the
        scatter. Only for moments being accumulated (from :meth:`zeros`)."""
        m = pattern.missing
        d = self.shift.shape[1]
        counts_block = resp.sum(axis=1)
        self.counts[:] += counts_block
        for j in range(len(conds)):
            full = filled_deviation(devs[j], conds[j], pattern, d)
            self.shift[j] += full @ resp[j]
            self.scatter[j] += (full * resp[j]) @ full.T
            if m.size:
                self.scatter[j][np.ix_(m, m)] += counts_block[j] * conds[j].residual_cov


@dataclass(frozen=True)
class MixtureParams:
    """The natural parameters, unpacked."""

    weights: FloatArray
    means: FloatArray
    covariances: FloatArray


def singular_covariances(covariances: FloatArray, scale: float) -> NDArray[np.bool_]:
    """Which of the covariance matrices (k x d x d) are singular: smallest eigenvalue at
    most ``1e-10`` times ``scale`` (the largest column variance of the data)."""
    return np.linalg.eigvalsh(covariances)[:, 0] <= COLLAPSE_RATIO * scale


def pattern_normals(covariances: FloatArray, patterns: list[Pattern]
                    ) -> list[list[Conditional]]:
    """The conditional normals of every pattern (one per component): factor them once
    when several passes over the data use the same covariances."""
    return [[Conditional.of(cov, pattern) for cov in covariances] for pattern in patterns]


def pattern_parts(patterns: list[Pattern], rows: slice | None = None,
                  normals: list[list[Conditional]] | None = None
                  ) -> Iterator[tuple[Pattern, list[Conditional] | None]]:
    """Each pattern's rows among the data rows ``rows`` (every row by default), with the
    pattern's conditional normals if given; patterns with no row there are skipped."""
    for i, pattern in enumerate(patterns):
        part = pattern if rows is None else pattern.within(rows)
        if part is not None:
            yield part, None if normals is None else normals[i]


def pattern_deviations(means: FloatArray, covariances: FloatArray, pattern: Pattern,
                       conds: list[Conditional] | None = None
                       ) -> Iterator[tuple[slice, FloatArray, list[Conditional]]]:
    """Per block of the pattern's rows: the deviations of the observed entries from
    each mean (k x p_o x rows) and the conditional normals of the pattern (one per
    component, factored once for all blocks unless given)."""
    k = len(means)
    if conds is None:
        conds = [Conditional.of(covariances[j], pattern) for j in range(k)]
    centres = means[:, pattern.observed, None]
    for block, x in pattern.chunks(width=k * pattern.observed.size):
        yield block, x - centres, conds


def pattern_terms(p: MixtureParams, pattern: Pattern, given: list[Conditional] | None = None,
                  log_weights: FloatArray | None = None
                  ) -> Iterator[tuple[slice, FloatArray, list[Conditional], FloatArray]]:
    """Per block of the pattern's rows: the deviations of the observed entries from
    each mean (k x p_o x rows), the conditional normals, and the log joint density of
    the observed entries and each component (k x rows), with ``log_weights`` (default
    ``log p.weights``) as the log prior probabilities of the components."""
    whiteners: FloatArray | None = None
    constants: FloatArray | None = None
    if log_weights is None:
        log_weights = np.log(p.weights)
    for block, devs, conds in pattern_deviations(p.means, p.covariances, pattern, given):
        if whiteners is None or constants is None:
            whiteners = np.stack([cond.whitener for cond in conds])
            constants = (log_weights + [cond.log_norm for cond in conds])[:, None]
        log_joint = squared_norms(whiteners, devs)
        log_joint *= -0.5
        log_joint += constants
        yield block, devs, conds, log_joint


def squared_norms(whiteners: FloatArray, devs: FloatArray) -> FloatArray:
    """``|W_k dev_k|^2`` per component and row (k x rows) for whiteners (k x p x p) and
    deviations (k x p x rows).

    The sum over coordinates adds contiguous rows one coordinate at a time (numpy's
    reduction over a short middle axis is several times slower), and one observed
    coordinate needs no matrix product at all.
    """
    if devs.shape[1] == 1:
        out = devs[:, 0, :] * whiteners[:, 0, :]
        out *= out
        return out
    z = np.matmul(whiteners, devs)
    z *= z
    out = z[:, 0, :].copy()
    for i in range(1, z.shape[1]):
        out += z[:, i, :]
    return out


def normalise_columns(log_joint: FloatArray) -> FloatArray:
    """Turn log joint densities (k x rows) into responsibilities, in place; return the
    per-row log-likelihood (the log of each column's sum of densities).

    Densities below ``exp(-LOG_RATIO_FLOOR)`` times the row's largest are raised to
    that floor: it changes the row's total by less than 1e-40 of itself, far below
    rounding, and keeps the arithmetic clear of subnormal numbers, which are two
    orders of magnitude slower on common CPUs.
    """
    top = log_joint.max(axis=0)
    log_joint -= top
    np.maximum(log_joint, -LOG_RATIO_FLOOR, out=log_joint)
    np.exp(log_joint, out=log_joint)
    total = log_joint.sum(axis=0)
    log_joint /= total
    return np.log(total) + top


def log_joint_rows(patterns: list[Pattern], n_rows: int, p: MixtureParams,
                   normals: list[list[Conditional]] | None = None,
                   rows: slice | None = None) -> FloatArray:
    """``log pi_k + log phi(x_obs; mu_k, Sigma_k)`` (n_rows x k); rows in no pattern
    (every value missing) get ``log pi_k``. ``normals``: the patterns' conditional
    normals (:func:`pattern_normals`), if already factored. With ``rows`` (a block of the
    data rows), only those rows (len x k)."""
    start = 0 if rows is None else int(rows.start)
    size = n_rows if rows is None else int(rows.stop) - start
    out = np.empty((size, len(p.weights)))
    with np.errstate(divide="ignore"):
        out[...] = np.log(p.weights)
    for part, conds in pattern_parts(patterns, rows, normals):
        for block, _, _, log_joint in pattern_terms(p, part, conds):
            where = shifted(part.row_index(block), start)
            for j, values in enumerate(log_joint):  # by column: numpy's transposing
                out[where, j] = values              # assignment is several times slower
    return out


def shifted(rows: slice | IntArray, start: int) -> slice | IntArray:
    """Data-row positions (a slice or indices) relative to a block starting at ``start``."""
    if isinstance(rows, slice):
        return slice(rows.start - start, rows.stop - start)
    return rows - start if start else rows


def filled_deviation(dev: FloatArray, cond: Conditional, pattern: Pattern, d: int
                       ) -> FloatArray:
    """``E[x - mu | x_obs]`` for a block (d x rows): observed deviations, and the
    regression on them for the missing entries."""
    if pattern.complete:
        return dev
    full = np.empty((d, dev.shape[1]))
    full[pattern.observed] = dev
    full[pattern.missing] = cond.slope @ dev
    return full


def filled_deviations(devs: FloatArray, conds: list[Conditional], pattern: Pattern
                      ) -> FloatArray:
    """``E[x - mu_k | x_obs]`` of a block for every component (k x d x rows)."""
    d = pattern.observed.size + pattern.missing.size
    if pattern.complete:
        return devs
    return np.stack([filled_deviation(devs[j], conds[j], pattern, d)
                     for j in range(len(conds))])


def weighted_moments(patterns: list[Pattern], means: FloatArray, covariances: FloatArray,
                     weights: FloatArray, normals: list[list[Conditional]] | None = None,
                     rows: slice | None = None) -> GaussianMoments:
    """Expected complete-data statistics given each row's component probabilities.

    Parameters
    ----------
    patterns : list of Pattern
        The data, by missingness pattern.
    means, covariances : ndarray
        Current component means (k x d) and covariances (k x d x d): the centre of the
        statistics and the conditional normals of the missing entries.
    weights : ndarray
        ``Pr(component k | data)`` per row of the data (n_rows x k); rows in no
        pattern (every value missing) are not read.
    normals : list, optional
        The patterns' conditional normals (:func:`pattern_normals`), if already factored.
    rows : slice, optional
        A block of the data rows: only those rows, ``weights`` then being theirs.

    Returns
    -------
    GaussianMoments
        The mixture E-step's moments with ``weights`` as responsibilities, e.g.
        an HMM's smoothed state probabilities, about ``means``.
    """
    k, d = means.shape
    start = 0 if rows is None else int(rows.start)
    sums = GaussianMoments.zeros(k, d)
    for part, given in pattern_parts(patterns, rows, normals):
        for block, devs, conds in pattern_deviations(means, covariances, part, given):
            resp = np.ascontiguousarray(weights[shifted(part.row_index(block), start)].T)
            sums.accumulate(devs, conds, resp, part)
    return sums


class NormalsCache:
    """The patterns' conditional normals at the covariances last asked for: the passes of
    an E-step (or its blocks of rows) that share the covariances factor them once.

    Parameters
    ----------
    patterns : list of Pattern
        The data's missingness patterns (a block's part of a pattern has the same
        conditional normals as the whole pattern).
    """

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        self._key: FloatArray | None = None
        self._normals: list[list[Conditional]] = []

    def __call__(self, covariances: FloatArray) -> list[list[Conditional]]:
        """The conditional normals of every pattern (one per component) at
        ``covariances`` (k x d x d)."""
        if self._key is None or not np.array_equal(self._key, covariances):
            self._normals = pattern_normals(covariances, self.patterns)
            self._key = np.array(covariances, copy=True)
        return self._normals


def mixture_moments(patterns: list[Pattern], p: MixtureParams, block: slice | None = None,
                    normals: list[list[Conditional]] | None = None,
                    row_weights: FloatArray | None = None
                    ) -> tuple[GaussianMoments, float]:
    """The Gaussian mixture's E-step over the rows ``block`` (all by default): the moments
    with the responsibilities as weights, about ``p.means``, and the rows' llf.

    One pass over the rows, pattern by pattern in blocks of bounded size: per block, the
    deviations from every mean, the log densities, the responsibilities and their
    weighted first and second moments (about the current means, which keeps the scatter
    matrices free of cancellation however far the data lie from the origin). With one
    component (the multivariate normal) the responsibilities are 1. ``normals``: the
    patterns' conditional normals at ``p.covariances``, if already factored
    (:class:`NormalsCache`). ``row_weights``: case weights of the data rows (each row's
    responsibilities and llf times its weight).
    """
    sums = GaussianMoments.zeros(*p.means.shape)
    llf = 0.0
    for part, given in pattern_parts(patterns, block, normals):
        for rows, devs, conds, log_joint in pattern_terms(p, part, given):
            row_llf = normalise_columns(log_joint)
            if row_weights is None:
                llf += float(row_llf.sum())
            else:
                weights = row_weights[part.row_index(rows)]
                llf += float(weights @ row_llf)
                log_joint *= weights
            sums.accumulate(devs, conds, log_joint, part)
    return sums, llf


def gaussian_m_step(moments: GaussianMoments, centres: FloatArray, covariances: FloatArray,
                    structure: CovarianceStructure, prior: MixturePrior | None = None
                    ) -> tuple[FloatArray, FloatArray]:
    """Means (k x d) and covariances (k x d x d) maximising the expected complete-data
    llf given the E-step's moments about ``centres``: the means in closed form, the
    covariances by the structure's M-step (warm-started at ``covariances`` where it is
    iterative; with a conjugate prior: the posterior mode)."""
    counts = moments.counts
    delta = moments.shift / counts[:, None]
    means = centres + delta
    scatter = moments.scatter - counts[:, None, None] * delta[:, :, None] * delta[:, None, :]
    scatter = 0.5 * (scatter + np.swapaxes(scatter, 1, 2))
    effective = counts
    if prior is not None:
        means, scatter, effective = prior.regularise(counts, means, scatter)
    return means, structure.m_step(scatter, effective, covariances)


def expected_gaussian_loglike(means: FloatArray, covariances: FloatArray,
                              moments: GaussianMoments, centres: FloatArray) -> float:
    """``sum_k E[sum_i z_ik log phi(x_i; mu_k, Sigma_k) | y]`` at ``(means, covariances)``
    given E-step moments about ``centres``."""
    stats = moments
    d = means.shape[1]
    total = 0.0
    for j in range(len(means)):
        gap = centres[j] - means[j]
        shift = np.outer(stats.shift[j], gap)
        scatter = stats.scatter[j] + shift + shift.T + stats.counts[j] * np.outer(gap, gap)
        logdet = np.linalg.slogdet(covariances[j])[1]
        trace = np.trace(np.linalg.solve(covariances[j], scatter))
        total += -0.5 * (stats.counts[j] * (d * np.log(2 * np.pi) + logdet) + trace)
    return float(total)


def sample_mixture(p: MixtureParams, n: int, rng: np.random.Generator
                   ) -> tuple[FloatArray, np.ndarray]:
    """``n`` rows drawn from the mixture, and their components."""
    labels = rng.choice(len(p.weights), size=n, p=p.weights / p.weights.sum())
    d = p.means.shape[1]
    out = np.empty((n, d))
    for j in range(len(p.weights)):
        rows = labels == j
        chol = np.linalg.cholesky(p.covariances[j])
        out[rows] = p.means[j] + rng.standard_normal((int(rows.sum()), d)) @ chol.T
    return out, labels
