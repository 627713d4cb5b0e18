# Reference numbers for tests/results/r_mvn_missing.py (normal MLE with missing values,
# Little's MCAR test, implied regression).  Run:  Rscript tests/results/r_mvn_missing.R
#
# Written for R 4.2.2 with lavaan 0.6.14 (Debian r-cran-lavaan).  Everything except the
# lavaan cross-check is base R.  If the package mvnmle (built from the maintainer's
# GitHub repository indenkun/mvnmle, 0.1-11.2) happens to be installed, its mlest() is
# run as an extra, low-precision (nlm) cross-check; it is not needed.  Set MISSVALS_RDA to
# the path of mvnmle's data/missvals.rda to check the typed-in missvals against it.
#
# The script prints Python literals (sprintf("%.15g")) that were pasted into the module.

fmt <- function(x) sprintf("%.15g", x)
pyvec <- function(x) paste0("[", paste(fmt(x), collapse = ", "), "]")
pymat <- function(m) paste0("[", paste(apply(m, 1, pyvec), collapse = ",\n "), "]")
pyrow <- function(x) paste0("[", paste(ifelse(is.na(x), "None", fmt(x)), collapse = ", "), "]")
say <- function(...) cat(..., "\n", sep = "")

# ---------------------------------------------------------------- data
apple <- data.frame(
  size = c(8, 6, 11, 22, 14, 17, 18, 24, 19, 23, 26, 40, 4, 4, 5, 6, 8, 10),
  worms = c(59, 58, 56, 53, 50, 45, 43, 42, 39, 38, 30, 27, rep(NA, 6))
)
# mvnmle's missvals (Hald cement data with holes), typed from data/missvals.rda of
# indenkun/mvnmle (commit 5a02ce5); checked below against that file when it is present.
missvals <- data.frame(
  x1 = c(7, 1, 11, 11, 7, 11, 3, 1, 2, NA, NA, NA, NA),
  x2 = c(26, 29, 56, 31, 52, 55, 71, 31, 54, NA, NA, NA, NA),
  x3 = c(6, 15, 8, 8, 6, 9, 17, 22, 18, 4, 23, 9, 8),
  x4 = c(60, 52, 20, 47, 33, 22, NA, NA, NA, NA, NA, NA, NA),
  x5 = c(78.5, 74.3, 104.3, 87.6, 95.9, 109.2, 102.7, 72.5, 93.1, 115.9, 83.8, 113.3,
         109.4)
)
rda <- Sys.getenv("MISSVALS_RDA", "")
if (nzchar(rda) && file.exists(rda)) {
  e <- new.env(); load(rda, envir = e)
  stopifnot(identical(dim(e$missvals), dim(missvals)),
            identical(unname(as.matrix(e$missvals)), unname(as.matrix(missvals))))
  say("# missvals matches ", rda)
}
aq <- datasets::airquality

# ---------------------------------------------------------------- tools
# Observed-data log-likelihood with the full constant.
obs_loglik <- function(Y, mu, S) {
  Y <- as.matrix(Y); ll <- 0
  for (i in seq_len(nrow(Y))) {
    o <- !is.na(Y[i, ]); if (!any(o)) next
    r <- Y[i, o] - mu[o]; So <- S[o, o, drop = FALSE]
    ll <- ll - 0.5 * (sum(o) * log(2 * pi) +
                      as.numeric(determinant(So, logarithm = TRUE)$modulus) +
                      sum(r * solve(So, r)))
  }
  ll
}

# Plain EM (Little & Rubin sec. 11.2), run until the largest change is < tol (relative).
em_mvn <- function(Y, tol = 1e-14, maxit = 1e6, mu = NULL, S = NULL) {
  Y <- as.matrix(Y); Y <- Y[rowSums(!is.na(Y)) > 0, , drop = FALSE]
  n <- nrow(Y); p <- ncol(Y)
  if (is.null(mu)) mu <- colMeans(Y, na.rm = TRUE)
  if (is.null(S)) S <- diag(apply(Y, 2, var, na.rm = TRUE), p)
  for (it in seq_len(maxit)) {
    T1 <- numeric(p); T2 <- matrix(0, p, p)
    for (i in seq_len(n)) {
      y <- Y[i, ]; o <- !is.na(y); m <- !o; C <- matrix(0, p, p)
      if (any(m)) {
        B <- S[m, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE])
        y[m] <- mu[m] + B %*% (y[o] - mu[o])
        C[m, m] <- S[m, m, drop = FALSE] - B %*% S[o, m, drop = FALSE]
      }
      T1 <- T1 + y; T2 <- T2 + C + tcrossprod(y)
    }
    mu_new <- T1 / n; S_new <- T2 / n - tcrossprod(mu_new)
    S_new <- (S_new + t(S_new)) / 2
    delta <- max(abs(c(mu_new - mu, S_new - S)) / (1 + abs(c(mu_new, S_new))))
    mu <- mu_new; S <- S_new
    if (delta < tol) break
  }
  list(mu = mu, S = S, iterations = it)
}

