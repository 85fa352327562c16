"""Loading a corpus folder: decoding, stable ids, titles, page furniture, skipped files."""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path

from newsreader.core import cache
from newsreader.core.boilerplate import BoilerplateOptions, with_learned_furniture
from newsreader.core.collector import collector_paused
from newsreader.core.duplicates import find_duplicates
from newsreader.core.formats import (
    FEED_SUFFIXES,
    FORMATS_VERSION,
    META_KEYS,
    METADATA_FILE,
    PAGE_SUFFIXES,
    Article,
    FileMeta,
    FormatError,
    Problem,
    iter_front_matter,
    looks_like_feed,
    read_feed,
    read_json,
    read_jsonl,
    read_metadata_csv,
    read_page,
)
from newsreader.core.model import Document, NearDuplicate, Region, Skipped

TEXT_SUFFIXES = (".txt", ".md")
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *PAGE_SUFFIXES, *FEED_SUFFIXES, ".xml", ".json", ".jsonl")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class CorpusError(Exception):
    """The corpus cannot be used at all (missing folder, no article). One line, for the user."""


@dataclass(frozen=True, slots=True)
class Corpus:
    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]
    near_duplicates: tuple[NearDuplicate, ...] = ()


def document_id(text: str) -> str:
    """A stable id for a document: derived from its (normalised) text only."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Decoding


class Undecodable(Exception):
    """The bytes are not text we can use; the message is the reason shown to the user."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text, returning ``(text, encoding)``.

    UTF-8 (with or without BOM), UTF-16/32 with BOM, else cp1252 with a latin-1 fallback.
    ``\\r\\n`` and lone ``\\r`` become ``\\n``. Raises :class:`Undecodable` for binary data.
    """
    encoding = ""
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    if encoding:
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise Undecodable(f"invalid {encoding} after byte-order mark") from exc
        if encoding == "utf-8":
            encoding = "utf-8-sig"
    else:
        if b"\x00" in body[:8192]:
            raise Undecodable("binary file (NUL bytes)")
        try:
            text, encoding = body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = body.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = body.decode("latin-1"), "latin-1"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise Undecodable("binary file (NUL characters)")
    sample = text[:65536]
    # Binary data that decodes without NUL bytes is thick with control characters; an article
    # with a few escape sequences in it is text (shown safely by the reader).
    if sample and len(_CONTROL_RE.findall(sample)) > max(16, len(sample) // 20):
        raise Undecodable("binary file (too many control characters)")
    return text, encoding


# ---------------------------------------------------------------------------------------------
# Page furniture: text kept in the text but marked, never a title, passage or number.
#
# Each pattern says how much of a matching line is furniture: the whole line, or the rest of the
# line from the match on (a copyright line appended to the last paragraph). The known kinds:
# promo, teaser, footer, notice, caption; rights (copyright and rights lines), share (share
# bars), signup (sign-up and notification prompts), trailer (agency trailers, "for use by"
# lines), contact (contact and tip lines); and markup (leftover SGML/HTML entities, wire codes
# such as "&HT;" and HTML tags), which marks only the code itself, inside any line. Text that
# recurs across unrelated documents is learned on top of these (newsreader/core/boilerplate.py).

_LINE, _REST = "line", "rest"

_Hint = tuple[tuple[str, ...], tuple[str, ...]]
"""What a line must hold for a costly pattern to have a chance: one of the strings, or (white
space left aside) a start with one of the others, on the line folded by ``_FOLD``. Tried first,
since running the pattern at every position of every line was most of a feed's loading time."""
# Every character that ``re.I`` matches to an ASCII letter, as that letter: case, and the
# Kelvin sign, long s, dotted and dotless i. One for one, so nothing else moves.
_FOLD = str.maketrans(
    {**{c: c.lower() for c in string.ascii_uppercase}, "\u212a": "k", "ſ": "s", "İ": "i", "ı": "i"}
)

