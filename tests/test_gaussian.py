"""The Gaussian family: the EM optimum, monotone EM, structures, inputs."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import minimize
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from statsmodels.tools.numdiff import approx_hess3

import emstats as em
from emstats.engine import ConvergenceMonitor, MonotonicityWarning, run_em
from emstats.engine.em import NumericalTroubleWarning
from emstats.models._covstruct import STRUCTURES

STRUCTURE_NAMES = list(STRUCTURES)


def independent_llf(values: np.ndarray, weights, means, covs) -> float:
    """Observed-data llf by scipy: each row's density of its observed entries."""
    observed = ~np.isnan(values)
    total = 0.0
    for key in np.unique(observed, axis=0):
        if not key.any():
            continue
        rows = values[(observed == key).all(axis=1)][:, key]
        dens = np.column_stack([
            np.log(w) + np.atleast_1d(multivariate_normal(m[key], c[np.ix_(key, key)],
                                                          allow_singular=False).logpdf(rows))
            for w, m, c in zip(weights, means, covs, strict=True)])
        total += logsumexp(dens, axis=1).sum()
    return float(total)


def two_clusters(rng: np.random.Generator, n: int = 160, d: int = 3,
                 missing: float = 0.15) -> pd.DataFrame:
    centres = np.array([np.zeros(d), np.r_[3.0, -2.0, 1.0][:d]])
    labels = rng.integers(0, 2, n)
    a = rng.normal(size=(d, d))
    x = centres[labels] + rng.normal(size=(n, d)) @ (np.eye(d) + 0.3 * a)
    mask = rng.random((n, d)) < missing
    mask[mask.all(axis=1), 0] = False
    x[mask] = np.nan
    return pd.DataFrame(x, columns=[f"v{j}" for j in range(d)])


def _unpack_free_vvv(theta: np.ndarray, k: int, d: int):
    """Weights (softmax), means and log-Cholesky covariances: the direct optimiser's map."""
    logits = np.r_[0.0, theta[:k - 1]]
    weights = np.exp(logits - logsumexp(logits))
    means = theta[k - 1:k - 1 + k * d].reshape(k, d)
    covs = []
    tri = np.tril_indices(d)
    for part in theta[k - 1 + k * d:].reshape(k, -1):
        chol = np.zeros((d, d))
        chol[tri] = part
        chol[np.diag_indices(d)] = np.exp(np.diag(chol))
        covs.append(chol @ chol.T)
    return weights, means, np.array(covs)


@pytest.mark.parametrize("k", [1, 2])
def test_em_optimum_equals_direct_maximisation_with_missing_values(k: int) -> None:
    frame = two_clusters(np.random.default_rng(3 + k), n=120)
    values = frame.to_numpy()
    res = em.gaussian_mixture(frame, k).fit(cov_type="none")
    d = values.shape[1]

    def negllf(theta: np.ndarray) -> float:
        return -independent_llf(values, *_unpack_free_vvv(theta, k, d))

    # start the direct optimiser from the EM estimate perturbed, in its own parametrisation
    w, m, c = res.weights.to_numpy(), res.means.to_numpy(), res.covariances
    chol = [np.linalg.cholesky(ci) for ci in c]
    tri = np.tril_indices(d)
    theta0 = np.concatenate([np.log(w[1:] / w[0]), m.ravel()]
                            + [np.where(tri[0] == tri[1], np.log(np.abs(L[tri])), L[tri])
                               for L in chol])
    direct = minimize(negllf, theta0 + 0.05, method="BFGS", options={"gtol": 1e-7})
    assert -direct.fun == pytest.approx(res.llf, abs=1e-6)
    assert res.llf >= -direct.fun - 1e-8
    assert res.llf == pytest.approx(independent_llf(values, w, m, c), rel=1e-12)
    _, dm, dc = _unpack_free_vvv(direct.x, k, d)
    order = np.argsort(dm[:, 0])
    assert_allclose(dm[order], m, atol=2e-4)
    assert_allclose(dc[order], c, atol=5e-4)


@pytest.mark.parametrize("name", ["EII", "VVI", "EEE", "VEV"])
def test_constrained_structure_optimum_beats_nearby_structured_points(name: str) -> None:
    # For a constrained structure the EM optimum must be a local maximum of the
    # observed llf on the structure: no random structured perturbation improves it.
    frame = two_clusters(np.random.default_rng(11), n=150)
    model = em.gaussian_mixture(frame, 2, name)
    res = model.fit(cov_type="none")
    u = model.to_unconstrained(np.asarray(res.params))
    rng = np.random.default_rng(0)
    for _ in range(30):
        other = model.from_unconstrained(u + rng.normal(scale=1e-3, size=u.shape))
        assert model.loglike(other) <= res.llf + 1e-9


