# Reference numbers for tests/results/lavaan_fiml_factor.py (full-information ML factor
# analysis of incomplete data, and complete-data fit measures).  Run from the repository
# root:  Rscript tests/results/lavaan_fiml_factor.R
#
# Written for R 4.2.2 Patched (2022-11-10 r83330) with lavaan 0.6-14 (Debian
# r-cran-lavaan).  Prints Python literals (sprintf("%.17g")) that were pasted into the
# module; the run time of each fit goes to stderr and is not part of the module.
#
# Data: emstats/datasets/bfi.csv, the 25 items of psych 2.2.9's bfi (2800 rows, some
# items missing), written by
#   write.csv(psych::bfi[, 1:25], "emstats/datasets/bfi.csv", row.names = FALSE, na = "")
# Exploratory factor models, model syntax with one efa block
# (efa("b")*F1 + efa("b")*F2 =~ ...), fitted by sem() with missing = "ml" (casewise
# full-information ML, the h1 model estimated by EM), estimator = "ML",
# rotation = "none", std.lv = TRUE, information = "observed",
# observed.information = "hessian":
#   AC1, AC2: the 10 items A1-A5, C1-C5, one and two factors;
#   ALL5:     all 25 items, five factors.
# For each: fitMeasures() (one constant each), lavInspect(fit, "nobs"), and from
# parameterEstimates() the residual variances (theta diagonal, covariance scale, in
# column order) with their standard errors and the intercepts (the model's means).
#
# The baseline model: lavaan 0.6-14 has no fitMeasures(fit, "baseline.logl"), so its
# log-likelihood is recovered as unrestricted.logl - baseline.chisq / 2 and compared with
# the closed form of the independence model with free means and variances, fitted to
# each column's observed values alone (mean and variance with divisor n_j):
#   sum_j -n_j / 2 * (log(2 pi) + log(v_j) + 1).
# lavaan fits that model iteratively (nlminb, from start values near the closed form),
# so the two agree to the optimizer's tolerance, not to rounding.
#
# ABILITY1, ABILITY2: complete data, covariance input, R's ability.cov (the matrix as
# given, sample.cov.rescale = FALSE, n = 112), one and two factors, same options
# without missing = "ml" (no mean structure); same fitMeasures().
#
# Every fit's fit measures are recomputed here from logl, unrestricted.logl, npar, df,
# the baseline chi-square and N = lavInspect(fit, "nobs") by the formulas below, and
# the script stops unless they agree to a relative 1e-10 (see check_formulas).
# lavaan's RMSEA interval solves pchisq(chisq, df, ncp) = 0.95 / 0.05 by uniroot() at
# its default tolerance (.Machine$double.eps^0.25 on the noncentrality), so the
# interval is also given solved to tol = 1e-14 (the *_RMSEA_CI_*_TIGHT constants).
# lavaan's p-value is 1 - pchisq(chisq, df), exactly 0 for the bfi fits.
#
# Accuracy of the FIML fits (printed as comments after each): lavaan stops nlminb at
# its default rel.tol = 1e-10 (tighter settings end in "singular convergence"), and one
# Newton step from its solution is printed (gain in logl, largest change of PSI and of
# the means); the h1 log-likelihood is refitted with the EM run to em.h1.tol = 1e-14.
suppressMessages(library(lavaan))

here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "pyliterals.R"))  # fmt(), pyvec(), say()

measures <- c("npar", "logl", "unrestricted.logl", "chisq", "df", "pvalue",
              "baseline.chisq", "baseline.df", "rmsea", "rmsea.ci.lower",
              "rmsea.ci.upper", "cfi", "tli", "bic", "aic")

efa_model <- function(vars, nfactors) {
  paste0(paste0('efa("b")*F', seq_len(nfactors), collapse = " + "), " =~ ",
         paste(vars, collapse = " + "))
}

timed <- function(label, expr) {
  t <- system.time(fit <- expr)
  message(sprintf("%s: %.2f s elapsed", label, t[["elapsed"]]))
  stopifnot(lavInspect(fit, "converged"))
  fit
}

