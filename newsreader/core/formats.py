"""Article files other than plain text: saved web pages, feeds, JSON and JSONL, metadata.csv.

Each reader turns one file's bytes into :class:`Article` records (text plus what is known of
title, outlet, date, URL and author) and a list of problems, each a one-line reason tied to the
file (and line or entry) it came from. Nothing here raises on bad input except
:class:`FormatError`, which means the whole file is unusable. The heavy libraries (trafilatura
for pages, feedparser for feeds) are imported only when a file of their kind is read.

Dates are normalised to ISO 8601 (:func:`normalise_date`): a date alone as ``YYYY-MM-DD`` (or
``YYYY-MM`` / ``YYYY`` when the text names no day or month), a date-time as
``YYYY-MM-DDTHH:MM:SS`` with its offset when one was given. A date that cannot be
read, cannot exist (31 February) or is ambiguous (``03/04/2020``: March or April?) is reported
and left unknown, never guessed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

FORMATS_VERSION = 2
"""Bumped whenever what these readers return for the same bytes changes, here or in the
decoding they rely on (``corpus.decode``): it keys the extraction cache."""

META_KEYS = ("title", "outlet", "date", "url", "author")
"""Metadata every article may carry (all optional); JSON records add ``text`` and ``id``."""

FEED_SUFFIXES = (".rss", ".atom")
PAGE_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json", ".jsonl")
METADATA_FILE = "metadata.csv"


class FormatError(Exception):
    """The whole file cannot be used; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Article:
    """One article read from a file: its text and what is known about it."""

    text: str
    where: str = ""
    """Where in the file it came from, for paths and messages: "" for a whole file, else
    ``"#3"`` (the third entry or record) or ``":7"`` (line 7 of a JSONL file)."""
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    ident: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a file that was skipped or left unknown, and why."""

    where: str
    reason: str


# ---------------------------------------------------------------------------------------------
# Dates

# Zone abbreviations news sites print; others (ambiguous ones like "BST" or "IST") leave the
# time without an offset rather than guess one.
_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
    "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "JST": 9,
}  # fmt: skip
_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
_YEAR_FIRST_RE = re.compile(r"\s*\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\b")
_NUMERIC_RE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")


def normalise_date(value: str) -> str:
    """``value`` as an ISO 8601 date or date-time. Raises ``ValueError`` with the reason."""
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if _ISO_RE.fullmatch(text):
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ValueError(f"impossible date {value!r} ({exc})") from None
        return _iso(parsed, has_time=len(text) > 10)
    numeric = _NUMERIC_RE.fullmatch(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(
                f"ambiguous date {value!r} (day and month could be either); write it as YYYY-MM-DD"
            )
    import warnings

    from dateutil import parser as dateparser

    zones = {name: hours * 3600 for name, hours in _ZONES.items()}
    try:
        # Parsed twice with different defaults: whatever differs was not in the text, so
        # "August 1999" is the month 1999-08, not a guessed 1 August.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown zone name: the time stays local
            # Day first ("13/08/1999", as most of the world writes it), except after a leading
            # year: "2020/10/01" and "2020.10.01" are year, month, day.
            first = _YEAR_FIRST_RE.match(text) is not None
            parsed = dateparser.parse(
                text, default=datetime(1, 1, 1), tzinfos=zones, yearfirst=first, dayfirst=not first
            )
            other = dateparser.parse(
                text, default=datetime(2, 2, 2), tzinfos=zones, yearfirst=first, dayfirst=not first
            )
    except (ValueError, OverflowError) as exc:
        reason = str(exc).split(":")[0]
        if "out of range" in reason or "must be in" in reason:
            raise ValueError(f"impossible date {value!r} ({reason})") from None
        raise ValueError(f"not a date: {value!r}") from None
    if parsed.year != other.year:
        raise ValueError(f"no year in date {value!r}")
    if parsed.month != other.month:
        return f"{parsed.year:04d}"
    if parsed.day != other.day:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    has_time = bool(re.search(r"\d:\d\d", text))
    return _iso(parsed, has_time)


def _iso(parsed: datetime, has_time: bool) -> str:
    if not has_time:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def date_of(value: Any, where: str, problems: list[Problem]) -> str | None:
    """A normalised date, or ``None`` with a problem reported when there is no usable one."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _iso(value, True)
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        problems.append(Problem(where, f"date is not text: {value!r}"))
        return None
    try:
        return normalise_date(value)
    except ValueError as exc:
        problems.append(Problem(where, f"{exc}; date left unknown"))
        return None


_HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")


