r"""The capabilities an emstats model may have, declared once.

Every hook that the engine or ``inference/`` calls on a model is declared here, with
its meaning, as a :class:`typing.Protocol`. Nothing in emstats looks a hook up by
attribute name: the engine is typed against :class:`EMProblem` (and, for E-steps in
chunks, :class:`BlockEStep`; for a Newton finish, :class:`NewtonFinish`; for a plain
EM warm-up, :class:`PlainWarmUp`), each
covariance estimator against the capability it needs, and :class:`emstats.EMModel`
implements all of them, with the documented defaults, so that a model overrides only
what it has.

The groups:

============================  =============================================================
:class:`EMProblem`            the EM core: E-step, M-step, observed llf, working chart, and the
                              three questions the engine asks about a point (feasible,
                              singular, degenerate)
:class:`BlockEStep`           an E-step that is a sum over blocks of units (rows, sequences)
:class:`Statistics`           E-step statistics: a zero and ``+`` (additive over row blocks)
:class:`NewtonFinish`         an EM iterate that Newton's method on the observed llf finishes
:class:`PlainWarmUp`          plain EM to a reference program's stopping point before SQUAREM
:class:`WorkingChart`         the working (unconstrained) coordinates and bounds held fixed
:class:`ObservedLikelihood`   what ``oim``, ``opg``, ``robust`` and ``cluster`` need
:class:`CompleteData`         what ``louis`` and ``sem`` need
:class:`Resampling`           what the bootstrap and the bootstrap LR test need
:class:`Comparison`           what :func:`~emstats.lrtest` and :func:`~emstats.compare` need
:class:`FitPolicy`            model-specific defaults and diagnostics of :meth:`EMModel.fit`
:class:`Refittable`           replicate data sets that EM refits (the bootstrap covariance)
:class:`Estimable`            all that a covariance estimator may ask (what ``fit`` hands it)
============================  =============================================================

Fitted results are read through :class:`FitSummary` (tests and comparison tables),
:class:`BootstrapFit` (bootstrap intervals) and :class:`RefittableFit` (the bootstrap LR
test).

Parameter labels follow one numbering convention across the package: latent states
(mixture components, hidden states, regimes) are numbered from 0, as in statsmodels
and hmmlearn, and come first inside the brackets: ``weight[0]``, ``mean[1,x]``,
``p[0->1]``, ``const[1]`` (see :mod:`emstats.params`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Protocol, Self, runtime_checkable

import numpy as np

from .typing import ArrayLike, BoolArray, FloatArray, IntArray, RowBlock
from .weights import CaseWeights


# -- the engine's contract -----------------------------------------------------------------
@runtime_checkable
class Statistics(Protocol):
    """Expected complete-data statistics of an E-step.

    They are a sum over the units of the data (rows, or whole sequences) and carry no
    parameters: the statistics of two disjoint blocks of units add up (``+``) to those
    of their union, so an E-step can run in chunks of bounded memory or per partition
    of a distributed data set. The M-step receives the current parameters separately.
    """

    def __add__(self, other: Self) -> Self:
        """The statistics of the union of two disjoint blocks."""
        ...


class EMProblem(Protocol):
    """What the EM engine needs from a model.

    ``params`` is the model's natural parameter vector (the one it reports); the
    unconstrained vector ``u`` is where the engine extrapolates (SQUAREM) and
    measures parameter change, so it should be well scaled (standardised
    coefficients, log scales, logits of weights).

    A class that subclasses this protocol inherits the defaults of the last four
    methods; the engine calls all nine.

    EM increases the :meth:`objective`: the observed-data log-likelihood, or, for a
    model with a prior, the log posterior (the llf plus the log prior density). The
    engine's trace and history hold the objective; :meth:`loglike` is always the
    log-likelihood alone.
    """

    monotone_rtol: ClassVar[float]
    """How far (relative to ``1 + |llf|``) an EM step may lower the llf before the
    engine's guard warns: round-off (1e-11) by default; more for a model whose llf is
    itself an approximation (adaptive quadrature), by the approximation's error."""

    def e_step(self, params: FloatArray) -> tuple[Any, float]:
        """Expected complete-data sufficient statistics and the :meth:`objective` at
        ``params``."""
        ...

    def m_step(self, stats: Any, params: FloatArray) -> FloatArray:
        """Maximiser of the expected complete-data llf given the E-step's ``stats``;
        ``params`` are the parameters the E-step was run at (the centre of the
        statistics, the warm start of an iterative or conditional M-step)."""
        ...

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (without any prior)."""
        ...

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Natural parameters to the unconstrained working vector."""
        ...

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        ...

    def objective(self, params: FloatArray) -> float:
        """The function EM increases, as the E-step returns it: :meth:`loglike` by
        default; the log posterior (log-likelihood plus log prior) for a model with a
        prior. The engine's SQUAREM acceptance checks, monotonicity guard and final
        value use it."""
        return self.loglike(params)

    def feasible_params(self, params: FloatArray) -> FloatArray:
        """The nearest point of the parameter space to ``params``, for bounds the working
        chart does not enforce (a variance bounded away from zero, say). The engine
        applies it to the start and to SQUAREM's extrapolations, because an EM step from
        outside the parameter space can lower the llf. ``params`` by default."""
        return params

    def singular_reason(self, params: FloatArray) -> str | None:
        """Why the likelihood is unbounded at ``params`` (a covariance matrix or variance
        collapsed onto a point), or None. EM cannot go on from such a point, whose llf
        is dominated by round-off, so the engine stops there as on the boundary and
        SQUAREM never extrapolates onto one. None by default."""
        return None

    def degenerate_reason(self, params: FloatArray) -> str | None:
        """Why an EM fixed point ``params`` is degenerate (a state collapsed onto a point,
        a state with less than one observation's weight), or None. Multiple starts rank
        degenerate runs below sound ones; a SQUAREM run that ends degenerate is repeated
        by plain EM; a bootstrap replicate that ends degenerate counts as failed.
        :meth:`singular_reason` by default."""
        return self.singular_reason(params)


