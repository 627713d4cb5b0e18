"""``em.pool`` (Rubin's rules) against a hand computation written here with numpy and
scipy: Rubin (1987, sec. 3.1) and Barnard & Rubin's (1999) degrees of freedom."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

import emstats as em


def _by_hand(q: np.ndarray, u: np.ndarray, nu_com: float = np.inf) -> dict[str, float]:
    """Rubin's rules for one quantity, spelt out."""
    m = len(q)
    qbar, w = q.mean(), u.mean()
    b = ((q - qbar) ** 2).sum() / (m - 1)
    t = w + (1 + 1 / m) * b
    lam = (1 + 1 / m) * b / t
    nu_old = (m - 1) / lam**2
    if np.isfinite(nu_com):
        nu_obs = (nu_com + 1) / (nu_com + 3) * nu_com * (1 - lam)
        nu = nu_old * nu_obs / (nu_old + nu_obs)
    else:
        nu = nu_old
    r = (1 + 1 / m) * b / w
    tval = qbar / np.sqrt(t)
    return {"estimate": qbar, "within": w, "between": b, "total": t, "std err": np.sqrt(t),
            "df": nu, "t": tval, "P>|t|": 2 * stats.t.sf(abs(tval), nu),
            "[0.025": qbar - stats.t.ppf(0.975, nu) * np.sqrt(t),
            "0.975]": qbar + stats.t.ppf(0.975, nu) * np.sqrt(t),
            "fmi": (r + 2 / (nu + 3)) / (r + 1)}


Q = np.array([1.20, 0.95, 1.41, 1.07, 1.18])
U = np.array([0.040, 0.052, 0.047, 0.036, 0.044])


def test_scalar_estimates_are_accepted_and_pooled() -> None:
    pooled = em.pool(list(Q), list(U))
    assert pooled.shape[0] == 1
    expected = _by_hand(Q, U)
    for column, value in expected.items():
        assert pooled.iloc[0][column] == pytest.approx(value, rel=1e-12), column


def test_barnard_rubin_degrees_of_freedom() -> None:
    pooled = em.pool(list(Q), list(U), df_com=20)
    expected = _by_hand(Q, U, nu_com=20)
    assert pooled.iloc[0]["df"] == pytest.approx(expected["df"], rel=1e-12)
    assert pooled.iloc[0]["df"] < 20  # never more than the complete data have
    assert pooled.iloc[0]["P>|t|"] == pytest.approx(expected["P>|t|"], rel=1e-12)
    assert pooled.iloc[0]["fmi"] == pytest.approx(expected["fmi"], rel=1e-12)


def test_vectors_and_series_keep_their_labels() -> None:
    est = [pd.Series([q, 2 * q], index=["a", "b"]) for q in Q]
    var = [pd.Series([u, 3 * u], index=["a", "b"]) for u in U]
    pooled = em.pool(est, var)
    assert list(pooled.index) == ["a", "b"]
    for name, factor_q, factor_u in (("a", 1, 1), ("b", 2, 3)):
        expected = _by_hand(factor_q * Q, factor_u * U)
        assert_allclose(pooled.loc[name, list(expected)].to_numpy(dtype=float),
                        list(expected.values()), rtol=1e-12)


def test_a_complete_variable_has_infinite_df_not_round_off() -> None:
    """Estimates equal but for round-off (0.1 + 0.2 != 0.3): no between variance,
    df = inf and the normal reference, fmi = 0."""
    same = [0.1 + 0.2, 0.3, 0.3, 0.1 + 0.2]
    pooled = em.pool(same, [0.01] * 4)
    row = pooled.iloc[0]
    assert row["between"] == 0.0 and np.isinf(row["df"]) and row["fmi"] == 0.0
    z = 0.3 / 0.1
    assert row["P>|t|"] == pytest.approx(2 * stats.norm.sf(z), rel=1e-9)
    assert row["[0.025"] == pytest.approx(0.3 - stats.norm.ppf(0.975) * 0.1, rel=1e-9)
    text = pooled.to_string()
    assert "inf" in text and "e+" not in text


@pytest.mark.parametrize(("estimates", "variances", "message"), [
    ([1.0], [0.1], "at least two imputations, got 1"),
    ([[1.0, 2.0], [1.5, 2.5]], [[0.1], [0.2]], "same shape"),
    ([1.0, np.nan], [0.1, 0.1], "estimates contain NaN"),
    ([1.0, 2.0], [0.1, -0.1], "must not be negative"),
    ([1.0, "a"], [0.1, 0.1], "estimates must be numbers"),
])
def test_bad_input(estimates, variances, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        em.pool(estimates, variances)


def test_bad_df_com() -> None:
    with pytest.raises(ValueError, match="df_com must be positive, got 0"):
        em.pool(list(Q), list(U), df_com=0)
