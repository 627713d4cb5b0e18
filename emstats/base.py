"""The model protocol (:class:`EMModel`) and the results (:class:`EMResults`).

A model subclasses :class:`EMModel` and supplies its maths: the E-step, the
M-step, the observed-data log-likelihood, start values and the map to the
unconstrained working vector. Optional analytic pieces (Hessian, scores,
Jacobian of the unconstrained map) make covariance estimates exact; without
them, inference/ differentiates numerically.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import inspect
import warnings
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, ClassVar, Literal, Self, TypeAlias

import numpy as np
import pandas as pd
import statsmodels.base.wrapper as wrap
from patsy import DesignInfo, EvalEnvironment
from scipy import stats
from statsmodels.base.data import ModelData, PandasData
from statsmodels.base.model import (
    LikelihoodModel,
    LikelihoodModelResults,
    LikelihoodResultsWrapper,
)
from statsmodels.iolib import summary2
from statsmodels.iolib.summary import Summary

from ._checks import check_multistart, check_start_params
from ._formula import FormulaRecipe, design_from_formula
from ._rows import checked_missing
from ._tables import params_table
from .engine import ConvergenceMonitor, ConvergenceWarning, EMTrace, run_multistart
from .engine.em import Accel
from .exceptions import NoNullModelError
from .inference.covariance import (
    CovarianceResult,
    cov_kwds_documented,
    delta_method,
    fixed_coordinates,
    get_estimator,
    unconstrained_jacobian,
)
from .inference.prediction import PredictionResults, delta_method_prediction
from .protocol import Comparison, CompleteData, EMProblem, FitPolicy, Resampling
from .typing import BoolArray, FloatArray, IntArray
from .weights import CaseWeights

SummaryRows: TypeAlias = list[tuple[str, list[str] | None]]
"""One side of a summary's top table: (label, [value]) rows; None lets statsmodels fill
the value (the dependent variable's name, the date, the time)."""


def arrays_differ(what: str, a: Any, b: Any) -> str | None:
    """``"different <what> arrays"`` if ``a`` and ``b`` differ (NaN equal to NaN), else None."""
    a, b = np.asarray(a), np.asarray(b)
    same = a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"
                                                 and b.dtype.kind == "f")
    return None if same else f"different {what} arrays"


_WEIGHT_HINT = ("case weights are freq_weights= (replicated rows, Stata's fweight) or "
                "sampling_weights= (a pseudo-likelihood, Stata's pweight)")
_WEIGHT_KEYWORDS_EXPECTED = ("weights", "var_weights", "aweights", "fweights", "pweights",
                             "iweights", "weight")
_HINTS = {name: _WEIGHT_HINT for name in _WEIGHT_KEYWORDS_EXPECTED}
_HINTS.update({name: "offsets are not supported by emstats' models"
               for name in ("offset", "exposure")})


def _keyword_hints(cls: type, *, weighted: bool) -> dict[str, str]:
    """The hints of :func:`check_keywords` for ``cls``: where it takes no case weights,
    every weight keyword (``freq_weights=`` and ``sampling_weights=`` included) gets the
    class's :attr:`EMModel.no_case_weights` reason instead of a pointer to them."""
    if weighted:
        return _HINTS
    reason = cls.no_case_weights if issubclass(cls, EMModel) else ""
    hints = dict(_HINTS)
    for name in (*_WEIGHT_KEYWORDS_EXPECTED, "freq_weights", "sampling_weights"):
        hints[name] = reason or "this model takes no case weights"
    return hints


def check_keywords(cls: type, kwargs: dict[str, Any]) -> None:
    """Raise a TypeError naming every keyword in ``kwargs`` that ``cls`` does not accept.

    The message says what the keyword may have meant (the weights of statsmodels' GLM, a
    near spelling) and lists the accepted keywords.
    """
    parameters = inspect.signature(cls).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return
    accepted = [name for name, p in parameters.items() if p.kind is not p.VAR_POSITIONAL]
    unknown = [name for name in kwargs if name not in parameters]
    if not unknown:
        return
    hints = []
    hints_of_cls = _keyword_hints(cls, weighted="freq_weights" in parameters)
    for name in unknown:
        close = difflib.get_close_matches(name, accepted, n=1)
        hint = hints_of_cls.get(name) or (f"did you mean {close[0]}=?" if close else None)
        if hint:
            hints.append(f"{name}: {hint}")
    detail = f" ({'; '.join(hints)})" if hints else ""
    raise TypeError(f"{cls.__name__} got unknown keyword(s) {unknown}{detail}; it accepts "
                    f"{', '.join(accepted)}")


class LabelledArrayData(ModelData):
    """statsmodels' data of array inputs, whose parameter outputs are labelled.

    statsmodels' results wrapper labels ``params``, ``bse``, ``conf_int()``,
    ``cov_params()`` ... by the parameter names only when the model's data came as
    pandas objects (:class:`~statsmodels.base.data.PandasData`); emstats labels them
    whatever the input (models built from arrays included), as pandas data would.
    """

    attach_columns = PandasData.attach_columns
    attach_cov = PandasData.attach_cov


