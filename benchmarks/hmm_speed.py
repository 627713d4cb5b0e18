"""Gaussian HMM EM: emstats against hmmlearn and statsmodels, side by side in one run.

Issue 5's setting: a 1-d Gaussian HMM with 3 states, T = 100,000 rows in one
sequence, 20 plain EM (Baum-Welch) iterations from the same start. Timed:

* emstats: ``GaussianHMM(y, 3, "diag")``, 20 EM maps (``e_step`` then ``m_step``:
  exactly the EM iterations), and the engine's ``run_em(accel=None)`` for 20
  iterations (which adds its bookkeeping and one final llf evaluation);
* hmmlearn ``GaussianHMM`` with ``implementation="log"`` (its default) and
  ``"scaling"``, ``n_iter=20``, ``tol=-inf``, ``init_params=""`` and the priors
  switched off (``min_covar=0``, ``covars_prior=0``) so that its EM is exact ML;
* statsmodels ``MarkovRegression(y, k_regimes=3, switching_variance=True)``: its EM
  (``_fit_em(maxiter=20, tolerance=-inf, return_params=True)``; the public
  ``fit(em_iter=20, maxiter=0)`` adds a BFGS call and a covariance).

Each time is the best of ``--repeat`` runs after a warm-up (numba compiles
emstats' kernel once and caches it). The llfs after 20 iterations must agree:
emstats and hmmlearn to 1e-9 (both estimate the start probabilities); statsmodels
keeps them fixed (``initialize_known``), so it is checked against a hmmlearn run
that keeps them fixed too (``params="tmc"``, untimed).

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/hmm_speed.py [--n N] [--iters T]
[--repeat R] [--profile]`` (needs hmmlearn, which emstats does not depend on).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import warnings
from dataclasses import dataclass

import numpy as np
from _direct import best_of
from hmmlearn.hmm import GaussianHMM as HmmlearnHMM
from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

import emstats as em
from emstats.engine import ConvergenceMonitor, run_em
from emstats.models.hmm import HMMParams

TRANSITION = np.array([[0.95, 0.03, 0.02], [0.04, 0.90, 0.06], [0.05, 0.05, 0.90]])
MEANS = np.array([-1.0, 0.5, 2.0])
SDS = np.array([0.5, 0.8, 1.2])


def make_data(n: int, seed: int) -> np.ndarray:
    """One sequence of ``n`` rows from the 3-state chain above (numpy only)."""
    rng = np.random.default_rng(seed)
    cumulative = np.cumsum(TRANSITION, axis=1).tolist()
    uniforms = rng.random(n).tolist()
    states = np.empty(n, dtype=np.int64)
    state = 0
    for t, u in enumerate(uniforms):
        row = cumulative[state]
        state = 0 if u < row[0] else (1 if u < row[1] else 2)
        states[t] = state
    return MEANS[states] + SDS[states] * rng.standard_normal(n)


@dataclass(frozen=True)
class Start:
    """The common starting values."""

    startprob: np.ndarray
    transmat: np.ndarray
    means: np.ndarray
    variances: np.ndarray


def common_start(y: np.ndarray) -> Start:
    """Sticky transitions, means at the quartiles, every variance the sample's."""
    return Start(np.full(3, 1 / 3), np.full((3, 3), 0.1) + 0.7 * np.eye(3),
                 np.quantile(y, [0.25, 0.5, 0.75]), np.full(3, y.var()))


# -- emstats ------------------------------------------------------------------------------
def emstats_model(y: np.ndarray, start: Start) -> tuple[em.GaussianHMM, np.ndarray]:
    model = em.GaussianHMM(y, 3, "diag")
    params = model.pack(HMMParams(start.startprob, start.transmat, start.means[:, None],
                                  start.variances[:, None, None]))
    return model, params


def emstats_em_maps(model: em.GaussianHMM, params: np.ndarray, iters: int) -> np.ndarray:
    for _ in range(iters):
        stats, _ = model.e_step(params)
        params = model.m_step(stats, params)
    return params


def emstats_run_em(model: em.GaussianHMM, params: np.ndarray, iters: int) -> float:
    trace = run_em(model, params, accel=None,
                   monitor=ConvergenceMonitor(maxiter=iters, xtol=1e-300))
    return trace.llf


# -- hmmlearn -----------------------------------------------------------------------------
def hmmlearn_fit(y: np.ndarray, start: Start, iters: int, implementation: str,
                 params: str = "stmc") -> HmmlearnHMM:
    model = HmmlearnHMM(3, "diag", n_iter=iters, tol=-np.inf, init_params="", params=params,
                        min_covar=0.0, covars_prior=0.0, implementation=implementation)
    model.startprob_, model.transmat_ = start.startprob, start.transmat
    model.means_, model.covars_ = start.means[:, None], start.variances[:, None]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(y[:, None])
    return model


