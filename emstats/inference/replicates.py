"""The replicate runner of every bootstrap in emstats: seeds, joblib, progress, failures.

:func:`run_replicates` runs independent replicate functions in parallel with joblib,
seeds each from its own child of one :class:`numpy.random.SeedSequence` (so the results
do not depend on ``n_jobs``), and counts and reports every replicate that fails (an
error, or an EM run that does not converge) instead of dropping it silently. It knows
nothing of models: a replicate is any function of a random generator that returns a
vector.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from .._progress import Progress, check_progress, progress_bar
from ..exceptions import BootstrapWarning, ReplicateError
from ..typing import FloatArray, IntArray, RandomState

__all__ = [
    "REPLICATE_ERRORS",
    "ReplicateFailure",
    "ReplicateRun",
    "checked_count",
    "run_replicates",
]

#: Errors that make one replicate fail (counted and reported), not the bootstrap.
#: Anything else (TypeError, NotImplementedError, ...) is a bug and propagates.
REPLICATE_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    ArithmeticError,
    np.linalg.LinAlgError,
)

#: :data:`REPLICATE_ERRORS` and :class:`~emstats.exceptions.ReplicateError` (a fit
#: rejected by the replicate function itself).
_FAILURES: tuple[type[BaseException], ...] = (*REPLICATE_ERRORS, ReplicateError)

#: Warnings of one replicate: ``(category, message)`` pairs.
Caught: TypeAlias = tuple[tuple[type[Warning], str], ...]

#: The entropy of a :class:`numpy.random.SeedSequence` (as numpy types it).
Entropy: TypeAlias = int | Sequence[int] | None


@dataclass(frozen=True)
class ReplicateFailure:
    """One failed replicate.

    Attributes
    ----------
    index : int
        Position of the replicate (0 to ``n - 1``); its seed is child ``index``
        of the run's seed sequence.
    reason : str
        The error type and message, or why the fit was rejected.
    """

    index: int
    reason: str


@dataclass(frozen=True)
class ReplicateRun:
    """The outcome of :func:`run_replicates`.

    Attributes
    ----------
    values : ndarray
        One row per successful replicate (``n_ok x k``), in replicate order.
    index : ndarray
        Positions of the successful replicates.
    failures : tuple of ReplicateFailure
        The failed replicates, in order.
    n : int
        Number of replicates attempted.
    seed : int or sequence of int
        Entropy of the root :class:`numpy.random.SeedSequence`: passing it as
        ``random_state`` reproduces the run.
    """

    values: FloatArray
    index: IntArray
    failures: tuple[ReplicateFailure, ...]
    n: int
    seed: Entropy

    @property
    def n_ok(self) -> int:
        """Number of successful replicates."""
        return int(self.index.size)

    @property
    def n_failed(self) -> int:
        """Number of failed replicates."""
        return len(self.failures)

    @property
    def failed_index(self) -> IntArray:
        """Positions of the failed replicates."""
        return np.array([f.index for f in self.failures], dtype=int)


@dataclass(frozen=True)
class _Outcome:
    """What one replicate sends back to the parent process."""

    index: int
    value: FloatArray | None
    reason: str | None
    caught: Caught = ()


def checked_count(value: object, name: str, minimum: int) -> int:
    """``value`` as an int, or a ValueError unless it is an integer of at least ``minimum``
    (a number of replicates)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}, got {value!r}")
    return int(value)


def _root_seed(random_state: RandomState) -> np.random.SeedSequence:
    """The seed sequence whose children seed the replicates."""
    if isinstance(random_state, np.random.SeedSequence):
        return random_state
    if isinstance(random_state, np.random.Generator):
        return np.random.SeedSequence(random_state.integers(0, 2**63, size=4).tolist())
    if random_state is not None and not isinstance(random_state, int | np.integer):
        raise TypeError(
            "random_state must be None, an int, a numpy Generator or a SeedSequence, "
            f"got {type(random_state).__name__}"
        )
    return np.random.SeedSequence(None if random_state is None else int(random_state))


