"""A story report for editors: one self-contained HTML page of an analysis.

The articles of each story side by side with shared passages, disputed numbers and tags
highlighted; each passage's source and edits; each quantity's figures (and timeline, where
dated) as an inline SVG chart; the tags. Built with the standard library only. Article text is
data: every string goes through :func:`html.escape` after :func:`display_safe`, and the page's
Content-Security-Policy allows no request at all (inline styles and ``data:`` images only), so
even a hostile article cannot make the page fetch anything.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsreader.core.model import Analysis, Document, Edit, Mention, Passage, Quantity
from newsreader.core.report import format_figure
from newsreader.core.reuse import outlets_carrying
from newsreader.core.text import display_safe

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag placed on a document's current text (from the annotation store)."""

    doc: str
    start: int
    end: int
    label: str
    note: str
    author: str
    color: str = ""


_STATUS_CLASS = {"conflict": "conflict", "differ": "differ", "updated": "updated"}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}|[a-zA-Z]{3,20}")

STYLE = """
body{font:15px/1.5 Georgia,serif;margin:0 1.5em 3em;color:#1b1b1b;background:#fbfaf7}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.meta{color:#555;font:13px/1.4 sans-serif}
.columns{display:flex;gap:1em;overflow-x:auto;align-items:flex-start}
.article{flex:1 0 24em;max-width:40em;background:#fff;border:1px solid #ddd;padding:.6em 1em}
.article h3{font-size:1.05em;margin:.2em 0}
.text{white-space:pre-wrap;font-size:14px;max-height:48em;overflow-y:auto}
.passage{background:#fff1b8;text-decoration:underline #b58900}
.conflict{font-weight:bold;background:#b3261e;color:#fff}
.differ{font-style:italic;background:#e8def8}
.updated{font-weight:bold;font-style:italic;background:#d0e8ff}
.tag{border-bottom:3px solid var(--tag,#2e7d32)}
.furniture{color:#999}
table{border-collapse:collapse;font:13px/1.4 sans-serif;margin:.4em 0}
td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
.edit-figure{font-weight:bold;color:#b3261e}
del{background:#fdd}ins{background:#dfd;text-decoration:none}
.card{background:#fff;border:1px solid #ddd;padding:.5em 1em;margin:.6em 0}
svg text{font:11px sans-serif}
"""


def _esc(text: str) -> str:
    return html.escape(display_safe(text), quote=True)


def _flat(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _doc_name(doc: Document) -> str:
    return " · ".join(v for v in (doc.outlet, doc.date) if v) or doc.path


def render(analysis: Analysis, tags: Sequence[Tag] = (), title: str = "") -> str:
    """The whole page as a string."""
    docs = {d.id: d for d in analysis.documents}
    number = {d.id: k + 1 for k, d in enumerate(analysis.documents)}
    mentions = {m.id: m for m in analysis.mentions}
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_esc(title or 'Story report')}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{_esc(title or 'Story report')}</h1>",
        f'<p class="meta">{len(analysis.documents)} articles, {len(analysis.stories)} stories, '
        f"{len(analysis.passages)} shared passages, "
        f"{sum(q.status == 'conflict' for q in analysis.quantities)} numbers in conflict, "
        f"{len(tags)} tags</p>",
    ]
    by_doc_tags: dict[str, list[Tag]] = defaultdict(list)
    for t in tags:
        by_doc_tags[t.doc].append(t)
    ranges = _highlights(analysis, tags, mentions)
    for story in sorted(analysis.stories, key=lambda s: -len(s.documents)):
        out.append(f'<section class="story"><h2>{_esc(story.label or "Story")}</h2>')
        out.append('<div class="columns">')
        for doc_id in story.documents:
            doc = docs[doc_id]
            out.append(
                f'<article class="article" id="doc-{doc.id}"><p class="meta">'
                f"[{number[doc.id]}] {_esc(_doc_name(doc))}</p>"
                f'<h3 class="title">{_esc(doc.title)}</h3>'
                f'<p class="meta">{_esc(doc.path)}</p>'
                f'<div class="text">{_marked_text(doc, ranges[doc.id], by_doc_tags[doc.id])}'
                "</div></article>"
            )
        out.append("</div></section>")
    out.append(_passages_section(analysis, docs, number))
    out.append(_quantities_section(analysis, docs, number, mentions))
    out.append(_tags_section(tags, docs, number))
    out.append("</body></html>")
    return "\n".join(out)


Ranges = dict[str, list[tuple[int, int, str, str]]]


