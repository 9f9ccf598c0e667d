"""Context of the portfolio page: every project's computed status, attention first."""
from __future__ import annotations

import datetime as dt
from typing import get_args

from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.model.project import Phase
from pmo_handbook.status.wbs import Plan


def portfolio_context(projects, organisation, as_of: dt.date) -> dict:
    rows = []
    for p in projects:
        assessment = rag.assess(p, rag.project_thresholds(p, organisation), as_of)
        report = st.latest_report(p.reports)
        upcoming = sorted((m for m in p.milestones if st.is_pending(m, as_of)),
                          key=lambda m: (st.expected_date(m, as_of), m.id))
        nxt = upcoming[0] if upcoming else None
        rows.append({"data": p, "counts": st.issue_counts(p.issues, as_of), "report": report,
                     "assessment": assessment, "rag": assessment.overall,
                     "comparison": rag.compare(report, assessment) if report else None,
                     "next": nxt, "next_slip": st.slip_on(nxt, as_of) if nxt else None,
                     "late_tasks": len(Plan(p.wbs, as_of).late_tasks()) if p.wbs else None})
    rows.sort(key=attention_key)
    totals = {k: sum(getattr(r["counts"], k) for r in rows) for k in ("open", "overdue", "high")}
    totals.update({c: sum(r["rag"] == c for r in rows) for c in ("red", "amber", "green")})
    return {"rows": rows, "totals": totals, "as_of": as_of, "phase_order": list(get_args(Phase))}


def attention_key(row) -> tuple:
    """Red, then amber, then green (unassessed last); then most overdue issues; then id."""
    rank = rag.RANK.get(row["rag"], -1)
    return (-rank, -row["counts"].overdue, row["data"].id)
