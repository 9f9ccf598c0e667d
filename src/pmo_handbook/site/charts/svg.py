"""Small helpers for charts drawn at build time as inline SVG.

Every chart is a string of SVG that the templates mark safe, so every piece of data that
reaches it must pass through esc() here. Charts use the page's font (font-family="inherit", so
Japanese renders), currentColor for lines and text (dark mode and printing), and classes for the
status colours with a printable fallback fill; no script and no reference outside the page.
"""
from __future__ import annotations

import datetime as dt
import html
import unicodedata
from collections.abc import Callable

# Fallback fills when the page's stylesheet is absent (a saved page, a print); pmo.css refines them.
FILL = {"green": "#2e7d32", "amber": "#b26a00", "red": "#c62828", "grey": "#757575"}
UI = Callable[..., str]  # Labels.ui: a label of the build's language, placeholders filled


def esc(value: object) -> str:
    """XML-escape text for element content and quoted attributes alike."""
    return html.escape(str(value), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal: smaller files, identical output run after run."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def text_width(text: str, size: float) -> float:
    """Estimated width in px: full-width (CJK) characters are about 1em, others about 0.6em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def clip(text: str, size: float, width: float) -> str:
    """Shorten text to fit width, ending with an ellipsis when cut."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for c in text:
        if text_width(out + c + "…", size) > width:
            break
        out += c
    return out + "…"


def text(x: float, y: float, content: str, cls: str = "", anchor: str = "start", size: float | None = None,
         weight: str | None = None, full: str | None = None) -> str:
    """A text element; full (e.g. an untruncated name) becomes its tooltip."""
    attrs = [f'x="{num(x)}"', f'y="{num(y)}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if size:
        attrs.append(f'font-size="{num(size)}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if cls:
        attrs.append(f'class="{cls}"')
    tip = f"<title>{esc(full)}</title>" if full and full != content else ""
    return f"<text {' '.join(attrs)}>{tip}{esc(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, cls: str = "", dash: str | None = None, width: float = 1,
         opacity: float | None = None) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    extra += f' stroke-opacity="{opacity}"' if opacity is not None else ""
    extra += f' class="{cls}"' if cls else ""
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="currentColor" '
            f'stroke-width="{num(width)}"{extra}/>')


def rect(x: float, y: float, w: float, h: float, fill: str = "none", cls: str = "", stroke: str | None = None,
         rx: float = 0, opacity: float | None = None, dash: str | None = None) -> str:
    extra = f' class="{cls}"' if cls else ""
    extra += f' stroke="{stroke}"' if stroke else ""
    extra += f' rx="{num(rx)}"' if rx else ""
    extra += f' fill-opacity="{opacity}"' if opacity is not None else ""
    extra += f' stroke-dasharray="{dash}"' if dash else ""
    size = f'width="{num(max(w, 0))}" height="{num(max(h, 0))}"'
    return f'<rect x="{num(x)}" y="{num(y)}" {size} fill="{fill}"{extra}/>'


def diamond(x: float, y: float, r: float, fill: str, cls: str = "", stroke: str = "currentColor") -> str:
    points = f"{num(x)},{num(y - r)} {num(x + r)},{num(y)} {num(x)},{num(y + r)} {num(x - r)},{num(y)}"
    extra = f' class="{cls}"' if cls else ""
    return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}"{extra}/>'


def link(href: str | None, body: str) -> str:
    return f'<a href="{esc(href)}">{body}</a>' if href else body


def figure(key: str, width: float, height: float, title: str, desc: str, body: list[str],
           cls: str = "") -> str:
    """The finished chart. key makes the ids of title and desc unique on the page."""
    kid = esc(key)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-svg {cls}" role="img" '
            f'aria-labelledby="{kid}-title {kid}-desc" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" font-family="inherit" font-size="12" '
            f'fill="currentColor">')
    parts = [head, f'<title id="{kid}-title">{esc(title)}</title>',
             f'<desc id="{kid}-desc">{esc(desc)}</desc>', *body, "</svg>"]
    # No blank line anywhere: Markdown keeps a raw HTML block whole only up to a blank line.
    # Axis labels and ids would only add noise to the search index: the tables beside say it all.
    return '<div class="pmo-chart" data-search-exclude>' + "\n".join(parts) + "</div>"


class TimeScale:
    """Dates to x positions between x0 and x1."""

    def __init__(self, start: dt.date, end: dt.date, x0: float, x1: float):
        self.start, self.end = start, max(end, start + dt.timedelta(days=1))
        self.x0, self.x1 = x0, x1

    def __call__(self, date: dt.date) -> float:
        span = (self.end - self.start).days
        return self.x0 + (self.x1 - self.x0) * (date - self.start).days / span

    def months(self) -> list[dt.date]:
        """First days of the months in range, thinned so that labels do not collide."""
        first = dt.date(self.start.year, self.start.month, 1)
        found = []
        while first <= self.end:
            if first >= self.start:
                found.append(first)
            first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        step = max(1, -(-len(found) * 52 // max(int(self.x1 - self.x0), 1)))
        return found[::step]


def nice_max(value: float) -> float:
    """A round upper bound for an axis."""
    if value <= 0:
        return 1
    for unit in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= unit * 5:
            return unit * -(-value // unit)
    magnitude: int = 10 ** (len(str(int(value))) - 1)
    return magnitude * -(-value // magnitude)


def ticks(top: float, count: int = 5) -> list[float]:
    step = top / count
    return [step * i for i in range(count + 1)]


def tick_label(value: float) -> str:
    return f"{value:g}" if value == int(value) or abs(value) >= 10 else f"{value:.1f}"