_FURNITURE_PATTERNS: tuple[tuple[str, re.Pattern[str], str, _Hint | None], ...] = (
    (
        "promo",
        re.compile(
            r"^\s*(?-i:[A-Z])(?:oin|ollow|ubscribe|ign up|ownload|ike|OIN|OLLOW|UBSCRIBE|IGN UP)\b"
            r".{0,160}\b(channel|telegram|newsletter|twitter|facebook|instagram|whatsapp|app|"
            r"podcast|youtube|updates)\b",
            re.I,
        ),
        _LINE,
        None,
    ),
    (
        "teaser",
        re.compile(
            r"^\s*(?:(?:READ ALSO|READ MORE|ALSO READ|SEE ALSO|RELATED|MORE ON THIS)\b"
            r"|(?:Read also|Read more|Also read|See also|Related(?: \w+)?|More on this)\s*:)"
        ),
        _LINE,
        None,
    ),
    (
        "footer",
        re.compile(
            r"^\s*(via|with reporting by|reporting by|additional reporting by|editing by|"
            r"written by|compiled by|source:)\s+\S.{0,120}$",
            re.I,
        ),
        _LINE,
        None,
    ),
    (
        "notice",
        re.compile(
            r"^\s*this (article|story|piece) (was|is) (originally )?(first )?published\b.{0,200}$",
            re.I,
        ),
        _LINE,
        None,
    ),
    (
        "rights",
        re.compile(
            r"(?:\bcopyright\s*(?:©|\(c\))?|\(c\)|©)\s*(?:\d{4}\b|by\b)"
            r"|\bthis material may not be\b",
            re.I,
        ),
        _REST,
        (("copyright", "(c)", "©", "this material may not be"), ()),
    ),
    ("rights", re.compile(r"\ball rights reserved\b", re.I), _LINE, (("all rights reserved",), ())),
    (
        "share",
        re.compile(
            r"^\s*(?:share(?: this(?: story| article| page| post)?)?\s*[:|]?\s*)?"
            r"(?:(?:facebook|twitter|google\+?|e-?mail|print|more|linkedin|pinterest|reddit|"
            r"whatsapp|tumblr|pocket|telegram|messenger|sms|copy link|tweet|share|comments?|"
            r"save)(?![\w+])[\s,|/·•-]*){3,}$",
            re.I,
        ),
        _LINE,
        None,
    ),
    (
        "share",
        re.compile(r"^\s*share (?:this|on|via)\b(?: (?:story|article|page|post))?\s*:?\s*$", re.I),
        _LINE,
        None,
    ),
    (
        "signup",
        re.compile(
            r"\bcheck your (?:e-?mail|inbox)\b.{0,120}\b(?:confirm|activate|verify)"
            r"|\bactivate your (?:subscription|account)\b"
            r"|^\s*get (?:(?:e-?mail|push|text|breaking(?: news)?) )?"
            r"(?:notifications|alerts|updates|newsletters?)\b"
            r"|^\s*(?:already a subscriber|subscribe (?:now|today|here)|to continue reading"
            r"|thank you for (?:subscribing|signing up)|sign (?:up|in) (?:for|to) (?:our|free)\b)",
            re.I,
        ),
        _LINE,
        (
            ("check your", "activate your"),
            (
                "get ",
                "already a subscriber",
                "subscribe ",
                "to continue reading",
                "thank you for ",
                "sign ",
            ),
        ),
    ),
    (
        "trailer",
        re.compile(
            r"\bfor use by (?:clients|subscribers|members|customers)\b"
            r"|^\s*\(?(?:story filed|distributed|syndicated|transmitted) by\b"
            r"|^\s*visit (?:the |us )?.{0,60}?\b(?:online|on the (?:world wide )?web|web ?site"
            r"|at www\.)"
            r"|^\s*[(\[]?(?:end(?: of story| optional trim)?|endit)[)\]]?\s*$"
            r"|^\s*-\s*30\s*-\s*$",
            re.I,
        ),
        _LINE,
        (
            ("for use by",),
            (
                "(",
                "[",
                "-",
                "story filed",
                "distributed",
                "syndicated",
                "transmitted",
                "visit ",
                "end",
            ),
        ),
    ),
    (
        "contact",
        re.compile(
            r"^\s*report an? (?:error|typo|correction)\b|\bsubmit a (?:news )?tip\b"
            r"|^\s*(?:got|have) a (?:news )?tip\b|^\s*(?:send|e-?mail) (?:us )?(?:your )?"
            r"(?:news )?tips?\b"
            r"|^\s*(?:contact|reach|e-?mail|call) (?:the )?(?:reporter|writer|author|editor|us|"
            r"(?-i:[A-Z][\w'’-]+ [A-Z][\w'’-]+)) (?:at|on|via)\b.{0,120}$"
            r"|^\s*(?:e-?mail|phone|tel|fax|telephone)\s*:\s*\S.{0,80}$"
            r"|^\s*\S+@\S+\.\w+\s*$",
            re.I,
        ),
        _LINE,
        (
            ("submit a", "@"),
            (
                "report a",
                "got a",
                "have a",
                "send ",
                "email",
                "e-mail",
                "contact ",
                "reach ",
                "call ",
                "phone",
                "tel",
                "fax",
            ),
        ),
    ),
    (
        "caption",
        re.compile(r"©|\((photo|image|picture|file photo)\b[^)]*\)\s*$", re.I),
        _LINE,
        None,
    ),
    (
        "caption",
        re.compile(
            r"\((?:[^()]*/)?[^()]*\b(released|getty images|afp|reuters|ap photo|handout|"
            r"photo|pool|epa|xinhua|tass|anadolu)\b[^()]*\)\s*$",
            re.I,
        ),
        _LINE,
        None,
    ),
)