def _random_data(draw_seed: int, n: int, d: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(draw_seed)
    x = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, d) + rng.integers(0, 2, (n, 1)) * 3
    mask = rng.random((n, d)) < missing
    x[mask] = np.nan
    return x


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), name=st.sampled_from(STRUCTURE_NAMES),
       k=st.integers(1, 3), missing=st.sampled_from([0.0, 0.2]),
       prior=st.sampled_from([None, "default"]),
       weights=st.sampled_from([None, "freq_weights", "sampling_weights"]))
@example(seed=856, name="VEI", k=3, missing=0.2, prior=None, weights=None)  # a collapse
def test_plain_em_never_lowers_llf(seed: int, name: str, k: int, missing: float,
                                   prior: str | None, weights: str | None) -> None:
    """The llf (with a prior: the log posterior; with case weights: the weighted llf)
    never falls along plain EM."""
    values = _random_data(seed, 60, 3, missing)
    rng = np.random.default_rng(seed)
    given = {} if weights is None else {weights: (
        rng.integers(1, 5, 60) if weights == "freq_weights" else rng.uniform(0.2, 5, 60))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # all-missing rows
        model = em.GaussianMixture(values, k, name, init="random", random_state=seed,
                                   prior=prior, **given)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MonotonicityWarning)
        warnings.simplefilter("ignore", NumericalTroubleWarning)  # a component may collapse
        trace = run_em(model, model.start_params, accel=None,
                       monitor=ConvergenceMonitor(maxiter=60))
    llf = trace.history["llf"].to_numpy()
    assert np.all(np.diff(llf) >= -1e-9 * np.abs(llf[:-1]))


def _volume_shape_orientation(cov: np.ndarray):
    values, vectors = np.linalg.eigh(cov)
    values, vectors = values[::-1], vectors[:, ::-1]
    volume = np.exp(np.mean(np.log(values)))
    return volume, values / volume, vectors


@pytest.mark.parametrize("name", STRUCTURE_NAMES)
def test_fitted_covariances_satisfy_the_structure(name: str) -> None:
    frame = two_clusters(np.random.default_rng(5), n=200, missing=0.1)
    res = em.gaussian_mixture(frame, 2, name).fit(cov_type="none")
    covs = res.covariances
    parts = [_volume_shape_orientation(c) for c in covs]
    vol, shape, orient = name
    if vol == "E":
        assert parts[0][0] == pytest.approx(parts[1][0], rel=1e-8)
    if orient == "I":
        for c in covs:
            assert_allclose(c - np.diag(np.diag(c)), 0.0, atol=1e-12)
        diag_shapes = [np.diag(c) / np.exp(np.mean(np.log(np.diag(c)))) for c in covs]
        if shape == "I":
            assert_allclose(diag_shapes, 1.0, rtol=1e-10)
        if shape == "E":
            assert_allclose(diag_shapes[0], diag_shapes[1], rtol=1e-8)
        return
    if shape == "E":
        assert_allclose(parts[0][1], parts[1][1], rtol=1e-6)
    if orient == "E":
        # the same eigenvectors, up to sign and order: D1' D2 is a signed permutation
        product = np.abs(parts[0][2].T @ parts[1][2])
        assert_allclose(np.sort(product.max(axis=1)), 1.0, atol=1e-6)


@pytest.mark.parametrize("name", STRUCTURE_NAMES)
def test_parameter_count_is_mclusts(name: str) -> None:
    # mclust's nVarParams (Fraley, Raftery, Murphy & Scrucca 2012, Table 3), d = 4, G = 3.
    d, g = 4, 3
    expected = {"EII": 1, "VII": g, "EEI": d, "VEI": g + d - 1, "EVI": 1 + g * (d - 1),
                "VVI": g * d, "EEE": 10, "VEE": g + 9, "EVE": 1 + g * 3 + 6,
                "VVE": g * d + 6, "EEV": 1 + 3 + g * 6, "VEV": g + 3 + g * 6,
                "EVV": 1 + g * 9, "VVV": g * 10}[name]
    model = em.gaussian_mixture(np.random.default_rng(0).normal(size=(30, d)), g, name)
    assert model.n_free_params == (g - 1) + g * d + expected


def test_aliases() -> None:
    x = np.random.default_rng(0).normal(size=(30, 2))
    for alias, name in [("full", "VVV"), ("tied", "EEE"), ("diag", "VVI"),
                        ("spherical", "VII")]:
        assert em.gaussian_mixture(x, 2, alias).structure.name == name


