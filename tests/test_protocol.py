"""The declared model protocol: every hook is declared in emstats/protocol.py, every
model implements it through EMModel, and nothing looks a hook up by attribute name."""

from __future__ import annotations

import ast
import pathlib
import warnings

import numpy as np
import pytest

import emstats as em
from emstats import protocol
from emstats.base import EMModel
from emstats.models.latent import LatentStateModel

PACKAGE = pathlib.Path(em.__file__).parent

PROTOCOLS = [protocol.EMProblem, protocol.BlockEStep, protocol.WorkingChart,
             protocol.ObservedLikelihood, protocol.CompleteData, protocol.Resampling,
             protocol.Comparison, protocol.FitPolicy]


def _hooks() -> set[str]:
    names: set[str] = set()
    for proto in PROTOCOLS:
        names |= {n for n in vars(proto) if not n.startswith("_")}
        names |= set(getattr(proto, "__annotations__", {}))
    return names


def test_no_code_looks_a_hook_up_by_attribute_name() -> None:
    hooks = _hooks()
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("getattr", "hasattr") and len(node.args) >= 2
                    and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value in hooks):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.args[1].value}")
    assert found == []


def test_emmodel_implements_every_hook_of_the_protocols() -> None:
    for proto in PROTOCOLS[:1] + PROTOCOLS[2:]:
        for name in vars(proto):
            if name.startswith("_") or not callable(getattr(proto, name, None)):
                continue
            assert name in dir(EMModel), f"{proto.__name__}.{name}"


@pytest.mark.parametrize("model", [
    lambda: em.tobit("hours ~ educ", em.datasets.load_mroz(), left=0),
    lambda: em.gaussian_mixture(em.datasets.load_faithful(), 2),
    lambda: em.hmm(em.datasets.load_faithful(), 2),
    lambda: em.markov_switching("rgnp ~ 1", em.datasets.load_rgnp(), k_regimes=2),
    lambda: em.factor(em.datasets.load_bfi().iloc[:, :6], 1),
], ids=["tobit", "mixture", "hmm", "markov switching", "factor"])
def test_every_family_has_an_e_step_in_blocks(model) -> None:
    instance = model()
    assert isinstance(instance, protocol.BlockEStep)
    params = instance.start_params
    stats, llf = instance.e_step(params)
    assert isinstance(stats, protocol.Statistics)
    assert llf == pytest.approx(instance.loglike(params), rel=1e-10)


def test_the_latent_families_are_a_layer_and_an_emission() -> None:
    for model in (em.gaussian_mixture(em.datasets.load_faithful(), 2),
                  em.hmm(em.datasets.load_faithful(), 2),
                  em.markov_switching("rgnp ~ 1", em.datasets.load_rgnp(), k_regimes=2)):
        assert isinstance(model, LatentStateModel)
        assert model.spec.names == model.param_names


def test_fit_has_one_signature() -> None:
    overrides = [cls.__name__ for cls in (em.Tobit, em.IntervalRegression, em.GaussianMixture,
                                          em.MultivariateNormal, em.GaussianHMM,
                                          em.MarkovSwitching, em.FactorAnalysis)
                 if any("fit" in vars(k) for k in cls.__mro__ if k is not EMModel
                        and issubclass(k, EMModel))]
    assert overrides == []


def _one_argument_m_step_model() -> type[EMModel]:
    class OneArgumentMStep(EMModel):
        """The genetic-linkage model with the old m_step(stats) signature."""

        model_name = "Genetic linkage"
        counts = np.array([125.0, 18.0, 20.0, 34.0])

        def __init__(self) -> None:
            super().__init__(self.counts, None)
            self.nobs, self.df_model, self.df_resid = 197.0, 1.0, 196.0
            self.data.param_names = ["p"]

        @property
        def start_params(self) -> np.ndarray:
            return np.array([0.5])

        def e_step(self, params):
            p = params[0]
            return self.counts[0] * (p / 4) / (0.5 + p / 4), self.loglike(params)

        def m_step(self, x2):  # the deprecated one-argument form
            n = self.counts
            return np.array([(x2 + n[3]) / (x2 + n[1] + n[2] + n[3])])

        def loglike(self, params):
            p = params[0]
            return float(self.counts @ np.log([0.5 + p / 4, (1 - p) / 4, (1 - p) / 4, p / 4]))

    return OneArgumentMStep


def test_the_old_m_step_signature_still_fits_with_a_deprecation_warning() -> None:
    with pytest.warns(DeprecationWarning, match=r"m_step\(stats\) is deprecated"):
        model_class = _one_argument_m_step_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        res = model_class().fit(cov_type="none")
    # DLR (1977): the root of 197 p^2 - 15 p - 68
    assert res.params.iloc[0] == pytest.approx((15 + np.sqrt(15**2 + 4 * 197 * 68)) / 394,
                                               abs=1e-10)
