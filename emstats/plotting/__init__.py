r"""Plots of EM fits, from plain data: the convergence trace, mclust-style Gaussian mixture
plots, regime probabilities and factor-analysis plots.

matplotlib is an optional dependency (``pip install "emstats[plot]"``); it is imported
only when a plot is drawn, so ``import emstats`` never needs it.

* :func:`plot_bic` -- a BIC (or ICL) table against the number of components, one line
  per covariance structure (mclust's ``plot.mclustBIC``).
* :func:`plot_classification` -- two data columns coloured by a classification, with
  each component's mean and probability ellipse.
* :func:`plot_uncertainty` -- two data columns with point size growing with the
  classification uncertainty.
* :func:`plot_llf_trace` -- the log-likelihood along the EM iterations (any EM fit).
* :func:`plot_regime_probabilities` -- a series with its regime probabilities.
* :func:`plot_loadings` -- a heatmap of factor loadings.
* :func:`plot_scree` -- eigenvalues against their number, with a parallel-analysis
  reference.

Every function takes plain data (DataFrames, Series, arrays) and imports nothing from
emstats; the results methods (``res.plot_classification()``, ``res.plot_llf_trace()``,
``selection.plot()``, ``res.plot_regime_probabilities()``, ``res.plot_loadings()``)
pass a fit's data to them. The older calls with a results object,
``plot_classification(results, ...)`` and the like, still work and warn
(DeprecationWarning). Every function draws on ``ax`` if given, otherwise on a new
figure from ``matplotlib.pyplot.subplots()``, and returns the Axes.
"""

from .factor import plot_loadings, plot_scree
from .mixture import plot_bic, plot_classification, plot_uncertainty
from .regimes import plot_regime_probabilities
from .trace import plot_llf_trace

__all__ = ["plot_bic", "plot_classification", "plot_llf_trace", "plot_loadings",
           "plot_regime_probabilities", "plot_scree", "plot_uncertainty"]
