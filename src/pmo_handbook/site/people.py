"""The people pages: the directory (/people/), one person (/people/<id>/) and the 要員計画
(/capacity/). Contexts only; layout is in templates/people/."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from pmo_handbook.loading.directory import memberships, person_id
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.model.people import Member
from pmo_handbook.status import capacity, effort, workload

if TYPE_CHECKING:  # annotations only: the warnings are imported where used
    from pmo_handbook.status.capacity_warnings import Warning

Joined = dict[str, list[tuple[ProjectData, Member]]]  # person id -> (project, member), loading.directory.memberships
SIDE_ORDER = {"own": 0, "partner": 1, "customer": 2}


def shown_people(repo: Repository, one_project: bool) -> dict[str, Any]:
    """The people who get pages: the whole directory, or on one project's site (PMO_PROJECT)
    the people of that project only."""
    if not one_project:
        return dict(repo.people)
    named = {person_id(m) for p in repo.projects.values() for m in p.members}
    return {pid: person for pid, person in repo.people.items() if pid in named}


def directory_groups(repo: Repository, joined: Joined) -> list[dict[str, Any]]:  # template contexts
    """Organisations (ours first, then partners, then customers), each with its departments.
    joined: memberships(repo.projects)."""
    orgs: dict[str, dict[str, Any]] = {}
    for person in repo.people.values():
        org = orgs.setdefault(
            person.organisation, {"name": person.organisation, "kind": person.kind, "departments": {}}
        )
        org["departments"].setdefault(person.department or "", []).append(
            {"person": person, "projects": [p for p, _ in joined.get(person.id, [])]}
        )
    out = sorted(orgs.values(), key=lambda o: (SIDE_ORDER[o["kind"]], o["name"]))
    for org in out:
        org["departments"] = [
            (name, sorted(rows, key=lambda r: r["person"].reading or r["person"].name))
            for name, rows in sorted(org["departments"].items())
        ]
    return out


def membership_state(member: Any, as_of: dt.date) -> str:
    if member.joined > as_of:
        return "future"
    return "past" if workload.has_left(member, as_of) else "current"


def person_context(repo: Repository, person_id: str, as_of: dt.date, table: dict[str, capacity.PersonMonth],
                   done: dict[str, dict[str, float]], memberships: list[tuple[ProjectData, Member]]) -> dict[str, Any]:
    """table, done and memberships: the person's planned load, actual effort and projects (of
    effort_tables and memberships, computed once for everyone)."""
    return {
        "person": repo.people[person_id],
        "memberships": [
            {"project": p, "member": m, "state": membership_state(m, as_of)} for p, m in memberships
        ],
        "load": [
            table.get(month) or capacity.PersonMonth(person_id, month, capacity.capacity_of(repo.people, person_id))
            for month in sorted(set(table) | set(done))
        ],
        "actual": {month: round(sum(by.values()), 3) for month, by in done.items()},
        "items": workload.person_items(memberships, as_of, repo.standard),
        "chaired": workload.chaired(memberships, as_of),
    }


EffortTables = tuple[
    dict[str, dict[str, capacity.PersonMonth]],  # capacity.loads()
    dict[str, dict[str, dict[str, float]]],  # capacity.actuals()
]
T = TypeVar("T")


def per_project(builder: Any, repo: Repository, name: str, make: Callable[[ProjectData], T]) -> dict[str, T]:
    """make(p) for every project, in id order; in mkdocs serve each is kept with its project
    (site/incremental.py), so an edit recomputes only its project's share of the portfolio-wide
    views: the inputs of make besides p (the directory, as_of, the organisation) are in the scope."""
    return {pid: builder.each(name, p, partial(make, p)) for pid, p in sorted(repo.projects.items())}


def effort_tables(builder: Any, repo: Repository, as_of: dt.date) -> EffortTables:
    """Planned load and actual effort of everyone, computed once for all the person pages."""
    actuals = per_project(builder, repo, "actuals", lambda p: effort.monthly_actuals(p, as_of, days_per_month(repo)))
    return load_table(builder, repo), capacity.merged_actuals(actuals)


def load_table(builder: Any, repo: Repository) -> dict[str, dict[str, capacity.PersonMonth]]:
    """Everyone's planned load (capacity.merged), once a build: the person pages, 要員計画 and
    the plan warnings read the same table. repo: the builder's, with its shown people."""
    table: dict[str, dict[str, capacity.PersonMonth]] | None = builder.load_table
    if table is None:
        loads = per_project(builder, repo, "loads", lambda p: capacity.project_loads(p, repo.people))
        table = builder.load_table = capacity.merged(loads.values())
    return table


def capacity_context(builder: Any, repo: Repository, as_of: dt.date, warnings: list[Warning],
                     table: dict[str, dict[str, capacity.PersonMonth]]) -> dict[str, Any]:
    """table: effort_tables' planned load."""
    rows = []
    for pid, cells in table.items():
        person = repo.people.get(pid)
        rows.append(
            {
                "person": pid,
                "name": person.name if person else pid,
                "department": (person.department or "") if person else "",
                "projects": sorted({project for cell in cells.values() for project in cell.by_project}),
                "cells": cells,
            }
        )
    rows.sort(key=lambda r: (r["department"], r["name"]))
    projects = sorted(repo.projects.values(), key=lambda p: p.id)
    plan_actual = per_project(builder, repo, "plan_actual",
                              lambda p: capacity.plan_vs_actual(p, repo.people, as_of, days_per_month(repo)))
    return {
        "rows": rows,
        "months": capacity.all_months(table),
        "over": capacity.over_allocations(table),
        "under": capacity.under_uses(table),
        "departments": sorted({r["department"] for r in rows if r["department"]}),
        "projects": projects,
        "plan_actual": [(p, plan_actual[p.id], actual_source(p)) for p in projects],
        "budget": [capacity.budget_of(p, plan_actual[p.id]) for p in projects],
        "warnings": warnings,
        "until": capacity.last_complete_month(as_of),
        "days_per_month": days_per_month(repo),
    }


