# Generates tests/results/r_mclust.py: reference numbers from R's mclust (and mixtools)
# for Gaussian mixture models.  Run from the repository root:
#
#     Rscript tests/results/r_mclust.R [output.py]
#
# (default output: tests/results/r_mclust.py).  Needs the Debian packages r-cran-mclust
# and r-cran-mixtools.  Everything here is deterministic: no random starts are used
# (mclustBIC's hierarchical-clustering starts are deterministic, and normalmixEM is given
# all of its starting values).

suppressPackageStartupMessages({
  library(mclust)
  library(mixtools)
})

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[1] else "tests/results/r_mclust.py"

MODELS <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE",
            "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")
CONTROL <- emControl(tol = c(1e-12, 1e-12),
                     itmax = c(.Machine$integer.max, .Machine$integer.max))

# ---------------------------------------------------------------------------------------
# A tiny Python-literal pretty printer (line length <= 99).
# Values: NULL -> None; length-1 atomic -> scalar; py_list(...) -> list;
# py_tuple(...) -> tuple; py_dict(keys, values) -> dict (keys are Python source strings).
# ---------------------------------------------------------------------------------------
py_list <- function(x) {
  if (is.atomic(x)) x <- as.list(x)
  structure(unname(x), class = "pylist")
}
py_tuple <- function(x) {
  if (is.atomic(x)) x <- as.list(x)
  structure(unname(x), class = "pytuple")
}
py_dict <- function(keys, values) structure(list(keys = keys, values = values),
                                            class = "pydict")
py_int <- function(x) structure(as.integer(x), class = "pyint")
py_str <- function(x) sprintf("\"%s\"", gsub("\"", "\\\\\"", x))
key_str <- function(...) {
  parts <- list(...)
  s <- vapply(parts, function(p) if (is.character(p)) py_str(p) else
    sprintf("%d", as.integer(p)), "")
  if (length(s) == 1) s else paste0("(", paste(s, collapse = ", "), ")")
}

# Shortest of %.15g / %.16g / %.17g that reads back as the same double.
fnum <- function(x) {
  if (is.na(x)) return("None")
  if (is.infinite(x)) return(if (x > 0) "float(\"inf\")" else "-float(\"inf\")")
  for (d in 15:17) {
    s <- sprintf(paste0("%.", d, "g"), x)
    if (as.numeric(s) == x) break
  }
  if (!grepl("[.eEn]", s)) s <- paste0(s, ".0")
  s
}

scalar_str <- function(x) {
  if (is.null(x)) return("None")
  if (inherits(x, "pyint")) return(if (is.na(x)) "None" else sprintf("%d", unclass(x)))
  if (is.character(x)) return(py_str(x))
  if (is.logical(x)) return(if (is.na(x)) "None" else if (x) "True" else "False")
  if (is.integer(x)) return(if (is.na(x)) "None" else sprintf("%d", x))
  fnum(x)
}

is_container <- function(x) inherits(x, c("pylist", "pytuple", "pydict"))

# Render 'x' whose first line starts at column 'col' (0-based) with block indent 'ind'.
render <- function(x, ind, col) {
  if (!is_container(x)) return(scalar_str(x))
  if (inherits(x, "pydict")) {
    if (length(x$keys) == 0) return("{}")
    inner <- strrep(" ", ind + 4)
    lines <- character(0)
    for (i in seq_along(x$keys)) {
      head <- paste0(inner, x$keys[[i]], ": ")
      lines <- c(lines, paste0(head, render(x$values[[i]], ind + 4, nchar(head)), ","))
    }
    return(paste0("{\n", paste(lines, collapse = "\n"), "\n", strrep(" ", ind), "}"))
  }
  open <- if (inherits(x, "pytuple")) "(" else "["
  close <- if (inherits(x, "pytuple")) ")" else "]"
  n <- length(x)
  # try everything on one line
  items <- vapply(unclass(x), function(e) if (is_container(e)) "\n" else scalar_str(e), "")
  if (!any(items == "\n")) {
    tail1 <- if (inherits(x, "pytuple") && n == 1) "," else ""
    one <- paste0(open, paste(items, collapse = ", "), tail1, close)
    if (col + nchar(one) + 1 <= 99) return(one)
    # wrap scalars, hanging indent
    inner <- strrep(" ", ind + 4)
    lines <- character(0)
    cur <- inner
    for (it in items) {
      piece <- paste0(it, ",")
      if (cur != inner && nchar(cur) + 1 + nchar(piece) > 99) {
        lines <- c(lines, cur)
        cur <- paste0(inner, piece)
      } else {
        cur <- if (cur == inner) paste0(inner, piece) else paste(cur, piece)
      }
    }
    lines <- c(lines, cur)
    return(paste0(open, "\n", paste(lines, collapse = "\n"), "\n", strrep(" ", ind), close))
  }
  # nested containers: try one line, otherwise one element per line
  sub1 <- vapply(unclass(x), function(e) render(e, 0, 0), "")
  if (!any(grepl("\n", sub1))) {
    one <- paste0(open, paste(sub1, collapse = ", "), close)
    if (col + nchar(one) + 1 <= 99) return(one)
  }
  inner <- strrep(" ", ind + 4)
  lines <- vapply(unclass(x), function(e) paste0(inner, render(e, ind + 4, ind + 4), ","), "")
  paste0(open, "\n", paste(lines, collapse = "\n"), "\n", strrep(" ", ind), close)
}

