"""SAS/ETS PROC QLIM, "Tobit Model" example (17 rows typed in the manual).

Source: SAS/ETS User's Guide, The QLIM Procedure, Example "Tobit Model":
``proc qlim; model hours = yrs_ed yrs_exp; endogenous hours ~ censored(lb=0);``
(../shared/BENCHMARKS.md case 3). The likelihood is flat: SAS stops where the llf
agrees with the maximum to 1e-10 relative but the coefficients only to ~1e-4
(R 4.2.2 survival 3.5.3 with rel.tolerance=1e-13 gives Intercept -5598.63848608326,
llf -74.9369977026716), hence rtol 1e-4 on the coefficients. The SAS standard errors are
not inverse-Hessian SEs and are not compared.
"""

from __future__ import annotations

import emstats as em

from ..reference import Case, Reference

_NOTE = "flat likelihood; SAS stops early (BENCHMARKS.md: rtol 1e-4)"


def compute() -> dict[str, float]:
    res = em.tobit("Hours ~ Yrs_Ed + Yrs_Exp", em.datasets.load_qlim_tobit(), left=0).fit()
    return {"llf": res.llf, **res.params.to_dict()}


CASE = Case(
    name="3 SAS QLIM Tobit",
    source="SAS/ETS User's Guide, PROC QLIM, Tobit Model example",
    data="emstats.datasets.load_qlim_tobit() (typed from the manual)",
    compute=compute,
    references=(
        Reference("llf", "-74.93700"),
        Reference("Intercept", "-5598.295129", rtol=1e-4, note=_NOTE),
        Reference("Yrs_Ed", "373.123254", rtol=1e-4, note=_NOTE),
        Reference("Yrs_Exp", "63.336247", rtol=1e-4, note=_NOTE),
        Reference("sigma", "1582.859635", rtol=1e-4, note=_NOTE),
    ),
)