def days_per_month(repo: Repository) -> float:
    return repo.organisation.person_days_per_month


def actual_source(project: Any) -> str:
    """Where the project's actuals come from: "wbs" or "members" (status/effort.py)."""
    return "wbs" if effort.records_actuals(project.wbs) else "members"


def add_pages(builder: Any, as_of: dt.date) -> None:
    """The directory, one page per person with their calendar, and (internal builds) /capacity/."""
    from pmo_handbook.exports.people_ics import person_calendar
    from pmo_handbook.loading.audience import sees
    from pmo_handbook.site.charts.capacity import capacity_heatmap

    repo = dataclasses.replace(builder.repo, people=builder.person_pages)
    if not repo.people:
        return
    people_file = repo.data_dir / "people.yml"
    internal = sees(builder.settings.audience, "internal")
    common = {
        "project_names": {pid: p.project.name for pid, p in repo.projects.items()},
        "role_names": {r.id: r.name for r in repo.standard.roles},
        "as_of": as_of,
        "schedule_text": builder.schedule_text,
    }
    joined = memberships(repo.projects)
    # The directory shows each person's projects by id and name (an input of the page).
    builder.part("people index", (internal, *((pid, *((p.id, p.project.name) for p, _ in joined.get(pid, [])))
                                              for pid in repo.people)),
                 lambda: builder.add("people/index.md", "people/index.md.j2", people_file,
                                     groups=directory_groups(repo, joined), count=len(repo.people),
                                     capacity_page=internal, **common))
    tables = effort_tables(builder, repo, as_of)
    for pid in sorted(repo.people):
        table, done, theirs = tables[0].get(pid, {}), tables[1].get(pid, {}), joined.get(pid, [])

        def person_page(pid: str = pid, table: dict[str, capacity.PersonMonth] = table,
                        done: dict[str, dict[str, float]] = done,
                        theirs: list[tuple[ProjectData, Member]] = theirs) -> None:
            builder.download(f"person:{pid}", person_calendar(repo, pid, builder.settings, theirs))
            builder.add(
                f"people/{pid}.md",
                "people/person.md.j2",
                people_file,
                downloads=builder.links.get(f"person:{pid}", {}),
                **person_context(repo, pid, as_of, table, done, theirs),
                **common,
            )

        # A person's page reads the person, their projects, their load and actuals (site/incremental.py).
        builder.part(f"person:{pid}", (repo.people[pid], *(p for p, _ in theirs), tuple(table.values()),
                                       repr(done), internal), person_page)
    if internal:  # planned effort, cost and the people who left: the PMO's planning, not the customer's
        ctx = capacity_context(builder, repo, as_of, plan_warnings(builder, repo), tables[0])
        heatmap = capacity_heatmap(ctx["rows"], ctx["months"], builder.L,
                                   lambda person: builder_link("capacity.md", f"people/{person}/"), builder.kept)
        builder.add(
            "capacity.md",
            "people/capacity.md.j2",
            people_file,
            heatmap=heatmap,
            people_names={pid: p.name for pid, p in repo.people.items()},
            people_dept={pid: p.department or "" for pid, p in repo.people.items()},
            **ctx,
            **common,
        )


def builder_link(here_uri: str, target: str) -> str:
    from pmo_handbook.site.links import make_link, page_dir

    return str(make_link(page_dir(here_uri))(target))


def nav_entries(builder: Any) -> list[str | dict[str, Any]]:  # builder.Nav entries
    from pmo_handbook.loading.audience import sees

    if not builder.person_pages:
        return []
    ui = builder.L.ui
    out: list[str | dict[str, Any]] = [{ui("people"): "people/index.md"}]
    if sees(builder.settings.audience, "internal"):
        out.append({ui("capacity"): "capacity.md"})
    return out


def portfolio_warnings(builder: Any) -> list[Warning]:
    """The plan warnings the portfolio page repeats (internal builds with a directory only)."""
    from pmo_handbook.loading.audience import sees

    if not builder.person_pages or not sees(builder.settings.audience, "internal"):
        return []
    return plan_warnings(builder, builder.repo)


def plan_warnings(builder: Any, repo: Repository) -> list[Warning]:
    """The plan warnings of repo, computed once a build when repo's people are the builder's
    (the full site; one project's site shows only its own people on /capacity/)."""
    from pmo_handbook.status.capacity_warnings import combined, project_plan, warnings

    as_of = builder.settings.as_of
    if repo.people is not builder.person_pages and repo.people != builder.person_pages:
        return warnings(repo, as_of)
    if builder.plan_warnings is None:
        plans = per_project(builder, repo, "plan", lambda p: project_plan(p, repo.people, as_of))
        builder.plan_warnings = combined(list(plans.values()), repo.people, load_table(builder, repo))
    return list(builder.plan_warnings)
