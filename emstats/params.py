r"""One description of a flat parameter vector: :class:`ParamSpec`.

A model's parameters are one flat vector (what ``res.params`` labels and what the
covariance estimators differentiate). A :class:`ParamSpec` describes it once, as named
blocks in order; each block has a *value* (an array of any shape: a state's means, a
transition matrix, a symmetric covariance), the labels of its free entries, how many
free parameters it counts for the information criteria, and the working chart of its
value (the unconstrained coordinates the engine extrapolates in). From that one
description come ``pack``/``unpack``, the labels, ``df_free`` and the working map.

Numbering convention
--------------------
Latent states (mixture components, hidden states, regimes) are numbered from 0 (as in
statsmodels and hmmlearn) and come first inside the brackets; columns follow by name:
``weight[0]``, ``mean[1,x]``, ``cov[0,x,y]``, ``p[0->1]``, ``const[1]``. A block shared by
every state has no state number (``sigma2``, ``mean[x]``).

Shared entries
--------------
A block's ``index`` maps every element of its value to one of its stored entries, so
that one entry can appear in several places: a coefficient common to every regime, the
symmetric halves of a covariance matrix. ``unpack`` fills the value from the entries;
``pack`` stores each entry from (any of) its places.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from scipy.special import logsumexp

from .typing import FloatArray, IntArray


class Chart(Protocol):
    """Working coordinates of one block.

    A chart with ``on_value`` True maps the block's value (its full array, e.g. the
    covariance matrices, or probability vectors); otherwise it maps the block's entries
    (a 1-d array, shared entries once), as entrywise charts do.
    """

    on_value: bool

    def to_u(self, value: FloatArray) -> FloatArray:
        """The coordinates (1-d) of a value."""
        ...

    def from_u(self, u: FloatArray, shape: tuple[int, ...]) -> FloatArray:
        """The value (of the given shape) of coordinates ``u``."""
        ...

    def size(self, shape: tuple[int, ...]) -> int:
        """Number of coordinates of a value of this shape."""
        ...


@dataclass(frozen=True)
class Affine:
    """``u = (value - centre) / scale`` entrywise (the identity by default)."""

    on_value = False
    scale: FloatArray | float = 1.0
    centre: FloatArray | float = 0.0

    def to_u(self, value: FloatArray) -> FloatArray:
        return np.ravel((np.asarray(value, dtype=float) - self.centre) / self.scale)

    def from_u(self, u: FloatArray, shape: tuple[int, ...]) -> FloatArray:
        out = np.asarray(u, dtype=float).reshape(shape) * self.scale + self.centre
        return np.asarray(out, dtype=float)

    def size(self, shape: tuple[int, ...]) -> int:
        return int(np.prod(shape))


@dataclass(frozen=True)
class LogScale:
    """``u = log(value / scale)`` entrywise: positive values (variances, scales)."""

    on_value = False
    scale: FloatArray | float = 1.0

    def to_u(self, value: FloatArray) -> FloatArray:
        with np.errstate(divide="ignore"):
            return np.ravel(np.log(np.asarray(value, dtype=float) / self.scale))

    def from_u(self, u: FloatArray, shape: tuple[int, ...]) -> FloatArray:
        return np.asarray(np.exp(np.asarray(u, dtype=float).reshape(shape)) * self.scale)

    def size(self, shape: tuple[int, ...]) -> int:
        return int(np.prod(shape))


@dataclass(frozen=True)
class SimplexLogits:
    """Probability vectors (the last axis sums to one) by the logs of their ratios to the
    first entry: ``u_j = log(p_j / p_0)``, ``j >= 1``."""

    on_value = True
    def to_u(self, value: FloatArray) -> FloatArray:
        value = np.asarray(value, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.ravel(np.log(value[..., 1:] / value[..., :1]))

    def from_u(self, u: FloatArray, shape: tuple[int, ...]) -> FloatArray:
        lead = shape[:-1]
        logits = np.concatenate([np.zeros((*lead, 1)),
                                 np.asarray(u, dtype=float).reshape(*lead, shape[-1] - 1)],
                                axis=-1)
        return np.asarray(np.exp(logits - logsumexp(logits, axis=-1, keepdims=True)))

    def size(self, shape: tuple[int, ...]) -> int:
        return int(np.prod(shape[:-1])) * (shape[-1] - 1)


@dataclass(frozen=True)
class Block:
    """One named block of a parameter vector.

    Attributes
    ----------
    name : str
        The block's name (``"mean"``, ``"transition"``).
    index : ndarray of int
        For every element of the block's value, the position of its entry among the
        block's entries (``0 .. size - 1``); its shape is the value's shape.
    labels : tuple of str
        One label per entry.
    n_free : int
        Free parameters the block counts in ``df_free`` (fewer than its entries when
        they are constrained, e.g. probabilities that sum to one).
    chart : Chart or None
        Working coordinates of the value; None: the block has no coordinates of its own
        (a joint chart of the model covers it).
    """

    name: str
    index: IntArray
    labels: tuple[str, ...]
    n_free: int
    chart: Chart | None = None

    @property
    def size(self) -> int:
        """Number of entries in the flat vector."""
        return len(self.labels)

    @property
    def shape(self) -> tuple[int, ...]:
        """Shape of the block's value."""
        return tuple(self.index.shape)