@runtime_checkable
class BlockEStep(Protocol):
    """An E-step that is a sum over blocks of independent units.

    A model with this capability computes its E-step block by block
    (:func:`emstats.engine.chunked_e_step`): ``e_step(params)`` equals the sum of
    ``e_step_block(params, block)`` over any partition of ``range(n_units)`` into
    consecutive blocks, the statistics by their ``+`` and the llf by addition (plus
    :meth:`llf_offset` once).
    """

    @property
    def n_units(self) -> int:
        """Number of independent units (rows, or sequences of a hidden Markov model)."""
        ...

    @property
    def unit_size(self) -> int:
        """Working memory of the E-step per unit, in float64 numbers (a block of ``m``
        units needs about ``8 m unit_size`` bytes); the automatic chunk size keeps a block
        under :data:`emstats.engine.CHUNK_BUDGET` numbers."""
        ...

    def e_step_block(self, params: FloatArray, block: RowBlock) -> tuple[Statistics, float]:
        """The statistics and the llf of the units ``block`` (a slice of ``range(n_units)``)."""
        ...

    def llf_offset(self, params: FloatArray) -> float:
        """The part of the objective that is not a sum over units (a log prior density),
        added once to the blocks' sum; 0 for a likelihood."""
        ...


@runtime_checkable
class NewtonFinish(Protocol):
    """A model whose EM iterate Newton's method on the observed llf finishes.

    Where EM converges slowly (a large fraction of missing information) and the model
    has an analytic score and Hessian, :func:`emstats.engine.run_em` runs EM to
    :meth:`newton_handoff`'s looser tolerance and then Newton's method
    (:func:`emstats.engine.newton.newton_polish`); if Newton does not converge, EM goes
    on to the full tolerance and Newton polishes that. The Newton steps are rows of the
    history (``move`` ``"newton"``) and the stopping rule is ``"newton"``. A model
    with a prior must not have this capability (Newton climbs the llf, EM the
    objective).
    """

    def newton_handoff(self) -> float | None:
        """The parameter tolerance at which EM hands its iterate to Newton's method, or
        None: EM runs to the end (the model, or this instance of it, converges fast)."""
        ...

    def score_unconstrained(self, u: FloatArray) -> FloatArray:
        """The score of the llf (case-weighted) in the working coordinates."""
        ...

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray:
        """The Hessian of the llf in the working coordinates."""
        ...


@runtime_checkable
class PlainWarmUp(Protocol):
    """A model whose accelerated fits first follow plain EM to a reference program's
    stopping point.

    SQUAREM's extrapolated steps can carry an iterate out of the domain of attraction of
    the maximum that plain EM from the same start converges to, into that of a lower
    one. A model whose users compare its fits with a reference program's plain EM from
    the same start (mclust's ``me`` from its hierarchical partition) declares that
    program's stopping rule: :func:`emstats.engine.run_em` runs plain EM until a step
    changes the llf by at most :meth:`plain_em_tolerance` ``* (1 + |llf|)``, where the
    reference program stops, and SQUAREM from there. The accelerated fit is then at
    least as good as the reference program's, and SQUAREM still does the slow part.
    The warm-up's iterations are the first rows of the history (move ``"em"``).
    """

    def plain_em_tolerance(self) -> float | None:
        """The llf tolerance of the plain EM warm-up, or None: no warm-up."""
        ...


