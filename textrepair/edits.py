"""Edits: the account of every change, and how stages' edits compose.

Every stage reports what it changed as :class:`Edit` objects whose offsets
point into the text *that stage received*. :class:`EditLog` keeps the
mapping from the current text back to the original input, so the pipeline
can report every edit in offsets of the user's input, and
:func:`apply_edits` rebuilds the output from the input and those edits.

>>> edits = [Edit(0, 3, "tbe", "the", "tokens", "ocr-confusion", 0.9)]
>>> apply_edits("tbe cat", edits)
'the cat'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

__all__ = ["Edit", "EditLog", "apply_edits"]

STAGES = ("encoding", "boilerplate", "tokens")


@dataclass(frozen=True, slots=True, init=False)
class Edit:
    """One change: ``text[start:end]`` (which equals ``before``) became ``after``.

    ``start`` and ``end`` are offsets in code points into the text the edit
    applies to: for edits in a :class:`~textrepair.Result`, the user's input.
    ``stage`` names the stage that made it, ``reason`` is a short code such as
    ``"mojibake"`` or ``"nav-line"``, and ``confidence`` is in [0, 1].
    When a later stage changes text that an earlier stage produced, the two
    are reported as one edit whose ``reason`` joins both codes with ``+``.

    The constructor validates its arguments (three comparisons: cheap; the
    cost of building an edit is setting its seven fields). Stages' hot paths,
    which build edits from slices of their own text, may use ``Edit._trusted``
    instead: same arguments, no checks, a little cheaper.

    >>> e = Edit(4, 12, "drstarts", "drones", "tokens", "substitution-rule", 0.93)
    >>> e.to_dict()["after"]
    'drones'
    >>> Edit._trusted(4, 12, "drstarts", "drones", "tokens", "substitution-rule", 0.93) == e
    True
    >>> Edit(4, 10, "drstarts", "drones", "tokens", "x")
    Traceback (most recent call last):
        ...
    ValueError: edit span [4, 10) does not match before='drstarts'
    """

    start: int
    end: int
    before: str
    after: str
    stage: str
    reason: str
    confidence: float = 1.0

    def __init__(
        self,
        start: int,
        end: int,
        before: str,
        after: str,
        stage: str,
        reason: str,
        confidence: float = 1.0,
    ) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"invalid edit span [{start}, {end})")
        if end - start != len(before):
            raise ValueError(f"edit span [{start}, {end}) does not match before={before!r}")
        if not 0.0 <= confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {confidence!r}")
        _fill(self, start, end, before, after, stage, reason, confidence)

    @staticmethod
    def _trusted(
        start: int,
        end: int,
        before: str,
        after: str,
        stage: str,
        reason: str,
        confidence: float = 1.0,
    ) -> Edit:
        """An edit built without validation, for stages' hot paths.

        The caller guarantees what the constructor checks: ``0 <= start <= end``,
        ``before == text[start:end]`` and ``0 <= confidence <= 1``.
        """
        self: Edit = _new(Edit)
        _fill(self, start, end, before, after, stage, reason, confidence)
        return self

    def to_dict(self) -> dict[str, object]:
        """The edit as a JSON-ready dict (the CLI's ``--explain`` format)."""
        return {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "stage": self.stage,
            "reason": self.reason,
            "confidence": round(self.confidence, 4),
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Edit:
        """Inverse of :meth:`to_dict`."""
        return cls(
            int(data["start"]),  # type: ignore[call-overload]
            int(data["end"]),  # type: ignore[call-overload]
            str(data["before"]),
            str(data["after"]),
            str(data["stage"]),
            str(data["reason"]),
            float(data.get("confidence", 1.0)),  # type: ignore[arg-type]
        )


_new = object.__new__
_SETTERS = tuple(
    getattr(Edit, name).__set__
    for name in ("start", "end", "before", "after", "stage", "reason", "confidence")
)
_START = attrgetter("start")


def _fill(
    e: Edit, start: int, end: int, before: str, after: str, stage: str, reason: str, conf: float
) -> None:
    # Slot descriptors set fields directly: a frozen dataclass's own
    # __init__ goes through object.__setattr__ per field, twice as slow.
    s0, s1, s2, s3, s4, s5, s6 = _SETTERS
    s0(e, start)
    s1(e, end)
    s2(e, before)
    s3(e, after)
    s4(e, stage)
    s5(e, reason)
    s6(e, conf)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping ``edits`` (offsets into ``text``) and return the result.

    Edits are applied in order of ``start``; edits with the same start keep
    their given order, so an insertion listed before a replacement at the same
    offset comes first. Raises ``ValueError`` if an edit does not match the
    text or edits overlap.

    >>> apply_edits("abc", [Edit(1, 2, "b", "BB", "tokens", "x")])
    'aBBc'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    ordered = sorted(edits, key=_START)
    parts: list[str] = []
    pos = 0
    for e in ordered:
        if e.start < pos:
            raise ValueError(f"edits overlap at offset {e.start}")
        if text[e.start : e.end] != e.before:
            raise ValueError(
                f"edit at [{e.start}, {e.end}) expects {e.before!r}, "
                f"text has {text[e.start : e.end]!r}"
            )
        parts.append(text[pos : e.start])
        parts.append(e.after)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class _Segment:
    """A changed piece of the current text: original span and its current text."""

    __slots__ = ("edits", "orig_end", "orig_start", "text")

    def __init__(self, orig_start: int, orig_end: int, text: str, edits: list[Edit]) -> None:
        self.orig_start = orig_start
        self.orig_end = orig_end
        self.text = text
        self.edits = edits  # the stage-local edits that produced it, oldest first


class EditLog:
    """Tracks a text through successive stages and maps edits back to the input.

    Between changed segments, the current text equals the original, so only
    the changed segments are stored; applying a stage is one linear merge of
    its (sorted) edits with the segments.

    >>> log = EditLog("tbe  cat")
    >>> log.apply("encoding", [Edit(3, 5, "  ", " ", "encoding", "whitespace")])
    >>> log.text
    'tbe cat'
    >>> log.apply("tokens", [Edit(0, 3, "tbe", "the", "tokens", "ocr-confusion", 0.9)])
    >>> [(e.start, e.end, e.after) for e in log.edits()]
    [(0, 3, 'the'), (3, 5, ' ')]
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self._segments: list[_Segment] = []

    def apply(self, stage: str, edits: Sequence[Edit], new_text: str | None = None) -> None:
        """Record ``edits`` (offsets into the current text) made by ``stage``.

        ``new_text``, when given, must equal the edits applied to the current
        text; passing it saves rebuilding the string.
        """
        if not edits:
            return
        ordered = sorted(edits, key=_START)
        old_text = self.text
        self.text = new_text if new_text is not None else apply_edits(old_text, ordered)
        if not self._segments:
            # The first stage that changes anything: its offsets are original
            # offsets, and no earlier change can bind its edits together.
            self._segments = [_Segment(e.start, e.end, e.after, [e]) for e in ordered]
            return
        self._segments = self._merge(self._cluster(ordered, old_text))

    def _cluster(self, edits: list[Edit], text: str) -> list[tuple[int, int, str, list[Edit]]]:
        """Join consecutive edits that fall inside one earlier changed segment.

        Such a segment can only be reported as a whole, so the edits touching
        it become one change over the current text.
        """
        spans: list[tuple[int, int]] = []  # current-text ranges of changed segments
        delta = 0
        for seg in self._segments:
            start = seg.orig_start + delta
            spans.append((start, start + len(seg.text)))
            delta += len(seg.text) - (seg.orig_end - seg.orig_start)
        out: list[tuple[int, int, str, list[Edit]]] = []
        j = 0
        for e in edits:
            if out:
                start, end, after, hist = out[-1]
                while j < len(spans) and spans[j][1] <= end:
                    j += 1
                # A segment reaching over the gap between the two edits binds them.
                if j < len(spans) and spans[j][0] < end and spans[j][1] > e.start:
                    out[-1] = (start, e.end, after + text[end : e.start] + e.after, [*hist, e])
                    continue
            out.append((e.start, e.end, e.after, [e]))
        return out

    def _merge(self, edits: list[tuple[int, int, str, list[Edit]]]) -> list[_Segment]:
        segs = self._segments
        out: list[_Segment] = []
        i = 0
        delta = 0  # current offset minus original offset, before segment i
        for e_start, e_end, e_after, e_hist in edits:
            # Segments wholly before the edit (touching its start is "before").
            while i < len(segs):
                seg = segs[i]
                cur_start = seg.orig_start + delta
                if cur_start + len(seg.text) > e_start:
                    break
                out.append(seg)
                delta += len(seg.text) - (seg.orig_end - seg.orig_start)
                i += 1
            # Segments the edit overlaps, or empty ones strictly inside it, merge with it.
            absorbed: list[_Segment] = []
            first_delta = delta
            tail_cur_start = 0
            while i < len(segs):
                seg = segs[i]
                cur_start = seg.orig_start + delta
                cur_end = cur_start + len(seg.text)
                if not (cur_start < e_end and e_start < cur_end) and not (
                    cur_start == cur_end and e_start < cur_start < e_end
                ):
                    break
                absorbed.append(seg)
                tail_cur_start = cur_start
                delta += len(seg.text) - (seg.orig_end - seg.orig_start)
                i += 1
            if not absorbed:
                out.append(_Segment(e_start - delta, e_end - delta, e_after, list(e_hist)))
                continue
            head, tail = absorbed[0], absorbed[-1]
            head_cur_start = head.orig_start + first_delta
            prefix = head.text[: max(0, e_start - head_cur_start)]
            suffix = tail.text[max(0, e_end - tail_cur_start) :]
            orig_start = min(head.orig_start, e_start - first_delta)
            orig_end = max(tail.orig_end, e_end - delta)
            history = [x for s in absorbed for x in s.edits]
            history.extend(e_hist)
            out.append(_Segment(orig_start, orig_end, prefix + e_after + suffix, history))
        out.extend(segs[i:])
        return out

    def edits(self) -> list[Edit]:
        """The changes so far, as edits on the original input, in order."""
        result = []
        original = self.original
        trusted = Edit._trusted
        for seg in self._segments:
            start, end, after = seg.orig_start, seg.orig_end, seg.text
            before = original[start:end]
            if before == after:
                continue  # a later stage undid an earlier change
            last = seg.edits[-1]
            if len(seg.edits) == 1:
                if last.start == start and last.after == after and last.before == before:
                    result.append(last)  # already an edit on the original: reuse it
                    continue
                stage, reason, conf = last.stage, last.reason, last.confidence
            else:
                stage = last.stage
                reason = "+".join(dict.fromkeys(x.reason for x in seg.edits))
                conf = min(x.confidence for x in seg.edits)
            # Valid by construction: before is the original slice, confidences were checked.
            result.append(trusted(start, end, before, after, stage, reason, conf))
        return result