def _grid(*extents: int) -> IntArray:
    size = int(np.prod(extents)) if extents else 1
    return np.arange(size, dtype=np.intp).reshape(extents)


def _bracket(name: str, *parts: object) -> str:
    return f"{name}[{','.join(map(str, parts))}]" if parts else name


def array_block(name: str, labels_of: Sequence[Sequence[object]], *,
                n_free: int | None = None, chart: Chart | None = None) -> Block:
    """A block whose value has one axis per sequence in ``labels_of`` (each the labels of
    that axis: state numbers, column names), labelled ``name[a,b,...]``.

    ``array_block("mean", [range(k), columns])`` is ``mean[0,x], mean[0,y], mean[1,x], ...``.
    """
    extents = tuple(len(axis) for axis in labels_of)
    index = _grid(*extents)
    axes = [list(axis) for axis in labels_of]
    labels = tuple(_bracket(name, *(axes[a][i] for a, i in enumerate(pos)))
                   for pos in np.ndindex(*extents))
    return Block(name, index, labels, len(labels) if n_free is None else n_free, chart)


def scalar_block(name: str, *, chart: Chart | None = None) -> Block:
    """A block of one entry, labelled ``name``."""
    return Block(name, np.zeros((), dtype=np.intp), (name,), 1, chart)