def _collapse(text: str) -> str:
    """Runs of HTML white space as one space, as a browser shows them. Other spaces (thin,
    no-break) are the text's own and are kept."""
    return _HTML_SPACE_RE.sub(" ", text).strip(" ")


def _clean(value: Any) -> str | None:
    """A metadata string with its spacing tidied, or ``None`` when empty or not a string."""
    if not isinstance(value, str):
        return None
    return _collapse(value) or None


# ---------------------------------------------------------------------------------------------
# Saved web pages


def read_page(data: str) -> Article:
    """A saved web page's main text and metadata (trafilatura; htmldate for the date)."""
    try:
        import trafilatura
    except ImportError as exc:  # a broken install: say so per file, never a traceback
        raise FormatError(f"cannot read web pages here (trafilatura: {exc})") from None

    try:
        found = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:
        raise FormatError(f"unreadable web page: {exc}") from None
    if found is None:
        raise FormatError("no article text found in the web page")
    meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    body = meta.get("text") or ""
    # trafilatura gives one paragraph a line; a blank line between them reads as in the page.
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    if not paragraphs:
        raise FormatError("no article text found in the web page")
    problems: list[Problem] = []
    return Article(
        text="\n\n".join(paragraphs) + "\n",
        title=_clean(meta.get("title")),
        outlet=_clean(meta.get("sitename")) or _clean(meta.get("hostname")),
        date=date_of(meta.get("date"), "", problems),
        url=_clean(meta.get("url")),
        author=_clean(meta.get("author")),
    )


# ---------------------------------------------------------------------------------------------
# Feeds

_BLOCKS = frozenset(
    "p div br li h1 h2 h3 h4 h5 h6 blockquote pre tr section article header footer".split()
)


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block."""
    if "<" not in fragment:
        paragraphs = (_collapse(p) for p in re.split(r"\n[ \t\r\f]*\n", fragment))
        return "\n\n".join(p for p in paragraphs if p)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _collapse("".join(current))
        if line:
            parts.append(line)
        current.clear()

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCKS:
            flush()
        if node.text and tag not in ("script", "style"):
            current.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in _BLOCKS:
            flush()

    walk(root)
    flush()
    return "\n\n".join(parts)


def looks_like_feed(data: bytes) -> bool:
    """Whether an ``.xml`` file is an RSS or Atom feed (its root element says so)."""
    head = data[:4096].decode("utf-8", "replace")
    head = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.S)
    m = re.search(r"<\s*([A-Za-z_][\w.-]*:)?(rss|feed|RDF)\b", head)
    return bool(m) and head.lstrip().startswith("<")


def read_feed(data: bytes) -> tuple[list[Article], list[Problem]]:
    """One article per feed entry, with its full content where the feed carries it."""
    try:
        import feedparser
    except ImportError as exc:
        raise FormatError(f"cannot read feeds here (feedparser: {exc})") from None

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser's fallback parser can raise almost anything
        raise FormatError(f"unreadable feed ({type(exc).__name__}: {exc})") from None
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise FormatError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    outlet = _clean(parsed.feed.get("title"))
    articles: list[Article] = []
    problems: list[Problem] = []
    for n, entry in enumerate(parsed.entries, 1):
        where = f"#{n}"
        notes: tuple[str, ...] = ()
        contents = entry.get("content") or []
        body = "\n\n".join(html_fragment_text(c.get("value", "")) for c in contents).strip()
        if not body:
            body = html_fragment_text(entry.get("summary", "") or "").strip()
            if body:
                notes = ("summary only: the feed entry carries no full text",)
        if not body:
            problems.append(Problem(where, "feed entry with no text"))
            continue
        when = entry.get("published") or entry.get("updated")
        entry_date = date_of(when, where, problems) if when else None
        if entry_date is None and (entry.get("published_parsed") or entry.get("updated_parsed")):
            st = entry.get("published_parsed") or entry.get("updated_parsed")
            entry_date = datetime(*st[:6]).isoformat(timespec="seconds") + "+00:00"
        articles.append(
            Article(
                text=body + "\n",
                where=where,
                title=_clean(entry.get("title")),
                outlet=outlet,
                date=entry_date,
                url=_clean(entry.get("link")),
                author=_clean(entry.get("author")),
                ident=_clean(entry.get("id")),
                notes=notes,
            )
        )
    if not articles and not problems:
        raise FormatError("feed with no entries")
    return articles, problems


# ---------------------------------------------------------------------------------------------
# JSON and JSONL: keys text (required), title, outlet, date, url, author, id

MAX_JSON_DEPTH = 64


def _record(obj: Any, where: str, problems: list[Problem]) -> Article | None:
    if not isinstance(obj, dict):
        problems.append(Problem(where, "not an object with a 'text' key"))
        return None
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(where, "no 'text' (a non-empty string is required)"))
        return None
    for key in (*META_KEYS, "id"):
        value = obj.get(key)
        if value is None or isinstance(value, str) or (key == "id" and type(value) is int):
            continue
        problems.append(Problem(where, f"'{key}' is not text ({type(value).__name__}); ignored"))
    ident = obj.get("id")
    return Article(
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        where=where,
        title=_clean(obj.get("title")),
        outlet=_clean(obj.get("outlet")),
        date=date_of(obj["date"], where, problems) if isinstance(obj.get("date"), str) else None,
        url=_clean(obj.get("url")),
        author=_clean(obj.get("author")),
        ident=str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else None,
    )


def _too_deep(text: str) -> bool:
    """Whether JSON nests deeper than ``MAX_JSON_DEPTH`` (checked before parsing, so a hostile
    file of 100,000 brackets is refused instead of exhausting the recursion limit)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _loads(text: str) -> Any:
    if _too_deep(text):
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return json.loads(text)


