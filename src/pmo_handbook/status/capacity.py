"""Capacity planning (要員計画) as pure computations: planned 人月 per person per month across
projects, over-allocation and under-use, plan against actual per project and phase, and cost.

Rules:
- a member's plan is the sum of its allocation entries for a month (a range covers every month
  from its first to its last, both included);
- a person's load in a month is the sum of their plans over every project; it is over-allocated
  when the load is above their capacity (人月 per month, default 1.0) and under-used when they
  are planned at all that month but below capacity;
- actual effort comes from status/effort.py (monthly_actuals): the WBS's actual effort where the
  project records it there, else the members' monthly `actual` in members.yml — one source per
  project, the rule is written there;
- plan against actual compares the months completed before the as-of month; a month without an
  actual counts as unknown (shown as —), not as zero. An actual counts in the phase its person's
  plan names for that month; WBS effort without an owner, and months outside the person's plan,
  count under no phase (—);
- cost is effort × the person's unit cost, only where the directory gives one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pmo_handbook.loading.directory import person_id
from pmo_handbook.model.allocation import Allocation
from pmo_handbook.status.effort import NO_OWNER, month_of, monthly_actuals

DEFAULT_CAPACITY = 1.0
NO_PHASE = ""  # allocation entries without a phase


def last_complete_month(as_of: dt.date) -> str:
    """The month before the as-of date's month: the last one whose actuals can be complete."""
    return month_of(as_of.replace(day=1) - dt.timedelta(days=1))


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last, both included (YYYY-MM)."""
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def entry_months(entry: Allocation) -> list[str]:
    return months_between(entry.first, entry.last)


person_of = person_id
"""The directory id of a member (its own id where the data folder keeps no directory)."""


def planned(member: Any) -> dict[str, float]:
    """Planned 人月 per month of one member of one project."""
    out: dict[str, float] = {}
    for entry in member.allocation:
        for month in entry_months(entry):
            out[month] = round(out.get(month, 0.0) + entry.effort, 3)
    return out


def phase_of(member: Any, month: str) -> str:
    """The phase the member's plan names for a month (the first entry covering it)."""
    return next((e.phase or NO_PHASE for e in member.allocation if e.first <= month <= e.last), NO_PHASE)


def actual_effort(
    project: Any, person: str, month: str, as_of: dt.date, days_per_month: float
) -> float | None:
    """Actual 人月 of a person on a project in a month; None when nothing is recorded."""
    return monthly_actuals(project, as_of, days_per_month).get(person, {}).get(month)


def actuals(
    projects: Iterable[Any], as_of: dt.date, days_per_month: float
) -> dict[str, dict[str, dict[str, float]]]:
    """person -> month -> project -> actual 人月 across every project (no NO_OWNER effort)."""
    return merged_actuals({p.id: monthly_actuals(p, as_of, days_per_month) for p in projects})


Actuals = dict[str, dict[str, dict[str, float]]]  # person -> month -> project -> 人月


