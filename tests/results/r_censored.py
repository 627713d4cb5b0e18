"""Reference numbers computed with R, for cross-checks the published cases do not cover.

R 4.2.2 Patched (2022-11-10 r83330), survival 3.5.3, AER 1.2.10, censReg 0.5-36.
Fits use ``survreg.control(rel.tolerance = 1e-13, iter.max = 500)`` (analytic gradient
at the optimum below 1e-10). SEs of coefficients are from ``vcov(fit)``; the SE of
sigma is ``scale * SE(log scale)``. Data: emstats.datasets.load_mroz().

Two-limit Tobit (10 right-censored at 3000, 325 left-censored at 0)::

    AER::tobit(hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6,
               left = 0, right = 3000, data = mroz)

Right-censored only::

    AER::tobit(..., left = -Inf, right = 3000, data = mroz)

Marginal effects on E[y] at the regressor means (Wooldridge 17.2 model)::

    fit <- censReg(hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6,
                   left = 0, data = mroz)
    summary(margEff(fit))

censReg's Hessian is numerical: its SEs agree with analytic ones to ~7 digits.
"""

NAMES = ["Intercept", "nwifeinc", "educ", "exper", "expersq", "age", "kidslt6", "kidsge6",
         "sigma"]

TWO_LIMIT = {
    "params": [941.806412869565, -8.69723847428917, 81.4882004499517, 129.556523237792,
               -1.81715218331346, -53.8033602356142, -888.460484612147, -16.8836391210845,
               1115.13196033347],
    "bse": [444.149076465525, 4.43272659840038, 21.4913251921375, 17.1856207945858,
            0.534586087771297, 7.38105097288154, 111.357689914498, 38.421531232133,
            42.2001410628074],
    "llf": -3746.5319308111,
}

RIGHT_ONLY = {
    "params": [1309.63335753272, -3.32741594667646, 29.0841536416984, 64.3199414628215,
               -0.674306002688857, -30.069289801318, -439.902641004065, -32.3040648740669,
               731.526032989956],
    "bse": [264.222788127615, 2.48163132306235, 12.6420945788511, 9.72062987218624,
            0.316700634031672, 4.25790003971203, 57.4282734618093, 22.6088186524088,
            19.0670220858373],
    "llf": -5970.46298404247,
}

# OPG (BHHH) SEs of the Wooldridge 17.2 model: inverse of crossprod of analytic
# per-observation scores in (beta, sigma) at the survreg MLE.
LEFT_ZERO_OPG_BSE = [449.286601559181, 4.41613646595967, 21.6835313517252, 16.2839496849117,
                     0.506061403416042, 7.80965075055571, 112.257813828163, 38.7425523781725,
                     41.8221051239436]

MARGEFF_AT_MEANS = {
    "nwifeinc": (-5.32644197243399, 2.69072682343692),
    "educ": (48.734093933109, 12.9634152629989),
    "exper": (79.5042315465622, 10.3049653009469),
    "expersq": (-1.12650938559537, 0.323260570236787),
    "age": (-32.8769176234899, 4.45770398607719),
    "kidslt6": (-540.256831362328, 66.6239332483803),
    "kidsge6": (-9.80052581789536, 23.361343079317),
}
