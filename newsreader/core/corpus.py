"""Loading a corpus folder: decoding, stable ids, titles, page furniture, skipped files."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsreader.core.model import Document, Region, Skipped

ARTICLE_SUFFIXES = (".txt", ".md")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class CorpusError(Exception):
    """The corpus cannot be used at all (missing folder, no article). One line, for the user."""


@dataclass(frozen=True, slots=True)
class Corpus:
    root: str
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...]


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
# Page furniture: lines kept in the text but marked, never a title, passage or number.

_FURNITURE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "promo",
        re.compile(
            r"^\s*(?-i:[A-Z])(?:oin|ollow|ubscribe|ign up|ownload|ike|OIN|OLLOW|UBSCRIBE|IGN UP)\b"
            r".{0,160}\b(channel|telegram|newsletter|twitter|facebook|instagram|whatsapp|app|"
            r"podcast|youtube|updates)\b",
            re.I,
        ),
    ),
    (
        "teaser",
        re.compile(
            r"^\s*(?:(?:READ ALSO|READ MORE|ALSO READ|SEE ALSO|RELATED|MORE ON THIS)\b"
            r"|(?:Read also|Read more|Also read|See also|Related(?: \w+)?|More on this)\s*:)"
        ),
    ),
    (
        "footer",
        re.compile(
            r"^\s*(via|with reporting by|reporting by|additional reporting by|editing by|"
            r"written by|compiled by|source:)\s+\S.{0,120}$",
            re.I,
        ),
    ),
    (
        "notice",
        re.compile(
            r"^\s*this (article|story|piece) (was|is) (originally )?(first )?published\b.{0,200}$",
            re.I,
        ),
    ),
    ("caption", re.compile(r"©|\((photo|image|picture|file photo)\b[^)]*\)\s*$", re.I)),
    (
        "caption",
        re.compile(
            r"\((?:[^()]*/)?[^()]*\b(released|getty images|afp|reuters|ap photo|handout|"
            r"photo|pool|epa|xinhua|tass|anadolu)\b[^()]*\)\s*$",
            re.I,
        ),
    ),
)

_LINE_RE = re.compile(r"[^\n]+")
_MAX_FURNITURE_LINE = 240


def find_furniture(text: str) -> tuple[Region, ...]:
    """Mark promo lines, teasers, photo captions/credits and footers (whole lines)."""
    found: list[Region] = []
    for m in _LINE_RE.finditer(text):
        line = m.group()
        stripped = line.strip()
        if not stripped or len(stripped) > _MAX_FURNITURE_LINE:
            continue
        for kind, pattern in _FURNITURE_PATTERNS:
            if not pattern.search(line):
                continue
            if kind == "caption" and _looks_like_sentence(stripped):
                continue
            start = m.start() + (len(line) - len(line.lstrip()))
            end = m.start() + len(line.rstrip())
            found.append(Region(start, end, kind))
            break
    return tuple(found)


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
    """The metadata title, else the first non-empty line that is not page furniture ("" if
    there is none)."""
    if meta.get("title"):
        return meta["title"]
    skip = sorted((r.start, r.end) for r in furniture)
    for m in _LINE_RE.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in skip):
            continue
        line = m.group().strip().lstrip("#").strip()
        if line:
            return line[:300]
    return ""


# ---------------------------------------------------------------------------------------------
# Loading


def load_document(path: Path, display_path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load one article file. Raises :class:`Undecodable` or ``OSError`` with a reason."""
    size = path.stat().st_size
    if size > max_bytes:
        raise Undecodable(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    with path.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Undecodable(f"file too large (over {max_bytes:,} bytes)")
    text, encoding = decode(data)
    if not text.strip():
        raise Undecodable("empty file")
    if not any(ch.isalpha() for ch in text[:100_000]):
        raise Undecodable("no readable text (no letters)")
    return document_from_text(text, display_path, encoding)


def document_from_text(text: str, path: str = "", encoding: str = "utf-8") -> Document:
    """Build a :class:`Document` from already-decoded text (used by loaders and tests)."""
    meta, meta_region = front_matter(text)
    furniture = find_furniture(text)
    if meta_region is not None:
        furniture = (meta_region, *(r for r in furniture if r.start >= meta_region.end))
    # An article that is all furniture (or all front matter) is named after its file.
    title = title_of(text, furniture, meta) or Path(path).stem
    return Document(
        id=document_id(text),
        path=path,
        title=title,
        text=text,
        furniture=furniture,
        encoding=encoding,
    )


def load_corpus(root: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Load every ``.txt``/``.md`` file under ``root`` (recursively, in path order).

    Files that cannot be used are skipped with a reason. Raises :class:`CorpusError` when the
    folder does not exist or holds no usable article.
    """
    root_path = Path(root)
    if not root_path.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root_path.is_dir():
        raise CorpusError(f"not a folder: {root}")
    documents: list[Document] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    try:
        candidates = sorted(p for p in root_path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {root}: {exc.strerror or exc}") from exc
    for path in candidates:
        shown = str(path)
        if path.name.startswith("."):
            continue
        if not path.is_file():
            if path.is_dir():
                continue
            skipped.append(Skipped(shown, "not a regular file"))
            continue
        try:
            doc = load_document(path, shown, max_bytes)
        except Undecodable as exc:
            skipped.append(Skipped(shown, str(exc)))
            continue
        except OSError as exc:
            skipped.append(Skipped(shown, f"unreadable: {exc.strerror or exc}"))
            continue
        if doc.id in seen:
            skipped.append(Skipped(shown, f"duplicate of {seen[doc.id]}"))
            continue
        seen[doc.id] = shown
        documents.append(doc)
    if not documents:
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        raise CorpusError(f"no article (.txt or .md) found in {root}{detail}")
    return Corpus(str(root), tuple(documents), tuple(skipped))
