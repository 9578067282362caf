"""Build of the optional compiled kernels (``textrepair._kernel``, ``textrepair._linefeatures``);
metadata is in pyproject.toml.

The extensions are optional: without a C compiler the install still succeeds and
``textrepair.candidates`` and ``textrepair.boilerplate`` run their pure-Python references
(``KERNEL == "python"``, ``LINEFEATURES == "python"``).
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
        ),
        # The boilerplate stage's per-line work (textrepair.boilerplate is the reference).
        Extension(
            "textrepair._linefeatures",
            sources=["textrepair/_linefeatures.c"],
            optional=True,
            extra_compile_args=["-O2", "-ffp-contract=off"] if _unix else [],
        ),
    ],
)
