# Generates tests/results/factor_fit_reference.py: reference numbers from R's factanal and
# psych::fa for the fit statistics and factor scores of emstats.models._factor_fit.
# Run from the repository root:
#
#     Rscript tests/results/factor_fit_reference.R [output.py]
#
# Needs psych (Debian's r-cran-psych).  Deterministic except the parallel-analysis block,
# which is seeded (set.seed below).

suppressPackageStartupMessages(library(psych))

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[1] else "tests/results/factor_fit_reference.py"

# Shortest of %.15g / %.16g / %.17g that reads back as the same double.
fnum <- function(x) {
  if (is.na(x)) return("None")
  for (d in 15:17) {
    s <- sprintf(paste0("%.", d, "g"), x)
    if (as.numeric(s) == x) break
  }
  if (!grepl("[.eEn]", s)) s <- paste0(s, ".0")
  s
}
# A list literal whose continuation lines are indented by 'ind' (lines <= 99 characters
# when the first line starts at most 'start' characters in).
vec <- function(x, ind = 12, start = 28) {
  items <- vapply(as.numeric(x), fnum, "")
  lines <- character(0)
  line <- "["
  for (i in seq_along(items)) {
    item <- paste0(items[i], if (i < length(items)) "," else "]")
    width <- 99 - if (length(lines) == 0) start else 0
    if (nchar(line) + 1 + nchar(item) > width && line != "[") {
      lines <- c(lines, line)
      line <- paste0(strrep(" ", ind), item)
    } else {
      line <- paste0(line, if (line == "[") "" else " ", item)
    }
  }
  if (length(items) == 0) line <- "[]"
  paste(c(lines, line), collapse = "\n")
}
mat <- function(m) {
  rows <- vapply(seq_len(nrow(m)), function(i) paste0("            ", vec(m[i, ], 13, 13), ","), "")
  paste0("[\n", paste(rows, collapse = "\n"), "\n        ]")
}
entry <- function(key, fields) {
  body <- vapply(names(fields), function(n) sprintf("        \"%s\": %s,", n, fields[[n]]), "")
  paste0("    ", key, ": {\n", paste(body, collapse = "\n"), "\n    },")
}
block <- function(name, entries) paste0(name, " = {\n", paste(entries, collapse = "\n"), "\n}\n")

DATA <- list(ability = list(cov = ability.cov$cov, n = ability.cov$n.obs, k = 1:2),
             harman23 = list(cov = Harman23.cor$cov, n = 305, k = 1:4),
             harman74 = list(cov = Harman74.cor$cov, n = 145, k = 1:5))

correlations <- character(0)
fa_entries <- character(0)
psych_entries <- character(0)
for (name in names(DATA)) {
  d <- DATA[[name]]
  for (k in d$k) {
    # factanal(covmat = <cov>, factors = k, n.obs = <n>, rotation = "none")
    f <- factanal(covmat = d$cov, factors = k, n.obs = d$n, rotation = "none")
    key <- sprintf("(\"%s\", %d)", name, k)
    if (k == 1) correlations <- c(correlations, sprintf("    \"%s\": %s,", name,
                                                        mat(f$correlation)))
    fa_entries <- c(fa_entries, entry(key, list(
      nobs = sprintf("%d", as.integer(d$n)), objective = fnum(f$criteria[["objective"]]),
      statistic = fnum(unname(f$STATISTIC)), dof = sprintf("%d", as.integer(f$dof)),
      pvalue = fnum(unname(f$PVAL)), uniquenesses = vec(f$uniquenesses),
      loadings = mat(unclass(f$loadings)))))
    # psych::fa(r = <cov>, nfactors = k, n.obs = <n>, fm = "ml", rotate = "none")
    g <- fa(r = d$cov, nfactors = k, n.obs = d$n, fm = "ml", rotate = "none")
    stat <- g$STATISTIC
    # The same RMSEA bounds as psych's fa.stats, with uniroot's tolerance at 1e-14
    # instead of its default (~1.2e-4 on the noncentrality).
    bound <- function(prob) {
      if (pchisq(stat, g$dof) <= prob) return(0)
      ncp <- uniroot(function(x) pchisq(stat, g$dof, ncp = x) - prob,
                     c(0, max(d$n, stat) + 2 * d$n), tol = 1e-14)$root
      sqrt(ncp / (d$n - 1) / g$dof)
    }
    # CFI (Bentler 1990) from psych's statistics: 1 - max(chi - df, 0) /
    # max(chi0 - df0, chi - df, 0) with chi = STATISTIC, chi0 = null.chisq.
    cfi <- 1 - max(stat - g$dof, 0) / max(g$null.chisq - g$null.dof, stat - g$dof, 0)
    psych_entries <- c(psych_entries, entry(key, list(
      objective = fnum(g$objective), statistic = fnum(stat),
      dof = sprintf("%d", as.integer(g$dof)), pvalue = fnum(g$PVAL),
      rmsea = vec(g$RMSEA[1:3]), rmsea_ci_tight = vec(c(bound(0.95), bound(0.05))),
      tli = fnum(g$TLI), bic = fnum(g$BIC), null_objective = fnum(g$null.model),
      null_chisq = fnum(g$null.chisq), null_dof = sprintf("%d", as.integer(g$null.dof)),
      cfi = fnum(cfi), loadings = mat(unclass(g$loadings)))))
  }
}

