"""Robust and cluster-robust standard errors of the Tobit against R's survreg (numbers in
tests/results/r_tobit_cluster.py, with the R call), on Wooldridge's JTRAIN with the firm
as the cluster: survreg's sandwich has no small-sample factor (``use_correction=False``);
emstats' default multiplies by G/(G - 1), as Stata's ``tobit, vce(cluster)``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results import r_tobit_cluster as R

import emstats as em

FORMULA = "hrsemp ~ grant + lemploy + lsales + d88 + d89"


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    jtrain = em.datasets.load_jtrain()
    return jtrain.dropna(subset=["hrsemp", "grant", "lemploy", "lsales", "d88", "d89"])


@pytest.fixture(scope="module")
def fit(data):
    return em.tobit(FORMULA, data, left=0).fit()


def _survreg_se(res, se: list[float]) -> np.ndarray:
    """survreg's SEs with the last one, of log(scale), mapped to sigma's."""
    out = np.asarray(se, dtype=float).copy()
    out[-1] *= res.params["sigma"]
    return out


def test_fit_is_survregs(fit) -> None:
    assert fit.nobs == R.NOBS[0]
    assert fit.llf == pytest.approx(R.LOGLIK[0], abs=1e-7)
    assert_allclose(fit.params.iloc[:-1], R.COEF[:-1], rtol=1e-6)
    assert np.log(fit.params["sigma"]) == pytest.approx(R.COEF[-1], rel=1e-8)
    assert_allclose(fit.bse, _survreg_se(fit, R.SE_OIM), rtol=1e-5)


def test_robust_is_survregs_sandwich(fit) -> None:
    assert_allclose(fit.get_robustcov("robust").bse, _survreg_se(fit, R.SE_ROBUST), rtol=1e-5)


def test_cluster_without_correction_is_survregs_and_stata_multiplies(fit, data) -> None:
    groups = data["fcode"].to_numpy()
    assert len(np.unique(groups)) == R.N_CLUSTERS[0]
    plain = fit.get_robustcov("cluster", {"groups": groups, "use_correction": False})
    assert_allclose(plain.bse, _survreg_se(fit, R.SE_CLUSTER), rtol=1e-5)
    stata = fit.get_robustcov("cluster", {"groups": groups})
    g = R.N_CLUSTERS[0]
    assert_allclose(stata.bse, plain.bse * np.sqrt(g / (g - 1)), rtol=1e-12)
    assert "no small-sample correction" in str(plain.summary())
    assert "G/(G-1)" in str(stata.summary())
