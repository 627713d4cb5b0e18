"""Docstrings composed from others, so that an entry point documents what its class does.

``help(emstats.tobit)`` must show every parameter of :class:`emstats.Tobit`, not "see
Tobit"; writing them twice would let the two drift apart. :func:`with_model_doc` builds
the entry point's docstring from its own (the summary, the parameters that differ from
the class's, ``Returns``) and the class's (its other parameters, ``Notes``, ``Examples``
...), once, at import.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

SECTIONS = ("Parameters", "Returns", "Yields", "Other Parameters", "Raises", "Warns",
            "Warnings", "See Also", "Notes", "References", "Examples")
"""numpydoc's sections in numpydoc's order, the order of a composed docstring."""

_SKIPPED = ("Attributes", "Methods")
"""Sections of a class docstring that describe the model object, not the call."""


def split_sections(doc: str) -> tuple[str, dict[str, str]]:
    """The text before the first section and each numpydoc section's body, by title."""
    lines = inspect.cleandoc(doc).splitlines()
    heads = [i for i in range(len(lines) - 1)
             if lines[i].strip() and re.fullmatch(r"-{3,}", lines[i + 1])
             and len(lines[i + 1]) == len(lines[i].strip())]
    preamble = "\n".join(lines[:heads[0]] if heads else lines).strip()
    sections = {}
    for at, head in enumerate(heads):
        end = heads[at + 1] if at + 1 < len(heads) else len(lines)
        sections[lines[head].strip()] = "\n".join(lines[head + 2:end]).strip("\n")
    return preamble, sections


def split_parameters(body: str) -> list[tuple[list[str], str]]:
    """The entries of a Parameters section: their names (``left, right : float`` names
    two) and their text (the entry line and its indented description)."""
    entries: list[tuple[list[str], list[str]]] = []
    for line in body.splitlines():
        if line and not line[0].isspace():
            names = [n.strip() for n in line.split(" : ")[0].split(",")]
            entries.append((names, [line]))
        elif entries:
            entries[-1][1].append(line)
    return [(names, "\n".join(text).rstrip()) for names, text in entries]


def parameter_names(doc: str) -> list[str]:
    """Every name documented in the Parameters section of ``doc``."""
    body = split_sections(doc)[1].get("Parameters", "")
    return [name for names, _ in split_parameters(body) for name in names]


def with_model_doc(model: type, drop: Iterable[str] = ()) -> Callable[[F], F]:
    """Decorator: the entry point's docstring completed from ``model``'s.

    Parameters
    ----------
    model : type
        The class the entry point builds (its docstring documents the constructor).
    drop : iterable of str
        Parameters of ``model`` that the entry point replaces (``endog`` and ``exog``
        by ``formula`` and ``data``).

    Returns
    -------
    callable
        A decorator that sets the function's ``__doc__`` and returns the function.

    Notes
    -----
    The composed docstring has the function's summary, then its own parameters with
    the class's in place of its ``**kwargs`` entry (or after them if it has none): the
    class's without ``drop`` and without those the function documents itself; then
    every other numpydoc section, the function's where it has one (``Returns`` at
    least), else the class's. ``Attributes`` and ``Methods`` of the class are left
    out. The function's ``**kwargs`` entry is thus a placeholder for the keyword
    options that it passes on to the class.
    """
    dropped = set(drop)

    def decorate(func: F) -> F:
        preamble, own = split_sections(func.__doc__ or "")
        _, theirs = split_sections(model.__doc__ or "")
        entries = split_parameters(own.get("Parameters", ""))
        documented = {name for names, _ in entries for name in names} | dropped
        rest = [(names, text)
                for names, text in split_parameters(theirs.get("Parameters", ""))
                if not documented.intersection(names)]
        at = next((i for i, (names, _) in enumerate(entries) if names == ["**kwargs"]),
                  len(entries))
        entries[at:at + 1] = rest
        sections = {**{k: v for k, v in theirs.items() if k not in _SKIPPED}, **own,
                    "Parameters": "\n".join(text for _, text in entries)}
        parts = [preamble] + [f"{title}\n{'-' * len(title)}\n{sections[title]}"
                              for title in SECTIONS if sections.get(title)]
        func.__doc__ = "\n\n".join(parts) + "\n"
        return func

    return decorate