assign_str <- function(name, x) paste0(name, " = ", render(x, 0, nchar(name) + 3), "\n")

# ---------------------------------------------------------------------------------------
# Helpers for one me() fit
# ---------------------------------------------------------------------------------------
mat_rows <- function(m) py_list(lapply(seq_len(nrow(m)), function(i) py_list(m[i, ])))

run_me <- function(data, model, cl, prior = NULL, control = CONTROL) {
  data <- as.matrix(data)
  n <- nrow(data)
  d <- ncol(data)
  G <- max(cl)
  warns <- character(0)
  fit <- tryCatch(
    withCallingHandlers(
      me(data = data, modelName = model, z = unmap(cl), prior = prior, control = control,
         warn = TRUE),
      warning = function(w) {
        warns <<- c(warns, conditionMessage(w))
        invokeRestart("muffleWarning")
      }),
    error = function(e) e)
  npar <- nMclustParams(model, d = d, G = G)
  if (inherits(fit, "error")) {
    return(list(ok = FALSE, npar = npar, errmsg = conditionMessage(fit), warns = warns))
  }
  info <- attr(fit, "info")
  inner <- attr(info, "inner")
  if (is.list(info)) info <- unlist(info)  # EVV returns a list
  ll <- fit$loglik
  res <- list(ok = !is.na(ll), npar = npar, fit = fit, loglik = ll, warns = warns,
              wattr = attr(fit, "WARNING"), rc = attr(fit, "returnCode"),
              iterations = if (is.null(info)) NA else unname(info[1]),
              error = if (is.null(info)) NA else unname(info[2]),
              inner_iterations = if (is.null(inner)) NA else unname(inner[1]),
              inner_error = if (is.null(inner)) NA else unname(inner[2]))
  if (res$ok) {
    res$bic <- bic(model, ll, n, d, G)
    ld <- dens(modelName = model, data = data, logarithm = TRUE,
               parameters = fit$parameters)
    res$loglik_dens <- sum(ld)
    res$dens_diff <- abs(sum(ld) - ll)
    # continue EM from the E-step of the returned parameters: the loglik should not move
    fit2 <- me(data = data, modelName = model, z = fit$z, prior = prior, control = control)
    res$restart_diff <- abs(fit2$loglik - ll)
    res$restart_iterations <- unname(unlist(attr(fit2, "info"))[1])
    if (is.null(prior)) res$polished <- polish(data, model, fit$z, fit$parameters)
  }
  res
}

# Polishing: plain EM steps (estep/mstep, no loglik-based stopping rule) continued from
# me()'s result until the largest relative parameter change of one step,
# max |p_new - p_old| / (1 + |p_old|) over pro, mean and sigma, stays below 1e-13 for 10
# consecutive steps (at most 20000 steps).  Inner M-step loops use tol 1e-15, itmax 10000.
POLISH_CONTROL <- emControl(tol = c(1e-12, 1e-15), itmax = c(.Machine$integer.max, 10000))
pvec <- function(p) c(p$pro, p$mean, p$variance$sigma)
polish <- function(data, model, z, start_par, maxit = 20000, stop = 1e-13, run = 10) {
  par <- mstep(data = data, modelName = model, z = z, control = POLISH_CONTROL)$parameters
  steps <- numeric(0)
  converged <- FALSE
  for (it in 1:maxit) {
    e <- estep(data = data, modelName = model, parameters = par)
    np <- mstep(data = data, modelName = model, z = e$z, control = POLISH_CONTROL)$parameters
    steps <- c(steps, max(abs(pvec(np) - pvec(par)) / (1 + abs(pvec(par)))))
    par <- np
    if (it >= run && max(tail(steps, run)) < stop) {
      converged <- TRUE
      break
    }
  }
  ll <- sum(dens(modelName = model, data = data, logarithm = TRUE, parameters = par))
  list(par = par, loglik = ll, iterations = it + 1, converged = converged,
       last_steps_max = max(tail(steps, run)),
       me_param_maxreldiff = max(abs(pvec(start_par) - pvec(par)) / (1 + abs(pvec(par)))))
}

