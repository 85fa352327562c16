"""Article files other than plain text: saved pages, feeds, JSON/JSONL, metadata.csv, dates.

The article text in these files is real (the bundled corpus's AFP and Financial Times reports),
wrapped in the furniture real saved pages and feeds carry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsreader.core.formats import (
    FormatError,
    Problem,
    html_fragment_text,
    looks_like_feed,
    normalise_date,
    read_feed,
    read_json,
    read_jsonl,
    read_metadata_csv,
    read_page,
)

ROOT = Path(__file__).resolve().parents[2]
AFP = next((ROOT / "corpus").glob("002_*.txt")).read_text(encoding="utf-8")
FT = next((ROOT / "corpus").glob("003_*.txt")).read_text(encoding="utf-8")
AFP_PARAS = [p.strip() for p in AFP.split("\n\n") if p.strip()][2:]  # after title and dateline
FT_PARAS = [p.strip() for p in FT.split("\n\n") if p.strip()]


TITLE = "Armenia-Azerbaijan fighting rages as Macron says Turkey crossed 'red line'"


def saved_page(paragraphs: list[str]) -> str:
    """A page as a browser saves it: head metadata, navigation, share bar, ads, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{TITLE} | France 24</title>
<meta property="og:site_name" content="France 24">
<meta property="og:title" content="{TITLE}">
<meta name="author" content="Daphné Benoit">
<meta property="article:published_time" content="2020-10-02T08:14:00+00:00">
<link rel="canonical" href="https://www.france24.com/en/20201002-armenia-azerbaijan-fighting">
<script>window.dataLayer = [{{"page": "article"}}];</script>
<style>.share {{ display: flex }}</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/en/europe">Europe</a> <a href="/live">Live</a>
</nav></header>
<div class="ad">Advertisement</div>
<main><article>
<h1>{TITLE}</h1>
<div class="share">Share this: Facebook Twitter Email Print</div>
{body}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Unrelated story one</a></li></ul></aside>
<footer>Copyright 2020 France Médias Monde. All rights reserved.</footer>
</body></html>"""


def test_saved_page_gives_main_text_and_metadata() -> None:
    article = read_page(saved_page(AFP_PARAS[:6]))
    for paragraph in AFP_PARAS[:6]:
        assert paragraph in article.text
    for furniture in ("Advertisement", "Share this", "Most read", "All rights reserved", "Home"):
        assert furniture not in article.text
    assert (
        article.title
        == "Armenia-Azerbaijan fighting rages as Macron says Turkey crossed 'red line'"
    )
    assert article.outlet == "France 24"
    assert article.date == "2020-10-02"
    assert article.url == "https://www.france24.com/en/20201002-armenia-azerbaijan-fighting"
    assert article.author == "Daphné Benoit"
    # Paragraphs are separated by a blank line, as in a .txt article.
    assert "\n\n" in article.text and "\n\n\n" not in article.text


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><script>var a = 1;</script><style>p {}</style></head><body></body></html>",
        "",
        "<html><body></body></html>",
    ],
    ids=["all scripts", "empty", "empty body"],
)
def test_page_without_article_text_is_refused(page: str) -> None:
    with pytest.raises(FormatError):
        read_page(page)


def test_broken_html_still_gives_its_text() -> None:
    broken = saved_page(AFP_PARAS[:4]).replace("</p>", "").replace("</article>", "<div><span>")
    article = read_page(broken)
    for paragraph in AFP_PARAS[:4]:
        assert paragraph in article.text


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Financial Times</title><link>https://www.ft.com</link>
<item>
  <title>Russia, France and US call for Nagorno-Karabakh ceasefire</title>
  <link>https://www.ft.com/content/nk-ceasefire</link>
  <guid>ft-nk-1</guid>
  <pubDate>Thu, 01 Oct 2020 17:30:00 GMT</pubDate>
  <dc:creator>Henry Foy</dc:creator>
  <description>Leaders demand an end to fighting.</description>
  <content:encoded><![CDATA[{full}]]></content:encoded>
</item>
<item>
  <title>Azerbaijan and Armenia trade fire</title>
  <link>https://www.ft.com/content/nk-2</link>
  <pubDate>Fri, 02 Oct 2020 09:00:00 GMT</pubDate>
  <description><![CDATA[<p>{summary}</p>]]></description>
</item>
<item><title>Empty</title><link>https://www.ft.com/content/empty</link></item>
</channel></rss>"""


