"""Mixture summaries and ICL against mclust 6.0.0 (tests/results/r_mclust_icl.py:
``icl(Mclust(...))``, ``summary.Mclust``'s header and "Clustering table")."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from results.r_mclust_icl import MCLUST

import emstats as em
from emstats.datasets import load_faithful, load_iris


def _data(name: str):
    return load_faithful() if name == "faithful" else load_iris().iloc[:, :4]


@pytest.fixture(scope="module", params=sorted(MCLUST), ids=lambda key: "-".join(map(str, key)))
def case(request):
    name, model, g = request.param
    ref = MCLUST[request.param]
    fit = em.gaussian_mixture(_data(name), g, model, init=ref["classification"]).fit()
    # emstats orders components by their first mean; mclust's order is its own
    order = np.argsort(ref["means"][:, 0])
    assert_allclose(fit.means.to_numpy(), ref["means"][order], rtol=1e-6)
    return fit, ref, order


def test_icl_is_mclusts(case) -> None:
    fit, ref, _ = case
    assert fit.llf == pytest.approx(ref["loglik"], abs=1e-6)
    assert fit.bic_mclust == pytest.approx(ref["bic"], abs=1e-5)
    assert -fit.icl == pytest.approx(ref["icl"], abs=1e-5)
    assert -fit.get_icl("map") == -fit.icl


def test_soft_icl_is_the_posterior_entropy_version(case) -> None:
    fit, ref, _ = case
    assert -fit.get_icl("soft") == pytest.approx(ref["soft_icl"], abs=1e-5)
    assert fit.get_icl("map") <= fit.get_icl("soft")


def test_clustering_table_counts_mclusts(case) -> None:
    fit, ref, order = case
    assert fit.clustering_table.tolist() == np.asarray(ref["counts"])[order].tolist()


def test_summary_prints_mclusts_header_and_no_nan(case) -> None:
    fit, ref, order = case
    text = str(fit.summary())
    row = next(line for line in text.splitlines()
               if line.startswith(fit.model.structure.name + " "))
    assert row.split()[1:] == [f"{ref['loglik']:.3f}", f"{ref['n']}", f"{ref['df']}",
                               f"{ref['bic']:.3f}", f"{ref['icl']:.3f}"]
    counts = next(line for line in text.splitlines() if line.startswith("rows "))
    assert counts.split()[1:] == [str(c) for c in np.asarray(ref["counts"])[order]]
    assert "Clustering table" in text
    assert "nan" not in text  # the default covariance is 'none': estimates alone
    assert "No standard errors (cov_type='none')" in text


def test_summary_with_standard_errors_has_the_inference_columns() -> None:
    fit = em.gaussian_mixture(load_faithful(), 2, "VVV").fit(cov_type="louis")
    text = str(fit.summary())
    assert "std err" in text and "P>|z|" in text and "nan" not in text


def test_get_icl_rejects_an_unknown_entropy() -> None:
    fit = em.gaussian_mixture(load_faithful(), 2, "VVV").fit()
    with pytest.raises(ValueError, match="entropy must be 'map' or 'soft', got 'hard'"):
        fit.get_icl("hard")
