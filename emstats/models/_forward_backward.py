"""Forward-backward, Hamilton filter and Viterbi for hidden Markov chains.

The chain has ``M`` states; observation ``t`` has log density ``log_emission[t, m]``
given ``X_t = m``. Write ``e_t[m] = exp(log_emission[t, m] - s_t)`` with the row
maximum ``s_t`` subtracted (``s_t = 0`` when the whole row is ``-inf``), ``pi`` for
``initial`` and ``A_t`` for the transition into ``t``.

Forward (Rabiner-scaled alpha, which is the Hamilton filter)::

    predicted_t = pi                                  at a sequence start
    predicted_t = filtered_{t-1} @ A_t                otherwise
    c_t         = sum_m predicted_t[m] e_t[m]          scaling constant
    filtered_t  = predicted_t * e_t / c_t
    llf_obs[t]  = log c_t + s_t  =  log p(y_t | y before t in its sequence)

Backward (beta scaled by the same constants; ``beta = 1`` at a sequence end)::

    beta_{t-1}  = A_t @ (e_t * beta_t) / c_t
    smoothed_t  = filtered_t * beta_t
    xi_t[i, j]  = filtered_{t-1}[i] A_t[i, j] e_t[j] beta_t[j] / c_t
                = Pr(X_{t-1} = i, X_t = j | sequence)

Only the scaling constants are ever divided by, never a predicted or filtered
probability, so structural zeros in the transition matrix (expanded chains of
Markov-switching autoregressions) and ``-inf`` emissions are safe. Kim's smoother,
which divides by predicted probabilities, is deliberately not used.

Time-varying transitions are a ``(T, M, M)`` array whose slice ``t`` is the matrix of
the move from ``t - 1`` into ``t``: ``transition[t][i, j] = Pr(X_t = j | X_{t-1} = i)``.
``transition[0]`` and the slices at the other sequence starts are never read.

Several independent sequences are stacked along ``t``; ``sequence_starts`` lists the
row where each begins, and every sequence restarts from ``initial``.

Impossible data: if ``c_t = 0`` (every state has zero probability at ``t`` given the
past of its sequence, structurally or by floating-point underflow), that sequence has
probability zero: ``llf_obs`` is ``-inf`` from ``t`` to the end of the sequence, the
filtered row is left unnormalised (zero) and so are the later predicted and filtered
rows, and the sequence's smoothed and pairwise probabilities are all zero (it adds
nothing to ``pair_counts``). No NaN is produced.

Each recursion has a plain numpy reference implementation (``compiled=False``) and a
numba kernel (``compiled=True``; the default when numba is installed, which is optional;
the kernels live in :mod:`~emstats.models._forward_backward_nb`, imported on first use).
The kernels agree with the reference to rounding (1e-12 in the tests). They differ in
three implementation details, all for speed: ``exp`` is an inlined vectorisable
polynomial accurate to 2 ulp (libm's ``exp`` call costs as much as the rest of a step);
the division by ``c_t`` is applied after the product with ``A``; and the (T, M) outputs
are views of one allocation. With a constant transition no (T, M, M) array is formed.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.util import find_spec
from types import ModuleType
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..exceptions import InfeasibleParametersError
from ..typing import FloatArray

#: Whether numba is installed. Found without importing it: the kernels
#: (:mod:`~emstats.models._forward_backward_nb`) are imported when first used.
HAVE_NUMBA: bool = find_spec("numba") is not None

IntArray = NDArray[np.int64]

#: Tolerance on ``sum - 1`` for ``initial`` and the rows of ``transition``.
_SUM_TOL = 1e-8


@dataclass(frozen=True)
class Posterior:
    """Output of :func:`forward_backward`.

    Attributes
    ----------
    llf : float
        Total log-likelihood, summed over sequences.
    llf_obs : ndarray, shape (T,)
        ``log p(y_t | y before t in its sequence)``.
    predicted : ndarray, shape (T, M)
        ``Pr(X_t = m | y before t in its sequence)``; ``initial`` at a sequence start.
    filtered : ndarray, shape (T, M)
        ``Pr(X_t = m | y up to t)``.
    smoothed : ndarray, shape (T, M)
        ``Pr(X_t = m | the whole sequence)``.
    pair_counts : ndarray, shape (M, M)
        Sum over the ``t`` that are not sequence starts of
        ``Pr(X_{t-1} = i, X_t = j | sequence)``: the expected transition counts.
    pairwise : ndarray, shape (T, M, M), or None
        Per-``t`` ``Pr(X_{t-1} = i, X_t = j | sequence)`` (zeros at sequence starts)
        when the transition is time-varying; ``None`` for a constant transition.
    """

    llf: float
    llf_obs: FloatArray
    predicted: FloatArray
    filtered: FloatArray
    smoothed: FloatArray
    pair_counts: FloatArray
    pairwise: FloatArray | None


class _Problem(NamedTuple):
    """Validated inputs: float64 C-contiguous, transition always 3-D."""

    log_emission: FloatArray  # (T, M)
    initial: FloatArray  # (M,)
    transition: FloatArray  # (1, M, M) constant or (T, M, M) time-varying
    time_varying: bool
    starts: IntArray  # (n_sequences,), starts[0] == 0


# ----------------------------------------------------------------------------------------
# Public API
# ----------------------------------------------------------------------------------------


def hamilton_filter(
    log_emission: FloatArray,
    initial: FloatArray,
    transition: FloatArray,
    sequence_starts: NDArray[np.integer] | None = None,
    *,
    compiled: bool | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Forward (Hamilton) filter: per-observation log-likelihood and state probabilities.

    Parameters
    ----------
    log_emission : array_like, shape (T, M)
        ``log p(y_t | X_t = m)``; ``-inf`` allowed, NaN and ``+inf`` are not.
    initial : array_like, shape (M,)
        Distribution of the state at every sequence start.
    transition : array_like, shape (M, M) or (T, M, M)
        Row-stochastic, ``transition[i, j] = Pr(X_t = j | X_{t-1} = i)``; if 3-D,
        ``transition[t]`` is the move from ``t - 1`` into ``t`` (unused at sequence starts).
    sequence_starts : array_like of int, optional
        Sorted rows where independent sequences begin, first element 0. Default: one
        sequence.
    compiled : bool, optional
        ``True`` uses the numba kernel (ImportError without numba), ``False`` the numpy
        reference; default numba when installed.

    Returns
    -------
    llf_obs : ndarray, shape (T,)
        ``log p(y_t | y before t in its sequence)``; its sum is the log-likelihood.
    predicted : ndarray, shape (T, M)
        ``Pr(X_t = m | y before t)``, ``initial`` at a sequence start.
    filtered : ndarray, shape (T, M)
        ``Pr(X_t = m | y up to t)``.
    """
    prob = _validate(log_emission, initial, transition, sequence_starts)
    if _use_numba(compiled):
        return _kernels().filter_numba(prob)
    llf_obs, predicted, filtered, _, _ = _forward_np(prob)
    return llf_obs, predicted, filtered


