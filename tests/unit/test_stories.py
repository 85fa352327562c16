"""Grouping documents into stories."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsreader.core.corpus import load_corpus
from newsreader.core.passages import find_passages, prepare
from newsreader.core.stories import group_stories

UNRELATED = Path(__file__).resolve().parent.parent / "data" / "unrelated"


def _stories(root: Path) -> tuple[list[str], list[tuple[str, ...]]]:
    docs = load_corpus(root).documents
    prepared = prepare(docs)
    shared = [(al.a, al.b, al.a_range[1] - al.a_range[0]) for al in find_passages(prepared)]
    names = {d.id: Path(d.path).name for d in docs}
    stories = group_stories(prepared, shared)
    return [names[d.id] for d in docs], [tuple(names[i] for i in s.documents) for s in stories]


def test_one_story_folder_gives_one_group(corpus_dir: Path) -> None:
    names, stories = _stories(corpus_dir)
    assert len(stories) == 1
    assert sorted(stories[0]) == sorted(names)


def test_mixed_folder_keeps_stories_apart(tmp_path: Path, corpus_dir: Path) -> None:
    for f in corpus_dir.iterdir():
        shutil.copy(f, tmp_path / f.name)
    # Unrelated real web pages (excerpts of PAN 2013 documents) stay apart from the story.
    unrelated = sorted(UNRELATED.glob("*.txt"))
    assert len(unrelated) == 12
    for f in unrelated:
        shutil.copy(f, tmp_path / f.name)
    names, stories = _stories(tmp_path)
    karabakh = {n for n in names if n[:3] in {"000", "001", "002", "003"}}
    story_of = {n: i for i, s in enumerate(stories) for n in s}
    assert len({story_of[n] for n in karabakh}) == 1
    karabakh_story = stories[story_of[next(iter(karabakh))]]
    assert set(karabakh_story) == karabakh
    assert sum(len(s) for s in stories) == len(names)  # every document in exactly one story


def test_every_document_is_in_one_story(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Budget vote delayed\n\nThe council postponed its budget vote.")
    (tmp_path / "b.txt").write_text("Flood warning\n\nRivers rose after a week of heavy rain.")
    _, stories = _stories(tmp_path)
    assert sorted(stories) == [("a.txt",), ("b.txt",)]
