"""What one person owns that is open, across every project, as of a date ("my work").

Each kind is judged by the status rule that owns it, never re-decided here:
- issues they own that are open (issues.py), overdue when past 期限;
- issues waiting for their 完了承認 (status resolved, approved_by them);
- risks they own that are watched (risks.py), overdue when the review date has passed;
- milestones they own that are pending (milestones.py), overdue when past their current estimate;
- change requests waiting for their decision (approver, status requested or analysing);
- onboarding items of their own checklist still pending (onboarding.py), overdue when late.
Meetings they chair are listed beside (chaired()), not as items: they are never overdue.
Order: overdue first, then by due date (none last), project and id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pmo_handbook.status.issues import is_open, is_overdue
from pmo_handbook.status.milestones import expected_date, is_pending, milestone_date
from pmo_handbook.status.onboarding import onboarding_items
from pmo_handbook.status.risks import is_watched, review_overdue

WAITING_CHANGE = ("requested", "analysing")
KINDS = ("issue", "approval", "risk", "milestone", "change", "onboarding")


@dataclass(frozen=True)
class OwnedItem:
    kind: str  # one of KINDS
    project: str
    id: str  # record id (ISS-001) or checklist item id
    title: str
    due: dt.date | None
    overdue: bool
    page: str  # project page that holds the record
    anchor: str  # its anchor on that page
    raised_on: dt.date | None = None  # when it was assigned, for "newly assigned"

    @property
    def sort_key(self) -> tuple[bool, dt.date, str, str]:
        return (not self.overdue, self.due or dt.date.max, self.project, self.id)


def owned_items(p: Any, member_ids: set[str], as_of: dt.date, standard: Any = None) -> list[OwnedItem]:
    """Open items of one project owned by any of the member ids (one person's records there)."""
    pid = p.id
    out = [
        OwnedItem(
            "issue", pid, i.id, i.title, i.due, is_overdue(i, as_of), "issues", i.id.lower(), i.raised_on
        )
        for i in p.issues
        if i.owner in member_ids and is_open(i, as_of)
    ]
    out += [
        OwnedItem("approval", pid, i.id, i.title, None, False, "issues", i.id.lower(), i.raised_on)
        for i in p.issues
        if i.approved_by in member_ids and i.status == "resolved" and is_open(i, as_of)
    ]
    out += [
        OwnedItem(
            "risk",
            pid,
            r.id,
            r.title,
            r.review_on,
            review_overdue(r, as_of),
            "risks",
            r.id.lower(),
            r.raised_on,
        )
        for r in p.risks
        if r.owner in member_ids and is_watched(r, as_of)
    ]
    out += [
        OwnedItem(
            "milestone",
            pid,
            ms.id,
            ms.name,
            milestone_date(ms),
            expected_date(ms, as_of) > milestone_date(ms),
            "milestones",
            ms.id.lower(),
        )
        for ms in p.milestones
        if ms.owner in member_ids and is_pending(ms, as_of)
    ]
    out += [
        OwnedItem("change", pid, c.id, c.title, None, False, "changes", c.id.lower(), c.requested_on)
        for c in p.changes
        if c.approver in member_ids and c.status in WAITING_CHANGE
    ]
    if standard is not None:
        out += _onboarding(p, member_ids, as_of, standard)
    return out


def _onboarding(p: Any, member_ids: set[str], as_of: dt.date, standard: Any) -> list[OwnedItem]:
    out = []
    for rec in p.onboarding:
        member = p.member(rec.member) if rec.member in member_ids else None
        checklist = standard.checklist(rec.checklist) if member is not None else None
        if member is None or checklist is None:
            continue
        for row in onboarding_items(rec, checklist, member, as_of):
            if row["status"] == "pending":
                out.append(
                    OwnedItem(
                        "onboarding",
                        p.id,
                        row["item"].id,
                        row["item"].title,
                        row["due"],
                        row["late"],
                        "onboarding",
                        f"ob-{member.id}",
                        member.joined,
                    )
                )
    return out


def person_items(
    memberships: Iterable[tuple[Any, Any]], as_of: dt.date, standard: Any = None
) -> list[OwnedItem]:
    """Open items across (project, member) pairs of one person, overdue first."""
    out: list[OwnedItem] = []
    for p, member in memberships:
        out += owned_items(p, {member.id}, as_of, standard)
    return sorted(out, key=lambda it: it.sort_key)


def chaired(memberships: Iterable[tuple[Any, Any]], as_of: dt.date) -> list[tuple[Any, Any]]:
    """(project, meeting) for the meetings a person chairs that have not ended by as_of."""
    return [
        (p, mt)
        for p, member in memberships
        for mt in p.meetings
        if mt.chair == member.id and (mt.schedule.until is None or mt.schedule.until >= as_of)
    ]


def due_soon(items: Iterable[OwnedItem], as_of: dt.date, days: int) -> list[OwnedItem]:
    """Not overdue, due from as_of up to as_of + days (both included)."""
    end = as_of + dt.timedelta(days=days)
    return [it for it in items if not it.overdue and it.due is not None and as_of <= it.due <= end]


def has_left(member: Any, as_of: dt.date) -> bool:
    """The member's leave date has passed (on the leave date itself they are still there)."""
    return member.left is not None and member.left < as_of
