r"""Markov-switching regression and autoregression (Hamilton 1989, 1990).

The model for the outcome :math:`y_t` in regime :math:`S_t` is

.. math::

    y_t = x_t'\beta_{S_t} + \sum_{l=1}^p \phi_{l,S_t}\,(y_{t-l} - x_{t-l}'\beta_{S_{t-l}})
          + \varepsilon_t, \qquad \varepsilon_t \sim N(0, \sigma^2_{S_t}),

Hamilton's switching-mean autoregression (statsmodels' ``MarkovAutoregression``; with
``order=0`` it is ``MarkovRegression``). Each coefficient switches or not
(``switching=``), as do the AR coefficients and the variance. The regimes follow a
Markov chain with constant transition probabilities or, with ``exog_tvtp``,
multinomial-logit probabilities of covariates (Filardo 1994): row :math:`\tau` of
``exog_tvtp`` sets the probabilities of the move from :math:`\tau - 1` into
:math:`\tau`. The likelihood conditions on the first ``order`` observations and draws
the pre-sample regime from the ergodic distribution, as Stata's ``mswitch``, EViews
and statsmodels do.

The model is the latent-state layer's regime chain
(:class:`~emstats.models.latent.markov.SwitchingChain`) and the switching-regression
emission (:mod:`._switching_emission`). EM (Hamilton 1990): the E-step is the forward
filter and the backward smoother on the expanded chain of the last ``order + 1``
regimes (:mod:`.latent.expansion`). The M-step is a cycle of conditional
maximisations (ECM, Meng & Rubin 1993), each exact for its block given the others, so
the likelihood never decreases:

1. transition parameters: the expected transition counts plus the ergodic initial
   term (and, with TVTP, the logit of the covariates) have no closed form; a damped
   Newton ascent of this block of the expected complete-data log-likelihood from the
   current values, which never lowers it (:mod:`.latent.mlogit`);
2. regression coefficients given the AR coefficients and variances (weighted least
   squares over time points and expanded states);
3. AR coefficients given the coefficients and variances (weighted least squares);
4. variances given the rest (weighted mean squared residuals).

Louis' information comes from the chain's and the emission's complete-data pieces
(:mod:`.latent.louis`).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import patsy

from .._checks import check_time_index
from .._rows import checked_missing, rows_to_keep
from .._tables import add_notes
from ..engine import EMTrace
from ..exceptions import NoNullModelError
from ..inference.covariance import get_estimator
from ..inference.prediction import PredictionResults
from ..params import ParamValues
from ..results import EMResults, EMResultsWrapper, SummaryRows
from ..typing import FloatArray, IntArray
from ._censored_emission import CensoredRegressionEmission, censoring_limits
from ._forward_backward import Posterior, viterbi
from ._glm_emission import GLMEmission, glm_outcome, linear_offset
from ._switching_emission import StateWeights, SwitchingRegressionEmission
from ._switching_forecast import forecast, in_sample_mean
from .latent import LatentStateModel
from .latent.expansion import ergodic_distribution, logits_of_rows
from .latent.markov import RegimeCovariates, SwitchingChain, complete_rows
from .latent.results import ChainProbabilityResults, state_groups, without_state_labels


@dataclass(frozen=True)
class SwitchingParams:
    """The natural parameters, unpacked.

    Attributes
    ----------
    transition : ndarray
        Free transition probabilities ``P[i, j]``, ``j < k - 1`` (k x k-1), or the
        TVTP logit coefficients (k x k-1 x r).
    coefs : ndarray
        Regression coefficients per regime (k x q; non-switching ones repeated).
    sigma2 : ndarray
        Innovation variance per regime (k).
    ar : ndarray
        AR coefficients per regime (k x order).
    """

    transition: FloatArray
    coefs: FloatArray
    sigma2: FloatArray
    ar: FloatArray



class MarkovSwitching(LatentStateModel):
    """Markov-switching regression or autoregression fitted by EM.

    Parameters
    ----------
    endog : array_like
        The series (1-d, consecutive observations, no NaN).
    exog : array_like, optional
        Regressors (n x q); a constant named ``const`` if omitted.
    k_regimes : int
        Number of regimes (at least 2).
    order : int
        Autoregressive order of the switching-mean autoregression (0: regression).
    switching : bool or sequence
        Which regression coefficients switch: all (True), none (False), a list of
        column names, or one boolean per column.
    switching_variance : bool
        Whether the innovation variance switches.
    switching_ar : bool
        Whether the AR coefficients switch.
    exog_tvtp : array_like, optional
        Covariates of time-varying transition probabilities (n x r, include a
        constant); row ``t`` sets the probabilities of the move into ``t``.
    family : {"gaussian", "tobit", "poisson"}
        The distribution of the outcome given the regime: normal; normal censored at
        ``left=``/``right=`` (a Markov-switching Tobit, e.g. an interest rate at its zero
        lower bound); or Poisson with the log link. The last two have no autoregression
        (``order=0``).
    left, right : float or array_like, optional
        The Tobit's censoring limits (one number, or one per observation).
    offset, exposure : array_like, optional
        The Poisson's offset of the linear predictor, or exposure (its log is added).
    regime_order : str, optional
        Parameter whose value orders the regimes (ascending; descending with a leading
        ``"-"``, e.g. ``"-const"`` for regime 0 = the high-mean regime) so that starts
        and replicates report the same labels: ``"sigma2"``, ``"ar.L1"`` or a
        regressor name. Default: the first switching regressor, else the variance,
        else the first AR coefficient. ``"none"`` keeps the labels EM ends with.

    Notes
    -----
    Parameters are named as in statsmodels (``p[0->0]``, ``const[0]``, ``sigma2``,
    ``ar.L1``; TVTP coefficients ``p[i->j].<column>``). Transition probabilities into
    the last regime are implied (rows sum to one).
    """

    no_case_weights: ClassVar[str] = (
        "a Markov-switching model is of one time series, whose observations are not "
        "independent units: it takes no case weights (weight independent sequences with "
        "em.hmm and lengths=)"
    )

    model_name: ClassVar[str] = "Markov switching"
    default_n_starts: ClassVar[int] = 5
    """Markov-switching likelihoods have local maxima, so ``fit`` runs EM from the default
    start and four random ones by default (the audit is ``res.starts``)."""
    default_random_state: ClassVar[int | None] = 0
    state_label = "regime"
    layer: SwitchingChain
    emission: SwitchingRegressionEmission | GLMEmission

    def __init__(self, endog: Any, exog: Any = None, k_regimes: int = 2, *, order: int = 0,
                 switching: bool | Sequence[Any] = True, switching_variance: bool = False,
                 switching_ar: bool = True, exog_tvtp: Any = None,
                 family: str = "gaussian", left: Any = None, right: Any = None,
                 offset: Any = None, exposure: Any = None,
                 regime_order: str | None = None) -> None:
        y = _series(endog)
        check_time_index(y.index)
        if exog is None:
            exog = pd.DataFrame({"const": np.ones(len(y))}, index=y.index)
        exog_frame = _frame(exog, "x", len(y), "exog")
        self.k_regimes = _check_k(k_regimes)
        self.order = _check_order(order)
        endog_values = np.asarray(y, dtype=float)
        exog_values = exog_frame.to_numpy(dtype=float)
        _check_series(endog_values, exog_values)
        self.switching = _switching_mask(switching, list(exog_frame.columns))
        self.switching_variance = bool(switching_variance)
        self.switching_ar = bool(switching_ar) and self.order > 0
        self.tvtp, tvtp_names = _tvtp(exog_tvtp, len(endog_values))
        covariates = (None if self.tvtp is None or tvtp_names is None
                      else RegimeCovariates(self.tvtp, tvtp_names))
        layer = SwitchingChain(self.k_regimes, self.order, len(endog_values), covariates)
        self.chain = layer.expansion
        self.family = _check_family(family, self.order, switching_variance,
                                    {"left": left, "right": right, "offset": offset,
                                     "exposure": exposure})
        names = list(map(str, exog_frame.columns))
        emission: SwitchingRegressionEmission | GLMEmission
        if self.family == "poisson":
            counts, _ = glm_outcome("poisson", endog_values, None)
            emission = GLMEmission(counts, exog_values, names, self.switching,
                                   self.k_regimes, "poisson",
                                   offset=linear_offset(offset, exposure, len(counts)))
        elif self.family == "tobit":
            lower, upper = censoring_limits(left, right, endog_values, "family='tobit'")
            emission = CensoredRegressionEmission(
                endog_values, exog_values, names, self.switching, self.k_regimes,
                lower=lower, upper=upper, switching_variance=self.switching_variance)
        else:
            emission = SwitchingRegressionEmission(
                endog_values, exog_values, names, self.switching, self.chain,
                switching_ar=self.switching_ar, switching_variance=self.switching_variance)
        super().__init__(layer, emission, y, exog_frame, missing="none", hasconst=None)
        self.endog = endog_values
        self.exog = exog_values
        self.row_labels = y.index
        self.nobs = float(len(y) - self.order)
        self.df_model = float(self.k_params)
        self.df_resid = self.nobs - self.k_params
        self._check_size()
        self.regime_key = self._regime_key(regime_order)

    # -- checks and set-up -------------------------------------------------------------
    def _check_size(self) -> None:
        if self.nobs < self.k_params + 1:
            raise ValueError(
                f"the series has {len(self.endog)} observations: after the {self.order} "
                f"presample value(s) of the autoregression, {int(self.nobs)} remain for "
                f"{self.k_params} parameters"
            )

    def _regime_key(self, regime_order: str | None) -> tuple[str, int, float] | None:
        """Position in the coefficient arrays of the parameter that orders the regimes."""
        if regime_order == "none":
            return None
        if regime_order is not None and regime_order.startswith("-"):
            key = self._regime_key(regime_order[1:])
            return None if key is None else (key[0], key[1], -1.0)
        if regime_order is None:
            if self.switching.any():
                return ("coefs", int(np.flatnonzero(self.switching)[0]), 1.0)
            if self.switching_variance:
                return ("sigma2", 0, 1.0)
            return ("ar", 0, 1.0) if self.switching_ar else None
        if regime_order == "sigma2":
            if self.family == "poisson":
                raise ValueError("regime_order='sigma2': a Poisson regime has no variance")
            return ("sigma2", 0, 1.0)
        if regime_order.startswith("ar.L"):
            return ("ar", int(regime_order[4:]) - 1, 1.0)
        names = list(map(str, self.exog_names))
        if regime_order not in names:
            raise ValueError(f"regime_order={regime_order!r} is not 'sigma2', 'ar.L<lag>', "
                             f"'none' or a regressor ({names})")
        return ("coefs", names.index(regime_order), 1.0)

    # -- parameters ---------------------------------------------------------------------
    def unpack(self, params: FloatArray) -> SwitchingParams:
        """The parameter vector split into its blocks."""
        values = self.spec.unpack(params)
        k = self.k_regimes
        sigma2 = values["sigma2"][:, 0] if "sigma2" in values else np.zeros(k)
        ar = values["ar"] if "ar" in values else np.zeros((k, 0))
        return SwitchingParams(values["transition"], values["coefs"], sigma2, ar)

    def pack(self, p: SwitchingParams) -> FloatArray:
        """Inverse of :meth:`unpack`."""
        blocks = {"transition": p.transition, "coefs": p.coefs,
                  "sigma2": np.asarray(p.sigma2)[:, None], "ar": p.ar}
        return self.spec.pack(blocks)  # blocks the model does not have are ignored

    def regime_transitions(self, transition: FloatArray, tvtp: FloatArray | None = None
                           ) -> FloatArray:
        """Regime transition matrices: k x k, or one per row of the TVTP covariates."""
        return self.layer.regime_transitions(transition, tvtp)

    # -- likelihood pieces -------------------------------------------------------------------
    def residuals(self, p: SwitchingParams) -> FloatArray:
        """Innovations ``e[t, m]`` of each observation in each expanded state (n x M);
        ``y - E[y | regime]`` for a Poisson."""
        emission = self.emission
        if isinstance(emission, GLMEmission):
            return np.asarray(self.endog[:, None] - emission.means(p.coefs))
        return emission.residuals(p.coefs, p.ar)

    def log_emission(self, p: SwitchingParams | FloatArray) -> FloatArray:
        """``log f(y_t | X_t = m, past)`` (n x M)."""
        params = self.pack(p) if isinstance(p, SwitchingParams) else p
        return self.emission.log_density(self.spec.unpack(params), slice(None))

    def state_means(self, params: FloatArray) -> FloatArray:
        """The conditional mean of each observation in each expanded state given the past
        (n x M): the regression and its AR terms, a Tobit's latent mean, a Poisson mean."""
        parts = self.unpack(params)
        if isinstance(self.emission, GLMEmission):
            return self.emission.means(parts.coefs)
        return self.endog[self.order:, None] - self.residuals(parts)

    def _chain_inputs(self, p: SwitchingParams) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Initial distribution, expanded transition(s) and log emissions."""
        initial, expanded = self.layer.chain_inputs(self.spec.unpack(self.pack(p)))
        return initial, expanded, self.log_emission(p)

    def posterior(self, params: FloatArray) -> Posterior:
        """Forward filter and backward smoother on the expanded chain at ``params``."""
        return self.layer.posterior(self.spec.unpack(params), self.log_emission(params))

    # -- starts, labels, replicates --------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """OLS coefficients spread across regimes, persistent regimes (p_ii = 0.9)."""
        k = self.k_regimes
        if isinstance(self.emission, GLMEmission):
            return self._glm_start()
        ys, xs = self.emission.lagged
        beta = np.linalg.lstsq(xs[0], ys[0], rcond=None)[0]
        resid_full = self.endog - self.exog @ beta
        ar = np.zeros(self.order)
        if self.order:
            lagged = np.column_stack([resid_full[self.order - lag: len(resid_full) - lag]
                                      for lag in range(1, self.order + 1)])
            ar = np.linalg.lstsq(lagged, resid_full[self.order:], rcond=None)[0]
        sigma2 = float(np.var(ys[0] - xs[0] @ beta))
        spread = np.arange(k) - (k - 1) / 2.0
        scale = np.sqrt(np.mean(self.exog**2, axis=0))
        coefs = beta + np.outer(spread, self.switching * 0.5 * np.sqrt(sigma2) / scale)
        variances = np.full(k, sigma2) * (2.0 ** spread if self.switching_variance else 1.0)
        stay = np.full((k, k), 0.1 / (k - 1))
        np.fill_diagonal(stay, 0.9)
        transition = self._start_transition(stay)
        return self.pack(SwitchingParams(transition, coefs, variances,
                                         np.tile(ar, (k, 1))))

    def _glm_start(self) -> FloatArray:
        """The pooled GLM's coefficients, the switching ones spread by +-0.25/rms of
        their regressor on the linear-predictor scale; persistent regimes (p_ii = 0.9)."""
        k, emission = self.k_regimes, self.emission
        assert isinstance(emission, GLMEmission)
        zero = ParamValues({"coefs": np.zeros((k, self.exog.shape[1]))})
        beta = emission.m_step(StateWeights(np.full((len(self.endog), k), 1.0 / k)),
                               zero)["coefs"][0]
        spread = np.arange(k) - (k - 1) / 2.0
        scale = np.sqrt(np.mean(self.exog**2, axis=0))
        coefs = beta + np.outer(spread, self.switching * 0.5 / scale)
        stay = np.full((k, k), 0.1 / (k - 1))
        np.fill_diagonal(stay, 0.9)
        return self.pack(SwitchingParams(self._start_transition(stay), coefs, np.zeros(k),
                                         np.zeros((k, 0))))

    def _start_transition(self, stay: FloatArray) -> FloatArray:
        if self.tvtp is None:
            return stay[:, :-1]
        coefs = np.zeros((self.k_regimes, self.k_regimes - 1, self.tvtp.shape[1]))
        constant = np.flatnonzero(np.ptp(self.tvtp, axis=0) == 0)
        if constant.size:
            col = constant[0]
            coefs[:, :, col] = logits_of_rows(stay) / self.tvtp[0, col]
        return coefs

    def canonical_params(self, params: FloatArray) -> FloatArray:
        """Regimes relabelled in ascending order of the ``regime_order`` parameter."""
        if self.regime_key is None:
            return params
        p = self.unpack(params)
        block, col, sign = self.regime_key
        key = sign * {"coefs": p.coefs, "sigma2": p.sigma2[:, None], "ar": p.ar}[block][:, col]
        return self.relabelled(params, np.argsort(key, kind="stable"))

    def relabel(self, p: SwitchingParams, perm: IntArray) -> SwitchingParams:
        """The same model with regime ``perm[s]`` called ``s``."""
        return self.unpack(self.relabelled(self.pack(p), perm))

    def degenerate_reason(self, params: FloatArray) -> str | None:
        """A regime whose variance collapsed (:meth:`singular_reason`)."""
        return self.singular_reason(params)

    def singular_reason(self, params: FloatArray) -> str | None:
        """A regime whose variance collapsed (the likelihood is unbounded there)."""
        tiny = self.emission.singular_states(self.spec.unpack(params))
        if tiny:
            return f"the {self.emission.state_noun} of regime(s) {tiny} collapsed"
        return None

    def smooth(self, params: Sequence[float], *, cov_type: str = "oim",
               cov_kwds: dict[str, Any] | None = None) -> EMResults:
        """Results at given parameters, without fitting (statsmodels' ``smooth``):
        probabilities, paths, forecasts and the covariance there (e.g. published
        estimates). ``converged`` is False and ``stop_rule`` is ``"given"``."""
        values = np.asarray(params, dtype=float)
        if values.shape != (self.k_params,):
            raise ValueError(f"params must have {self.k_params} values, got {values.shape}")
        llf = self.loglike(values)
        trace = EMTrace(params=values, llf=llf, converged=False, stop_rule="given", n_iter=0,
                        n_evals=0, n_llf_evals=1,
                        history=pd.DataFrame({"iteration": [], "llf": []}),
                        path=values[None, :])
        cov = get_estimator(cov_type, cov_kwds)(self, values)
        return EMResultsWrapper(MarkovSwitchingResults(self, trace, cov, pd.DataFrame(),
                                                       None))

    def check_resamplable(self) -> None:
        """Resampling observations breaks the time dependence: refused."""
        raise NotImplementedError(
            "resampling observations breaks the time dependence of a Markov-switching "
            "model: use cov_type='oim', 'opg', 'robust' or 'sem', or the parametric "
            "bootstrap (cov_kwds={'kind': 'parametric'})"
        )

    def resample(self, rows: IntArray) -> MarkovSwitching:
        """Refused (see :meth:`check_resamplable`)."""
        self.check_resamplable()
        raise AssertionError("unreachable")

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> MarkovSwitching:
        """The model on a series drawn at ``params`` (same regressors and presample)."""
        return self._like(self.simulate_series(params, rng)[0])

    def simulate_series(self, params: FloatArray, rng: np.random.Generator
                        ) -> tuple[FloatArray, IntArray]:
        """A series and its regime path drawn at ``params``; the first ``order``
        observations are the data's (the likelihood conditions on them)."""
        p = self.unpack(params)
        mats = self.regime_transitions(p.transition)
        mats = np.broadcast_to(mats, (len(self.endog), self.k_regimes, self.k_regimes))
        start = ergodic_distribution(mats[0]) @ mats[0]
        regimes = np.empty(len(self.endog), dtype=np.intp)
        regimes[0] = rng.choice(self.k_regimes, p=start)
        for tau in range(1, len(self.endog)):
            regimes[tau] = rng.choice(self.k_regimes, p=mats[tau, regimes[tau - 1]])
        return self.emission.sample(self.spec.unpack(params), regimes, rng), regimes

    def with_outcome_of(self, other: Any) -> MarkovSwitching:
        """This model on the series of ``other``."""
        return self._like(np.asarray(other.endog, dtype=float))

    def _like(self, y: FloatArray) -> MarkovSwitching:
        new = copy.copy(self)
        new.endog = y
        new.emission = self.emission.with_endog(y)
        return new

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a restriction of this model: a Markov-switching model of
        the same series and order, with no more regimes, regressors among this model's,
        and no more switching (each of its switching coefficients, AR terms and variance
        switches here too), with the same kind of transition probabilities."""
        if not (isinstance(other, MarkovSwitching) and other.order == self.order
                and other.k_regimes <= self.k_regimes
                and (other.tvtp is None) == (self.tvtp is None)):
            return False
        names = list(map(str, self.exog_names))
        other_names = list(map(str, other.exog_names))
        if not set(other_names) <= set(names):
            return False
        switches = dict(zip(names, self.switching.tolist(), strict=True))
        return (all(switches[n] or not s
                    for n, s in zip(other_names, other.switching.tolist(), strict=True))
                and (self.switching_variance or not other.switching_variance)
                and (self.switching_ar or not other.switching_ar))

    def null_model(self) -> MarkovSwitching:
        """The constant-only model: the same regimes, autoregression, switching of the
        constant, variance and AR terms, and transition model, without the other
        regressors (the null of ``res.llr``).

        Raises
        ------
        NoNullModelError
            If the model has no constant regressor (the constant-only model is then not
            nested in it).
        """
        constant = [j for j in range(self.exog.shape[1])
                    if np.ptp(self.exog[:, j]) == 0 and self.exog[0, j] != 0]
        if not constant:
            raise NoNullModelError(
                f"the {self.model_name} model has no constant regressor, so the "
                "constant-only model is not nested in it: there is no llnull or llr; fit "
                "the restricted model and use em.lrtest(restricted, full)")
        j = constant[0]
        y = pd.Series(self.endog, index=self.row_labels, name=str(self.endog_names))
        exog = pd.DataFrame({str(self.exog_names[j]): self.exog[:, j]}, index=self.row_labels)
        covariates = self.layer.covariates
        tvtp = None if covariates is None else pd.DataFrame(
            covariates.design, index=self.row_labels, columns=covariates.names)
        return MarkovSwitching(y, exog, self.k_regimes, order=self.order,
                               switching=[bool(self.switching[j])],
                               switching_variance=self.switching_variance,
                               switching_ar=self.switching_ar, exog_tvtp=tvtp,
                               **self._family_keywords())

    def _family_keywords(self) -> dict[str, Any]:
        emission = self.emission
        if isinstance(emission, CensoredRegressionEmission):
            return {"family": "tobit", "left": emission.lower, "right": emission.upper}
        if isinstance(emission, GLMEmission):
            return {"family": "poisson", "offset": emission.offset}
        return {}

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer regimes lie on the boundary (tests of k against k + 1 regimes)."""
        return isinstance(other, MarkovSwitching) and other.k_regimes < self.k_regimes

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, missing: str = "drop", **kwargs: Any
                     ) -> MarkovSwitching:
        check_time_index(data.index)
        y = endog.iloc[:, 0]
        rows_to_keep(checked_missing(missing), {"endog": y.isna().to_numpy(),
                                                "exog": exog.isna().any(axis=1).to_numpy()})
        keep = _contiguous_rows(y, data, rows)
        for name in ("left", "right", "offset", "exposure"):
            if isinstance(kwargs.get(name), str):
                kwargs[name] = data.loc[y.index[keep], kwargs[name]].to_numpy(dtype=float)
        tvtp = kwargs.get("exog_tvtp")
        if isinstance(tvtp, str):
            kwargs["exog_tvtp"] = patsy.dmatrix(tvtp, data.loc[y.index[keep]],
                                                return_type="dataframe")
        elif tvtp is not None:
            frame = _frame(tvtp, "tvtp", len(data), "exog_tvtp")
            kwargs["exog_tvtp"] = frame.iloc[data.index.get_indexer(y.index[keep])]
        return cls(y[keep], exog[keep], **kwargs)


