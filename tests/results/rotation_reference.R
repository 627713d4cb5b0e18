# Reference numbers for tests/results/rotation_reference.py (factor rotations).
# Run:  Rscript tests/results/rotation_reference.R > rotation_reference.txt
#
# Written for R 4.2.2 Patched (2022-11-10 r83330), GPArotation 2022.10.2, psych 2.2.9.
# Prints Python literals (sprintf("%.17g")) that were pasted into the module.
#
# Convention of the printed cases: loadings are sorted as factanal's sortLoadings does
# (columns by decreasing sum of squares, then each column signed so that its sum is
# positive); rotation_matrix is the R rotation matrix (stats' rotmat, or t(solve(Th))
# for GPArotation, as factanal stores it) with the same column permutation and signs,
# so that unrotated %*% rotation_matrix == loadings; phi = solve(rm) %*% t(solve(rm)),
# i.e. GPArotation's Phi (or the factor correlations print.factanal shows) with the
# permutation and signs applied to rows and columns.
suppressMessages(library(GPArotation))

fmt <- function(x) ifelse(is.na(x), "nan", sprintf("%.17g", x))
# A matrix as a row-major flat list, three numbers a line, reshaped in Python.
pymat <- function(m) {
  x <- fmt(c(t(m)))
  lines <- split(x, ceiling(seq_along(x) / 3))
  body <- paste(vapply(lines, paste, "", collapse = ", "), collapse = ",\n    ")
  sprintf("np.reshape([\n    %s,\n], (%d, %d))", body, nrow(m), ncol(m))
}
say <- function(...) cat(..., "\n", sep = "")

# factanal's sortLoadings (stats 4.2.2), extended to carry the rotation matrix along.
sort_solution <- function(lambda, rotmat) {
  lambda <- unclass(lambda)
  o <- order(apply(lambda, 2L, function(x) -sum(x^2)))
  s <- ifelse(colSums(lambda[, o, drop = FALSE]) < 0, -1, 1)
  rm <- rotmat[, o, drop = FALSE] %*% diag(s)
  tmat <- solve(rm)
  list(loadings = lambda[, o, drop = FALSE] %*% diag(s), rotmat = rm,
       phi = tmat %*% t(tmat))
}

emit <- function(name, sol, note, gradient = NA, oblique = FALSE) {
  say("    \"", name, "\": Case(")
  say("        call=\"", note, "\",")
  say("        loadings=", pymat(sol$loadings), ",")
  say("        rotation_matrix=", pymat(sol$rotmat), ",")
  if (oblique) say("        phi=", pymat(sol$phi), ",") else say("        phi=None,")
  say("        log10_gradient=", fmt(gradient), ",")
  say("    ),")
}

gpa <- function(name, fun, L, note, ...) {
  r <- suppressWarnings(fun(L, eps = 1e-8, maxit = 3000, ...))
  rm <- t(solve(r$Th))
  sol <- sort_solution(r$loadings, rm)
  stopifnot(max(abs(unclass(L) %*% rm - r$loadings)) < 1e-12)
  if (!r$orthogonal) stopifnot(max(abs(solve(rm) %*% t(solve(rm)) - r$Phi)) < 1e-12)
  emit(name, sol, note, r$Table[nrow(r$Table), 3], oblique = !r$orthogonal)
}

ability <- factanal(factors = 2, covmat = ability.cov, rotation = "none")$loadings
harman <- factanal(factors = 4, covmat = Harman74.cor, rotation = "none")$loadings

say("R_VERSION = \"", R.version.string, "\"")
say("GPAROTATION_VERSION = \"", as.character(packageVersion("GPArotation")), "\"")
say("PSYCH_VERSION = \"", as.character(packageVersion("psych")), "\"")
say("GENERATED = \"", format(Sys.Date()), "\"")
say("ABILITY_UNROTATED = ", pymat(unclass(ability)))
say("HARMAN_UNROTATED = ", pymat(unclass(harman)))

# log10 of GPArotation's projected-gradient norm of the varimax criterion (on the
# Kaiser-normalised loadings) at stats::varimax's rotmat: R's own measure of how far
# Kaiser's iteration stopped from the optimum (its stopping rule is on the criterion).
varimax_gradient <- function(L, rotmat) {
  r <- suppressWarnings(GPForth(L / sqrt(rowSums(L^2)), Tmat = rotmat, method = "varimax",
                                maxit = 0))
  r$Table[1, 3]
}

# promax exactly as stats::promax, but with its varimax step converged tightly.
promax_tight <- stats::promax
environment(promax_tight) <- list2env(
  list(varimax = function(x) stats::varimax(x, eps = 1e-14)), parent = asNamespace("stats"))

