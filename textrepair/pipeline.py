"""The pipeline: runs the stages in order and maps every edit back to the input.

>>> r = Repairer(lang="en", boilerplate=False, tokens=False)
>>> result = r.repair("caf\\u00c3\\u00a9 &amp; cr\\u00c3\\u00a8me")
>>> result.text
'café & crème'
>>> [e.reason for e in result.edits]
['mojibake', 'html-entity', 'mojibake']
>>> from textrepair import apply_edits
>>> apply_edits("caf\\u00c3\\u00a9 &amp; cr\\u00c3\\u00a8me", result.edits) == result.text
True
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .config import Config
from .edits import Edit, EditLog
from .parallel import ordered_map
from .stage import Context, Learner, Stage

__all__ = ["Repairer", "Result", "repair", "supported_languages"]

# Stage order and where each lives; imported when first needed.
_STAGES: tuple[tuple[str, str, str], ...] = (
    ("encoding", "textrepair.encoding", "EncodingStage"),
    ("boilerplate", "textrepair.boilerplate", "BoilerplateStage"),
    ("tokens", "textrepair.tokens", "TokenStage"),
)

_BYTES_HINT = "; decode it first with textrepair.decode_bytes()"


@dataclass
class Result:
    """The outcome of repairing one document.

    ``text`` is the repaired text, ``lang`` the language used (``"und"`` when
    it could not be determined; with ``lang="auto"``, that of the text the
    boilerplate stage left, which the token stage repairs), ``edits`` every
    change as offsets into the input (so ``apply_edits(input, result.edits) ==
    result.text``), and
    ``notes`` remarks from the stages, such as boilerplate removal withheld.
    """

    text: str
    lang: str
    edits: list[Edit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether any edit was made."""
        return bool(self.edits)


def supported_languages() -> tuple[str, ...]:
    """Language codes accepted by ``lang=`` (besides ``"auto"``), sorted.

    >>> "en" in supported_languages() and "fr" in supported_languages()
    True
    """
    from .dictionary import available_languages

    return tuple(sorted(available_languages()))


def _check_lang(lang: object) -> str:
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, not {type(lang).__name__}")
    if lang == "auto":
        return lang
    supported = supported_languages()
    if lang not in supported:
        raise ValueError(f"unsupported language {lang!r}; supported: auto, {', '.join(supported)}")
    return lang


def _check_iterable(texts: object, name: str) -> None:
    # A lone str is iterable too, and would be repaired one character at a time.
    if isinstance(texts, (str, bytes)):
        raise TypeError(f"{name} must be an iterable of str, not a single {type(texts).__name__}")