def forward_backward(
    log_emission: FloatArray,
    initial: FloatArray,
    transition: FloatArray,
    sequence_starts: NDArray[np.integer] | None = None,
    *,
    compiled: bool | None = None,
) -> Posterior:
    """Scaled forward-backward recursions: likelihood and posterior state probabilities.

    Parameters
    ----------
    log_emission : array_like, shape (T, M)
        ``log p(y_t | X_t = m)``; ``-inf`` allowed, NaN and ``+inf`` are not.
    initial : array_like, shape (M,)
        Distribution of the state at every sequence start.
    transition : array_like, shape (M, M) or (T, M, M)
        Row-stochastic, ``transition[i, j] = Pr(X_t = j | X_{t-1} = i)``; if 3-D,
        ``transition[t]`` is the move from ``t - 1`` into ``t`` (unused at sequence starts).
    sequence_starts : array_like of int, optional
        Sorted rows where independent sequences begin, first element 0. Default: one
        sequence.
    compiled : bool, optional
        ``True`` uses the numba kernels (ImportError without numba), ``False`` the numpy
        reference; default numba when installed.

    Returns
    -------
    Posterior
        Log-likelihood, predicted, filtered and smoothed probabilities, expected
        transition counts, and per-``t`` pairwise probabilities if the transition is
        time-varying. A sequence of probability zero has ``llf = -inf`` and zero
        smoothed and pairwise probabilities (see the module docstring).
    """
    prob = _validate(log_emission, initial, transition, sequence_starts)
    run = _kernels().forward_backward_numba if _use_numba(compiled) else _forward_backward_np
    llf_obs, predicted, filtered, smoothed, pair_counts, pairwise = run(prob)
    return Posterior(
        llf=float(np.sum(llf_obs)),
        llf_obs=llf_obs,
        predicted=predicted,
        filtered=filtered,
        smoothed=smoothed,
        pair_counts=pair_counts,
        pairwise=pairwise if prob.time_varying else None,
    )


