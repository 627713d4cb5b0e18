"""Louis' (1982) observed information from complete-data quantities."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.protocol import FloatArray
from .covariance import CovarianceEstimator, register


def complete_information(model: Any, u: FloatArray) -> FloatArray:
    """``E[I_c | y]`` in ``u``; an error naming the missing hook if the model lacks it."""
    info = model.complete_information_unconstrained(u)
    if info is None:
        raise NotImplementedError(
            f"{getattr(model, 'model_name', type(model).__name__)} does not supply "
            "complete_information_unconstrained(u), which this covariance needs"
        )
    return np.atleast_2d(np.asarray(info, dtype=float))


@register
class Louis(CovarianceEstimator):
    r"""Louis (1982): :math:`I_{obs} = E[I_c \mid y] - \mathrm{Var}[S_c \mid y]`.

    Needs the model's ``complete_information_unconstrained`` and
    ``complete_score_covariance_unconstrained``.
    """

    name = "louis"
    description = "Louis (1982): E[complete information] - Var[complete score]"

    def information(self, model: Any, u: FloatArray) -> FloatArray:
        score_cov = model.complete_score_covariance_unconstrained(u)
        if score_cov is None:
            raise NotImplementedError(
                f"{getattr(model, 'model_name', type(model).__name__)} does not supply "
                "complete_score_covariance_unconstrained(u), which cov_type='louis' needs"
            )
        return complete_information(model, u) - np.atleast_2d(score_cov)
