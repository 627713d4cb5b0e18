"""Large-sample Tobit benchmark: emstats (EM + SQUAREM) against direct maximisation.

One run simulates a left-censored Tobit (censoring at 0, about 30% censored) and
fits it with

* ``emstats.Tobit(y, X, left=0.0).fit()`` -- EM + SQUAREM, *plus* the OIM covariance;
* ``emstats.engine.run_em(model, start)`` -- the pure EM part (point estimates only);
* ``scipy.optimize.minimize`` on the observed-data log-likelihood, written here
  independently of emstats, in the parametrisation ``(beta, log sigma)``:
  BFGS and L-BFGS-B (analytic gradient), trust-exact and Newton-CG (analytic
  gradient and Hessian).

Every method starts from the same OLS start values (``model.start_params``).
The direct methods standardise internally, as emstats does: the non-constant
regressors are centred and scaled to unit standard deviation (the constant
absorbs the centring), the outcome and the limit are divided by the standard
deviation of ``y``, and the objective is ``-llf / n``. Their estimates are
mapped back to the original units before they are compared.

Each setup and fit is first run once under ``tracemalloc`` (peak of newly
allocated memory; also the warm-up), then timed without it (``time.perf_counter``)
in ``--repeat`` rounds that each run every method once; the best time is kept.
Every final estimate is scored with one independent log-likelihood function in
the original units, and compared with the best one (target: 1e-8 relative).

Run ``python benchmarks/tobit_large.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import resource
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy
from scipy import optimize
from scipy.special import log_ndtr
from scipy.stats import norm

import emstats
from emstats.engine import run_em

LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
LEFT = 0.0
CENSORED_SHARE = 0.30
TARGET_RTOL = 1e-8
MB = 1024.0**2


# -- data ----------------------------------------------------------------------------------
def simulate(n: int, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Tobit data: a constant plus ``k`` standard normal regressors, censored at 0.

    The slopes fall from 1 to 0.1 with alternating signs and ``sigma = 1``; the
    intercept is set so that ``P(y* <= 0) = CENSORED_SHARE`` exactly in the
    population (``x'beta + sigma eps`` is normal with a known variance).
    """
    rng = np.random.default_rng(seed)
    slopes = np.linspace(1.0, 0.1, k) * np.where(np.arange(k) % 2 == 0, 1.0, -1.0)
    sigma = 1.0
    sd_latent = float(np.sqrt(slopes @ slopes + sigma**2))
    beta = np.append(-norm.ppf(CENSORED_SHARE) * sd_latent + LEFT, slopes)
    exog = np.empty((n, k + 1))
    exog[:, 0] = 1.0
    exog[:, 1:] = rng.standard_normal((n, k))
    y = np.maximum(exog @ beta + sigma * rng.standard_normal(n), LEFT)
    return y, exog, beta, sigma


def tobit_llf(params: np.ndarray, y: np.ndarray, exog: np.ndarray, left: float) -> float:
    """Observed-data llf in the original units: the common yardstick of all methods."""
    beta, sigma = params[:-1], float(params[-1])
    xb = exog @ beta
    cens = y <= left
    z = (y[~cens] - xb[~cens]) / sigma
    return float(
        -z.size * (LOG_SQRT_2PI + np.log(sigma))
        - 0.5 * np.sum(z * z)
        + np.sum(log_ndtr((left - xb[cens]) / sigma))
    )