# Closed-form (factored-likelihood) MLE for monotone data, Little & Rubin ch. 7:
# blocks[[1]] fully observed; every row observing block k observes blocks 1..k-1.
monotone_mle <- function(Y, blocks) {
  Y <- as.matrix(Y); p <- ncol(Y); mu <- numeric(p); S <- matrix(0, p, p)
  b <- blocks[[1]]; X <- Y[, b, drop = FALSE]; stopifnot(!anyNA(X))
  mu[b] <- colMeans(X); Xc <- sweep(X, 2, mu[b]); S[b, b] <- crossprod(Xc) / nrow(X)
  prev <- b
  for (k in seq_along(blocks)[-1]) {
    b <- blocks[[k]]
    rows <- rowSums(!is.na(Y[, b, drop = FALSE])) > 0
    stopifnot(!anyNA(Y[rows, c(prev, b)]))
    Z <- cbind(1, Y[rows, prev, drop = FALSE]); W <- Y[rows, b, drop = FALSE]
    q <- qr(Z); coef <- qr.coef(q, W); res <- qr.resid(q, W)
    alpha <- coef[1, ]; Beta <- coef[-1, , drop = FALSE]     # |prev| x |b|
    Sres <- crossprod(res) / sum(rows)
    mu[b] <- alpha + drop(crossprod(Beta, mu[prev]))
    S[b, prev] <- crossprod(Beta, S[prev, prev]); S[prev, b] <- t(S[b, prev])
    S[b, b] <- Sres + crossprod(Beta, S[prev, prev] %*% Beta)
    prev <- c(prev, b)
  }
  list(mu = mu, S = S)
}

# Direct maximisation of obs_loglik over (mu, log-Cholesky) with nlminb, then polish.
direct_mle <- function(Y) {
  Y <- as.matrix(Y); p <- ncol(Y)
  unpack <- function(th) {
    L <- matrix(0, p, p); L[lower.tri(L, diag = TRUE)] <- th[-(1:p)]
    diag(L) <- exp(diag(L)); list(mu = th[1:p], S = L %*% t(L))
  }
  f <- function(th) { u <- unpack(th); -obs_loglik(Y, u$mu, u$S) }
  L0 <- t(chol(diag(apply(Y, 2, var, na.rm = TRUE), p)))
  l0 <- L0; diag(l0) <- log(diag(l0))
  th <- c(colMeans(Y, na.rm = TRUE), l0[lower.tri(l0, diag = TRUE)])
  for (k in 1:3) th <- nlminb(th, f, control = list(rel.tol = 1e-15, x.tol = 1e-15,
                                                    eval.max = 1e5, iter.max = 1e5))$par
  unpack(th)
}

lavaan_sat <- function(Y) {
  v <- names(Y)
  pairs <- combn(v, 2, FUN = function(z) paste(z[1], "~~", z[2]))
  model <- paste(c(pairs, paste(v, "~~", v), paste(v, "~ 1")), collapse = "\n")
  fit <- lavaan::lavaan(model, data = Y, missing = "ml", meanstructure = TRUE,
                        control = list(rel.tol = 1e-15, eval.max = 1e5, iter.max = 1e5))
  imp <- lavaan::lavInspect(fit, "implied")
  list(mu = unname(imp$mean), S = unname(unclass(imp$cov)),
       logl = as.numeric(lavaan::fitMeasures(fit, "logl")))
}