def read_json(text: str) -> tuple[list[Article], list[Problem]]:
    """A ``.json`` file: a list of article objects (or one article object)."""
    try:
        data = _loads(text)
    except ValueError as exc:
        raise FormatError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise FormatError("JSON is neither a list of articles nor one article")
    problems: list[Problem] = []
    articles = [a for n, obj in enumerate(data, 1) if (a := _record(obj, f"#{n}", problems))]
    return articles, problems


def read_jsonl(text: str) -> tuple[list[Article], list[Problem]]:
    """A ``.jsonl`` file: one article object a line; a bad line is reported, the rest kept."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f":{n}"
        try:
            obj = _loads(line)
        except ValueError as exc:
            problems.append(Problem(where, f"not valid JSON: {exc}"))
            continue
        article = _record(obj, where, problems)
        if article is not None:
            articles.append(article)
    return articles, problems


# ---------------------------------------------------------------------------------------------
# metadata.csv


@dataclass(frozen=True, slots=True)
class FileMeta:
    """One row of a ``metadata.csv``: metadata for the file it names."""

    line: int
    values: dict[str, str]


def read_metadata_csv(text: str, folder: Path) -> tuple[dict[Path, FileMeta], list[Problem]]:
    """Rows of a ``metadata.csv`` (header ``file`` plus any of outlet, date, url, author,
    title), keyed by the resolved path of the file each names."""
    problems: list[Problem] = []
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(rows, None)
    if header is None:
        raise FormatError("empty metadata.csv")
    columns = [h.strip().lower() for h in header]
    if "file" not in columns:
        raise FormatError("metadata.csv has no 'file' column")
    unknown = [c for c in columns if c != "file" and c not in META_KEYS]
    if unknown:
        problems.append(Problem(":1", f"unknown column(s) {', '.join(unknown)}; ignored"))
    out: dict[Path, FileMeta] = {}
    try:
        table = list(rows)
    except csv.Error as exc:
        raise FormatError(f"unreadable metadata.csv near line {rows.line_num}: {exc}") from None
    for line, row in enumerate(table, 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(columns, row, strict=False))
        name = cells.get("file", "").strip()
        where = f":{line}"
        if not name:
            problems.append(Problem(where, "no file named"))
            continue
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()):
            problems.append(Problem(where, f"{name}: outside the folder; ignored"))
            continue
        if not target.is_file():
            problems.append(Problem(where, f"{name}: no such file"))
            continue
        values: dict[str, str] = {}
        for key in META_KEYS:
            value = _clean(cells.get(key))
            if value is None:
                continue
            if key == "date":
                iso = date_of(value, where, problems)
                if iso is None:
                    continue
                value = iso
            values[key] = value
        if target in out:
            problems.append(Problem(where, f"{name}: listed again (line {out[target].line} kept)"))
            continue
        out[target] = FileMeta(line, values)
    return out, problems


def iter_front_matter(meta: dict[str, str], problems: list[Problem]) -> Iterator[tuple[str, str]]:
    """The article metadata in ``.md`` front matter, dates normalised."""
    for key in META_KEYS:
        value = _clean(meta.get(key))
        if value is None:
            continue
        if key == "date":
            iso = date_of(value, "front matter", problems)
            if iso is None:
                continue
            value = iso
        yield key, value