def symmetric_block(name: str, states: Sequence[object] | None, columns: Sequence[str], *,
                    n_free: int | None = None, chart: Chart | None = None) -> Block:
    """Symmetric matrices (one per state, or one) stored as their lower triangles, row by
    row: ``cov[0,x,x], cov[0,y,x], cov[0,y,y], ...``; the value is the full matrices."""
    d = len(columns)
    rows, cols = np.tril_indices(d)
    per = rows.size
    position = np.zeros((d, d), dtype=np.intp)
    position[rows, cols] = np.arange(per)
    position[cols, rows] = np.arange(per)
    pairs = [(columns[i], columns[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
    if states is None:
        labels = tuple(_bracket(name, a, b) for a, b in pairs)
        index = position
    else:
        labels = tuple(_bracket(name, s, a, b) for s in states for a, b in pairs)
        index = np.stack([position + j * per for j in range(len(states))])
    return Block(name, index, labels, len(labels) if n_free is None else n_free, chart)


def shared_block(name: str, index: IntArray, labels: Sequence[str], *,
                 n_free: int | None = None, chart: Chart | None = None) -> Block:
    """A block with an explicit ``index`` (entries shared between places of the value)."""
    index = np.asarray(index, dtype=np.intp)
    if index.size and (index.min() < 0 or index.max() >= len(labels)):
        raise ValueError(f"block {name!r}: index refers to entries outside its "
                         f"{len(labels)} labels")
    return Block(name, index, tuple(labels), len(labels) if n_free is None else n_free, chart)


class ParamValues(Mapping[str, FloatArray]):
    """The values of a parameter vector's blocks, by name (also as attributes)."""

    def __init__(self, values: dict[str, FloatArray]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> FloatArray:
        return self._values[name]

    def __getattr__(self, name: str) -> FloatArray:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True)
class ParamSpec:
    """The layout of a flat parameter vector as named blocks, in order.

    Parameters
    ----------
    blocks : sequence of Block
        The blocks in the order of the vector.
    redundant : int
        Free parameters counted by the blocks that are not identified (a rotation of
        factor loadings); ``df_free`` subtracts them.

    Examples
    --------
    >>> spec = ParamSpec([array_block("weight", [range(2)], n_free=1),
    ...                   array_block("mean", [range(2), ["x"]])])
    >>> spec.names
    ['weight[0]', 'weight[1]', 'mean[0,x]', 'mean[1,x]']
    >>> spec.unpack([0.3, 0.7, -1.0, 2.0]).mean
    array([[-1.],
           [ 2.]])
    """

    blocks: tuple[Block, ...]
    redundant: int = 0
    _offsets: dict[str, int] = field(init=False, repr=False, compare=False)
    _positions: dict[str, IntArray] = field(init=False, repr=False, compare=False)

    def __init__(self, blocks: Sequence[Block], redundant: int = 0) -> None:
        names = [b.name for b in blocks]
        if len(set(names)) != len(names):
            raise ValueError(f"block names must be unique, got {names}")
        object.__setattr__(self, "blocks", tuple(blocks))
        object.__setattr__(self, "redundant", int(redundant))
        offsets, start = {}, 0
        for block in blocks:
            offsets[block.name] = start
            start += block.size
        object.__setattr__(self, "_offsets", offsets)
        object.__setattr__(self, "_positions", {  # unpack and pack run in EM's inner loop
            b.name: np.asarray(offsets[b.name] + b.index, dtype=np.intp) for b in blocks})

    # -- layout -------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Length of the flat vector."""
        return sum(b.size for b in self.blocks)

    @property
    def names(self) -> list[str]:
        """Labels of the entries, in order."""
        return [label for b in self.blocks for label in b.labels]

    @property
    def df_free(self) -> int:
        """Free parameters: the blocks' counts less the redundant ones."""
        return sum(b.n_free for b in self.blocks) - self.redundant

    def block(self, name: str) -> Block:
        """The block called ``name``."""
        for block in self.blocks:
            if block.name == name:
                return block
        raise KeyError(f"no block {name!r}; blocks: {[b.name for b in self.blocks]}")

    def slice(self, name: str) -> slice:
        """Where block ``name``'s entries sit in the flat vector."""
        start = self._offsets[name]
        return slice(start, start + self.block(name).size)

    def positions(self, name: str) -> IntArray:
        """For every element of block ``name``'s value, its position in the flat vector."""
        return self._positions[name].copy()

    # -- values -------------------------------------------------------------------------
    def unpack(self, params: Sequence[float] | FloatArray) -> ParamValues:
        """The blocks' values (copies) from a flat vector."""
        flat = np.asarray(params, dtype=float)
        size = self.size
        if flat.shape != (size,):
            raise ValueError(f"a parameter vector of {size} values is needed, got shape "
                             f"{flat.shape}")
        return ParamValues({name: flat[where] for name, where in self._positions.items()})

    def pack(self, values: Mapping[str, object] | None = None, **named: object) -> FloatArray:
        """The flat vector of the blocks' values (a mapping or keywords; every block)."""
        given = {**(values or {}), **named}
        missing = [b.name for b in self.blocks if b.name not in given]
        if missing:
            raise ValueError(f"values of block(s) {missing} are missing")
        out = np.empty(self.size)
        for name, where in self._positions.items():
            value = np.asarray(given[name], dtype=float)
            if value.shape != where.shape:
                value = np.broadcast_to(value, where.shape)
            out[where] = value
        return out

    # -- the working chart ------------------------------------------------------------------
    def _charts(self) -> Iterator[tuple[Block, Chart]]:
        for block in self.blocks:
            if block.chart is None:
                raise ValueError(f"block {block.name!r} has no working chart")
            yield block, block.chart

    def _chart_shape(self, block: Block, chart: Chart) -> tuple[int, ...]:
        return block.shape if chart.on_value else (block.size,)

    @property
    def n_working(self) -> int:
        """Number of working coordinates."""
        return sum(chart.size(self._chart_shape(block, chart)) for block, chart in self._charts())

    def to_unconstrained(self, params: FloatArray) -> FloatArray:
        """The working vector: each block's chart applied to its value (or entries)."""
        flat = np.asarray(params, dtype=float)
        values = self.unpack(flat)
        return np.concatenate([
            chart.to_u(values[block.name] if chart.on_value else flat[self.slice(block.name)])
            for block, chart in self._charts()])

    def from_unconstrained(self, u: FloatArray) -> FloatArray:
        """Inverse of :meth:`to_unconstrained`."""
        u = np.asarray(u, dtype=float)
        out = np.empty(self.size)
        start = 0
        for block, chart in self._charts():
            shape = self._chart_shape(block, chart)
            n = chart.size(shape)
            value = chart.from_u(u[start:start + n], shape)
            if chart.on_value:
                out[self.positions(block.name)] = value
            else:
                out[self.slice(block.name)] = value
            start += n
        if start != u.size:
            raise ValueError(f"a working vector of {start} values is needed, got {u.size}")
        return out


__all__ = [
    "Affine",
    "Block",
    "Chart",
    "LogScale",
    "ParamSpec",
    "ParamValues",
    "SimplexLogits",
    "array_block",
    "scalar_block",
    "shared_block",
    "symmetric_block",
]