# -- working coordinates -------------------------------------------------------------------
class WorkingChart(Protocol):
    """The working (unconstrained) coordinates of the parameters."""

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Natural parameters to the working vector ``u``."""
        ...

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        ...

    def jacobian_from_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``d params / d u`` (k_params x len(u)); None: differentiated numerically."""
        ...

    def fixed_working_coordinates(self, params: FloatArray) -> BoolArray | None:
        """Boolean mask of the working coordinates at a bound of the parameter space at
        ``params`` (a Heywood uniqueness); the covariance estimators hold them fixed
        (variance 0) and treat the others conditionally on them. None: no bound."""
        ...


# -- inference ---------------------------------------------------------------------------------
class ObservedLikelihood(WorkingChart, Protocol):
    """The observed-data likelihood, for ``oim``, ``opg``, ``robust`` and ``cluster``.

    With :attr:`case_weights`, :meth:`loglike` is the weighted sum of the units'
    contributions, while :meth:`loglikeobs` and :meth:`score_obs_unconstrained` stay
    per unit and unweighted: the score-based estimators weight them by the weights' kind
    (:func:`emstats.weights.score_meat`).
    """

    model_name: ClassVar[str]
    case_weights: CaseWeights | None

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood."""
        ...

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-unit log-likelihood (its sum, weighted by :attr:`case_weights`, is
        :meth:`loglike`); the terms must be independent (or martingale differences) for
        the score-based estimators."""
        ...

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Hessian of the observed llf in ``u``; None: numerical (numdiff)."""
        ...

    def score_obs_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Per-observation scores in ``u`` (nobs x len(u)); None: numerical."""
        ...