fit_entry <- function(r) {
  keys <- c("\"loglik\"", "\"npar\"", "\"bic\"", "\"iterations\"", "\"error\"",
            "\"inner_iterations\"", "\"inner_error\"", "\"returncode\"", "\"warning\"")
  warn_msg <- unique(c(r$wattr, r$warns, r$errmsg))
  warn_val <- if (length(warn_msg) == 0) NULL else paste(warn_msg, collapse = "; ")
  if (is.null(r$fit) || !r$ok) {
    vals <- list(NULL, py_int(r$npar), NULL, NULL, NULL, NULL, NULL,
                 if (is.null(r$rc)) NULL else py_int(r$rc), warn_val)
    keys <- c(keys, "\"pro\"", "\"mean\"", "\"sigma\"")
    vals <- c(vals, list(NULL, NULL, NULL))
    return(py_dict(keys, vals))
  }
  p <- r$fit$parameters
  G <- r$fit$G
  sig <- p$variance$sigma
  vals <- list(r$loglik, py_int(r$npar), r$bic, py_int(abs(r$iterations)), r$error,
               if (is.na(r$inner_iterations)) NULL else py_int(abs(r$inner_iterations)),
               if (is.na(r$inner_error)) NULL else r$inner_error,
               py_int(r$rc), warn_val)
  keys <- c(keys, "\"pro\"", "\"mean\"", "\"sigma\"", "\"loglik_dens\"",
            "\"loglik_dens_absdiff\"", "\"restart_loglik_absdiff\"", "\"restart_iterations\"")
  vals <- c(vals, list(
    py_list(as.numeric(p$pro)),
    py_list(lapply(seq_len(G), function(k) py_list(as.numeric(p$mean[, k])))),
    py_list(lapply(seq_len(G), function(k) mat_rows(sig[, , k]))),
    r$loglik_dens, r$dens_diff, r$restart_diff, py_int(r$restart_iterations)))
  if (!is.null(r$polished)) {
    q <- r$polished
    pp <- q$par
    keys <- c(keys, "\"polished\"")
    vals <- c(vals, list(py_dict(
      c("\"loglik\"", "\"loglik_gain\"", "\"me_param_maxreldiff\"", "\"converged\"",
        "\"iterations\"", "\"last_steps_max\"", "\"pro\"", "\"mean\"", "\"sigma\""),
      list(q$loglik, q$loglik - r$loglik, q$me_param_maxreldiff, q$converged,
           py_int(q$iterations), q$last_steps_max, py_list(as.numeric(pp$pro)),
           py_list(lapply(seq_len(G), function(k) py_list(as.numeric(pp$mean[, k])))),
           py_list(lapply(seq_len(G), function(k) mat_rows(pp$variance$sigma[, , k])))))))
  }
  py_dict(keys, vals)
}

# ---------------------------------------------------------------------------------------
# 1. Data
# ---------------------------------------------------------------------------------------
faithful_m <- as.matrix(datasets::faithful)
iris_m <- as.matrix(datasets::iris[, 1:4])
cl2 <- ifelse(faithful$waiting < 68, 1L, 2L)
cl3 <- ifelse(faithful$waiting < 60, 1L, ifelse(faithful$waiting < 75, 2L, 3L))
cl_iris <- as.integer(iris$Species)

# ---------------------------------------------------------------------------------------
# 2./3. me() from fixed partitions
# ---------------------------------------------------------------------------------------
me_keys <- character(0)
me_vals <- list()
summary_rows <- list()
for (G in 2:3) {
  cl <- if (G == 2) cl2 else cl3
  for (m in MODELS) {
    r <- run_me(faithful_m, m, cl)
    me_keys <- c(me_keys, key_str(m, G))
    me_vals[[length(me_vals) + 1]] <- fit_entry(r)
    summary_rows[[length(summary_rows) + 1]] <- r
  }
}
iris_keys <- character(0)
iris_vals <- list()
iris_rows <- list()
for (m in MODELS) {
  r <- run_me(iris_m, m, cl_iris)
  iris_keys <- c(iris_keys, key_str(m, 3))
  iris_vals[[length(iris_vals) + 1]] <- fit_entry(r)
  iris_rows[[length(iris_rows) + 1]] <- r
}

