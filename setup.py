"""Build of the optional compiled kernel (``textrepair._kernel``); metadata is in pyproject.toml.

The extension is optional: without a C compiler the install still succeeds and
``textrepair.candidates`` runs its pure-Python reference (``KERNEL == "python"``).
"""

import os

from setuptools import Extension, setup

_unix = os.name == "posix"

setup(
    ext_modules=[
        Extension(
            "textrepair._kernel",
            sources=["textrepair/_kernel.c"],
            optional=True,
            # Additions and comparisons only, in the reference's order: no
            # contraction into fused multiply-adds, so costs stay bit-identical.
            extra_compile_args=["-O2", "-ffp-contract=off"] if _unix else [],
        )
    ],
)
