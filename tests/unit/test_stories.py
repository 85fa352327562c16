"""Grouping documents into stories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


# --- Grouping that does not chain, and evidence that holds in small folders -------------------

ECBPLUS = Path(__file__).resolve().parents[3] / "shared" / "bench" / "ecbplus"


def test_average_linkage_does_not_chain() -> None:
    from newsreader.core.stories import average_linkage

    # A path of moderately similar documents: 0~1~2~3~4, nothing else. Single linkage makes one
    # group of all five; average linkage merges a pair only while the mean over all the pairs of
    # two groups stays above the threshold.
    sim = {(0, 1): 0.4, (1, 2): 0.4, (2, 3): 0.4, (3, 4): 0.4}
    groups = average_linkage(5, sim, 0.25)
    members: dict[int, set[int]] = {}
    for item, group in enumerate(groups):
        members.setdefault(group, set()).add(item)
    # (0, 1) merge first; {0, 1} and 2 then average 0.2 < 0.25, so 2 pairs with 3, and 4 stays.
    assert sorted(map(sorted, members.values())) == [[0, 1], [2, 3], [4]]
    # A tight group stays together.
    tight = {(i, j): 0.6 for i in range(4) for j in range(i + 1, 4)}
    assert len(set(average_linkage(4, tight, 0.25))) == 1


def test_words_every_article_shares_still_weigh_in_a_small_folder(tmp_path: Path) -> None:
    from newsreader.core.stories import content_vectors

    reports = [
        "The earthquake killed at least 600 people in Izmit, officials said on Tuesday.",
        "Rescuers in Izmit searched the rubble after the earthquake, officials said.",
        "The death toll from the Izmit earthquake rose again, officials said on Thursday.",
    ]
    for i, text in enumerate(reports):
        (tmp_path / f"{i}.txt").write_text(f"Report {i}\n\n{text}\n")
    vectors = content_vectors(prepare(load_corpus(tmp_path).documents))
    # Every document has "earthquake", "izmit" and "officials": the first two are rare in
    # English, so they carry the story; "officials" is common and weighs less.
    for vec in vectors:
        assert vec["earthquake"] > vec.get("officials", 0.0)
        assert vec["izmit"] > vec.get("officials", 0.0)


def test_story_label_names_what_it_is_about(corpus_dir: Path) -> None:
    docs = load_corpus(corpus_dir).documents
    (story,) = group_stories(prepare(docs), [])
    assert "Karabakh" in story.label.split(", ")
    assert len(story.label.split(", ")) <= 4


def _ecbplus() -> tuple[dict[str, str], dict[str, str], dict[str, Path]]:
    import json

    if not (ECBPLUS / "gold.json").exists():
        pytest.skip(f"ECB+ benchmark not found at {ECBPLUS}")
    data = json.loads((ECBPLUS / "gold.json").read_text())
    story = {name: entry["story"] for name, entry in data["docs"].items()}
    topic = {name: entry["topic"] for name, entry in data["docs"].items()}
    return story, topic, {name: ECBPLUS / "docs" / name for name in story}


def _group(tmp_path: Path, files: list[Path]) -> list[set[str]]:
    folder = tmp_path / f"f{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    _, stories = _stories(folder)
    return [set(s) for s in stories]


@pytest.mark.e2e  # the whole ECB+ benchmark, folder by folder
def test_one_event_followed_by_many_outlets_is_one_story(tmp_path: Path) -> None:
    """Each ECB+ event alone in a folder (one real event, ~11 outlets): one story."""
    story, _, path = _ecbplus()
    events: dict[str, list[Path]] = {}
    for name, event in sorted(story.items()):
        events.setdefault(event, []).append(path[name])
    counts = [len(_group(tmp_path, files)) for files in events.values()]
    # Before background word weights, a folder fell apart into 4.6 stories on average.
    assert sum(1 for c in counts if c == 1) >= 0.9 * len(counts)
    assert sum(counts) / len(counts) <= 1.15


@pytest.mark.e2e  # the whole ECB+ benchmark, folder by folder
@pytest.mark.parametrize(
    "topic",
    [
        "1",  # one celebrity entering rehab twice, five years apart
        "18",  # two workplace shootings
        "37",  # two earthquakes in Indonesia
        "41",  # two strikes on schools in Gaza
    ],
)
def test_near_miss_events_stay_apart(tmp_path: Path, topic: str) -> None:
    """Two real events of the same kind in one folder are two stories, each whole."""
    story, topics, path = _ecbplus()
    names = sorted(n for n, t in topics.items() if t == topic)
    found = _group(tmp_path, [path[n] for n in names])
    gold: dict[str, set[str]] = {}
    for n in names:
        gold.setdefault(story[n], set()).add(n)
    # Exact duplicates are skipped on loading; compare the documents that were loaded.
    loaded = set().union(*found)
    assert sorted(map(sorted, found)) == sorted(
        sorted(g & loaded) for g in gold.values() if g & loaded
    )


@pytest.mark.e2e  # the whole ECB+ benchmark, folder by folder
def test_near_miss_folders_overall(tmp_path: Path) -> None:
    """All 43 ECB+ topics, each alone: two near-miss events per folder, BCubed F1 >= 0.88."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from ecbplus_bench import bcubed

    story, topics, path = _ecbplus()
    scores = []
    for topic in sorted(set(topics.values())):
        names = sorted(n for n, t in topics.items() if t == topic)
        found = _group(tmp_path, [path[n] for n in names])
        assignment = {n: str(i) for i, group in enumerate(found) for n in group}
        scores.append(bcubed(assignment, story)[2])
    assert sum(scores) / len(scores) >= 0.88