def viterbi(
    log_emission: FloatArray,
    initial: FloatArray,
    transition: FloatArray,
    sequence_starts: NDArray[np.integer] | None = None,
    *,
    compiled: bool | None = None,
) -> tuple[IntArray, float]:
    """Most likely state path (Viterbi, in log space).

    Parameters
    ----------
    log_emission : array_like, shape (T, M)
        ``log p(y_t | X_t = m)``; ``-inf`` allowed, NaN and ``+inf`` are not.
    initial : array_like, shape (M,)
        Distribution of the state at every sequence start.
    transition : array_like, shape (M, M) or (T, M, M)
        Row-stochastic, ``transition[i, j] = Pr(X_t = j | X_{t-1} = i)``; if 3-D,
        ``transition[t]`` is the move from ``t - 1`` into ``t`` (unused at sequence starts).
    sequence_starts : array_like of int, optional
        Sorted rows where independent sequences begin, first element 0. Default: one
        sequence.
    compiled : bool, optional
        ``True`` uses the numba kernel (ImportError without numba), ``False`` the numpy
        reference; default numba when installed.

    Returns
    -------
    path : ndarray of int64, shape (T,)
        The most likely state sequence, each sequence decoded separately. Ties go to
        the lowest state index; in a sequence of probability zero the path is
        arbitrary.
    log_prob : float
        ``log p(path, y)``, summed over sequences (``-inf`` if any sequence is
        impossible).
    """
    prob = _validate(log_emission, initial, transition, sequence_starts)
    with np.errstate(divide="ignore", invalid="ignore"):  # log 0 = -inf; unused slices
        log_initial = np.log(prob.initial)
        log_transition = np.log(prob.transition)
    kernel = _kernels().viterbi_nb if _use_numba(compiled) else _viterbi_np
    path, log_prob = kernel(
        prob.log_emission, log_initial, log_transition, prob.time_varying, prob.starts
    )
    return path, float(log_prob)


# ----------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------


def _kernels() -> ModuleType:
    """The numba kernels, imported (and numba with them) on first use."""
    from . import _forward_backward_nb

    return _forward_backward_nb


def _use_numba(compiled: bool | None) -> bool:
    if compiled is None:
        return HAVE_NUMBA
    if compiled and not HAVE_NUMBA:
        raise ImportError("compiled=True needs numba, which is not installed")
    return bool(compiled)


def _as_float(x: object, name: str) -> FloatArray:
    """Writeable C-contiguous float64 copy or view (one numba signature for all calls)."""
    try:
        arr = np.ascontiguousarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric array") from None
    return arr if arr.flags.writeable else arr.copy()


def _validate(log_emission: object, initial: object, transition: object,
              sequence_starts: object) -> _Problem:
    log_emission = _as_float(log_emission, "log_emission")
    _check_emission(log_emission)
    n_obs, n_states = log_emission.shape
    initial = _check_initial(_as_float(initial, "initial"), n_states)
    starts = _check_starts(sequence_starts, n_obs)
    transition = _as_float(transition, "transition")
    time_varying = _check_transition(transition, n_obs, n_states, starts)
    if not time_varying:
        transition = transition.reshape(1, n_states, n_states)
    return _Problem(log_emission, initial, transition, time_varying, starts)


def _check_emission(log_emission: FloatArray) -> None:
    if log_emission.ndim != 2 or log_emission.shape[0] == 0 or log_emission.shape[1] == 0:
        raise ValueError(
            f"log_emission must be a non-empty (T, M) array, got shape {log_emission.shape}"
        )
    if not log_emission.max() < np.inf:  # one reduction catches NaN and +inf
        kind = "NaN" if np.isnan(log_emission).any() else "+inf"
        rows = np.flatnonzero(~(log_emission < np.inf).all(axis=1))
        raise InfeasibleParametersError(
            f"log_emission has {kind} values (in {rows.size} row(s), first row {rows[0]}); "
            "it must be finite or -inf"
        )