# -- direct maximisation ------------------------------------------------------------------
class DirectTobit:
    r"""``-llf / n`` of the left-censored Tobit in ``u = (beta_w, log sigma_w)``.

    Working units: ``X_w = X T`` (non-constant columns centred and scaled to unit
    sd; the constant column absorbs the centring) and ``y_w = y / s``. With
    ``z = (y_w - x_w'b) / sigma`` (uncensored) and ``c = (l_w - x_w'b) / sigma``
    (censored), ``lambda = phi(c) / Phi(c)`` and ``delta = lambda (c + lambda)``:

    * llf = sum_u [-log sqrt(2 pi) - theta - z^2 / 2] + sum_c log Phi(c)
    * d/db = sum_u x z / sigma - sum_c x lambda / sigma
    * d/dtheta = sum_u (z^2 - 1) - sum_c lambda c
    * d2/db db' = -(sum_u x x' + sum_c delta x x') / sigma^2
    * d2/db dtheta = (-2 sum_u x z + sum_c x (lambda - delta c)) / sigma
    * d2/dtheta2 = -2 sum_u z^2 + sum_c c (lambda - delta c)

    The per-observation pieces of the last point are cached, so a Hessian at the
    point where the gradient was just evaluated costs no second pass over ``z``/``c``.
    """

    def __init__(self, y: np.ndarray, exog: np.ndarray, left: float) -> None:
        self.n = y.size
        self.transform = self._standardising_transform(exog)
        self.y_scale = float(np.std(y))
        xw = exog @ self.transform
        cens = y <= left
        self.x_u, self.x_c = xw[~cens], xw[cens]
        self.y_u = y[~cens] / self.y_scale
        self.left_w = left / self.y_scale
        self.xtx_u = self.x_u.T @ self.x_u
        self.n_u = self.y_u.size
        self.n_fg = 0
        self.n_hess = 0
        self._cache_u: np.ndarray | None = None
        self._cache: tuple[Any, ...] = ()

    @staticmethod
    def _standardising_transform(exog: np.ndarray) -> np.ndarray:
        spread = np.ptp(exog, axis=0)
        const = np.flatnonzero((spread == 0) & (exog[0] != 0))
        if const.size == 0:
            return np.diag(1.0 / np.sqrt(np.mean(exog**2, axis=0)))
        c = const[0]
        mean, sd = exog.mean(axis=0), exog.std(axis=0)
        scale = np.where(spread == 0, 1.0, sd)
        transform = np.diag(1.0 / scale)
        transform[c] = -np.where(spread == 0, 0.0, mean) / (scale * exog[0, c])
        transform[c, c] = 1.0 / exog[0, c]
        return transform

    # parametrisations
    def to_working(self, params: np.ndarray) -> np.ndarray:
        beta_w = np.linalg.solve(self.transform, params[:-1]) / self.y_scale
        return np.append(beta_w, np.log(params[-1] / self.y_scale))

    def to_natural(self, u: np.ndarray) -> np.ndarray:
        return np.append(self.y_scale * (self.transform @ u[:-1]), self.y_scale * np.exp(u[-1]))

    # the likelihood
    def _uncensored(self, beta: np.ndarray, sigma: float) -> tuple[np.ndarray, float]:
        """``X_u'z`` and ``z'z`` of the uncensored observations, ``z = (y_u - X_u b) / sigma``."""
        z = (self.y_u - self.x_u @ beta) / sigma
        return self.x_u.T @ z, float(z @ z)

    def _pieces(self, u: np.ndarray) -> tuple[Any, ...]:
        if self._cache_u is not None and np.array_equal(u, self._cache_u):
            return self._cache
        beta, sigma = u[:-1], float(np.exp(u[-1]))
        xz, zz = self._uncensored(beta, sigma)
        c = (self.left_w - self.x_c @ beta) / sigma
        log_cdf = log_ndtr(c)
        lam = np.exp(-0.5 * c * c - LOG_SQRT_2PI - log_cdf)
        self._cache_u, self._cache = u.copy(), (sigma, xz, zz, c, log_cdf, lam)
        return self._cache

    def fun_grad(self, u: np.ndarray) -> tuple[float, np.ndarray]:
        """``-llf / n`` and its gradient."""
        self.n_fg += 1
        sigma, xz, zz, c, log_cdf, lam = self._pieces(u)
        llf = -self.n_u * (LOG_SQRT_2PI + u[-1]) - 0.5 * zz + float(log_cdf.sum())
        grad = np.empty(u.size)
        grad[:-1] = (xz - self.x_c.T @ lam) / sigma
        grad[-1] = zz - self.n_u - float(lam @ c)
        return -llf / self.n, -grad / self.n

    def hess(self, u: np.ndarray) -> np.ndarray:
        """Hessian of ``-llf / n``."""
        self.n_hess += 1
        sigma, xz, zz, c, _, lam = self._pieces(u)
        delta = lam * (c + lam)
        w_bt = lam - delta * c
        weighted = self.x_c * np.sqrt(delta)[:, None]
        k = u.size - 1
        h = np.empty((k + 1, k + 1))
        h[:k, :k] = -(self.xtx_u + weighted.T @ weighted) / sigma**2
        h[:k, k] = h[k, :k] = (-2.0 * xz + self.x_c.T @ w_bt) / sigma
        h[k, k] = -2.0 * zz + float(c @ w_bt)
        return -h / self.n


