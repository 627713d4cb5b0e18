"""The factor-analysis summary prints factanal's and psych's tables.

Expected numbers: R's ``?factanal`` example (tests/results/r_factanal_summary.py):
factanal's uniquenesses, chi-square, and its varimax and promax rotations run to
convergence (factanal's own stop at a relative criterion change of 1e-5, up to 0.003
from the optimum in the loadings; docs/factor.md).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from results import r_factanal_summary as ref

import emstats as em


@pytest.fixture(scope="module")
def varimax():
    return em.factor(cov=em.datasets.load_ability_cov(), nobs=112, n_factors=2,
                     rotation="varimax").fit()


@pytest.fixture(scope="module")
def varimax_text(varimax) -> str:
    return str(varimax.summary())


def _rows(text: str, title: str, n: int) -> list[list[str]]:
    """The ``n`` data rows of the table titled ``title``, split into cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    return [line.split() for line in lines[start + 4:start + 4 + n]]


def test_header_names_the_variables_not_nobs(varimax_text: str) -> None:
    assert "Dep. Variable" not in varimax_text
    assert "nobs" not in varimax_text.split("Parameters")[0]
    assert "Variables:" in varimax_text


def test_loadings_h2_u2_as_factanal_converged(varimax_text: str) -> None:
    rows = _rows(varimax_text, "Standardised loadings (varimax)", 6)
    header = ["Factor1", "se", "Factor2", "se", "h2", "u2"]
    assert varimax_text.split("Standardised loadings (varimax)")[1].split()[1:7] == header
    for row, load, u2 in zip(rows, ref.CONVERGED_VARIMAX, ref.TIGHT_UNIQUENESSES,
                             strict=True):
        assert [row[1], row[3]] == [f"{v:.4f}" for v in load]
        assert [row[5], row[6]] == [f"{1 - u2:.4f}", f"{u2:.4f}"]
        assert all(float(se) > 0 for se in (row[2], row[4]))


def test_variance_accounted_for(varimax_text: str) -> None:
    rows = _rows(varimax_text, "Variance accounted for", 3)
    proportion = ref.CONVERGED_SS / 6
    assert [r[-2:] for r in rows] == [
        [f"{v:.3f}" for v in ref.CONVERGED_SS], [f"{v:.3f}" for v in proportion],
        [f"{v:.3f}" for v in np.cumsum(proportion)]]
    assert rows[2][-1] == "0.597"  # factanal prints Cumulative Var 0.597 too


def test_chi_square_test_as_factanal(varimax_text: str) -> None:
    assert (f"chi-square {ref.FACTANAL_STATISTIC:.2f} on {ref.FACTANAL_DOF} degrees of "
            f"freedom, p-value {ref.FACTANAL_PVALUE:.3g}.") in varimax_text


def test_loadings_are_the_converged_varimax_not_factanals_early_stop(varimax) -> None:
    """docs/factor.md's claim: emstats' loadings are stats::varimax's optimum; factanal's
    printed ones are up to 0.003 away (varimax's eps = 1e-5)."""
    loadings = varimax.loadings.to_numpy()
    assert_allclose(loadings, ref.CONVERGED_VARIMAX, atol=1e-6)
    gap = np.abs(loadings - ref.FACTANAL_VARIMAX).max()
    assert 0.002 < gap < 0.0031
    assert_allclose(varimax.variance_explained.loc["SS loadings"], ref.CONVERGED_SS,
                    atol=1e-6)


def test_promax_prints_factor_correlations(varimax) -> None:
    promax = varimax.rotate("promax")
    text = str(promax.summary())
    rows = _rows(text, "Factor correlations", 2)
    assert rows[0][1] == "1.0000" and rows[0][2] == f"{ref.CONVERGED_PROMAX_PHI:.4f}"
    assert rows[0][3].startswith("(") and float(rows[0][3].strip("()")) > 0
    assert promax.factor_corr.iloc[0, 1] == pytest.approx(ref.CONVERGED_PROMAX_PHI,
                                                          abs=1e-6)
    assert abs(ref.PROMAX_PHI - ref.CONVERGED_PROMAX_PHI) > 1e-4  # factanal's early stop


def test_without_covariance_no_standard_error_columns() -> None:
    res = em.factor(cov=em.datasets.load_ability_cov(), nobs=112, n_factors=2).fit(
        cov_type="none")
    text = str(res.summary())
    header = text.split("Standardised loadings (varimax)")[1].split()[1:5]
    assert header == ["Factor1", "Factor2", "h2", "u2"]
    assert "nan" not in text
