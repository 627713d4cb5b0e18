"""Plots: what is drawn matches the fit (lines, points, ellipse axes), and bad input errs.

The plot functions take plain data; the results methods pass a fit's data to them. The
deprecated calls with a results object are checked to warn and to draw what the methods
draw.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

import emstats as em
from emstats.datasets import load_faithful, load_mroz
from emstats.plotting import (
    plot_bic,
    plot_classification,
    plot_llf_trace,
    plot_loadings,
    plot_regime_probabilities,
    plot_scree,
    plot_uncertainty,
)

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.collections import PathCollection
from matplotlib.patches import Ellipse

SIZE_RANGE = (4.0, 80.0)  # marker areas of certain and maximally uncertain rows


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def faithful_fit():
    return em.gaussian_mixture(load_faithful(), 2, "VVV").fit()


@pytest.fixture(scope="module")
def selection():
    return em.select_mixture(load_faithful(), k=range(1, 4), covariance=["EII", "VVV"])


@pytest.fixture(scope="module")
def three_column_fit():
    data = load_faithful()
    data["ratio"] = data["waiting"] / data["eruptions"]
    return em.gaussian_mixture(data, 2, "VVV").fit()


@pytest.fixture(scope="module")
def missing_fit():
    """Faithful with a few values missing and row labels that are not positions."""
    data = load_faithful()
    data.index = data.index + 100
    data.iloc[[3, 10, 20], 0] = np.nan
    data.iloc[[5, 30], 1] = np.nan
    return em.gaussian_mixture(data, 2, "VVV").fit()


def known_component(cov: np.ndarray, mean: np.ndarray
                    ) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame, np.ndarray]:
    """Data, classification, means and covariances of one component with a chosen
    covariance (plain data, no fit)."""
    columns = ["a", "b", "c"]
    rng = np.random.default_rng(0)
    data = pd.DataFrame(rng.multivariate_normal(mean, cov, size=50), columns=columns)
    means = pd.DataFrame([mean], index=pd.RangeIndex(1, 2), columns=columns)
    return data, pd.Series(1, index=data.index), means, cov[None]


def scatter_points(ax) -> np.ndarray:
    """All scatter offsets on ``ax``, stacked."""
    return np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])


def ellipse_boundary(patch: Ellipse) -> np.ndarray:
    """Points on the drawn ellipse (images of the unit circle), in data coordinates."""
    angles = np.linspace(0.0, 2.0 * np.pi, 25)
    circle = np.column_stack([np.cos(angles), np.sin(angles)])
    return patch.get_patch_transform().transform(circle)


def expected_axes(cov2: np.ndarray, level: float) -> np.ndarray:
    """Full axis lengths (major, minor) of the ``level`` contour of N(., cov2)."""
    return 2.0 * np.sqrt(stats.chi2.ppf(level, 2) * np.linalg.eigvalsh(cov2))[::-1]


def quadratic_forms(points: np.ndarray, mean: np.ndarray, cov2: np.ndarray) -> np.ndarray:
    dev = points - mean
    return np.einsum("ij,jk,ik->i", dev, np.linalg.inv(cov2), dev)


# plot_bic


def test_bic_one_line_per_structure_with_table_values(selection):
    ax = plot_bic(selection.bic)
    table = selection.bic
    assert [line.get_label() for line in ax.get_lines()] == list(table.columns)
    for line, structure in zip(ax.get_lines(), table.columns, strict=True):
        np.testing.assert_array_equal(line.get_xdata(), table.index.to_numpy())
        np.testing.assert_array_equal(line.get_ydata(), table[structure].to_numpy())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(table.columns)
    assert ax.get_ylabel() == "BIC"


def test_bic_skips_failed_fits(selection):
    bic = selection.bic.copy()
    bic.loc[2, "EII"] = np.nan
    bic["VEV"] = np.nan  # every fit failed: no line
    ax = plot_bic(bic)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["EII", "VVV"]
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 3])
    np.testing.assert_array_equal(lines[0].get_ydata(), bic.loc[[1, 3], "EII"].to_numpy())


def test_icl_plots_the_icl_table(selection):
    ax = plot_bic(selection.icl, criterion="icl")
    for line, structure in zip(ax.get_lines(), selection.icl.columns, strict=True):
        np.testing.assert_array_equal(line.get_ydata(), selection.icl[structure].to_numpy())
    assert ax.get_ylabel() == "ICL"


def test_bic_draws_on_given_axes(selection):
    _, ax = plt.subplots()
    assert plot_bic(selection.bic, ax=ax) is ax
    assert len(ax.get_lines()) == selection.bic.shape[1]


def test_bic_rejects_unknown_criterion_and_empty_table(selection):
    with pytest.raises(ValueError, match="criterion must be one of"):
        plot_bic(selection.bic, criterion="aic")
    with pytest.raises(ValueError, match="criterion must be one of"):
        selection.plot("aic")
    empty = selection.bic * np.nan
    with pytest.raises(ValueError, match="NaN"):
        plot_bic(empty)


# plot_classification


def test_classification_points_by_component(faithful_fit):
    ax = faithful_fit.plot_classification()
    labels = faithful_fit.predict().to_numpy()
    values = faithful_fit.model.values
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(scatters) == faithful_fit.model.k
    for j, scatter in zip((0, 1), scatters, strict=True):
        np.testing.assert_array_equal(scatter.get_offsets(), values[labels == j])
        assert scatter.get_label() == f"component {j}"
    assert len(scatter_points(ax)) == len(values)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("eruptions", "waiting")


def test_classification_marks_the_means(faithful_fit):
    ax = faithful_fit.plot_classification()
    marked = np.array([[line.get_xdata()[0], line.get_ydata()[0]] for line in ax.get_lines()])
    np.testing.assert_allclose(marked, faithful_fit.means.to_numpy())


@pytest.mark.parametrize("level", [0.95, 0.5])
def test_classification_ellipses_are_the_level_contours(faithful_fit, level):
    ax = faithful_fit.plot_classification(level=level)
    patches = [p for p in ax.patches if isinstance(p, Ellipse)]
    assert len(patches) == faithful_fit.model.k
    for j, patch in enumerate(patches):
        cov2 = faithful_fit.covariances[j]
        mean = faithful_fit.means.iloc[j].to_numpy()
        np.testing.assert_allclose([patch.width, patch.height], expected_axes(cov2, level))
        np.testing.assert_allclose(patch.center, mean)
        boundary = quadratic_forms(ellipse_boundary(patch), mean, cov2)
        np.testing.assert_allclose(boundary, stats.chi2.ppf(level, 2), rtol=1e-9)


def test_ellipse_of_a_known_covariance_uses_the_chosen_columns():
    cov = np.array([[4.0, 0.3, 1.5], [0.3, 2.0, 0.1], [1.5, 0.1, 1.0]])
    mean = np.array([1.0, -2.0, 3.0])
    ax = plot_classification(*known_component(cov, mean), ["a", "c"], level=0.9)
    (patch,) = ax.patches
    cov2 = cov[np.ix_([0, 2], [0, 2])]
    # eigenvalues of [[4, 1.5], [1.5, 1]]: (5 +- sqrt(18)) / 2
    eigenvalues = np.array([(5 + np.sqrt(18)) / 2, (5 - np.sqrt(18)) / 2])
    radius = np.sqrt(stats.chi2.ppf(0.9, 2))
    np.testing.assert_allclose([patch.width, patch.height], 2 * radius * np.sqrt(eigenvalues))
    np.testing.assert_allclose(patch.center, mean[[0, 2]])
    major = np.linalg.eigh(cov2)[1][:, 1]
    np.testing.assert_allclose(np.tan(np.radians(patch.angle)), major[1] / major[0])
    np.testing.assert_allclose(quadratic_forms(ellipse_boundary(patch), mean[[0, 2]], cov2),
                               radius**2, rtol=1e-9)


def test_classification_other_columns(three_column_fit):
    ax = three_column_fit.plot_classification(("ratio", "eruptions"))
    np.testing.assert_array_equal(np.sort(scatter_points(ax), axis=0),
                                  np.sort(three_column_fit.model.values[:, [2, 0]], axis=0))
    (first, _) = [p for p in ax.patches if isinstance(p, Ellipse)]
    cov2 = three_column_fit.covariances[0][np.ix_([2, 0], [2, 0])]
    np.testing.assert_allclose([first.width, first.height], expected_axes(cov2, 0.95))
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("ratio", "eruptions")


def test_classification_leaves_out_rows_missing_a_plotted_column(missing_fit):
    ax = missing_fit.plot_classification()
    values = missing_fit.model.values
    complete = ~np.isnan(values).any(axis=1)
    assert len(values) == 272 and complete.sum() == 267
    points = scatter_points(ax)
    assert len(points) == complete.sum()
    labels = missing_fit.predict()
    for j, scatter in zip((0, 1), ax.collections, strict=True):
        rows = complete & (labels.to_numpy() == j)
        np.testing.assert_array_equal(scatter.get_offsets(), values[rows])


@pytest.mark.parametrize(("columns", "message"), [
    (["eruptions", "height"], r"\['height'\] are not in the data"),
    (["eruptions"], "exactly 2"),
    ("eruptions", "exactly 2"),
    (["eruptions", "waiting", "eruptions"], "exactly 2"),
    (["waiting", "waiting"], "two different"),
])
def test_classification_rejects_bad_columns(faithful_fit, columns, message):
    with pytest.raises(ValueError, match=message):
        faithful_fit.plot_classification(columns)
    with pytest.raises(ValueError, match=message):
        faithful_fit.plot_uncertainty(columns)


def test_scatter_plots_need_two_columns():
    one = em.gaussian_mixture(load_faithful()[["waiting"]], 2, "VII").fit()
    with pytest.raises(ValueError, match="at least 2 data columns"):
        one.plot_classification()
    with pytest.raises(ValueError, match="at least 2 data columns"):
        one.plot_uncertainty()


def test_classification_rejects_bad_level(faithful_fit):
    with pytest.raises(ValueError, match="level"):
        faithful_fit.plot_classification(level=1.0)


# plot_uncertainty


def test_uncertainty_size_grows_with_uncertainty(faithful_fit):
    ax = faithful_fit.plot_uncertainty()
    (scatter,) = ax.collections
    np.testing.assert_array_equal(scatter.get_offsets(), faithful_fit.model.values)
    u = faithful_fit.uncertainty.to_numpy()
    sizes = scatter.get_sizes()
    low, high = SIZE_RANGE
    np.testing.assert_allclose(sizes, low + (high - low) * u / (1 - 1 / 2))
    order = np.argsort(u)
    assert np.all(np.diff(sizes[order]) >= 0) and sizes.max() > sizes.min()


def test_uncertainty_leaves_out_rows_missing_a_plotted_column(missing_fit):
    ax = missing_fit.plot_uncertainty()
    complete = ~np.isnan(missing_fit.model.values).any(axis=1)
    (scatter,) = ax.collections
    assert len(scatter.get_offsets()) == complete.sum()
    u = missing_fit.uncertainty.to_numpy()[complete]
    np.testing.assert_allclose(scatter.get_sizes(), SIZE_RANGE[0] + 2 * (SIZE_RANGE[1]
                                                                        - SIZE_RANGE[0]) * u)


# plot_llf_trace


def test_llf_trace_is_the_history(faithful_fit):
    ax = plot_llf_trace(faithful_fit.history)
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), faithful_fit.history["iteration"])
    np.testing.assert_array_equal(line.get_ydata(), faithful_fit.history["llf"])


def test_llf_trace_of_a_tobit_with_increase_axis():
    res = em.tobit("hours ~ educ + exper + age", load_mroz(), left=0).fit()
    fig, ax = plt.subplots()
    assert plot_llf_trace(res.history, ax=ax, increase=True) is ax
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), res.history["llf"])
    (twin,) = [other for other in fig.axes if other is not ax]
    change = np.diff(res.history["llf"].to_numpy())
    (line,) = twin.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), change[change > 0])
    np.testing.assert_array_equal(line.get_xdata(),
                                  res.history["iteration"].to_numpy()[1:][change > 0])
    assert twin.get_yscale() == "log"


# matplotlib stays optional


def test_missing_matplotlib_says_how_to_install(faithful_fit, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "emstats\[plot\]"'):
        plot_llf_trace(faithful_fit.history)


def test_importing_emstats_does_not_import_matplotlib():
    code = ("import sys, emstats, emstats.plotting; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_results_methods_delegate_to_the_plot_functions() -> None:
    res = em.gaussian_mixture(load_faithful(), 2, "VVV").fit()
    ax = res.plot_classification(level=0.9)
    assert len(ax.patches) == 2
    assert len(res.plot_uncertainty().collections) == 1
    trace = res.plot_llf_trace().get_lines()[0]
    assert_allclose(trace.get_ydata(), res.history["llf"])
    sel = em.select_mixture(load_faithful(), k=range(1, 3), covariance=["EII", "VVV"])
    assert [line.get_label() for line in sel.plot().get_lines()] == ["EII", "VVV"]
    plt.close("all")



# the plain-data signatures


def test_classification_from_plain_data_with_labels_from_zero():
    data = pd.DataFrame({"x": [0.0, 1.0, 5.0, 6.0, np.nan], "y": [0.0, 1.0, 5.0, 6.0, 2.0]})
    means = pd.DataFrame({"x": [0.5, 5.5], "y": [0.5, 5.5]}, index=["low", "high"])
    covariances = np.array([np.eye(2), 2.0 * np.eye(2)])
    ax = plot_classification(data, ["low", "low", "high", "high", "low"], means, covariances)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [sc.get_label() for sc in scatters] == ["component low", "component high"]
    np.testing.assert_array_equal(scatters[0].get_offsets(), [[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(scatters[1].get_offsets(), [[5.0, 5.0], [6.0, 6.0]])
    np.testing.assert_allclose(scatters[1].get_facecolor()[0][:3],
                               matplotlib.colors.to_rgb("C1"))
    patches = [p for p in ax.patches if isinstance(p, Ellipse)]
    np.testing.assert_allclose(patches[1].center, [5.5, 5.5])
    np.testing.assert_allclose([patches[1].width, patches[1].height],
                               expected_axes(2.0 * np.eye(2), 0.95))


def test_classification_checks_the_shapes_of_plain_data():
    data, labels, means, cov = known_component(np.eye(3), np.zeros(3))
    with pytest.raises(ValueError, match="one entry per data row"):
        plot_classification(data, labels[:10], means, cov)
    with pytest.raises(ValueError, match="k x d x d"):
        plot_classification(data, labels, means, cov[:, :2, :2])


def test_uncertainty_from_a_probability_frame():
    data = pd.DataFrame({"x": [0.0, 1.0, 2.0, np.nan], "y": [0.0, 1.0, 2.0, 3.0]})
    z = pd.DataFrame({"a": [1.0, 0.6, 0.2, 0.5], "b": [0.0, 0.4, 0.8, 0.5]})
    ax = plot_uncertainty(data, z)
    (scatter,) = ax.collections
    np.testing.assert_array_equal(scatter.get_offsets(), data.to_numpy()[:3])
    low, high = SIZE_RANGE
    np.testing.assert_allclose(scatter.get_sizes(),
                               low + (high - low) * np.array([0.0, 0.4, 0.2]) / 0.5)
    colours = [matplotlib.colors.to_rgb(c) for c in ("C0", "C0", "C1")]
    np.testing.assert_allclose(scatter.get_facecolors()[:, :3], colours)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")


def test_llf_trace_of_a_history_frame_without_iterations():
    ax = plot_llf_trace(pd.DataFrame({"llf": [-10.0, -9.0, -8.5]}))
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(line.get_ydata(), [-10.0, -9.0, -8.5])
    with pytest.raises(ValueError, match="no llf values"):
        plot_llf_trace(pd.DataFrame({"change": [1.0]}))


def band_levels(twin) -> list[set[float]]:
    """The heights that the outline of each filled band of ``twin`` passes through."""
    return [set(np.round(band.get_paths()[0].vertices[:, 1], 12)) for band in twin.collections]


def test_regime_probabilities_from_plain_data():
    index = pd.date_range("2000-01-01", periods=4, freq="QS")
    prob = pd.DataFrame({0: [0.9, 0.5, 0.2, 0.1], 1: [0.1, 0.5, 0.8, 0.9]}, index=index)
    series = pd.Series([1.0, 0.5, -0.2, -1.0], name="growth")
    fig, ax = plt.subplots()
    assert plot_regime_probabilities(prob, series, ax=ax, kind="filtered") is ax
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), series.to_numpy())
    assert ax.get_ylabel() == "growth"
    (twin,) = [other for other in fig.axes if other is not ax]
    assert twin.get_ylabel() == "filtered probability"
    assert [t.get_text() for t in twin.get_legend().get_texts()] == ["Pr(regime 0)",
                                                                     "Pr(regime 1)"]
    # stacked: regime 0 from 0 to Pr(0), regime 1 from Pr(0) to 1
    assert band_levels(twin) == [{0.0, 0.1, 0.2, 0.5, 0.9}, {0.1, 0.2, 0.5, 0.9, 1.0}]
    one = plot_regime_probabilities(prob, series.to_numpy(), 1)
    (twin_one,) = [other for other in one.figure.axes if other is not one]
    assert band_levels(twin_one) == [{0.0, 0.1, 0.5, 0.8, 0.9}]
    assert one.get_ylabel() == ""
    with pytest.raises(ValueError, match="regime must be one of"):
        plot_regime_probabilities(prob, series, 2)
    with pytest.raises(ValueError, match="one value per period"):
        plot_regime_probabilities(prob, series[:3])


@pytest.fixture(scope="module")
def rgnp_fit():
    data = em.datasets.load_rgnp()
    return em.markov_switching("rgnp ~ 1", data, 2, order=4, switching_ar=False).fit(
        cov_type="none")


def test_regime_probabilities_method_draws_the_fit(rgnp_fit):
    ax = rgnp_fit.plot_regime_probabilities(kind="predicted")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_ydata(), rgnp_fit.model.endog[4:])
    assert ax.get_ylabel() == "rgnp"
    (twin,) = [other for other in ax.figure.axes if other is not ax]
    assert twin.get_ylabel() == "predicted probability"
    assert len(twin.collections) == 2
    with pytest.raises(ValueError, match="kind must be one of"):
        rgnp_fit.plot_regime_probabilities(kind="naive")


def test_loadings_method_draws_the_rotated_loadings():
    res = em.factor(em.datasets.load_bfi().iloc[:, :6].dropna(), 2).fit(cov_type="none")
    (image,) = res.plot_loadings().get_images()
    np.testing.assert_array_equal(image.get_array(), res.loadings.to_numpy())


# the deprecated calls with a results object


def drawn(ax) -> list[np.ndarray]:
    """What is on ``ax`` and its twins: line data, scatter offsets, sizes and colours,
    ellipse geometry, image data and the axis labels."""
    out: list[np.ndarray] = []
    for each in ax.figure.axes:
        out += [np.asarray(line.get_xydata(), dtype=float) for line in each.get_lines()]
        for coll in each.collections:
            out += [np.asarray(coll.get_offsets(), dtype=float), coll.get_sizes(),
                    coll.get_facecolors()]
        out += [np.array([*p.center, p.width, p.height, p.angle]) for p in each.patches
                if isinstance(p, Ellipse)]
        out += [np.asarray(image.get_array()) for image in each.get_images()]
        out.append(np.array([each.get_xlabel(), each.get_ylabel(), each.get_title()]))
    return out


def assert_same_drawing(old, new) -> None:
    old, new = drawn(old), drawn(new)
    assert len(old) == len(new)
    for a, b in zip(old, new, strict=True):
        np.testing.assert_array_equal(a, b)


def test_deprecated_calls_warn_and_draw_what_the_methods_draw(faithful_fit, selection,
                                                              rgnp_fit):
    calls = [
        (lambda: plot_classification(faithful_fit, ["waiting", "eruptions"], level=0.9),
         lambda: faithful_fit.plot_classification(["waiting", "eruptions"], level=0.9)),
        (lambda: plot_uncertainty(faithful_fit), faithful_fit.plot_uncertainty),
        (lambda: plot_bic(selection, criterion="icl"), lambda: selection.plot("icl")),
        (lambda: plot_llf_trace(faithful_fit, increase=True),
         lambda: faithful_fit.plot_llf_trace(increase=True)),
        (lambda: plot_llf_trace(results=faithful_fit), faithful_fit.plot_llf_trace),
        (lambda: plot_regime_probabilities(rgnp_fit, 1, kind="filtered"),
         lambda: rgnp_fit.plot_regime_probabilities(1, kind="filtered")),
    ]
    for old, new in calls:
        with pytest.warns(DeprecationWarning,
                          match=r"\(results, \.\.\.\) is deprecated") as record:
            old_ax = old()
        assert record[0].filename == __file__  # the warning names the caller's line
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            new_ax = new()
        assert_same_drawing(old_ax, new_ax)
        plt.close("all")


def test_deprecated_calls_keep_their_errors(faithful_fit, selection):
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="exactly 2"):
        plot_classification(faithful_fit, ["eruptions"])
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError,
                                                          match="criterion must be one of"):
        plot_bic(selection, criterion="aic")


def test_plotting_imports_nothing_from_emstats():
    package = Path(em.plotting.__file__).parent
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{source.name} imports from emstats ({node.module})"
                assert node.level == 1 or not (node.module or "").startswith("emstats"), (
                    f"{source.name} imports {node.module}")
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("emstats") for a in node.names), source.name


# plot_loadings and plot_scree (factor analysis)


def test_loadings_heatmap_has_one_cell_per_loading():
    loadings = pd.DataFrame([[0.9, 0.1], [0.8, -0.3], [0.2, 0.7]], index=["a", "b", "c"],
                            columns=["F1", "F2"])
    ax = plot_loadings(loadings)
    (image,) = ax.get_images()
    np.testing.assert_array_equal(image.get_array(), loadings.to_numpy())
    assert image.get_clim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.texts] == ["0.90", "0.10", "0.80", "-0.30", "0.20", "0.70"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["F1", "F2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]


def test_loadings_heatmap_widens_symmetric_limits_beyond_one():
    _, ax = plt.subplots()
    assert plot_loadings(np.array([[1.4, 0.2], [-0.5, 0.3]]), ax=ax, annotate=False) is ax
    assert ax.get_images()[0].get_clim() == (-1.4, 1.4)
    assert not ax.texts


def test_loadings_heatmap_rejects_non_finite():
    with pytest.raises(ValueError, match="finite"):
        plot_loadings(np.array([[np.nan, 0.2], [0.1, 0.3]]))


def test_scree_draws_eigenvalues_and_parallel_reference():
    eigenvalues = np.array([3.1, 1.4, 0.8, 0.4, 0.3])
    parallel = np.array([1.5, 1.2, 1.0, 0.8, 0.5])
    ax = plot_scree(eigenvalues, parallel=parallel)
    values, reference = ax.get_lines()
    np.testing.assert_array_equal(values.get_xdata(), np.arange(1, 6))
    np.testing.assert_array_equal(values.get_ydata(), eigenvalues)
    np.testing.assert_array_equal(reference.get_ydata(), parallel)
    assert reference.get_label() == "parallel analysis"
    assert len(plot_scree(eigenvalues).get_lines()) == 1


def test_scree_rejects_a_reference_of_another_length():
    with pytest.raises(ValueError, match="shape of eigenvalues"):
        plot_scree([2.0, 1.0, 0.5], parallel=[1.2, 0.8])