class MarkovSwitchingResults(ChainProbabilityResults, EMResults):
    """Results of a Markov-switching fit: regime probabilities, transitions, durations,
    the most likely regime path, predictions and forecasts; the classification,
    uncertainty, entropy and ICL of :class:`~emstats.models.latent.StateProbabilityResults`
    from the smoothed regime probabilities."""

    model: MarkovSwitching
    state_name = "regime"

    def _class_probabilities(self) -> FloatArray:
        return self.model.chain.regime_probabilities(self._posterior.smoothed)

    @property
    def _class_index(self) -> pd.Index:
        return self._index

    @cached_property
    def _parts(self) -> SwitchingParams:
        return self.model.unpack(np.asarray(self.params))

    @cached_property
    def _posterior(self) -> Posterior:
        return self.model.posterior(np.asarray(self.params))

    @property
    def _index(self) -> pd.Index:
        return self.model.row_labels[self.model.order:]

    def _chain_frame(self, hidden: FloatArray) -> pd.DataFrame:
        """Regime probabilities (one column per regime) of expanded-state ones."""
        values = self.model.chain.regime_probabilities(hidden)
        return pd.DataFrame(values, index=self._index, columns=range(self.model.k_regimes))

    @property
    def transition_matrix(self) -> pd.DataFrame:
        """Estimated ``Pr(S_t = to | S_{t-1} = from)`` (constant transitions)."""
        if self.model.tvtp is not None:
            raise ValueError("transitions vary over time with exog_tvtp: see "
                             "res.transition_probabilities")
        return self._square_frame(complete_rows(self._parts.transition))

    @property
    def transition_matrix_bse(self) -> pd.DataFrame:
        """Standard errors of :attr:`transition_matrix` (delta method)."""
        jac = self._transition_jacobian()
        cov = np.asarray(self.cov_params())
        var = np.einsum("ijp,pq,ijq->ij", jac, cov, jac)
        return self._square_frame(np.sqrt(np.maximum(var, 0.0)))

    @property
    def transition_probabilities(self) -> pd.DataFrame:
        """Transition probabilities at every observation, columns ``p[i->j]``."""
        model = self.model
        mats = np.broadcast_to(model.regime_transitions(self._parts.transition),
                               (len(model.endog), model.k_regimes, model.k_regimes))
        k = model.k_regimes
        cols = [f"p[{i}->{j}]" for i in range(k) for j in range(k)]
        return pd.DataFrame(mats[model.order:].reshape(-1, k * k), index=self._index,
                            columns=cols)

    def _square_frame(self, values: FloatArray) -> pd.DataFrame:
        k = self.model.k_regimes
        return pd.DataFrame(values, index=pd.Index(range(k), name="from"),
                            columns=pd.Index(range(k), name="to"))

    def _transition_jacobian(self) -> FloatArray:
        """``d P[i, j] / d params`` (k x k x k_params) for constant transitions."""
        if self.model.tvtp is not None:
            raise ValueError("transitions vary over time with exog_tvtp")
        positions, k = self.model.spec.positions("transition"), self.model.k_regimes
        jac = np.zeros((k, k, self.model.k_params))
        for i in range(k):
            for j in range(k - 1):
                jac[i, j, positions[i, j]] = 1.0
                jac[i, k - 1, positions[i, j]] = -1.0
        return jac

    @property
    def expected_durations(self) -> pd.Series | pd.DataFrame:
        """Expected duration ``1 / (1 - p_ii)`` of each regime (per observation with TVTP)."""
        model = self.model
        if model.tvtp is not None:
            stay = np.diagonal(model.regime_transitions(self._parts.transition), 0, 1, 2)
            return pd.DataFrame(1.0 / (1.0 - stay[model.order:]), index=self._index,
                                columns=range(model.k_regimes))
        stay = np.diag(complete_rows(self._parts.transition))
        return pd.Series(1.0 / (1.0 - stay), index=range(model.k_regimes),
                         name="expected duration")

    @property
    def expected_durations_bse(self) -> pd.Series:
        """Standard errors of :attr:`expected_durations` (delta method)."""
        stay = np.diag(complete_rows(self._parts.transition))
        k = self.model.k_regimes
        jac = self._transition_jacobian()[np.arange(k), np.arange(k)]
        grad = jac / (1.0 - stay)[:, None] ** 2
        var = np.einsum("ip,pq,iq->i", grad, np.asarray(self.cov_params()), grad)
        return pd.Series(np.sqrt(np.maximum(var, 0.0)), index=range(k), name="std err")

    @property
    def regime_path(self) -> pd.Series:
        """The most likely regime path (Viterbi)."""
        model = self.model
        initial, expanded, log_em = model._chain_inputs(self._parts)
        path, _ = viterbi(log_em, initial, expanded)
        return pd.Series(model.chain.current[path], index=self._index, name="regime")

    @property
    def regime_classification_measure(self) -> float:
        """Ang & Bekaert's (2002) RCM: ``100 k^k mean_t prod_s p_ts`` of the smoothed
        probabilities; 0 is a perfect classification, 100 none."""
        prob = self._posterior_classes
        k = self.model.k_regimes
        return float(100.0 * k**k * np.mean(np.prod(prob, axis=1)))

    @property
    def average_regime_probability(self) -> pd.Series:
        """Mean smoothed probability of the assigned regime, among the observations
        assigned to each regime (the larger the sharper)."""
        prob = self.smoothed_probabilities
        assigned = prob.to_numpy().argmax(axis=1)
        values = [prob.to_numpy()[assigned == s, s].mean() if np.any(assigned == s) else np.nan
                  for s in range(self.model.k_regimes)]
        return pd.Series(values, index=prob.columns, name="average probability")

    def predict(self, probabilities: str = "predicted") -> pd.Series:
        """In-sample predictions: the conditional mean given the past, averaged over
        the expanded states with ``"predicted"`` (one step ahead), ``"filtered"`` or
        ``"smoothed"`` probabilities."""
        values = in_sample_mean(self.model, np.asarray(self.params), probabilities,
                                 self._posterior)
        return pd.Series(values, index=self._index, name="predicted")

    def get_prediction(self, probabilities: str = "predicted") -> PredictionResults:
        """In-sample predictions (:meth:`predict`) with delta-method standard errors and
        confidence intervals (``summary_frame()``: statsmodels' columns); the regime
        probabilities are recomputed at each perturbed parameter vector."""
        model = self.model

        def prediction(params: FloatArray) -> FloatArray:
            return in_sample_mean(model, params, probabilities, model.posterior(params))

        return self._delta_prediction(prediction, self._index, "predicted")

    @property
    def fittedvalues(self) -> pd.Series:
        """One-step-ahead predictions (:meth:`predict` with predicted probabilities)."""
        return self.predict("predicted")

    @property
    def resid(self) -> pd.Series:
        """One-step-ahead prediction errors."""
        return pd.Series(self.model.endog[self.model.order:], index=self._index) - \
            self.fittedvalues

    def forecast(self, steps: int = 1, exog: Any = None, exog_tvtp: Any = None
                 ) -> pd.DataFrame:
        """Forecasts ``steps`` periods after the sample: the mean and the regime
        probabilities.

        Parameters
        ----------
        steps : int
            Horizon.
        exog : array_like, optional
            Future regressors (steps x q); required unless the only regressor is a
            constant.
        exog_tvtp : array_like, optional
            Future TVTP covariates (steps x r); required with time-varying transitions.

        Returns
        -------
        DataFrame
            Column ``mean`` (``E[y_{T+h} | data]``, exact: the AR recursion is
            propagated with the regime probabilities) and one column per regime.
        """
        return forecast(self.model, self._parts, self._posterior.filtered[-1], int(steps),
                         exog, exog_tvtp)

    def _probability_series(self) -> pd.Series:
        """The outcome after the AR presample, drawn under the regime probabilities."""
        return pd.Series(self.model.endog[self.model.order:], index=self._index,
                         name=str(self.model.endog_names))

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left, right = super()._summary_top()
        left.insert(2, ("Regimes:", [f"{self.model.k_regimes} (AR order {self.model.order})"]))
        right.append(("Regime classification (RCM):",
                      [f"{self.regime_classification_measure:.2f}"]))
        return left, right

    @property
    def _summary_title(self) -> str:
        return "Markov Switching Model Results"

    def _summary_groups(self) -> list[tuple[str | None, IntArray]]:
        """statsmodels' grouping: ``Regime r parameters`` (the switching entries of every
        block), ``Non-switching parameters``, ``Regime transition parameters``."""
        spec = self.model.spec
        groups: list[tuple[str | None, IntArray]] = [
            *state_groups(spec, self.model.k_regimes, "Regime", skip=("transition",))]
        groups.append(("Regime transition parameters",
                       np.unique(spec.positions("transition"))))
        return groups

    def _summary_params(self, smry: Any, xname: Sequence[str], alpha: float) -> None:
        """The grouped tables, the regime number dropped from the labels of the regime
        tables (as statsmodels prints them: ``const``, ``ar.L1``)."""
        super()._summary_params(
            smry, without_state_labels(xname, self._summary_groups(), "Regime"), alpha)

    def summary(self, yname: str | None = None, xname: Sequence[str] | None = None,
                title: str | None = None, alpha: float = 0.05) -> Any:
        """Summary grouped as statsmodels' ``MarkovRegression.summary``: one table per
        regime, the non-switching parameters, the transition parameters; then the
        expected durations (or a TVTP note) and the average regime probabilities."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        lines = ["Average regime probability: "
                 + ", ".join(f"{s}: {v:.3f}" for s, v in self.average_regime_probability.items())]
        if self.model.tvtp is None:
            durations = self.expected_durations
            lines.append("Expected durations: " + ", ".join(
                f"{s}: {d:.3f} ({se:.3f})"
                for (s, d), se in zip(durations.items(), self.expected_durations_bse,
                                      strict=True)))
        add_notes(smry, lines)
        return smry


MarkovSwitching._results_class = MarkovSwitchingResults


# -- helpers ----------------------------------------------------------------------------------
def _series(endog: Any) -> pd.Series:
    if isinstance(endog, pd.DataFrame):
        if endog.shape[1] != 1:
            raise ValueError(f"endog must be one series, got {endog.shape[1]} columns")
        endog = endog.iloc[:, 0]
    if isinstance(endog, pd.Series):
        if not pd.api.types.is_numeric_dtype(endog):
            raise ValueError(f"endog {endog.name!r} is not numeric")
        return endog.astype(float)
    arr = np.asarray(endog, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"endog must be one-dimensional, got shape {arr.shape}")
    return pd.Series(arr, name="y")


def _frame(values: Any, prefix: str, n: int, what: str) -> pd.DataFrame:
    if isinstance(values, pd.Series):
        values = values.to_frame()
    if isinstance(values, pd.DataFrame):
        frame = values
    else:
        arr = np.asarray(values, dtype=float)
        arr = arr[:, None] if arr.ndim == 1 else arr
        frame = pd.DataFrame(arr, columns=[f"{prefix}{j}" for j in range(arr.shape[1])])
    if len(frame) != n:
        raise ValueError(f"{what} has {len(frame)} rows but the series has {n} observations")
    bad = [str(c) for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise ValueError(f"{what} column(s) {bad} are not numeric")
    return frame


def _check_series(endog: FloatArray, exog: FloatArray) -> None:
    bad = ~np.isfinite(endog)
    if bad.any():
        where = np.flatnonzero(bad)[:5].tolist()
        raise ValueError(
            f"endog has {int(bad.sum())} NaN or infinite values (positions {where}); "
            "the regime chain needs consecutive observations, so interior gaps are not "
            "skipped: impute them or model the pieces separately (leading and trailing "
            "missing rows are dropped by the formula interface)"
        )
    if np.ptp(endog) == 0:
        raise ValueError("endog is constant: there is nothing to switch between")
    if not np.all(np.isfinite(exog)):
        raise ValueError("exog has NaN or infinite values; the chain needs every row")


def _tvtp(exog_tvtp: Any, n: int) -> tuple[FloatArray | None, list[str] | None]:
    if exog_tvtp is None:
        return None, None
    frame = _frame(exog_tvtp, "tvtp", n, "exog_tvtp")
    values = frame.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("exog_tvtp has NaN or infinite values")
    return values, [str(c) for c in frame.columns]


def _check_family(family: Any, order: int, switching_variance: bool,
                  keywords: dict[str, Any]) -> str:
    """The outcome's family, with the keywords it takes (a keyword it has no use for is
    an error)."""
    allowed = {"gaussian": set(), "tobit": {"left", "right"}, "poisson": {"offset", "exposure"}}
    if family not in allowed:
        raise ValueError(f"family={family!r} is not available for Markov switching: "
                         f"{sorted(allowed)}")
    if family != "gaussian" and order:
        raise ValueError(f"a Markov-switching {family} model has no autoregression (order=0)"
                         + (": the lags of a censored series are not observed"
                            if family == "tobit" else ""))
    if family == "poisson" and switching_variance:
        raise ValueError("a Poisson regime has no variance of its own: switching_variance "
                         "has no meaning for family='poisson'")
    unused = [name for name, value in keywords.items()
              if value is not None and name not in allowed[family]]
    if unused:
        raise ValueError(f"{', '.join(unused)} has no meaning for family={family!r}"
                         + (" (left= and right= are the censoring limits of "
                            "family='tobit')" if family == "gaussian" else ""))
    return str(family)


def _check_k(k_regimes: Any) -> int:
    if int(k_regimes) != k_regimes or k_regimes < 2:
        raise ValueError(f"k_regimes must be an integer of at least 2, got {k_regimes!r} "
                         "(one regime is an ordinary regression or autoregression)")
    return int(k_regimes)


def _check_order(order: Any) -> int:
    if int(order) != order or order < 0:
        raise ValueError(f"order must be a nonnegative integer, got {order!r}")
    return int(order)


def _switching_mask(switching: Any, names: list[str]) -> np.ndarray:
    if switching is True or switching is False:
        return np.full(len(names), bool(switching))
    items = list(switching)
    if all(isinstance(v, (bool, np.bool_)) for v in items):
        if len(items) != len(names):
            raise ValueError(f"switching has {len(items)} flags for {len(names)} regressors")
        return np.array(items, dtype=bool)
    unknown = [v for v in items if v not in names]
    if unknown:
        raise ValueError(f"switching names {unknown} are not regressors ({names})")
    return np.isin(names, items)


def _contiguous_rows(y: pd.Series, data: pd.DataFrame, rows: pd.Index) -> np.ndarray:
    """Rows kept by the formula, without leading/trailing missing outcomes; interior
    gaps are an error (the chain needs consecutive observations)."""
    keep = y.notna().to_numpy().copy()
    if not keep.any():
        raise ValueError("every outcome is missing")
    first, last = np.flatnonzero(keep)[[0, -1]]
    keep[first: last + 1] = True
    positions = data.index.get_indexer(rows[keep])
    if np.any(np.diff(positions) != 1):
        gap = int(np.flatnonzero(np.diff(positions) != 1)[0])
        raise ValueError(
            f"rows with missing values inside the series (after row {rows[keep][gap]!r}): "
            "the regime chain needs consecutive observations; impute the gap or fit the "
            "pieces separately"
        )
    return keep
