"""Plain EM to mclust's stopping point before SQUAREM (emstats.protocol.PlainWarmUp), the
llf stopping rule of plain EM, and the two default starts of mixtures with missing
values."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import emstats as em
from emstats.datasets import load_faithful
from emstats.engine import ConvergenceMonitor, run_em

# mclustBIC(faithful)["4", "EEI"] (tests/results/r_mclust_hc.py): BIC -2323.672591; EEI
# with 4 components in 2 dimensions has 4 * 2 + 2 + 3 = 13 free parameters.
MCLUST_EEI4_LLF = (-2323.672591 + 13 * np.log(272)) / 2


def test_squarem_alone_leaves_mclusts_basin_the_warm_up_does_not() -> None:
    model = em.gaussian_mixture(load_faithful(), 4, "EEI")
    start = model.start_params
    squarem_alone = run_em(_without_warm_up(model), start)
    assert squarem_alone.llf < MCLUST_EEI4_LLF - 5.0  # -1132.31: another maximum
    res = model.fit()
    assert res.llf >= MCLUST_EEI4_LLF
    moves = res.history["move"].tolist()
    first_accelerated = next(i for i, m in enumerate(moves) if m != "em")
    assert first_accelerated > 10  # the warm-up's plain steps come first


def _without_warm_up(model):
    """The same model with its warm-up switched off."""

    class Plain:
        def plain_em_tolerance(self):
            return None

        def __getattr__(self, name):
            return getattr(model, name)

    return Plain()


def test_plain_em_with_an_llf_tolerance_runs_until_it_is_met() -> None:
    """The llf rule compares two llfs: it cannot be met at the first step (it was, with
    the previous llf at -inf, and plain EM stopped after one step)."""
    model = em.gaussian_mixture(load_faithful(), 2)
    trace = run_em(model, model.start_params, accel=None,
                   monitor=ConvergenceMonitor(ftol=1e-8))
    assert trace.stop_rule == "llf" and trace.n_iter > 3
    llf = trace.history["llf"].to_numpy()
    assert abs(llf[-1] - llf[-2]) <= 1e-8 * (1 + abs(llf[-2]))


def test_a_mixture_with_missing_values_runs_two_default_starts() -> None:
    x = np.random.default_rng(0).normal(size=(120, 3))
    x[::3, 1] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", em.StartsWarning)
        res = em.gaussian_mixture(x, 2).fit()
        assert len(res.starts) == 2
        assert len(em.gaussian_mixture(x, 2).fit(n_starts=4).starts) == 4
    assert len(em.gaussian_mixture(x[~np.isnan(x).any(axis=1)], 2).fit().starts) == 1
    assert len(em.gaussian_mixture(x, 1).fit().starts) == 1


def test_unknown_init_is_an_error() -> None:
    with pytest.raises(ValueError, match="init must be 'hc', 'ward', 'kmeans"):
        em.gaussian_mixture(load_faithful(), 2, init="mclust").fit()
