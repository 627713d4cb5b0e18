"""A one-entry memo for the costliest per-row computation of a model.

Newton's method asks for the llf at a trial point, then the score and the Hessian at
the same point; SQUAREM asks for the llf of a point whose E-step comes next. Models
whose per-row work (standardised bounds, their normal cdfs) dominates keep the last
result, keyed on the exact parameter bits, and never pickle it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import numpy as np

T = TypeVar("T")


def parameter_key(*arrays: Any) -> tuple[bytes, ...]:
    """The exact bits of some parameter arrays or numbers, as a memo key."""
    return tuple(np.asarray(a, dtype=float).tobytes() for a in arrays)


class LastCall(Generic[T]):
    """The value of the last key asked for (the memo is empty after unpickling)."""

    def __init__(self) -> None:
        self._key: Hashable | None = None
        self._value: T | None = None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The memoised value of ``key``, computed by ``compute()`` if ``key`` is new."""
        if self._value is None or self._key != key:
            self._value, self._key = compute(), key
        return self._value

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]


__all__ = ["LastCall", "parameter_key"]
