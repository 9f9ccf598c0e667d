"""Facts read off the HTML of a generated page. Generated pages are HTML from our own templates
(text escaped by Jinja, free text cleaned by nh3), so regular expressions read them reliably and
many times faster than an HTML parser in Python."""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Sequence

_ID = re.compile(r"<[a-zA-Z][^<>]*?\sid=\"([^\"]+)\"")


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
