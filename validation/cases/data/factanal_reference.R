# Reference numbers of validation/cases/factor_references.py (R 4.2.2, stats::factanal).
# factanal's optimiser (L-BFGS-B) is run to the tightest tolerance, so that the numbers
# are the optimum itself rather than factanal's default stopping point (which leaves
# about 3e-6 in the uniquenesses of ability.cov, 1 factor).
# Run: Rscript factanal_reference.R > factanal_reference.txt
options(digits = 15)
ctl <- list(opt = list(factr = 1, pgtol = 0, maxit = 10000))
cases <- list(ability = list(ability.cov, 1:2), harman23 = list(Harman23.cor, 1:4),
              harman74 = list(Harman74.cor, 1:5))
cat(R.version.string, "\n")
for (name in names(cases)) {
  for (k in cases[[name]][[2]]) {
    f <- factanal(factors = k, covmat = cases[[name]][[1]], control = ctl)
    cat(name, k, f$STATISTIC, f$dof, f$PVAL, f$criteria[["objective"]],
        f$uniquenesses, "\n")
  }
}
# The varimax loadings of ability.cov, 2 factors, at the optimum: factanal's optimiser
# and stats::varimax both run to tight tolerances (factanal's default eps = 1e-5 stops
# the rotation about 3e-3 short of the varimax optimum).
tight <- factanal(factors = 2, covmat = ability.cov,
                  control = list(opt = ctl$opt, rotate = list(eps = 1e-14)))
cat("ability_varimax", t(unclass(tight$loadings)), "\n")