class DirectTobitSufficient(DirectTobit):
    r"""The same objective, with emstats' two data-handling devices.

    The uncensored observations enter through ``X_u'X_u``, ``X_u'r`` and ``r'r``
    with ``r = y_u - X_u b_ref`` about their least-squares fit ``b_ref``, so
    ``X_u'z`` and ``z'z`` cost ``O(k^2)`` per evaluation; the censored regressors
    are stored column-major, which makes the matrix-vector products faster.
    Only the censored observations are visited per evaluation.
    """

    def __init__(self, y: np.ndarray, exog: np.ndarray, left: float) -> None:
        super().__init__(y, exog, left)
        self.beta_ref = np.linalg.solve(self.xtx_u, self.x_u.T @ self.y_u)
        resid = self.y_u - self.x_u @ self.beta_ref
        self.xtr, self.rtr = self.x_u.T @ resid, float(resid @ resid)
        self.x_c = np.asfortranarray(self.x_c)
        del self.x_u, self.y_u  # not needed any more

    def _uncensored(self, beta: np.ndarray, sigma: float) -> tuple[np.ndarray, float]:
        d = beta - self.beta_ref
        xtx_d = self.xtx_u @ d
        return ((self.xtr - xtx_d) / sigma,
                (self.rtr - 2.0 * float(d @ self.xtr) + float(d @ xtx_d)) / sigma**2)


DIRECT_METHODS: dict[str, dict[str, Any]] = {
    "BFGS": {"options": {"gtol": 1e-8, "maxiter": 10_000}},
    "L-BFGS-B": {"options": {"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10_000,
                             "maxfun": 100_000}},
    "trust-exact": {"hess": True, "options": {"gtol": 1e-10, "maxiter": 1_000}},
    "Newton-CG": {"hess": True, "options": {"xtol": 1e-12, "maxiter": 1_000}},
}


# -- one method, timed and traced ----------------------------------------------------------
@dataclass
class Outcome:
    """What a run of one method produced."""

    params: np.ndarray
    iters: int
    evals: str
    converged: bool
    message: str


@dataclass
class Row:
    """One line of the tables."""

    name: str
    setup_s: float = np.nan
    fit_s: float = np.nan
    setup_peak: float = np.nan
    fit_peak: float = np.nan
    outcome: Outcome | None = None
    llf: float = np.nan

    @property
    def total_s(self) -> float:
        return self.setup_s + self.fit_s


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one call, and its result."""
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def traced_peak(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Peak of memory newly allocated by ``fn`` (tracemalloc), in MB, and its result."""
    gc.collect()
    tracemalloc.start()
    try:
        out = fn()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak / MB, out


@dataclass(frozen=True)
class Method:
    """A fit that runs on the object built by the setup ``setup``."""

    name: str
    setup: str
    fit: Callable[[Any], Outcome]


def run_all(setups: dict[str, Callable[[], Any]], methods: list[Method], repeat: int
            ) -> tuple[list[Row], dict[str, Any]]:
    """Trace every setup and fit once (memory, warm-up), then time them in ``repeat`` rounds.

    Each round runs every setup and every fit once, so that a burst of load from
    other processes does not fall on one method only; the best time is kept.
    """
    rows = {m.name: Row(m.name, setup_s=np.inf, fit_s=np.inf) for m in methods}
    built: dict[str, Any] = {}
    for key, make in setups.items():
        peak, built[key] = traced_peak(make)
        for m in methods:
            if m.setup == key:
                rows[m.name].setup_peak = peak
                rows[m.name].fit_peak, _ = traced_peak(lambda m=m, key=key: m.fit(built[key]))
    for _ in range(repeat):
        for key, make in setups.items():
            built[key] = None  # do not hold two copies
            seconds, built[key] = timed(make)
            for m in methods:
                if m.setup == key:
                    row = rows[m.name]
                    row.setup_s = min(row.setup_s, seconds)
                    fit_s, row.outcome = timed(lambda m=m, key=key: m.fit(built[key]))
                    row.fit_s = min(row.fit_s, fit_s)
    return list(rows.values()), built


