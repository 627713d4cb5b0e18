"""emstats: econometric latent-variable models fitted by EM, with rich inference."""

from . import datasets
from .base import EMModel, EMResults
from .engine import ConvergenceWarning, MonotonicityWarning
from .formula import intreg, tobit
from .inference.bootstrap import bootstrap_lrtest
from .inference.comparison import compare, lrtest
from .models.censored import IntervalRegression, Tobit

__version__ = "0.1.0.dev0"

__all__ = [
    "ConvergenceWarning",
    "EMModel",
    "EMResults",
    "IntervalRegression",
    "MonotonicityWarning",
    "Tobit",
    "bootstrap_lrtest",
    "compare",
    "datasets",
    "intreg",
    "lrtest",
    "tobit",
]