# Targets: ability, a full target; Harman74, a partial one (NA = unspecified).
target_ability <- cbind(c(0.5, 0, 0, 0, 1, 1), c(0.5, 1, 1, 1, 0, 0))
target_harman <- matrix(NA_real_, 24, 4)
target_harman[1:4, ] <- rep(c(NA, 0, 0, 0), each = 4)
target_harman[5:9, ] <- rep(c(0, NA, 0, 0), each = 5)
target_harman[10:13, ] <- rep(c(0, 0, NA, 0), each = 4)
target_harman[14:19, ] <- rep(c(0, 0, 0, NA), each = 6)
target_harman[1:4, 1] <- 0.7
say("ABILITY_TARGET = ", pymat(target_ability))
say("HARMAN_TARGET = ", pymat(target_harman))

for (data in c("ability", "harman")) {
  L <- get(data)
  p <- nrow(L); k <- ncol(L)
  tgt <- get(paste0("target_", data))
  say("REFERENCE_", toupper(data), " = {")

  fa <- factanal(factors = k, covmat = if (data == "ability") ability.cov else Harman74.cor,
                 rotation = "varimax")
  # fa$rotmat is not used: factanal's own unrotated loadings may differ from L by column
  # signs D (seen for Harman74, column 2), which makes its rotmat D %*% T %*% D.
  v <- varimax(L)
  sol <- sort_solution(v$loadings, v$rotmat)
  stopifnot(max(abs(sol$loadings - unclass(fa$loadings))) < 1e-15)
  emit("varimax_factanal", sol, "factanal(..., rotation = \\\"varimax\\\"); stats::varimax eps = 1e-5",
       varimax_gradient(L, v$rotmat))
  v <- varimax(L, eps = 1e-14)
  emit("varimax", sort_solution(v$loadings, v$rotmat), "stats::varimax(L, eps = 1e-14)",
       varimax_gradient(L, v$rotmat))

  fa <- factanal(factors = k, covmat = if (data == "ability") ability.cov else Harman74.cor,
                 rotation = "promax")
  pm <- promax(L)
  sol <- sort_solution(pm$loadings, pm$rotmat)
  stopifnot(max(abs(sol$loadings - unclass(fa$loadings))) < 1e-15)
  # log10_gradient of promax: that of its varimax step.
  emit("promax_factanal", sol, "factanal(..., rotation = \\\"promax\\\"); stats::promax(L, m = 4)",
       varimax_gradient(L, varimax(L)$rotmat), oblique = TRUE)
  pm <- promax_tight(L)
  emit("promax", sort_solution(pm$loadings, pm$rotmat),
       "stats::promax(L, m = 4) with its varimax call replaced by varimax(x, eps = 1e-14)",
       varimax_gradient(L, varimax(L, eps = 1e-14)$rotmat), oblique = TRUE)

  gpa("quartimax", quartimax, L, "GPArotation::quartimax(L, eps = 1e-8, maxit = 3000)")
  gpa("equamax", cfT, L, paste0("GPArotation::cfT(L, kappa = ", k, "/(2*", p,
      "), eps = 1e-8, maxit = 3000)"), kappa = k / (2 * p))
  gpa("oblimin", oblimin, L, "GPArotation::oblimin(L, gam = 0, eps = 1e-8, maxit = 3000)")
  gpa("geomin", geominQ, L, "GPArotation::geominQ(L, delta = 0.01, eps = 1e-8, maxit = 3000)")
  gpa("geomin_orthogonal", geominT, L,
      "GPArotation::geominT(L, delta = 0.01, eps = 1e-8, maxit = 3000)")
  gpa("target", targetT, L, "GPArotation::targetT(L, Target = <target>, eps = 1e-8, maxit = 3000)",
      Target = tgt)
  if (!anyNA(tgt)) {
    s <- svd(crossprod(unclass(L), tgt))
    rm <- s$u %*% t(s$v)
    emit("target_svd", sort_solution(unclass(L) %*% rm, rm),
         "orthogonal Procrustes in closed form: s <- svd(t(L) %*% Target); s$u %*% t(s$v)")
  }
  say("}")
}
# Cross-check: psych::equamax is GPArotation::cfT with kappa = k/(2p) (normalize = FALSE).
e1 <- suppressWarnings(psych::equamax(harman, eps = 1e-8, maxit = 3000))
e2 <- suppressWarnings(cfT(harman, kappa = 4 / 48, eps = 1e-8, maxit = 3000))
stopifnot(max(abs(e1$loadings - e2$loadings)) == 0)
