"""emstats: econometric latent-variable models fitted by EM, with rich inference."""

from . import datasets, plotting
from .base import EMModel
from .engine import ConvergenceWarning, MonotonicityWarning
from .exceptions import QuadratureWarning, StartsWarning
from .formula import (
    gaussian_mixture,
    intreg,
    markov_switching,
    mvn,
    tobit,
    truncreg,
    xtintreg,
    xttobit,
)
from .inference.bootstrap import bootstrap_lrtest
from .inference.comparison import compare, lrtest
from .inference.rubin import pool
from .models._mixreg_select import MixregSelection, select_mixreg
from .models._prior import MixturePrior
from .models.censored import IntervalRegression, Tobit
from .models.factor import FactorAnalysis, HeywoodWarning, factor, select_factors
from .models.gaussian import (
    DegenerateSolutionWarning,
    GaussianMixture,
    MixtureSelection,
    select_mixture,
)
from .models.heteroskedastic import (
    HeteroskedasticIntervalRegression,
    HeteroskedasticTobit,
    HeteroskedasticTruncatedRegression,
)
from .models.hmm import GaussianHMM, hmm
from .models.markov_switching import MarkovSwitching
from .models.mixreg import MixtureRegression, mixreg
from .models.mvn import MultivariateNormal
from .models.panel import RandomEffectsIntervalRegression, RandomEffectsTobit
from .models.truncated import TruncatedRegression
from .results import EMResults

__version__ = "0.1.0.dev0"

__all__ = [
    "ConvergenceWarning",
    "DegenerateSolutionWarning",
    "EMModel",
    "EMResults",
    "FactorAnalysis",
    "GaussianHMM",
    "GaussianMixture",
    "HeteroskedasticIntervalRegression",
    "HeteroskedasticTobit",
    "HeteroskedasticTruncatedRegression",
    "HeywoodWarning",
    "IntervalRegression",
    "MarkovSwitching",
    "MixregSelection",
    "MixturePrior",
    "MixtureRegression",
    "MixtureSelection",
    "MonotonicityWarning",
    "MultivariateNormal",
    "QuadratureWarning",
    "RandomEffectsIntervalRegression",
    "RandomEffectsTobit",
    "StartsWarning",
    "Tobit",
    "TruncatedRegression",
    "bootstrap_lrtest",
    "compare",
    "datasets",
    "factor",
    "gaussian_mixture",
    "hmm",
    "intreg",
    "lrtest",
    "markov_switching",
    "mixreg",
    "mvn",
    "plotting",
    "pool",
    "select_factors",
    "select_mixreg",
    "select_mixture",
    "tobit",
    "truncreg",
    "xtintreg",
    "xttobit",
]
