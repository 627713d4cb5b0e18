"""Dempster, Laird & Rubin (1977), Table 1: the genetic-linkage EM path.

Source: A. P. Dempster, N. M. Laird and D. B. Rubin (1977), "Maximum likelihood from
incomplete data via the EM algorithm", *JRSS B* 39(1), Section 1 and Table 1
(../shared/BENCHMARKS.md case 5). Counts (125, 18, 20, 34) with cell probabilities
(1/2 + p/4, (1 - p)/4, (1 - p)/4, p/4); EM from p = 0.5.

The model is written against the engine's protocol only (no statsmodels), which is
what this case checks: the engine knows nothing about any model.

DLR's 1977 arithmetic differs from the exact EM map in the tenth decimal (exact
p(2) = 0.62432105040, printed 0.624321051), and the exact MLE, the root of
197 p^2 - 15 p - 68 = 0, is 0.62682149787 (printed 0.6268214980); the path and the
MLE are therefore compared at 1e-9 and 2e-10. The rate is the ratio of successive
deviations from the MLE at iterations 6 and 5, printed by DLR as 0.1328.
"""

from __future__ import annotations

import numpy as np

from emstats.engine import EMProblem, run_em

from ..reference import Case, Reference

COUNTS = np.array([125.0, 18.0, 20.0, 34.0])
_NOTE = "DLR's printed arithmetic is off in the tenth decimal"
PATH = ("0.608247423 0.624321051 0.626488879 0.626777323 0.626815632 0.626820719 "
        "0.626821395 0.626821484").split()


class GeneticLinkage(EMProblem):
    """The multinomial of DLR's Section 1 with the first cell split (x1: 1/2, x2: p/4)."""

    def e_step(self, params: np.ndarray) -> tuple[float, float]:
        p = float(params[0])
        x2 = COUNTS[0] * (p / 4) / (0.5 + p / 4)
        return x2, self.loglike(params)

    def m_step(self, x2: float, params: np.ndarray) -> np.ndarray:
        return np.array([(x2 + COUNTS[3]) / (x2 + COUNTS[1] + COUNTS[2] + COUNTS[3])])

    def loglike(self, params: np.ndarray) -> float:
        p = float(params[0])
        probs = np.array([0.5 + p / 4, (1 - p) / 4, (1 - p) / 4, p / 4])
        return float(COUNTS @ np.log(probs))

    def to_unconstrained(self, params: np.ndarray) -> np.ndarray:
        return np.log(params / (1 - params))

    def from_unconstrained(self, u: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-u))


def compute() -> dict[str, float]:
    trace = run_em(GeneticLinkage(), np.array([0.5]), accel=None)
    path = trace.path[:, 0]
    out = {f"p({k})": path[k] for k in range(1, len(PATH) + 1)}
    out["MLE"] = trace.params[0]
    out["rate"] = (path[6] - trace.params[0]) / (path[5] - trace.params[0])
    return out


CASE = Case(
    name="5 DLR genetic linkage",
    source="Dempster, Laird & Rubin (1977), JRSS B 39(1), Table 1",
    data="counts (125, 18, 20, 34), typed from the paper",
    compute=compute,
    references=(
        *(Reference(f"p({k + 1})", v, atol=1e-9, note=_NOTE) for k, v in enumerate(PATH)),
        Reference("MLE", "0.6268214980", atol=2e-10, note=_NOTE),
        Reference("rate", "0.1328"),
    ),
)
