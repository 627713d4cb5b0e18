r"""The multinomial-logit M-step of latent states with covariates.

Time-varying transition probabilities (Filardo 1994) and concomitant-variable mixture
weights (Dayton & Macready 1988) are both multinomial logits of covariates whose
"outcomes" are latent: the M-step maximises

.. math::

    Q(B) = \sum_t \sum_g \sum_j n_{tgj} \log p_{tgj}(B) + e(B), \qquad
    p_{tg\cdot}(B) = \operatorname{softmax}(z_t' B_g),

over the coefficients :math:`B_g` (one logit per group ``g``: the origin regime of a
transition, or a single group for mixture weights), where :math:`n_{tgj}` are the
expected counts of the E-step (posterior move or class probabilities), :math:`z_t`
the covariates, and the coefficients of one reference outcome are fixed at zero.
Constant probabilities are the intercept-only case (``z_t = 1``), whose maximiser is
the normalised counts. ``e(B)`` is an optional extra term of the probabilities of the
first design row (the ergodic initial distribution of a Markov-switching chain).

The maximisation is a damped Newton ascent from the current coefficients, with the
weighted-logit curvature (block diagonal over groups) plus a ridge of ``1e-10``, and
steps halved until ``Q`` increases: it never lowers ``Q``, so EM stays monotone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ...typing import FloatArray
from ._common import softmax


class ExtraTerm(Protocol):
    """``e(P)``, a term of ``Q`` in the probabilities ``P`` (G x K) of the first design row."""

    def value(self, probabilities: FloatArray) -> float:
        """``e(P)``."""
        ...

    def gradient(self, probabilities: FloatArray) -> FloatArray:
        """``de / dP`` (G x K)."""
        ...


@dataclass(frozen=True)
class LogitDesign:
    """The covariates of a multinomial logit and its reference outcome.

    Attributes
    ----------
    design : ndarray
        Covariates, one row per unit (T x r); ``ones((1, 1))`` for constant probabilities.
    reference : int
        The outcome whose coefficients are fixed at zero.
    """

    design: FloatArray
    reference: int

    def full_logits(self, coefs: FloatArray) -> FloatArray:
        """``z_t' B_g`` for every outcome (T x G x K), the reference's zero included."""
        free = np.einsum("tz,gjz->tgj", self.design, coefs)
        zero = np.zeros((*free.shape[:2], 1))
        return np.concatenate([free[:, :, :self.reference], zero,
                               free[:, :, self.reference:]], axis=2)

    def probabilities(self, coefs: FloatArray) -> FloatArray:
        """``p_tgj`` (T x G x K) of coefficients ``B`` (G x K-1 x r)."""
        return softmax(self.full_logits(coefs), axis=2)

    def free_columns(self, k: int) -> list[int]:
        """The outcomes that have coefficients."""
        return [j for j in range(k) if j != self.reference]


def expected_loglike(coefs: FloatArray, targets: FloatArray, logit: LogitDesign,
                     extra: ExtraTerm | None = None) -> float:
    """``Q(B)``: the expected counts (T x G x K) times the log probabilities, plus ``e``."""
    with np.errstate(divide="ignore"):
        logp = np.log(logit.probabilities(coefs))
    value = float(np.sum(np.where(targets > 0, targets * logp, 0.0)))
    if extra is not None:
        value += extra.value(logit.probabilities(coefs)[0])
    return value


def _gradient(coefs: FloatArray, targets: FloatArray, logit: LogitDesign,
              extra: ExtraTerm | None) -> FloatArray:
    probs = logit.probabilities(coefs)
    free = logit.free_columns(probs.shape[2])
    excess = targets - targets.sum(axis=2, keepdims=True) * probs
    grad = np.einsum("tgj,tz->gjz", excess[:, :, free], logit.design)
    if extra is not None:
        first = probs[0]
        by_prob = extra.gradient(first)
        by_logit = first * (by_prob - np.sum(first * by_prob, axis=1, keepdims=True))
        grad = grad + by_logit[:, free, None] * logit.design[0][None, None, :]
    return grad


def _curvature(coefs: FloatArray, targets: FloatArray, logit: LogitDesign) -> FloatArray:
    """Minus the Hessian of the counts' part of ``Q`` (block diagonal over groups: a
    weighted multinomial logit), plus a ridge of ``1e-10``."""
    probs = logit.probabilities(coefs)
    g, k = probs.shape[1], probs.shape[2]
    free = logit.free_columns(k)
    p = probs[:, :, free]
    z = logit.design
    total = targets.sum(axis=2)
    spread = (np.einsum("tgj,jl->tgjl", p, np.eye(k - 1)) - np.einsum("tgj,tgl->tgjl", p, p))
    blocks = np.einsum("tg,tgjl,tz,tw->gjzlw", total, spread, z, z)
    size = (k - 1) * z.shape[1]
    info = np.zeros((coefs.size, coefs.size))
    for group in range(g):
        part = slice(group * size, (group + 1) * size)
        info[part, part] = blocks[group].reshape(size, size)
    return info + 1e-10 * np.eye(coefs.size)


def maximise(coefs: FloatArray, targets: FloatArray, logit: LogitDesign,
             extra: ExtraTerm | None = None, *, max_steps: int = 50) -> FloatArray:
    """Damped Newton ascent of ``Q`` from ``coefs`` (G x K-1 x r); never lowers ``Q``.

    Parameters
    ----------
    coefs : ndarray
        Current coefficients.
    targets : ndarray
        Expected counts (T x G x K): one row per design row.
    logit : LogitDesign
        The covariates and the reference outcome.
    extra : ExtraTerm, optional
        An extra term of the first design row's probabilities;
        its curvature is left out of the Newton step (the step halving keeps the ascent).
    max_steps : int
        Largest number of Newton steps.
    """
    value = expected_loglike(coefs, targets, logit, extra)
    for _ in range(max_steps):
        grad = _gradient(coefs, targets, logit, extra)
        step = np.linalg.solve(_curvature(coefs, targets, logit),
                               grad.ravel()).reshape(coefs.shape)
        if float(np.sum(step * grad)) < 1e-13 * (1.0 + abs(value)):
            break
        for _ in range(30):
            trial = coefs + step
            trial_value = expected_loglike(trial, targets, logit, extra)
            if trial_value >= value:
                break
            step = step / 2.0
        else:
            break
        coefs, value = trial, trial_value
        if np.max(np.abs(step)) < 1e-12 * (1.0 + np.max(np.abs(coefs))):
            break
    return coefs