fiml_fit <- function(vars, nfactors, ...) {
  sem(efa_model(vars, nfactors), data = bfi[, vars], missing = "ml", estimator = "ML",
      rotation = "none", std.lv = TRUE, information = "observed",
      observed.information = "hessian", ...)
}

cov_fit <- function(nfactors) {
  sem(efa_model(colnames(S), nfactors), sample.cov = S, sample.nobs = n,
      sample.cov.rescale = FALSE, estimator = "ML", rotation = "none", std.lv = TRUE,
      information = "observed", observed.information = "hessian")
}

# The RMSEA interval, noncentral chi-square with N, as lavaan's lav_fit_rmsea_ci but
# solved to a tight tolerance.
rmsea_ci <- function(chisq, df, N, tol) {
  f <- function(lambda, p) pchisq(chisq, df = df, ncp = lambda) - p
  lower <- if (f(0, 0.95) < 0) 0 else
    uniroot(f, c(0, chisq), p = 0.95, tol = tol)$root
  upper_end <- max(N, 4 * chisq)
  upper <- if (f(0, 0.05) < 0 || f(upper_end, 0.05) > 0) 0 else
    uniroot(f, c(0, upper_end), p = 0.05, tol = tol)$root
  c(sqrt(lower / (N * df)), sqrt(upper / (N * df)))
}

close_to <- function(a, b, what, rel = 1e-10) {
  if (!isTRUE(abs(a - b) <= rel * max(abs(b), 1e-300))) {
    stop(what, ": ", fmt(a), " vs ", fmt(b))
  }
}

check_formulas <- function(fit) {
  fm <- as.list(fitMeasures(fit, measures))
  N <- lavInspect(fit, "nobs")
  with(fm, {
    close_to(chisq, 2 * (unrestricted.logl - logl), "chisq")
    # the upper tail as 1 - pchisq(), so 0 once the tail is below 1e-16 or so
    close_to(pvalue, 1 - pchisq(chisq, df), "pvalue")
    close_to(rmsea, sqrt(max(chisq / df - 1, 0) / N), "rmsea")
    # lavaan's own interval (uniroot at its default tolerance) is reproduced exactly
    ci <- rmsea_ci(chisq, df, N, tol = .Machine$double.eps^0.25)
    close_to(rmsea.ci.lower, ci[1], "rmsea.ci.lower")
    close_to(rmsea.ci.upper, ci[2], "rmsea.ci.upper")
    b <- baseline.chisq / baseline.df
    close_to(tli, (b - chisq / df) / (b - 1), "tli")
    close_to(cfi, 1 - max(chisq - df, 0) /
               max(baseline.chisq - baseline.df, chisq - df, 0), "cfi")
    close_to(aic, -2 * logl + 2 * npar, "aic")
    close_to(bic, -2 * logl + npar * log(N), "bic")
  })
  invisible(fm)
}

emit_measures <- function(prefix, fit) {
  fm <- check_formulas(fit)
  N <- lavInspect(fit, "nobs")
  say(prefix, "_NOBS = ", N)
  for (m in measures) {
    say(prefix, "_", toupper(gsub(".", "_", m, fixed = TRUE)), " = ", fmt(fm[[m]]))
  }
  ci <- rmsea_ci(fm$chisq, fm$df, N, tol = 1e-14)
  say(prefix, "_RMSEA_CI_LOWER_TIGHT = ", fmt(ci[1]))
  say(prefix, "_RMSEA_CI_UPPER_TIGHT = ", fmt(ci[2]))
  invisible(fm)
}

