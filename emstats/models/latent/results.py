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
:math:`1 - E / (n \log K)` (1 when every row is classified with certainty), ICL
(Biernacki, Celeux & Govaert 2000) on the smaller-is-better scale of BIC,
:math:`\mathrm{BIC} + 2E`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ...typing import FloatArray
from ._common import entropy


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

    @property
    def _class_index(self) -> pd.Index:
        """The labels of the rows of :meth:`_class_probabilities`."""
        raise NotImplementedError

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

    @property
    def entropy(self) -> float:
        """Classification entropy ``-sum_ij z_ij log z_ij``."""
        return entropy(self._posterior_classes)

    @property
    def relative_entropy(self) -> float:
        """``1 - entropy / (nobs log K)``: 1 when every row's class is certain, 0 when the
        posterior probabilities are uniform."""
        return 1.0 - self.entropy / (self.nobs * np.log(self.n_classes))

    @property
    def icl(self) -> float:
        """Integrated completed likelihood (Biernacki et al. 2000), smaller-is-better scale:
        ``bic + 2 entropy``."""
        return self.bic + 2.0 * self.entropy


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