# Leftover markup: SGML/HTML entities ("&amp;", "&#8217;"), wire formatting codes ("&HT;",
# "&QL;", "&UR;", "&LR;") and HTML tags. Only the code is furniture; the words around it are not.
_MARKUP_RE = re.compile(
    r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"
    r"|</?(?:a|abbr|b|big|blockquote|body|br|center|code|div|em|font|form|h[1-6]|head|hr|html|i|"
    r"iframe|img|input|li|link|meta|nobr|noscript|ol|option|p|pre|script|select|small|span|"
    r"strong|style|sub|sup|table|tbody|td|th|title|tr|tt|u|ul)\b(?:\s[^<>]{0,1000})?/?>",
    re.I,
)

_LINE_RE = re.compile(r"[^\n]+")
_MAX_FURNITURE_LINE = 240
# A rights notice is one or two short sentences; a longer line is text that quotes one (in PAN's
# web pages, hard-wrapped lines that go on with the page's content).
_MAX_LENGTH = {"rights": 160}


def find_furniture(text: str) -> tuple[Region, ...]:
    """Mark the known kinds of page furniture (see the patterns above), in text order.

    Regions never overlap: a code inside a line that is furniture as a whole is not marked again.
    """
    found: list[Region] = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        # A whole line longer than any furniture (a paragraph on one line) can only hold a
        # notice at its end.
        long = len(stripped) > _MAX_FURNITURE_LINE
        folded = ""
        for kind, pattern, scope, hint in _FURNITURE_PATTERNS:
            if long and scope != _REST:
                continue
            if hint is not None:
                folded = folded or line.translate(_FOLD)
                if not _may_match(hint, folded):
                    continue
            hit = pattern.search(line)
            if not hit:
                continue
            start = m.start() + (len(line) - len(line.lstrip()))
            end = m.start() + len(line.rstrip())
            if scope == _REST:
                start = max(start, m.start() + hit.start())
            if end - start > _MAX_LENGTH.get(kind, _MAX_FURNITURE_LINE):
                continue
            if kind == "caption" and _looks_like_sentence(stripped):
                continue
            found.append(Region(start, end, kind))
            break
    if "&" in text or "<" in text:
        lines = iter(found)
        current = next(lines, None)
        codes: list[Region] = []
        for m in _MARKUP_RE.finditer(text):
            while current is not None and current.end <= m.start():
                current = next(lines, None)
            if current is not None and current.start < m.end():
                continue
            codes.append(Region(m.start(), m.end(), "markup"))
        if codes:
            found = sorted(found + codes, key=lambda r: r.start)
    return tuple(found)


