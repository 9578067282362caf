"""Which implementations run: the compiled kernels or pure Python.

``textrepair._kernel`` (``textrepair/_kernel.c``, the token stage's candidate
search and the parse of a shipped dictionary file) and
``textrepair._linefeatures`` (``textrepair/_linefeatures.c``, the
boilerplate stage's per-line work) are built by ``pip install`` when a C
compiler is available; both are optional. Without them, or with the
environment variable ``TEXTREPAIR_PURE`` set to anything but ``""`` or ``"0"``
when textrepair is first imported, :mod:`textrepair.candidates`,
:mod:`textrepair.boilerplate` and :mod:`textrepair.dictionary` run their
pure-Python functions, which are the reference: the kernels give the same
results, bit for bit.

>>> KERNEL in ("c", "python") and LINEFEATURES in ("c", "python")
True
>>> (kernel is None) == (KERNEL == "python")
True
>>> (linefeatures is None) == (LINEFEATURES == "python")
True
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

__all__ = ["KERNEL", "LINEFEATURES", "PURE_ENV", "kernel", "linefeatures"]

#: The environment variable that forces the pure-Python implementation.
PURE_ENV = "TEXTREPAIR_PURE"


def _load(name: str = "_kernel") -> ModuleType | None:
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"{__package__}.{name}")
    except ImportError:  # not built: no compiler at install time, or another platform
        return None


#: The compiled module, or None when the pure-Python functions run.
kernel: ModuleType | None = _load()
#: ``"c"`` when the compiled kernel runs, ``"python"`` otherwise.
KERNEL: str = "python" if kernel is None else "c"
#: The boilerplate stage's compiled line features, or None when pure Python runs.
linefeatures: ModuleType | None = _load("_linefeatures")
#: ``"c"`` when the compiled line features run, ``"python"`` otherwise.
LINEFEATURES: str = "python" if linefeatures is None else "c"
