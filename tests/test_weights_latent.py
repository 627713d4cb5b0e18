"""Case weights in the Gaussian families: frequency weights replicate rows (mixtures, the
multivariate normal) or whole sequences (HMMs) exactly; sampling weights give the
weighted pseudo-likelihood's maximum (closed form, or scipy's direct maximisation) and
its design-based sandwich (tests/results/sandwich.py: numpy and statsmodels' numerical
derivatives)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from results.sandwich import design_based_se
from scipy import optimize, stats
from scipy.special import logsumexp

import emstats as em

# Numerical second derivatives of two llfs summed in a different order (rows weighted, or
# replicated) agree to about 1e-6 relative for a mixture and 1e-5 for an HMM's
# forward-backward: SEs from numerical Hessians are compared at that accuracy, the
# analytic OPG at 1e-8.
NUMERICAL_SE_RTOL = {"oim": 1e-5, "robust": 1e-5, "louis": 1e-5, "sem": 1e-5, "opg": 1e-8}
# The HMM's start probabilities are weakly identified (SE 0.149 of 0.53): their numerical
# SEs from the weighted and the replicated llf differ by 5e-5 relative (0.1492005 and
# 0.1492078, robust) even at estimates equal to 5e-12, and by 1.1e-4 at estimates equal to
# 1e-16 from other start partitions; the other 14 SEs agree to 1e-5.
HMM_SE_RTOL = 3e-4


def _replicate(frame: pd.DataFrame, counts: np.ndarray) -> pd.DataFrame:
    return frame.loc[frame.index.repeat(counts)].reset_index(drop=True)


# -- mixtures: frequency weights ---------------------------------------------------------------
@pytest.fixture(scope="module")
def faithful_fits():
    data = em.datasets.load_faithful()
    counts = np.random.default_rng(1).integers(1, 4, len(data))
    weighted = em.gaussian_mixture(data.assign(f=counts), 2, "VVV", freq_weights="f").fit()
    replicated = em.gaussian_mixture(_replicate(data, counts), 2, "VVV").fit()
    return weighted, replicated, counts


def test_mixture_freq_weights_equal_replicated_rows(faithful_fits) -> None:
    weighted, replicated, counts = faithful_fits
    assert weighted.nobs == replicated.nobs == counts.sum()
    assert_allclose(weighted.params, replicated.params, rtol=1e-9, atol=1e-10)
    assert weighted.llf == pytest.approx(replicated.llf, rel=1e-12)
    for criterion in ("bic", "icl", "entropy"):
        assert getattr(weighted, criterion) == pytest.approx(getattr(replicated, criterion),
                                                             rel=1e-9)
    assert weighted.get_icl("soft") == pytest.approx(replicated.get_icl("soft"), rel=1e-9)


@pytest.mark.parametrize("cov_type", sorted(NUMERICAL_SE_RTOL))
def test_mixture_freq_weights_covariances_equal_replicated_rows(faithful_fits,
                                                                cov_type: str) -> None:
    weighted, replicated, _ = faithful_fits
    assert_allclose(weighted.get_robustcov(cov_type).bse,
                    replicated.get_robustcov(cov_type).bse, rtol=NUMERICAL_SE_RTOL[cov_type])


def test_mixture_freq_weights_with_missing_values_and_the_prior() -> None:
    data = em.datasets.load_airquality()[["Ozone", "Solar.R", "Wind", "Temp"]]
    counts = np.random.default_rng(2).integers(1, 4, len(data))
    weighted = em.gaussian_mixture(data, 2, "VVV", prior="default",
                                   freq_weights=counts).fit()
    replicated = em.gaussian_mixture(_replicate(data, counts), 2, "VVV",
                                     prior="default").fit()
    assert_allclose(weighted.params, replicated.params, rtol=1e-8, atol=1e-8)
    assert weighted.llf == pytest.approx(replicated.llf, rel=1e-12)
    assert weighted.log_posterior == pytest.approx(replicated.log_posterior, rel=1e-12)


def test_mvn_freq_weights_with_missing_values_equal_replicated_rows() -> None:
    data = em.datasets.load_airquality()[["Ozone", "Solar.R", "Wind", "Temp"]]
    counts = np.random.default_rng(3).integers(1, 4, len(data))
    weighted = em.mvn(data, freq_weights=counts).fit()
    replicated = em.mvn(_replicate(data, counts)).fit()
    assert_allclose(weighted.params, replicated.params, rtol=1e-8)
    for cov_type in ("oim", "louis", "sem"):
        assert_allclose(weighted.get_robustcov(cov_type).bse,
                        replicated.get_robustcov(cov_type).bse, rtol=1e-5)
    little_w, little_r = weighted.little_mcar_test(), replicated.little_mcar_test()
    assert little_w.statistic == pytest.approx(little_r.statistic, rel=1e-8)


# -- sampling weights -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def iris_pweighted():
    data = em.datasets.load_iris().iloc[:, :3]
    weights = np.random.default_rng(4).uniform(0.5, 3.0, len(data))
    return data, weights, em.mvn(data, sampling_weights=weights).fit()


def test_mvn_sampling_weights_are_the_weighted_moments(iris_pweighted) -> None:
    data, w, res = iris_pweighted
    x = data.to_numpy()
    mean = w @ x / w.sum()
    cov = ((x - mean) * w[:, None]).T @ (x - mean) / w.sum()
    assert_allclose(res.mean, mean, rtol=1e-10)
    assert_allclose(res.cov, cov, rtol=1e-8)
    assert res.llf == pytest.approx(
        float(w @ stats.multivariate_normal(mean, cov).logpdf(x)), rel=1e-12)
    assert res.nobs == len(data)


def test_mvn_sampling_weights_default_to_the_design_based_sandwich(iris_pweighted) -> None:
    """The robust SEs equal ``H^-1 [n/(n-1) sum (w_i s_i)(w_i s_i)'] H^-1`` in the natural
    parameters (mean, lower triangle of the covariance), computed by tests/results/sandwich.py."""
    data, w, res = iris_pweighted
    x = data.to_numpy()
    d = x.shape[1]
    lower = np.tril_indices(d)

    def rows_llf(theta: np.ndarray) -> np.ndarray:
        cov = np.zeros((d, d))
        cov[lower] = theta[d:]
        cov = cov + np.tril(cov, -1).T
        return stats.multivariate_normal(theta[:d], cov).logpdf(x)

    theta = np.concatenate([res.mean.to_numpy(), res.cov.to_numpy()[lower]])
    names = [f"mean[{c}]" for c in data.columns] + [
        f"cov[{data.columns[i]},{data.columns[j]}]" for i, j in zip(*lower, strict=True)]
    assert list(res.params.index) == names
    assert res.cov_type == "robust"
    assert_allclose(res.bse, design_based_se(rows_llf, theta, w), rtol=1e-4)


def test_sampling_weights_refuse_information_estimators(iris_pweighted) -> None:
    res = iris_pweighted[2]
    for cov_type in ("oim", "louis", "sem", "opg"):
        with pytest.raises(ValueError, match="not valid with sampling_weights"):
            res.get_robustcov(cov_type)
    assert "Log pseudolikelihood" in str(res.summary())


def _mixture_llf(theta: np.ndarray, x: np.ndarray, w: np.ndarray) -> float:
    """The weighted llf of a two-component mixture of diagonal normals (VVI)."""
    logit, means, log_sd = theta[0], theta[1:5].reshape(2, 2), theta[5:].reshape(2, 2)
    log_weights = np.array([0.0, logit]) - np.logaddexp(0.0, logit)
    dens = np.stack([stats.norm(means[j], np.exp(log_sd[j])).logpdf(x).sum(axis=1)
                     for j in range(2)], axis=1)
    return float(w @ logsumexp(dens + log_weights, axis=1))


def test_mixture_sampling_weights_match_direct_maximisation() -> None:
    data = em.datasets.load_faithful()
    x = data.to_numpy()
    w = np.random.default_rng(5).uniform(0.2, 4.0, len(x))
    res = em.gaussian_mixture(data, 2, "VVI", sampling_weights=w).fit()
    unweighted = em.gaussian_mixture(data, 2, "VVI").fit()  # scipy starts from here
    start = np.concatenate([[np.log(unweighted.weights.iloc[1] / unweighted.weights.iloc[0])],
                            unweighted.means.to_numpy().ravel(),
                            0.5 * np.log(np.diagonal(unweighted.covariances, 0, 1, 2)).ravel()])
    best = optimize.minimize(lambda t: -_mixture_llf(t, x, w), start, method="BFGS",
                             options={"gtol": 1e-8})
    assert res.llf == pytest.approx(-best.fun, abs=1e-6)
    assert_allclose(res.means.to_numpy().ravel(), best.x[1:5], rtol=1e-5)
    assert_allclose(np.diagonal(res.covariances, 0, 1, 2).ravel(), np.exp(2 * best.x[5:]),
                    rtol=1e-4)
    assert res.cov_type == "robust"
    free = [name for name in res.bse.index if not name.startswith("cov")
            or name.split(",")[1] == name.split(",")[2].rstrip("]")]  # VVI: no covariances
    assert np.isfinite(res.bse[free]).all()


# -- hidden Markov models: weights per sequence ------------------------------------------------
@pytest.fixture(scope="module")
def sequences():
    rng = np.random.default_rng(3)
    lengths = rng.integers(20, 40, 12)
    total = int(lengths.sum())
    states = (np.sin(np.arange(total) / 5) > 0).astype(int)
    x = np.c_[states * 2 + rng.normal(size=total), -states + rng.normal(size=total)]
    x[rng.random(x.shape) < 0.05] = np.nan
    counts = rng.integers(1, 4, len(lengths))
    return x, lengths, counts


@pytest.fixture(scope="module")
def hmm_fits(sequences):
    x, lengths, counts = sequences
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    pieces = [x[s:s + n] for s, n, c in zip(starts, lengths, counts, strict=True)
              for _ in range(c)]
    replicated = em.hmm(np.concatenate(pieces), 2, lengths=np.repeat(lengths, counts)).fit()
    weighted = em.hmm(x, 2, lengths=lengths, freq_weights=counts).fit()
    return weighted, replicated


def test_hmm_freq_weights_equal_replicated_sequences(hmm_fits) -> None:
    weighted, replicated = hmm_fits
    assert weighted.nobs == replicated.nobs
    assert_allclose(weighted.params, replicated.params, rtol=1e-8, atol=1e-9)
    assert weighted.llf == pytest.approx(replicated.llf, rel=1e-12)
    assert weighted.icl == pytest.approx(replicated.icl, rel=1e-9)


@pytest.mark.parametrize("cov_type", ["oim", "opg", "robust", "louis", "sem"])
def test_hmm_freq_weights_covariances_equal_replicated_sequences(hmm_fits,
                                                                 cov_type: str) -> None:
    weighted, replicated = hmm_fits
    assert_allclose(weighted.get_robustcov(cov_type).bse,
                    replicated.get_robustcov(cov_type).bse, rtol=HMM_SE_RTOL)


def test_hmm_weights_column_is_per_sequence(sequences) -> None:
    x, lengths, counts = sequences
    frame = pd.DataFrame(x, columns=["a", "b"]).assign(
        seq=np.repeat(np.arange(len(lengths)), lengths), f=np.repeat(counts, lengths))
    by_column = em.hmm(frame, 2, groups="seq", freq_weights="f")
    assert by_column.columns == ["a", "b"]
    assert_allclose(by_column.sequence_weights.values, counts)
    frame.loc[1, "f"] += 1
    with pytest.raises(ValueError, match="varies within sequence 0"):
        em.hmm(frame, 2, groups="seq", freq_weights="f")
    with pytest.raises(ValueError, match="one value per sequence"):
        em.hmm(x, 2, lengths=lengths, freq_weights=np.ones(len(x)))


def test_hmm_sampling_weights_default_to_robust(sequences) -> None:
    x, lengths, _ = sequences
    res = em.hmm(x, 2, lengths=lengths, sampling_weights=np.linspace(0.5, 2, 12)).fit()
    assert res.cov_type == "robust" and np.isfinite(res.bse).all()
    with pytest.raises(ValueError, match="not valid with sampling_weights"):
        res.get_robustcov("louis")


# -- input ----------------------------------------------------------------------------------------
def test_weight_column_is_taken_out_and_the_caller_data_kept() -> None:
    data = em.datasets.load_faithful().assign(f=2)
    before = data.copy()
    model = em.gaussian_mixture(data, 2, freq_weights="f")
    assert model.columns == ["eruptions", "waiting"]
    assert model.nobs == 2 * len(data)
    pd.testing.assert_frame_equal(data, before)


@pytest.mark.parametrize(("given", "message"), [
    ({"freq_weights": "nope"}, "'nope' is not a column"),
    ({"freq_weights": np.ones(5)}, "one value per row"),
    ({"freq_weights": np.full(272, 1.5)}, "fractional"),
    ({"sampling_weights": np.r_[-1.0, np.ones(271)]}, "zero or negative"),
    ({"freq_weights": np.ones(272), "sampling_weights": np.ones(272)}, "not both"),
])
def test_bad_weights_are_named(given: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        em.gaussian_mixture(em.datasets.load_faithful(), 2, **given)


def test_column_name_needs_a_frame() -> None:
    with pytest.raises(ValueError, match="needs data as a DataFrame"):
        em.mvn(np.ones((10, 2)), freq_weights="f")


def test_rows_with_every_value_missing_drop_their_weights() -> None:
    data = pd.DataFrame({"a": [1.0, np.nan, 2.0, 4.0, 3.0], "b": [2.0, np.nan, 1.0, 3.0, 5.0]})
    with pytest.warns(UserWarning, match="every value missing"):
        model = em.mvn(data, freq_weights=[1, 7, 2, 1, 3])
    assert model.nobs == 7
    assert_allclose(model.case_weights.values, [1, 2, 1, 3])


def test_resampled_rows_keep_their_weights() -> None:
    weights = np.arange(1.0, 273.0)
    model = em.gaussian_mixture(em.datasets.load_faithful(), 2, sampling_weights=weights)
    rows = np.random.default_rng(0).integers(0, 272, 272)
    assert_allclose(model.resample(rows).case_weights.values, weights[rows])


def test_select_mixture_with_freq_weights_is_that_of_the_replicated_rows() -> None:
    data = em.datasets.load_faithful()
    counts = np.random.default_rng(6).integers(1, 3, len(data))
    weighted = em.select_mixture(data.assign(f=counts), k=[1, 2], covariance=["VVV", "EII"],
                                 freq_weights="f", progress=False)
    replicated = em.select_mixture(_replicate(data, counts), k=[1, 2],
                                   covariance=["VVV", "EII"], progress=False)
    assert_allclose(weighted.bic, replicated.bic, rtol=1e-10)
