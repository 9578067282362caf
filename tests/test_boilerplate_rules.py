"""Tests of the boilerplate stage's rules of sessions 6-8: datelines,
closing punctuation behind invisible characters, the article body kept when the
main stretch misses it, tables flattened one cell per line, boxes of headlines
under a bare "related" marker, image captions and credits, threads of
readers' comments, the first teasers of a list left after the last paragraph,
the blog platforms' interface strings in the lexicons; captions that place
the people shown, author boxes, self-promotion sentences and a stretch that
reaches back through a long menu (session 8); another language's interface
phrases, captions glued to their credit, "About ..." author boxes, bylines
that are only names and wire photos' captions (session 10); embedded posts'
fallback text, which a heading above it sees through, and a menu measured to
the body's block (session 11).

Page cases are data (``tests/data/boilerplate_rules_cases.jsonl``, hand-written
pages in English, German, French and Spanish); each rule is also switched off
to show that its cases then fail, so they test the rule and not something else.
"""

from __future__ import annotations

import re

import pytest

import textrepair.boilerplate as bp
from textrepair.boilerplate import (
    BoilerplateStage,
    _analyse,
    _author_boxes,
    _body_segment,
    _caption_lines,
    _comment_thread,
    _credit_lines,
    _menu_head,
    _stamp_lines,
    _table_lines,
    _teaser_ends,
    _trailing_teasers,
    load_lexicon,
    normalize_line,
)
from textrepair.config import Config
from textrepair.stage import Context

from .conftest import check_edits as shared_check_edits
from .conftest import page_cases, page_failures

CASES = page_cases("boilerplate_rules_cases.jsonl")


def failures(case: dict) -> tuple[list[str], list[str]]:
    """(content lines removed, boilerplate lines kept) for one case."""
    return page_failures(case, strip=True)


def of(rule: str) -> list[dict]:
    return [c for c in CASES if c["label"].startswith(rule + "/")]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict) -> None:
    lost, left = failures(case)
    assert not lost, f"content lines removed: {lost}"
    assert not left, f"boilerplate lines kept: {left}"


def test_cases_cover_rules_and_languages() -> None:
    rules = ("dateline", "dateline-sentence", "invisible-terminal", "table", "blog-platform")
    more = ("related-box", "related-box-guard", "image-credit", "comment-thread")
    for rule in (
        *rules,
        *more,
        "comment-thread-guard",
        "trailing-teasers",
        "trailing-teasers-guard",
        "caption",
        "caption-guard",
        "author-box",
        "author-box-guard",
        "promotion",
        "read-more-teaser",
        "read-more-teaser-guard",
        "about-box",
        "name-byline",
    ):
        assert {c["lang"] for c in of(rule)} >= {"en", "de", "fr", "es"}, rule


def test_table_rule_off_loses_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it the cells go as page numbers and menu items, and a table between
    # two paragraphs cuts the article in two (the text after it goes too).
    monkeypatch.setattr(bp, "_table_lines", lambda doc: set())
    for case in of("table") + of("table-last"):
        lost = failures(case)[0]
        assert lost, case["label"]
        assert any(line[:1].isdigit() or len(line.split()) <= 3 for line in lost), lost


def test_related_box_rule_off_keeps_headlines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_related_boxes", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("related-box"))


