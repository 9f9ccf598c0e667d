"""EVM S-curve: planned value, earned value and actual cost over time, against the BAC."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pmo_handbook.i18n import Labels
from pmo_handbook.model.project import EvmPoint, Project
from pmo_handbook.site.charts.svg import UI, TimeScale, figure, line, nice_max, num, text, tick_label, ticks

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 300, 52, 60, 34, 28
# Series differ in dash and marker as well as colour, so that they read in black and white.
SERIES = (("pv", "chart_pv", "6 4", "none"), ("ev", "chart_ev", None, "circle"),
          ("ac", "chart_ac", "2 3", "square"))


def evm_scurve(project: Project, as_of: dt.date, L: Labels, key: str = "scurve") -> str:
    points = sorted(project.evm, key=lambda pt: pt.date)
    if not points:
        return ""
    ui = L.ui
    bac = project.budget.bac if project.budget else None
    start = min(points[0].date, project.start)
    end = max(points[-1].date, project.end)
    scale = TimeScale(start, end, LEFT, WIDTH - RIGHT)
    top = nice_max(max([bac or 0] + [max(pt.pv, pt.ev, pt.ac) for pt in points]) * 1.05)
    plot_h = HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top
    body = legend(ui)
    for v in ticks(top):
        body.append(line(LEFT, y(v), WIDTH - RIGHT, y(v), opacity=0.15))
        body.append(text(LEFT - 6, y(v) + 4, tick_label(v), anchor="end", size=10, cls="pmo-svg-muted"))
    for month in scale.months():
        body.append(text(scale(month), HEIGHT - BOTTOM + 16, month.strftime("%Y-%m"), anchor="middle",
                         size=10, cls="pmo-svg-muted"))
    body.append(line(LEFT, y(0), WIDTH - RIGHT, y(0)))
    if bac:
        body.append(line(LEFT, y(bac), WIDTH - RIGHT, y(bac), dash="2 2", opacity=0.7))
        body.append(text(WIDTH - RIGHT + 4, y(bac) + 4, f"BAC {bac:g}", size=10))
    if start <= as_of <= end:
        body.append(line(scale(as_of), TOP - 4, scale(as_of), y(0), dash="4 3", width=1.5))
    for field, _label, dash, marker in SERIES:
        coords = [(scale(pt.date), y(getattr(pt, field))) for pt in points]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<polyline points="{" ".join(f"{num(a)},{num(b)}" for a, b in coords)}" fill="none" '
                    f'stroke="currentColor" stroke-width="2"{dashed} class="pmo-svg-{field}"/>')
        body.extend(mark(marker, a, b, field) for a, b in coords)
    body.extend(end_labels(points[-1], scale(points[-1].date), y))
    unit = project.budget.unit if project.budget else ""
    last = points[-1]
    desc = ui("chart_scurve_desc", date=last.date.isoformat(), pv=f"{last.pv:g}", ev=f"{last.ev:g}",
              ac=f"{last.ac:g}", unit=unit, bac=f"{bac:g}" if bac else "—")
    return figure(key, WIDTH, HEIGHT, ui("chart_scurve_title"), desc, body, "pmo-svg-scurve")


def end_labels(last: EvmPoint, x: float, y: Callable[[float], float]) -> list[str]:
    """PV/EV/AC values beside the last snapshot, pushed apart so that they never overlap."""
    placed: list[float] = []
    out = []
    for field in sorted(("pv", "ev", "ac"), key=lambda f: y(getattr(last, f))):
        pos = y(getattr(last, field)) + 4
        if placed and pos - placed[-1] < 12:
            pos = placed[-1] + 12
        placed.append(pos)
        out.append(text(x + 6, pos, f"{field.upper()} {getattr(last, field):g}", size=10))
    return out


def mark(kind: str, x: float, y: float, field: str) -> str:
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="3.5" class="pmo-svg-{field}"/>'
    if kind == "square":
        return f'<rect x="{num(x - 3)}" y="{num(y - 3)}" width="6" height="6" class="pmo-svg-{field}"/>'
    return ""


def legend(ui: UI) -> list[str]:
    out, x, y = [], LEFT, 14
    for field, label, dash, marker in SERIES:
        out.append(line(x, y - 1, x + 24, y - 1, dash=dash, width=2))
        out.append(mark(marker, x + 12, y - 1, field))
        out.append(text(x + 30, y + 3, ui(label), size=11))
        x += 150
    return out