def _probability_problem(p: FloatArray) -> tuple[str, tuple[int, ...]] | None:
    """First problem of a stack of distributions along the last axis, and its row index."""
    if p.min() >= 0.0 and p.max() <= 1.0:  # fast path (NaN fails both)
        if np.abs(p.sum(axis=-1) - 1.0).max() <= _SUM_TOL:
            return None
    for what, bad in (("NaN or infinite entries", ~np.isfinite(p)), ("negative entries", p < 0)):
        if bad.any():
            return what, tuple(int(i) for i in np.argwhere(bad)[0][:-1])
    sums = p.sum(axis=-1)
    bad = np.abs(sums - 1.0) > _SUM_TOL
    if bad.any():
        row = tuple(int(i) for i in np.argwhere(bad)[0])
        return f"a row that does not sum to one (it sums to {float(sums[row])!r})", row
    return None


def _check_initial(initial: FloatArray, n_states: int) -> FloatArray:
    if initial.shape != (n_states,):
        raise ValueError(
            f"initial must have shape ({n_states},) to match log_emission, "
            f"got {initial.shape}"
        )
    problem = _probability_problem(initial)
    if problem is not None:
        what = problem[0].replace("a row that does not sum", "entries that do not sum")
        raise InfeasibleParametersError(f"initial must be a probability vector; it has {what}")
    return initial


def _check_transition(transition: FloatArray, n_obs: int, n_states: int,
                      starts: IntArray) -> bool:
    """Validate; return True if time-varying. Slices at sequence starts are not checked."""
    if transition.shape == (n_states, n_states):
        problem = _probability_problem(transition)
        if problem is not None:
            raise InfeasibleParametersError(
                f"transition must be row-stochastic; it has {problem[0]} in row {problem[1][0]}"
            )
        return False
    if transition.shape == (n_obs, n_states, n_states):
        if not _clearly_stochastic(transition, starts):
            _check_used_slices(transition, starts)
        return True
    raise ValueError(
        f"transition must have shape ({n_states}, {n_states}) or "
        f"({n_obs}, {n_states}, {n_states}) to match log_emission, got {transition.shape}"
    )


def _clearly_stochastic(transition: FloatArray, starts: IntArray) -> bool:
    """Fast check of a (T, M, M) transition: whole-array reductions, no short-axis ones.

    Entries in [0, 1] everywhere (NaN fails) and rows summing to one outside the slices
    at sequence starts. ``False`` may still be valid (garbage in the unused slices).
    """
    if not (transition.min() >= 0.0 and transition.max() <= 1.0):
        return False
    n_states = transition.shape[-1]
    deviation = np.abs(transition.reshape(-1, n_states) @ np.ones(n_states) - 1.0)
    deviation.reshape(transition.shape[:2])[starts] = 0.0
    return bool(deviation.max() <= _SUM_TOL)


def _check_used_slices(transition: FloatArray, starts: IntArray) -> None:
    """Raise naming the first bad slice outside the sequence starts, if there is one."""
    used = np.ones(transition.shape[0], dtype=bool)
    used[starts] = False
    used_t = np.flatnonzero(used)
    problem = _probability_problem(transition[used_t])
    if problem is not None:
        t, row = int(used_t[problem[1][0]]), problem[1][1]
        raise InfeasibleParametersError(
            f"time-varying transition must be row-stochastic; transition[{t}] has "
            f"{problem[0]} in row {row}"
        )


def _check_starts(sequence_starts: object, n_obs: int) -> IntArray:
    if sequence_starts is None:
        return np.zeros(1, dtype=np.int64)
    starts = np.asarray(sequence_starts)
    if starts.ndim != 1 or starts.size == 0 or not np.issubdtype(starts.dtype, np.integer):
        raise ValueError("sequence_starts must be a non-empty 1-D array of integers")
    starts = np.ascontiguousarray(starts, dtype=np.int64)
    if starts[0] != 0:
        raise ValueError(f"sequence_starts must begin with 0, got {starts[0]}")
    if (np.diff(starts) <= 0).any():
        raise ValueError("sequence_starts must be strictly increasing (no empty sequences)")
    if starts[-1] >= n_obs:
        raise ValueError(
            f"sequence_starts has a start at row {starts[-1]}, past the last row {n_obs - 1}"
        )
    return starts


