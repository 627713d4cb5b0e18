r"""The parametric bootstrap likelihood-ratio test (McLachlan 1987).

Use it where the chi-square reference distribution of :func:`~emstats.lrtest` fails,
e.g. for the number of components of a mixture or a variance on its boundary: each
replicate simulates outcomes from the restricted fit and refits both models to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..exceptions import ReplicateError
from ..protocol import Refittable, RefittableFit
from ..typing import FloatArray, RandomState
from .comparison import likelihood_ratio
from .refit import best_fit, fit_replicate
from .replicates import Entropy, ReplicateFailure, checked_count, run_replicates

__all__ = ["BootstrapLRTestResult", "bootstrap_lrtest"]


@dataclass(frozen=True)
class BootstrapLRTestResult:
    """A parametric bootstrap likelihood-ratio test.

    Attributes
    ----------
    statistic : float
        ``2 (llf_full - llf_restricted)`` on the data.
    pvalue : float
        ``(1 + #{LR* >= LR}) / (1 + n_ok)``.
    n_boot : int
        Replicates attempted.
    n_failed : int
        Replicates that failed (listed in ``failures``).
    lr_sample : ndarray
        The bootstrap statistics ``LR*`` of the successful replicates.
    df : int
        Difference in the number of parameters (for reference only).
    failures : tuple of ReplicateFailure
        The failed replicates.
    seed : int or sequence of int
        Root seed entropy (pass as ``random_state`` to reproduce).
    """

    statistic: float
    pvalue: float
    n_boot: int
    n_failed: int
    lr_sample: FloatArray = field(repr=False)
    df: int = 0
    failures: tuple[ReplicateFailure, ...] = field(default=(), repr=False)
    seed: Entropy = field(default=None, repr=False)

    @property
    def n_ok(self) -> int:
        """Number of successful replicates."""
        return self.n_boot - self.n_failed

    def __str__(self) -> str:
        failed = f", {self.n_failed} failed" if self.n_failed else ""
        return (
            "Parametric bootstrap likelihood-ratio test\n"
            f"LR = {self.statistic:.6g}, df = {self.df}, bootstrap p-value = "
            f"{self.pvalue:.4g} ({self.n_ok} replicates{failed})"
        )


#: Round-off allowance, relative to ``1 + |llf|``, below which a negative LR* is zero.
_LR_ROUNDOFF = 1e-8


@dataclass(frozen=True)
class _LRReplicate:
    """LR* on one data set simulated from the restricted fit."""

    restricted: Refittable
    full: Refittable
    restricted_params: FloatArray
    full_params: FloatArray

    def __call__(self, rng: np.random.Generator) -> FloatArray:
        simulated = self.restricted.simulate(self.restricted_params, rng)
        full_model = self.full.with_outcome_of(simulated)
        llf_r = fit_replicate(simulated, self.restricted_params)[1]
        llf_f = best_fit(full_model, [self.full_params, full_model.start_params])
        lr = 2.0 * (llf_f - llf_r)
        if lr < -2.0 * _LR_ROUNDOFF * (1.0 + abs(llf_f)):
            raise ReplicateError(
                f"the full model's fit (llf {llf_f!r}) is below the restricted one's "
                f"({llf_r!r}): a local maximum"
            )
        return np.array([max(lr, 0.0)])


def bootstrap_lrtest(restricted: RefittableFit, full: RefittableFit, n_boot: int = 99, *,
                     n_jobs: int | None = 1,
                     random_state: RandomState = None,
                     progress: bool | None = None) -> BootstrapLRTestResult:
    r"""Parametric bootstrap likelihood-ratio test (McLachlan 1987).

    Use it where the chi-square reference distribution fails, e.g. for the
    number of components of a mixture or a variance on its boundary.

    Parameters
    ----------
    restricted, full : RefittableFit
        Fits (EMResults) of the null and of the alternative to the same observations.
    n_boot : int
        Number of bootstrap data sets (99 gives a p-value resolution of 0.01).
    n_jobs : int
        joblib workers.
    random_state : int, Generator or SeedSequence, optional
        Root seed; the results do not depend on ``n_jobs``.
    progress : bool or None
        Progress bar over the replicates; None (default): shown once the run has
        taken a few seconds, on a terminal or in a notebook (see
        :mod:`emstats._progress`).

    Returns
    -------
    BootstrapLRTestResult

    Notes
    -----
    Each replicate draws outcomes from the restricted fit
    (``restricted.model.simulate(restricted.params, rng)``), builds the full
    model on the same simulated outcomes (``full.model.with_outcome_of(simulated)``)
    and fits both by EM: the restricted model from its estimates on the original
    data, the full model from those and from its own default start (the better
    fit counts: with mixtures one start can miss the maximum), to get

    .. math::

        LR^*_b = 2\,(\ell^*_{\text{full},b} - \ell^*_{\text{restricted},b}), \qquad
        p = \frac{1 + \#\{b : LR^*_b \ge LR\}}{1 + B},

    over the ``B`` successful replicates. A replicate where the full model's
    llf ends below the restricted one's (a local maximum) counts as failed.
    """
    statistic, df = likelihood_ratio(restricted, full)
    replicate = _LRReplicate(restricted.model, full.model,
                             np.asarray(restricted.params, dtype=float),
                             np.asarray(full.params, dtype=float))
    run = run_replicates(replicate, checked_count(n_boot, "n_boot", 1), n_jobs=n_jobs,
                         random_state=random_state, progress=progress,
                         label="bootstrap LR test")
    sample = run.values[:, 0] if run.n_ok else np.empty(0)
    pvalue = (1.0 + np.sum(sample >= statistic)) / (1.0 + run.n_ok)
    return BootstrapLRTestResult(statistic, float(pvalue), run.n, run.n_failed, sample,
                                 df, run.failures, run.seed)
