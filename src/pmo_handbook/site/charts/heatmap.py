"""Risk heat map: probability × impact, each cell with the risks that sit in it."""
from __future__ import annotations

import datetime as dt

from pmo_handbook import status as st
from pmo_handbook.i18n import Labels
from pmo_handbook.model.registers import Risk
from pmo_handbook.site.charts.svg import UI, esc, figure, link, num, rect, text

CELL_W, CELL_H, LEFT, TOP = 84, 58, 64, 14
# Cell tints by risk level (score = probability × impact); printable without the stylesheet.
TINT = {"low": "#e8f5e9", "medium": "#fff8e1", "high": "#ffe0b2", "critical": "#ffcdd2"}
SHOWN = 2  # ids written in a cell; more are counted


def risk_heatmap(risks: list[Risk], as_of: dt.date, L: Labels, key: str = "heatmap", href: str = "") -> str:
    """Risks watched on as_of (closed ones are history). href: the risk register page or ""."""
    ui = L.ui
    watched = st.watched_risks(risks, as_of)
    cells: dict[tuple[int, int], list[Risk]] = {}
    for r in watched:
        cells.setdefault((r.probability, r.impact), []).append(r)
    width, height = LEFT + 5 * CELL_W + 8, TOP + 5 * CELL_H + 44
    body = []
    for p in range(5, 0, -1):
        y = TOP + (5 - p) * CELL_H
        body.append(text(LEFT - 8, y + CELL_H / 2 + 4, str(p), anchor="end", size=11))
        for i in range(1, 6):
            body.append(cell(p, i, cells.get((p, i), []), href, ui))
    for i in range(1, 6):
        body.append(text(LEFT + (i - 0.5) * CELL_W, TOP + 5 * CELL_H + 16, str(i), anchor="middle", size=11))
    body.append(text(LEFT + 2.5 * CELL_W, TOP + 5 * CELL_H + 36, ui("chart_impact_axis"), anchor="middle",
                     size=11))
    mid = TOP + 2.5 * CELL_H
    body.append(f'<text x="16" y="{num(mid)}" text-anchor="middle" font-size="11" '
                f'transform="rotate(-90 16 {num(mid)})">{esc(ui("chart_probability_axis"))}</text>')
    desc = ui("chart_heatmap_desc", n=len(watched)) + " " + " / ".join(
        f"{r.id} {r.title} ({r.probability}×{r.impact}={r.score})" for r in watched)
    return figure(key, width, height, ui("chart_heatmap_title"), desc, body, "pmo-svg-heatmap")


def cell(p: int, i: int, risks: list[Risk], href: str, ui: UI) -> str:
    x, y = LEFT + (i - 1) * CELL_W, TOP + (5 - p) * CELL_H
    level = st.risk_level(p * i)
    parts = [rect(x, y, CELL_W, CELL_H, fill=TINT[level], cls=f"pmo-svg-level-{level}",
                  stroke="currentColor")]
    if risks:
        parts.append(f"<g><title>{esc(' / '.join(f'{r.id} {r.title}' for r in risks))}</title>")
        for n, r in enumerate(risks[:SHOWN]):
            parts.append(link(f"{href}#{r.id.lower()}", text(x + CELL_W / 2, y + 20 + n * 15, r.id,
                                                               anchor="middle", size=11, weight="bold")))
        if len(risks) > SHOWN:
            parts.append(text(x + CELL_W / 2, y + 20 + SHOWN * 15, ui("chart_more", n=len(risks) - SHOWN),
                              anchor="middle", size=10))
        parts.append("</g>")
    else:
        parts.append(text(x + CELL_W / 2, y + CELL_H / 2 + 4, str(p * i), anchor="middle", size=10,
                          cls="pmo-svg-muted"))
    return "".join(parts)

