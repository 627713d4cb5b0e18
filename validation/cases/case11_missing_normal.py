"""The multivariate normal from incomplete data: Little & Rubin's apple trees, and
Little's MCAR test on R's airquality.

Sources: R. J. A. Little and D. B. Rubin, *Statistical Analysis with Missing Data*
(Wiley, 1987; 2nd ed. 2002), the apple-tree example (from Snedecor & Cochran): 18 trees,
size and worm count, worms missing for 6 (../shared/BENCHMARKS.md case 11). The pattern
is monotone, so the MLE has a closed form (the factored likelihood); EM must reach it.

Little's (1988, JASA 83) test on ``airquality``: the R package naniar's reference page
for ``mcar_test`` (https://naniar.njtierney.com/reference/mcar_test.html) prints
statistic 35.1, df 14, p-value 0.00142, 4 patterns. naniar estimates the mean and
covariance with ``norm::em.norm`` at its default tolerance; emstats uses the exact MLE,
which moves the statistic by 1e-6 relative (tests/results/r_mvn_missing.py), far below
the printed digits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emstats import mvn
from emstats.datasets import load_airquality

from ..reference import Case, Reference

SIZE = [8, 6, 11, 22, 14, 17, 18, 24, 19, 23, 26, 40, 4, 4, 5, 6, 8, 10]
WORMS = [59, 58, 56, 53, 50, 45, 43, 42, 39, 38, 30, 27] + [np.nan] * 6


def compute() -> dict[str, float]:
    apple = mvn(pd.DataFrame({"size": SIZE, "worms": WORMS})).fit()
    mean, cov = apple.mean, apple.cov
    test = mvn(load_airquality()).fit(cov_type="none").little_mcar_test()
    return {
        "mu size": mean["size"], "mu worms": mean["worms"],
        "sigma size,size": cov.loc["size", "size"],
        "sigma size,worms": cov.loc["size", "worms"],
        "sigma worms,worms": cov.loc["worms", "worms"],
        "Little statistic": test.statistic, "Little df": test.df,
        "Little p-value": test.pvalue, "Little patterns": test.n_patterns,
    }


CASE = Case(
    name="11 missing-data normal",
    source="Little & Rubin (1987/2002), apple trees; naniar mcar_test(airquality)",
    data="apple typed from the book; airquality from R (emstats.datasets)",
    compute=compute,
    references=(
        Reference("mu size", "14.722222"),
        Reference("mu worms", "49.333333"),
        Reference("sigma size,size", "89.533951"),
        Reference("sigma size,worms", "-90.696729"),
        Reference("sigma worms,worms", "114.694955"),
        Reference("Little statistic", "35.1"),
        Reference("Little df", "14"),
        Reference("Little p-value", "0.00142"),
        Reference("Little patterns", "4"),
    ),
)
