"""Actual effort (実績工数) in 人月 per person per month: the one source of every actual the
要員計画 shows (plan against actual, cost, a person's actuals). Pure functions, no I/O.

Where a project's actuals come from, one source per project, never mixed:
- a project whose WBS records actual effort (any task with `actual_effort`) takes all its
  actuals from the WBS; its members' monthly `actual` in members.yml is then not read, and
  `validate` warns where one is written (capacity_warnings.ignored_actuals);
- a project whose WBS records none (or that keeps no wbs.yml) takes the members' monthly
  `actual` (人月) from members.yml.

From the WBS:
- a leaf task's actual_effort (人日) counts for its owner (the member's directory person); a
  task without an owner counts for the project under NO_OWNER and for nobody's own figures; a
  task without actual_effort or actual_start counts nothing;
- the effort is spread evenly over the working days (Monday to Friday) from actual_start to
  actual_finish, or to the as-of date while unfinished, and no day after the as-of date gets
  any. The data keeps no holiday calendar, so public holidays count as working days; a span
  with no working day at all (weekend work) is spread over its calendar days;
- 人日 become 人月 by the organisation's `person_days_per_month` (organisation.yml, default 20).
EVM's AC (status/wbs.py) spreads the same effort over calendar days: the totals agree, the split
between months can differ by a day's share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from pmo_handbook.loading.directory import person_id
from pmo_handbook.model.wbs import Task
from pmo_handbook.status.wbs import Plan

NO_OWNER = ""  # the project's WBS effort on tasks without an owner: counted for nobody
DAY = dt.timedelta(days=1)
WORKING_WEEKDAYS = 5  # Monday (0) to Friday (4)


def month_of(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Monday to Friday from first to last, both included; every day where none is one."""
    days = [first + n * DAY for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < WORKING_WEEKDAYS] or days


def task_days(task: Task, as_of: dt.date) -> dict[str, float]:
    """人日 of one task's actual effort per month, up to the as-of date."""
    start, effort = task.actual_start, task.actual_effort
    if start is None or not effort or start > as_of:
        return {}
    days = working_days(start, task.actual_finish or as_of)
    out: dict[str, float] = {}
    for day in days:
        if day <= as_of:
            out[month_of(day)] = out.get(month_of(day), 0.0) + effort / len(days)
    return out


def records_actuals(tasks: Sequence[Task]) -> bool:
    """The project keeps its actuals in the WBS: some task records actual effort."""
    return any(t.actual_effort is not None for t in tasks)


def wbs_days(tasks: Sequence[Task], as_of: dt.date) -> dict[str, dict[str, float]]:
    """Owner (member id, NO_OWNER) -> month -> 人日, from the leaf tasks."""
    out: dict[str, dict[str, float]] = {}
    for task in Plan(tasks, as_of).leaves:
        months = out.setdefault(task.owner or NO_OWNER, {})
        for month, days in task_days(task, as_of).items():
            months[month] = months.get(month, 0.0) + days
    return out


def monthly_actuals(project: Any, as_of: dt.date, days_per_month: float) -> dict[str, dict[str, float]]:
    """Person (directory id, NO_OWNER) -> month -> actual 人月 of one project."""
    out: dict[str, dict[str, float]] = {}
    for person, month, value in _entries(project, as_of, days_per_month):
        months = out.setdefault(person, {})
        months[month] = months.get(month, 0.0) + value
    return {p: {m: round(v, 3) for m, v in sorted(ms.items())} for p, ms in out.items() if ms}


def _entries(project: Any, as_of: dt.date, days_per_month: float) -> Iterable[tuple[str, str, float]]:
    """(person, month, 人月) from the project's one source of actuals."""
    if not records_actuals(project.wbs):
        return ((person_id(m), month, value) for m in project.members for month, value in m.actual.items())
    persons = {m.id: person_id(m) for m in project.members}
    return (
        (persons.get(owner, owner), month, days / days_per_month)
        for owner, months in wbs_days(project.wbs, as_of).items()
        for month, days in months.items()
    )
