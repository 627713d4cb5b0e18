"""Louis' (1982) observed information from complete-data quantities."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.protocol import FloatArray
from .covariance import CovarianceEstimator, register


def model_matrix(model: Any, hook: str, u: FloatArray, needed_by: str) -> FloatArray:
    """The matrix the model's ``hook(u)`` supplies; an error naming the hook if the model
    does not supply it (returns None)."""
    value = getattr(model, hook)(u)
    if value is None:
        raise NotImplementedError(
            f"{getattr(model, 'model_name', type(model).__name__)} does not supply "
            f"{hook}(u), which {needed_by} needs")
    return np.atleast_2d(np.asarray(value, dtype=float))


@register
class Louis(CovarianceEstimator):
    r"""Louis (1982): :math:`I_{obs} = E[I_c \mid y] - \mathrm{Var}[S_c \mid y]`.

    Needs the model's ``complete_information_unconstrained`` and
    ``complete_score_covariance_unconstrained``.
    """

    name = "louis"
    description = "Louis (1982): E[complete information] - Var[complete score]"

    def information(self, model: Any, u: FloatArray) -> FloatArray:
        needed_by = "cov_type='louis'"
        return (model_matrix(model, "complete_information_unconstrained", u, needed_by)
                - model_matrix(model, "complete_score_covariance_unconstrained", u, needed_by))