def _may_match(hint: _Hint, folded: str) -> bool:
    return any(h in folded for h in hint[0]) or folded.lstrip().startswith(hint[1])


def _looks_like_sentence(line: str) -> bool:
    """A caption is a short label, not a sentence of the story ending in punctuation."""
    return line.endswith((".", "!", "?", '"', "”")) and "©" not in line


# ---------------------------------------------------------------------------------------------
# Titles and metadata

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.S)
_META_LINE_RE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")


def front_matter(text: str) -> tuple[dict[str, str], Region | None]:
    """Simple ``key: value`` front matter between ``---`` fences at the top of the text."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return {}, None
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        lm = _META_LINE_RE.match(line)
        if lm:
            meta[lm.group(1).lower()] = lm.group(2).strip("\"'")
    return meta, Region(0, m.end(), "metadata")


def title_of(text: str, furniture: Iterable[Region], meta: dict[str, str]) -> str:
    """The metadata title, else the first line with words once its page furniture is left out
    ("" if there is none). Entities read as what they stand for ("&amp;" as "&"); wire codes
    and tags are dropped."""
    if meta.get("title"):
        return meta["title"]
    regions = sorted((r.start, r.end, r.kind) for r in furniture)
    k = 0
    for m in _LINE_RE.finditer(text):
        line_start, line_end = m.span()
        while k < len(regions) and regions[k][1] <= line_start:
            k += 1
        pieces: list[str] = []
        pos = line_start
        j = k
        touched = j < len(regions) and regions[j][0] < line_end
        while j < len(regions) and regions[j][0] < line_end:
            start, end, kind = regions[j]
            if start > pos:
                pieces.append(text[pos:start])
            if kind == "markup":
                pieces.append(_code_as_text(text[max(start, pos) : min(end, line_end)]))
            else:
                pieces.append(" ")
            pos = max(pos, end)
            j += 1
        if pos < line_end:
            pieces.append(text[pos:line_end])
        if touched:  # what furniture leaves around it ("& ", " |") is not part of a title
            line = _TITLE_TRIM_RE.sub("", " ".join("".join(pieces).split()))
        else:
            line = m.group().strip().lstrip("#").strip()
        if line and (not touched or any(ch.isalnum() for ch in line)):
            return line[:300]
    return ""


_TITLE_TRIM_RE = re.compile(r"^[^\w\"“‘'(\[]+|[\s&|#*•·\-–—]+$")


def _code_as_text(code: str) -> str:
    """What a markup code stands for in a title: its character for an entity, else a space."""
    plain = html.unescape(code)
    if plain == code or not plain.isprintable():
        return " "
    return plain


# ---------------------------------------------------------------------------------------------
# Loading


def _read(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise Undecodable(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Undecodable(f"file too large (over {max_bytes:,} bytes)")
    return data


def _text_of(data: bytes) -> tuple[str, str]:
    text, encoding = decode(data)
    if not text.strip():
        raise Undecodable("empty file")
    if not any(ch.isalpha() for ch in text[:100_000]):
        raise Undecodable("no readable text (no letters)")
    return text, encoding


def load_document(path: Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load one plain-text article file. Raises :class:`Undecodable` or ``OSError``."""
    text, encoding = _text_of(_read(path, max_bytes))
    return document_from_text(text, display_path, encoding)


def load_file(
    path: Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[Document], list[Skipped]]:
    """The articles in one file of any supported kind, and what in it was skipped or left
    unknown (each with the file, and the line or entry, it came from).

    Raises :class:`Undecodable` (with the reason) when the whole file is unusable, or
    ``OSError``.
    """
    suffix = path.suffix.lower()
    data = _read(path, max_bytes)
    problems: list[Problem] = []
    try:
        if suffix in TEXT_SUFFIXES:
            text, encoding = _text_of(data)
            docs = [document_from_text(text, display_path, encoding, problems=problems)]
        elif suffix in PAGE_SUFFIXES or suffix in FEED_SUFFIXES or suffix == ".xml":
            articles, problems, encoding = _extracted(data, suffix)
            docs = [_from_article(a, display_path, encoding) for a in articles]
        else:  # .json, .jsonl: structure first, so "[]" is an empty list, not "no letters"
            text, encoding = decode(data)
            reader = read_jsonl if suffix == ".jsonl" else read_json
            articles, problems = reader(text)
            docs = [_from_article(a, display_path, encoding) for a in articles]
    except FormatError as exc:
        raise Undecodable(str(exc)) from None
    if not docs and not problems:
        raise Undecodable("no article in the file")
    return docs, [Skipped(display_path + p.where, p.reason) for p in problems]


