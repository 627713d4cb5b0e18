"""help() documents what a user can pass: every parameter of every lower-case entry point
and every ``cov_kwds`` key of every registered ``cov_type`` in ``fit``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

import pytest

import emstats as em
from emstats.inference.covariance import aliases, registry

ENTRY_POINTS = [
    (em.tobit, em.Tobit, {"endog", "exog"}),
    (em.intreg, em.IntervalRegression, {"endog", "exog"}),
    (em.mvn, em.MultivariateNormal, set()),
    (em.gaussian_mixture, em.GaussianMixture, set()),
    # exog_tvtp: in a formula also a right-hand side, so described in its own words
    (em.markov_switching, em.MarkovSwitching, {"endog", "exog", "exog_tvtp"}),
    (em.hmm, em.GaussianHMM, set()),
    (em.factor, em.FactorAnalysis, set()),
]


def _section(doc: str, title: str) -> str:
    """The body of a numpydoc section of a (cleaned) docstring, '' if absent."""
    match = re.search(rf"^{title}\n-+\n(.*?)(?=^\S[^\n]*\n-+\n|\Z)", doc, flags=re.M | re.S)
    return match.group(1) if match else ""


def _documented(doc: str) -> dict[str, str]:
    """Parameter name -> its description, from the Parameters section."""
    out: dict[str, str] = {}
    entries = re.split(r"^(?=\S)", _section(doc, "Parameters"), flags=re.M)
    for entry in filter(None, entries):
        head, _, text = entry.partition("\n")
        for name in head.split(" : ")[0].split(","):
            out[name.strip()] = " ".join(text.split())
    return out


def _named_parameters(func: Callable[..., object]) -> set[str]:
    return {p.name for p in inspect.signature(func).parameters.values()
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}


@pytest.mark.parametrize(("func", "model", "replaced"), ENTRY_POINTS,
                         ids=[f.__name__ for f, _, _ in ENTRY_POINTS])
def test_entry_point_documents_every_parameter(func, model, replaced) -> None:
    doc = inspect.getdoc(func)
    assert doc is not None
    documented = _documented(doc)
    expected = _named_parameters(func) | _named_parameters(model) - {"endog", "exog"}
    missing = expected - set(documented)
    assert not missing, f"help({func.__name__}) does not document {sorted(missing)}"
    assert all(documented.values()), f"empty descriptions in help({func.__name__})"
    # The options passed on to the class (not in the entry point's signature) are
    # described as the class describes them, word for word.
    theirs = _documented(inspect.getdoc(model) or "")  # `replaced`: said differently
    for name in set(theirs) - replaced - _named_parameters(func):
        assert documented[name] == theirs[name], name
    assert re.search(r"^Returns\n-+\n" + model.__name__, doc, flags=re.M)


def test_entry_points_do_not_send_the_reader_elsewhere() -> None:
    for func, model, _ in ENTRY_POINTS:
        doc = inspect.getdoc(func) or ""
        assert f"see :class:`emstats.{model.__name__}`" not in doc.lower()


def _cov_type_items(doc: str) -> dict[str, str]:
    """``cov_type`` name -> its item of the cov_kwds list in fit's docstring."""
    body = _documented(doc)["cov_kwds"]
    items = re.split(r'(?=- ``"\w+"``)', body)
    return {re.match(r'- ``"(\w+)"``', item).group(1): item
            for item in items if item.startswith("- ``")}


def test_fit_documents_every_cov_kwd_of_every_cov_type() -> None:
    doc = inspect.getdoc(em.EMModel.fit) or ""
    items = _cov_type_items(doc)
    estimators = registry()
    assert set(items) == set(estimators)
    assert {"oim", "opg", "louis", "sem", "robust", "cluster", "bootstrap", "none"} <= set(
        items)
    for name, estimator in estimators.items():
        keys = set(re.findall(r"- ``(\w+)``", items[name]))
        assert keys == set(estimator.allowed_kwds), name
        assert "not described" not in items[name], name
    for alias, name in aliases().items():
        assert f'``"{alias}"``' in items[name]


def test_fit_cov_kwds_match_what_the_estimators_accept() -> None:
    # The documented keys are the accepted ones: each is taken, any other is refused.
    assert em.EMModel.fit.__doc__ is not None
    with pytest.raises(ValueError, match=r"cov_kwds \['bogus'\] are not understood"):
        em.inference.get_estimator("sem", {"bogus": 1})
    em.inference.get_estimator("sem", {"tol": 1e-4, "offset": 0.2, "max_steps": 50})
    em.inference.get_estimator("bootstrap", {"n_boot": 9, "kind": "parametric", "n_jobs": 1,
                                             "random_state": 0, "progress": False})
    em.inference.get_estimator("cluster", {"groups": [0, 1]})