# ---------------------------------------------------------------------------------------
# 4. nMclustParams
# ---------------------------------------------------------------------------------------
np_keys <- character(0)
np_vals <- list()
for (m in MODELS) for (d in 2:4) for (G in c(1, 2, 3, 5)) {
  np_keys <- c(np_keys, key_str(m, d, G))
  np_vals[[length(np_vals) + 1]] <- py_int(nMclustParams(m, d = d, G = G))
}

# ---------------------------------------------------------------------------------------
# 5. mclustBIC tables
# ---------------------------------------------------------------------------------------
bic_entry <- function(b) {
  tab <- unclass(b)
  rc <- attr(b, "returnCodes")
  best <- pickBIC(b, 3)
  best_split <- strsplit(names(best), ",")
  top <- py_list(lapply(seq_along(best), function(i)
    py_tuple(list(best_split[[i]][1], py_int(best_split[[i]][2]), unname(best[i])))))
  py_dict(
    c("\"G\"", "\"models\"", "\"bic\"", "\"return_codes\"", "\"best\"", "\"top3\""),
    list(py_list(lapply(attr(b, "G"), py_int)), py_list(colnames(tab)),
         py_list(lapply(seq_len(nrow(tab)), function(i) py_list(as.numeric(tab[i, ])))),
         py_list(lapply(seq_len(nrow(rc)), function(i)
           py_list(lapply(rc[i, ], py_int)))),
         py_tuple(list(best_split[[1]][1], py_int(best_split[[1]][2]))),
         top))
}
bic_faithful <- mclustBIC(faithful)
bic_iris <- mclustBIC(iris[, 1:4], G = 1:5)

# ---------------------------------------------------------------------------------------
# 6. Conjugate prior (regularisation), VVV, G = 2
# ---------------------------------------------------------------------------------------
hyper <- defaultPrior(faithful_m, G = 2, modelName = "VVV")
prior_tight <- run_me(faithful_m, "VVV", cl2, prior = priorControl())
prior_default <- run_me(faithful_m, "VVV", cl2, prior = priorControl(), control = emControl())

# ---------------------------------------------------------------------------------------
# 7. mixtools normalmixEM on faithful$waiting
# ---------------------------------------------------------------------------------------
set.seed(1)
mix_out <- capture.output(
  mix <- normalmixEM(faithful$waiting, lambda = .5, mu = c(55, 80), sigma = 5,
                     arbvar = FALSE, epsilon = 1e-8))

# Re-implementation of mixtools' loop, to pin down its update exactly.  With
# arbvar = FALSE (and ECM = FALSE) the pooled sigma is computed from the squared
# residuals res2 = (x - mu_old)^2 that the *previous* E-step stored, i.e. around the means
# of the previous iteration, not the just-updated ones.  'textbook = TRUE' uses the new
# means instead (the exact EM M-step), for comparison.
mix_loop <- function(x, lambda, mu, sigma, eps, textbook, maxit = 1000) {
  n <- length(x)
  estep <- function(lambda, mu, sigma) {
    ld <- sapply(1:2, function(k) log(lambda[k]) + dnorm(x, mu[k], sigma, log = TRUE))
    mx <- pmax(ld[, 1], ld[, 2])
    lse <- mx + log(exp(ld[, 1] - mx) + exp(ld[, 2] - mx))
    list(post = exp(ld - lse), ll = sum(lse))
  }
  e <- estep(lambda, mu, sigma)
  ll <- e$ll
  diff <- eps + 1
  step <- Inf
  iter <- 0
  # eps = NULL: stop instead when the largest relative parameter change of one step,
  # max |p_new - p_old| / (1 + |p_old|), is below 1e-14
  while ((if (is.null(eps)) step >= 1e-14 else diff > eps) && iter < maxit) {
    old <- c(lambda, mu, sigma)
    post <- e$post
    lambda <- colMeans(post)
    mu_new <- colSums(post * x) / (n * lambda)
    centre <- if (textbook) mu_new else mu
    sigma <- sqrt(sum(post * outer(x, centre, "-")^2) / n)
    mu <- mu_new
    e <- estep(lambda, mu, sigma)
    step <- max(abs(c(lambda, mu, sigma) - old) / (1 + abs(old)))
    diff <- e$ll - ll[length(ll)]
    ll <- c(ll, e$ll)
    iter <- iter + 1
  }
  list(lambda = lambda, mu = mu, sigma = sigma, loglik = ll[length(ll)], all = ll,
       iterations = iter)
}
mix_re <- mix_loop(faithful$waiting, c(.5, .5), c(55, 80), 5, 1e-8, textbook = FALSE)
mix_tb <- mix_loop(faithful$waiting, c(.5, .5), c(55, 80), 5, 1e-8, textbook = TRUE)
# the same textbook EM run to full convergence (MLE reference)
mix_mle <- mix_loop(faithful$waiting, c(.5, .5), c(55, 80), 5, NULL, textbook = TRUE,
                    maxit = 10000)
