"""Every published number in validation/ is reproduced (one test per quantity)."""

from __future__ import annotations

import pytest

from validation.runner import all_cases, check_case

_CASES = {case.name: case for case in all_cases()}
_RESULTS: dict[str, dict[str, object]] = {}


def _check(case_name: str, quantity: str):
    if case_name not in _RESULTS:
        _RESULTS[case_name] = {c.reference.quantity: c for c in check_case(_CASES[case_name])}
    return _RESULTS[case_name][quantity]


@pytest.mark.parametrize(
    ("case_name", "quantity"),
    [(case.name, ref.quantity) for case in _CASES.values() for ref in case.references],
)
def test_published_number(case_name: str, quantity: str) -> None:
    check = _check(case_name, quantity)
    assert check.ok, (
        f"{case_name} {quantity}: published {check.reference.printed}, emstats "
        f"{check.computed!r}, criterion {check.criterion}"
    )


def test_runner_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    from validation.runner import main
    assert main() == 0
    out = capsys.readouterr().out
    for column in ("case", "quantity", "published", "emstats", "deviation", "tolerance", "ok"):
        assert column in out
