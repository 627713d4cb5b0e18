"""How often a default Gaussian-mixture fit with missing values reaches the best llf.

Simulated mixtures (n = 300, d = 4, k = 2..5, VVV) with 10%, 30% or 50% of the values
missing in the last three columns, MCAR or MAR (missingness driven by the always
observed first column). For every data set: the llf of the default fit
(``gaussian_mixture(data, k).fit()``) and the best llf of ``--starts`` k-means++ starts
(``fit(n_starts=...)``, which includes the default starts); a default fit "reaches the
best" when it is within 1e-6 relative of the best of all fits. ``--before REF`` also
fits the default of an earlier commit (a git worktree of REF, in a subprocess) on the
same data sets, so that the table has a before and an after column.

    python benchmarks/mixture_missing_starts.py --before 0e11c64
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
N, D = 300, 4
KS = (2, 3, 4, 5)
RATES = (0.1, 0.3, 0.5)
MECHANISMS = ("MCAR", "MAR")
REACHED_RTOL = 1e-6


def simulate(k: int, rate: float, mechanism: str, seed: int) -> np.ndarray:
    """A k-component VVV mixture with means 2.5 apart on average; values of columns
    1..3 missing with probability ``rate`` (MCAR) or, under MAR, with a probability
    that rises with column 0 (logistic, averaging ``rate``)."""
    rng = np.random.default_rng(seed)
    means = rng.normal(scale=2.5, size=(k, D))
    labels = rng.choice(k, size=N, p=rng.dirichlet(np.full(k, 5.0)))
    x = np.empty((N, D))
    for j in range(k):
        a = rng.normal(size=(D, D))
        cov = a @ a.T / D + 0.3 * np.eye(D)
        rows = labels == j
        x[rows] = rng.multivariate_normal(means[j], cov, size=rows.sum())
    if mechanism == "MCAR":
        prob = np.full(N, rate)
    else:
        score = (x[:, 0] - x[:, 0].mean()) / x[:, 0].std()
        offset = np.log(rate / (1 - rate))
        prob = 1 / (1 + np.exp(-(offset + 1.5 * score)))
        prob *= rate / prob.mean()
        prob = np.clip(prob, 0, 0.95)
    missing = rng.random((N, D - 1)) < prob[:, None]
    x[:, 1:][missing] = np.nan
    return x


def cases(seeds: int) -> list[dict]:
    return [{"k": k, "rate": rate, "mechanism": mech, "seed": 1000 * k + 100 * int(rate * 10)
             + 10 * MECHANISMS.index(mech) + s}
            for k in KS for rate in RATES for mech in MECHANISMS for s in range(seeds)]


def default_llfs(specs: list[dict]) -> list[float]:
    import emstats as em

    out = []
    for spec in specs:
        data = simulate(spec["k"], spec["rate"], spec["mechanism"], spec["seed"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = em.gaussian_mixture(data, spec["k"]).fit()
                out.append(float(res.llf) if not res.degenerate else float("nan"))
            except (ValueError, np.linalg.LinAlgError):
                out.append(float("nan"))
    return out


def best_llfs(specs: list[dict], starts: int) -> list[float]:
    import emstats as em

    out = []
    for spec in specs:
        data = simulate(spec["k"], spec["rate"], spec["mechanism"], spec["seed"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = em.gaussian_mixture(data, spec["k"]).fit(n_starts=starts,
                                                           random_state=spec["seed"])
        table = res.starts
        sound = table[~table["degenerate"]] if "degenerate" in table else table
        out.append(float(sound["llf"].max()))
    return out


def before_llfs(ref: str, specs: list[dict]) -> list[float]:
    """The default fits of commit ``ref``, from a temporary git worktree."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), ref],
                       check=True, capture_output=True)
        try:
            code = ("import json, sys; sys.path.insert(0, sys.argv[1]); "
                    "sys.path.insert(1, sys.argv[2]); import mixture_missing_starts as m; "
                    "print(json.dumps(m.default_llfs(json.loads(sys.stdin.read()))))")
            done = subprocess.run(
                [sys.executable, "-c", code, str(tree), str(Path(__file__).parent)],
                input=json.dumps(specs), capture_output=True, text=True, check=True)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                           check=True, capture_output=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def reached(llf: pd.Series, best: pd.Series) -> pd.Series:
    return llf >= best - REACHED_RTOL * (1 + best.abs())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="data sets per cell")
    parser.add_argument("--starts", type=int, default=20, help="k-means++ starts for the best")
    parser.add_argument("--before", help="git ref of the 'before' default fits")
    parser.add_argument("--csv", help="write the per-data-set table here")
    args = parser.parse_args()
    specs = cases(args.seeds)
    frame = pd.DataFrame(specs)
    frame["after"] = default_llfs(specs)
    frame["starts_best"] = best_llfs(specs, args.starts)
    columns = ["after"]
    if args.before:
        frame["before"] = before_llfs(args.before, specs)
        columns.insert(0, "before")
    best = frame[[*columns, "starts_best"]].max(axis=1)
    for column in columns:
        frame[f"{column}_reached"] = reached(frame[column], best)
        frame[f"{column}_short"] = (best - frame[column]).where(lambda s: s > 1e-6, 0.0)
    table = frame.groupby(["mechanism", "rate"])[[f"{c}_reached" for c in columns]].agg(
        ["sum", "count"])
    print(f"n = {N}, d = {D}, k = {KS}, {args.seeds} data sets per cell, "
          f"best of the default fits and {args.starts} k-means++ starts")
    print(table.to_string())
    print(frame.groupby("k")[[f"{c}_reached" for c in columns]].sum().to_string())
    if args.csv:
        frame.to_csv(args.csv, index=False)
    print("largest shortfalls:",
          {c: round(float(frame[f"{c}_short"].max()), 3) for c in columns})


if __name__ == "__main__":
    main()
