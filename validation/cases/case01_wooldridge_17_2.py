"""Wooldridge, Example 17.2: married women's annual hours, Tobit left-censored at 0.

Source: J. M. Wooldridge, *Introductory Econometrics: A Modern Approach*, Example 17.2
(Table 17.2), reproduced with Stata:
``tobit hours nwifeinc educ exper expersq age kidslt6 kidsge6, ll(0)``,
N = 753 (325 left-censored). Numbers as printed by Stata (../shared/BENCHMARKS.md case 1).
"""

from __future__ import annotations

import emstats as em

from ..reference import Case, Reference

FORMULA = "hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6"

# Stata evaluates the Hessian numerically; its printed SEs agree with the analytic
# observed information (emstats; R survival 3.5.3 survreg: e.g. 446.436143683905 for
# _cons) to about 1e-6 relative, not to the last printed digit.
_SE_NOTE = "Stata's numerical Hessian: ~1e-6 relative agreement with the analytic OIM"

COEFFICIENTS = {
    "nwifeinc": ("-8.814243", "4.459096"),
    "educ": ("80.64561", "21.58322"),
    "exper": ("131.5643", "17.27938"),
    "expersq": ("-1.864158", ".5376615"),
    "age": ("-54.40501", "7.418496"),
    "kidslt6": ("-894.0217", "111.8779"),
    "kidsge6": ("-16.218", "38.64136"),
    "Intercept": ("965.3053", "446.4358"),
    "sigma": ("1122.022", "41.57903"),
}


def compute() -> dict[str, float]:
    res = em.tobit(FORMULA, em.datasets.load_mroz(), left=0).fit()
    out = {"llf": res.llf, "nobs": res.nobs,
           "left-censored": res.model.censoring_counts["left"]}
    for name in COEFFICIENTS:
        out[name] = res.params[name]
        out[f"se({name})"] = res.bse[name]
    return out


CASE = Case(
    name="1 Wooldridge 17.2 Tobit",
    source="Wooldridge, Introductory Econometrics, Example 17.2 (Stata tobit, ll(0))",
    data="emstats.datasets.load_mroz() (wooldridge.data('mroz'))",
    compute=compute,
    references=(
        Reference("nobs", "753"),
        Reference("left-censored", "325"),
        Reference("llf", "-3819.0946"),
        *(Reference(name, coef) for name, (coef, _) in COEFFICIENTS.items()),
        *(Reference(f"se({name})", se, rtol=2e-6, note=_SE_NOTE)
          for name, (_, se) in COEFFICIENTS.items()),
    ),
)
