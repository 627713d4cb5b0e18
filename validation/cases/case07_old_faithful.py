"""Old Faithful waiting times: a two-component normal mixture with equal variances.

Source: the R package mixtools (Benaglia, Chauveau, Hunter & Young 2009, *J. Stat.
Softw.* 32(6)), ``normalmixEM(faithful$waiting, lambda = .5, mu = c(55, 80),
sigma = 5, arbvar = FALSE)`` (../shared/BENCHMARKS.md case 7): 9 iterations, lambda
0.3608498, mu 54.61364 and 80.09031, sigma 5.869089, loglik -1034.002.

mixtools stops when an EM step raises the log-likelihood by less than 1e-8 and
reports the parameters of its last M-step: after ``t`` iterations it holds the
``t``-th iterate and the log-likelihood there. The case runs emstats' plain EM with
that absolute rule (a ``ConvergenceMonitor`` subclass) and reads the same iterate
from the path: the row of the history at which the rule fired. (emstats itself
returns one EM step more, which is closer to the maximum.) In one dimension the
structure EII is the equal-variance mixture.
"""

from __future__ import annotations

import numpy as np

from emstats import GaussianMixture
from emstats.datasets import load_faithful
from emstats.engine import ConvergenceMonitor, run_em

from ..reference import Case, Reference


class LlfGainMonitor(ConvergenceMonitor):
    """mixtools' rule: stop when the EM step raises the llf by less than ``ftol``."""

    def llf_converged(self, llf_old: float, llf_new: float) -> bool:
        return llf_new - llf_old < self.ftol


def compute() -> dict[str, float]:
    model = GaussianMixture(load_faithful()[["waiting"]], 2, "EII")
    start = model.pack(np.array([0.5, 0.5]), np.array([[55.0], [80.0]]),
                       np.full((2, 1, 1), 25.0))
    trace = run_em(model, start, accel=None,
                   monitor=LlfGainMonitor(xtol=1e-300, ftol=1e-8))
    stop = trace.n_iter - 1  # the row whose llf gain fell below 1e-8
    fit = model.unpack(trace.path[stop])
    return {"iterations": stop, "lambda": fit.weights[0], "mu 1": fit.means[0, 0],
            "mu 2": fit.means[1, 0], "sigma": float(np.sqrt(fit.covariances[0, 0, 0])),
            "loglik": float(trace.history["llf"].iloc[stop])}


CASE = Case(
    name="7 Old Faithful mixture",
    source="mixtools normalmixEM (Benaglia et al. 2009, JSS 32(6)), faithful$waiting",
    data="R's faithful (emstats.datasets.load_faithful)",
    compute=compute,
    references=(
        Reference("iterations", "9"),
        Reference("lambda", "0.3608498"),
        Reference("mu 1", "54.61364"),
        Reference("mu 2", "80.09031"),
        Reference("sigma", "5.869089"),
        Reference("loglik", "-1034.002"),
    ),
)