def _cached(hit: object) -> tuple[list[Article], list[Problem], str] | None:
    """A cache entry read back, every field checked; ``None`` for anything not of our shape
    (damaged, or written by another version), which is then extracted again."""
    if not isinstance(hit, dict):
        return None
    if "refused" in hit:
        if isinstance(hit["refused"], str):
            raise FormatError(hit["refused"])
        return None
    try:
        articles = []
        for a in hit["articles"]:
            fields = {k: a[k] for k in _ARTICLE_TEXT_FIELDS}
            notes = a["notes"]
            if not (isinstance(fields["text"], str) and isinstance(fields["where"], str)):
                return None
            if not all(v is None or isinstance(v, str) for v in fields.values()):
                return None
            if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
                return None
            articles.append(Article(**fields, notes=tuple(notes)))
        problems = [Problem(str(p["where"]), str(p["reason"])) for p in hit["problems"]]
        encoding = hit["encoding"]
    except (KeyError, TypeError):
        return None
    if not isinstance(encoding, str):
        return None
    return articles, problems, encoding


_ARTICLE_TEXT_FIELDS = ("text", "where", "title", "outlet", "date", "url", "author", "ident")


@lru_cache(maxsize=1)
def _extractors() -> str:
    """Names the extracting code, so a new version of it misses the cache."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"formats{FORMATS_VERSION}"]
    for package in ("trafilatura", "htmldate", "feedparser", "lxml", "python-dateutil"):
        try:
            parts.append(f"{package}{version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}?")
    return "-".join(parts)


def _extracted(data: bytes, suffix: str) -> tuple[list[Article], list[Problem], str]:
    """The articles of a page or a feed, from the cache when this content was seen before.

    A refused file is cached too (as its reason), so it is not parsed again either.
    """
    kind = "articles-" + hashlib.sha1(_extractors().encode()).hexdigest()[:12]
    key = cache.key_of(data, kind + suffix)
    hit = _cached(cache.get(kind, key))
    if hit is not None:
        return hit
    problems: list[Problem]
    try:
        if suffix in PAGE_SUFFIXES:
            text, encoding = _text_of(data)
            articles, problems = [read_page(text)], []
        else:
            if not looks_like_feed(data):
                raise FormatError("an XML file that is not an RSS or Atom feed")
            (articles, problems), encoding = read_feed(data), "utf-8"
    except (FormatError, Undecodable) as exc:
        cache.put(kind, key, {"refused": str(exc)})
        raise
    cache.put(
        kind,
        key,
        {
            "articles": [asdict(a) for a in articles],
            "problems": [asdict(p) for p in problems],
            "encoding": encoding,
        },
    )
    return articles, problems, encoding


def _from_article(article: Article, display_path: str, encoding: str = "utf-8") -> Document:
    """A document from an article read out of a page, a feed or a JSON file."""
    meta = {k: v for k, v in _article_meta(article).items() if v is not None}
    doc = document_from_text(article.text, display_path + article.where, encoding, meta=meta)
    return replace(doc, notes=article.notes)


def _article_meta(article: Article) -> dict[str, str | None]:
    return {
        "title": article.title,
        "outlet": article.outlet,
        "date": article.date,
        "url": article.url,
        "author": article.author,
    }


def document_from_text(
    text: str,
    path: str = "",
    encoding: str = "utf-8",
    meta: dict[str, str] | None = None,
    problems: list[Problem] | None = None,
) -> Document:
    """Build a :class:`Document` from already-decoded text (used by loaders and tests).

    ``meta`` (title, outlet, date, url, author; dates already ISO) is what the file around the
    text said; else ``.md`` front matter gives them, with dates normalised (a bad one goes to
    ``problems``).
    """
    front, meta_region = front_matter(text)
    furniture = find_furniture(text)
    if meta_region is not None:
        furniture = (meta_region, *(r for r in furniture if r.start >= meta_region.end))
    known = dict(iter_front_matter(front, problems if problems is not None else []))
    known.update(meta or {})
    # An article that is all furniture (or all front matter) is named after its file.
    title = title_of(text, furniture, known) or Path(path).stem
    return Document(
        id=document_id(text),
        path=path,
        title=title,
        text=text,
        furniture=furniture,
        encoding=encoding,
        outlet=known.get("outlet"),
        date=known.get("date"),
        url=known.get("url"),
        author=known.get("author"),
    )


def _with_file_meta(
    doc: Document, row: FileMeta, csv_shown: str, name: str, report: list[Skipped]
) -> Document:
    """``doc`` with the metadata a ``metadata.csv`` row gives it; where the file itself says
    otherwise, the row wins and the disagreement is reported."""
    changes: dict[str, str] = {}
    for key in META_KEYS:
        value = row.values.get(key)
        if value is None:
            continue
        own = getattr(doc, key)
        if key == "title" and not _titled_by_metadata(doc):
            own = None  # the first line stands in for a title; nothing to disagree with
        if own is not None and own != value:
            report.append(
                Skipped(
                    f"{csv_shown}:{row.line}",
                    f"{name}: {key} {value!r} differs from the file's own {own!r}; "
                    f"{METADATA_FILE} kept",
                )
            )
        changes[key] = value
    if not changes:
        return doc
    return replace(
        doc,
        title=changes.get("title", doc.title),
        outlet=changes.get("outlet", doc.outlet),
        date=changes.get("date", doc.date),
        url=changes.get("url", doc.url),
        author=changes.get("author", doc.author),
    )


def _retitle(doc: Document, furniture: tuple[Region, ...]) -> str:
    meta, _ = front_matter(doc.text)
    return title_of(doc.text, furniture, meta) or Path(doc.path).stem


def learn_furniture(
    documents: Sequence[Document], options: BoilerplateOptions | None = None
) -> list[Document]:
    """The documents with the text they share with unrelated documents marked as furniture.

    Same texts and ids; titles skip the new furniture (see :mod:`newsreader.core.boilerplate`).
    """
    return with_learned_furniture(documents, _retitle, options)


LEARN_DEFAULTS = BoilerplateOptions()


def load_corpus(
    root: str | os.PathLike[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    boilerplate: BoilerplateOptions | None = LEARN_DEFAULTS,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Load every ``.txt``/``.md`` file under ``root`` (recursively, in path order).

    Files that cannot be used are skipped with a reason. Raises :class:`CorpusError` when the
    folder does not exist or holds no usable article. Text that recurs across documents of
    unrelated content is then marked as furniture (``boilerplate=None``: known patterns only).
    ``progress(files_done, files)`` is called after each file.
    """
    with collector_paused():
        return _load_corpus(root, max_bytes, boilerplate, progress)


