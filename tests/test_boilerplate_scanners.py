"""The boilerplate stage's faster forms of its date and URL regexes against the
plain forms they replace (H31, session 13).

``_DATE_ONLY`` and ``_STAMP_DATE`` hold the month and weekday names as prefix
trees (:func:`textrepair.boilerplate._word_trie`) instead of plain alternations;
the stage only asks whether they match, so the trees must match exactly when
the plain alternations do. ``_may_be_date_only`` and ``_URL_STARTS`` skip
lines the regexes cannot match: they must never skip a line that matches.
Differential Hypothesis properties on lines built from the names (any casing),
dates, times, scripts the library does not know (CJK, Arabic, Cyrillic), emoji
and any ``str``. The lexicon's pattern groups skip their regex on lines without
one of their ``starts`` or ``need`` literals: strings generated from every
shipped pattern must not be skipped. (No compiled code here: these run on the
pure path too; tests/test_boilerplate_kernel.py reads the same in C.)
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import boilerplate as bp

_PLAIN_DATE_ONLY = re.compile(bp._date_only_pattern(bp._MONTHS, bp._DATE_WEEKDAYS), re.IGNORECASE)
_PLAIN_STAMP_DATE = re.compile(bp._stamp_date_pattern(bp._MONTHS), re.IGNORECASE)
_NAMES = [*bp._MONTHS.split("|"), *bp._DATE_WEEKDAYS.split("|")]

# Pieces of dates, times and other text: names cut short or run on, digits of
# other scripts, the case-insensitive look-alikes re knows (ſ, K, İ, ı).
_WORDS = [
    " ", "  ", ", ", ".", "-", "/", ":", "年", "月", "日", "at", "um", "a las", "о",
    "am", "p.m.", "a.m", "PM", "uhr", "UTC", "est", "ago", "an", "one", "hours",
    "days", "1", "12", "2024", "19:30", "8.15", "10h30", "٣", "𝟘", "中文", "تسجيل",
    "Войти", "😀", "ſ", "K", "İ", "ı", "st", "th", "de", "del",
]  # fmt: skip
_PIECES = st.one_of(
    st.sampled_from(_NAMES).map(str.upper),
    st.sampled_from(_NAMES).map(str.title),
    st.sampled_from(_NAMES).map(lambda w: w[:-1]),
    st.sampled_from(_NAMES).map(lambda w: w + "x"),
    st.sampled_from(_NAMES),
    st.sampled_from(_WORDS),
    st.text(max_size=3),
)
_LINES = st.lists(_PIECES, max_size=8).map("".join)
_CASED = st.sampled_from([str, str.upper, str.title])
_MONTH = st.builds(lambda f, w: f(w), _CASED, st.sampled_from(bp._MONTHS.split("|")))
_WEEKDAY = st.builds(lambda f, w: f(w), _CASED, st.sampled_from(bp._DATE_WEEKDAYS.split("|")))
# Dates in the shapes the patterns name: "Mon, 3. März 2014 15:40", "May 5th, 2022".
_DATES = st.builds(
    lambda wd, d, m, y, t, order: (
        (f"{wd}, " if wd else "")
        + (f"{d} {m} {y}" if order else f"{m} {d}, {y}")
        + (f" {t}" if t else "")
    ),
    st.one_of(st.just(""), _WEEKDAY),
    st.sampled_from(["3", "3.", "12", "21st", "٣"]),
    _MONTH,
    st.sampled_from(["2014", "14", "٢٠١٤"]),
    st.sampled_from(["", "15:40", "at 9.30 p.m.", "um 15:40 Uhr", "10h30 CET"]),
    st.booleans(),
)
_ANY = st.text(st.characters(exclude_categories=()), max_size=40)


def test_the_plain_forms_are_the_former_patterns() -> None:
    # (the pattern builders put the plain lists back: the regexes before the trees)
    assert "(?:jan|feb|mar|" in _PLAIN_DATE_ONLY.pattern
    assert "(?:mon|tue|wed|" in _PLAIN_DATE_ONLY.pattern
    assert "|".join(_NAMES[:3]) in _PLAIN_STAMP_DATE.pattern
    assert bp._MONTHS_TRIE in bp._DATE_ONLY.pattern and bp._MONTHS_TRIE in bp._STAMP_DATE.pattern


@settings(deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(_NAMES),
            st.text(alphabet="abjanμΜσςΣ中日تسجيلВойтиaé.+*?()[]|\\😀ſKİı", max_size=6),
        ),
        max_size=12,
    ),
    st.lists(st.one_of(st.text(alphabet="abjanΜσςΣ中تВaé.+ſKİı😀", max_size=8), _ANY), max_size=8),
    st.booleans(),
)
def test_word_trie_matches_the_plain_alternation(
    words: list[str], lines: list[str], ignorecase: bool
) -> None:
    flags = re.IGNORECASE if ignorecase else 0
    trie = re.compile(bp._word_trie(words), flags)
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + ")", flags)
    for line in [*words, *lines, *(w.upper() for w in words)]:
        assert (trie.fullmatch(line) is None) == (plain.fullmatch(line) is None), line
        assert (trie.search(line) is None) == (plain.search(line) is None), line


@settings(deadline=None, max_examples=300)
@given(st.one_of(_DATES, _LINES, _ANY))
def test_date_regexes_match_as_the_plain_ones(line: str) -> None:
    assert (bp._DATE_ONLY.match(line) is None) == (_PLAIN_DATE_ONLY.match(line) is None)
    assert (bp._STAMP_DATE.search(line) is None) == (_PLAIN_STAMP_DATE.search(line) is None)


@settings(deadline=None, max_examples=300)
@given(st.one_of(_DATES, _LINES, _ANY))
def test_prefilters_never_skip_a_match(line: str) -> None:
    line = line.strip()  # (the stage's lines are stripped and not empty)
    if not line:
        return
    if _PLAIN_DATE_ONLY.match(line) is not None:
        assert bp._may_be_date_only(line)
    if bp._URL_ONLY.match(line) is not None:
        assert "@" in line or line.startswith(bp._URL_STARTS)


def test_prefilters_on_typical_lines() -> None:
    dates = ["12 May 2020", "Mon, 3. März 2014 um 15:40 Uhr", "5:00 p.m.", "2 hours ago", "3:15 PM"]
    dates += ["2013年12月28日", "12.03.2020 10:30 CET", "AN HOUR AGO", "٣/١٢/٢٠٢٠"]
    for line in dates:
        assert bp._DATE_ONLY.match(line) is not None, line
        assert bp._may_be_date_only(line), line
    assert not any(map(bp._may_be_date_only, ["3 comments", "Page 2 of 7.", "中文 😀", "Войти"]))
    for line in ["https://example.org/x", "www.example.org", "anna@example.org"]:
        assert bp._URL_ONLY.match(line) is not None and line.startswith((*bp._URL_STARTS, "anna@"))
    for line in ["Example.org", "HTTP://X.ORG", "تسجيل"]:
        assert "@" not in line and not line.startswith(bp._URL_STARTS)


def test_last_characters_cover_what_re_matches() -> None:
    # _DATE_ONLY_LAST assumes re's IGNORECASE adds no character to m, r, t, c, o
    # (it does to k and s: the Kelvin sign, the long s) and that \d is isdecimal.
    cased = re.compile(r"[mrtco]", re.IGNORECASE)
    digit = re.compile(r"\d")
    for code in range(0x110000):
        c = chr(code)
        if cased.fullmatch(c) is not None:
            assert c in bp._DATE_ONLY_LAST, hex(code)
        assert (digit.fullmatch(c) is not None) == c.isdecimal(), hex(code)


def _gated_rules() -> list[tuple[str, tuple[str, ...]]]:
    """Every shipped unanchored pattern the lexicons gate, with its gate."""
    rules = {}
    for lang in bp.lexicon_languages():
        for _cat, kind, value in bp._read_lexicon(lang):
            if kind == "regex" and not (value.startswith("^") and bp._heads(value[1:])):
                gate = bp._necessary_literals(value)
                if gate:
                    rules[value] = gate
    return list(rules.items())


_GATED = _gated_rules()


@pytest.mark.parametrize(("pattern", "gate"), _GATED, ids=range(len(_GATED)))
@settings(
    deadline=None,
    max_examples=5,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(st.data())
def test_other_literals_are_in_every_match(
    pattern: str, gate: tuple[str, ...], data: st.DataObject
) -> None:
    # a group's need literals skip its regex: every string holding a match of
    # one of its patterns must hold one of them (any shipped pattern, any match)
    others = bp._other_literals(pattern, gate)
    assert others
    line = data.draw(st.from_regex(pattern))
    assert any(lit in line for lit in others), (others, line)
    assert any(lit in line for lit in gate), (gate, line)


def test_there_are_gated_patterns() -> None:
    assert len(_GATED) > 100


def test_lexicon_groups_find_what_their_regexes_find() -> None:
    # the groups with need literals against their regexes alone, on the lines
    # of their own patterns and on lines holding the gate but not the need
    lex = bp.load_lexicon("und")
    groups = [(gate, g) for gate, g in lex.gated if g.need is not None]
    assert groups
    for gate, group in groups:
        lines = [f"x {lit} y" for lit in gate] + [f"{lit} {n}" for lit in gate for n in group.need]
        lines += [f"({lit}) new window)" for lit in gate]
        for line in lines:
            m = group.regex.search(line)
            plain = group.categories[m.lastgroup] if m is not None and m.lastgroup else None
            assert group.search(line) == plain, line


_UND = bp.load_lexicon("und")
_HEAD_GROUPS = sorted(_UND.anchored_heads.items())


@settings(deadline=None, max_examples=400)
@given(st.data())
def test_head_group_starts_are_necessary(data: st.DataObject) -> None:
    # Lines matching a head group's patterns (generated from its regex), and
    # cut short: the group of the line's first characters answers with its
    # starts what its regex alone answers.
    _, group = data.draw(st.sampled_from(_HEAD_GROUPS))
    line = data.draw(st.from_regex(group.regex))
    for s in (line, line.strip(), line[:5], line[:8] + " x", line.upper()):
        other = _UND.anchored_heads.get(s[: bp._HEAD])
        if other is not None:
            unfiltered = bp._PatternGroup(other.regex, other.categories)
            assert other.match(s) == unfiltered.match(s), (s, other.starts)


def test_most_head_groups_know_their_starts() -> None:
    # (the speed of categorize rests on it; sorted and none beginning another,
    # as the kernel's bisection needs)
    for lang in ("en", "de", "fr", "und"):
        groups = bp.load_lexicon(lang).anchored_heads
        known = [g.starts for g in groups.values() if g.starts is not None]
        assert len(known) >= 0.9 * len(groups)
        for starts in known:
            assert list(starts) == sorted(starts)
            assert not any(b.startswith(a) for a in starts for b in starts if a != b)
    with pytest.raises(ValueError):
        bp._PatternGroup(re.compile("(?P<c0>^ab)"), {"c0": "x"}, ("ab", "abc"))
    with pytest.raises(ValueError):
        bp._PatternGroup(re.compile("(?P<c0>^ab)"), {"c0": "x"}, ("b", "a"))


def _plain_name_bylines(doc: bp._Doc, keep: list[bool]) -> list[int]:
    """``_name_bylines`` as it was before the first-character prefilter (14c4628):
    the prefix test and the "By"-alone test on every line."""
    stripped, words, terminal = doc.stripped, doc.words, doc.terminal
    out = []
    for j, s in enumerate(stripped):
        if not s.startswith(bp._BY_PREFIXES):
            continue
        if not keep[j] or not 3 <= words[j] <= bp._BY_MAX_WORDS or terminal[j]:
            continue
        if s.endswith(":") or len(s) > bp._BY_MAX_CHARS:
            continue
        parts = [p.split() for p in bp._BY_PARTS.split(s.partition(" ")[2].strip())]
        if len(parts[0]) >= 2 and all(
            0 < len(p) <= 4 and all(t[0].isupper() for t in p) for p in parts
        ):
            out.append(j)
    out.extend(bp._split_bylines(doc, keep, None))  # None: every line tested
    return sorted(set(out))


# Byline pieces: every prefix and its word alone (with colons, other cases),
# names, joiners, and scripts the library does not know.
_BY_WORDS = [
    *bp._BY_PREFIXES, *bp._BY_ALONE, *(w.lower() for w in bp._BY_ALONE),
    *(w.upper() for w in bp._BY_ALONE), ":", "::", " ", "Anna", "Berg", "Tom Lee",
    " and ", " und ", ", ", " | ", "CNN Business", "the numbers", ".", "Bъ", "Вы",
    "中文", "تسجيل", "Войти", "😀", "İ", "ǅ", "A", "B", "P",
]  # fmt: skip
_BY_NAMES = st.sampled_from(["Anna Berg", "Loïc Le Clerc", "Гоша Петров", "Sarah E. Needleman"])
_BY_LINES = st.one_of(
    # "By Anna Berg and Tom Lee, CNN", "Von Heike Buchter": the bylines the rule removes
    st.builds(
        lambda p, a, j, b: p + a + j + b,
        st.sampled_from(bp._BY_PREFIXES),
        _BY_NAMES,
        st.sampled_from(["", " and ", ", ", " | ", " und "]),
        st.sampled_from(["", "Tom Lee", "CNN Business", "the numbers"]),
    ),
    # "By" alone (with colons), then a name
    st.builds(
        lambda w, c: w + c, st.sampled_from(sorted(bp._BY_ALONE)), st.sampled_from(["", ":"])
    ),
    _BY_NAMES,
    st.lists(
        st.one_of(st.sampled_from(_BY_WORDS), st.text(max_size=3)), min_size=1, max_size=7
    ).map("".join),
)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BY_LINES, min_size=1, max_size=12), st.data())
def test_name_bylines_as_the_plain_form(lines: list[str], data: st.DataObject) -> None:
    doc = bp._analyse("\n".join(lines), "en")
    n = len(doc.stripped)
    keep = data.draw(st.lists(st.sampled_from([True, True, False]), min_size=n, max_size=n))
    assert bp._name_bylines(doc, keep) == _plain_name_bylines(doc, keep)


def test_by_firsts_begin_every_prefix() -> None:
    # the prefilter's premise: every prefix, and every word alone, opens with one of them
    assert all(p[:1] in bp._BY_FIRSTS for p in (*bp._BY_PREFIXES, *bp._BY_ALONE))
    lines = ["Title", "By Anna Berg and Tom Lee", "Von", "Heike Buchter", "Text here."]
    doc = bp._analyse("\n".join(lines), "en")
    assert bp._name_bylines(doc, [True] * 5) == [1, 2, 3]