def test_bad_inputs_are_named() -> None:
    x = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match="positive integer"):
        em.gaussian_mixture(x, 0)
    with pytest.raises(ValueError, match="distinct rows"):
        em.gaussian_mixture(np.ones((10, 2)), 2)
    frame = pd.DataFrame({"a": x[:, 0], "b": np.nan})
    with pytest.raises(ValueError, match=r"\['b'\] have no observed values"):
        em.mvn(frame)
    frame = pd.DataFrame({"a": x[:, 0], "b": ["u"] * 20})
    with pytest.raises(ValueError, match=r"\['b'\] are not numeric"):
        em.mvn(frame)
    with pytest.raises(ValueError, match="unknown covariance structure"):
        em.gaussian_mixture(x, 2, "XYZ")


def test_all_missing_row_is_left_out_with_a_warning() -> None:
    x = np.random.default_rng(0).normal(size=(20, 2))
    x[3] = np.nan
    with pytest.warns(UserWarning, match="1 row"):
        model = em.mvn(x)
    assert model.nobs == 19
    res = model.fit()
    assert res.llf == pytest.approx(independent_llf(
        x, [1.0], res.means.to_numpy(), res.covariances), rel=1e-12)


def test_callers_data_is_not_modified() -> None:
    frame = two_clusters(np.random.default_rng(1), n=50)
    copy = frame.copy()
    res = em.mvn(frame).fit()
    res.impute()
    pd.testing.assert_frame_equal(frame, copy)


def test_components_are_ordered_by_first_mean() -> None:
    frame = two_clusters(np.random.default_rng(2), n=100, missing=0.0)
    res = em.gaussian_mixture(frame, 2).fit(n_starts=4, random_state=0)
    assert res.means.iloc[0, 0] < res.means.iloc[1, 0]
    assert res.starts["reached_best"].sum() >= 1


def test_predictions_are_consistent() -> None:
    frame = two_clusters(np.random.default_rng(4), n=120, missing=0.0)
    res = em.gaussian_mixture(frame, 2).fit()
    proba = res.predict_proba()
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_allclose(res.predict_proba(frame).to_numpy(), proba.to_numpy(), rtol=1e-12)
    assert (res.predict() == proba.to_numpy().argmax(axis=1)).all()
    assert_allclose(res.uncertainty, 1 - proba.max(axis=1))
    dens = res.density(frame)
    assert np.log(dens).sum() == pytest.approx(res.llf, rel=1e-12)
    z = proba.to_numpy()
    entropy = -np.sum(z * np.log(np.clip(z, 1e-300, None)))
    assert res.get_icl("soft") == pytest.approx(res.bic + 2 * entropy)
    assert res.bic_mclust == pytest.approx(2 * res.llf - np.log(120) * res.df_free)
    sample = res.sample(50, random_state=1)
    assert list(sample.columns) == [*frame.columns, "component"]


@pytest.mark.parametrize("structure", ["VVV", "EEE"])
def test_louis_equals_the_hessian_of_the_independent_llf(structure: str) -> None:
    """Louis' information (closed-form Var[S_c | y] with missing values) inverted equals
    the inverse Hessian of scipy's observed-data llf in (w2, means, covariances)."""
    frame = two_clusters(np.random.default_rng(11), n=200, d=3, missing=0.15)
    res = em.gaussian_mixture(frame, 2, structure).fit(cov_type="louis")
    values, shared = frame.to_numpy(), structure == "EEE"
    lower = np.tril_indices(3)

    def llf(theta: np.ndarray) -> float:
        means = theta[1:7].reshape(2, 3)
        covs = []
        for part in (theta[7:13], theta[7:13] if shared else theta[13:19]):
            cov = np.zeros((3, 3))
            cov[lower] = part
            covs.append(cov + np.tril(cov, -1).T)
        return independent_llf(values, [1 - theta[0], theta[0]], means, covs)

    p = res.model.unpack(np.asarray(res.params))
    theta = np.concatenate([[p.weights[1]], p.means.ravel(),
                            *(c[lower] for c in p.covariances[:1 if shared else 2])])
    se = np.sqrt(np.diag(np.linalg.inv(-approx_hess3(theta, llf))))
    cov_se = np.tile(se[7:], 2) if shared else se[7:]
    assert_allclose(res.bse, np.concatenate([[se[0], se[0]], se[1:7], cov_se]), rtol=2e-4)
    assert_allclose(res.get_robustcov("oim").bse, res.bse, rtol=2e-4)


