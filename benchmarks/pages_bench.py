"""Opening a folder of saved web pages, the first time and the second, against the same texts
as ``.txt``.

    python benchmarks/pages_bench.py [ECBPLUS_DIR] [--pages N] [--rounds R]

Builds N saved pages (default 1,000) from the real ECB+ articles, each wrapped in what a saved
news page carries (head metadata, navigation, share bar, an ad, a "most read" box, a footer),
and a folder with each page's extracted text as a ``.txt`` file. Then, in one run: the ``.txt``
folder (the baseline), the pages with an empty cache (first open: trafilatura on every page),
and the pages again (second open: from the cache), each ``load_corpus`` R times (default 3),
alternating, medians reported with the ratios to the baseline. Target: second open within 1.5
times the ``.txt`` folder.
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsreader.core.corpus import load_corpus

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "bench" / "ecbplus"


def page(title: str, paragraphs: list[str], n: int) -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    t = html.escape(title)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{t} | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2020-10-{1 + n % 28:02d}T08:00:00Z">
<link rel="canonical" href="https://news.example/{n}">
<script>window.dataLayer = [{{"page": "article", "n": {n}}}];</script>
<style>.share {{ display: flex }}</style></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
</header><div class="ad">Advertisement</div>
<main><article><h1>{t}</h1><div class="share">Share this: Facebook Twitter Email</div>
{body}</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer>Copyright 2020 The Daily Example. All rights reserved.</footer></body></html>"""


def build(bench: Path, pages: int, root: Path) -> tuple[Path, Path]:
    files = sorted((bench / "docs").glob("*.txt"))
    html_dir, txt_dir = root / "pages", root / "texts"
    html_dir.mkdir()
    txt_dir.mkdir()
    for n in range(pages):
        source = files[n % len(files)].read_text(encoding="utf-8")
        lines = [line.strip() for line in source.split("\n") if line.strip()]
        title, paragraphs = lines[0], lines[1:] or lines
        # Repeats of a file get a line of their own, so no two pages are the same article.
        paragraphs = [*paragraphs, f"Update {n}: this report was filed from the news desk."]
        (html_dir / f"p{n:05d}.html").write_text(page(title, paragraphs, n), encoding="utf-8")
    os.environ["NEWSREADER_CACHE"] = "off"
    for doc in load_corpus(html_dir).documents:  # the .txt twins: the text as extracted
        name = Path(doc.path).stem + ".txt"
        (txt_dir / name).write_text(doc.text, encoding="utf-8")
    return html_dir, txt_dir


def timed(folder: Path) -> float:
    t0 = time.perf_counter()
    load_corpus(folder)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bench", nargs="?", default=str(DEFAULT))
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        html_dir, txt_dir = build(Path(args.bench), args.pages, root)
        texts, cold, warm = [], [], []
        for r in range(args.rounds):
            os.environ["NEWSREADER_CACHE"] = str(root / f"cache{r}")
            texts.append(timed(txt_dir))
            cold.append(timed(html_dir))
            warm.append(timed(html_dir))
        base = statistics.median(texts)
        first, second = statistics.median(cold), statistics.median(warm)
        print(
            f"{args.pages} saved pages, {os.cpu_count()} cores, medians of {args.rounds}:\n"
            f"  same texts as .txt   {base:6.2f} s\n"
            f"  pages, first open    {first:6.2f} s  ({first / base:.1f} x)\n"
            f"  pages, second open   {second:6.2f} s  ({second / base:.2f} x; target 1.5 x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
