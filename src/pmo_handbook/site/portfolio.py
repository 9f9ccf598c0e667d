"""Context of the portfolio page: every project's computed status, attention first."""
from __future__ import annotations

import datetime as dt
from typing import get_args

from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.model.project import Phase


def portfolio_context(projects, organisation, as_of: dt.date) -> dict:
    rows = []
    for p in projects:
        assessment = rag.assess(p, rag.project_thresholds(p, organisation), as_of)
        report = st.latest_report(p.reports)
        upcoming = st.upcoming(p.milestones, as_of)
        nxt = upcoming[0] if upcoming else None
        rows.append({"data": p, "counts": assessment.counts, "report": report,
                     "assessment": assessment, "rag": assessment.overall,
                     "comparison": rag.compare(report, assessment) if report else None,
                     "next": nxt, "next_slip": st.slip_on(nxt, as_of) if nxt else None})
    rows.sort(key=attention_key)
    totals = {k: sum(getattr(r["counts"], k) for r in rows) for k in ("open", "overdue", "high")}
    totals.update({c: sum(r["rag"] == c for r in rows) for c in ("red", "amber", "green")})
    return {"rows": rows, "totals": totals, "as_of": as_of, "phase_order": list(get_args(Phase))}


def attention_key(row) -> tuple:
    """Red, then amber, then green (unassessed last); then most overdue issues; then id."""
    rank = rag.RANK.get(row["rag"], -1)
    return (-rank, -row["counts"].overdue, row["data"].id)
