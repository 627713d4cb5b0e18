r"""A latent-state model: a layer of discrete hidden states and an emission.

:class:`LatentStateModel` is the EM model of every family with discrete latent states
(finite mixtures, hidden Markov models, Markov-switching regressions). It composes

* a *state layer*: :class:`~.iid.MixingWeights` (independent rows) or
  :class:`~.markov.MarkovChain` (a chain along each sequence), which owns the state
  probabilities, their working chart, their M-step (counts, or a multinomial logit with
  covariates) and the posterior;
* an *emission* (:class:`~.emission.Emission`): the distribution of a row given its
  hidden state, with its own parameter blocks, statistics and M-step.

The parameter vector is the layer's blocks then the emission's (one
:class:`~emstats.params.ParamSpec`); the working vector likewise. The E-step is the
layer's (posterior state probabilities, then the emission's statistics weighted by
them), a sum over units (rows, or sequences) whose statistics add up over blocks
(:class:`~emstats.protocol.BlockEStep`); the M-step is the layer's and the emission's,
each exact given the statistics. States are reported in the emission's order
(:meth:`~.emission.Emission.order_key`), against label switching.

Louis' (1982) information comes from the layer's and the emission's complete-data
pieces: ``E[I_c | y]`` is minus the Hessian of ``Q`` in the working coordinates
(numerical, cheap: ``Q`` depends on the data only through the statistics), and
``Var[S_c | y]`` is computed in closed form from the per-row conditional score moments
(:mod:`.louis`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Protocol, Self

import numpy as np
from scipy.optimize import linear_sum_assignment
from statsmodels.tools.numdiff import approx_fprime, approx_hess3

from ...base import EMModel
from ...engine.chunks import Additive, chunked_e_step
from ...params import Block, ParamSpec, ParamValues
from ...protocol import BlockEStep
from ...typing import FloatArray, IntArray
from ...weights import CaseWeights
from .emission import Emission, EmissionScores


@dataclass(frozen=True)
class LatentStats(Additive):
    """The statistics of a latent-state E-step: the layer's and the emission's."""

    states: Any
    emission: Any


class StateLayer(Protocol):
    """What :class:`LatentStateModel` needs of a state layer (see :mod:`.iid`,
    :mod:`.markov`)."""

    n_states: int
    n_hidden: int
    blocks: tuple[Block, ...]
    case_weights: CaseWeights | None
    """The units' case weights (:mod:`emstats.weights`), or None."""

    @property
    def row_weights(self) -> FloatArray | None:
        """Each row's case weight (its unit's), or None without case weights."""
        ...

    @property
    def n_units(self) -> int:
        """Independent units (rows, or sequences)."""
        ...

    def unit_rows(self, units: slice) -> slice:
        """The rows of the units ``units``."""
        ...

    def e_step_units(self, values: ParamValues, emission: Emission, units: slice
                     ) -> tuple[Any, Any, float]:
        """The layer's statistics, the emission's and the llf of the units ``units``."""
        ...

    def m_step(self, stats: Any, values: ParamValues) -> dict[str, FloatArray]:
        """New values of the layer's blocks."""
        ...

    def expected_loglike(self, values: ParamValues, stats: Any) -> float:
        """The layer's part of ``Q``."""
        ...

    def loglikeobs(self, values: ParamValues, emission: Emission) -> FloatArray:
        """Per-row log-likelihood (martingale differences for a chain)."""
        ...

    def to_working(self, values: ParamValues) -> FloatArray: ...

    def from_working(self, u: FloatArray) -> dict[str, FloatArray]: ...

    @property
    def n_working(self) -> int: ...

    def permuted(self, values: ParamValues, order: IntArray) -> dict[str, FloatArray]: ...

    def score_coordinates(self, values: ParamValues) -> FloatArray: ...

    def score_variance(self, values: ParamValues, log_emission: FloatArray,
                       scores: EmissionScores, n_emission: int) -> FloatArray: ...

    def posterior_weights(self, values: ParamValues, log_emission: FloatArray) -> FloatArray:
        """``Pr(X_t = m | y)`` per row (rows x M)."""
        ...

    @property
    def is_centred(self) -> bool:
        """Whether the working coordinates are centred on an estimate (:meth:`centred`)."""
        ...

    def classes(self, hidden: FloatArray) -> FloatArray:
        """Class probabilities (rows x K) from hidden-state probabilities (rows x M)."""
        ...

    def occupancy(self, values: ParamValues, posterior: Any) -> FloatArray:
        """Expected observed rows per class (K); ``posterior()`` gives the class posterior
        of the rows with an observation, if the layer needs it."""
        ...

    def centred(self, values: ParamValues) -> tuple[StateLayer, dict[str, FloatArray]]:
        """The layer with minimal working coordinates around ``values`` (probabilities on
        the boundary held at zero), and the layer's blocks set onto that boundary; the
        layer itself and no change when its coordinates are minimal already."""
        ...


