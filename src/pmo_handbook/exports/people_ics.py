"""A personal calendar (downloads/people/<id>.ics): the due dates of what a person owns that is
open, the milestones they own and the meetings they chair or attend, across projects. Built from
exports/ics.py's events, so a UID is the same in the project feed and the personal one."""

from __future__ import annotations

import datetime as dt

from pmo_handbook.exports.ics import calendar, escape, ics_date, meeting_event, milestone_event, stamp, uid
from pmo_handbook.i18n import Labels, labels
from pmo_handbook.loading.directory import members_of
from pmo_handbook.loading.repository import ProjectData, Repository
from pmo_handbook.model.people import Member
from pmo_handbook.settings import Settings
from pmo_handbook.status import workload

DATED = (
    "issue",
    "risk",
    "onboarding",
)  # items whose due date becomes an all-day event; milestones are events


def due_event(item: workload.OwnedItem, project_name: str, as_of: dt.date, L: Labels) -> list[str]:
    day = item.due
    assert day is not None
    summary = f"【{project_name}】{L.ui('due')}: {item.id} {item.title}"
    return [
        "BEGIN:VEVENT",
        f"UID:{uid(item.project, f'due-{item.kind}-{item.id}')}",
        f"DTSTAMP:{stamp(as_of)}",
        f"DTSTART;VALUE=DATE:{ics_date(day)}",
        f"DTEND;VALUE=DATE:{ics_date(day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"CATEGORIES:{escape(L.ui('item_kind_' + item.kind))}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def person_events(repo: Repository, person_id: str, as_of: dt.date, L: Labels,
                  memberships: list[tuple[ProjectData, Member]] | None = None) -> list[str]:
    """memberships: members_of(repo.projects, person_id), when the caller has it already."""
    memberships = members_of(repo.projects, person_id) if memberships is None else memberships
    lines: list[str] = []
    for item in workload.person_items(memberships, as_of, repo.standard):
        if item.kind in DATED and item.due is not None:
            lines += due_event(item, repo.projects[item.project].project.name, as_of, L)
    for p, member in memberships:
        for ms in sorted(p.milestones, key=lambda m: (m.baseline, m.id)):
            if ms.owner == member.id:
                lines += milestone_event(p, ms, as_of, L)
        for mt in sorted(p.meetings, key=lambda m: m.id):
            if member.id == mt.chair or member.id in mt.attendees:
                lines += meeting_event(p, mt, as_of, L)
    return lines


def person_calendar(repo: Repository, person_id: str, settings: Settings,
                    memberships: list[tuple[ProjectData, Member]] | None = None) -> list[tuple[str, bytes, str, str]]:
    L = labels(settings.lang)
    person = repo.people[person_id]
    content = calendar(
        f"{person.name} ({L.ui('calendar')})", person_events(repo, person_id, settings.as_of, L, memberships)
    )
    return [
        (f"downloads/people/{person_id}.ics", content, "person_calendar", L.ui("person_calendar_download"))
    ]
