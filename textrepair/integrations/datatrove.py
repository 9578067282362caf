"""A datatrove pipeline step that repairs ``Document.text`` (``pip install textrepair[datatrove]``).

The step pickles small: it holds only the language and the frozen
:class:`~textrepair.Config`; each task builds its :class:`~textrepair.Repairer`
(and loads dictionaries) on first use. Edit counts go to the step's stats
(``edits``, ``edits/<stage>``, ``changed``); with ``record_edits=True`` each
document's edits are also stored in ``metadata["textrepair_edits"]``.

>>> from datatrove.data import Document
>>> step = TextRepairFormatter(lang="en")
>>> [d.text for d in step.run([Document(text="fish &amp; chips", id="1")])]
['fish & chips']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter

from ..config import Config
from ..pipeline import Repairer, _check_lang

__all__ = ["TextRepairFormatter"]


class TextRepairFormatter(BaseFormatter):  # type: ignore[misc]
    """Repairs each document's text; options as for :class:`~textrepair.Repairer`."""

    name = "🩹 textrepair"

    def __init__(
        self,
        lang: str = "auto",
        config: Config | None = None,
        *,
        record_edits: bool = False,
        **options: Any,
    ) -> None:
        super().__init__()
        self.lang = _check_lang(lang)
        self.config = Config.from_options(config, **options)
        self.record_edits = record_edits
        self._repairer: Repairer | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_repairer"] = None  # rebuilt lazily in the task, never shipped
        return state

    @property
    def repairer(self) -> Repairer:
        if self._repairer is None:
            self._repairer = Repairer(self.lang, self.config)
        return self._repairer

    def format(self, text: str) -> str:
        """Repair one text (datatrove's formatter interface)."""
        return self.repairer.repair(text).text

    def run(
        self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1
    ) -> Iterator[Document]:
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                result = self.repairer.repair(doc.text)
            if result.edits:
                self.stat_update("changed")
                self.stat_update("edits", value=len(result.edits))
                for edit in result.edits:
                    self.stat_update(f"edits/{edit.stage}")
            if self.record_edits:
                doc.metadata["textrepair_edits"] = [e.to_dict() for e in result.edits]
            doc.text = result.text
            yield doc
