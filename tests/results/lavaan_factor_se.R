# Reference numbers for tests/results/lavaan_factor_se.py (standard errors of ML factor
# analysis).  Run:  Rscript tests/results/lavaan_factor_se.R
#
# Written for R 4.2.2 Patched (2022-11-10 r83330) with lavaan 0.6-14 (Debian
# r-cran-lavaan).  Prints Python literals (sprintf("%.17g")) that were pasted into the
# module.
#
# Data: ability.cov (datasets), the covariance matrix as given (sample.cov.rescale =
# FALSE), n = 112; two factors, std.lv = TRUE, observed information from the Hessian
# (information = "observed", observed.information = "hessian").  All numbers are on the
# covariance scale (parameterEstimates), whose standard errors lavaan computes by the
# delta method or the bordered information matrix through the rotation.
#
# Not used:
# - lavaan 0.6-14's standardizedSolution() standard errors of rotated loadings.
#   lav_object_inspect_vcov differentiates the rotated standardised solution by
#   numDeriv's forward differences with eps = 1e-3 (method = "simple"), which are 1 to 2%
#   off on these data, and smaller steps are swamped by the rotation's own tolerance.
# - lavaan 0.6-14's standard errors of the oblique (quartimin) solution: its two methods
#   disagree with each other (the correlation of the factors: 0.08896 with
#   rotation.se = "bordered", 0.08473 with "delta"), so only its estimates are kept
#   (the point at which the tests evaluate their own bordered information matrix).
suppressMessages(library(lavaan))

here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "pyliterals.R"))  # fmt(), pyvec(), say()

S <- ability.cov$cov
n <- ability.cov$n.obs
vars <- colnames(S)
model <- paste0('efa("b")*F1 + efa("b")*F2 =~ ', paste(vars, collapse = " + "))
efa_fit <- function(rotation, args = list()) {
  sem(model, sample.cov = S, sample.nobs = n, rotation = rotation,
      information = "observed", observed.information = "hessian",
      sample.cov.rescale = FALSE, std.lv = TRUE,
      rotation.args = c(list(rstarts = 0, std.ov = TRUE, algorithm = "gpa"), args))
}
# Loadings as a p x 2 matrix raveled row-major, then the residual variances.
emit <- function(prefix, fit, se = TRUE, loadings = TRUE) {
  pe <- parameterEstimates(fit)
  lam <- pe[pe$op == "=~", ]
  theta <- pe[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% vars, ]
  order_rows <- function(col) c(t(matrix(lam[[col]], ncol = 2)))
  if (loadings) say(prefix, "_LOADINGS = ", pyvec(order_rows("est")))
  if (se && loadings) say(prefix, "_LOADINGS_SE = ", pyvec(order_rows("se")))
  # the residual variances do not depend on the rotation: printed once
  stopifnot(isTRUE(all.equal(theta$est, psi_unrotated, tolerance = 1e-12)))
  if (prefix == "UNROTATED") say(prefix, "_PSI = ", pyvec(theta$est))
  if (se) say(prefix, "_PSI_SE = ", pyvec(theta$se))
  phi <- pe[pe$op == "~~" & pe$lhs == "F1" & pe$rhs == "F2", ]
  if (phi$est != 0) say(prefix, "_PHI = ", fmt(phi$est))
}

unrotated <- efa_fit("none")
pe <- parameterEstimates(unrotated)
psi_unrotated <- pe[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% vars, "est"]

say("R_VERSION = \"", R.version.string, "\"")
say("LAVAAN_VERSION = \"", as.character(packageVersion("lavaan")), "\"")
say("NOBS = ", n)
say("# sem(..., rotation = \"none\"): the unrotated solution's residual variances")
emit("UNROTATED", unrotated, loadings = FALSE)
say("# sem(..., rotation = \"varimax\", rotation.args = list(row.weights = \"kaiser\"))")
emit("VARIMAX", efa_fit("varimax", list(row.weights = "kaiser")))
say("# sem(..., rotation = \"oblimin\",")
say("#     rotation.args = list(oblimin.gamma = 0, row.weights = \"none\")): quartimin,")
say("#     as GPArotation::oblimin")
emit("QUARTIMIN", efa_fit("oblimin", list(oblimin.gamma = 0, row.weights = "none")),
     se = FALSE)
