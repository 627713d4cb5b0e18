"""Case weights in factor analysis from raw data: frequency weights equal the fit on
replicated rows (complete data and FIML with missing values); sampling weights give the
weighted pseudo-likelihood's maximum (scipy's direct maximisation) and the design-based
sandwich (tests/results/sandwich.py: numpy and statsmodels' numerical derivatives)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results.sandwich import design_based_se
from scipy import optimize, stats

import emstats as em

COLUMNS = ["A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5"]


@pytest.fixture(scope="module", params=["complete", "missing"])
def replicated_and_weighted(request):
    data = em.datasets.load_bfi()[COLUMNS].iloc[:300]
    if request.param == "complete":
        data = data.dropna()
    counts = np.random.default_rng(1).integers(1, 4, len(data))
    replicated = data.loc[data.index.repeat(counts)].reset_index(drop=True)
    # both fits to xtol=1e-13: EM's default stop (steps below 1e-10) leaves the two
    # sums' rounding to differ by up to 1e-8 relative where EM converges slowly
    return (em.factor(data.assign(f=counts), 2, freq_weights="f").fit(xtol=1e-13),
            em.factor(replicated, 2).fit(xtol=1e-13), counts)


def test_freq_weights_equal_replicated_rows(replicated_and_weighted) -> None:
    weighted, replicated, counts = replicated_and_weighted
    assert weighted.nobs == replicated.nobs == counts.sum()
    assert_allclose(weighted.params, replicated.params, rtol=1e-9, atol=1e-11)
    assert weighted.llf == pytest.approx(replicated.llf, rel=1e-12)
    assert weighted.fit_statistics.statistic == pytest.approx(
        replicated.fit_statistics.statistic, rel=1e-9)
    assert_allclose(weighted.loadings, replicated.loadings, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("cov_type", ["oim", "opg", "robust", "louis"])
def test_freq_weights_covariances_equal_replicated_rows(replicated_and_weighted,
                                                       cov_type: str) -> None:
    weighted, replicated, _ = replicated_and_weighted
    assert_allclose(weighted.get_robustcov(cov_type).bse,
                    replicated.get_robustcov(cov_type).bse, rtol=1e-7)


@pytest.fixture(scope="module")
def pweighted():
    data = em.datasets.load_bfi()[COLUMNS[:6]].iloc[:400].dropna()
    weights = np.random.default_rng(2).uniform(0.5, 3.0, len(data))
    return data, weights, em.factor(data, 1, sampling_weights=weights).fit()


def _rows_llf(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Per-row normal llf with mean ``theta[:p]``, one factor's loadings ``theta[p:2p]``
    and uniquenesses ``theta[2p:]``."""
    p = x.shape[1]
    mean, loadings, psi = theta[:p], theta[p:2 * p], theta[2 * p:]
    return stats.multivariate_normal(mean, np.outer(loadings, loadings) + np.diag(psi)
                                     ).logpdf(x)


def test_sampling_weights_match_direct_maximisation(pweighted) -> None:
    data, w, res = pweighted
    x = data.to_numpy()
    p = x.shape[1]
    mean = w @ x / w.sum()
    cov = ((x - mean) * w[:, None]).T @ (x - mean) / w.sum()
    start = np.concatenate([np.sqrt(np.diag(cov)) / 2, np.log(np.diag(cov) / 2)])

    def negative(t: np.ndarray) -> float:
        return -float(w @ _rows_llf(np.concatenate([mean, t[:p], np.exp(t[p:])]), x))

    best = optimize.minimize(negative, start, method="BFGS", options={"gtol": 1e-9})
    loadings = best.x[:p] * np.sign(best.x[0])
    fitted = res.params.filter(like="loading").to_numpy()
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    assert_allclose(res.params.filter(like="mean"), mean, rtol=1e-10)
    assert_allclose(fitted * np.sign(fitted[0]), loadings, rtol=1e-4)
    assert_allclose(res.params.filter(like="psi"), np.exp(best.x[p:]), rtol=1e-4)
    assert res.nobs == len(x)


def test_sampling_weights_default_to_the_design_based_sandwich(pweighted) -> None:
    data, w, res = pweighted
    x = data.to_numpy()
    theta = res.params.to_numpy()
    assert list(res.params.index[:6]) == [f"mean[{c}]" for c in data.columns]
    assert res.cov_type == "robust"
    assert_allclose(res.bse, design_based_se(lambda t: _rows_llf(t, x), theta, w), rtol=1e-4)


def test_sampling_weights_refuse_information_and_fit_statistics(pweighted) -> None:
    data, w, res = pweighted
    with pytest.raises(ValueError, match="not valid with sampling_weights"):
        res.get_robustcov("louis")
    with pytest.raises(ValueError, match="not chi-square"):
        res.fit_statistics  # noqa: B018
    assert "No chi-square test of fit" in str(res.summary())
    table = em.select_factors(data, 2, sampling_weights=w)
    assert table["chi2"].isna().all() and np.isfinite(table["llf"]).all()


@pytest.mark.parametrize(("given", "message"), [
    ({"freq_weights": np.ones(5)}, "one value per row"),
    ({"freq_weights": np.full(100, 0.5)}, "fractional"),
    ({"sampling_weights": np.r_[np.nan, np.ones(99)]}, "NaN"),
    ({"freq_weights": "w"}, "'w' is not a column"),
])
def test_bad_weights_are_named(given: dict, message: str) -> None:
    data = em.datasets.load_bfi()[COLUMNS].iloc[:100]
    with pytest.raises(ValueError, match=message):
        em.factor(data, 1, **given)


def test_weights_need_the_data() -> None:
    cov = em.datasets.load_bfi()[COLUMNS].cov()
    with pytest.raises(ValueError, match="a model given cov= has none"):
        em.factor(cov=cov, nobs=200, freq_weights=np.ones(10))


def test_the_caller_data_are_not_modified() -> None:
    data = em.datasets.load_bfi()[COLUMNS].iloc[:200].assign(f=2)
    before = data.copy()
    model = em.factor(data, 1, freq_weights="f")
    assert model.columns == COLUMNS and model.nobs == 2 * len(data[COLUMNS].dropna(how="all"))
    pd.testing.assert_frame_equal(data, before)
