"""Markov-switching regressions and autoregressions (../shared/BENCHMARKS.md case 9).

Sources: Stata 14 ``mswitch`` ([TS] mswitch manual examples), EViews ``SWITCHREG`` and
Filardo (1994), as collected in statsmodels' Markov-switching test suite (BSD-3); the
numbers and the data are copied with their citations in ``markov_references.py``,
``data/markov_*.csv`` and ``emstats/datasets`` (rgnp, fedfunds, areturns, mumpspc,
filardo).

For each model emstats fits by EM (five starts, the default) and reports:

* the fitted llf and parameters, to the printed precision. The references stop their
  optimisers earlier than emstats (whose llf is never below the llf at the published
  parameters: quantity ``llf(published) - llf``); where a parameter differs from the
  print by more than half a unit, the tolerance is the distance the reference's own
  optimisation leaves, stated per model;
* ``sigma2`` compared on the printed scale (Stata prints sigma, EViews log sigma);
* OIM standard errors where published, at the published parameters (as statsmodels'
  tests evaluate them), with the tolerance of those tests;
* filtered / smoothed probabilities, predictions and time-varying expected durations
  at the published parameters: the largest deviation over the series, with the
  tolerance of statsmodels' tests.

The AR(1) model with time-varying transitions (EViews) is evaluated at the published
parameters only: they are not a maximum (statsmodels and emstats find a higher llf).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

import emstats as em

from ..reference import Case, Reference, printed_half_unit
from .markov_references import MODELS, published_value

DATA = Path(__file__).parent / "data"

#: How each model is built in emstats (statsmodels' keyword names in MODELS).
_SETUP = {
    "hamilton_ar4": dict(data="rgnp", order=4, switching_ar=False),
    "hamilton_ar2_switch": dict(data="rgnp", order=2),
    "hamilton_ar1_switch": dict(data="rgnp", order=1, regime_order="-const"),
    "hamilton_ar1_switch_tvtp": dict(data="rgnp", order=1, regime_order="-const",
                                     tvtp="rec"),
    "filardo": dict(data="filardo", order=4, switching_ar=False, regime_order="-const",
                    tvtp="lagged lead"),
    "fedfunds_const": dict(data="fedfunds"),
    "fedfunds_const_l1": dict(data="fedfunds", lags=1, regime_order="-const"),
    "fedfunds_const_l1_exog": dict(data="fedfunds", lags=1, exog=("ogap", "inf"), skip=4,
                                   regime_order="-const"),
    "areturns_const_l1_variance": dict(data="areturns", lags=1, switching_variance=True),
    "mumpspc_noconst_l1_variance": dict(data="mumpspc", lags=1, constant=False,
                                        switching_variance=True),
}

#: Extra distance the reference's optimiser leaves on the parameters (see the module
#: docstring); None: the half unit of the print is met.
_PARAMS_ATOL = {
    "hamilton_ar4": 3e-6,
    "hamilton_ar2_switch": 2e-6,
    "hamilton_ar1_switch": 3e-5,
    "filardo": 5e-5,
    "fedfunds_const": 3e-6,
    "fedfunds_const_l1": 3e-6,
    "fedfunds_const_l1_exog": 3e-6,
    "areturns_const_l1_variance": 3e-6,
    "mumpspc_noconst_l1_variance": 2e-5,
}


def _model(name: str) -> em.MarkovSwitching:
    setup = dict(_SETUP[name])
    data = setup.pop("data")
    frame = getattr(em.datasets, f"load_{data}")()
    series = frame["dlip" if data == "filardo" else data]
    skip = setup.pop("skip", 0)
    lags = setup.pop("lags", 0)
    columns: dict[str, np.ndarray] = {}
    if setup.pop("constant", True):
        columns["const"] = np.ones(len(series))
    if lags:
        columns["x1"] = series.shift(1).to_numpy()
    for j, extra in enumerate(setup.pop("exog", ()), start=2):
        columns[f"x{j}"] = frame[extra].to_numpy()
    exog = pd.DataFrame(columns, index=frame.index)
    start = max(skip, lags, 1 if name == "filardo" else 0)
    tvtp = setup.pop("tvtp", None)
    if tvtp == "rec":
        tvtp = pd.DataFrame({"tvtp0": 1.0, "tvtp1": frame["rec"].astype(float)})
    elif tvtp == "lagged lead":
        tvtp = pd.DataFrame({"tvtp0": 1.0, "tvtp1": frame["dmdlleading"].shift(1)})
    if tvtp is not None:
        tvtp = tvtp.iloc[start:]
    return em.MarkovSwitching(series.iloc[start:], exog.iloc[start:], 2, exog_tvtp=tvtp,
                              **setup)


def _published(name: str) -> np.ndarray:
    return np.array([published_value(v) for v in MODELS[name]["params"].values()])


def _printed_scale(text: str, value: float) -> float:
    """``value`` of sigma2 on the scale the source printed (sigma or log sigma)."""
    if text.startswith("np.exp("):
        return 0.5 * math.log(value)
    if text.endswith("**2"):
        return math.sqrt(value)
    return value


def _series_deviations(name: str, model: em.MarkovSwitching) -> dict[str, float]:
    series = MODELS[name].get("series")
    if not series:
        return {}
    table = pd.read_csv(DATA / series["file"])
    res = model.smooth(_published(name), cov_type="none")
    computed = {
        **{f"filtered_{s}": res.filtered_probabilities[s] for s in (0, 1)},
        **{f"smoothed_{s}": res.smoothed_probabilities[s] for s in (0, 1)},
        **{f"predicted_{s}": res.predicted_probabilities[s] for s in (0, 1)},
        "predict_smoothed": res.predict("smoothed"),
        "predict_filtered": res.predict("filtered"),
        "predict_predicted": res.predict("predicted"),
    }
    if model.tvtp is not None:
        durations = res.expected_durations
        computed.update({f"duration{s}": durations[s] for s in (0, 1)})
    out = {}
    for column, spec in series["columns"].items():
        if spec.get("atol") is None or column not in computed:
            continue
        ours = computed[column].reindex(table["row"]).to_numpy()
        published = table[column].to_numpy()
        allowed = spec["atol"] + spec.get("rtol", 0.0) * np.abs(published)
        out[_series_quantity(column)] = float(np.max(np.abs(ours - published) / allowed))
    return out


def _series_quantity(column: str) -> str:
    return f"{column}: max |dev| / (atol + rtol |published|)"


def _compute(name: str):
    def compute() -> dict[str, float]:
        model = _model(name)
        spec = MODELS[name]
        published = _published(name)
        out = {"nobs": model.nobs, "llf at published params": model.loglike(published)}
        if spec["at_optimum"]:
            res = model.fit()
            out["llf"] = res.llf
            out["llf(published) - llf"] = out["llf at published params"] - res.llf
            for pname, text in spec["params"].items():
                out[pname] = _printed_scale(text, res.params[pname])
        bse = spec.get("bse_oim") or {}
        if any(v is not None for v in bse.values()):
            at_published = model.smooth(published, cov_type="oim")
            for pname, text in bse.items():
                if text is not None:
                    out[f"se({pname})"] = at_published.bse[pname]
        out.update(_series_deviations(name, model))
        return out

    return compute


_LLF_NOTE = "printed precision or statsmodels' test tolerance (1e-5 + 1e-7 |llf|)"
_SE_NOTE = ("OIM at the published parameters; statsmodels' tolerance, or 1e-6 relative: "
            "the references' Hessians are numerical")


def _llf_atol(printed: str) -> float:
    return max(printed_half_unit(printed), 1e-5 + 1e-7 * abs(float(printed)))


def _references(name: str, series_columns: list[str]) -> tuple[Reference, ...]:
    spec = MODELS[name]
    refs = [Reference("nobs", str(spec["nobs"])),
            Reference("llf at published params", spec["llf"], atol=_llf_atol(spec["llf"]),
                      note=_LLF_NOTE)]
    if spec["at_optimum"]:
        refs.append(Reference("llf", spec["llf"], atol=_llf_atol(spec["llf"]), note=_LLF_NOTE))
        refs.append(Reference("llf(published) - llf", "0", atol=1e-9, at_most=True,
                              note="emstats' optimum is at least as high as the reference's"))
        extra = _PARAMS_ATOL.get(name)
        for pname, text in spec["params"].items():
            printed = text.removeprefix("np.exp(").removesuffix(")**2").removesuffix("**2")
            note = "printed on the sigma / log sigma scale" if printed != text else ""
            if extra is not None:
                note = (note + "; " if note else "") + (
                    f"the reference's optimiser stops within {extra:g} of the optimum")
            refs.append(Reference(pname, printed, atol=extra, note=note))
    bse_checked = spec.get("bse_checked") or {}
    for pname, text in (spec.get("bse_oim") or {}).items():
        if text is None:
            continue
        tol = bse_checked.get("atol", 1e-6) if pname in bse_checked.get("names", ()) else 1e-6
        refs.append(Reference(f"se({pname})", text, atol=max(tol, 1e-6 * float(text)),
                              note=_SE_NOTE))
    for column in series_columns:
        refs.append(Reference(_series_quantity(column), "1", atol=0.0, at_most=True,
                              note="at the published parameters; statsmodels' tolerance"))
    return tuple(refs)


def _series_columns(name: str) -> list[str]:
    series = MODELS[name].get("series")
    if not series:
        return []
    return [column for column, spec in series["columns"].items()
            if spec.get("atol") is not None
            and not (column.startswith("predict_") and column[-1] in "01")]


CASES = [
    Case(
        name=f"9 Markov switching: {name}",
        source=MODELS[name]["source"],
        data=f"emstats.datasets.load_{_SETUP[name]['data']}()",
        compute=_compute(name),
        references=_references(name, _series_columns(name)),
    )
    for name in MODELS
]