def _load_corpus(
    root: str | os.PathLike[str],
    max_bytes: int,
    boilerplate: BoilerplateOptions | None,
    progress: Callable[[int, int], None] | None,
) -> Corpus:
    root_path = Path(root)
    if not root_path.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root_path.is_dir():
        raise CorpusError(f"not a folder: {root}")
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    try:
        found = sorted(root_path.rglob("*"))
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {root}: {exc.strerror or exc}") from exc
    candidates = [p for p in found if p.suffix.lower() in ARTICLE_SUFFIXES]
    file_meta, csv_of = _metadata_files(
        [p for p in found if p.name.lower() == METADATA_FILE], skipped
    )
    for done, path in enumerate(candidates, 1):
        if progress is not None:
            progress(done, len(candidates))
        shown = str(path)
        if path.name.startswith("."):
            continue
        if not path.is_file():
            if path.is_dir():
                continue
            skipped.append(Skipped(shown, "not a regular file"))
            continue
        try:
            docs, problems = load_file(path, shown, max_bytes)
        except Undecodable as exc:
            skipped.append(Skipped(shown, str(exc)))
            continue
        except OSError as exc:
            skipped.append(Skipped(shown, f"unreadable: {exc.strerror or exc}"))
            continue
        skipped.extend(problems)
        row = file_meta.get(path.resolve())
        if row is not None and len(docs) > 1:
            row = _for_many(row, str(csv_of[path.resolve()]), path.name, skipped)
        reported: set[str] = set()
        for doc in docs:
            if row is not None:
                csv_path = csv_of[path.resolve()]
                notes: list[Skipped] = []
                doc = _with_file_meta(doc, row, str(csv_path), path.name, notes)
                # A disagreement is said once for the file, not once per entry in it.
                skipped.extend(n for n in notes if n.reason not in reported)
                reported.update(n.reason for n in notes)
            if doc.id in seen:
                skipped.append(Skipped(doc.path, f"duplicate of {seen[doc.id]}"))
                continue
            seen[doc.id] = doc.path
            documents.append(doc)
    if not documents:
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        kinds = ", ".join(ARTICLE_SUFFIXES)
        raise CorpusError(f"no article ({kinds}) found in {root}{detail}")
    if boilerplate is not None:
        titles = {d.id: d.title for d in documents if _titled_by_metadata(d)}
        documents = learn_furniture(documents, boilerplate)
        documents = [replace(d, title=titles[d.id]) if d.id in titles else d for d in documents]
    # After learning, so a shared trailer is no reason to call two articles the same.
    documents, copies, near = find_duplicates(documents)
    skipped.extend(copies)
    return Corpus(str(root), tuple(documents), tuple(skipped), tuple(near))