def test_feed_gives_one_article_per_entry() -> None:
    full = "".join(f"<p>{p}</p>" for p in FT_PARAS[:5])
    feed = RSS.format(full=full, summary=FT_PARAS[1]).encode()
    assert looks_like_feed(feed)
    articles, problems = read_feed(feed)
    assert [a.title for a in articles] == [
        "Russia, France and US call for Nagorno-Karabakh ceasefire",
        "Azerbaijan and Armenia trade fire",
    ]
    first, second = articles
    assert first.text.strip().split("\n\n") == FT_PARAS[:5]
    assert first.outlet == "Financial Times" and first.author == "Henry Foy"
    assert first.date == "2020-10-01T17:30:00+00:00"
    assert first.url == "https://www.ft.com/content/nk-ceasefire" and first.notes == ()
    # An entry with only a summary is loaded as such, and says so.
    assert second.text.strip() == FT_PARAS[1]
    assert second.notes and "summary only" in second.notes[0]
    assert problems == [Problem("#3", "feed entry with no text")]


def test_atom_feed_and_feed_detection() -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>RFE/RL</title>
<entry><title>Fighting rages</title><id>urn:rferl:1</id>
<updated>2020-10-01T12:00:00Z</updated><author><name>RFE/RL</name></author>
<link href="https://www.rferl.org/a/30869000.html"/>
<content type="html">&lt;p&gt;{AFP_PARAS[0]}&lt;/p&gt;</content></entry></feed>""".encode()
    assert looks_like_feed(atom)
    assert not looks_like_feed(b'<?xml version="1.0"?><catalog><book/></catalog>')
    (article,), problems = read_feed(atom)
    assert article.text.strip() == AFP_PARAS[0] and problems == []
    assert article.outlet == "RFE/RL" and article.date == "2020-10-01T12:00:00+00:00"


def test_feed_with_no_entries_is_refused() -> None:
    with pytest.raises(FormatError, match="no entries"):
        read_feed(
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
        )


def test_jsonl_keeps_good_lines_and_reports_the_bad_one() -> None:
    lines = [
        json.dumps(
            {
                "text": FT_PARAS[0],
                "title": "FT",
                "outlet": "Financial Times",
                "date": "1 October 2020",
                "url": "https://ft.com/a",
                "author": "Henry Foy",
                "id": 17,
            }
        ),
        '{"text": "broken',
        json.dumps({"title": "no text"}),
        json.dumps({"text": AFP_PARAS[0], "date": "yesterday"}),
    ]
    articles, problems = read_jsonl("\n".join(lines) + "\n")
    assert [a.text for a in articles] == [FT_PARAS[0], AFP_PARAS[0]]
    assert articles[0].date == "2020-10-01" and articles[0].ident == "17"
    assert articles[0].where == ":1" and articles[1].where == ":4"
    assert articles[1].date is None  # never guessed
    assert [p.where for p in problems] == [":2", ":3", ":4"]
    assert "not valid JSON" in problems[0].reason
    assert "'text'" in problems[1].reason
    assert "yesterday" in problems[2].reason and "unknown" in problems[2].reason


def test_json_list_of_articles_and_hostile_json() -> None:
    articles, problems = read_json(json.dumps([{"text": FT_PARAS[0]}, 5, {"text": ""}]))
    assert [a.text for a in articles] == [FT_PARAS[0]]
    assert [p.where for p in problems] == ["#2", "#3"]
    with pytest.raises(FormatError, match="nested more than"):
        read_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FormatError, match="not valid JSON"):
        read_json("{")


def test_metadata_csv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    csv_text = (
        "file,outlet,date,url,author,colour\n"
        "a.txt,RFE/RL,2020-10-01,https://www.rferl.org/a/1.html,,blue\n"
        "b.txt,AFP,31/02/2020,,,\n"
        "missing.txt,AFP,2020-10-02,,,\n"
        "../outside.txt,AFP,,,,\n"
        "a.txt,Again,,,,\n"
    )
    rows, problems = read_metadata_csv(csv_text, tmp_path)
    assert rows[(tmp_path / "a.txt").resolve()].values == {
        "outlet": "RFE/RL",
        "date": "2020-10-01",
        "url": "https://www.rferl.org/a/1.html",
    }
    assert rows[(tmp_path / "b.txt").resolve()].values == {"outlet": "AFP"}  # no guessed date
    reasons = {p.where: p.reason for p in problems}
    assert "colour" in reasons[":1"]
    assert "impossible date" in reasons[":3"]
    assert "no such file" in reasons[":4"]
    assert "outside the folder" in reasons[":5"]
    assert "listed again" in reasons[":6"]
    with pytest.raises(FormatError, match="'file' column"):
        read_metadata_csv("name,outlet\n", tmp_path)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020-10-01", "2020-10-01"),
        ("2020-10-01T08:14:00Z", "2020-10-01T08:14:00+00:00"),
        ("1 October 2020", "2020-10-01"),
        ("Oct. 1, 2020", "2020-10-01"),
        ("Thu, 01 Oct 2020 17:30:00 GMT", "2020-10-01T17:30:00+00:00"),
        ("October 1, 2020 5:30 pm EDT", "2020-10-01T17:30:00-04:00"),
        ("13/08/1999", "1999-08-13"),
        ("August 1999", "1999-08"),
        ("1999", "1999"),
        # A leading year is read year, month, day, whatever the separator.
        ("2020/10/01", "2020-10-01"),
        ("2020.10.01", "2020-10-01"),
        ("2020-1-5", "2020-01-05"),
        ("2020-10-01 10:00 EST", "2020-10-01T10:00:00-05:00"),
    ],
)
def test_dates_are_normalised(text: str, iso: str) -> None:
    assert normalise_date(text) == iso


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("yesterday", "not a date"),
        ("31/02/2020", "impossible"),
        ("2020-02-30", "impossible"),
        ("03/04/2020", "ambiguous"),
        ("Aug 19", "no year"),
        ("10/1/2020", "ambiguous"),
        ("2020-13-01", "impossible"),
        ("", "empty"),
    ],
)
def test_bad_dates_are_reported_not_guessed(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_date(text)


def test_fragment_text_drops_scripts_and_keeps_paragraphs() -> None:
    html = "<p>One &amp; two.</p><script>alert(1)</script><div>Three <b>four</b></div>"
    assert html_fragment_text(html) == "One & two.\n\nThree four"


# --- A corpus folder of mixed kinds ---------------------------------------------------------


def mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "afp.html").write_text(saved_page(AFP_PARAS[:8]), encoding="utf-8")
    full = "".join(f"<p>{p}</p>" for p in FT_PARAS[:5])
    (root / "ft.rss").write_text(RSS.format(full=full, summary=FT_PARAS[6]), encoding="utf-8")
    (root / "catalog.xml").write_text('<?xml version="1.0"?><catalog><book/></catalog>')
    (root / "wire.jsonl").write_text(
        json.dumps({"text": "\n\n".join(AFP_PARAS[10:14]), "outlet": "AFP", "date": "2020-10-02"})
        + "\n{broken\n",
        encoding="utf-8",
    )
    (root / "notes.md").write_text(
        "---\ntitle: Karabakh notes\noutlet: Desk\ndate: 2 October 2020\n---\n\n"
        + "\n\n".join(FT_PARAS[8:11]),
        encoding="utf-8",
    )
    (root / "plain.txt").write_text("\n\n".join(AFP_PARAS[16:20]), encoding="utf-8")
    (root / "metadata.csv").write_text(
        "file,outlet,date\nplain.txt,AFP,2020-10-02\nnotes.md,The Desk,yesterday\n"
        "gone.txt,AFP,2020-10-02\n",
        encoding="utf-8",
    )
    return root


def test_corpus_folder_of_mixed_kinds(tmp_path: Path) -> None:
    from newsreader.core.corpus import load_corpus

    corpus = load_corpus(mixed_folder(tmp_path / "mixed"))
    by_name = {Path(d.path).name: d for d in corpus.documents}
    assert sorted(by_name) == ["afp.html", "ft.rss#1", "ft.rss#2", "notes.md", "plain.txt",
                               "wire.jsonl:1"]  # fmt: skip
    page = by_name["afp.html"]
    assert (page.outlet, page.date, page.title) == ("France 24", "2020-10-02", TITLE)
    assert AFP_PARAS[3] in page.text and "Advertisement" not in page.text
    assert by_name["ft.rss#1"].outlet == "Financial Times"
    assert by_name["ft.rss#2"].notes  # summary only, and it says so
    assert by_name["wire.jsonl:1"].outlet == "AFP"
    notes = by_name["notes.md"]
    # metadata.csv wins over the file's own front matter and says so; its bad date is reported
    # and the front matter's date stays.
    assert (notes.title, notes.outlet, notes.date) == ("Karabakh notes", "The Desk", "2020-10-02")
    plain = by_name["plain.txt"]
    assert (plain.outlet, plain.date) == ("AFP", "2020-10-02")
    reasons = {Path(s.path).name: s.reason for s in corpus.skipped}
    assert "not an RSS or Atom feed" in reasons["catalog.xml"]
    assert "not valid JSON" in reasons["wire.jsonl:2"]
    assert "feed entry with no text" in reasons["ft.rss#3"]
    csv_reasons = [s.reason for s in corpus.skipped if Path(s.path).name.startswith("metadata")]
    assert any("yesterday" in r for r in csv_reasons)
    assert any("gone.txt: no such file" in r for r in csv_reasons)
    assert any("outlet 'The Desk' differs from the file's own 'Desk'" in r for r in csv_reasons)


def test_analyze_json_carries_outlet_date_url_author(tmp_path: Path) -> None:
    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus
    from newsreader.core.report import to_json

    data = to_json(analyze(load_corpus(mixed_folder(tmp_path / "mixed"))))
    page = next(d for d in data["documents"] if d["path"].endswith("afp.html"))
    assert page["outlet"] == "France 24" and page["date"] == "2020-10-02"
    assert page["url"].startswith("https://www.france24.com/")
    assert page["author"] == "Daphné Benoit"
    plain = next(d for d in data["documents"] if d["path"].endswith("plain.txt"))
    assert plain["url"] is None and plain["author"] is None
    # Offsets are into the extracted text: every passage and mention quotes it exactly.
    texts = {d.id: d.text for d in load_corpus(tmp_path / "mixed").documents}
    for m in data["mentions"]:
        assert texts[m["doc"]][m["start"] : m["end"]] == m["text"]


def test_the_bundled_corpus_has_its_outlets_and_dates() -> None:
    from newsreader.core.corpus import load_corpus

    corpus = load_corpus(ROOT / "corpus")
    assert not corpus.skipped
    got = {Path(d.path).name[:3]: (d.outlet, d.date) for d in corpus.documents}
    assert got == {
        "000": ("RFE/RL", "2020-10-01"),
        "001": ("AMN", "2020-10-01"),
        "002": ("AFP", "2020-10-02"),
        "003": ("Financial Times", "2020-10-01"),
    }


def test_a_page_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    from newsreader.core.corpus import load_corpus

    (tmp_path / "big.html").write_text(saved_page(AFP_PARAS * 40), encoding="utf-8")
    (tmp_path / "small.txt").write_text(AFP_PARAS[0], encoding="utf-8")
    corpus = load_corpus(tmp_path, max_bytes=20_000)
    assert [Path(d.path).name for d in corpus.documents] == ["small.txt"]
    assert "file too large" in corpus.skipped[0].reason


# --- The extraction cache ---------------------------------------------------------------------


def test_pages_are_extracted_once_and_a_damaged_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsreader.core import corpus as corpus_module
    from newsreader.core.corpus import load_corpus

    monkeypatch.setenv("NEWSREADER_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "afp.html").write_text(saved_page(AFP_PARAS[:8]), encoding="utf-8")
    (folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    first = load_corpus(folder)
    calls: list[str] = []
    real = corpus_module.read_page

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text)

    monkeypatch.setattr(corpus_module, "read_page", counting)
    second = load_corpus(folder)
    assert calls == []  # both the page and the refusal came from the cache
    assert second.documents == first.documents and second.skipped == first.skipped
    # Damaged and foreign entries are ignored and rewritten, never trusted.
    entries = sorted((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 2
    entries[0].write_text("{not json")
    entries[1].write_text(json.dumps({"key": "someone else's", "value": {"articles": []}}))
    third = load_corpus(folder)
    assert len(calls) == 2
    assert third.documents == first.documents and third.skipped == first.skipped
    # An edited page misses the cache by itself.
    (folder / "afp.html").write_text(saved_page(AFP_PARAS[:3]), encoding="utf-8")
    assert AFP_PARAS[5] not in load_corpus(folder).documents[0].text


def test_cache_off_and_unwritable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsreader.core.corpus import load_corpus

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "afp.html").write_text(saved_page(AFP_PARAS[:4]), encoding="utf-8")
    monkeypatch.setenv("NEWSREADER_CACHE", "off")
    assert load_corpus(folder).documents
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("NEWSREADER_CACHE", str(blocker / "cache"))
    assert load_corpus(folder).documents  # a cache that cannot be written is skipped


# --- The same article twice, and another outlet's copy ---------------------------------------


def test_a_page_and_its_feed_entry_are_loaded_once(tmp_path: Path) -> None:
    from newsreader.core.corpus import load_corpus

    folder = tmp_path / "twice"
    folder.mkdir()
    (folder / "afp.html").write_text(saved_page(AFP_PARAS[:8]), encoding="utf-8")
    entry = "".join(f"<p>{p}</p>" for p in AFP_PARAS[:8])
    feed = RSS.format(full=entry, summary=FT_PARAS[6]).replace(
        "https://www.ft.com/content/nk-ceasefire",
        "https://www.france24.com/en/20201002-armenia-azerbaijan-fighting",
    )
    (folder / "feed.rss").write_text(feed, encoding="utf-8")
    corpus = load_corpus(folder)
    paths = [Path(d.path).name for d in corpus.documents]
    # The page (more metadata: author) is kept; the entry with the same URL is reported.
    assert "afp.html" in paths and "feed.rss#1" not in paths
    (copy,) = [s for s in corpus.skipped if s.path.endswith("feed.rss#1")]
    assert "the same article as" in copy.reason and "afp.html" in copy.reason


def test_another_outlets_copy_is_kept_and_reported_as_near_duplicate(tmp_path: Path) -> None:
    from newsreader.core.analysis import analyze
    from newsreader.core.corpus import load_corpus
    from newsreader.core.report import summary, to_json

    folder = tmp_path / "reprint"
    folder.mkdir()
    body = "\n\n".join(AFP_PARAS[:10])
    (folder / "afp.txt").write_text(f"{TITLE}\n\n{body}\n", encoding="utf-8")
    (folder / "reprint.txt").write_text(
        f"{TITLE}\n\nBy a staff writer\n\n{body}\n\nThis report was reprinted from AFP.\n",
        encoding="utf-8",
    )
    (folder / "metadata.csv").write_text("file,outlet\nafp.txt,AFP\nreprint.txt,Asbarez\n")
    corpus = load_corpus(folder)
    assert len(corpus.documents) == 2
    (near,) = corpus.near_duplicates
    assert {near.a, near.b} == {d.id for d in corpus.documents} and near.similarity >= 0.9
    analysis = analyze(corpus)
    data = to_json(analysis)
    assert data["near_duplicates"][0]["documents"] == [near.a, near.b]
    assert "Near-duplicates" in summary(analysis)


def test_copies_without_metadata(tmp_path: Path) -> None:
    from newsreader.core.corpus import load_corpus

    folder = tmp_path / "copies"
    folder.mkdir()
    body = "\n\n".join(AFP_PARAS[:10])
    (folder / "a.txt").write_text(f"{TITLE}\n\n{body}\n", encoding="utf-8")
    # The same words, other typography: one article.
    (folder / "b.txt").write_text(f"{TITLE}\n{body.replace(' – ', ' - ')}\n\n", encoding="utf-8")
    # The same words without the headline: nothing says it is the same source; both kept.
    (folder / "c.txt").write_text(f"{body}\n", encoding="utf-8")
    corpus = load_corpus(folder)
    assert sorted(Path(d.path).name for d in corpus.documents) == ["a.txt", "c.txt"]
    assert any("the same article as" in s.reason for s in corpus.skipped)
    assert len(corpus.near_duplicates) == 1


def test_a_cache_others_can_write_to_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from newsreader.core import cache
    from newsreader.core.corpus import load_corpus

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "afp.html").write_text(saved_page(AFP_PARAS[:4]), encoding="utf-8")
    shared = tmp_path / "shared-cache"
    monkeypatch.setenv("NEWSREADER_CACHE", str(shared))
    first = load_corpus(folder)
    assert cache.cache_dir() == shared and list(shared.rglob("*.json"))
    folders = [shared, *(p for p in shared.rglob("*") if p.is_dir())]
    assert all(p.stat().st_mode & 0o077 == 0 for p in folders)
    # Someone plants a false text under the real page's key, in a folder others can write.
    (entry,) = shared.rglob("*.json")
    planted = json.loads(entry.read_text())
    planted["value"]["articles"][0]["text"] = "Nothing happened in Karabakh.\n"
    entry.write_text(json.dumps(planted))
    os.chmod(shared, 0o777)
    assert cache.cache_dir() is None
    assert load_corpus(folder).documents[0].text == first.documents[0].text
