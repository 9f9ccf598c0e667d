"""Context for the pages of one project: computed here, laid out in templates/project/."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from pmo_handbook.site import charts
from pmo_handbook.status import rag
from pmo_handbook import status as st
from pmo_handbook.model.organisation import RagThresholds, thresholds as merged_thresholds
from pmo_handbook.model.registry import page_order
from pmo_handbook.loading.repository import ProjectData, Standard
from pmo_handbook.status.tailoring import tailoring_rows

def project_pages(p: ProjectData) -> list[tuple[str, str]]:
    """(page key, file the page is edited in) of the pages this build shows, in navigation order
    (model/registry.py): a register withheld from its audience has none (audience.py)."""
    return [(key, reg.file) for key, reg in page_order() if reg.file not in p.withheld]


def project_context(p: ProjectData, std: Standard, as_of: dt.date,
                    org_thresholds: RagThresholds | None = None) -> dict:
    issues = sorted(p.issues, key=lambda i: i.id)
    attention = st.attention_issues(issues, as_of)
    thresholds = merged_thresholds(org_thresholds, p.project.rag)
    assessment = rag.assess(p, thresholds, as_of)
    report = st.latest_report(p.reports)
    return {
        "p": p, "project": p.project, "std": std, "as_of": as_of,
        "issues": issues, "risks": sorted(p.risks, key=lambda r: (-r.score, r.id)),
        "decisions": sorted(p.decisions, key=lambda d: d.id),
        "changes": sorted(p.changes, key=lambda c: c.id),
        "milestones": sorted(p.milestones, key=lambda m: (m.baseline, m.id)),
        "meetings": p.meetings, "stakeholders": p.stakeholders,
        "reports": sorted(p.reports, key=lambda r: r.period_end),
        "members": p.members,
        "counts": assessment.counts,  # the figures beside the RAG reasons: one computation
        "report": report,
        "upcoming": st.upcoming(p.milestones, as_of)[:5],
        # the issue log lists them all (#attention); the dashboard the first rows and how many more
        "attention": attention, "attention_shown": attention[:ATTENTION_ROWS],
        "attention_hidden": attention[ATTENTION_ROWS:],
        "attention_hidden_overdue": sum(st.is_overdue(i, as_of) for i in attention[ATTENTION_ROWS:]),
        "top_risks": st.watched_risks(p.risks, as_of)[:5],
        "meeting_names": {m.id: m.name for m in p.meetings},
        "role_names": {r.id: r.name for r in std.roles},
        "page_keys": [key for key, _ in project_pages(p)[1:]],
        "schedule_text": None,  # set by the site builder: it needs the labels
        # computed status (rag.py, evm.py) and the charts the templates draw from it
        "thresholds": thresholds, "assessment": assessment, "evm": assessment.evm,
        "comparison": rag.compare(report, assessment) if report else None,
        "history": report_history(p, thresholds), "charts": charts,
    }


ATTENTION_ROWS = 10  # issues needing attention shown on the dashboard; the rest are counted and linked


def report_history(p: ProjectData, thresholds: RagThresholds) -> list[dict]:
    """Each weekly report beside what the registers say about its period end, oldest first."""
    rows = []
    for r in sorted(p.reports, key=lambda r: r.period_end):
        assessment = rag.assess(p, thresholds, r.period_end, history=True)
        rows.append({"report": r, "assessment": assessment, "comparison": rag.compare(r, assessment)})
    return rows


def team_context(p: ProjectData, std: Standard, as_of: dt.date) -> dict:
    current = [m for m in p.members if not (m.left and m.left < as_of)]
    role_rows = [{"role": r, "holders": [m for m in current if r.id in m.roles]} for r in std.roles]
    overrides = {row.activity: row.assignments for row in p.raci.activities}
    raci_rows = [{"name": a.name, "assignments": overrides.get(a.id, a.assignments),
                  "customised": a.id in overrides} for a in std.raci]
    used = {role for row in raci_rows for role in row["assignments"]}
    return {"role_rows": [r for r in role_rows if r["holders"] or r["role"].side == "own"],
            "org_tree": org_tree(p.members),
            "current_tree": org_tree(current),  # the 体制図 chart: people still on the project
            "raci_rows": raci_rows,
            "raci_roles": [r for r in std.roles if r.id in used]}


def org_tree(members) -> list[dict]:
    """体制図 as nested nodes from reports_to; people whose manager is unknown are roots."""
    ids = {m.id for m in members}
    children: dict[str | None, list] = {}
    for m in members:
        parent = m.reports_to if m.reports_to in ids and m.reports_to != m.id else None
        children.setdefault(parent, []).append(m)

    def node(m, depth=0):
        kids = children.get(m.id, []) if depth < 32 else []
        return {"member": m, "children": [node(k, depth + 1) for k in kids]}
    return [node(m) for m in children.get(None, [])]


def onboarding_context(p: ProjectData, std: Standard, as_of: dt.date) -> dict:
    rows = []
    for rec in p.onboarding:
        member, checklist = p.member(rec.member), std.checklist(rec.checklist)
        if member is None or checklist is None:
            continue
        items = st.onboarding_items(rec, checklist, member, as_of)
        applicable = [r for r in items if r["status"] != "not_applicable"]
        rows.append({"member": member, "checklist": checklist, "rows": items,
                     "done": sum(r["status"] == "done" for r in applicable),
                     "applicable": len(applicable), "late": sum(r["late"] for r in items)})
    return {"onboarding": rows}


def tailoring_context(p: ProjectData, std: Standard) -> dict:
    rows = tailoring_rows(std, p.project, p.tailoring)
    return {"tailoring": p.tailoring, "tailoring_rows": rows,
            "tailoring_counts": Counter(r["decision"] for r in rows)}