def _titled_by_metadata(doc: Document) -> bool:
    """Whether the title came from metadata (a page, feed, JSON record, front matter or
    metadata.csv) rather than from the text's first line, so learning furniture keeps it."""
    return doc.title != (title_of(doc.text, doc.furniture, {}) or Path(doc.path).stem)


def _metadata_files(
    paths: list[Path], skipped: list[Skipped]
) -> tuple[dict[Path, FileMeta], dict[Path, Path]]:
    """Every ``metadata.csv`` of the corpus: the row for each file named, and which csv gave
    it. Problems in them are reported with the csv's path and line."""
    rows: dict[Path, FileMeta] = {}
    source: dict[Path, Path] = {}
    for csv_path in paths:
        try:
            text, _ = decode(_read(csv_path, DEFAULT_MAX_BYTES))
            found, problems = read_metadata_csv(text, csv_path.parent)
        except (Undecodable, FormatError) as exc:
            skipped.append(Skipped(str(csv_path), str(exc)))
            continue
        except OSError as exc:
            skipped.append(Skipped(str(csv_path), f"unreadable: {exc.strerror or exc}"))
            continue
        skipped.extend(Skipped(f"{csv_path}{p.where}", p.reason) for p in problems)
        for target, row in found.items():
            if target in rows:
                skipped.append(
                    Skipped(
                        f"{csv_path}:{row.line}",
                        f"{target.name}: also listed in {source[target]} "
                        f"(line {rows[target].line}), which is kept",
                    )
                )
                continue
            rows[target] = row
            source[target] = csv_path
    return rows, source


def _for_many(row: FileMeta, csv_shown: str, name: str, report: list[Skipped]) -> FileMeta:
    """A ``metadata.csv`` row for a file of several articles (a feed, a JSON file): its outlet
    and author may hold for them all; a title, date or URL cannot, and is reported unused."""
    unused = [k for k in row.values if k not in ("outlet", "author")]
    if unused:
        report.append(
            Skipped(
                f"{csv_shown}:{row.line}",
                f"{name} holds several articles: its {', '.join(unused)} cannot be every "
                "article's; not used",
            )
        )
    return FileMeta(row.line, {k: v for k, v in row.values.items() if k in ("outlet", "author")})