# Little (1988) d^2 with given (ML) mu, S.
little_mcar <- function(Y, mu, S) {
  Y <- as.matrix(Y); p <- ncol(Y)
  key <- apply(is.na(Y), 1, function(r) paste(as.integer(r), collapse = ""))
  d2 <- 0; df <- 0
  for (k in unique(key)) {
    rows <- which(key == k); o <- !is.na(Y[rows[1], ]); if (!any(o)) next
    d <- colMeans(Y[rows, o, drop = FALSE]) - mu[o]
    d2 <- d2 + length(rows) * sum(d * solve(S[o, o, drop = FALSE], d))
    df <- df + sum(o)
  }
  df <- df - p
  list(statistic = d2, df = df, p.value = pchisq(d2, df, lower.tail = FALSE),
       patterns = length(unique(key)))
}

# Replica of norm::em.norm's EM path as naniar::mcar_test calls it (em.norm defaults,
# norm's R code: stop when max(abs(old - new)) <= criterion = 1e-4 on the packed theta):
# columns centred by their observed mean and scaled by their observed sd with divisor n
# (norm's Fortran ctrsc; divisor n - 1 does NOT reproduce naniar's digits), start
# mu = 0, Sigma = I on that scale (stvaln), rows with every value missing kept in the EM.
norm_em_replica <- function(Y, criterion = 1e-4) {
  Y <- as.matrix(Y); xbar <- colMeans(Y, na.rm = TRUE); nobs <- colSums(!is.na(Y))
  sdv <- apply(Y, 2, sd, na.rm = TRUE) * sqrt((nobs - 1) / nobs)
  Z <- sweep(sweep(Y, 2, xbar), 2, sdv, "/")
  n <- nrow(Z); p <- ncol(Z); mu <- numeric(p); S <- diag(p); it <- 0
  repeat {
    T1 <- numeric(p); T2 <- matrix(0, p, p)
    for (i in seq_len(n)) {
      y <- Z[i, ]; o <- !is.na(y); m <- !o; C <- matrix(0, p, p)
      if (all(m)) {
        y <- mu; C <- S
      } else if (any(m)) {
        B <- S[m, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE])
        y[m] <- mu[m] + B %*% (y[o] - mu[o])
        C[m, m] <- S[m, m, drop = FALSE] - B %*% S[o, m, drop = FALSE]
      }
      T1 <- T1 + y; T2 <- T2 + C + tcrossprod(y)
    }
    mu_new <- T1 / n; S_new <- T2 / n - tcrossprod(mu_new); it <- it + 1
    ch <- max(abs(c(mu_new - mu, (S_new - S)[upper.tri(S, diag = TRUE)])))
    mu <- mu_new; S <- S_new
    if (ch <= criterion) break
  }
  list(mu = mu * sdv + xbar, S = S * tcrossprod(sdv), iterations = it)
}

report_fit <- function(name, Y, fit) {
  say(name, "_MU = ", pyvec(fit$mu))
  say(name, "_SIGMA = ", pymat(fit$S))
  say(name, "_LOGLIK = ", fmt(obs_loglik(Y, fit$mu, fit$S)))
}
cmp <- function(label, a, b) {
  say("# ", label, ": max rel diff mu ", signif(max(abs(a$mu - b$mu) / abs(b$mu)), 3),
      ", Sigma ", signif(max(abs(a$S - b$S) / max(abs(b$S))), 3))
}

# ---------------------------------------------------------------- 1. apple
say("# ===== apple")
ap_cf <- monotone_mle(apple, list(1, 2))
ap_em <- em_mvn(apple)
ap_dir <- direct_mle(apple)
ap_lav <- lavaan_sat(apple)
cmp("apple EM vs closed form", ap_em, ap_cf)
cmp("apple nlminb vs closed form", ap_dir, ap_cf)
cmp("apple lavaan vs closed form", ap_lav, ap_cf)
say("# apple lavaan logl ", fmt(ap_lav$logl), "; EM iterations ", ap_em$iterations)
report_fit("APPLE", apple, ap_cf)

# ---------------------------------------------------------------- 4. implied regression
b <- ap_cf$S[1, 2] / ap_cf$S[1, 1]
say("APPLE_REGRESSION = {\"slope\": ", fmt(b), ", \"intercept\": ",
    fmt(ap_cf$mu[2] - b * ap_cf$mu[1]), ", \"residual_variance\": ",
    fmt(ap_cf$S[2, 2] - ap_cf$S[1, 2]^2 / ap_cf$S[1, 1]), "}")
