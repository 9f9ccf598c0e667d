"""Pure computations on project data as of a given date. No I/O, no rendering."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RISK_LEVELS = ((20, "critical"), (13, "high"), (6, "medium"), (1, "low"))
_PRIORITY = {"high": 0, "medium": 1, "low": 2}


def is_overdue(issue, as_of: dt.date) -> bool:
    return issue.is_open and issue.due is not None and issue.due < as_of


def days_open(issue, as_of: dt.date) -> int:
    end = issue.closed_on if (not issue.is_open and issue.closed_on) else as_of
    return max((end - issue.raised_on).days, 0)


def days_overdue(issue, as_of: dt.date) -> int:
    return (as_of - issue.due).days if is_overdue(issue, as_of) else 0


@dataclass(frozen=True)
class IssueCounts:
    total: int
    open: int
    overdue: int
    high: int  # open and high priority


def issue_counts(issues, as_of: dt.date) -> IssueCounts:
    open_ = [i for i in issues if i.is_open]
    return IssueCounts(total=len(issues), open=len(open_),
                       overdue=sum(is_overdue(i, as_of) for i in open_),
                       high=sum(i.priority == "high" for i in open_))


def issue_sort_key(issue):
    return (not issue.is_open, _PRIORITY[issue.priority], issue.due or dt.date.max, issue.id)


def risk_level(score: int) -> str:
    for floor, level in RISK_LEVELS:
        if score >= floor:
            return level
    return "low"


def milestone_date(ms) -> dt.date:
    """The best current estimate: actual, else forecast, else baseline."""
    return ms.actual or ms.forecast or ms.baseline


def slip_days(ms) -> int:
    """Days the milestone is (or was) late against its baseline; negative = early."""
    return (milestone_date(ms) - ms.baseline).days


def next_milestone(milestones, as_of: dt.date):
    pending = [m for m in milestones if m.status not in ("done", "cancelled")]
    return min(pending, key=milestone_date) if pending else None


def onboarding_items(record, checklist, member, as_of: dt.date) -> list[dict]:
    """Each checklist item with its due date from the join date, and whether it is late."""
    rows = []
    for item in checklist.items:
        state = record.items.get(item.id)
        status = state.status if state else "pending"
        due = member.joined + dt.timedelta(days=item.due_offset_days)
        rows.append({"item": item, "due": due, "status": status,
                     "done_on": state.done_on if state else None,
                     "note": state.note if state else None,
                     "late": status == "pending" and due < as_of})
    return rows


def latest_report(reports):
    return max(reports, key=lambda r: r.period_end) if reports else None
