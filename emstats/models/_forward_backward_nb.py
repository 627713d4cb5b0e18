"""The numba kernels of :mod:`emstats.models._forward_backward` (imported on first use).

Each kernel mirrors a numpy reference of :mod:`~emstats.models._forward_backward` and
agrees with it to rounding; the differences (an inlined vectorisable ``exp``, the division
by ``c_t`` after the product with ``A``, one allocation for the outputs) are described
there. This module imports numba, which costs a noticeable part of a second and loads
llvmlite, so :mod:`~emstats.models._forward_backward` imports it only when a compiled
recursion first runs: ``import emstats`` does not load numba.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numba
import numpy as np
from llvmlite import ir as _llvm_ir
from numba.core import types as _nb_types
from numba.extending import intrinsic as _intrinsic

from ..typing import FloatArray
from ._forward_backward import _Problem

__all__ = ["filter_numba", "forward_backward_numba", "viterbi_nb"]


def _jit(func: Callable[..., Any]) -> Callable[..., Any]:
    """``numba.njit(cache=True)``, with numpy's floating-point error model."""
    return numba.njit(cache=True, error_model="numpy")(func)


def filter_numba(prob: _Problem) -> tuple[FloatArray, FloatArray, FloatArray]:
    n_obs, n_states = prob.log_emission.shape
    predicted, filtered, llf_obs, scale = _carve(n_obs, n_states, 2, 2)
    # llf_obs holds the shifts and filtered the emissions until overwritten
    _forward_nb(prob.log_emission, prob.initial, prob.transition, prob.time_varying,
                prob.starts, llf_obs, scale, predicted, filtered, filtered)
    _add_log_scale(llf_obs, scale)
    return llf_obs, predicted, filtered


def forward_backward_numba(prob: _Problem) -> tuple[FloatArray, ...]:
    n_obs, n_states = prob.log_emission.shape
    predicted, filtered, smoothed, llf_obs, scale = _carve(n_obs, n_states, 3, 2)
    pair_counts = np.zeros((n_states, n_states))
    pairwise = np.zeros((n_obs if prob.time_varying else 0, n_states, n_states))
    # llf_obs holds the shifts and smoothed the emissions until overwritten
    _forward_nb(prob.log_emission, prob.initial, prob.transition, prob.time_varying,
                prob.starts, llf_obs, scale, predicted, filtered, smoothed)
    _backward_nb(prob.transition, prob.time_varying, prob.starts, scale, filtered,
                 smoothed, pair_counts, pairwise)
    _add_log_scale(llf_obs, scale)
    return llf_obs, predicted, filtered, smoothed, pair_counts, pairwise


def _carve(n_obs: int, n_states: int, n_matrices: int, n_vectors: int) -> list[FloatArray]:
    """``n_matrices`` (T, M) and ``n_vectors`` (T,) C-contiguous views of one allocation.

    Several multi-megabyte arrays alive at once are each mapped afresh and page-faulted
    in on every call (about 2 ms at T = 100_000, M = 3, as much as the recursions); one
    block is faulted in once, in huge pages above numpy's 4 MB threshold.
    """
    size = n_obs * n_states
    block = np.empty(n_matrices * size + n_vectors * n_obs)
    mats = [block[i * size:(i + 1) * size].reshape(n_obs, n_states) for i in range(n_matrices)]
    offset = n_matrices * size
    vecs = [block[offset + i * n_obs:offset + (i + 1) * n_obs] for i in range(n_vectors)]
    return mats + vecs


def _add_log_scale(shift: FloatArray, scale: FloatArray) -> None:
    """``shift += log(scale)`` in place: numpy's log is faster than a per-step call."""
    with np.errstate(divide="ignore"):
        np.log(scale, out=scale)
    shift += scale


