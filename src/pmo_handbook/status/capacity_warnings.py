"""Warnings that are not errors: the data is valid, but the plan needs someone's attention.

- a person planned above their capacity in a month (over-allocation, 要員計画 > 1.0 人月);
- an open item owned by a member who has left the project (leave date passed);
- a member of our side (own or partner) with no allocation: the 要員計画 does not know them
  (with a directory, data/people.yml, only: a data folder without one plans no capacity);
- a member's monthly `actual` in a project whose WBS records actual effort: the WBS is that
  project's source of actuals (status/effort.py), so the monthly figures are not read.
`validate` prints them and still exits 0; /capacity/ and the portfolio page show the same list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import render
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.status import capacity, effort, workload

PLANNED_SIDES = ("own", "partner")  # the customer's people are not in our 要員計画


@dataclass(frozen=True, order=True)
class Warning:
    path: str
    line: int
    column: int
    message: str
    kind: str = ""
    person: str = ""
    project: str = ""
    msg: Message | None = field(default=None, compare=False)  # the keyed form, for the reader's language

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: warning: {self.message}"

    def text(self, lang: str) -> str:
        return render(self.msg, lang) if self.msg is not None else self.message


Place = tuple[str, int, int]  # path, line, column


@dataclass(frozen=True)
class ProjectPlan:
    """What the warnings need of one project, small and picklable: `validate` makes one per
    project in its worker processes, so the repository is read once."""
    id: str
    loads: dict[str, dict[str, capacity.PersonMonth]]  # capacity.project_loads
    entries: tuple[tuple[str, str, str, Place], ...]  # (person, first, last, where) per allocation entry
    members: Place  # where a person's plan is looked for when no entry covers the month
    warnings: tuple[Warning, ...]  # the warnings that need no other project


def warnings(repo: Repository, as_of: dt.date) -> list[Warning]:
    return combined([project_plan(p, repo.people, as_of) for p in repo.projects.values()], repo.people)


def combined(plans: list[ProjectPlan], people: Mapping[str, Any],
             table: Mapping[str, Mapping[str, capacity.PersonMonth]] | None = None) -> list[Warning]:
    """Every warning, from the plans of every project. table: their loads merged, when the
    caller has it already (capacity.merged of the plans' loads in project id order)."""
    by_id = {plan.id: plan for plan in plans}
    if table is None:
        table = capacity.merged(by_id[pid].loads for pid in sorted(by_id))
    return sorted(over_allocated(table, people, by_id) + [w for plan in plans for w in plan.warnings])


def project_plan(p: ProjectData, people: Mapping[str, Any], as_of: dt.date) -> ProjectPlan:
    entries = tuple((capacity.person_of(member), entry.first, entry.last, _place(p, ("members", i, "allocation", j)))
                    for i, member in enumerate(p.members) for j, entry in enumerate(member.allocation))
    return ProjectPlan(p.id, capacity.project_loads(p, people), entries, _place(p, ("members",)),
                       tuple(left_owners(p, as_of) + unallocated(p, people) + ignored_actuals(p)))


def _at(p: ProjectData, loc: tuple[str | int, ...], kind: str, person: str, key: str, **params: Any) -> Warning:
    return _warning(_place(p, loc), p.id, kind, person, key, **params)


def _warning(place: Place, project: str, kind: str, person: str, key: str, **params: Any) -> Warning:
    msg = Message.of(key, **params)
    return Warning(*place, render(msg, "en"), kind, person, project, msg)


def _place(p: ProjectData, loc: tuple[str | int, ...]) -> Place:
    src = p.source("members") if loc[0] == "members" else p.sources.get(f"{loc[0]}.yml")
    found = src.error(loc, "") if src is not None else None
    return (found.path, found.line, found.column) if found else (f"{p.dir.name}/{loc[0]}.yml", 1, 1)


def over_allocated(table: Mapping[str, Mapping[str, capacity.PersonMonth]], people: Mapping[str, Any],
                   plans: Mapping[str, ProjectPlan]) -> list[Warning]:
    out = []
    for cell in capacity.over_allocations(table):
        parts = ", ".join(f"{pid} {effort_text(effort)}" for pid, effort in cell.by_project.items())
        plan = plans[max(cell.by_project, key=cell.by_project.__getitem__)]  # the largest share
        out.append(_warning(_entry(plan, cell.person, cell.month), plan.id, "over", cell.person, "over_allocated",
                            name=_name(people, cell.person), load=effort_text(cell.load), month=cell.month,
                            capacity=effort_text(cell.capacity), parts=parts))
    return out


def left_owners(p: ProjectData, as_of: dt.date) -> list[Warning]:
    out = []
    for member in p.members:
        if not workload.has_left(member, as_of):
            continue
        for item in workload.owned_items(p, {member.id}, as_of):
            index = _index(p, item)
            loc = (f"{item.page}", index) if index is not None else ("members",)
            out.append(_at(p, loc, "left", capacity.person_of(member), "owner_left", id=item.id,
                           name=member.name or member.id, left=member.left))
    return out


def unallocated(p: ProjectData, people: Mapping[str, Any]) -> list[Warning]:
    """Only where the data keeps a directory (data/people.yml): that is where 要員計画 starts."""
    if not people:
        return []
    return [_at(p, ("members", i, "id"), "unallocated", capacity.person_of(member), "no_allocation",
                id=member.id, name=member.name)
            for i, member in enumerate(p.members) if member.kind in PLANNED_SIDES and not member.allocation]


def ignored_actuals(p: ProjectData) -> list[Warning]:
    if not effort.records_actuals(p.wbs):
        return []
    return [_at(p, ("members", i, "actual"), "actual_ignored", capacity.person_of(member), "actual_ignored",
                id=member.id)
            for i, member in enumerate(p.members) if member.actual]


def effort_text(value: float) -> str:
    """1.0, 0.25, 1.3: at least one decimal, at most two."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _entry(plan: ProjectPlan, person: str, month: str) -> Place:
    """Where a person's plan for a month is written: the allocation entry that covers it."""
    return next((where for who, first, last, where in plan.entries if who == person and first <= month <= last),
                plan.members)


def _index(p: ProjectData, item: workload.OwnedItem) -> int | None:
    records = getattr(p, item.page, None)
    if not isinstance(records, list):
        return None
    return next((i for i, r in enumerate(records) if getattr(r, "id", None) == item.id), None)


def _name(people: Mapping[str, Any], person: str) -> str:
    found = people.get(person)
    return f"{found.name} ({person})" if found else person
