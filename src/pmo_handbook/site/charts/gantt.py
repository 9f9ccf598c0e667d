"""The WBS as a Gantt chart drawn at build time: one row per task down to a level.

Each row: the baseline as a shadow under the bar, the expected (actual / forecast) bar with its
progress filled, work packages as thin bars with end caps, milestones as diamonds on the gate
tasks that lead to them, predecessor arrows, the as-of line and the progress line (イナヅマ線:
it bends left to a task behind plan and right to one ahead). Every bar carries its dates as
data attributes and the chart its time scale, so that what is drawn can be checked against the
YAML. The chart scrolls inside its box (pmo.css), so 300 tasks and a phone screen both work.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence

from pmo_handbook.i18n import Labels
from pmo_handbook.model.plan import Milestone
from pmo_handbook.model.wbs import Task
from pmo_handbook.site.charts.svg import FILL, UI, clip, diamond, esc, line, num, rect, text
from pmo_handbook.status.wbs import Plan

LABEL_W, TOP, ROW, INDENT = 260, 40, 20, 12
DAY = dt.timedelta(days=1)
X = Callable[[dt.date], float]  # a date's x coordinate on the chart


def gantt(plan: Plan, milestones: Iterable[Milestone], L: Labels, key: str = "gantt",
          max_level: int | None = None) -> str:
    """plan: a status.wbs.Plan; max_level folds deeper tasks away (None: every task)."""
    rows = [t for t in plan.tasks if max_level is None or t.level <= max_level]
    if not rows:
        return ""
    ui, timing, as_of = L.ui, plan.timing, plan.date
    dates = [d for t in rows for d in (t.baseline_start, t.baseline_finish + DAY, timing[t.id].start,
                                       timing[t.id].finish + DAY)] + [as_of]
    origin, end = min(dates) - 3 * DAY, max(dates) + 3 * DAY
    days = (end - origin).days
    per_day = max(1.0, min(8.0, 900 / days))
    width = LABEL_W + days * per_day + 8
    height = TOP + len(rows) * ROW + 8
    def x(d: dt.date) -> float:
        return LABEL_W + (d - origin).days * per_day
    y = {t.id: TOP + i * ROW for i, t in enumerate(rows)}
    ms_dates = {m.id: m for m in milestones}
    arrow = (f'<defs><marker id="{esc(key)}-arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" '
             f'markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="currentColor"/></marker></defs>')
    body = [arrow]
    body += _axis(origin, end, x, height)
    for i, t in enumerate(rows):
        body.append(_row(plan, t, i, y[t.id], x, ms_dates, ui, width))
    body += _arrows(plan, rows, y, x, key)
    ax = x(as_of + DAY)  # the end of the as-of day: work done "as of" it is to its left
    body.append(line(ax, TOP - 6, ax, height - 4, "pmo-svg-today", dash="4 3", width=1.5))
    body.append(_lightning(plan, rows, y, x, ax))
    title = ui("chart_gantt_title")
    desc = ui("chart_gantt_desc", n=len(rows), late=sum(plan.is_late(t) for t in rows))
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="pmo-svg pmo-svg-gantt" role="img" '
            f'aria-labelledby="{esc(key)}-title {esc(key)}-desc" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" font-family="inherit" font-size="11" '
            f'fill="currentColor" data-origin="{origin.isoformat()}" data-x0="{LABEL_W}" '
            f'data-day-width="{per_day!r}" data-as-of="{as_of.isoformat()}">')
    parts = [head, f'<title id="{esc(key)}-title">{esc(title)}</title>',
             f'<desc id="{esc(key)}-desc">{esc(desc)}</desc>', *body, "</svg>"]
    return ('<div class="pmo-chart pmo-gantt-box" data-search-exclude>' + "\n".join(parts) + "</div>")


def _axis(origin: dt.date, end: dt.date, x: X, height: float) -> list[str]:
    out: list[str] = []
    first = dt.date(origin.year, origin.month, 1)
    while first <= end:
        if first >= origin:
            out.append(line(x(first), TOP - 6, x(first), height - 4, opacity=0.15))
            out.append(text(x(first) + 3, TOP - 10, first.strftime("%Y-%m"), size=10, cls="pmo-svg-muted"))
        first = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return out


def _row(plan: Plan, t: Task, i: int, top: float, x: X, milestones: dict[str, Milestone], ui: UI, width: float) -> str:
    tm = plan.timing[t.id]
    mid = top + ROW / 2
    late, critical, summary = plan.is_late(t), t.id in plan.critical, plan.is_summary(t)
    state = "late" if late else "critical" if critical else "done" if tm.finished else "normal"
    attrs = (f'data-task="{esc(t.id)}" data-code="{esc(t.code)}" data-start="{tm.start.isoformat()}" '
             f'data-finish="{tm.finish.isoformat()}" data-baseline-start="{t.baseline_start.isoformat()}" '
             f'data-baseline-finish="{t.baseline_finish.isoformat()}" data-state="{state}"')
    parts = [f'<g class="pmo-gantt-row pmo-gantt-{state}" {attrs}><title>{esc(_describe(plan, t, ui))}</title>']
    if i % 2 == 0:
        parts.append(rect(0, top, width, ROW, fill="currentColor", opacity=0.03))
    label = clip(f"{t.code} {t.name}", 11, LABEL_W - 8 - INDENT * (t.level - 1))
    parts.append(text(4 + INDENT * (t.level - 1), mid + 4, label, weight="bold" if summary else None,
                      cls="pmo-svg-red-text" if late else ""))
    bx0, bx1 = x(t.baseline_start), x(t.baseline_finish + DAY)
    parts.append(rect(bx0, mid + 3, bx1 - bx0, 4, fill=FILL["grey"], opacity=0.45, cls="pmo-gantt-baseline"))
    x0, x1 = x(tm.start), x(tm.finish + DAY)
    colour = "red" if late else "amber" if critical else "green" if tm.finished else "grey"
    done = plan.progress(t) or 0.0
    if summary:
        parts.append(rect(x0, mid - 5, x1 - x0, 4, fill="currentColor", cls="pmo-gantt-bar pmo-gantt-summary"))
        parts.append(rect(x0, mid - 5, (x1 - x0) * done, 4, fill=FILL["green"], cls="pmo-gantt-progress"))
    else:
        parts.append(rect(x0, mid - 7, x1 - x0, 9, fill=FILL[colour], opacity=0.35, rx=2,
                          cls=f"pmo-gantt-bar pmo-svg-{colour}", stroke="currentColor"))
        parts.append(rect(x0, mid - 7, (x1 - x0) * done, 9, fill=FILL[colour], rx=2,
                          cls=f"pmo-gantt-progress pmo-svg-{colour}"))
    ms = milestones.get(t.milestone) if t.milestone else None
    if ms is not None:
        reached = ms.actual or ms.forecast or ms.baseline
        parts.append(diamond(x(reached + DAY), mid - 2, 6, FILL["red" if reached > ms.baseline else "green"],
                             cls="pmo-gantt-milestone"))
    parts.append("</g>")
    return "".join(parts)


def _arrows(plan: Plan, rows: Sequence[Task], y: Mapping[str, float], x: X, key: str) -> list[str]:
    """Predecessor arrows between rows both shown: from the finish (or start, SS) to the start."""
    out: list[str] = []
    for t in rows:
        for link in t.links:
            if link.task not in y:
                continue
            pred = plan.timing[link.task]
            sx = x(pred.finish + DAY) if link.type == "FS" else x(pred.start)
            sy, ty = y[link.task] + ROW / 2, y[t.id] + ROW / 2
            tx = x(plan.timing[t.id].start)
            mx = max(sx + 4, tx - 6) if tx - 6 > sx else sx + 4
            out.append(f'<polyline points="{num(sx)},{num(sy)} {num(mx)},{num(sy)} {num(mx)},{num(ty - 4)} '
                       f'{num(tx)},{num(ty - 4)}" fill="none" stroke="currentColor" stroke-opacity="0.45" '
                       f'marker-end="url(#{esc(key)}-arrow)" class="pmo-gantt-link"/>')
    return out


def _lightning(plan: Plan, rows: Sequence[Task], y: Mapping[str, float], x: X, ax: float) -> str:
    """イナヅマ線: through the as-of line, bending on each unfinished task to where its progress
    stands on its baseline bar (left: behind plan, right: ahead)."""
    points = [f"{num(ax)},{num(TOP)}"]
    for t in rows:
        mid = y[t.id] + ROW / 2
        px = ax
        progress = plan.progress(t)
        tm = plan.timing[t.id]
        due_started = t.baseline_start <= plan.date or tm.started
        if progress is not None and not tm.finished and due_started:
            span = (t.baseline_finish - t.baseline_start).days + 1
            px = x(t.baseline_start) + span * progress * (x(t.baseline_start + DAY) - x(t.baseline_start))
        points.append(f"{num(px)},{num(mid)}")
    points.append(f"{num(ax)},{num(TOP + len(rows) * ROW)}")
    return (f'<polyline points="{" ".join(points)}" fill="none" stroke="{FILL["red"]}" stroke-width="1.5" '
            'class="pmo-gantt-lightning"/>')


def _describe(plan: Plan, t: Task, ui: UI) -> str:
    tm = plan.timing[t.id]
    done = plan.progress(t)
    baseline = f"{t.baseline_start.isoformat()}–{t.baseline_finish.isoformat()}"
    parts = [f"{t.code} {t.name}", f"{ui('chart_baseline')} {baseline}",
             f"{ui('chart_forecast')} {tm.start.isoformat()}–{tm.finish.isoformat()}"]
    if done is not None:
        parts.append(f"{round(done * 100)}%")
    slip = plan.slip(t)
    if slip:
        parts.append(ui("chart_slip", days=f"{slip:+d}"))
    return " ".join(parts)