# Factor scores: factanal(attitude, factors = 2, scores = <s>, rotation = <r>).
# datasets::attitude (Chatterjee and Price 1977, Regression Analysis by Example, 30 x 7)
# is shipped as tests/results/attitude.csv, written here.
write.csv(datasets::attitude, file.path(dirname(out_path), "attitude.csv"), row.names = FALSE)
score_entries <- character(0)
unrotated <- factanal(attitude, factors = 2, rotation = "none")
common <- tcrossprod(unclass(unrotated$loadings))
for (rotation in c("varimax", "promax")) {
  for (scores in c("regression", "Bartlett")) {
    f <- factanal(attitude, factors = 2, scores = scores, rotation = rotation)
    lam <- unclass(f$loadings)
    # Factor correlations of the sorted loadings: the Phi with lam Phi lam' = L0 L0'
    # (print.factanal's solve(rotmat) ignores the reordering done by sortLoadings).
    pinv <- solve(crossprod(lam), t(lam))
    phi <- pinv %*% common %*% t(pinv)
    fields <- list(loadings = mat(lam), uniquenesses = vec(f$uniquenesses), phi = mat(phi),
                   scores = mat(f$scores))
    if (scores == "regression") fields$scores_times_phi <- mat(f$scores %*% phi)
    score_entries <- c(score_entries, entry(sprintf("(\"%s\", \"%s\")", rotation, scores),
                                            fields))
  }
}

# Parallel analysis: eigenvalues of the correlation matrix of 100 x 10 iid normal data.
set.seed(20240601)
reps <- 20000
ev <- t(replicate(reps, eigen(cor(matrix(rnorm(100 * 10), 100, 10)),
                             symmetric = TRUE, only.values = TRUE)$values))

header <- c(
  '"""Reference numbers from R for the fit statistics and factor scores of factor analysis.',
  "",
  "GENERATED FILE -- do not edit by hand.  Produced by",
  "``tests/results/factor_fit_reference.R``; to regenerate, run from the repository root::",
  "",
  "    Rscript tests/results/factor_fit_reference.R tests/results/factor_fit_reference.py",
  "",
  sprintf("%s, psych %s.", sub("R version ", "R ", R.version.string),
          packageVersion("psych")),
  "Floats are the shortest of ``%.15g``, ``%.16g``, ``%.17g`` that reads back as the same",
  "double.",
  "",
  "``CORRELATIONS``: factanal's ``correlation`` (the standardised ``covmat``) of",
  "``ability.cov$cov`` (n.obs 112), ``Harman23.cor$cov`` (n.obs 305) and",
  "``Harman74.cor$cov`` (n.obs 145).",
  "",
  "``FACTANAL[(name, k)]``: ``factanal(covmat = <cov>, factors = k, n.obs = <n>,",
  'rotation = "none")``: ``criteria["objective"]``, ``STATISTIC``, ``dof``, ``PVAL``,',
  "``uniquenesses`` and ``loadings``.",
  "",
  "``PSYCH[(name, k)]``: ``psych::fa(r = <cov>, nfactors = k, n.obs = <n>, fm = \"ml\",",
  'rotate = "none")`` (default alpha = 0.1, a 90% RMSEA interval): ``objective``,',
  "``STATISTIC``, ``dof``, ``PVAL``, ``RMSEA[1:3]``, ``TLI``, ``BIC``, ``null.model``,",
  "``null.chisq``, ``null.dof`` and ``loadings``.  ``rmsea_ci_tight`` repeats psych's",
  "RMSEA bounds (fa.stats' formula) with ``uniroot(..., tol = 1e-14)``; ``cfi`` is",
  "``1 - max(STATISTIC - dof, 0) / max(null.chisq - null.dof, STATISTIC - dof, 0)``",
  "computed in R from psych's values (psych 2.2.9 reports no CFI).",
  "",
  "``SCORES[(rotation, method)]``: ``factanal(attitude, factors = 2, scores = <method>,",
  "rotation = <rotation>)`` on ``datasets::attitude`` (Chatterjee and Price 1977; written",
  "by this script to ``attitude.csv``):",
  "``loadings``, ``uniquenesses``, ``scores``; ``phi`` solves ``lam phi lam' = L0 L0'``",
  "with ``L0`` the loadings of ``factanal(attitude, 2, rotation = \"none\")``;",
  "``scores_times_phi`` is ``scores %*% phi`` (R 4.2.2 omits Phi from promax regression",
  "scores; see emstats.models._factor_fit.factor_scores).",
  "",
  "``PARALLEL_100_10``: mean and standard error over 20000 replicates (set.seed(20240601))",
  "of ``eigen(cor(matrix(rnorm(100 * 10), 100, 10)))$values``.",
  '"""',
  "")

out <- c(header,
         paste0("CORRELATIONS = {\n", paste(correlations, collapse = "\n"), "\n}\n"),
         block("FACTANAL", fa_entries), block("PSYCH", psych_entries),
         block("SCORES", score_entries),
         sprintf("PARALLEL_100_10 = {\n    \"mean\": %s,\n    \"se\": %s,\n}",
                 vec(colMeans(ev)), vec(apply(ev, 2, sd) / sqrt(reps))))
writeLines(out, out_path)