stopifnot(max(abs(mix_re$all - mix$all.loglik)) < 1e-9)

# ---------------------------------------------------------------------------------------
# Write the Python module
# ---------------------------------------------------------------------------------------
rver <- sub("^R version ", "", R.version.string)
mcver <- as.character(packageVersion("mclust"))
mxver <- as.character(packageVersion("mixtools"))

doc <- c(
  "\"\"\"Reference numbers from R's mclust (and mixtools) for Gaussian mixture models.",
  "",
  "GENERATED FILE -- do not edit by hand.  Produced by ``tests/results/r_mclust.R``; to",
  "regenerate, run from the repository root (needs Debian's r-cran-mclust and",
  "r-cran-mixtools)::",
  "",
  "    Rscript tests/results/r_mclust.R tests/results/r_mclust.py",
  "",
  sprintf("R %s, mclust %s, mixtools %s.", rver, mcver, mxver),
  "Floats are the shortest of ``sprintf(\"%.15g\")``, ``%.16g``, ``%.17g`` that reads back",
  "as the same double, so they are the exact R doubles.",
  "",
  "Data: ``datasets::faithful`` (272 x 2: eruptions, waiting) and ``iris[, 1:4]``",
  "(150 x 4).  ``FAITHFUL_HEAD``/``IRIS_HEAD`` are the first 3 rows and ``*_COLSUMS`` the",
  "column sums (``colSums``), to check the Python copy of the data is the same.  R's",
  "``colSums`` accumulates in long double: ``math.fsum`` reproduces it exactly, a plain",
  "``numpy.sum`` of eruptions gives 948.6769999999999.  ``START_COUNTS`` are the class",
  "sizes of the start partitions.",
  "",
  "``FAITHFUL_ME[(model, G)]`` (G = 2, 3) and ``IRIS_ME[(model, 3)]`` come from::",
  "",
  "    control <- emControl(tol = c(1e-12, 1e-12),",
  "                         itmax = c(.Machine$integer.max, .Machine$integer.max))",
  "    cl2 <- ifelse(faithful$waiting < 68, 1, 2)",
  "    cl3 <- ifelse(faithful$waiting < 60, 1, ifelse(faithful$waiting < 75, 2, 3))",
  "    fit <- me(data = faithful, modelName = m, z = unmap(cl), control = control)",
  "    # iris: me(data = iris[, 1:4], modelName = m, z = unmap(as.integer(iris$Species)),",
  "    #          control = control)",
  "    nMclustParams(m, d, G); bic(m, fit$loglik, n, d, G)   # = 2 * loglik - npar * log(n)",
  "    sum(dens(m, data, logarithm = TRUE, parameters = fit$parameters))",
  "",
  "``me`` starts with an M-step from ``z`` (the 0/1 indicator matrix of the partition),",
  "then alternates E- and M-steps; one iteration = one M-step followed by one E-step, and",
  "``loglik`` is that of the parameters of the last M-step (so it equals ``loglik_dens``).",
  "Stopping rule (mclust Fortran): ``err = |l_new - l_old| / (1 + |l_new|)``; stop when",
  "``err <= tol[1]`` (1e-12 here) or ``iterations >= itmax[1]``; ``l_old`` starts at",
  "DBL_MAX/2, so at least 2 iterations are done.  ``error`` is that final ``err``.",
  "Models with an iterative M-step (VEI, VEE, EVE, VVE, VEV; the others, EVV included,",
  "have closed-form M-steps and ``inner_*`` None) run an inner loop stopping on a relative",
  "change ``<= tol[2]`` (1e-12 here; of the scale/shape parameters for VEI and VEV, of the",
  "M-step objective for VEE, EVE, VVE) or after ``itmax[2]`` steps, warm-started from the",
  "previous outer iteration (initially shape = 1, scale = 1, orientation = I).",
  "``inner_iterations`` is what mclust reports (VEI, VEV: the largest inner count over the",
  "outer iterations; VEE, EVE, VVE: that of the last outer iteration) and ``inner_error``",
  "the final inner change.",
  "``returncode`` 0 means converged; ``warning`` is mclust's WARNING attribute (None if",
  "none).  A failed fit (singular covariance, mixing proportion below threshold) would",
  "have ``loglik`` etc. None.  ``mean`` is a list of per-component mean vectors, ``sigma``",
  "a list of G d x d covariance matrices (``fit$parameters$variance$sigma[, , k]``).",
  "``loglik_dens_absdiff`` = |loglik - loglik_dens|; ``restart_loglik_absdiff`` is the",
  "change in loglik when ``me`` is run again from ``fit$z`` (a convergence check) and",
  "``restart_iterations`` its iteration count.",
  "",
  "The loglik-based stopping rule leaves the parameters short of the fixed point when EM",
  "is slow (faithful G = 3 needs 56-415 iterations).  Each entry's ``polished`` dict is",
  "the fit continued by plain EM steps, ``estep``/``mstep`` with no loglik-based stop",
  "(inner M-step loops: ``emControl(tol = c(1e-12, 1e-15), itmax = c(., 10000))``), from",
  "``mstep(z = fit$z)`` until the largest relative parameter change of one step,",
  "max |p_new - p_old| / (1 + |p_old|) over pro, mean and sigma, stayed below 1e-13 for",
  "10 consecutive steps (``converged``), at most 20000 steps (``iterations`` counts",
  "M-steps).  ``last_steps_max`` is the largest change over the last 10 steps,",
  "``loglik_gain`` = polished loglik - loglik, ``me_param_maxreldiff`` the largest",
  "relative difference between ``me``'s and the polished parameters (so the accuracy of",
  "the ``me`` values).  For VVE (and EVE) mclust's M-step is an MM loop stopped on the",
  "change of its objective, so it is inexact: polishing does not converge there (or, for",
  "faithful VVE G = 3, lowers the loglik) and those numbers are good to ~1e-6 only.",
  "",
  "``N_PARAMS[(model, d, G)] = nMclustParams(model, d, G)`` (means + covariance",
  "parameters + G - 1 mixing proportions).",
  "",
  "``FAITHFUL_BIC`` = ``mclustBIC(faithful)`` (G = 1:9, all 14 models, default",
  sprintf("hierarchical-clustering starts: ``hcUse = \"%s\"``, ``hcModelName = \"%s\"``,",
          mclust.options("hcUse"), mclust.options("hcModelName")),
  "default ``emControl()``: tol = c(1e-5, sqrt(.Machine$double.eps))), and ``IRIS_BIC`` =",
  "``mclustBIC(iris[, 1:4], G = 1:5)``.  ``bic[i][j]`` is row G[i], column models[j]",
  "(NA -> None); ``return_codes`` likewise; ``best``/``top3`` from ``pickBIC(b, 3)``",
  "(what ``summary(b)`` prints).",
  "",
  "``FAITHFUL_VVV_PRIOR`` = ``me(faithful, \"VVV\", z = unmap(cl2), prior = priorControl(),",
  "control = control)`` (same tight control as above); ``FAITHFUL_VVV_PRIOR_DEFAULT_CONTROL``",
  "is the same with the default ``emControl()``.  ``loglik`` is what mclust returns: the",
  "plain mixture log-likelihood at the MAP estimate (no prior term); ``bic`` uses it too",
  "(as mclustBIC does with a prior).  These two have no ``polished`` entry.",
  "``priorControl()`` = ``list(functionName = \"defaultPrior\")``, and",
  "``defaultPrior(data, G, \"VVV\")`` gives the conjugate prior (Fraley & Raftery 2007)",
  "mu_k | Sigma_k ~ N(mean, Sigma_k / shrinkage), Sigma_k ~ inverse Wishart(dof, scale)",
  "with shrinkage = 0.01, mean = colMeans(data), dof = d + 2,",
  "scale = var(data) / G^(2/d) (for n > d; the EII..VVI models use the scalar",
  "sum(apply(data, 2, var)) / G^(2/d) / d).  ``FAITHFUL_VVV_PRIOR_HYPER`` holds",
  "``defaultPrior(faithful, G = 2, modelName = \"VVV\")``.  The M-step (Fortran mevvvp) is",
  "    n_k = sum_i z_ik,  xbar_k = sum_i z_ik x_i / n_k,  pro_k = n_k / n,",
  "    mu_k = (n_k xbar_k + shrinkage mean) / (n_k + shrinkage),",
  "    Sigma_k = (scale + W_k + n_k shrinkage / (n_k + shrinkage)",
  "               (xbar_k - mean)(xbar_k - mean)^T) / (dof + n_k + d + 2),",
  "with W_k = sum_i z_ik (x_i - xbar_k)(x_i - xbar_k)^T.",
  "",
  "``MIXTOOLS_WAITING``::",
  "",
  "    set.seed(1)",
  "    fit <- normalmixEM(faithful$waiting, lambda = .5, mu = c(55, 80), sigma = 5,",
  "                       arbvar = FALSE, epsilon = 1e-8)",
  "",
  "(no random numbers are drawn: all starting values are given; lambda = .5 is recycled",
  "to c(.5, .5)).  mixtools first does an E-step at the start values, giving",
  "``all_loglik[0]``; each iteration is then an M-step plus an E-step that appends the",
  "new loglik, and the loop stops when ``loglik_new - loglik_old <= epsilon`` (signed",
  "gain, not relative) or at maxit = 1000.  ``iterations`` = ``len(all_loglik) - 1``",
  "(= the 'number of iterations=' it prints).  Caution: with ``arbvar = FALSE`` (ECM =",
  "FALSE) the pooled sigma update uses the squared residuals stored by the *previous*",
  "E-step, i.e. sigma^2 = sum_ik post_ik (x_i - mu_k_old)^2 / n around the means of the",
  "previous iteration, not the ones just updated; the fixed point is the MLE, but the",
  "path (and so the values at stop) differ from textbook EM.  ``MIXTOOLS_REIMPL`` is an R",
  "re-implementation of exactly that loop (matches ``all_loglik`` to < 1e-9);",
  "``MIXTOOLS_TEXTBOOK_EM`` is the same start and stopping rule with the exact EM M-step",
  "(sigma around the new means); ``MIXTOOLS_MLE`` is textbook EM from the same start run",
  "until the largest relative parameter change of one step is below 1e-14.  mixtools",
  "returns ``sigma`` per component (equal values here) and no ``scale`` (arbmean = TRUE).",
  "\"\"\"",
  "")