class CompleteData(ObservedLikelihood, Protocol):
    """Complete-data quantities, for Louis' (1982) and the supplemented-EM covariance."""

    def e_step(self, params: FloatArray) -> tuple[Any, float]:
        """The E-step (SEM differentiates the EM map numerically)."""
        ...

    def m_step(self, stats: Any, params: FloatArray) -> FloatArray:
        """The M-step."""
        ...

    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``E[-d2 l_c / du du' | y]``: the expected complete-data information at ``u``;
        None if the model does not supply it."""
        ...

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``Var[d l_c / du | y]``: the conditional covariance of the complete-data score,
        summed over independent units; None if the model does not supply it."""
        ...

    def em_complete_information_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """The complete-data information of the model whose ``Q`` the M-step maximises
        (Meng & Rubin's identity holds for the EM map's own complete-data model);
        None when the M-step maximises over more than the working coordinates (a
        parameter-expanded EM)."""
        ...


class Resampling(Protocol):
    """Replicate data sets, for the bootstrap and the bootstrap LR test."""

    nobs: float
    model_name: ClassVar[str]

    @property
    def start_params(self) -> FloatArray:
        """The default start."""
        ...

    def check_resamplable(self) -> None:
        """Raise (an error saying what to use instead) if :meth:`resample` cannot work for
        this model (one sequence of a hidden Markov model, a time series, a covariance
        matrix without the data); nothing by default. Called before EM, so that a
        bootstrap request that cannot be met fails at once."""
        ...

    @property
    def resample_units(self) -> int:
        """How many independent units :meth:`resample` draws from (the observations; a
        panel model's panels)."""
        ...

    def resample(self, rows: IntArray) -> Self:
        """The same model on the units ``rows`` (indices with repeats): the
        nonparametric bootstrap."""
        ...

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> Self:
        """The same model on outcomes drawn from it at ``params``: the parametric
        bootstrap."""
        ...

    def with_outcome_of(self, other: Any) -> Self:
        """This model (regressors and options) on the outcome of ``other``, a model of the
        same family on the same observations (e.g. drawn by :meth:`simulate`)."""
        ...

    def aligned_params(self, params: FloatArray, reference: FloatArray) -> FloatArray:
        """The representative of ``params`` to compare with ``reference`` (a replicate with
        the estimate it started from: components matched, loadings signed alike)."""
        ...


class Comparison(Protocol):
    """What likelihood-ratio tests and comparison tables ask of two models.

    ``full.nests(restricted)`` has one meaning everywhere: the model ``restricted`` is
    a restriction of ``full`` (``full`` is the larger model).
    """

    nobs: float
    model_name: ClassVar[str]
    formula: str | None

    @property
    def param_names(self) -> list[str]:
        """Labels of the parameters."""
        ...

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model (a special case of it)."""
        ...

    def null_on_boundary(self, other: Any) -> bool:
        """Whether ``other``, as a restriction of this model, lies on the boundary of this
        model's parameter space (fewer components or regimes), where the chi-square
        reference distribution of the LR statistic does not apply."""
        ...

    def boundary_pvalue(self, other: Any, statistic: float) -> float | None:
        """The p-value of the LR ``statistic`` of ``other`` on the boundary of this model,
        where its null distribution is known (a single variance at 0: the 50:50 mixture
        of chi-square(0) and chi-square(1)); None where it is not (fewer components)."""
        ...

    def observed_data(self) -> dict[str, Any]:
        """The arrays that make up the observations, by name."""
        ...

    def null_model(self) -> Any:
        """The restricted model of the overall likelihood-ratio test (``res.llnull``,
        ``res.llr``, ``res.llr_pvalue``), e.g. the constant-only regression; raises
        :class:`~emstats.exceptions.NoNullModelError` saying why where there is none."""
        ...

    def observations_differ(self, other: Any) -> str | None:
        """Why ``other`` is not fitted to the same observations as this model, or None."""
        ...


class FitPolicy(Protocol):
    """Model-specific policy of :meth:`emstats.EMModel.fit`: defaults and diagnostics."""

    default_cov_type: ClassVar[str]
    default_n_starts: ClassVar[int]
    default_random_state: ClassVar[int | None]

    @property
    def start_params(self) -> FloatArray:
        """The default start (natural parameters)."""
        ...

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """One more start for ``fit(n_starts > 1)``."""
        ...

    def default_starts(self) -> list[FloatArray]:
        """The starts of a fit without ``start_params``: ``[start_params]``, or more where
        no single start is reliable (random starts are added to reach ``n_starts``)."""
        ...

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """The representative of ``params`` reported to the user (states in a fixed order,
        against label switching)."""
        ...

    def at_estimate(self, params: FloatArray) -> tuple[Any, FloatArray]:
        """The model the covariance is computed on, and the estimate it is computed at
        (probabilities on the boundary set to zero, with minimal coordinates around
        them); the results carry that model. ``(self, params)`` by default."""
        ...

    def fit_warnings(self, results: Any) -> Sequence[Warning]:
        """Warnings about a fit (a collapsed state, a Heywood case), issued by ``fit``."""
        ...


# -- what inference/ asks of a model, combined -----------------------------------------------
class Refittable(EMProblem, Resampling, WorkingChart, Protocol):
    """Replicate data sets that EM refits, for the bootstrap covariance.

    A replicate (:meth:`~Resampling.resample` or :meth:`~Resampling.simulate`) is fitted by
    :func:`emstats.engine.run_em` (:class:`EMProblem`) from the estimate and aligned with
    it (:meth:`~Resampling.aligned_params`); the bootstrap covariance is checked in the
    free directions of the working chart (:class:`WorkingChart`).
    """


class RefittableComparison(Comparison, Refittable, Protocol):
    """What the bootstrap likelihood-ratio test asks of each of the two models: the
    comparison of :func:`~emstats.lrtest`, and outcomes simulated under the null that
    both models refit."""


class Estimable(CompleteData, Refittable, Protocol):
    """Every capability a covariance estimator may ask of a model.

    :meth:`emstats.EMModel.fit` hands the model at the estimate to the estimator of
    ``cov_type`` as an :class:`Estimable` (:class:`emstats.EMModel` implements it); each
    estimator declares the part it uses (:class:`ObservedLikelihood` for ``oim``,
    :class:`CompleteData` for ``louis``, :class:`Refittable` for ``bootstrap``...).
    """


class FitSummary(Protocol):
    """The parts of a fitted model that tests and comparison tables read."""

    model: Comparison
    llf: float
    nobs: float
    converged: bool
    k_params: int

    @property
    def df_free(self) -> int:
        """Free parameters (of information criteria and LR tests)."""
        ...

    @property
    def aic(self) -> float: ...

    @property
    def bic(self) -> float: ...

    @property
    def hqic(self) -> float: ...


class BootstrapFit(Protocol):
    """A fit with bootstrap replicates, for percentile and BCa intervals
    (:func:`emstats.inference.intervals.bootstrap_conf_int`)."""

    model: ObservedLikelihood
    cov_extras: dict[str, Any]

    @property
    def params(self) -> ArrayLike:
        """The estimate (natural parameters)."""
        ...


class RefittableFit(FitSummary, Protocol):
    """A fit that the bootstrap likelihood-ratio test compares, simulates from and refits
    (:func:`emstats.bootstrap_lrtest`)."""

    model: RefittableComparison

    @property
    def params(self) -> ArrayLike:
        """The estimate (natural parameters)."""
        ...


__all__ = [
    "BlockEStep",
    "BootstrapFit",
    "Comparison",
    "CompleteData",
    "EMProblem",
    "Estimable",
    "FitPolicy",
    "FitSummary",
    "NewtonFinish",
    "ObservedLikelihood",
    "PlainWarmUp",
    "Refittable",
    "RefittableComparison",
    "RefittableFit",
    "Resampling",
    "Statistics",
    "WorkingChart",
]
