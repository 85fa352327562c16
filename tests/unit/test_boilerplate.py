"""Page furniture: the known kinds by pattern, and text recurring across unrelated articles."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.boilerplate import RECURRING, merge_furniture
from newsreader.core.corpus import document_from_text, document_id, find_furniture, load_corpus
from newsreader.core.model import Document, Region
from newsreader.core.numbers import extract_mentions
from newsreader.core.passages import find_passages, prepare

DATA = Path(__file__).resolve().parent.parent / "data" / "boilerplate"
STORY = sorted((DATA / "story").glob("*.txt"))
UNRELATED = sorted((DATA / "unrelated").glob("*.txt"))
SERIAL = AnalysisOptions(parallel=False)

# A wire paragraph in the style of the cable story of tests/data/boilerplate/story (written for
# these tests: 33 words, long enough to be a shared passage).
WIRE = (
    "Engineers aboard a repair ship were expected to reach the damaged cables off Alexandria "
    "within days, and the operators said traffic had been rerouted through other systems "
    "while the repairs were made."
)
# A trailer no pattern knows: it is caught only by recurring across unrelated articles.
NEW_TRAILER = "Catch the Millbrook Courier evening edition on weekdays at five on channel nine"


def _fill(folder: Path, sources: list[Path], extra: str = "", where: str = "end") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        text = src.read_text("utf-8").rstrip("\n")
        if extra and where == "end":
            text = f"{text}\n\n{extra}"
        elif extra:
            title, _, body = text.partition("\n\n")
            text = f"{extra}\n{title}\n\n{body}"
        (folder / src.name).write_text(text + "\n", "utf-8")
        out.append(folder / src.name)
    return out


def _marked(doc: Document, kinds: tuple[str, ...] | None = None) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.furniture if kinds is None or r.kind in kinds]


# ---------------------------------------------------------------------------------------------
# The known kinds


BODY = STORY[0].read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "Copyright 2016 The Associated Press. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed.",
            "rights",
        ),
        ("(c) 2016, The Washington Post", "rights"),
        (
            "Story Filed By Cox Newspapers For Use By Clients of the New York Times News Service",
            "trailer",
        ),
        ("Visit the Star-Telegram's online services on the World Wide Web", "trailer"),
        ("Share this: Facebook Twitter Google Email Print More", "share"),
        ("Please check your email and click on the link to activate your subscription", "signup"),
        ("Get email notifications on Jane Doe daily!", "signup"),
        ("Report an Error or Submit a Tip", "contact"),
        ("Reach Jane Doe at jdoe@example.com or 817-390-7000", "contact"),
    ],
)
def test_each_known_kind_is_furniture_and_the_story_is_not(line: str, kind: str) -> None:
    doc = document_from_text(f"{BODY.rstrip()}\n\n{line}\n", "a.txt")
    assert _marked(doc) == [line]
    assert doc.furniture[0].kind == kind
    top = document_from_text(f"{line}\n{BODY}", "b.txt")
    assert top.title == BODY.split("\n")[0]  # never a title


def test_a_copyright_line_after_the_last_sentence_marks_only_itself() -> None:
    text = "The cables were repaired on Monday. Copyright 2008 Reuters Limited.\n"
    doc = document_from_text(text)
    assert _marked(doc) == ["Copyright 2008 Reuters Limited."]


@pytest.mark.parametrize("code", ["&UR;", "&QL;", "&LR;", "&HT;", "&amp;", "&#8217;", "<p>"])
def test_wire_codes_and_entities_are_furniture_inside_lines(code: str) -> None:
    text = f"Cables cut\n\n{code}Internet traffic{code} was disrupted in 2008.\n"
    doc = document_from_text(text)
    assert _marked(doc, ("markup",)) == [code, code]
    assert doc.text == text
    assert "Internet traffic" not in "".join(_marked(doc))


def test_known_furniture_is_never_a_passage_or_a_mention() -> None:
    rights = (
        "Copyright 2016 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed 24 hours."
    )
    docs = [
        document_from_text(f"{p.read_text('utf-8').rstrip()}\n\n{rights}\n", p.name)
        for p in UNRELATED[:2]
    ]
    assert find_passages(prepare(docs)) == []
    for doc in docs:
        start = doc.text.index("Copyright")
        assert all(m.start < start for m in extract_mentions(doc))


def test_known_patterns_leave_the_real_articles_alone() -> None:
    for path in STORY + UNRELATED:
        assert find_furniture(path.read_text("utf-8")) == (), path.name


# ---------------------------------------------------------------------------------------------
# Learned from the corpus


def test_a_new_sites_trailer_is_caught_with_no_code_change(tmp_path: Path) -> None:
    assert find_furniture(NEW_TRAILER) == ()  # no pattern knows it
    _fill(tmp_path, UNRELATED[:4], NEW_TRAILER)
    corpus = load_corpus(tmp_path)
    for doc in corpus.documents:
        assert _marked(doc, (RECURRING,)) == [NEW_TRAILER]
        assert doc.id == document_id(doc.text)
    result = analyze(corpus, SERIAL)
    assert result.passages == ()


def test_a_trailer_at_the_top_is_never_the_title(tmp_path: Path) -> None:
    _fill(tmp_path, UNRELATED[:4], NEW_TRAILER, where="top")
    for doc, src in zip(load_corpus(tmp_path).documents, UNRELATED[:4], strict=True):
        assert doc.title == src.read_text("utf-8").split("\n")[0]


def test_text_in_two_articles_is_not_learned(tmp_path: Path) -> None:
    _fill(tmp_path, UNRELATED[:2], NEW_TRAILER)
    _fill(tmp_path, UNRELATED[2:4])
    assert all(not _marked(d, (RECURRING,)) for d in load_corpus(tmp_path).documents)


def test_one_wire_paragraph_in_ten_outlets_of_one_story_stays_a_passage(tmp_path: Path) -> None:
    _fill(tmp_path / "story", STORY, WIRE)
    _fill(tmp_path / "other", UNRELATED)
    corpus = load_corpus(tmp_path)
    assert all(not _marked(d, (RECURRING,)) for d in corpus.documents)
    result = analyze(corpus, SERIAL)
    texts = {d.id: d.text for d in corpus.documents}
    wire_pairs = {
        frozenset(s.doc for s in p.spans)
        for p in result.passages
        if all(WIRE in texts[s.doc][s.start : s.end + 1] for s in p.spans)
    }
    assert len(wire_pairs) == 45  # every pair of the ten outlets


def test_the_same_paragraph_in_unrelated_articles_is_furniture(tmp_path: Path) -> None:
    _fill(tmp_path, UNRELATED, WIRE)
    corpus = load_corpus(tmp_path)
    assert all(_marked(d, (RECURRING,)) == [WIRE] for d in corpus.documents)
    assert analyze(corpus, SERIAL).passages == ()


def test_learning_can_be_turned_off(tmp_path: Path) -> None:
    _fill(tmp_path, UNRELATED[:4], NEW_TRAILER)
    assert all(d.furniture == () for d in load_corpus(tmp_path, boilerplate=None).documents)


def test_merge_never_overlaps_known_furniture() -> None:
    known = (Region(10, 20, "markup"),)
    merged = merge_furniture(known, [Region(0, 30, RECURRING)])
    assert [(r.start, r.end, r.kind) for r in merged] == [
        (0, 10, RECURRING),
        (10, 20, "markup"),
        (20, 30, RECURRING),
    ]


# ---------------------------------------------------------------------------------------------
# Bad input


def _sentences(paths: list[Path]) -> list[str]:
    out = []
    for path in paths:
        body = path.read_text("utf-8").split("\n\n", 1)[1]
        out.extend(s.strip() + "." for s in body.split(". ") if len(s.split()) > 6)
    return out


def test_a_folder_where_every_file_ends_with_the_same_trailer(tmp_path: Path) -> None:
    # 300 different articles, each made of five real sentences, all ending with one trailer.
    sentences = _sentences(STORY + UNRELATED)
    for i in range(300):
        picked = random.Random(i).sample(sentences, 5)
        (tmp_path / f"{i:04d}.txt").write_text(f"{' '.join(picked)}\n\n{NEW_TRAILER}\n")
    corpus = load_corpus(tmp_path)
    assert len(corpus.documents) == 300
    assert all(_marked(d, (RECURRING,)) == [NEW_TRAILER] for d in corpus.documents)
    assert all(d.title != NEW_TRAILER for d in corpus.documents)
    result = analyze(corpus, SERIAL)
    texts = {d.id: d.text for d in corpus.documents}
    assert result.passages  # articles that reuse the same sentences are still found (analysed)
    assert not any(
        "Millbrook" in texts[s.doc][s.start : s.end] for p in result.passages for s in p.spans
    )


def test_two_files_identical_but_for_the_trailer(tmp_path: Path) -> None:
    _fill(tmp_path, UNRELATED[:4], NEW_TRAILER)
    shutil.copy(UNRELATED[0], tmp_path / "copy-without-trailer.txt")
    corpus = load_corpus(tmp_path)
    assert len(corpus.documents) == 5 and corpus.skipped == ()
    result = analyze(corpus, SERIAL)
    texts = {d.id: d.text for d in corpus.documents}
    assert len(result.passages) == 1
    spans = [texts[s.doc][s.start : s.end] for s in result.passages[0].spans]
    body = UNRELATED[0].read_text("utf-8")
    assert all(span in body and "Millbrook" not in span for span in spans)


def test_articles_made_of_nothing_but_furniture(tmp_path: Path) -> None:
    furniture = (
        "Share this: Facebook Twitter Google Email Print More\n"
        "Report an Error or Submit a Tip\n"
        "Copyright 2016 The Associated Press. All rights reserved.\n"
    )
    for k, name in enumerate(("one", "two", "three"), 1):
        (tmp_path / f"{name}.txt").write_text(f"{'&HT;' * k}\n{furniture}{NEW_TRAILER}\n")
    _fill(tmp_path, UNRELATED[:3], NEW_TRAILER)
    corpus = load_corpus(tmp_path)
    titles = {Path(d.path).stem: d.title for d in corpus.documents}
    assert titles["one"] == "one" and titles["two"] == "two"
    result = analyze(corpus, SERIAL)
    assert result.passages == ()
    only = {d.id for d in corpus.documents if Path(d.path).stem in ("one", "two", "three")}
    assert not [m for m in result.mentions if m.doc in only]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("&amp;&HT;&QL;\nCables cut off Egypt\n\nBody text.\n", "Cables cut off Egypt"),
        ("&HT;&QL;AT&amp;T says &UR;cables&LR; cut\n\nBody text.\n", "AT&T says cables cut"),
        ("&amp;&HT;&QL;\n", "soup"),
    ],
)
def test_entity_soup_titles(text: str, title: str) -> None:
    doc = document_from_text(text, "soup.txt")
    assert doc.title == title
    assert doc.text == text  # nothing lost


def test_a_title_without_furniture_is_the_line_as_written() -> None:
    text = "\x1b[1m-- Cables cut --\n\nBody text.\n"
    assert document_from_text(text).title == "\x1b[1m-- Cables cut --"