faithful_hdr <- function(m) py_list(lapply(1:3, function(i) py_list(as.numeric(m[i, ]))))
fit_dict <- function(r) fit_entry(r)

mix_dict <- function(x) py_dict(
  c("\"lambda\"", "\"mu\"", "\"sigma\"", "\"loglik\"", "\"iterations\"", "\"all_loglik\""),
  list(py_list(as.numeric(x$lambda)), py_list(as.numeric(x$mu)), x$sigma, x$loglik,
       py_int(x$iterations), py_list(as.numeric(x$all))))

body <- c(
  assign_str("R_VERSION", rver),
  assign_str("MCLUST_VERSION", mcver),
  assign_str("MIXTOOLS_VERSION", mxver),
  "",
  assign_str("MODELS", py_list(MODELS)),
  "",
  "# --- data checks -------------------------------------------------------------------",
  assign_str("FAITHFUL_COLUMNS", py_list(colnames(faithful_m))),
  assign_str("FAITHFUL_HEAD", faithful_hdr(faithful_m)),
  assign_str("FAITHFUL_COLSUMS", py_list(as.numeric(colSums(faithful_m)))),
  assign_str("IRIS_COLUMNS", py_list(colnames(iris_m))),
  assign_str("IRIS_HEAD", faithful_hdr(iris_m)),
  assign_str("IRIS_COLSUMS", py_list(as.numeric(colSums(iris_m)))),
  "# sizes of the start partitions (class 1, 2[, 3])",
  assign_str("START_COUNTS", py_dict(
    c("\"faithful_G2\"", "\"faithful_G3\"", "\"iris_G3\""),
    list(py_list(lapply(tabulate(cl2), py_int)), py_list(lapply(tabulate(cl3), py_int)),
         py_list(lapply(tabulate(cl_iris), py_int))))),
  "",
  "# --- me() from fixed partitions ----------------------------------------------------",
  assign_str("FAITHFUL_ME", py_dict(me_keys, me_vals)),
  "",
  assign_str("IRIS_ME", py_dict(iris_keys, iris_vals)),
  "",
  "# --- nMclustParams(model, d, G) ----------------------------------------------------",
  assign_str("N_PARAMS", py_dict(np_keys, np_vals)),
  "",
  "# --- mclustBIC ---------------------------------------------------------------------",
  assign_str("FAITHFUL_BIC", bic_entry(bic_faithful)),
  "",
  assign_str("IRIS_BIC", bic_entry(bic_iris)),
  "",
  "# --- conjugate prior, VVV, G = 2 ---------------------------------------------------",
  assign_str("FAITHFUL_VVV_PRIOR_HYPER", py_dict(
    c("\"shrinkage\"", "\"mean\"", "\"dof\"", "\"scale\""),
    list(hyper$shrinkage, py_list(as.numeric(hyper$mean)), hyper$dof,
         mat_rows(hyper$scale)))),
  assign_str("FAITHFUL_VVV_PRIOR", fit_dict(prior_tight)),
  assign_str("FAITHFUL_VVV_PRIOR_DEFAULT_CONTROL", fit_dict(prior_default)),
  "",
  "# --- mixtools normalmixEM on faithful$waiting -------------------------------------",
  assign_str("MIXTOOLS_WAITING", py_dict(
    c("\"lambda\"", "\"mu\"", "\"sigma\"", "\"scale\"", "\"loglik\"", "\"iterations\"",
      "\"restarts\"", "\"printed\"", "\"all_loglik\""),
    list(py_list(as.numeric(mix$lambda)), py_list(as.numeric(mix$mu)),
         py_list(as.numeric(mix$sigma)), if (is.null(mix$scale)) NULL else
           py_list(as.numeric(mix$scale)),
         mix$loglik, py_int(length(mix$all.loglik) - 1), py_int(mix$restarts),
         paste(trimws(mix_out), collapse = " "), py_list(as.numeric(mix$all.loglik))))),
  assign_str("MIXTOOLS_REIMPL", mix_dict(mix_re)),
  assign_str("MIXTOOLS_TEXTBOOK_EM", mix_dict(mix_tb)),
  assign_str("MIXTOOLS_MLE", mix_dict(mix_mle))
)