# A vectorisable exp: libm's exp costs ~7 ns a call on the reference machine, which would
# be most of the per-step budget. exp(x) = 2^k exp(r), r = x - k log 2 (Cody-Waite split
# constants from fdlibm), exp(r) by its Taylor polynomial of degree 13 (|r| <= log(2) / 2,
# truncation < 5e-18) in Estrin's scheme; 2^k = 2^k1 2^k2 built from exponent bits, split in
# two so that results in the subnormal range are rounded once. Error <= 2 ulp against a
# correctly rounded exp (tested); exp(0) = 1 and exp(-inf) = 0 exactly.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
_ROUND = 6755399441055744.0  # 1.5 * 2^52: (x + _ROUND) - _ROUND rounds x to an integer

@_intrinsic
def _float_from_bits(typingctx, bits):
    """Reinterpret an int64 as the float64 with the same bits."""
    if bits != _nb_types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], _llvm_ir.DoubleType())

    return _nb_types.float64(_nb_types.int64), codegen


@_intrinsic
def _bits_from_float(typingctx, x):
    """Reinterpret a float64 as the int64 with the same bits."""
    if x != _nb_types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], _llvm_ir.IntType(64))

    return _nb_types.int64(_nb_types.float64), codegen


_ROUND_BITS = int(np.float64(_ROUND).view(np.int64))


@_jit
def _exp_inplace(x):
    """``x[:] = exp(x)`` for a 1-D array with entries ``<= 0`` or ``-inf``."""
    for n in range(x.shape[0]):
        v = max(x[n], -746.0)  # exp(-746) and exp(-inf) underflow to 0 alike
        k = (v * _INV_LN2 + _ROUND) - _ROUND
        r = (v - k * _LN2_HI) - k * _LN2_LO
        r2 = r * r
        r4 = r2 * r2
        p03 = (1.0 + r) + r2 * (0.5 + r * (1.0 / 6.0))
        p47 = (1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0 + r * (1.0 / 5040.0))
        p811 = ((1.0 / 40320.0 + r * (1.0 / 362880.0))
                + r2 * (1.0 / 3628800.0 + r * (1.0 / 39916800.0)))
        p1213 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0)
        poly = (p03 + r4 * p47) + (r4 * r4) * (p811 + r4 * p1213)
        k1 = np.floor(k * 0.5)  # both halves of k are >= -538: normal powers of two
        bits1 = _bits_from_float(k1 + (_ROUND + 1023.0)) - _ROUND_BITS
        bits2 = _bits_from_float((k - k1) + (_ROUND + 1023.0)) - _ROUND_BITS
        x[n] = poly * _float_from_bits(bits1 << 52) * _float_from_bits(bits2 << 52)


@_jit
def _shifted_emission_nb(log_emission, shift, emission):
    """Mirrors :func:`_shifted_emission`, writing into ``shift`` and ``emission``."""
    n_obs, n_states = log_emission.shape
    for t in range(n_obs):
        top = log_emission[t, 0]
        for j in range(1, n_states):
            top = max(top, log_emission[t, j])
        if top == -np.inf:
            top = 0.0
        shift[t] = top
        for j in range(n_states):
            emission[t, j] = log_emission[t, j] - top
    _exp_inplace(emission.reshape(n_obs * n_states))


@_jit
def _forward_nb(log_emission, initial, transition, time_varying, starts,
                shift, scale, predicted, filtered, emission):
    """Scaled alpha recursion into the output arrays. Mirrors :func:`_forward_np`.

    ``emission`` receives the shifted emissions; it may be ``filtered`` itself (each row is
    read before it is overwritten). The division by ``c_t`` is applied after the matrix
    product, ``predicted_{t+1} = (u_t @ A) / c_t`` with ``u_t = predicted_t * e_t``, which
    keeps it off the loop-carried dependency chain.
    """
    _shifted_emission_nb(log_emission, shift, emission)
    n_obs, n_states = log_emission.shape
    u = np.empty(n_states)
    p = np.empty(n_states)
    n_seq = starts.shape[0]
    for s in range(n_seq):
        lo = starts[s]
        hi = starts[s + 1] if s + 1 < n_seq else n_obs
        for j in range(n_states):
            p[j] = initial[j]
        for t in range(lo, hi):
            c = 0.0
            for j in range(n_states):
                predicted[t, j] = p[j]
                u[j] = p[j] * emission[t, j]
                c += u[j]
            scale[t] = c
            inv = 1.0 / c if c > 0.0 else 1.0  # c = 0: the row stays unnormalised (zero)
            for j in range(n_states):
                filtered[t, j] = u[j] * inv
            if t + 1 < hi:
                k = t + 1 if time_varying else 0
                for j in range(n_states):
                    acc = 0.0
                    for i in range(n_states):
                        acc += u[i] * transition[k, i, j]
                    p[j] = acc * inv