class LatentStateModel(EMModel, BlockEStep):
    """An EM model made of a state layer and an emission (see the module docstring).

    A family's model builds its layer and emission from the data and passes them to
    this constructor, and supplies the data checks, starts and results of the family.
    """

    layer: StateLayer
    emission: Emission
    spec: ParamSpec
    state_label: str = "state"
    """The word for a state in messages (``component``, ``state``, ``regime``)."""

    def __init__(self, layer: StateLayer, emission: Emission, endog: Any, exog: Any = None,
                 **kwargs: Any) -> None:
        """Compose ``layer`` and ``emission``; ``endog``/``exog`` (and ``kwargs``) are the
        statsmodels data of the model (row labels, names). The layer's case weights, if
        any, are the model's: ``nobs`` is then the replicated rows (frequency weights) or
        the rows (sampling weights)."""
        super().__init__(endog, exog, **kwargs)
        self.layer = layer
        self.emission = emission
        self.spec = ParamSpec([*layer.blocks, *emission.blocks])
        self.data.param_names = self.spec.names
        weights = layer.row_weights
        self.case_weights = (None if layer.case_weights is None or weights is None
                             else CaseWeights(layer.case_weights.kind, weights))
        self.nobs = float(emission.n_rows if self.case_weights is None
                          else self.case_weights.nobs)
        self.df_model = float(self.n_free_params)
        self.df_resid = self.nobs - self.df_model

    @property
    def n_free_params(self) -> int:
        """Free parameters (``df_free`` of the information criteria)."""
        return self.spec.df_free

    # -- blocks of units (BlockEStep) ---------------------------------------------------------
    @property
    def n_units(self) -> int:
        """Independent units of the E-step (rows of a mixture, sequences of a chain)."""
        return self.layer.n_units

    @property
    def unit_size(self) -> int:
        """Working memory per unit, in float64 numbers (rows per unit times the
        emission's per-row memory and the posterior)."""
        rows_per_unit = max(self.emission.n_rows // max(self.layer.n_units, 1), 1)
        return rows_per_unit * (self.emission.row_size + 3 * self.layer.n_hidden)

    def e_step_block(self, params: FloatArray, block: slice) -> tuple[LatentStats, float]:
        """The statistics and llf of the units ``block`` (without the log prior)."""
        values = self.spec.unpack(params)
        states, emission, llf = self.layer.e_step_units(values, self.emission, block)
        return LatentStats(states, emission), llf

    # -- EM ---------------------------------------------------------------------------------
    def log_prior(self, values: ParamValues) -> float:
        """The log prior density of the parameters (0: maximum likelihood)."""
        return 0.0

    def llf_offset(self, params: FloatArray) -> float:
        """The log prior (added once to the blocks' llf)."""
        return self.log_prior(self.spec.unpack(params))

    def e_step(self, params: FloatArray) -> tuple[LatentStats, float]:
        """The posterior-weighted statistics of every unit, in blocks of bounded memory
        (:func:`~emstats.engine.chunked_e_step`), and the llf (plus the log prior)."""
        return chunked_e_step(self, params)

    def m_step(self, stats: LatentStats, params: FloatArray) -> FloatArray:
        """The layer's and the emission's M-steps."""
        values = self.spec.unpack(params)
        return self.spec.pack({**self.layer.m_step(stats.states, values),
                               **self.emission.m_step(stats.emission, values)})

    def expected_complete_loglike(self, params: FloatArray, stats: LatentStats,
                                  at: FloatArray) -> float:
        """``Q(params | at)``: the expected complete-data llf (plus the log prior) given the
        statistics of an E-step at ``at``."""
        values = self.spec.unpack(params)
        return (self.layer.expected_loglike(values, stats.states)
                + self.emission.expected_loglike(values, stats.emission, self.spec.unpack(at))
                + self.log_prior(values))

    def log_emission(self, params: FloatArray) -> FloatArray:
        """``log f(y_t | X_t = m)`` for every row and hidden state (rows x M)."""
        return self.emission.log_density(self.spec.unpack(params),
                                         slice(0, self.emission.n_rows))

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Per-row observed-data log-likelihood (``-inf`` where the emission cannot be
        evaluated, e.g. a covariance matrix that is not positive definite)."""
        values = self.spec.unpack(params)
        try:
            return self.layer.loglikeobs(values, self.emission)
        except np.linalg.LinAlgError:
            return np.full(self.emission.n_rows, -np.inf)

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood, the rows' contributions times their case weights
        (without the prior; EM increases :meth:`objective`, which adds it)."""
        rows = self.loglikeobs(params)
        weights = self.layer.row_weights
        return float(rows.sum() if weights is None else weights @ rows)

    def posterior_weights(self, params: FloatArray) -> FloatArray:
        """``Pr(X_t = m | y)`` per row and hidden state (rows x M)."""
        values = self.spec.unpack(params)
        return self.layer.posterior_weights(values, self.emission.log_density(
            values, slice(0, self.emission.n_rows)))

    # -- the working chart ----------------------------------------------------------------------
    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """The layer's working coordinates, then the emission's."""
        values = self.spec.unpack(params)
        return np.concatenate([self.layer.to_working(values), self.emission.to_working(values)])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        n = self.layer.n_working
        return self.spec.pack({**self.layer.from_working(u[:n]),
                               **self.emission.from_working(u[n:])})

    # -- the model at an estimate --------------------------------------------------------------
    def centred_on(self, params: FloatArray) -> Self:
        """This model (sharing its data) with the layer's working coordinates centred on
        ``params`` (:meth:`StateLayer.centred`)."""
        model = copy.copy(self)
        model.layer = self.layer.centred(self.spec.unpack(params))[0]
        return model

    def at_estimate(self, params: FloatArray) -> tuple[Self, FloatArray]:
        """The covariance is computed by the model centred on the estimate (the results'
        ``model``): probabilities on the boundary are set to zero and held there (standard
        error NaN), the others estimated conditionally on them."""
        values = self.spec.unpack(params)
        layer, snapped = self.layer.centred(values)
        if layer is self.layer:
            return self, params
        model = copy.copy(self)
        model.layer = layer
        return model, self.spec.pack({**values, **snapped})

    # -- identification -------------------------------------------------------------------------
    def canonical_params(self, params: FloatArray) -> FloatArray:
        """The states in the emission's order (ascending :meth:`~.emission.Emission.order_key`,
        stable): the label-switching rule. A model centred on an estimate keeps the order
        of that estimate."""
        if self.layer.is_centred:
            return np.asarray(params, dtype=float)
        values = self.spec.unpack(params)
        order = np.argsort(self.emission.order_key(values), kind="stable")
        return self.relabelled(params, order)

    def aligned_params(self, params: FloatArray, reference: FloatArray) -> FloatArray:
        """``params`` with its states renumbered to match those of ``reference`` (a
        bootstrap replicate with the estimate it started from).

        Notes
        -----
        The states are matched by the Hungarian assignment (scipy's
        ``linear_sum_assignment``) that minimises the sum of squared distances between
        matched states' :meth:`~.emission.Emission.state_features` (for Gaussian
        emissions the means in units of the columns' standard deviations), so that a
        replicate whose states changed their order is read state for state, whatever the
        reporting rule of :meth:`canonical_params`.
        """
        return self.relabelled(params, self.matching_order(params, reference))

    def matching_order(self, params: FloatArray, reference: FloatArray) -> IntArray:
        """The order of ``params``' states that matches ``reference``'s (see
        :meth:`aligned_params`): state ``order[i]`` of ``params`` is state ``i``."""
        ours = self.emission.state_features(self.spec.unpack(params))
        theirs = self.emission.state_features(self.spec.unpack(reference))
        cost = ((theirs[:, None, :] - ours[None, :, :]) ** 2).sum(axis=-1)
        rows, cols = linear_sum_assignment(cost)
        return cols[np.argsort(rows)]

    def relabelled(self, params: FloatArray, order: IntArray) -> FloatArray:
        """The same model with state ``order[i]`` renumbered ``i``."""
        values = self.spec.unpack(params)
        return self.spec.pack({**self.layer.permuted(values, order),
                               **self.emission.permuted(values, order)})

    def class_posterior(self, params: FloatArray) -> FloatArray:
        """``Pr(class of row t = j | y)`` (rows x K)."""
        return self.layer.classes(self.posterior_weights(params))

    def collapsed(self, params: FloatArray) -> list[int]:
        """The classes that collapsed: less than one observed row's worth of expected
        occupancy, or a degenerate emission (a covariance whose smallest eigenvalue is below
        ``1e-10`` times the largest column variance of the data, a vanishing variance)."""
        values = self.spec.unpack(params)
        singular = self.emission.singular_states(values)
        observed = self.emission.observed_rows
        weights = self.case_weights

        def posterior() -> FloatArray:  # replicated rows count with frequency weights
            probabilities = self.class_posterior(params)[observed]
            if weights is None or weights.kind != "freq":
                return probabilities
            return probabilities * weights.values[observed, None]

        try:
            occupancy = self.layer.occupancy(values, posterior)
        except (np.linalg.LinAlgError, ValueError):
            return list(range(self.layer.n_states))
        return sorted(set(singular) | set(np.flatnonzero(occupancy < 1.0).tolist()))

    def degenerate_reason(self, params: FloatArray) -> str | None:
        """Which classes collapsed, if any (see :meth:`collapsed`)."""
        collapsed = self.collapsed(params)
        return f"{self.state_label}(s) {collapsed} collapsed" if collapsed else None

    def singular_reason(self, params: FloatArray) -> str | None:
        """The states whose emission collapsed (the likelihood is unbounded there)."""
        states = self.emission.singular_states(self.spec.unpack(params))
        if not states:
            return None
        return f"the {self.emission.state_noun} of {self.state_label}(s) {states} collapsed"

    # -- Louis' information ---------------------------------------------------------------------
    def complete_information_unconstrained(self, u: FloatArray) -> FloatArray:
        """``E[-d2 l_c / du du' | y]``: minus the Hessian of ``Q`` (numerical, cheap: ``Q``
        depends on the data only through the E-step statistics at ``u``)."""
        at = self.from_unconstrained(u)
        stats = self.e_step(at)[0]
        return -approx_hess3(
            u, lambda v: self.expected_complete_loglike(self.from_unconstrained(v), stats, at))

    def score_coordinates(self, params: FloatArray) -> FloatArray:
        """The layer's and the emission's score coordinates (:mod:`.louis`)."""
        values = self.spec.unpack(params)
        return np.concatenate([self.layer.score_coordinates(values),
                               self.emission.score_coordinates(values)])

    def complete_score_covariance_unconstrained(self, u: FloatArray) -> FloatArray:
        """``Var[S_c | y]`` in the working coordinates, for Louis' observed information:
        computed in the score coordinates from the layer's and the emission's
        conditional score moments, then mapped by the chain rule (the complete-data llf
        depends on ``u`` only through the score coordinates)."""
        params = self.from_unconstrained(u)
        values = self.spec.unpack(params)
        log_em = self.emission.log_density(values, slice(0, self.emission.n_rows))
        weights = self.layer.posterior_weights(values, log_em)
        if self.layer.row_weights is not None:
            weights = weights * self.layer.row_weights[:, None]
        scores = self.emission.score_moments(values, weights)
        n_emission = self.emission.score_coordinates(values).size
        var_phi = self.layer.score_variance(values, log_em, scores, n_emission)
        jacobian = approx_fprime(u, lambda v: self.score_coordinates(self.from_unconstrained(v)),
                                 centered=True)
        return jacobian.T @ var_phi @ jacobian
