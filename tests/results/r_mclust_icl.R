# Generates tests/results/r_mclust_icl.py: mclust's ICL (mclust::icl), BIC, log-likelihood,
# df and "Clustering table" of summary.Mclust, for faithful and iris. Run from the
# repository root (needs Debian's r-cran-mclust):
#
#     Rscript tests/results/r_mclust_icl.R > tests/results/r_mclust_icl.py
#
# Each fit is Mclust(data, G = g, modelNames = m, control = CONTROL) with mclust's own
# (deterministic) hierarchical-clustering start; CONTROL converges to round-off so that the
# optimum is the same whichever program fits it (at tol 1e-12 faithful EEE G = 3, a flat
# likelihood, still moves its means by 1e-6 and its ICL by 7e-4). The Python side starts from
# mclust's MAP classification (CLASSIFICATION below, 0-based as emstats numbers states).
suppressPackageStartupMessages(library(mclust))
source("tests/results/pyliterals.R")
CONTROL <- emControl(tol = c(1e-16, 1e-16),
                     itmax = c(1e6, 1e6))
cases <- list(
  list(name = "faithful", data = faithful, model = "VVV", G = 2),
  list(name = "faithful", data = faithful, model = "EEE", G = 3),
  list(name = "iris", data = iris[, 1:4], model = "VEV", G = 2),
  list(name = "iris", data = iris[, 1:4], model = "VVV", G = 3)
)
say('"""mclust\'s ICL, BIC and clustering table (mclust::icl, summary.Mclust).')
say("")
say("GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_mclust_icl.R``::")
say("")
say("    Rscript tests/results/r_mclust_icl.R > tests/results/r_mclust_icl.py")
say("")
say(R.version.string, ", mclust ", as.character(packageVersion("mclust")), ".")
say("Each entry: ``fit <- Mclust(data, G = G, modelNames = model, control = emControl(tol =")
say("c(1e-16, 1e-16), itmax = c(1e6, 1e6)))``, data")
say("``faithful`` or ``iris[, 1:4]``; ``icl`` is ``icl(fit)``, ``bic`` ``fit$bic``, ``loglik``")
say("``fit$loglik``, ``df`` ``fit$df``, ``counts`` ``table(fit$classification)`` (what")
say("summary(fit) prints as the \"Clustering table\"), ``classification`` the MAP class")
say("minus 1, ``soft_icl`` mclust's BIC + 2 sum z log z (the soft-entropy variant, from")
say("fit$z) and ``means`` ``t(fit$parameters$mean)``.")
say('"""')
say("")
say("import numpy as np")
say("")
say("MCLUST = {}")
for (case in cases) {
  fit <- Mclust(case$data, G = case$G, modelNames = case$model, control = CONTROL,
                verbose = FALSE)
  z <- fit$z
  soft <- fit$bic + 2 * sum(ifelse(z > 0, z * log(z), 0))
  say(sprintf('MCLUST[("%s", "%s", %d)] = {', case$name, case$model, case$G))
  say('    "icl": ', fmt(icl(fit)), ",")
  say('    "soft_icl": ', fmt(soft), ",")
  say('    "bic": ', fmt(fit$bic), ",")
  say('    "loglik": ', fmt(fit$loglik), ",")
  say('    "n": ', fit$n, ",")
  say('    "df": ', fit$df, ",")
  say('    "counts": [', paste(as.integer(table(factor(fit$classification, 1:case$G))),
                             collapse = ", "), "],")
  say('    "means": ', gsub("\n", "\n    ", pyvec(as.vector(fit$parameters$mean))),
      ".reshape(", case$G, ", -1),")
  cls <- split(fit$classification - 1, ceiling(seq_along(fit$classification) / 30))
  say('    "classification": np.array([\n        ',
      paste(vapply(cls, paste, "", collapse = ", "), collapse = ",\n        "), ",\n    ]),")
  say("}")
}
