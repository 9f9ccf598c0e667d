"""Context of the WBS page and the WBS figures other pages show (dashboard, portfolio, reports)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.plan import Report
from pmo_handbook.model.wbs import Task
from pmo_handbook.status.wbs import Plan, due_between, finished_between

WEEK = dt.timedelta(days=7)


def wbs_context(p: ProjectData, as_of: dt.date) -> dict[str, Any]:  # a template context
    plan = Plan(p.wbs, as_of)
    phases = [t for t in plan.tasks if t.level == 1]
    groups: list[dict[str, Any]] = [
        {"phase": ph, "rows": [t for t in plan.tasks if t.code == ph.code or t.code.startswith(ph.code + ".")],
         "open": plan.state(ph) != "done"} for ph in phases]
    # tasks whose work package is not in this build (hidden from the audience) still get shown
    shown = {t.id for g in groups for t in g["rows"]}
    orphans = [t for t in plan.tasks if t.id not in shown]
    if orphans:
        groups.append({"phase": None, "rows": orphans, "open": True})
    owners = sorted({t.owner for t in plan.tasks if t.owner})
    return {"plan": plan, "wbs_groups": groups, "wbs_owners": owners,
            "wbs_states": ("late", "in_progress", "not_started", "done"),
            "wbs_evm": plan.evm(), "wbs_late": plan.late_tasks()}


def wbs_summary(p: ProjectData, as_of: dt.date) -> dict[str, Any] | None:
    """The WBS figures of the dashboard and portfolio; None without a WBS."""
    if not p.wbs:
        return None
    plan = Plan(p.wbs, as_of)
    roots = [t for t in plan.tasks if t.level == 1]
    bac = plan.bac
    progress = sum(plan.planned_effort(t) * (plan.progress(t) or 0) for t in roots) / bac if bac else None
    return {"plan": plan, "late": plan.late_tasks(), "progress": progress, "evm": plan.evm(),
            "critical": len(plan.critical)}


def report_tasks(p: ProjectData, report: Report) -> dict[str, list[Task]]:
    """Tasks finished in the report's week and due in the week after it, from the WBS."""
    end = report.period_end
    return {"finished": finished_between(p.wbs, report.period_start, end),
            "due": due_between(p.wbs, end + dt.timedelta(days=1), end + WEEK, end)}


def wbs_curve(p: ProjectData, as_of: dt.date) -> SimpleNamespace | None:
    """What the EVM S-curve draws when EVM comes from the WBS: PV/EV/AC at each month end up
    to the as-of date and on it, in 人日 against the WBS's BAC."""
    plan = Plan(p.wbs, as_of)
    if not plan.bac:
        return None
    start = min(t.baseline_start for t in plan.tasks)
    ends, month = [], dt.date(start.year, start.month, 1)
    while True:
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        if month - dt.timedelta(days=1) >= as_of:
            break
        ends.append(month - dt.timedelta(days=1))
    points = [plan.point(d) for d in ends + [as_of]]
    return SimpleNamespace(evm=points, budget=SimpleNamespace(bac=plan.bac, unit="人日"),
                           start=min(start, p.project.start),
                           end=max(max(t.baseline_finish for t in plan.tasks), p.project.end))