# -- statsmodels --------------------------------------------------------------------------
def statsmodels_model(y: np.ndarray, start: Start) -> tuple[MarkovRegression, np.ndarray]:
    """``MarkovRegression`` with the start probabilities known (fixed) and its start vector:
    ``p[i->j]`` for ``j < 2`` (``P(S_t = j | S_{t-1} = i)``), constants, variances."""
    model = MarkovRegression(y, k_regimes=3, switching_variance=True)
    model.initialize_known(start.startprob)
    names = model.param_names
    params = np.empty(len(names))
    for pos, name in enumerate(names):
        if name.startswith("p["):
            i, j = (int(s) for s in name[2:-1].split("->"))
            params[pos] = start.transmat[i, j]
        elif name.startswith("const"):
            params[pos] = start.means[int(name.split("[")[1][:-1])]
        else:
            params[pos] = start.variances[int(name.split("[")[1][:-1])]
    return model, params


def statsmodels_em(model: MarkovRegression, params: np.ndarray, iters: int) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model._fit_em(params, transformed=True, maxiter=iters, tolerance=-np.inf,
                             return_params=True)


# -- the run ------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--iters", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--profile", action="store_true",
                        help="cProfile of emstats' EM maps (top 15 by own time)")
    args = parser.parse_args()
    n, iters = args.n, args.iters
    y = make_data(n, args.seed)
    start = common_start(y)
    print(f"1-d Gaussian HMM, 3 states, T = {n:,}, {iters} EM iterations from the same start")

    model, params0 = emstats_model(y, start)
    emstats_em_maps(model, params0, 1)  # warm-up: numba compiles or loads its cache
    t_maps, params = best_of(args.repeat, lambda: emstats_em_maps(model, params0, iters))
    llf_emstats = model.loglike(params)
    t_engine, llf_engine = best_of(args.repeat, lambda: emstats_run_em(model, params0, iters))

    hmmlearn_fit(y, start, 1, "scaling")
    times, llfs = {}, {}
    for impl in ("log", "scaling"):
        times[impl], fitted = best_of(args.repeat, lambda impl=impl: hmmlearn_fit(
            y, start, iters, impl))
        llfs[impl] = fitted.score(y[:, None])
    fixed_start = hmmlearn_fit(y, start, iters, "scaling", params="tmc").score(y[:, None])

    sm_model, sm_params0 = statsmodels_model(y, start)
    statsmodels_em(sm_model, sm_params0, 1)
    t_sm, sm_params = best_of(args.repeat, lambda: statsmodels_em(sm_model, sm_params0, iters))
    llf_sm = sm_model.loglike(sm_params)

    ms = {"emstats EM maps (e_step + m_step)": t_maps,
          "emstats run_em(accel=None)": t_engine,
          'hmmlearn implementation="log"': times["log"],
          'hmmlearn implementation="scaling"': times["scaling"],
          "statsmodels MarkovRegression _fit_em": t_sm}
    print(f"\n{'':40s} {'ms/iter':>9s} {'ns/row':>8s}")
    for name, seconds in ms.items():
        per = seconds / iters
        print(f"{name:40s} {per * 1e3:9.2f} {per / n * 1e9:8.1f}")
    print("\nratios (time per iteration)")
    print(f"  emstats / hmmlearn scaling:   {t_maps / times['scaling']:.2f}")
    print(f"  emstats / hmmlearn log:       {t_maps / times['log']:.2f}")
    print(f"  statsmodels / emstats:        {t_sm / t_maps:.1f}")
    print(f"\nllf after {iters} iterations")
    print(f"  emstats EM maps    {llf_emstats:.10f}")
    print(f"  emstats run_em     {llf_engine:.10f}")
    print(f"  hmmlearn log       {llfs['log']:.10f}")
    print(f"  hmmlearn scaling   {llfs['scaling']:.10f}")
    print(f"  statsmodels        {llf_sm:.10f}   (start probabilities fixed)")
    print(f"  hmmlearn, fixed start probabilities   {fixed_start:.10f}")
    agree = (abs(llf_emstats - llfs["scaling"]) <= 1e-9 * abs(llf_emstats)
             and abs(llf_emstats - llfs["log"]) <= 1e-9 * abs(llf_emstats)
             and abs(llf_engine - llf_emstats) <= 1e-9 * abs(llf_emstats))
    agree_sm = abs(llf_sm - fixed_start) <= 1e-6 * abs(fixed_start)
    print(f"  emstats = hmmlearn (1e-9): {agree}; statsmodels = hmmlearn with fixed start "
          f"probabilities (1e-6): {agree_sm}")

    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(emstats_em_maps, model, params0, iters)
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
