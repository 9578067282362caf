"""Which implementation of the candidate search runs: the compiled kernel or pure Python.

``textrepair._kernel`` (``textrepair/_kernel.c``) is built by ``pip install``
when a C compiler is available; it is optional. Without it, or with the
environment variable ``TEXTREPAIR_PURE`` set to anything but ``""`` or ``"0"``
when textrepair is first imported, :mod:`textrepair.candidates` runs its
pure-Python functions, which are the reference: the kernel gives the same
results, bit for bit.

>>> KERNEL in ("c", "python")
True
>>> (kernel is None) == (KERNEL == "python")
True
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

__all__ = ["KERNEL", "PURE_ENV", "kernel"]

#: The environment variable that forces the pure-Python implementation.
PURE_ENV = "TEXTREPAIR_PURE"


def _load() -> ModuleType | None:
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"{__package__}._kernel")
    except ImportError:  # not built: no compiler at install time, or another platform
        return None


#: The compiled module, or None when the pure-Python functions run.
kernel: ModuleType | None = _load()
#: ``"c"`` when the compiled kernel runs, ``"python"`` otherwise.
KERNEL: str = "python" if kernel is None else "c"