def _bounds(starts: IntArray, n_obs: int) -> list[tuple[int, int]]:
    """``[(lo, hi), ...]`` row ranges of the sequences."""
    ends = [*starts[1:].tolist(), n_obs]
    return list(zip(starts.tolist(), ends, strict=True))


# ----------------------------------------------------------------------------------------
# numpy reference implementation
# ----------------------------------------------------------------------------------------


def _shifted_emission(log_emission: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``exp(log_emission - row max)`` and the row maxima (0 for all-``-inf`` rows)."""
    shift = log_emission.max(axis=1)
    shift[np.isneginf(shift)] = 0.0
    return np.exp(log_emission - shift[:, None]), shift


def _forward_np(prob: _Problem) -> tuple[FloatArray, ...]:
    """Scaled alpha recursion: llf_obs, predicted, filtered, emission, scale."""
    emission, shift = _shifted_emission(prob.log_emission)
    n_obs, n_states = emission.shape
    predicted = np.empty((n_obs, n_states))
    filtered = np.empty((n_obs, n_states))
    scale = np.empty(n_obs)
    for lo, hi in _bounds(prob.starts, n_obs):
        for t in range(lo, hi):
            if t == lo:
                predicted[t] = prob.initial
            else:
                predicted[t] = filtered[t - 1] @ prob.transition[t if prob.time_varying else 0]
            alpha = predicted[t] * emission[t]
            scale[t] = alpha.sum()
            filtered[t] = alpha / scale[t] if scale[t] > 0 else alpha
    with np.errstate(divide="ignore"):
        llf_obs = np.log(scale) + shift
    return llf_obs, predicted, filtered, emission, scale


def _backward_np(prob: _Problem, filtered: FloatArray, emission: FloatArray,
                 scale: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Scaled beta recursion: smoothed, pair_counts, pairwise (zeros (1, M, M) if constant)."""
    n_obs, n_states = emission.shape
    smoothed = np.zeros((n_obs, n_states))
    pair_counts = np.zeros((n_states, n_states))
    pairwise = np.zeros((n_obs if prob.time_varying else 1, n_states, n_states))
    for lo, hi in _bounds(prob.starts, n_obs):
        if not (scale[lo:hi] > 0).all():
            continue  # impossible sequence: posteriors stay zero
        beta = np.ones(n_states)
        for t in range(hi - 1, lo, -1):
            a = prob.transition[t if prob.time_varying else 0]
            w = emission[t] * beta / scale[t]
            xi = filtered[t - 1][:, None] * a * w[None, :]
            pair_counts += xi
            if prob.time_varying:
                pairwise[t] = xi
            smoothed[t] = filtered[t] * beta
            beta = a @ w
        smoothed[lo] = filtered[lo] * beta
    return smoothed, pair_counts, pairwise


def _forward_backward_np(prob: _Problem) -> tuple[FloatArray, ...]:
    llf_obs, predicted, filtered, emission, scale = _forward_np(prob)
    smoothed, pair_counts, pairwise = _backward_np(prob, filtered, emission, scale)
    return llf_obs, predicted, filtered, smoothed, pair_counts, pairwise


def _viterbi_np(log_emission: FloatArray, log_initial: FloatArray,
                log_transition: FloatArray, time_varying: bool,
                starts: IntArray) -> tuple[IntArray, float]:
    """Max-product recursion in log space with backpointers; ties to the lowest index."""
    n_obs, n_states = log_emission.shape
    back = np.zeros((n_obs, n_states), dtype=np.int64)
    path = np.zeros(n_obs, dtype=np.int64)
    cols = np.arange(n_states)
    total = 0.0
    for lo, hi in _bounds(starts, n_obs):
        delta = log_initial + log_emission[lo]
        for t in range(lo + 1, hi):
            scores = delta[:, None] + log_transition[t if time_varying else 0]
            back[t] = scores.argmax(axis=0)
            delta = scores[back[t], cols] + log_emission[t]
        path[hi - 1] = delta.argmax()
        total += delta[path[hi - 1]]
        for t in range(hi - 1, lo, -1):
            path[t - 1] = back[t, path[t]]
    return path, total