def _highlights(analysis: Analysis, tags: Sequence[Tag], mentions: Mapping[str, Mention]) -> Ranges:
    """Per document: ``(start, end, class, title)`` of every passage, disputed figure, tag and
    piece of furniture."""
    out: Ranges = defaultdict(list)
    for p in analysis.passages:
        for s in p.spans:
            out[s.doc].append((s.start, s.end, "passage", f"shared passage {p.id}"))
    for q in analysis.quantities:
        kind = _STATUS_CLASS.get(q.status)
        if kind is None:
            continue
        for mid in q.mentions:
            m = mentions[mid]
            out[m.doc].append((m.start, m.end, kind, f"{kind}: {format_figure(m)} {q.label}"))
    for t in tags:
        out[t.doc].append((t.start, t.end, "tag", f"tag {t.label}: {t.note} ({t.author})"))
    for d in analysis.documents:
        for r in d.furniture:
            out[d.id].append((r.start, r.end, "furniture", r.kind))
    return out


def _marked_text(
    doc: Document, ranges: list[tuple[int, int, str, str]], tags: Sequence[Tag]
) -> str:
    """The article text cut at every highlight boundary, each piece with its classes."""
    text = doc.text
    cuts = sorted({0, len(text), *(x for r in ranges for x in r[:2] if 0 <= x <= len(text))})
    colors = {(t.start, t.end): t.color for t in tags if _COLOR.fullmatch(t.color)}
    pieces: list[str] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        on = [r for r in ranges if r[0] <= a and b <= r[1]]
        chunk = _esc(text[a:b])
        if not on:
            pieces.append(chunk)
            continue
        classes = " ".join(sorted({r[2] for r in on}))
        tip = _esc(_flat("; ".join(dict.fromkeys(r[3] for r in on))))
        style = ""
        for r in on:
            if r[2] == "tag" and (r[0], r[1]) in colors:
                style = f' style="--tag:{colors[(r[0], r[1])]}"'
        pieces.append(f'<span class="{classes}" title="{tip}"{style}>{chunk}</span>')
    return "".join(pieces)


def _passages_section(analysis: Analysis, docs: dict[str, Document], number: dict[str, int]) -> str:
    out = [f'<section id="passages"><h2>Shared passages ({len(analysis.passages)})</h2>']
    for p in analysis.passages:
        out.append(f'<div class="card passage-card" id="{_esc(p.id)}">')
        sides = " ~ ".join(f"[{number[s.doc]}] {_esc(_doc_name(docs[s.doc]))}" for s in p.spans)
        out.append(f'<p class="meta">{sides} · similarity {p.score:.2f}')
        outlets = outlets_carrying(p, docs)
        if outlets > 2:
            out.append(f" · carried by {outlets} outlets")
        out.append(f"</p><p>{_source_line(p, docs, number)}</p>")
        first = p.spans[0]
        body = docs[first.doc].text[first.start : first.end]
        out.append(f"<blockquote>{_esc(_flat(body, 400))}</blockquote>")
        if p.edits:
            out.append("<table><tr><th>edit</th><th>from</th><th>to</th></tr>")
            for e in p.edits:
                out.append(_edit_row(e, docs))
            out.append("</table>")
        elif p.source is not None:
            out.append('<p class="meta">verbatim (typography aside)</p>')
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _source_line(p: Passage, docs: dict[str, Document], number: dict[str, int]) -> str:
    if p.source is None:
        return "Source unknown (no credit line, no earlier date)."
    src = docs[p.source]
    who = f"[{number[src.id]}] {_esc(src.outlet or src.path)}"
    if p.source_reason == "credit" and p.credit is not None:
        line = docs[p.credit.doc].text[p.credit.start : p.credit.end]
        return f"From {who}, credited: “{_esc(_flat(line))}”"
    return f"From {who}, published earlier ({_esc(src.date or '')})."


def _edit_row(e: Edit, docs: dict[str, Document]) -> str:
    a, b = (docs[s.doc].text[s.start : s.end] for s in e.spans)
    kind = f"{e.op}{' (figure)' if e.figure else ''}"
    cls = ' class="edit-figure"' if e.figure else ""
    link = f' <a href="#{_esc(e.quantity)}">quantity</a>' if e.quantity else ""
    return (
        f"<tr{cls}><td>{kind}{link}</td><td><del>{_esc(_flat(a))}</del></td>"
        f"<td><ins>{_esc(_flat(b))}</ins></td></tr>"
    )


def _quantities_section(
    analysis: Analysis,
    docs: dict[str, Document],
    number: dict[str, int],
    mentions: dict[str, Mention],
) -> str:
    out = [f'<section id="quantities"><h2>Numbers ({len(analysis.quantities)})</h2>']
    order = {"conflict": 0, "updated": 1, "differ": 2, "agree": 3}
    for q in sorted(analysis.quantities, key=lambda q: (order[q.status], q.label)):
        ms = [mentions[m] for m in q.mentions]
        out.append(
            f'<div class="card quantity {_STATUS_CLASS.get(q.status, "agree")}-card" '
            f'id="{_esc(q.id)}"><h3>{_esc(q.status.upper())} {_esc(q.label)}</h3>'
        )
        out.append("<table><tr><th>article</th><th>figure</th><th>as written</th></tr>")
        for m in ms:
            d = docs[m.doc]
            out.append(
                f"<tr><td>[{number[d.id]}] {_esc(_doc_name(d))}</td>"
                f"<td>{_esc(format_figure(m))}</td><td>{_esc(d.text[m.start : m.end])}</td></tr>"
            )
        out.append("</table>")
        out.append(figures_chart(q, ms, docs, number))
        if q.edits:
            links = ", ".join(f'<a href="#{_esc(e.split(".")[0])}">{_esc(e)}</a>' for e in q.edits)
            out.append(f'<p class="meta">changed in a copy: {links}</p>')
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _bounds(m: Mention) -> tuple[float, float] | None:
    if m.low is None and m.high is None:
        return None
    lo = m.low if m.low is not None else 0.0
    hi = m.high if m.high is not None else lo
    return lo, hi


