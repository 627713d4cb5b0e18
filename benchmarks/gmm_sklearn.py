"""Gaussian mixture EM: emstats against scikit-learn, side by side in one run.

Issue 4's setting: n = 200,000 rows, d = 8, K = 5, full covariances, the same data
and starting parameters, 50 plain EM iterations each (no convergence test stops
either). Prints seconds per iteration, the ratio emstats / sklearn, the peak memory
newly allocated during the fit (tracemalloc), and the llf each reached.

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/gmm_sklearn.py [--n N] [--iters T]``
(needs scikit-learn, which emstats does not depend on).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings

import numpy as np
from sklearn.mixture import GaussianMixture as SkGaussianMixture

import emstats as em
from emstats.engine import ConvergenceMonitor, run_em


def make_data(n: int, d: int, k: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(k, d))
    labels = rng.integers(0, k, n)
    mixing = rng.normal(size=(k, d, d)) * 0.4 + np.eye(d)
    x = rng.normal(size=(n, d))
    for j in range(k):
        rows = labels == j
        x[rows] = centres[j] + x[rows] @ mixing[j]
    return x


def timed(fn):
    tracemalloc.start()
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, elapsed, peak


def run_sklearn(x: np.ndarray, parts, iters: int) -> tuple[float, int, int, float]:
    """sklearn's full-covariance EM from the same start: seconds, iterations, peak bytes,
    llf."""
    sk = SkGaussianMixture(len(parts.weights), covariance_type="full", max_iter=iters,
                           tol=0.0, reg_covar=0.0, weights_init=parts.weights,
                           means_init=parts.means,
                           precisions_init=np.linalg.inv(parts.covariances),
                           init_params="random")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, seconds, peak = timed(lambda: sk.fit(x))
    return seconds, sk.n_iter_, peak, float(sk.score(x) * len(x))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--d", type=int, default=8)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--iters", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-sklearn", action="store_true",
                        help="emstats alone (the scale run: --n 10000000 --iters 3)")
    args = parser.parse_args()
    x = make_data(args.n, args.d, args.k, args.seed)
    model, t_model, mem_model = timed(
        lambda: em.GaussianMixture(x, args.k, "VVV", init="kmeans++", random_state=args.seed))
    start, t_start, _ = timed(lambda: model.start_params)
    print(f"Gaussian mixture EM: n = {args.n:,}, d = {args.d}, K = {args.k}, full "
          f"covariances, {args.iters} iterations from the same start "
          f"(data {x.nbytes / 1e6:.0f} MB; model built in {t_model:.1f} s, "
          f"k-means++ start in {t_start:.1f} s)")

    monitor = ConvergenceMonitor(xtol=1e-300, maxiter=args.iters)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trace, t_em, mem_em = timed(lambda: run_em(model, start, accel=None, monitor=monitor))
    rows = [("emstats run_em", t_em, trace.n_evals, mem_em, trace.llf)]
    if not args.skip_sklearn:
        t_sk, sk_iters, mem_sk, sk_llf = run_sklearn(x, model.unpack(start), args.iters)
        rows.append(("sklearn", t_sk, sk_iters, mem_sk, sk_llf))

    print(f"\n{'method':<16}{'s/iter':>10}{'iters':>7}{'peak MB':>10}{'llf':>22}")
    for name, t, iters, mem, llf in rows:
        print(f"{name:<16}{t / iters:>10.4f}{iters:>7}{mem / 1e6:>10.1f}{llf:>22.6f}")
    if not args.skip_sklearn:
        ratio = (t_em / trace.n_evals) / (t_sk / sk_iters)
        print(f"\nemstats / sklearn time per iteration: {ratio:.2f} (target <= 0.5)")
    print(f"emstats peak memory / data size: {mem_em / x.nbytes:.2f} during the fit "
          f"(target <= 2 + O(nK)); {mem_model / x.nbytes:.2f} to build the model (its "
          "private copy of the data)")
    if not args.skip_sklearn:
        print("sklearn's llf is after its last M-step; emstats' at its last iterate: both "
              "runs do the same number of EM maps, so they differ by at most one step.")


if __name__ == "__main__":
    main()
