"""The small protocol every stage implements, and the per-document context it gets.

A stage is text in, text and edits out. Its edits point into the text it
received; the pipeline maps them back to the user's input
(:class:`~textrepair.edits.EditLog`). A stage object is built once per
:class:`~textrepair.Repairer` with the config and keeps whatever it loads
(dictionaries, lexicons, learned corpus statistics) across documents.
Stages that learn from a corpus also implement :class:`Learner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .config import Config
    from .edits import Edit

__all__ = ["Context", "Learner", "Stage"]


@dataclass
class Context:
    """What a stage knows about the document beyond its text.

    ``lang`` is the resolved language code (never ``"auto"``); ``group`` names
    the site or source the document came from, if the caller said; stages
    append human-readable remarks for the result to ``notes``.
    """

    lang: str
    config: Config
    group: str | None = None
    notes: list[str] = field(default_factory=list)


@runtime_checkable
class Stage(Protocol):
    """Text in; text and edits (offsets into the input text) out."""

    name: ClassVar[str]

    def process(self, text: str, ctx: Context) -> tuple[str, list[Edit]]:
        """Repair ``text``; return the new text and the edits that produce it."""
        ...


@runtime_checkable
class Learner(Protocol):
    """A stage that learns from a corpus (template lines, document-frequent words).

    ``observe`` is called once per document and must keep memory bounded
    however many documents it sees.
    """

    name: ClassVar[str]

    def observe(self, text: str, ctx: Context) -> None:
        """Take one document into the corpus statistics."""
        ...
