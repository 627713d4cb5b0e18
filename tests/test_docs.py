"""The Python examples in docs/ run, and print what the text says they print.

Every ```python block of every page of docs/ (and of README.md) is run on its own, in a
fresh namespace, as a reader pasting it into a new interpreter would: each block has its
imports and its data, so none depends on the blocks before it. Each page's blocks are run
once per test session (:func:`run_page`); the tests below read the namespaces, the
printed output and the warnings of each block.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from numpy.testing import assert_allclose

import emstats as em
from validation.runner import all_cases

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))


@dataclass
class Block:
    """One code block after running it: its namespace, output, warnings and error."""

    namespace: dict = field(default_factory=dict)
    output: str = ""
    warnings: list[warnings.WarningMessage] = field(default_factory=list)
    error: str | None = None


def blocks_of(path: Path) -> list[str]:
    """The ```python blocks of a Markdown page, in order."""
    return re.findall(r"^```python\n(.*?)^```", path.read_text(), flags=re.S | re.M)


@functools.cache
def run_page(path: Path) -> tuple[Block, ...]:
    """Run each block of a page in a fresh namespace (once per session)."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    done = []
    for i, code in enumerate(blocks_of(path)):
        block = Block()
        out = io.StringIO()
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(out):
            warnings.simplefilter("always")
            warnings.simplefilter("error", em.MonotonicityWarning)
            try:
                exec(compile(code, f"{path.name}, block {i + 1}", "exec"), block.namespace)
            except Exception:
                block.error = traceback.format_exc()
        plt.close("all")
        block.output, block.warnings = out.getvalue(), list(caught)
        done.append(block)
    return tuple(done)


def page(name: str) -> tuple[Block, ...]:
    return run_page(DOCS / name)


ALL_BLOCKS = [(path, i) for path in [*(DOCS / n for n in PAGES), ROOT / "README.md"]
              for i in range(len(blocks_of(path)))]


@pytest.mark.parametrize(("path", "i"), ALL_BLOCKS,
                         ids=[f"{p.name}-{i + 1}" for p, i in ALL_BLOCKS])
def test_every_block_runs_on_its_own(path: Path, i: int) -> None:
    error = run_page(path)[i].error
    assert error is None, f"{path.name}, block {i + 1} fails in a fresh interpreter:\n{error}"


def test_every_page_is_in_the_user_guide_index() -> None:
    index = (DOCS / "index.md").read_text()
    for name in PAGES:
        if name != "index.md":
            assert f"]({name})" in index and f"\n{name[:-3]}\n" in index, name


def test_validation_page_lists_every_case_the_runner_runs() -> None:
    text = (DOCS / "validation.md").read_text()
    listed = re.findall(r"^\| (?!case \|)([^|]+?) \|", text, flags=re.M)
    listed = [row for row in listed if not set(row) <= {"-"}]
    assert listed == [case.name for case in all_cases()]


def test_api_reference_lists_every_public_name() -> None:
    text = (DOCS / "api" / "emstats.rst").read_text()
    for name in em.__all__:
        assert re.search(rf"^   {name}$|:mod:`emstats\.{name}`", text, flags=re.M), name


@pytest.fixture(scope="module")
def user_models() -> dict:
    first, second = page("user_models.md")
    return {**first.namespace, **second.namespace}


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
    blocks = page("gaussian.md")
    return {**blocks[0].namespace, **blocks[2].namespace}


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
    return page("markov_switching.md")[1].namespace    # the Filardo model


def test_markov_switching_page_prints_its_tobit_fit() -> None:
    tobit = page("markov_switching.md")[2]
    assert tobit.output.split() == ["-497.6579", "[0.9819,", "0.047,", "3.6087,", "9.3576,",
                                    "3.1837,", "8.0005]"]


def test_markov_switching_page_reproduces_hamilton_and_filardo(markov_switching: dict) -> None:
    # BENCHMARKS.md case 9: EViews' Hamilton AR(4) (llf -181.26339, OIM SEs) and
    # Filardo's (1994) TVTP model (llf -586.5718), as in statsmodels' test suite.
    res = markov_switching["res"]
    assert res.llf == pytest.approx(-586.5718, abs=5e-5)
    assert_allclose(res.params.filter(like="p[").to_numpy(),
                    [4.35941747, -1.6493936, 1.7702123, 0.9945672], atol=5e-5)
    assert markov_switching["model"].nobs == 514       # the Filardo model, 1948-1991


def test_markov_switching_page_shows_statsmodels_lagged_variance() -> None:
    # the numbers of tests/test_markov_switching.py's enumeration, on GDP growth
    block = page("markov_switching.md")[-1]
    assert block.output.split() == ["-221.4713", "-221.5185", "-221.5067", "-221.483"]


@pytest.fixture(scope="module")
def hmm_page() -> dict:
    first, _, panel, _weights = page("hmm.md")
    # the panel's all-missing rows are announced
    assert any("16 row" in str(w.message) for w in panel.warnings)
    return {**first.namespace, **panel.namespace}


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
    assert_allclose(louis.bse, fit.bse, rtol=1e-4, equal_nan=True)


def test_hmm_page_louis_against_oim_prints_what_the_page_says() -> None:
    # The page says True and 2 (the "diag" structure's zero covariances have NaN SEs
    # under both estimators, which equal_nan compares as equal).
    output = page("hmm.md")[2].output.splitlines()
    assert output[-2:] == ["True", "2"]


@pytest.fixture(scope="module")
def factor_page() -> dict:
    blocks = page("factor.md")
    return {**blocks[0].namespace, "table": blocks[2].namespace["table"],
            "heywood": blocks[3].namespace["heywood"], "fiml": blocks[4].namespace["fiml"]}


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


def test_weights_blocks_print_what_the_pages_say() -> None:
    """The case-weight examples: a frequency-weighted mixture is the replicated fit, a
    sequence-weighted HMM defaults to the robust covariance."""
    mixture = next(block for block in page("gaussian.md") if "replicated" in block.namespace)
    assert mixture.output.split() == ["553.0", "True"]
    assert page("hmm.md")[-1].output.split() == ["robust", "cluster", "95.0"]
    factor = next(block for block in page("factor.md") if "items" in block.namespace)
    assert factor.output.split() == ["robust", "2690"]


def test_mixreg_page_prints_what_it_says() -> None:
    first, second, third, fourth = page("mixreg.md")
    assert first.output.split() == ["-642.532", "[0.494,", "0.506]", "9", "10"]
    assert second.output.split() == ["-673.8241", "-0.3764", "3.1234"]
    assert third.output.split() == ["-197.675", "5", "10", "[14.14,", "18.97,", "38.63]",
                                    "-187.8984", "-3876.6952", "[0.8403,", "0.1597]"]
    assert fourth.output.split() == [
        "llf", "df", "bic", "k", "1", "-316.69", "2", "641.88", "2", "-219.64", "5",
        "460.52", "3", "-203.53", "8", "441.05", "4", "-199.46", "11", "445.64", "3"]


def test_censored_page_prints_survreg_and_stata_cluster_ses() -> None:
    block = next(b for b in page("censored.md") if "survreg" in b.namespace)
    assert block.output.split() == ["[49.9648,", "5.6194,", "4.9998]", "[50.1894,",
                                    "5.6447,", "5.0223]"]


def test_censored_page_prints_its_truncated_regression() -> None:
    block = next(b for b in page("censored.md") if "workers" in b.namespace)
    assert block.output.split() == ["-3390.6476", "6", "[-29.8526,", "-484.7126,",
                                    "850.7684]", "[1363.27,", "1248.29]"]


def test_censored_page_prints_its_heteroskedastic_tobit() -> None:
    block = next(b for b in page("censored.md") if "het" in b.namespace)
    assert block.output.split() == ["-3814.3185", "[97.9789,", "-0.0397,", "0.1645]",
                                    "9.552", "2", "0.0084"]


def test_censored_page_prints_its_random_effects_tobit() -> None:
    block = next(b for b in page("censored.md") if "re" in b.namespace and "jtrain"
                 in b.namespace)
    assert block.output.split() == ["-1261.1601", "[41.6117,", "23.2849,", "17.1848]",
                                    "0.6474", "136.64"]
