"""CO2 emissions against GNP: a two-class mixture of regressions (mixtools ``regmixEM``).

Source: the example of R's mixtools (``?regmixEM``: ``regmixEM(CO2, GNP, lambda = c(1,
3)/4, beta = matrix(c(8, -1, 1, 1), 2, 2), sigma = c(2, 1))``), data ``CO2data`` of Hurn,
Justel & Robert (2003), *J. Comput. Graph. Statist.* 12(1): per-capita CO2 emissions and
GNP of 28 countries (../shared/BENCHMARKS.md case 8). mixtools stops when an iteration
raises the log-likelihood by less than ``epsilon = 1e-8``; the case runs emstats' plain EM
from the same start with that rule (a ``ConvergenceMonitor`` subclass) and compares the
iterations and the estimates mixtools prints there. The llf path is mixtools' to the
printed digit (-1610.4753099852, -68.8781584373, ..., -66.9397677931). emstats' engine
returns one EM map beyond the iterate whose llf gain met the rule (that llf is known only
from the next E-step), mixtools returns that iterate: the case reads it from the trace's
path (``path[n_iter - 1]``), and mixtools' count is of iterations after the start
(``n_iter - 1``). The class variances are reported as standard deviations, as mixtools
prints them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import emstats as em
from emstats.engine import ConvergenceMonitor, run_em

from ..reference import Case, Reference

GNP = [19.02, 3.67, 28.2, 40.94, 10.61, 20.09, 15.72, 28.11, 26.44, 4.74, 32.1, 23.24, 26.27,
       28.87, 11.46, 4.34, 17.11, 19.88, 25.94, 24.51, 3.23, 10.16, 14.35, 25.71, 44.35, 2.83,
       19.6, 2.41]
CO2 = [14.7, 3.9, 20.8, 9.0, 8.3, 16.0, 7.6, 7.4, 10.2, 10.8, 10.5, 10.0, 5.8, 10.2, 7.3, 5.5,
       9.0, 7.2, 8.8, 16.6, 8.8, 5.2, 5.9, 5.0, 5.5, 2.7, 9.3, 12.3]
# weight[0], weight[1], Intercept[0], Intercept[1], gnp[0], gnp[1], sigma2[0], sigma2[1]
START = np.array([0.25, 0.75, 8.0, 1.0, -1.0, 1.0, 4.0, 1.0])


class LoglikGainMonitor(ConvergenceMonitor):
    """mixtools' rule: stop when an iteration raises the llf by less than ``ftol``."""

    def params_converged(self, change: float) -> bool:
        return False

    def llf_converged(self, llf_old: float, llf_new: float) -> bool:
        return llf_new - llf_old < float(self.ftol or 0.0)


def compute() -> dict[str, float]:
    model = em.mixreg("co2 ~ gnp", pd.DataFrame({"gnp": GNP, "co2": CO2}), k=2)
    trace = run_em(model, START, accel=None, monitor=LoglikGainMonitor(ftol=1e-8))
    checked = trace.path[trace.n_iter - 1]  # the iterate whose llf gain met the rule
    values = model.spec.unpack(checked)
    coefs, sigma2 = values["coefs"], values["sigma2"][:, 0]
    out = {"iterations": trace.n_iter - 1, "loglik": model.loglike(checked)}
    for j in range(2):
        out |= {f"lambda {j + 1}": values["weight"][j], f"intercept {j + 1}": coefs[j, 0],
                f"slope {j + 1}": coefs[j, 1], f"sigma {j + 1}": float(np.sqrt(sigma2[j]))}
    return out


CASE = Case(
    name="8 CO2 vs GNP mixture of regressions",
    source="R mixtools regmixEM example (Hurn, Justel & Robert 2003, JCGS 12)",
    data="CO2data (28 countries), typed from ../shared/BENCHMARKS.md",
    compute=compute,
    references=(
        Reference("iterations", "10"),
        Reference("lambda 1", "0.754921"),
        Reference("sigma 1", "2.049315"),
        Reference("sigma 2", "0.809389"),
        Reference("intercept 1", "8.678987"),
        Reference("intercept 2", "1.415150"),
        Reference("slope 1", "-0.023344"),
        Reference("slope 2", "0.676596"),
        Reference("loglik", "-66.93977"),
    ),
)
