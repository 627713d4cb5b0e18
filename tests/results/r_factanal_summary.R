# Generates tests/results/r_factanal_summary.py: what print(factanal(...)) shows for R's
# ?factanal example (ability.cov, two factors), and the same rotations run to
# convergence. Run from the repository root:
#
#     Rscript tests/results/r_factanal_summary.R > tests/results/r_factanal_summary.py
#
# factanal rotates with stats::varimax(x, normalize = TRUE, eps = 1e-5), which stops when
# the criterion grows by less than a relative 1e-5: its loadings are up to 0.003 from
# the varimax optimum, which varimax(..., eps = 1e-14) reaches (promax starts from the
# same varimax, so its loadings and correlations move too). The converged rotations start
# from factanal's optimum found to round-off (TIGHT: L-BFGS-B with factr = 1, pgtol = 0);
# factanal's default stops its uniquenesses ~1e-5 short.
source("tests/results/pyliterals.R")
say_matrix <- function(name, m) say(name, " = ", pyvec(as.vector(t(unclass(m)))),
                                    ".reshape(", nrow(m), ", ", ncol(m), ")")
promax_converged <- function(x, m = 4) {  # stats::promax with a converged varimax
  x <- varimax(x, eps = 1e-14)$loadings
  Q <- x * abs(x)^(m - 1)
  U <- lm.fit(x, Q)$coefficients
  d <- diag(solve(t(U) %*% U))
  U <- U %*% diag(sqrt(d))
  z <- x %*% U
  tmat <- solve(U)
  list(loadings = z, phi = tmat %*% t(tmat))
}
ss <- function(l) colSums(unclass(l)^2)
TIGHT <- list(opt = list(factr = 1, pgtol = 0, maxit = 10000))
none <- factanal(factors = 2, covmat = ability.cov, rotation = "none", control = TIGHT)
vari <- factanal(factors = 2, covmat = ability.cov)
prom <- factanal(factors = 2, covmat = ability.cov, rotation = "promax")
conv <- varimax(loadings(none), eps = 1e-14)$loadings
pconv <- promax_converged(loadings(none))
ptmat <- solve(prom$rotmat)
say('"""print(factanal(factors = 2, covmat = ability.cov)) and the rotations converged.')
say("")
say("GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_factanal_summary.R``")
say("(", R.version.string, ")::")
say("")
say("    TIGHT <- list(opt = list(factr = 1, pgtol = 0, maxit = 10000))")
say("    none <- factanal(factors = 2, covmat = ability.cov, rotation = \"none\",")
say("                     control = TIGHT)                            # to round-off")
say("    vari <- factanal(factors = 2, covmat = ability.cov)         # varimax, eps = 1e-5")
say("    prom <- factanal(factors = 2, covmat = ability.cov, rotation = \"promax\")")
say("    conv <- varimax(loadings(none), eps = 1e-14)$loadings       # converged varimax")
say("")
say("``TIGHT_UNIQUENESSES``: ``none$uniquenesses``.")
say("``FACTANAL_*``: factanal's (``vari``) loadings, uniquenesses, SS loadings")
say("(``colSums(loadings^2)``), STATISTIC, dof, PVAL; ``PROMAX_PHI``: ``prom``'s factor")
say("correlations (``solve(rotmat) %*% t(solve(rotmat))``). ``CONVERGED_*``: the loadings and")
say("SS loadings of ``conv``, and the factor correlations of stats::promax run on ``conv``")
say("(the .R script's promax_converged).")
say('"""')
say("")
say("import numpy as np")
say("")
say_matrix("FACTANAL_VARIMAX", loadings(vari))
say("FACTANAL_UNIQUENESSES = ", pyvec(vari$uniquenesses))
say("TIGHT_UNIQUENESSES = ", pyvec(none$uniquenesses))
say("FACTANAL_SS = ", pyvec(ss(loadings(vari))))
say("FACTANAL_STATISTIC = ", fmt(vari$STATISTIC))
say("FACTANAL_DOF = ", vari$dof)
say("FACTANAL_PVALUE = ", fmt(vari$PVAL))
say("PROMAX_PHI = ", fmt((ptmat %*% t(ptmat))[1, 2]))
say("PROMAX_SS = ", pyvec(ss(loadings(prom))))
say_matrix("CONVERGED_VARIMAX", conv)
say("CONVERGED_SS = ", pyvec(ss(conv)))
say("CONVERGED_PROMAX_PHI = ", fmt(pconv$phi[1, 2]))
