"""textrepair: repair text as it arrives in corpora, and account for every change.

Three stages, each usable alone: ``encoding`` (mojibake, entities, control
and invisible characters, OCR line-break hyphenation, hard wraps),
``boilerplate`` (navigation and interface lines in flattened web pages) and
``tokens`` (dictionary-backed repair of corrupted tokens).

>>> import textrepair
>>> textrepair.repair("Caf\\u00c3\\u00a9 cr\\u00c3\\u00a8me", lang="fr")
'Café crème'
>>> result = textrepair.Repairer(lang="en").repair("fish &amp; chips")
>>> result.text, [(e.before, e.after, e.reason) for e in result.edits]
('fish & chips', [('&amp;', '&', 'html-entity')])
"""

from ._version import __version__
from .config import Config
from .decode import decode_bytes
from .edits import Edit, apply_edits
from .pipeline import Repairer, Result, repair, supported_languages

__all__ = [
    "Config",
    "Edit",
    "Repairer",
    "Result",
    "__version__",
    "apply_edits",
    "decode_bytes",
    "repair",
    "supported_languages",
]
