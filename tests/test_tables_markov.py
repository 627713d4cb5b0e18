"""Markov-switching summaries grouped by regime, as statsmodels prints them.

Expected: statsmodels' ``MarkovAutoregression``/``MarkovRegression`` ``summary()`` on the
same data and model (Hamilton's 1989 GNP model; the Fed funds rate with a switching
variance): the same table titles, the same labels (statsmodels' ``const`` is the
formula's ``Intercept``) and the same printed numbers.
"""

from __future__ import annotations

import warnings

import pytest
import statsmodels.api as sm

import emstats as em

TIGHT = {"gtol": 1e-10, "maxiter": 1000}  # statsmodels' BFGS to the maximum (default 1e-5)


def _tables(text: str) -> dict[str, list[str]]:
    """The titled coefficient tables of a summary: title -> data lines."""
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        title = line.strip()
        if title.endswith("parameters"):
            body = []
            for row in lines[i + 4:]:
                if row.startswith("=") or row.strip().endswith("parameters"):
                    break
                body.append(row.replace("Intercept", "const    "))
            out[title] = body
    return out


def _compare(ours, theirs) -> None:
    mine, reference = _tables(str(ours.summary())), _tables(str(theirs.summary()))
    assert list(mine) == list(reference)
    for title in reference:
        rows, expected = [r.split() for r in mine[title]], [r.split() for r in reference[title]]
        # labels and estimates as printed; the inference columns (3 decimals) within one
        # printed unit: emstats' analytic-chain OIM and statsmodels' complex-step Hessian
        # agree to ~1e-4 relative, which can move a last digit
        assert [r[:2] for r in rows] == [r[:2] for r in expected], title
        for row, ref_row in zip(rows, expected, strict=True):
            assert [float(v) for v in row[2:]] == pytest.approx(
                [float(v) for v in ref_row[2:]], abs=1.0e-3), (title, row)


def test_hamilton_gnp_grouped_as_statsmodels() -> None:
    rgnp = em.datasets.load_rgnp()
    ours = em.markov_switching("rgnp ~ 1", rgnp, k_regimes=2, order=4,
                               switching_ar=False).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sm.tsa.MarkovAutoregression(rgnp["rgnp"].to_numpy(), k_regimes=2, order=4,
                                             switching_ar=False).fit(**TIGHT)
    assert ours.llf == pytest.approx(theirs.llf, abs=1e-4)
    _compare(ours, theirs)
    text = str(ours.summary())
    assert text.splitlines()[0].strip() == "Markov Switching Model Results"


def test_switching_variance_sits_in_the_regime_tables() -> None:
    fed = em.datasets.load_fedfunds()
    column = "fedfunds"
    ours = em.markov_switching(f"{column} ~ 1", fed, k_regimes=2, order=0,
                               switching_variance=True).fit()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # statsmodels' default start finds a local maximum (llf -505.70); started from
        # emstats' estimate it maximises on its own to the better one (llf -496.15)
        theirs = sm.tsa.MarkovRegression(fed[column].to_numpy(), k_regimes=2,
                                         switching_variance=True).fit(
            start_params=ours.params.to_numpy(), **TIGHT)
    assert ours.llf == pytest.approx(theirs.llf, abs=1e-4)
    _compare(ours, theirs)
    assert "Non-switching parameters" not in str(ours.summary())
