"""Mixtures of regressions: emstats against R's flexmix and mixtools, side by side in one run.

Issue 18's setting: n = 100,000 rows, p = 5 regressors and a constant, k = 3 classes,
a Gaussian mixture of regressions and a Poisson one. Every program starts from the same
random partition of the rows (emstats ``params_from_partition``, flexmix ``cluster=``,
mixtools ``regmixEM`` from emstats' parameters of that partition) and runs EM to its own
convergence with a tolerance tight enough to reach the best llf of the three to 1e-8
relative: emstats ``fit(n_starts=1, cov_type="none")`` (SQUAREM, its default), flexmix
``control = list(tolerance = 1e-12)`` (relative llf change), mixtools
``epsilon = 1e-8`` (absolute llf change). Timed: the whole fit (R's ``system.time``
around the call, after reading the data), and the time per EM iteration.

flexmix's Gaussian M-step divides the residual sum of squares by the class weight less
the rank (its fixed point is not the MLE; at this n the llf is short by ~1e-9 relative).

Usage: ``OPENBLAS_NUM_THREADS=1 python benchmarks/mixreg_flexmix.py [--n N] [--repeat R]``
(R with flexmix and mixtools: ``apt install r-cran-flexmix r-cran-mixtools``; the R rows
are skipped without Rscript).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import emstats as em

COEFS = np.array([[1.0, 0.5, -0.5, 0.3, 0.0, 0.2],
                  [-1.0, -0.4, 0.6, 0.0, 0.3, -0.2],
                  [0.5, 0.0, 0.2, -0.6, -0.3, 0.4]])


def simulate(n: int, family: str, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows of a 3-class mixture (equal shares) and a random start partition."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 5))
    cls = rng.integers(0, 3, n)
    eta = COEFS[cls, 0] + np.einsum("ij,ij->i", x, COEFS[cls, 1:])
    if family == "gaussian":
        y = eta * 2.0 + rng.normal(size=n) * np.array([0.5, 1.0, 0.8])[cls]
    else:
        y = rng.poisson(np.exp(eta)).astype(float)
    frame = pd.DataFrame(x, columns=[f"x{j + 1}" for j in range(5)]).assign(y=y)
    return frame, rng.integers(0, 3, n)


def run_emstats(frame: pd.DataFrame, family: str, labels: np.ndarray, repeat: int
                ) -> dict[str, float]:
    formula = "y ~ x1 + x2 + x3 + x4 + x5"
    best = np.inf
    for _ in range(repeat):
        tic = time.perf_counter()
        model = em.mixreg(formula, frame, k=3, family=family)
        res = model.fit(start_params=model.params_from_partition(labels), n_starts=1,
                        cov_type="none")
        best = min(best, time.perf_counter() - tic)
    return {"time": best, "iterations": float(res.n_iter), "llf": float(res.llf)}


def run_r(frame: pd.DataFrame, family: str, labels: np.ndarray, start: np.ndarray,
          program: str, repeat: int) -> dict[str, float] | None:
    if shutil.which("Rscript") is None:
        return None
    n = len(frame)
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "d.bin", Path(tmp) / "out.txt"
        np.column_stack([frame.to_numpy(), labels + 1]).astype("<f8").tofile(data)
        read = (f'm <- matrix(readBin("{data}", "double", {n * 7}, endian = "little"), '
                f"ncol = 7, byrow = TRUE); d <- data.frame(m[, 1:6]); "
                f'names(d) <- c("x1", "x2", "x3", "x4", "x5", "y"); cl <- m[, 7];')
        if program == "flexmix":
            model = ('FLXMRglm(family = "poisson")' if family == "poisson"
                     else "FLXMRglm()")
            call = (f"f <<- flexmix(y ~ x1 + x2 + x3 + x4 + x5, data = d, k = 3, "
                    f"cluster = cl, model = {model}, control = list(tolerance = 1e-12, "
                    f"iter.max = 100000))")
            report = 'f@iter, sprintf("%.10f", logLik(f))'
        else:
            weights, beta, sigma = (_r_vector(v) for v in start)  # beta: a class per row
            call = (f"f <<- regmixEM(d$y, as.matrix(d[, 1:5]), lambda = {weights}, "
                    f"beta = matrix({beta}, 6, 3), sigma = {sigma}, k = 3, "
                    f"epsilon = 1e-8, maxit = 100000)")
            report = 'length(f$all.loglik) - 1, sprintf("%.10f", f$loglik)'
        script = (f"suppressMessages({{library(flexmix); library(mixtools)}}); {read}"
                  f"t <- min(sapply(1:{repeat}, function(i) "
                  f"system.time(invisible(capture.output({call})))[['elapsed']]));"
                  f'cat(t, {report}, file = "{out}")')
        subprocess.run(["Rscript", "-e", script], check=True, capture_output=True)
        seconds, iterations, llf = (float(v) for v in out.read_text().split())
    return {"time": seconds, "iterations": iterations, "llf": llf}


def _r_vector(values: np.ndarray) -> str:
    """``c(...)`` of the values in row-major order, to 17 significant digits."""
    return "c(" + ", ".join(f"{v:.17g}" for v in np.ravel(values)) + ")"


def gaussian_start(frame: pd.DataFrame, labels: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    model = em.mixreg("y ~ x1 + x2 + x3 + x4 + x5", frame, k=3)
    values = model.spec.unpack(model.params_from_partition(labels))
    return values["weight"], values["coefs"], np.sqrt(values["sigma2"][:, 0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"n = {args.n}, 5 regressors and a constant, k = 3; best of {args.repeat}")
    print(f"{'family':<9} {'program':<9} {'time (s)':>9} {'iters':>7} {'s/iter':>9} "
          f"{'vs flexmix':>10} {'llf':>18} {'short (rel)':>11}")
    for family in ("gaussian", "poisson"):
        frame, labels = simulate(args.n, family, args.seed)
        rows = {"emstats": run_emstats(frame, family, labels, args.repeat)}
        start = gaussian_start(frame, labels) if family == "gaussian" else None
        for program in ("flexmix", "mixtools"):
            if program == "mixtools" and family != "gaussian":
                continue
            row = run_r(frame, family, labels, start, program, args.repeat)
            if row is not None:
                rows[program] = row
        best = max(row["llf"] for row in rows.values())
        base = rows.get("flexmix", rows["emstats"])["time"]
        for name, row in rows.items():
            print(f"{family:<9} {name:<9} {row['time']:9.3f} {int(row['iterations']):7d} "
                  f"{row['time'] / max(row['iterations'], 1):9.4f} "
                  f"{row['time'] / base:10.3f} {row['llf']:18.6f} "
                  f"{(best - row['llf']) / abs(best):11.1e}")
    if shutil.which("Rscript") is None:
        print("(R flexmix and mixtools skipped: Rscript not found)")


if __name__ == "__main__":
    main()
