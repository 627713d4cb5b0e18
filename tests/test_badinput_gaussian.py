"""Data on which a Gaussian likelihood (multivariate normal, mixture, hidden Markov
model) has no maximum are errors naming the problem, not fits that end degenerate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import emstats as em
from emstats.exceptions import CovarianceWarning

RNG = np.random.default_rng(0)
Y2 = RNG.normal(size=(40, 2))
Y3 = RNG.normal(size=(40, 3))


def never_together() -> np.ndarray:
    data = RNG.normal(size=(40, 3))
    data[:20, 0] = np.nan
    data[20:, 1] = np.nan
    return data


CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "mvn-one-row": (lambda: em.mvn(Y3[:1]), r"1 row\(s\) of data cannot estimate"),
    "mvn-fewer-rows-than-columns": (lambda: em.mvn(Y3[:2]),
                                    r"2 distinct row\(s\) cannot identify 1 component"),
    "mvn-constant-column": (lambda: em.mvn(np.column_stack([Y2, np.ones(40)])),
                            r"column\(s\) \['x3'\] are constant"),
    "mvn-collinear-columns": (lambda: em.mvn(np.column_stack([Y2, Y2 @ [1.0, 1.0]])),
                              r"columns are collinear: \['x3'\]"),
    "mvn-never-observed-together": (lambda: em.mvn(never_together()),
                                    r"\[\('x1', 'x2'\)\] are never observed in the same"),
    "mixture-k-equals-n": (lambda: em.gaussian_mixture(Y2[:5], k=5),
                           r"5 distinct row\(s\) cannot identify 5 component"),
    "mixture-one-row": (lambda: em.gaussian_mixture(Y2[:1], k=1),
                        r"1 row\(s\) of data cannot estimate"),
    "mixture-constant-column": (
        lambda: em.gaussian_mixture(np.column_stack([Y2, np.ones(40)]), k=2),
        r"column\(s\) \['x3'\] are constant"),
    "mixture-identical-rows": (lambda: em.gaussian_mixture(np.ones((20, 2)), k=1),
                               r"column\(s\) \['x1', 'x2'\] are constant"),
    "mixture-more-columns-than-rows": (
        lambda: em.gaussian_mixture(RNG.normal(size=(5, 8)), k=1),
        r"5 distinct row\(s\) cannot identify 1 component.*at least 9"),
    "mixture-diagonal-k-equals-n": (lambda: em.gaussian_mixture(Y2[:4], k=4, covariance="VVI"),
                                    r"4 distinct row\(s\) cannot identify 4 component"),
    "hmm-constant-column": (lambda: em.hmm(np.column_stack([Y2, np.ones(40)]), k=2),
                            r"column\(s\) \['x3'\] are constant"),
    "hmm-never-observed-together": (lambda: em.hmm(never_together(), k=2),
                                    r"never observed in the same row"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_gaussian_data_without_a_maximum_are_named(case: str) -> None:
    make, message = CASES[case]
    with pytest.raises(ValueError, match=message):
        make()


def test_the_prior_makes_few_rows_estimable() -> None:
    """With mclust's conjugate prior the posterior mode exists on fewer rows than
    columns (the prior's scale is then diagonal), so that case is accepted."""
    model = em.gaussian_mixture(Y3[:3], k=1, prior="default")
    res = model.fit(cov_type="none")
    assert np.all(np.linalg.eigvalsh(np.asarray(res.covariances)[0]) > 0)


def test_diagonal_structure_accepts_never_observed_pairs() -> None:
    """A diagonal covariance has no covariance between the two columns to identify."""
    model = em.mvn(never_together(), covariance="VVI")
    assert model.n_features == 3


def test_hmm_on_tiny_scale_flags_its_missing_standard_errors() -> None:
    """Data scaled by 1e-8: the fit itself is scale-equivariant (its llf is that of the
    unit-scale fit minus n d log(1e8), a change of variables), but the numerical Hessian
    fails; that is flagged with the package's CovarianceWarning, not left to numpy's
    RuntimeWarnings."""
    rng = np.random.default_rng(0)
    y = np.vstack([rng.normal(size=(60, 2)), rng.normal(size=(60, 2)) + 3.0])
    unit = em.hmm(y, k=2, random_state=0).fit(cov_type="none")
    with pytest.warns(CovarianceWarning, match="non-finite entries"):
        tiny = em.hmm(y * 1e-8, k=2, random_state=0).fit()
    assert not tiny.cov_positive_definite
    assert tiny.llf == pytest.approx(unit.llf - y.size * np.log(1e-8), rel=1e-9)
