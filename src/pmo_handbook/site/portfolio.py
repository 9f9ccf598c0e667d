"""Context of the portfolio page: every project's computed status, attention first."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, get_args

from pmo_handbook.loading.past import GitPast
from pmo_handbook.loading.repository import ProjectData
from pmo_handbook.model.organisation import Organisation, RagThresholds
from pmo_handbook.site import charts
from pmo_handbook.site.steering import steering
from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.model.project import Phase
from pmo_handbook.status.wbs import Plan


def portfolio_context(projects: Iterable[ProjectData], organisation: Organisation | None, as_of: dt.date,
                      past: GitPast | None = None,
                      row: Callable[[ProjectData], dict[str, Any]] | None = None) -> dict[str, Any]:
    """row: portfolio_row of a project, or (mkdocs serve) the one kept while the project is unchanged."""
    rows = [row(p) if row else portfolio_row(p, organisation, as_of, past) for p in projects]
    rows.sort(key=attention_key)
    totals = {k: sum(getattr(r["counts"], k) for r in rows) for k in ("open", "overdue", "high")}
    totals.update({c: sum(r["rag"] == c for r in rows) for c in ("red", "amber", "green")})
    totals.update(unfilled=sum(r["fresh"].unfilled for r in rows), stale=sum(r["fresh"].stale for r in rows))
    return {"rows": rows, "totals": totals, "as_of": as_of, "phase_order": list(get_args(Phase)),
            "charts": charts}


def portfolio_row(p: ProjectData, organisation: Organisation | None, as_of: dt.date,
                  past: GitPast | None = None) -> dict[str, Any]:
    """One project's line: computed status, report, next milestone, late tasks, trend."""
    thresholds = rag.project_thresholds(p, organisation)
    assessment = rag.assess(p, thresholds, as_of)
    report = st.latest_report(p.reports)
    upcoming = st.upcoming(p.milestones, as_of)
    nxt = upcoming[0] if upcoming else None
    row = {"data": p, "counts": assessment.counts, "report": report,
           "assessment": assessment, "rag": assessment.overall,
           "comparison": rag.compare(report, assessment) if report else None,
           "next": nxt, "next_slip": st.slip_on(nxt, as_of) if nxt else None,
           "late_tasks": len(Plan(p.wbs, as_of).late_tasks()) if p.wbs else None}
    row.update(steering_row(p, thresholds, as_of, organisation, past))
    return row


def attention_key(row: dict[str, Any]) -> tuple[int, int, str]:
    """Red, then amber, then green (unassessed last); then most overdue issues; then id."""
    rank = rag.RANK.get(row["rag"], -1)
    return (-rank, -row["counts"].overdue, row["data"].id)


def steering_row(p: ProjectData, thresholds: RagThresholds, as_of: dt.date,
                 organisation: Organisation | None, past: GitPast | None = None) -> dict[str, Any]:
    """The weekly trend, the change since last week and whether the status can be trusted: a
    project with placeholders shows 未記入 instead of a colour (no data must not look healthy)."""
    row = dict(steering(p, thresholds, as_of, organisation, past))
    if row["fresh"].unfilled:
        row["rag"] = None
    return row
