"""Import time of emstats against statsmodels.api, from ``python -X importtime``.

Each measurement is a fresh interpreter running ``python -X importtime -c "import X"``;
the script parses the timings Python writes to stderr (one line per module: its own
time and its cumulative time, in microseconds) and reports, as the best of
``--repeat`` runs:

* ``statsmodels.api``: the cumulative time of ``import statsmodels.api`` (what a
  statsmodels user pays already);
* ``emstats``: the cumulative time of ``import emstats`` in a fresh interpreter
  (numpy, scipy, pandas, statsmodels included);
* ``emstats after statsmodels.api``: the cumulative time of ``import emstats`` when
  ``statsmodels.api`` is already imported, i.e. what emstats adds for a statsmodels
  user;
* ``emstats' own modules``: the sum of the self times of the ``emstats.*`` modules;
* the ratios of these to ``statsmodels.api``; the (sub)packages that ``import emstats``
  loads beyond those of ``statsmodels.api``, by self time; and which of the heavy
  modules that emstats imports only where they are used (numba, llvmlite, joblib,
  matplotlib, tqdm) were loaded.

Every run reads bytecode compiled by a first untimed run, in a temporary cache of its
own (``-X pycache_prefix``) for every package alike: without it, an environment with
``PYTHONDONTWRITEBYTECODE=1`` (or a read-only checkout) would time emstats' compilation
from source against statsmodels' installed bytecode.

Usage: ``python benchmarks/import_time.py [--repeat R] [--top N]``. Timings vary with
the machine's load; the best of several runs is the stable figure.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

#: Modules that ``import emstats`` should leave for later (imported where used).
HEAVY = ("numba", "llvmlite", "joblib", "matplotlib", "tqdm")

#: Bytecode caches of the runs: one directory for every package (``-X pycache_prefix``),
#: filled by a first untimed run, so that emstats and statsmodels are both timed from
#: compiled bytecode as after an install, even where ``PYTHONDONTWRITEBYTECODE`` is set
#: or the source tree is read-only.
_PYCACHE = tempfile.mkdtemp(prefix="emstats-import-time-")
atexit.register(shutil.rmtree, _PYCACHE, True)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class ImportProfile:
    """The ``-X importtime`` lines of one interpreter: self and cumulative times (µs)."""

    self_us: dict[str, int]
    cumulative_us: dict[str, int]

    def own(self, package: str) -> int:
        """Sum of the self times of ``package`` and its submodules."""
        return sum(t for name, t in self.self_us.items() if _under(name, package))

    def by_subpackage(self, exclude: set[str], skip: str) -> dict[str, int]:
        """Self times of the modules neither in ``exclude`` nor under ``skip``, summed by
        the first two parts of their names (``scipy.cluster``, ``numba``)."""
        totals: dict[str, int] = {}
        for name, t in self.self_us.items():
            if name in exclude or _under(name, skip):
                continue
            key = ".".join(name.split(".")[:2])
            totals[key] = totals.get(key, 0) + t
        return totals


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def profile(code: str) -> ImportProfile:
    """Run ``code`` in a fresh interpreter with ``-X importtime`` and parse its timings."""
    done = subprocess.run([sys.executable, "-X", f"pycache_prefix={_PYCACHE}", "-X",
                           "importtime", "-c", code],
                          capture_output=True, text=True, check=True, env=_ENV)
    self_us: dict[str, int] = {}
    cumulative_us: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|")
        self_us[name.strip()] = int(own)
        cumulative_us[name.strip()] = int(cumulative)
    return ImportProfile(self_us, cumulative_us)


def best(code: str, module: str, repeat: int) -> tuple[int, ImportProfile]:
    """The smallest cumulative time of ``module`` over ``repeat`` runs of ``code`` (after
    one untimed run that compiles the bytecode), with the profile of that run."""
    profile(code)
    runs = [profile(code) for _ in range(repeat)]
    fastest = min(runs, key=lambda p: p.cumulative_us[module])
    return fastest.cumulative_us[module], fastest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (best of)")
    parser.add_argument("--top", type=int, default=8, help="extra subpackages listed")
    args = parser.parse_args(argv)

    sm_us, sm = best("import statsmodels.api", "statsmodels.api", args.repeat)
    em_us, alone = best("import emstats", "emstats", args.repeat)
    after_us, after = best("import statsmodels.api; import emstats", "emstats", args.repeat)
    own_us = min(profile("import emstats").own("emstats") for _ in range(args.repeat))

    print(f"{'import':<32}{'ms':>9}{'/ statsmodels.api':>19}")
    for name, us in [("statsmodels.api", sm_us), ("emstats", em_us),
                     ("emstats after statsmodels.api", after_us),
                     ("emstats' own modules", own_us)]:
        print(f"{name:<32}{us / 1000:>9.1f}{us / sm_us:>19.2f}")

    extra = after.by_subpackage(set(sm.self_us), "emstats")
    print("\nloaded by emstats beyond statsmodels.api (self time of the modules):")
    for pkg, t in sorted(extra.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {pkg:<30}{t / 1000:>9.1f} ms")
    heavy = [m for m in HEAVY if m in alone.self_us]
    print(f"heavy modules imported by import emstats: {', '.join(heavy) if heavy else 'none'} "
          f"(of {', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
