"""Exploratory ML factor analysis: emstats against R factanal, scikit-learn and
factor_analyzer, side by side in one run.

Issue 6's setting: n = 100,000 rows, p = 30 variables, 5 factors (simulated from a
5-factor model with a seed). Each program fits from the raw data to its own optimum
with its defaults, no rotation:

* emstats: ``em.factor(x, 5, rotation="none").fit(cov_type="none")`` (EM with SQUAREM;
  one pass over the data for the covariance, then O(p^2 k) per iteration);
* R ``factanal(x, factors = 5, rotation = "none")``, timed inside R with
  ``system.time`` after reading the data (skipped when Rscript is not installed);
* scikit-learn ``FactorAnalysis(n_components=5)`` (its SVD-based EM, defaults);
* factor_analyzer ``FactorAnalyzer(n_factors=5, rotation=None, method="ml")``.

The llf each reaches is evaluated by one function (the normal log-likelihood of the
data at the sample mean and ``LL' + Psi``, on the raw scale), so the column "short"
is the llf each stops below the best. Times are the best of ``--repeat`` runs.

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/factor_speed.py [--n N] [--p P]
[--k K] [--repeat R]`` (needs scikit-learn and factor_analyzer, which emstats does not
depend on).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from factor_analyzer import FactorAnalyzer
from sklearn.decomposition import FactorAnalysis as SklearnFA

import emstats as em
from emstats.models.factor import FactorParams

Solution = tuple[np.ndarray, np.ndarray]  # raw-scale loadings (p x k), unique variances


def simulate(n: int, p: int, k: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.3, 0.8, (p, k)) * (rng.random((p, k)) < 0.4)
    loadings += rng.normal(0.0, 0.1, (p, k))
    psi = rng.uniform(0.2, 0.6, p)
    x = rng.standard_normal((n, k)) @ loadings.T + rng.standard_normal((n, p)) * np.sqrt(psi)
    return x * rng.uniform(0.5, 3.0, p) + rng.normal(0.0, 5.0, p)


def best_time(run: Callable[[], Solution], repeat: int) -> tuple[float, Solution]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        times.append(time.perf_counter() - start)
    return min(times), out


def run_emstats(x: np.ndarray, k: int) -> Solution:
    res = em.factor(x, k, rotation="none").fit(cov_type="none")
    parts = res.model.unpack(np.asarray(res.params))
    return parts.loadings, parts.psi


def run_sklearn(x: np.ndarray, k: int) -> Solution:
    fa = SklearnFA(n_components=k, random_state=0).fit(x)
    return fa.components_.T, fa.noise_variance_


def _sklearn_compatible_check_array() -> None:
    """factor_analyzer 0.5.1 calls scikit-learn's ``check_array(force_all_finite=...)``,
    a keyword scikit-learn 1.8 renamed ``ensure_all_finite``: translate it."""
    import factor_analyzer.factor_analyzer as module
    from sklearn.utils import check_array

    def translated(*args: object, force_all_finite: object = True, **kwds: object) -> object:
        return check_array(*args, ensure_all_finite=force_all_finite, **kwds)

    module.check_array = translated


def run_factor_analyzer(x: np.ndarray, k: int) -> Solution:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fa = FactorAnalyzer(n_factors=k, rotation=None, method="ml").fit(x)
    sd = x.std(axis=0, ddof=1)
    return fa.loadings_ * sd[:, None], fa.get_uniquenesses() * sd**2


def run_factanal(x: np.ndarray, k: int, repeat: int) -> tuple[float, Solution] | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "x.bin", Path(tmp) / "out.txt"
        x.astype("<f8").tofile(data)
        script = (
            f'x <- matrix(readBin("{data}", "double", {x.size}, endian = "little"), '
            f"ncol = {x.shape[1]}, byrow = TRUE);"
            f"t <- min(sapply(1:{repeat}, function(i) system.time(f <<- factanal(x, "
            f'factors = {k}, rotation = "none"))[["elapsed"]]));'
            f'cat(t, unclass(f$loadings), f$uniquenesses, file = "{out}")'
        )
        subprocess.run(["Rscript", "-e", script], check=True, capture_output=True)
        values = np.array(out.read_text().split(), dtype=float)
    p = x.shape[1]
    sd = x.std(axis=0, ddof=1)
    loadings = values[1:1 + p * k].reshape(k, p).T * sd[:, None]
    return float(values[0]), (loadings, values[1 + p * k:] * sd**2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--p", type=int, default=30)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _sklearn_compatible_check_array()
    x = simulate(args.n, args.p, args.k)
    model = em.factor(x, args.k, rotation="none")
    mean = x.mean(axis=0)

    def llf(solution: Solution) -> float:
        return model.loglike(model.pack(FactorParams(mean, *solution)))

    rows = {"emstats": best_time(lambda: run_emstats(x, args.k), args.repeat)}
    factanal = run_factanal(x, args.k, args.repeat)
    if factanal is not None:
        rows["R factanal"] = factanal
    rows["factor_analyzer"] = best_time(lambda: run_factor_analyzer(x, args.k), args.repeat)
    rows["scikit-learn"] = best_time(lambda: run_sklearn(x, args.k), args.repeat)
    llfs = {name: llf(solution) for name, (_, solution) in rows.items()}
    best = max(llfs.values())
    base = rows["emstats"][0]
    print(f"n = {args.n}, p = {args.p}, k = {args.k}; best of {args.repeat}")
    print(f"{'program':<16} {'time (s)':>9} {'ratio':>7} {'llf':>18} {'short':>10}")
    for name, (seconds, _) in rows.items():
        print(f"{name:<16} {seconds:9.3f} {seconds / base:7.2f} {llfs[name]:18.4f} "
              f"{best - llfs[name]:10.2e}")
    if factanal is None:
        print("(R factanal skipped: Rscript not found)")


if __name__ == "__main__":
    main()
