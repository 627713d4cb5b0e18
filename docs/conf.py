"""Sphinx configuration: the user guide (Markdown, MyST) and the API reference (numpydoc).

Build from the repository root with warnings as errors, as ``.ci/run`` does::

    pip install ".[docs]"
    sphinx-build -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import emstats

project = "emstats"
author = "the emstats developers"
copyright = "the emstats developers"
release = emstats.__version__
version = release

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "_templates"]
templates_path = ["_templates"]

# MyST: ``$...$`` maths in the user guide, anchors for links such as engine.md#squarem.
myst_enable_extensions = ["dollarmath"]
myst_heading_anchors = 3

# autodoc / autosummary: one page per public object, members in source order, no members
# inherited from statsmodels (their docstrings are statsmodels' to keep).
autosummary_generate = True
autosummary_imported_members = False
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types

# numpydoc: the class pages list their members through autodoc, not numpydoc's tables.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# No network at build time: the inventories of other projects are not fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

html_theme = "furo"
html_title = f"emstats {release}"
