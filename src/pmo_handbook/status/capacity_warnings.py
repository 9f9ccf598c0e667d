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


def warnings(repo: Repository, as_of: dt.date) -> list[Warning]:
    return sorted(over_allocated(repo) + left_owners(repo, as_of) + unallocated(repo) + ignored_actuals(repo))


def _at(p: ProjectData, loc: tuple[str | int, ...], kind: str, person: str, key: str, **params: Any) -> Warning:
    msg = Message.of(key, **params)
    message = render(msg, "en")
    src = p.source("members") if loc[0] == "members" else p.sources.get(f"{loc[0]}.yml")
    found = src.error(loc, message) if src is not None else None
    path, line, col = (
        (found.path, found.line, found.column) if found else (f"{p.dir.name}/{loc[0]}.yml", 1, 1)
    )
    return Warning(path, line, col, message, kind, person, p.id, msg)


def over_allocated(repo: Repository) -> list[Warning]:
    out = []
    table = capacity.loads(repo.projects.values(), repo.people)
    for cell in capacity.over_allocations(table):
        parts = ", ".join(f"{pid} {effort_text(effort)}" for pid, effort in cell.by_project.items())
        name = _name(repo, cell.person)
        p = repo.projects[max(cell.by_project, key=cell.by_project.__getitem__)]  # the largest share
        out.append(_at(p, _entry(p, cell.person, cell.month), "over", cell.person, "over_allocated", name=name,
                       load=effort_text(cell.load), month=cell.month, capacity=effort_text(cell.capacity),
                       parts=parts))
    return out


def left_owners(repo: Repository, as_of: dt.date) -> list[Warning]:
    out = []
    for p in repo.projects.values():
        for member in p.members:
            if not workload.has_left(member, as_of):
                continue
            for item in workload.owned_items(p, {member.id}, as_of):
                index = _index(p, item)
                loc = (f"{item.page}", index) if index is not None else ("members",)
                out.append(_at(p, loc, "left", capacity.person_of(member), "owner_left", id=item.id,
                               name=member.name or member.id, left=member.left))
    return out


def unallocated(repo: Repository) -> list[Warning]:
    """Only where the data keeps a directory (data/people.yml): that is where 要員計画 starts."""
    out: list[Warning] = []
    if not repo.people:
        return out
    for p in repo.projects.values():
        for i, member in enumerate(p.members):
            if member.kind in PLANNED_SIDES and not member.allocation:
                out.append(_at(p, ("members", i, "id"), "unallocated", capacity.person_of(member),
                               "no_allocation", id=member.id, name=member.name))
    return out


def ignored_actuals(repo: Repository) -> list[Warning]:
    out: list[Warning] = []
    for p in repo.projects.values():
        if not effort.records_actuals(p.wbs):
            continue
        for i, member in enumerate(p.members):
            if member.actual:
                out.append(_at(p, ("members", i, "actual"), "actual_ignored", capacity.person_of(member),
                               "actual_ignored", id=member.id))
    return out


def effort_text(value: float) -> str:
    """1.0, 0.25, 1.3: at least one decimal, at most two."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _entry(p: ProjectData, person: str, month: str) -> tuple[str | int, ...]:
    """Where a person's plan for a month is written: the allocation entry that covers it."""
    for i, member in enumerate(p.members):
        if capacity.person_of(member) == person:
            for j, entry in enumerate(member.allocation):
                if entry.first <= month <= entry.last:
                    return ("members", i, "allocation", j)
    return ("members",)


def _index(p: ProjectData, item: workload.OwnedItem) -> int | None:
    records = getattr(p, item.page, None)
    if not isinstance(records, list):
        return None
    return next((i for i, r in enumerate(records) if getattr(r, "id", None) == item.id), None)


def _name(repo: Repository, person: str) -> str:
    found = repo.people.get(person)
    return f"{found.name} ({person})" if found else person
