"""``import emstats`` leaves the heavy modules for later: numba and llvmlite (the compiled
forward-backward kernels), joblib (parallel replicates), matplotlib (plots) and tqdm
(progress bars) are imported where they are first used. Not a timing test: the modules
present after the import are checked, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

LAZY = ("numba", "llvmlite", "joblib", "matplotlib", "tqdm")


def _run(code: str) -> None:
    subprocess.run([sys.executable, "-c", textwrap.dedent(code)], check=True)


def test_import_emstats_leaves_the_heavy_modules_out() -> None:
    _run(f"""
        import sys
        import emstats as em
        em.tobit, em.hmm, em.bootstrap_lrtest, em.plotting  # the public names resolve
        loaded = [m for m in {LAZY!r} if m in sys.modules]
        assert not loaded, f"import emstats imported {{loaded}}"
    """)


def test_the_compiled_kernels_load_when_first_used() -> None:
    pytest.importorskip("numba")
    _run("""
        import sys
        import numpy as np
        import emstats as em
        from emstats.models import _forward_backward as fb
        assert fb.HAVE_NUMBA and "numba" not in sys.modules
        post = fb.forward_backward(np.zeros((3, 2)), [0.5, 0.5], [[0.9, 0.1], [0.2, 0.8]])
        assert "numba" in sys.modules and abs(post.llf) < 1e-12
    """)