# How far lavaan's solution is from the optimum: one Newton step on its objective
# (fmin = (unrestricted.logl - logl) / N) from its gradient and Hessian; and the h1
# log-likelihood again with the EM run to em.h1.tol = 1e-14 instead of 1e-5.
accuracy <- function(fit, vars, nfactors) {
  g <- lavInspect(fit, "gradient")
  step <- solve(lavInspect(fit, "hessian"), g)
  pt <- parTable(fit)
  pt <- pt[pt$free > 0, ]
  psi <- pt$op == "~~" & pt$lhs == pt$rhs & pt$lhs %in% vars
  gain <- 0.5 * sum(g * step) * lavInspect(fit, "nobs")
  say("# accuracy: one Newton step from lavaan's solution raises logl by ",
      sprintf("%.1e", gain), ", moves PSI by")
  say("# at most ", sprintf("%.1e", max(abs(step[pt$free[psi]]) / pt$est[psi])),
      " relative and the means by at most ",
      sprintf("%.1e", max(abs(step[pt$free[pt$op == "~1"]]))),
      "; unrestricted.logl minus")
  tight <- fiml_fit(vars, nfactors, em.h1.tol = 1e-14, em.h1.iter.max = 100000L)
  say("# its value with the EM run to em.h1.tol = 1e-14: ",
      sprintf("%.1e", fitMeasures(fit, "unrestricted.logl") -
                fitMeasures(tight, "unrestricted.logl")))
}

emit_fiml <- function(prefix, fit, vars, nfactors) {
  fm <- emit_measures(prefix, fit)
  pe <- parameterEstimates(fit)
  theta <- pe[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% vars, ]
  means <- pe[pe$op == "~1" & pe$lhs %in% vars, ]
  stopifnot(identical(theta$lhs, vars), identical(means$lhs, vars))
  say(prefix, "_PSI = ", pyvec(theta$est))
  say(prefix, "_PSI_SE = ", pyvec(theta$se))
  say(prefix, "_MEANS = ", pyvec(means$est))
  # the baseline (independence) model's log-likelihood, from lavaan and in closed form
  closed <- sum(vapply(vars, function(v) {
    x <- bfi[[v]][!is.na(bfi[[v]])]
    nj <- length(x)
    -nj / 2 * (log(2 * pi) + log(sum((x - mean(x))^2) / nj) + 1)
  }, 0))
  say(prefix, "_BASELINE_LOGL = ", fmt(fm$unrestricted.logl - fm$baseline.chisq / 2),
      "  # unrestricted.logl - baseline.chisq / 2")
  say(prefix, "_BASELINE_LOGL_CLOSED_FORM = ", fmt(closed))
  accuracy(fit, vars, nfactors)
}

bfi <- read.csv("emstats/datasets/bfi.csv")
stopifnot(identical(dim(bfi), c(2800L, 25L)))
ac <- c(paste0("A", 1:5), paste0("C", 1:5))

say("R_VERSION = \"", R.version.string, "\"")
say("LAVAAN_VERSION = \"", as.character(packageVersion("lavaan")), "\"")
say("# bfi.csv: rows with every item missing, rows with no item missing")
say("BFI_ALL_MISSING_ROWS = ", sum(rowSums(is.na(bfi)) == ncol(bfi)))
say("BFI_COMPLETE_ROWS = ", sum(complete.cases(bfi)))
say("AC_ALL_MISSING_ROWS = ", sum(rowSums(is.na(bfi[, ac])) == length(ac)))
say("AC_COMPLETE_ROWS = ", sum(complete.cases(bfi[, ac])))

say("# A1-A5, C1-C5, one factor")
emit_fiml("AC1", timed("AC1", fiml_fit(ac, 1)), ac, 1)
say("# A1-A5, C1-C5, two factors")
emit_fiml("AC2", timed("AC2", fiml_fit(ac, 2)), ac, 2)
say("# all 25 items, five factors")
emit_fiml("ALL5", timed("ALL5", fiml_fit(names(bfi), 5)), names(bfi), 5)

S <- ability.cov$cov
n <- ability.cov$n.obs
say("# ability.cov, covariance input (sample.cov.rescale = FALSE), n = 112, one factor")
emit_measures("ABILITY1", timed("ABILITY1", cov_fit(1)))
say("# two factors")
emit_measures("ABILITY2", timed("ABILITY2", cov_fit(2)))
