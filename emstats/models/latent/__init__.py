"""The latent-state layer: discrete hidden states and the emissions that families supply.

* :mod:`.emission` -- the :class:`Emission` protocol a family implements;
* :mod:`.iid` -- independent classes (finite mixtures), with concomitant variables;
* :mod:`.markov` -- a Markov chain along each sequence (HMMs, Markov switching);
* :mod:`.mlogit` -- the multinomial-logit M-step of states with covariates;
* :mod:`.model` -- :class:`LatentStateModel`, the EM model of a layer and an emission;
* :mod:`.louis` -- the conditional covariance of the complete-data score;
* :mod:`.results` -- state-probability results.
"""

from .emission import Emission, EmissionBase, EmissionScores
from .iid import ClassStats, MixingWeights
from .model import LatentStateModel, LatentStats
from .results import StateProbabilityResults

__all__ = [
    "ClassStats",
    "Emission",
    "EmissionBase",
    "EmissionScores",
    "LatentStateModel",
    "LatentStats",
    "MixingWeights",
    "StateProbabilityResults",
]