def emstats_fit(model: emstats.Tobit) -> Outcome:
    res = model.fit()
    t = res.trace
    return Outcome(np.asarray(res.params), t.n_iter,
                   f"EM maps {t.n_evals}, llf {t.n_llf_evals}, H 1",
                   bool(t.converged), f"stop rule {t.stop_rule!r}; + OIM covariance")


def emstats_run_em(model: emstats.Tobit, start: np.ndarray) -> Outcome:
    t = run_em(model, start)
    return Outcome(np.asarray(t.params), t.n_iter, f"EM maps {t.n_evals}, llf {t.n_llf_evals}",
                   bool(t.converged), f"stop rule {t.stop_rule!r}")


def direct_fit(problem: DirectTobit, start: np.ndarray, method: str) -> Outcome:
    spec = DIRECT_METHODS[method]
    problem.n_fg = problem.n_hess = 0
    problem._cache_u = None
    u0 = problem.to_working(start)
    res = optimize.minimize(problem.fun_grad, u0, jac=True, method=method,
                            hess=problem.hess if spec.get("hess") else None,
                            options=dict(spec["options"]))
    evals = f"f+g {problem.n_fg}" + (f", H {problem.n_hess}" if spec.get("hess") else "")
    return Outcome(problem.to_natural(res.x), int(res.nit), evals, bool(res.success),
                   str(res.message))


# -- reporting -------------------------------------------------------------------------------
def _fmt(x: float, spec: str) -> str:
    return "-" if not np.isfinite(x) else format(x, spec)


def print_table(headers: list[str], rows: list[list[str]], aligns: str) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if a == "l" else c.rjust(w)
                         for c, w, a in zip(cells, widths, aligns, strict=True))

    print(line(headers).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r).rstrip())


def report(rows: list[Row], best_llf: float, best_params: np.ndarray) -> None:
    print("\nTimings (best of --repeat), evaluations and peak tracemalloc memory")
    headers = ["method", "setup s", "fit s", "total s", "iters", "evaluations",
               "setup MB", "fit MB"]
    table = []
    for r in rows:
        assert r.outcome is not None
        table.append([r.name, _fmt(r.setup_s, ".3f"), _fmt(r.fit_s, ".3f"),
                      _fmt(r.total_s, ".3f"), str(r.outcome.iters), r.outcome.evals,
                      _fmt(r.setup_peak, ".1f"), _fmt(r.fit_peak, ".1f")])
    print_table(headers, table, "lrrrrlrr")

    print(f"\nAccuracy (llf by one independent formula, original units; "
          f"target |llf - best| / |best| <= {TARGET_RTOL:g})")
    headers = ["method", "llf", "rel. diff", "max rel |dparam|", "target", "converged",
               "message"]
    table = []
    for r in rows:
        assert r.outcome is not None
        rel = abs(r.llf - best_llf) / abs(best_llf)
        dpar = float(np.max(np.abs(r.outcome.params - best_params) / (1 + np.abs(best_params))))
        table.append([r.name, f"{r.llf:.10f}", f"{rel:.2e}", f"{dpar:.2e}",
                      "yes" if rel <= TARGET_RTOL else "NO",
                      "yes" if r.outcome.converged else "no", r.outcome.message[:60]])
    print_table(headers, table, "lrrrlll")


def report_ratios(rows: list[Row]) -> None:
    ems = [r for r in rows if r.name.startswith("emstats")]
    direct = [r for r in rows if not r.name.startswith("emstats")]
    for label, attr in (("fit time", "fit_s"), ("setup + fit time", "total_s")):
        print(f"\nRatio of wall times emstats / direct ({label}; < 1: emstats faster)")
        headers = ["emstats \\ direct", *(d.name for d in direct)]
        table = [[e.name, *(f"{getattr(e, attr) / getattr(d, attr):.2f}" for d in direct)]
                 for e in ems]
        print_table(headers, table, "l" + "r" * len(direct))


def profile_emstats(model: emstats.Tobit, y: np.ndarray, exog: np.ndarray, start: np.ndarray,
                    top: int) -> None:
    """cProfile of emstats' constructor, ``run_em`` and ``fit()``, sorted by own time."""
    for label, fn in (("Tobit(y, X, left=0) constructor",
                       lambda: emstats.Tobit(y, exog, left=LEFT)),
                      ("run_em(model, start)", lambda: run_em(model, start)),
                      ("model.fit()", model.fit)):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats("tottime").print_stats(top)
        print(f"\ncProfile of {label} (top {top} by tottime)")
        print(out.getvalue().split("\n", 4)[-1].rstrip())


