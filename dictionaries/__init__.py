"""Frequency dictionaries shipped with textrepair (data only; see README.md here).

Installed as the ``textrepair.dictionaries`` package and read through
``importlib.resources``; the loader is :mod:`textrepair.dictionary`.
"""
