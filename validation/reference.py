"""Reference numbers with their printed precision and tolerance."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


def printed_half_unit(text: str) -> float:
    """Half a unit in the last printed digit of ``text`` (``"80.64561"`` -> 5e-6)."""
    exponent = Decimal(text.strip()).as_tuple().exponent
    return 0.5 * 10.0 ** int(exponent)


@dataclass(frozen=True)
class Reference:
    """One published number.

    Parameters
    ----------
    quantity : str
        Name of the quantity in the case's ``compute`` output.
    printed : str
        The number exactly as printed in the source.
    atol : float, optional
        Absolute tolerance; half a unit in the last printed digit by default.
    rtol : float, optional
        Relative tolerance, used instead of ``atol`` when given.
    note : str
        Why a tolerance differs from the printed precision.
    at_most : bool
        The published number is a bound that emstats must not exceed (by more than
        the tolerance), rather than a value to reproduce.
    """

    quantity: str
    printed: str
    atol: float | None = None
    rtol: float | None = None
    note: str = ""
    at_most: bool = False

    @property
    def value(self) -> float:
        """The published number."""
        return float(self.printed)

    @property
    def tolerance(self) -> float:
        """Absolute tolerance on the deviation."""
        if self.rtol is not None:
            return self.rtol * abs(self.value)
        return self.atol if self.atol is not None else printed_half_unit(self.printed)


@dataclass(frozen=True)
class Case:
    """A published result: source, data, the emstats computation and the numbers."""

    name: str
    source: str
    data: str
    compute: Callable[[], Mapping[str, float]]
    references: Sequence[Reference] = field(default_factory=tuple)
