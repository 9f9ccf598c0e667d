"""RAG sparkline: one small bar per week (height and colour by the overall colour), with the
overdue count as a line, for the portfolio's trend column and the printed report pack."""
from __future__ import annotations

from collections.abc import Sequence

from pmo_handbook.i18n import Labels
from pmo_handbook.site.charts.svg import FILL, esc, num, rect
from pmo_handbook.status.history import Point

BAR_W, GAP, HEIGHT = 9, 2, 24
LEVEL = {"green": 1, "amber": 2, "red": 3}  # bar height in thirds: worse is taller


def shown(count: int | None) -> str:
    return "—" if count is None else str(count)


def rag_sparkline(history: Sequence[Point], L: Labels, key: str = "spark") -> str:
    """history: status.history points, oldest first. An inline SVG, or "" with no points."""
    if not history:
        return ""
    ui = L.ui
    width = len(history) * (BAR_W + GAP) - GAP
    body = []
    top = max((pt.counts.overdue or 0 for pt in history), default=0) or 1
    line = []
    for n, pt in enumerate(history):
        x = n * (BAR_W + GAP)
        colour = pt.overall
        h = (HEIGHT - 2) * LEVEL.get(colour or "grey", 0) / 3 or 2
        label = f"{pt.date.isoformat()} {L.enum('rag', colour) if colour else ui('rag_not_assessed')} · " \
                f"{ui('overdue_issues')} {shown(pt.counts.overdue)}"
        body.append(f"<g><title>{esc(label)}</title>"
                    + rect(x, HEIGHT - h, BAR_W, h, fill=FILL.get(colour or "grey", FILL["grey"]),
                           cls=f"pmo-svg-{colour or 'grey'}") + "</g>")
        if pt.counts.overdue is not None:  # unknown that week (its issues.yml did not parse): no vertex
            line.append(f"{num(x + BAR_W / 2)},{num(HEIGHT - 1 - (HEIGHT - 4) * pt.counts.overdue / top)}")
    if len(line) > 1:
        body.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="currentColor" '
                    f'stroke-width="1" class="pmo-svg-overdue"/>')
    first, last = history[0], history[-1]
    desc = ui("chart_spark_desc", start=first.date.isoformat(), end=last.date.isoformat(),
              weeks=len(history), rags=" ".join(ui(f"rag_short_{pt.overall}") if pt.overall else "—"
                                               for pt in history),
              overdue=" ".join(shown(pt.counts.overdue) for pt in history))
    kid = esc(key)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-svg pmo-svg-spark" role="img" '
            f'aria-labelledby="{kid}-title {kid}-desc" viewBox="0 0 {num(width)} {HEIGHT}" '
            f'width="{num(width)}" height="{HEIGHT}" fill="currentColor" data-search-exclude>'
            f'<title id="{kid}-title">{esc(ui("chart_spark_title"))}</title>'
            f'<desc id="{kid}-desc">{esc(desc)}</desc>' + "".join(body) + "</svg>")
