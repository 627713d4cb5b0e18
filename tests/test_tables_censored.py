"""The censored-normal summaries print Stata's header (tobit, intreg).

Expected numbers: Stata's printed output of Wooldridge (2010/2020) Example 17.2
(``tobit hours nwifeinc educ exper expersq age kidslt6 kidsge6, ll(0)`` on MROZ:
Number of obs = 753, Uncensored = 428, Left-censored = 325, LR chi2(7) = 271.59,
Prob > chi2 = 0.0000, Pseudo R2 = 0.0343, Log likelihood = -3819.0946), and R's
``survreg`` interval regression on the Kakadu data (tests/results/r_intreg_lrtest.py).
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from results import r_intreg_lrtest as kakadu_ref

import emstats as em

FORMULA = "hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6"


def _value(text: str, label: str) -> str:
    """The value printed after ``label`` in a summary's header."""
    match = re.search(re.escape(label) + r"\s+(\S+)", text)
    assert match is not None, f"{label!r} not in the summary"
    return match.group(1)


@pytest.fixture(scope="module")
def mroz_text() -> str:
    res = em.tobit(FORMULA, em.datasets.load_mroz(), left=0).fit()
    return str(res.summary())


@pytest.fixture(scope="module")
def kakadu_text() -> str:
    data = em.datasets.load_kakadu().replace({"lower": {0: np.nan}, "upper": {999: np.nan}})
    res = em.intreg("np.log(lower) + np.log(upper) ~ age + jobs", data).fit()
    return str(res.summary())


@pytest.mark.parametrize(("label", "stata"), [
    ("Number of obs:", "753"), ("Uncensored:", "428"), ("Left-censored:", "325"),
    ("Right-censored:", "0"), ("LR chi2(7):", "271.59"), ("Prob > chi2:", "0.0000"),
    ("Pseudo R2:", "0.0343"), ("Log likelihood:", "-3819.0946"),
    ("Lower limit:", "0"), ("Upper limit:", "+inf"),
])
def test_tobit_header_prints_statas_numbers(mroz_text: str, label: str, stata: str) -> None:
    assert _value(mroz_text, label) == stata


def test_tobit_title_and_sigma_row(mroz_text: str) -> None:
    """One "Regression" in the title; ``/sigma`` (Stata's 1122.022, s.e. 41.57938) has
    no z test: sigma = 0 is on the boundary."""
    assert mroz_text.splitlines()[0].strip() == "Tobit Regression Results"
    row = next(line for line in mroz_text.splitlines() if line.startswith("/sigma"))
    cells = row.split()
    assert cells[:3] == ["/sigma", "1122.0217", "41.579"]
    assert len(cells) == 5  # estimate, SE and the interval: no z, no p-value
    assert "Interval-censored" not in mroz_text


@pytest.mark.parametrize(("label", "expected"), [
    ("Log likelihood:", f"{kakadu_ref.LOGLIK:.4f}"),
    ("LL-Null:", f"{kakadu_ref.LOGLIK_NULL:.4f}"),
    (f"LR chi2({kakadu_ref.DF}):", f"{kakadu_ref.CHISQ:.2f}"),
    ("Prob > chi2:", f"{kakadu_ref.PVALUE:.4f}"),
    ("Pseudo R2:", f"{1 - kakadu_ref.LOGLIK / kakadu_ref.LOGLIK_NULL:.4f}"),
    ("Uncensored:", "0"), ("Left-censored:", "608"), ("Right-censored:", "941"),
    ("Interval-censored:", "278"),
])
def test_intreg_header_matches_survreg(kakadu_text: str, label: str, expected: str) -> None:
    assert _value(kakadu_text, label) == expected


def test_intreg_title(kakadu_text: str) -> None:
    assert kakadu_text.splitlines()[0].strip() == "Interval Regression Results"
    assert "Regression Regression" not in kakadu_text
