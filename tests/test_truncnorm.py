"""Truncated-normal moments against scipy.stats.truncnorm, including 40-SD tails."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from emstats.models._truncnorm import TruncatedStandardNormal, log_interval_prob

BOUNDS = [(-np.inf, 0.0), (0.0, np.inf), (-1.0, 2.0), (3.0, 3.5), (-3.5, -3.0),
          (5.0, np.inf), (-np.inf, -5.0), (10.0, 10.1), (-2.0, np.inf), (-np.inf, 1.5)]
TAILS = [(40.0, np.inf), (-np.inf, -40.0), (40.0, 41.0), (-41.0, -40.0), (38.0, 38.001),
         (-np.inf, 40.0), (-40.0, np.inf)]


@pytest.mark.parametrize(("a", "b"), BOUNDS + TAILS)
def test_moments_match_scipy_truncnorm(a: float, b: float) -> None:
    t = TruncatedStandardNormal.from_bounds(np.array([a]), np.array([b]))
    mean, var = stats.truncnorm.stats(a, b, moments="mv")
    assert_allclose(t.mean, mean, rtol=1e-9, atol=1e-12)
    # The documented accuracy of the variance: 1e-9 relative or 1e-11 absolute (far in
    # a tail, m2 - m1^2 cancels digits of m2 ~ a^2; the E-step needs it only absolutely).
    assert_allclose(t.variance, var, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize(("a", "b"), BOUNDS)
def test_log_probability_matches_scipy(a: float, b: float) -> None:
    t = TruncatedStandardNormal.from_bounds(np.array([a]), np.array([b]))
    expected = np.log(
        stats.norm.sf(a) - stats.norm.sf(b) if a > 0 else stats.norm.cdf(b) - stats.norm.cdf(a))
    assert_allclose(t.log_prob, expected, rtol=1e-12)


@pytest.mark.parametrize(("a", "b"), TAILS)
def test_no_nan_or_overflow_far_in_the_tails(a: float, b: float) -> None:
    t = TruncatedStandardNormal.from_bounds(np.array([a]), np.array([b]))
    moments = t.raw_moments(4)
    assert all(np.all(np.isfinite(m)) for m in moments)
    assert np.isfinite(t.log_prob).all()


def test_log_interval_prob_upper_tail_against_log_sf() -> None:
    a = np.array([40.0, 50.0, 8.0])
    assert_allclose(log_interval_prob(a, np.full(3, np.inf)), stats.norm.logsf(a),
                    rtol=1e-12)
    assert_allclose(log_interval_prob(np.full(3, -np.inf), -a), stats.norm.logcdf(-a),
                    rtol=1e-12)


def test_second_moment_sum_matches_scipy_over_mixed_bounds() -> None:
    # Arrays mixing one-sided, two-sided and far-tail bounds (so the open-side shortcuts
    # are off and infinite bounds meet zero ratios inside the sums).
    a, b = map(np.array, zip(*(BOUNDS + TAILS), strict=True))
    t = TruncatedStandardNormal.from_bounds(a, b)
    mean, var = stats.truncnorm.stats(a, b, moments="mv")
    assert t.second_moment_sum() == pytest.approx(float(np.sum(var + mean**2)), rel=1e-12)
    assert_allclose(t.raw_moments(2)[2], var + mean**2, rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("side", ["left", "right"])
def test_one_sided_groups_given_as_scalar_open_bound(side: str) -> None:
    finite = np.array([-3.0, -0.5, 0.0, 1.0, 6.0])
    a, b = (-np.inf, finite) if side == "left" else (finite, np.inf)
    t = TruncatedStandardNormal.from_bounds(a, b)
    a_arr, b_arr = np.broadcast_arrays(a, b)
    mean, var = stats.truncnorm.stats(a_arr, b_arr, moments="mv")
    assert_allclose(t.mean, mean, rtol=1e-12)
    assert t.second_moment_sum() == pytest.approx(float(np.sum(var + mean**2)), rel=1e-12)
    assert_allclose([m.shape for m in t.raw_moments(3)], [(5,)] * 4)


def test_fast_log_ndtr_matches_scipy_absolutely() -> None:
    from scipy.special import log_ndtr

    from emstats.models._truncnorm import log_ndtr_fast

    x = np.concatenate([np.linspace(-45, 40, 200_001), [-np.inf, np.inf]])
    expected = log_ndtr(x)
    got = log_ndtr_fast(x)
    finite = np.isfinite(expected)
    assert np.array_equal(np.isfinite(got), finite)
    error = np.abs(got[finite] - expected[finite])
    assert np.max(error) < 1e-13
    assert np.max(error / np.abs(expected[finite]).clip(1)) < 1e-15  # a few ulps
