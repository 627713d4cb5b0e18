"""Run every validation case and print the table of deviations."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass

import pandas as pd

from . import cases
from .reference import Case, Reference

COLUMNS = ["case", "quantity", "published", "emstats", "deviation", "tolerance", "ok"]


@dataclass(frozen=True)
class Check:
    """One reference compared with emstats."""

    case: str
    reference: Reference
    computed: float

    @property
    def deviation(self) -> float:
        return abs(self.computed - self.reference.value)

    @property
    def ok(self) -> bool:
        if self.reference.at_most:
            return self.computed <= self.reference.value + self.reference.tolerance
        return self.deviation <= self.reference.tolerance

    @property
    def criterion(self) -> str:
        """The tolerance, or the bound for a reference that is an upper bound."""
        if self.reference.at_most:
            return f"<= {self.reference.printed}"
        return f"{self.reference.tolerance:.3g}"


def all_cases() -> list[Case]:
    """Every case in the ``case*`` modules of ``validation/cases``, in file-name order
    (a module defines ``CASE``, or ``CASES`` for several models of one source)."""
    found: list[Case] = []
    for info in sorted(pkgutil.iter_modules(cases.__path__), key=lambda m: m.name):
        if not info.name.startswith("case"):
            continue
        module = importlib.import_module(f"{cases.__name__}.{info.name}")
        found.extend(getattr(module, "CASES", None) or [module.CASE])
    return found


def check_case(case: Case) -> list[Check]:
    """Compute a case and compare every reference."""
    computed = case.compute()
    return [Check(case.name, ref, float(computed[ref.quantity])) for ref in case.references]


def table(checks: list[Check]) -> pd.DataFrame:
    """The deviations table."""
    return pd.DataFrame(
        [(c.case, c.reference.quantity, c.reference.printed, f"{c.computed:.10g}",
          f"{c.deviation:.3g}", c.criterion, "ok" if c.ok else "FAIL")
         for c in checks],
        columns=COLUMNS,
    )


def main() -> int:
    """Run all cases, print the table and the sources; exit 1 if any check fails."""
    checks: list[Check] = []
    cases_run = all_cases()
    for case in cases_run:
        checks.extend(check_case(case))
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(table(checks).to_string(index=False))
    print("\nSources:")
    for case in cases_run:
        print(f"  {case.name}: {case.source}")
    failed = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} published numbers reproduced"
          f" ({len(cases_run)} cases).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
