"""The censored-normal models against the declared protocol, and their ParamSpec."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import emstats as em
from emstats import protocol
from emstats.models.censored import CensoredNormalModel
from emstats.params import ParamSpec
from emstats.protocol import BlockEStep

PROTOCOLS = [protocol.EMProblem, protocol.BlockEStep, protocol.WorkingChart,
             protocol.ObservedLikelihood, protocol.CompleteData, protocol.Resampling,
             protocol.Comparison, protocol.FitPolicy]
MODELS = [CensoredNormalModel, em.Tobit, em.IntervalRegression]


def declared_hooks() -> dict[str, object]:
    """Every hook the protocols declare, by name (methods and properties)."""
    hooks: dict[str, object] = {}
    for proto in PROTOCOLS:
        for klass in proto.__mro__:
            if klass.__module__ == protocol.__name__:
                hooks.update({name: value for name, value in vars(klass).items()
                              if not name.startswith("_")})
    return hooks


def censored_hooks(model: type) -> list[tuple[str, object, object]]:
    """``(name, declared, implemented)`` of the hooks the censored family defines."""
    out = []
    for name, declared in declared_hooks().items():
        owner = next(k for k in model.__mro__ if name in vars(k))
        if owner.__module__ == "emstats.models.censored":
            out.append((name, declared, vars(owner)[name]))
    return out


def shape_of(signature: inspect.Signature) -> list[tuple[str, inspect._ParameterKind]]:
    return [(p.name, p.kind) for p in signature.parameters.values()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_implemented_hook_has_the_protocols_signature(model: type) -> None:
    hooks = censored_hooks(model)
    names = {name for name, _, _ in hooks}
    assert {"e_step", "m_step", "loglike", "e_step_block", "n_units", "unit_size",
            "observed_data", "start_params", "resample"} <= names
    for name, declared, implemented in hooks:
        if isinstance(declared, property):
            assert isinstance(implemented, property), name
        else:
            assert shape_of(inspect.signature(implemented)) == shape_of(
                inspect.signature(declared)), name


def test_block_e_step_is_declared(rng: np.random.Generator) -> None:
    x = np.column_stack([np.ones(50), rng.normal(size=50)])
    model = em.Tobit(np.maximum(x @ [0.2, 1.0] + rng.normal(size=50), 0.0), x, left=0.0)
    assert isinstance(model, BlockEStep)
    assert model.n_units == 50 and model.unit_size > 0


@pytest.fixture
def mroz_tobit() -> em.Tobit:
    return em.tobit("hours ~ nwifeinc + educ + exper + expersq + age + kidslt6 + kidsge6",
                    em.datasets.load_mroz(), left=0)


def test_param_spec_labels(mroz_tobit: em.Tobit) -> None:
    spec = mroz_tobit.param_spec
    assert isinstance(spec, ParamSpec)
    expected = ["Intercept", "nwifeinc", "educ", "exper", "expersq", "age", "kidslt6",
                "kidsge6", "sigma"]
    assert spec.names == mroz_tobit.param_names == expected
    assert [b.name for b in spec.blocks] == ["beta", "sigma"]
    assert spec.df_free == 9 and spec.n_working == 9
    res = mroz_tobit.fit(cov_type="none")
    assert list(res.params.index) == expected
    values = spec.unpack(np.asarray(res.params))
    assert values.sigma == res.params["sigma"]
    assert_allclose(values.beta, res.params.iloc[:-1])


def test_array_labels() -> None:
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(40), rng.normal(size=(40, 2))])
    y = np.maximum(x @ [0.5, 1.0, -1.0] + rng.normal(size=40), 0.0)
    assert em.Tobit(y, x).param_spec.names == ["const", "x1", "x2", "sigma"]


def test_working_chart_is_affine_onto_orthonormal_regressors(mroz_tobit: em.Tobit) -> None:
    model = mroz_tobit
    spec = model.param_spec
    start = model.start_params
    u = spec.to_unconstrained(start)
    assert_allclose(spec.from_unconstrained(u), start, rtol=1e-13)
    # the model's working map is the spec's chart, to the last bit
    for du in np.random.default_rng(0).normal(scale=0.1, size=(5, u.size)):
        point = spec.from_unconstrained(u + du)
        assert_array_equal(model.to_unconstrained(point), spec.to_unconstrained(point))
        assert_array_equal(model.from_unconstrained(u + du), point)
    # affine, not entrywise: coefficients of a mixture map to the mixture of coordinates
    other = start * np.linspace(0.5, 1.5, start.size)
    mix = 0.3 * start + 0.7 * other
    mix[-1] = start[-1]
    u_other = spec.to_unconstrained(np.append(other[:-1], start[-1]))
    assert_allclose(spec.to_unconstrained(mix)[:-1], 0.3 * u[:-1] + 0.7 * u_other[:-1],
                    rtol=1e-12, atol=1e-12)
    # the working coordinates are the coefficients of regressors X T with X_w'X_w = c I
    jac = model.jacobian_from_unconstrained(u)
    assert np.count_nonzero(jac[:-1, :-1] - np.diag(np.diag(jac[:-1, :-1]))) > 0
    xw = model.exog @ jac[:-1, :-1]
    gram = xw.T @ xw
    assert_allclose(gram, gram[0, 0] * np.eye(model.k_exog), rtol=0, atol=1e-9 * gram[0, 0])
    # the scale's coordinate is log sigma up to a constant
    doubled = start.copy()
    doubled[-1] *= 2.0
    assert spec.to_unconstrained(doubled)[-1] - u[-1] == pytest.approx(np.log(2.0))