def test_related_box_guard_off_loses_subheadings(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Read more: <headline>" carries its headline: the line after it is the
    # article's own subheading, which goes when any marker heads a box.
    monkeypatch.setattr(bp, "_BOX_MARKER_WORDS", 100)
    assert all(failures(c)[0] for c in of("related-box-guard"))


def test_credit_rule_off_keeps_credits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_credit_lines", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("image-credit"))


def test_credit_lines() -> None:
    lines = [
        "Title",
        "Photo: Anna Berg",  # a credit opening the line
        "A wolf by the river. | © Getty Images",  # closing it
        "Die Wölfe im Tal. (Foto: Anna Berg/dpa).",
        "Trybunał Konstytucyjny / Shutterstock",
        "The EPA cycle gives a range of 300 miles.",  # an agency name in a sentence
        "He photographed the wolves by the river at dawn.",
        "Our photos: see the gallery below for more of the wolves and their pups this year.",
        "A wolf. Photo: " + "word " * 45,  # too long for a caption
        "Das Hermelin im Winter. (mlharing / iStock.com)",  # a domain after the mark
        "Schneeräumpflicht - was man wissen muss© Rike/pixelio.de",  # © anywhere
    ]
    doc = _analyse("\n".join(lines), "en")
    assert _credit_lines(doc, [True] * len(lines)) == [1, 2, 3, 4, 9, 10]
    keep = [j != 1 for j in range(len(lines))]
    assert _credit_lines(doc, keep) == [2, 3, 4, 9, 10]


def test_thread_rule_off_keeps_comments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_comment_thread", lambda doc: range(0))
    kept = [c["label"] for c in of("comment-thread") if failures(c)[1]]
    # the German heading and commenter lines are lexicon phrases: they go anyway
    assert {label.split("/")[1] for label in kept} == {"en", "fr", "es"}


def test_comment_thread_needs_a_heading() -> None:
    body = "A sentence of the article with enough words to be its text. " * 8
    lines = [body, "anna says:", "Great.", "ben says:", "No."]
    assert _comment_thread(_analyse("\n".join(lines), "en")) == range(0)
    lines.insert(1, "2 responses to Title")
    assert _comment_thread(_analyse("\n".join(lines), "en")) == range(1, 6)
    del lines[4:]  # one commenter is not a thread
    assert _comment_thread(_analyse("\n".join(lines), "en")) == range(0)


def test_trailing_rule_off_keeps_teasers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_trailing_teasers", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("trailing-teasers"))


def test_trailing_teasers_go_as_related_links() -> None:
    stage = bp.BoilerplateStage(Config())
    for case in of("trailing-teasers"):
        _, edits = stage.process(case["input"], Context(case["lang"], Config()))
        reasons = {e.before.strip(): e.reason for e in edits}
        assert {reasons[line] for line in case["expected"]["remove"]} == {"related-links"}


def test_trailing_teasers_guards() -> None:
    para = "A sentence of the article body with enough words in it. " * 2
    doc = _analyse("\n".join(["Title", para, "Other story", "One more", "Menu", "Home"]), "en")
    keep = [False, True, True, True, False, False]
    assert _trailing_teasers(doc, keep) == [2, 3]
    # one removed line after them is a gap in the text, not its end
    assert _trailing_teasers(doc, [False, True, True, True, False, True]) == []
    # three lines are a list, not the first teasers of one
    doc = _analyse("\n".join(["Title", para, "One", "Two", "Three", "Menu", "Home"]), "en")
    assert _trailing_teasers(doc, [False, True, True, True, True, False, False]) == []
    # a colon introduces what follows
    doc = _analyse(
        "\n".join(["Title", para, "The report is here:", "Report", "Menu", "Home"]), "en"
    )
    assert _trailing_teasers(doc, keep) == []


def test_table_lines() -> None:
    rows = [f"{k}\nPlayer {k}\n{100 - k}\n{k + 3}" for k in range(1, 6)]
    header = ["Pos.", "Name", "Points", "Wins"]
    text = "\n".join(["Results of the fifth round:", *header, *rows, "End."])
    doc = _analyse(text, "en")
    assert sorted(_table_lines(doc)) == list(range(1, 25))  # the header row with it
    # a calendar or a list of years (numbers only) is not a table
    calendar = "\n".join(["March", *map(str, range(1, 32)), "Text."])
    assert _table_lines(_analyse(calendar, "en")) == set()
    # nor are fewer than four rows, or rows with a single number
    short = "\n".join(["Results:", *rows[:3], "End."])
    assert _table_lines(_analyse(short, "en")) == set()
    single = "\n".join(f"Player {k}\n{k}" for k in range(1, 20))
    assert _table_lines(_analyse(single, "en")) == set()


def test_blog_platform_strings_are_in_the_lexicons() -> None:
    # The cases' interface lines are platform strings (WordPress, Blogger); each
    # one must be a lexicon phrase of its language, not only scored low.
    for case in of("blog-platform"):
        lexicon = load_lexicon(case["lang"])
        lines = case["expected"]["remove"]
        missing = [s for s in lines if lexicon.category(normalize_line(s)) is None]
        assert not missing, (case["label"], missing)


def test_dateline_rule_off_keeps_datelines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_stamp_lines", lambda doc: {})
    kept = [c["label"] for c in of("dateline") if failures(c)[1]]
    # Some datelines are also lexicon bylines ("Published ...", "Por ..."): those go anyway.
    assert len(kept) >= 8, kept
    assert {label.split("/")[1][:2] for label in kept} == {"en", "de", "fr", "es"}


def test_sentence_guard_off_loses_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the closing-punctuation guard, a sentence with a date and a time goes.
    monkeypatch.setattr(bp, "_STAMP_END", re.compile(""))
    assert all(failures(c)[0] for c in of("dateline-sentence"))


def test_invisible_rule_off_loses_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_INVISIBLE", "\x00")
    assert all(failures(c)[0] for c in of("invisible-terminal"))


def test_stamp_lines() -> None:
    text = "\n".join(
        [
            "Menu",
            "Published 2:16 AM EST Nov 20, 2019",  # dateline
            "von Anja Schmidt am 14. Mai 2014, 15:40 Uhr",  # dateline
            "5 de mayo de 2022, 6:12 pm",  # dateline
            "Posted at 11:08 a.m. on November 18, 2019 by the editors, with the photos and a map",
            "The talk starts on 14 May 2022 at 19:30.",  # a sentence
            "Nov 20, 2019",  # a date alone: date_only's
            "Opening hours 9:00 to 17:00",  # no date
            "Order 20 May 2019 12:00!",  # an exclamation
        ]
    )
    doc = _analyse(text, "en")
    assert sorted(_stamp_lines(doc)) == [1, 2, 3]
    assert 6 in doc.date_only


def _doc_with_blocks() -> bp._Doc:
    body = "A sentence of the article body with enough words to count as text. " * 10
    teaser = "A teaser of another article, a sentence long enough to be a paragraph."
    lines = ["Menu", teaser, "More", teaser, "Home", "News", "Sport", "Video", body, "Share"]
    return _analyse("\n".join(lines), "en")


def test_body_segment_adds_the_missed_body() -> None:
    doc = _doc_with_blocks()
    assert [(a, b) for a, b, _ in doc.blocks] == [(1, 3), (8, 8)]
    n = len(doc.stripped)
    shifted = [-1.0] * n
    shifted[8] = 3.0
    shifted[7] = 0.5  # a positive neighbour joins the stretch
    inside = [j in (1, 2, 3) for j in range(n)]  # the teasers won the main stretch
    assert _body_segment(doc, shifted, inside) == (7, 8)
    # already kept, or not outweighing the kept paragraphs enough: nothing added
    assert _body_segment(doc, shifted, [True] * n) is None
    big_teasers = [j in (1, 2, 3, 8) for j in range(n)]
    assert _body_segment(doc, shifted, big_teasers) is None


def test_body_segment_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _doc_with_blocks()
    n = len(doc.stripped)
    shifted = [-1.0] * n
    inside = [j in (1, 2, 3) for j in range(n)]
    assert _body_segment(doc, shifted, inside) == (8, 8)
    monkeypatch.setattr(bp, "_BODY_RATIO", 100.0)
    assert _body_segment(doc, shifted, inside) is None
    monkeypatch.setattr(bp, "_BODY_RATIO", 1.5)
    monkeypatch.setattr(bp, "_BODY_MIN_CHARS", 10**6)
    assert _body_segment(doc, shifted, inside) is None


@pytest.mark.parametrize(
    "line",
    [
        "1" * 1_000_000,
        "1:1" * 333_333,
        "12 jan " * 2,
        "12 " + "jan" * 333_333,
        "12." + " " * 1_000_000 + "2019",
        "Title " + " " * 1_000_000 + "- Site",
        "\u200b" * 1_000_000,
        "a." + "\u2063" * 1_000_000,
        "By Anna" + " " * 1_000_000 + "Berg",
        "About Anna" + " " * 1_000_000 + "Berg",
        "A caption of five words hereCredit:" + " " * 1_000_000 + "X",
        "A caption, Sunday, Nov. 17, 2019," + " " * 1_000_000 + "in Las Vegas.",
        "By\nAnna" + " " * 1_000_000 + "Berg",
    ],
    ids=[
        "digits", "colons", "short", "months", "spaces", "title-spaces", "zwsp",
        "invisible-tail", "byline-spaces", "about-spaces", "glued-credit-spaces", "wire-spaces",
        "split-byline-spaces",
    ],
)  # fmt: skip
def test_megabyte_lines(line: str) -> None:
    # Linear-time patterns (no timing asserted: a quadratic one makes this file
    # run for hours, as the title split did on a line of a million spaces), and
    # edits that replay, with the line as the page's title and below a menu.
    bp._STAMP_TIME.search(line)
    bp._STAMP_DATE.search(line)
    body = "\nA sentence of text that is long enough to count as a paragraph here.\n"
    config = Config()
    for text in (line + "\nMenu\nHome\nNews" + body, "Menu\nHome\nNews\n" + line + body):
        out, edits = BoilerplateStage(config).process(text, Context("en", config))
        shared_check_edits(text, out, edits, stage="boilerplate")
    # the rules after the line model, on the line even when it was already removed
    doc = _analyse("Menu\n" + line + body, "en")
    keep = [True] * len(doc.stripped)
    for rule in (bp._name_bylines, _caption_lines, _credit_lines, _author_boxes):
        rule(doc, keep)


@pytest.mark.parametrize(
    ("line", "category"),
    [
        ("Weitere aktuelle Themen aus der Arbeitswelt", "related-links"),
        ("Weitere Pressemitteilungen dieses Verbands", "related-links"),
        ("Weitere Informationen zum Coronavirus in Thüringen:", "related-links"),
        ("Weitere Schritte folgen im Frühjahr", None),
        ("Mehr Geld für die Schulen", None),
    ],
)
def test_german_list_headings(line: str, category: str | None) -> None:
    assert load_lexicon("de").category(normalize_line(line)) == category


# --------------------------------------------------------------------------- session 8


def test_teaser_end_rule_off_keeps_teasers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_teaser_ends", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("read-more-teaser"))


def test_teaser_ends() -> None:
    lines = [
        "Title",
        "The story so far… Read more",
        "Stadtrat plant eine zweite Brücke… mehr •••",
        "Kłamliwym atakom sprzeciwiają się też dziennikarze. [czytaj więcej]",
        "Rheinmetall gerät in Italien unter Druck. | mehr",
        "Lindenblüten haben keinen Nektar mehr",  # "mehr" ends the sentence itself
        "The walkers wanted to see more",
        "Read more about the bridge in our guide to the old town.",
    ]
    doc = _analyse("\n".join(lines), "en")
    assert _teaser_ends(doc, [True] * len(lines)) == [1, 2, 3, 4]
    assert _teaser_ends(doc, [j != 2 for j in range(len(lines))]) == [1, 3, 4]


def test_caption_rule_off_keeps_captions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_caption_lines", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("caption"))


def test_caption_lines() -> None:
    lines = [
        "Title",
        "Mayor Anna Berg, left, and Tom Lee open the bridge.",
        "Anna Berg (l.) und Tom Lee auf der Brücke.",
        "Anna Berg (à droite) sur le pont.",
        "Von links nach rechts: Anna Berg, Tom Lee und Eva Roth.",
        "In this March 3, 2020, file photo, the bridge is seen from the river.",
        "The left wing of the party voted against it, and the right stayed away.",
        "Turn left, then right, at the second light.",  # directions, not people placed
        "The links (see below) explain the plan.",
        "Im Ofen (Mitte) 15 Minuten backen, bis sie goldbraun sind.",  # an oven's rack
        "Anna Berg, left, and Tom Lee. " + "word " * 90,  # too long for a caption
    ]
    doc = _analyse("\n".join(lines), "en")
    assert _caption_lines(doc, [True] * len(lines)) == [1, 2, 3, 4, 5]
    keep = [j != 2 for j in range(len(lines))]
    assert _caption_lines(doc, keep) == [1, 3, 4, 5]


def test_captions_go_as_image_credits() -> None:
    stage = BoilerplateStage(Config())
    for case in of("caption"):
        edits = stage.process(case["input"], Context(case["lang"], Config()))[1]
        reasons = {e.before.strip(): e.reason for e in edits}
        assert reasons[case["expected"]["remove"][0]] == "image-credit"


def test_author_box_rule_off_keeps_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_author_boxes", lambda doc, keep: [])
    assert all(failures(c)[1] for c in of("author-box"))


def test_author_boxes() -> None:
    body = "A sentence of the article body that is long enough here. " * 4
    bio = "Anna Berg has written about food and travel for this paper since 2010."
    lines = ["Title", body, "End.", "Anna Berg", bio]
    doc = _analyse("\n".join(lines), "en")
    assert _author_boxes(doc, [True] * 5) == [3, 4]
    assert _author_boxes(doc, [True, True, True, False, True]) == [4]
    # not the last paragraph: the article goes on after it
    more = _analyse(
        "\n".join([*lines, "Tags", "More text of the page that reads like a sentence."]), "en"
    )
    assert _author_boxes(more, [True] * 7) == []
    # the paragraph does not open with the name, or the name is not capitalised
    other = [*lines[:4], "The bridge opens to traffic on Monday after the last tests."]
    assert _author_boxes(_analyse("\n".join(other), "en"), [True] * 5) == []
    lower = [*lines[:3], "anna berg", "anna berg has written about food and travel for this paper."]
    assert _author_boxes(_analyse("\n".join(lower), "en"), [True] * 5) == []


def test_author_boxes_go_with_their_reason() -> None:
    stage = BoilerplateStage(Config())
    for case in of("author-box"):
        edits = stage.process(case["input"], Context(case["lang"], Config()))[1]
        reasons = {e.before.strip(): e.reason for e in edits}
        assert {reasons[line] for line in case["expected"]["remove"]} == {"author-box"}


def test_menu_head() -> None:
    body = ["A sentence of the article with enough words to be its text."] * 3
    menu = ["Home", "News", "Sport", "Menu", "Jobs"] * 8
    doc = _analyse("\n".join([*menu, "Headline", *body]), "en")
    n = len(doc.stripped)
    assert _menu_head(doc, 0, n - 1) == 40  # after the last interface phrase
    assert _menu_head(doc, 5, n - 1) == 5  # a head of 36 lines is not a long menu
    short = _analyse("\n".join([*menu[:20], "Headline", *body]), "en")
    assert _menu_head(short, 0, len(short.stripped) - 1) == 0
    # page numbers (a recipe's step numbers) do not count as interface phrases
    steps = ["Home", "News", "1", "2", "3", "4", "5"] + ["Flour", "Milk", "Sugar"] * 12
    recipe = _analyse("\n".join([*steps, *body]), "en")
    assert _menu_head(recipe, 0, len(recipe.stripped) - 1) == 0
    assert _menu_head(_analyse("", "en"), 0, 0) == 0


def test_foreign_phrase_rule_off_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # A blog platform speaks its user's language: without the other languages'
    # long phrases, "Publier un commentaire" under an English post stays.
    monkeypatch.setattr(bp, "_FOREIGN_MIN_WORDS", 1000)
    bp._build_lexicon.cache_clear()
    try:
        assert of("foreign-phrase") and all(failures(c)[1] for c in of("foreign-phrase"))
    finally:
        bp._build_lexicon.cache_clear()


def test_foreign_phrases_are_long_exact_phrases() -> None:
    en, fr = load_lexicon("en"), load_lexicon("fr")
    assert en.category("publier un commentaire") == "comments"
    assert en.category("accueil") is None  # one word: ambiguous across languages
    assert fr.category("publier un commentaire") == "comments"
    # the page's own languages win a conflict (their entries first, in file order)
    own: dict[str, str] = {}
    for lang in ("fr", "en"):
        for cat, kind, value in bp._read_lexicon(lang):
            if kind == "exact":
                own.setdefault(value, cat)
    assert all(fr.exact[v] == c for v, c in own.items())


def test_glued_credit_rule_off_keeps_captions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_CREDIT_GLUED", re.compile("(?!)"))
    assert of("glued-credit") and all(failures(c)[1] for c in of("glued-credit"))


def test_glued_credit_guard_off_loses_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Shares of UniCredit: up ..." is a name, not a caption glued to its credit
    monkeypatch.setattr(bp, "_CREDIT_GLUED_WORDS", 0)
    assert of("glued-credit-guard") and all(failures(c)[0] for c in of("glued-credit-guard"))


@pytest.mark.parametrize(
    ("line", "glued"),
    [
        ("Officials at the scene of the fire on Tuesday eveningCredit: Anna Berg", True),
        ("Die Pläne für die neue Brücke im Rathaus vorFoto: Anna Berg/dpa", True),
        ("Officials at the scene of the fire on Tuesday eveningCredit: Anna Berg. She said", False),
        ("07.06.2016: UniCredit: Deutschland wird nicht Europameister", False),
        ("Officials at the scene of the fire on Tuesday eveningcredit: Anna Berg", False),
    ],
)
def test_glued_credits(line: str, glued: bool) -> None:
    text = f"Title\n{line}\nThe council met on Tuesday."
    assert (_credit_lines(_analyse(text, "en"), [True] * 3) == [1]) is glued


def test_about_box_rule_off_keeps_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_ABOUT_HEADING", re.compile("(?!)"))
    assert of("about-box") and all(failures(c)[1] for c in of("about-box"))


def test_about_box_guard_off_loses_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    # Any "About/Über/Sobre/O/Over ..." heading: the article's last section goes.
    monkeypatch.setattr(bp, "_ABOUT_HEADING", re.compile(r"(?:About|Über|Sobre|O|Over) (.+)$"))
    monkeypatch.setattr(bp, "_about_whom", lambda rest, title: True)
    assert of("about-box-guard") and all(failures(c)[0] for c in of("about-box-guard"))


def test_name_byline_rule_off_keeps_bylines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_name_bylines", lambda doc, keep: [])
    assert of("name-byline") and all(failures(c)[1] for c in of("name-byline"))


def test_name_byline_guard_off_loses_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the case and full-name tests any "By/Von/Par/Por ..." line goes.
    def any_by(doc: bp._Doc, keep: list[bool]) -> list[int]:
        prefixes = tuple(p.lower() for p in bp._BY_PREFIXES)
        return [j for j, s in enumerate(doc.stripped) if keep[j] and s.lower().startswith(prefixes)]

    monkeypatch.setattr(bp, "_name_bylines", any_by)
    # (English needs none: the en lexicon's "by ..." pattern already takes such lines)
    assert of("name-byline-guard") and all(failures(c)[0] for c in of("name-byline-guard"))


# (an about box's heading may be a lexicon line of its own: "Über den Autor" is a
# byline, so the box is its last removed line)
@pytest.mark.parametrize(
    ("rule", "line", "reason"), [("about-box", -1, "author-box"), ("name-byline", 0, "byline")]
)
def test_rule_lines_go_with_their_reason(rule: str, line: int, reason: str) -> None:
    stage = BoilerplateStage(Config())
    for case in of(rule):
        edits = stage.process(case["input"], Context(case["lang"], Config()))[1]
        reasons = {e.before.strip(): e.reason for e in edits}
        assert reasons[case["expected"]["remove"][line]] == reason


def test_wire_caption_rule_off_keeps_captions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_WIRE_CAPTION", re.compile("(?!)"))
    assert of("wire-caption") and all(failures(c)[1] for c in of("wire-caption"))


def test_wire_caption_guard_off_loses_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    # the date must close the line: a sentence that goes on after it stays
    monkeypatch.setattr(bp, "_WIRE_TAIL", 10**6)
    assert of("wire-caption-guard") and all(failures(c)[0] for c in of("wire-caption-guard"))


# --------------------------------------------------------------------------- session 11


def test_embed_cases_cover_languages() -> None:
    assert {c["lang"] for c in of("embed")} >= {"en", "de", "fr", "es", "pt", "it", "nl", "pl"}
    assert {c["lang"] for c in of("embed-guard")} >= {"en", "de", "fr", "es"}


def test_embed_lines_go_with_their_reason() -> None:
    stage = BoilerplateStage(Config())
    for case in of("embed"):
        edits = stage.process(case["input"], Context(case["lang"], Config()))[1]
        reasons = {e.before.strip(): e.reason for e in edits}
        assert {reasons[line] for line in case["expected"]["remove"][:2]} == {"embed"}


def test_see_through_rule_off_loses_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Removed with the other interface lines, an embedded post's fallback text
    # parts the heading above it from its paragraph: the heading goes too.
    monkeypatch.setattr(bp, "_SEE_THROUGH_CATEGORIES", frozenset())
    for case in of("embed"):
        lost = failures(case)[0]
        assert lost and all(len(line.split()) <= 8 for line in lost), (case["label"], lost)


def _menu_page() -> tuple[list[str], str, list[str]]:
    """(the body's paragraphs, a teaser sentence, a menu of 42 lines holding it)."""
    body = ["A sentence of the article with enough words to be its text, and more words."] * 12
    teaser = "Our readers sent us more than four hundred photos of the storm last weekend."
    menu = ["Home", "News", "Sport", "Menu", "Jobs"] * 4 + [teaser]
    menu += ["Weather", "Letters", "Puzzles", "Travel", "Food"] * 4 + ["Contact"]
    return body, teaser, menu


def test_menu_head_to_the_body() -> None:
    # A menu holding one sentence-like teaser: its first paragraph is in the
    # menu, so the head is measured to the body's block instead.
    body, teaser, menu = _menu_page()
    doc = _analyse("\n".join([*menu, "Headline of the article", "By Anna Berg", *body]), "en")
    n = len(doc.stripped)
    assert _menu_head(doc, 0, n - 1) == len(menu)  # after the last interface phrase
    # the standfirst and more lines between the menu and the body: no cut
    standfirst = teaser.replace("storm", "flood")
    lines = [*menu, "Headline", standfirst, "Weather report", "Letters to the editor", "Puzzle"]
    far = _analyse("\n".join([*lines, "By Anna Berg", *body]), "en")
    assert _menu_head(far, 0, len(far.stripped) - 1) == 0
    # the article's first paragraphs, then an advertisement right above the body's
    # block: the head holds the article's text, not a menu's teaser: no cut
    first = ["The first paragraphs of the article come before an advertisement here."] * 3
    split = [*menu, "Headline", *first, "Advertisement", "Continue reading the main story"]
    ad = _analyse("\n".join([*split, *body]), "en")
    assert _menu_head(ad, 0, len(ad.stripped) - 1) == 0


def test_menu_head_to_the_body_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_MENU_GAP", -1)
    body, _, menu = _menu_page()
    doc = _analyse("\n".join([*menu, "Headline of the article", "By Anna Berg", *body]), "en")
    assert _menu_head(doc, 0, len(doc.stripped) - 1) == 0


def test_split_byline_cases_cover_languages() -> None:
    for rule in ("split-byline", "split-byline-guard"):
        assert {c["lang"] for c in of(rule)} >= {"en", "de", "fr", "es"}, rule


def test_split_byline_rule_off_keeps_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_split_bylines", lambda doc, keep, firsts=None: [])
    assert of("split-byline") and all(failures(c)[1] for c in of("split-byline"))


def test_split_byline_guard_off_loses_headings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the full-name test the line after "By" goes whatever it is.
    monkeypatch.setattr(bp, "_is_full_name", lambda s: True)
    assert of("split-byline-guard") and all(failures(c)[0] for c in of("split-byline-guard"))


def test_split_bylines_go_as_bylines() -> None:
    stage = BoilerplateStage(Config())
    for case in of("split-byline"):
        edits = stage.process(case["input"], Context(case["lang"], Config()))[1]
        reasons = {e.before.strip(): e.reason for e in edits}
        assert reasons[case["expected"]["remove"][1]] == "byline", case["label"]


def test_menu_head_text_guard_off_cuts_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the share of paragraph text, an advertisement right above the body's
    # block ends the "menu", and the article's first paragraphs go with it.
    monkeypatch.setattr(bp, "_MENU_TEXT_SHARE", 10.0)
    body, _, menu = _menu_page()
    first = ["The first paragraphs of the article come before an advertisement here."] * 3
    split = [*menu, "Headline", *first, "Advertisement", "Continue reading the main story"]
    ad = _analyse("\n".join([*split, *body]), "en")
    assert _menu_head(ad, 0, len(ad.stripped) - 1) == len(split) - 1
