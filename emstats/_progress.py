r"""Progress bars of the long operations, with one policy for all of them.

Every operation that may run for long takes ``progress``: the bootstrap covariance
(``fit(cov_type="bootstrap", progress=...)`` or ``cov_kwds={"progress": ...}``),
several starts (``fit(n_starts=..., progress=...)``), supplemented EM
(``cov_type="sem"``), :func:`~emstats.select_mixture`, :func:`~emstats.select_factors`
and :func:`~emstats.bootstrap_lrtest`. The bar is tqdm's (``tqdm.auto``: a widget in a
notebook, text on stderr elsewhere), imported when a bar is first made, not by
``import emstats``.

``progress`` means the same everywhere:

* ``None`` (the default): a bar that appears only once the operation has run for
  :data:`DELAY` seconds, and only where somebody can watch it: a terminal or a notebook,
  not a log file or a test run's captured output (tqdm's ``disable=None``). A quick
  fit prints nothing, a slow one tells the user that it is working and how far it has
  got, and a script whose output goes to a file stays clean;
* ``True``: a bar at once, wherever stderr goes;
* ``False``: never a bar.

The default is not ``True`` (a bar on every call, as a statsmodels user would not expect
from ``fit()``: statsmodels prints nothing unless asked) nor ``False`` (a bootstrap of
several minutes would give no sign of life).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from tqdm.std import tqdm as Tqdm

__all__ = ["DELAY", "Progress", "check_progress", "progress_bar"]

#: Seconds an operation runs before a bar appears with ``progress=None``.
DELAY = 2.0

#: The type of the ``progress`` option.
Progress = bool | None

T = TypeVar("T")


def check_progress(progress: Any) -> Progress:
    """``progress`` if it is True, False or None; a TypeError naming it otherwise."""
    if progress is None or isinstance(progress, bool):
        return progress
    raise TypeError(f"progress must be True, False or None, got {progress!r}")


@overload
def progress_bar(progress: Progress, *, total: int | None, desc: str,
                 iterable: Iterable[T]) -> Tqdm[T]: ...


@overload
def progress_bar(progress: Progress, *, total: int | None, desc: str,
                 iterable: None = None) -> Tqdm[Any]: ...


def progress_bar(progress: Progress, *, total: int | None, desc: str,
                 iterable: Iterable[T] | None = None) -> Tqdm[T] | Tqdm[Any]:
    """A tqdm bar following the ``progress`` policy of the module docstring.

    Parameters
    ----------
    progress : bool or None
        True: shown; False: not shown; None: shown after :data:`DELAY` seconds where
        stderr is a terminal or in a notebook.
    total : int or None
        Number of steps (None: unknown).
    desc : str
        What is being done.
    iterable : iterable, optional
        Items to iterate over with the bar; without it, advance it by ``update(n)``.

    Returns
    -------
    tqdm.tqdm
        Use it as an iterable or a context manager; disabled, it costs nothing.
    """
    from tqdm.auto import tqdm

    progress = check_progress(progress)
    return tqdm(iterable, total=total, desc=desc, leave=progress is True,
                disable=None if progress is None else not progress,
                delay=DELAY if progress is None else 0.0)
