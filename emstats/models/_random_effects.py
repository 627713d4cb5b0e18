r"""Random effects for panels of the censored-normal family, integrated by adaptive
Gauss-Hermite quadrature (Stata ``xttobit``, ``xtintreg``; R ``censReg``).

The latent outcome of observation :math:`t` of panel :math:`i` is
:math:`y_{it}^* = x_{it}'\beta + u_i + e_{it}`, :math:`u_i \sim N(0, \sigma_u^2)`,
:math:`e_{it} \sim N(0, \sigma_e^2)`, observed exactly, censored or in an interval as in
the pooled family. :class:`RandomEffects` is that maths, mixed into the family's classes
(:mod:`.panel`).

Notes
-----
A panel's likelihood is :math:`L_i = \int \prod_t f_{it}(u)\,\phi(u/\sigma_u)/\sigma_u\,du`,
:math:`f_{it}(u)` the density (exact) or probability (censored) of the observation given
:math:`u`. The integrand is log-concave in :math:`u`; its mode :math:`\hat u_i` (Newton's
method, per panel, vectorised) and curvature :math:`\hat s_i^{-2}` place the quadrature
nodes :math:`u_{iq} = \hat u_i + \sqrt2\,\hat s_i x_q` (Liu and Pierce 1994), with
:math:`x_q, w_q` the Gauss-Hermite rule of ``quadpoints`` points:

.. math::

    L_i \approx \sum_q \sqrt2\,\hat s_i\, w_q e^{x_q^2}\, g_i(u_{iq}), \qquad
    \pi_{iq} \propto \sqrt2\,\hat s_i\, w_q e^{x_q^2}\, g_i(u_{iq}),

:math:`g_i` the integrand and :math:`\pi_{iq}` the posterior weights of the nodes. EM
takes :math:`u_i` and the censored :math:`y_{it}^*` as missing: with
:math:`e_{it} = y_{it}^* - x_{it}'\beta_0 - u_i` at the E-step's :math:`\beta_0`, the
E-step returns :math:`X'E[e]`, :math:`\sum E[e^2]` (the node-conditional truncated-normal
moments averaged over the nodes) and :math:`\sum_i E[u_i^2]`, which add over panels; the
M-step is the pooled family's least-squares step for :math:`(\beta, \sigma_e)` and
:math:`\sigma_u^2 = \sum_i E[u_i^2]/N`. The score of a panel is the posterior mean of the
complete-data score given :math:`u` (Fisher's identity); the observed information is its
numerical derivative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy import sparse, stats
from scipy.special import logsumexp
from statsmodels.tools.numdiff import approx_fprime

from .._checks import integer
from .._rows import complete_rows, row_labels
from ..engine.chunks import Additive
from ..exceptions import QuadratureWarning
from ..params import LogScale, ParamSpec, scalar_block, shared_block
from ..typing import FloatArray, IntArray, RowBlock
from ._row_bounds import RowBounds
from ._truncnorm import LOG_SQRT_2PI
from .censored import NEWTON_HANDOFF, CensoredNormalModel

DEFAULT_QUADPOINTS = 12
"""Quadrature points per panel by default (Stata's ``intpoints(12)``)."""

QUADRATURE_RTOL = 1e-6
"""A fit warns if its llf moves by more than this (relative) with twice the quadrature
points."""


@dataclass(frozen=True)
class PanelStats(Additive):
    """The E-step's statistics (working units; module Notes): sums over panels.

    Attributes
    ----------
    x_resid : ndarray
        ``X_w' E[e]``.
    sum_sq : float
        ``sum E[e^2]``.
    sum_u2 : float
        ``sum_i E[u_i^2]``.
    """

    x_resid: FloatArray
    sum_sq: float
    sum_u2: float


@dataclass(frozen=True)
class _Posterior:
    """The quadrature nodes of every panel and their posterior weights.

    ``nodes`` and ``weights`` are ``N x Q``; ``log_lik`` the panels' log-likelihoods (the
    data's units); ``moments[q]`` the rows' raw moments (orders 0 to 2 or 4) of the
    standardised draw given node ``q``.
    """

    nodes: FloatArray
    weights: FloatArray
    log_lik: FloatArray
    moments: list[list[FloatArray]]


def _hermite_rule(points: int) -> tuple[FloatArray, FloatArray]:
    """The Gauss-Hermite nodes ``x_q`` and ``log w_q + x_q^2`` of ``points`` points."""
    nodes, weights = np.polynomial.hermite.hermgauss(points)
    return nodes, np.log(weights) + nodes**2


def _panel_mode(bounds: RowBounds, mu: FloatArray, codes: IntArray, n_groups: int,
                sigma_u: float, sigma_e: float) -> tuple[FloatArray, FloatArray]:
    """Each panel's posterior mode of ``u`` and the curvature there (Newton's method on
    the log-concave integrand, steps capped at five posterior standard deviations)."""
    u = np.zeros(n_groups)
    curvature = np.full(n_groups, 1.0 / sigma_u**2)
    for _ in range(50):
        (_, m1, m2), _ = bounds.moments(mu + u[codes], sigma_e)
        grad = np.bincount(codes, m1, n_groups) / sigma_e - u / sigma_u**2
        info = np.clip(1.0 - (m2 - m1 * m1), 0.0, 1.0)  # 1 - Var t (0 where exact: Var 0)
        curvature = np.bincount(codes, info, n_groups) / sigma_e**2 + 1.0 / sigma_u**2
        sd = 1.0 / np.sqrt(curvature)
        step = np.clip(grad / curvature, -5.0 * sd, 5.0 * sd)
        u = u + step
        if np.max(np.abs(step) / sd) < 1e-8:
            break
    return u, curvature


class RandomEffects(CensoredNormalModel):
    """The censored-normal family with a normal random effect per panel (module
    docstring), mixed into each class of the family before it.

    Parameters are the coefficients, ``sigma_u`` and ``sigma_e``; the working chart is
    the coefficients of the working regressors and the logs of the working scales.
    The units (bootstrap draws, scores) are the panels.
    """

    group_codes: IntArray
    group_labels: pd.Index
    n_groups: int
    quadpoints: int
    _random_effects_class: ClassVar[Callable[..., CensoredNormalModel]]
    monotone_rtol: ClassVar[float] = 1e-9
    """The quadrature nodes are placed at each iterate, so that the llf EM increases in a
    step (at the E-step's nodes) and the llf reported after it (at the new nodes) differ
    by the change of the quadrature error: up to about 1e-10 relative at 8 points on the
    JTRAIN panel near the maximum. The guard tolerates that much."""

    # -- set-up ---------------------------------------------------------------------------
    @staticmethod
    def _panel_rows(missing: str, endog: Any, exog: Any, groups: Any, **row_inputs: Any
                    ) -> tuple[Any, Any, dict[str, Any], pd.Index]:
        """Rows with a missing panel identifier dropped (``missing="drop"``) or refused."""
        if groups is None:
            raise ValueError("groups is required: the panel identifier of each row")
        if isinstance(groups, str):
            raise ValueError(f"groups={groups!r}: a column name needs the formula interface")
        values = pd.Series(np.asarray(groups).ravel() if not isinstance(groups, pd.Series)
                           else groups.to_numpy())
        if len(values) != len(exog):
            raise ValueError(f"groups has {len(values)} values, the data {len(exog)} rows")
        absent = values.isna().to_numpy()
        if absent.any() and missing != "drop":
            where = row_labels(endog, len(values))[absent]
            raise ValueError(f"the panel identifier is missing in {int(absent.sum())} row(s) "
                             f"({list(where[:10])}); drop them or pass missing='drop'")
        return complete_rows("drop" if absent.any() else "none", endog, exog, absent,
                             {"groups": values.to_numpy(), **row_inputs}, checked=())

    @classmethod
    def _from_design(cls, endog: pd.DataFrame, exog: pd.DataFrame, data: pd.DataFrame,
                     rows: pd.Index, **kwargs: Any) -> CensoredNormalModel:
        """The family's model of a formula, ``groups`` a column name (or one value per
        row of ``data``)."""
        groups = kwargs.get("groups")
        if isinstance(groups, str):
            if groups not in data.columns:
                raise ValueError(f"groups={groups!r} is not a column of data (columns: "
                                 f"{', '.join(map(str, data.columns))})")
            kwargs["groups"] = data.loc[rows, groups].to_numpy()
        elif groups is not None and len(groups) == len(data):
            kwargs["groups"] = np.asarray(groups)[data.index.get_indexer(rows)]
        return super()._from_design(endog, exog, data, rows, **kwargs)

    def _init_panel(self, groups: Any, quadpoints: Any, dropped: pd.Index) -> None:
        """Set up the panels (after the family's ``__init__``)."""
        if self.case_weights is not None:
            raise ValueError("case weights are not available for random-effects panels (a "
                             "panel's weight would apply to all its rows)")
        if self.truncated:
            raise ValueError("truncation is not available for random-effects panels")
        codes, labels = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
        self.group_codes, self.group_labels = codes.astype(np.intp), pd.Index(labels)
        self.n_groups = len(labels)
        sizes = np.bincount(self.group_codes)
        if sizes.max() < 2:
            raise ValueError(f"every one of the {self.n_groups} panels has one observation: "
                             "sigma_u and sigma_e are not identified apart")
        self.panel_sizes = sizes
        self.quadpoints = integer(quadpoints, "quadpoints", 1)
        self._rule = _hermite_rule(self.quadpoints)
        self._bounds = RowBounds.of(self.lower, self.upper, self._scale)
        self._panel_sum = sparse.csr_matrix(
            (np.ones(self.n_units_rows), (self.group_codes, np.arange(self.n_units_rows))),
            shape=(self.n_groups, self.n_units_rows))
        self.dropped_rows = dropped.append(getattr(self, "dropped_rows", dropped[:0]))
        self._sigma_u_chart = LogScale(self._scale.y_scale)
        self.param_spec = ParamSpec([
            shared_block("beta", np.arange(self.k_exog), self.exog_names,
                         chart=self._beta_chart),
            scalar_block("sigma_u", chart=self._sigma_u_chart),
            scalar_block("sigma_e", chart=self._sigma_chart),
        ])
        self.data.param_names = self.param_spec.names
        self.df_resid = self.nobs - self.k_params

    @property
    def n_units_rows(self) -> int:
        """The observations (rows)."""
        return int(self.exog.shape[0])

    @property
    def n_units(self) -> int:
        """The panels: the independent units."""
        return int(self.n_groups)

    @property
    def resample_units(self) -> int:
        """The bootstrap draws panels."""
        return int(self.n_groups)

    # -- parametrisations -----------------------------------------------------------------
    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """``(beta_w, log sigma_u,w, log sigma_e,w)``."""
        params = np.asarray(params, dtype=float)
        return np.concatenate([self._beta_chart.to_u(params[:-2]),
                               self._sigma_u_chart.to_u(params[-2:-1]),
                               self._sigma_chart.to_u(params[-1:])])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        return np.concatenate([self._beta_chart.from_u(u[:-2], (self.k_exog,)),
                               self._sigma_u_chart.from_u(u[-2:-1], (1,)),
                               self._sigma_chart.from_u(u[-1:], (1,))])

    def jacobian_from_unconstrained(self, u: FloatArray) -> FloatArray:
        """``d (beta, sigma_u, sigma_e) / d (beta_w, log sigma_u,w, log sigma_e,w)``."""
        s, k = self._scale.y_scale, self.k_exog
        jac = np.zeros((self.k_params, self.k_params))
        jac[:k, :k] = s * self._scale.transform
        jac[k, k] = s * np.exp(u[k])
        jac[k + 1, k + 1] = s * np.exp(u[k + 1])
        return jac

    def _split(self, params: FloatArray) -> tuple[FloatArray, float, float]:
        u = self.to_unconstrained(params)
        return u[:-2], float(np.exp(u[-2])), float(np.exp(u[-1]))

    @property
    def start_params(self) -> FloatArray:
        """The pooled start (least squares on a point inside each observation's bounds),
        its variance split equally between ``sigma_u^2`` and ``sigma_e^2``."""
        beta_w, sigma_w = self._start_working()
        half = np.log(sigma_w / np.sqrt(2.0))
        return self.from_unconstrained(np.r_[beta_w, half, half])

    # -- the maths ------------------------------------------------------------------------
    def _posterior(self, beta_w: FloatArray, sigma_u: float, sigma_e: float,
                   order: int = 2, rule: tuple[FloatArray, FloatArray] | None = None
                   ) -> _Posterior:
        """Adaptive quadrature of every panel (module Notes), with the model's rule of
        :attr:`quadpoints` points or another ``rule`` (nodes, log weights times
        ``exp(x^2)``)."""
        codes, n_groups = self.group_codes, self.n_groups
        gh_nodes, gh_log_weights = self._rule if rule is None else rule
        mu = self._xw @ beta_w
        mode, curvature = _panel_mode(self._bounds, mu, codes, n_groups, sigma_u, sigma_e)
        spread = np.sqrt(2.0 / curvature)
        nodes = mode[:, None] + spread[:, None] * gh_nodes[None, :]
        log_terms = (gh_log_weights[None, :] + np.log(spread)[:, None]
                     - 0.5 * (nodes / sigma_u) ** 2 - LOG_SQRT_2PI - np.log(sigma_u))
        moments = []
        for q in range(gh_nodes.size):
            node_moments, llf = self._bounds.moments(mu + nodes[codes, q], sigma_e, order)
            log_terms[:, q] += np.bincount(codes, llf, n_groups)
            moments.append(node_moments)
        log_lik = logsumexp(log_terms, axis=1)
        return _Posterior(nodes, np.exp(log_terms - log_lik[:, None]), log_lik, moments)

    def _expected(self, post: _Posterior, j: int) -> FloatArray:
        """``E[t^j]`` of every row, over its panel's posterior of the nodes."""
        weights = post.weights[self.group_codes]
        return np.asarray(sum(weights[:, q] * post.moments[q][j]
                              for q in range(len(post.moments))))

    def e_step(self, params: FloatArray) -> tuple[PanelStats, float]:  # type: ignore[override]
        """The statistics of the module Notes, and the observed llf."""
        beta_w, sigma_u, sigma_e = self._split(params)
        post = self._posterior(beta_w, sigma_u, sigma_e)
        first = sigma_e * self._expected(post, 1)
        second = sigma_e**2 * float(self._expected(post, 2).sum())
        sum_u2 = float(np.sum(post.weights * post.nodes**2))
        return PanelStats(first @ self._xw, second, sum_u2), float(post.log_lik.sum())

    def e_step_block(  # type: ignore[override]  # the units are panels, not rows
            self, params: FloatArray, block: RowBlock) -> tuple[PanelStats, float]:
        """Not available: the E-step in blocks of panels is to come."""
        raise ValueError("chunksize= is not available for random-effects panels yet")

    def m_step(self, stats: PanelStats, params: FloatArray  # type: ignore[override]
               ) -> FloatArray:
        """The pooled least-squares step for ``(beta, sigma_e)``;
        ``sigma_u^2 = sum E[u^2] / N``."""
        beta_w, _, _ = self._split(params)
        beta_new, sigma2_e = self._least_squares.step(beta_w, stats.x_resid, stats.sum_sq)
        sigma2_u = stats.sum_u2 / self.n_groups
        return self.from_unconstrained(np.r_[beta_new, 0.5 * np.log(sigma2_u),
                                             0.5 * np.log(sigma2_e)])

    def loglike(self, params: FloatArray) -> float:
        """Observed-data log-likelihood (adaptive quadrature)."""
        return float(self.loglikeobs(params).sum())

    def loglikeobs(self, params: FloatArray) -> FloatArray:
        """Each panel's log-likelihood, in the order of :attr:`group_labels`."""
        beta_w, sigma_u, sigma_e = self._split(params)
        return self._posterior(beta_w, sigma_u, sigma_e, order=0).log_lik

    def loglike_with_points(self, params: FloatArray, points: int) -> float:
        """The llf at ``params`` by adaptive quadrature with ``points`` points (against
        :attr:`quadpoints`': an estimate of the quadrature's error)."""
        beta_w, sigma_u, sigma_e = self._split(params)
        return float(self._posterior(beta_w, sigma_u, sigma_e, order=0,
                                     rule=_hermite_rule(points)).log_lik.sum())

    def fit_warnings(self, results: Any) -> list[Warning]:
        """A :class:`~emstats.exceptions.QuadratureWarning` if the llf at the estimate
        moves by more than :data:`QUADRATURE_RTOL` (relative) with twice the points."""
        error = results.quadrature_error
        if not abs(error) > QUADRATURE_RTOL * (1.0 + abs(results.llf)):
            return []
        return [QuadratureWarning(
            f"{self.model_name}: the log-likelihood at the estimate changes by {error:.3g} "
            f"from {self.quadpoints} to {2 * self.quadpoints} quadrature points; the "
            "estimates are not reliable. Refit with more points (quadpoints=) and compare "
            "with res.quadchk(); a panel's posterior of u far from normal (small sigma_e, "
            "all its observations censored) needs many points")]

    def score_obs_unconstrained(self, u: FloatArray) -> FloatArray:
        """Each panel's score in the working coordinates (Fisher's identity)."""
        beta_w, sigma_u, sigma_e = u[:-2], float(np.exp(u[-2])), float(np.exp(u[-1]))
        post = self._posterior(beta_w, sigma_u, sigma_e)
        row_beta = self._xw * (self._expected(post, 1) / sigma_e)[:, None]
        row_sigma_e = self._expected(post, 2) - 1.0
        beta = np.asarray(self._panel_sum @ row_beta)
        s_e = np.asarray(self._panel_sum @ row_sigma_e)
        s_u = np.sum(post.weights * post.nodes**2, axis=1) / sigma_u**2 - 1.0
        return np.column_stack([beta, s_u, s_e])

    def score_unconstrained(self, u: FloatArray) -> FloatArray:
        """The score of the llf: the panels' scores summed."""
        return np.asarray(self.score_obs_unconstrained(u).sum(axis=0), dtype=float)

    def hessian_unconstrained(self, u: FloatArray) -> FloatArray:
        """The numerical derivative of the analytic total score, symmetrised."""
        hess = approx_fprime(u, self.score_unconstrained, centered=True)
        return np.asarray(0.5 * (hess + hess.T), dtype=float)

    def complete_information_unconstrained(  # type: ignore[override]
            self, u: FloatArray) -> None:
        """Not provided (``louis`` and ``sem`` are refused)."""
        return None

    def complete_score_covariance_unconstrained(  # type: ignore[override]
            self, u: FloatArray) -> None:
        """Not provided (``louis`` is refused)."""
        return None

    def newton_handoff(self) -> float | None:
        """Always :data:`~.censored.NEWTON_HANDOFF`: EM's rate is slow when panels are
        large (the random effect is then nearly known, and its variance's information
        mostly missing; :class:`~emstats.protocol.NewtonFinish`)."""
        return NEWTON_HANDOFF

    def coefficients_and_scale(self, params: FloatArray) -> tuple[FloatArray, float]:
        """The coefficients and ``sigma_e``: predictions are at ``u_i = 0``."""
        params = np.asarray(params, dtype=float)
        return params[:-2], float(params[-1])

    # -- the panel-level quantities -------------------------------------------------------
    def rho(self, params: FloatArray) -> float:
        r""":math:`\rho = \sigma_u^2/(\sigma_u^2 + \sigma_e^2)`, the share of the latent
        variance due to the panel effect."""
        sigma_u, sigma_e = float(params[-2]), float(params[-1])
        return sigma_u**2 / (sigma_u**2 + sigma_e**2)

    def pooled_model(self) -> CensoredNormalModel:
        """The pooled model (``sigma_u = 0``) on the same observations."""
        exog = pd.DataFrame(self.exog, columns=list(self.exog_names))
        return CensoredNormalModel(self.lower, exog, lower=self.lower, upper=self.upper)

    # -- replicates and comparisons -------------------------------------------------------
    def _on_rows(self, lower: FloatArray, upper: FloatArray, rows: IntArray | slice,
                 groups: Any) -> CensoredNormalModel:
        cls = self._random_effects_class
        return cls(lower, self.exog[rows], groups, lower=lower, upper=upper,
                   quadpoints=self.quadpoints)

    def resample(self, rows: IntArray) -> CensoredNormalModel:
        """The model on panels ``rows`` (repeats allowed, each a new panel)."""
        picked = np.asarray(rows)
        order = np.argsort(self.group_codes, kind="stable")  # rows panel by panel
        starts = np.r_[0, np.cumsum(self.panel_sizes)]
        sizes = self.panel_sizes[picked]
        within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        take = order[np.repeat(starts[picked], sizes) + within]
        labels = np.repeat(np.arange(picked.size), sizes)
        return self._on_rows(self.lower[take], self.upper[take], take, labels)

    def _latent_draws(self, params: FloatArray, rng: np.random.Generator) -> FloatArray:
        effects = rng.normal(scale=float(params[-2]), size=self.n_groups)
        noise = rng.normal(scale=float(params[-1]), size=self.n_units_rows)
        return np.asarray(self.exog @ params[:-2] + effects[self.group_codes] + noise)

    def simulate(self, params: FloatArray, rng: np.random.Generator) -> CensoredNormalModel:
        """The model on latent outcomes drawn at ``params``, censored as the data are."""
        drawn = super().simulate(params, rng)
        return self._on_rows(drawn.lower, drawn.upper, slice(None), self.group_codes)

    def with_outcome_of(self, other: CensoredNormalModel) -> CensoredNormalModel:
        """These regressors and panels on the bounds of ``other``."""
        if other.lower.shape != self.lower.shape:
            raise ValueError(
                f"other has {other.lower.size} observations, this model {self.lower.size}")
        return self._on_rows(other.lower, other.upper, slice(None), self.group_codes)

    def nests(self, other: Any) -> bool:
        """The pooled model of the family with the same (or fewer) regressors is nested
        (``sigma_u = 0``)."""
        return (isinstance(other, CensoredNormalModel)
                and not isinstance(other, RandomEffects)
                and set(other.exog_names) <= set(self.exog_names))

    def null_on_boundary(self, other: Any) -> bool:
        """``sigma_u = 0`` is on the boundary."""
        return self.nests(other)

    def boundary_pvalue(self, other: Any, statistic: float) -> float | None:
        r"""The p-value of the LR test of ``sigma_u = 0``: the 50:50 mixture of
        :math:`\chi^2_0` and :math:`\chi^2_1` (Self and Liang 1987; Stata's
        ``chibar2(01)``)."""
        if not self.nests(other):
            return None
        return 0.5 * float(stats.chi2.sf(statistic, 1)) if statistic > 0 else 1.0

    def null_model(self) -> CensoredNormalModel:
        """The intercept-only random-effects model on the same panels."""
        return self._random_effects_class(self.lower, np.ones((self.n_units_rows, 1)),
                                          self.group_codes, lower=self.lower,
                                          upper=self.upper, quadpoints=self.quadpoints)


__all__ = ["DEFAULT_QUADPOINTS", "PanelStats", "RandomEffects"]
