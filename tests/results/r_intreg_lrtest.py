"""survreg interval regression on Kakadu: LR test against the intercept-only model.

GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_intreg_lrtest.R``
(R version 4.2.2 Patched (2022-11-10 r83330), survival 3.5.3)::

    lo <- ifelse(k$lower == 0, NA, log(k$lower))
    hi <- ifelse(k$upper == 999, NA, log(k$upper))
    fit <- survreg(Surv(lo, hi, type = "interval2") ~ age + jobs, data = k,
                   dist = "gaussian", control = survreg.control(rel.tolerance = 1e-12))

``LOGLIK`` is ``fit$loglik[2]``, ``LOGLIK_NULL`` ``fit$loglik[1]`` (intercept only),
``CHISQ`` ``2 * diff(fit$loglik)`` on ``DF`` degrees of freedom, ``PVALUE``
``pchisq(CHISQ, DF, lower.tail = FALSE)`` (what print(summary(fit)) reports as
"Chisq= ... on 2 degrees of freedom, p= ..."), ``SCALE`` ``fit$scale``.
"""

LOGLIK = -1791.3163583702305
LOGLIK_NULL = -1990.8151820158823
CHISQ = 398.99764729130356
DF = 2
PVALUE = 2.2843452596280651e-87
SCALE = 4.1195794721539665
