"""Small numerical pieces shared by the state layers."""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

from ...typing import FloatArray


def normalise_rows(log_joint: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Posterior probabilities (rows x M) and per-row log-likelihood from log joint
    densities ``log p(X = m) + log f(y | X = m)`` (rows x M)."""
    llf = logsumexp(log_joint, axis=1)
    with np.errstate(invalid="ignore"):
        posterior = np.exp(log_joint - llf[:, None])
    return np.nan_to_num(posterior, nan=0.0), llf


def softmax(logits: FloatArray, axis: int = -1) -> FloatArray:
    """``exp(logits) / sum(exp(logits))`` along ``axis``, overflow-safe (the largest logit
    is subtracted; plain numpy: scipy's ``logsumexp`` costs several times more on the small
    arrays of the M-steps)."""
    shifted = np.exp(logits - np.max(logits, axis=axis, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=axis, keepdims=True))


def row_entropy(probabilities: FloatArray) -> FloatArray:
    """``-sum_j p_j log p_j`` of each row (``0 log 0 = 0``)."""
    p = np.asarray(probabilities, dtype=float)
    return np.asarray(-np.sum(p * np.log(np.where(p > 0, p, 1.0)), axis=1))
