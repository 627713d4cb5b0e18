# Generates tests/results/r_intreg_lrtest.py: the likelihood-ratio test of R's survreg
# interval regression (the model against the intercept-only model) on the Kakadu data,
# the numbers Stata's intreg header prints as "LR chi2(2)" and "Log likelihood".
# Run from the repository root (needs Debian's r-cran-survival):
#
#     Rscript tests/results/r_intreg_lrtest.R > tests/results/r_intreg_lrtest.py
suppressPackageStartupMessages(library(survival))
source("tests/results/pyliterals.R")
k <- read.csv("emstats/datasets/kakadu.csv")
lo <- ifelse(k$lower == 0, NA, log(k$lower))
hi <- ifelse(k$upper == 999, NA, log(k$upper))
fit <- survreg(Surv(lo, hi, type = "interval2") ~ age + jobs, data = k, dist = "gaussian",
               control = survreg.control(rel.tolerance = 1e-12, maxiter = 1000))
chisq <- 2 * diff(fit$loglik)
say('"""survreg interval regression on Kakadu: LR test against the intercept-only model.')
say("")
say("GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_intreg_lrtest.R``")
say("(", R.version.string, ", survival ", as.character(packageVersion("survival")), ")::")
say("")
say("    lo <- ifelse(k$lower == 0, NA, log(k$lower))")
say("    hi <- ifelse(k$upper == 999, NA, log(k$upper))")
say("    fit <- survreg(Surv(lo, hi, type = \"interval2\") ~ age + jobs, data = k,")
say("                   dist = \"gaussian\", control = survreg.control(rel.tolerance = 1e-12))")
say("")
say("``LOGLIK`` is ``fit$loglik[2]``, ``LOGLIK_NULL`` ``fit$loglik[1]`` (intercept only),")
say("``CHISQ`` ``2 * diff(fit$loglik)`` on ``DF`` degrees of freedom, ``PVALUE``")
say("``pchisq(CHISQ, DF, lower.tail = FALSE)`` (what print(summary(fit)) reports as")
say("\"Chisq= ... on 2 degrees of freedom, p= ...\"), ``SCALE`` ``fit$scale``.")
say('"""')
say("")
say("LOGLIK = ", fmt(fit$loglik[2]))
say("LOGLIK_NULL = ", fmt(fit$loglik[1]))
say("CHISQ = ", fmt(chisq))
say("DF = ", length(coef(fit)) - 1)
say("PVALUE = ", fmt(pchisq(chisq, length(coef(fit)) - 1, lower.tail = FALSE)))
say("SCALE = ", fmt(fit$scale))
