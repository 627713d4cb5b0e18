r"""State-probability results shared by every latent-state family.

:class:`StateProbabilityResults` gives the results of a mixture, an HMM or a
Markov-switching model the posterior class (state, regime) probabilities as frames
labelled like the data, the MAP classification, the classification uncertainty, the
entropy and ICL; :class:`MarkovChainResults` adds what a chain has: the transition
matrix, expected durations, the stationary distribution.

States are labelled from 0 (the package's numbering convention).

Notes
-----
With posterior class probabilities :math:`z_{ij}` of ``n`` rows and ``K`` classes:
entropy :math:`E = -\sum_{ij} z_{ij}\log z_{ij}`, relative entropy
:math:`1 - E / (n \log K)` (1 when every row is classified with certainty). ICL
(Biernacki, Celeux & Govaert 2000) penalises BIC by the entropy of the classification;
on the smaller-is-better scale of ``res.bic``, as mclust's ``icl`` computes it (the
hard, MAP classification :math:`\hat c_i = \arg\max_j z_{ij}`),

.. math::

    \mathrm{ICL} = \mathrm{BIC} - 2 \sum_i \log z_{i \hat c_i},

and with the soft (posterior) entropy, as McLachlan & Peel (2000, sec. 6.10.3) write
it, :math:`\mathrm{BIC} + 2E`. mclust reports :math:`-\mathrm{ICL}` (larger is
better), as it does BIC. Row by row :math:`-\log\max_j z_{ij} \le -\sum_j z_{ij}\log
z_{ij}`, so the MAP version never exceeds the soft one
(:meth:`StateProbabilityResults.get_icl` gives both).

References
----------
Biernacki, C., Celeux, G. & Govaert, G. (2000). Assessing a mixture model for
clustering with the integrated completed likelihood. IEEE TPAMI, 22, 719-725.
Scrucca, L., Fop, M., Murphy, T. B. & Raftery, A. E. (2016). mclust 5: clustering,
classification and density estimation using Gaussian finite mixture models. The R
Journal, 8(1), 289-317.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd

from ...inference.prediction import PredictionResults
from ...params import ParamSpec
from ...typing import FloatArray, IntArray
from ._common import row_entropy


class StateProbabilityResults:
    """Mixin of results whose model has discrete latent classes.

    A results class sets :attr:`state_name` and implements :meth:`_class_probabilities`
    (the posterior class probabilities of the rows that have an observation) and
    :attr:`_class_index` (their labels).
    """

    state_name: str = "state"
    """The name of the class axis (``"component"``, ``"state"``, ``"regime"``)."""

    bic: float
    nobs: float

    def _class_probabilities(self) -> FloatArray:
        """``Pr(X_i = j | y)`` of the rows with an observation (n x K)."""
        raise NotImplementedError

    def get_prediction(self) -> PredictionResults:
        """The posterior class probabilities of the fit's rows (``predict_proba()``) with
        delta-method standard errors: the posterior recomputed at perturbed parameters
        (a numerical Jacobian) and the covariance of the estimates. Rows are
        ``(row, class)``; ``.summary_frame()`` as statsmodels'.

        Raises
        ------
        ValueError
            If the fit has no covariance (``cov_type="none"``): refit or use
            ``res.get_robustcov("louis")``.
        """
        results: Any = self
        model = results.model
        if not np.all(np.isfinite(np.asarray(results.cov_params()))):
            raise ValueError("standard errors of the probabilities need the covariance of the "
                             "estimates, which this fit lacks (cov_type='none' or a singular "
                             "information): use res.get_robustcov('louis').get_prediction()")
        observed = model.emission.observed_rows

        def posterior(params: FloatArray) -> FloatArray:
            # through the working chart and back: a perturbation off the constraints
            # (probabilities summing to one) is projected onto them, where cov_params lives
            on_model = model.from_unconstrained(model.to_unconstrained(params))
            return np.asarray(model.class_posterior(on_model)[observed]).ravel()

        index = pd.MultiIndex.from_product([self._class_index, self._state_labels],
                                           names=[None, self.state_name])
        return results._delta_prediction(posterior, index, "probability")

    @property
    def _class_index(self) -> pd.Index:
        """The labels of the rows of :meth:`_class_probabilities`."""
        raise NotImplementedError

    @property
    def label_agreement(self) -> float | None:
        """Share of the bootstrap replicates whose states the reporting rule numbers as
        the estimate's; None without a bootstrap covariance.

        Every replicate's states are matched to the estimate's (Hungarian assignment on
        the states' parameters, :meth:`~.model.LatentStateModel.aligned_params`) before
        the bootstrap covariance is computed. This says how often the reported order
        alone (the model's ``order_by`` rule) would have labelled a replicate the same
        way: well below 1, the reported labels of refits on similar data are not stable
        (choose another ``order_by``), though the bootstrap itself is not affected.
        """
        results: Any = self
        replicates = results.cov_extras.get("replicates")
        if replicates is None or len(replicates) == 0:
            return None
        model = results.model
        same = [np.array_equal(model.canonical_params(row), row) for row in replicates]
        return float(np.mean(same))

    @property
    def n_classes(self) -> int:
        """Number of latent classes ``K``."""
        return int(self._posterior_classes.shape[1])

    @property
    def _state_labels(self) -> pd.Index:
        return pd.RangeIndex(self.n_classes, name=self.state_name)

    @cached_property
    def _posterior_classes(self) -> FloatArray:
        return self._class_probabilities()

    def _state_frame(self, values: FloatArray, index: pd.Index | None = None) -> pd.DataFrame:
        return pd.DataFrame(values, index=self._class_index if index is None else index,
                            columns=self._state_labels)

    @property
    def classification(self) -> pd.Series:
        """The most probable class of each row (its MAP classification)."""
        z = self._posterior_classes
        return pd.Series(z.argmax(axis=1), index=self._class_index, name=self.state_name)

    @property
    def uncertainty(self) -> pd.Series:
        """``1 - max_j z_ij``: how unsure the classification of each row is."""
        z = self._posterior_classes
        return pd.Series(1.0 - z.max(axis=1), index=self._class_index, name="uncertainty")

    def _class_row_weights(self) -> FloatArray | None:
        """The case weights of the rows of :meth:`_class_probabilities` (None: none)."""
        return None

    def _row_sum(self, per_row: FloatArray) -> float:
        """A per-row quantity summed over the rows, each times its case weight."""
        weights = self._class_row_weights()
        return float(per_row.sum() if weights is None else weights @ per_row)

    @property
    def entropy(self) -> float:
        """Classification entropy ``-sum_ij z_ij log z_ij`` (each row times its case
        weight, if any)."""
        return self._row_sum(row_entropy(self._posterior_classes))

    @property
    def relative_entropy(self) -> float:
        """``1 - entropy / (nobs log K)``: 1 when every row's class is certain, 0 when the
        posterior probabilities are uniform."""
        return 1.0 - self.entropy / (self.nobs * np.log(self.n_classes))

    @property
    def icl(self) -> float:
        """Integrated completed likelihood as mclust's ``icl`` computes it (the MAP
        classification's entropy), on BIC's smaller-is-better scale:
        ``bic - 2 sum_i log z_i,MAP``; mclust prints ``-icl``. :meth:`get_icl` gives the
        soft-entropy version."""
        return self.get_icl("map")

    def get_icl(self, entropy: Literal["map", "soft"] = "map") -> float:
        """ICL on BIC's smaller-is-better scale, with the entropy of the hard or the
        soft classification.

        Parameters
        ----------
        entropy : {"map", "soft"}
            ``"map"`` (mclust's ``icl``): ``bic - 2 sum_i log z_i,MAP``, the
            log-likelihood of the MAP classification; ``"soft"``: ``bic + 2 E`` with
            the posterior entropy ``E = -sum_ij z_ij log z_ij`` (:attr:`entropy`).

        Returns
        -------
        float
            ``-icl`` is the number mclust prints (larger is better).
        """
        if entropy == "soft":
            return self.bic + 2.0 * self.entropy
        if entropy != "map":
            raise ValueError(f"entropy must be 'map' or 'soft', got {entropy!r}")
        best = self._posterior_classes.max(axis=1)
        return self.bic - 2.0 * self._row_sum(np.log(best))


class ChainProbabilityResults(StateProbabilityResults):
    """Mixin of results whose classes follow a Markov chain: the smoothed, filtered and
    predicted probabilities of the forward-backward recursions as frames.

    A results class sets ``_posterior`` (the :class:`~emstats.models._forward_backward.
    Posterior` at the estimate) and implements :meth:`_chain_frame`.
    """

    _posterior: Any

    def _chain_frame(self, hidden: FloatArray) -> pd.DataFrame:
        """A frame of class probabilities from hidden-state ones (rows x M)."""
        raise NotImplementedError

    @property
    def smoothed_probabilities(self) -> pd.DataFrame:
        """``Pr(class at t = j | all the data of its sequence)``, indexed like the data."""
        return self._chain_frame(self._posterior.smoothed)

    @property
    def filtered_probabilities(self) -> pd.DataFrame:
        """``Pr(class at t = j | the data up to t)`` within each sequence."""
        return self._chain_frame(self._posterior.filtered)

    @property
    def predicted_probabilities(self) -> pd.DataFrame:
        """``Pr(class at t = j | the data up to t - 1)`` (the initial distribution at a
        sequence start)."""
        return self._chain_frame(self._posterior.predicted)

    def _probability_series(self) -> pd.Series | pd.DataFrame:
        """The data drawn under the probabilities: rows like theirs."""
        raise NotImplementedError

    def plot_regime_probabilities(self, regime: int | None = None, *, kind: str = "smoothed",
                                  ax: Any = None) -> Any:
        """The data and the regime (state) probabilities over time
        (:func:`emstats.plotting.plot_regime_probabilities`).

        Parameters
        ----------
        regime : int, optional
            The regime (state) whose probability is shaded; all of them, stacked, if
            omitted.
        kind : {"smoothed", "filtered", "predicted"}
            Which probabilities.
        ax : matplotlib Axes, optional
            Where to draw.
        """
        from ...plotting import plot_regime_probabilities

        kinds = {"smoothed": self._posterior.smoothed, "filtered": self._posterior.filtered,
                 "predicted": self._posterior.predicted}
        if kind not in kinds:
            raise ValueError(f"kind must be one of {sorted(kinds)}, got {kind!r}")
        return plot_regime_probabilities(self._chain_frame(kinds[kind]),
                                         self._probability_series(), regime, kind=kind, ax=ax)


def posterior_fit(z: FloatArray, means: FloatArray, values: FloatArray, index: pd.Index,
                  columns: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    r"""Fitted values :math:`\hat y_i = \sum_j z_{ij} \mu_j` (the class means weighted by
    the posterior class probabilities) and residuals :math:`y_i - \hat y_i` (NaN where
    the value is missing), as frames labelled like the data."""
    fitted = z @ means
    return (pd.DataFrame(fitted, index=index, columns=columns),
            pd.DataFrame(values - fitted, index=index, columns=columns))


def transition_frame(matrix: FloatArray) -> pd.DataFrame:
    """``Pr(X_t = to | X_{t-1} = from)`` as a frame: rows the state moved from."""
    k = matrix.shape[0]
    return pd.DataFrame(matrix, index=pd.RangeIndex(k, name="from"),
                        columns=pd.RangeIndex(k, name="to"))


def expected_durations(matrix: FloatArray) -> FloatArray:
    """Expected consecutive periods in each state, ``1 / (1 - p_ii)`` (``inf`` for an
    absorbing state); the last axes are the transition matrix."""
    stay = np.diagonal(matrix, axis1=-2, axis2=-1)
    with np.errstate(divide="ignore"):
        return np.where(stay < 1.0, 1.0 / (1.0 - stay), np.inf)


def stationary_distribution(matrix: FloatArray) -> FloatArray:
    """The chain's stationary distribution (the left eigenvector of the transition matrix
    for eigenvalue 1; the least-squares solution if it is not unique)."""
    k = matrix.shape[0]
    system = np.vstack([matrix.T - np.eye(k), np.ones(k)])
    rhs = np.append(np.zeros(k), 1.0)
    return np.asarray(np.linalg.lstsq(system, rhs, rcond=None)[0])


def state_groups(spec: ParamSpec, k: int, word: str, skip: Sequence[str]
                 ) -> list[tuple[str, IntArray]]:
    """The summary tables of a model whose emission blocks are per state (k rows each):
    ``"<word> j parameters"`` (the entries that differ by state) for each state, then
    ``"Non-switching parameters"`` (entries shared by every state); blocks named in
    ``skip`` (the state layer's) are left to the caller."""
    states: list[list[int]] = [[] for _ in range(k)]
    shared: list[int] = []
    for block in spec.blocks:
        if block.name in skip or block.size == 0:
            continue
        where = spec.positions(block.name).reshape(k, -1)
        for column in where.T:
            if np.all(column == column[0]):
                shared.append(int(column[0]))
            else:
                for j in range(k):
                    states[j].append(int(column[j]))
    groups = [(f"{word} {j} parameters", np.array(rows)) for j, rows in enumerate(states)
              if rows]
    if shared:
        groups.append(("Non-switching parameters", np.array(shared)))
    return groups


def without_state_labels(names: Sequence[str], groups: Sequence[tuple[str | None, IntArray]],
                         word: str) -> list[str]:
    """``names`` with the state number dropped from the labels of the per-state tables
    (``const[1]`` printed ``const`` under "<word> 1 parameters"), as statsmodels prints
    its regime tables."""
    out = list(names)
    for title, positions in groups:
        if title is not None and re.fullmatch(rf"{word} \d+ parameters", title):
            for j in positions:
                out[j] = re.sub(r"\[\d+\]$", "", out[j])
    return out
