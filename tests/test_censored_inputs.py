"""Bad input gets a clear error; the caller's data are never modified; formula rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import censored_loglike, scipy_censored_mle
from numpy.testing import assert_allclose

import emstats as em


@pytest.fixture
def frame(rng: np.random.Generator) -> pd.DataFrame:
    n = 60
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    y = np.maximum(1 + x1 - x2 + rng.normal(size=n), 0)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "lo": y - 1, "hi": y + 1,
                         "g": rng.choice(["a", "b"], n)})


def test_unknown_column_is_named(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="'x9', which is not a column"):
        em.tobit("y ~ x1 + x9", frame)


def test_non_numeric_outcome(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"outcome \['g'\] is not numeric"):
        em.tobit("g ~ x1", frame)


def test_non_numeric_regressor_in_array_interface(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"\['g'\] are not numeric"):
        em.Tobit(frame["y"], frame[["x1", "g"]])


def test_categorical_regressor_in_formula_becomes_dummies(frame: pd.DataFrame) -> None:
    res = em.tobit("y ~ x1 + g", frame).fit()
    assert "g[T.b]" in res.params.index


def test_lower_above_upper(frame: pd.DataFrame) -> None:
    bad = frame.assign(lo=frame["hi"] + 1)
    with pytest.raises(ValueError, match="lower > upper in 60"):
        em.intreg("lo + hi ~ x1", bad)


def test_tobit_left_limit_above_right(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="left limit is not below the right limit"):
        em.tobit("y ~ x1", frame, left=2.0, right=1.0)


def test_every_observation_censored(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="all 60 observations are censored"):
        em.tobit("y ~ x1", frame, left=frame["y"].max() + 1)


def test_interval_all_censored_on_one_side(frame: pd.DataFrame) -> None:
    one_sided = frame.assign(lo=np.nan)
    with pytest.raises(ValueError, match="censored on the same side"):
        em.intreg("lo + hi ~ x1", one_sided)


def test_fewer_observations_than_parameters(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="3 observations cannot identify 4 parameters"):
        em.tobit("y ~ x1 + x2", frame.iloc[:3], left=-10)


def test_perfectly_collinear_regressors_are_named(frame: pd.DataFrame) -> None:
    collinear = frame.assign(x3=2 * frame["x1"] - frame["x2"])
    with pytest.raises(ValueError, match="perfectly collinear"):
        em.tobit("y ~ x1 + x2 + x3", collinear)


def test_nearly_collinear_but_full_rank_regressors_are_accepted(
        frame: pd.DataFrame) -> None:
    # Correlation 1 - 1e-9: the fast rank check on X'X cannot tell, so the pivoted QR
    # decides, and the columns are linearly independent.
    rng = np.random.default_rng(3)
    close = frame.assign(x3=frame["x1"] + 1e-4 * rng.standard_normal(len(frame)))
    res = em.tobit("y ~ x1 + x2 + x3", close).fit()
    assert res.converged
    # The llf and the fitted values are well determined even if single coefficients
    # are not: compare them with an independent maximisation.
    x = np.column_stack([np.ones(len(close)), close[["x1", "x2", "x3"]]])
    y = close["y"].to_numpy()
    lower, upper = np.where(y <= 0, -np.inf, y), np.where(y <= 0, 0.0, y)
    beta0 = np.linalg.lstsq(x, y, rcond=None)[0]
    expected = scipy_censored_mle(x, lower, upper, np.append(beta0, 0.0))
    theta = np.append(expected[:-1], np.log(expected[-1]))
    assert res.llf == pytest.approx(censored_loglike(theta, x, lower, upper), rel=1e-10)
    assert_allclose(x @ np.asarray(res.params)[:-1], x @ expected[:-1], rtol=1e-6, atol=1e-6)


def test_all_zero_regressor_is_named(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"\['zero'\] are identically zero"):
        em.tobit("y ~ x1 + zero", frame.assign(zero=0.0))


def test_infinite_regressor_is_named(frame: pd.DataFrame) -> None:
    bad = frame.copy()
    bad.loc[3, "x2"] = np.inf
    with pytest.raises(ValueError, match=r"\['x2'\] have infinite values in 1 row"):
        em.tobit("y ~ x1 + x2", bad)


def test_unknown_cov_type_and_cov_kwds(frame: pd.DataFrame) -> None:
    model = em.tobit("y ~ x1", frame)
    with pytest.raises(ValueError, match="unknown cov_type 'hc9'"):
        model.fit(cov_type="hc9")
    with pytest.raises(ValueError, match="not understood by cov_type='oim'"):
        model.fit(cov_kwds={"groups": 1})


def test_callers_frame_is_not_modified(frame: pd.DataFrame) -> None:
    data = frame.assign(lo=frame["lo"].where(frame.index % 5 != 0),
                        hi=frame["hi"].where(frame.index % 7 != 0))
    data.loc[2, "x1"] = np.nan
    before = data.copy(deep=True)
    em.intreg("lo + hi ~ x1 + x2", data).fit()
    em.tobit("y ~ x1 + x2", data, left="lo").fit()
    pd.testing.assert_frame_equal(data, before)


def test_nan_bounds_survive_the_formula_and_nan_regressors_drop(frame: pd.DataFrame) -> None:
    data = frame.assign(lo=frame["lo"].where(frame.index % 5 != 0),
                        hi=frame["hi"].where(frame.index % 7 != 0))
    data.loc[[2, 3], "x1"] = np.nan
    model = em.intreg("lo + hi ~ x1 + x2", data)
    keep = data.drop(index=[2, 3])  # NaN regressor
    keep = keep[keep["lo"].notna() | keep["hi"].notna()]  # no bound at all: missing outcome
    assert model.nobs == len(keep) == 56
    counts = model.censoring_counts
    assert counts["left"] == int((keep["lo"].isna() & keep["hi"].notna()).sum())
    assert counts["right"] == int((keep["hi"].isna() & keep["lo"].notna()).sum())


def test_rows_with_both_bounds_missing_are_dropped(frame: pd.DataFrame) -> None:
    data = frame.copy()
    data.loc[[0, 1], ["lo", "hi"]] = np.nan
    assert em.intreg("lo + hi ~ x1", data).nobs == 58


def test_tobit_limits_from_column_and_array(frame: pd.DataFrame) -> None:
    limit = np.where(frame.index % 2 == 0, 0.0, 0.5)
    data = frame.assign(limit=limit, y=np.maximum(frame["y"], limit))
    by_name = em.tobit("y ~ x1 + x2", data, left="limit").fit()
    by_array = em.tobit("y ~ x1 + x2", data, left=limit).fit()
    np.testing.assert_allclose(by_name.params, by_array.params, rtol=1e-12)
    assert by_name.model.censoring_counts["left"] == int((data["y"] <= limit).sum())


def test_formula_model_pickles_and_refits(frame: pd.DataFrame) -> None:
    import pickle

    model = em.tobit("y ~ x1 + x2", frame)
    clone = pickle.loads(pickle.dumps(model))
    assert model.data.design_info is not None  # the original keeps it
    assert_allclose(np.asarray(clone.fit().params), np.asarray(model.fit().params))
    res = pickle.loads(pickle.dumps(model)).fit()
    assert_allclose(np.asarray(res.predict(frame)), np.asarray(model.fit().predict(frame)),
                    rtol=1e-10)