con <- file(out_path, "w")
writeLines(c(doc, body[-length(body)], sub("\n$", "", body[length(body)])), con, sep = "\n")
close(con)

# Console summary
cat("faithful me():\n")
for (r in summary_rows) {
  if (is.null(r$fit) || !r$ok) { cat("FAILED", r$npar, r$errmsg, r$warns, "\n"); next }
  q <- r$polished
  cat(sprintf(paste("%-4s G=%d loglik=%s npar=%d bic=%s it=%s inner=%s rc=%s dens=%.2e",
                    "restart=%.2e | polish it=%d conv=%s gain=%.2e dpar=%.2e last=%.2e %s\n"),
              r$fit$modelName, r$fit$G, fnum(r$loglik), as.integer(r$npar), fnum(r$bic),
              r$iterations, r$inner_iterations, r$rc, r$dens_diff, r$restart_diff,
              q$iterations, q$converged, q$loglik - r$loglik, q$me_param_maxreldiff,
              q$last_steps_max, paste(c(r$wattr, r$warns), collapse = ";")))
}
cat("iris me():\n")
for (r in iris_rows) {
  if (is.null(r$fit) || !r$ok) { cat("FAILED", r$npar, r$errmsg, r$warns, "\n"); next }
  q <- r$polished
  cat(sprintf(paste("%-4s G=%d loglik=%s npar=%d bic=%s it=%s inner=%s rc=%s dens=%.2e",
                    "restart=%.2e | polish it=%d conv=%s gain=%.2e dpar=%.2e last=%.2e %s\n"),
              r$fit$modelName, r$fit$G, fnum(r$loglik), as.integer(r$npar), fnum(r$bic),
              r$iterations, r$inner_iterations, r$rc, r$dens_diff, r$restart_diff,
              q$iterations, q$converged, q$loglik - r$loglik, q$me_param_maxreldiff,
              q$last_steps_max, paste(c(r$wattr, r$warns), collapse = ";")))
}
cat("prior:", fnum(prior_tight$loglik), prior_tight$iterations, "|",
    fnum(prior_default$loglik), prior_default$iterations, "\n")
cat("mixtools:", mix_out, "\n")
print(mix[c("lambda", "mu", "sigma", "loglik")])
cat("textbook EM:", mix_tb$iterations, fnum(mix_tb$loglik), "\n")
cat("MLE:", mix_mle$iterations, fnum(mix_mle$loglik), "\n")
cat("wrote", out_path, "\n")