class EMModel(LikelihoodModel, CompleteData, Resampling, Comparison, FitPolicy, EMProblem):
    """Base class of every emstats model.

    Subclasses implement :meth:`e_step`, :meth:`m_step`, :meth:`loglike` and
    :attr:`start_params`, set the parameter names, and override the hooks of
    :mod:`emstats.protocol` they have (every hook has a documented default here).
    """

    _n_endog_columns: ClassVar[int | tuple[int, ...]] = 1
    _results_class: ClassVar[type[EMResults]]
    model_name: ClassVar[str] = "EM model"
    default_cov_type: ClassVar[str] = "oim"
    default_n_starts: ClassVar[int] = 1
    monotone_rtol: ClassVar[float] = 1e-11
    default_random_state: ClassVar[int | None] = None
    formula: str | None = None
    _formula_recipe: FormulaRecipe | None = None
    case_weights: CaseWeights | None = None
    no_case_weights: ClassVar[str] = ""
    """Why a model that takes no case weights takes none (the message of the TypeError
    that ``from_formula`` raises for a weight keyword)."""
    dropped_rows: pd.Index = pd.Index([])
    """Labels of the rows of the data left out for missing values (``missing="drop"``)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Adapt an M-step written with the old one-argument signature ``m_step(stats)``
        (deprecated: the M-step now also receives the parameters of the E-step)."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("m_step")
        if own is None or not callable(own):
            return
        positional = [p for p in inspect.signature(own).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if len(positional) == 2:  # (self, stats)
            warnings.warn(
                f"{cls.__name__}.m_step(stats) is deprecated: the M-step is called as "
                "m_step(stats, params), params being the parameters of the E-step",
                DeprecationWarning, stacklevel=2)

            def m_step(self: EMModel, stats: Any, params: FloatArray,
                       _one: Callable[..., FloatArray] = own) -> FloatArray:
                return _one(self, stats)

            m_step.__doc__ = own.__doc__
            cls.m_step = m_step  # type: ignore[method-assign]  # the deprecation shim

    # -- the EM core ------------------------------------------------------------------
    def e_step(self, params: FloatArray) -> tuple[Any, float]:
        """Expected complete-data sufficient statistics and the observed llf."""
        raise NotImplementedError

    def m_step(self, stats: Any, params: FloatArray) -> FloatArray:
        """Parameters maximising the expected complete-data llf given ``stats`` (computed
        by the E-step at ``params``)."""
        raise NotImplementedError

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood."""
        raise NotImplementedError

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-observation observed-data log-likelihood (the OPG and robust covariances
        need it)."""
        raise NotImplementedError(
            f"{self.model_name} does not implement loglikeobs(params), which the "
            "score-based covariances (opg, robust, cluster) need")

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """Natural parameters to the unconstrained, well-scaled working vector."""
        return np.asarray(params, dtype=float)

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        return np.asarray(u, dtype=float)

    @property
    def start_params(self) -> FloatArray:
        """Default starting values (natural parametrisation)."""
        raise NotImplementedError

    def llf_offset(self, params: FloatArray) -> float:
        """The part of the objective that is not a sum over units (a log prior): 0 by
        default (see :class:`~emstats.protocol.BlockEStep`)."""
        return 0.0

    def objective(self, params: FloatArray) -> float:
        """The function EM increases: :meth:`loglike` plus :meth:`llf_offset` (the log
        posterior of a model with a prior, else the log-likelihood)."""
        llf = float(self.loglike(params))
        return llf + float(self.llf_offset(params)) if np.isfinite(llf) else llf

    # -- optional analytic pieces (None: inference/ differentiates numerically)
    def hessian_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Hessian of the observed llf in the unconstrained parametrisation."""
        return None

    def score_obs_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """Per-observation scores in the unconstrained parametrisation (nobs x k)."""
        return None

    def jacobian_from_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``d params / d u``."""
        return None

    # -- complete-data quantities (Louis' and the SEM covariance) -------------------
    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``E[-d2 l_c / du du' | y]``: expected complete-data information at ``u``."""
        return None

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """``Var[d l_c / du | y]``: conditional covariance of the complete-data score,
        summed over independent observations."""
        return None

    def em_complete_information_unconstrained(self, u: FloatArray) -> FloatArray | None:
        """The complete-data information of the model whose ``Q`` the M-step maximises,
        for SEM (Meng & Rubin's identity holds for the EM map's own complete-data
        model). :meth:`complete_information_unconstrained` by default; None when the
        M-step maximises over more than the working coordinates."""
        return self.complete_information_unconstrained(u)

    # -- replicates (bootstrap) ------------------------------------------------------
    def check_resamplable(self) -> None:
        """Raise if :meth:`resample` cannot work for this model; nothing by default."""

    @property
    def resample_units(self) -> int:
        """The units :meth:`resample` draws from: the observations by default."""
        return int(self.nobs)

    def resample(self, rows: IntArray) -> Self:
        """The same model on the observations ``rows`` (with repeats): nonparametric bootstrap."""
        raise NotImplementedError(
            f"{self.model_name} does not implement resample(rows), which the "
            "nonparametric bootstrap needs"
        )

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> Self:
        """The same model on outcomes drawn from it at ``params``: parametric bootstrap."""
        raise NotImplementedError(
            f"{self.model_name} does not implement simulate(params, rng), which the "
            "parametric bootstrap needs"
        )

    def with_outcome_of(self, other: Any) -> Self:
        """This model (regressors and options) on the outcome of ``other``, a model of
        the same family on the same observations (e.g. drawn by :meth:`simulate`): the
        bootstrap LR test fits the full model to outcomes simulated under the null."""
        raise NotImplementedError(
            f"{self.model_name} does not implement with_outcome_of(other), which the "
            "bootstrap likelihood-ratio test needs"
        )

    # -- identification --------------------------------------------------------------
    def canonical_params(self, params: FloatArray) -> FloatArray:
        """The representative of ``params`` reported to the user (e.g. components in a
        fixed order, against label switching); the identity by default."""
        return params

    def aligned_params(self, params: FloatArray, reference: FloatArray) -> FloatArray:
        """The representative of ``params`` to compare with ``reference`` (a bootstrap
        replicate with the estimate it started from, e.g. loadings signed as the
        estimate's); ``params`` unchanged by default."""
        return params

    def fixed_working_coordinates(self, params: FloatArray) -> BoolArray | None:
        """Boolean mask of the working coordinates at a bound of the parameter space at
        ``params``; the covariance estimators hold them fixed (variance 0) and treat the
        others conditionally on them. None (no bound reached) by default."""
        return None

    # -- comparison (lrtest, compare) ----------------------------------------------------
    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model. By default: a model of the
        same class whose parameter names are among this model's."""
        return type(other) is type(self) and set(other.param_names) <= set(self.param_names)

    def null_on_boundary(self, other: Any) -> bool:
        """Whether ``other``, as a restriction of this model, lies on the boundary of this
        model's parameter space (the chi-square reference does not apply). False by
        default."""
        return False

    def boundary_pvalue(self, other: Any, statistic: float) -> float | None:
        """The LR test's p-value for a null on the boundary where its distribution is
        known; None (unknown) by default."""
        return None

    def null_model(self) -> EMModel:
        """The restricted model of the overall LR test (``res.llr``): none by default
        (:class:`~emstats.exceptions.NoNullModelError`)."""
        raise NoNullModelError(
            f"{self.model_name} defines no null model, so there is no llnull, llr or "
            "llr_pvalue; fit the restricted model and use em.lrtest(restricted, full)")

    def observed_data(self) -> dict[str, Any]:
        """The arrays that make up the observations, by name (the outcome by default):
        two fits are to the same observations when these are equal."""
        return {"endog": self.endog}

    def observations_differ(self, other: Any) -> str | None:
        """Why ``other`` is not fitted to the same observations, or None: the numbers of
        observations, then the arrays of :meth:`observed_data`, are compared."""
        if float(self.nobs) != float(other.nobs):
            return f"different numbers of observations ({other.nobs:g} and {self.nobs:g})"
        mine, theirs = self.observed_data(), other.observed_data()
        if mine.keys() != theirs.keys():
            return (f"{type(other).__name__} observes {sorted(theirs)}, "
                    f"{type(self).__name__} {sorted(mine)}")
        for name, value in mine.items():
            differ = arrays_differ(name, value, theirs[name])
            if differ is not None:
                return differ
        return None

    # -- fit policy ------------------------------------------------------------------------
    @property
    def weighted_default_cov_type(self) -> str:
        """The covariance of ``fit()`` when none is asked for: ``"robust"`` with sampling
        weights (a pseudo-likelihood), else :attr:`default_cov_type`."""
        weights = self.case_weights
        return "robust" if weights is not None and weights.kind == "sampling" else (
            self.default_cov_type)

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A random start: the default start perturbed in the working parametrisation."""
        u = self.to_unconstrained(self.start_params)
        return self.from_unconstrained(u + rng.normal(scale=0.5, size=u.shape))

    def at_estimate(self, params: FloatArray) -> tuple[EMModel, FloatArray]:
        """The model the covariance is computed on, and the estimate: ``(self, params)``
        by default."""
        return self, params

    def fit_warnings(self, results: Any) -> Sequence[Warning]:
        """Warnings about a fit that ``fit`` issues (none by default)."""
        return ()

    def _handle_data(self, endog: Any, exog: Any, missing: str, hasconst: Any,
                     **kwargs: Any) -> ModelData:
        """statsmodels' data handling, with :class:`LabelledArrayData` for array inputs."""
        data = super()._handle_data(endog, exog, missing, hasconst, **kwargs)
        if type(data) is ModelData:
            data.__class__ = LabelledArrayData
        return data

    # -- pickling ------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        """Pickle without patsy's ``DesignInfo``, which patsy refuses to pickle.

        An unpickled formula model fits, simulates and resamples as before (joblib
        workers need this); predictions from new data frames rebuild the design
        information from the formula's :class:`~emstats._formula.FormulaRecipe`
        (:meth:`formula_design_info`).
        """
        state = self.__dict__.copy()
        data = state.get("data")
        if getattr(data, "design_info", None) is not None:
            data = copy.copy(data)
            del vars(data)["design_info"]
            state["data"] = data
        return state

    def formula_design_info(self) -> Any:
        """patsy's ``DesignInfo`` of the formula's right-hand side: the one the model was
        built with, or, after unpickling, the same evaluated again (then kept).

        Raises
        ------
        ValueError
            If the model was not built from a formula.
        """
        data = self.data
        info = vars(data).get("design_info")
        if info is not None:
            return info
        if self._formula_recipe is None:
            raise ValueError(f"this {self.model_name} model was not built from a formula; "
                             "pass the regressors as an array")
        data.design_info = self._formula_recipe.design_info()
        return data.design_info

    # -- names -----------------------------------------------------------------
    @property
    def param_names(self) -> list[str]:
        """Labels of the natural parameters."""
        return list(self.data.param_names)

    @property
    def k_params(self) -> int:
        """Number of estimated parameters."""
        return len(self.param_names)

    # -- fitting -----------------------------------------------------------------
    @cov_kwds_documented
    def fit(
        self,
        start_params: Sequence[float] | None = None,
        *,
        accel: Accel = "squarem",
        cov_type: str | None = None,
        cov_kwds: dict[str, Any] | None = None,
        maxiter: int = 5000,
        xtol: float = 1e-10,
        ftol: float | None = None,
        n_starts: int | None = None,
        random_state: int | np.random.Generator | None = None,
        chunksize: int | None = None,
        use_t: bool = False,
        progress: bool | None = None,
    ) -> EMResults:
        """Fit by EM and estimate the covariance of the estimates.

        Parameters
        ----------
        start_params : array_like, optional
            Starting values; :attr:`start_params` if omitted.
        accel : {"squarem", None}
            SQUAREM acceleration (default) or plain EM.
        cov_type : str, optional
            Covariance estimator: ``"oim"`` (inverse observed information), ``"opg"``,
            ``"louis"``, ``"sem"``, ``"robust"``, ``"cluster"``, ``"bootstrap"`` or
            ``"none"``; the model's :attr:`default_cov_type` (``"oim"`` unless the
            model says otherwise) if omitted. statsmodels' names are accepted:
            ``"nonrobust"`` is ``"oim"``, ``"HC0"`` is ``"robust"`` (the sandwich
            :math:`H^{-1} S'S H^{-1}`, no small-sample factor), and ``"HC1"`` is the
            sandwich times :math:`n / (n - k)`, ``n`` the observations and ``k`` the free
            parameters (not case-sensitive). The default is ``"robust"`` for a model
            with ``sampling_weights`` (which refuses ``"oim"``, ``"opg"``, ``"louis"`` and
            ``"sem"``: see :mod:`emstats.weights`).
        cov_kwds : dict, optional
            Options of the covariance estimator; unknown keys are an error.

            The keys each ``cov_type`` accepts (from the estimators' registry,
            :func:`emstats.inference.covariance.registry`):

            {cov_kwds}
        maxiter : int
            Maximum number of EM iterations.
        xtol : float
            Parameter rule: relative change of the working parameters in an EM step.
        ftol : float, optional
            Log-likelihood rule: relative change of the llf in an EM step (off by
            default; see :class:`~emstats.engine.ConvergenceMonitor`).
        n_starts : int, optional
            Number of starts: the default one plus ``n_starts - 1`` random ones; the
            model's :attr:`default_n_starts` (1 unless the model says otherwise).
        random_state : int or numpy.random.Generator, optional
            Seed of the random starts; the model's :attr:`default_random_state` if
            omitted.
        chunksize : int, optional
            Units (rows, or sequences) per block of the E-step, for models whose
            E-step is a sum over blocks (:class:`~emstats.protocol.BlockEStep`); by
            default blocks of about 64 MiB of working memory.
        use_t : bool
            Student's t (and F) inference with ``df_resid`` degrees of freedom in
            ``pvalues``, ``conf_int``, ``t_test``, ``wald_test``, ``summary`` and
            ``get_prediction``, as statsmodels' ``use_t``; normal (and chi-square) if
            False (the default).
        progress : bool or None
            Progress bars of the long parts of the fit: the starts (``n_starts > 1``)
            and the bootstrap or supplemented-EM covariance (unless ``cov_kwds`` sets
            ``"progress"``). None (default): a bar appears only once a part has run
            for a few seconds, on a terminal or in a notebook; True: always; False:
            never (see :mod:`emstats._progress`).

        Returns
        -------
        EMResults
        """
        estimator = get_estimator(cov_type or self.weighted_default_cov_type, cov_kwds,
                                  progress=progress)
        estimator.check(self)
        monitor = ConvergenceMonitor(xtol=xtol, ftol=ftol, maxiter=maxiter,
                                     monotone_rtol=self.monotone_rtol)
        check_multistart(n_starts, random_state)
        first = self.start_params if start_params is None else check_start_params(
            start_params, self.param_names, self.to_unconstrained)
        count = self.default_n_starts if n_starts is None else int(n_starts)
        rng = np.random.default_rng(self.default_random_state if random_state is None
                                    else random_state)
        starts = [first] + [self.random_start(rng) for _ in range(count - 1)]
        trace, starts_table = run_multistart(self, starts, accel=accel, monitor=monitor,
                                             chunksize=chunksize, progress=progress)
        trace = dataclasses.replace(trace, params=self.canonical_params(trace.params))
        if not trace.converged:
            warnings.warn(
                f"{self.model_name}: EM stopped by {trace.stop_rule!r} after {trace.n_iter} "
                "iterations without converging. Try: 1) a larger maxiter; 2) other "
                "start_params or n_starts > 1; 3) checking the data for separation or "
                "outliers.",
                ConvergenceWarning,
                stacklevel=2,
            )
        model, params = self.at_estimate(trace.params)
        if params is not trace.params:
            trace = dataclasses.replace(trace, params=params, llf=model.loglike(params))
        cov = estimator(model, trace.params)
        results = self._results_class(model, trace, cov, starts_table, accel,
                                      use_t=use_t)
        for warning in self.fit_warnings(results):
            warnings.warn(warning, stacklevel=2)
        return EMResultsWrapper(results)

    # -- formulas ------------------------------------------------------------------
    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> EMModel:
        """Build the model from evaluated design matrices (subclasses resolve kwargs)."""
        return cls(endog.iloc[:, 0] if cls._n_endog_columns == 1 else endog, exog, **kwargs)

    @classmethod
    def from_formula(
        cls,
        formula: str,
        data: pd.DataFrame,
        subset: Any = None,
        *,
        eval_env: int | EvalEnvironment = 0,
        missing: str = "drop",
        **kwargs: Any,
    ) -> EMModel:
        """Create a model from a formula and a data frame.

        Parameters
        ----------
        formula : str
            Patsy formula ``"outcome ~ regressors"``.
        data : DataFrame
            The data; never modified.
        subset : array_like, optional
            Rows of ``data`` to use.
        eval_env : int or patsy.EvalEnvironment
            Frames above the caller in which to look up names used in the formula.
        missing : {"drop", "raise", "none"}
            Rows with a missing outcome, regressor or weight: left out (the default of
            statsmodels' formulas; their labels are in ``model.dropped_rows`` and
            ``summary()`` says how many), an error, or passed to the model unchecked.
        **kwargs
            Passed to the model's constructor; a keyword it does not know is an error.
        """
        env = eval_env if isinstance(eval_env, EvalEnvironment) else EvalEnvironment.capture(
            int(eval_env) + 1
        )
        check_keywords(cls, kwargs)
        option = checked_missing(missing)
        design = design_from_formula(formula, data, n_lhs=cls._n_endog_columns, eval_env=env,
                                     subset=subset, drop_missing=option == "drop")
        model = cls._from_design(design.endog, design.exog, data, design.rows,
                                 missing=option, **kwargs)
        used = data.index if subset is None else data.loc[subset].index
        model.dropped_rows = used[~used.isin(model.data.row_labels)]
        model.formula = formula
        model._formula_recipe = FormulaRecipe.capture(formula, data, subset, env)
        model.data.design_info = design.design_info
        model.data.frame = data
        return model


def history_by_quantity(trace: EMTrace, log_prior: Callable[[FloatArray], float]
                        ) -> pd.DataFrame:
    """The engine's history with each column named for what it holds.

    The engine records the objective it increases. Without a prior (``log_prior`` 0 at
    every iterate) that is the log-likelihood, ``llf``. With one, the objective becomes
    the column ``log_posterior``, and ``llf`` and ``llf_change`` are the log-likelihood
    (the objective less the log prior of each iterate) and its change.
    """
    history = trace.history
    offsets = np.array([log_prior(p) for p in trace.path[:len(history)]], dtype=float)
    if not np.any(offsets != 0.0):
        return history
    llf = history["llf"].to_numpy(dtype=float) - offsets
    out = history.assign(llf=llf, llf_change=np.diff(llf, prepend=np.nan))
    out.insert(list(out.columns).index("llf") + 1, "log_posterior", history["llf"])
    return out


class EMResults(LikelihoodModelResults):
    """Results of an EM fit: statsmodels results with the EM run attached.

    Attributes
    ----------
    history : DataFrame
        One row per EM iteration: ``llf`` is the log-likelihood at the iterate the
        iteration starts from; for a model with a prior also ``log_posterior``, the
        objective EM increases (:func:`history_by_quantity`).
    converged : bool
        Whether a convergence rule stopped the fit.
    stop_rule : str
        The rule that stopped the fit.
    n_iter, n_evals : int
        Iterations and EM-map evaluations.
    starts : DataFrame
        One row per start (llf, or log_posterior with a prior; convergence).
    cov_type, cov_description : str
        The covariance estimator.
    use_t : bool
        Whether inference uses Student's t and F with ``df_resid`` degrees of freedom.

    Notes
    -----
    A parameter held fixed, at a bound of the parameter space (a Heywood uniqueness, a
    transition probability of 0) or by the model's structure (the zero covariances of a
    diagonal structure), has a NaN standard error, t statistic, p-value and interval; it
    is listed in :attr:`fixed_params` and in the notes of ``summary()``. Its rows of
    ``cov_params()`` are 0: the other parameters' covariance is conditional on it.
    """

    k_constant: int = 0
    """Number of constant regressors: the model's (statsmodels sets it), 0 for models
    without regressors."""

    def __init__(self, model: EMModel, trace: EMTrace, cov: CovarianceResult,
                 starts: pd.DataFrame, accel: Accel, *, use_t: bool = False) -> None:
        super().__init__(model, trace.params, normalized_cov_params=cov.cov_params, scale=1.0)
        self.trace = trace
        self.history = history_by_quantity(trace, model.llf_offset)
        self.converged = trace.converged
        self.stop_rule = trace.stop_rule
        self.n_iter = trace.n_iter
        self.n_evals = trace.n_evals
        self.starts = (starts.rename(columns={"llf": "log_posterior"})
                       if "log_posterior" in self.history.columns else starts)
        self.accel = accel
        self.cov_type = cov.cov_type
        self.cov_description = cov.description
        self.cov_positive_definite = cov.positive_definite
        self.cov_extras = cov.extras
        self.use_t = bool(use_t)
        self.nobs = model.nobs
        self.k_params = model.k_params
        self.df_model = model.df_model
        self.df_resid = model.df_resid

    @property
    def llf(self) -> float:
        """Observed-data log-likelihood at the estimates (without a prior, if any)."""
        params = np.asarray(self.params)
        if self.model.llf_offset(params) == 0.0:
            return self.trace.llf
        return float(self.model.loglike(params))

    @property
    def objective(self) -> float:
        """The function EM maximised, at the estimates: :attr:`llf`, or the log posterior
        (the llf plus the log prior density) for a model with a prior."""
        return self.trace.llf

    @property
    def method(self) -> str:
        """Estimation method label for the summary."""
        return "EM (SQUAREM)" if self.accel == "squarem" else "EM"

    @property
    def df_free(self) -> int:
        """Free parameters ``k`` of the information criteria and LR tests: ``k_params``
        unless the parameter vector has redundant entries (a model then overrides it)."""
        return int(self.k_params)

    @cached_property
    def aic(self) -> float:
        """Akaike information criterion ``-2 llf + 2 k``."""
        return -2.0 * self.llf + 2.0 * self.df_free

    @cached_property
    def bic(self) -> float:
        """Bayesian information criterion ``-2 llf + log(nobs) k``."""
        return -2.0 * self.llf + np.log(self.nobs) * self.df_free

    @cached_property
    def hqic(self) -> float:
        """Hannan-Quinn information criterion ``-2 llf + 2 log(log(nobs)) k``."""
        return -2.0 * self.llf + 2.0 * np.log(np.log(self.nobs)) * self.df_free

    # -- parameters held fixed ---------------------------------------------------------
    @cached_property
    def _fixed_mask(self) -> BoolArray:
        """Parameters that do not move with the free working coordinates: a zero row of
        ``d params / d u`` over the coordinates not held at a bound (the map is exact
        there, and a numerical derivative of a constant is exactly 0)."""
        model = self.model
        params = np.asarray(self.params, dtype=float)
        u = model.to_unconstrained(params)
        free = ~fixed_coordinates(model, params, np.size(u))
        jac = unconstrained_jacobian(model, u)
        return np.asarray(np.all(jac[:, free] == 0.0, axis=1))

    @property
    def fixed_params(self) -> list[str]:
        """Parameters held fixed at a bound or by the model's structure (NaN standard
        errors)."""
        return [name for name, fixed in zip(self.model.param_names, self._fixed_mask,
                                            strict=True) if fixed]

    @cached_property
    def bse(self) -> FloatArray:
        """Standard errors; NaN for the parameters held fixed (:attr:`fixed_params`)."""
        with np.errstate(invalid="ignore"):
            bse = np.sqrt(np.diag(np.asarray(self.cov_params())))
        return np.where(self._fixed_mask, np.nan, bse)

    def _touches_fixed(self, r_matrix: Any) -> BoolArray:
        """Rows of the hypotheses ``r_matrix`` with a coefficient on a fixed parameter."""
        coefs = DesignInfo(self.model.param_names).linear_constraint(r_matrix).coefs
        return np.asarray(np.any(coefs[:, self._fixed_mask] != 0.0, axis=1))

    def t_test(self, r_matrix: Any, cov_p: Any = None, use_t: bool | None = None) -> Any:
        """statsmodels' ``t_test``; a hypothesis on a parameter held fixed
        (:attr:`fixed_params`) gets a NaN standard error, statistic and p-value."""
        result = super().t_test(r_matrix, cov_p=cov_p, use_t=use_t)
        if self._fixed_mask.any():
            touched = self._touches_fixed(r_matrix)
            for name in ("sd", "tvalue", "statistic", "pvalue"):
                values = np.array(vars(result)[name], dtype=float)
                values[touched.reshape(values.shape)] = np.nan
                setattr(result, name, values)
        return result

    def wald_test(self, r_matrix: Any, cov_p: Any = None, invcov: Any = None,
                  use_f: bool | None = None, df_constraints: Any = None,
                  scalar: bool | None = True) -> Any:
        """statsmodels' ``wald_test`` (F with ``use_t=True`` fits); an error for
        constraints on a parameter held fixed (:attr:`fixed_params`)."""
        if self._fixed_mask.any() and self._touches_fixed(r_matrix).any():
            raise ValueError(
                f"the constraints involve parameter(s) held fixed at a bound or by the "
                f"model's structure ({', '.join(self.fixed_params)}), which have no "
                "standard error; test the other parameters")
        return super().wald_test(r_matrix, cov_p=cov_p, invcov=invcov, use_f=use_f,
                                 df_constraints=df_constraints, scalar=scalar)

    # -- the overall likelihood-ratio test -----------------------------------------------
    @cached_property
    def _null_fit(self) -> EMResults:
        null = self.model.null_model()
        if null.k_params >= self.model.k_params:
            raise NoNullModelError(
                f"this {self.model.model_name} model is its own null model (no regressor "
                "but the constant): there is no llr to compute")
        return null.fit(cov_type="none")

    @property
    def llnull(self) -> float:
        """Log-likelihood of the null model (the constant-only regression; see the
        model's ``null_model``); :class:`~emstats.exceptions.NoNullModelError` where
        there is none."""
        return float(self._null_fit.llf)

    @property
    def llr(self) -> float:
        """Likelihood-ratio statistic against the null model, ``2 (llf - llnull)``."""
        return 2.0 * (self.llf - self.llnull)

    @property
    def llr_df(self) -> int:
        """Degrees of freedom of :attr:`llr`: the free parameters beyond the null's."""
        return int(self.df_free - self._null_fit.df_free)

    @property
    def llr_pvalue(self) -> float:
        """Chi-square p-value of :attr:`llr` with :attr:`llr_df` degrees of freedom."""
        return float(stats.chi2.sf(self.llr, self.llr_df))

    # -- predictions with standard errors -----------------------------------------------
    def _delta_prediction(self, function: Callable[[FloatArray], FloatArray],
                          index: pd.Index, which: str) -> PredictionResults:
        """``function(params)`` with delta-method SEs (t reference when ``use_t``)."""
        return delta_method_prediction(
            function, np.asarray(self.params, dtype=float), np.asarray(self.cov_params()),
            index, df=float(self.df_resid) if self.use_t else None, which=which)

    def get_robustcov(self, cov_type: str, cov_kwds: dict[str, Any] | None = None
                      ) -> EMResultsWrapper:
        """The same fit with another covariance estimator (a new results object).

        Parameters
        ----------
        cov_type : str
            Any registered estimator: ``"oim"``, ``"opg"``, ``"louis"``, ``"sem"``,
            ``"robust"``, ``"cluster"``, ``"bootstrap"``.
        cov_kwds : dict, optional
            Its options (e.g. ``{"groups": firm}`` for ``"cluster"``); unknown keys
            are an error. The keys of each ``cov_type`` are listed under ``cov_kwds``
            in :meth:`EMModel.fit`.

        Returns
        -------
        EMResults
            Nothing of this object is modified.
        """
        cov = get_estimator(cov_type, cov_kwds)(self.model, np.asarray(self.params))
        new = type(self)(self.model, self.trace, cov, self.starts, self.accel,
                         use_t=self.use_t)
        return EMResultsWrapper(new)

    def plot_llf_trace(self, *, ax: Any = None, increase: bool = False) -> Any:
        """The llf along the EM iterations (:func:`emstats.plotting.plot_llf_trace`)."""
        from .plotting import plot_llf_trace

        return plot_llf_trace(self.history, ax=ax, increase=increase)

    @cached_property
    def _sem(self) -> CovarianceResult:
        if self.cov_type == "sem":
            return CovarianceResult(self.normalized_cov_params, self.cov_type,
                                    self.cov_description, self.cov_positive_definite,
                                    self.cov_extras)
        return get_estimator("sem")(self.model, np.asarray(self.params))

    @property
    def rate_matrix(self) -> FloatArray:
        """SEM's ``DM``: the Jacobian of the EM map at the MLE (unconstrained parametrisation).

        Its eigenvalues are the fractions of missing information; the largest is
        the rate of convergence of plain EM.
        """
        return self._sem.extras["rate_matrix"]

    @property
    def missing_information(self) -> pd.Series:
        """Fraction of missing information per parameter, ``1 - V_complete,ii / V_ii``.

        ``V`` is the SEM covariance and ``V_complete`` the inverse complete-data
        information, both mapped to the natural parameters.
        """
        sem = self._sem
        jac = unconstrained_jacobian(self.model, self.model.to_unconstrained(
            np.asarray(self.params)))
        complete = delta_method(jac, sem.extras["complete_cov_unconstrained"])
        fraction = 1.0 - np.diag(complete) / np.diag(sem.cov_params)
        return pd.Series(fraction, index=self.model.param_names, name="missing information")

    def conf_int(self, alpha: float = 0.05,
                 method: Literal["wald", "percentile", "bca"] = "wald") -> FloatArray:
        """Confidence intervals.

        Parameters
        ----------
        alpha : float
            One minus the coverage.
        method : {"wald", "percentile", "bca"}
            Wald intervals from the covariance, or bootstrap percentile / BCa
            intervals (these need ``cov_type="bootstrap"``).
        """
        if method == "wald":
            return super().conf_int(alpha=alpha)
        if method not in ("percentile", "bca"):
            raise ValueError(f"method must be 'wald', 'percentile' or 'bca', got {method!r}")
        if "replicates" not in self.cov_extras:
            raise ValueError(
                f"method={method!r} needs bootstrap replicates: fit with "
                "cov_type='bootstrap' or use res.get_robustcov('bootstrap')"
            )
        from .inference.bootstrap import bootstrap_conf_int

        return bootstrap_conf_int(self, alpha=alpha, method=method)

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left: SummaryRows = [
            ("Dep. Variable:", None),
            ("Model:", [self.model.model_name]),
            ("Method:", [self.method]),
            ("Date:", None),
            ("Time:", None),
            ("No. Observations:", [f"{int(self.nobs)}"]),
            ("Df Model:", [f"{self.df_model:g}"]),
            ("Covariance Type:", [self.cov_type]),
        ]
        weights = self.model.case_weights
        pseudo = weights is not None and weights.kind == "sampling"
        right: SummaryRows = [
            ("Log pseudolikelihood:" if pseudo else "Log-Likelihood:", [f"{self.llf:#.6g}"]),
            ("AIC:", [f"{self.aic:#.6g}"]),
            ("BIC:", [f"{self.bic:#.6g}"]),
            ("HQIC:", [f"{self.hqic:#.6g}"]),
            ("Iterations:", [f"{self.n_iter}"]),
            ("EM evaluations:", [f"{self.n_evals}"]),
            ("Converged:", [f"{self.converged} ({self.stop_rule})"]),
        ]
        return left, right

    def _data_notes(self) -> list[str]:
        """The summary's notes on the rows used: missing values dropped, case weights."""
        notes = []
        dropped = len(self.model.dropped_rows)
        if dropped:
            notes.append(f"{dropped} row(s) with missing values were dropped (see "
                         "model.dropped_rows).")
        weights = self.model.case_weights
        if weights is not None:
            total = f"; they sum to {weights.values.sum():g}" if weights.kind == "sampling" else ""
            notes.append(f"{weights.values.size} units weighted by {weights.keyword}{total}.")
        return notes

    @property
    def _summary_title(self) -> str:
        """The title of :meth:`summary`: the model's name, capitalised, and "Results"."""
        words = self.model.model_name.split()
        return " ".join(w[:1].upper() + w[1:] for w in words) + " Results"

    def _summary_groups(self) -> list[tuple[str | None, IntArray]]:
        """The coefficient tables of :meth:`summary`: (title, positions in ``params``)
        each; one untitled table of every parameter by default."""
        return [(None, np.arange(self.k_params))]

    def _summary_params(self, smry: Summary, xname: Sequence[str], alpha: float) -> None:
        """Append the coefficient tables (:meth:`_summary_groups`) to ``smry``: the
        estimates alone when no covariance was computed."""
        names = np.asarray(list(xname), dtype=object)
        if len(names) != self.k_params:
            raise ValueError(f"xname has {len(names)} names but there are {self.k_params} "
                             "parameters")
        for group_title, positions in self._summary_groups():
            smry.tables.append(params_table(self, positions, names[positions].tolist(),
                                            title=group_title, alpha=alpha,
                                            use_t=bool(self.use_t),
                                            inference=self.cov_type != "none"))

    def _summary_notes(self) -> list[str]:
        """The notes under the tables: the covariance, convergence, definiteness."""
        notes = [f"Covariance: {self.cov_description}." if self.cov_type != "none" else
                 "No standard errors (cov_type='none'): res.get_robustcov('louis') "
                 "adds them."]
        notes += self._data_notes()
        if not self.converged:
            notes.append(f"EM did not converge ({self.stop_rule}); estimates are unreliable.")
        if not self.cov_positive_definite:
            notes.append("The information matrix is not positive definite: no standard errors.")
        notes += self._fixed_notes()
        return notes

    def summary(self, yname: str | None = None, xname: Sequence[str] | None = None,
                title: str | None = None, alpha: float = 0.05) -> Summary:
        """A statsmodels :class:`~statsmodels.iolib.summary.Summary` of the fit.

        It prints as text and exports with ``as_latex()`` and ``as_html()``. Without a
        covariance (``cov_type="none"``) the coefficient table has the estimates alone.
        """
        left, right = self._summary_top()
        smry = Summary()
        names = list(xname) if xname is not None else self.model.param_names
        smry.add_table_2cols(self, gleft=left, gright=right, yname=yname, xname=names,
                             title=title or self._summary_title)
        self._summary_params(smry, names, alpha)
        smry.add_extra_txt(self._summary_notes())
        return smry

    def _fixed_notes(self) -> list[str]:
        """The summary's note on the parameters held fixed, if any."""
        names = self.fixed_params
        if not names:
            return []
        shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
        return [f"Held fixed (at a bound of the parameter space or by the model's "
                f"structure; standard error NaN): {shown}."]

    def summary2(self, yname: str | None = None, xname: Sequence[str] | None = None,
                 title: str | None = None, alpha: float = 0.05,
                 float_format: str = "%.4f") -> summary2.Summary:
        """statsmodels' ``summary2``: the model information and the parameter table as
        :class:`statsmodels.iolib.summary2.Summary` (text, ``as_latex()``, ``as_html()``),
        with the EM run's information and the notes of :meth:`summary`.

        Parameters
        ----------
        yname : str, optional
            Name of the dependent variable.
        xname : sequence of str, optional
            Names of the parameters.
        title : str, optional
            Title; ``"Results: <model name>"`` by default.
        alpha : float
            One minus the coverage of the confidence intervals.
        float_format : str
            Format of the parameter table's numbers.
        """
        info = summary2.summary_model(self)
        info["Model:"] = self.model.model_name
        info["Method:"] = self.method
        info["Cov. Type:"] = self.cov_type
        info["No. Iterations:"] = f"{self.n_iter}"
        info["Converged:"] = f"{self.converged} ({self.stop_rule})"
        info.pop("Scale:", None)  # statsmodels' scale of the variance: 1, not estimated
        if yname is not None:
            info["Dependent Variable:"] = yname
        params = summary2.summary_params(self, alpha=alpha, use_t=self.use_t,
                                         xname=list(xname) if xname is not None else None)
        smry = summary2.Summary()
        smry.add_dict(info, align="l")
        smry.add_df(params, float_format=float_format)
        smry.add_title(title=title or f"Results: {self.model.model_name}")
        notes = [f"Covariance: {self.cov_description}.", *self._fixed_notes()]
        if not self.converged:
            notes.append(f"EM did not converge ({self.stop_rule}); estimates are unreliable.")
        for note in notes:
            smry.add_text(note)
        return smry


class EMResultsWrapper(LikelihoodResultsWrapper):
    """Labels the arrays of :class:`EMResults` with parameter names (pandas)."""


wrap.populate_wrapper(EMResultsWrapper, EMResults)
EMModel._results_class = EMResults