def _run_one(replicate: Callable[[np.random.Generator], FloatArray], index: int,
             seed: np.random.SeedSequence) -> _Outcome:
    """Run one replicate, turning its failure into a reason and recording its warnings.

    Warnings are recorded here (not raised) whatever the caller's filters, so
    that the outcome is the same in the parent process and in joblib workers.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = np.asarray(replicate(np.random.default_rng(seed)), dtype=float)
        except _FAILURES as exc:
            return _Outcome(index, None, f"{type(exc).__name__}: {exc}")
    if not np.all(np.isfinite(value)):
        return _Outcome(index, None, "non-finite estimate")
    return _Outcome(index, value.reshape(-1), None,
                    tuple((w.category, str(w.message)) for w in caught))


def run_replicates(
    replicate: Callable[[np.random.Generator], FloatArray],
    n: int,
    *,
    n_jobs: int | None = 1,
    random_state: RandomState = None,
    progress: Progress = None,
    label: str = "bootstrap",
) -> ReplicateRun:
    """Run ``n`` independent replicates in parallel, reproducibly, reporting failures.

    Parameters
    ----------
    replicate : callable
        ``replicate(rng) -> ndarray``: one replicate drawn with the generator
        ``rng``, returning a vector (the same length every time). It raises
        :class:`~emstats.exceptions.ReplicateError` (or a ``ValueError``,
        ``LinAlgError`` or ``ArithmeticError``) for a replicate that cannot be used.
        For ``n_jobs != 1`` it must pickle.
    n : int
        Number of replicates.
    n_jobs : int or None
        joblib workers (``-1``: all cores); 1 runs in this process.
    random_state : int, Generator or SeedSequence, optional
        Root seed. Replicate ``i`` draws from child ``i`` of
        ``SeedSequence(random_state).spawn(n)``, so the results do not depend on
        ``n_jobs``. A Generator is advanced once to derive the root seed.
    progress : bool or None
        Progress bar (:func:`emstats._progress.progress_bar`): None shows one once
        the run has taken a few seconds, on a terminal or in a notebook.
    label : str
        What is being replicated, for messages and the progress bar.

    Returns
    -------
    ReplicateRun

    Warns
    -----
    BootstrapWarning
        If any replicate failed: the count and the first reasons.

    Notes
    -----
    Warnings raised inside a successful replicate are issued again in the
    calling process, once per category, with the number of replicates that
    raised them (so that warnings filters apply as for a single fit).
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the number of replicates must be positive, got {n}")
    from joblib import Parallel, delayed  # imported here: not needed by import emstats

    check_progress(progress)
    root = _root_seed(random_state)
    seeds = root.spawn(n)
    tasks = (delayed(_run_one)(replicate, i, seeds[i]) for i in range(n))
    outcomes: Iterable[_Outcome] = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
    with progress_bar(progress, total=n, desc=label, iterable=outcomes) as bar:
        run = _collect(list(bar), n, root.entropy)
    _warn_failures(run, label)
    return run


def _collect(outcomes: list[_Outcome], n: int, seed: Entropy) -> ReplicateRun:
    good = [(o.index, o.value, o.caught) for o in outcomes if o.value is not None]
    failures = tuple(ReplicateFailure(o.index, str(o.reason)) for o in outcomes
                     if o.value is None)
    values = np.vstack([value for _, value, _ in good]) if good else np.empty((0, 0))
    _reissue([caught for _, _, caught in good])
    return ReplicateRun(values, np.array([i for i, _, _ in good], dtype=int), failures, n,
                        seed)


def _reissue(caught: list[Caught]) -> None:
    """Issue the warnings of successful replicates again, once per category."""
    first: dict[type[Warning], str] = {}
    counts: dict[type[Warning], int] = {}
    for record in caught:
        for category in {c for c, _ in record}:
            counts[category] = counts.get(category, 0) + 1
        for category, message in record:
            first.setdefault(category, message)
    for category, count in counts.items():
        warnings.warn(f"{count} bootstrap replicate(s) warned: {first[category]}",
                      category, stacklevel=4)


def _warn_failures(run: ReplicateRun, label: str) -> None:
    if not run.failures:
        return
    shown = "; ".join(f"#{f.index}: {f.reason}" for f in run.failures[:3])
    more = f"; and {run.n_failed - 3} more" if run.n_failed > 3 else ""
    warnings.warn(
        f"{run.n_failed} of {run.n} {label} replicates failed and were left out "
        f"({shown}{more}). The remaining {run.n_ok} are used; the failures are listed "
        "in the results (cov_extras['failures'] or .failures).",
        BootstrapWarning,
        stacklevel=3,
    )
