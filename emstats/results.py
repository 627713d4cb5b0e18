"""The results of an emstats fit (:class:`EMResults`): statsmodels' results with EM's
trace, the covariance estimators of inference/ and the summary tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd
import statsmodels.base.wrapper as wrap
from patsy import DesignInfo
from scipy import stats
from statsmodels.base.model import (
    LikelihoodModelResults,
    LikelihoodResultsWrapper,
)
from statsmodels.iolib import summary2
from statsmodels.iolib.summary import Summary

from ._tables import params_table
from .engine import EMTrace
from .engine.em import Accel
from .engine.starts import TROUBLE_STOPS
from .exceptions import NoNullModelError
from .inference.covariance import (
    CovarianceResult,
    delta_method,
    fixed_coordinates,
    get_estimator,
    unconstrained_jacobian,
)
from .inference.prediction import PredictionResults, delta_method_prediction
from .typing import BoolArray, FloatArray, IntArray

if TYPE_CHECKING:
    from .base import EMModel

SummaryRows: TypeAlias = list[tuple[str, list[str] | None]]
"""One side of a summary's top table: (label, [value]) rows; None lets statsmodels fill
the value (the dependent variable's name, the date, the time)."""


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

    # -- the starts audit ------------------------------------------------------------------
    @property
    def starts_reached_best(self) -> int:
        """How many starts reached the best llf (log posterior with a prior; within
        1e-8 relative): ``res.starts["reached_best"].sum()``."""
        return int(self.starts["reached_best"].sum())

    @property
    def second_best(self) -> float | None:
        """The best llf (log posterior with a prior) of the sound starts that did not
        reach the best one: the next maximum found; None if there is none."""
        table, column = self.starts, self._starts_objective
        sound = ~table["degenerate"] & ~table["stop_rule"].isin(list(TROUBLE_STOPS))
        others = table.loc[sound & ~table["reached_best"], column]
        others = others[np.isfinite(others.to_numpy(dtype=float))]
        return None if others.empty else float(others.max())

    @property
    def _starts_objective(self) -> str:
        """The starts table's column of what EM climbed: ``llf`` or ``log_posterior``."""
        return "log_posterior" if "log_posterior" in self.starts.columns else "llf"

    def _starts_notes(self) -> list[str]:
        """The summary's note on the starts: how many reached the best, the next best."""
        count = len(self.starts)
        if count < 2:
            return []
        table, column = self.starts, self._starts_objective
        best = float(table.loc[table["reached_best"], column].max())
        second = self.second_best
        rest = ("no other maximum was found" if second is None else
                f"the next best is {second:#.6g}, {best - second:.3g} lower")
        what = column.replace("_", " ")
        return [f"Starts: {self.starts_reached_best} of {count} reached the best {what}; "
                f"{rest} (res.starts)."]

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
        notes += self._data_notes() + self._starts_notes()
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
