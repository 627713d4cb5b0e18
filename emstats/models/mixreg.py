r"""Finite mixtures of regressions (Stata ``fmm``, R ``flexmix``, ``mixtools::regmixEM``).

Row :math:`i` belongs to latent class :math:`j` with probability :math:`\pi_j` (or, with
concomitant variables :math:`w_i`, a multinomial logit :math:`\pi_{ij}`), and given its
class its outcome is normal,

.. math::

    y_i \mid C_i = j \sim N(x_i'\beta_j + z_i'\gamma, \sigma_j^2),

with class-specific coefficients :math:`\beta_j`, coefficients :math:`\gamma` common to
every class (``fixed=``, flexmix's ``FLXMRglmfix(fixed=)``) and a variance per class or a
common one (``common_scale=True``).

The model is the latent-state layer's: :class:`~emstats.models.latent.MixingWeights`
(the classes, with their multinomial logit when there are concomitant variables) and the
normal-regression emission of the Markov-switching models with no autoregression
(:class:`~emstats.models._switching_emission.SwitchingRegressionEmission`): the same
emission under a Markov chain is Markov-switching regression. The E-step gives the
posterior class probabilities; the M-step is a cycle of conditional maximisations (ECM):
weighted least squares for every coefficient given the variances, then the variances
given the coefficients, each exact, so the likelihood never decreases.

The likelihood of Gaussian components is unbounded (a class whose variance shrinks onto
one row), so a fit whose class variance collapses (below 1e-8 of the outcome's variance)
or whose class holds less than one row's worth of posterior probability is flagged
degenerate, warned about, and never chosen over a sound start. Classes are numbered from
0 in ascending order of their mean linear predictor over the sample,
:math:`\bar x'\beta_j` (the label-switching rule, also applied to bootstrap replicates).
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from .._checks import (
    finite_exog,
    full_rank_exog,
    integer,
    numeric_exog,
    numeric_outcome,
    same_rows,
)
from .._docstrings import with_model_doc
from .._formula import WEIGHT_KEYWORDS, one_sided_design, resolve_row_keywords
from .._rows import complete_rows
from .._tables import add_notes
from ..base import EMModel, check_keywords
from ..exceptions import DegenerateSolutionWarning, NoNullModelError
from ..inference.prediction import PredictionResults
from ..params import ParamValues
from ..results import EMResults, SummaryRows
from ..typing import BoolArray, FloatArray, IntArray
from ..weights import CaseWeights, resolve_case_weights, unit_weights, weight_keywords
from ._censored_emission import CensoredRegressionEmission, censoring_limits
from ._glm_emission import GLMEmission, glm_outcome, linear_offset
from ._switching_emission import RegressionEmission, StateWeights
from .latent import LatentStateModel, MixingWeights, StateProbabilityResults
from .latent.expansion import RegimeChain
from .latent.iid import ClassStats
from .latent.results import state_groups, without_state_labels

FAMILIES = ("gaussian", "poisson", "binomial", "tobit")
"""The component families."""


class MixtureRegression(LatentStateModel):
    """Finite mixture of linear regressions, fitted by EM.

    Parameters
    ----------
    endog : array_like
        The outcome (n).
    exog : array_like
        Regressors whose coefficients differ by class (n x p, with a constant if wanted).
    k : int
        Number of classes (1: the plain regression, the first row of
        :func:`~emstats.select_mixreg`'s table).
    family : {"gaussian"}
        The distribution of the outcome given the class.
    exog_fixed : array_like, optional
        Regressors whose coefficients are common to every class (n x q).
    exog_concomitant : array_like, optional
        Concomitant variables of a multinomial logit of the class probabilities (n x r,
        with a constant if wanted); class 0 is the base.
    common_scale : bool
        One residual variance for every class (default: one per class).
    freq_weights, sampling_weights : array_like, optional
        Case weights of the rows (:mod:`emstats.weights`); in :meth:`from_formula` also a
        column name.
    missing : {"none", "drop", "raise"}
        Rows with a missing outcome, regressor, concomitant variable or weight.

    Notes
    -----
    ``fit()`` runs EM from 10 starts by default (``random_state=0``, so that fits repeat):
    a deterministic one (the rows split into ``k`` groups by the rank of their OLS
    residual) and nine random partitions of the rows, each turned into parameters by one
    M-step. Mixture-of-regression likelihoods have several local maxima and a single
    start is unreliable (flexmix's ``stepFlexmix`` and Stata's ``fmm`` documentation say
    the same); ``res.starts`` lists every start's llf and how many reached the best.
    """

    model_name: ClassVar[str] = "Mixture of regressions"
    default_cov_type: ClassVar[str] = "oim"
    default_n_starts: ClassVar[int] = 10
    default_random_state: ClassVar[int | None] = 0
    _n_endog_columns: ClassVar[int | tuple[int, ...]] = (1, 2)
    state_label = "class"
    layer: MixingWeights
    emission: RegressionEmission

    def __init__(self, endog: Any, exog: Any, k: int = 2, *, family: str = "gaussian",
                 exog_fixed: Any = None, exog_concomitant: Any = None,
                 common_scale: bool = False, offset: Any = None, exposure: Any = None,
                 trials: Any = None, left: Any = None, right: Any = None,
                 freq_weights: Any = None, sampling_weights: Any = None,
                 missing: str = "none") -> None:
        if family not in FAMILIES:
            raise ValueError(f"family={family!r} is not available: emstats' mixtures of "
                             f"regressions have {list(FAMILIES)} components")
        self.family = family
        _check_family_keywords(family, offset=offset, exposure=exposure, trials=trials,
                               common_scale=common_scale, left=left, right=right)
        y0 = numeric_outcome(endog)
        same_rows(len(y0), len(exog))
        row_inputs = {"exog_fixed": exog_fixed, "exog_concomitant": exog_concomitant,
                      "offset": offset, "exposure": exposure, "trials": trials,
                      "left": left, "right": right,
                      "freq_weights": freq_weights, "sampling_weights": sampling_weights}
        endog, exog, per_row, dropped = complete_rows(
            missing, endog, exog, np.asarray(np.isnan(y0.reshape(len(y0), -1)).any(axis=1)),
            row_inputs,
            checked=tuple(row_inputs))
        y, count_trials = glm_outcome(family, numeric_outcome(endog), per_row["trials"])
        self.k = integer(k, "k", 1)
        self.common_scale = bool(common_scale)
        x, x_names = _regressors(exog, "x", len(y), "exog")
        z, z_names = _regressors(per_row["exog_fixed"], "z", len(y), "exog_fixed")
        w, w_names = _regressors(per_row["exog_concomitant"], "w", len(y), "exog_concomitant")
        design = np.column_stack([x, z])
        full_rank_exog(design, [*x_names, *z_names])
        if w.shape[1]:
            if self.k == 1:
                raise ValueError("concomitant variables model the class probabilities: "
                                 "they need k >= 2 classes")
            full_rank_exog(w, w_names)
        weights = resolve_case_weights(per_row["freq_weights"], per_row["sampling_weights"],
                                       len(y))
        self._check_size(len(y), design.shape[1])
        self.fixed_names, self.concomitant_names = z_names, w_names
        self.offset_values = linear_offset(per_row["offset"], per_row["exposure"], len(y))
        self.trials_values = count_trials
        self.limits = _limits(family, per_row["left"], per_row["right"], y)
        switching = np.r_[np.ones(len(x_names), bool), np.zeros(len(z_names), bool)]
        emission = self._emission(y, design, [*x_names, *z_names], switching)
        layer = MixingWeights(self.k, len(y), w if w.shape[1] else None, w_names,
                              case_weights=weights)
        index = endog.index if isinstance(endog, pd.Series | pd.DataFrame) else None
        super().__init__(layer, emission, endog,
                         pd.DataFrame(design, columns=[*x_names, *z_names], index=index))
        self.endog_values, self.design, self.concomitant = y, design, w
        self.dropped_rows = dropped

    def _emission(self, y: FloatArray, design: FloatArray, names: list[str],
                  switching: BoolArray
                  ) -> RegressionEmission | GLMEmission | CensoredRegressionEmission:
        if self.family == "tobit":
            return CensoredRegressionEmission(
                y, design, names, switching, self.k, lower=self.limits[0],
                upper=self.limits[1], switching_variance=not self.common_scale)
        if self.family == "gaussian":
            return RegressionEmission(y, design, names, switching, RegimeChain(self.k, 0),
                                      switching_ar=False,
                                      switching_variance=not self.common_scale)
        return GLMEmission(y, design, names, switching, self.k, self.family,
                           offset=self.offset_values, trials=self.trials_values)

    @property
    def _has_scale(self) -> bool:
        return self.family in ("gaussian", "tobit")

    def _check_size(self, n: int, n_coefs: int) -> None:
        per_class = n_coefs + int(self._has_scale)
        if n < self.k * per_class:
            what = " and a variance" if self._has_scale else ""
            raise ValueError(f"{n} observations cannot identify {self.k} classes of "
                             f"{n_coefs} coefficient(s){what}: at least "
                             f"{self.k * per_class} are needed")

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, missing: str = "drop", **kwargs: Any
                     ) -> MixtureRegression:
        """The model of a formula; ``exog_fixed=`` and ``exog_concomitant=`` may be
        one-sided formulas (``"~ z1 + z2"``) on the same data; ``offset=``, ``exposure=``,
        ``trials=`` and the weights may be column names. A two-column left-hand side is
        a binomial's (successes, failures)."""
        kwargs = resolve_row_keywords(kwargs, data, rows,
                                      (*WEIGHT_KEYWORDS, "offset", "exposure", "trials",
                                       "left", "right"))
        kwargs["exog_fixed"] = one_sided_design(kwargs.get("exog_fixed"), data.loc[rows],
                                                "fixed",
                                                drop_intercept="Intercept" in exog.columns)
        kwargs["exog_concomitant"] = one_sided_design(kwargs.get("exog_concomitant"),
                                                      data.loc[rows], "concomitant",
                                                      drop_intercept=False)
        if endog.shape[1] == 2 and kwargs.get("family", "gaussian") != "binomial":
            raise ValueError(f"a two-column outcome {list(endog.columns)} is a binomial's "
                             "(successes, failures): pass family='binomial'")
        return cls(endog.iloc[:, 0] if endog.shape[1] == 1 else endog, exog, missing=missing,
                   **kwargs)

    # -- parameters ---------------------------------------------------------------------
    @property
    def k_components(self) -> int:
        """Number of classes."""
        return self.k

    def observed_data(self) -> dict[str, Any]:
        """The outcome, the regressors, the concomitant variables and case weights."""
        return {"endog": self.endog_values, "exog": self.design,
                "concomitant": self.concomitant, "offset": self.offset_values,
                "trials": self.trials_values, **weight_keywords(self.case_weights)}

    def nests(self, other: Any) -> bool:
        """Whether ``other`` is a mixture of regressions with the same regressors and no
        more classes (tests of fewer classes lie on the boundary)."""
        return (isinstance(other, MixtureRegression) and other.k <= self.k
                and list(other.exog_names) == list(self.exog_names))

    def null_on_boundary(self, other: Any) -> bool:
        """Fewer classes lie on the boundary."""
        return isinstance(other, MixtureRegression) and other.k < self.k

    def null_model(self) -> EMModel:
        """None: fewer classes lie on the boundary of the parameter space
        (:class:`~emstats.exceptions.NoNullModelError`)."""
        raise NoNullModelError(
            "a mixture of regressions has no chi-square null model: a model with fewer "
            "classes lies on the boundary of its parameter space; use "
            "em.bootstrap_lrtest(fit_fewer_classes, fit) or em.lrtest of nested "
            "regressors at the same k")

    # -- starts -------------------------------------------------------------------------
    @property
    def start_params(self) -> FloatArray:
        """The rows split into ``k`` equal groups by the rank of their residual from one
        regression pooling every row (least squares, or the GLM), one M-step from that
        partition."""
        pooled = self._pooled_values()
        fitted = self._class_means_at(pooled)[:, 0]
        resid = self.endog_values - fitted
        ranks = np.argsort(np.argsort(resid, kind="stable"), kind="stable")
        return self.params_from_partition(ranks * self.k // len(resid))

    def random_start(self, rng: np.random.Generator) -> FloatArray:
        """A random partition of the rows (each class at least its parameters' rows)."""
        n, k = len(self.endog_values), self.k
        labels = rng.permutation(np.arange(n) % k)
        return self.params_from_partition(labels)

    def params_from_partition(self, labels: IntArray) -> FloatArray:
        """Parameters from a hard partition: the classes' shares (a constant-only logit
        with concomitant variables) and the emission's M-step with the partition as
        posterior, from the pooled regression (two ECM passes for the Gaussian: the
        coefficients, then the variances; the full Newton solve for a GLM)."""
        n, k = len(self.endog_values), self.k
        weight = unit_weights(self.case_weights, n)
        posterior = np.eye(k)[np.asarray(labels, dtype=int)] * weight[:, None]
        values = self._pooled_values()
        for _ in range(2 if self._has_scale else 1):
            values = self.spec.unpack(self.spec.pack(
                {**values, **self.emission.m_step(
                    self.emission.statistics(values, posterior, slice(None)), values)}))
        counts = posterior.sum(axis=0)
        by_row = posterior if self.concomitant.shape[1] else np.zeros((0, k))
        return self.spec.pack({**values, **self.layer.m_step(ClassStats(counts, by_row),
                                                             values)})

    def _pooled_values(self) -> ParamValues:
        """Every class at the regression pooling all rows (equal class probabilities)."""
        blocks: dict[str, FloatArray] = {"coefs": np.zeros((self.k, self.design.shape[1]))}
        if self.concomitant.shape[1]:
            blocks["logit"] = np.zeros((self.k - 1, self.concomitant.shape[1]))
        else:
            blocks["weight"] = np.full(self.k, 1.0 / self.k)
        weight = unit_weights(self.case_weights, len(self.endog_values))
        if self._has_scale:
            root = np.sqrt(weight)
            beta = np.linalg.lstsq(self.design * root[:, None], self.endog_values * root,
                                   rcond=None)[0]
            resid = self.endog_values - self.design @ beta
            blocks["coefs"] = np.tile(beta, (self.k, 1))
            blocks["sigma2"] = np.full((self.k, 1), float(weight @ resid**2 / weight.sum())
                                       or 1.0)
            blocks["ar"] = np.zeros((self.k, 0))
            return self.spec.unpack(self.spec.pack(blocks))
        values = self.spec.unpack(self.spec.pack(blocks))
        pooled = np.tile(weight[:, None], (1, self.k)) / self.k
        return self.spec.unpack(self.spec.pack(
            {**values, **self.emission.m_step(StateWeights(pooled), values)}))

    def _class_means_at(self, values: ParamValues) -> FloatArray:
        """``E[y_i | class j]`` (n x k; successes for the binomial)."""
        if isinstance(self.emission, GLMEmission):
            return self.emission.means(values["coefs"])
        return np.asarray(self.design @ values["coefs"].T)

    def collapsed(self, params: FloatArray) -> list[int]:
        """The layer's collapsed classes (:meth:`LatentStateModel.collapsed`) and, for Tobit
        components, classes that hold fewer uncensored rows' worth of posterior
        probability than their coefficients and variance: such a class sits on the
        censoring limit, its variance shrinking towards zero while the llf creeps up to a
        supremum that no interior point reaches."""
        out = set(super().collapsed(params))
        emission = self.emission
        if isinstance(emission, CensoredRegressionEmission):
            weight = unit_weights(self.case_weights, len(self.endog_values))
            posterior = self.class_posterior(params) * (weight * emission.exact)[:, None]
            per_class = self.design.shape[1] + 1
            out |= set(np.flatnonzero(posterior.sum(axis=0) < per_class).tolist())
        return sorted(out)

    def fit_warnings(self, results: Any) -> list[Warning]:
        """A collapsed class: a :class:`~emstats.DegenerateSolutionWarning`."""
        params = np.asarray(results.params)
        reason = self.degenerate_reason(params)
        if reason is None:
            return []
        if self._has_scale:
            advice = ("the Gaussian likelihood is unbounded there: try fewer classes, "
                      "common_scale=True or other starts")
        else:
            advice = ("a class's coefficients run off to infinity (separation: its "
                      f"{self.emission.state_noun} reaches a bound on some rows), so their "
                      "standard errors are meaningless: try fewer classes or regressors")
        detail = self.singular_reason(params)
        return [DegenerateSolutionWarning(
            f"{self.model_name}: degenerate solution ({reason}"
            f"{'; ' + detail if detail else ''}); {advice}")]

    # -- replicates ---------------------------------------------------------------------
    def _like(self, y: FloatArray, rows: IntArray | None,
              weights: CaseWeights | None) -> MixtureRegression:
        take = slice(None) if rows is None else rows
        n_x = len(self.exog_names) - len(self.fixed_names)
        trials = self.trials_values[take]
        endog: pd.Series | pd.DataFrame = pd.Series(y, name=self.endog_names)
        if self.family == "binomial":
            endog = pd.DataFrame({"successes": y, "failures": trials - y})
        family_keywords: dict[str, Any] = (
            {"common_scale": self.common_scale} if self._has_scale
            else {"offset": self.offset_values[take]})
        if self.family == "tobit":
            family_keywords.update(left=self.limits[0][take], right=self.limits[1][take])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return type(self)(
                endog, pd.DataFrame(self.design[take, :n_x], columns=self.exog_names[:n_x]),
                self.k, family=self.family,
                exog_fixed=(pd.DataFrame(self.design[take, n_x:], columns=self.fixed_names)
                            if self.fixed_names else None),
                exog_concomitant=(pd.DataFrame(self.concomitant[take],
                                               columns=self.concomitant_names)
                                  if self.concomitant_names else None),
                **family_keywords, **weight_keywords(weights))

    def resample(self, rows: IntArray) -> MixtureRegression:
        """The model on the rows ``rows`` (with repeats, and their case weights)."""
        rows = np.asarray(rows, dtype=int)
        weights = None if self.case_weights is None else self.case_weights.take(rows)
        return self._like(self.endog_values[rows], rows, weights)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> MixtureRegression:
        """The model on outcomes drawn at ``params`` (the same regressors and weights)."""
        values = self.spec.unpack(params)
        classes = self.layer.sample(values, rng)
        return self._like(self.emission.sample(values, classes, rng), None,
                          self.case_weights)

    def with_outcome_of(self, other: EMModel) -> MixtureRegression:
        """This model on the outcome of ``other`` (the same regressors)."""
        return self._like(np.asarray(other.endog_values), None, other.case_weights)


class MixtureRegressionResults(StateProbabilityResults, EMResults):
    """Results of a mixture of regressions: Stata ``fmm``'s tables, the posterior class
    probabilities and classification (:class:`StateProbabilityResults`), the class
    probabilities and means of the outcome, predictions."""

    model: MixtureRegression
    state_name = "class"

    @property
    def df_free(self) -> int:
        """Free parameters of the information criteria: ``k - 1`` class weights (they sum
        to one; or the logit coefficients), the coefficients and the variances."""
        return self.model.n_free_params

    def _class_probabilities(self) -> FloatArray:
        return self.model.class_posterior(np.asarray(self.params))

    @property
    def _class_index(self) -> pd.Index:
        return self.model.data.row_labels

    def _class_row_weights(self) -> FloatArray | None:
        weights = self.model.case_weights
        return None if weights is None else weights.values

    @property
    def posterior(self) -> pd.DataFrame:
        """``Pr(class j | y_i, x_i)`` of every row (n x k)."""
        return self._state_frame(self._posterior_classes)

    @property
    def class_probabilities(self) -> pd.DataFrame:
        """The prior class probabilities of every row (n x k; constant without concomitant
        variables): Stata's ``estat lcprob`` averages them."""
        values = self.model.spec.unpack(np.asarray(self.params))
        return self._state_frame(self.model.layer.class_probabilities(values))

    def predict(self, exog: Any = None, which: str = "marginal") -> pd.Series | pd.DataFrame:
        """Predicted outcomes.

        Parameters
        ----------
        exog : array_like, optional
            Regressors (the columns of ``exog`` then ``exog_fixed``); default the data.
            With concomitant variables only the data (their class probabilities).
        which : {"marginal", "component", "posterior-weighted"}
            ``"component"``: each class's mean of the outcome (n x k: the linear
            predictor; the Poisson mean; the binomial's expected successes, or the
            success probability on new rows);
            ``"marginal"``: their average with the prior class probabilities;
            ``"posterior-weighted"``: with the posterior ones (the data only).
        """
        if which not in ("marginal", "component", "posterior-weighted"):
            raise ValueError("which must be 'marginal', 'component' or 'posterior-weighted', "
                             f"got {which!r}")
        design, index = self._prediction_rows(exog, which)
        values = self._predicted(np.asarray(self.params), design, which)
        if which == "component":
            return self._state_frame(values, index)
        return pd.Series(values, index=index, name=which)

    def get_prediction(self, exog: Any = None, which: str = "marginal") -> PredictionResults:
        """:meth:`predict` (``"marginal"`` or ``"component"``) with delta-method standard
        errors; ``.summary_frame()`` as statsmodels'. Component rows are ``(row, class)``."""
        if which not in ("marginal", "component"):
            raise ValueError(f"which must be 'marginal' or 'component', got {which!r}")
        design, index = self._prediction_rows(exog, which)
        if which == "component":
            index = pd.MultiIndex.from_product([index, self._state_labels],
                                               names=[None, self.state_name])
        return self._delta_prediction(lambda p: self._predicted(p, design, which).ravel(),
                                      index, which)

    def _prediction_rows(self, exog: Any, which: str) -> tuple[FloatArray | None, pd.Index]:
        """The new rows' regressors (None for the data) and their index, checked."""
        if exog is None:
            return None, self._class_index
        design = numeric_exog(exog)
        if design.ndim != 2 or design.shape[1] != self.model.design.shape[1]:
            raise ValueError(f"exog must have the {self.model.design.shape[1]} columns "
                             f"{list(self.model.exog_names)}")
        if which == "posterior-weighted" or (which == "marginal"
                                             and self.model.concomitant.shape[1]):
            raise ValueError(f"which={which!r} on new rows needs their class probabilities: "
                             "only the data's are known (or ask for 'component')")
        index = exog.index if isinstance(exog, pd.DataFrame) else pd.RangeIndex(len(design))
        return design, index

    def _predicted(self, params: FloatArray, design: FloatArray | None, which: str
                   ) -> FloatArray:
        """The predictions at ``params`` (rows, or rows x classes for ``"component"``)."""
        model = self.model
        values = model.spec.unpack(params)
        component = (model._class_means_at(values) if design is None
                     else self._component_means(design, values["coefs"]))
        if which == "component":
            return component
        if which == "posterior-weighted":
            probs = model.class_posterior(params)
        else:
            probs = model.layer.class_probabilities(values)
            if design is not None:
                probs = np.broadcast_to(probs[0], component.shape)
        return np.asarray(np.sum(probs * component, axis=1))

    def _component_means(self, design: FloatArray, coefs: FloatArray) -> FloatArray:
        """Each class's mean of the outcome on new rows (no offset, one trial)."""
        eta = design @ coefs.T
        emission = self.model.emission
        if isinstance(emission, GLMEmission):
            return emission.family.mean(eta, np.ones_like(eta))
        return np.asarray(eta)

    @property
    def class_means(self) -> pd.Series:
        """The mean outcome of each class over the sample, ``mean_i E[y_i | class j]``
        (Stata's ``estat lcmean``: ``mean_i x_i'beta_j`` for the Gaussian, the mean count
        for the Poisson, the mean success count, a probability with one trial, for the
        binomial)."""
        values = self.model.spec.unpack(np.asarray(self.params))
        weight = unit_weights(self.model.case_weights, len(self.model.endog_values))
        means = weight @ self.model._class_means_at(values) / weight.sum()
        return pd.Series(means, index=self._state_labels, name="mean")

    # -- Stata's estat lcprob, lcmean; margins of the concomitant model --------------------
    def _row_weight(self) -> FloatArray:
        weight = unit_weights(self.model.case_weights, len(self.model.endog_values))
        return weight / weight.sum()

    def lcprob(self) -> PredictionResults:
        """The mean class probabilities over the sample with delta-method standard errors
        (Stata's ``estat lcprob``; ``.summary_frame()`` for the table)."""
        model, weight = self.model, self._row_weight()

        def shares(params: FloatArray) -> FloatArray:
            return weight @ model.layer.class_probabilities(model.spec.unpack(params))

        return self._delta_prediction(shares, self._state_labels, "class probability")

    def lcmean(self) -> PredictionResults:
        """:attr:`class_means` with delta-method standard errors (Stata's
        ``estat lcmean``)."""
        model, weight = self.model, self._row_weight()

        def means(params: FloatArray) -> FloatArray:
            return weight @ model._class_means_at(model.spec.unpack(params))

        return self._delta_prediction(means, self._state_labels, "class mean")

    def concomitant_margeff(self) -> PredictionResults:
        r"""Average marginal effects of the concomitant variables on the class
        probabilities, ``mean_i d Pr(class j | w_i) / d w_ir``, with delta-method
        standard errors (one row per class and variable; a constant has none).

        Notes
        -----
        With :math:`\pi_{ij} = \operatorname{softmax}_j(w_i'\gamma)`,
        :math:`\partial \pi_{ij} / \partial w_{ir} = \pi_{ij}(\gamma_{jr} -
        \sum_l \pi_{il}\gamma_{lr})` (:math:`\gamma_0 = 0`).
        """
        model = self.model
        w = model.concomitant
        varying = [r for r in range(w.shape[1]) if np.ptp(w[:, r]) > 0]
        if not varying:
            raise ValueError("the model has no concomitant variables (concomitant='~ w')")
        weight = self._row_weight()

        def effects(params: FloatArray) -> FloatArray:
            values = model.spec.unpack(params)
            probs = model.layer.class_probabilities(values)
            gamma = np.vstack([np.zeros((1, w.shape[1])), values["logit"]])  # k x r
            centred = gamma[None, :, :] - np.einsum("il,lr->ir", probs, gamma)[:, None, :]
            return np.einsum("i,ij,ijr->jr", weight, probs, centred)[:, varying].ravel()

        index = pd.MultiIndex.from_product(
            [self._state_labels, [model.concomitant_names[r] for r in varying]],
            names=["class", "variable"])
        return self._delta_prediction(effects, index, "marginal effect")

    # -- tables -----------------------------------------------------------------------------
    def _summary_groups(self) -> list[tuple[str | None, IntArray]]:
        """Stata fmm's layout: one table per class, the coefficients common to the
        classes, then the class probabilities (weights or logit coefficients)."""
        spec = self.model.spec
        groups: list[tuple[str | None, IntArray]] = [
            *state_groups(spec, self.model.k, "Class", skip=("weight", "logit"))]
        layer = [b.name for b in spec.blocks if b.name in ("weight", "logit")]
        if layer:
            groups.append(("Class probabilities", np.unique(spec.positions(layer[0]))))
        return groups

    def _summary_params(self, smry: Any, xname: Any, alpha: float) -> None:
        super()._summary_params(
            smry, without_state_labels(xname, self._summary_groups(), "Class"), alpha)

    def _summary_top(self) -> tuple[SummaryRows, SummaryRows]:
        left, right = super()._summary_top()
        left.insert(2, ("Classes:", [f"{self.model.k} ({self.model.family})"]))
        right.insert(3, ("ICL:", [f"{self.icl:#.6g}"]))
        return left, right

    def summary(self, yname: str | None = None, xname: Any = None, title: str | None = None,
                alpha: float = 0.05) -> Any:
        """Stata ``fmm``'s layout (see :meth:`_summary_groups`), then the starts that
        reached the best llf and the classes' mean probabilities."""
        smry = super().summary(yname=yname, xname=xname, title=title, alpha=alpha)
        shares = self.class_probabilities.mean(axis=0)
        lines = ["Mean class probabilities: " + ", ".join(f"{j}: {v:.4f}"
                                                           for j, v in shares.items())]
        emission = self.model.emission
        if isinstance(emission, CensoredRegressionEmission):
            counts = emission.censoring_counts
            lines.append(f"{counts['left']} left-censored, {counts['uncensored']} uncensored "
                         f"and {counts['right']} right-censored observations.")
        starts = getattr(self, "starts", None)
        if isinstance(starts, pd.DataFrame) and len(starts):
            lines.append(f"{int(starts['reached_best'].sum())} of {len(starts)} starts "
                         "reached the best llf.")
        add_notes(smry, lines)
        return smry


MixtureRegression._results_class = MixtureRegressionResults


# -- helpers ------------------------------------------------------------------------------
def _regressors(value: Any, prefix: str, n: int, what: str) -> tuple[FloatArray, list[str]]:
    """A regressor matrix (n x q, q = 0 for None) and its column names."""
    if value is None:
        return np.zeros((n, 0)), []
    frame = value if isinstance(value, pd.DataFrame) else None
    if isinstance(value, pd.Series):
        frame = value.to_frame()
    matrix = numeric_exog(value if frame is None else frame)
    matrix = matrix.reshape(n, -1) if matrix.ndim == 1 else matrix
    if matrix.shape[0] != n:
        raise ValueError(f"{what} has {matrix.shape[0]} rows, the outcome {n}")
    names = ([str(c) for c in frame.columns] if frame is not None
             else [f"{prefix}{j + 1}" for j in range(matrix.shape[1])])
    finite_exog(matrix, names)
    return matrix, names


def _check_family_keywords(family: str, *, offset: Any, exposure: Any, trials: Any,
                           common_scale: bool, left: Any, right: Any) -> None:
    """Refuse a keyword the family has no use for (never ignore it)."""
    given = {"offset": offset is not None, "exposure": exposure is not None,
             "trials": trials is not None, "common_scale": bool(common_scale),
             "left": left is not None, "right": right is not None}
    allowed = {"gaussian": {"common_scale"}, "poisson": {"offset", "exposure"},
               "binomial": {"offset", "trials"},
               "tobit": {"common_scale", "left", "right"}}[family]
    unused = [name for name, on in given.items() if on and name not in allowed]
    if unused:
        raise ValueError(f"{', '.join(unused)} has no meaning for family={family!r} "
                         f"(it takes {sorted(allowed)})")


def _limits(family: str, left: Any, right: Any, y: FloatArray
            ) -> tuple[FloatArray, FloatArray]:
    """The Tobit's censoring limits (:func:`censoring_limits`); none for other families."""
    if family != "tobit":
        return np.full(len(y), -np.inf), np.full(len(y), np.inf)
    return censoring_limits(left, right, y, "family='tobit'")


@with_model_doc(MixtureRegression)
def mixreg(formula: str, data: pd.DataFrame, k: int = 2, family: str = "gaussian", *,
           fixed: str | None = None, concomitant: str | None = None,
           **kwargs: Any) -> MixtureRegression:
    """Finite mixture of regressions from a formula (Stata ``fmm``, R ``flexmix``).

    ``fixed="~ z"`` adds regressors with one coefficient for every class (without an
    intercept when the formula has one); ``concomitant="~ w"`` models the class
    probabilities as a multinomial logit of ``w`` (with an intercept).

    Returns
    -------
    MixtureRegression
        Call ``.fit()`` on it.
    """
    check_keywords(MixtureRegression, kwargs)
    return MixtureRegression.from_formula(formula, data, k=k, family=family,
                                          exog_fixed=fixed, exog_concomitant=concomitant,
                                          **kwargs)


__all__ = ["FAMILIES", "MixtureRegression", "MixtureRegressionResults", "RegressionEmission",
           "mixreg"]