cc <- complete.cases(apple)
say("# complete-case lm(worms ~ size): ", paste(fmt(coef(lm(worms ~ size, apple[cc, ]))),
                                               collapse = " "),
    "; RSS/12 = ", fmt(sum(resid(lm(worms ~ size, apple[cc, ]))^2) / 12))

# ---------------------------------------------------------------- 2. missvals
say("# ===== missvals")
mv_cf <- monotone_mle(missvals, list(c(3, 5), c(1, 2), 4))
mv_em <- em_mvn(missvals)
mv_dir <- direct_mle(missvals)
mv_lav <- lavaan_sat(missvals)
cmp("missvals EM vs closed form", mv_em, mv_cf)
cmp("missvals nlminb vs closed form", mv_dir, mv_cf)
cmp("missvals lavaan vs closed form", mv_lav, mv_cf)
say("# missvals lavaan logl ", fmt(mv_lav$logl), "; EM iterations ", mv_em$iterations)
report_fit("MISSVALS", missvals, mv_cf)

if (requireNamespace("mvnmle", quietly = TRUE)) {
  for (nm in c("apple", "missvals")) {
    Y <- get(nm)
    r <- if (nm == "apple") mvnmle::mlest(Y) else mvnmle::mlest(Y, iterlim = 400)
    ref <- if (nm == "apple") ap_cf else mv_cf
    cmp(paste("mvnmle::mlest", nm, "vs closed form"), list(mu = r$muhat, S = r$sigmahat), ref)
    say("# mlest ", nm, " value ", fmt(r$value), "; -2*loglik(closed form) - nobs*log(2pi) = ",
        fmt(-2 * obs_loglik(Y, ref$mu, ref$S) - sum(!is.na(Y)) * log(2 * pi)))
  }
}

# ---------------------------------------------------------------- 3. Little's MCAR test
say("# ===== Little MCAR")
aq_em <- em_mvn(aq)
aq_dir <- direct_mle(aq)
aq_lav <- lavaan_sat(aq)
cmp("airquality nlminb vs EM", aq_dir, aq_em)
cmp("airquality lavaan vs EM", aq_lav, aq_em)
say("# airquality EM iterations ", aq_em$iterations, "; lavaan logl ", fmt(aq_lav$logl))
report_fit("AIRQUALITY", aq, aq_em)
lt <- little_mcar(aq, aq_em$mu, aq_em$S)
say("AIRQUALITY_LITTLE = {\"statistic\": ", fmt(lt$statistic), ", \"df\": ", lt$df,
    ", \"p_value\": ", fmt(lt$p.value), ", \"patterns\": ", lt$patterns, "}")
nr <- norm_em_replica(aq)
ltn <- little_mcar(aq, nr$mu, nr$S)
say("# norm::em.norm replica (", nr$iterations, " EM steps): statistic ", fmt(ltn$statistic),
    " p (1 - pchisq, as naniar) ", fmt(1 - pchisq(ltn$statistic, ltn$df)))
aq2 <- rbind(aq, NA)
nr2 <- norm_em_replica(aq2)
ltn2 <- little_mcar(aq2, nr2$mu, nr2$S)
say("# replica with an all-NA row added: statistic ", fmt(ltn2$statistic), " patterns ",
    ltn2$patterns)

lta <- little_mcar(apple, ap_cf$mu, ap_cf$S)
say("APPLE_LITTLE = {\"statistic\": ", fmt(lta$statistic), ", \"df\": ", lta$df,
    ", \"p_value\": ", fmt(lta$p.value), ", \"patterns\": ", lta$patterns, "}")
ltm <- little_mcar(missvals, mv_cf$mu, mv_cf$S)
say("MISSVALS_LITTLE = {\"statistic\": ", fmt(ltm$statistic), ", \"df\": ", ltm$df,
    ", \"p_value\": ", fmt(ltm$p.value), ", \"patterns\": ", ltm$patterns, "}")

# ---------------------------------------------------------------- data checks
say("# airquality column sums (na.rm) ", paste(fmt(colSums(aq, na.rm = TRUE)), collapse = " "),
    "; NA counts ", paste(colSums(is.na(aq)), collapse = " "))
say("AIRQUALITY_ROWS = [")
for (i in seq_len(nrow(aq))) say("    ", pyrow(unlist(aq[i, ])), ",")
say("]")
say("# R ", R.version.string, "; lavaan ", as.character(packageVersion("lavaan")))
