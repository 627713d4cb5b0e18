"""The model protocol (:class:`EMModel`); the results are in :mod:`emstats.results`.

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
from typing import Any, ClassVar, Self

import numpy as np
import pandas as pd
from patsy import EvalEnvironment
from statsmodels.base.data import ModelData, PandasData
from statsmodels.base.model import (
    LikelihoodModel,
)

from ._checks import check_multistart, check_start_params
from ._formula import FormulaRecipe, design_from_formula
from ._linalg import constant_columns
from ._rows import checked_missing
from .engine import ConvergenceMonitor, ConvergenceWarning, run_multistart
from .engine.em import Accel
from .exceptions import NoNullModelError, StartsWarning
from .inference.covariance import (
    cov_kwds_documented,
    get_estimator,
)
from .protocol import Comparison, CompleteData, EMProblem, FitPolicy, Resampling
from .results import EMResults, EMResultsWrapper
from .typing import BoolArray, FloatArray, IntArray
from .weights import CaseWeights


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

    @cached_property
    def xnames(self) -> list[str] | None:
        """statsmodels' names of unnamed regressors (``const`` for the first column
        without variance, ``x1``, ``x2``, ... for the others), the constant found by
        equality to its first value rather than statsmodels' ``var == 0``: the same
        columns (an exactly constant column's computed variance may also carry
        round-off), checked only where the first and last values agree (7 ms instead of
        0.25 s at 1,000,000 x 11)."""
        exog = self.orig_exog
        if exog is None:
            return None
        names = self._get_names(exog)
        if names:
            return list(names)
        values = np.asarray(self.exog)
        if values.ndim == 1:
            values = values[:, None]
        flat = constant_columns(values)
        out = [f"x{i:d}" for i in range(1, values.shape[1] + (0 if flat else 1))]
        if flat:
            out.insert(int(flat[0]), "const")
        return out


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

    def default_starts(self) -> list[FloatArray]:
        """The starts of a fit without ``start_params``: :attr:`start_params` alone by
        default."""
        return [self.start_params]

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
            Number of starts: the default ones (:meth:`default_starts`, one unless the
            model says otherwise) plus random ones up to ``n_starts``; the model's
            :attr:`default_n_starts` (1 unless the model says otherwise).
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
        first = self.default_starts() if start_params is None else [check_start_params(
            start_params, self.param_names, self.to_unconstrained)]
        count = self.default_n_starts if n_starts is None else int(n_starts)
        rng = np.random.default_rng(self.default_random_state if random_state is None
                                    else random_state)
        starts = first + [self.random_start(rng) for _ in range(count - len(first))]
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
        for warning in [*self.fit_warnings(results), *_starts_warnings(results)]:
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


EMModel._results_class = EMResults


def _starts_warnings(results: EMResults) -> list[Warning]:
    """A :class:`~emstats.exceptions.StartsWarning` when only one of several starts
    reached the best llf."""
    count = len(results.starts)
    if count < 2 or results.starts_reached_best != 1:
        return []
    second = results.second_best
    rest = "" if second is None else f" (the next best llf found: {second:#.6g})"
    return [StartsWarning(
        f"only 1 of the {count} starts reached the best llf{rest}: the maximum is not "
        "well established; fit with more starts (n_starts=) to check it")]

