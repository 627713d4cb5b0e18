"""Coverage of 95% Wald intervals for the Tobit model, one row per covariance estimator.

Each replication draws a fresh data set from one fixed data-generating process,
fits it once with ``emstats.Tobit(y, X, left=0.0).fit()`` (OIM covariance) and
obtains every other covariance estimator from the same fit with
``res.get_robustcov(cov_type)``. For each estimator and parameter it records
whether the 95% Wald interval ``res.conf_int(alpha=0.05)`` contains the true
value. Over ``R`` replications the coverage of a correct 95% interval has a
Monte Carlo standard error of ``sqrt(0.95 * 0.05 / R)`` (0.69 points for
``R = 1000``); the target is a coverage within [93, 97]%.

Data-generating process (fixed; only ``n`` is an option)::

    y*_i = 0.25 + 1.0 x1_i - 0.5 x2_i + 0.8 d_i + sigma eps_i,  sigma = 1
    x1_i, x2_i, eps_i ~ N(0, 1) independent,  d_i ~ Bernoulli(0.4)
    y_i = max(y*_i, 0)       (left-censored at 0)

The regressors are drawn anew in every replication (random design), so the
coverage is unconditional. The population share of censored outcomes is 35.7%
(the intercept 0.25 was chosen for this; the script prints it and the realised
share). The parameters are the four coefficients and ``sigma``, each compared
on its natural scale.

Seeds: ``numpy.random.SeedSequence(--seed).spawn(R)`` gives one child per
replication; the data are drawn from ``default_rng(child)``, and the bootstrap
(if requested) gets the integer seed of the child's own first spawned child, so
that every replication is reproducible on its own and independent of
``--n-jobs``.

Estimators: ``oim``, ``opg``, ``louis``, ``sem`` and ``robust``, restricted to those
registered in ``emstats.inference.covariance._REGISTRY`` at run time; with
``--bootstrap B`` also ``bootstrap`` (``cov_kwds={"n_boot": B, "random_state": seed}``)
if that estimator is registered, else it is skipped with a note.

Failures are counted, never silently dropped: a replication whose EM fit did not
converge (``res.converged`` False) or raised is excluded from every estimator's
coverage; a replication where an estimator raised or gave any NaN standard error
is excluded from that estimator only. The counts are printed with the results,
as are the warnings caught per stage.

The standard-error table compares, per estimator and parameter, the mean
estimated standard error with the empirical standard deviation of the estimates
over the converged replications (ratio; 1 is ideal). Its Monte Carlo relative
standard error is about ``1 / sqrt(2 R)`` (2.2% for ``R = 1000``).

Replications run in parallel with joblib when ``--n-jobs > 1`` (process-based;
each one is small, single-threaded numpy work). Run with
``OPENBLAS_NUM_THREADS=1`` so that the worker processes do not oversubscribe the
cores with BLAS threads (the variable must be set before numpy is imported).

Run ``python benchmarks/coverage_tobit.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy
from scipy.stats import norm

import emstats
from emstats.inference.covariance import _REGISTRY

try:
    import joblib
except ImportError:  # pragma: no cover - joblib is optional
    joblib = None

BETA = np.array([0.25, 1.0, -0.5, 0.8])
SIGMA = 1.0
P_BINARY = 0.4
LEFT = 0.0
ALPHA = 0.05
NOMINAL = 100.0 * (1.0 - ALPHA)
TARGET = (93.0, 97.0)
COV_TYPES = ("oim", "opg", "louis", "sem", "robust")
BOOTSTRAP = "bootstrap"
TRUE_PARAMS = np.append(BETA, SIGMA)


# -- data ----------------------------------------------------------------------------------
def population_censored_share() -> float:
    """``P(y* <= 0)`` in the population: a two-component mixture over the binary regressor.

    Returns
    -------
    float
        The share of censored outcomes implied by the data-generating process.
    """
    sd = float(np.sqrt(BETA[1] ** 2 + BETA[2] ** 2 + SIGMA**2))
    mean_d0, mean_d1 = BETA[0], BETA[0] + BETA[3]
    return float((1.0 - P_BINARY) * norm.cdf((LEFT - mean_d0) / sd)
                 + P_BINARY * norm.cdf((LEFT - mean_d1) / sd))


def simulate(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """One data set from the fixed data-generating process.

    Parameters
    ----------
    n : int
        Number of observations.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    y : ndarray
        Outcome, censored from the left at ``LEFT``.
    exog : ndarray
        ``n x 4``: constant, two standard normal regressors, one binary regressor.
    """
    exog = np.empty((n, BETA.size))
    exog[:, 0] = 1.0
    exog[:, 1:3] = rng.standard_normal((n, 2))
    exog[:, 3] = rng.random(n) < P_BINARY
    y = np.maximum(exog @ BETA + SIGMA * rng.standard_normal(n), LEFT)
    return y, exog


# -- estimators ------------------------------------------------------------------------------
def available_cov_types(n_boot: int) -> tuple[list[str], list[str]]:
    """The covariance estimators to compare, given what is registered at run time.

    Parameters
    ----------
    n_boot : int
        Bootstrap replications (``--bootstrap``); 0 leaves the bootstrap out.

    Returns
    -------
    cov_types : list of str
        Registered estimators among :data:`COV_TYPES`, plus ``"bootstrap"`` if asked
        for and registered.
    notes : list of str
        Why an estimator was left out.
    """
    cov_types = [c for c in COV_TYPES if c in _REGISTRY]
    notes = [f"cov_type {c!r} is not registered: skipped" for c in COV_TYPES
             if c not in _REGISTRY]
    if n_boot > 0 and BOOTSTRAP in _REGISTRY:
        cov_types.append(BOOTSTRAP)
    elif n_boot > 0:
        notes.append(f"--bootstrap {n_boot}: cov_type 'bootstrap' is not registered in this "
                     "emstats: skipped")
    elif BOOTSTRAP in _REGISTRY:
        notes.append("cov_type 'bootstrap' is registered but off (slow); use --bootstrap B")
    return cov_types, notes


def cov_kwds_for(cov_type: str, n_boot: int, boot_seed: int) -> dict[str, int] | None:
    """Options of ``get_robustcov`` for ``cov_type`` (only the bootstrap takes any)."""
    if cov_type == BOOTSTRAP:
        return {"n_boot": n_boot, "random_state": boot_seed}
    return None


# -- one replication ------------------------------------------------------------------------
@dataclass
class EstimatorOutcome:
    """One covariance estimator in one replication.

    Attributes
    ----------
    bse : ndarray or None
        Standard errors (None if the estimator raised).
    covered : ndarray or None
        Whether each 95% interval contains the true value.
    error : str or None
        The exception message, if the estimator raised.
    seconds : float
        Wall time of ``get_robustcov`` and ``conf_int``.
    """

    bse: np.ndarray | None = None
    covered: np.ndarray | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def usable(self) -> bool:
        """Whether the estimator gave finite standard errors."""
        return self.bse is not None and bool(np.all(np.isfinite(self.bse)))


@dataclass
class Replication:
    """What one replication produced.

    Attributes
    ----------
    rep : int
        Replication number.
    censored : float
        Realised share of censored outcomes.
    converged : bool
        ``res.converged`` of the EM fit (False if the fit raised).
    params : ndarray
        Estimates (NaN if the fit raised).
    fit_error : str or None
        The exception message, if the fit raised.
    fit_seconds : float
        Wall time of the model constructor and ``fit()``.
    estimators : dict
        One :class:`EstimatorOutcome` per covariance type.
    warnings : Counter
        Warnings caught, keyed by ``"stage: Category"``.
    """

    rep: int
    censored: float
    converged: bool
    params: np.ndarray
    fit_error: str | None = None
    fit_seconds: float = 0.0
    estimators: dict[str, EstimatorOutcome] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)


def _count_warnings(caught: list[warnings.WarningMessage], stage: str,
                    counter: Counter[str]) -> None:
    for w in caught:
        counter[f"{stage}: {w.category.__name__}"] += 1


def evaluate_estimator(res: emstats.EMResults, cov_type: str,
                       cov_kwds: dict[str, int] | None) -> EstimatorOutcome:
    """Standard errors and interval coverage of one covariance estimator of a fit.

    Parameters
    ----------
    res : EMResults
        The fit (OIM covariance).
    cov_type : str
        Registered covariance estimator.
    cov_kwds : dict or None
        Its options.

    Returns
    -------
    EstimatorOutcome
    """
    t0 = time.perf_counter()
    try:
        alt = res.get_robustcov(cov_type, cov_kwds=cov_kwds)
        bse = np.asarray(alt.bse, dtype=float)
        ci = np.asarray(alt.conf_int(alpha=ALPHA), dtype=float)
    except Exception as exc:  # reported, never silent
        return EstimatorOutcome(error=f"{type(exc).__name__}: {exc}",
                                seconds=time.perf_counter() - t0)
    covered = (ci[:, 0] <= TRUE_PARAMS) & (TRUE_PARAMS <= ci[:, 1])
    return EstimatorOutcome(bse, covered, None, time.perf_counter() - t0)


def run_replication(rep: int, seed: np.random.SeedSequence, n: int, cov_types: Sequence[str],
                    n_boot: int) -> Replication:
    """Simulate, fit once and evaluate every covariance estimator.

    Parameters
    ----------
    rep : int
        Replication number.
    seed : numpy.random.SeedSequence
        This replication's child of ``SeedSequence(--seed)``.
    n : int
        Observations.
    cov_types : sequence of str
        Covariance estimators to evaluate.
    n_boot : int
        Bootstrap replications (used only for ``"bootstrap"``).

    Returns
    -------
    Replication
    """
    boot_seed = int(seed.spawn(1)[0].generate_state(1)[0])
    y, exog = simulate(n, np.random.default_rng(seed))
    out = Replication(rep, float(np.mean(y <= LEFT)), False, np.full(TRUE_PARAMS.size, np.nan))
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            res = emstats.Tobit(y, exog, left=LEFT).fit()
        except Exception as exc:  # reported, never silent
            out.fit_error = f"{type(exc).__name__}: {exc}"
            return out
        finally:
            out.fit_seconds = time.perf_counter() - t0
            _count_warnings(caught, "fit", out.warnings)
    out.converged = bool(res.converged)
    out.params = np.asarray(res.params, dtype=float)
    for cov_type in cov_types:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out.estimators[cov_type] = evaluate_estimator(
                res, cov_type, cov_kwds_for(cov_type, n_boot, boot_seed))
        _count_warnings(caught, cov_type, out.warnings)
    return out


def run_all(n: int, reps: int, seed: int, cov_types: Sequence[str], n_boot: int,
            n_jobs: int) -> list[Replication]:
    """All replications, in parallel with joblib if ``n_jobs != 1`` and joblib is installed.

    Parameters
    ----------
    n, reps, seed : int
        Observations, replications and the master seed.
    cov_types : sequence of str
        Covariance estimators to evaluate.
    n_boot : int
        Bootstrap replications.
    n_jobs : int
        joblib workers (1: a plain loop in this process).

    Returns
    -------
    list of Replication
        In the order of the replications.
    """
    children = np.random.SeedSequence(seed).spawn(reps)
    if n_jobs == 1 or joblib is None:
        return [run_replication(r, s, n, cov_types, n_boot) for r, s in enumerate(children)]
    return joblib.Parallel(n_jobs=n_jobs)(
        joblib.delayed(run_replication)(r, s, n, cov_types, n_boot)
        for r, s in enumerate(children))


# -- summaries -------------------------------------------------------------------------------
@dataclass
class EstimatorSummary:
    """Coverage and standard-error summaries of one estimator over the replications."""

    cov_type: str
    n_used: int
    n_nan: int
    n_error: int
    coverage: np.ndarray  # percent, per parameter
    mean_se: np.ndarray
    seconds: float

    @property
    def coverage_all(self) -> float:
        """Mean coverage over the parameters (percent)."""
        return float(np.mean(self.coverage))

    def outside(self, names: Sequence[str]) -> list[str]:
        """Parameters whose coverage is outside :data:`TARGET`."""
        lo, hi = TARGET
        return [nm for nm, c in zip(names, self.coverage, strict=True)
                if not lo <= c <= hi]


def summarise(reps: list[Replication], cov_type: str) -> EstimatorSummary:
    """Coverage and mean SE of ``cov_type`` over the converged replications where it is usable.

    Parameters
    ----------
    reps : list of Replication
        All replications.
    cov_type : str
        The estimator.

    Returns
    -------
    EstimatorSummary
    """
    fitted = [r for r in reps if r.converged]
    outcomes = [r.estimators[cov_type] for r in fitted]
    used = [o for o in outcomes if o.usable]
    k = TRUE_PARAMS.size
    if used:
        coverage = 100.0 * np.mean([o.covered for o in used], axis=0)
        mean_se = np.mean([o.bse for o in used], axis=0)
    else:
        coverage = mean_se = np.full(k, np.nan)
    return EstimatorSummary(
        cov_type, len(used),
        n_nan=sum(o.error is None and not o.usable for o in outcomes),
        n_error=sum(o.error is not None for o in outcomes),
        coverage=coverage, mean_se=mean_se,
        seconds=float(sum(r.estimators[cov_type].seconds for r in reps
                          if cov_type in r.estimators)))


# -- reporting -------------------------------------------------------------------------------
def _fmt(x: float, spec: str) -> str:
    return "-" if not np.isfinite(x) else format(x, spec)


def print_table(headers: list[str], rows: list[list[str]], aligns: str,
                markdown: bool = False) -> None:
    """Print an aligned text table, or a Markdown table with ``markdown=True``.

    Parameters
    ----------
    headers : list of str
        Column titles.
    rows : list of list of str
        Cells.
    aligns : str
        One ``"l"`` or ``"r"`` per column.
    markdown : bool
        Markdown pipe table instead of plain text.
    """
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        padded = [c.ljust(w) if a == "l" else c.rjust(w)
                  for c, w, a in zip(cells, widths, aligns, strict=True)]
        return ("| " + " | ".join(padded) + " |") if markdown else "  ".join(padded).rstrip()

    print(line(headers))
    if markdown:
        print("|" + "|".join(("-" * (w + 1) + ":") if a == "r" else "-" * (w + 2)
                             for w, a in zip(widths, aligns, strict=True)) + "|")
    else:
        print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def report_coverage(summaries: list[EstimatorSummary], names: list[str], reps: int,
                    markdown: bool) -> None:
    """The coverage table: one row per estimator, one column per parameter, plus "all"."""
    mcse = 100.0 * np.sqrt(ALPHA * (1.0 - ALPHA) / reps)
    print(f"\nCoverage of the {NOMINAL:.0f}% Wald intervals (%), over the replications where "
          f"the fit converged and the SEs are finite")
    print(f"Monte Carlo SE of a {NOMINAL:.0f}% coverage over {reps} replications: "
          f"sqrt(.95 * .05 / {reps}) = {mcse:.2f} points")
    headers = ["estimator", *names, "all", "reps used", f"in [{TARGET[0]:g}, {TARGET[1]:g}]"]
    rows = []
    for s in summaries:
        bad = s.outside(names)
        verdict = "yes" if not bad else "NO: " + ", ".join(bad)
        if s.n_used == 0:
            verdict = "no usable reps"
        rows.append([s.cov_type, *(_fmt(c, ".1f") for c in s.coverage),
                     _fmt(s.coverage_all, ".1f"), str(s.n_used), verdict])
    print_table(headers, rows, "l" + "r" * (len(names) + 2) + "l", markdown)


def report_se_ratio(summaries: list[EstimatorSummary], names: list[str], emp_sd: np.ndarray,
                    reps: int, markdown: bool) -> None:
    """Mean estimated SE / empirical SD of the estimates, per estimator and parameter."""
    print(f"\nMean estimated SE / empirical SD of the estimates (MC relative SE about "
          f"1/sqrt(2R) = {100.0 / np.sqrt(2.0 * reps):.1f}%)")
    headers = ["", *names]
    rows = [["empirical SD", *(_fmt(v, ".4f") for v in emp_sd)]]
    rows += [[f"{s.cov_type}: mean SE", *(_fmt(v, ".4f") for v in s.mean_se)]
             for s in summaries]
    rows += [[f"{s.cov_type}: ratio", *(_fmt(v, ".3f") for v in s.mean_se / emp_sd)]
             for s in summaries]
    print_table(headers, rows, "l" + "r" * len(names), markdown)


def report_failures(reps: list[Replication], summaries: list[EstimatorSummary],
                    markdown: bool) -> None:
    """Counts of failed fits, NaN standard errors, errors, warnings and timings."""
    n_fit_error = sum(r.fit_error is not None for r in reps)
    n_not_conv = sum(r.fit_error is None and not r.converged for r in reps)
    print(f"\nExcluded replications: fit raised {n_fit_error}, EM did not converge "
          f"{n_not_conv} (both excluded from every estimator)")
    headers = ["estimator", "reps used", "NaN SE", "raised", "seconds (total)"]
    rows = [[s.cov_type, str(s.n_used), str(s.n_nan), str(s.n_error), f"{s.seconds:.1f}"]
            for s in summaries]
    print_table(headers, rows, "lrrrr", markdown)
    errors = Counter(o.error for r in reps for o in r.estimators.values() if o.error)
    errors.update(r.fit_error for r in reps if r.fit_error)
    for msg, count in errors.most_common(5):
        print(f"  raised {count}x: {msg[:150]}")
    caught: Counter[str] = Counter()
    for r in reps:
        caught.update(r.warnings)
    print("Warnings caught (stage: category, count): "
          + (", ".join(f"{k} {v}" for k, v in sorted(caught.items())) or "none"))


# -- main -------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="observations per replication")
    parser.add_argument("--reps", type=int, default=1000, help="replications")
    parser.add_argument("--seed", type=int, default=20240601, help="master seed")
    parser.add_argument("--bootstrap", type=int, default=0, metavar="B",
                        help="also the bootstrap covariance with B resamples (0: off)")
    parser.add_argument("--n-jobs", type=int, default=1, help="joblib workers")
    parser.add_argument("--markdown", action="store_true", help="Markdown tables")
    args = parser.parse_args(argv)
    if args.n < 20 or args.reps < 2 or args.bootstrap < 0 or args.n_jobs == 0:
        parser.error("need --n >= 20, --reps >= 2, --bootstrap >= 0 and --n-jobs != 0")
    return args


def print_header(args: argparse.Namespace) -> None:
    """Settings, versions and the data-generating process."""
    print(f"Tobit coverage simulation: n = {args.n}, reps = {args.reps}, seed = {args.seed}, "
          f"bootstrap = {args.bootstrap}, n_jobs = {args.n_jobs}")
    print(f"{dt.datetime.now().isoformat(timespec='seconds')}; python "
          f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
          f"emstats {emstats.__version__}, joblib "
          f"{joblib.__version__ if joblib is not None else 'not installed'}; "
          f"{os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS="
          f"{os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}")
    terms = " ".join(f"{b:+g} {v}" for b, v in zip(BETA[1:], ("x1", "x2", "d"), strict=True))
    print(f"DGP: y* = {BETA[0]:g} {terms} + {SIGMA:g} eps, x1, x2, eps ~ N(0, 1), "
          f"d ~ Bernoulli({P_BINARY:g}); y = max(y*, {LEFT:g})")
    if args.n_jobs != 1 and joblib is None:
        print("joblib is not installed: running serially")


def main(argv: list[str] | None = None) -> None:
    """Run the simulation and print the tables."""
    args = parse_args(argv)
    print_header(args)
    cov_types, notes = available_cov_types(args.bootstrap)
    for note in notes:
        print(f"note: {note}")
    print(f"estimators: {', '.join(cov_types)}")

    t0 = time.perf_counter()
    reps = run_all(args.n, args.reps, args.seed, cov_types, args.bootstrap, args.n_jobs)
    seconds = time.perf_counter() - t0
    fit_seconds = sum(r.fit_seconds for r in reps)
    print(f"run time: {seconds:.1f} s wall ({fit_seconds:.1f} s in the fits, summed over "
          "workers)")

    censored = np.array([r.censored for r in reps])
    print(f"censored share: population {population_censored_share():.1%}, realised mean "
          f"{censored.mean():.1%} (min {censored.min():.1%}, max {censored.max():.1%})")
    names = ["const", "x1", "x2", "d", "sigma"]
    converged = np.array([r.params for r in reps if r.converged])
    emp_sd = converged.std(axis=0, ddof=1) if len(converged) > 1 else np.full(len(names), np.nan)
    if len(converged):
        bias = converged.mean(axis=0) - TRUE_PARAMS
        print("true values: " + ", ".join(f"{nm} {v:g}" for nm, v in zip(names, TRUE_PARAMS,
                                                                        strict=True)))
        print("mean estimate - true: " + ", ".join(f"{nm} {b:+.4f}" for nm, b in
                                                   zip(names, bias, strict=True)))

    summaries = [summarise(reps, c) for c in cov_types]
    report_coverage(summaries, names, args.reps, args.markdown)
    report_se_ratio(summaries, names, emp_sd, args.reps, args.markdown)
    report_failures(reps, summaries, args.markdown)


if __name__ == "__main__":
    main()
