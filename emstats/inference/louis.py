"""Louis' (1982) observed information from complete-data quantities."""

from __future__ import annotations

import numpy as np

from ..protocol import CompleteData
from ..typing import FloatArray
from .covariance import CovarianceEstimator, register


def supplied(model: CompleteData, value: FloatArray | None, hook: str, needed_by: str
             ) -> FloatArray:
    """The matrix a model's hook returned; an error naming the hook if the model does not
    supply it (the hook returned None)."""
    if value is None:
        raise NotImplementedError(
            f"{model.model_name} does not supply {hook}(u), which {needed_by} needs")
    return np.atleast_2d(np.asarray(value, dtype=float))


@register
class Louis(CovarianceEstimator):
    r"""Louis (1982): :math:`I_{obs} = E[I_c \mid y] - \mathrm{Var}[S_c \mid y]`.

    Needs the model's ``complete_information_unconstrained`` and
    ``complete_score_covariance_unconstrained``.
    """

    name = "louis"
    description = "Louis (1982): E[complete information] - Var[complete score]"

    def information(self, model: CompleteData, u: FloatArray) -> FloatArray:
        needed_by = "cov_type='louis'"
        information = supplied(model, model.complete_information_unconstrained(u),
                               "complete_information_unconstrained", needed_by)
        score_covariance = supplied(model, model.complete_score_covariance_unconstrained(u),
                                    "complete_score_covariance_unconstrained", needed_by)
        return information - score_covariance
