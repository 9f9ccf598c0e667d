"""Facts read off the HTML of a generated page. Generated pages are HTML from our own templates
(text escaped by Jinja, free text cleaned by nh3), so regular expressions read them reliably and
many times faster than an HTML parser in Python."""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_ID = re.compile(r"<[a-zA-Z][^<>]*?\sid=\"([^\"]+)\"")
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S)
_SKIP = re.compile(r"<(script|style|dt|svg)\b.*?</\1>", re.S)  # charts repeat the tables
_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_LOCAL_LINK = re.compile(r"href=\"#([^\"]+)\"")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<td\b([^>]*)>")


def labelled(rows: str, headers: Sequence[object]) -> str:
    """Each cell of each row given its column heading as data-label, so that a row shown as a
    card on a phone (pmo.css) still says which date is the due date."""
    labels = [htmllib.escape(str(h), quote=True) for h in headers]

    def row(m: re.Match[str]) -> str:
        n = iter(range(len(labels)))
        cells = _CELL.sub(lambda c: f'<td{c.group(1)} data-label="{labels[i]}">'
                          if (i := next(n, None)) is not None else c.group(0), m.group(2))
        return f"{m.group(1)}{cells}{m.group(3)}"

    return _ROW.sub(row, rows)


def anchor_ids(html: str) -> set[str]:
    """Every id in the page: what links from hand-written pages may point at (#iss-001)."""
    return set(_ID.findall(html))


@dataclass(frozen=True)
class Section:
    anchor: str | None  # None: the top of the page
    title: str  # empty for the top of the page: the page title stands there
    text: str


def search_sections(html: str) -> list[Section]:
    """The page split at every heading with an id, as the search index wants it: one entry per
    register record (ISS-001 …) with its text. Smaller than a generic indexer's output: field
    labels (<dt>) are left out, and so is a table that only indexes the page's own records,
    because every row of it is found again, in full, in that record's section."""
    headings = list(_HEADING.finditer(html))
    anchors = {a for m in headings if (a := _attr(m.group(2), "id")) is not None}
    body = _SKIP.sub(" ", html)
    body = _TABLE.sub(lambda t: " " if _indexes(t.group(0), anchors) else t.group(0), body)
    sections: list[Section] = []
    current: tuple[str | None, str] = (None, "")  # anchor and title of the section being read
    start = 0
    for m in _HEADING.finditer(body):
        anchor = _attr(m.group(2), "id")
        if anchor is None:
            continue  # a heading without id stays inside the current section
        if m.group(1) == "1" and not sections and not _text(body[start:m.start()]):
            current, start = (None, _text(m.group(3))), m.end()  # the page's own title
            continue
        sections.append(Section(current[0], current[1], _text(body[start:m.start()])))
        current, start = (anchor, _text(m.group(3))), m.end()
    sections.append(Section(current[0], current[1], _text(body[start:])))
    return sections


def _indexes(table: str, anchors: set[str]) -> bool:
    targets = set(_LOCAL_LINK.findall(table))
    return bool(targets) and targets <= anchors


def _attr(attrs: str, name: str) -> str | None:
    m = re.search(rf"\s{name}=\"([^\"]*)\"", attrs)
    return m.group(1) if m else None


def _text(fragment: str) -> str:
    """Visible text, whitespace folded, escaped again as the search index expects."""
    text = htmllib.unescape(_TAG.sub(" ", fragment))
    return htmllib.escape(_SPACE.sub(" ", text).strip(), quote=False)
