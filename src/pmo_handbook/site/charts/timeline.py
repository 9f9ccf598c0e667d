"""Milestone timeline (gantt): baseline against forecast or actual, with the as-of date."""
from __future__ import annotations

import datetime as dt

from pmo_handbook import status as st
from pmo_handbook.i18n import Labels
from pmo_handbook.model.organisation import RagThresholds
from pmo_handbook.model.plan import Milestone
from pmo_handbook.status.rag import at_least
from pmo_handbook.site.charts.svg import (UI, FILL, TimeScale, clip, diamond, esc, figure, line, link, num,
                                          rect, text)

WIDTH, LABEL_W, TOP, ROW = 820, 250, 48, 24
NEAR = dt.timedelta(days=180)  # the as-of line is drawn only when it is this close to the milestones


def milestone_timeline(milestones: list[Milestone], as_of: dt.date, thresholds: RagThresholds, L: Labels,
                       key: str = "timeline", href: str = "") -> str:
    """href: the milestones page (ends with /), to link each row to its record; "" = this page."""
    rows = sorted((m for m in milestones if m.status != "cancelled"), key=lambda m: (m.baseline, m.id))
    if not rows:
        return ""
    ui = L.ui
    dates = [d for m in rows for d in (m.baseline, st.expected_date(m, as_of))]
    start, end = min(dates), max(dates)
    show_today = start - NEAR <= as_of <= end + NEAR
    if show_today:
        start, end = min(start, as_of), max(end, as_of)
    pad = max(dt.timedelta(days=7), (end - start) / 30)
    scale = TimeScale(start - pad, end + pad, LABEL_W + 10, WIDTH - 16)
    height = TOP + len(rows) * ROW + 8
    body = [*legend(ui), *axis(scale, height)]
    if show_today:
        x = scale(as_of)
        body.append(line(x, TOP - 6, x, height - 4, "pmo-svg-today", dash="4 3", width=1.5))
    for i, ms in enumerate(rows):
        body.append(row(ms, i, scale, as_of, thresholds, ui, href))
    desc = ui("chart_timeline_desc", n=len(rows)) + " " + " / ".join(describe(m, as_of, ui) for m in rows)
    return figure(key, WIDTH, height, ui("chart_timeline_title"), desc, body, "pmo-svg-timeline")


def legend(ui: UI) -> list[str]:
    y = 14
    return [diamond(LABEL_W + 16, y, 5, "none"), text(LABEL_W + 26, y + 4, ui("chart_baseline"), size=11),
            diamond(LABEL_W + 126, y, 5, FILL["grey"]),
            text(LABEL_W + 136, y + 4, ui("chart_forecast"), size=11),
            f'<circle cx="{LABEL_W + 226}" cy="{y}" r="5" fill="{FILL["grey"]}" stroke="currentColor"/>',
            text(LABEL_W + 236, y + 4, ui("chart_actual"), size=11),
            line(LABEL_W + 316, y - 6, LABEL_W + 316, y + 6, dash="4 3", width=1.5),
            text(LABEL_W + 324, y + 4, ui("chart_as_of"), size=11)]


def axis(scale: TimeScale, height: float) -> list[str]:
    out = []
    for month in scale.months():
        x = scale(month)
        out.append(line(x, TOP - 6, x, height - 4, opacity=0.15))
        out.append(text(x + 3, TOP - 10, month.strftime("%Y-%m"), size=10, cls="pmo-svg-muted"))
    return out


def row(ms: Milestone, i: int, scale: TimeScale, as_of: dt.date, thresholds: RagThresholds, ui: UI,
        href: str) -> str:
    y = TOP + i * ROW + ROW / 2
    slip = st.slip_on(ms, as_of)
    t = thresholds
    rag = at_least(slip, t.schedule_amber_days, t.schedule_red_days) if slip > 0 else "green"
    base_x, exp_x = scale(ms.baseline), scale(st.expected_date(ms, as_of))
    parts = [f"<g><title>{esc(describe(ms, as_of, ui))}</title>"]
    if i % 2 == 0:
        parts.append(rect(0, y - ROW / 2, WIDTH, ROW, fill="currentColor", opacity=0.04))
    label = text(4, y + 4, clip(f"{ms.id} {ms.name}", 12, LABEL_W - 8))
    parts.append(link(f"{href}#{ms.id.lower()}", label))
    if abs(exp_x - base_x) >= 1:
        parts.append(rect(min(base_x, exp_x), y - 3, abs(exp_x - base_x), 6, fill=FILL[rag],
                          cls=f"pmo-svg-{rag}", opacity=0.5))
    parts.append(diamond(base_x, y, 5, "none"))
    reached = ms.actual is not None and not st.is_pending(ms, as_of)
    if reached:
        parts.append(f'<circle cx="{num(exp_x)}" cy="{num(y)}" r="5" fill="{FILL[rag]}" '
                     f'class="pmo-svg-{rag}" stroke="currentColor"/>')
    elif exp_x != base_x or ms.forecast:
        parts.append(diamond(exp_x, y, 5, FILL[rag], cls=f"pmo-svg-{rag}"))
    if slip > 0:
        parts.append(text(max(base_x, exp_x) + 9, y + 4, f"+{slip}", size=10, weight="bold",
                          cls=f"pmo-svg-{rag}-text"))
    parts.append("</g>")
    return "".join(parts)


def describe(ms: Milestone, as_of: dt.date, ui: UI) -> str:
    slip = st.slip_on(ms, as_of)
    parts = [f"{ms.id} {ms.name}", f"{ui('chart_baseline')} {ms.baseline.isoformat()}"]
    if ms.actual and not st.is_pending(ms, as_of):
        parts.append(f"{ui('chart_actual')} {ms.actual.isoformat()}")
    else:
        parts.append(f"{ui('chart_forecast')} {st.expected_date(ms, as_of).isoformat()}")
    if slip:
        parts.append(ui("chart_slip", days=f"{slip:+d}"))
    return " ".join(parts)
