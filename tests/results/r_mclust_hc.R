# Generates tests/results/r_mclust_hc.py: mclust's hierarchical start partitions and its
# default BIC tables. Run from the repository root (needs Debian's r-cran-mclust):
#
#     Rscript tests/results/r_mclust_hc.R > tests/results/r_mclust_hc.py
suppressPackageStartupMessages(library(mclust))
source("tests/results/pyliterals.R")
data(banknote)
# The labels of one G as "G: np.array([...])," with 25 labels a line.
say_labels <- function(g, labels) {
  lines <- split(labels, ceiling(seq_along(labels) / 25))
  say(sprintf("    %d: np.array([\n        ", g),
      paste(vapply(lines, paste, "", collapse = ", "), collapse = ",\n        "), ",\n    ]),")
}
# One row of a table, four numbers a line.
say_row <- function(x) {
  lines <- split(x, ceiling(seq_along(x) / 4))
  say("        [\n            ", paste(vapply(lines, paste, "", collapse = ", "),
                                     collapse = ",\n            "), ",\n        ],")
}
TIGHT <- emControl(tol = c(1e-10, 1e-10))
sets <- list(faithful = faithful, iris = iris[, 1:4], banknote = banknote[, -1])
say('"""mclust\'s hierarchical start partitions and default BIC tables.')
say("")
say("GENERATED FILE -- do not edit by hand. Produced by ``tests/results/r_mclust_hc.R``::")
say("")
say("    Rscript tests/results/r_mclust_hc.R > tests/results/r_mclust_hc.py")
say("")
say(R.version.string, ", mclust ", as.character(packageVersion("mclust")), ".")
say("Data: ``faithful``, ``iris[, 1:4]``, ``banknote[, -1]`` (mclust's data set, emstats'")
say("``load_banknote()``). ``PARTITIONS[(name, use)][G]`` is")
say("``hclass(hc(data, modelName = \"VVV\", use = use), G)`` minus 1 (0-based labels, numbered")
say("in order of first appearance), G = 2..9: the partitions mclustBIC starts ``me`` from")
say("(``use = \"SVD\"`` is ``mclust.options(\"hcUse\")``). ``QCLASS[column][G]`` is")
say("``mclust:::qclass(faithful[[column]], G)`` minus 1, mclustBIC's start for one variable")
say("(eruptions, waiting: many ties). ``BIC[name]`` is the default")
say("``mclustBIC(data)`` (G = 1:9, all 14 models, emControl() defaults: tol = c(1e-5,")
say("sqrt(.Machine$double.eps))); ``bic[i][j]`` is row G[i], column models[j], NA -> None.")
say("``bic_tight`` is the same cell from the same start run to a tight tolerance,")
say("``me(data, model, z = unmap(hclass(hc(data), G)), control = emControl(tol = c(1e-10,")
say("1e-10)))`` (G = 1: the default table's value), NA where mclust's converged fit fails")
say("(a component collapsing: the default's value there is a stop on the way).")
say('"""')
say("")
say("import numpy as np")
say("")
say("PARTITIONS = {}")
for (name in names(sets)) {
  uses <- if (name == "faithful") c("SVD", "STD", "VARS") else "SVD"
  for (use in uses) {
    cl <- hclass(hc(sets[[name]], modelName = "VVV", use = use), 2:9)
    say(sprintf('PARTITIONS[("%s", "%s")] = {', name, use))
    for (g in 2:9) say_labels(g, cl[, as.character(g)] - 1)
    say("}")
  }
}
say("")
say("QCLASS = {}")
for (column in c("eruptions", "waiting")) {
  say(sprintf('QCLASS["%s"] = {', column))
  for (g in 2:9) say_labels(g, mclust:::qclass(faithful[[column]], g) - 1)
  say("}")
}
say("")
say("BIC = {}")
for (name in names(sets)) {
  b <- mclustBIC(sets[[name]], verbose = FALSE)
  say(sprintf('BIC["%s"] = {', name))
  say('    "G": [', paste(rownames(b), collapse = ", "), "],")
  say('    "models": [\n        ', paste0('"', colnames(b)[1:7], '"', collapse = ", "),
      ",\n        ", paste0('"', colnames(b)[8:14], '"', collapse = ", "), ",\n    ],")
  say('    "bic": [')
  for (i in seq_len(nrow(b))) {
    say_row(ifelse(is.na(b[i, ]), "None", fmt(b[i, ])))
  }
  say("    ],")
  hcpairs <- hc(sets[[name]], modelName = "VVV", use = "SVD")
  tight <- matrix(NA, nrow(b), ncol(b))
  for (i in seq_len(nrow(b))) {
    g <- as.integer(rownames(b)[i])
    z <- if (g > 1) unmap(hclass(hcpairs, g))
    for (j in seq_len(ncol(b))) {
      if (g == 1) {
        tight[i, j] <- b[i, j]
        next
      }
      fit <- me(sets[[name]], modelName = colnames(b)[j], z = z, control = TIGHT)
      if (!is.na(fit$loglik))
        tight[i, j] <- bic(colnames(b)[j], fit$loglik, nrow(sets[[name]]),
                           ncol(sets[[name]]), g)
    }
  }
  say('    "bic_tight": [')
  for (i in seq_len(nrow(b))) {
    say_row(ifelse(is.na(tight[i, ]), "None", fmt(tight[i, ])))
  }
  say("    ],")
  say("}")
}