def merged_actuals(by_project: Mapping[str, Mapping[str, Mapping[str, float]]]) -> Actuals:
    """actuals() from each project's monthly_actuals (project id -> person -> month -> 人月)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for pid in sorted(by_project):
        for person, months in by_project[pid].items():
            if person != NO_OWNER:
                for month, value in months.items():
                    out.setdefault(person, {}).setdefault(month, {})[pid] = value
    return {person: dict(sorted(months.items())) for person, months in sorted(out.items())}


def capacity_of(people: Mapping[str, Any], person: str) -> float:
    found = people.get(person)
    return float(found.capacity) if found is not None else DEFAULT_CAPACITY


@dataclass
class PersonMonth:
    person: str
    month: str
    capacity: float
    by_project: dict[str, float] = field(default_factory=dict)

    @property
    def load(self) -> float:
        return round(sum(self.by_project.values()), 3)

    @property
    def over(self) -> bool:
        return self.load > self.capacity + 1e-9

    @property
    def under(self) -> bool:
        return 0 < self.load < self.capacity - 1e-9


def loads(projects: Iterable[Any], people: Mapping[str, Any]) -> dict[str, dict[str, PersonMonth]]:
    """person -> month -> planned load across every project, months in order."""
    return merged(project_loads(p, people) for p in sorted(projects, key=lambda p: p.id))


def project_loads(p: Any, people: Mapping[str, Any]) -> dict[str, dict[str, PersonMonth]]:
    """The same table for one project (validate's workers each make those of their projects)."""
    out: dict[str, dict[str, PersonMonth]] = {}
    for member in p.members:
        person = person_of(member)
        for month, effort in planned(member).items():
            cell = out.setdefault(person, {}).setdefault(month, PersonMonth(person, month, capacity_of(people, person)))
            cell.by_project[p.id] = round(cell.by_project.get(p.id, 0.0) + effort, 3)
    return out


def merged(tables: Iterable[Mapping[str, Mapping[str, PersonMonth]]]) -> dict[str, dict[str, PersonMonth]]:
    """One table from the tables of several projects, taken in project order."""
    out: dict[str, dict[str, PersonMonth]] = {}
    for table in tables:
        for person, months in table.items():
            for month, cell in months.items():
                into = out.setdefault(person, {}).setdefault(month, PersonMonth(person, month, cell.capacity))
                into.by_project.update(cell.by_project)
    return {person: dict(sorted(months.items())) for person, months in sorted(out.items())}


def over_allocations(table: Mapping[str, Mapping[str, PersonMonth]]) -> list[PersonMonth]:
    """Every over-allocated person-month, by person then month."""
    return [cell for months in table.values() for cell in months.values() if cell.over]


def under_uses(table: Mapping[str, Mapping[str, PersonMonth]]) -> list[PersonMonth]:
    return [cell for months in table.values() for cell in months.values() if cell.under]


def all_months(table: Mapping[str, Mapping[str, PersonMonth]]) -> list[str]:
    found = {month for months in table.values() for month in months}
    return months_between(min(found), max(found)) if found else []


@dataclass
class PlanActual:
    phase: str
    planned: float  # the whole plan of the phase
    planned_to_date: float  # months completed before the as-of month
    actual: float | None  # recorded actuals of those months; None: none recorded
    planned_cost: float | None = None
    actual_cost: float | None = None

    @property
    def variance(self) -> float | None:
        return None if self.actual is None else round(self.actual - self.planned_to_date, 3)


def plan_vs_actual(
    project: Any, people: Mapping[str, Any], as_of: dt.date, days_per_month: float
) -> list[PlanActual]:
    """Plan against actual effort (予実) per phase, in the order phases first appear; then a total."""
    until = last_complete_month(as_of)
    rows: dict[str, PlanActual] = {}
    _add_plans(rows, project, people, until)
    _add_actuals(rows, project, people, until, monthly_actuals(project, as_of, days_per_month))
    out = list(rows.values())
    if len(out) > 1:
        out.append(total(out))
    return out


def _row(rows: dict[str, PlanActual], phase: str) -> PlanActual:
    return rows.setdefault(phase, PlanActual(phase, 0.0, 0.0, None))


def _add_plans(rows: dict[str, PlanActual], project: Any, people: Mapping[str, Any], until: str) -> None:
    for member in project.members:
        cost = unit_cost(people, person_of(member))
        for month, effort in planned(member).items():
            row = _row(rows, phase_of(member, month))
            row.planned = round(row.planned + effort, 3)
            row.planned_cost = _add(row.planned_cost, effort * cost if cost is not None else None)
            if month <= until:
                row.planned_to_date = round(row.planned_to_date + effort, 3)


def _add_actuals(
    rows: dict[str, PlanActual],
    project: Any,
    people: Mapping[str, Any],
    until: str,
    actual: Mapping[str, Mapping[str, float]],
) -> None:
    """Actuals of the completed months, each in the phase its person's plan names for the month."""
    members = _persons(project)
    for person, months in actual.items():
        cost = unit_cost(people, person)
        for month, done in months.items():
            if month <= until:
                row = _row(rows, phase_of(members[person], month) if person in members else NO_PHASE)
                row.actual = round((row.actual or 0.0) + done, 3)
                row.actual_cost = _add(row.actual_cost, done * cost if cost is not None else None)


def _persons(project: Any) -> dict[str, Any]:
    """person -> their (first) member record in the project."""
    out: dict[str, Any] = {}
    for member in project.members:
        out.setdefault(person_of(member), member)
    return out


def total(rows: list[PlanActual]) -> PlanActual:
    actuals = [r.actual for r in rows if r.actual is not None]
    return PlanActual(
        "total",
        round(sum(r.planned for r in rows), 3),
        round(sum(r.planned_to_date for r in rows), 3),
        round(sum(actuals), 3) if actuals else None,
        _sum([r.planned_cost for r in rows]),
        _sum([r.actual_cost for r in rows]),
    )


def unit_cost(people: Mapping[str, Any], person: str) -> float | None:
    found = people.get(person)
    return float(found.unit_cost) if found is not None and found.unit_cost is not None else None


def _add(a: float | None, b: float | None) -> float | None:
    if b is None:
        return a
    return round((a or 0.0) + b, 2)


def _sum(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known), 2) if known else None


@dataclass
class Budget:
    project: str
    bac: float | None  # budget at completion, in the project's budget unit
    unit: str | None
    planned: float  # 人月 planned over the whole project
    planned_to_date: float
    actual: float | None
    planned_cost: float | None
    actual_cost: float | None


def budget_view(
    projects: Iterable[Any], people: Mapping[str, Any], as_of: dt.date, days_per_month: float
) -> list[Budget]:
    """The portfolio's budget view: every project's planned and actual effort and cost."""
    return [budget_of(p, plan_vs_actual(p, people, as_of, days_per_month))
            for p in sorted(projects, key=lambda p: p.id)]


def budget_of(p: Any, rows: list[PlanActual]) -> Budget:
    """One project's line of the budget view, from its plan_vs_actual rows."""
    whole = rows[-1] if rows else PlanActual("total", 0.0, 0.0, None)
    budget = p.project.budget
    return Budget(p.id, budget.bac if budget else None, budget.unit if budget else None, whole.planned,
                  whole.planned_to_date, whole.actual, whole.planned_cost, whole.actual_cost)
