"""The Python examples in docs/ run, and print what the text says they print."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _run_blocks(name: str) -> dict:
    text = (DOCS / name).read_text()
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", text, flags=re.S):
        exec(compile(block, name, "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def user_models() -> dict:
    return _run_blocks("user_models.md")


def test_genetic_linkage_louis_and_sem_match_dlr(user_models: dict) -> None:
    # BENCHMARKS.md case 5: SE 0.051467 from Louis and from SEM, DM 0.132779.
    res, sem = user_models["res"], user_models["sem"]
    assert res.params["p"] == pytest.approx(0.6268214980, abs=2e-10)
    assert res.bse["p"] == pytest.approx(0.051467, abs=5e-7)
    assert sem.bse["p"] == pytest.approx(0.051467, abs=5e-7)
    assert float(res.rate_matrix[0, 0]) == pytest.approx(0.132779, abs=5e-7)


def test_hasselblad_mixture_reaches_the_squarem_mle(user_models: dict) -> None:
    # BENCHMARKS.md case 6: MLE and -llf of the SQUAREM package's example.
    fast, plain = user_models["fast"], user_models["plain"]
    assert_allclose(np.asarray(fast.params), [0.6401146029910, 2.6634043566619,
                                              1.2560951012662], rtol=1e-9)
    assert -fast.llf == pytest.approx(1989.9458598830, abs=1e-7)
    # BENCHMARKS.md: emstats' SQUAREM must need no more than the package's 72 EM maps,
    # with a log-likelihood that never falls along the iterates.
    assert fast.n_evals <= 72 < plain.n_evals / 25
    assert np.all(np.diff(fast.history["llf"]) >= 0)


@pytest.fixture(scope="module")
def gaussian() -> dict:
    return _run_blocks("gaussian.md")


def test_gaussian_page_apple_and_faithful(gaussian: dict) -> None:
    # BENCHMARKS.md case 11 (printed MLE) and mclust 6.0.0's mclustBIC(faithful) for VVV
    # with two components (-2322.191959) and its best model (EEE, 3 components).
    # mclustBIC stops EM when the llf changes by less than a relative 1e-5 (emControl's
    # default), so its BIC may lie slightly below the maximum: emstats must be at least
    # as high and within 1e-3 (1e-5 * |llf| ~ 0.011 bounds the gap; the tight
    # comparisons with mclust are in test_mclust.py).
    res, fit, table = gaussian["res"], gaussian["fit"], gaussian["table"]
    assert_allclose(res.mean, [14.722222, 49.333333], atol=5e-7)
    assert_allclose(res.cov.to_numpy().ravel(), [89.533951, -90.696729, -90.696729,
                                                  114.694955], atol=5e-7)
    assert -2322.191959 <= fit.bic_mclust <= -2322.191959 + 1e-3
    mclust_eee = np.array([-2607.622500, -2325.219937])
    assert np.all(table.bic.loc[1:2, "EEE"].to_numpy() >= mclust_eee - 5e-7)
    assert np.all(table.bic.loc[1:2, "EEE"].to_numpy() <= mclust_eee + 1e-3)
    assert (table.best.model.structure.name, table.best.model.k) == ("EEE", 3)
    assert table.best.bic_mclust >= -2314.316296 - 5e-7


@pytest.fixture(scope="module")
def markov_switching() -> dict:
    return _run_blocks("markov_switching.md")


def test_markov_switching_page_reproduces_hamilton_and_filardo(markov_switching: dict) -> None:
    # BENCHMARKS.md case 9: EViews' Hamilton AR(4) (llf -181.26339, OIM SEs) and
    # Filardo's (1994) TVTP model (llf -586.5718), as in statsmodels' test suite.
    res = markov_switching["res"]
    assert res.llf == pytest.approx(-586.5718, abs=5e-5)
    assert_allclose(res.params.filter(like="p[").to_numpy(),
                    [4.35941747, -1.6493936, 1.7702123, 0.9945672], atol=5e-5)
    assert markov_switching["model"].nobs == 514       # the Filardo model, 1948-1991


@pytest.fixture(scope="module")
def hmm_page() -> dict:
    with pytest.warns(UserWarning, match="16 row"):  # the panel's all-missing rows
        return _run_blocks("hmm.md")


def test_hmm_page_old_faithful_matches_hmmlearn(hmm_page: dict) -> None:
    # hmmlearn 0.3.3: GaussianHMM(2, "full", n_iter=10000, tol=1e-10, min_covar=0,
    # covars_prior=0, implementation="log", random_state=s).fit(faithful), best of
    # s = 0..9: score -1096.1040683044139, transmat [[0.47676087, 0.52323913],
    # [0.93816268, 0.06183732]] (its states are emstats' in reverse order).
    res = hmm_page["res"]
    assert res.llf == pytest.approx(-1096.1040683044139, abs=1e-8)
    assert_allclose(res.transition_matrix.to_numpy()[::-1, ::-1],
                    [[0.4767608705150454, 0.5232391294849545],
                     [0.9381626842301348, 0.06183731576986511]], atol=1e-6)
    assert res.boundary == ["start[0]"]
    fit, louis = hmm_page["fit"], hmm_page["louis"]
    assert fit.model.n_sequences == 30
    assert_allclose(louis.bse, fit.bse, rtol=1e-4)


@pytest.fixture(scope="module")
def factor_page() -> dict:
    return _run_blocks("factor.md")


def test_factor_page_reproduces_factanal(factor_page: dict) -> None:
    # ?factanal (R 4.2.2): ability.cov, 2 factors: uniquenesses .455 .589 .218 .769
    # .052 .334, "6.11 on 4 degrees of freedom"; Harman74 chi-squares 622.91 ... 186.82.
    res = factor_page["res"]
    assert_allclose(res.uniquenesses, [.455, .589, .218, .769, .052, .334], atol=5e-4)
    assert res.fit_statistics.statistic == pytest.approx(6.11, abs=5e-3)
    assert_allclose(factor_page["table"]["chi2"], [622.91, 420.24, 295.59, 226.68, 186.82],
                    atol=5e-3)
    assert factor_page["heywood"].heywood == ["arm.span"]
    # lavaan 0.6-14, missing = "ml" (tests/results/lavaan_fiml_factor.py): bfi, 5 factors
    fiml = factor_page["fiml"].fit_statistics
    assert (round(fiml.statistic, 3), fiml.df) == (1748.106, 185)
