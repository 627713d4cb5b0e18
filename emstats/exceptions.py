"""Every warning and error class of emstats, in one place.

They are also importable from where they were first defined (``emstats``,
``emstats.engine``, ``emstats.inference``, the model modules), so existing
``except`` clauses and ``pytest.warns`` filters keep working.
"""

from __future__ import annotations

from statsmodels.tools.sm_exceptions import ConvergenceWarning as _SMConvergenceWarning


# -- the EM run ------------------------------------------------------------------------------
class ConvergenceWarning(_SMConvergenceWarning):
    """EM stopped at ``maxiter`` before a convergence rule was met."""


class MonotonicityWarning(RuntimeWarning):
    """A plain EM step lowered the log-likelihood: a bug in a model's E- or M-step."""


class NumericalTroubleWarning(RuntimeWarning):
    """The E-step produced a non-finite log-likelihood or parameters, or EM reached the
    boundary of the parameter space."""


# -- the fitted model ------------------------------------------------------------------------
class DegenerateSolutionWarning(RuntimeWarning):
    """A latent state collapsed (near-singular covariance or almost no weight)."""


class QuadratureWarning(RuntimeWarning):
    """The numerical integration of a random effect is not accurate at the estimate: the
    llf moves with more quadrature points."""


class StartsWarning(UserWarning):
    """Of several starts only one reached the best llf: the maximum is not well
    established (more starts, ``n_starts=``, would tell)."""


class HeywoodWarning(RuntimeWarning):
    """A uniqueness of a factor model reached its lower bound (a Heywood case)."""


# -- inference -------------------------------------------------------------------------------
class CovarianceWarning(RuntimeWarning):
    """The information matrix is not positive definite at the estimate."""


class SEMWarning(RuntimeWarning):
    """Some rates of the SEM scheme did not stabilise."""


class BootstrapWarning(RuntimeWarning):
    """Some bootstrap replicates failed and were left out."""


class InfeasibleParametersError(ValueError):
    """Parameters outside the model's parameter space (a variance not positive, a
    probability vector with negative or NaN entries): the engine treats a trial point
    that raises it as infeasible, a caller gets a ValueError naming the problem."""


class ReplicateError(RuntimeError):
    """One bootstrap replicate could not be fitted (not converged, or degenerate)."""


class BoundaryWarning(UserWarning):
    """The null lies on the boundary of the parameter space: the chi-square does not apply."""


class NestingWarning(UserWarning):
    """The nesting of the two models cannot be verified from their parameters."""


class NoNullModelError(AttributeError):
    """A model has no null model with a chi-square likelihood-ratio test (``llnull``,
    ``llr``, ``llr_pvalue``); the message says why. An AttributeError, as statsmodels'
    results lack these attributes where no null model exists (so ``hasattr`` is False and
    ``summary2`` leaves the rows out)."""


# -- input -----------------------------------------------------------------------------------
class SingleSequenceError(ValueError):
    """Resampling whole sequences needs more than one sequence."""


__all__ = [
    "BootstrapWarning",
    "BoundaryWarning",
    "ConvergenceWarning",
    "CovarianceWarning",
    "DegenerateSolutionWarning",
    "HeywoodWarning",
    "InfeasibleParametersError",
    "MonotonicityWarning",
    "NestingWarning",
    "NoNullModelError",
    "NumericalTroubleWarning",
    "QuadratureWarning",
    "ReplicateError",
    "SEMWarning",
    "SingleSequenceError",
    "StartsWarning",
]
