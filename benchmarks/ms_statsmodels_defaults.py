"""Markov-switching default fits: emstats' ``fit()`` against statsmodels' ``fit()``.

Every model of validation case 9 (the statsmodels test-suite models: Hamilton's GNP
AR(4) and switching AR(2)/AR(1), with and without time-varying transitions, Filardo's
industrial production, the federal funds regressions, S&P 500 absolute returns and the
mumps series), and 20 simulated two-regime MS-AR(p) series (p = 1..4, switching AR
coefficients and variances, n = 300). For each: the llf of emstats' default fit, and the
llf of statsmodels' default fit's parameters in Hamilton's likelihood (emstats'
``loglike``; statsmodels' own llf differs at p >= 2 with switching variances, see
docs/markov_switching.md, and is printed beside it). A row is "below" when emstats' llf
is lower than statsmodels' by more than 1e-6.

    python benchmarks/ms_statsmodels_defaults.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from statsmodels.tsa.regime_switching.markov_autoregression import MarkovAutoregression
from statsmodels.tsa.regime_switching.markov_regression import MarkovRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import emstats as em
from validation.cases import case09_markov_switching as case9


def statsmodels_twin(model: em.MarkovSwitching) -> MarkovAutoregression | MarkovRegression:
    """statsmodels' model with emstats' data and specification (the same parameter
    names and order, checked)."""
    tvtp = None if model.tvtp is None else np.asarray(model.tvtp)
    if model.order:
        twin = MarkovAutoregression(np.asarray(model.endog), k_regimes=model.k_regimes,
                                    order=model.order, trend="c",
                                    switching_ar=model.switching_ar,
                                    switching_variance=model.switching_variance,
                                    exog_tvtp=tvtp)
    else:
        exog = pd.DataFrame(model.exog, columns=model.exog_names)
        twin = MarkovRegression(np.asarray(model.endog), k_regimes=model.k_regimes,
                                trend="n", exog=exog,
                                switching_variance=model.switching_variance,
                                exog_tvtp=tvtp)
    if twin.param_names != model.param_names:
        raise RuntimeError(f"parameters differ: {twin.param_names} vs {model.param_names}")
    return twin


def simulated(order: int, seed: int, n: int = 300) -> em.MarkovSwitching:
    rng = np.random.default_rng(seed)
    stay = np.array([0.9, 0.8])
    regimes = np.zeros(n, dtype=int)
    for t in range(1, n):
        regimes[t] = regimes[t - 1] if rng.random() < stay[regimes[t - 1]] else 1 - regimes[t - 1]
    means, sds = np.array([1.0, -0.5]), np.array([0.6, 1.2])
    ar = np.array([rng.uniform(-0.4, 0.5, order), rng.uniform(-0.4, 0.5, order)]) / order
    y = np.zeros(n)
    for t in range(order, n):
        s = regimes[t]
        lagged = sum(ar[s, j] * (y[t - 1 - j] - means[regimes[t - 1 - j]]) for j in range(order))
        y[t] = means[s] + lagged + sds[s] * rng.normal()
    return em.MarkovSwitching(y, k_regimes=2, order=order, switching_ar=True,
                              switching_variance=True)


def compare(name: str, model: em.MarkovSwitching) -> dict:
    twin = statsmodels_twin(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = model.fit(cov_type="none")
        theirs = twin.fit()
    params = np.asarray(theirs.params)
    try:
        hamilton = model.loglike(params)
    except ValueError:
        hamilton = np.nan
    return {"model": name, "emstats": ours.llf, "statsmodels (Hamilton llf)": hamilton,
            "statsmodels (own llf)": float(theirs.llf),
            "emstats - statsmodels": ours.llf - hamilton,
            "starts reaching best": f"{ours.starts_reached_best} of {len(ours.starts)}"}


def main() -> None:
    rows = []
    for name in case9._SETUP:
        rows.append(compare(name, case9._model(name)))
    for order in (1, 2, 3, 4):
        for seed in range(5):
            rows.append(compare(f"simulated AR({order}) #{seed}", simulated(order, seed)))
    table = pd.DataFrame(rows).set_index("model")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(table.round(4).to_string())
    below = table["emstats - statsmodels"] < -1e-6
    print(f"emstats below statsmodels: {int(below.sum())} of {len(table)}; "
          f"largest shortfall {-table['emstats - statsmodels'].min():.4g}")


if __name__ == "__main__":
    main()
