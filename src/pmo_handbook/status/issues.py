"""Issues (課題) as of a date: open, overdue, ageing, and the counts every view shows.

One meaning for every view (dashboard, issue log, portfolio, RAG reasons, weekly-report history,
Excel highlighting, diff summary), from the ISSUE lifecycle (see lifecycle.py):

- open on D: raised on or before D, and either its status is still open (未対応, 対応中,
  対応済(確認待ち), 保留) or it was closed after D (完了日 later than D);
- an issue 完了 or 取下げ without 完了日 counts as open on no day (the register keeps no status
  history; 完了 always has a 完了日, the model requires it, so in practice this is 取下げ);
- overdue on D: open on D with 期限 before D (on the due date itself it is still in time);
- ageing (経過日数) on D: days from 起票日 to D, or to 完了日 when it closed by D; unknown
  (None, shown as —) for an issue not yet raised on D or finished without 完了日, so that a
  withdrawn issue never keeps ageing;
- days overdue on D: days from 期限 to D while overdue, else 0.
"""
from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from dataclasses import dataclass

from pmo_handbook.model.common import Level3
from pmo_handbook.model.registers import OPEN_ISSUE, Issue, IssueStatus
from pmo_handbook.status.lifecycle import Lifecycle

ISSUE = Lifecycle(start="raised_on", due="due", status="status",
                  finished=tuple(s for s in typing.get_args(IssueStatus) if s not in OPEN_ISSUE),
                  end="closed_on")
PRIORITY_ORDER = {code: i for i, code in enumerate(typing.get_args(Level3))}  # high first


def is_open(issue: Issue, date: dt.date) -> bool:
    return ISSUE.open_on(issue, date)


def is_overdue(issue: Issue, date: dt.date) -> bool:
    return ISSUE.past_due_on(issue, date)


def days_open(issue: Issue, date: dt.date) -> int | None:
    if issue.raised_on > date:
        return None
    ended = ISSUE.ended_on(issue)
    if ISSUE.finished_today(issue) and ended is None:
        return None
    end = min(ended, date) if ended else date
    return max((end - issue.raised_on).days, 0)


def days_overdue(issue: Issue, date: dt.date) -> int:
    return (date - issue.due).days if issue.due and is_overdue(issue, date) else 0


def closed_between(issue: Issue, first: dt.date, end: dt.date) -> bool:
    """Closed on a day from first up to (not including) end."""
    ended = ISSUE.ended_on(issue)
    return ended is not None and first <= ended < end


def overdue_issues(issues: Iterable[Issue], date: dt.date) -> list[Issue]:
    """Overdue on date, the longest overdue first."""
    return sorted((i for i in issues if is_overdue(i, date)), key=lambda i: (i.due, i.id))


@dataclass(frozen=True)
class IssueCounts:
    total: int    # raised by the date
    open: int
    overdue: int
    high: int     # open and high priority


def issue_counts(issues: Iterable[Issue], date: dt.date) -> IssueCounts:
    raised = [i for i in issues if i.raised_on <= date]
    open_ = [i for i in raised if is_open(i, date)]
    return IssueCounts(total=len(raised), open=len(open_),
                       overdue=sum(ISSUE.date_passed(i, date) for i in open_),  # open + date passed
                       high=sum(i.priority == "high" for i in open_))


def attention_issues(issues: Iterable[Issue], date: dt.date) -> list[Issue]:
    """Issues needing attention on date: every overdue one first, then open high-priority ones;
    within each, by priority, due date and id."""
    open_ = [i for i in issues if is_open(i, date)]
    late = {i.id for i in open_ if ISSUE.date_passed(i, date)}  # overdue: open and date passed
    return sorted((i for i in open_ if i.id in late or i.priority == "high"),
                  key=lambda i: (i.id not in late, PRIORITY_ORDER[i.priority], i.due or dt.date.max, i.id))