@_jit
def _backward_nb(transition, time_varying, starts, scale, filtered, smoothed,
                 pair_counts, pairwise):
    """Scaled beta recursion. Mirrors :func:`_backward_np`.

    ``smoothed`` holds the shifted emissions on entry; row ``t`` is overwritten by the
    posterior once its emission has been used. For a constant transition the pair counts
    are accumulated as ``A * sum_t outer(filtered_{t-1}, w_t)`` with
    ``w_t = e_t * beta_t / c_t``, so no per-``t`` matrix is formed.
    """
    n_obs, n_states = filtered.shape
    beta = np.empty(n_states)
    w = np.empty(n_states)
    outer = np.zeros((n_states, n_states))
    n_seq = starts.shape[0]
    for s in range(n_seq):
        lo = starts[s]
        hi = starts[s + 1] if s + 1 < n_seq else n_obs
        if scale[hi - 1] == 0.0:  # a zero scale propagates to the end: impossible sequence
            for t in range(lo, hi):
                for j in range(n_states):
                    smoothed[t, j] = 0.0
            continue
        for j in range(n_states):
            beta[j] = 1.0
        for t in range(hi - 1, lo, -1):
            inv = 1.0 / scale[t]
            for j in range(n_states):
                w[j] = smoothed[t, j] * beta[j] * inv
                smoothed[t, j] = filtered[t, j] * beta[j]
            for i in range(n_states):
                f = filtered[t - 1, i]
                acc = 0.0
                if time_varying:
                    for j in range(n_states):
                        aw = transition[t, i, j] * w[j]
                        pairwise[t, i, j] = f * aw
                        pair_counts[i, j] += f * aw
                        acc += aw
                else:
                    for j in range(n_states):
                        outer[i, j] += f * w[j]
                        acc += transition[0, i, j] * w[j]
                beta[i] = acc
        for j in range(n_states):
            smoothed[lo, j] = filtered[lo, j] * beta[j]
    if not time_varying:
        for i in range(n_states):
            for j in range(n_states):
                pair_counts[i, j] = transition[0, i, j] * outer[i, j]


@_jit
def viterbi_nb(log_emission, log_initial, log_transition, time_varying,
                starts):
    """Mirrors :func:`_viterbi_np`."""
    n_obs, n_states = log_emission.shape
    back = np.zeros((n_obs, n_states), dtype=np.int64)
    path = np.zeros(n_obs, dtype=np.int64)
    delta = np.empty(n_states)
    new_delta = np.empty(n_states)
    total = 0.0
    n_seq = starts.shape[0]
    for s in range(n_seq):
        lo = starts[s]
        hi = starts[s + 1] if s + 1 < n_seq else n_obs
        for j in range(n_states):
            delta[j] = log_initial[j] + log_emission[lo, j]
        for t in range(lo + 1, hi):
            k = t if time_varying else 0
            for j in range(n_states):
                best = delta[0] + log_transition[k, 0, j]
                arg = 0
                for i in range(1, n_states):
                    v = delta[i] + log_transition[k, i, j]
                    if v > best:
                        best = v
                        arg = i
                back[t, j] = arg
                new_delta[j] = best + log_emission[t, j]
            for j in range(n_states):
                delta[j] = new_delta[j]
        arg = 0
        for j in range(1, n_states):
            if delta[j] > delta[arg]:
                arg = j
        path[hi - 1] = arg
        total += delta[arg]
        for t in range(hi - 1, lo, -1):
            path[t - 1] = back[t, path[t]]
    return path, total