def test_oim_and_sem_agree_on_a_mixture() -> None:
    frame = two_clusters(np.random.default_rng(6), n=150, d=2, missing=0.1)
    res = em.gaussian_mixture(frame, 2).fit(cov_type="oim")
    sem = res.get_robustcov("sem")
    assert_allclose(sem.bse, res.bse, rtol=1e-3)


@pytest.mark.parametrize("structure", STRUCTURE_NAMES)
def test_every_structure_has_minimal_coordinates_and_louis_equals_oim(structure: str) -> None:
    """One working coordinate per free parameter (mclust's count), a chart that maps
    back exactly, and two independent routes to the observed information that agree:
    Louis' closed form and the numerical Hessian of the observed-data llf."""
    frame = two_clusters(np.random.default_rng(21), n=240, d=3, missing=0.1)
    res = em.gaussian_mixture(frame, 2, structure).fit(cov_type="oim")
    model, params = res.model, np.asarray(res.params)
    u = model.to_unconstrained(params)
    assert u.size == model.n_free_params
    assert_allclose(model.from_unconstrained(u), params, atol=1e-12)
    # the zero covariances of diagonal structures are fixed: NaN SE (issue 17's convention)
    fixed = res.bse.index.isin(res.fixed_params)
    assert np.isfinite(res.bse[~fixed]).all() and np.isnan(res.bse[fixed]).all()
    assert (res.params[fixed] == 0.0).all()
    louis = res.get_robustcov("louis")
    assert_allclose(louis.bse, res.bse, rtol=1e-4, atol=1e-12)


@pytest.mark.parametrize("structure", ["VVV", "VVI", "EEE", "EII"])
def test_bootstrap_reports_every_weight_despite_the_sum_to_one_constraint(structure: str) -> None:
    # The weights sum to one and the structure fixes or ties covariance entries, so the
    # replicates' covariance is singular in R^k_params; as the OIM's (delta method), it
    # is positive definite in the free directions, and every weight gets its SE.
    rng = np.random.default_rng(31)
    frame = two_clusters(rng, n=200, d=2, missing=0.0)
    res = em.gaussian_mixture(frame, k=2, covariance=structure).fit(cov_type="oim")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        boot = res.get_robustcov("bootstrap", {"n_boot": 60, "random_state": 5,
                                               "progress": False})
    assert boot.cov_positive_definite
    assert boot.bse["weight[0]"] == pytest.approx(boot.bse["weight[1]"], rel=1e-8)
    cov = boot.cov_params()
    assert cov.loc["weight[0]", "weight[1]"] == pytest.approx(-cov.loc["weight[0]", "weight[0]"])
    free = np.isfinite(res.bse) & (res.bse > 0)
    ratio = (boot.bse / res.bse)[free]
    # 60 replicates: the SE of an SE is about 9%; allow more than three of them
    assert ratio.between(0.65, 1.35).all(), ratio


@pytest.fixture(scope="module")
def mixture_fit():
    frame = two_clusters(np.random.default_rng(32), n=120, d=2, missing=0.1)
    return em.gaussian_mixture(frame, k=2, covariance="VEV").fit(cov_type="oim")


def test_mixture_and_results_pickle(mixture_fit) -> None:
    # joblib workers and users saving results pickle them (mclust structures must)
    res = mixture_fit
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_series_equal(back.params, res.params)
    pd.testing.assert_frame_equal(back.cov_params(), res.cov_params())
    model = pickle.loads(pickle.dumps(res.model))
    assert model.loglike(np.asarray(res.params)) == res.llf
    mvn = em.mvn(np.random.default_rng(0).normal(size=(6, 3)))
    assert pickle.loads(pickle.dumps(mvn)).structure.name == "VVV"


@pytest.mark.parametrize("method", ["wald", "percentile"])
def test_mixture_conf_int_is_labelled_by_param_names(mixture_fit, method: str) -> None:
    res = mixture_fit
    if method == "percentile":
        res = res.get_robustcov("bootstrap", {"n_boot": 20, "random_state": 0,
                                              "progress": False})
    ci = res.conf_int(method=method)
    assert isinstance(ci, pd.DataFrame)
    assert list(ci.index) == res.model.param_names
    assert list(res.params.index) == list(res.bse.index) == res.model.param_names
    mvn = em.mvn(pd.DataFrame(np.random.default_rng(3).normal(size=(30, 2)),
                              columns=["p", "q"])).fit()
    assert list(mvn.conf_int().index) == mvn.model.param_names