class Repairer:
    """Repairs many documents with one configuration, loading resources once.

    Options are those of :class:`Config` (pass ``config=`` and/or keyword
    options; keywords override the config). ``lang`` is a supported language
    code or ``"auto"`` to detect it per document.

    >>> r = Repairer(lang="fr", tokens=False)
    >>> r.repair("Bonjour &eacute;t&eacute;").text
    'Bonjour été'
    >>> Repairer(lang="tlh")
    Traceback (most recent call last):
        ...
    ValueError: unsupported language 'tlh'; supported: auto, ...
    """

    def __init__(self, lang: str = "auto", config: Config | None = None, **options: Any) -> None:
        self.config = Config.from_options(config, **options)
        self.lang = _check_lang(lang)
        self._stages: list[Stage] | None = None
        # Stages that learned from fit(); the only stage state worth shipping to workers.
        self._learned: dict[str, Stage] = {}

    def __repr__(self) -> str:
        return f"Repairer(lang={self.lang!r}, config={self.config!r})"

    @property
    def stages(self) -> list[Stage]:
        """The enabled stages, in order (built on first use)."""
        if self._stages is None:
            stages = []
            for name, module, cls in _STAGES:
                if not getattr(self.config, name):
                    continue
                stage = self._learned.get(name)
                if stage is None:
                    stage = getattr(importlib.import_module(module), cls)(self.config)
                stages.append(stage)
            self._stages = stages
        return self._stages

    def _resolve_lang(self, text: str) -> str:
        if self.lang != "auto":
            return self.lang
        from .langdetect import detect_language

        lang: str = detect_language(text)
        return lang

    def repair(self, text: str, *, group: str | None = None) -> Result:
        """Repair one document. ``group`` names its site or source (for corpus-learned rules).

        Raises ``TypeError`` if ``text`` is not a ``str`` (decode bytes first,
        e.g. with :func:`textrepair.decode_bytes`).
        """
        if not isinstance(text, str):
            raise TypeError(
                f"text must be str, not {type(text).__name__}"
                + (_BYTES_HINT if isinstance(text, (bytes, bytearray)) else "")
            )
        ctx = Context(self._resolve_lang(text), self.config, group)
        log = EditLog(text)
        stages = self.stages
        lang = ctx.lang
        for k, stage in enumerate(stages):
            stage_ctx = ctx
            if stage.name == "tokens" and self.lang == "auto" and log.text != text:
                # The token stage reads the content: its dictionary is that of the
                # text the boilerplate stage left, without menus in another language,
                # so that repairing the output reads it in the same language again.
                lang = self._resolve_lang(log.text)
                stage_ctx = replace(ctx, lang=lang)  # (the same notes)
            new_text, edits = stage.process(log.text, stage_ctx)
            log.apply(stage.name, edits, new_text)
            if edits and k:
                # A removed line or a repaired token can enable an earlier stage's
                # rule (two lines now adjacent read as one wrapped paragraph; "Jclear"
                # -> "Clear" reads as a button): the earlier stages judge the text
                # again now, or repairing the output would change it (found by the
                # idempotence property).
                seen = len(ctx.notes)
                for earlier in stages[:k]:
                    again, more = earlier.process(log.text, ctx)
                    log.apply(earlier.name, more, again)
                ctx.notes[seen:] = [n for n in ctx.notes[seen:] if n not in ctx.notes[:seen]]
        return Result(log.text, lang, log.edits(), ctx.notes)

    def fit(self, documents: Iterable[str], *, group: str | None = None) -> Repairer:
        """Learn corpus statistics (template lines, document-frequent words) from ``documents``.

        One streaming pass; memory stays bounded however many documents there
        are. Call it again to learn more (e.g. another ``group``). Returns self.
        """
        _check_iterable(documents, "documents")
        learners = [s for s in self.stages if isinstance(s, Learner)]
        for learner in learners:
            self._learned[learner.name] = learner
        for text in documents:
            if not isinstance(text, str):
                raise TypeError(f"documents must be str, not {type(text).__name__}")
            ctx = Context(self._resolve_lang(text), self.config, group)
            for learner in learners:
                learner.observe(text, ctx)
        return self

    def repair_many(
        self,
        texts: Iterable[str],
        *,
        workers: int = 1,
        group: str | None = None,
        chunksize: int = 64,
    ) -> Iterator[Result]:
        """Repair ``texts`` lazily, yielding results in input order.

        With ``workers > 1`` documents are repaired in that many processes,
        each loading resources once; ``workers=0`` means one per CPU. Input is
        consumed lazily, so memory stays bounded for long iterables.
        """
        _check_iterable(texts, "texts")
        if not isinstance(workers, int) or workers < 0:
            raise ValueError(f"workers must be a non-negative int, not {workers!r}")
        if workers == 0:
            workers = os.cpu_count() or 1
        return self._repair_many(texts, workers, group, chunksize)

    def _repair_many(
        self, texts: Iterable[str], workers: int, group: str | None, chunksize: int
    ) -> Iterator[Result]:
        if workers == 1:
            for text in texts:
                yield self.repair(text, group=group)
            return
        yield from ordered_map(
            _work,
            ((t, group) for t in texts),
            workers=workers,
            chunksize=chunksize,
            initializer=_init_worker,
            initargs=(self,),
        )

    def __getstate__(self) -> dict[str, Any]:
        # Loaded resources (dictionaries, compiled tables) are rebuilt lazily on
        # the other side; only what fit() learned travels.
        return {"config": self.config, "lang": self.lang, "learned": self._learned}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self.lang = state["lang"]
        self._learned = state["learned"]
        self._stages = None


_worker_repairer: Repairer | None = None


def _init_worker(repairer: Repairer) -> None:
    global _worker_repairer
    _worker_repairer = repairer


def _work(item: tuple[str, str | None]) -> Result:
    assert _worker_repairer is not None
    text, group = item
    return _worker_repairer.repair(text, group=group)


def repair(text: str, *, lang: str = "auto", **options: Any) -> str:
    """Repair ``text`` and return the clean text: the one-liner.

    For many documents, build a :class:`Repairer` once instead (it caches
    resources between calls); for the account of changes, use
    ``Repairer(...).repair(text).edits``.

    >>> repair("The cafÃ© is open", lang="en")
    'The café is open'
    """
    return _cached_repairer(lang, Config.from_options(None, **options)).repair(text).text


_repairers: dict[tuple[str, Config], Repairer] = {}


def _cached_repairer(lang: str, config: Config) -> Repairer:
    # The one-liner must not reload dictionaries on every call.
    key = (lang, config)
    r = _repairers.get(key)
    if r is None:
        if len(_repairers) >= 8:
            _repairers.clear()
        r = _repairers[key] = Repairer(lang, config)
    return r
