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


def is_pending(ms, as_of: dt.date) -> bool:
    """Not yet reached as of the date: not cancelled, and not achieved on or before it."""
    return ms.status != "cancelled" and not (ms.actual and ms.actual <= as_of)


def expected_date(ms, as_of: dt.date) -> dt.date:
    """When the milestone is (or was) reached as seen on as_of: a pending milestone whose
    estimate has already passed cannot be reached before as_of itself."""
    date = milestone_date(ms)
    return max(date, as_of) if is_pending(ms, as_of) else date


def slip_on(ms, as_of: dt.date) -> int:
    """Slip against the baseline as of a date; a milestone still open past its estimate keeps
    slipping day by day. Negative = early."""
    return (expected_date(ms, as_of) - ms.baseline).days


def overdue_days_on(ms, as_of: dt.date) -> int:
    """Days a pending milestone is past its baseline on as_of, using no forecast: what was
    already known on that day (for past weekly reports; forecasts are only kept as of today)."""
    return max((as_of - ms.baseline).days, 0) if is_pending(ms, as_of) else 0


def issue_open_on(issue, date: dt.date) -> bool:
    """Open on that day: raised by then and not yet closed. The registers keep no status
    history, so an issue closed without a closed_on date (e.g. withdrawn) counts as never open."""
    if issue.raised_on > date:
        return False
    if issue.is_open:
        return True
    return issue.closed_on is not None and issue.closed_on > date


def issue_counts_on(issues, date: dt.date) -> IssueCounts:
    """Counts as they stood on a past date (for weekly reports): only issues raised by then."""
    raised = [i for i in issues if i.raised_on <= date]
    open_ = [i for i in raised if issue_open_on(i, date)]
    return IssueCounts(total=len(raised), open=len(open_),
                       overdue=sum(i.due is not None and i.due < date for i in open_),
                       high=sum(i.priority == "high" for i in open_))


def open_risks(risks):
    """Risks still being watched: open ones and those that occurred (and are being handled)."""
    return [r for r in risks if r.status != "closed"]


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
