"""The HMM's state-probability plot (legend outside the series) and the scree plot's
integer ticks."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

import emstats as em
from emstats.plotting import plot_regime_probabilities, plot_scree

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def hmm_fit():
    return em.hmm(em.datasets.load_faithful(), k=2).fit(cov_type="none")


def _twin(ax):
    (twin,) = [other for other in ax.figure.axes if other is not ax]
    return twin


def test_hmm_plots_its_state_probabilities(hmm_fit) -> None:
    ax = hmm_fit.plot_regime_probabilities()
    data = em.datasets.load_faithful()
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["eruptions", "waiting"]
    for line, column in zip(lines, data.columns, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), data[column].to_numpy())
    twin = _twin(ax)
    assert twin.get_ylabel() == "smoothed probability"
    texts = [t.get_text() for t in twin.get_legend().get_texts()]
    assert texts == ["eruptions", "waiting", "Pr(state 0)", "Pr(state 1)"]
    # the bands stack the smoothed probabilities: the top of state 1 is 1 everywhere
    top = twin.collections[1].get_paths()[0].vertices[:, 1]
    assert np.allclose(top.max(), 1.0)
    one = hmm_fit.plot_regime_probabilities(1, kind="filtered")
    assert len(_twin(one).collections) == 1
    with pytest.raises(ValueError, match="kind must be one of"):
        hmm_fit.plot_regime_probabilities(kind="naive")


def test_legend_sits_above_the_axes_outside_the_series(hmm_fit) -> None:
    ax = hmm_fit.plot_regime_probabilities()
    fig = ax.figure
    fig.canvas.draw()
    legend_box = _twin(ax).get_legend().get_window_extent()
    axes_box = ax.get_window_extent()
    assert legend_box.y0 >= axes_box.y1


def test_single_series_keeps_its_axis_label() -> None:
    import pandas as pd

    prob = pd.DataFrame({0: [0.9, 0.2], 1: [0.1, 0.8]})
    ax = plot_regime_probabilities(prob, pd.Series([1.0, 2.0], name="growth"))
    assert ax.get_ylabel() == "growth"
    assert [t.get_text() for t in _twin(ax).get_legend().get_texts()] == [
        "Pr(regime 0)", "Pr(regime 1)"]


@pytest.mark.parametrize("n", [3, 12, 40])
def test_scree_ticks_are_readable_integers(n: int) -> None:
    ax = plot_scree(np.linspace(5.0, 0.1, n))
    ticks = [t for t in ax.get_xticks() if 1 <= t <= n]
    assert all(float(t).is_integer() for t in ticks)
    assert 2 <= len(ticks) <= 11