# -- main -------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="observations")
    parser.add_argument("--k", type=int, default=10, help="regressors besides the constant")
    parser.add_argument("--seed", type=int, default=20240601, help="simulation seed")
    parser.add_argument("--repeat", type=int, default=1, help="timings: best of R runs")
    parser.add_argument("--profile", action="store_true",
                        help="also print cProfiles of emstats' constructor, run_em and fit()")
    parser.add_argument("--profile-top", type=int, default=20, help="rows of the profile")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.n < 10 or args.k < 1:
        parser.error("need --repeat >= 1, --n >= 10 and --k >= 1")

    print(f"Tobit benchmark: n = {args.n:,}, k = {args.k} regressors + constant, "
          f"seed = {args.seed}, repeat = {args.repeat}")
    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__},"
          f" emstats {emstats.__version__}, {os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    y, exog, beta_true, sigma_true = simulate(args.n, args.k, args.seed)
    print(f"censored at {LEFT:g}: {np.mean(y <= LEFT):.2%} of y "
          f"(population share {CENSORED_SHARE:.0%})")

    # start values: emstats' OLS start, shared by run_em and the direct methods
    start = emstats.Tobit(y, exog, left=LEFT).start_params
    setups: dict[str, Callable[[], Any]] = {
        "emstats": lambda: emstats.Tobit(y, exog, left=LEFT),
        "direct": lambda: DirectTobit(y, exog, LEFT),
        "direct, sufficient": lambda: DirectTobitSufficient(y, exog, LEFT),
    }
    methods = [Method("emstats fit()", "emstats", emstats_fit),
               Method("emstats run_em", "emstats", lambda mod: emstats_run_em(mod, start))]
    methods += [Method(f"scipy {name}{suffix}", setup,
                       lambda prob, name=name: direct_fit(prob, start, name))
                for setup, suffix in (("direct", ""), ("direct, sufficient", " (suff.)"))
                for name in DIRECT_METHODS]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows, built = run_all(setups, methods, args.repeat)
        model = built["emstats"]
        start_s, _ = timed(lambda: model.start_params)
        em_row = next(r for r in rows if r.name == "emstats run_em")
        assert em_row.outcome is not None
        u_hat = model.to_unconstrained(em_row.outcome.params)
        hess_s, _ = timed(lambda: model.hessian_unconstrained(u_hat))
    for w in caught:
        print(f"warning: {w.category.__name__}: {w.message}")

    # accuracy ------------------------------------------------------------------------------------
    for r in rows:
        assert r.outcome is not None
        r.llf = tobit_llf(r.outcome.params, y, exog, LEFT)
    best = max(rows, key=lambda r: r.llf)
    assert best.outcome is not None
    report(rows, best.llf, best.outcome.params)
    report_ratios(rows)

    print("\nNotes")
    print("  setup: emstats = Tobit(y, X, left=0) constructor; direct = standardise X, "
          "scale y, split censored/uncensored, X_u'X_u;")
    print("  (suff.) = direct methods that, like emstats, visit only the censored observations "
          "per evaluation (uncensored")
    print("  ones through X_u'X_u, X_u'r, r'r) and store their regressors column-major.")
    print(f"  emstats fit() includes start_params ({start_s:.3f} s here) and the OIM "
          f"covariance (hessian_unconstrained alone: {hess_s:.3f} s);")
    print("  emstats run_em and the direct methods start from the precomputed start_params.")
    print("  'fit MB' is the tracemalloc peak of memory newly allocated during the fit "
          "(input data and model not counted).")
    print(f"  max |params - truth| of the best fit: "
          f"{np.max(np.abs(best.outcome.params - np.append(beta_true, sigma_true))):.2e}")
    emstats_llf = float(model.loglike(best.outcome.params))
    print(f"  emstats model.loglike vs the independent llf at the best estimate: relative "
          f"difference {abs(emstats_llf - best.llf) / abs(best.llf):.1e}")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    print(f"  process max RSS at the end: {maxrss:.0f} MB "
          f"(input data: y + X = {(y.nbytes + exog.nbytes) / MB:.0f} MB)")

    if args.profile:
        profile_emstats(model, y, exog, start, args.profile_top)


if __name__ == "__main__":
    main()
