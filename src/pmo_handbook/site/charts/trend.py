"""Issue trend: issues opened against issues closed per week, with the open backlog."""
from __future__ import annotations

import datetime as dt

from typing import Any

from pmo_handbook import status as st
from pmo_handbook.i18n import Labels
from pmo_handbook.model.registers import Issue
from pmo_handbook.site.charts.svg import UI, FILL, figure, line, nice_max, num, rect, text, tick_label, ticks

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 280, 44, 12, 34, 30
WEEK = dt.timedelta(days=7)


def monday(date: dt.date) -> dt.date:
    return date - dt.timedelta(days=date.weekday())


def weekly_counts(issues: list[Issue], as_of: dt.date, weeks: int = 26) -> list[dict[str, Any]]:
    """One row per week (Monday to Sunday) up to the week of as_of: opened, closed, and the
    backlog open at the week's end (or on as_of for the current week)."""
    if not issues:
        return []
    last = monday(as_of)
    first = max(monday(min(i.raised_on for i in issues)), last - WEEK * (weeks - 1))
    rows, week = [], first
    while week <= last:
        end = week + WEEK
        rows.append({
            "week": week,
            "opened": sum(week <= i.raised_on < end for i in issues),
            "closed": sum(st.closed_between(i, week, end) for i in issues),
            "backlog": sum(st.is_open(i, min(end - dt.timedelta(days=1), as_of)) for i in issues),
        })
        week = end
    return rows


def issue_trend(issues: list[Issue], as_of: dt.date, L: Labels, key: str = "trend", weeks: int = 26) -> str:
    rows = weekly_counts(issues, as_of, weeks)
    if not rows:
        return ""
    ui = L.ui
    top = nice_max(max(max(r["opened"], r["closed"], r["backlog"]) for r in rows))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - plot_h * v / top
    body = legend(ui)
    for v in ticks(top, 4 if top % 4 == 0 else 5):
        body.append(line(LEFT, y(v), WIDTH - RIGHT, y(v), opacity=0.15))
        body.append(text(LEFT - 6, y(v) + 4, tick_label(v), anchor="end", size=10, cls="pmo-svg-muted"))
    gw = plot_w / len(rows)
    every = max(1, -(-len(rows) * 44 // plot_w))  # label spacing so dates do not collide
    points = []
    for n, r in enumerate(rows):
        x = LEFT + n * gw
        body.append(rect(x + gw * 0.14, y(r["opened"]), gw * 0.34, y(0) - y(r["opened"]),
                         fill=FILL["red"], cls="pmo-svg-opened", opacity=0.35, stroke="currentColor"))
        body.append(rect(x + gw * 0.52, y(r["closed"]), gw * 0.34, y(0) - y(r["closed"]),
                         fill=FILL["green"], cls="pmo-svg-closed", stroke="currentColor"))
        points.append(f"{num(x + gw / 2)},{num(y(r['backlog']))}")
        if n % every == 0:
            body.append(text(x + gw / 2, HEIGHT - BOTTOM + 16, r["week"].strftime("%m/%d"), anchor="middle",
                             size=10, cls="pmo-svg-muted"))
    body.append(line(LEFT, y(0), WIDTH - RIGHT, y(0)))
    body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="currentColor" stroke-width="2" '
                f'stroke-dasharray="6 3" class="pmo-svg-backlog"/>')
    desc = ui("chart_trend_desc", weeks=len(rows), start=rows[0]["week"].isoformat(),
              opened=sum(r["opened"] for r in rows), closed=sum(r["closed"] for r in rows),
              backlog=rows[-1]["backlog"])
    return figure(key, WIDTH, HEIGHT, ui("chart_trend_title"), desc, body, "pmo-svg-trend")


def legend(ui: UI) -> list[str]:
    y = 14
    return [rect(LEFT, y - 6, 12, 10, fill=FILL["red"], opacity=0.35, stroke="currentColor"),
            text(LEFT + 16, y + 3, ui("chart_opened"), size=11),
            rect(LEFT + 110, y - 6, 12, 10, fill=FILL["green"], stroke="currentColor"),
            text(LEFT + 126, y + 3, ui("chart_closed"), size=11),
            line(LEFT + 220, y - 1, LEFT + 244, y - 1, dash="6 3", width=2),
            text(LEFT + 250, y + 3, ui("chart_backlog"), size=11)]