def figures_chart(
    q: Quantity, ms: Sequence[Mention], docs: dict[str, Document], number: dict[str, int]
) -> str:
    """Each figure as a bar from zero (the uncertain part of a range or an open upper end
    faded) and, where the articles are dated on two days or more, the figures over time."""
    points = [(m, b) for m in ms if (b := _bounds(m)) is not None]
    if not points:
        return ""
    top = max(max(hi, lo) for _, (lo, hi) in points) or 1.0
    top *= 1.15
    row, left, width = 18, 190, 360
    svg = [
        f'<svg class="chart" role="img" width="{left + width + 80}" '
        f'height="{row * len(points) + 10}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for k, (m, (lo, hi)) in enumerate(points):
        y = 4 + k * row
        d = docs[m.doc]
        solid = left + width * lo / top
        end = left + width * (hi if m.high is not None else top) / top
        svg.append(
            f'<text x="0" y="{y + 12}">[{number[d.id]}] {_esc(_flat(_doc_name(d), 28))}</text>'
            f'<rect x="{left}" y="{y}" width="{max(1.0, solid - left):.1f}" height="{row - 5}" '
            f'fill="#7a5af8"/>'
        )
        if end > solid:  # a range, or an open upper end: the uncertain part faded
            svg.append(
                f'<rect x="{solid:.1f}" y="{y}" width="{end - solid:.1f}" height="{row - 5}" '
                f'fill="#7a5af8" fill-opacity="0.35"/>'
            )
        svg.append(f'<text x="{end + 4:.1f}" y="{y + 12}">{_esc(format_figure(m))}</text>')
    svg.append("</svg>")
    return "".join(svg) + _timeline(points, docs)


def _timeline(points: list[tuple[Mention, tuple[float, float]]], docs: dict[str, Document]) -> str:
    dated = sorted(
        (
            (str(docs[m.doc].date)[:10], (lo + hi) / 2, m)
            for m, (lo, hi) in points
            if docs[m.doc].date
        ),
        key=lambda t: (t[0], t[1]),
    )
    days = sorted({d for d, _, _ in dated})
    if len(days) < 2:
        return ""
    top = max(v for _, v, _ in dated) * 1.15 or 1.0
    w, h, pad = 420, 140, 30
    x_of = {d: pad + (w - 2 * pad) * k / (len(days) - 1) for k, d in enumerate(days)}
    svg = [
        f'<svg class="timeline" role="img" width="{w + 60}" height="{h + 20}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<line x1="{pad}" y1="{h}" x2="{w - pad}" y2="{h}" stroke="#999"/>'
    ]
    path = []
    for day, value, m in dated:
        x, y = x_of[day], h - (h - pad) * value / top
        path.append(f"{x:.1f},{y:.1f}")
        svg.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#b3261e"/>'
            f'<text x="{x + 6:.1f}" y="{y - 4:.1f}">{_esc(format_figure(m))}</text>'
        )
    svg.append(f'<polyline points="{" ".join(path)}" fill="none" stroke="#b3261e"/>')
    for day, x in x_of.items():
        svg.append(f'<text x="{x - 28:.1f}" y="{h + 15}">{_esc(day)}</text>')
    svg.append("</svg>")
    return "".join(svg)


def _tags_section(tags: Sequence[Tag], docs: dict[str, Document], number: dict[str, int]) -> str:
    out = [f'<section id="tags"><h2>Tags ({len(tags)})</h2>']
    if tags:
        out.append("<table><tr><th>article</th><th>label</th><th>quote</th><th>note</th>")
        out.append("<th>author</th></tr>")
        for t in sorted(tags, key=lambda t: (number.get(t.doc, 0), t.start)):
            d = docs.get(t.doc)
            where = f"[{number[t.doc]}] {_esc(_doc_name(d))}" if d else _esc(t.doc)
            quote = d.text[t.start : t.end] if d else ""
            out.append(
                f"<tr><td>{where}</td><td>{_esc(t.label)}</td><td>{_esc(_flat(quote))}</td>"
                f"<td>{_esc(t.note)}</td><td>{_esc(t.author)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append('<p class="meta">No tags.</p>')
    out.append("</section>")
    return "\n".join(out)
