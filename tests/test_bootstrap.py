"""The bootstrap (emstats.inference.bootstrap): runner, covariance, intervals, LR test.

Expected values come from outside emstats: OIM standard errors are checked
within Monte Carlo error, interval formulas against scipy.stats.bootstrap and
closed forms (OLS influence functions), failures against resamples redrawn
with numpy from the documented seeds.

Monte Carlo bound: with B replicates the relative standard error of a bootstrap
standard error is about 1 / sqrt(2 B) (the SE of a sample SD of B roughly
normal draws), so bootstrap and OIM SEs are required to agree within
4 / sqrt(2 B) (14% for B = 400). The difference between the ideal (B = infinity)
bootstrap SE and the OIM SE is of smaller order at n = 400.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import emstats as em
from emstats.inference.bootstrap import (
    BootstrapWarning,
    ReplicateError,
    _replicate_covariance,
    bca_interval,
    bootstrap_lrtest,
    influence_acceleration,
    influence_values,
    percentile_interval,
    positive_definite_on,
    run_replicates,
)
from emstats.inference.covariance import CovarianceWarning

N_OBS = 400
N_BOOT = 400


def simulated_tobit(n: int, seed: int, left: float | None) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(-1, 1, size=n)])
    ystar = x @ np.array([0.5, 1.0, -0.5]) + rng.normal(size=n)
    return (ystar if left is None else np.maximum(ystar, left)), x


@pytest.fixture(scope="module")
def censored_fit():
    y, x = simulated_tobit(N_OBS, 1, left=0.0)
    return em.Tobit(y, x, left=0.0).fit()


@pytest.fixture(scope="module")
def uncensored_fit():
    y, x = simulated_tobit(N_OBS, 2, left=None)
    return em.Tobit(y, x, left=None).fit()


def bootstrap(fit, **kwds):
    return fit.get_robustcov("bootstrap", {"progress": False, **kwds})


@pytest.fixture(scope="module")
def nonparametric(censored_fit):
    return bootstrap(censored_fit, n_boot=N_BOOT, n_jobs=2, random_state=11)


@pytest.fixture(scope="module")
def uncensored_boot(uncensored_fit):
    return bootstrap(uncensored_fit, n_boot=1000, n_jobs=2, random_state=12)


MC_BOUND = 4 / np.sqrt(2 * N_BOOT)


# -- the runner -----------------------------------------------------------------------------
def _draw(rng: np.random.Generator) -> np.ndarray:
    return rng.normal(size=2)


def _fail_odd(rng: np.random.Generator) -> np.ndarray:
    value = rng.uniform()
    if value < 0.3:
        raise ReplicateError("did not converge")
    if value > 0.8:
        raise np.linalg.LinAlgError("singular")
    return np.array([value])


def test_runner_seeds_replicates_by_position() -> None:
    run = run_replicates(_draw, 5, random_state=3)
    children = np.random.SeedSequence(3).spawn(5)
    expected = np.array([np.random.default_rng(c).normal(size=2) for c in children])
    np.testing.assert_array_equal(run.values, expected)
    assert run.seed == 3 and run.n_failed == 0


def test_runner_counts_and_reports_failures() -> None:
    children = np.random.SeedSequence(5).spawn(40)
    draws = np.array([np.random.default_rng(c).uniform() for c in children])
    with pytest.warns(BootstrapWarning, match="replicates failed"):
        run = run_replicates(_fail_odd, 40, random_state=5)
    bad = np.flatnonzero((draws < 0.3) | (draws > 0.8))
    np.testing.assert_array_equal(run.failed_index, bad)
    np.testing.assert_array_equal(run.index, np.setdiff1d(np.arange(40), bad))
    reasons = {f.reason.split(":")[0] for f in run.failures}
    assert reasons == {"ReplicateError", "LinAlgError"}
    assert run.n_ok + run.n_failed == 40


def test_runner_progress_bar_does_not_change_results(capsys) -> None:
    quiet = run_replicates(_draw, 4, random_state=2, progress=False)
    shown = run_replicates(_draw, 4, random_state=2, progress=True)
    np.testing.assert_array_equal(quiet.values, shown.values)
    assert "4/4" in capsys.readouterr().err


def test_too_few_replicates_give_a_flagged_nan_covariance() -> None:
    with pytest.warns(CovarianceWarning, match="not positive definite"):
        cov, ok = _replicate_covariance(np.ones((1, 3)), np.eye(3))
    assert not ok and cov.shape == (3, 3) and np.isnan(cov).all()
    with pytest.warns(CovarianceWarning):
        _, ok = _replicate_covariance(np.empty((0, 0)), np.eye(3))
    assert not ok


def test_positive_definite_on_the_free_directions_only() -> None:
    # (x, 1 - x, y) with x and y independent: singular in R^3, but not in the directions
    # the parametrisation (x, y) -> (x, 1 - x, y) can move; a constant third entry is
    # singular in a free direction if the map moves it, and fine if the map fixes it.
    cov = np.array([[2.0, -2.0, 0.0], [-2.0, 2.0, 0.0], [0.0, 0.0, 0.5]])
    assert not positive_definite_on(cov, np.eye(3))
    assert positive_definite_on(cov, np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0]]))
    fixed = np.diag([1.0, 3.0, 0.0])
    assert not positive_definite_on(fixed, np.eye(3))
    assert positive_definite_on(fixed, np.eye(3)[:, :2])


def test_runner_reissues_replicate_warnings_once() -> None:
    def noisy(rng: np.random.Generator) -> np.ndarray:
        warnings.warn("careful", UserWarning, stacklevel=1)
        return np.zeros(1)

    with pytest.warns(UserWarning, match="3 bootstrap replicate"):
        run_replicates(noisy, 3, random_state=0)


# -- covariance ------------------------------------------------------------------------------
def test_reproducible_and_independent_of_n_jobs(censored_fit) -> None:
    one = bootstrap(censored_fit, n_boot=12, random_state=7)
    again = bootstrap(censored_fit, n_boot=12, random_state=7)
    two = bootstrap(censored_fit, n_boot=12, random_state=7, n_jobs=2)
    other = bootstrap(censored_fit, n_boot=12, random_state=8)
    reps = one.cov_extras["replicates"]
    np.testing.assert_array_equal(reps, again.cov_extras["replicates"])
    np.testing.assert_array_equal(reps, two.cov_extras["replicates"])
    assert not np.array_equal(reps, other.cov_extras["replicates"])
    np.testing.assert_array_equal(np.asarray(one.bse), np.asarray(two.bse))
    # the recorded seed reproduces the run
    seeded = bootstrap(censored_fit, n_boot=12, random_state=one.cov_extras["seed"])
    np.testing.assert_array_equal(reps, seeded.cov_extras["replicates"])


def test_generator_seed_is_reproducible(censored_fit) -> None:
    a = bootstrap(censored_fit, n_boot=5, random_state=np.random.default_rng(1))
    b = bootstrap(censored_fit, n_boot=5, random_state=np.random.default_rng(1))
    np.testing.assert_array_equal(a.cov_extras["replicates"], b.cov_extras["replicates"])


def test_nonparametric_se_match_oim(censored_fit, nonparametric) -> None:
    ratio = np.asarray(nonparametric.bse) / np.asarray(censored_fit.bse)
    assert np.all(np.abs(ratio - 1) < MC_BOUND), ratio


def test_parametric_se_match_oim(censored_fit) -> None:
    res = bootstrap(censored_fit, n_boot=N_BOOT, kind="parametric", n_jobs=2, random_state=13)
    ratio = np.asarray(res.bse) / np.asarray(censored_fit.bse)
    assert np.all(np.abs(ratio - 1) < MC_BOUND), ratio
    assert res.cov_description == f"bootstrap (parametric, {N_BOOT} replicates)"


def test_covariance_is_the_sample_covariance_of_the_replicates(nonparametric) -> None:
    reps = nonparametric.cov_extras["replicates"]
    assert reps.shape == (N_BOOT, 4)
    np.testing.assert_allclose(np.asarray(nonparametric.cov_params()),
                               np.cov(reps, rowvar=False), rtol=1e-12)
    extras = nonparametric.cov_extras
    assert extras["kind"] == "nonparametric" and extras["n_boot"] == N_BOOT
    assert extras["n_failed"] == 0 and extras["failures"] == []
    assert nonparametric.cov_type == "bootstrap"
    assert nonparametric.cov_description == f"bootstrap (nonparametric, {N_BOOT} replicates)"


def test_failed_replicates_are_counted() -> None:
    # 8 observations, 6 censored: a resample has no uncensored one with
    # probability (6/8)^8 = 0.10; such a model cannot be built.
    y = np.array([0.0, 0, 0, 0, 0, 0, 1.3, 0.4])
    fit = em.Tobit(y, np.ones((8, 1)), left=0.0).fit()
    with pytest.warns(BootstrapWarning, match="failed"):
        res = bootstrap(fit, n_boot=60, random_state=4)
    extras = res.cov_extras
    # the same resamples, redrawn with numpy from the documented seeds
    children = np.random.SeedSequence(4).spawn(60)
    rows = [np.random.default_rng(c).integers(0, 8, size=8) for c in children]
    censored_only = np.flatnonzero([np.all(y[r] == 0) for r in rows])
    assert censored_only.size > 0
    np.testing.assert_array_equal(extras["failed_index"], censored_only)
    assert extras["n_failed"] == censored_only.size
    assert extras["replicates"].shape[0] == 60 - censored_only.size
    assert all("censored" in reason for _, reason in extras["failures"])
    assert f"{60 - censored_only.size} of 60 replicates" in res.cov_description


def test_bad_options_are_errors(censored_fit) -> None:
    with pytest.raises(ValueError, match="not understood"):
        bootstrap(censored_fit, reps=10)
    with pytest.raises(ValueError, match="kind"):
        bootstrap(censored_fit, kind="wild")
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap(censored_fit, n_boot=1)


# -- intervals -------------------------------------------------------------------------------
def test_bca_equals_percentile_when_z0_and_a_vanish() -> None:
    rng = np.random.default_rng(0)
    half = rng.gamma(2.0, size=(500, 3))
    reps = np.vstack([half, -half]) + np.array([1.0, -2.0, 0.5])  # z0 = 0 exactly
    estimate = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(bca_interval(reps, estimate, np.zeros(3), 0.1),
                               percentile_interval(reps, 0.1), rtol=1e-14)
    np.testing.assert_allclose(percentile_interval(reps, 0.1),
                               np.quantile(reps, [0.05, 0.95], axis=0).T)


def test_bca_matches_scipy_for_the_mean() -> None:
    # For the mean the jackknife acceleration has the closed form
    # sum(d^3) / (6 sum(d^2)^1.5), d = x - mean.
    x = np.random.default_rng(1).exponential(size=60)
    res = stats.bootstrap((x,), np.mean, method="BCa", n_resamples=2000, confidence_level=0.9,
                          random_state=np.random.default_rng(2))
    d = x - x.mean()
    accel = np.sum(d**3) / (6 * np.sum(d**2) ** 1.5)
    ours = bca_interval(res.bootstrap_distribution[:, None], [x.mean()], [accel], alpha=0.1)
    ci = res.confidence_interval
    np.testing.assert_allclose(ours[0], [ci.low, ci.high], rtol=1e-12)
    assert influence_acceleration(d[:, None])[0] == pytest.approx(accel, rel=1e-12)


def test_influence_values_are_the_ols_influence_functions(uncensored_fit) -> None:
    # Uncensored Tobit = OLS with the ML variance: the influence of observation i
    # is (X'X)^-1 x_i e_i for beta and (e_i^2 - sigma^2) / (2 n sigma) for sigma.
    model = uncensored_fit.model
    x, y = model.exog, np.asarray(model.endog)
    params = np.asarray(uncensored_fit.params)
    beta, sigma = np.linalg.lstsq(x, y, rcond=None)[0], params[-1]
    e = y - x @ beta
    expected = np.column_stack([np.linalg.solve(x.T @ x, (x * e[:, None]).T).T,
                                (e**2 - sigma**2) / (2 * len(y) * sigma)])
    np.testing.assert_allclose(influence_values(model, params), expected,
                               rtol=1e-7, atol=1e-12 * np.abs(expected).max())


def test_intervals_of_an_uncensored_tobit_are_close_to_the_exact_ones(uncensored_fit,
                                                                      uncensored_boot) -> None:
    # Uncensored Tobit = OLS with the ML variance. Exact intervals: for beta the
    # t interval (t with 396 df: the Wald interval to 0.01 SE); for sigma
    # [s sqrt(n / chi2_{n-k, 1-a/2}), s sqrt(n / chi2_{n-k, a/2})], since
    # n s^2 / sigma^2 ~ chi2_{n-k}. It is shifted by about 0.3 SE from Wald (the
    # skewness of s); BCa corrects for that, the percentile interval does not.
    # Tolerance: the 2.5% quantile of B = 1000 replicates has a Monte Carlo SE of
    # sqrt(0.025 * 0.975 / B) / phi(1.96) = 0.085 SE; BCa adds the noise of z0 and
    # of a more extreme level; allow 0.5 SE (about 5 Monte Carlo SEs).
    wald = np.asarray(uncensored_fit.conf_int())
    se = np.asarray(uncensored_fit.bse)[:, None]
    n, k = N_OBS, 3
    sigma = float(np.asarray(uncensored_fit.params)[-1])
    exact_sigma = sigma * np.sqrt(n / stats.chi2.ppf([0.975, 0.025], n - k))
    percentile = np.asarray(uncensored_boot.conf_int(method="percentile"))
    bca = np.asarray(uncensored_boot.conf_int(method="bca"))
    assert percentile.shape == bca.shape == (4, 2)
    assert np.all(np.abs(percentile[:k] - wald[:k]) < 0.5 * se[:k])
    assert np.all(np.abs(bca[:k] - wald[:k]) < 0.5 * se[:k])
    assert np.all(np.abs(percentile[k] - wald[k]) < 0.5 * se[k])
    assert np.all(np.abs(bca[k] - exact_sigma) < 0.5 * se[k])


def test_intervals_of_a_formula_fit_are_labelled(mroz_pair) -> None:
    _, full = mroz_pair
    res = bootstrap(full, n_boot=10, random_state=0)
    for method in ("percentile", "bca"):
        ci = res.conf_int(alpha=0.1, method=method)
        assert isinstance(ci, pd.DataFrame)
        assert list(ci.index) == list(full.params.index)
        assert np.all(ci.iloc[:, 0] < ci.iloc[:, 1])


def test_intervals_need_replicates(censored_fit) -> None:
    with pytest.raises(ValueError, match="bootstrap"):
        censored_fit.conf_int(method="bca")


# -- bootstrap LR test ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mroz_pair():
    mroz = em.datasets.load_mroz()
    full = em.tobit("hours ~ educ + exper + expersq + age + kidslt6 + kidsge6", mroz, left=0)
    restricted = em.tobit("hours ~ educ + exper + expersq + age + kidslt6", mroz, left=0)
    return restricted.fit(), full.fit()


def test_bootstrap_lr_pvalue_formula_and_reproducibility(mroz_pair) -> None:
    restricted, full = mroz_pair
    one = bootstrap_lrtest(restricted, full, n_boot=19, random_state=3)
    two = bootstrap_lrtest(restricted, full, n_boot=19, random_state=3, n_jobs=2)
    np.testing.assert_array_equal(one.lr_sample, two.lr_sample)
    assert one.statistic == pytest.approx(2 * (full.llf - restricted.llf))
    expected = (1 + np.sum(one.lr_sample >= one.statistic)) / (1 + one.lr_sample.size)
    assert one.pvalue == expected and one.n_failed == 0 and one.df == 1
    assert np.all(one.lr_sample >= 0)


def test_bootstrap_lr_agrees_with_chi2_in_a_regular_problem(mroz_pair) -> None:
    # kidsge6 is a regular restriction: LR* follows chi2(1) approximately, so the
    # bootstrap p-value is the chi-square one within Monte Carlo error
    # (4 sqrt(p (1 - p) / B) < 0.21 for B = 99).
    restricted, full = mroz_pair
    res = bootstrap_lrtest(restricted, full, n_boot=99, random_state=5, n_jobs=2)
    chi2 = stats.chi2.sf(res.statistic, 1)
    assert abs(res.pvalue - chi2) < 4 * np.sqrt(0.25 / 99)
    assert "bootstrap" in str(res)


def test_each_concern_has_its_module_and_the_old_names_stay_importable() -> None:
    from emstats import inference
    from emstats.inference import bootstrap, bootstrap_lr, intervals, replicates

    moved = {
        replicates: ["ReplicateFailure", "ReplicateRun", "run_replicates"],
        intervals: ["bca_interval", "bootstrap_conf_int", "influence_acceleration",
                    "influence_values", "percentile_interval"],
        bootstrap_lr: ["BootstrapLRTestResult", "bootstrap_lrtest"],
    }
    for module, names in moved.items():
        for name in names:
            assert getattr(bootstrap, name) is getattr(module, name), name
    for name in bootstrap.__all__:
        assert hasattr(bootstrap, name), name
    for name in ["Bootstrap", "BootstrapLRTestResult", "BootstrapWarning", "bootstrap_conf_int",
                 "bootstrap_lrtest", "run_replicates"]:
        assert getattr(inference, name) is getattr(bootstrap, name), name
    assert em.bootstrap_lrtest is bootstrap_lr.bootstrap_lrtest
    # the function, not the module of the same concern, is what emstats.inference names
    assert callable(inference.bootstrap_lrtest)
