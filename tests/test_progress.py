"""Progress bars: one ``progress`` option on every long operation (see
:mod:`emstats._progress`). True writes a tqdm bar to stderr, False writes nothing, and
the default writes nothing where stderr is not a terminal (a test run's capture, a log
file). A bar never changes a result."""

from __future__ import annotations

import io
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import emstats as em


@pytest.fixture(scope="module")
def tobit() -> em.EMModel:
    mroz = em.datasets.load_mroz()
    return em.tobit("hours ~ educ + exper + age + kidslt6", mroz, left=0)


@pytest.fixture(scope="module")
def two_clouds() -> pd.DataFrame:
    rng = np.random.default_rng(30)
    return pd.DataFrame(np.r_[rng.normal(0, 1, (40, 2)), rng.normal(4, 1, (40, 2))],
                        columns=["a", "b"])


def _bar_text(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""  # bars go to stderr only
    return captured.err


def test_several_starts_show_a_bar(tobit, capsys) -> None:
    shown = tobit.fit(n_starts=3, random_state=1, cov_type="none", progress=True)
    text = _bar_text(capsys)
    assert "EM starts" in text and "3/3" in text
    quiet = tobit.fit(n_starts=3, random_state=1, cov_type="none", progress=False)
    assert _bar_text(capsys) == ""
    np.testing.assert_array_equal(shown.params, quiet.params)


def test_the_default_is_quiet_where_nobody_watches(tobit, two_clouds, capsys) -> None:
    # pytest captures stderr (not a terminal): the default shows no bar
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 3 replicates: a rough covariance
        tobit.fit(n_starts=2, random_state=1, cov_type="bootstrap",
                  cov_kwds={"n_boot": 3, "random_state": 0})
    em.select_mixture(two_clouds, k=[1, 2], covariance=["VVV"])
    assert _bar_text(capsys) == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_the_default_shows_a_bar_on_a_terminal_only(tobit, monkeypatch, terminal) -> None:
    monkeypatch.setattr("emstats._progress.DELAY", 0.0)  # as if the fit were slow
    stream = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    tobit.fit(n_starts=2, random_state=1, cov_type="none")
    assert ("EM starts" in stream.getvalue()) is terminal


def test_fit_progress_reaches_the_bootstrap(tobit, capsys) -> None:
    kwds = {"n_boot": 3, "random_state": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 3 replicates: a rough covariance
        shown = tobit.fit(cov_type="bootstrap", cov_kwds=kwds, progress=True)
        text = _bar_text(capsys)
        assert "nonparametric bootstrap" in text and "3/3" in text
        quiet = tobit.fit(cov_type="bootstrap", cov_kwds=kwds, progress=False)
        assert _bar_text(capsys) == ""
        # cov_kwds decides for the estimator when it says
        tobit.fit(cov_type="bootstrap", cov_kwds={**kwds, "progress": False}, progress=True)
    assert _bar_text(capsys) == ""
    np.testing.assert_array_equal(shown.bse, quiet.bse)


def test_sem_shows_a_bar_over_the_rate_matrix_rows(tobit, capsys) -> None:
    res = tobit.fit(cov_type="sem", progress=True)
    text = _bar_text(capsys)
    assert "SEM rate matrix rows" in text and f"{res.k_params}/{res.k_params}" in text
    quiet = tobit.fit(cov_type="sem", cov_kwds={"progress": False})
    assert _bar_text(capsys) == ""
    np.testing.assert_array_equal(res.bse, quiet.bse)


def test_select_mixture_and_select_factors_show_a_bar(two_clouds, capsys) -> None:
    table = em.select_mixture(two_clouds, k=[1, 2], covariance=["VVV", "EII"],
                              progress=True).bic
    text = _bar_text(capsys)
    assert "mixture fits" in text and "4/4" in text
    quiet = em.select_mixture(two_clouds, k=[1, 2], covariance=["VVV", "EII"],
                              progress=False).bic
    assert _bar_text(capsys) == ""
    pd.testing.assert_frame_equal(table, quiet)

    rng = np.random.default_rng(31)
    f = rng.normal(size=(120, 1))
    x = pd.DataFrame(f @ np.ones((1, 6)) + rng.normal(size=(120, 6)))
    em.select_factors(x, max_factors=2, progress=True)
    text = _bar_text(capsys)
    assert "factor fits" in text and "2/2" in text


def test_bootstrap_lrtest_shows_a_bar(two_clouds, capsys) -> None:
    r1 = em.gaussian_mixture(two_clouds, k=1).fit()
    r2 = em.gaussian_mixture(two_clouds, k=2).fit()
    shown = em.bootstrap_lrtest(r1, r2, n_boot=3, random_state=0, progress=True)
    text = _bar_text(capsys)
    assert "bootstrap LR test" in text and "3/3" in text
    quiet = em.bootstrap_lrtest(r1, r2, n_boot=3, random_state=0, progress=False)
    np.testing.assert_array_equal(shown.lr_sample, quiet.lr_sample)


@pytest.mark.parametrize("bad", ["yes", 1, 0.5])
def test_a_progress_that_is_not_a_bool_is_an_error(tobit, two_clouds, bad) -> None:
    message = f"progress must be True, False or None, got {bad!r}"
    with pytest.raises(TypeError, match=message):
        tobit.fit(progress=bad)
    with pytest.raises(TypeError, match=message):
        tobit.fit(cov_type="bootstrap", cov_kwds={"progress": bad})
    with pytest.raises(TypeError, match=message):
        em.select_mixture(two_clouds, k=[1], covariance=["VVV"], progress=bad)
